"""DATE mentions and their ISO values.

``grammar.py`` finds calendar expressions and their parts (yargy rules),
``context.py`` checks what a match cannot see inside itself (the words around
it, the tense), ``resolve.py`` turns the parts and the anchor into ISO values.
``find_dates`` runs them in that order over one document.

The anchor is the publication date. A document without one takes it from its
own dateline when it has one (``МОСКВА, 14 марта 2019 года —``: a place at
the start of a line, a comma and a complete date, in the first
``DATELINE_CHARS`` characters). Otherwise dates that need an anchor get no
value; a day and month the text already wrote with a year still take it.
"""

import re
from dataclasses import dataclass
from datetime import date

from ..const import DATE
from ..records import Span
from .context import Tenses, keep
from .grammar import DateGrammar
from .resolve import Context, Impossible, resolve

__all__ = ["DateGrammar", "Dates", "find_dates"]

DATELINE_CHARS = 500
SOURCE_TEXT = "text"
LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Dates:
    """What the date stage found in one document."""

    found: list  # [(Span, DateValue | None)]
    #: The anchor used (ISO) and where it came from: the caller's source, ``text`` or "".
    anchor: str = ""
    anchor_source: str = ""


def _matches(text, grammar):
    """The matches of every line that their context lets stand, in text order.

    Lines, not sentences: a date never crosses a line break, but the sentence
    splitter may cut one at an abbreviation (``12 сент. 2019 г.``).
    """
    kept = [None]

    def accept(match):
        if keep(match, text, grammar.vocab, kept[-1]):
            kept.append(match)
            return True
        return False

    for line in LINE.finditer(text):
        yield from grammar.find(line.group(), line.start(), accept)


#: ``МОСКВА, `` or ``Нижний Новгород, `` at the start of a line, before the date.
DATELINE_PLACE = re.compile(r"^[^\S\n]*[A-ZА-ЯЁ][\w-]*([^\S\n][A-ZА-ЯЁ][\w-]*){0,2},[^\S\n]*$")
#: What follows a dateline's date: a dash, a full stop, a slash or a bracket.
DATELINE_END = re.compile(r"^[^\S\n]*([—–-]|\.|/|\()")


def _dateline_anchor(text, matches):
    """The date of the text's dateline (``МОСКВА, 14 марта 2019 года —``), or None.

    Only a complete date (day, month and year) right after a place name at
    the start of a line in the first ``DATELINE_CHARS`` characters counts: a
    date in the lead is the date of an event, not of the article.
    """
    for match in matches:
        if match.start >= DATELINE_CHARS:
            break
        when = match.last
        if match.first is not None or None in (when.day, when.month, when.year):
            continue
        line_start = text.rfind("\n", 0, match.start) + 1
        if DATELINE_PLACE.match(text[line_start:match.start]) and DATELINE_END.match(
                text[match.stop:match.stop + 5]):
            try:
                return date(when.year, when.month, when.day)
            except ValueError:
                continue
    return None


def find_dates(text, tokens, grammar, published="", source=""):
    """The DATE spans of one document, with their values and the anchor used.

    ``published`` is the publication date (ISO, or "" when unknown) and
    ``source`` says where it came from (``meta``, ``--published``).
    """
    matches = list(_matches(text, grammar))
    anchor = date.fromisoformat(published) if published else None  # checked by meta.py
    if anchor is None:
        anchor = _dateline_anchor(text, matches)
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
