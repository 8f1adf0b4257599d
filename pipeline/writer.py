"""Write tables batch by batch into temporary files, then rename into place.

Nothing named ``mentions.parquet`` (or any other final name) exists until the
whole run has finished: an interrupted run leaves only ``*.tmp`` files, which
are removed, and the previous complete output, if any, stays untouched.
"""

import codecs
import json
import os
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .tables import SCHEMAS

#: Which tables also get a CSV copy (UTF-8 with a BOM so Excel shows Cyrillic).
CSV_TABLES = ("mentions",)


class OutputWriter:
    def __init__(self, out_dir):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._temps = {}
        self._parquet = {}
        self._csv = {}
        self._csv_files = {}
        for name, schema in SCHEMAS.items():
            path = self._temp(f"{name}.parquet")
            self._parquet[name] = pq.ParquetWriter(path, schema)
            if name in CSV_TABLES:
                handle = open(self._temp(f"{name}.csv"), "wb")
                handle.write(codecs.BOM_UTF8)
                self._csv_files[name] = handle
                self._csv[name] = pacsv.CSVWriter(handle, schema)

    def _temp(self, final):
        path = self.out_dir / f".{final}.tmp"
        self._temps[final] = path
        return path

    def write(self, name, table):
        self._parquet[name].write_table(table)
        if name in self._csv:
            self._csv[name].write_table(table)

    def _close_files(self):
        for writer in list(self._parquet.values()) + list(self._csv.values()):
            writer.close()
        for handle in self._csv_files.values():
            handle.close()
        self._parquet, self._csv, self._csv_files = {}, {}, {}

    def commit(self, run_info):
        """Close every table, write run.json, then rename all into place."""
        self._close_files()
        path = self._temp("run.json")
        path.write_text(json.dumps(run_info, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        for final, temp in self._temps.items():
            os.replace(temp, self.out_dir / final)
        self._temps = {}

    def abort(self):
        """Drop the temporary files; earlier complete output stays as it was."""
        try:
            self._close_files()
        finally:
            for temp in self._temps.values():
                temp.unlink(missing_ok=True)
            self._temps = {}
