"""Compare three DATE extractors on two gold sets and write the table into README.md.

    python benchmarks/dates.py          # run, print the block, patch README.md
    python benchmarks/dates.py --print  # run and only print the block

The extractors are stock natasha (``DatesExtractor``), this pipeline (run the
way ``pipeline.evaluate`` runs it) and ``dateparser.search_dates``. dateparser
is a benchmark-only extra: ``pip install -e '.[bench]'``. The block goes
between ``<!-- dates:begin -->`` and ``<!-- dates:end -->``; without those
markers the script says so and exits 1 before running anything.
"""

import argparse
import dataclasses
import re
import sys
import tempfile
import time
from datetime import datetime

import pipeline  # noqa: F401  (first: aliases pymorphy2 to pymorphy3 before natasha loads)
import natasha
import pandas as pd
from pipeline.const import DATE
from pipeline.evaluate import evaluate
from pipeline.gold import load_gold
from pipeline.run import default_tools
from pipeline.score import score
from readme import README, SETS, _pct, natasha_date_value, patch

try:
    from dateparser.search import search_dates
except ImportError:
    raise SystemExit("dateparser is missing: pip install -e '.[bench]'") from None

MARKS = ("<!-- dates:begin -->", "<!-- dates:end -->")
GOLD_SETS = [(name, path, fmt) for name, path, fmt, _ in SETS if name in ("corpus", "nerel-dev")]
COLUMNS = ["doc_id", "type", "start", "stop", "text", "normal", "date_start", "date_end"]


def mention(doc, start, stop, value):
    text = doc.text[start:stop]
    return {"doc_id": doc.doc_id, "type": DATE, "start": start, "stop": stop, "text": text,
            "normal": text, "date_start": value, "date_end": value}


def run_natasha(gold, extractor):
    """Value at the precision natasha parsed; a missing year is the publication year."""
    rows = [mention(doc, match.start, match.stop, natasha_date_value(match.fact, doc.published))
            for doc in gold for match in extractor(doc.text)]
    return rows, {}


def run_dateparser(gold):
    """Values truncated to the precision of the strict-matched gold value (generous)."""
    rows, failed, unplaced = [], 0, 0
    for doc in gold:
        settings = {"RELATIVE_BASE": datetime.fromisoformat(doc.published)} if doc.published else None
        try:
            found = search_dates(doc.text, languages=["ru"], settings=settings) or []
        except Exception:
            failed += 1
            continue
        precision = {(m.start, m.stop): len(m.date_start)
                     for m in doc.mentions if m.type == DATE and m.date_start}
        offset = 0
        for text, when in found:
            # dateparser turns no-break spaces into spaces: let any whitespace match any
            found_at = re.compile(r"\s+".join(map(re.escape, text.split()))).search(doc.text, offset)
            if not found_at:
                unplaced += 1
                continue
            start, stop = found_at.span()
            offset = stop
            value = when.date().isoformat()[:precision.get((start, stop), 10)]
            rows.append(mention(doc, start, stop, value))
    return rows, {"failed": failed, "unplaced": unplaced, "documents": len(gold)}


def measure():
    """[(gold set, extractor, scores, seconds, extras)] for every gold set and extractor."""
    extractor = natasha.DatesExtractor(natasha.MorphVocab())
    tools = default_tools()
    results = []
    for name, path, fmt in GOLD_SETS:
        gold = load_gold(path, fmt)
        dates_only = dataclasses.replace(gold, types=frozenset({DATE}))
        for label, run in [("natasha", lambda: run_natasha(gold, extractor)),
                           ("pipeline", None),
                           ("dateparser", lambda: run_dateparser(gold))]:
            began = time.perf_counter()
            if run is None:
                with tempfile.TemporaryDirectory() as out:
                    scores, extras = evaluate(path, fmt, out, tools=tools)[0].scores, {}
            else:
                rows, extras = run()
                scores = score(dates_only, pd.DataFrame(rows, columns=COLUMNS)).scores
            results.append((name, label, scores, time.perf_counter() - began, extras))
            print(f"{name} {label}: {results[-1][3]:.1f} s", file=sys.stderr)
    return results


def render(results):
    lines = ["| gold set | extractor | strict F1 | F1 without preposition | overlap F1 | "
             "calendar-subset F1 (no prep.) | calendar-subset overlap F1 | value accuracy |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name, label, s, _, _ in results:
        value = s["date_value"]
        lines.append(f"| {name} | {label} | {_pct(s['strict'][DATE]['f1'])} | "
                     f"{_pct(s['date_without_preposition'][DATE]['f1'])} | "
                     f"{_pct(s['partial'][DATE]['f1'])} | "
                     f"{_pct(s['date_calendar'][DATE]['f1'])} | "
                     f"{_pct(s['date_calendar']['overlap']['f1'])} | "
                     f"{_pct(value['accuracy'])} ({value['scored']}) |")
    times = "; ".join(f"{name} {label} {seconds:.1f} s" for name, label, _, seconds, _ in results)
    failures = "; ".join(f"{name} {e['failed']} of {e['documents']} documents raised "
                         f"(scored as giving no dates), {e['unplaced']} matches not found in the text"
                         for name, _, _, _, e in results if e)
    lines += ["", "DATE only, F1 in %. Strict: same boundaries; without preposition: strict after "
              "dropping a leading preposition on both sides; overlap: overlapping spans matched one "
              "to one; calendar subset: the same two on the gold DATEs that name the calendar "
              "(`pipeline.score.is_calendar`); value accuracy: share of strict matches with a gold "
              "ISO value whose start and end equal it (that count in brackets). natasha's value is "
              "at the precision it parsed, a missing year taken from the publication date; "
              "dateparser gives no precision, so its date is truncated to the matched gold value's "
              "precision, which is generous to it. dateparser: " + failures + ". Wall time "
              "(extraction and scoring, models loaded beforehand; the pipeline's includes its "
              "PER/ORG/LOC work): " + times + "."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--print", action="store_true", dest="print_only",
                        help="only print the block, leave README.md alone")
    args = parser.parse_args(argv)
    if not args.print_only:
        patch(README.read_text(encoding="utf-8"), "", MARKS)  # no markers: say so, exit 1
    block = render(measure())
    print(block)
    if not args.print_only:
        README.write_text(patch(README.read_text(encoding="utf-8"), block, MARKS), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
