"""One Excel workbook of an output folder, for people who do not use pandas.

``extract --xlsx`` writes ``tables.xlsx`` beside the tables: a sheet each for
``mentions``, ``entities`` and ``docs`` (without the text), with the header
row frozen and columns as wide as their contents (up to ``WIDEST``). It is
written with openpyxl in write-only mode, a row at a time, from the Parquet
files; a sheet stops at Excel's row limit, and the workbook says so in a
last row. openpyxl is the optional extra ``ru-entities[xlsx]``.
"""

import os
from pathlib import Path

import pyarrow.parquet as pq

from .errors import UsageError
from .tables import iter_parquet

SHEETS = {"mentions": None, "entities": None, "docs": ["text"]}  # sheet -> columns left out
#: Excel's last row, header included.
EXCEL_ROWS = 1_048_576
WIDEST = 60
#: Rows read to size the columns.
SAMPLE = 500


def need_openpyxl():
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise UsageError("--xlsx needs the xlsx extra: pip install 'ru-entities[xlsx]'") from None


def _cell(value):
    if isinstance(value, (list, tuple)):  # entities.aliases
        return "; ".join(f"{item['name']} ({item['mentions']})" if isinstance(item, dict) else str(item)
                         for item in value)
    if hasattr(value, "tolist"):
        return _cell(value.tolist())
    return value


def write_workbook(out_dir, path=None):
    """Write ``out_dir/tables.xlsx`` (or ``path``); returns its path."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    out_dir = Path(out_dir)
    path = Path(path or out_dir / "tables.xlsx")
    book = Workbook(write_only=True)
    for name, left_out in SHEETS.items():
        source = pq.ParquetFile(out_dir / f"{name}.parquet")
        columns = [column for column in source.schema_arrow.names if column not in (left_out or ())]
        sheet = book.create_sheet(name)
        sample = source.read_row_group(0, columns=columns).slice(0, SAMPLE).to_pylist() \
            if source.num_row_groups else []
        for index, column in enumerate(columns, 1):
            longest = max([len(column)] + [len(str(_cell(row[column]) or "")) for row in sample])
            sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, WIDEST)
        sheet.freeze_panes = "A2"
        sheet.append(columns)
        written = 1
        for batch in iter_parquet(source, columns, 4096):
            for row in batch.to_pylist():
                if written == EXCEL_ROWS - 1:
                    sheet.append([f"Excel holds {EXCEL_ROWS:,} rows: the rest of {name} is in "
                                  f"{name}.parquet and {name}.csv"])
                    break
                sheet.append([_cell(row[column]) for column in columns])
                written += 1
            else:
                continue
            break
    temp = path.with_name(f".{path.name}.tmp")
    book.save(temp)
    os.replace(temp, path)
    return path
