"""Inputs besides a folder of .txt: tables of articles, the Python API's kinds,
and a Dask cluster running the same batches."""

import subprocess
import sys

import pandas as pd
import pytest

import pipeline
from pipeline import run
from pipeline.tabular import Columns

from .conftest import ROOT

CORPUS = ROOT / "corpus" / "texts"
#: Columns that say where a document came from, not what the pipeline made of it.
ORIGIN = ["path", "encoding", "encoding_sure", "seconds", "anchor", "sha256"]


def _tables(out, but=ORIGIN):
    return {name: pd.read_parquet(out / f"{name}.parquet").drop(columns=but, errors="ignore")
            for name in ("mentions", "tokens", "docs")}


def _assert_same(a, b):
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture(scope="module")
def articles():
    return pd.DataFrame([{"doc_id": path.stem, "text": path.read_text(encoding="utf-8"),
                          "published": "2019-03-14"} for path in sorted(CORPUS.glob("*.txt"))])


@pytest.fixture(scope="module")
def from_folder(tmp_path_factory, tools):
    out = tmp_path_factory.mktemp("folder") / "out"
    run.extract_folder(CORPUS, out, tools=tools, published="2019-03-14")
    return _tables(out)


@pytest.mark.parametrize("kind", ["parquet", "csv", "jsonl", "parts"])
def test_a_table_of_articles_gives_the_tables_of_a_folder(kind, articles, from_folder, tmp_path, tools):
    if kind == "parquet":
        source = tmp_path / "articles.parquet"
        articles.to_parquet(source)
    elif kind == "csv":
        source = tmp_path / "articles.csv"
        articles.to_csv(source, index=False)
    elif kind == "jsonl":
        source = tmp_path / "articles.jsonl"
        articles.to_json(source, orient="records", lines=True, force_ascii=False)
    else:
        source = tmp_path / "parts"
        source.mkdir()
        for number, start in enumerate(range(0, len(articles), 20)):
            articles.iloc[start:start + 20].to_parquet(source / f"part-{number}.parquet")
    summary = run.extract_folder(source, tmp_path / "out", tools=tools)
    assert summary.documents == len(articles) and summary.failed == 0
    tables = _tables(tmp_path / "out")
    _assert_same(tables, from_folder)
    docs = pd.read_parquet(tmp_path / "out" / "docs.parquet")
    assert set(docs.anchor) == {"column"}


def test_table_columns_by_name(articles, tmp_path, tools):
    source = tmp_path / "a.csv"
    articles.rename(columns={"doc_id": "id", "text": "body", "published": "date"}).head(3).to_csv(
        source, index=False)
    run.extract_folder(source, tmp_path / "out", tools=tools,
                       columns=Columns(text="body", id="id", date="date"))
    docs = pd.read_parquet(tmp_path / "out" / "docs.parquet")
    assert list(docs.doc_id) == list(articles.doc_id[:3]) and set(docs.published) == {"2019-03-14"}


def test_a_missing_column_names_the_columns_there_are(articles, tmp_path):
    source = tmp_path / "a.csv"
    articles.head(2).to_csv(source, index=False)
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(source), "--out",
                           str(tmp_path / "out"), "--text-column", "body"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "no text column 'body'" in done.stderr and "doc_id, text, published" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_api_takes_pairs_frames_and_paths(tools, tmp_path):
    texts = {"a": "Глава МИД России Сергей Лавров выступил в Женеве.", "b": "Мэр Москвы Сергей Собянин открыл метро."}
    pairs = pipeline.extract(list(texts.items()), tools=tools)
    frame = pipeline.extract(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())}),
                             tools=tools)
    pd.testing.assert_frame_equal(pairs.mentions, frame.mentions)
    assert set(pairs.mentions.doc_id) == {"a", "b"}
    (tmp_path / "news").mkdir()
    path = tmp_path / "news" / "one.txt"
    path.write_text(texts["a"], encoding="utf-8")
    assert pipeline.extract([path], tools=tools, root=tmp_path).docs.doc_id.tolist() == ["news/one"]
    assert pipeline.extract([path], tools=tools).docs.doc_id.tolist() == ["one"]


def test_the_api_refuses_a_lone_string_and_twin_ids(tools):
    with pytest.raises(TypeError, match="not one string"):
        pipeline.extract("Путин в Москве", tools=tools)
    with pytest.raises(ValueError, match="doc_id 'a'"):
        pipeline.extract([("a", "Москва"), ("a", "Казань")], tools=tools)
    with pytest.raises(ValueError, match="no column 'text'"):
        pipeline.extract(pd.DataFrame({"doc_id": ["a"], "body": ["Москва"]}), tools=tools)


def test_a_dask_cluster_gives_the_tables_of_a_local_run(articles, from_folder, tmp_path):
    # the test command installs the dask extra: no skip when it is missing
    run.extract_folder(CORPUS, tmp_path / "folder", published="2019-03-14", batch_size=8,
                       workers=2, dask="local")
    _assert_same(_tables(tmp_path / "folder"), from_folder)
    source = tmp_path / "articles.parquet"
    articles.to_parquet(source)
    run.extract_folder(source, tmp_path / "table", batch_size=8, workers=2, dask="local")
    _assert_same(_tables(tmp_path / "table"), from_folder)


def test_inputs_and_outputs_at_fsspec_urls(articles, from_folder, tmp_path, tools):
    import io

    import fsspec

    memory = fsspec.filesystem("memory")
    memory.pipe_file("/archive/articles.parquet", articles.to_parquet())
    run.extract_folder("memory://archive/articles.parquet", "memory://results", tools=tools)
    tables = {name: pd.read_parquet(io.BytesIO(memory.cat_file(f"/results/{name}.parquet")))
              .drop(columns=ORIGIN, errors="ignore") for name in ("mentions", "tokens", "docs")}
    _assert_same(tables, from_folder)
    # a folder of .txt at a URL, with the URL's path as each document's path
    out = tmp_path / "out"
    run.extract_folder(CORPUS.as_uri(), out, tools=tools, published="2019-03-14")
    _assert_same(_tables(out), from_folder)
    assert pd.read_parquet(out / "docs.parquet").path[0].startswith("file://")
    memory.rm("/archive", recursive=True)
    memory.rm("/results", recursive=True)
