"""Our tokens are razdel's: on every text we have, and on arbitrary text."""

import razdel
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import segment, tokens

from .conftest import ROOT, need


def razdels(text):
    return [(token.start, token.stop) for token in razdel.tokenize(text)]


def test_the_tokens_of_every_text_we_have_are_razdels():
    paths = sorted((ROOT / "corpus" / "texts").glob("*.txt")) + sorted(need("nerel/dev").glob("*.txt")) \
        + sorted(need("factru-dev/devset").glob("*.txt"))
    assert len(paths) > 250
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for sentence in razdel.sentenize(text):
            assert tokens(sentence.text) == razdels(sentence.text), sentence.text[:80]


#: What razdel's rules look at: dashes, underscores, decimal points, fractions,
#: runs of punctuation, smileys, symbols beside letters, ``Yahoo!``.
PIECES = ["-", "—", "_", ".", ",", "/", "\\", "!", "?", "...", "--", "**", ":)", ":-(", "Δ", "€",
          "Yahoo", "1", "25", "т", "е", "Нью", "Йорк", "a", "b", " ", "  ", "\n", "«", "»", "(", ")",
          "'", '"', "№", "%", "$", "@", "#"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map("".join))
def test_the_tokens_of_any_text_are_razdels(text):
    assert tokens(text) == razdels(text)


def test_segment_offsets_point_at_the_token_texts():
    text = "Т.е. в Нью-Йорке 1,5 млн. человек :) — Yahoo! сказал: «да»."
    sentences, found = segment(text)
    assert [token.text for token in found] == [token.text for sentence in razdel.sentenize(text)
                                               for token in razdel.tokenize(sentence.text)]
    assert all(text[token.start:token.stop] == token.text for token in found)
