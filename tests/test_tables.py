"""The output tables: exact schema, determinism, atomic writes, the API."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import run, workers

TEXTS = {
    "a": "Анна Иванова прилетела в Нижний Новгород 2 апреля 2018 года.",
    "b/c": "Глава МИД России Сергей Лавров встретился с Уильямом Свингом в Женеве.",
    "b/empty": "",
}

COLUMNS = {
    "mentions": ["doc_id", "mention_id", "type", "start", "stop", "text", "normal", "lemma",
                 "sentence_id", "first", "middle", "last", "date_start", "date_end", "entity_id",
                 "context"],
    "tokens": ["doc_id", "token_id", "sentence_id", "start", "stop", "text", "lemma", "pos", "feats"],
    "docs": ["doc_id", "path", "encoding", "encoding_sure", "sha256", "chars", "sentences", "tokens", "mentions",
             "published", "anchor", "status", "error", "warnings", "seconds", "text"],
    "entities": ["entity_id", "type", "name", "aliases", "mentions", "documents", "first_doc",
                 "first_date"],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory, tools):
    root = tmp_path_factory.mktemp("tables")
    for doc_id, text in TEXTS.items():
        path = root / "in" / f"{doc_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    summary = run.extract_folder(root / "in", root / "out", tools=tools, batch_size=2)
    return root, summary


def test_files(folder):
    root, summary = folder
    # and a hidden .lock, which a later run takes while it writes
    assert sorted(p.name for p in (root / "out").iterdir() if not p.name.startswith(".")) == [
        "docs.csv", "docs.parquet", "entities.csv", "entities.parquet", "mentions.csv",
        "mentions.parquet", "run.json", "tokens.parquet"]
    assert summary.documents == 3 and summary.failed == 0


@pytest.mark.parametrize("name", COLUMNS)
def test_schema_is_exactly_the_documented_one(folder, name):
    root, _ = folder
    assert pq.read_schema(root / "out" / f"{name}.parquet").names == COLUMNS[name]


def test_csv_is_excel_friendly_and_matches_parquet(folder):
    root, _ = folder
    raw = (root / "out" / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(root / "out" / "mentions.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(root / "out" / "mentions.parquet")
    assert list(csv.columns) == COLUMNS["mentions"]
    assert csv.normal.tolist() == parquet.normal.tolist()


def test_doc_ids_offsets_and_order(folder):
    root, _ = folder
    mentions = pd.read_parquet(root / "out" / "mentions.parquet")
    docs = pd.read_parquet(root / "out" / "docs.parquet")
    assert docs.doc_id.tolist() == ["a", "b/c", "b/empty"]
    for doc_id, group in mentions.groupby("doc_id"):
        text = TEXTS[doc_id]
        assert group.mention_id.tolist() == list(range(len(group)))
        assert group.start.is_monotonic_increasing
        for row in group.itertuples():
            assert text[row.start:row.stop] == row.text
    tokens = pd.read_parquet(root / "out" / "tokens.parquet")
    for row in tokens.itertuples():
        assert TEXTS[row.doc_id][row.start:row.stop] == row.text


def test_run_json(folder):
    root, _ = folder
    info = json.loads((root / "out" / "run.json").read_text(encoding="utf-8"))
    assert info["packages"]["pymorphy3"] and info["models"]["ner"].startswith("slovnet_ner")
    assert info["counts"]["documents"] == 3 and info["counts"]["failed"] == 0
    assert info["counts"]["mentions"]["PER"] >= 2
    assert info["options"]["batch_size"] == 2


def test_same_input_same_tables(folder, tools, tmp_path):
    root, _ = folder
    run.extract_folder(root / "in", tmp_path, tools=tools, batch_size=1)
    for name in ("mentions", "tokens"):
        assert pd.read_parquet(tmp_path / f"{name}.parquet").equals(
            pd.read_parquet(root / "out" / f"{name}.parquet"))


def test_interrupted_run_keeps_the_previous_output(folder, tools, monkeypatch):
    root, _ = folder
    out = root / "out"
    before = {path.name: path.read_bytes() for path in out.iterdir()
              if path.is_file() and not path.name.startswith(".")}
    calls = []

    def interrupted(sources, tools):
        calls.append(sources)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(sources, tools)

    real = workers.run_batch
    monkeypatch.setattr(workers, "run_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run.extract_folder(root / "in", out, tools=tools, batch_size=1)
    # the finished batches stay in .parts/ for --resume; nothing else changed
    assert {path.name: path.read_bytes() for path in out.iterdir()
            if path.is_file() and not path.name.startswith(".")} == before


def test_python_api(tools, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXTS["a"], encoding="utf-8")
    tables = pipeline.extract([TEXTS["b/c"], path], tools=tools)
    assert isinstance(tables.mentions, pd.DataFrame)
    assert list(tables.mentions.columns) == COLUMNS["mentions"]
    assert set(tables.mentions.doc_id) == {"0", "doc"}
    assert tables.docs.status.tolist() == ["ok", "ok"]
    assert "Уильям Свинг" in tables.mentions.normal.tolist()
    with pytest.raises(TypeError):
        pipeline.extract([42], tools=tools)


def test_docs_text_is_written_without_dictionary_or_statistics(tools, tmp_path):
    """A document's whole text would be copied again into a dictionary page
    and into min/max statistics; the other columns keep both (the final
    docs.parquet of a real run, which passed through the parts and the join)."""
    (tmp_path / "in").mkdir()
    text = "Анна Иванова прилетела в Москву. " * 200
    (tmp_path / "in" / "long.txt").write_text(text, encoding="utf-8")
    run.extract_folder(tmp_path / "in", tmp_path / "out", tools=tools)
    path = tmp_path / "out" / "docs.parquet"
    columns = pq.ParquetFile(path).metadata.row_group(0)
    by_name = {columns.column(index).path_in_schema: columns.column(index)
               for index in range(columns.num_columns)}
    assert by_name["text"].statistics is None
    assert "RLE_DICTIONARY" not in by_name["text"].encodings
    assert by_name["doc_id"].statistics is not None
    assert pq.read_table(path).column("text")[0].as_py() == text


def test_a_table_an_older_version_wrote_reads_in_todays_schema(tmp_path):
    import pyarrow as pa

    from pipeline.tables import MENTIONS, read_parquet

    older = pa.table({"doc_id": ["a", "b"], "mention_id": pa.array([1, 2], pa.int64()),
                      "type": ["PER", "LOC"]})
    pq.write_table(older, tmp_path / "old.parquet")
    table = read_parquet(tmp_path / "old.parquet", MENTIONS)
    assert table.schema.equals(MENTIONS)
    assert table.column("mention_id").to_pylist() == [1, 2]
    assert table.column("context").null_count == 2
    assert read_parquet(tmp_path / "old.parquet", columns=["type"]).column_names == ["type"]


def test_parquet_is_streamed_a_row_group_at_a_time(tmp_path):
    """The corpus step, docs.csv, the workbook and a Parquet input read their
    files through ``iter_parquet``: when its first batch comes, only about a
    row group of the file has been read, not the whole file (what
    ``ParquetFile.iter_batches`` buffers first: more than the file's size
    here), so memory does not grow with the corpus. Every row comes, in order."""
    import io

    import pyarrow as pa

    from pipeline.tables import iter_parquet

    groups, rows = 20, 5000
    table = pa.table({"n": pa.array(range(groups * rows), pa.int64()),
                      "text": [f"упоминание номер {n}" for n in range(groups * rows)]})
    path = tmp_path / "many.parquet"
    pq.write_table(table, path, row_group_size=rows)
    assert pq.ParquetFile(path).num_row_groups == groups

    class Counted(io.FileIO):
        read_bytes = 0

        def readinto(self, buffer):
            count = super().readinto(buffer)
            Counted.read_bytes += count or 0
            return count

        def read(self, size=-1):
            data = super().read(size)
            Counted.read_bytes += len(data)
            return data

    with Counted(path) as handle:
        batches = iter_parquet(handle, batch_size=500)
        first = next(batches)
        read_at_first = Counted.read_bytes
        numbers = first.column("n").to_pylist() + [n for batch in batches
                                                  for n in batch.column("n").to_pylist()]
    assert numbers == list(range(groups * rows))
    assert read_at_first < path.stat().st_size / 4  # a row group and the footer
