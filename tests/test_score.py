"""Hand-computed scoring cases: input spans -> expected counts."""

import pandas as pd
import pytest

from pipeline.gold import GoldDoc, GoldMention, GoldReport, GoldSet
from pipeline.score import PRF, score

TEXT = "Анна Иванова приехала в Нижний Новгород в 2019 году к ООН."
#       0         1         2         3         4         5
#       0123456789012345678901234567890123456789012345678901234567


def gold_set(*docs, types=("PER", "ORG", "LOC", "DATE")):
    items = [GoldDoc(doc_id, TEXT, tuple(GoldMention(s, e, t, TEXT[s:e], n) for s, e, t, n in mentions))
             for doc_id, mentions in docs]
    return GoldSet(items, GoldReport(), frozenset(types))


def preds(*rows):
    return pd.DataFrame(
        [{"doc_id": d, "start": s, "stop": e, "type": t, "text": TEXT[s:e], "normal": n,
          "date_start": None, "date_end": None} for d, s, e, t, n in rows],
        columns=["doc_id", "start", "stop", "type", "text", "normal", "date_start", "date_end"])


PER = (0, 12, "PER", "Анна Иванова")
LOC = (24, 39, "LOC", "Нижний Новгород")

CASES = {
    # name: (gold mentions, predicted rows, {scheme: (type, tp, fp, fn)})
    "exact hit": ([PER], [("d", 0, 12, "PER", "Анна Иванова")],
                  {"strict": ("PER", 1, 0, 0), "partial": ("PER", 1, 0, 0)}),
    "boundary miss": ([PER], [("d", 5, 12, "PER", "Иванова")],
                      {"strict": ("PER", 0, 1, 1), "partial": ("PER", 1, 0, 0)}),
    "type confusion": ([LOC], [("d", 24, 39, "ORG", "Нижний Новгород")],
                       {"strict": ("LOC", 0, 0, 1), "partial": ("ORG", 0, 1, 0)}),
    "overlap matched once": ([PER], [("d", 0, 4, "PER", "Анна"), ("d", 5, 12, "PER", "Иванова")],
                             {"strict": ("PER", 0, 2, 1), "partial": ("PER", 1, 1, 0)}),
    "duplicate prediction": ([PER], [("d", 0, 12, "PER", "Анна Иванова"), ("d", 0, 12, "PER", "Анна Иванова")],
                             {"strict": ("PER", 1, 1, 0), "partial": ("PER", 1, 1, 0)}),
    "empty document": ([], [], {"strict": ("PER", 0, 0, 0), "partial": ("micro", 0, 0, 0)}),
}


@pytest.mark.parametrize("name", CASES)
def test_counts(name):
    gold, pred, expected = CASES[name]
    result = score(gold_set(("d", gold)), preds(*pred)).scores
    for scheme, (kind, tp, fp, fn) in expected.items():
        got = result[scheme][kind]
        assert (got["tp"], got["fp"], got["fn"]) == (tp, fp, fn), scheme


def test_nothing_to_score_is_none_not_zero():
    result = score(gold_set(("d", [])), preds()).scores
    assert result["strict"]["PER"]["precision"] is None
    assert result["strict"]["micro"]["f1"] is None
    assert result["normal"]["all"]["accuracy"] is None
    assert result["date_value"]["accuracy"] is None


def test_ratios():
    counts = PRF(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75 and counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert PRF(tp=0, fp=2, fn=0).f1 is None  # recall undefined: nothing in gold
    assert PRF(tp=0, fp=2, fn=1).f1 == 0.0


def test_types_outside_the_gold_scheme_are_not_scored():
    result = score(gold_set(("d", [PER]), types=("PER",)),
                   preds(("d", 0, 12, "PER", "Анна Иванова"), ("d", 42, 51, "DATE", "2019 году"))).scores
    assert result["types"] == ["PER"]
    assert result["strict"]["micro"]["fp"] == 0


def test_date_without_preposition_and_normal_forms():
    gold = gold_set(("d", [(40, 51, "DATE", "2019 год"), (0, 12, "PER", "Анна Иванова")]))
    pred = preds(("d", 42, 51, "DATE", "2019 год"), ("d", 0, 12, "PER", "Анна Иванов"))
    result = score(gold, pred).scores
    assert result["strict"]["DATE"]["tp"] == 0
    assert result["date_without_preposition"]["DATE"]["tp"] == 1
    assert result["normal"]["PER"]["scored"] == 1 and result["normal"]["PER"]["exact"] == 0


def test_normal_accuracy_folds_yo_and_case():
    gold = gold_set(("d", [(0, 12, "PER", "Анна Иванова")]))
    result = score(gold, preds(("d", 0, 12, "PER", "анна иванова"))).scores
    assert result["normal"]["PER"]["accuracy"] == 0.0
    assert result["normal"]["PER"]["accuracy_folded"] == 1.0


def test_error_table_kinds():
    gold = gold_set(("d", [PER, LOC, (54, 57, "ORG", "ООН")]))
    pred = preds(("d", 5, 12, "PER", "Иванова"), ("d", 24, 39, "ORG", "Нижний Новгород"),
                 ("d", 42, 46, "DATE", "2019"))
    errors = score(gold, pred).errors
    assert sorted(errors.kind) == ["boundary", "missed", "spurious", "type"]
    row = errors[errors.kind == "type"].iloc[0]
    assert (row.gold_type, row.pred_type, row.gold_text) == ("LOC", "ORG", "Нижний Новгород")
    assert row.sentence == TEXT


def test_token_level_is_naeval_style():
    gold = gold_set(("d", [PER]))
    result = score(gold, preds(("d", 5, 12, "PER", "Иванова"))).scores
    assert result["token_naeval"]["PER"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0,
                                            "recall": 0.5, "f1": pytest.approx(2 / 3)}
