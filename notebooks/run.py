"""Execute the notebooks top to bottom, in place or as a staleness check.

    python notebooks/run.py            # execute and save the outputs (make notebooks)
    python notebooks/run.py --check    # execute in memory; exit 1 if the saved
                                       # text outputs differ from the fresh ones

They read ``outputs/`` and ``outputs/evaluation`` (what ``make run`` writes),
or the folders in RU_ENTITIES_OUTPUTS and RU_ENTITIES_EVALUATION.
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
NOTEBOOKS = sorted(HERE.glob("*.ipynb"))
#: Output kinds compared by --check: text, not pixels.
TEXT_KINDS = ("text/plain", "text/html")


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(HERE)}}).execute()
    return notebook


def text_outputs(notebook):
    """Per code cell, the text of its outputs (streams, results, displays)."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                texts.extend(output.data.get(kind, "") for kind in TEXT_KINDS)
            elif output.output_type == "error":
                texts.append(f"{output.ename}: {output.evalue}")
        cells.append(texts)
    return cells


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the saved outputs")
    args = parser.parse_args(argv)
    stale = []
    for path in NOTEBOOKS:
        fresh = execute(path)
        if args.check:
            if text_outputs(fresh) != text_outputs(nbformat.read(path, as_version=4)):
                stale.append(path.name)
        else:
            for cell in fresh.cells:
                cell.get("metadata", {}).pop("execution", None)
            nbformat.write(fresh, path)
            print(f"executed {path.name}")
    if stale:
        print(f"stale outputs in {', '.join(stale)}: run make notebooks", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
