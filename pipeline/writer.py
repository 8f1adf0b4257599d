"""Write the tables batch by batch, so that a run can stop anywhere and resume.

Each batch becomes one part per table under ``OUT/.parts/`` (``000001.mentions.parquet``
…), each written to a temporary name and renamed into place, the ``docs``
part last: a batch whose ``docs`` part exists is complete, whatever killed
the run after it. ``commit`` joins the parts, in order, into the final
tables, runs the corpus step over them (``linking``: ``entity_id`` in
``mentions``, the ``entities`` table, and their CSV copies), writes
``run.json`` and renames everything into place; only then does anything under a final name change, so an
interrupted run leaves the previous complete output as it was.

With ``resume``, the complete parts of an earlier run (or, when it finished,
its final tables) are kept: ``done`` tells which documents they hold, and
``commit`` leaves out the rows of documents that were processed again or are
no longer in the input.

An fsspec URL as the output (``s3://…``, ``gs://…``) stages the parts in a
local folder named after the URL (``_staging``) and uploads the final files
at the end, each one whole; ``--resume`` starts from the URL's finished
tables, or from a killed run's staged batches on the same machine.
"""

import json
import os
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .const import OK
from .linking import Linker
from .linking.step import FILES as LINKED_FILES, linked_rows, write_linked
from .lock import LOCK, OutputLock
from .tables import SCHEMAS, conform, csv_file, iter_parquet, parquet_options, read_parquet

PARTS = ".parts"
#: The docs part is written last: its presence marks a batch complete.
ORDER = tuple(name for name in SCHEMAS if name != "docs") + ("docs",)


def _staging(url):
    """The local folder where the batches for an fsspec URL output wait: the same
    one for the same URL, so that ``--resume`` finds a killed run's batches."""
    import hashlib
    import tempfile

    return Path(tempfile.gettempdir()) / "ru-entities" / hashlib.sha1(url.encode()).hexdigest()[:16]


class OutputWriter:
    def __init__(self, out_dir, resume=False):
        self.remote = None
        shown = out_dir
        if "://" in str(out_dir):
            # an fsspec URL: batches are staged here, the final tables uploaded at the end
            from fsspec.core import url_to_fs

            self.remote = url_to_fs(str(out_dir))
            out_dir = _staging(str(out_dir))
            self.lock = OutputLock(out_dir.with_name(out_dir.name + ".lock"), shown)
            if not resume and out_dir.exists():
                shutil.rmtree(out_dir)
        else:
            self.lock = OutputLock(Path(out_dir) / LOCK, shown)
        self.out_dir = Path(out_dir)
        self.parts = self.out_dir / PARTS
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if not resume and self.parts.exists():
            shutil.rmtree(self.parts)  # a killed run's leftovers, not asked to resume
        self.parts.mkdir(exist_ok=True)
        for stale in self.parts.glob("*.tmp"):
            stale.unlink()
        self.numbers = self._complete_parts()
        if resume and not self.numbers and self.remote:
            self._download_final_tables()
        if resume and not self.numbers and (self.out_dir / "docs.parquet").exists():
            self._adopt_final_tables()
        self._temps = []
        self.stream = None

    def join_as_written(self):
        """Join the tables (and find the documents' entities) batch by batch as
        they are written, not all at the end (``_Stream``), where there are no
        earlier parts to keep. For a run whose batches run in other processes:
        the end of the run, where they would wait, then takes a fraction of the
        time. Not where the models run in this process too: the step's
        documents would stay in memory beside the models' caches, which the
        end of a run empties first (on 500 NEREL articles, 16 MB more at the
        peak)."""
        if not self.numbers and self.stream is None:
            self.stream = _Stream(self)

    def _complete_parts(self):
        numbers = sorted(int(path.name.split(".")[0]) for path in self.parts.glob("*.docs.parquet"))
        complete = set(numbers)
        for path in self.parts.glob("*.parquet"):  # a batch cut short before its docs part
            if int(path.name.split(".")[0]) not in complete:
                path.unlink()
        return numbers

    def _adopt_final_tables(self):
        """A finished earlier run's tables, as part 0 (copies: the originals stay)."""
        for name in ORDER:
            final = self.out_dir / f"{name}.parquet"
            if not final.exists():
                return
        for name in ORDER:
            shutil.copyfile(self.out_dir / f"{name}.parquet", self._part(0, name))
        self.numbers = [0]

    def _download_final_tables(self):
        fs, root = self.remote
        for name in ORDER:
            if fs.exists(f"{root}/{name}.parquet"):
                fs.get_file(f"{root}/{name}.parquet", str(self.out_dir / f"{name}.parquet"))

    def _upload(self, names):
        fs, root = self.remote
        fs.makedirs(root, exist_ok=True)
        for name in names:
            fs.put_file(str(self.out_dir / name), f"{root}/{name}")
        shutil.rmtree(self.out_dir, ignore_errors=True)

    def _part(self, number, name):
        return self.parts / f"{number:06d}.{name}.parquet"

    def done(self):
        """``{doc_id: sha256}`` of the documents the kept parts hold with status ok."""
        found = {}
        for number in self.numbers:
            docs = read_parquet(self._part(number, "docs"), columns=["doc_id", "sha256", "status"])
            for doc_id, sha, status in zip(*(docs.column(key).to_pylist()
                                             for key in ("doc_id", "sha256", "status"))):
                if status == OK:
                    found[doc_id] = sha
        return found

    def resumed(self, doc_ids):
        """What the kept parts hold of ``doc_ids``: ``(Counter of mention types,
        Counter of chars/sentences/tokens/documents)``."""
        mentions, totals = Counter(), Counter()
        keep = rows_of(doc_ids)
        for number in self.numbers:
            docs = self._kept(number, "docs", {number: keep})
            totals.update(documents=docs.num_rows,
                          **{key: pc.sum(docs.column(key)).as_py() or 0
                             for key in ("chars", "sentences", "tokens")})
            types = self._kept(number, "mentions", {number: keep}).column("type").to_pylist()
            mentions.update(types)
        return mentions, totals

    def write(self, tables, linked=None):
        """One batch's tables, as the next part; ``linked``: its documents'
        entities, where the worker found them (``BatchOutput.linked``)."""
        number = (self.numbers[-1] + 1) if self.numbers else 1
        for name in ORDER:
            temp = self.parts / f"{number:06d}.{name}.parquet.tmp"
            pq.write_table(tables[name], temp, **parquet_options(name))
            os.replace(temp, self._part(number, name))
        self.numbers.append(number)
        if self.stream:
            self.stream.write(tables, linked)

    def _kept(self, number, name, keep):
        table = read_parquet(self._part(number, name), SCHEMAS[name])
        if keep is None:
            return table
        return table.filter(keep[number](table))

    def commit(self, run_info, keep=None):
        """Join the parts into the final tables, run the corpus step (``linking``:
        entity ids and the entities table), write run.json, rename all into place.

        ``keep``: ``{part number: callable(table) -> boolean mask}`` for parts
        whose rows are only partly kept (a resumed run's earlier parts).
        """
        stream = self.stream  # there is one only where there are no earlier parts to keep
        if stream:
            joined, csv_path = stream.paths, stream.csv_path
            stream.close()
        else:
            joined = {name: self._temp(f"{name}.joined.parquet") for name in SCHEMAS}
            csv_path = self._temp("docs.csv")
        temps = {"tokens.parquet": joined["tokens"], "docs.parquet": joined["docs"],
                 "docs.csv": csv_path}
        temps.update({name: self._temp(name) for name in LINKED_FILES})
        if stream:
            entities = write_linked(joined["mentions"], joined["docs"], temps, stream.linker)
        else:
            # the tokens, the largest table and one the corpus step does not read, are
            # joined in a thread meanwhile (Arrow lets go of the GIL as it reads and
            # writes): on 400 NEREL articles the commit took 1.00 s, 0.88 s so (medians of 3)
            with ThreadPoolExecutor(1) as side:
                tokens = side.submit(self._join, ["tokens"], joined, keep)
                self._join(["docs", "mentions"], joined, keep)
                _docs_csv(joined["docs"], csv_path)
                entities = write_linked(joined["mentions"], joined["docs"], temps)
                tokens.result()
        run_info["counts"]["entities"] = dict(sorted(entities.items()))
        temps["run.json"] = self._temp("run.json")
        temps["run.json"].write_text(json.dumps(run_info, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
        for final, temp in temps.items():
            os.replace(temp, self.out_dir / final)
        joined["mentions"].unlink(missing_ok=True)
        self._temps = []
        shutil.rmtree(self.parts, ignore_errors=True)
        if self.remote:
            self._upload(list(temps))

    def _join(self, names, joined, keep):
        """The parts of the tables ``names``, in order, into ``joined[name]``."""
        for name in names:
            with pq.ParquetWriter(joined[name], SCHEMAS[name], **parquet_options(name)) as writer:
                for number in self.numbers:
                    writer.write_table(
                        self._kept(number, name, keep if keep and number in keep else None))

    def _temp(self, final):
        path = self.out_dir / f".{final}.tmp"
        self._temps.append(path)
        return path

    def close(self):
        """Let another run write here."""
        self.lock.release()

    def abort(self):
        """Drop the temporary files; the complete parts stay for ``--resume``, and
        earlier complete output stays as it was."""
        if self.stream:
            self.stream.close(discard=True)
        for temp in self._temps:
            temp.unlink(missing_ok=True)
        self._temps = []


class _Stream:
    """The tables, each batch appended as the writer writes it (besides its
    parts, which a killed run resumes from), ``docs.csv`` beside them, and the
    mentions given to the corpus step's ``Linker`` (with the documents'
    entities the worker found, where it did): a run's end then only
    closes them and runs the step across documents, instead of reading every
    part back and finding every document's entities while every worker waits.
    On 5,000 articles (NEREL train, repeated) and 2 workers, the end of the
    run took 0.8 s instead of 3.8, and this process 6.7 s of CPU instead of
    9.2 (the parts are no longer read back); on 400, the difference was
    within this machine's noise."""

    def __init__(self, writer):
        self.paths = {name: writer._temp(f"{name}.joined.parquet") for name in SCHEMAS}
        self.csv_path = writer._temp("docs.csv")
        self.linker = Linker()
        #: What is open, in the order to close it; filled as each opens, so that
        #: ``close`` also closes what an error left half opened.
        self.writers, self.closers = {}, []
        self.csv = None
        self.closed = False

    def _open(self):
        for name in SCHEMAS:
            self.writers[name] = pq.ParquetWriter(self.paths[name], SCHEMAS[name],
                                                  **parquet_options(name))
            self.closers.append(self.writers[name].close)
        handle = csv_file(self.csv_path)
        self.closers.append(handle.close)
        self.csv = pacsv.CSVWriter(handle, _DOCS_CSV)
        self.closers.insert(-1, self.csv.close)  # before its file

    def write(self, tables, linked=None):
        if self.csv is None:
            self._open()
        for name in SCHEMAS:
            self.writers[name].write_table(conform(tables[name], SCHEMAS[name]))
        self.csv.write_table(tables["docs"].select(_DOCS_CSV.names))
        if linked is None:
            self.linker.add(linked_rows(tables["mentions"]))
        else:
            self.linker.add_found(linked, tables["mentions"].num_rows)

    def close(self, discard=False):
        """Close the files: complete, even for a run of no batches; or, with
        ``discard``, as far as they got and whatever goes wrong (a full disk):
        they are dropped."""
        if self.closed:
            return
        if self.csv is None and not discard:
            self._open()
        self.closed = True
        failed = None
        for close in self.closers:
            try:
                close()
            except OSError as error:
                failed = failed or error
        for writer in self.writers.values():
            writer.is_open = False  # one whose close failed would try again when collected
        if failed and not discard:
            raise failed


#: ``docs.csv``'s columns: every docs column but the text.
_DOCS_CSV = pa.schema([field for field in SCHEMAS["docs"] if field.name != "text"])


def _docs_csv(parquet, path):
    """``docs.csv``: a row per document, its status and error, without its text
    (UTF-8 with a BOM, as every CSV here, so Excel shows Cyrillic)."""
    with csv_file(path) as handle:
        with pacsv.CSVWriter(handle, _DOCS_CSV) as csv:
            for batch in iter_parquet(parquet, _DOCS_CSV.names):
                csv.write_batch(batch)


def rows_of(doc_ids):
    """A ``keep`` mask: the rows whose doc_id is in ``doc_ids``."""
    value_set = pa.array(sorted(doc_ids), type=pa.string())
    return lambda table: pc.is_in(table.column("doc_id"), value_set=value_set)
