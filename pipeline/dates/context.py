"""What the grammar cannot see inside a match: the words around it and the tense.

- ``keep(match, text, vocab)``: a bare number is a year only after a
  preposition, in brackets (``альбом (1994)``) or in a list of years, and not
  before a noun it counts (``в 2011`` yes, ``в 2011 рублей`` no); a range
  joined by ``по``/``до`` needs ``с``/``от`` before it; no date is glued to
  an identifier or a compound (``/2016-04-06-25``, ``1150-летию``); ``на
  80-м году жизни`` is an age; ``выходные`` alone needs a preposition and is not ``выходные дни``; a
  month, weekday or season alone needs a preposition (or a list it stands
  in) to be a date, not a name or a title (``Марта``, «Музыка для декабря»).
- ``Tenses``: the tense of the finite verb nearest a date in its clause, from
  slovnet's features, which decides the year of a date written without one.
"""

import re
from bisect import bisect_left

from .grammar import SEASON_ADVERBS
from .resolve import FUTURE, PAST

#: Prepositions after which a bare number can be a year, and a month, weekday
#: or season alone a date.
YEAR_PREPOSITIONS = {"в", "во", "с", "со", "к", "ко", "до", "по", "от", "на", "после", "около",
                     "за", "между", "перед", "начиная", "вплоть"}
#: ``с`` opens a range; ``c`` is the Latin look-alike typed in its place.
RANGE_OPENERS = {"с", "со", "от", "c"}
#: A season alone after these is a stretch of the calendar (``до осени``), not a
#: purpose (``на зиму``).
SEASON_PREPOSITIONS = {"с", "со", "до", "к", "ко", "после", "от"}
#: Between two dates of a list: ``в пятницу и субботу``, ``в мае, июне или июле``.
LIST_JOIN = re.compile(r"^\s*(,|и|или)\s*$")
#: A time of day before a weekday: ``на 17:00 понедельника``.
TIME_BEFORE = re.compile(r"\d{1,2}:\d{2}\s*\Z")
#: A year or list of years before ``, `` / ``и`` / ``или``: the next bare number is a year too.
YEAR_LIST = re.compile(r"(?<!\d)\d{4}(-?[а-я]{1,3})?(\s*(г\.?|гг\.?|год[а-я]*))?\s*(,|и|или)\s*$")
WEEKEND_PREPOSITIONS = {"на", "в", "во", "за", "после", "до"}
#: Words after ``выходные`` that make it the adjective of a count, not a weekend.
NOT_WEEKEND = re.compile(r"^\s*(дн|день|дня)", re.IGNORECASE)
WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\w\n]*$")
#: A date glued to more of an identifier or address: ``/2016-04-06-25``, ``19.10.16.webm``.
GLUED_BEFORE = re.compile(r"[\w/]\Z|\d[-.]\Z")
GLUED_AFTER = re.compile(r"^([-/.]\w|\w)")
WORD_AFTER = re.compile(r"^[^\w\n]*?(\S+)")
#: A word joining the two ends of a range.
RANGE_WORD = re.compile(r"\s(по|до)\s", re.IGNORECASE)
CLAUSE_BREAKS = set(",;:()—–")
INFINITIVE = "infinitive"


def word_before(text, start):
    hit = WORD_BEFORE.search(text[max(0, start - 30):start])
    return hit.group(1).lower() if hit else ""


def word_after(text, stop):
    hit = WORD_AFTER.search(text[stop:stop + 30])
    return hit.group(1) if hit else ""


def _counts_something(word, vocab):
    """``рублей`` after ``2011``: a lower-case noun (or a sign) that the number counts."""
    if word[:1] in "%$€₽":
        return True
    letters = re.match(r"[а-яё]+", word)
    if not letters:
        return word[:1].isdigit()
    parses = vocab(letters.group(0))
    nouns = [parse for parse in parses if parse.tag.POS == "NOUN"]
    # a counted noun is a unit (``км``, ``млн``), a genitive plural (``человек``,
    # ``рублей``, also an adjective before one: ``1700 банковских счетов``) or
    # another oblique case (``метрах``); a nominative subject (``в 2016
    # предприятие получило``) is not counted
    if parses and parses[0].tag.POS == "ADJF" and {"plur", "gent"} <= parses[0].tag.grammemes:
        return True
    if not parses or parses[0].tag.POS != "NOUN":
        return False  # ``и``, ``он``: the likeliest reading is no noun
    return any("Fixd" in parse.tag or {"plur", "gent"} <= parse.tag.grammemes for parse in nouns) \
        or (bool(nouns) and not any(parse.tag.case == "nomn" for parse in nouns))


def _is_noun(word, vocab):
    """A lower-case noun (a name after the date is no counted noun)."""
    letters = re.match(r"[а-яё]+", word)
    parses = vocab(letters.group(0)) if letters else []
    return bool(parses) and parses[0].tag.POS == "NOUN"


def _only(when, *names):
    return all(slot in names or getattr(when, slot) is None or getattr(when, slot) is False
               for slot in when.__slots__)


def keep(match, text, vocab, previous=None):
    """Whether the context lets ``match`` stand as written (see the module doc).

    ``previous`` is the DATE kept just before it, if any: a weekday, month or
    year listed after one (``в пятницу и субботу``) stands like it.
    """
    before = word_before(text, match.start)
    after = text[match.stop:match.stop + 30]
    last = match.last
    if GLUED_BEFORE.search(text[max(0, match.start - 2):match.start]) or GLUED_AFTER.match(after):
        return False  # part of an identifier, an address or a compound (``1150-летию``)
    if last.bare:
        opens_bracket = text[match.start - 1:match.start] == "("
        closes_bracket = after[:1] == ")"
        listed = YEAR_LIST.search(text[max(0, match.start - 30):match.start]) or _listed(match, text, previous)
        if not (before in YEAR_PREPOSITIONS or opens_bracket or closes_bracket or listed):
            return False
        if _counts_something(word_after(text, match.stop), vocab):
            return False
    if re.match(r"^\s*жизни", after):
        return False  # ``на 80-м году жизни``: an age
    if match.first is not None and RANGE_WORD.search(match.text) and not any(
            char in match.text for char in "-–—‒−"):
        if before not in RANGE_OPENERS:
            return False
    if match.first is None:
        listed = _listed(match, text, previous) or TIME_BEFORE.search(
            text[max(0, match.start - 10):match.start])
        if _only(last, "month", "bare") and before not in YEAR_PREPOSITIONS and not listed:
            return False  # ``Марта``, «Музыка для декабря»: a name or a title
        if _only(last, "weekday") and before not in YEAR_PREPOSITIONS and not listed:
            return False  # ``Суббота и воскресенье в театре``: no day of the calendar
        if _only(last, "season") and match.text.lower() not in SEASON_ADVERBS \
                and before not in SEASON_PREPOSITIONS:
            return False  # ``на зиму``, ``мгновений весны``
        if _only(last, "decade") and not re.search(r"год", match.text) \
                and _is_noun(word_after(text, match.stop), vocab):
            return False  # ``40-е место``: an ordinal
    if last.weekend and last.week_shift is None:
        if before not in WEEKEND_PREPOSITIONS or NOT_WEEKEND.match(after):
            return False
    return True


def _listed(match, text, previous):
    return previous is not None and bool(LIST_JOIN.match(text[previous.stop:match.start]))


def _tense(feats):
    """The tense a verb gives a date next to it, or None for a token that is no verb.

    A finite verb gives its own tense; a full participle too (``полученной в
    феврале``), a short one does not (``намечено на 29 мая`` is a plan); an
    infinitive names what is still to be done (``поручил до 1 февраля
    провести``), so the future, unless a past auxiliary in the clause puts
    the plan in the past (``должен был сдать весной``).
    """
    if "VerbForm=Inf" in feats:
        return INFINITIVE
    if "VerbForm=Fin" in feats or ("VerbForm=Part" in feats and "Variant=Short" not in feats):
        if "Tense=Fut" in feats:
            return FUTURE
        if "Tense=Past" in feats:
            return PAST
        return "present"
    return None


class Tenses:
    """The tense nearest each date, from a document's tagged tokens."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.starts = [token.start for token in tokens]

    def at(self, start, stop):
        index = bisect_left(self.starts, start)
        if not self.tokens:
            return None
        sentence = self.tokens[min(index, len(self.tokens) - 1)].sentence_id
        found = []
        past_auxiliary = False
        for step, indexes in ((-1, range(index - 1, -1, -1)),
                              (1, range(index, len(self.tokens)))):
            for position in indexes:
                token = self.tokens[position]
                if token.sentence_id != sentence or token.text in CLAUSE_BREAKS:
                    break
                if start <= token.start < stop:
                    continue
                # ``должен был сдать весной``: a past auxiliary puts the plan in the past
                past_auxiliary |= token.pos == "AUX" and "Tense=Past" in token.feats
                tense = _tense(token.feats)
                if tense and not any(step == side for _, side, _ in found):
                    distance = start - token.stop if step < 0 else token.start - stop
                    found.append((distance, step, tense))
        if not found:
            return None
        tense = min(found)[2]
        if tense == INFINITIVE:
            return PAST if past_auxiliary else FUTURE
        return tense if tense in (PAST, FUTURE) else None
