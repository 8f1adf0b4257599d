"""The ``ru-entities`` command: a thin layer over the Python API.

Errors the user can fix (bad paths, no input, malformed gold) print one line
on stderr and exit 2; a run where some documents failed exits 1.
"""

import sys
import typer

from .run import UsageError

# Paths are plain strings here: the API checks them and says what is wrong in one line.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Extract people, organisations, places and dates from Russian news text.")


@app.callback()
def root():
    """Extract people, organisations, places and dates from Russian news text."""


def fail(message, code=2):
    typer.echo(f"ru-entities: error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    input_dir: str = typer.Argument(..., help="Folder of .txt files, read recursively."),
    out: str = typer.Option(..., "--out", "-o", help="Folder for the output tables."),
    meta: str = typer.Option(None, "--meta", help="CSV with doc_id and published (ISO date) columns: the anchor for dates without a year."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per batch written to the tables."),
):
    """Turn a folder of Russian texts into mention, token and document tables."""
    from .run import extract_folder

    try:
        summary = extract_folder(input_dir, out, meta=meta, batch_size=batch_size, progress=True)
    except UsageError as error:
        fail(error)
    counts = ", ".join(f"{kind} {summary.mentions[kind]}" for kind in ("PER", "ORG", "LOC", "DATE"))
    typer.echo(f"{summary.documents} documents, {sum(summary.mentions.values())} mentions "
               f"({counts}) in {summary.seconds:.1f} s -> {out}", err=True)
    for doc_id, error in summary.failures:
        typer.echo(f"failed: {doc_id}: {error}", err=True)
    if summary.failed:
        typer.echo(f"{summary.failed} of {summary.documents} documents failed", err=True)
        raise typer.Exit(1)


def main():
    app(prog_name="ru-entities")


if __name__ == "__main__":
    sys.exit(main())
