"""Find input files and read them into Sources (decoding: ``encoding.py``).

A file that cannot be read or decoded is a Source with an error, for that
file alone.
"""

import hashlib
from pathlib import Path

from .encoding import DecodeError, decode
from .records import Source

def doc_id_for(path, root):
    """``root/a/b.txt`` -> ``a/b``, always with ``/``."""
    return Path(path).relative_to(root).with_suffix("").as_posix()


def find_texts(root):
    """Every ``*.txt`` file under ``root`` (``.TXT`` too), recursively, in doc_id order."""
    root = Path(root)
    return sorted(texts_under(root), key=lambda path: doc_id_for(path, root))


def texts_under(root):
    """The ``*.txt`` files under ``root`` (``.TXT`` too), recursively, as found."""
    # broken links and unreadable entries are kept: reading them reports the error
    return (path for path in Path(root).rglob("*") if path.suffix.lower() == ".txt" and not path.is_dir())


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
        text, encoding, sure = decode(data)
    except DecodeError as error:
        return Source(doc_id, "", where, sha256=sha256, published=published,
                      published_from=published_from, error=str(error))
    return Source(doc_id, text, where, encoding, sha256, published, published_from,
                  encoding_sure=sure)


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
