"""Speed and memory, side by side in one run, and the README's speed table.

    python benchmarks/speed.py                 # 400 NEREL train articles, 3 runs each
    python benchmarks/speed.py --docs 100 --runs 1 --no-readme
    python benchmarks/speed.py --long          # also one long document of 100 KB, 1 MB, 6 MB
    python benchmarks/speed.py --memory        # also peak RSS for 500 and 5,000 documents
                                               # (and two workers on 5,000)

Every configuration is a whole process, model loading included, on the same
articles: the documented natasha loop (``benchmarks/natasha_loop.py``), then
``ru-entities extract`` with one worker, with two, and on a Dask
``LocalCluster`` of two; then, pinned to one core, the natasha loop and one
worker (the per-core ratio), and two one-worker runs at once, a core each
(what two cores give this work here: the ceiling of two workers). The runs
are interleaved and each figure is the median of ``--runs``. The script also
checks that the tables of every pipeline run are identical, batched or
document by document (``--batch-size 1``), one worker or two, and prints the
per-stage profile of one in-process run on the same articles. It never runs
in the tests: timings belong here, not in a test.
"""

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme import DATA, README, ROOT, patch  # noqa: E402

NEREL_TRAIN = DATA / "nerel" / "train"
MARKS = ("<!-- speed:begin -->", "<!-- speed:end -->")
#: The short version in the README's "Your own articles".
PER_THOUSAND = ("<!-- per1000:begin -->", "<!-- per1000:end -->")
PYTHON = sys.executable
#: The cores this benchmark may use: the "one core" runs are pinned to the
#: first, the two runs of a pair to the first and the second.
CORES = sorted(os.sched_getaffinity(0))
ONE_CORE = {CORES[0]}
PAIR = "two of these at once, a core each"


def articles(count):
    """The first ``count`` NEREL train articles, by file name."""
    paths = sorted(NEREL_TRAIN.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{NEREL_TRAIN}: no articles (set RU_ENTITIES_DATA)")
    return paths[:count]


def folder_of(texts, where):
    """Write ``{name: text}`` into a fresh folder ``where``."""
    where.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (where / f"{name}.txt").write_text(text, encoding="utf-8")
    return where


#: Runs a command and then prints, last on stderr, the peak RSS (KB) of the
#: largest process it and its own children (the workers) reached.
WRAPPER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(code)")


def _start(command, cpus=None):
    """The command under ``WRAPPER``, on the cores ``cpus`` only (all when None)."""
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    return subprocess.Popen([PYTHON, "-c", WRAPPER, *map(str, command)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=pin)


def _finish(command, child, began):
    out, err = child.communicate()
    seconds = time.perf_counter() - began
    if child.returncode not in (0, 1):  # 1: some documents failed, which is a result
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{err[-2000:]}")
    peak = int(err.strip().splitlines()[-1]) / 1024
    return seconds, peak, out


def timed(command, cpus=None):
    """``(seconds, peak RSS in MB of the largest process, stdout)`` of a command,
    on the cores ``cpus`` only when given."""
    began = time.perf_counter()
    return _finish(command, _start(command, cpus), began)


def together(commands):
    """``timed`` for several ``(command, cpus)`` started at once; and the seconds
    until the last one ended."""
    began = time.perf_counter()
    children = [(command, _start(command, cpus)) for command, cpus in commands]
    results = [_finish(command, child, began) for command, child in children]
    return results, time.perf_counter() - began


def pipeline_command(folder, out, workers, batch_size=32, dask=None):
    return ([PYTHON, "-m", "pipeline.cli", "extract", str(folder), "--out", str(out),
             "--workers", str(workers), "--batch-size", str(batch_size)]
            + (["--dask", dask] if dask else []))


def _pipeline_run(out, seconds, peak):
    info = json.loads((Path(out) / "run.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "rss": peak, "documents": info["counts"]["documents"],
            "tokens": info["counts"]["tokens"]}


def run_pipeline(folder, out, workers, batch_size=32, dask=None, cpus=None):
    seconds, peak, _ = timed(pipeline_command(folder, out, workers, batch_size, dask), cpus)
    return _pipeline_run(out, seconds, peak)


def two_at_once(folder, where):
    """Two one-worker runs at once, each on a core of its own: what two cores
    give this work on this machine, the ceiling of a two-worker run (memory
    bandwidth, caches and the machine's neighbours are shared). ``seconds``
    until both ended; ``documents`` and ``tokens`` of both."""
    outs = [where / "pair-a", where / "pair-b"]
    results, seconds = together([(pipeline_command(folder, out, 1), {core})
                                 for out, core in zip(outs, CORES[:2])])
    runs = [_pipeline_run(out, *result[:2]) for out, result in zip(outs, results)]
    return {"seconds": seconds, "rss": max(run["rss"] for run in runs),
            **{key: sum(run[key] for run in runs) for key in ("documents", "tokens")}}


def run_natasha(folder, cpus=None):
    seconds, peak, out = timed([PYTHON, str(ROOT / "benchmarks" / "natasha_loop.py"), str(folder)],
                               cpus)
    info = json.loads(out.strip().splitlines()[-1])
    return {"seconds": seconds, "rss": peak, "documents": info["documents"],
            "tokens": info["tokens"], "loading": info["loading"]}


def pipeline_loading():
    """Seconds to import the pipeline and load its models, in a fresh process."""
    code = ("import time; began = time.perf_counter(); from pipeline.tools import load_tools; "
            "load_tools(); print(time.perf_counter() - began)")
    return float(timed([PYTHON, "-c", code])[2])


def stage_profile(folder):
    """Per-stage seconds of ``pipe`` over the folder, in this process (models loaded first)."""
    from pipeline.doc import pipe
    from pipeline.read import read_source
    from pipeline.run import default_tools

    tools = default_tools()
    stages = Counter()
    sources = (read_source(path, path.stem) for path in sorted(Path(folder).glob("*.txt")))
    for result in pipe(sources, tools):
        stages.update(result.stages)
    return stages


def differences(reference, other):
    """Tables of ``other`` that differ from ``reference`` (timing columns left out)."""
    import pandas as pd

    found = []
    for name in ("mentions", "entities", "tokens", "docs"):
        a = pd.read_parquet(Path(reference) / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        b = pd.read_parquet(Path(other) / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        if not a.equals(b):
            found.append(f"{name} ({len(a)} rows against {len(b)})")
    return found


#: A long-document run: the models loaded first, then ``extract_folder`` on one
#: worker timed inside the process (reading, every stage, writing, the corpus
#: step), its seconds printed on stdout.
IN_PROCESS = ("import sys, time; from pipeline.run import default_tools, extract_folder; "
              "tools = default_tools(); began = time.perf_counter(); "
              "extract_folder(sys.argv[1], sys.argv[2], tools=tools); "
              "print(time.perf_counter() - began)")


#: The sentence and the documents under 1 MB run this many times a round:
#: a few seconds each, where a second of noise weighs most.
SHORT_REPEATS = 3


def long_documents(sizes, where, runs=1):
    """Seconds per MB and peak RSS for one document of each size (NEREL train
    joined): of the whole process, and of ``extract_folder`` inside it once
    the models are loaded (``IN_PROCESS``). ``fixed``: the whole process's
    seconds over one sentence, what every run costs whatever its length
    (starting Python, loading the models, writing the tables, exiting).
    Medians of ``runs`` (``SHORT_REPEATS`` times as many for the sentence
    and the 100 KB), the runs interleaved, the sentence among them. The
    in-process seconds are what the spread is taken of: a whole 100 KB run
    is little more than that fixed part, and taking one from the other left
    its row to the noise of starting Python (10.1 s per MB in one run of
    this script where 1 MB and 6 MB gave 13.4; timed inside the process,
    100 KB and 1 MB agreed within a tenth, three runs each)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(NEREL_TRAIN.glob("*.txt"))]
    folders = {0: folder_of({"short": texts[0].split("\n")[0]}, where / "long-fixed")}
    for size in sizes:
        parts, length = [], 0
        while length < size:
            text = texts[len(parts) % len(texts)]
            parts.append(text)
            length += len(text.encode("utf-8")) + 2
        folders[size] = folder_of({"long": "\n\n".join(parts)}, where / f"long-{size}")
    found = {size: [] for size in folders}
    for _ in range(runs):
        for size, folder in folders.items():
            for _ in range(SHORT_REPEATS if size < 1_000_000 else 1):
                seconds, peak, out = timed([PYTHON, "-c", IN_PROCESS, folder,
                                            where / f"long-{size}-out"])
                found[size].append({"seconds": seconds, "rss": peak,
                                    "inside": float(out.strip().splitlines()[-1])})
    fixed = _median(found[0], "seconds")
    return [{"size": size, "mb": (folders[size] / "long.txt").stat().st_size / 1e6,
             "runs": len(found[size]), "seconds": _median(found[size], "seconds"),
             "inside": _median(found[size], "inside"),
             "rss": _median(found[size], "rss"), "fixed": fixed} for size in sizes]


def memory(counts, where, runs=1):
    """Peak RSS of one worker for ``counts`` documents (NEREL train articles,
    repeated under new names as needed); and, on the largest count, of two
    workers (the largest process), whose seconds beside one worker's say how
    two workers scale once the start and the end of a run weigh little.
    Medians of ``runs``, the runs interleaved."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(NEREL_TRAIN.glob("*.txt"))]
    folders = {count: folder_of({f"{index:06d}": texts[index % len(texts)]
                                 for index in range(count)}, where / f"memory-{count}")
               for count in counts}
    configs = [(count, workers) for count in counts
               for workers in ((1, 2) if count == max(counts) else (1,))]
    found = {config: [] for config in configs}
    for _ in range(runs):
        for count, workers in configs:
            found[(count, workers)].append(run_pipeline(
                folders[count], where / f"memory-{count}-{workers}-out", workers=workers))
    return [{"documents": count, "workers": workers, "runs": len(found[(count, workers)]),
             "seconds": _median(found[(count, workers)], "seconds"),
             "rss": _median(found[(count, workers)], "rss")} for count, workers in configs]


def _median(runs, key):
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def per_thousand(configs, documents):
    """What 1,000 news articles cost on this machine, from the same runs."""
    one, two = configs["pipeline, 1 worker"], configs["pipeline, 2 workers"]
    return (f"On this machine ({os.cpu_count()} cores, NEREL news articles of about "
            f"{_median(one, 'tokens') / documents:,.0f} tokens), 1,000 articles take about "
            f"{1000 * _median(one, 'seconds') / documents:.0f} s with one worker and "
            f"{1000 * _median(two, 'seconds') / documents:.0f} s with two, at a peak of "
            f"{_median(one, 'rss'):.0f} MB for one worker; memory stays flat however many "
            "articles there are (see **Speed**). Written by `python benchmarks/speed.py`.")


def _spread(rows, value):
    values = [value(row) for row in rows]
    return max(values) / min(values)


def _rate(runs):
    return _median(runs, "documents") / _median(runs, "seconds")


def _one_core(configs, one_core):
    """The one-core runs, the ratio that counts per core, and how two workers
    scale beside what two cores give at most."""
    natasha = _rate(one_core["natasha loop, one core"])
    one = _rate(one_core["pipeline, 1 worker, one core"])
    lines = ["", "On one core: each process pinned to one core (`sched_setaffinity`, as "
             "`taskset -c` does), so numpy runs one BLAS thread; above, both the natasha loop "
             "and one worker also spread numpy's matrix products over the second core.", "",
             "| run | articles/s | × natasha loop on one core | peak RSS, largest process (MB) |",
             "|---|---:|---:|---:|"]
    for name, runs in one_core.items():
        lines.append(f"| {name} | {_rate(runs):.1f} | {_rate(runs) / natasha:.2f} | "
                     f"{_median(runs, 'rss'):.0f} |")
    two = _rate(configs["pipeline, 2 workers"])
    scaling = (f"2 workers give {two / _rate(configs['pipeline, 1 worker']):.2f}× the throughput "
               f"of 1 worker, {two / one:.2f}× that of 1 worker on one core")
    if PAIR in one_core:
        scaling += (f"; two one-core runs at once give {_rate(one_core[PAIR]) / one:.2f}× one "
                    "alone: what two cores give this work on this machine, at most")
    return lines + ["", scaling + "."]


def render(configs, loading, stages, same, long_rows, documents, memory_rows=(), one_core=None):
    natasha = configs["natasha loop"]
    base = documents / _median(natasha, "seconds")
    lines = [
        f"{documents} NEREL train articles, whole process (model loading included), "
        f"median of {len(natasha)} runs on this machine ({os.cpu_count()} cores); "
        "written by `python benchmarks/speed.py`.",
        "",
        "| run | articles/s | tokens/s | × natasha loop | peak RSS, largest process (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, runs in configs.items():
        seconds = _median(runs, "seconds")
        rate = documents / seconds
        rss = _median(runs, "rss")
        lines.append(f"| {name} | {rate:.1f} | {_median(runs, 'tokens') / seconds:,.0f} | "
                     f"{rate / base:.2f} | {rss:.0f} |")
    lines += ["", f"Model loading (time to the first result): pipeline {loading['pipeline']:.1f} s, "
              f"natasha loop {loading['natasha']:.1f} s.", "",
              "Tables identical across the pipeline runs (batched, one document at a time, "
              "one worker, two, Dask, one core): "
              + ("yes." if not same else "no: " + "; ".join(same) + ".")]
    if one_core:
        lines += _one_core(configs, one_core)
    lines += ["", "Where the time goes (one worker, in-process, models loaded):", "",
              "| stage | seconds | share |", "|---|---:|---:|"]
    total = sum(stages.values())
    for stage, seconds in stages.items():
        lines.append(f"| {stage} | {seconds:.2f} | {100 * seconds / total:.0f}% |")
    if long_rows:
        lines += ["", "One long document (NEREL train articles joined), one worker, medians of "
                  f"{', '.join(str(row['runs']) for row in long_rows)} runs, interleaved; "
                  "seconds per MB of the whole "
                  f"process (a run over one sentence takes {long_rows[0]['fixed']:.1f} s: starting, "
                  "loading the models, writing, exiting), and of the extraction inside it once "
                  "the models are loaded (reading, every stage, writing, the corpus step):",
                  "", "| size | MB | seconds per MB, whole process | models loaded | peak RSS (MB) |",
                  "|---|---:|---:|---:|---:|"]
        for row in long_rows:
            lines.append(f"| {row['size'] // 1000:,} KB | {row['mb']:.2f} | "
                         f"{row['seconds'] / row['mb']:.1f} | "
                         f"{row['inside'] / row['mb']:.1f} | {row['rss']:.0f} |")
        lines += ["", "Seconds per MB with the models loaded, largest ÷ smallest: "
                  f"{_spread(long_rows, lambda row: row['inside'] / row['mb']):.2f}; "
                  f"peak RSS: {_spread(long_rows, lambda row: row['rss']):.2f}."]
    if memory_rows:
        lines += ["", "Memory as the corpus grows (tables stream out batch by batch; median of "
                  f"{memory_rows[0]['runs']} runs each, interleaved; peak RSS of the largest "
                  "process):",
                  "", "| documents | workers | seconds | peak RSS (MB) |", "|---:|---:|---:|---:|"]
        for row in memory_rows:
            lines.append(f"| {row['documents']:,} | {row['workers']} | {row['seconds']:.0f} | "
                         f"{row['rss']:.0f} |")
        one = [row for row in memory_rows if row["workers"] == 1]
        first, last = one[0], one[-1]
        lines += ["", f"Peak RSS of one worker for {last['documents']:,} documents is "
                  f"{100 * (last['rss'] / first['rss'] - 1):+.0f}% of that for "
                  f"{first['documents']:,}."]
        two = [row for row in memory_rows if row["workers"] == 2]
        if two:
            lines[-1] += (f" On {last['documents']:,} documents, 2 workers give "
                          f"{last['seconds'] / two[0]['seconds']:.2f}× the throughput of 1 worker.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="also time 100 KB, 1 MB and 6 MB documents")
    parser.add_argument("--memory", action="store_true", help="also the peak RSS for 500 and 5,000 documents")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave README.md")
    args = parser.parse_args(argv)
    # the pipeline's bytecode, as an installed package has it (pip compiles what it
    # installs, natasha's included): an editable install where Python may not write
    # it (PYTHONDONTWRITEBYTECODE) compiled every module again in every process
    compileall.compile_dir(ROOT / "pipeline", quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = folder_of({path.stem: path.read_text(encoding="utf-8")
                            for path in articles(args.docs)}, tmp / "in")
        configs = {"natasha loop": [], "pipeline, 1 worker": [], "pipeline, 2 workers": [],
                   "pipeline, Dask LocalCluster, 2 workers": []}
        one_core = {"natasha loop, one core": [], "pipeline, 1 worker, one core": []}
        if len(CORES) > 1:
            one_core[PAIR] = []
        loading = {"natasha": [], "pipeline": []}
        for index in range(args.runs):
            natasha = run_natasha(folder)
            configs["natasha loop"].append(natasha)
            loading["natasha"].append(natasha["loading"])
            configs["pipeline, 1 worker"].append(run_pipeline(folder, tmp / "w1", 1))
            configs["pipeline, 2 workers"].append(run_pipeline(folder, tmp / "w2", 2))
            configs["pipeline, Dask LocalCluster, 2 workers"].append(
                run_pipeline(folder, tmp / "dask", 2, dask="local"))
            one_core["natasha loop, one core"].append(run_natasha(folder, ONE_CORE))
            one_core["pipeline, 1 worker, one core"].append(
                run_pipeline(folder, tmp / "core", 1, cpus=ONE_CORE))
            if PAIR in one_core:
                one_core[PAIR].append(two_at_once(folder, tmp))
            loading["pipeline"].append(pipeline_loading())
            print(f"run {index + 1} of {args.runs} done", file=sys.stderr)
        run_pipeline(folder, tmp / "alone", 1, batch_size=1)
        same = [f"{name}: {table}" for name in ("w2", "dask", "alone", "core")
                for table in differences(tmp / "w1", tmp / name)]
        stages = stage_profile(folder)
        long_rows = (long_documents((100_000, 1_000_000, 6_000_000), tmp, args.runs)
                     if args.long else [])
        memory_rows = memory((500, 5000), tmp, args.runs) if args.memory else []
        block = render(configs, {key: statistics.median(values) for key, values in loading.items()},
                       stages, same, long_rows, args.docs, memory_rows, one_core)
    print(block)
    if not args.no_readme:
        text = patch(README.read_text(encoding="utf-8"), block, MARKS)
        text = patch(text, per_thousand(configs, args.docs), PER_THOUSAND)
        README.write_text(text, encoding="utf-8")
        print("README.md speed block updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
