"""The documented natasha loop over a folder of .txt files: the baseline of
``benchmarks/speed.py``.

    python benchmarks/natasha_loop.py FOLDER

Segment, morph, syntax, NER, ``span.normalize`` for every span and
``DatesExtractor``, document by document, as natasha's README shows. Prints
one JSON line: documents, tokens, model loading seconds, total seconds.
"""

import json
import sys
import time
from pathlib import Path

import pipeline  # noqa: F401  (pymorphy3 under natasha's pymorphy2 name)


def main(folder):
    began = time.perf_counter()
    from natasha import (DatesExtractor, Doc, MorphVocab, NewsEmbedding, NewsMorphTagger,
                         NewsNERTagger, NewsSyntaxParser, Segmenter)

    segmenter, vocab, embedding = Segmenter(), MorphVocab(), NewsEmbedding()
    morph, syntax, ner = NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)
    dates = DatesExtractor(vocab)
    loaded = time.perf_counter() - began
    documents = tokens = 0
    for path in sorted(Path(folder).rglob("*.txt")):
        doc = Doc(path.read_text(encoding="utf-8"))
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        for span in doc.spans:
            span.normalize(vocab)
        list(dates(doc.text))
        documents += 1
        tokens += len(doc.tokens)
    print(json.dumps({"documents": documents, "tokens": tokens, "loading": loaded,
                      "seconds": time.perf_counter() - began}))


if __name__ == "__main__":
    main(sys.argv[1])
