"""Print a document with its mentions marked, for a plain terminal.

Each mention becomes ``[text](TYPE: normal)``, with the date value for DATE
and the name parts for PER listed under the text.
"""

import textwrap

KEEP = "\u00a0"


def mark(text, mentions):
    """``text`` with ``[mention](TYPE: normal)`` marks, mentions not overlapping."""
    parts, offset = [], 0
    for row in mentions.itertuples():
        if row.start < offset:
            continue
        parts.append(text[offset:row.start])
        label = row.type if row.normal == row.text else f"{row.type}: {row.normal}"
        # no-break spaces keep a mark on one line when wrapping; render() restores them
        parts.append(f"[{text[row.start:row.stop]}]({label})".replace(" ", KEEP))
        offset = row.stop
    parts.append(text[offset:])
    return "".join(parts)


def _detail(row):
    if row.type == "DATE" and isinstance(row.date_start, str):
        value = row.date_start if row.date_start == row.date_end else f"{row.date_start}/{row.date_end}"
        return f"value {value}"
    if row.type == "PER":
        parts = [f"{key}={getattr(row, key)}" for key in ("first", "middle", "last")
                 if isinstance(getattr(row, key), str)]
        return " ".join(parts)
    return ""


def render(doc_id, text, mentions, width=100):
    lines = [f"== {doc_id}: {len(mentions)} mentions", ""]
    for paragraph in mark(text.replace(KEEP, " "), mentions).split("\n"):
        lines.extend(line.replace(KEEP, " ") for line in textwrap.wrap(paragraph, width, break_long_words=False) or [""])
    if len(mentions):
        lines += ["", f"{'#':>3} {'type':5} {'offsets':>11}  normal"]
        for row in mentions.itertuples():
            detail = _detail(row)
            lines.append(f"{row.mention_id:>3} {row.type:5} {f'{row.start}-{row.stop}':>11}  "
                         f"{row.normal}{'  (' + detail + ')' if detail else ''}")
    return "\n".join(lines)
