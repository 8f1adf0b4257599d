"""Shared steps of every loader: map labels, check offsets, apply nesting.

Each format module parses its raw files into ``RawMention`` tuples (offsets
already converted to half-open), then calls ``build_doc``, which maps the
labels through that format's table, checks every offset against the text and
applies the nesting policy.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from .records import GoldDoc, GoldError, GoldMention, GoldSet

WHITESPACE = re.compile(r"\s")

#: Nesting policies: keep only the outermost kept mentions, or keep them all.
OUTER = "outer"
ALL = "all"
NESTED_POLICIES = (OUTER, ALL)


@dataclass(frozen=True)
class RawMention:
    start: int
    stop: int
    label: str
    text: str | None  # the gold string, when the format gives one
    where: str        # file:line, for messages
    normal: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    entity_id: str | None = None
    fragments: tuple = ()


@dataclass(frozen=True)
class Options:
    lenient: bool = False
    nested: str = OUTER


def complain(message, report, options):
    """A malformed line, mention or record: GoldError, or with ``--lenient``
    skipped and counted (the caller then goes on to the next one)."""
    if not options.lenient:
        raise GoldError(message)
    report.skipped.append(message)


@contextmanager
def document(report, options):
    """Load one document: with ``--lenient`` a document that cannot be read
    (wrong encoding, no text file, a truncated JSON file) is skipped and
    counted, and the rest go on; otherwise its GoldError stops the load."""
    try:
        yield
    except GoldError as error:
        if not options.lenient:
            raise
        report.skipped.append(str(error))
        report.skipped_documents += 1


def finish(docs, report, table, path):
    """The GoldSet, or a GoldError when nothing at all could be loaded."""
    if not docs:
        reason = f": {report.skipped[0]}" if report.skipped else ""
        raise GoldError(f"{path}: no gold document could be loaded{reason}")
    return GoldSet(docs, report, kinds(table))


def kinds(table):
    """The types a label table can produce."""
    return frozenset(kind for kind, _ in table.values() if kind)


def map_label(label, table, where):
    """Our type for a source label; None for labels the format maps to nothing."""
    if label not in table:
        raise GoldError(f"{where}: unknown label {label!r} (known: {', '.join(sorted(table))})")
    return table[label][0]


def _check(raw, text):
    """Return an error string for a bad offset, or None."""
    if not (0 <= raw.start < raw.stop <= len(text)):
        return f"{raw.where}: offsets {raw.start}-{raw.stop} outside the text (length {len(text)})"
    for start, stop in raw.fragments or ((raw.start, raw.stop),):
        if not (0 <= start < stop <= len(text)):
            return f"{raw.where}: fragment {start}-{stop} outside the text (length {len(text)})"
    if raw.text is None:
        return None
    if raw.fragments:
        got = " ".join(text[start:stop] for start, stop in raw.fragments)
    else:
        got = text[raw.start:raw.stop]
    # any whitespace matches any other one for one (NEREL's .ann has spaces for
    # the texts' non-breaking spaces), but nothing is trimmed or collapsed
    if got != raw.text and WHITESPACE.sub(" ", got) != WHITESPACE.sub(" ", raw.text):
        return f"{raw.where}: text[{raw.start}:{raw.stop}] is {got!r}, gold says {raw.text!r}"
    return None


def outermost(mentions):
    """Drop mentions inside another kept mention; return (kept, set_aside).

    Sorted by start (longest first), a mention lies inside an earlier one
    exactly when it ends no later than the furthest end seen so far.
    """
    kept, set_aside, reach = [], 0, -1
    for mention in sorted(mentions, key=lambda m: (m.start, -m.stop, m.type)):
        if mention.stop <= reach:
            set_aside += 1
            continue
        kept.append(mention)
        reach = mention.stop
    return kept, set_aside


def build_doc(doc_id, text, raws, table, report, options, path="", published=""):
    if raws and not text.strip():
        raise GoldError(f"{path or doc_id}: empty text, while {raws[0].where} has gold mentions")
    mentions = {}
    for raw in raws:
        kind = map_label(raw.label, table, raw.where)
        if kind is None:
            report.dropped_labels += 1
            continue
        problem = _check(raw, text)
        if problem:
            complain(problem, report, options)
            continue
        mention = GoldMention(raw.start, raw.stop, kind, text[raw.start:raw.stop], raw.normal,
                              raw.date_start, raw.date_end, raw.entity_id,
                              tuple(sorted(raw.fragments)))
        key = (mention.start, mention.stop, mention.type)
        if key in mentions:
            report.duplicates += 1
            continue
        mentions[key] = mention
    kept = list(mentions.values())
    if options.nested == OUTER:
        kept, set_aside = outermost(kept)
        report.nested_set_aside += set_aside
    kept.sort(key=lambda m: (m.start, m.stop, m.type))
    report.documents += 1
    report.mentions += len(kept)
    return GoldDoc(doc_id, text, tuple(kept), path, published)


def read_document(text_path, annotation_path):
    """The text a standoff annotation file points into; an empty text beside
    annotation lines is a GoldError that names the text file."""
    text = read_text(text_path)
    if not text.strip() and read_text(annotation_path).strip():
        raise GoldError(f"{text_path}: empty file, while {annotation_path.name} has annotations")
    return text


def read_text(path, empty_ok=True):
    """Gold files are UTF-8 (a BOM is dropped); a bad file is a GoldError, and
    so is an empty one where a format has no empty files (JSON)."""
    try:
        data = path.read_bytes()
        if not empty_ok and not data.strip():
            raise GoldError(f"{path}: empty file")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GoldError(f"{path}:{line}: not UTF-8 (byte {error.start}); gold files must be "
                        "UTF-8") from None
    except OSError as error:
        raise GoldError(f"{path}: cannot read: {error.strerror or error}") from None
