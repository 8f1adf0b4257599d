"""The faster CNN encoder (``pipeline/cnn.py``) against slovnet's own, on the real models."""

import numpy as np
import pytest
from slovnet.exec.model import CNNEncoder

from pipeline.cnn import MaskedCNNEncoder


@pytest.fixture(scope="module")
def stock(tools):
    return tools.natasha_taggers()


def test_the_tools_run_the_faster_encoder_and_stock_natasha_does_not(tools, stock):
    for tagger in (tools.morph_tagger, tools.ner_tagger):
        assert type(tagger.infer.model.encoder) is MaskedCNNEncoder
    for tagger in stock:
        assert type(tagger.infer.model.encoder) is CNNEncoder


@pytest.mark.parametrize("which", [0, 1])
def test_the_encoder_gives_slovnets_numbers(tools, stock, which):
    fast = (tools.morph_tagger, tools.ner_tagger)[which].infer.model.encoder
    slow = stock[which].infer.model.encoder
    rng = np.random.default_rng(0)
    dim = slow.layers[0].conv.weight.shape[1]
    for batch, length in [(1, 1), (3, 7), (8, 40)]:
        input = rng.standard_normal((batch, length, dim)).astype(np.float32)
        mask = np.zeros((batch, length), dtype=bool)
        mask[1:, length // 2:] = True  # padding after the first row's length
        expected = slow(input.copy(), mask)
        got = fast(input.copy(), mask)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
        assert not got[mask].any()


def test_tags_and_spans_are_natashas(tools, stock, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    words = text.split()[:300]
    assert tools.morph_tagger(words).tokens == stock[0](words).tokens
    assert tools.ner_tagger(text).spans == stock[1](text).spans
