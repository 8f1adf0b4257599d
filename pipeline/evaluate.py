"""Score an ``extract`` output folder against gold, or run and score in one go."""

import json
from pathlib import Path

import pandas as pd

from .gold import OUTER, load_gold
from .read import text_source
from .errors import UsageError
from .run import write_results
from .score import score, table_rows
from .tables import csv_file


def _write_scores(result, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    temp = out_dir / ".scores.json.tmp"
    temp.write_text(json.dumps(result.scores, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temp.replace(out_dir / "scores.json")
    temp = out_dir / ".errors.csv.tmp"
    with csv_file(temp) as handle:
        handle.write(result.errors.to_csv(index=False).encode("utf-8"))
    temp.replace(out_dir / "errors.csv")


def _read_predictions(pred_dir):
    pred_dir = Path(pred_dir)
    path = pred_dir / "mentions.parquet"
    if not path.exists():
        raise UsageError(f"{pred_dir}: no mentions.parquet (is this an extract output folder?)")
    docs = pd.read_parquet(pred_dir / "docs.parquet", columns=["doc_id"])
    return pd.read_parquet(path), set(docs.doc_id)


def _score_and_write(gold, predictions, out_dir, source):
    """Score ``(mentions, processed doc_ids)`` against ``gold``; write scores.json and errors.csv."""
    result = score(gold, *predictions)
    result.scores["gold_source"] = source
    _write_scores(result, out_dir)
    return result


def score_folder(pred_dir, gold_path, fmt, *, out_dir=None, lenient=False, nested=OUTER):
    """Score ``pred_dir/mentions.parquet``; write scores.json and errors.csv.

    Predictions that share no document with the gold are a mistake (the
    wrong folder, or doc_ids that do not match), not a score of zero: a
    UsageError that shows which ids each side has."""
    predictions = _read_predictions(pred_dir)  # a bad folder is reported before gold is loaded
    gold = load_gold(gold_path, fmt, lenient=lenient, nested=nested)
    expected = [doc.doc_id for doc in gold]
    found = sorted(predictions[1])
    if expected and not set(expected) & set(found):
        def some(ids):
            return ", ".join(repr(doc_id) for doc_id in ids[:3]) + (", ..." if len(ids) > 3 else "")
        raise UsageError(f"{pred_dir} shares no document with the gold {gold_path}: the gold "
                         f"has {len(expected)} ({some(expected)}), the predictions "
                         f"{len(found)} ({some(found) or 'none'})")
    source = {"path": str(gold_path), "format": fmt, "nested": nested}
    return _score_and_write(gold, predictions, out_dir or pred_dir, source)


def evaluate(gold_path, fmt, out_dir, *, tools=None, lenient=False, nested=OUTER,
             batch_size=32, progress=False):
    """Run the pipeline on the gold texts exactly as loaded, then score them."""
    gold = load_gold(gold_path, fmt, lenient=lenient, nested=nested)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: output path is a file, not a folder")
    sources = (text_source(doc.text, doc.doc_id, doc.published, doc.path,
                           "meta" if doc.published else "") for doc in gold)
    summary = write_results(sources, len(gold), out_dir, tools=tools, batch_size=batch_size,
                            progress=progress,
                            options={"gold": str(gold_path), "format": fmt, "nested": nested})
    source = {"path": str(gold_path), "format": fmt, "nested": nested}
    return _score_and_write(gold, _read_predictions(out_dir), out_dir, source), summary


def _pct(value):
    return "   -" if value is None else f"{100 * value:5.1f}"


def format_scores(scores):
    """The per-type table the CLI prints (strict P/R/F1, partial F1, token F1)."""
    lines = [f"{'type':6} {'gold':>5} {'pred':>5}  {'P':>5} {'R':>5} {'F1':>5}  "
             f"{'part.F1':>7}  {'tok.F1*':>7}"]
    for row in table_rows(scores):
        lines.append(f"{row['type']:6} {row['gold']:>5} {row['pred']:>5}  {_pct(row['precision'])} "
                     f"{_pct(row['recall'])} {_pct(row['f1'])}  "
                     f"{_pct(row['partial_f1']):>7}  {_pct(row['token_f1']):>7}")
    lines.append("strict: same boundaries and type; part.: overlapping, same type; "
                 "tok.F1*: naeval-style token F1, for comparison with natasha's published table")
    if scores["date_without_preposition"]:
        lines.append(f"DATE strict F1 without a leading preposition: "
                     f"{_pct(scores['date_without_preposition']['DATE']['f1']).strip()}")
    normal = scores["normal"]["all"]
    if normal["scored"]:
        lines.append(f"normal-form accuracy: {_pct(normal['accuracy']).strip()}% exact, "
                     f"{_pct(normal['accuracy_folded']).strip()}% ignoring ё and case "
                     f"({normal['scored']} strict matches with a gold normal form)")
    value = scores["date_value"]
    if value["scored"]:
        lines.append(f"date-value accuracy: {_pct(value['accuracy']).strip()}% "
                     f"({value['scored']} strict DATE matches with a gold value)")
    for scope, found in (scores.get("linking") or {}).items():
        ours = found["pipeline"]
        lines.append(f"linking {scope} documents: B-cubed F1 {_pct(ours['bcubed']['f1']).strip()} "
                     f"(P {_pct(ours['bcubed']['precision']).strip()}, R "
                     f"{_pct(ours['bcubed']['recall']).strip()}), pairwise F1 "
                     f"{_pct(ours['pairwise']['f1']).strip()}; exact normal form "
                     f"{_pct(found['exact normal form']['bcubed']['f1']).strip()}, last word "
                     f"{_pct(found['last word']['bcubed']['f1']).strip()} "
                     f"({ours['mentions']} strict matches with a gold entity id)")
    return "\n".join(lines)
