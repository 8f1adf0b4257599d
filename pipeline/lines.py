"""No mention crosses a line break.

The NER model reads a document as one stream, so a headline and the first
word of the next paragraph can come out as one span (``Петра I\\n\\nСегодня``,
``Дэвид Рокфеллер\\n\\nДэвид Рокфеллер``). Such a span is cut at its line
breaks; each piece keeps the type, except a piece of one known word that the
dictionary never reads as a name (``Верхняя``, ``Ушёл``, ``Сегодня``).
"""

import re

from .records import Span

LINE_BREAK = re.compile(r"\s*\n\s*")
WORD = re.compile(r"[^\W\d_]+")
#: pymorphy3 grammemes of a proper name.
NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def _not_a_name(piece, vocab):
    """A piece of one known word that the dictionary never reads as a name.

    ``Верхняя``, ``Ушёл``, ``Сегодня`` after a headline's name; a name
    (``Амано``), an acronym (``СК``) or a word the dictionary lacks stays.
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
    return not any(NAME_GRAMMEMES & parse.tag.grammemes for parse in parses)


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
            if piece and not _not_a_name(piece, vocab):
                kept.append(Span(offset, offset + len(piece), span.type, piece))
    return kept
