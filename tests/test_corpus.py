"""The sample corpus: size, type counts, validation, and that it is built from its markup."""

import importlib.util
from collections import Counter

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.gold import load_gold
from pipeline.validate import validate

from .conftest import ROOT, need

CORPUS = ROOT / "corpus"


def test_size_and_types():
    gold = load_gold(CORPUS, "brat")
    texts = sorted((CORPUS / "texts").glob("*.txt"))
    assert len(gold) == len(texts) >= 41  # the seed article and at least 40 new ones
    counts = Counter(m.type for doc in gold for m in doc.mentions)
    assert sum(counts.values()) >= 1200
    assert all(counts[kind] >= 150 for kind in ("PER", "ORG", "LOC", "DATE")), counts
    for path in texts:
        words = len(path.read_text(encoding="utf-8").split())
        assert 150 <= words <= 600, (path.name, words)


def test_every_mention_has_a_normal_form_and_every_date_a_value():
    gold = load_gold(CORPUS, "brat")
    mentions = [m for doc in gold for m in doc.mentions]
    assert all(m.normal for m in mentions)
    dated = [m for m in mentions if m.type == "DATE" and m.date_start]
    assert len(dated) >= 0.9 * sum(1 for m in mentions if m.type == "DATE")


def test_validation_passes():
    assert validate(CORPUS) == []
    result = CliRunner().invoke(app, ["validate", str(CORPUS)])
    assert result.exit_code == 0 and result.output.startswith("ok: ")


def test_validation_finds_problems(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Анна приехала 31 июня и 2 мая.", encoding="utf-8")
    (tmp_path / "gold" / "a.ann").write_text(
        "T1\tPER 0 4\tАнна\nT2\tDATE 14 21\t31 июня\n#2\tAnnotatorNotes T2\tnormal: 31 июня | date: 2019-06-31\n"
        "T3\tDATE 24 29\t2 мая\nT4\tDATE 26 29\tмая\n#4\tAnnotatorNotes T4\tnormal: май | date: unknown\n",
        encoding="utf-8")
    problems = "\n".join(validate(tmp_path))
    assert "T1 has no normal form" in problems
    assert "bad value '2019-06-31'" in problems
    assert "T3 has no 'date: VALUE'" in problems
    assert "no publication date" in problems
    assert "nested mentions" in problems


def test_markup_builds_the_committed_files():
    spec = importlib.util.spec_from_file_location("build", CORPUS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for rel, content in build.build().items():
        assert (CORPUS / rel).read_text(encoding="utf-8") == content, f"{rel} is stale: run python corpus/build.py"


def test_seed_article_is_the_users_text():
    seed = need("seed/uzbekistan-iom.txt")
    assert (CORPUS / "texts" / "uzbekistan-iom.txt").read_bytes() == seed.read_bytes()
