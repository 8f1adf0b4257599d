"""Heavy tools, loaded once per process and passed to every stage.

Importing ``pipeline`` first installs the pymorphy2 -> pymorphy3 alias
(``pipeline/compat.py``), so the natasha and yargy objects built here run on
pymorphy3.
"""

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import compat  # noqa: F401  (must precede natasha and yargy)


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


def load_tools():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger

    from .dates import DateGrammar

    embedding = NewsEmbedding()
    vocab = MorphVocab()
    return Tools(
        morph_tagger=NewsMorphTagger(embedding),
        ner_tagger=NewsNERTagger(embedding),
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
