"""slovnet's morph and NER taggers run from our tokens, with less work around
the models; the models, their arithmetic and their results are slovnet's.

What slovnet does around a model, and what is done here instead:

- it works out each word's shape (``Xx``, ``RU_x``...) and vocabulary id
  every time the word comes; ``WordIds`` keeps them per process (a bounded
  cache);
- its NER tagger cuts each text into words again with razdel, and turns the
  BIO tags back into spans by searching the text for each word, through a
  record per word and per span; here the words are ``segment.tokens``
  (razdel's own) and the spans come from their offsets;
- its CRF traces each best path back one sequence at a time; here every
  sequence of a batch is traced back at once, with the same choices.

Batches are cut exactly as slovnet cuts them (``batch_size`` items, in the
order given), so the numbers the models see are the same.
"""

import numpy as np
from slovnet.bio import parse_bio
from slovnet.chop import chop
from slovnet.exec.mask import split_masked
from slovnet.exec.pad import pad_sequence
from slovnet.shape import word_shape

from .segment import tokens

#: How many distinct words a ``WordIds`` remembers.
WORDS_KEPT = 20_000


class WordIds:
    """``(word id, shape id)`` of words for one slovnet encoder, remembered for
    up to ``WORDS_KEPT`` words; when that many are known, they are forgotten
    and the cache fills again with the words in use (cheaper than keeping an
    order of use, and the common words are back within a few documents)."""

    def __init__(self, encoder, kept=WORDS_KEPT):
        self.words, self.shapes = encoder.words_vocab, encoder.shapes_vocab
        self.kept = kept
        self.known = {}

    def __call__(self, word):
        ids = self.known.get(word)
        if ids is None:
            if len(self.known) >= self.kept:
                self.known.clear()
            ids = self.known[word] = (self.words.encode(word.lower()),
                                      self.shapes.encode(word_shape(word)))
        return ids


_WORD_IDS = {}


def _word_ids(encoder):
    """The ``WordIds`` of an encoder's vocabularies: one for the morph and NER
    taggers, whose vocabularies are the same objects (``embedding.py``)."""
    vocabs = (encoder.words_vocab, encoder.shapes_vocab)
    key = tuple(map(id, vocabs))
    found = _WORD_IDS.get(key)
    if found is None or found[0][0] is not vocabs[0] or found[0][1] is not vocabs[1]:
        found = _WORD_IDS[key] = (vocabs, WordIds(encoder))
    return found[1]


def forget_words():
    """Empty every ``WordIds`` (``tools.forget_caches``)."""
    for _, ids in _WORD_IDS.values():
        ids.known.clear()


def encode(encoder, items):
    """slovnet's ``WordShapeEncoder(items)``: a ``(word_id, shape_id, pad_mask)``
    batch of arrays per ``encoder.batch_size`` lists of words."""
    ids_of = _word_ids(encoder)
    words_pad, shapes_pad = encoder.words_vocab.pad_id, encoder.shapes_vocab.pad_id
    for chunk in chop(items, encoder.batch_size):
        word_id, shape_id = [], []
        for words in chunk:
            pairs = [ids_of(word) for word in words]
            word_id.append(np.array([pair[0] for pair in pairs]))
            shape_id.append(np.array([pair[1] for pair in pairs]))
        word_id = pad_sequence(word_id, words_pad)
        yield word_id, pad_sequence(shape_id, shapes_pad), word_id == words_pad


def morph_tags(tagger, items):
    """slovnet's morph tag ids for each list of words in ``items``."""
    infer = tagger.infer
    model = infer.model
    for word_id, shape_id, pad_mask in encode(infer.encoder, items):
        yield from split_masked(model.head.decode(model(word_id, shape_id, pad_mask)), ~pad_mask)


def best_paths(transitions, emissions, mask):
    """slovnet's ``CRF.decode``: the best tag path of each sequence of the
    batch, its forward pass as slovnet's, traced back for all at once."""
    batch_size, seq_len, tags_num = emissions.shape
    emissions = emissions.swapaxes(1, 0)
    mask = mask.swapaxes(1, 0)
    history = []
    score = emissions[0]
    batch_indexes, tags_indexes = np.indices((batch_size, tags_num))
    for index in range(1, seq_len):
        score_ = score.reshape(batch_size, tags_num, 1) + transitions \
            + emissions[index].reshape(batch_size, 1, tags_num)
        indexes = score_.argmax(-2)
        score_ = score_[batch_indexes, indexes, tags_indexes]
        score = np.where(mask[index].reshape(batch_size, 1), score_, score)
        history.append(indexes)
    sizes = mask.sum(0) - 1
    paths = np.zeros((batch_size, seq_len), dtype=np.int64)
    rows = np.arange(batch_size)
    paths[rows, sizes] = score.argmax(-1)
    for index in range(seq_len - 2, -1, -1):
        active = rows[sizes > index]
        paths[active, index] = history[index][active, paths[active, index + 1]]
    return [paths[row, :size + 1] for row, size in enumerate(sizes)]


def ner_spans(tagger, texts):
    """``[(start, stop, type), ...]`` of each of ``texts``: what slovnet's
    ``NER.map(texts)`` marks, cut into batches as it cuts them."""
    infer = tagger.infer
    model, encoder = infer.model, infer.encoder
    bio = [parse_bio(tag) for tag in infer.decoder.tags_vocab.items]
    transitions = model.head.crf.transitions.array
    for chunk in chop(texts, tagger.batch_size):
        offsets = [tokens(text) for text in chunk]
        items = [[text[start:stop] for start, stop in spans] for text, spans in zip(chunk, offsets)]
        paths = []
        for word_id, shape_id, pad_mask in encode(encoder, items):
            paths.extend(best_paths(transitions, model(word_id, shape_id, pad_mask), ~pad_mask))
        for spans, path in zip(offsets, paths):
            yield list(_bio_spans(spans, [bio[tag] for tag in path.tolist()]))


def _bio_spans(offsets, tags):
    """slovnet's ``bio_spans`` over ``(start, stop)`` offsets and ``(part, type)`` tags."""
    previous = start = stop = None
    for (begin, end), (part, kind) in zip(offsets, tags):
        if part == "O":
            if previous:
                yield start, stop, previous
                previous = None
        elif part == "B":
            if previous:
                yield start, stop, previous
            previous, start, stop = kind, begin, end
        elif part == "I":
            stop = end
    if previous:
        yield start, stop, previous
