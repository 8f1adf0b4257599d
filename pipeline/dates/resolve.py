"""From parsed parts to ISO values: ``resolve(match, context) -> DateValue | None``.

The rules are the guide's (``corpus/GUIDELINES.md``, "Date values"):

- ISO 8601 at the precision known; a range is ``start``/``end``; a decade,
  century, season, quarter or half is a range of years or months.
- The anchor is the publication date. A date with no year is the nearest such
  date to it, within a year either side; a past-tense verb puts it at or
  before the anchor, a future-tense verb at or after. A day and month (or a
  month) the same document already wrote with a year takes that year.
- A weekday alone is the nearest at or before the anchor (at or after in the
  future tense); with ``прошлую``/``эту``/``следующую`` it is that day of the
  previous, current or next Monday-Sunday week. ``выходные`` likewise.
- Without an anchor, what needs one has no value (never a guess).
- An impossible date (``31 июня``, ``29 февраля 2019 года``) is not a date:
  ``resolve`` raises ``Impossible`` and the caller drops the mention.
"""

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ..records import DateValue

PAST, FUTURE = "past", "future"
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}


class Impossible(ValueError):
    """The text names a day the calendar does not have."""


@dataclass
class Context:
    """What resolving needs beyond the match: the anchor and the document so far."""

    anchor: date | None = None
    #: (month, day) and month -> the year this document wrote them with.
    seen_days: dict = field(default_factory=dict)
    seen_months: dict = field(default_factory=dict)

    def remember(self, when):
        if when.year is None or when.month is None:
            return
        self.seen_months[when.month] = when.year
        if when.day is not None:
            self.seen_days[(when.month, when.day)] = when.year


def iso_day(day):
    return day.isoformat()


def iso_month(year, month):
    return f"{year:04d}-{month:02d}"


def _check_day(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        raise Impossible(f"{day}.{month}.{year}") from None


def _possible_somewhere(month, day):
    """Whether ``day`` of ``month`` exists in some year (29 February does)."""
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])


def _month_range(year, first, last):
    end_year = year + 1 if last < first else year
    return iso_month(year, first), iso_month(end_year, last)


def _shift_month(year, month, shift):
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _monday(day):
    return day - timedelta(days=day.weekday())


def _pick(candidates, anchor, tense, span_of):
    """The candidate nearest ``anchor``; the tense keeps it on its side of the anchor."""
    if tense == PAST:
        kept = [c for c in candidates if span_of(c)[0] <= anchor]
    elif tense == FUTURE:
        kept = [c for c in candidates if span_of(c)[1] >= anchor]
    else:
        kept = []
    kept = kept or candidates

    def distance(candidate):
        begin, end = span_of(candidate)
        if begin <= anchor <= end:
            return 0, 0
        gap = (begin - anchor).days if begin > anchor else (anchor - end).days
        return gap, begin > anchor  # ties go to the past
    return min(kept, key=distance)


def _month_bounds(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _season_bounds(year, season):
    first, last = SEASON_MONTHS[season]
    begin_year = year - 1 if season == "winter" else year
    return (date(begin_year, first, 1),
            date(year, last, calendar.monthrange(year, last)[1]))


def _infer_year(when, context, tense):
    """The year of a date written without one, or None."""
    if when.month is not None:
        if when.day is not None and (when.month, when.day) in context.seen_days:
            return context.seen_days[(when.month, when.day)]
        if when.day is None and when.month in context.seen_months:
            return context.seen_months[when.month]
    anchor = context.anchor
    if anchor is None:
        return None
    years = [anchor.year - 1, anchor.year, anchor.year + 1]
    if when.month is not None and when.day is not None:
        valid = []
        for year in years:
            try:
                valid.append(date(year, when.month, when.day))
            except ValueError:
                continue
        if not valid:
            return None
        return _pick(valid, anchor, tense, lambda day: (day, day)).year
    if when.month is not None:
        return _pick(years, anchor, tense, lambda year: _month_bounds(year, when.month))
    if when.season is not None:
        return _pick(years, anchor, tense, lambda year: _season_bounds(year, when.season))
    if when.quarter is not None or when.half is not None:
        first, last = ((3 * when.quarter - 2, 3 * when.quarter) if when.quarter is not None
                       else (6 * when.half - 5, 6 * when.half))
        return _pick(years, anchor, tense, lambda year: (_month_bounds(year, first)[0],
                                                         _month_bounds(year, last)[1]))
    return anchor.year


def _year_of(when, context, tense):
    if when.year is not None:
        return when.year
    if when.year_shift is not None:
        return context.anchor.year + when.year_shift if context.anchor else None
    return _infer_year(when, context, tense)


def _halve(begin, end, half):
    """The first or second half of an ISO range of years or of months."""
    if half is None:
        return begin, end
    if len(begin) == 4:  # years
        first, last = int(begin), int(end)
        middle = first + (last - first + 1) // 2 - 1
        return (begin, f"{middle:04d}") if half == 1 else (f"{middle + 1:04d}", end)
    year, month = int(begin[:4]), int(begin[5:7])
    end_year, end_month = int(end[:4]), int(end[5:7])
    count = (end_year * 12 + end_month) - (year * 12 + month) + 1
    middle = _shift_month(year, month, count // 2 - 1)
    after = _shift_month(*middle, 1)
    return ((begin, iso_month(*middle)) if half == 1 else (iso_month(*after), end))


def _relative(when, anchor, tense):
    """Values counted from the anchor: days, weekdays, weeks, weekends, months."""
    if when.day_shift is not None:
        day = iso_day(anchor + timedelta(days=when.day_shift))
        return day, day
    if when.weekday is not None:
        if when.week_shift is not None:
            day = _monday(anchor) + timedelta(weeks=when.week_shift, days=when.weekday)
        else:
            back = (anchor.weekday() - when.weekday) % 7
            day = anchor - timedelta(days=back)
            if tense == FUTURE and back:
                day += timedelta(weeks=1)
        return iso_day(day), iso_day(day)
    if when.weekend:
        if when.week_shift is not None:
            saturday = _monday(anchor) + timedelta(weeks=when.week_shift, days=5)
        elif tense == FUTURE:
            saturday = anchor + timedelta(days=(5 - anchor.weekday()) % 7)
            if anchor.weekday() == 6:
                saturday = anchor - timedelta(days=1)
        else:
            saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        return iso_day(saturday), iso_day(saturday + timedelta(days=1))
    if when.week_shift is not None:
        monday = _monday(anchor) + timedelta(weeks=when.week_shift)
        return iso_day(monday), iso_day(monday + timedelta(days=6))
    if when.month_shift is not None and when.month is None:
        month = iso_month(*_shift_month(anchor.year, anchor.month, when.month_shift))
        return month, month
    return None


def resolve_when(when, context, tense=None):
    """``(start, end)`` ISO strings for one ``When``, or None when unknown."""
    if when.day is not None and when.month is not None and not _possible_somewhere(when.month, when.day):
        raise Impossible(f"{when.day}.{when.month}")
    if when.century is not None:
        begin, end = f"{(when.century - 1) * 100 + 1:04d}", f"{when.century * 100:04d}"
        return _halve(begin, end, when.half)
    if when.decade is not None:
        return _halve(f"{when.decade:04d}", f"{when.decade + 9:04d}", when.half)
    if when.relative and not when.has_year:
        return _relative(when, context.anchor, tense) if context.anchor else None
    year = _year_of(when, context, tense)
    if year is None:
        return None
    if when.day is not None and when.month is not None:
        day = iso_day(_check_day(year, when.month, when.day))
        return day, day
    if when.month is not None:
        return iso_month(year, when.month), iso_month(year, when.month)
    if when.season is not None:
        first, last = SEASON_MONTHS[when.season]
        return _month_range(year - 1 if when.season == "winter" else year, first, last)
    if when.quarter is not None:
        first = 3 * (when.quarter - 1) + 1
        return iso_month(year, first), iso_month(year, first + 2)
    if when.half is not None:
        return _halve(iso_month(year, 1), iso_month(year, 12), when.half)
    return f"{year:04d}", f"{year:04d}"


def complete_first(first, last):
    """The first end of a range takes what it leaves out from the last end.

    ``26-27 марта 2018 года``: 26 takes March 2018; ``30 декабря - 2 января
    2020 года``: 30 December takes 2019, the year before the last end's.
    """
    changes = {}
    if first.day is not None and first.month is None:
        changes["month"] = last.month
    if not first.has_year and first.decade is None and first.century is None:
        if last.year is not None:
            month = changes.get("month", first.month)
            year = last.year
            if month is not None and last.month is not None and month > last.month:
                year -= 1
            changes["year"] = year
        elif last.year_shift is not None:
            changes["year_shift"] = last.year_shift
    if first.decade is not None and first.decade < 100 and last.decade is not None:
        changes["decade"] = last.decade // 100 * 100 + first.decade % 100
    return replace(first, **changes) if changes else first


def _range_year(first, last, context, tense):
    """The year of a yearless range's last end: the range is placed as a whole.

    ``проходила с 19 по 25 сентября`` in an article of 23 September is this
    September although it ends after publication: the tense is checked
    against the range's start, the distance against the whole range.
    """
    if last.month is not None and last.day is not None and (last.month, last.day) in context.seen_days:
        return context.seen_days[(last.month, last.day)]
    anchor = context.anchor
    if anchor is None or last.month is None:
        return None

    def bounds(year):
        begin_year = year - 1 if first.month > last.month else year
        begin = (date(begin_year, first.month, first.day or 1))
        end = (date(year, last.month, last.day) if last.day
               else _month_bounds(year, last.month)[1])
        return begin, end

    years = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            bounds(year)
        except ValueError:
            continue
        years.append(year)
    if not years:
        return None
    return _pick(years, anchor, tense, bounds)


def resolve(match, context, tense=None):
    """The ``DateValue`` of a ``DateMatch``, or None when it cannot be known."""
    last = resolve_when(match.last, context, tense)
    if match.first is None:
        value = last
    else:
        first_when = complete_first(match.first, match.last)
        if not first_when.has_year and not match.last.has_year and first_when.month is not None:
            year = _range_year(first_when, match.last, context, tense)
            if year is None:
                return None
            shift = 1 if match.last.month is not None and first_when.month > match.last.month else 0
            first_when = replace(first_when, year=year - shift)
            last = resolve_when(replace(match.last, year=year), context, tense)
        first = resolve_when(first_when, context, tense)
        value = (first[0], last[1]) if first and last else None
        if value and value[0] > value[1]:
            return None
    for when in (match.first, match.last):
        if when is not None:
            context.remember(when)
    return DateValue(*value) if value else None
