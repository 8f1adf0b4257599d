"""Score predicted mentions against gold: counts first, ratios last.

- **strict**: same boundaries and type, the headline; per type and micro.
- **partial**: overlapping spans of the same type, matched one to one.
- **boundary**: same boundaries, any type.
- **date_without_preposition**: DATE strict after dropping a leading
  preposition on both sides (corpora disagree on ``в 2009 году``).
- **token_naeval**: token-level F1 the way natasha's naeval benchmark computes
  it (razdel tokens, IO tags per type), only to compare with natasha's
  published table.
- **normal**: normal-form accuracy among strict matches whose gold has one,
  exact and after folding ё->е and case.
- **normal_consistent**: the same, exact, leaving out the gold normal forms
  that the gold set itself contradicts (``doubtful_normals``): the ceiling
  that slips in the gold put on the main figure.
- **date_value**: among strict DATE matches with a gold ISO value, the share
  whose ``date_start``/``date_end`` equal it.
- **date_calendar**: DATE without a leading preposition (strict) and
  overlapping, on the gold DATEs that name a point or stretch of the calendar
  (``is_calendar``): corpora such as NEREL also label durations and vague
  time, which our guide does not. Predictions that overlap only such
  set-aside gold are neither right nor wrong there.

- **linking**: where gold gives entity ids (SlavicNER), how the predicted
  ``entity_id`` clusters the strict matches, across the corpus and within
  each document, B-cubed and pairwise (``linking/metrics.py``), beside two
  baselines (``BASELINES``).

Every ratio is ``None`` where nothing was there to score.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd
import razdel

from .const import DATE, TYPES
from .linking.metrics import clustering_scores

MICRO = "micro"
PREPOSITIONS = {"в", "во", "с", "со", "до", "по", "к", "на", "от", "около", "за", "о", "об"}

ERROR_COLUMNS = ["doc_id", "kind", "gold_type", "gold_start", "gold_stop", "gold_text",
                 "pred_type", "pred_start", "pred_stop", "pred_text",
                 "gold_normal", "pred_normal", "gold_value", "pred_value", "sentence"]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self):
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self):
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class Share:
    scored: int = 0
    correct: int = 0

    @property
    def accuracy(self):
        return self.correct / self.scored if self.scored else None


@dataclass(frozen=True)
class Item:
    """A mention as the scorer sees it (gold or predicted)."""

    start: int
    stop: int
    type: str
    text: str
    normal: str | None = None
    value: tuple | None = None
    #: The entity it belongs to: gold's cross-document id, or the predicted ``entity_id``.
    entity: str | None = None


def fold(text):
    return text.replace("ё", "е").replace("Ё", "Е").casefold()


def drop_preposition(item, text):
    words = item.text.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() in PREPOSITIONS:
        start = item.start + item.text.index(words[1], len(words[0]))
        return Item(start, item.stop, item.type, text[start:item.stop])
    return item


#: Evidence that a DATE names the calendar: a month or weekday name, a year-like
#: number (three or four digits, or a decade/year suffix: ``80-е``, ``2008-м``),
#: a century, a calendar word counted from today, or a relative year, month,
#: week, quarter or season. Written before any score was looked at.
_CALENDAR = re.compile(
    r"(?i)(?<![а-яё])("
    r"январ|феврал|март|апрел|ма[йяюе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|янв\b|фев\b|мар\b|апр\b|авг\b|сент?\b|окт\b|ноя\b|дек\b"
    r"|понедельник|вторник|сред[аыуе]|четверг|пятниц|суббот|воскресень"
    r"|вчера|сегодня(?![а-яё])|завтра|позавчера|послезавтра|выходн"
    r"|век[аеуо]?\b|веках|веков"
    r"|(прошл|эт|текущ|нынешн|минувш|следующ|будущ|позапрошл)[а-яё]*\s+"
    r"(год|месяц|недел|квартал|полугоди|весн|лет[оау]|осен|зим)"
    r")|(?<!\d)\d{3,4}(?!\d)|\d+-?(е|х|м|го)\b|\b[IVXLC]+\b")
#: A DATE that counts time from a moment, or says how long, is not a calendar
#: expression even if it holds a calendar word (``через четыре года, в декабре``).
_NOT_CALENDAR = re.compile(
    r"(?i)(?<![а-яё])(назад|через|спустя|течени|последн|ближайш|кажд|несколько|нескольк"
    r"|ранее|раньше|позже|позднее)")


def is_calendar(text):
    """Whether a gold DATE's text names the calendar, by the rule above."""
    return bool(_CALENDAR.search(text)) and not _NOT_CALENDAR.search(text)


def _key(item, typed=True):
    return (item.start, item.stop, item.type) if typed else (item.start, item.stop)


def strict_match(gold, pred, typed=True):
    """One-to-one exact matches; return (pairs, unmatched gold, unmatched pred)."""
    index = defaultdict(list)
    for item in gold:
        index[_key(item, typed)].append(item)
    pairs, extra = [], []
    for item in pred:
        bucket = index.get(_key(item, typed))
        if bucket:
            pairs.append((bucket.pop(0), item))
        else:
            extra.append(item)
    matched = {id(g) for g, _ in pairs}
    return pairs, [g for g in gold if id(g) not in matched], extra


def overlap(a, b):
    return min(a.stop, b.stop) - max(a.start, b.start)


def overlap_match(gold, pred, same_type=True):
    """Greedy one-to-one matching of overlapping spans, largest overlap first."""
    candidates = sorted(
        ((overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
         if overlap(g, p) > 0 and (not same_type or g.type == p.type)),
        key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return (pairs, [g for i, g in enumerate(gold) if i not in used_g],
            [p for i, p in enumerate(pred) if i not in used_p])


def _count(table, pairs, missed, extra, types):
    for kind in types:
        table[kind].tp += sum(1 for g, _ in pairs if g.type == kind)
        table[kind].fn += sum(1 for g in missed if g.type == kind)
        table[kind].fp += sum(1 for p in extra if p.type == kind)


def token_tags(tokens, items):
    """naeval-style IO tags: each razdel token takes the type of the span covering it."""
    tags = []
    for token in tokens:
        tag = None
        for item in items:
            if item.start <= token.start and token.stop <= item.stop:
                tag = item.type
                break
        tags.append(tag)
    return tags


def doubtful_normals(gold):
    """``{(doc_id, start, stop)}`` of gold normal forms the gold set contradicts:
    padded with spaces (``Тереза Мэй ``), or not the one the set gives most often
    to the same text and type (``Дэвида Дэвиса`` once as its own normal form,
    ``Дэвид Дэвис`` elsewhere). A normal form seen once is taken as it is."""
    given = defaultdict(Counter)
    for doc in gold:
        for mention in doc.mentions:
            if mention.normal:
                given[mention.type, mention.text][mention.normal] += 1
    doubtful = set()
    for doc in gold:
        for mention in doc.mentions:
            if not mention.normal:
                continue
            (usual, count), = given[mention.type, mention.text].most_common(1)
            padded = mention.normal != mention.normal.strip()
            if padded or (mention.normal != usual and count > given[mention.type, mention.text][mention.normal]):
                doubtful.add((doc.doc_id, mention.start, mention.stop))
    return doubtful


class Scorer:
    def __init__(self, types, doubtful=frozenset()):
        self.types = [kind for kind in TYPES if kind in types]
        self.doubtful = doubtful
        self.normal_consistent = defaultdict(Share)
        self.strict = defaultdict(PRF)
        self.partial = defaultdict(PRF)
        self.boundary = PRF()
        self.date_noprep = PRF()
        self.date_calendar = PRF()
        self.date_calendar_overlap = PRF()
        self.token = defaultdict(PRF)
        self.normal = defaultdict(Share)
        self.normal_folded = defaultdict(Share)
        self.date_value = Share()
        self.documents = 0
        self.gold_counts = Counter()
        self.pred_counts = Counter()
        self.errors = []
        #: ``(doc_id, type, gold entity, predicted entity, predicted normal)`` of
        #: the strict matches where both sides have an entity.
        self.linked = []

    def add(self, doc_id, text, gold, pred):
        gold = [g for g in gold if g.type in self.types]
        pred = [p for p in pred if p.type in self.types]
        self.documents += 1
        self.gold_counts.update(g.type for g in gold)
        self.pred_counts.update(p.type for p in pred)

        pairs, missed, extra = strict_match(gold, pred)
        _count(self.strict, pairs, missed, extra, self.types)
        self._errors(doc_id, text, pairs, missed, extra)

        p_pairs, p_missed, p_extra = overlap_match(gold, pred)
        _count(self.partial, p_pairs, p_missed, p_extra, self.types)

        b_pairs, b_missed, b_extra = strict_match(gold, pred, typed=False)
        self.boundary.add(PRF(len(b_pairs), len(b_extra), len(b_missed)))

        if DATE in self.types:
            g_dates = [drop_preposition(g, text) for g in gold if g.type == DATE]
            p_dates = [drop_preposition(p, text) for p in pred if p.type == DATE]
            d_pairs, d_missed, d_extra = strict_match(g_dates, p_dates)
            self.date_noprep.add(PRF(len(d_pairs), len(d_extra), len(d_missed)))
            self._calendar(g_dates, p_dates)

        tokens = list(razdel.tokenize(text))
        for g_tag, p_tag in zip(token_tags(tokens, gold), token_tags(tokens, pred)):
            for kind in self.types:
                self.token[kind].tp += g_tag == kind and p_tag == kind
                self.token[kind].fp += p_tag == kind and g_tag != kind
                self.token[kind].fn += g_tag == kind and p_tag != kind

        self.linked.extend((doc_id, g.type, g.entity, p.entity, p.normal or "")
                           for g, p in pairs if g.entity and p.entity)
        for g, p in pairs:
            if g.normal:
                self.normal[g.type].scored += 1
                self.normal[g.type].correct += p.normal == g.normal
                self.normal_folded[g.type].scored += 1
                self.normal_folded[g.type].correct += fold(p.normal or "") == fold(g.normal)
                if (doc_id, g.start, g.stop) not in self.doubtful:
                    self.normal_consistent[g.type].scored += 1
                    self.normal_consistent[g.type].correct += p.normal == g.normal
            if g.type == DATE and g.value:
                self.date_value.scored += 1
                self.date_value.correct += p.value == g.value

    def _calendar(self, gold, pred):
        """DATE scores on the gold that names the calendar (see ``is_calendar``)."""
        kept = [g for g in gold if is_calendar(g.text)]
        aside = [g for g in gold if not is_calendar(g.text)]
        pred = [p for p in pred
                if not any(overlap(p, g) > 0 for g in aside)
                or any(overlap(p, g) > 0 for g in kept)]
        pairs, missed, extra = strict_match(kept, pred)
        self.date_calendar.add(PRF(len(pairs), len(extra), len(missed)))
        pairs, missed, extra = overlap_match(kept, pred)
        self.date_calendar_overlap.add(PRF(len(pairs), len(extra), len(missed)))

    def _errors(self, doc_id, text, pairs, missed, extra):
        sentences = list(razdel.sentenize(text))

        def sentence(item):
            for sent in sentences:
                if sent.start <= item.start < sent.stop:
                    return sent.text
            return ""

        def row(kind, g=None, p=None):
            anchor = g or p
            return {
                "doc_id": doc_id, "kind": kind,
                "gold_type": g.type if g else None, "gold_start": g.start if g else None,
                "gold_stop": g.stop if g else None, "gold_text": g.text if g else None,
                "pred_type": p.type if p else None, "pred_start": p.start if p else None,
                "pred_stop": p.stop if p else None, "pred_text": p.text if p else None,
                "gold_normal": g.normal if g else None, "pred_normal": p.normal if p else None,
                "gold_value": "/".join(g.value) if g and g.value else None,
                "pred_value": "/".join(p.value) if p and p.value else None,
                "sentence": sentence(anchor),
            }

        pairs_any, missed, extra = overlap_match(missed, extra, same_type=False)
        for g, p in pairs_any:
            if (g.start, g.stop) == (p.start, p.stop):
                kind = "type"
            elif g.type == p.type:
                kind = "boundary"
            else:
                kind = "boundary+type"
            self.errors.append(row(kind, g, p))
        self.errors.extend(row("missed", g=g) for g in missed)
        self.errors.extend(row("spurious", p=p) for p in extra)
        for g, p in pairs:
            if g.normal and p.normal != g.normal:
                self.errors.append(row("normal", g, p))
            if g.type == DATE and g.value and p.value != g.value:
                self.errors.append(row("date_value", g, p))

    def _table(self, counts):
        table = {kind: counts[kind].as_dict() for kind in self.types}
        total = PRF()
        for kind in self.types:
            total.add(counts[kind])
        table[MICRO] = total.as_dict()
        return table

    def _shares(self, exact, folded):
        out = {}
        all_exact, all_folded = Share(), Share()
        for kind in self.types:
            out[kind] = {"scored": exact[kind].scored, "exact": exact[kind].correct,
                         "folded": folded[kind].correct, "accuracy": exact[kind].accuracy,
                         "accuracy_folded": folded[kind].accuracy}
            all_exact.scored += exact[kind].scored
            all_exact.correct += exact[kind].correct
            all_folded.correct += folded[kind].correct
            all_folded.scored += folded[kind].scored
        out["all"] = {"scored": all_exact.scored, "exact": all_exact.correct,
                      "folded": all_folded.correct, "accuracy": all_exact.accuracy,
                      "accuracy_folded": all_folded.accuracy}
        return out

    def result(self):
        return {
            "documents": self.documents,
            "types": self.types,
            "gold": {kind: self.gold_counts[kind] for kind in self.types},
            "pred": {kind: self.pred_counts[kind] for kind in self.types},
            "strict": self._table(self.strict),
            "partial": self._table(self.partial),
            "boundary": {MICRO: self.boundary.as_dict()},
            "date_without_preposition": ({DATE: self.date_noprep.as_dict()}
                                         if DATE in self.types else {}),
            "date_calendar": ({DATE: self.date_calendar.as_dict(),
                               "overlap": self.date_calendar_overlap.as_dict()}
                              if DATE in self.types else {}),
            "token_naeval": self._table(self.token),
            "normal": self._shares(self.normal, self.normal_folded),
            "normal_consistent": self._shares(self.normal_consistent, self.normal_consistent),
            "date_value": {"scored": self.date_value.scored, "correct": self.date_value.correct,
                           "accuracy": self.date_value.accuracy},
            "linking": linking_scores(self.linked) if self.linked else {},
        }

    def error_table(self):
        table = pd.DataFrame(self.errors, columns=ERROR_COLUMNS)
        for column in ("gold_start", "gold_stop", "pred_start", "pred_stop"):
            table[column] = table[column].astype("Int64")  # integers, empty where absent
        return table


#: What the linking scores compare the predicted entities with: merging by the
#: exact normal form and type, and by the last word of the normal form and type.
BASELINES = {
    "exact normal form": lambda kind, normal: (kind, normal),
    "last word": lambda kind, normal: (kind, (normal.split() or [""])[-1]),
}


def linking_scores(linked):
    """B-cubed and pairwise scores of the predicted entities and of the
    baselines, across the corpus and within each document."""
    scores = {}
    for scope in ("across", "within"):
        def key(doc_id, value):
            return (doc_id, value) if scope == "within" else value

        gold = [key(doc_id, entity) for doc_id, _, entity, _, _ in linked]
        scores[scope] = {"pipeline": clustering_scores(
            gold, [key(doc_id, entity) for doc_id, _, _, entity, _ in linked])}
        for name, baseline in BASELINES.items():
            scores[scope][name] = clustering_scores(
                gold, [key(doc_id, baseline(kind, normal)) for doc_id, kind, _, _, normal in linked])
    return scores


def table_rows(scores):
    """One row per scored type, then micro: what every score table shows."""
    for kind in scores["types"] + [MICRO]:
        strict = scores["strict"][kind]
        counts = [scores[side].values() if kind == MICRO else [scores[side][kind]]
                  for side in ("gold", "pred")]
        yield {"type": kind, "gold": sum(counts[0]), "pred": sum(counts[1]),
               "precision": strict["precision"], "recall": strict["recall"], "f1": strict["f1"],
               "partial_f1": scores["partial"][kind]["f1"],
               "token_f1": scores["token_naeval"][kind]["f1"]}


def gold_items(doc):
    return [Item(m.start, m.stop, m.type, m.text, m.normal,
                 (m.date_start, m.date_end) if m.date_start else None, m.entity_id)
            for m in doc.mentions]


def pred_items(rows):
    """Items from rows of a ``mentions`` table (a DataFrame slice)."""
    items = []
    for row in rows.itertuples(index=False):
        value = (row.date_start, row.date_end) if isinstance(row.date_start, str) else None
        entity = getattr(row, "entity_id", None)
        items.append(Item(int(row.start), int(row.stop), row.type, row.text, row.normal, value,
                          entity if isinstance(entity, str) else None))
    return items


@dataclass
class Scores:
    scores: dict
    errors: pd.DataFrame


def score(gold, mentions, processed=None):
    """Score a ``mentions`` DataFrame against a GoldSet.

    ``processed`` is the set of doc_ids the predictions cover (from
    ``docs.parquet``); gold documents outside it are counted, and scored as
    having no mentions.
    """
    scorer = Scorer(gold.types, doubtful_normals(gold))
    by_doc = {doc_id: rows for doc_id, rows in mentions.groupby("doc_id", sort=False)}
    empty = mentions.iloc[0:0]
    for doc in gold:
        scorer.add(doc.doc_id, doc.text, gold_items(doc), pred_items(by_doc.get(doc.doc_id, empty)))
    result = scorer.result()
    result["gold_report"] = gold.report.as_dict()
    # what --lenient skipped, each with its file, line and reason
    result["gold_skipped"] = list(gold.report.skipped)
    if processed is not None:
        result["docs_without_predictions"] = sorted(doc.doc_id for doc in gold
                                                    if doc.doc_id not in processed)
    return Scores(result, scorer.error_table())
