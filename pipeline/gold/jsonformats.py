"""Annotation-tool exports: Label Studio JSON, doccano JSONL, RuNNE JSONL.

Their labels are whatever the project that made them chose, so one table maps
the usual spellings; anything else fails with the label and the file.
"""

import json
from contextlib import contextmanager
from pathlib import Path

from . import nerel
from .common import RawMention, build_doc, document, finish, read_text
from .records import GoldError, GoldReport

#: Usual label spellings in annotation-tool projects -> our types.
TYPES = {
    **{label: ("PER", "people") for label in ("PER", "PERSON", "Person", "PERS")},
    **{label: ("ORG", "organisations") for label in ("ORG", "ORGANIZATION", "ORGANISATION", "Org", "Organization")},
    **{label: ("LOC", "places") for label in ("LOC", "LOCATION", "Location", "GPE", "GEOPOLIT", "LocOrg")},
    **{label: ("DATE", "dates") for label in ("DATE", "Date")},
    **{label: (None, "not one of the four types") for label in ("MISC", "O", "EVT", "PRO", "MEDIA_NAME")},
}


def _json(line, where):
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise GoldError(f"{where}: not JSON (truncated?): {error.msg} at column {error.colno}") from None


def _files(path, suffixes):
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise GoldError(f"{path}: no such file or folder")
    files = sorted(p for p in path.rglob("*") if p.suffix in suffixes)
    if not files:
        raise GoldError(f"{path}: no {' or '.join(suffixes)} files")
    return files


def _need(record, key, where, kind=None):
    """``record[key]``, or a GoldError that says what is missing or wrong."""
    if not isinstance(record, dict):
        raise GoldError(f"{where}: expected a JSON object, found {type(record).__name__}")
    if key not in record:
        raise GoldError(f"{where}: no {key!r} field")
    if kind is not None and not isinstance(record[key], kind):
        raise GoldError(f"{where}: {key!r} is {type(record[key]).__name__}, not {kind.__name__}")
    return record[key]


@contextmanager
def _mentions_at(where):
    """Reading a record's mentions: a wrong shape (a missing key, a number
    that is a string...) is a GoldError that says where."""
    try:
        yield
    except GoldError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise GoldError(f"{where}: malformed mention ({type(error).__name__}: {error})") from None


def _load_jsonl(path, options, table, text_key, mentions_of):
    """One document per JSONL line: ``text_key`` holds the text, ``mentions_of``
    turns the record into RawMentions. With ``--lenient`` a line that cannot be
    read skips its document only."""
    report = GoldReport()
    docs = []
    for file in _files(path, {".jsonl", ".json"}):
        lines = []
        with document(report, options):
            lines = read_text(file, empty_ok=False).splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{file}:{number}"
            with document(report, options):
                record = _json(line, where)
                text = _need(record, text_key, where, str)
                doc_id = str(record.get("id", f"{file.stem}/{number}"))
                with _mentions_at(where):
                    raws = list(mentions_of(record, where))
                    docs.append(build_doc(doc_id, text, raws, table, report, options, str(file)))
    return finish(docs, report, table, path)


def _doccano_mentions(record, where):
    if "entities" in record:
        for entity in record["entities"]:
            yield RawMention(entity["start_offset"], entity["end_offset"], entity["label"], None, where)
    else:
        for start, stop, label in record.get("labels", record.get("label", [])):
            yield RawMention(start, stop, label, None, where)


def load_doccano(path, options):
    """doccano JSONL: ``labels: [[start, end, label]]`` (old) or ``entities`` (new)."""
    return _load_jsonl(path, options, TYPES, "text", _doccano_mentions)


def load_labelstudio(path, options):
    """Label Studio JSON export: tasks with ``data.text`` and ``annotations[].result``.

    The first annotation that is not cancelled is the gold of a task.
    """
    report = GoldReport()
    docs = []
    for file in _files(path, {".json"}):
        tasks = []
        with document(report, options):
            tasks = _tasks(file)
        for index, task in enumerate(tasks):
            where = f"{file}: task {task.get('id', index) if isinstance(task, dict) else index}"
            with document(report, options):
                docs.append(_labelstudio_doc(task, index, where, report, options, file))
    return finish(docs, report, TYPES, path)


def _tasks(file):
    try:
        tasks = json.loads(read_text(file, empty_ok=False))
    except json.JSONDecodeError as error:
        raise GoldError(f"{file}:{error.lineno}: not JSON (truncated?): {error.msg} "
                        f"at column {error.colno}") from None
    if not isinstance(tasks, list):
        raise GoldError(f"{file}: a Label Studio export is a JSON list of tasks")
    return tasks


def _labelstudio_doc(task, index, where, report, options, file):
    text = _need(_need(task, "data", where, dict), "text", where, str)
    doc_id = str(task.get("id", index))
    with _mentions_at(where):
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        raws = []
        for result in annotations[0]["result"] if annotations else []:
            if result.get("type") != "labels":
                continue
            value = result["value"]
            for label in value["labels"]:
                raws.append(RawMention(value["start"], value["end"], label, value.get("text"),
                                       where))
        return build_doc(doc_id, text, raws, TYPES, report, options, str(file))


def _runne_mentions(record, where):
    for start, stop, label in record.get("ners", []):
        yield RawMention(start, stop + 1, label, None, where)  # inclusive end -> half-open


def load_runne(path, options):
    """RuNNE JSONL: ``sentences`` is the text, ``ners`` are ``[start, end, TYPE]``
    with the end offset **inclusive**; types are NEREL's."""
    return _load_jsonl(path, options, nerel.TYPES, "sentences", _runne_mentions)
