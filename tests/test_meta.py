"""Publication dates: a strict ``--meta``, ``--published``, and the anchor each document used."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import UsageError
from pipeline.meta import read_meta
from pipeline.run import extract_folder


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_meta_accepts_txt_suffix_dotted_dates_and_blanks(tmp_path):
    meta = write(tmp_path / "meta.csv", "doc_id,published,genre\n"
                 "a.txt,2019-05-08,x\nb,14.03.2023,y\nc,,z\n")
    assert read_meta(meta) == {"a": "2019-05-08", "b": "2023-03-14", "c": ""}


@pytest.mark.parametrize("content, message", [
    ("doc_id,date\na,2019-05-08\n", "meta.csv: meta CSV has no column published (columns found: doc_id, date)"),
    ("doc_id,published\na,2019-05-08\nb,8 мая 2019\n", "meta.csv:3: cannot read the publication date '8 мая 2019' of 'b'"),
    ("doc_id,published\na,2019-02-30\n", "meta.csv:2: cannot read the publication date '2019-02-30'"),
    ("doc_id,published\na,2019-05-08\na.txt,2019-05-09\n", "meta.csv:3: doc_id 'a' appears twice"),
    ("doc_id,published\n,2019-05-08\n", "meta.csv:2: empty doc_id"),
])
def test_meta_errors_name_the_file_and_line(tmp_path, content, message):
    with pytest.raises(UsageError) as caught:
        read_meta(write(tmp_path / "meta.csv", content))
    assert message in str(caught.value)


@pytest.fixture
def texts(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    write(folder / "meta.txt", "Вчера завод остановили.")
    write(folder / "option.txt", "Вчера завод остановили.")
    write(folder / "dateline.txt", "КАЗАНЬ, 12 июля 2019 года — Вчера завод остановили.")
    return folder


def test_each_document_records_its_anchor(texts, tmp_path, tools):
    meta = write(tmp_path / "meta.csv", "doc_id,published\nmeta.txt,2019-05-08\nghost,2019-01-01\n")
    summary = extract_folder(texts, tmp_path / "out", tools=tools, meta=meta,
                             published="2020-02-02")
    docs = pd.read_parquet(tmp_path / "out" / "docs.parquet").set_index("doc_id")
    assert docs.loc["meta", ["published", "anchor"]].tolist() == ["2019-05-08", "meta"]
    assert docs.loc["option", ["published", "anchor"]].tolist() == ["2020-02-02", "--published"]
    assert docs.loc["dateline", ["published", "anchor"]].tolist() == ["2020-02-02", "--published"]
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    yesterday = mentions[mentions.text == "Вчера"].set_index("doc_id").date_start
    assert yesterday.to_dict() == {"meta": "2019-05-07", "option": "2020-02-01",
                                   "dateline": "2020-02-01"}
    assert summary.warnings == [f"{meta}: 1 of 2 rows match no document (first: 'ghost')"]


def test_without_a_date_the_dateline_anchors_or_nothing_does(texts, tmp_path, tools):
    extract_folder(texts, tmp_path / "out", tools=tools)
    docs = pd.read_parquet(tmp_path / "out" / "docs.parquet").set_index("doc_id")
    assert docs.loc["dateline", ["published", "anchor"]].tolist() == ["2019-07-12", "text"]
    assert docs.loc["meta"].isna()[["published", "anchor"]].all()
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    yesterday = mentions[mentions.text == "Вчера"].set_index("doc_id").date_start
    assert yesterday["dateline"] == "2019-07-11"
    assert yesterday[["meta", "option"]].isna().all()


def test_cli_reports_bad_meta_and_unmatched_rows(texts, tmp_path):
    bad = write(tmp_path / "bad.csv", "doc_id,published\nmeta,08/05/2019\n")
    result = CliRunner().invoke(app, ["extract", str(texts), "--out", str(tmp_path / "o1"),
                                      "--meta", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"ru-entities: error: {bad}:2: cannot read the publication "
                                     "date '08/05/2019' of 'meta' (write YYYY-MM-DD)")
    result = CliRunner().invoke(app, ["extract", str(texts), "--out", str(tmp_path / "o2"),
                                      "--published", "2019-13-01"])
    assert result.exit_code == 2 and "--published '2019-13-01': not a date" in result.output
    stray = write(tmp_path / "stray.csv", "doc_id,published\nnope,2019-05-08\n")
    result = CliRunner().invoke(app, ["extract", str(texts), "--out", str(tmp_path / "o3"),
                                      "--meta", str(stray)])
    assert result.exit_code == 0
    assert f"warning: {stray}: 1 of 1 rows match no document (first: 'nope')" in result.output
