"""DATE mentions and their ISO values.

The spans come from natasha's yargy date grammar (``DatesExtractor``), which
finds single dates: ``2 апреля``, ``27 марта 2018 года``, ``2016 года``,
``01.10.2005``. Two kinds of range it cuts short are widened here with a
look at the text just before the match: a day range (``26-27 марта 2018
года``) and a year range (``2017-2021 годах``). Impossible dates (``31
июня``) are not dates and are dropped. A day or month without a year takes
the year of the document's publication date when one is known.
"""

import re
from datetime import date

from .const import DATE
from .records import DateValue, Span

DAY_RANGE = re.compile(r"(\d{1,2})\s?[-–—]\s?$")
YEAR_RANGE = re.compile(r"(\d{4})\s?[-–—]\s?$")


def _iso(year, month=None, day=None):
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid(year, month, day):
    try:
        date(year if year is not None else 2000, month or 1, day or 1)
    except ValueError:
        return False
    return True


def find_dates(text, extractor, published=""):
    """Return ``[(Span, DateValue | None)]`` for the dates in ``text``."""
    anchor_year = int(published[:4]) if published[:4].isdigit() else None
    found = []
    for match in extractor(text):
        fact = match.fact
        year, month, day = fact.year, fact.month, fact.day
        if not _valid(year, month, day):
            continue
        start, stop = match.start, match.stop
        first_day = first_year = None
        before = text[max(0, start - 8):start]
        if day is not None and (hit := DAY_RANGE.search(before)):
            if 1 <= int(hit.group(1)) < day:
                first_day = int(hit.group(1))
                start -= len(hit.group(0))
        elif day is None and month is None and year is not None and (hit := YEAR_RANGE.search(before)):
            if int(hit.group(1)) < year:
                first_year = int(hit.group(1))
                start -= len(hit.group(0))
        if year is None:
            year = anchor_year
        value = None
        if year is not None:
            end = _iso(year, month, day)
            if first_day is not None:
                begin = _iso(year, month, first_day)
            elif first_year is not None:
                begin = _iso(first_year)
            else:
                begin = end
            value = DateValue(begin, end)
        found.append((Span(start, stop, DATE, text[start:stop]), value))
    return found
