"""What the date grammar found: a span and its parsed parts, before any value.

A ``When`` holds the parts one calendar expression names, as written: nothing
here knows the publication date. A ``DateMatch`` is a span with one ``When``,
or two for a range (``first`` and ``last``). ``resolve.py`` turns them into
ISO values.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class When:
    day: int | None = None
    month: int | None = None
    year: int | None = None
    #: A year counted from the publication year (``прошлого года`` -> -1).
    year_shift: int | None = None
    #: A month counted from the publication month (``прошлом месяце`` -> -1).
    month_shift: int | None = None
    #: A day counted from the publication day (``вчера`` -> -1).
    day_shift: int | None = None
    #: A week counted from the publication week (``следующей неделе`` -> 1).
    week_shift: int | None = None
    #: ``выходные``: the weekend; ``week_shift`` says which one when written.
    weekend: bool = False
    #: 0 (Monday) .. 6 (Sunday); ``week_shift`` says which week when written.
    weekday: int | None = None
    #: The first year of a decade (1980 for ``80-е``).
    decade: int | None = None
    century: int | None = None
    #: ``spring``, ``summer``, ``autumn``, ``winter``.
    season: str | None = None
    quarter: int | None = None
    #: 1 or 2: the first or second half of what the rest names.
    half: int | None = None
    #: A bare number taken as a year only because of its context (``в 2011``).
    bare: bool = False

    @property
    def has_year(self):
        return self.year is not None or self.year_shift is not None

    @property
    def relative(self):
        """Counted from the publication date (``вчера``, ``в прошлом году``)."""
        return (self.year_shift is not None or self.month_shift is not None
                or self.day_shift is not None or self.week_shift is not None
                or self.weekend or self.weekday is not None)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    stop: int
    text: str
    last: When
    #: The first end of a range (``26`` of ``26-27 марта``); None for one date.
    first: When | None = None
