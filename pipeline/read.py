"""Find input files and decode them.

Russian text arrives as UTF-8 (with or without a BOM), UTF-16 (with or
without a BOM), or one of the single-byte Cyrillic encodings: cp1251, KOI8-R
or CP866, told apart by which reading gives the letters Russian uses most
(``SINGLE_BYTE``). Anything else, or anything that is not text at all, is
reported as an error for that file alone.
"""

import codecs
import hashlib
from pathlib import Path

from .records import Source

#: Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.01
ALLOWED_CONTROLS = set("\t\n\r\f\v")


class DecodeError(ValueError):
    pass


def _check_text(text, encoding):
    if "\x00" in text:
        raise DecodeError(f"not text: NUL characters after decoding as {encoding} (binary file?)")
    controls = sum(1 for char in text if char < " " and char not in ALLOWED_CONTROLS)
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise DecodeError(
            f"not text: {controls} control characters in {len(text)} "
            f"after decoding as {encoding} (binary file?)"
        )
    return text


#: The single-byte encodings a Russian file may be in, the most common first.
SINGLE_BYTE = ("cp1251", "koi8-r", "cp866")
#: The letters Russian text uses most, lower-case: a right reading is full of them.
COMMON_LETTERS = frozenset("оеаинтсрвлкмдпу")


def _utf16_without_bom(data):
    """``utf-16-le``/``-be`` when every other byte looks like the high byte of
    Latin or Cyrillic text (0x00 or 0x04), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if sum(byte in (0, 4) for byte in high) > 0.9 * len(high):
            return encoding
    return None


def _single_byte(data):
    """The reading of ``SINGLE_BYTE`` with the most common Russian letters."""
    def score(encoding):
        text = data.decode(encoding, errors="replace")
        return sum(char in COMMON_LETTERS for char in text)

    return max(SINGLE_BYTE, key=lambda encoding: (score(encoding), -SINGLE_BYTE.index(encoding)))


def decode(data):
    """Return ``(text, encoding)`` for raw bytes, or raise DecodeError."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _utf16_without_bom(data):
        encoding = _utf16_without_bom(data)
    elif b"\x00" in data:
        raise DecodeError("not text: contains NUL bytes and no UTF-16 BOM (binary file?)")
    else:
        try:
            return _check_text(data.decode("utf-8"), "utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = _single_byte(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"cannot decode as {encoding}: byte {error.start} ({data[error.start:error.start + 1]!r})"
        ) from None
    return _check_text(text, encoding), encoding


def doc_id_for(path, root):
    """``root/a/b.txt`` -> ``a/b``, always with ``/``."""
    return Path(path).relative_to(root).with_suffix("").as_posix()


def find_texts(root):
    """Every ``*.txt`` file under ``root`` (``.TXT`` too), recursively, in doc_id order."""
    root = Path(root)
    # broken links and unreadable entries are kept: reading them reports the error
    paths = [path for path in root.rglob("*") if path.suffix.lower() == ".txt" and not path.is_dir()]
    return sorted(paths, key=lambda path: doc_id_for(path, root))


def read_source(path, doc_id, published="", published_from=""):
    """Read and decode one file; never raises for a bad file.

    The recorded path is absolute, so ``show``, ``report`` and the notebooks
    find the text again from any working folder.
    """
    path = Path(path).absolute()
    return _decoded_source(path.read_bytes, str(path), doc_id, published, published_from)


def _decoded_source(read, where, doc_id, published, published_from):
    """A Source from the bytes ``read()`` returns; a failure is the Source's error."""
    try:
        data = read()
    except OSError as error:
        return Source(doc_id, "", where, published=published, published_from=published_from,
                      error=f"cannot read: {error.strerror or error}")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        text, encoding = decode(data)
    except DecodeError as error:
        return Source(doc_id, "", where, sha256=sha256, published=published,
                      published_from=published_from, error=str(error))
    return Source(doc_id, text, where, encoding, sha256, published, published_from)


def text_source(text, doc_id, published="", path="", published_from=""):
    """A Source for a string given directly (the Python API, gold texts)."""
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(doc_id, text, str(Path(path).absolute()) if path else "", "str", sha256,
                  published, published_from)


def is_url(path):
    """An fsspec URL (``s3://…``, ``gs://…``, ``file://…``, ``memory://…``), not a local path."""
    return "://" in str(path)


def find_remote_texts(url):
    """``[(path, doc_id)]`` of every ``*.txt`` under an fsspec URL, in doc_id order,
    with the filesystem to read them from."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(str(url))
    if not fs.isdir(root):
        return fs, []
    root = root.rstrip("/")
    found = [path for path in fs.find(root) if path.lower().endswith(".txt")]
    pairs = [(path, path[len(root) + 1:][:-len(".txt")]) for path in found]
    return fs, sorted(pairs, key=lambda pair: pair[1])


def read_remote_source(fs, path, doc_id, published="", published_from=""):
    """``read_source`` for a file on an fsspec filesystem; never raises for a bad file."""
    return _decoded_source(lambda: fs.cat_file(path), fs.unstrip_protocol(path), doc_id,
                           published, published_from)
