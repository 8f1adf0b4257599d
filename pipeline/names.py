"""First, middle and last name of a PER mention, from its normal form.

Initials (``С.``, ``В. В.``) are first and middle name, in that order, whether
they stand before or after the surname (``Путин В.В.``). Words are placed by
position, the way Russian news writes names: one word is a surname (unless
pymorphy3 knows it only as a first name: ``Анна``), two are first name and
surname, three are first name, patronymic and surname. The surname-first
orders (``Иванов Пётр``, ``Иванов Пётр Сергеевич``) are recognised from
pymorphy3's ``Surn``/``Name`` marks. Particles join the surname after them
(``Жан-Мари Ле Пен``, ``Люк ван дер Берг``).
"""

import re

from .records import Name

#: Surname particles: they join the word after them (``Ле Пен``, ``ван дер Берг``).
PARTICLES = {"ван", "фон", "дер", "де", "ди", "да", "ла", "ле", "дю", "дель", "аль", "эль",
             "бин", "бен", "ибн", "оглы"}
INITIAL = re.compile(r"[^\W\d_]\.")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _kind(vocab, word):
    """``Name``, ``Surn``, ``Patr`` or None, from pymorphy3's nominative parses."""
    grams = set()
    for form in vocab(word.lower()):
        if form.tag.case == "nomn":
            grams |= {"Name", "Surn", "Patr"} & set(form.tag.grammemes)
    if len(grams) == 1:
        return grams.pop()
    return None


def name_parts(normal, vocab):
    initials = INITIAL.findall(normal)
    words = []
    pending = []
    for word in WORD.findall(INITIAL.sub(" ", normal)):
        if word.lower() in PARTICLES:
            pending.append(word)
            continue
        words.append(" ".join(pending + [word]))
        pending = []
    words.extend(pending)
    kinds = [_kind(vocab, word) for word in words]
    first = middle = last = ""
    if len(words) == 1:
        if kinds[0] == "Name":
            first = words[0]
        else:
            last = words[0]
    elif len(words) == 2:
        if kinds[1] == "Name" and kinds[0] != "Name":
            last, first = words
        else:
            first, last = words
    elif len(words) >= 3:
        if kinds[0] == "Surn" or (kinds[1] == "Name" and kinds[2] == "Patr"):
            last, first, middle = words[0], words[1], " ".join(words[2:])
        else:
            first, middle, last = words[0], " ".join(words[1:-1]), words[-1]
    for initial in initials:
        if not first:
            first = initial
        elif not middle:
            middle = initial
    return Name(first, middle, last)
