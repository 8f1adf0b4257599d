"""Document entities: the mentions of one document that name the same entity.

A document entity starts as the mentions with the same folded normal form
and type (``names.fold``). Then, in this order:

- **people**: full names with the same first name and surname join
  (``Владимир Путин``, ``Владимир Владимирович Путин``); a surname with an
  initial joins the one full name with that surname and first letter
  (``В. Путин``); a surname alone joins the one person with that surname
  (``Путин``), a first name alone the one person with that first name
  (``Тереза``). Where two people of the document share the surname (two
  Bushes) or the first name, the short form joins neither and stays an
  entity of its own: a guess would merge two people.
- **places and organisations**: a name with descriptor words
  (``Республика Узбекистан``, ``компания Газпром``) joins the name without
  them, and a state's other names join it (``РФ``, ``Российская Федерация``:
  ``states.py``); an acronym joins the one name whose initials it is (``МОМ``,
  ``США``); a word shortened the Russian way joins the one name it shortens
  (``Евросоюз``, ``Минобороны``); an organisation's name that is the start of
  exactly one longer one joins it (``Верховный суд`` … ``Верховный суд
  Пакистана``). Two candidates mean no join.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from ..const import LOC, ORG, PER
from .names import cyrillic_acronyms, fold, initials, is_acronym, is_compound_of, is_initial, without_descriptors, words
from .states import state_key

LINKED = (PER, ORG, LOC)


@dataclass
class Local:
    """One entity of one document."""

    doc_id: str
    type: str
    rows: list = field(default_factory=list)  # positions in the mentions table
    names: Counter = field(default_factory=Counter)  # normal form -> mentions
    #: People: ``(first, last)`` of each full name, folded; ``(initial, last)``
    #: where only an initial is written; the surnames seen.
    people: set = field(default_factory=set)
    initialled: set = field(default_factory=set)
    lasts: set = field(default_factory=set)
    lone: set = field(default_factory=set)  # one-word names, folded

    def absorb(self, other):
        self.rows += other.rows
        self.names.update(other.names)
        self.people |= other.people
        self.initialled |= other.initialled
        self.lasts |= other.lasts
        self.lone |= other.lone

    @property
    def mentions(self):
        return len(self.rows)


def canonical(names):
    """The fullest name: most words, then most mentions, then first seen; a
    name with an unclosed bracket or quote (a span cut short) only when there
    is no other."""
    order = {name: index for index, name in enumerate(names)}
    return max(names, key=lambda name: (_balanced(name), len(name.split()), names[name],
                                        -order[name]))


def _balanced(name):
    return (name.count("(") == name.count(")") and name.count("«") == name.count("»")
            and name.count('"') % 2 == 0)


class _Sets:
    """Union-find over a list; the root keeps the earliest item."""

    def __init__(self, count):
        self.parent = list(range(count))

    def find(self, index):
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _only(candidates):
    """The one candidate, or None for none or several."""
    candidates = set(candidates)
    return candidates.pop() if len(candidates) == 1 else None


def document_entities(doc_id, rows):
    """The Locals of one document; ``rows``: ``(position, type, normal, first,
    last)`` of its mentions of the linked types, in text order."""
    groups = {}
    for position, kind, normal, first, last in rows:
        key = (kind, fold(normal))
        local = groups.get(key)
        if local is None:
            local = groups[key] = Local(doc_id, kind)
        local.rows.append(position)
        local.names[normal] += 1
        if kind == PER:
            _name_parts(local, normal, first, last)
    locals_ = list(groups.values())
    sets = _Sets(len(locals_))
    people = [index for index, local in enumerate(locals_) if local.type == PER]
    _join_people(locals_, people, sets)
    for kind in (ORG, LOC):
        _join_names(locals_, [index for index, local in enumerate(locals_) if local.type == kind],
                    sets, prefixes=kind == ORG)
    roots = {index: local for index, local in enumerate(locals_) if sets.find(index) == index}
    for index, local in enumerate(locals_):
        if sets.find(index) != index:
            roots[sets.find(index)].absorb(local)
    for local in roots.values():
        local.rows.sort()
    return sorted(roots.values(), key=lambda local: local.rows[0])


#: ``Б.Джонсон``, ``Т. Мэй``: an initial glued to or spaced from a surname.
INITIAL_SURNAME = re.compile(r"^([^\W\d_]{1,2})\.\s*([^\W\d_][\w-]+)$")


def _name_parts(local, normal, first, last):
    """What a person's name gives to match on. A lone word is only that: the
    name stage cannot tell a surname (``Джонсон``) from a first name there."""
    first, last = (first or "").strip(), (last or "").strip()
    glued = INITIAL_SURNAME.match(normal.strip())
    if glued:
        local.initialled.add((fold(glued.group(1))[:1], fold(glued.group(2))))
        local.lasts.add(fold(glued.group(2)))
    elif len(normal.split()) == 1:
        local.lone.add(fold(normal))
    elif first and last:
        if is_initial(first):
            local.initialled.add((fold(first.rstrip("."))[:1], fold(last)))
        else:
            local.people.add((fold(first), fold(last)))
        local.lasts.add(fold(last))
    elif last:
        local.lasts.add(fold(last))


def _join_people(locals_, people, sets):
    full = [index for index in people if locals_[index].people]
    by_pair = {}
    for index in full:
        for pair in locals_[index].people:
            if pair in by_pair:
                sets.union(by_pair[pair], index)
            else:
                by_pair[pair] = index
    named = [index for index in people if locals_[index].people or locals_[index].initialled]
    for index in people:
        local = locals_[index]
        if local.people:
            continue
        target = None
        if local.initialled:
            target = _only(sets.find(other) for other in full
                           for letter, last in local.initialled
                           for first, other_last in locals_[other].people
                           if other_last == last and first.startswith(letter))
        elif local.lasts or local.lone:
            words_ = local.lasts | local.lone
            target = _only(sets.find(other) for other in named if other != index
                           and words_ & locals_[other].lasts)
            if target is None and local.lone:
                target = _only(sets.find(other) for other in full
                               if local.lone & {first for first, _ in locals_[other].people})
        if target is not None:
            sets.union(target, index)


def keys(kind, name):
    """What a place's or body's name is known by: folded, without descriptor
    words, a Latin acronym in Cyrillic (``TLP``: ТЛП) and the state it names
    (``states.py``)."""
    found = {fold(name), without_descriptors(name), *cyrillic_acronyms(name)}
    if kind == LOC:
        found.add(state_key(name))
    return {(kind, key) for key in found if key}


def _join_names(locals_, members, sets, prefixes):
    by_key = {}
    for index in members:
        for name in locals_[index].names:
            for key in keys(locals_[index].type, name):
                if key in by_key:
                    sets.union(by_key[key], index)
                else:
                    by_key[key] = index
    for index in members:
        local = locals_[index]
        name = canonical(local.names)
        target = None
        if is_acronym(name):
            letters = name.upper().replace("Ё", "Е")
            target = _only(sets.find(other) for other in members if other != index
                           for candidate in locals_[other].names
                           if not is_acronym(candidate) and len(candidate.split()) > 1
                           and initials(candidate) == letters)
        elif len(name.split()) == 1:
            target = _only(sets.find(other) for other in members if other != index
                           for candidate in locals_[other].names
                           if is_compound_of(name, candidate))
        if target is None and prefixes:
            mine = words(name)
            target = _only(sets.find(other) for other in members if other != index
                           for candidate in locals_[other].names
                           if len(words(candidate)) > len(mine)
                           and words(candidate)[:len(mine)] == mine)
        if target is not None and target != sets.find(index):
            sets.union(target, index)
