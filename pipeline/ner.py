"""PER, ORG and LOC spans from Natasha's slovnet NER model.

The model reads a document in pieces of at most ``MAX_PIECE`` characters:
whole lines, as many as fit, and a longer line cut after a sentence end (or
at a space). So memory does not grow with a document's length, and the
pieces of many documents are tagged together, shortest with shortest so that
little padding is computed (``find_spans_many``). A span that crosses a line
break is ``lines.py``'s to mend.
"""

import re

from .const import NER_TYPES
from .records import Span
from .tagging import ner_spans

#: The longest piece of text the model reads at once, in characters.
MAX_PIECE = 2000
SENTENCE_END = re.compile(r"[.!?…»\"]\s+")


def pieces(text):
    """``(start, stop)`` of the pieces the model reads, in text order: whole
    lines, as many as fit in ``MAX_PIECE`` characters (the model reads a
    paragraph in the context of its neighbours), and a longer line cut after
    a sentence end (or at a space) before that."""
    start = end = 0
    for begin, stop in _cuts(text):
        if stop - start > MAX_PIECE and end > start:
            if text[start:end].strip():
                yield start, end
            start = begin
        end = stop
    if text[start:end].strip():
        yield start, end


def _cuts(text):
    """``(start, stop)`` of each line, and of each part of a line over ``MAX_PIECE``."""
    begin = 0
    while begin <= len(text):
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        start = begin
        while end - start > MAX_PIECE:
            window = text[start:start + MAX_PIECE]
            cut = max((hit.end() for hit in SENTENCE_END.finditer(window)), default=0) \
                or window.rfind(" ") + 1 or MAX_PIECE
            yield start, start + cut
            start += cut
        yield start, end
        begin = end + 1


def find_spans_many(texts, tagger):
    """Named-entity spans of each of ``texts``, in text order, one list per text."""
    found = [[] for _ in texts]
    where = [(index, start, stop) for index, text in enumerate(texts)
             for start, stop in pieces(text)]
    order = sorted(range(len(where)), key=lambda at: where[at][2] - where[at][1])
    marked = ner_spans(tagger, [texts[where[at][0]][where[at][1]:where[at][2]] for at in order])
    for at, spans in zip(order, marked):
        index, offset, _ = where[at]
        text = texts[index]
        found[index].extend(Span(offset + start, offset + stop, kind, text[offset + start:offset + stop])
                            for start, stop, kind in spans if kind in NER_TYPES)
    return [sorted(spans, key=lambda span: (span.start, span.stop)) for spans in found]


def find_spans(text, tagger):
    """Named-entity spans of one text, in text order."""
    return find_spans_many([text], tagger)[0]
