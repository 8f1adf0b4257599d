"""A very long document in sections, so that memory does not grow with its length.

A document longer than ``SECTION_CHARS`` characters is cut into sections at
paragraph breaks (else after a sentence end, else at a space), and each
section goes through the pipeline as a batch of its own, its offsets
counted from the document's start (``Source.offset``). ``Joiner`` puts the
sections' rows back together in order as they reach the writer: token,
sentence and mention ids continue from the section before, and the
document gets one ``docs`` row, written with its last section.

What a section cannot see: a name labelled in another section is not spread
into this one (``consistency.py``), and a dateline anchors only the section
it opens. A news article is far shorter than a section; these are the
costs of reading a 6 MB file in bounded memory.
"""

import re
from dataclasses import dataclass, replace
from itertools import groupby

import pyarrow as pa
import pyarrow.compute as pc

from .doc import batches as doc_batches

#: The longest section, in characters (about 20 pages of text, far longer
#: than a news article). Against 100,000, a 6 MB document peaked 8 MB lower
#: (300 MB against 308), a 1 MB one 4 MB, in the same time.
SECTION_CHARS = 50_000
SENTENCE_END = re.compile(r"[.!?…»\"]\s+")


def cuts(text, limit=SECTION_CHARS):
    """``(start, stop)`` of each section of ``text``, covering it whole."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n\n") + 2
        if cut < limit // 2:
            cut = window.rfind("\n") + 1
        if cut < limit // 2:
            cut = max((hit.end() for hit in SENTENCE_END.finditer(window, limit // 2)), default=0)
        if cut < limit // 2:
            cut = window.rfind(" ") + 1 or limit
        yield start, start + cut
        start += cut
    yield start, len(text)


def split(source, limit=SECTION_CHARS):
    """``[source]``, or its sections when it is longer than ``limit``: each cut
    from the text only when it is asked for, so that one copy of the text is
    held, not two."""
    if not _is_long(source, limit):
        return [source]
    pieces = list(cuts(source.text, limit))
    return (replace(source, text=source.text[start:stop], offset=start, section=index,
                    sections=len(pieces))
            for index, (start, stop) in enumerate(pieces))


def batches(sources, size, limit=SECTION_CHARS, texts=None):
    """``sources`` in lists of ``size``; a long document's sections one list
    each. ``texts``, a dict, gets each long document's text by doc_id
    (``Joiner.texts``)."""
    for long, run in groupby(sources, key=lambda source: _is_long(source, limit)):
        if long:
            for source in run:
                if texts is not None:
                    texts[source.doc_id] = source.text
                yield from ([piece] for piece in split(source, limit))
        else:
            yield from doc_batches(run, size)


def _is_long(source, limit):
    return not source.error and len(source.text) > limit


@dataclass
class _Open:
    """A document whose sections are arriving."""

    tokens: int = 0
    sentences: int = 0
    mentions: int = 0
    rows: list = None


class Joiner:
    """Section outputs back into one document's rows (see the module doc).

    The document's ``docs`` row takes its text from ``texts`` (doc_id ->
    text), which ``batches(..., texts=joiner.texts)`` fills as it cuts a
    document into sections: the text is held once, as the input gave it,
    not again as each section's rows bring it back."""

    def __init__(self):
        self.open = {}
        self.texts = {}

    def __call__(self, output):
        """``output`` with a section's rows numbered on from the sections before."""
        source = output.section
        if source is None:
            return output
        state = self.open.setdefault(source.doc_id, _Open(rows=[]))
        tables = dict(output.tables)
        tables["tokens"] = _shift(tables["tokens"], token_id=state.tokens,
                                  sentence_id=state.sentences)
        tables["mentions"] = _shift(tables["mentions"], mention_id=state.mentions,
                                    sentence_id=state.sentences)
        docs = tables["docs"].drop_columns(["text"]).to_pylist()
        state.rows.extend(docs)
        state.tokens += tables["tokens"].num_rows
        state.mentions += tables["mentions"].num_rows
        state.sentences += sum(row["sentences"] or 0 for row in docs)
        schema = tables["docs"].schema
        if source.section < source.sections - 1:
            tables["docs"] = schema.empty_table()
            return replace(output, tables=tables, documents=0, failures=[])
        del self.open[source.doc_id]
        docs = pa.Table.from_pylist([_whole(state.rows, source)], schema=schema)
        text = schema.get_field_index("text")
        tables["docs"] = docs.set_column(text, schema.field(text),
                                         [_text_array(self.texts.pop(source.doc_id))])
        return replace(output, tables=tables, documents=1,
                       failures=_failures(state.rows, source))


def _text_array(text):
    """A one-row ``large_string`` array of ``text``, over its UTF-8 bytes as
    they are (no copy). ``pa.array([text])`` would copy them, and leave
    another copy cached inside the str, which lives on as long as the input
    does (6 MB for a 6 MB document)."""
    data = text.encode("utf-8")
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    return pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data))


def _shift(table, **columns):
    for name, by in columns.items():
        if by:
            index = table.schema.get_field_index(name)
            shifted = pc.add(table.column(name), pa.scalar(by, table.schema.field(name).type))
            table = table.set_column(index, name, shifted)
    return table


def _whole(rows, source):
    """One docs row for all of a document's sections."""
    first = rows[0]
    errors = [row["error"] for row in rows if row["error"]]
    return {**first,
            "chars": sum(row["chars"] for row in rows),
            "sentences": sum(row["sentences"] for row in rows),
            "tokens": sum(row["tokens"] for row in rows),
            "mentions": sum(row["mentions"] for row in rows),
            "status": "error" if errors else first["status"],
            "error": "; ".join(errors) or None,
            "warnings": "; ".join(dict.fromkeys(
                warning for row in rows for warning in (row["warnings"] or "").split("; ")
                if warning)) or None,
            "seconds": round(sum(row["seconds"] for row in rows), 6)}


def _failures(rows, source):
    errors = [row["error"] for row in rows if row["error"]]
    return [(source.doc_id, "; ".join(errors))] if errors else []
