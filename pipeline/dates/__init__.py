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

import re
from dataclasses import dataclass
from datetime import date

from ..const import DATE
from ..records import DateValue, Span
from .context import Tenses, keep, split_range
from .grammar import DateGrammar
from .resolve import Context, Impossible, resolve

__all__ = ["DateGrammar", "Dates", "find_dates", "parse_iso_date"]

DATELINE_CHARS = 500
#: Sentences that cannot hold a date never reach the parser: no digit and none
#: of the words a calendar expression is made of.
CANDIDATE = re.compile(
    r"\d|январ|феврал|март|апрел|ма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|понедельник|вторник|сред|четверг|пятниц|суббот|воскресен|вчера|сегодня|завтра"
    r"|весн|лет[оаеу]|осен|зим[аыеуо]|век|квартал|полугоди|выходн|недел|месяц|год"
    r"|\b[IVXІХ]+\b", re.IGNORECASE)

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
    for sentence in sentences:
        chunk = text[sentence.start:sentence.stop]
        if CANDIDATE.search(chunk):
            yield from grammar(chunk, sentence.start)


def _checked(matches, text, grammar):
    """Matches whose context lets them stand; a rejected ``по`` range is parsed again by ends."""
    for match in matches:
        if keep(match, text, grammar.vocab):
            yield match
        elif match.first is not None and not match.last.bare:
            for start, stop in split_range(match):
                for part in grammar(text[start:stop], start):
                    if keep(part, text, grammar.vocab):
                        yield part


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
    matches = list(_checked(_matches(text, sentences, grammar), text, grammar))
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
