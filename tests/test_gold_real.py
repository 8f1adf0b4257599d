"""Every loader on the real gold corpora: all files load, every offset verified."""

from collections import Counter

import pytest

from pipeline.gold import GoldError, load_gold

from .conftest import need


def counts(gold):
    return dict(Counter(m.type for doc in gold for m in doc.mentions))


def test_factru_dev():
    gold = load_gold(need("factru-dev/devset"), "factru")
    assert len(gold) == 122
    assert counts(gold) == {"PER": 728, "ORG": 732, "LOC": 960}
    assert gold.report.nested_set_aside == 188
    # book_367's token list leaves out "Мари" while its offsets are right
    assert len(gold.report.warnings) == 1 and "book_367" in gold.report.warnings[0]
    assert sum(1 for doc in gold for m in doc.mentions if m.fragments) == 7
    for doc in gold:
        for mention in doc.mentions:
            assert doc.text[mention.start:mention.stop] == mention.text


def test_nerel_dev():
    gold = load_gold(need("nerel/dev"), "nerel")
    assert len(gold) == 94
    assert counts(gold) == {"PER": 920, "ORG": 526, "LOC": 609, "DATE": 524}
    assert (gold.report.nested_set_aside, gold.report.duplicates) == (254, 1)


def test_nerel_train_has_one_stray_line():
    path = need("nerel/train")
    with pytest.raises(GoldError, match=r"21013_text\.ann:52: not a BRAT annotation line"):
        load_gold(path, "nerel")
    gold = load_gold(path, "nerel", lenient=True)
    assert len(gold) == 746
    assert counts(gold) == {"PER": 7634, "ORG": 4914, "LOC": 5168, "DATE": 3845}
    assert len(gold.report.skipped) == 1 and gold.report.duplicates == 2


def test_nerel_all_nested():
    gold = load_gold(need("nerel/dev"), "nerel", nested="all")
    assert sum(counts(gold).values()) == 2579 + 254


def test_slavicner():
    gold = load_gold(need("slavicner-ru"), "slavicner")
    assert len(gold) == 571
    assert counts(gold) == {"PER": 3295, "ORG": 3774, "LOC": 4646}
    assert gold.report.dropped_labels == 1562
    mentions = [m for doc in gold for m in doc.mentions]
    assert all(m.normal and m.entity_id for m in mentions)
    assert any(m.text == "Россией" and m.normal == "Россия" for m in mentions)
    assert "brexit/brexit_ru.txt_file_10" in {doc.doc_id for doc in gold}
