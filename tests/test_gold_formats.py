"""Loaders on small files the tests write: every format, broken offsets, unknown labels."""

import json

import pytest

from pipeline.gold import GoldError, load_gold

TEXT = "Анна Иванова прилетела в Москву.\nВстреча в ООН прошла 2 апреля 2018 года."
ANNA, MOSCOW, UN, DATE = (0, 12), (25, 31), (43, 46), (54, 72)


def spans(text, *pairs):
    return [text[a:b] for a, b in pairs]


def test_offsets_used_below():
    assert spans(TEXT, ANNA, MOSCOW, UN, DATE) == ["Анна Иванова", "Москву", "ООН", "2 апреля 2018 года"]


def write_brat(folder, ann, text=TEXT, name="doc"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder


def test_brat_with_notes_and_skipped_lines(tmp_path):
    ann = (f"T1\tPER {ANNA[0]} {ANNA[1]}\tАнна Иванова\n"
           f"#1\tAnnotatorNotes T1\tnormal: Анна Иванова\n"
           f"T2\tDATE {DATE[0]} {DATE[1]}\t2 апреля 2018 года\n"
           f"#2\tAnnotatorNotes T2\tnormal: 2 апреля 2018 года | date: 2018-04-02\n"
           f"T3\tLOC {MOSCOW[0]} {MOSCOW[1]}\tМоскву\n"
           "R1\tLOCATED_IN Arg1:T1 Arg2:T3\nA1\tNegated T1\n*\tEquiv T1 T3\n")
    gold = load_gold(write_brat(tmp_path, ann), "brat")
    (doc,) = gold.docs
    assert doc.doc_id == "doc"
    per, loc, date = doc.mentions
    assert (per.type, per.normal) == ("PER", "Анна Иванова")
    assert (date.date_start, date.date_end) == ("2018-04-02", "2018-04-02")
    assert loc.normal is None


def test_brat_discontinuous(tmp_path):
    gold = load_gold(write_brat(tmp_path, f"T1\tORG {UN[0]} {UN[1]};{DATE[0]} {DATE[0] + 1}\tООН 2\n"), "brat")
    (mention,) = gold.docs[0].mentions
    assert (mention.start, mention.stop) == (UN[0], DATE[0] + 1)
    assert mention.fragments == ((UN[0], UN[1]), (DATE[0], DATE[0] + 1))


def test_brat_crlf_offsets(tmp_path):
    # offsets counted as if every \n were \r\n: the second line is shifted by one
    ann = f"T1\tPER {ANNA[0]} {ANNA[1]}\tАнна Иванова\nT2\tORG {UN[0] + 1} {UN[1] + 1}\tООН\n"
    folder = write_brat(tmp_path, ann)
    with pytest.raises(GoldError, match="ООН"):
        load_gold(folder, "brat")
    gold = load_gold(folder, "brat-crlf")
    assert [m.text for m in gold.docs[0].mentions] == ["Анна Иванова", "ООН"]


def test_broken_offset_fails_with_file_line_and_both_strings(tmp_path):
    folder = write_brat(tmp_path, f"T1\tPER {ANNA[0]} {ANNA[1]}\tАнна Иванова\nT2\tLOC 24 31\tМоскву\n")
    with pytest.raises(GoldError) as error:
        load_gold(folder, "brat")
    message = str(error.value)
    assert "doc.ann:2" in message and "' Москву'" in message and "'Москву'" in message
    gold = load_gold(folder, "brat", lenient=True)
    assert len(gold.docs[0].mentions) == 1 and len(gold.report.skipped) == 1


def test_unknown_label_fails(tmp_path):
    folder = write_brat(tmp_path, f"T1\tCELEBRITY {ANNA[0]} {ANNA[1]}\tАнна Иванова\n")
    with pytest.raises(GoldError, match=r"doc\.ann:1: unknown label 'CELEBRITY'"):
        load_gold(folder, "brat")


def test_malformed_line_fails(tmp_path):
    folder = write_brat(tmp_path, "T1 PER 0 12 Анна Иванова\n")
    with pytest.raises(GoldError, match="not a BRAT annotation line"):
        load_gold(folder, "brat")


def test_nesting_policy(tmp_path):
    text = "Министерство иностранных дел Республики Казахстан сообщило."
    ann = "T1\tORGANIZATION 0 49\tМинистерство иностранных дел Республики Казахстан\n" \
          "T2\tCOUNTRY 29 49\tРеспублики Казахстан\nT3\tPROFESSION 0 5\tМинис\n"
    folder = write_brat(tmp_path, ann, text=text)
    outer = load_gold(folder, "nerel")
    assert [m.type for m in outer.docs[0].mentions] == ["ORG"]
    assert outer.report.nested_set_aside == 1 and outer.report.dropped_labels == 1
    flat = load_gold(folder, "nerel", nested="all")
    assert [m.type for m in flat.docs[0].mentions] == ["ORG", "LOC"]


def test_corpus_layout_texts_and_gold_folders(tmp_path):
    write_brat(tmp_path / "gold", f"T1\tPER {ANNA[0]} {ANNA[1]}\tАнна Иванова\n")
    (tmp_path / "gold" / "doc.txt").rename(tmp_path / "texts.txt")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts.txt").rename(tmp_path / "texts" / "doc.txt")
    (tmp_path / "meta.csv").write_text("doc_id,published\ndoc,2018-04-03\n", encoding="utf-8")
    (doc,) = load_gold(tmp_path, "brat").docs
    assert (doc.doc_id, doc.published, len(doc.mentions)) == ("doc", "2018-04-03", 1)


def labelstudio_task(task_id, start, stop, label, text=TEXT, gold=None, cancelled=False):
    return {"id": task_id, "data": {"text": text}, "annotations": [{
        "was_cancelled": cancelled,
        "result": [{"from_name": "label", "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": stop, "text": gold or text[start:stop], "labels": [label]}}]}]}


def test_labelstudio(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([labelstudio_task(7, *ANNA, "PER"), labelstudio_task(8, *UN, "ORG")]),
                    encoding="utf-8")
    gold = load_gold(path, "labelstudio")
    assert [(d.doc_id, [m.text for m in d.mentions]) for d in gold] == [("7", ["Анна Иванова"]), ("8", ["ООН"])]
    path.write_text(json.dumps([labelstudio_task(7, ANNA[0], ANNA[1] + 1, "PER", gold="Анна Иванова")]), encoding="utf-8")
    with pytest.raises(GoldError, match="task 7"):
        load_gold(path, "labelstudio")
    path.write_text(json.dumps([labelstudio_task(7, *ANNA, "HERO")]), encoding="utf-8")
    with pytest.raises(GoldError, match="unknown label 'HERO'"):
        load_gold(path, "labelstudio")


@pytest.mark.parametrize("shape", ["old", "new"])
def test_doccano(tmp_path, shape):
    if shape == "old":
        record = {"id": 1, "text": TEXT, "labels": [[*ANNA, "PER"], [*MOSCOW, "LOC"]]}
    else:
        record = {"id": 1, "text": TEXT, "entities": [
            {"id": 10, "start_offset": ANNA[0], "end_offset": ANNA[1], "label": "PERSON"},
            {"id": 11, "start_offset": MOSCOW[0], "end_offset": MOSCOW[1], "label": "LOCATION"}],
            "relations": []}
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = load_gold(path, "doccano").docs
    assert [(m.type, m.text) for m in doc.mentions] == [("PER", "Анна Иванова"), ("LOC", "Москву")]


def test_doccano_bad_json_and_offset(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "x"\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r"data\.jsonl:1: not JSON"):
        load_gold(path, "doccano")
    path.write_text(json.dumps({"text": "Анна", "labels": [[0, 9, "PER"]]}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="outside the text"):
        load_gold(path, "doccano")
    path.write_text(json.dumps({"text": "Анна", "entities": [{"start_offset": 0}]}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"data\.jsonl:1: malformed mention"):
        load_gold(path, "doccano")


def test_runne_inclusive_end(tmp_path):
    record = {"id": 5, "sentences": TEXT,
              "ners": [[ANNA[0], ANNA[1] - 1, "PERSON"], [MOSCOW[0], MOSCOW[1] - 1, "CITY"],
                       [DATE[0], DATE[1] - 1, "DATE"], [0, 3, "PROFESSION"]]}
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    gold = load_gold(path, "runne")
    assert [(m.type, m.text) for m in gold.docs[0].mentions] == [
        ("PER", "Анна Иванова"), ("LOC", "Москву"), ("DATE", "2 апреля 2018 года")]
    assert gold.report.dropped_labels == 1


def test_unknown_format_and_missing_path(tmp_path):
    with pytest.raises(GoldError, match="unknown gold format 'conll'"):
        load_gold(tmp_path, "conll")
    with pytest.raises(GoldError, match="no such file or folder"):
        load_gold(tmp_path / "missing", "brat")
