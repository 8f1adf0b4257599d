"""Where the time goes: seconds and share per pipeline stage.

    python benchmarks/profile.py                 # NEREL dev
    python benchmarks/profile.py --set corpus    # any gold set of benchmarks/readme.py

Runs ``pipeline.doc.pipe`` on every document of the set, one process, the
models loaded once before timing starts, and adds up the per-stage seconds
each ``Result`` carries (``Result.stages``, measured in ``process``). The
speed issue builds its benchmark on these numbers; the dates issue caps the
date stage at a fifth of the total.
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme import SETS  # noqa: E402


def profile(name, tools=None):
    """``(stage seconds, documents, wall seconds)`` for one gold set."""
    from pipeline.doc import pipe
    from pipeline.gold import load_gold
    from pipeline.read import text_source
    from pipeline.run import default_tools

    tools = tools or default_tools()
    _, path, fmt, _ = next(entry for entry in SETS if entry[0] == name)
    gold = load_gold(path, fmt, lenient=True)
    stages = Counter()
    began = time.perf_counter()
    sources = (text_source(doc.text, doc.doc_id, doc.published) for doc in gold)
    for result in pipe(sources, tools):
        if not result.ok:
            raise SystemExit(f"{result.source.doc_id}: {result.error}")
        stages.update(result.stages)
    return stages, len(gold.docs), time.perf_counter() - began


def render(name, stages, documents, wall):
    total = sum(stages.values())
    lines = [f"{name}: {documents} documents, {wall:.1f} s ({documents / wall:.1f} docs/s)",
             "| stage | seconds | share |", "|---|---:|---:|"]
    for stage, seconds in stages.items():
        lines.append(f"| {stage} | {seconds:.2f} | {100 * seconds / total:.1f}% |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="nerel-dev", choices=[entry[0] for entry in SETS])
    args = parser.parse_args(argv)
    print(render(args.set, *profile(args.set)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
