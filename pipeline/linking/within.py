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
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..const import LOC, ORG, PER
from .names import (cyrillic_acronyms, fold, initials, is_acronym, is_compound_of, is_initial,
                    without_descriptors, words)
from .sets import DisjointSets
from .states import state_key

LINKED = (PER, ORG, LOC)


@dataclass
class Local:
    """One entity of one document."""

    doc_id: str
    type: str
    rows: list = field(default_factory=list)  # positions in the mentions table
    count: int = 0  # its mentions
    names: Counter = field(default_factory=Counter)  # normal form -> mentions
    #: People: ``(first, last)`` of each full name, folded; ``(initial, last)``
    #: where only an initial is written; the surnames seen.
    people: set = field(default_factory=set)
    initialled: set = field(default_factory=set)
    lasts: set = field(default_factory=set)
    lone: set = field(default_factory=set)  # one-word names, folded

    #: The documents it stands for (the corpus step: ``signature``).
    docs: list = None

    def signature(self):
        """What the corpus step looks at: two document entities with the same
        signature always end in the same corpus entity."""
        return (self.type, frozenset(self.names), frozenset(self.people),
                frozenset(self.initialled), frozenset(self.lasts), frozenset(self.lone))

    def add_document(self, other):
        """Stand for ``other`` too, a document entity with the same signature."""
        self.count += other.count
        self.names.update(other.names)
        self.docs.append(other.doc_id)
        self.doc_id = min(self.doc_id, other.doc_id)

    def absorb(self, other):
        self.rows += other.rows
        self.count += other.count
        self.names.update(other.names)
        self.people |= other.people
        self.initialled |= other.initialled
        self.lasts |= other.lasts
        self.lone |= other.lone

    @property
    def mentions(self):
        return self.count


def canonical(names):
    """The fullest name: most words, then most mentions, then the first in
    alphabetical order (the same whatever order the documents came in); a
    name with an unclosed bracket or quote (a span cut short) only when there
    is no other."""
    return min(names, key=lambda name: (not _balanced(name), -len(name.split()), -names[name],
                                        name))


def _balanced(name):
    return (name.count("(") == name.count(")") and name.count("«") == name.count("»")
            and name.count('"') % 2 == 0)


def _only(candidates):
    """The one candidate, or None for none or several."""
    candidates = set(candidates)
    return candidates.pop() if len(candidates) == 1 else None


def document_entities(doc_id, rows):
    """The Locals of one document; ``rows``: ``(position, type, normal, first,
    last)`` of its mentions of the linked types, in text order."""
    groups = {}
    named = set()  # (normal, first, last) of the people whose name parts are in
    for position, kind, normal, first, last in rows:
        key = (kind, fold(normal))
        local = groups.get(key)
        if local is None:
            local = groups[key] = Local(doc_id, kind)
        local.rows.append(position)
        local.count += 1
        local.names[normal] += 1
        if kind == PER and (normal, first, last) not in named:
            named.add((normal, first, last))
            _name_parts(local, normal, first, last)
    locals_ = list(groups.values())
    sets = DisjointSets(len(locals_))
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
    by_pair, by_initial, by_last, by_first = {}, defaultdict(set), defaultdict(set), defaultdict(set)
    for index in people:
        local = locals_[index]
        for pair in local.people:
            if pair in by_pair:
                sets.union(by_pair[pair], index)
            else:
                by_pair[pair] = index
    for index in people:
        local = locals_[index]
        for first, last in local.people:
            by_initial[(first[:1], last)].add(index)
            by_first[first].add(index)
        if local.people or local.initialled:
            for last in local.lasts:
                by_last[last].add(index)
    for index in people:
        local = locals_[index]
        if local.people:
            continue
        if local.initialled:
            found = set().union(*(by_initial[key] for key in local.initialled))
        else:
            found = set().union(*(by_last[word] for word in local.lasts | local.lone)) - {index}
            if not found and local.lone:
                found = set().union(*(by_first[word] for word in local.lone))
        target = _only(sets.find(other) for other in found)
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
    by_key, by_initials, by_start, by_prefix = {}, defaultdict(set), defaultdict(set), defaultdict(set)
    for index in members:
        for name in locals_[index].names:
            for key in keys(locals_[index].type, name):
                if key in by_key:
                    sets.union(by_key[key], index)
                else:
                    by_key[key] = index
            parts = words(name)
            if len(parts) > 1 and not is_acronym(name):
                by_initials[initials(name)].add(index)
                by_start[fold(name)[:3]].add((index, name))
            for length in range(1, len(parts)):
                by_prefix[tuple(parts[:length])].add(index)
    for index in members:
        name = canonical(locals_[index].names)
        found = set()
        if is_acronym(name):
            found = by_initials.get(name.upper().replace("Ё", "Е"), set())
        elif len(name.split()) == 1:
            found = {other for other, candidate in by_start.get(fold(name)[:3], ())
                     if is_compound_of(name, candidate)}
        target = _only(sets.find(other) for other in found if other != index)
        if target is None and prefixes:
            target = _only(sets.find(other) for other in by_prefix.get(tuple(words(name)), ())
                           if other != index)
        if target is not None and target != sets.find(index):
            sets.union(target, index)
