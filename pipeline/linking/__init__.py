"""From mentions to entities: who and what the corpus is about.

A corpus step, run over the whole ``mentions`` table after every document is
processed, so that it gives the same entities however many workers (or a
Dask cluster) produced the table. ``within.py`` groups each document's
mentions into document entities; ``across.py`` joins those across the
corpus; ``names.py`` holds the string rules both use. ``link`` returns an
``entity_id`` for every mention (None for dates) and the ``entities`` table.

Entity ids are ``TYPE:name`` (``PER:Тереза Мэй``), the name being the
entity's canonical name, the fullest one seen; a second entity with the
same name and type gets ``#2`` after it, in order of first appearance. The
same input gives the same ids.
"""

from array import array
from collections import Counter
from itertools import groupby
from operator import itemgetter

from ..const import PER
from .across import corpus_entities
from .within import LINKED, canonical, document_entities

__all__ = ["ENTITY_COLUMNS", "Linker", "documents_entities", "link", "link_rows",
           "published_dates"]

ENTITY_COLUMNS = ["entity_id", "type", "name", "aliases", "mentions", "documents", "first_doc",
                  "first_date"]


def link(mentions, docs=None):
    """``(entity ids, entities)``: a list with an id (or None) for each row of
    ``mentions`` (doc_id, type, normal, first, last; documents in order), and
    a DataFrame of ``ENTITY_COLUMNS``. ``docs`` (doc_id, published) gives
    each entity's earliest publication date."""
    import pandas as pd

    columns = [mentions[name].tolist() for name in ("doc_id", "type", "normal", "first", "last")]
    dates = (published_dates(docs.doc_id.tolist(), docs.published.tolist())
             if docs is not None and "published" in docs else {})
    ids, records = link_rows(zip(*columns), len(mentions), dates)
    return ids, pd.DataFrame(records, columns=ENTITY_COLUMNS)


def published_dates(doc_ids, published):
    """``{doc_id: ISO date}`` of the documents whose publication date is known."""
    return {doc_id: date for doc_id, date in zip(doc_ids, published)
            if isinstance(date, str) and date}


def link_rows(rows, count, dates):
    """``link`` over ``count`` rows of ``(doc_id, type, normal, first, last)``,
    streamed in document order (``Linker`` in one go). Returns the ids and the
    entities as a list of records (dicts of ``ENTITY_COLUMNS``)."""
    linker = Linker(count)
    linker.add(rows)
    return linker.finish(dates)


class Linker:
    """The corpus step fed a batch of mention rows at a time, as a run writes
    them: ``add`` finds each document's entities as soon as the document is
    complete (a long document's sections come in several batches), or
    ``add_found`` takes those a worker found; only the step across documents
    is left for ``finish``, at the end of the run.
    A document's mentions are held only while its entities are found; the
    step keeps its document entities and one number per mention."""

    def __init__(self, count=0):
        self.local_of = array("i", [-1]) * count
        self.count = 0  # rows added
        self.locals_, self.same = [], {}
        self.waiting = []  # the rows of the last document seen, maybe not complete yet

    def add(self, rows):
        """Rows of ``(doc_id, type, normal, first, last)``, going on from the
        rows added before (a document's rows together, in document order)."""
        numbered = ((position, *row) for position, row in enumerate(rows, self.count))
        for doc_id, group in groupby(numbered, key=itemgetter(1)):
            if self.waiting and self.waiting[0][1] != doc_id:
                self._document(self.waiting)
            self.waiting.extend(group)
            self.count = self.waiting[-1][0] + 1
            self._grow()

    def add_found(self, found, rows):
        """The document entities of a batch of ``rows`` mention rows, found
        elsewhere (``documents_entities``: in the worker that ran the batch,
        so that this step keeps up with many), going on from the rows added
        before. The batch holds whole documents."""
        if self.waiting:  # the document before ends where the batch begins
            self._document(self.waiting)
        start = self.count
        self.count += rows
        self._grow()
        for doc_id, locals_ in found:
            self._keep(doc_id, locals_, start)

    def _grow(self):
        if len(self.local_of) < self.count:
            self.local_of.extend(array("i", [-1]) * (self.count - len(self.local_of)))

    def _document(self, group):
        self.waiting = []
        self._keep(group[0][1], _locals(group), 0)

    def _keep(self, doc_id, found, start):
        """The Locals ``found`` of one document, their rows counted from ``start``."""
        for local in found:
            # document entities alike in every way the corpus step looks at always
            # end in one corpus entity: one of them stands for all, so memory
            # grows with the distinct ones, not with the documents
            key = local.signature()
            index = self.same.get(key)
            if index is None:
                index = self.same[key] = len(self.locals_)
                local.docs = [doc_id]
                self.locals_.append(local)
            else:
                self.locals_[index].add_document(local)
            for position in local.rows:
                self.local_of[start + position] = index
            local.rows = []

    def finish(self, dates):
        """The ids (one per row added) and the entities' records; ``dates``:
        ``{doc_id: ISO date}`` of the documents whose publication date is known."""
        if self.waiting:
            self._document(self.waiting)
        locals_, local_of = self.locals_, self.local_of
        # documents by doc_id, whatever the order of the table's rows (a resumed run
        # appends its new documents after the kept ones): the same corpus gives the
        # same entities and ids
        order = sorted(range(len(locals_)), key=lambda index: (locals_[index].doc_id, index))
        moved = array("i", [0]) * len(locals_)
        for new, old in enumerate(order):
            moved[old] = new
        locals_ = [locals_[old] for old in order]
        for position, local in enumerate(local_of):
            if local >= 0:
                local_of[position] = moved[local]
        numbers = corpus_entities(locals_)
        return _tables(locals_, numbers, local_of, dates)


def documents_entities(rows):
    """``[(doc_id, Locals)]`` for rows of ``(doc_id, type, normal, first, last)``
    of whole documents, each Local's rows numbered from the first row: what a
    worker gives ``Linker.add_found``."""
    numbered = ((position, *row) for position, row in enumerate(rows))
    return [(doc_id, _locals(list(group)))
            for doc_id, group in groupby(numbered, key=itemgetter(1))]


def _locals(group):
    """The Locals of one document's numbered rows."""
    return document_entities(group[0][1], [
        (position, kind, normal, _text(first), _text(last))
        for position, _, kind, normal, first, last in group if kind in LINKED and normal])


def _text(value):
    return value if isinstance(value, str) else ""


def _tables(locals_, numbers, local_of, dates):
    groups = {}
    for local, number in zip(locals_, numbers):
        groups.setdefault(number, []).append(local)
    entity_ids, taken = {}, Counter()
    records = []
    for number in sorted(groups):
        members = groups[number]
        names = Counter()
        for local in members:
            names.update(local.names)
        kind = members[0].type
        name = _name(kind, names)
        taken[(kind, name)] += 1
        entity_id = f"{kind}:{name}" + (f"#{taken[(kind, name)]}" if taken[(kind, name)] > 1 else "")
        entity_ids[number] = entity_id
        documents = sorted({doc_id for local in members for doc_id in local.docs})
        known = [dates[doc_id] for doc_id in documents if doc_id in dates]
        records.append({
            "entity_id": entity_id, "type": kind, "name": name,
            "aliases": [{"name": alias, "mentions": mentions}
                        for alias, mentions in names.most_common() if alias != name],
            "mentions": sum(names.values()), "documents": len(documents),
            "first_doc": documents[0], "first_date": min(known) if known else None,
        })
    by_local = [entity_ids[number] for number in numbers]
    ids = [by_local[local] if local >= 0 else None for local in local_of]
    return ids, records


def _name(kind, names):
    """The canonical name: for a person, the fullest name of two words or more
    without initials where there is one (``Владимир Путин``, not ``В. В.
    Путин``)."""
    if kind == PER:
        spelled = Counter({name: count for name, count in names.items()
                           if "." not in name and len(name.split()) > 1})
        if spelled:
            return canonical(spelled)
    return canonical(names)
