"""The ``ru-entities`` command: a thin layer over the Python API.

Errors the user can fix (bad paths, no input, malformed gold) print one line
on stderr and exit 2; a run where some documents failed exits 1.
"""

import sys
import typer

from .errors import UsageError

# Paths are plain strings here: the API checks them and says what is wrong in one line.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Extract people, organisations, places and dates from Russian news text.")


def _version(value):
    if value:
        from importlib import metadata

        typer.echo(f"ru-entities {metadata.version('ru-entities')}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    """Extract people, organisations, places and dates from Russian news text."""


def fail(message, code=2):
    typer.echo(f"ru-entities: error: {message}", err=True)
    raise typer.Exit(code)


def _clean_errors(call, out=None):
    """Run ``call``; malformed gold and bad paths become one line and exit 2.
    Ctrl-C becomes one line that says what was kept (``out``: the output
    folder a run was writing) and exit 130."""
    from .gold import GoldError

    try:
        return call()
    except (GoldError, UsageError) as error:
        fail(error)
    except OSError as error:  # a full or read-only disk, a folder that went away
        where = f"{error.filename or out}: " if (error.filename or out) else ""
        fail(f"{where}{error.strerror or error}; earlier output is as it was", code=1)
    except KeyboardInterrupt:
        kept = (f" The batches written so far are kept in {out}/.parts: the same command with "
                f"--resume continues from them; the earlier output in {out} is as it was."
                if out else "")
        fail(f"interrupted.{kept}", code=130)


def _more_than_a_batch(input_dir, batch_size):
    """Whether a run over ``input_dir`` will likely need a pool (a run of one
    batch or less stays in this process): for a folder of texts, whether it
    holds more than ``batch_size`` of them, counted only that far; a table
    or a URL is assumed to. A wrong guess costs little: a fork server that
    loads the models for nothing, or a pool that waits for them."""
    from itertools import islice

    from .read import texts_under
    from .tabular import is_table_input

    if "://" in input_dir:
        return True
    try:
        return is_table_input(input_dir) or len(list(islice(texts_under(input_dir),
                                                             batch_size + 1))) > batch_size
    except OSError:
        return False  # the run says what is wrong


@app.command()
def extract(
    input_dir: str = typer.Argument(..., metavar="INPUT", help="Folder of .txt files, read recursively; or a CSV, JSON Lines or Parquet file (or a folder of Parquet parts) with one article per row."),
    out: str = typer.Option(..., "--out", "-o", metavar="DIR", help="Folder for the output tables."),
    meta: str = typer.Option(None, "--meta", metavar="CSV", help="CSV with doc_id and published (YYYY-MM-DD) columns: the anchor for relative dates and dates without a year."),
    published: str = typer.Option(None, "--published", metavar="YYYY-MM-DD", help="Publication date (YYYY-MM-DD) for every document the meta file does not date."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, metavar="N", help="Documents per batch: the models read a batch's sentences together."),
    workers: int = typer.Option(None, "--workers", "-j", min=1, metavar="N", help="Worker processes, each loading the models once. Default: the number of cores."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write tables.xlsx: a sheet each for mentions, entities and docs (needs ru-entities[xlsx])."),
    strip_html: bool = typer.Option(False, "--strip-html", help="Take HTML tags and character references out of each text first; every offset still points into the original file."),
    resume: bool = typer.Option(False, "--resume", help="Keep the documents OUT already holds (same sha256, no error), also from a run that was killed, and process the rest."),
    text_column: str = typer.Option("text", "--text-column", metavar="COLUMN", help="Table input: the column with the article text."),
    id_column: str = typer.Option("doc_id", "--id-column", metavar="COLUMN", help="Table input: the column with the document id."),
    date_column: str = typer.Option(None, "--date-column", metavar="COLUMN", help="Table input: the column with the publication date. Default: 'published' when there is one."),
    dask: str = typer.Option(None, "--dask", metavar="local|ADDRESS", help="Run the batches on a Dask cluster: 'local' starts one of --workers processes here, or a scheduler address (tcp://host:8786). Needs ru-entities[dask]."),
):
    """Turn a folder of Russian texts into mention, entity, token and document tables.

    Example:

        ru-entities extract corpus/texts --meta corpus/meta.csv --out outputs
    """
    from pathlib import Path

    from .processes import cores, start_fork_server

    workers = workers or cores()
    if workers > 1 and not dask and _more_than_a_batch(input_dir, batch_size):
        start_fork_server(workers)  # the workers' models load while the input is found

    from .run import extract_folder
    from .tabular import Columns

    replacing = not resume and (Path(out) / "docs.parquet").exists()
    if xlsx:
        from .workbook import need_openpyxl

        _clean_errors(need_openpyxl)
    summary = _clean_errors(lambda: extract_folder(input_dir, out, meta=meta, published=published,
                                                   batch_size=batch_size, progress=True,
                                                   workers=workers, resume=resume,
                                                   dask=dask, strip_html=strip_html,
                                                   columns=Columns(text_column, id_column,
                                                                   date_column)),
                            out=out)
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    counts = ", ".join(f"{kind} {summary.mentions[kind]}" for kind in ("PER", "ORG", "LOC", "DATE"))
    kept = f" ({summary.resumed} kept from the earlier run)" if summary.resumed else ""
    typer.echo(f"{summary.documents} documents{kept}, {sum(summary.mentions.values())} mentions "
               f"({counts}) in {summary.seconds:.1f} s -> {out}", err=True)
    if replacing:
        typer.echo(f"replaced the earlier output in {out} (--resume keeps it)", err=True)
    if xlsx:
        from .workbook import write_workbook

        book = _clean_errors(lambda: write_workbook(out), out=out)
        typer.echo(f"workbook -> {book}", err=True)
    for doc_id, error in summary.failures:
        typer.echo(f"failed: {doc_id}: {error}", err=True)
    if summary.failed:
        typer.echo(f"{summary.failed} of {summary.documents} documents failed", err=True)
        raise typer.Exit(1)


@app.command()
def link(
    output_dir: str = typer.Argument(..., metavar="OUTPUT_DIR", help="An extract output folder."),
):
    """Link the mentions of an existing output folder into entities again, without
    re-running the models: entity_id in mentions, and entities.parquet/.csv.

    Example:

        ru-entities link outputs
    """
    from .linking.step import relink

    counts = _clean_errors(lambda: relink(output_dir))
    listed = ", ".join(f"{kind} {counts.get(kind, 0)}" for kind in ("PER", "ORG", "LOC"))
    typer.echo(f"{sum(counts.values())} entities ({listed}) -> {output_dir}/entities.parquet",
               err=True)


#: How many of --lenient's skipped lines the score summary prints.
SHOWN_SKIPPED = 5

FORMAT_HELP = "Gold format: brat, brat-crlf, factru, nerel, slavicner, labelstudio, doccano, runne."


def _print_scores(result, where):
    from .evaluate import format_scores

    typer.echo(format_scores(result.scores))
    missing = result.scores.get("docs_without_predictions") or []
    if missing:
        typer.echo(f"warning: {len(missing)} gold documents have no predictions "
                   f"(first: {missing[0]})", err=True)
    report = result.scores["gold_report"]
    skipped = f"{report['skipped']} skipped"
    if report["skipped_documents"]:
        skipped += f" ({report['skipped_documents']} whole documents)"
    typer.echo(f"gold: {report['documents']} documents, {report['mentions']} mentions kept, "
               f"{report['nested_set_aside']} nested set aside, {report['dropped_labels']} of other "
               f"types dropped, {skipped} -> {where}/scores.json, {where}/errors.csv",
               err=True)
    for reason in result.scores["gold_skipped"][:SHOWN_SKIPPED]:
        typer.echo(f"  skipped: {reason}", err=True)
    if report["skipped"] > SHOWN_SKIPPED:
        typer.echo(f"  ... and {report['skipped'] - SHOWN_SKIPPED} more, listed in {where}/scores.json "
                   "(gold_skipped)", err=True)


@app.command()
def score(
    pred_dir: str = typer.Argument(..., metavar="PRED_DIR", help="An extract output folder (mentions.parquet)."),
    gold_path: str = typer.Argument(..., metavar="GOLD", help="Gold file or folder."),
    fmt: str = typer.Option(..., "--format", "-f", metavar="FORMAT", help=FORMAT_HELP),
    out: str = typer.Option(None, "--out", "-o", metavar="DIR", help="Where to write scores.json and errors.csv (default: PRED_DIR)."),
    lenient: bool = typer.Option(False, "--lenient", help="Skip and count malformed gold (lines, mentions, unreadable documents) instead of failing."),
    nested: str = typer.Option("outer", "--nested", metavar="outer|all", help="Nested gold: 'outer' keeps the outermost mentions, 'all' keeps every one."),
):
    """Score an extract output folder against gold.

    Example:

        ru-entities score outputs corpus --format brat
    """
    from .evaluate import score_folder

    result = _clean_errors(lambda: score_folder(pred_dir, gold_path, fmt, out_dir=out,
                                               lenient=lenient, nested=nested))
    _print_scores(result, out or pred_dir)


@app.command()
def evaluate(
    gold_path: str = typer.Argument(..., metavar="GOLD", help="Gold file or folder."),
    fmt: str = typer.Option(..., "--format", "-f", metavar="FORMAT", help=FORMAT_HELP),
    out: str = typer.Option(..., "--out", "-o", metavar="DIR", help="Folder for the tables, scores.json and errors.csv."),
    lenient: bool = typer.Option(False, "--lenient", help="Skip and count malformed gold (lines, mentions, unreadable documents) instead of failing."),
    nested: str = typer.Option("outer", "--nested", metavar="outer|all", help="Nested gold: 'outer' keeps the outermost mentions, 'all' keeps every one."),
):
    """Run the pipeline on gold texts exactly as loaded, then score it.

    Example:

        ru-entities evaluate corpus --format brat --out outputs/evaluation
    """
    from .evaluate import evaluate as run_evaluate

    result, summary = _clean_errors(lambda: run_evaluate(gold_path, fmt, out, lenient=lenient,
                                                        nested=nested, progress=True), out=out)
    _print_scores(result, out)
    if summary.failed:
        typer.echo(f"{summary.failed} of {summary.documents} documents failed", err=True)
        raise typer.Exit(1)


@app.command()
def validate(
    corpus_dir: str = typer.Argument(..., metavar="CORPUS_DIR", help="A BRAT corpus laid out like corpus/ (texts/, gold/, meta.csv)."),
):
    """Check a hand-labelled corpus against corpus/GUIDELINES.md.

    Example:

        ru-entities validate corpus
    """
    from collections import Counter

    from .validate import check_corpus

    problems, gold = check_corpus(corpus_dir)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        typer.echo(f"{len(problems)} problems", err=True)
        raise typer.Exit(1)
    counts = Counter(mention.type for doc in gold for mention in doc.mentions)
    typer.echo(f"ok: {len(gold)} documents, {sum(counts.values())} mentions "
               f"({', '.join(f'{k} {counts[k]}' for k in ('PER', 'ORG', 'LOC', 'DATE'))})")


@app.command()
def show(
    output_dir: str = typer.Argument(..., metavar="OUTPUT_DIR", help="An extract or evaluate output folder."),
    doc_id: str = typer.Argument(..., metavar="DOC_ID", help="The document to show."),
    width: int = typer.Option(100, "--width", min=20, metavar="N", help="Wrap lines at this width."),
):
    """Print a document with its mentions marked (type and normal form) and a
    list of them with their entities.

    Example:

        ru-entities show outputs uzbekistan-iom
    """
    from .outputs import load_outputs
    from .show import render

    outputs = _clean_errors(lambda: load_outputs(output_dir))
    text = _clean_errors(lambda: outputs.text(doc_id))
    failed = outputs.docs[(outputs.docs.doc_id == doc_id) & (outputs.docs.status == "error")]
    if len(failed):
        fail(f"{doc_id}: nothing to show, the document failed in extract: {failed.error.iloc[0]}",
             code=1)
    typer.echo(render(doc_id, text, outputs.doc_mentions(doc_id), width=width))


@app.command()
def report(
    output_dir: str = typer.Argument(..., metavar="OUTPUT_DIR", help="An extract or evaluate output folder."),
    html_path: str = typer.Option(..., "--html", metavar="FILE", help="Where to write the HTML report."),
    gold: str = typer.Option(None, "--gold", metavar="GOLD", help="Gold to compare with (shown side by side)."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="FORMAT", help=FORMAT_HELP),
):
    """Write one self-contained HTML report, with gold side by side if given.

    Example:

        ru-entities report outputs/evaluation --gold corpus --format brat --html report.html
    """
    from pathlib import Path

    from .gold import load_gold
    from .outputs import load_outputs
    from .report import build_report

    if gold and not fmt:
        fail("--gold needs --format")
    gold_set = _clean_errors(lambda: load_gold(gold, fmt)) if gold else None
    outputs = _clean_errors(lambda: load_outputs(output_dir))
    page = build_report(outputs, gold_set)
    try:
        Path(html_path).write_text(page, encoding="utf-8")
    except OSError as error:
        fail(f"{html_path}: cannot write the report: {error.strerror or error}")
    typer.echo(f"{len(outputs.docs)} documents -> {html_path}", err=True)


def main():
    """The command, with no traceback ever reaching the user: an error nobody
    foresaw is one line (``RU_ENTITIES_DEBUG=1`` shows the traceback)."""
    import gc
    import os

    try:
        return app(prog_name="ru-entities")
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("RU_ENTITIES_DEBUG"):
            raise
        typer.echo(f"ru-entities: internal error: {type(error).__name__}: {error} "
                   "(set RU_ENTITIES_DEBUG=1 to see where)", err=True)
        return 3
    finally:
        # the command is done and its files are closed: Python's last garbage
        # collection would go over every object left (the models' vocabularies),
        # a fifth of a second of a run; the process's end frees them anyway
        gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
