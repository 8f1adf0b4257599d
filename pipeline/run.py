"""Run the pipeline over many documents: the Python API under the CLI.

- ``extract(items)`` takes strings and paths and returns the tables as pandas
  DataFrames (for notebooks and scripts).
- ``extract_folder(input_dir, out_dir)`` streams a folder through in batches
  and appends each batch to the output tables, so memory stays flat however
  large the corpus is.
"""

import csv
import functools
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .const import TYPES
from .doc import process
from .read import find_texts, doc_id_for, read_source, text_source
from .tables import SCHEMAS, to_arrow
from .tools import load_tools, versions
from .writer import OutputWriter

BATCH_SIZE = 32


class UsageError(Exception):
    """A problem with what the user asked for: bad paths, no input."""


@functools.lru_cache(maxsize=1)
def default_tools():
    """The models, loaded once per process on first use."""
    return load_tools()


@dataclass
class Tables:
    mentions: pd.DataFrame
    tokens: pd.DataFrame
    docs: pd.DataFrame


def _frames(results):
    return Tables(*(to_arrow(name, results).to_pandas() for name in ("mentions", "tokens", "docs")))


def _source(item, index, published):
    if isinstance(item, os.PathLike):
        path = Path(item)
        return read_source(path, path.with_suffix("").name, published.get(path.stem, ""))
    if isinstance(item, str):
        return text_source(item, str(index), published.get(str(index), ""))
    raise TypeError(f"extract() takes str texts or paths, not {type(item).__name__}")


def extract(items, *, tools=None, published=None):
    """Run the pipeline on texts (``str``) and files (``pathlib.Path``).

    A string's doc_id is its index in ``items``; a path's is its stem.
    ``published`` maps doc_id to an ISO publication date, the anchor for
    dates without a year.
    """
    tools = tools or default_tools()
    published = published or {}
    results = [process(_source(item, index, published), tools)
               for index, item in enumerate(items)]
    return _frames(results)


def read_meta(path):
    """doc_id -> published date from a CSV with ``doc_id`` and ``published`` columns."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"doc_id", "published"} - set(reader.fieldnames or [])
            if missing:
                raise UsageError(f"{path}: meta CSV has no column {', '.join(sorted(missing))}")
            return {row["doc_id"]: row["published"] for row in reader}
    except OSError as error:
        raise UsageError(f"{path}: cannot read meta CSV: {error.strerror or error}") from None


def check_paths(input_dir, out_dir):
    """Raise UsageError for the mistakes a user can fix; return the input files."""
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    try:
        return _check_paths(input_dir, out_dir)
    except OSError as error:
        raise UsageError(f"{error.filename or input_dir}: cannot access: "
                         f"{error.strerror or error}") from None


def _check_paths(input_dir, out_dir):
    if not input_dir.exists():
        raise UsageError(f"{input_dir}: input folder does not exist")
    if not input_dir.is_dir():
        raise UsageError(f"{input_dir}: input is not a folder")
    try:
        next(os.scandir(input_dir), None)
    except OSError as error:
        raise UsageError(f"{input_dir}: cannot read input folder: {error.strerror or error}") from None
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: output path is a file, not a folder")
    paths = find_texts(input_dir)
    if not paths:
        raise UsageError(f"{input_dir}: no .txt files found")
    return paths


@dataclass
class Summary:
    documents: int
    failed: int
    mentions: Counter
    seconds: float
    failures: list


def write_results(sources, total, out_dir, *, tools=None, batch_size=BATCH_SIZE,
                  progress=False, options=None):
    """Process Sources in batches, appending each batch to the tables in ``out_dir``.

    The tables appear under their final names only when every batch is written.
    """
    began = time.perf_counter()
    tools = tools or default_tools()
    writer = OutputWriter(out_dir)
    bar = progress_bar(total, enabled=progress)
    counts, totals = Counter(), Counter()
    failures = []
    documents = 0
    try:
        for batch in _batches(sources, batch_size):
            results = []
            for source in batch:
                result = process(source, tools)
                results.append(result)
                documents += 1
                if not result.ok:
                    failures.append((source.doc_id, result.error))
                counts.update(mention.type for mention in result.mentions)
                totals.update(tokens=len(result.tokens), sentences=len(result.sentences),
                              chars=len(source.text))
                bar.update(1)
            for name in SCHEMAS:
                writer.write(name, to_arrow(name, results))
        seconds = time.perf_counter() - began
        writer.commit({
            **versions(),
            "python": platform.python_version(),
            "options": {**(options or {}), "batch_size": batch_size},
            "counts": {
                "documents": documents,
                "ok": documents - len(failures),
                "failed": len(failures),
                **{key: totals[key] for key in ("chars", "sentences", "tokens")},
                "mentions": {kind: counts[kind] for kind in TYPES},
            },
            "failures": [{"doc_id": doc_id, "error": error} for doc_id, error in failures],
            "seconds": round(seconds, 3),
        })
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    return Summary(documents, len(failures), counts, seconds, failures)


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_folder(input_dir, out_dir, *, tools=None, meta=None, batch_size=BATCH_SIZE,
                   progress=False):
    """Process every ``*.txt`` under ``input_dir`` into tables in ``out_dir``."""
    paths = check_paths(input_dir, out_dir)
    published = read_meta(meta) if meta else {}
    input_dir = Path(input_dir)

    def sources():
        for path in paths:
            doc_id = doc_id_for(path, input_dir)
            yield read_source(path, doc_id, published.get(doc_id, ""))

    options = {"input_dir": str(input_dir), "meta": str(meta) if meta else None}
    return write_results(sources(), len(paths), out_dir, tools=tools, batch_size=batch_size,
                         progress=progress, options=options)


def progress_bar(total, enabled=True):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr,
                disable=not (enabled and sys.stderr.isatty()))
