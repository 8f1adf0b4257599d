"""Heavy tools, loaded once per process and passed to every stage.

Importing ``pipeline`` first installs the pymorphy2 -> pymorphy3 alias
(``pipeline/compat.py``), so the natasha and yargy objects built here run on
pymorphy3.
"""

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import compat  # noqa: F401  (must precede natasha and yargy)
from .libc import malloc_trim


@dataclass(frozen=True)
class Tools:
    morph_tagger: object
    ner_tagger: object
    vocab: object
    dates: object

    def natasha_dates(self):
        """Stock natasha's ``DatesExtractor`` on the same vocabulary, for comparisons."""
        from natasha import DatesExtractor

        return DatesExtractor(self.vocab)

    def natasha_taggers(self):
        """Stock natasha's morph and NER taggers (``cnn.py`` left out), for comparisons."""
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger

        embedding = NewsEmbedding()
        return NewsMorphTagger(embedding), NewsNERTagger(embedding)


#: Words whose pymorphy3 parses each process keeps.
WORDS_KEPT = 5_000


def _vocab():
    """natasha's ``MorphVocab``, with each pymorphy3 tag's UD part of speech and
    features worked out once per process rather than once per parse (the same
    few thousand tags serve every word), and read through properties, so that
    a parse stores nothing besides pymorphy3's own fields (an attribute set
    on each took a quarter of the cache's memory). Its cache of parsed words
    keeps ``WORDS_KEPT``, half natasha's 10,000: each holds all its readings
    (about 1.4 KB), and memory is the limit (``morph.PARSES_KEPT``)."""
    from natasha import MorphVocab
    from natasha.morph.vocab import MorphForm, PymorphyAnalyzer, PymorphyParse

    class Form(MorphForm):
        def __new__(cls, *args):
            return PymorphyParse.__new__(cls, *args)

        normal = property(lambda self: self.normal_form)
        pos = property(lambda self: universal(self.tag)[0])
        feats = property(lambda self: universal(self.tag)[1])  # shared: never changed

    class Vocab(MorphVocab):
        def __init__(self):
            PymorphyAnalyzer.__init__(self, result_type=Form)

        parse = lru_cache(WORDS_KEPT)(PymorphyAnalyzer.parse)
        __call__ = parse

    return Vocab()


@lru_cache(maxsize=None)
def universal(tag):
    """A pymorphy3 tag's UD part of speech and features, once per process."""
    from natasha.morph.vocab import ud_feats, ud_pos

    return ud_pos(tag), dict(ud_feats(tag))


def forget_caches(tools):
    """Empty the per-process caches of words and their parses (``morph.py``,
    ``tagging.py``, ``tools.vocab``) and hand the freed memory back to the
    system. For the end of a run in the process that also joins the tables
    and runs the corpus step: on one 6 MB document (one worker) that end
    peaked 67 MB above the sections before it (469 MB against 402) while the
    caches held their words, 12 MB above (414) with them emptied. The next
    run fills them again."""
    import gc

    from .morph import forget_parses
    from .records import parse_feats
    from .tagging import forget_words

    type(tools.vocab).parse.cache_clear()
    forget_parses()
    parse_feats.cache_clear()
    forget_words()
    gc.collect()
    malloc_trim()


def load_tools():
    from natasha import NewsMorphTagger, NewsNERTagger

    from .cnn import install
    from .dates import DateGrammar
    from .embedding import news_embedding, shared_vocabularies

    embedding = news_embedding()
    with shared_vocabularies(embedding):
        morph_tagger, ner_tagger = NewsMorphTagger(embedding), NewsNERTagger(embedding)
    vocab = _vocab()
    return Tools(
        morph_tagger=install(morph_tagger),
        ner_tagger=install(ner_tagger),
        vocab=vocab,
        dates=DateGrammar(vocab),
    )


PACKAGES = ("ru-entities", "natasha", "slovnet", "navec", "razdel", "yargy",
            "pymorphy3", "pymorphy3-dicts-ru", "pandas", "pyarrow")


def versions():
    """Package versions and model files, for ``run.json``."""
    from natasha import data

    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    models = {
        "embedding": Path(data.NEWS_EMBEDDING).name,
        "morph": Path(data.NEWS_MORPH).name,
        "ner": Path(data.NEWS_NER).name,
    }
    return {"packages": found, "models": models}
