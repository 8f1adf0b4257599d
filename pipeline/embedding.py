"""natasha's news embedding and the slovnet taggers' vocabularies, loaded once.

natasha's ``NewsEmbedding``, ``NewsMorphTagger`` and ``NewsNERTagger`` each
load the same 250,002 words: navec's vocabulary, and the word vocabulary
packed into each slovnet model (the same words in the same order: a word's
id is its row in the embedding). Here the three are one list and one dict,
and the small vocabularies the two models share (word shapes) are one too:
``load_tools`` takes 0.15-0.2 s less and holds about 54 MB less (0.55-0.70
-> 0.36-0.49 s, 280 -> 226 MB, three runs each on this machine), and the
taggers see the same ids as before.

The embedding is loaded as ``NewsEmbedding`` loads it but for two things
only ``Navec.sim`` and ``Vocab.count`` read, which the taggers never call:
the similarity tables (``PQ.precompute``: the vectors' norms and the
centroids' products, worked out on a first ``sim`` instead) and the word
counts as Python ints (kept as a numpy array).
"""

from contextlib import contextmanager
from gzip import GzipFile, decompress

import numpy as np


def news_embedding():
    """natasha's news embedding (a ``navec.Navec``), lighter to load."""
    from natasha.data import NEWS_EMBEDDING
    from navec import Navec
    from navec.meta import Meta
    from navec.navec import META, PQ_, VOCAB
    from navec.pq import PQ
    from navec.tar import Tar
    from navec.vocab import Vocab

    class Codes(PQ):
        def precompute(self):
            self.qdims = np.arange(self.qdim)  # what a vector lookup needs

        def sim(self, a, b):
            if not hasattr(self, "ab"):
                PQ.precompute(self)
            return PQ.sim(self, a, b)

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        file = GzipFile(mode="rb", fileobj=tar.load(VOCAB))
        size, = np.frombuffer(file.read(4), np.uint32)  # navec's layout: size, counts, words
        counts = np.frombuffer(file.read(4 * int(size)), np.uint32)
        words = file.read().decode("utf-8").splitlines()
        return Navec(meta, Vocab(words, counts), Codes.from_file(tar.load(PQ_)))


@contextmanager
def shared_vocabularies(embedding):
    """While inside, a slovnet model loads its vocabularies from this process's
    copies: the embedding's words where a vocabulary holds exactly those,
    and one copy of each other vocabulary that several models hold."""
    from slovnet.const import PAD, UNK
    from slovnet.exec.pack import Pack, vocab_name
    from slovnet.vocab import Vocab

    class Known(Vocab):
        """A slovnet ``Vocab`` on a list and dict that exist already."""

        def __init__(self, items, item_ids):
            self.items, self.item_ids = items, item_ids
            self.unk_id, self.pad_id = item_ids.get(UNK), item_ids.get(PAD)

    words = embedding.vocab.words
    loaded = {}  # a vocabulary's text -> the one Vocab for it

    def load_vocab(pack, id):
        text = decompress(pack.read(vocab_name(id))).decode("utf-8")
        vocab = loaded.get(text)
        if vocab is None:
            items = text.splitlines()
            vocab = loaded[text] = (Known(words, embedding.vocab.word_ids) if items == words
                                    else Vocab(items))
        return vocab

    original = Pack.load_vocab
    Pack.load_vocab = load_vocab
    try:
        yield
    finally:
        Pack.load_vocab = original
