"""Sentences and tokens, from razdel.

Tokens are razdel's own, found with less work: razdel cuts a sentence into
atoms (a run of letters of one script, a number, one punctuation mark) and
splits wherever whitespace parts two of them; only where two atoms touch
(``т.е.``, ``1,5``, ``Нью-Йорк``) do its rules decide. razdel builds a split
record for every pair of atoms and then searches the text again for each
token; ``tokens`` asks the same rules, with the same three atoms on each side,
only where two atoms touch, and keeps the offsets it already has. The tokens
are the same (``tests/test_segment.py`` compares them).
"""

import razdel
from razdel.segmenters.tokenize import ATOM, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as razdel_tokenize

from .records import Sentence, Token

#: How many atoms on each side razdel's rules see.
WINDOW = 3


def tokens(text):
    """``(start, stop)`` of each of ``razdel.tokenize(text)``'s tokens."""
    matches = list(ATOM.finditer(text))
    atoms = {}

    def atom(index):  # razdel's record, made only for the rules
        found = atoms.get(index)
        if found is None:
            match = matches[index]
            found = atoms[index] = Atom(match.start(), match.end(), match.lastgroup, match.group())
        return found

    spans = []
    start = stop = -1
    for index, match in enumerate(matches):
        if match.start() == stop:  # two atoms touch: razdel's rules decide
            split = TokenSplit([atom(i) for i in range(max(0, index - WINDOW), index)], "",
                               [atom(i) for i in range(index, min(len(matches), index + WINDOW))])
            split.buffer = text[start:stop]
            if razdel_tokenize.join(split):
                stop = match.end()
                continue
        if start >= 0:
            spans.append((start, stop))
        start, stop = match.start(), match.end()
    if start >= 0:
        spans.append((start, stop))
    return spans


def segment(text):
    """Return ``(sentences, tokens)`` with offsets into ``text``."""
    sentences = []
    found = []
    for sentence_id, sent in enumerate(razdel.sentenize(text)):
        sentences.append(Sentence(sentence_id, sent.start, sent.stop))
        for start, stop in tokens(sent.text):
            found.append(Token(len(found), sentence_id, sent.start + start, sent.start + stop,
                               text[sent.start + start:sent.start + stop]))
    return sentences, found
