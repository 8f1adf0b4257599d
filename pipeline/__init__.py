"""ru-entities: people, organisations, places and dates from Russian news.

``import pipeline`` first installs the pymorphy2 -> pymorphy3 alias, so natasha
and yargy, imported later, run on pymorphy3; and, on Linux, asks Arrow for its
jemalloc allocator unless the user chose one (``tables.flat_memory`` says why),
which Arrow reads once, when it is first imported.
"""

import os as _os
import sys as _sys

if _sys.platform.startswith("linux"):
    _os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

from . import compat  # noqa: E402, F401  (first: before anything imports natasha)
from .errors import UsageError  # noqa: E402
from .run import Tables, extract, extract_folder, normal_form  # noqa: E402
from .tabular import Columns  # noqa: E402
from .tools import load_tools  # noqa: E402

__all__ = ["Columns", "Tables", "UsageError", "extract", "extract_folder", "load_tools",
           "normal_form"]
__version__ = "0.1.0"
