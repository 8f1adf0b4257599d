"""What the grammar cannot see inside a match: the words around it and the tense.

- ``keep(match, text, vocab)``: a bare number is a year only after a
  preposition and not before a noun it counts (``в 2011`` yes, ``в 2011
  рублей`` no), or first in brackets (``альбом (1994)``); a range joined by ``по``/``до`` needs ``с``/``от`` before it;
  a month alone in title case without a preposition is a name (``Марта``);
  ``выходные`` alone needs a preposition and is not ``выходные дни``.
- ``Tenses``: the tense of the finite verb nearest a date in its clause, from
  slovnet's features, which decides the year of a date written without one.
"""

import re
from bisect import bisect_left

from .resolve import FUTURE, PAST

#: Prepositions after which a bare number can be a year.
YEAR_PREPOSITIONS = {"в", "во", "с", "со", "к", "ко", "до", "по", "от", "на", "после", "около",
                     "за", "между", "перед", "начиная", "вплоть"}
RANGE_OPENERS = {"с", "со", "от"}
WEEKEND_PREPOSITIONS = {"на", "в", "во", "за", "после", "до"}
#: Words after ``выходные`` that make it the adjective of a count, not a weekend.
NOT_WEEKEND = re.compile(r"^\s*(дн|день|дня)", re.IGNORECASE)
WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\w\n]*$")
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
    nouns = [parse for parse in vocab(letters.group(0)) if parse.tag.POS == "NOUN"]
    # a counted noun is a unit (``км``, ``млн``), a genitive plural (``человек``,
    # ``рублей``) or another oblique case (``метрах``); a nominative subject
    # (``в 2016 предприятие получило``) is not counted
    return any("Fixd" in parse.tag or {"plur", "gent"} <= parse.tag.grammemes for parse in nouns) \
        or (bool(nouns) and not any(parse.tag.case == "nomn" for parse in nouns))


def _only(when, *names):
    return all(slot in names or getattr(when, slot) is None or getattr(when, slot) is False
               for slot in when.__slots__)


def keep(match, text, vocab):
    """Whether the context lets ``match`` stand as written (see the module doc)."""
    before = word_before(text, match.start)
    if match.last.bare:
        if text[match.start - 1:match.start] == "(" and not _counts_something(
                word_after(text, match.stop), vocab):
            return True  # ``альбом (1994)``, ``(1985—1990 и 2006—2011 годы)``
        if before not in YEAR_PREPOSITIONS:
            return False
        if _counts_something(word_after(text, match.stop), vocab):
            return False
    if match.first is not None and RANGE_WORD.search(match.text) and not any(
            char in match.text for char in "-–—‒−"):
        if before not in RANGE_OPENERS:
            return False
    if match.first is None and _only(match.last, "month", "bare"):
        word = match.text.strip(".")
        if word[:1].isupper() and not word.isupper() and before not in YEAR_PREPOSITIONS:
            return False
    if match.last.weekend and match.last.week_shift is None:
        if before not in WEEKEND_PREPOSITIONS or NOT_WEEKEND.match(text[match.stop:]):
            return False
    return True


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
