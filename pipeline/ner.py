"""PER, ORG and LOC spans from Natasha's slovnet NER model."""

from .const import NER_TYPES
from .records import Span


def find_spans(text, tagger):
    """Named-entity spans of ``text``, in text order."""
    if not text.strip():
        return []
    markup = tagger(text)
    spans = [Span(span.start, span.stop, span.type, text[span.start:span.stop])
             for span in markup.spans if span.type in NER_TYPES]
    return sorted(spans, key=lambda span: (span.start, span.stop))
