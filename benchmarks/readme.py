"""Measure quality on the gold corpora and write the tables into README.md.

    python benchmarks/readme.py               # evaluate, then patch README.md
    python benchmarks/readme.py --check       # exit 1 if README.md is stale
    python benchmarks/readme.py --quickstart  # also rerun the quick-start commands
                                              # and paste their real closing lines

The tables go between ``<!-- scores:begin -->`` and ``<!-- scores:end -->``.
The test suite computes the same scores (``tests/test_quality.py``) and fails
when the README's block differs, so the numbers there are always the code's.
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("RU_ENTITIES_DATA", ROOT.parent / "shared" / "data"))
README = ROOT / "README.md"
BEGIN, END = "<!-- scores:begin -->", "<!-- scores:end -->"
QUICK = ("<!-- quickstart:begin -->", "<!-- quickstart:end -->")

#: name, path, format, what to say about it
SETS = [
    ("corpus", ROOT / "corpus", "brat", f"our sample corpus (`corpus/`), "
     f"{len(list((ROOT / 'corpus' / 'texts').glob('*.txt')))} articles, all four types"),
    ("factru-dev", DATA / "factru-dev" / "devset", "factru", "factRuEval-2016 dev, outermost PER/ORG/LOC"),
    ("nerel-dev", DATA / "nerel" / "dev", "nerel", "NEREL v1.1 dev, outermost PER/ORG/LOC/DATE"),
    ("slavicner", DATA / "slavicner-ru", "slavicner", "SlavicNER ru, 4 topics, PER/ORG/LOC"),
]


#: The corpus articles written for the dates issue (the second round), scored
#: apart from the first 42 as well as with them.
NEW_ARTICLES = ("f-", "g-")


def _corpus_rounds(path, out):
    """Scores of the first 42 articles and of the dates round, from one evaluate output."""
    import dataclasses

    import pandas as pd

    from pipeline.gold import load_gold
    from pipeline.score import score

    gold = load_gold(path, "brat")
    mentions = pd.read_parquet(Path(out) / "mentions.parquet")
    rounds = {}
    for name, new in (("corpus-first", False), ("corpus-dates", True)):
        docs = [doc for doc in gold if doc.doc_id.startswith(NEW_ARTICLES) == new]
        rounds[name] = score(dataclasses.replace(gold, docs=docs), mentions).scores
    return rounds


def natasha_date_value(fact, published):
    """The ISO value of a natasha ``DatesExtractor`` fact at the precision it parsed;
    a missing year is the publication year; None without either."""
    year = fact.year or (int(published[:4]) if published else None)
    if not year:
        return None
    return f"{year:04d}" + (f"-{fact.month:02d}" if fact.month else "") + \
        (f"-{fact.day:02d}" if fact.month and fact.day else "")


def natasha_scores(path, fmt, tools, taggers):
    """Scores of the documented natasha loop on a gold set, with stock
    ``taggers`` (``Tools.natasha_taggers``): ``NewsNERTagger`` spans with ``span.normalize`` normal forms, and ``DatesExtractor`` dates
    (the year from the publication date when the text has none)."""
    import pandas as pd
    from natasha import Doc, Segmenter

    from pipeline.gold import load_gold
    from pipeline.score import score

    gold = load_gold(path, fmt)
    segmenter = Segmenter()
    morph_tagger, ner_tagger = taggers
    extractor = tools.natasha_dates()
    rows = []
    for doc in gold:
        parsed = Doc(doc.text)
        parsed.segment(segmenter)
        parsed.tag_morph(morph_tagger)
        parsed.tag_ner(ner_tagger)
        for span in parsed.spans:
            span.normalize(tools.vocab)
            rows.append({"doc_id": doc.doc_id, "type": span.type, "start": span.start,
                         "stop": span.stop, "text": span.text, "normal": span.normal,
                         "date_start": None, "date_end": None})
        for match in extractor(doc.text):
            value = natasha_date_value(match.fact, doc.published)
            rows.append({"doc_id": doc.doc_id, "type": "DATE", "start": match.start,
                         "stop": match.stop, "text": doc.text[match.start:match.stop],
                         "normal": doc.text[match.start:match.stop],
                         "date_start": value, "date_end": value})
    columns = ["doc_id", "type", "start", "stop", "text", "normal", "date_start", "date_end"]
    return score(gold, pd.DataFrame(rows, columns=columns)).scores


def measure(names=None, tools=None):
    """name -> scores dict, by running ``evaluate`` on each gold set; ``natasha:name``
    -> the same for the documented natasha loop, side by side."""
    from pipeline.evaluate import evaluate
    from pipeline.run import default_tools

    tools = tools or default_tools()
    taggers = tools.natasha_taggers()
    results = {}
    for name, path, fmt, _ in SETS:
        if names and name not in names:
            continue
        with tempfile.TemporaryDirectory() as out:
            result, _ = evaluate(path, fmt, out, tools=tools)
            if name == "corpus":
                results.update(_corpus_rounds(path, out))
        results[name] = result.scores
        results[f"natasha:{name}"] = natasha_scores(path, fmt, tools, taggers)
    return results


def _pct(value):
    return "–" if value is None else f"{100 * value:.1f}"


def render(results):
    from pipeline.score import table_rows

    lines = [
        "Strict span F1 (same boundaries and type) is the headline; token F1 is computed",
        "the way natasha's naeval does it, only to compare with natasha's published table.",
        "**natasha** is the documented natasha loop on the same texts in the same run",
        "(`NewsNERTagger`, `DatesExtractor`, `span.normalize`), scored the same way.",
        "",
        "| gold set | type | gold | P | R | **strict F1** | natasha strict F1 | partial F1 | "
        "natasha partial F1 | token F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, _, _, _ in SETS:
        if name not in results:
            continue
        stock = {row["type"]: row for row in table_rows(results[f"natasha:{name}"])}
        for row in table_rows(results[name]):
            base = stock[row["type"]]
            lines.append(f"| {name} | {row['type']} | {row['gold']} | {_pct(row['precision'])} | "
                         f"{_pct(row['recall'])} | **{_pct(row['f1'])}** | {_pct(base['f1'])} | "
                         f"{_pct(row['partial_f1'])} | {_pct(base['partial_f1'])} | "
                         f"{_pct(row['token_f1'])} |")
    lines += ["", "| gold set | measure | value |", "|---|---|---:|"]
    for name, _, _, _ in SETS:
        if name not in results:
            continue
        scores = results[name]
        normal = scores["normal"]["all"]
        if normal["scored"]:
            stock = results[f"natasha:{name}"]["normal"]["all"]
            lines.append(f"| {name} | normal-form accuracy, exact (ё and case kept) | "
                         f"{_pct(normal['accuracy'])} ({normal['scored']} matches) |")
            lines.append(f"| {name} | normal-form accuracy, ignoring ё and case | "
                         f"{_pct(normal['accuracy_folded'])} |")
            consistent = scores["normal_consistent"]
            if consistent["all"]["scored"] < normal["scored"]:
                lines.append(f"| {name} | normal-form accuracy, exact, on the gold the set does "
                             f"not contradict ({normal['scored'] - consistent['all']['scored']} "
                             f"set aside); PER alone | {_pct(consistent['all']['accuracy'])}; "
                             f"{_pct(consistent['PER']['accuracy'])} |")
            per = scores["normal"].get("PER")
            if per and per["scored"]:
                lines.append(f"| {name} | normal-form accuracy, exact, PER | "
                             f"{_pct(per['accuracy'])} ({per['scored']} matches) |")
            lines.append(f"| {name} | natasha `span.normalize` accuracy, exact | "
                         f"{_pct(stock['accuracy'])} ({stock['scored']} matches) |")
        if scores["date_without_preposition"]:
            lines.append(f"| {name} | DATE strict F1 without a leading preposition | "
                         f"{_pct(scores['date_without_preposition']['DATE']['f1'])} |")
            lines.append(f"| {name} | DATE strict F1 without a preposition, calendar subset "
                         f"({scores['date_calendar']['DATE']['tp'] + scores['date_calendar']['DATE']['fn']} gold) | "
                         f"{_pct(scores['date_calendar']['DATE']['f1'])} |")
            lines.append(f"| {name} | DATE overlap F1, calendar subset | "
                         f"{_pct(scores['date_calendar']['overlap']['f1'])} |")
        value = scores["date_value"]
        if value["scored"]:
            lines.append(f"| {name} | date-value accuracy | {_pct(value['accuracy'])} "
                         f"({value['scored']} matches) |")
    for name in ("corpus-first", "corpus-dates"):
        if name in results:
            scores = results[name]
            lines.append(f"| {name} | DATE strict F1 ({scores['gold']['DATE']} gold); "
                         f"date-value accuracy | {_pct(scores['strict']['DATE']['f1'])}; "
                         f"{_pct(scores['date_value']['accuracy'])} |")
    linked = [name for name, _, _, _ in SETS if name in results and results[name].get("linking")]
    if linked:
        lines += ["", "Linking mentions into entities, on the strict matches whose gold has an "
                  "entity id: B-cubed and pairwise F1 across the corpus and within each "
                  "document, beside merging by the exact normal form and type and by its last "
                  "word and type.", "",
                  "| gold set | scope | mentions | B-cubed P | B-cubed R | **B-cubed F1** | "
                  "pairwise F1 | exact normal form: B-cubed F1 | last word: B-cubed F1 |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name in linked:
            for scope in ("across", "within"):
                found = results[name]["linking"][scope]
                ours = found["pipeline"]
                lines.append(f"| {name} | {scope} documents | {ours['mentions']} | "
                             f"{_pct(ours['bcubed']['precision'])} | {_pct(ours['bcubed']['recall'])} | "
                             f"**{_pct(ours['bcubed']['f1'])}** | {_pct(ours['pairwise']['f1'])} | "
                             f"{_pct(found['exact normal form']['bcubed']['f1'])} | "
                             f"{_pct(found['last word']['bcubed']['f1'])} |")
    lines += ["", "Gold sets: " + "; ".join(f"**{name}**: {about}" for name, _, _, about in SETS
                                               if name in results) + "; **corpus-first**: the "
              "first 42 articles of `corpus/`; **corpus-dates**: the 12 added with the date "
              "stage (`f-*`, `g-*`).",
              "", "The calendar subset keeps the gold DATEs that name the calendar (a month or "
              "weekday, a year-like number, a century, a decade, `вчера`/`сегодня`/`завтра`, "
              "a relative year, month, week or season) and are not counted from a moment "
              "(`назад`, `через`, `спустя`, `в течение`, `последние`, `ближайшие`, "
              "`несколько`...): the rule is `pipeline.score.is_calendar`, written before the "
              "scores were looked at. NEREL also labels durations and vague time (`два года`, "
              "`в настоящее время`, the `19` of `COVID-19`), which the guide does not; "
              "predictions that overlap only such gold count neither way there.",
              "", "Gold the set contradicts (`pipeline.score.doubtful_normals`): a normal form "
              "padded with spaces, or not the one the same gold set gives most often to the "
              "same text and type (SlavicNER has `Трампа` -> `Трам` beside `Трамп`, "
              "`Дэвида Дэвиса` left as it is beside `Дэвид Дэвис`)."]
    return "\n".join(lines)


def patch(text, block, marks=(BEGIN, END)):
    begin, end = marks
    head, sep, rest = text.partition(begin)
    _, sep2, tail = rest.partition(end)
    if not sep or not sep2:
        raise SystemExit(f"README.md has no {begin} ... {end} block")
    return f"{head}{begin}\n{block}\n{end}{tail}"


def _summary(stderr):
    """The extract summary and what follows it (that the earlier output was
    replaced, as it is on a fresh clone, whose ``outputs/`` is committed)."""
    lines = stderr.strip().splitlines()
    starts = [index for index, line in enumerate(lines) if re.match(r"\d+ documents[ ,]", line)]
    return lines[starts[-1]:] if starts else lines[-1:]


def quickstart():
    """Run what the two README commands run (in this environment) and quote their output."""
    import subprocess

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT,
                              capture_output=True, text=True)

    extract = cli("extract", "corpus/texts", "--meta", "corpus/meta.csv", "--out", "outputs")
    evaluate = cli("evaluate", "corpus", "--format", "brat", "--out", "outputs/evaluation")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                           cwd=ROOT, capture_output=True, text=True)
    usage = cli("--help")
    return "\n".join([
        "`make run` prints (the extract summary, then the evaluation of `corpus/`):", "", "```",
        *_summary(extract.stderr), evaluate.stdout.strip(),
        evaluate.stderr.strip().splitlines()[-1], "```", "",
        "`make test` ends with:", "", "```", tests.stdout.strip().splitlines()[-1], "```", "",
        "The command is `.venv/bin/ru-entities` (or `ru-entities` after `source "
        ".venv/bin/activate`; `pip install .` or `pipx install .` puts it in an environment "
        "of your own). `ru-entities --help` prints:", "", "```",
        usage.stdout.strip().replace("Usage: cli.py", "Usage: ru-entities"), "```"])


def readme_block(text=None):
    text = README.read_text(encoding="utf-8") if text is None else text
    return text.partition(BEGIN)[2].partition(END)[0].strip("\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check README.md is current")
    parser.add_argument("--quickstart", action="store_true",
                        help="also rerun the quick-start commands and paste their output")
    args = parser.parse_args(argv)
    block = render(measure())
    if args.check:
        if readme_block() != block:
            print("README.md scores are stale: run python benchmarks/readme.py", file=sys.stderr)
            return 1
        return 0
    text = patch(README.read_text(encoding="utf-8"), block)
    README.write_text(text, encoding="utf-8")
    if args.quickstart:
        text = patch(text, quickstart(), QUICK)
        README.write_text(text, encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
