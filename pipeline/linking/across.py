"""Corpus entities: document entities that name the same entity across documents.

- A person with a full name joins every document's person with the same
  first name and surname (folded), whatever else each document calls them.
- A place or organisation joins every document entity whose canonical name
  is its own, folded, or without descriptor words (``Республика
  Узбекистан`` in one document, ``Узбекистан`` in another), or names the
  same state (``states.py``).
- A place or organisation a document names only by an acronym or a
  shortened word joins the one corpus entity whose name it abbreviates
  (``ЕС`` … ``Европейский союз`` in another document).
- A person a document names only by a surname (or a surname and an
  initial, or a first name) joins the corpus person with that surname
  (initial, first name) only when that one holds at least ``DOMINANT`` of
  the mentions of all the corpus's full names that fit: ``Мэй`` joins
  ``Тереза Мэй`` in a corpus about Brexit, but ``Буш`` with two Bushes of
  similar weight joins neither. Short forms that join no full name join each
  other when they are the same (the corpus entity ``Буш``).

Every step looks each name up in a table built once, so the cost grows with
the number of document entities, not with its square.
"""

from collections import Counter, defaultdict

from ..const import PER
from .names import fold, initials, is_acronym, is_compound_of
from .sets import DisjointSets
from .within import canonical, keys

#: The share of the fitting full names' mentions that one of them must hold
#: for a short form in another document to join it.
DOMINANT = 0.75


def corpus_entities(locals_):
    """A corpus entity number for each of ``locals_`` (document entities in
    corpus order), numbered by first appearance."""
    sets = DisjointSets(len(locals_))
    full = defaultdict(list)  # (first, last) -> Locals
    by_name = {}
    for index, local in enumerate(locals_):
        if local.type == PER:
            for pair in local.people:
                full[pair].append(index)
            continue
        for key in keys(local.type, canonical(local.names)):
            if key in by_name:
                sets.union(by_name[key], index)
            else:
                by_name[key] = index
    for members in full.values():
        for index in members[1:]:
            sets.union(members[0], index)
    _join_aliases(locals_, sets)
    _join_spellings(locals_, sets)
    _join_short_forms(locals_, sets)
    roots, numbers = {}, []
    for index in range(len(locals_)):
        numbers.append(roots.setdefault(sets.find(index), len(roots)))
    return numbers


def _join_aliases(locals_, sets):
    """A place or organisation known by a shorter name joins the corpus entity
    that has that name among its other names (``Ryanair`` … ``Ryanair Holdings
    Plc``, ``Ryanair``), by the dominance rule; and so does one known by an
    acronym or shortened word of a corpus name (``ЕС``, ``Евросоюз``)."""
    weight = Counter()
    by_alias, by_initials, by_start = defaultdict(set), defaultdict(set), defaultdict(set)
    for index, local in enumerate(locals_):
        if local.type == PER:
            continue
        root = sets.find(index)
        weight[root] += local.mentions
        for name in local.names:
            for key in keys(local.type, name):
                by_alias[key].add(root)
            if len(name.split()) > 1 and not is_acronym(name):
                by_initials[(local.type, initials(name))].add(root)
                by_start[(local.type, fold(name)[:3])].add((root, name))
    for index, local in enumerate(locals_):
        if local.type == PER:
            continue
        root = sets.find(index)
        name = canonical(local.names)
        candidates = set().union(*(by_alias[key] for key in keys(local.type, name)))
        if len(name.split()) == 1:
            if is_acronym(name):
                candidates |= by_initials.get((local.type, name.upper().replace("Ё", "Е")), set())
            candidates |= {other for other, candidate in by_start.get((local.type, fold(name)[:3]), ())
                           if is_compound_of(name, candidate)}
        candidates.discard(root)
        target = _dominant(candidates, weight)
        if target is not None:
            sets.union(target, index)


#: Names shorter than this are never read as another's misspelling (``Иран``, ``Ирак``).
SPELLING_MIN = 5


def _join_spellings(locals_, sets):
    """A name one letter away from a name of the same type that has at least
    three times its mentions, and starts with the same letter, is taken for
    a variant spelling of it (``Азия Биби`` … ``Асия Биби``, ``Хайко Мас`` …
    ``Хайко Маас``, ``Панджаб`` … ``Пенджаб``). People are compared by their
    full names, places and organisations by their canonical names. Found by
    the names' one-deletion variants, so without comparing every pair."""
    weight, spelled = Counter(), defaultdict(set)
    for index, local in enumerate(locals_):
        root = sets.find(index)
        weight[root] += local.mentions
        names = ({f"{first} {last}" for first, last in local.people} if local.type == PER
                 else {fold(canonical(local.names))} if local.type != PER else set())
        for name in names:
            if len(name.replace(" ", "")) >= SPELLING_MIN:
                spelled[(local.type, name)].add(root)
    variants = _variants(spelled)
    share = (1 - DOMINANT) / DOMINANT  # a third
    for (kind, name), roots in spelled.items():
        names = variants[kind]
        near = {(kind, other) for variant in _deletions(name) for other in _names(names, variant)
                if other != name and other[:1] == name[:1] and _one_edit(name, other)}
        mine = sum(weight[root] for root in roots)
        for other in sorted(near):
            theirs = sum(weight[root] for root in spelled[other])
            if mine <= share * theirs:
                for root in roots:
                    sets.union(next(iter(sorted(spelled[other]))), root)
                break


def _variants(spelled):
    """``{type: {one-deletion variant: the name it comes from}}`` for the names
    of ``spelled``; a variant that more than one name gives holds a list of
    them. Most variants come from one name only, and a set for each of them,
    keyed by a tuple, made this index most of the corpus step's peak memory
    (40 MB on 5,000 articles)."""
    variants = defaultdict(dict)
    for kind, name in spelled:
        names = variants[kind]
        for variant in _deletions(name):
            found = names.get(variant)
            if found is None:
                names[variant] = name
            elif isinstance(found, list):
                found.append(name)
            else:
                names[variant] = [found, name]
    return variants


def _names(names, variant):
    found = names.get(variant)
    return () if found is None else found if isinstance(found, list) else (found,)


def _deletions(name):
    return {name} | {name[:index] + name[index + 1:] for index in range(len(name))}


def _one_edit(a, b):
    """Whether ``a`` and ``b`` differ by one substitution, insertion or deletion."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:index] + long_[index + 1:] == short for index in range(len(long_)))


def _join_short_forms(locals_, sets):
    """Surnames alone (or with an initial), by the dominance rule."""
    weight = Counter()  # root of a full-name person -> mentions
    by_last, by_initial = defaultdict(set), defaultdict(set)
    for index, local in enumerate(locals_):
        if local.type != PER or not local.people:
            continue
        root = sets.find(index)
        weight[root] += local.mentions
        for first, last in local.people:
            by_last[last].add(root)
            by_initial[(first[:1], last)].add(root)
    alone = {}
    for index, local in enumerate(locals_):
        if local.type != PER or local.people:
            continue
        if local.initialled:
            keys = [("initial", key) for key in sorted(local.initialled)]
            candidates = set().union(*(by_initial[key] for key in local.initialled))
        else:
            surnames = local.lasts | local.lone
            keys = [("word", key) for key in sorted(surnames)]
            candidates = set().union(*(by_last[key] for key in surnames))
        # the roots as they were when weighed: a short form that joined one may be its root now
        target = _dominant(candidates, weight)
        if target is not None:
            sets.union(target, index)
            continue
        for key in keys:
            if key in alone:
                sets.union(alone[key], index)
            else:
                alone[key] = index


def _dominant(roots, weight):
    """The one of ``roots`` holding at least ``DOMINANT`` of their weight, or None."""
    if not roots:
        return None
    total = sum(weight[root] for root in roots)
    best = max(sorted(roots), key=lambda root: weight[root])
    return best if total and weight[best] >= DOMINANT * total else None
