"""Our way round slovnet's models gives slovnet's results: the same NER spans,
the same morph tags, the same best CRF paths."""

import numpy as np
import razdel

from pipeline.ner import pieces
from pipeline.tagging import best_paths, morph_tags, ner_spans

from .conftest import ROOT

TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "texts").glob("*.txt"))]


def test_ner_spans_are_slovnets(tools):
    tagger = tools.ner_tagger
    texts = [text[start:stop] for text in TEXTS for start, stop in pieces(text)]
    texts.sort(key=len)  # as find_spans_many sends them
    ours = list(ner_spans(tagger, texts))
    theirs = [[(span.start, span.stop, span.type) for span in markup.spans]
              for markup in tagger.map(texts)]
    assert ours == theirs
    assert sum(map(len, ours)) > 1000


def test_morph_tags_are_slovnets(tools):
    infer = tools.morph_tagger.infer
    items = [[token.text for token in razdel.tokenize(sentence.text)]
             for text in TEXTS[:20] for sentence in razdel.sentenize(text)]
    ours = [ids.tolist() for ids in morph_tags(tools.morph_tagger, items)]
    theirs = [ids.tolist() for ids in infer.process(infer.encoder(items))]
    assert ours == theirs and len(ours) == len(items)


def test_best_paths_are_the_crfs(tools):
    crf = tools.ner_tagger.infer.model.head.crf
    chance = np.random.default_rng(3)
    for _ in range(20):
        batch, length = chance.integers(1, 9), chance.integers(1, 40)
        emissions = chance.normal(size=(batch, length, crf.transitions.array.shape[0]))
        sizes = chance.integers(1, length + 1, size=batch)
        mask = np.arange(length)[None, :] < sizes[:, None]
        ours = best_paths(crf.transitions.array, emissions, mask)
        theirs = crf.decode(emissions, mask)
        assert [path.tolist() for path in ours] == [path.tolist() for path in theirs]


def test_the_embedding_is_natashas_without_its_similarity_tables_until_asked():
    from natasha import NewsEmbedding

    from pipeline.embedding import news_embedding

    ours, theirs = news_embedding(), NewsEmbedding()
    assert ours.meta.id == theirs.meta.id
    assert np.array_equal(ours.pq.codes, theirs.pq.codes)
    assert np.array_equal(ours.pq.indexes, theirs.pq.indexes)
    assert not hasattr(ours.pq, "ab")
    assert np.array_equal(ours["москва"], theirs["москва"])
    assert ours.sim("москва", "петербург") == theirs.sim("москва", "петербург")
    assert ours.vocab.words == theirs.vocab.words
    assert ours.vocab.word_ids == theirs.vocab.word_ids
    assert ours.vocab.count("москва") == theirs.vocab.count("москва")


def test_the_taggers_read_one_copy_of_the_embeddings_words(tools):
    morph, ner = tools.morph_tagger.infer.encoder, tools.ner_tagger.infer.encoder
    assert morph.words_vocab is ner.words_vocab
    assert morph.shapes_vocab is ner.shapes_vocab
    stock_morph, stock_ner = tools.natasha_taggers()
    for ours, theirs in ((morph, stock_morph.infer.encoder), (ner, stock_ner.infer.encoder)):
        for name in ("words_vocab", "shapes_vocab"):
            mine, stock = getattr(ours, name), getattr(theirs, name)
            assert mine.items == stock.items and mine.item_ids == stock.item_ids
            assert (mine.unk_id, mine.pad_id) == (stock.unk_id, stock.pad_id)
    assert tools.ner_tagger.infer.decoder.tags_vocab.items == stock_ner.infer.decoder.tags_vocab.items
    assert len(morph.words_vocab.items) > 200_000
