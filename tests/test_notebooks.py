"""The notebooks run top to bottom on the corpus, and their saved outputs are current."""

import importlib.util
import os

import nbformat
import pytest

from pipeline.evaluate import evaluate
from pipeline.run import extract_folder

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("nbrun", ROOT / "notebooks" / "run.py")
nbrun = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbrun)


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory, tools):
    """What ``make run`` writes, in a temporary folder."""
    out = tmp_path_factory.mktemp("outputs")
    extract_folder(ROOT / "corpus" / "texts", out, tools=tools, meta=ROOT / "corpus" / "meta.csv")
    evaluate(ROOT / "corpus", "brat", out / "evaluation", tools=tools)
    saved = {key: os.environ.get(key) for key in ("RU_ENTITIES_OUTPUTS", "RU_ENTITIES_EVALUATION")}
    os.environ["RU_ENTITIES_OUTPUTS"] = str(out)
    os.environ["RU_ENTITIES_EVALUATION"] = str(out / "evaluation")
    yield out
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.mark.parametrize("path", nbrun.NOTEBOOKS, ids=[p.name for p in nbrun.NOTEBOOKS])
def test_notebook_runs_and_is_current(corpus_outputs, path):
    fresh = nbrun.execute(path)  # raises CellExecutionError on any cell error
    assert not any(o.output_type == "error" for c in fresh.cells for o in c.get("outputs", []))
    saved = nbformat.read(path, as_version=4)
    assert nbrun.text_outputs(fresh) == nbrun.text_outputs(saved), \
        f"{path.name}: saved outputs are stale: run make notebooks"


def test_notebooks_declare_only_project_dependencies():
    imports = set()
    for path in nbrun.NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                for line in cell.source.splitlines():
                    words = line.split()
                    if words[:1] in (["import"], ["from"]):
                        imports.add(words[1].split(".")[0])
    assert imports <= {"os", "json", "pathlib", "matplotlib", "pandas", "IPython", "ipymarkup", "pipeline"}
