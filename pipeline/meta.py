"""Publication dates: the ``--meta`` CSV and ``--published``.

The publication date anchors relative and yearless dates (``вчера``, ``2
апреля``). A meta file is a CSV with ``doc_id`` and ``published`` columns
(others are ignored). It is read strictly, because a date that is silently
ignored gives wrong values without a word:

- ``published`` is ``YYYY-MM-DD`` or ``DD.MM.YYYY``, or empty for a document
  whose date is unknown; anything else is an error naming the file and line;
- a ``doc_id`` may be written with its ``.txt``; the same doc_id twice is an
  error;
- rows that match no document are counted and reported (``unmatched``).
"""

import csv
import re
from datetime import date

from .errors import UsageError

DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


#: Where a document's publication date came from, in ``docs.parquet``'s ``anchor``.
META, PUBLISHED_OPTION = "meta", "--published"


def parse_date(value):
    """``YYYY-MM-DD`` or ``DD.MM.YYYY`` -> ISO ``YYYY-MM-DD``; "" stays ""; ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return ""
    dotted = DOTTED.match(value)
    if dotted:
        day, month, year = (int(part) for part in dotted.groups())
        return date(year, month, day).isoformat()
    return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(value)


def _bad(value):
    raise ValueError(f"not a date: {value!r}")


def read_meta(path):
    """``{doc_id: ISO date}`` from a meta CSV; UsageError naming the file and line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return _rows(path, handle)
    except OSError as error:
        raise UsageError(f"{path}: cannot read meta CSV: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: meta CSV is not UTF-8") from None


def _rows(path, handle):
    reader = csv.DictReader(handle)
    missing = {"doc_id", "published"} - set(reader.fieldnames or [])
    if missing:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise UsageError(f"{path}: meta CSV has no column {', '.join(sorted(missing))} "
                         f"(columns found: {found})")
    published = {}
    for row in reader:
        line = reader.line_num
        doc_id = (row["doc_id"] or "").strip()
        if doc_id.lower().endswith(".txt"):
            doc_id = doc_id[:-4]
        if not doc_id:
            raise UsageError(f"{path}:{line}: empty doc_id")
        if doc_id in published:
            raise UsageError(f"{path}:{line}: doc_id {doc_id!r} appears twice")
        try:
            published[doc_id] = parse_date(row["published"])
        except (ValueError, TypeError):
            raise UsageError(f"{path}:{line}: cannot read the publication date "
                             f"{row['published']!r} of {doc_id!r} (write YYYY-MM-DD)") from None
    return published


def check_published(value):
    """The ``--published`` option: ISO ``YYYY-MM-DD``, or UsageError."""
    try:
        return parse_date(value)
    except ValueError:
        raise UsageError(f"--published {value!r}: not a date (write YYYY-MM-DD)") from None


def unmatched(published, doc_ids):
    """The meta rows' doc_ids that name no document, sorted."""
    return sorted(set(published) - set(doc_ids))
