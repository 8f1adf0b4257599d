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

    def text(self, doc_id):
        """The document's text: from its file when unchanged, else rebuilt from tokens."""
        rows = self.docs[self.docs.doc_id == doc_id]
        if rows.empty:
            raise UsageError(f"{self.folder}: no document {doc_id!r} "
                             f"(there are {len(self.docs)}; e.g. {', '.join(self.docs.doc_id[:3])})")
        row = rows.iloc[0]
        path = Path(row.path) if isinstance(row.path, str) and row.path else None
        if path and path.is_file():
            data = path.read_bytes()
            encoding = row.encoding if isinstance(row.encoding, str) and row.encoding != "str" else "utf-8-sig"
            if hashlib.sha256(data).hexdigest() == row.sha256 or (
                    hashlib.sha256(data.decode(encoding).encode("utf-8")).hexdigest() == row.sha256):
                return data.decode(encoding)
        return self._rebuild(doc_id, int(row.chars))

    def _rebuild(self, doc_id, chars):
        chars_list = [" "] * chars
        for token in self.tokens[self.tokens.doc_id == doc_id].itertuples():
            chars_list[token.start:token.stop] = token.text
        return "".join(chars_list)

    def doc_mentions(self, doc_id):
        return self.mentions[self.mentions.doc_id == doc_id].sort_values(["start", "stop"])


def load_outputs(folder):
    folder = Path(folder)
    if not (folder / "mentions.parquet").is_file() or not (folder / "docs.parquet").is_file():
        raise UsageError(f"{folder}: not an extract output folder (no mentions.parquet/docs.parquet)")
    return Outputs(folder, pd.read_parquet(folder / "mentions.parquet"),
                   pd.read_parquet(folder / "docs.parquet"),
                   pd.read_parquet(folder / "tokens.parquet", columns=["doc_id", "start", "stop", "text"]))
