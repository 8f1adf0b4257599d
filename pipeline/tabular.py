"""Articles stored as rows: a CSV, JSON Lines or Parquet file, or a folder of
Parquet parts, with a text column, an id column and optionally a date column.

``table_sources(path, columns)`` streams the rows as Sources, a Parquet row
group or a few thousand CSV rows at a time, so a large archive never sits
in memory whole. A missing column is a UsageError that names the columns
the file has.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .meta import META, PUBLISHED_OPTION, parse_date
from .read import text_source

SUFFIXES = (".csv", ".jsonl", ".parquet")
#: Where a row's publication date came from, in ``docs.parquet``.
COLUMN = "column"


@dataclass(frozen=True)
class Columns:
    """Which columns hold what. ``date`` None: use ``published`` if the file has one."""

    text: str = "text"
    id: str = "doc_id"
    date: str | None = None


def is_table_input(path):
    """A file with a table suffix, or a folder of Parquet parts (and no .txt);
    local or an fsspec URL."""
    if "://" in str(path):
        fs, root = _fs(path)
        if fs.isfile(root):
            return Path(root).suffix.lower() in SUFFIXES
        return fs.isdir(root) and bool(fs.glob(f"{root.rstrip('/')}/*.parquet")) and not any(
            name.lower().endswith(".txt") for name in fs.find(root))
    path = Path(path)
    if path.is_file():
        return path.suffix.lower() in SUFFIXES
    return path.is_dir() and any(path.glob("*.parquet")) and not any(path.rglob("*.txt"))


def _fs(url):
    from fsspec.core import url_to_fs

    return url_to_fs(str(url))


class _Part:
    """One file of a table input: its suffix, and how to open it (local or fsspec)."""

    def __init__(self, fs, path):
        self.fs, self.path = fs, path
        self.suffix = Path(path).suffix.lower()

    def open(self, mode="rb"):
        if self.fs is None:
            return open(self.path, mode, **({"encoding": "utf-8"} if "b" not in mode else {}))
        handle = self.fs.open(self.path, "rb")
        if "b" in mode:
            return handle
        import io

        return io.TextIOWrapper(handle, encoding="utf-8")

    def __str__(self):
        return self.fs.unstrip_protocol(self.path) if self.fs else str(self.path)


def _parts(path):
    if "://" in str(path):
        fs, root = _fs(path)
        if fs.isdir(root):
            return [_Part(fs, name) for name in sorted(fs.glob(f"{root.rstrip('/')}/*.parquet"))]
        return [_Part(fs, root)]
    path = Path(path)
    return [_Part(None, name) for name in (sorted(path.glob("*.parquet")) if path.is_dir() else [path])]


def _columns_of(path):
    """The column names of a table input (the first part's, for a folder)."""
    import pyarrow.parquet as pq

    first = _parts(path)[0]
    if first.suffix == ".parquet":
        with first.open() as handle:
            return pq.ParquetFile(handle).schema_arrow.names
    if first.suffix == ".csv":
        import pandas as pd

        with first.open() as handle:
            return list(pd.read_csv(handle, nrows=0).columns)
    with first.open("r") as handle:
        for line in handle:
            if line.strip():
                return list(json.loads(line))
    return []


def _check(path, columns):
    """``(text, id, date or None)`` column names, or a UsageError naming what exists."""
    found = _columns_of(path)
    for role, name in (("text", columns.text), ("id", columns.id)):
        if name not in found:
            raise UsageError(f"{path}: no {role} column {name!r} (--{role}-column); "
                             f"the columns are: {', '.join(map(str, found)) or 'none'}")
    date = columns.date
    if date is not None and date not in found:
        raise UsageError(f"{path}: no date column {date!r} (--date-column); "
                         f"the columns are: {', '.join(map(str, found))}")
    if date is None and "published" in found:
        date = "published"
    return columns.text, columns.id, date


def _rows(path, names):
    """Dicts of the wanted columns, row by row, streamed."""
    for part in _parts(path):
        if part.suffix == ".parquet":
            from .tables import iter_parquet

            with part.open() as handle:
                for batch in iter_parquet(handle, names, 2048):
                    yield from batch.to_pylist()
        elif part.suffix == ".csv":
            import pandas as pd

            with part.open() as handle:
                for chunk in pd.read_csv(handle, usecols=names, dtype=str, keep_default_na=False,
                                         chunksize=2048):
                    yield from chunk.to_dict("records")
        else:
            with part.open("r") as handle:
                for number, line in enumerate(handle, 1):
                    if line.strip():
                        try:
                            row = json.loads(line)
                        except json.JSONDecodeError as error:
                            raise UsageError(f"{part}:{number}: not JSON: {error.msg}") from None
                        yield {name: row.get(name) for name in names}


def count_rows(path, columns):
    """How many rows the input has (for the progress bar), without reading the texts:
    from the Parquet footers, else by reading the id column."""
    _, id_column, _ = _check(path, columns)
    parts = _parts(path)
    if all(part.suffix == ".parquet" for part in parts):
        import pyarrow.parquet as pq

        total = 0
        for part in parts:
            with part.open() as handle:
                total += pq.ParquetFile(handle).metadata.num_rows
        return total
    return sum(1 for _ in _rows(path, [id_column]))


def table_sources(path, columns, dates=None, default_published=""):
    """A Source per row. Its publication date: the date column's (ISO or
    ``DD.MM.YYYY``), else ``dates[doc_id]`` (a meta file), else
    ``default_published``. A row without text is a document with no text."""
    dates = dates or {}
    text_column, id_column, date_column = _check(path, columns)
    names = [text_column, id_column] + ([date_column] if date_column else [])
    seen = set()
    for number, row in enumerate(_rows(path, names), 1):
        doc_id = row[id_column]
        if doc_id is None or str(doc_id) == "":
            raise UsageError(f"{path}: row {number} has no {id_column!r}")
        doc_id = str(doc_id)
        if doc_id in seen:
            raise UsageError(f"{path}: row {number}: doc_id {doc_id!r} given twice")
        seen.add(doc_id)
        published, where = "", ""
        value = row.get(date_column) if date_column else None
        if value not in (None, ""):
            try:
                published, where = parse_date(str(value)[:10]), COLUMN
            except ValueError:
                raise UsageError(f"{path}: row {number}: {date_column} {value!r} is not a date "
                                 "(write YYYY-MM-DD)") from None
        elif dates.get(doc_id):
            published, where = dates[doc_id], META
        elif default_published:
            published, where = default_published, PUBLISHED_OPTION
        text = row[text_column]
        yield text_source("" if text is None else str(text), doc_id, published,
                          path=f"{path}", published_from=where)
