"""The whole pipeline for one document, in order: the one place to read it."""

import time
from bisect import bisect_left, bisect_right

from .const import PER
from .capitals import tag_capitals
from .consistency import label_consistently
from .dates import find_dates
from .lines import within_lines
from .morph import lemmatize, tag_morph
from .names import name_parts
from .ner import find_spans
from .normal import in_capitals, normalize, seen_first_names
from .organisations import repair_organisations
from .people import add_dictionary_names, repair_people
from .records import Mention, Name, Result
from .segment import segment


def _inside(outer, inner):
    return outer.start <= inner.start and inner.stop <= outer.stop


def _merge(entities, dates):
    """Entities and dates as one list in text order; where they overlap, the guide decides.

    A date inside a longer entity belongs to it (``улица 8 Марта``); an entity
    inside a date, or on the same span, is the date's word taken for a name
    (``Марта`` of ``8 Марта``, ``Сегодня`` as an ORG) and gives way; any other
    overlap keeps the entity.
    """
    entities = sorted(entities, key=lambda span: span.start)
    starts = [span.start for span in entities]
    longest = max((span.stop - span.start for span in entities), default=0)
    kept_dates = []
    dropped = set()
    for span, value in dates:
        # only entities starting within ``longest`` before the date can reach it
        nearby = entities[bisect_left(starts, span.start - longest):bisect_left(starts, span.stop)]
        hits = [entity for entity in nearby
                if entity.start < span.stop and span.start < entity.stop]
        if all(_inside(span, entity) for entity in hits):
            kept_dates.append((span, value))
            dropped.update((entity.start, entity.stop) for entity in hits)
    found = [(span, None) for span in entities if (span.start, span.stop) not in dropped]
    return sorted(found + kept_dates, key=lambda pair: (pair[0].start, pair[0].stop))


def tokens_of(span, tokens, starts):
    """The tokens that ``span`` overlaps, found by offset (``starts``: token starts, sorted)."""
    first = max(bisect_right(starts, span.start) - 1, 0)
    last = bisect_left(starts, span.stop)
    return [token for token in tokens[first:last]
            if token.start < span.stop and span.start < token.stop]


def _mention(index, span, value, inside, text, tools, seen):
    normal = normalize(inside, span.type, tools.vocab, span.start, span.text,
                       in_capitals(text, span.start, span.stop), seen)
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


class _Clock:
    """Seconds per stage, for the profile."""

    def __init__(self):
        self.stages = {}
        self.last = time.perf_counter()

    def __call__(self, stage):
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.last
        self.last = now


def process(source, tools):
    """Run every stage on one Source; a failure becomes the Result's error."""
    began = time.perf_counter()
    if source.error:
        return Result(source, error=source.error)
    clock = _Clock()
    try:
        text = source.text
        sentences, tokens = segment(text)
        clock("segment")
        tokens = tag_morph(sentences, tokens, tools.morph_tagger)
        clock("morph")
        tokens = lemmatize(tokens, tools.vocab)
        clock("lemma")
        entities = find_spans(text, tools.ner_tagger)
        entities = within_lines(entities, text, tools.vocab, tools.ner_tagger)
        entities = tag_capitals(entities, text, tools.ner_tagger, tools.vocab)
        entities = repair_people(entities, text, sentences, tools.vocab)
        starts = [token.start for token in tokens]
        span_tokens = lambda span: tokens_of(span, tokens, starts)  # noqa: E731
        entities = repair_organisations(entities, text, tools.vocab, span_tokens)
        entities = label_consistently(entities, tokens, text, span_tokens)
        entities = add_dictionary_names(entities, tokens, text, tools.vocab)
        clock("ner")
        dates = find_dates(text, tokens, tools.dates,
                           source.published, source.published_from)
        clock("dates")
        found = _merge(entities, dates.found)
        insides = [span_tokens(span) for span, _ in found]
        seen = seen_first_names(inside for (span, _), inside in zip(found, insides)
                                if span.type == PER)
        mentions = [_mention(index, span, value, inside, text, tools, seen)
                    for index, ((span, value), inside) in enumerate(zip(found, insides))]
        clock("mentions")
    except Exception as error:  # one bad document must not stop the batch
        return Result(source, error=f"{type(error).__name__}: {error}",
                      seconds=time.perf_counter() - began)
    return Result(source, sentences, tokens, mentions,
                  seconds=time.perf_counter() - began,
                  anchor=dates.anchor, anchor_source=dates.anchor_source,
                  stages=clock.stages)
