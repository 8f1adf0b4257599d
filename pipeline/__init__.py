"""ru-entities: people, organisations, places and dates from Russian news.

``pipeline.extract``, ``extract_folder``, ``normal_form``, ``Tables``,
``Columns`` and ``load_tools`` are the API; each is imported when first used.

``import pipeline`` first installs the pymorphy2 -> pymorphy3 alias, so natasha
and yargy, imported later, run on pymorphy3; and, on Linux, asks Arrow for the
system allocator unless the user chose one (``tables.flat_memory`` says why),
which Arrow reads once, when it is first imported.
"""

import os as _os
import sys as _sys

if _sys.platform.startswith("linux"):
    _os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from . import compat  # noqa: E402, F401  (first: before anything imports natasha)
from .errors import UsageError  # noqa: E402

#: The API, imported on first use (PEP 562), so that ``ru-entities`` starts
#: its worker pool's fork server before it imports the pipeline (``processes.py``).
_API = {"Columns": "tabular", "Tables": "run", "extract": "run", "extract_folder": "run",
        "load_tools": "tools", "normal_form": "run"}

__all__ = ["UsageError", *_API]
__version__ = "0.1.0"


def __getattr__(name):
    if name not in _API:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_API})
