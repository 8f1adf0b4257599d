"""The whole pipeline for one document, in order: the one place to read it."""

import time

from .const import PER
from .dates import find_dates
from .morph import lemmatize, tag_morph
from .names import name_parts
from .ner import find_spans
from .normal import normalize
from .records import Mention, Name, Result
from .segment import segment


def _overlaps(span, taken):
    return any(span.start < other.stop and other.start < span.stop for other in taken)


def _mention(index, span, value, tokens, tools):
    inside = [token for token in tokens if token.start < span.stop and span.start < token.stop]
    normal = normalize(inside, span.type, tools.vocab, span.start, span.text)
    name = name_parts(normal, tools.vocab) if span.type == PER else Name()
    return Mention(
        id=index,
        type=span.type,
        start=span.start,
        stop=span.stop,
        text=span.text,
        sentence_id=inside[0].sentence_id if inside else -1,
        normal=normal,
        lemma=" ".join(token.lemma for token in inside),
        name=name,
        date=value,
    )


def process(source, tools):
    """Run every stage on one Source; a failure becomes the Result's error."""
    began = time.perf_counter()
    if source.error:
        return Result(source, error=source.error)
    try:
        text = source.text
        sentences, tokens = segment(text)
        tokens = tag_morph(sentences, tokens, tools.morph_tagger)
        tokens = lemmatize(tokens, tools.vocab)
        spans = [(span, None) for span in find_spans(text, tools.ner_tagger)]
        taken = [span for span, _ in spans]
        dates = [(span, value) for span, value in find_dates(text, tools.dates, source.published)
                 if not _overlaps(span, taken)]
        found = sorted(spans + dates, key=lambda pair: (pair[0].start, pair[0].stop))
        mentions = [_mention(index, span, value, tokens, tools)
                    for index, (span, value) in enumerate(found)]
    except Exception as error:  # one bad document must not stop the batch
        return Result(source, error=f"{type(error).__name__}: {error}",
                      seconds=time.perf_counter() - began)
    return Result(source, sentences, tokens, mentions,
                  seconds=time.perf_counter() - began)
