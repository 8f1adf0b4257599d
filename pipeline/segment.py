"""Sentences and tokens, from razdel."""

import razdel

from .records import Sentence, Token


def segment(text):
    """Return ``(sentences, tokens)`` with offsets into ``text``."""
    sentences = []
    tokens = []
    for sentence_id, sent in enumerate(razdel.sentenize(text)):
        sentences.append(Sentence(sentence_id, sent.start, sent.stop))
        for token in razdel.tokenize(sent.text):
            start = sent.start + token.start
            tokens.append(Token(len(tokens), sentence_id, start,
                                start + len(token.text), token.text))
    return sentences, tokens
