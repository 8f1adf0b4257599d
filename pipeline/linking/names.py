"""How two names of one entity relate: folded keys, initials, acronyms,
shortened compounds and descriptor words. Pure string functions, no models."""

import re
from functools import lru_cache

#: Quote marks and spaces that never tell two names apart.
QUOTES = re.compile(r"[«»\"“”„'’`]+")
SPACES = re.compile(r"\s+")
#: Words an acronym skips (``Международная организация по миграции`` -> МОМ).
FUNCTION_WORDS = frozenset("""
    и в во на по с со о об от для при к за из под над до без а или
    of the and for de la le du des der die das und von
""".split())
#: Words that name the kind of a place or body, not which one: dropping them
#: leaves the same entity (``Республика Узбекистан`` / ``Узбекистан``,
#: ``компания Газпром`` / ``Газпром``). Lower-case, ё as е.
DESCRIPTORS = frozenset("""
    республика королевство государство княжество эмират султанат федерация штат
    область край округ район провинция губерния город село деревня поселок станица
    остров полуостров
    компания корпорация концерн холдинг группа фирма агентство иа оао пао зао ооо ао
    нак гк фгуп гуп муп ано фонд партия движение
    plc ag se sa ltd inc llc gmbh corp co nv bv holdings holding group company corporation
""".split())


@lru_cache(maxsize=65_536)
def fold(text):
    """A name as a key: quote marks gone, spaces collapsed, ё as е, case folded.
    Cached: a corpus names the same entities over and over."""
    text = SPACES.sub(" ", QUOTES.sub(" ", text or "")).strip()
    return text.replace("ё", "е").replace("Ё", "Е").casefold()


def words(text):
    return fold(text).split()


def is_initial(part):
    """``В.``, ``Дж.``, ``В`` — a first name written as its first letters."""
    part = (part or "").strip()
    core = part.rstrip(".")
    return bool(core) and (part.endswith(".") or len(core) == 1) and len(core) <= 3 and core.isalpha()


def is_acronym(name):
    """``МОМ``, ``США``, ``TLP``: one word of two to six letters, at least two of
    them capitals (``РФ``, ``ФРГ``, ``МИД``; not ``Путин``)."""
    name = QUOTES.sub("", name or "").strip()
    letters = [char for char in name if char.isalpha()]
    return (" " not in name and 2 <= len(letters) <= 6 and len(letters) == len(name)
            and sum(char.isupper() for char in letters) >= 2)


def initials(name):
    """The first letters of a name's words, function words left out, upper-case:
    ``Международная организация по миграции`` -> ``МОМ``. Hyphenated words give
    a letter for each part only when each part is capitalised
    (``Северо-Западный`` -> СЗ)."""
    letters = []
    for word in SPACES.split(QUOTES.sub(" ", name or "").strip()):
        if not word or word.casefold() in FUNCTION_WORDS:
            continue
        parts = word.split("-")
        if len(parts) > 1 and all(part[:1].isupper() for part in parts if part):
            letters.extend(part[0] for part in parts if part)
        elif word[0].isalpha():
            letters.append(word[0])
    return "".join(letters).upper().replace("Ё", "Е")


def is_compound_of(word, name):
    """Whether one word is a name shortened the Russian way, the start of each
    of its words run together: ``Евросоюз`` of ``Европейский союз``,
    ``Минобороны`` of ``Министерство обороны``, ``Еврокомиссия``. Every word of
    the name gives at least two letters, the first at least three, and the
    last may be whole."""
    word = fold(word)
    parts = [part for part in words(name) if part not in FUNCTION_WORDS]
    if " " in word or len(parts) < 2 or not word.isalpha():
        return False

    def match(position, index):
        if index == len(parts):
            return position == len(word)
        part = parts[index]
        shortest = 3 if index == 0 else 2
        for length in range(min(len(part), len(word) - position), shortest - 1, -1):
            if word[position:position + length] == part[:length] and match(position + length,
                                                                             index + 1):
                return True
        return False

    return match(0, 0)


def without_descriptors(name):
    """A name's folded words with descriptor words dropped from the front or the
    end (``Республика Узбекистан`` -> ``узбекистан``), or None when nothing is
    dropped or nothing would be left."""
    parts = words(name)
    start, stop = 0, len(parts)
    while start < stop and parts[start] in DESCRIPTORS:
        start += 1
    while stop > start and parts[stop - 1] in DESCRIPTORS:
        stop -= 1
    if (start, stop) == (0, len(parts)) or start == stop:
        return None
    return " ".join(parts[start:stop])


#: A Latin acronym read letter by letter in Russian (``TLP`` -> ТЛП, ``NATO`` ->
#: НАТО), and written with the Cyrillic letters that look the same (``BBC`` ->
#: ВВС).
SPOKEN = str.maketrans({"A": "А", "B": "Б", "C": "С", "D": "Д", "E": "Е", "F": "Ф", "G": "Г",
                        "H": "Х", "I": "И", "J": "Д", "K": "К", "L": "Л", "M": "М", "N": "Н",
                        "O": "О", "P": "П", "Q": "К", "R": "Р", "S": "С", "T": "Т", "U": "У",
                        "V": "В", "W": "В", "X": "Х", "Y": "И", "Z": "З"})
LOOKALIKE = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def cyrillic_acronyms(name):
    """The Cyrillic spellings of a Latin acronym (folded), or nothing."""
    name = QUOTES.sub("", name or "").strip()
    if not is_acronym(name) or not name.isascii():
        return set()
    upper = name.upper()
    spellings = {upper.translate(SPOKEN), upper.translate(LOOKALIKE)}
    return {fold(spelling) for spelling in spellings if not any(char.isascii() for char in spelling)}
