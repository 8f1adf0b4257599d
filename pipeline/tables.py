"""The output tables: their schemas, and records -> Arrow tables.

Every table has a fixed schema, so that batches append cleanly and an empty
corpus still gives typed, empty tables. Most tables are per document and
written batch by batch (``SCHEMAS``); the corpus tables (``CORPUS_SCHEMAS``)
are computed from them once every batch is in.
"""

import codecs
import os

import pyarrow as pa

from .checks import source_warnings
from .const import ERROR, OK
from .libc import mallopt


def flat_memory():
    """Memory handed back as a long run goes: Arrow on the system allocator,
    and glibc's thresholds fixed, so that a block of 1 MB or more is mapped
    on its own and unmapped when freed, and the heap's top is trimmed past
    32 MB. glibc's default raises its mmap threshold to the largest block
    freed so far (up to 32 MB): once a 6 MB text had been read, every block
    up to 6 MB came from the heap, and stayed there (writing that text's docs
    row to Parquet left the process 14 MB larger). Arrow's jemalloc, which
    this replaced, kept them too. One 6 MB document peaked at 316 MB against
    338, 100 KB at 246 against 252; 5,000 articles at 305 MB either way, in
    the same time (88 s against 87). Arrow reads ``ARROW_DEFAULT_MEMORY_POOL``
    once, on import, so ``import pipeline`` sets it (``pipeline/__init__.py``);
    this sets the pool for what Python allocates when Arrow came first,
    unless the user chose one. Called by the runner's processes (``run.py``),
    never on import."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL") not in (None, "system"):
        return
    _fixed_malloc_thresholds()
    pa.set_memory_pool(pa.system_memory_pool())


#: glibc's ``mallopt`` parameters, and the values ``flat_memory`` gives them.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_BYTES, _MMAP_BYTES = 32 * 2**20, 2**20


def _fixed_malloc_thresholds():
    mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)


MENTIONS = pa.schema([
    ("doc_id", pa.string()),
    ("mention_id", pa.int32()),
    ("type", pa.string()),
    ("start", pa.int32()),
    ("stop", pa.int32()),
    ("text", pa.string()),
    ("normal", pa.string()),
    ("lemma", pa.string()),
    ("sentence_id", pa.int32()),
    ("first", pa.string()),
    ("middle", pa.string()),
    ("last", pa.string()),
    ("date_start", pa.string()),
    ("date_end", pa.string()),
    #: Filled by the corpus step (``linking``); null in a batch's part.
    ("entity_id", pa.string()),
    #: The sentence around the mention (``CONTEXT_CHARS`` at most), to judge a row without the article.
    ("context", pa.string()),
])

TOKENS = pa.schema([
    ("doc_id", pa.string()),
    ("token_id", pa.int32()),
    ("sentence_id", pa.int32()),
    ("start", pa.int32()),
    ("stop", pa.int32()),
    ("text", pa.string()),
    ("lemma", pa.string()),
    ("pos", pa.string()),
    ("feats", pa.string()),
])

DOCS = pa.schema([
    ("doc_id", pa.string()),
    ("path", pa.string()),
    ("encoding", pa.string()),
    #: How sure the encoding's reading is, 0-1 (``encoding.py``); null for text given as a string.
    ("encoding_sure", pa.float32()),
    ("sha256", pa.string()),
    ("chars", pa.int64()),
    ("sentences", pa.int32()),
    ("tokens", pa.int32()),
    ("mentions", pa.int32()),
    ("published", pa.string()),
    ("anchor", pa.string()),
    ("status", pa.string()),
    ("error", pa.string()),
    #: What the text looks like, beside what it says (``checks.py``): ``markup; lower case``.
    ("warnings", pa.string()),
    ("seconds", pa.float64()),
    ("text", pa.large_string()),
])

ENTITIES = pa.schema([
    ("entity_id", pa.string()),
    ("type", pa.string()),
    ("name", pa.string()),
    ("aliases", pa.list_(pa.struct([("name", pa.string()), ("mentions", pa.int32())]))),
    ("mentions", pa.int32()),
    ("documents", pa.int32()),
    ("first_doc", pa.string()),
    ("first_date", pa.string()),
])

#: Tables written batch by batch, a part per batch (``writer.py``).
SCHEMAS = {"mentions": MENTIONS, "tokens": TOKENS, "docs": DOCS}
#: Tables of the whole corpus, written once every batch is in (``linking``).
CORPUS_SCHEMAS = {"entities": ENTITIES}


def parquet_options(name):
    """``pq.write_table`` / ``ParquetWriter`` options for the table ``name``:
    ``docs.text``, a document's whole text, gets no dictionary and no min/max
    statistics, which would each hold another copy of the longest text."""
    if name != "docs":
        return {}
    others = [column for column in DOCS.names if column != "text"]
    return {"use_dictionary": others, "write_statistics": others}


def read_parquet(path, schema=None, columns=None):
    """A Parquet file as an Arrow table, read as one file (``pq.read_table``
    goes through the dataset API, which costs a few milliseconds a call and
    imports pandas, a quarter of a second, the first time). With ``schema``,
    in that schema (``conform``), for a table an older version wrote."""
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read(columns=columns)
    return table if schema is None else conform(table, schema)


def iter_parquet(source, columns=None, batch_size=8192):
    """The record batches of a Parquet file (a path, an open file or a
    ``ParquetFile`` already opened), one row group at a time: memory is bounded by a row group, not the file.
    ``ParquetFile.iter_batches`` over the whole file first buffers every row
    group it will read (``pre_buffer``), so the whole file: with it, the
    corpus step's pass over the mentions of 5,000 NEREL articles peaked at
    321 MB (293 MB this way), and a pass over a 103 MB mentions file grew the
    process by 119 MB (23 MB this way)."""
    import pyarrow.parquet as pq

    found = source if isinstance(source, pq.ParquetFile) else pq.ParquetFile(source)
    for group in range(found.num_row_groups):
        yield from found.iter_batches(batch_size=batch_size, row_groups=[group], columns=columns)


def conform(table, schema):
    """``table`` in ``schema``: its columns in that order and cast to its types,
    a column it lacks (one an older version did not write) all null."""
    if table.schema.equals(schema):
        return table
    columns = [table.column(field.name).cast(field.type) if field.name in table.column_names
               else pa.nulls(table.num_rows, field.type) for field in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def csv_file(path):
    """``path`` opened for writing a CSV (bytes), a UTF-8 BOM written first, as
    every CSV here has it, so that Excel shows Cyrillic."""
    handle = open(path, "wb")
    handle.write(codecs.BOM_UTF8)
    return handle


def _or_none(value):
    return value if value else None


#: The longest context kept: a sentence longer than this is cut around the mention.
CONTEXT_CHARS = 300


def context(text, sentences, mention):
    """The sentence of ``mention`` (the text around it, when it has none), on one
    line, cut to ``CONTEXT_CHARS`` around the mention."""
    if 0 <= mention.sentence_id < len(sentences):
        sentence = sentences[mention.sentence_id]
        start, stop = min(sentence.start, mention.start), max(sentence.stop, mention.stop)
    else:
        start, stop = max(0, mention.start - 100), mention.stop + 100
    if stop - start > CONTEXT_CHARS:
        spare = max(0, CONTEXT_CHARS - (mention.stop - mention.start)) // 2
        start, stop = max(start, mention.start - spare), min(stop, mention.stop + spare)
    return " ".join(text[start:stop].split())


def mention_rows(result):
    doc_id, offset = result.source.doc_id, result.source.offset
    text, sentences = result.source.text, result.sentences
    for mention in result.mentions:
        name, value = mention.name, mention.date
        yield {
            "doc_id": doc_id,
            "mention_id": mention.id,
            "type": mention.type,
            "start": offset + mention.start,
            "stop": offset + mention.stop,
            "text": mention.text,
            "normal": mention.normal,
            "lemma": mention.lemma,
            "sentence_id": mention.sentence_id,
            "first": _or_none(name.first),
            "middle": _or_none(name.middle),
            "last": _or_none(name.last),
            "date_start": value.start if value else None,
            "date_end": value.end if value else None,
            "entity_id": None,
            "context": context(text, sentences, mention),
        }


def token_rows(result):
    doc_id, offset = result.source.doc_id, result.source.offset
    for token in result.tokens:
        yield {
            "doc_id": doc_id,
            "token_id": token.id,
            "sentence_id": token.sentence_id,
            "start": offset + token.start,
            "stop": offset + token.stop,
            "text": token.text,
            "lemma": token.lemma,
            "pos": token.pos,
            "feats": token.feats,
        }


def doc_rows(result):
    source = result.source
    yield {
        "doc_id": source.doc_id,
        "path": source.path,
        "encoding": _or_none(source.encoding),
        "encoding_sure": source.encoding_sure,
        "sha256": _or_none(source.sha256),
        "chars": len(source.text),
        "sentences": len(result.sentences),
        "tokens": len(result.tokens),
        "mentions": len(result.mentions),
        "published": _or_none(result.anchor or source.published),
        "anchor": _or_none(result.anchor_source or (source.published_from if source.published else "")),
        "status": OK if result.ok else ERROR,
        "error": _or_none(result.error),
        "warnings": _or_none("; ".join(source_warnings(source)) if result.ok else ""),
        "seconds": round(result.seconds, 6),
        "text": source.text,
    }


ROWS = {"mentions": mention_rows, "tokens": token_rows, "docs": doc_rows}


def to_arrow(name, results):
    """One Arrow table of kind ``name`` for a batch of Results, built a column
    at a time (half the time of Arrow reading the rows as dicts)."""
    schema = SCHEMAS[name]
    rows = [row for result in results for row in ROWS[name](result)]
    return pa.Table.from_arrays([pa.array([row[field.name] for row in rows], field.type)
                                 for field in schema], schema=schema)
