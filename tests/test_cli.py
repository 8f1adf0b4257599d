"""The command line: help for every command, clean one-line errors for bad gold."""

import re

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import ROOT

def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def _commands():
    import typer.main

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_is_in_the_readme(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and f"Usage: root {command}" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 20  # a sentence that says what it does
    assert re.search(rf"ru-entities {command}\b", (ROOT / "README.md").read_text(encoding="utf-8"))


@pytest.fixture
def pred_dir(tmp_path, tools):
    from pipeline.run import extract_folder

    source = tmp_path / "texts"
    source.mkdir()
    (source / "a.txt").write_text("Анна Иванова прилетела в Москву.", encoding="utf-8")
    extract_folder(source, tmp_path / "out", tools=tools)
    return tmp_path


@pytest.mark.parametrize("case, message", [
    ("missing gold", "no such file or folder"),
    ("unknown format", "unknown gold format 'conll'"),
    ("malformed gold", "a.ann:1: unknown label 'HERO'"),
    ("not an output folder", "no mentions.parquet"),
])
def test_score_errors(pred_dir, case, message):
    gold = pred_dir / "gold"
    gold.mkdir()
    (gold / "a.txt").write_text("Анна Иванова прилетела в Москву.", encoding="utf-8")
    (gold / "a.ann").write_text("T1\tHERO 0 12\tАнна Иванова\n", encoding="utf-8")
    args = {"missing gold": (pred_dir / "out", pred_dir / "nothing", "brat"),
            "unknown format": (pred_dir / "out", gold, "conll"),
            "malformed gold": (pred_dir / "out", gold, "brat"),
            "not an output folder": (pred_dir, gold, "brat")}[case]
    result = run("score", args[0], args[1], "--format", args[2])
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1


def test_score_and_evaluate_agree(pred_dir, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.txt").write_text("Анна Иванова прилетела в Москву.", encoding="utf-8")
    (gold / "a.ann").write_text("T1\tPER 0 12\tАнна Иванова\nT2\tLOC 25 31\tМоскву\n", encoding="utf-8")
    scored = run("score", pred_dir / "out", gold, "--format", "brat")
    assert scored.exit_code == 0, scored.output
    assert re.search(r"micro\s+2\s+2\s+100\.0\s+100\.0\s+100\.0", scored.output)
    assert (pred_dir / "out" / "scores.json").exists() and (pred_dir / "out" / "errors.csv").exists()
    evaluated = run("evaluate", gold, "--format", "brat", "--out", tmp_path / "ev")
    assert evaluated.exit_code == 0
    assert scored.output.splitlines()[:6] == evaluated.output.splitlines()[:6]
    bad = run("evaluate", gold, "--format", "nerel", "--out", tmp_path / "ev2")
    assert bad.exit_code == 2 and "unknown label 'PER'" in bad.output


def test_a_run_without_a_terminal_prints_progress_lines():
    import io

    from pipeline.run import ProgressLines

    stream = io.StringIO()
    progress = ProgressLines(5000, every=0, stream=stream)
    progress.update(1200)
    progress.update(0.5)  # a section of a long document
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1,200 of 5,000 documents (24%), ") and "left" in lines[0]
    quiet = io.StringIO()
    ProgressLines(10, every=3600, stream=quiet).update(5)
    assert quiet.getvalue() == ""


def test_show_a_failed_document_and_report_to_a_missing_folder_say_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\x00\x01 binary")
    (folder / "ok.txt").write_text("Путин прилетел в Москву.", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out")]).exit_code == 1
    shown = runner.invoke(app, ["show", str(tmp_path / "out"), "bad"])
    assert shown.exit_code == 1 and "the document failed in extract: not text" in shown.output
    report = runner.invoke(app, ["report", str(tmp_path / "out"), "--html", "/no/such/dir/r.html"])
    assert report.exit_code == 2 and "cannot write the report" in report.output
    assert shown.exception is None or isinstance(shown.exception, SystemExit)
    assert report.exception is None or isinstance(report.exception, SystemExit)


def test_an_unforeseen_error_is_one_line(monkeypatch, capsys):
    from pipeline import cli

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("pipeline.linking.step.relink", broken)
    monkeypatch.setattr("sys.argv", ["ru-entities", "link", "/tmp"])
    assert cli.main() == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_version_docs_csv_context_and_a_score_against_the_wrong_gold(tmp_path):
    import pandas as pd

    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and re.fullmatch(r"ru-entities \d+\.\d+\.\d+\S*\n", version.output)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\x00\x01 binary")
    (folder / "ok.txt").write_text("Первое предложение.\nПрезидент России Владимир Путин прилетел "
                                   "в Москву.", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(folder), "--out", str(out)]).exit_code == 1
    docs = pd.read_csv(out / "docs.csv", encoding="utf-8-sig").set_index("doc_id")
    assert docs.loc["bad", "status"] == "error" and "not text" in docs.loc["bad", "error"]
    assert "text" not in docs.columns
    mentions = pd.read_csv(out / "mentions.csv", encoding="utf-8-sig")
    putin = mentions[mentions.normal == "Владимир Путин"].iloc[0]
    assert putin.context == "Президент России Владимир Путин прилетел в Москву."
    wrong = runner.invoke(app, ["score", str(out), str(ROOT / "corpus"), "--format", "brat"])
    assert wrong.exit_code == 2
    assert "shares no document with the gold" in wrong.output and "'bad'" in wrong.output


def test_errors_csv_offsets_are_integers(tmp_path):
    import pandas as pd

    runner = CliRunner()
    out = tmp_path / "eval"
    result = runner.invoke(app, ["evaluate", str(ROOT / "corpus"), "--format", "brat", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = (out / "errors.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    errors = pd.read_csv(out / "errors.csv", encoding="utf-8-sig", dtype=str)
    assert len(errors) and header.index("gold_start") < len(header)
    for column in ("gold_start", "gold_stop", "pred_start", "pred_stop"):
        values = errors[column].dropna()
        assert len(values) and values.str.fullmatch(r"\d+").all(), column


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example_and_flags_that_take_no_value(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and f"ru-entities {command} " in result.output
    assert "<bool>" not in result.output
    for flag in ("--resume", "--lenient"):
        for line in result.output.splitlines():
            if line.strip().startswith(flag):
                assert line.strip().split()[1:2] != ["<bool>"]


def test_no_arguments_print_the_help():
    result = CliRunner().invoke(app, [], prog_name="ru-entities")
    assert "Usage: ru-entities" in result.output and "extract" in result.output
    assert set(_commands()) == {"extract", "link", "score", "evaluate", "validate", "show", "report"}


def test_xlsx_workbook_has_a_sheet_per_table_with_frozen_headers(tmp_path):
    from openpyxl import load_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Президент России Владимир Путин прилетел в Москву. Путин "
                                  "встретился с Собяниным.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out"), "--xlsx"])
    assert result.exit_code == 0, result.output
    assert "workbook ->" in result.output
    book = load_workbook(tmp_path / "out" / "tables.xlsx", read_only=False)
    assert book.sheetnames == ["mentions", "entities", "docs"]
    import pyarrow.parquet as pq

    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        columns = pq.read_schema(tmp_path / "out" / f"{sheet.title}.parquet").names
        assert header == [column for column in columns
                          if not (sheet.title == "docs" and column == "text")]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == pq.ParquetFile(tmp_path / "out" / f"{sheet.title}.parquet").metadata.num_rows + 1
    people = [row for row in book["entities"].iter_rows(min_row=2, values_only=True) if row[1] == "PER"]
    assert any(row[2] == "Владимир Путин" and "Путин (1)" in (row[3] or "") for row in people)


def test_the_command_imports_nothing_heavy_before_it_starts_the_workers_fork_server():
    """``ru-entities extract`` starts the fork server its workers come from first
    thing, so the models load there while the command imports the pipeline;
    that only helps while importing the command imports none of it."""
    import subprocess
    import sys

    code = ("import sys, pipeline.cli; "
            "print(sorted({'numpy', 'pandas', 'pyarrow', 'natasha', 'pipeline.run'} & set(sys.modules)))")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "[]"


def test_the_api_is_there_on_first_use():
    import pipeline
    from pipeline import run, tabular

    assert pipeline.extract is run.extract and pipeline.Columns is tabular.Columns
    assert {"extract", "extract_folder", "normal_form", "Tables", "load_tools"} <= set(dir(pipeline))
    with pytest.raises(AttributeError, match="no attribute 'extrakt'"):
        pipeline.extrakt


def test_the_fork_server_starts_early_only_for_more_than_a_batch(tmp_path):
    from pipeline.cli import _more_than_a_batch

    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.TXT", "deeper/c.txt", "notes.md"):
        (folder / name).write_text("Путин в Москве.", encoding="utf-8")
    assert _more_than_a_batch(str(folder), 2)
    assert not _more_than_a_batch(str(folder), 3)
    (tmp_path / "articles.csv").write_text("doc_id,text\na,Путин в Москве.\n", encoding="utf-8")
    assert _more_than_a_batch(str(tmp_path / "articles.csv"), 32)
    assert not _more_than_a_batch(str(tmp_path / "missing"), 32)
