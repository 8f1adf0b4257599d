"""The corpus step over an output's tables: ``entity_id`` into ``mentions``,
and the ``entities`` table, as Parquet and CSV.

``write_linked`` streams the columns linking needs a batch at a time
(``Linker``; a pool run's writer gives it each batch as it writes it), then
streams the mentions through again with their ids, so the mention table is
never held whole. ``extract`` runs it on the joined tables before anything is renamed
into place (``writer.py``); ``relink`` runs it on a finished output folder
(``ru-entities link``), for a corpus that grew or a rule that changed.
"""

import json
import os
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import UsageError
from ..lock import LOCK, OutputLock
from ..tables import ENTITIES, MENTIONS, conform, csv_file, iter_parquet, read_parquet
from . import Linker, published_dates

COLUMNS = ["doc_id", "type", "normal", "first", "last"]
FILES = ("mentions.parquet", "mentions.csv", "entities.parquet", "entities.csv")
#: Mentions read at a time: small batches keep the peak of a large corpus low.
BATCH_ROWS = 8192


def write_linked(mentions_path, docs_path, paths, linker=None):
    """Link the mentions of ``mentions_path`` (docs: ``docs_path``) and write the
    four ``FILES`` to ``paths`` (``{file name: path}``). Returns the number of
    entities per type. ``linker``: a ``Linker`` already given every row of
    ``mentions_path`` (``linked_rows``), as a run's writer does batch by
    batch; else the rows are read here."""
    docs = read_parquet(docs_path, columns=["doc_id", "published"])
    dates = published_dates(docs.column("doc_id").to_pylist(), docs.column("published").to_pylist())
    if linker is None:
        source = pq.ParquetFile(mentions_path)
        linker = Linker(source.metadata.num_rows)
        for batch in iter_parquet(source, COLUMNS, BATCH_ROWS):
            linker.add(linked_rows(batch))
    ids, records = linker.finish(dates)
    _write_mentions(mentions_path, ids, paths["mentions.parquet"], paths["mentions.csv"])
    entities = pa.Table.from_pylist(records, schema=ENTITIES)
    pq.write_table(entities, paths["entities.parquet"])
    aliases = entities.schema.get_field_index("aliases")
    flat = entities.set_column(aliases, "aliases", pa.array([
        "; ".join(f"{alias['name']} ({alias['mentions']})" for alias in record["aliases"])
        for record in records], pa.string()))
    with csv_file(paths["entities.csv"]) as handle:
        pacsv.write_csv(flat, handle)
    return Counter(record["type"] for record in records)


def linked_rows(mentions):
    """The rows a ``Linker`` takes, from an Arrow table or batch of mentions."""
    return zip(*(mentions.column(name).to_pylist() for name in COLUMNS))


def _write_mentions(source, ids, parquet_path, csv_path):
    index = MENTIONS.get_field_index("entity_id")
    done = 0
    with pq.ParquetWriter(parquet_path, MENTIONS) as writer, csv_file(csv_path) as handle:
        with pacsv.CSVWriter(handle, MENTIONS) as csv:
            for batch in iter_parquet(source, batch_size=BATCH_ROWS):
                table = conform(pa.Table.from_batches([batch]), MENTIONS)  # also an older output's
                table = table.set_column(index, "entity_id",
                                         pa.array(ids[done:done + table.num_rows], pa.string()))
                done += table.num_rows
                writer.write_table(table)
                csv.write_table(table)


def relink(out_dir):
    """Link an existing output folder again; returns entities per type."""
    out_dir = Path(out_dir)
    for name in ("mentions.parquet", "docs.parquet", "run.json"):
        if not (out_dir / name).exists():
            raise UsageError(f"{out_dir}: no {name} (is this an extract output folder?)")
    lock = OutputLock(out_dir / LOCK, out_dir)
    temps = {name: out_dir / f".{name}.link.tmp" for name in FILES}
    try:
        counts = write_linked(out_dir / "mentions.parquet", out_dir / "docs.parquet", temps)
        info = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
        info.setdefault("counts", {})["entities"] = dict(sorted(counts.items()))
        run = out_dir / ".run.json.link.tmp"
        run.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for name, temp in temps.items():
            os.replace(temp, out_dir / name)
        os.replace(run, out_dir / "run.json")
    finally:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
        lock.release()
    return counts
