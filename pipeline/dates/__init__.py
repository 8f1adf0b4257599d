"""DATE mentions and their ISO values.

``grammar.py`` finds calendar expressions and their parts (yargy rules),
``context.py`` checks what a match cannot see inside itself (the words around
it, the tense), ``resolve.py`` turns the parts and the anchor into ISO values.
``find_dates`` runs them in that order over one document.

The anchor is the publication date. A document without one takes it from its
own text when the text gives it: the first complete date (day, month and
year) in its first ``DATELINE_CHARS`` characters, where news puts the dateline
and the lead. Otherwise dates that need an anchor get no value.
"""

from dataclasses import dataclass
from datetime import date

from ..const import DATE
from ..records import DateValue, Span
from .context import Tenses, keep
from .grammar import DateGrammar
from .resolve import Context, Impossible, resolve

__all__ = ["DateGrammar", "Dates", "find_dates", "parse_iso_date"]

DATELINE_CHARS = 500
SOURCE_TEXT = "text"


@dataclass(frozen=True, slots=True)
class Dates:
    """What the date stage found in one document."""

    found: list  # [(Span, DateValue | None)]
    #: The anchor used (ISO) and where it came from: the caller's source, ``text`` or "".
    anchor: str = ""
    anchor_source: str = ""


def parse_iso_date(value):
    """``YYYY-MM-DD`` -> date, or None for an empty value; ValueError otherwise."""
    value = (value or "").strip()
    return date.fromisoformat(value) if value else None


def _matches(text, sentences, grammar):
    """Non-overlapping matches in text order, each the longest whose context lets it stand.

    A ``по`` range the context rejects (``марта 2003 года по июнь 2005 года``
    without ``с``) gives way to its shorter first end; the second end is then
    found from its own start.
    """
    for sentence in sentences:
        chunk = text[sentence.start:sentence.stop]
        reached = 0
        for start in grammar.starts(chunk):
            if start < reached:
                continue
            for match in grammar.at(chunk, start, sentence.start):
                if keep(match, text, grammar.vocab):
                    yield match
                    reached = match.stop - sentence.start
                    break


def _dateline_anchor(matches):
    for match in matches:
        if match.start >= DATELINE_CHARS:
            break
        when = match.last
        if match.first is None and None not in (when.day, when.month, when.year):
            try:
                return date(when.year, when.month, when.day)
            except ValueError:
                continue
    return None


def find_dates(text, sentences, tokens, grammar, published="", source=""):
    """The DATE spans of one document, with their values and the anchor used.

    ``published`` is the publication date (ISO, or "" when unknown) and
    ``source`` says where it came from (``meta``, ``--published``).
    """
    matches = list(_matches(text, sentences, grammar))
    anchor = parse_iso_date(published)
    if anchor is None:
        anchor = _dateline_anchor(matches)
        source = SOURCE_TEXT if anchor else ""
    context = Context(anchor)
    tenses = Tenses(tokens)
    found = []
    for match in matches:
        try:
            value = resolve(match, context, tenses.at(match.start, match.stop))
        except Impossible:
            continue
        found.append((Span(match.start, match.stop, DATE, match.text), value))
    return Dates(found, anchor.isoformat() if anchor else "", source)
