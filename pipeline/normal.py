"""Normal forms: the mention in the nominative case, ё kept as written.

- PER: every word of the name goes to the nominative, keeping the gender
  slovnet saw in context (``Анны Ивановой`` -> ``Анна Иванова``); initials
  stay as they are.
- ORG, LOC and DATE: only the leading noun phrase changes, the adjectives and
  the first noun (the head): ``Министерстве занятости и трудовых отношений``
  -> ``Министерство занятости и трудовых отношений``, ``Нижнем Новгороде`` ->
  ``Нижний Новгород``, ``марте 2020 года`` -> ``март 2020 года``. Whatever
  follows the head is a dependent and keeps its case.
- DATE: the leading words up to the first noun; numbers keep their digits
  and take the nominative ending (``1970-х годов`` -> ``1970-е годы``,
  ``2008-м году`` -> ``2008-й год``, ``XX века`` -> ``XX век``); a DATE that
  starts with a day number keeps its month and year as they are (``2 апреля``,
  ``26-27 марта 2018 года``).

Spacing, punctuation and quotes come from the text; capitals follow the
original word letter by letter; ё follows the text (``pipeline.morph.as_written``).
"""

import re
from bisect import bisect_left
from dataclasses import replace

from pymorphy3.analyzer import Parse

from .const import DATE, LOC, MONTHS, NAME_GRAMMEMES, ORG, PER, PERSON_GRAMMEMES
from .morph import as_written, best_parse


#: pymorphy3 parts of speech that agree with the head noun rather than head it.
MODIFIERS = {"ADJF", "PRTF", "NUMR", "NPRO"}
DECLINABLE = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "VERB"}


def is_word(token):
    return any(char.isalpha() for char in token.text)


def is_initial(tokens, index):
    """``С`` in ``С.Тошбаев`` or ``В. В. Путин``: one letter and a full stop."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return len(token.text) == 1 and following is not None and following.text == "."


def copy_shape(word, original):
    if len(original) > 1 and original.isupper():
        return word.upper()
    chars = [
        char.upper() if index < len(original) and original[index].isupper() else char
        for index, char in enumerate(word)
    ]
    return "".join(chars)


def nominative(vocab, token, capitals=False, gender=None, prefer=frozenset(), masculine=False):
    """The token's word in the nominative, or the token's text when it is one.

    ``gender``: of the person's first name; ``prefer``: grammemes of the
    mention's type (a place's ``Киле`` is ``Киль``, ``Geox``, not ``Кил``);
    ``masculine``: slovnet reads every word of the person's name as a man's.

    A word in capitals in a line that is not (``ФОМ``, ``РФПИ``, ``АТАК``) is an
    acronym and never declines; in a headline in capitals it is a word
    (``ПУТИНА`` -> ``ПУТИН``).
    """
    if not capitals and len(token.text) > 1 and token.text.isupper():
        return token.text
    feats = token.feats_dict
    if token.pos not in DECLINABLE:
        return token.text
    if feats.get("Case") == "Nom":
        case = _never_nominative(vocab, token, prefer == PREFERRED[PER], prefer)
        if case is None:
            return token.text
        # slovnet reads many an oblique name as a nominative (``Токаевым``,
        # ``Щербинку``): where no reading of the word is one, pymorphy3's case stands
        feats = {**feats, "Case": case}
    if "-" in token.text.strip("-") and not capitals:
        return _hyphenated(vocab, token, feats)
    person = prefer == PREFERRED[PER]
    if person and CONSONANT_END.search(token.text) and not CASE_CONSONANT_ENDINGS.search(token.text):
        return token.text  # ``Вестагер``, ``Норин``, ``Сайфул``: no case ends so
    unknown = _unknown_name(vocab, token, feats, person)
    if unknown is not None:
        return unknown
    if person and masculine:
        manly = _masculine_a(vocab, token, feats)
        if manly is not None:
            return manly
    form = _prefer(vocab, best_parse(vocab, token.text, token.pos, feats), token.text, prefer)
    if person and token.pos == "PROPN" and form is not None and not form.is_known \
            and form.tag.POS == "NOUN" and not PERSON_GRAMMEMES & form.tag.grammemes:
        return token.text  # a foreign name guessed as a common noun (``Гернот``)
    if person and form is not None and form.tag.POS == "ADJF" and "Poss" not in form.tag:
        surname = FEMININE_SURNAME.match(token.text)
        if surname and (gender == "femn" or feats.get("Gender") == "Fem"):
            # an ordinary adjective's form in a woman's surname (``Шершневой``)
            return surname.group(1) + copy_shape("а", surname.group(2))
    if gender and form is not None and "Surn" not in form.tag:
        # a surname keeps the gender of the first name beside it (``Ирину Антонову``)
        same = [parse for parse in vocab(token.text.lower())
                if "Surn" in parse.tag and parse.tag.gender == gender]
        form = same[0] if same else form
    if form is None or form.tag.case in (None, "nomn"):
        return token.text
    grams = {"nomn"}
    if form.tag.number == "plur" or feats.get("Number") == "Plur":
        grams.add("plur")
    if gender and "Surn" in form.tag:
        grams.add(gender)
    inflected = _closest(form, grams, token.text)
    if inflected is None:
        return token.text
    return as_written(copy_shape(inflected.word, token.text), token.text, form.word)


#: PER, LOC and ORG: the pymorphy3 grammemes of a reading of that type.
PREFERRED = {PER: frozenset({"Name", "Surn", "Patr"}), LOC: frozenset({"Geox"}),
             ORG: frozenset({"Orgn"})}
#: A woman's surname in ``-ов``/``-ев``/``-ин`` in an oblique case: ``Шершневой``.
FEMININE_SURNAME = re.compile(r"^(.+(?:ов|ев|ёв|ин|ын))(ой|ою|у)$", re.IGNORECASE)


def _never_nominative(vocab, token, person=False, prefer=frozenset()):
    """When slovnet's nominative cannot be: no reading of the token's word (of
    its last part, if hyphenated) is a nominative, and the reading closest to
    slovnet's other features (or, before it, one with the grammemes ``prefer``
    of the mention's type: ``Монтане``, ``Geox``) has slovnet's number; that reading's case
    (``Токаевым``, masculine singular -> ``Ins``), else None.

    A word the dictionary only guesses counts when the guess is a name. In a
    person's name only the instrumental counts: a foreign name's nominative
    often looks like another case of a Russian one (``Асия``, ``Катсу``), never
    like ``-ым``/``-ом``.
    """
    word = token.text.rsplit("-", 1)[-1]
    parses = vocab(word.lower())
    if not parses or any(parse.tag.case in (None, "nomn") for parse in parses):
        return None
    feats = {key: value for key, value in token.feats_dict.items() if key != "Case"}
    form = best_parse(vocab, word, token.pos, feats) or parses[0]
    form = next((parse for parse in parses if prefer & parse.tag.grammemes
                 and parse.tag.number == form.tag.number), form)
    if NUMBERS.get(feats.get("Number"), form.tag.number) != form.tag.number:
        return None
    if not form.is_known and not NAME_GRAMMEMES & form.tag.grammemes:
        return None
    if person and form.tag.case != "ablt":
        return None
    if not person and prefer and not prefer & form.tag.grammemes:
        return None  # a place's or organisation's word read as something else (``«Мику»``)
    return SLOVNET_CASES.get(form.tag.case)


NUMBERS = {"Sing": "sing", "Plur": "plur"}


def _prefer(vocab, form, word, prefer):
    """``form``, or a reading of the same case with the mention type's grammemes."""
    if form is None or not prefer or prefer & form.tag.grammemes:
        return form
    tag = form.tag
    for other in vocab(word.lower()):
        # a noun's gender is its own; an adjective's must agree
        if prefer & other.tag.grammemes and other.is_known == form.is_known and (
                other.tag.POS, other.tag.case, other.tag.number) == (
                tag.POS, tag.case, tag.number) and (
                tag.POS != "ADJF" or other.tag.gender == tag.gender):
            return other
    return form


def _closest(form, grams, original):
    """``form`` inflected to ``grams``: of the lexeme's forms that fit, the one
    sharing the longest start with the original word, so an adjective keeps its
    own degree (``Высшей`` -> ``Высшая``, not ``Высочайшая``)."""
    inflected = Parse.inflect(form, grams) or Parse.inflect(form, {"nomn"})
    if inflected is None or form.tag.POS != "ADJF":
        return inflected
    fits = [other for other in form.lexeme if grams <= other.tag.grammemes
            and other.tag.gender == inflected.tag.gender]

    def shared(other):
        word, count = original.lower(), 0
        while count < min(len(word), len(other.word)) and word[count] == other.word[count]:
            count += 1
        return count
    return max(fits, key=shared) if fits else inflected


#: Parts of a hyphenated place name that never decline (``Ростов-на-Дону``).
CONNECTORS = {"на", "де", "ла", "ле", "сюр", "ан", "дель", "да", "ди", "фон", "ам", "эль", "аль"}


def _hyphenated(vocab, token, feats):
    """A hyphenated name, part by part: ``Каменске-Уральском`` -> ``Каменск-Уральский``,
    ``Ростове-на-Дону`` -> ``Ростов-на-Дону``."""
    parts = token.text.split("-")
    result = []
    fixed = False
    for part in parts:
        if fixed or not part or part.lower() in CONNECTORS or not part[0].isalpha() \
                or (len(part) > 1 and part.isupper()):
            fixed = fixed or part.lower() in CONNECTORS
            result.append(part)
            continue
        case = feats.get("Case")
        parses = [parse for parse in vocab(part.lower()) if parse.is_known and parse.tag.case and (
            case is None or CASES.get(case) == parse.tag.case or parse.tag.case.startswith(
                CASES.get(case, "-")[:3]))]
        if not parses:
            # a part the dictionary lacks: the last one takes slovnet's case off
            # (``Рис-Могга`` -> ``Рис-Могг``), the others stay (``Даунинг-стрит``)
            last = part is parts[-1] and _unknown_name(vocab, replace(token, text=part), feats)
            result.append(last or part)
            continue
        inflected = _closest(parses[0], {"nomn"} | ({"plur"} if "plur" in parses[0].tag else set()),
                             part)
        word = inflected.word if inflected is not None else part.lower()
        result.append(as_written(copy_shape(word, part), part, parses[0].word))
    return "-".join(result)


#: slovnet's cases -> pymorphy3's, and back.
CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
SLOVNET_CASES = {case: name for name, case in CASES.items()}


def _head_group(vocab, tokens):
    """Indexes of the leading modifiers and the head noun."""
    group = []
    for index, token in enumerate(tokens):
        if not is_word(token):
            if group:
                break
            continue
        group.append(index)
        form = best_parse(vocab, token.text, token.pos, token.feats_dict)
        if form is None or form.tag.POS not in MODIFIERS:
            break
    return group


#: ``1970-х`` -> ``1970-е`` (a decade), ``2008-м`` -> ``2008-й`` (an ordinal year).
NUMBER_SUFFIX = re.compile(r"^(\d(?:[\d\-–—]*\d)?)-?([а-яё]+)$", re.IGNORECASE)
DECADE_SUFFIXES = {"е", "х", "ые", "ых", "ми", "ым", "ыми"}
ORDINAL_SUFFIXES = {"м", "го", "му", "ом", "ого", "ому", "ым"}
ROMAN = re.compile(r"^[IVXХ]+$")
#: A day number or a day range written as one token: ``2``, ``26-27``, ``10—12``.
DAY = re.compile(r"^\d{1,2}([-–—]\d{1,2})?$")


def _number_nominative(token):
    """A number written with a case ending, in the nominative; None for other tokens."""
    if ROMAN.match(token.text) or not any(char.isalpha() for char in token.text):
        return token.text
    hit = NUMBER_SUFFIX.match(token.text)
    if not hit:
        return None
    digits, suffix = hit.groups()
    if suffix.lower() in DECADE_SUFFIXES:
        return f"{digits}-е"
    if suffix.lower() in ORDINAL_SUFFIXES:
        return f"{digits}-й"
    return token.text


def _date_targets(vocab, tokens, capitals=False):
    """``{index: nominative}`` for a DATE: the leading words up to the first noun.

    Numbers before the head keep their digits and take the nominative ending
    (``1970-х годов`` -> ``1970-е годы``, ``XX века`` -> ``XX век``); a date
    that starts with a day number is already in its nominative form.
    """
    if tokens and DAY.match(tokens[0].text):
        return {}
    changes = {}
    for index, token in enumerate(tokens):
        number = _number_nominative(token)
        if number is not None:
            if number != token.text:
                changes[index] = number
            continue
        if not is_word(token):
            break
        changes[index] = _hyphenated_nominative(vocab, token, capitals)
        form = best_parse(vocab, token.text, token.pos, token.feats_dict)
        if form is None or form.tag.POS not in MODIFIERS:
            break
    return changes


def _hyphenated_nominative(vocab, token, capitals=False):
    """``ноябре-декабре`` -> ``ноябрь-декабрь``: each part of a month range."""
    parts = token.text.split("-")
    months = [next((form.normal_form for form in vocab(part.lower()) if form.normal_form in MONTHS),
                   None) for part in parts]
    if len(parts) == 2 and all(months):
        return "-".join(copy_shape(month, part) for month, part in zip(months, parts))
    return nominative(vocab, token, capitals)


#: Case endings of a foreign name the dictionary lacks, by slovnet's case and
#: gender: ``Гренелла`` -> ``Гренелл``, ``Скрипаля`` -> ``Скрипаль``, ``Курцем`` ->
#: ``Курц``, ``Шрёдеру`` -> ``Шрёдер``; ``(ending, replacement after a consonant,
#: after a vowel)``, longest first.
UNKNOWN_ENDINGS = {
    ("Masc", "Gen"): (("я", "ь", "й"), ("а", "", "")),
    ("Masc", "Acc"): (("я", "ь", "й"), ("а", "", "")),
    ("Masc", "Dat"): (("ю", "ь", "й"), ("у", "", "")),
    ("Masc", "Ins"): (("ем", "ь", "й"), ("ом", "", ""), ("ым", "", "")),
    ("Masc", "Loc"): (("е", "", ""),),
    ("Fem", "Gen"): (("ой", "а", "а"),),
    ("Fem", "Acc"): (("у", "а", "а"), ("ю", "я", "я")),
    ("Fem", "Ins"): (("ой", "а", "а"),),
}
VOWELS = set("аеёиоуыэюяaeiouy")
HUSHING = set("цжшщч")


def _masculine_a(vocab, token, feats):
    """A man's name in the genitive or accusative that the dictionary knows only
    as a feminine word (``Илона Маска`` -> ``Илон Маск``): the case ending
    comes off by the table for unknown names. None otherwise."""
    if feats.get("Case") not in ("Gen", "Acc") or not token.text.lower().endswith(("а", "я")):
        return None
    parses = vocab(token.text.lower())
    if not parses or any(parse.tag.gender != "femn" or parse.tag.case != "nomn"
                         for parse in parses if parse.tag.POS == "NOUN") \
            or any(parse.tag.POS != "NOUN" for parse in parses):
        return None
    return _unknown_name(vocab, token, {**feats, "Gender": "Masc"}, person=True, known=True)


def _unknown_name(vocab, token, feats, person=False, known=False):
    """The nominative of a proper name that the dictionary lacks, from slovnet's case.

    pymorphy3 guesses such words by their endings and often takes an oblique
    form for a nominative (``Гренелла``, feminine); slovnet has read the case
    in context, so its ending is taken off. None when the word is known or
    the case or gender gives no rule.
    """
    if token.pos != "PROPN" or feats.get("Number") != "Sing":
        return None
    parses = vocab(token.text.lower())
    if not known and any(parse.is_known for parse in parses):
        return None
    word = token.text
    if person and feats.get("Gender") == "Masc" and word.lower().endswith(INDECLINABLE_ENDS) \
            and not word.lower().endswith(("ого", "его")):
        return word  # ``О’Лири``, ``Чаудхри``, ``Руссо``
    for ending, after_consonant, after_vowel in UNKNOWN_ENDINGS.get(
            (feats.get("Gender"), feats.get("Case")), ()):
        if word.lower().endswith(ending) and len(word) > len(ending) + 2:
            stem = word[:-len(ending)]
            last = stem[-1].lower()
            if ending in ("ем",) and last in HUSHING:
                return stem
            return stem + (after_vowel if last in VOWELS else after_consonant)
    return None


def in_capitals(text, start, stop):
    """Whether the line around ``start:stop`` is written in capitals (a headline)."""
    return CapitalLines(text)(start)


class CapitalLines:
    """``in_capitals`` for many offsets of one text: the line ends found once,
    each line judged once, so that asking for every mention costs no more
    than reading the text (a long text is not read again per mention)."""

    def __init__(self, text):
        self.text = text
        self.breaks = [index for index, char in enumerate(text) if char == "\n"]
        self.judged = {}

    def __call__(self, offset):
        line = bisect_left(self.breaks, offset)
        if line not in self.judged:
            begin = self.breaks[line - 1] + 1 if line else 0
            end = self.breaks[line] if line < len(self.breaks) else len(self.text)
            letters = [char for char in self.text[begin:end] if char.isalpha()]
            self.judged[line] = bool(letters) and \
                sum(char.isupper() for char in letters) > 0.7 * len(letters)
        return self.judged[line]


def _first_name_gender(vocab, tokens):
    """The gender of the first name in a PER mention (``Ирину`` -> ``femn``), if one says it."""
    for token in tokens:
        if not is_word(token):
            continue
        form = best_parse(vocab, token.text, token.pos, token.feats_dict)
        if form is not None and "Name" in form.tag and form.tag.gender in ("masc", "femn"):
            return form.tag.gender
    return None


def seen_first_names(mentions):
    """What the document's PER mentions (each a list of tokens) say about
    first names the dictionary reads wrong: ``{oblique form: nominative}`` for
    the names of the feminine declension (``асии``, ``асию``, ``асией`` ->
    ``асия``), the evidence ``normalize`` weighs.

    A name counts when the document writes it in the nominative (slovnet's
    case), or, for a name in ``-ия`` seen only in other cases, when slovnet
    reads the words of its mentions as feminine more often than as masculine
    over the document (``Асии Биби`` … ``Асию Биби``: ``Асия``, not ``Асий``).
    """
    names = set()
    votes = {}
    for tokens in mentions:
        words = [token for token in tokens if token.text[:1].isupper() and token.text.isalpha()]
        vote = sum({"Fem": 1, "Masc": -1}.get(token.feats_dict.get("Gender"), 0) for token in words)
        for token in words:
            word = token.text.lower()
            if "Case=Nom" in token.feats:
                names.add(word)
            oblique = OBLIQUE_IYA.match(word)
            if oblique:
                name = oblique.group(1) + "я"
                votes[name] = votes.get(name, 0) + vote
    names.update(name for name, vote in votes.items() if vote > 0)
    return {name[:-1] + ending: name for name in sorted(names)
            if len(name) >= 3 and name[-1] in "ая" for ending in OBLIQUE_ENDINGS}


def _as_seen(vocab, token, seen):
    """A first name's nominative as the same document writes it (``Асию`` and
    ``Асии`` beside ``Асия``, which the dictionary lacks and reads as ``Асий``).

    Only for a word the dictionary takes for a first name or does not know; a
    surname never (``Иванову`` may be a man's beside a woman's ``Иванова``).
    """
    word = token.text.lower()
    if not seen or len(word) < 3:
        return None  # (slovnet's case is not asked: it reads ``Асии`` as a nominative too)
    parses = vocab(word)
    if parses and parses[0].is_known and "Name" not in parses[0].tag:
        return None
    name = seen.get(word)
    return copy_shape(name, token.text) if name and name != word else None


def _one_case(vocab, tokens):
    """The words of a name share one case: where slovnet reads them as
    nominatives but one of them has no nominative reading (``Касым-Жомартом
    Токаевым``), they all take that word's case."""
    said = [token for token in tokens if token.feats_dict.get("Case") == "Nom"]
    case = next((found for token in said
                 if (found := _never_nominative(vocab, token, person=True))), None)
    if case is None:
        return tokens
    return [replace(token, feats=token.feats.replace("Case=Nom", f"Case={case}"))
            if token in said else token for token in tokens]


#: A first name in ``-ия`` in an oblique case: ``Асии``, ``Асию``, ``Асией``.
OBLIQUE_IYA = re.compile(r"^(\w{2,}и)(и|ю|ей|ею)$")
#: Endings of a person's word that a case gives (``-ом``, ``-ов``, ``-ых``...):
#: any other word ending in a consonant is a nominative or indeclinable.
CASE_CONSONANT_ENDINGS = re.compile(r"(ом|ем|ём|ым|им|ов|ев|ёв|ых|их|ам|ям|ах|ях)$", re.IGNORECASE)
CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$", re.IGNORECASE)
#: Endings of a foreign man's name that never declines (``О’Лири``, ``Сарбу``... not ``-у``).
INDECLINABLE_ENDS = ("и", "о", "э")


#: Oblique endings of a first name in ``-а``/``-я`` (``Асия``: ``Асии``, ``Асию``, ``Асией``).
OBLIQUE_ENDINGS = ("ы", "и", "е", "у", "ю", "ой", "ей", "ою", "ею")


def normalize(tokens, span_type, vocab, span_start, span_text, capitals=False, seen=None):
    """Normal form of the mention made of ``tokens`` (with text ``span_text``).

    ``capitals``: the mention stands in a line written in capitals; ``seen``:
    the document's first names in the nominative (``seen_first_names``).
    """
    if span_type == PER:
        tokens = _one_case(vocab, tokens)
        gender = _first_name_gender(vocab, tokens)
        genders = {token.feats_dict.get("Gender") for token in tokens if is_word(token)}
        masculine = genders == {"Masc"}
        changes = {index: _as_seen(vocab, tokens[index], seen)
                   or nominative(vocab, tokens[index], capitals, gender, PREFERRED[PER], masculine)
                   for index, token in enumerate(tokens)
                   if is_word(token) and not is_initial(tokens, index)}
    elif span_type == DATE:
        changes = _date_targets(vocab, tokens, capitals)
    else:
        changes = {index: nominative(vocab, tokens[index], capitals,
                                     prefer=PREFERRED.get(span_type, frozenset()))
                   for index in _head_group(vocab, tokens)}
    if not changes:
        return span_text
    parts = []
    offset = 0
    for index in sorted(changes):
        token = tokens[index]
        start, stop = token.start - span_start, token.stop - span_start
        parts.append(span_text[offset:start])
        parts.append(changes[index])
        offset = stop
    parts.append(span_text[offset:])
    return "".join(parts)
