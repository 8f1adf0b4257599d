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
from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM, INT, OTHER, PUNCT, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as razdel_tokenize

from .records import Sentence, Token

#: How many atoms on each side razdel's rules see.
WINDOW = 3
#: Dashes and the underscore join the atoms around them (``Нью-Йорк``); full
#: stops, commas and slashes join two numbers (``1,5``, ``1/2``).
LINKS = frozenset(DASHES) | {"_"}
NUMBER_LINKS = frozenset(".,/\\")


def _may_join(left, right):
    """Whether any of razdel's rules could join two touching atoms: its dash and
    underscore rules need one of ``LINKS``, its float and fraction rules one of
    ``NUMBER_LINKS`` beside a number, its punct rule two punctuation marks, its
    other rule a symbol, its yahoo rule a ``!``. Where none could, razdel
    splits, and so do we without asking (most touching atoms are a word and
    the comma or full stop after it)."""
    kinds = left.lastgroup, right.lastgroup
    if OTHER in kinds or kinds == (PUNCT, PUNCT):
        return True
    first, second = left.group(), right.group()
    return (second == "!" or first in LINKS or second in LINKS
            or (second in NUMBER_LINKS and kinds[0] == INT)
            or (first in NUMBER_LINKS and kinds[1] == INT))


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
        if match.start() == stop and _may_join(matches[index - 1], match):  # razdel's rules decide
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
