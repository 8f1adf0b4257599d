"""Read an ``extract``/``evaluate`` output folder back: tables and texts."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import UsageError


@dataclass
class Outputs:
    folder: Path
    mentions: pd.DataFrame
    docs: pd.DataFrame
    tokens: pd.DataFrame
    #: ``entities.parquet`` (empty for an output written before linking).
    entities: pd.DataFrame = None

    def __post_init__(self):
        # each table split by document once: asking for every document costs one pass
        self._rows = {row.doc_id: row for row in self.docs.itertuples(index=False)}
        self._mentions = self._tokens = None

    def text(self, doc_id):
        """The document's text: from ``docs.parquet`` (which keeps it), else from
        its file when unchanged, else rebuilt from tokens (an older output)."""
        row = self._rows.get(doc_id)
        if row is None:
            raise UsageError(f"{self.folder}: no document {doc_id!r} "
                             f"(there are {len(self.docs)}; e.g. {', '.join(self.docs.doc_id[:3])})")
        if isinstance(getattr(row, "text", None), str):
            return row.text
        path = Path(row.path) if isinstance(row.path, str) and row.path else None
        if path and path.is_file():
            data = path.read_bytes()
            encoding = row.encoding if isinstance(row.encoding, str) and row.encoding != "str" else "utf-8-sig"
            if hashlib.sha256(data).hexdigest() == row.sha256 or (
                    hashlib.sha256(data.decode(encoding).encode("utf-8")).hexdigest() == row.sha256):
                return data.decode(encoding)
        return self._rebuild(doc_id, int(row.chars))

    def _rebuild(self, doc_id, chars):
        if self._tokens is None:
            self._tokens = _by_doc(self.tokens)
        chars_list = [" "] * chars
        for token in self._tokens.get(doc_id, self.tokens.iloc[0:0]).itertuples():
            chars_list[token.start:token.stop] = token.text
        return "".join(chars_list)

    def doc_mentions(self, doc_id):
        if self._mentions is None:
            self._mentions = {doc_id: rows.sort_values(["start", "stop"])
                              for doc_id, rows in _by_doc(self.mentions).items()}
        return self._mentions.get(doc_id, self.mentions.iloc[0:0])


def _by_doc(table):
    return {doc_id: rows for doc_id, rows in table.groupby("doc_id", sort=False)}


def load_outputs(folder):
    folder = Path(folder)
    if not (folder / "mentions.parquet").is_file() or not (folder / "docs.parquet").is_file():
        raise UsageError(f"{folder}: not an extract output folder (no mentions.parquet/docs.parquet)")
    docs = pd.read_parquet(folder / "docs.parquet")
    # the tokens only rebuild the text of an older output, whose docs table lacks it
    tokens = (pd.read_parquet(folder / "tokens.parquet", columns=["doc_id", "start", "stop", "text"])
              if "text" not in docs.columns and (folder / "tokens.parquet").is_file()
              else pd.DataFrame(columns=["doc_id", "start", "stop", "text"]))
    entities = (pd.read_parquet(folder / "entities.parquet") if (folder / "entities.parquet").is_file()
                else pd.DataFrame(columns=["entity_id", "type", "name", "mentions", "documents"]))
    return Outputs(folder, pd.read_parquet(folder / "mentions.parquet"), docs, tokens, entities)
