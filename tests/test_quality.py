"""The pipeline scored on real gold: floors from a measured run, and the README.

Floors sit a few points under the run that the README shows; a regression
fails, an improvement passes (then regenerate the README with
``python benchmarks/readme.py``).
"""

import importlib.util

import pytest

from .conftest import ROOT, need

spec = importlib.util.spec_from_file_location("readme", ROOT / "benchmarks" / "readme.py")
readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme)

# gold set -> {type: strict F1 floor}
STRICT_FLOORS = {
    "corpus": {"PER": 0.95, "ORG": 0.78, "LOC": 0.88, "DATE": 0.96, "micro": 0.89},
    "corpus-first": {"DATE": 0.96},
    "corpus-dates": {"DATE": 0.95},
    "factru-dev": {"PER": 0.945, "ORG": 0.55, "LOC": 0.85, "micro": 0.79},
    "nerel-dev": {"PER": 0.925, "ORG": 0.65, "LOC": 0.785, "DATE": 0.30, "micro": 0.72},
    "slavicner": {"PER": 0.95, "ORG": 0.80, "LOC": 0.95, "micro": 0.90},
}
TOKEN_FLOORS = {"factru-dev": {"PER": 0.93, "LOC": 0.81}, "slavicner": {"PER": 0.92}}
NORMAL_FLOORS = {"corpus": 0.985, "slavicner": 0.98}
#: the issue's bar for a person's normal form, where the gold has enough of them
PER_NORMAL_FLOORS = {"slavicner": 0.965}
DATE_VALUE_FLOORS = {"corpus": 0.97, "corpus-first": 0.97, "corpus-dates": 0.97}
#: gold set -> (DATE without a leading preposition, overlap, calendar subset
#: without preposition, calendar subset overlap) F1 floors
DATE_FLOORS = {"corpus": (0.96, 0.96, 0.96, 0.96), "nerel-dev": (0.78, 0.83, 0.90, 0.95)}
#: gold set -> {scope: B-cubed F1 floor} for linking, where the gold has entity ids
LINKING_FLOORS = {"slavicner": {"across": 0.945, "within": 0.985}}


@pytest.fixture(scope="session")
def results(tools):
    for _, path, _, _ in readme.SETS:
        if readme.DATA in path.parents:
            need(path.relative_to(readme.DATA))
    return readme.measure(tools=tools)


@pytest.mark.parametrize("name, kind", [(n, k) for n, kinds in STRICT_FLOORS.items() for k in kinds])
def test_strict_f1_floor(results, name, kind):
    assert results[name]["strict"][kind]["f1"] >= STRICT_FLOORS[name][kind]


@pytest.mark.parametrize("name, kind", [(n, k) for n, kinds in TOKEN_FLOORS.items() for k in kinds])
def test_token_f1_floor(results, name, kind):
    assert results[name]["token_naeval"][kind]["f1"] >= TOKEN_FLOORS[name][kind]


@pytest.mark.parametrize("name", NORMAL_FLOORS)
def test_normal_form_accuracy_floor(results, name):
    normal = results[name]["normal"]["all"]
    assert normal["scored"] > 1000
    assert normal["accuracy"] >= NORMAL_FLOORS[name]


@pytest.mark.parametrize("name", PER_NORMAL_FLOORS)
def test_person_normal_form_accuracy_floor(results, name):
    normal = results[name]["normal"]["PER"]
    assert normal["scored"] > 1000
    assert normal["accuracy"] >= PER_NORMAL_FLOORS[name]


@pytest.mark.parametrize("name", DATE_VALUE_FLOORS)
def test_date_value_accuracy_floor(results, name):
    value = results[name]["date_value"]
    assert value["scored"] > 100
    assert value["accuracy"] >= DATE_VALUE_FLOORS[name]


@pytest.mark.parametrize("name", DATE_FLOORS)
def test_date_f1_floors(results, name):
    scores = results[name]
    measured = (scores["date_without_preposition"]["DATE"]["f1"], scores["partial"]["DATE"]["f1"],
                scores["date_calendar"]["DATE"]["f1"], scores["date_calendar"]["overlap"]["f1"])
    assert all(value >= floor for value, floor in zip(measured, DATE_FLOORS[name])), measured


def test_readme_shows_these_scores(results):
    assert readme.readme_block() == readme.render(results), \
        "README.md scores are stale: run python benchmarks/readme.py"


@pytest.mark.parametrize("name, scope", [(n, s) for n, scopes in LINKING_FLOORS.items() for s in scopes])
def test_linking_floor_and_above_both_baselines(results, name, scope):
    found = results[name]["linking"][scope]
    assert found["pipeline"]["mentions"] > 5000
    ours = found["pipeline"]["bcubed"]["f1"]
    assert ours >= LINKING_FLOORS[name][scope]
    assert ours > found["exact normal form"]["bcubed"]["f1"]
    assert ours > found["last word"]["bcubed"]["f1"]
