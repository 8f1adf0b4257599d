"""Malformed gold in every format: the error names the file, the line and
what is wrong; with ``--lenient`` the damage is skipped and counted, and the
other documents load as they are.

Each format gets a folder of two documents, ``a`` and ``b``, in its own
layout; one damage at a time is done to ``a``'s files.
"""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.gold import FORMATS, GoldError, load_gold

TEXTS = {"a": "Анна Иванова прилетела в Москву.", "b": "Пётр Сидоров уехал из Казани."}
SPANS = {"a": [(0, 12, "PER"), (25, 31, "LOC")], "b": [(0, 12, "PER"), (22, 28, "LOC")]}
#: Each format's label for our PER and LOC.
LABELS = {"nerel": {"PER": "PERSON", "LOC": "CITY"}, "runne": {"PER": "PERSON", "LOC": "CITY"},
          "factru": {"PER": "Person", "LOC": "Location"}}


def _brat(root, name, text, mentions):
    (root / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = [f"T{n}\t{label} {start} {stop}\t{text[start:stop]}"
             for n, (start, stop, label) in enumerate(mentions, 1)]
    (root / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / f"{name}.txt", root / f"{name}.ann"


def _factru(root, name, text, mentions):
    stem = f"book_{ord(name)}"
    (root / f"{stem}.txt").write_text(text, encoding="utf-8")
    spans, objects = [], []
    for n, (start, stop, label) in enumerate(mentions, 1):
        words = text[start:stop].split()
        spans.append(f"{n} name {start} {stop - start} {n * 10} {len(words)} # "
                     f"{' '.join(str(n * 10 + i) for i in range(len(words)))} {' '.join(words)}")
        objects.append(f"{n} {label} {n} # {text[start:stop]}")
    (root / f"{stem}.spans").write_text("\n".join(spans) + "\n", encoding="utf-8")
    (root / f"{stem}.objects").write_text("\n".join(objects) + "\n", encoding="utf-8")
    return root / f"{stem}.txt", root / f"{stem}.spans"


def _slavicner(root, name, text, mentions):
    (root / "raw" / "t").mkdir(parents=True, exist_ok=True)
    (root / "ner" / "t").mkdir(parents=True, exist_ok=True)
    (root / "raw" / "t" / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = [f"{start}\t{stop}\t{text[start:stop]}\t{text[start:stop]}\t{label}\t{label}-{start}"
            for start, stop, label in mentions]
    (root / "ner" / "t" / f"{name}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root / "raw" / "t" / f"{name}.txt", root / "ner" / "t" / f"{name}.tsv"


def _labelstudio(root, name, text, mentions):
    results = [{"type": "labels", "value": {"start": start, "end": stop, "text": text[start:stop],
                                            "labels": [label]}}
               for start, stop, label in mentions]
    task = {"id": name, "data": {"text": text}, "annotations": [{"result": results}]}
    path = root / f"{name}.json"
    path.write_text(json.dumps([task], ensure_ascii=False, indent=1), encoding="utf-8")
    return path, path


def _jsonl(key, record):
    def write(root, name, text, mentions):
        path = root / f"{name}.jsonl"
        path.write_text(json.dumps({"id": name, key: text, **record(mentions)}, ensure_ascii=False)
                        + "\n", encoding="utf-8")
        return path, path
    return write


WRITERS = {
    "brat": _brat, "brat-crlf": _brat, "nerel": _brat, "factru": _factru, "slavicner": _slavicner,
    "labelstudio": _labelstudio,
    "doccano": _jsonl("text", lambda mentions: {"label": [list(m) for m in mentions]}),
    "runne": _jsonl("sentences", lambda mentions: {"ners": [[a, b - 1, t] for a, b, t in mentions]}),
}


def write_gold(root, fmt, spans=SPANS, texts=TEXTS):
    """Both documents in ``fmt``'s layout; the text and annotation paths of ``a``."""
    labels = LABELS.get(fmt, {})
    paths = {}
    for name, text in texts.items():
        mentions = [(start, stop, labels.get(kind, kind)) for start, stop, kind in spans[name]]
        paths[name] = WRITERS[fmt](root, name, text, mentions)
    return paths["a"]


def truncate(path):
    """Cut the last quarter off, as a copy interrupted mid-write."""
    data = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(data[:len(data) * 3 // 4], encoding="utf-8")


def test_every_format_has_a_writer():
    assert set(WRITERS) == set(FORMATS)


def load_both(root, fmt):
    strict_error = None
    try:
        load_gold(root, fmt)
    except GoldError as error:
        strict_error = str(error)
    return strict_error, load_gold(root, fmt, lenient=True)


def the_other_document_is_whole(gold):
    (other,) = [doc for doc in gold.docs if doc.text == TEXTS["b"]]
    assert [m.text for m in other.mentions] == ["Пётр Сидоров", "Казани"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_truncated_file(tmp_path, fmt):
    _, annotation = write_gold(tmp_path, fmt)
    truncate(annotation)
    error, gold = load_both(tmp_path, fmt)
    assert error and f"{annotation.name}:" in error and "truncated?" in error
    assert gold.report.skipped and gold.report.as_dict()["skipped"] == len(gold.report.skipped)
    the_other_document_is_whole(gold)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_offsets_past_the_end(tmp_path, fmt):
    spans = {**SPANS, "a": [SPANS["a"][0], (25, 90, "LOC")]}
    # written with a longer text, so that the gold strings exist; then the text is cut back
    text_path, annotation = write_gold(tmp_path, fmt, spans, {**TEXTS, "a": TEXTS["a"] + " " * 60})
    if text_path == annotation:  # the text is inside the annotation file
        annotation.write_text(annotation.read_text(encoding="utf-8").replace(" " * 60, ""),
                              encoding="utf-8")
    else:
        text_path.write_text(TEXTS["a"], encoding="utf-8")
    error, gold = load_both(tmp_path, fmt)
    assert error and annotation.name in error and "outside the text" in error
    if fmt != "labelstudio":
        assert f"{annotation.name}:" in error
    assert len(gold.report.skipped) == 1 and gold.report.skipped_documents == 0
    (damaged,) = [doc for doc in gold.docs if doc.text == TEXTS["a"]]
    assert [m.text for m in damaged.mentions] == ["Анна Иванова"]
    the_other_document_is_whole(gold)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_overlapping_duplicates_are_merged_and_counted(tmp_path, fmt):
    spans = {**SPANS, "a": [SPANS["a"][0], SPANS["a"][0], (0, 4, "PER"), SPANS["a"][1]]}
    write_gold(tmp_path, fmt, spans)
    gold = load_gold(tmp_path, fmt)
    (damaged,) = [doc for doc in gold.docs if doc.text == TEXTS["a"]]
    assert [m.text for m in damaged.mentions] == ["Анна Иванова", "Москву"]
    assert (gold.report.duplicates, gold.report.nested_set_aside) == (1, 1)
    all_kept = load_gold(tmp_path, fmt, nested="all")
    (damaged,) = [doc for doc in all_kept.docs if doc.text == TEXTS["a"]]
    assert [m.text for m in damaged.mentions] == ["Анна", "Анна Иванова", "Москву"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_file_in_the_wrong_encoding(tmp_path, fmt):
    text_path, _ = write_gold(tmp_path, fmt)
    text_path.write_bytes(text_path.read_text(encoding="utf-8").encode("cp1251"))
    error, gold = load_both(tmp_path, fmt)
    assert error and f"{text_path.name}:" in error and ": not UTF-8" in error
    assert gold.report.skipped_documents == 1 and len(gold.docs) == 1
    the_other_document_is_whole(gold)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_empty_file(tmp_path, fmt):
    text_path, annotation = write_gold(tmp_path, fmt)
    # where the text has a file of its own, an empty text leaves every offset outside it;
    # where the annotation file holds the text, the annotation file is emptied
    (text_path if text_path != annotation else annotation).write_bytes(b"")
    error, gold = load_both(tmp_path, fmt)
    assert error and f"{text_path.name}: empty file" in error
    the_other_document_is_whole(gold)
    assert gold.report.skipped


@pytest.mark.parametrize("fmt", ["brat", "slavicner", "factru"])
def test_an_empty_annotation_file_is_a_document_without_mentions(tmp_path, fmt):
    _, annotation = write_gold(tmp_path, fmt)
    annotation.write_bytes(b"")
    if fmt == "factru":
        annotation.with_suffix(".objects").write_bytes(b"")
    gold = load_gold(tmp_path, fmt)
    assert sorted(len(doc.mentions) for doc in gold.docs) == [0, 2]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_nothing_loadable_is_an_error_even_when_lenient(tmp_path, fmt):
    write_gold(tmp_path, fmt)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix in (".txt", ".json", ".jsonl"):
            path.write_bytes(b"\xff\xfe broken")
    with pytest.raises(GoldError, match="no gold document could be loaded.*not UTF-8"):
        load_gold(tmp_path, fmt, lenient=True)


def test_evaluate_says_what_it_skipped(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    _, annotation = write_gold(gold, "brat")
    truncate(annotation)
    runner = CliRunner()
    strict = runner.invoke(app, ["evaluate", str(gold), "--format", "brat", "--out", str(tmp_path / "o")])
    assert strict.exit_code == 2 and "a.ann:2: not a BRAT annotation line" in strict.output
    assert "Traceback" not in strict.output
    lenient = runner.invoke(app, ["evaluate", str(gold), "--format", "brat", "--lenient",
                                  "--out", str(tmp_path / "o")])
    assert lenient.exit_code == 0, lenient.output
    assert "1 skipped" in lenient.output and "skipped: " in lenient.output
    scores = json.loads((tmp_path / "o" / "scores.json").read_text(encoding="utf-8"))
    (reason,) = scores["gold_skipped"]
    assert "a.ann:2" in reason


@pytest.mark.parametrize("meta, message", [
    ("id,published\ndoc,2018-04-03\n", "meta.csv: meta CSV has no column doc_id (columns found: id, published)"),
    ("doc_id,published\ndoc,03/04/2018\n", "meta.csv:2: cannot read the publication date '03/04/2018'"),
    ("doc_id,published\ndoc,2018-04-03\ndoc,2018-04-04\n", "meta.csv:3: doc_id 'doc' appears twice"),
])
def test_a_bad_meta_csv_beside_gold_is_one_gold_error(tmp_path, meta, message):
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "doc.txt").write_text(TEXTS["a"], encoding="utf-8")
    (tmp_path / "gold" / "doc.ann").write_text("T1\tPER 0 12\tАнна Иванова\n", encoding="utf-8")
    (tmp_path / "meta.csv").write_text(meta, encoding="utf-8")
    with pytest.raises(GoldError) as error:
        load_gold(tmp_path, "brat")
    assert message in str(error.value)
