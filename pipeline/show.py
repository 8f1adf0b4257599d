"""Print a document with its mentions marked, for a plain terminal.

Each mention becomes ``[text](TYPE: normal)``, with the date value for DATE,
the name parts for PER and the entity (``entity_id``) listed under the text.
"""

import textwrap

KEEP = "\u00a0"
LEGEND = ("[text](TYPE: normal form): PER person, ORG organisation, LOC place, DATE date; "
          "the normal form (nominative) only where it differs from the text")


def segments(text, spans):
    """Split ``text`` into ``(piece, span)`` pairs, ``span`` None between spans.

    ``spans`` are ``(start, stop, ...)`` tuples; one that overlaps an earlier
    span is skipped, so the pieces always add up to ``text``.
    """
    offset = 0
    for span in sorted(spans):
        start, stop = span[0], span[1]
        if start < offset:
            continue
        yield text[offset:start], None
        yield text[start:stop], span
        offset = stop
    yield text[offset:], None


def mark(text, mentions):
    """``text`` with ``[mention](TYPE: normal)`` marks, mentions not overlapping."""
    spans = [(row.start, row.stop, row.type, row.normal, row.text) for row in mentions.itertuples()]
    parts = []
    for piece, span in segments(text, spans):
        if span is None:
            parts.append(piece)
            continue
        _, _, kind, normal, surface = span
        label = kind if normal == surface else f"{kind}: {normal}"
        # no-break spaces keep a mark on one line when wrapping; render() restores them
        parts.append(f"[{piece}]({label})".replace(" ", KEEP))
    return "".join(parts)


def _detail(row):
    if row.type == "DATE" and isinstance(row.date_start, str):
        value = row.date_start if row.date_start == row.date_end else f"{row.date_start}/{row.date_end}"
        return f"value {value}"
    parts = []
    if row.type == "PER":
        parts = [f"{key}={getattr(row, key)}" for key in ("first", "middle", "last")
                 if isinstance(getattr(row, key), str)]
    entity = getattr(row, "entity_id", None)
    if isinstance(entity, str):
        parts.append(f"entity {entity}")
    return " ".join(parts)


def render(doc_id, text, mentions, width=100):
    lines = [f"== {doc_id}: {len(mentions)} mentions", LEGEND, ""]
    for paragraph in mark(text.replace(KEEP, " "), mentions).split("\n"):
        lines.extend(line.replace(KEEP, " ") for line in textwrap.wrap(paragraph, width, break_long_words=False) or [""])
    if len(mentions):
        lines += ["", f"{'#':>3} {'type':5} {'offsets':>11}  normal"]
        for row in mentions.itertuples():
            detail = _detail(row)
            lines.append(f"{row.mention_id:>3} {row.type:5} {f'{row.start}-{row.stop}':>11}  "
                         f"{row.normal}{'  (' + detail + ')' if detail else ''}")
    return "\n".join(lines)
