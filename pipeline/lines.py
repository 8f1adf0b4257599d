"""No mention crosses a line break.

The NER model reads a document as one stream, so a headline and the first
word of the next paragraph can come out as one span (``Петра I\\n\\nСегодня``,
``Дэвид Рокфеллер\\n\\nДэвид Рокфеллер``). Such a span is cut at its line
breaks; each piece keeps the type if it still looks like a name, and a piece
that is a single function word or adverb (``Во``, ``Сегодня``) is dropped.
"""

import re

from .records import Span

LINE_BREAK = re.compile(r"\s*\n\s*")
WORD = re.compile(r"[^\W\d_]+")
#: pymorphy3 parts of speech that never make a name on their own.
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "PRED"}


def _is_function_word(piece, vocab):
    words = WORD.findall(piece)
    if len(words) != 1:
        return not words
    parses = vocab(words[0].lower())
    return bool(parses) and all(parse.tag.POS in FUNCTION_POS for parse in parses)


def within_lines(spans, text, vocab):
    """``spans`` with every span that holds a line break cut into its lines."""
    kept = []
    for span in spans:
        if "\n" not in span.text:
            kept.append(span)
            continue
        start = span.start
        for piece in LINE_BREAK.split(span.text):
            offset = text.index(piece, start) if piece else start
            start = offset + len(piece)
            if piece and not _is_function_word(piece, vocab):
                kept.append(Span(offset, offset + len(piece), span.type, piece))
    return kept
