"""The date grammar: yargy rules for every calendar expression the guide labels.

The grammar finds spans and their parts (``parts.When``); it never computes a
value. Word forms come from pymorphy3's lexemes, built once when the grammar
is built, so the parser runs on yargy's plain tokenizer without a morphology
lookup per token. Rules, from the smallest:

- a year: ``2016 года``, ``2016 г.``, ``2008-м году``; a bare ``2011`` or
  ``2008-м`` only where the context makes it a year (``filters.py``);
- a day and month, a month, with a year or a relative year: ``12 марта 2020
  года``, ``марте прошлого года``, ``01.10.2005``, ``19.10.16``, ``2019-05-01``;
- decades (``1980-е``, ``80-х годов``), centuries (``XX век``, ``XVII веке``),
  seasons, quarters and half-years, and a part of a unit (``конце XX века``,
  ``первой половины XVIII века``);
- weekdays, weeks, weekends, months and years counted from today (``в прошлую
  пятницу``, ``на этой неделе``, ``на выходных``, ``в прошлом месяце``), and
  ``вчера``, ``сегодня``, ``завтра``, ``позавчера``, ``послезавтра``;
- ranges of any of these with ``-``, ``–``, ``—``, ``по`` and ``до``: ``26-27
  марта``, ``1 по 5 мая``, ``марта 2003 года по июнь 2005 года``,
  ``2017–2021 годах``, ``с 1995 по 2001``;
- a day named twice: ``среду, 5 мая``, ``вчера, 9 мая 2019 года``.
"""

import re
from dataclasses import dataclass

from pymorphy3.analyzer import MorphAnalyzer
from yargy import Parser, or_, rule
from yargy.parser import Node, State, prepare_match, prepare_trees
from yargy.tree import Leaf
from yargy.rule.bnf import is_rule
from yargy.interpretation import fact
from yargy.predicates import custom, eq, in_caseless
from yargy.tokenizer import Tokenizer

from ..const import MONTHS
from .parts import DateMatch, When

INT, RU, LATIN = "INT", "RU", "LATIN"

#: Abbreviations news writes for months (``1 авг``, ``12 сент. 2019``).
MONTH_ABBREVIATIONS = {"янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "авг": 8,
                       "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12}
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
SEASONS = {"весна": "spring", "лето": "summer", "осень": "autumn", "зима": "winter"}
#: Adverbs of season: ``весной 2019 года``.
SEASON_ADVERBS = {"весной": "spring", "летом": "summer", "осенью": "autumn", "зимой": "winter"}
#: Words that count from the publication date, and by how much.
SHIFTS = {"прошлый": -1, "минувший": -1, "прошедший": -1, "позапрошлый": -2, "этот": 0, "текущий": 0,
          "нынешний": 0, "следующий": 1, "будущий": 1, "наступающий": 1}
DAY_WORDS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
ORDINALS = {"первый": 1, "второй": 2, "третий": 3, "четвёртый": 4}
PARTS = ("начало", "середина", "конец")
ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
#: Cyrillic letters written for Roman numerals (``ХХ век`` with Cyrillic Х).
ROMAN_LOOKALIKES = str.maketrans("ХхІіУу", "XXIIVV")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
#: Suffixes after a number: ``2008-м``, ``1990-е``, ``80-х``.
ORDINAL_SUFFIXES = {"й", "м", "го", "му", "ом", "ый", "ого"}
DECADE_SUFFIXES = {"е", "х", "ые", "ых", "ми", "м", "ым", "ыми"}
DASHES = {"-", "–", "—", "‒", "−"}


def lexeme(vocab, word, plural=True):
    """Every form of ``word`` (pymorphy3's lexeme), with ё also written е."""
    found = {word}
    for parse in MorphAnalyzer.parse(vocab, word):
        if parse.normal_form.replace("ё", "е") != word.replace("ё", "е"):
            continue
        for form in parse.lexeme:
            if plural or "plur" not in form.tag:
                found.add(form.word)
    return found | {form.replace("ё", "е") for form in found}


def form_map(vocab, words, plural=True):
    """``{form: value}`` for a ``{word: value}`` table of lemmas."""
    table = {}
    for word, value in words.items():
        for form in lexeme(vocab, word, plural):
            table.setdefault(form, value)
    return table


def roman(value):
    value = value.translate(ROMAN_LOOKALIKES).upper()
    if not value or not ROMAN.match(value):
        return None
    total = 0
    for char, following in zip(value, value[1:] + " "):
        number = ROMAN_VALUES[char]
        total += -number if ROMAN_VALUES.get(following, 0) > number else number
    return total


Fact = fact("When", ["day", "month", "year", "year_shift", "month_shift", "day_shift",
                     "week_shift", "weekend", "weekday", "decade", "century", "season",
                     "quarter", "half"])
Range = fact("Range", ["first", "last"])


def _lookup(table):
    return lambda value: table[value.lower()]


def _words(table):
    return in_caseless(set(table))


def _number(low, high, digits=(1, 2, 3, 4)):
    return custom(lambda value: len(value) in digits and low <= int(value) <= high, types=INT)


def _two_digit_year(value):
    """``16`` in ``19.10.16``: 00-49 are 2000-2049, 50-99 are 1950-1999."""
    number = int(value)
    return 2000 + number if number < 50 else 1900 + number


def _decade(value):
    number = int(value)
    if number < 100:
        return 2000 if number == 0 else 1900 + number
    return number


def build_rules(vocab):
    """The top rule of the grammar and its ``Openings``; word forms from
    ``vocab`` (pymorphy3)."""
    months = form_map(vocab, {name: index for index, name in enumerate(MONTHS, 1)}, plural=False)
    weekdays = form_map(vocab, {name: index for index, name in enumerate(WEEKDAYS)}, plural=False)
    # ``среда`` is also "environment": only ``среду`` (``в среду``) alone; the rest
    # with a shift word or a date after it
    safe_weekdays = {form: day for form, day in weekdays.items()
                     if day != 2 or form in ("среду",)}
    seasons = form_map(vocab, SEASONS, plural=False)
    season_words = {**seasons, **SEASON_ADVERBS}
    shifts = form_map(vocab, SHIFTS)
    ordinals = form_map(vocab, ORDINALS)
    part_forms = set().union(*(lexeme(vocab, word, plural=False) for word in PARTS))
    year_forms = lexeme(vocab, "год") - {"лет"}
    month_words = lexeme(vocab, "месяц")
    week_words = lexeme(vocab, "неделя", plural=False)
    weekend_words = {"выходные", "выходных", "выходным", "выходными"}
    century_words = lexeme(vocab, "век")
    quarter_words = lexeme(vocab, "квартал", plural=False)
    halfyear_words = lexeme(vocab, "полугодие", plural=False)
    half_words = lexeme(vocab, "половина", plural=False)

    dash = in_caseless(DASHES)
    dot = eq(".")

    # --- a year ---------------------------------------------------------
    year_word = or_(rule(in_caseless(year_forms)),
                    rule(in_caseless({"г", "гг"}), dot.optional()))
    ordinal_suffix = rule(dash.optional(), in_caseless(ORDINAL_SUFFIXES))
    year_number = _number(1000, 2100, digits=(4,)).interpretation(Fact.year.custom(int))
    year_any = _number(100, 2100, digits=(3, 4)).interpretation(Fact.year.custom(int))
    year = or_(
        rule(year_any, ordinal_suffix.optional(), in_caseless(year_forms)),
        rule(year_number, ordinal_suffix.optional(),
             in_caseless({"г", "гг"}), dot.optional()),
    )
    bare_year = rule(year_number, ordinal_suffix.optional())

    def shift(attribute):
        return _words(shifts).interpretation(attribute.custom(_lookup(shifts)))

    relative_year = rule(shift(Fact.year_shift), in_caseless(year_forms))

    # --- day and month ------------------------------------------------------
    day = _number(1, 31, digits=(1, 2)).interpretation(Fact.day.custom(int))
    day_suffixed = rule(day, rule(dash, in_caseless({"го", "е", "ое"})).optional())
    month = _words(months).interpretation(Fact.month.custom(_lookup(months)))
    abbreviation = _words(MONTH_ABBREVIATIONS).interpretation(
        Fact.month.custom(_lookup(MONTH_ABBREVIATIONS)))
    month_abbr_dot = or_(rule(month), rule(abbreviation, dot.optional()))
    day_month = rule(day_suffixed, month_abbr_dot)
    numeric = or_(
        rule(day, dot, _number(1, 12, digits=(1, 2)).interpretation(Fact.month.custom(int)), dot,
             or_(year_number,
                 _number(0, 99, digits=(2,)).interpretation(Fact.year.custom(_two_digit_year))),
             year_word.optional()),
        rule(day, eq("/"), _number(1, 12, digits=(1, 2)).interpretation(Fact.month.custom(int)),
             eq("/"), year_number),
        rule(year_number, eq("-"),
             _number(1, 12, digits=(2,)).interpretation(Fact.month.custom(int)), eq("-"),
             _number(1, 31, digits=(2,)).interpretation(Fact.day.custom(int))),
    )
    # ``с.г.`` (сего года): this year
    this_year = rule(eq("с"), dot, eq("г").interpretation(Fact.year_shift.const(0)))
    with_year = or_(rule(year_number, ordinal_suffix.optional(), year_word.optional()),
                    relative_year, this_year)
    full_date = rule(day_month, with_year.optional())
    month_date = rule(month_abbr_dot, with_year.optional())

    # --- decades, centuries, seasons, parts of a year -------------------------
    decade_number = custom(lambda value: (len(value) == 2 and int(value) % 10 == 0)
                           or (len(value) == 4 and value.endswith("0")
                               and 1000 <= int(value) <= 2100), types=INT)
    decade = rule(decade_number.interpretation(Fact.decade.custom(_decade)), dash,
                  in_caseless(DECADE_SUFFIXES), in_caseless(year_forms).optional())
    century_number = or_(
        rule(custom(lambda value: roman(value) is not None and 1 <= roman(value) <= 21,
                    types=(LATIN, RU)).interpretation(Fact.century.custom(roman)),
             ordinal_suffix.optional()),
        rule(_number(1, 21, digits=(1, 2)).interpretation(Fact.century.custom(int)),
             ordinal_suffix.optional()),
    )
    century = rule(century_number, or_(rule(in_caseless(century_words)),
                                       rule(eq("в"), dot), rule(eq("вв"), dot)))
    season = rule(_words(season_words).interpretation(Fact.season.custom(_lookup(season_words))),
                  with_year.optional())
    relative_season = rule(shift(Fact.year_shift),
                           _words(season_words).interpretation(
                               Fact.season.custom(_lookup(season_words))))
    ordinal_number = or_(
        _words(ordinals).interpretation(Fact.quarter.custom(_lookup(ordinals))),
        custom(lambda value: roman(value) in (1, 2, 3, 4),
               types=(LATIN, RU)).interpretation(Fact.quarter.custom(roman)),
        rule(_number(1, 4, digits=(1,)).interpretation(Fact.quarter.custom(int)),
             ordinal_suffix.optional()),
    )
    quarter = rule(ordinal_number, in_caseless(quarter_words), with_year.optional())
    half_ordinal = or_(
        _words({k: v for k, v in ordinals.items() if v <= 2}).interpretation(
            Fact.half.custom(_lookup(ordinals))),
        custom(lambda value: roman(value) in (1, 2), types=(LATIN, RU)).interpretation(
            Fact.half.custom(roman)),
        rule(_number(1, 2, digits=(1,)).interpretation(Fact.half.custom(int)),
             ordinal_suffix.optional()),
    )
    halfyear = rule(half_ordinal, in_caseless(halfyear_words), with_year.optional())
    relative_week = rule(shift(Fact.week_shift), in_caseless(week_words))
    relative_month = rule(shift(Fact.month_shift), in_caseless(month_words))
    unit = or_(full_date, month_date, year, decade, century, season, relative_year,
               relative_week, relative_month)
    half_of = rule(half_ordinal, in_caseless(half_words), unit)
    part_of = rule(in_caseless(part_forms), or_(unit, half_of))

    # --- counted from today ------------------------------------------------
    day_word = _words(DAY_WORDS).interpretation(Fact.day_shift.custom(_lookup(DAY_WORDS)))
    weekday_any = _words(weekdays).interpretation(Fact.weekday.custom(_lookup(weekdays)))
    weekday_safe = _words(safe_weekdays).interpretation(Fact.weekday.custom(_lookup(weekdays)))
    relative_weekday = rule(shift(Fact.week_shift), weekday_any)
    # ``в следующем мае``: a month of the year counted from this one
    relative_month_name = rule(shift(Fact.year_shift), month)
    weekend = rule(shift(Fact.week_shift).optional(),
                   in_caseless(weekend_words).interpretation(Fact.weekend.const(True)))
    # ``среду, 5 мая``: the weekday is checked against nothing; the date gives the value
    named_day = rule(or_(rule(_words(DAY_WORDS)), rule(_words(shifts).optional(), _words(weekdays))),
                     or_(rule(eq(",")), rule(dash)).optional(), full_date)

    single = or_(
        full_date, month_date, year, numeric, decade, century, season, relative_season,
        quarter, halfyear, half_of, part_of, relative_year, relative_month, relative_month_name, relative_week,
        relative_weekday, weekend, named_day, weekday_safe, day_word, bare_year,
    ).interpretation(Fact).interpretation(Range.last)

    # --- ranges --------------------------------------------------------------
    def ends(first, last, words):
        return rule(first.interpretation(Fact).interpretation(Range.first), words,
                    last.interpretation(Fact).interpretation(Range.last))

    through = or_(rule(dash), rule(in_caseless({"по", "до"})))
    ranges = or_(
        ends(day_suffixed, full_date, through),           # 26-27 марта, 1 по 5 мая 2019 года
        ends(day_month, full_date, through),              # 30 апреля – 2 мая
        ends(full_date, full_date, through),              # 1 мая 2019 года по 5 мая 2020 года
        ends(month, month_date, through),                 # январь-август 2006 года
        ends(month_date, month_date, through),            # марта 2003 года по июнь 2005 года
        ends(full_date, month_date, through),             # 1 марта 2011 по декабрь 2015
        ends(month_date, full_date, through),             # мая 2003 года по 27 ноября 2005 года
        ends(rule(year_number), rule(year_number, year_word.optional()), through),
        ends(year, year, through),                        # 2016 года по 2018 год
        ends(rule(decade_number.interpretation(Fact.decade.custom(_decade))), decade, dash),
        ends(decade, decade, dash),                       # 1960-х — 1980-х гг.
        ends(century_number, century, dash),              # XIX-XX веков
        ends(numeric, numeric, through),
    )

    # where a match can start, and what must come next for one to start there
    free = {form.lower(): None for table in (months, MONTH_ABBREVIATIONS, weekdays, season_words,
                                             part_forms, DAY_WORDS, weekend_words)
            for form in table}
    after_shift = _lower(year_forms, week_words, month_words, weekdays, season_words, months,
                         weekend_words)
    after_ordinal = _lower(quarter_words, halfyear_words, half_words)
    words = {**{form.lower(): after_shift for form in shifts},
             **{form.lower(): after_ordinal for form in ordinals}, **free}
    after_roman = _lower(century_words, {"в", "вв"}, ORDINAL_SUFFIXES, quarter_words,
                         halfyear_words, half_words)
    after_number = _lower(months, MONTH_ABBREVIATIONS, year_forms, {"г", "гг", "го", "е", "ое"},
                          ORDINAL_SUFFIXES, DECADE_SUFFIXES, after_roman)
    return or_(ranges, single).interpretation(Range), Openings(words, after_number, after_roman)


def _lower(*tables):
    return frozenset(form.lower() for table in tables for form in table)


@dataclass(frozen=True)
class Openings:
    """Where a date can start: a word of ``words`` followed by one of the words
    it maps to (or by anything, for None); a number followed by a word of
    ``after_number``; a Roman numeral followed by one of ``after_roman``.
    The next word skips spaces, dashes, numbers and ``по``/``до``
    (``26-27 марта``, ``XIX-XX веков``), and a Roman numeral counts as one of
    ``after_roman``. A four-digit number or a numeric date always may."""

    words: dict
    after_number: frozenset
    after_roman: frozenset


#: A year range or year written without ``год``/``г.``: ``2011``, ``1995 по 2001``.
BARE = re.compile(r"^\d{4}(-?[а-я]{1,3})?(\s*([-–—‒−]|по|до)\s*\d{4}(-?[а-я]{1,3})?)?$")


def adapt(fact, bare=False):
    """A yargy ``When`` fact -> ``parts.When``."""
    if fact is None:
        return None
    return When(day=fact.day, month=fact.month, year=fact.year, year_shift=fact.year_shift,
                month_shift=fact.month_shift, day_shift=fact.day_shift,
                week_shift=fact.week_shift, weekend=bool(fact.weekend), weekday=fact.weekday,
                decade=fact.decade, century=fact.century, season=fact.season,
                quarter=fact.quarter, half=fact.half, bare=bare)


class _State(State):
    """yargy's chart state, hashed as yargy hashes it (the same values, so the
    same states are kept), without a generator: the chart hashes every state
    it adds, and that was a tenth of the parser's time."""

    def __hash__(self):
        return hash((id(self.rule), id(self.production), self.dot_index, self.start_column.index,
                     self.stop_column.index, tuple(map(id, self.node.children))))


class LookaheadParser(Parser):
    """yargy's Earley parser, predicting only productions the next token can start.

    yargy predicts every production of a rule at every step; with a grammar
    this size most of the parser's time went into states that die on the next
    token. ``FIRST`` sets (the terminals a production can begin with) are
    computed once; a production is predicted only when one of them accepts
    the next token, or when it can be empty. A rule is predicted once per
    column: predicting it again makes the same states, which the chart would
    drop as already there. The matches are the same.
    """

    def __init__(self, rule, tokenizer=None):
        super().__init__(rule, tokenizer=tokenizer)
        self.first = _first_sets(self.rule)
        self._verdicts = {}
        self._predicted = set()

    def chart(self, text, all=True):
        self._verdicts, self._predicted = {}, set()
        return super().chart(text, all=all)

    def _accepts(self, predicate, token):
        key = (id(predicate), id(token))
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = bool(predicate(token))
        return verdict

    def predict(self, column, next_column, rule):
        key = (column.index, id(rule))
        if key in self._predicted:
            return
        self._predicted.add(key)
        if not next_column:
            return super().predict(column, next_column, rule)
        token = next_column.token
        for index, production in enumerate(rule.productions):
            predicates, nullable = self.first[id(production)]
            if not nullable and not any(self._accepts(predicate, token) for predicate in predicates):
                continue
            node = Node(rule, production, rank=index, children=[])
            column.append(_State(rule, production, dot_index=0, start_column=column,
                                 stop_column=column, node=node))

    # yargy's scan and complete, making _States
    def scan(self, column, predicate, state):
        token = column.token
        if self._accepts(predicate, token):
            leaf = Leaf(predicate, predicate.constrain(token))
            column.append(_State(state.rule, state.production, dot_index=state.dot_index + 1,
                                 start_column=state.start_column, stop_column=column,
                                 node=state.node.attached(leaf)))

    def complete(self, column, completed):
        for state in completed.parents:
            column.append(_State(state.rule, state.production, dot_index=state.dot_index + 1,
                                 start_column=state.start_column, stop_column=column,
                                 node=state.node.attached(completed.node)))


def _first_sets(start):
    """``{id(production): (terminal predicates it can begin with, can it be empty)}``."""
    rules, stack = {}, [start]
    while stack:
        rule = stack.pop()
        if id(rule) in rules:
            continue
        rules[id(rule)] = rule
        stack.extend(term for production in rule.productions for term in production.terms
                     if is_rule(term))
    first = {key: {} for key in rules}
    nullable = {key: False for key in rules}
    changed = True
    while changed:
        changed = False
        for key, rule in rules.items():
            for production in rule.productions:
                empty = True
                for term in production.terms:
                    if is_rule(term):
                        before = len(first[key])
                        first[key].update(first[id(term)])
                        changed |= len(first[key]) != before
                        if not nullable[id(term)]:
                            empty = False
                            break
                    else:
                        if id(term) not in first[key]:
                            first[key][id(term)] = term
                            changed = True
                        empty = False
                        break
                if empty and not nullable[key]:
                    nullable[key] = changed = True
    table = {}
    for rule in rules.values():
        for production in rule.productions:
            predicates, empty = {}, True
            for term in production.terms:
                if is_rule(term):
                    predicates.update(first[id(term)])
                    if not nullable[id(term)]:
                        empty = False
                        break
                else:
                    predicates[id(term)] = term
                    empty = False
                    break
            table[id(production)] = (list(predicates.values()), empty)
    return table


#: A word or a number of the text, where a calendar expression might start.
WORD_OR_NUMBER = re.compile(r"(?<![\w])(\d|[^\W\d_]+)")


#: The longest calendar expression fits in this many characters.
WINDOW = 80
#: A number or a word, then what may come between it and the next word in a
#: date (spaces, dashes, numbers, ``по``/``до``: ``26-27 марта``, ``1 по 5
#: мая``), then that word.
THEN_WORD = re.compile(r"(\d+|[^\W\d_]+)(?:[\s\-–—‒−]|\d|по\b|до\b)*([^\W\d_]*)", re.IGNORECASE)
#: ``12.03.2019``, ``1/5/2020``: a number, a full stop or slash, a number.
NUMERIC_DATE = re.compile(r"\d{1,2}[./]\d")


class DateGrammar:
    """The parser, built once per process (``tools.py``) and passed in.

    The parser is anchored: it runs on a short window from each place where a
    date can start (``starts``), so its cost grows with the number of such
    places, not with the square of the sentence length.
    """

    def __init__(self, vocab):
        self.vocab = vocab
        top, self.openings = build_rules(vocab)
        self.parser = LookaheadParser(top, tokenizer=Tokenizer())

    def at(self, text, start, offset=0):
        """``DateMatch`` candidates starting at ``start`` in ``text``, longest first."""
        window = text[start:start + WINDOW]
        chart = self.parser.chart(window, all=False)
        by_stop = {}
        for state in chart.matches(self.parser.rule):
            by_stop.setdefault(state.stop_column.index, []).append(state)
        for stop_index in sorted(by_stop, reverse=True):
            for tree in sorted(prepare_trees(by_stop[stop_index])):
                match = prepare_match(tree)
                if match is None:
                    continue
                begin, end = match.span
                if window[end - 1] == ".":  # ``2011 г.``: the last full stop is outside
                    end -= 1
                fact = match.fact
                bare = bool(BARE.match(window[begin:end]))
                last = adapt(fact.last, bare)
                if last is None:
                    continue
                yield DateMatch(offset + start + begin, offset + start + end,
                                window[begin:end], last, adapt(fact.first, bare))
                break

    def find(self, text, offset=0, accept=None):
        """Non-overlapping matches in ``text``, each the longest that ``accept`` takes.

        A ``по`` range that ``accept`` rejects (``марта 2003 года по июнь 2005
        года`` without ``с``) gives way to its shorter first end, and the
        second end is found from its own start.
        """
        reached = 0
        for start in self.starts(text):
            if start < reached:
                continue
            for match in self.at(text, start, offset):
                if accept is None or accept(match):
                    yield match
                    reached = match.stop - offset
                    break

    def starts(self, text):
        """Where the parser is worth running (``Openings``): most numbers in
        news count people and money, most ``этот`` is not ``этот год``, and
        the parser would find nothing there."""
        openings = self.openings
        for hit in WORD_OR_NUMBER.finditer(text):
            start, word = hit.start(), hit.group(1)
            if word[0].isdigit():
                if NUMERIC_DATE.match(text, start, start + 6):
                    yield start
                    continue
                allowed = openings.after_number
            else:
                word = word.lower()
                if word in openings.words:
                    allowed = openings.words[word]
                    if allowed is None:
                        yield start
                        continue
                elif roman(word):
                    allowed = openings.after_roman
                else:
                    continue
            first, following = THEN_WORD.match(text, start, start + WINDOW).groups()
            if (len(first) == 4 and first.isdigit()) or following.lower() in allowed or (
                    allowed is openings.after_roman and roman(following)):
                yield start
