"""factRuEval-2016: ``book_N.txt``, ``.spans`` (start + length) and ``.objects``.

A mention is an object: the union of its spans (``миде Грузии`` is an Org
made of an ``org_descr`` and a ``loc_name`` span). Its extent runs from its
first span to its last; where something other than spaces lies between two
spans it is discontinuous and keeps its fragments. Each span's text is checked
against the ``.txt``.
"""

from pathlib import Path

from .common import (RawMention, build_doc, complain, document, finish, read_document,
                     read_text)
from .records import GoldError, GoldReport

TYPES = {
    "Person": ("PER", "people"),
    "Org": ("ORG", "organisations"),
    "Location": ("LOC", "geographical places"),
    "LocOrg": ("LOC", "countries and cities as actors: places in our scheme (no GPE type)"),
    "Project": (None, "not one of the four types"),
    "Facility": (None, "buildings and the like: not one of the four types"),
}


def _tokens_within(tokens, got):
    """The tokens start and end ``got`` and appear in it in order (a token left out)."""
    if not tokens or not got.startswith(tokens[0]) or not got.endswith(tokens[-1]):
        return False
    position = 0
    for token in tokens:
        position = got.find(token, position)
        if position < 0:
            return False
        position += len(token)
    return True


def parse_spans(path, text, report, options):
    """span_id -> (start, stop); every span's text checked against ``text``.
    A span skipped with ``--lenient`` is kept as None, and its objects are
    skipped without a second complaint."""
    spans = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        head, sep, tail = line.partition("#")
        fields = head.split()
        where = f"{path}:{number}"
        try:
            if not sep or len(fields) < 6:
                raise ValueError
            span_id, start, length, count = fields[0], int(fields[2]), int(fields[3]), int(fields[5])
        except ValueError:
            complain(f"{where}: expected 'id type start length token n # ...' (truncated?): "
                     f"{line[:60]!r}", report, options)
            continue
        if not (0 <= start < start + length <= len(text)):
            complain(f"{where}: offsets {start}+{length} outside the text (length {len(text)})",
                     report, options)
            spans[span_id] = None
            continue
        gold = " ".join(tail.split()[count:])
        got = text[start:start + length]
        # the gold string is the span's tokens joined by spaces: compare without spaces
        if "".join(got.split()) != "".join(gold.split()):
            if not _tokens_within(gold.split(), got):
                complain(f"{where}: text[{start}:{start + length}] is {got!r}, gold says {gold!r}",
                         report, options)
                spans[span_id] = None
                continue
            report.warnings.append(f"{path}:{number}: the token list leaves out part of {got!r} "
                                   f"(tokens {gold!r}); the character offsets are kept")
        spans[span_id] = (start, start + length)
    return spans


def parse_objects(path, spans, text, report, options):
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        head = line.partition("#")[0].split()
        where = f"{path}:{number}"
        if len(head) < 3:
            complain(f"{where}: expected 'id Type span_id ...' (truncated?): {line[:60]!r}",
                     report, options)
            continue
        label, ids = head[1], head[2:]
        missing = [span_id for span_id in ids if span_id not in spans]
        if missing:
            complain(f"{where}: unknown span ids {', '.join(missing)}", report, options)
            continue
        if any(spans[span_id] is None for span_id in ids):
            continue  # a span of it was skipped, and counted
        parts = sorted(spans[span_id] for span_id in ids)
        merged = [list(parts[0])]
        for start, stop in parts[1:]:
            gap = text[merged[-1][1]:start]
            if start <= merged[-1][1] or not any(char.isalnum() for char in gap):
                merged[-1][1] = max(merged[-1][1], stop)
            else:
                merged.append([start, stop])
        fragments = tuple(tuple(part) for part in merged) if len(merged) > 1 else ()
        yield RawMention(merged[0][0], merged[-1][1], label, None, where, fragments=fragments)


def load(path, options):
    path = Path(path)
    if not path.exists():
        raise GoldError(f"{path}: no such file or folder")
    files = sorted(path.rglob("*.spans")) if path.is_dir() else [path.with_suffix(".spans")]
    if not files:
        raise GoldError(f"{path}: no .spans files")
    report = GoldReport()
    docs = []
    for spans_path in files:
        with document(report, options):
            text_path = spans_path.with_suffix(".txt")
            text = read_document(text_path, spans_path)
            spans = parse_spans(spans_path, text, report, options)
            raws = list(parse_objects(spans_path.with_suffix(".objects"), spans, text, report,
                                      options))
            docs.append(build_doc(spans_path.stem, text, raws, TYPES, report, options,
                                  str(text_path)))
    return finish(docs, report, TYPES, path)
