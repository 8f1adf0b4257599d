"""BRAT standoff: ``NAME.txt`` + ``NAME.ann``.

``T`` lines are mentions (``T1<TAB>TYPE START STOP[;START STOP...]<TAB>text``,
end-exclusive); a discontinuous mention becomes one gold mention over its
whole extent, with its fragments kept. ``AnnotatorNotes`` lines written as
``normal: ... | date: ...`` give the normal form and the ISO date value (our
corpus's convention). Relation, event, attribute, normalisation and equivalence
lines (``R E A M N *``) are skipped. Any other line is malformed.

Texts are looked up beside each ``.ann`` file, or, for the layout of our own
``corpus/`` (``gold/X.ann`` and ``texts/X.txt``), in the sibling ``texts``
folder; a ``meta.csv`` there gives publication dates. ``crlf=True`` reads
copies whose offsets count ``\\r\\n`` as two characters while the ``.txt`` has
``\\n`` (Collection5 / NE5 copies).
"""

import re
from pathlib import Path

from ..errors import UsageError
from ..meta import read_meta
from .common import (Options, RawMention, build_doc, complain, document, finish,
                     read_document, read_text)
from .records import GoldError, GoldReport

#: BRAT labels of our corpus and of Collection5 (NE5) -> our types.
TYPES = {
    "PER": ("PER", "our corpus; Collection5 persons"),
    "ORG": ("ORG", "our corpus; Collection5 organisations"),
    "LOC": ("LOC", "our corpus; Collection5 geographical places"),
    "DATE": ("DATE", "our corpus"),
    "GEOPOLIT": ("LOC", "Collection5 countries and cities as political actors: our corpus labels them LOC"),
    "MEDIA": ("ORG", "Collection5 newspapers, TV channels, agencies: organisations"),
}

T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
NOTE_LINE = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\t(.*)$")
SKIPPED = re.compile(r"^[REAMN*]\d*\t")


def parse_note(note):
    """``normal: X | date: 2018-03-26/2018-03-27`` -> dict; other notes -> {}."""
    fields = {}
    for part in note.split(" | "):
        key, sep, value = part.partition(": ")
        if not sep or key not in ("normal", "date"):
            return {}
        fields[key] = value.strip()
    if "date" in fields:
        value = fields.pop("date")
        if value != "unknown":
            start, _, end = value.partition("/")
            fields["date_start"], fields["date_end"] = start, end or start
    return fields


def crlf_mapper(text):
    """Offsets counting ``\\r\\n`` as two characters -> offsets into ``text``."""
    mapping = {}
    shift = 0
    for index, char in enumerate(text):
        mapping[index + shift] = index
        if char == "\n":
            shift += 1
    mapping[len(text) + shift] = len(text)
    return mapping


def parse_ann(path, text, crlf=False, report=None, options=None):
    """Yield RawMention for every ``T`` line of one ``.ann`` file."""
    report = report if report is not None else GoldReport()
    options = options or Options()
    mapping = crlf_mapper(text) if crlf else None
    mentions = {}
    notes = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        where = f"{path}:{number}"
        if not line.strip() or SKIPPED.match(line):
            continue
        if match := T_LINE.match(line):
            ident, label, offsets, gold = match.groups()
            fragments = [tuple(int(value) for value in pair.split()) for pair in offsets.split(";")]
            if mapping is not None:
                if any(offset not in mapping for pair in fragments for offset in pair):
                    end = max(mapping)
                    problem = (f"outside the text (length {end} counting \\r\\n as two)"
                               if max(max(pair) for pair in fragments) > end else
                               "do not fall on characters with brat-crlf")
                    complain(f"{where}: offsets {offsets} {problem}", report, options)
                    continue
                fragments = [(mapping[start], mapping[stop]) for start, stop in fragments]
            if ident in mentions:
                complain(f"{where}: {ident} is defined twice (first on line "
                         f"{mentions[ident][3].rpartition(':')[2]})", report, options)
                continue
            mentions[ident] = (label, fragments, gold, where)
        elif match := NOTE_LINE.match(line):
            notes[match.group(1)] = parse_note(match.group(2))
        else:
            complain(f"{where}: not a BRAT annotation line (truncated?): {line[:60]!r}",
                     report, options)
    for ident, (label, fragments, gold, where) in mentions.items():
        # fragments may be listed out of order (NEREL: ``108 124;97 101``); the gold
        # text follows the listed order, the extent runs from the first to the last
        start = min(part[0] for part in fragments)
        stop = max(part[1] for part in fragments)
        yield RawMention(start, stop, label, gold, where,
                         fragments=tuple(fragments) if len(fragments) > 1 else (),
                         **notes.get(ident, {}))


def _texts_root(root, ann):
    """Where the ``.txt`` for ``ann`` lives, and the root its doc_id is relative to."""
    beside = ann.with_suffix(".txt")
    if beside.exists():
        return beside, root
    for parent in ann.parents:
        if parent.name == "gold" and (parent.parent / "texts").is_dir():
            text = parent.parent / "texts" / ann.relative_to(parent).with_suffix(".txt")
            return text, parent.parent / "texts"
        if parent == root:
            break
    raise GoldError(f"{ann}: no text file {beside.name} beside it (or in a sibling texts/ folder)")


def read_published(root):
    """The publication dates in ``root/meta.csv`` (``pipeline.meta.read_meta``), if there is one."""
    meta = root / "meta.csv"
    if not meta.exists():
        return {}
    try:
        return read_meta(meta)
    except UsageError as error:
        raise GoldError(str(error)) from None


def find_anns(path):
    path = Path(path)
    if path.is_file():
        return path.parent, [path]
    if not path.is_dir():
        raise GoldError(f"{path}: no such file or folder")
    anns = sorted(path.rglob("*.ann"))
    if not anns:
        raise GoldError(f"{path}: no .ann files")
    return path, anns


def load(path, options, table=TYPES, crlf=False):
    root, anns = find_anns(path)
    published = read_published(root)
    report = GoldReport()
    docs = []
    for ann in anns:
        with document(report, options):
            text_path, text_root = _texts_root(root, ann)
            text = read_document(text_path, ann)
            doc_id = text_path.relative_to(text_root).with_suffix("").as_posix()
            raws = list(parse_ann(ann, text, crlf=crlf, report=report, options=options))
            docs.append(build_doc(doc_id, text, raws, table, report, options,
                                  str(text_path), published.get(doc_id, "")))
    return finish(docs, report, table, path)
