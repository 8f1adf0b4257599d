"""The whole pipeline, in order: the one place to read it.

``pipe(sources, tools)`` runs batches of documents through the stages and
yields one Result per source, in order; ``process(source, tools)`` is one
document alone, on the same code path. Within a batch the slovnet models read
the sentences of every document together (``tag_morph_many``,
``find_spans_many``); every other stage runs document by document, and a
document that fails at any stage becomes a Result with its error while the
rest of the batch goes on.
"""

import time
from bisect import bisect_left, bisect_right

from .const import PER
from .capitals import tag_capitals
from .consistency import label_consistently
from .dates import find_dates
from .lines import within_lines
from .morph import lemmatize, tag_morph_many
from .names import name_parts
from .ner import find_spans_many
from .normal import CapitalLines, normalize, seen_first_names
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


def _mention(index, span, value, inside, capitals, tools, seen):
    normal = normalize(inside, span.type, tools.vocab, span.start, span.text,
                       capitals(span.start), seen)
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


#: Documents per batch: enough for the models to read many sentences together.
BATCH_SIZE = 32


class _Document:
    """One document's state between stages, and the seconds each stage took."""

    def __init__(self, source):
        self.source = source
        self.text = source.text
        self.error = source.error
        self.stages = {}
        self.sentences, self.tokens, self.spans, self.dates = [], [], [], None
        self.mentions = []
        #: The tokens' start offsets (for ``tokens_of``), and the text's capital lines.
        self.starts, self.capitals = [], None

    def run(self, stage, step):
        """Run ``step(self)`` unless an earlier stage failed; a failure is kept, not raised."""
        if self.error:
            return
        began = time.perf_counter()
        try:
            step(self)
        except Exception as error:  # one bad document must not stop the batch
            self.error = f"{type(error).__name__}: {error}"
        self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - began

    def result(self):
        seconds = sum(self.stages.values())
        if self.error:
            return Result(self.source, error=self.error, seconds=seconds)
        return Result(self.source, self.sentences, self.tokens, self.mentions,
                      seconds=seconds, anchor=self.dates.anchor,
                      anchor_source=self.dates.anchor_source, stages=self.stages)


def _together(docs, stage, step):
    """Run ``step(live documents)`` once for all of them (a model reading a whole
    batch); its seconds are shared out by length. If it fails, each document
    is run alone, so that only the one that fails keeps the error."""
    live = [doc for doc in docs if not doc.error]
    if not live:
        return
    began = time.perf_counter()
    try:
        step(live)
    except Exception:
        for doc in live:
            doc.run(stage, lambda one: step([one]))
        return
    seconds = time.perf_counter() - began
    total = sum(len(doc.text) for doc in live) or 1
    for doc in live:
        doc.stages[stage] = doc.stages.get(stage, 0.0) + seconds * len(doc.text) / total


def _segment(doc):
    doc.sentences, doc.tokens = segment(doc.text)
    doc.starts = [token.start for token in doc.tokens]
    doc.capitals = CapitalLines(doc.text)


def _morph(tools):
    def step(docs):
        tagged = tag_morph_many([(doc.sentences, doc.tokens) for doc in docs], tools.morph_tagger)
        for doc, tokens in zip(docs, tagged):
            doc.tokens = tokens
    return step


def _ner(tools):
    def step(docs):
        for doc, spans in zip(docs, find_spans_many([doc.text for doc in docs], tools.ner_tagger)):
            doc.spans = spans
    return step


def _repair(tools):
    """The rules after the NER model, in order (one module each)."""
    def step(doc):
        text, tokens = doc.text, doc.tokens
        span_tokens = lambda span: tokens_of(span, tokens, doc.starts)  # noqa: E731
        spans = within_lines(doc.spans, text, tools.vocab, tools.ner_tagger)
        spans = tag_capitals(spans, text, tools.ner_tagger, tools.vocab, doc.capitals)
        spans = repair_people(spans, text, doc.sentences, tools.vocab)
        spans = repair_organisations(spans, text, tools.vocab, span_tokens)
        spans = label_consistently(spans, tokens, text, span_tokens)
        doc.spans = add_dictionary_names(spans, tokens, text, tools.vocab)
    return step


def _dates(tools):
    def step(doc):
        doc.dates = find_dates(doc.text, doc.tokens, tools.dates,
                               doc.source.published, doc.source.published_from)
    return step


def _mentions(tools):
    def step(doc):
        found = _merge(doc.spans, doc.dates.found)
        insides = [tokens_of(span, doc.tokens, doc.starts) for span, _ in found]
        seen = seen_first_names(inside for (span, _), inside in zip(found, insides)
                                if span.type == PER)
        doc.mentions = [_mention(index, span, value, inside, doc.capitals, tools, seen)
                        for index, ((span, value), inside) in enumerate(zip(found, insides))]
    return step


def _lemmas(tools):
    def step(doc):
        doc.tokens = lemmatize(doc.tokens, tools.vocab)
    return step


def _run(batch, tools):
    """One batch through every stage, in order."""
    docs = [_Document(source) for source in batch]
    for doc in docs:
        doc.run("segment", _segment)
    _together(docs, "morph", _morph(tools))
    for doc in docs:
        doc.run("lemma", _lemmas(tools))
    _together(docs, "ner", _ner(tools))
    for doc in docs:
        doc.run("ner", _repair(tools))
        doc.run("dates", _dates(tools))
        doc.run("mentions", _mentions(tools))
    return [doc.result() for doc in docs]


def batches(items, size):
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def pipe(sources, tools, batch_size=BATCH_SIZE):
    """A Result for each of ``sources``, in order, ``batch_size`` documents at a time."""
    for batch in batches(sources, batch_size):
        yield from _run(batch, tools)


def process(source, tools):
    """Run every stage on one Source; a failure becomes the Result's error."""
    return _run([source], tools)[0]
