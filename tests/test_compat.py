"""natasha and yargy run on pymorphy3; pymorphy2 is never imported."""

import subprocess
import sys

import pipeline  # noqa: F401  (installs the alias)

CHECK = """
import sys
import pipeline
from pipeline.run import extract
tables = extract(["Анна Иванова прилетела в Нидерланды 2 апреля 2018 года."])
assert len(tables.mentions) >= 2, tables.mentions
import natasha.morph.vocab, yargy.morph
names = sorted(name for name in sys.modules if name.split(".")[0] == "pymorphy2")
real = [name for name in names if "pymorphy2" in (getattr(sys.modules[name], "__file__", "") or "")]
print(names, real)
assert names, "natasha and yargy did not ask for pymorphy2 at all"
assert not real, real
assert sys.modules["pymorphy2"] is sys.modules["pymorphy3"]
assert natasha.morph.vocab.PymorphyAnalyzer.__module__ == "pymorphy3.analyzer"
assert yargy.morph.PymorphyAnalyzer.__module__ == "pymorphy3.analyzer"
"""


def test_pymorphy2_is_never_loaded():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_real_pymorphy2_loaded_first_is_refused_with_the_guards_message():
    # Importing natasha before pipeline loads the real pymorphy2 (where it still
    # imports at all); the alias refuses to start on top of it rather than mix
    # the two. A stand-in module makes the case the same on every Python.
    code = ("import sys, types; sys.modules['pymorphy2'] = types.ModuleType('pymorphy2'); "
            "import pipeline")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert ("ImportError: pymorphy2 was imported before pipeline.compat; "
            "import pipeline before natasha or yargy") in done.stderr


def test_dates_grammar_runs_on_pymorphy3(tools):
    from pymorphy3 import MorphAnalyzer

    assert isinstance(tools.vocab, MorphAnalyzer)
    assert isinstance(tools.dates.vocab, MorphAnalyzer)  # its word forms came from pymorphy3
    assert [match.last.year for match in tools.dates.find("2 апреля 2018 года")] == [2018]
