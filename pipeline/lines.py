"""No mention crosses a line break.

The NER model reads a document as one stream, so a headline and the first
word of the next paragraph can come out as one span (``Петра I\\n\\nСегодня``,
``Дэвид Рокфеллер\\n\\nДэвид Рокфеллер``). The lines such a span touches are
tagged again, each on its own, and what the model finds there inside the old
span replaces it; a piece of one known word that the dictionary never reads
as a name (``Верхняя``, ``Ушёл``, ``Сегодня``) is dropped.
"""

import re

from .const import NAME_GRAMMEMES
from .ner import find_spans
from .records import Span

WORD = re.compile(r"[^\W\d_]+")
#: A word read so by the dictionary can be a name (an abbreviation too: ``СК``).
NAME_OR_ABBREVIATION = NAME_GRAMMEMES | {"Abbr"}


def _not_a_name(piece, vocab):
    """A piece of one known word that the dictionary never reads as a name.

    A name (``Амано``), an acronym (``СК``) or a word the dictionary lacks stays.
    """
    words = WORD.findall(piece)
    if len(words) != 1:
        return not words
    word = words[0]
    if word.isupper() and len(word) > 1:
        return False
    parses = vocab(word.lower())
    if not parses or not any(parse.is_known for parse in parses):
        return False
    return not any(NAME_OR_ABBREVIATION & parse.tag.grammemes for parse in parses)


def _lines(text, start, stop):
    """``(line start, line stop)`` of every non-blank line that ``start:stop`` touches."""
    begin = text.rfind("\n", 0, start) + 1
    while begin < stop:
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        if text[begin:end].strip():
            yield begin, end
        begin = end + 1


def within_lines(spans, text, vocab, tagger):
    """``spans`` with every span that holds a line break replaced by its lines' own spans."""
    kept = []
    for span in spans:
        if "\n" not in span.text:
            kept.append(span)
            continue
        for begin, end in _lines(text, span.start, span.stop):
            for found in find_spans(text[begin:end], tagger):
                start, stop = begin + found.start, begin + found.stop
                if start < span.stop and span.start < stop and not _not_a_name(found.text, vocab):
                    kept.append(Span(start, stop, found.type, found.text))
    return sorted(set(kept), key=lambda span: (span.start, span.stop))
