"""Run the pipeline over many documents: the Python API under the CLI.

- ``extract(items)`` takes strings and paths and returns the tables as pandas
  DataFrames (for notebooks and scripts).
- ``extract_folder(input_dir, out_dir)`` streams a folder through in batches
  and appends each batch to the output tables, so memory stays flat however
  large the corpus is.
"""

import functools
import gc
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .const import TYPES
from . import sections
from .doc import BATCH_SIZE, pipe
from .sections import Joiner
from .errors import UsageError
from .meta import META, PUBLISHED_OPTION, check_published, read_meta, unmatched
from .read import (doc_id_for, find_remote_texts, find_texts, is_url, read_remote_source,
                   read_source, text_source)
from . import markup
from .checks import summary_lines
from .tables import flat_memory, to_arrow
from .tabular import Columns, count_rows, is_table_input, table_sources
from .tools import load_tools, versions
from .workers import outputs
from .writer import OutputWriter, rows_of


#: The garbage collector's thresholds in a process that runs batches
#: (``gc.set_threshold``). A batch makes hundreds of thousands of objects that
#: live until it is written, and the per-process caches hold more; with
#: Python's defaults, (700, 10, 10), the collector went over all of them again
#: and again: 2.4 s of a 15 s run over 400 NEREL articles, under 1 s with
#: these, the peak memory the same.
BATCH_GC = (5_000, 50, 10)


def for_batches():
    """Set this process up for a long run of batches: Arrow's allocator
    (``tables.flat_memory``), the garbage collector (``BATCH_GC``), and pandas,
    which pyarrow imports on its first ``pa.array`` of a list (to see whether
    it was given pandas objects). A quarter of a second, paid here, at the
    start, where it overlaps the pool's start: else every worker pays it at
    its first batch and this process in the commit, while nothing else runs."""
    flat_memory()
    gc.set_threshold(*BATCH_GC)
    import pandas  # noqa: F401


@functools.lru_cache(maxsize=1)
def default_tools():
    """The models, loaded once per process on first use, in a process set up
    for batches (``for_batches``). What the process holds then, the models
    above all, goes to the collector's permanent generation (``gc.freeze``):
    no collection goes over it again, and the workers forked from a fork
    server that loaded them share its pages instead of copying each one the
    collector writes to. On 400 NEREL articles with 2 workers, the run's
    processes held 28 MB less (proportional set size, 443 MB against 470,
    two runs each); one worker ran 0.7 to 2 s faster in 7 of 7 runs side by
    side, within noise in 2 more. In a notebook, what it held before the
    first call is frozen too: a cycle among those objects is never
    collected (``gc.unfreeze()`` hands them back)."""
    for_batches()
    tools = load_tools()
    gc.freeze()
    return tools


@dataclass
class Tables:
    """The API's tables, as pandas DataFrames."""

    mentions: "pandas.DataFrame"  # noqa: F821
    tokens: "pandas.DataFrame"  # noqa: F821
    docs: "pandas.DataFrame"  # noqa: F821
    #: The corpus step's table (``pipeline.linking``); ``mentions.entity_id`` points into it.
    entities: "pandas.DataFrame"  # noqa: F821


def _frames(results):
    import pandas as pd

    from .linking import link

    mentions, tokens, docs = (to_arrow(name, results).to_pandas()
                              for name in ("mentions", "tokens", "docs"))
    ids, entities = link(mentions, docs)
    return Tables(mentions.assign(entity_id=pd.Series(ids, index=mentions.index, dtype=object)),
                  tokens, docs, entities)


ARGUMENT = "argument"


def _source(item, index, published, root=None):
    if isinstance(item, os.PathLike):
        path = Path(item)
        doc_id = doc_id_for(path, Path(root)) if root else path.with_suffix("").name
        return read_source(path, doc_id, *published(doc_id))
    if isinstance(item, str):
        return text_source(item, str(index), *published(str(index)))
    if isinstance(item, tuple) and len(item) == 2 and all(isinstance(part, str) for part in item):
        doc_id, text = item
        return text_source(text, doc_id, *published(doc_id))
    raise TypeError("extract() takes str texts, paths or (doc_id, text) pairs, "
                    f"not {type(item).__name__}")


def _sources(items, lookup, root, columns):
    """Sources for ``extract``'s items, each doc_id once."""
    import pandas as pd

    if isinstance(items, (str, bytes)):
        raise TypeError("extract() takes a list of texts (or paths, or (doc_id, text) pairs), "
                        "not one string: write extract([text])")
    if isinstance(items, pd.DataFrame):
        columns = columns or Columns()
        missing = [name for name in (columns.text, columns.id) if name not in items.columns]
        if missing:
            raise ValueError(f"the DataFrame has no column {missing[0]!r}; "
                             f"its columns are: {', '.join(map(str, items.columns))}")
        items = list(zip(items[columns.id].astype(str), items[columns.text].fillna("").astype(str)))
    seen = set()
    for index, item in enumerate(items):
        source = _source(item, index, lookup, root)
        if source.doc_id in seen:
            raise ValueError(f"two inputs have the doc_id {source.doc_id!r}")
        seen.add(source.doc_id)
        yield source


def _published_lookup(published):
    """``doc_id -> (ISO date, where it came from)`` for ``extract(published=...)``."""
    if published is None:
        return lambda doc_id: ("", "")
    if isinstance(published, str):
        value = check_published(published)
        return lambda doc_id: (value, ARGUMENT)
    dates = {doc_id: check_published(value) for doc_id, value in published.items()}
    return lambda doc_id: (dates.get(doc_id, ""), ARGUMENT if dates.get(doc_id) else "")


def extract(items, *, tools=None, published=None, root=None, columns=None):
    """Run the pipeline on texts (``str``), files (``pathlib.Path``), ``(doc_id,
    text)`` pairs, or a DataFrame with one article per row.

    A string's doc_id is its index in ``items``; a path's is its path
    relative to ``root`` without ``.txt`` (as the CLI has it), or its stem
    without ``root``. A DataFrame's columns are named by ``columns``
    (``pipeline.tabular.Columns``: ``text`` and ``doc_id`` by default). Two
    inputs with the same doc_id are a ValueError. ``published`` is the
    publication date, the anchor for relative and yearless dates: one ISO
    date for every item, or a mapping of doc_id to ISO date.
    """
    tools = tools or default_tools()
    lookup = _published_lookup(published)
    return _frames(list(pipe(_sources(items, lookup, root, columns), tools)))


def normal_form(text, start, stop, type, *, tools=None):
    """The normal form of ``text[start:stop]`` read as a mention of ``type``.

    Any span of any text, not only what the pipeline found: the text is
    segmented and tagged as the pipeline does, and the span's tokens are
    normalised by the rules of ``pipeline/normal.py`` (``Анны Ивановой`` ->
    ``Анна Иванова`` for PER, ``Министерстве финансов`` -> ``Министерство
    финансов`` for ORG). ``type`` is PER, ORG, LOC or DATE.
    """
    from .const import TYPES
    from .doc import tokens_of
    from .morph import tag_morph
    from .normal import in_capitals, normalize
    from .records import Span
    from .segment import segment

    if type not in TYPES:
        raise ValueError(f"type must be one of {', '.join(TYPES)}, not {type!r}")
    if not 0 <= start < stop <= len(text):
        raise ValueError(f"{start}:{stop} is not a span of a text of {len(text)} characters")
    tools = tools or default_tools()
    sentences, tokens = segment(text)
    tokens = tag_morph(sentences, tokens, tools.morph_tagger)
    span = Span(start, stop, type, text[start:stop])
    inside = tokens_of(span, tokens, [token.start for token in tokens])
    return normalize(inside, type, tools.vocab, start, span.text, in_capitals(text, start, stop))


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
    #: Things the user should know that did not stop the run (one line each).
    warnings: list = None
    #: Documents kept from an earlier run (``resume``), not processed again.
    resumed: int = 0


def write_results(sources, total, out_dir, *, tools=None, batch_size=BATCH_SIZE,
                  progress=False, options=None, warnings=(), workers=1, resume=False, dask=None,
                  strip_html=False):
    """Process Sources in batches, appending each batch to the tables in ``out_dir``.

    ``workers`` > 1 runs the batches in a pool of worker processes
    (``pipeline/workers.py``); the tables are the same, rows in the same order.
    A run of one batch or less stays in this process. The tables appear under
    their final names only when every batch is written (``pipeline/writer.py``).
    ``resume``: documents that ``out_dir`` already holds, with the same
    sha256 and no error, are kept and not processed again. ``strip_html``:
    take markup out of each text first, every offset kept (``markup.py``). ``dask``: run the
    batches on a Dask cluster instead (``"local"`` or a scheduler address).
    """
    began = time.perf_counter()
    for_batches()  # the writer and the corpus step run here, whoever runs the batches
    writer = OutputWriter(out_dir, resume=resume)
    earlier = writer.numbers[:]
    done = writer.done() if resume else {}
    skipped = set()
    warned = {}  # docs.warnings kind -> doc_ids

    def fresh(sources):
        for source in sources:
            if done and not source.error and done.get(source.doc_id) == source.sha256:
                skipped.add(source.doc_id)
                bar.update(1)
                continue
            if strip_html and not source.error:
                source = replace(source, text=markup.strip_html(source.text))
            yield source

    if total - len(done) <= batch_size and not dask:
        workers = 1
    if workers <= 1 and not dask:
        tools = tools or default_tools()
    else:
        writer.join_as_written()
    bar = progress_bar(total, enabled=progress)
    counts, totals = Counter(), Counter()
    failures = []
    documents = 0
    try:
        join = Joiner()
        for output in map(join, outputs(sections.batches(fresh(sources), batch_size,
                                                         texts=join.texts),
                                        workers, tools, dask, documents=total - len(done),
                                        link=writer.stream is not None)):
            documents += output.documents
            failures.extend(output.failures)
            docs = output.tables["docs"]
            for doc_id, found in zip(docs.column("doc_id").to_pylist(),
                                     docs.column("warnings").to_pylist()):
                for kind in (found or "").split("; "):
                    if kind:
                        warned.setdefault(kind, []).append(doc_id)
            counts.update(output.mentions)
            totals.update(output.totals)
            writer.write(output.tables, output.linked)
            # a long document's sections move the bar a part at a time
            bar.update(output.documents if output.section is None else 1 / output.section.sections)
        if earlier:
            kept_mentions, kept_totals = writer.resumed(skipped)
            counts.update(kept_mentions)
            totals.update(kept_totals)
        warnings = [*warnings, *summary_lines(warned)]
        seconds = time.perf_counter() - began
        processed = documents
        documents += len(skipped)
        keep = {number: rows_of(skipped) for number in earlier}
        writer.commit({
            **versions(),
            "python": platform.python_version(),
            "options": {**(options or {}), "batch_size": batch_size, "workers": workers,
                        "resume": resume, "dask": dask, "strip_html": strip_html},
            "counts": {
                "documents": documents,
                "processed": processed,
                "resumed": len(skipped),
                "ok": documents - len(failures),
                "failed": len(failures),
                **{key: totals[key] for key in ("chars", "sentences", "tokens")},
                "mentions": {kind: counts[kind] for kind in TYPES},
            },
            "failures": [{"doc_id": doc_id, "error": error} for doc_id, error in failures],
            "warnings": list(warnings),
            "seconds": round(seconds, 3),
        }, keep)
    except BaseException:
        writer.abort()
        raise
    finally:
        writer.close()
        bar.close()
    return Summary(documents, len(failures), counts, seconds, failures, list(warnings),
                   resumed=len(skipped))


def extract_folder(input_dir, out_dir, *, tools=None, meta=None, published=None,
                   batch_size=BATCH_SIZE, progress=False, workers=1, resume=False, dask=None,
                   columns=None, strip_html=False):
    """Process every ``*.txt`` under ``input_dir`` into tables in ``out_dir``;
    or every row of a CSV, JSON Lines or Parquet file (or a folder of Parquet
    parts) given as ``input_dir``, its columns named by ``columns``
    (``pipeline.tabular.Columns``).

    ``workers``: processes to run the batches in; ``resume``: keep what
    ``out_dir`` already holds of these documents; ``dask``: a Dask cluster
    to run them on (``write_results``).

    ``meta`` is a CSV of publication dates (``meta.py``); ``published`` is the
    date for every document the meta file does not give one.
    """
    if is_table_input(input_dir):
        return _extract_table(input_dir, out_dir, columns or Columns(), tools=tools, meta=meta,
                              published=published, batch_size=batch_size, progress=progress,
                              workers=workers, resume=resume, dask=dask, strip_html=strip_html)
    dates = read_meta(meta) if meta else {}
    default = check_published(published) if published else ""
    if is_url(input_dir):
        fs, pairs = find_remote_texts(input_dir)
        if not pairs:
            raise UsageError(f"{input_dir}: no .txt files found")
        paths, doc_ids = [path for path, _ in pairs], [doc_id for _, doc_id in pairs]
        read = functools.partial(read_remote_source, fs)
    else:
        paths = check_paths(input_dir, out_dir)
        input_dir = Path(input_dir)
        doc_ids = [doc_id_for(path, input_dir) for path in paths]
        read = read_source

    def sources():
        for path, doc_id in zip(paths, doc_ids):
            if dates.get(doc_id):
                yield read(path, doc_id, dates[doc_id], META)
            else:
                yield read(path, doc_id, default, PUBLISHED_OPTION if default else "")

    warnings = []
    stray = unmatched(dates, doc_ids)
    if stray:
        shown = ", ".join(repr(doc_id) for doc_id in stray[:3])
        warnings.append(f"{meta}: {len(stray)} of {len(dates)} rows match no document "
                        f"(first: {shown}{', ...' if len(stray) > 3 else ''})")
    options = {"input_dir": str(input_dir), "meta": str(meta) if meta else None,
               "published": default or None}
    return write_results(sources(), len(paths), out_dir, tools=tools, batch_size=batch_size,
                         progress=progress, options=options, warnings=warnings, workers=workers,
                         resume=resume, dask=dask, strip_html=strip_html)


def _extract_table(path, out_dir, columns, *, meta, published, **options):
    if not is_url(out_dir) and Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageError(f"{out_dir}: output path is a file, not a folder")
    dates = read_meta(meta) if meta else {}
    default = check_published(published) if published else ""
    total = count_rows(path, columns)
    if not total:
        raise UsageError(f"{path}: no rows")
    about = {"input": str(path), "text_column": columns.text, "id_column": columns.id,
             "date_column": columns.date, "meta": str(meta) if meta else None,
             "published": default or None}
    return write_results(table_sources(path, columns, dates, default), total, out_dir,
                         options=about, **options)


#: How often a run that does not write to a terminal prints its progress line.
PROGRESS_SECONDS = 30


class ProgressLines:
    """Progress for a log file: one line every ``PROGRESS_SECONDS`` (``1,200 of
    5,000 documents (24%), 31.2 documents/s, about 2 min left``), where a
    terminal gets a tqdm bar."""

    def __init__(self, total, every=PROGRESS_SECONDS, stream=None):
        self.total, self.every, self.stream = total, every, stream or sys.stderr
        self.done = 0
        self.began = self.last = time.perf_counter()

    def update(self, count=1):
        self.done += count
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            rate = self.done / max(now - self.began, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            print(f"{int(self.done):,} of {self.total:,} documents "
                  f"({100 * self.done / max(self.total, 1):.0f}%), {rate:.1f} documents/s, "
                  f"about {_duration(left)} left", file=self.stream, flush=True)

    def close(self):
        pass


def _duration(seconds):
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def progress_bar(total, enabled=True):
    """A tqdm bar on stderr when it is a terminal, else a line now and then
    (``ProgressLines``); nothing when not ``enabled``."""
    from tqdm import tqdm

    if enabled and not sys.stderr.isatty():
        return ProgressLines(total)
    return tqdm(total=total, unit="doc", file=sys.stderr, disable=not enabled)
