"""ru-entities: people, organisations, places and dates from Russian news.

``import pipeline`` first installs the pymorphy2 -> pymorphy3 alias, so natasha
and yargy, imported later, run on pymorphy3.
"""

from . import compat  # noqa: F401  (first: before anything imports natasha)
from .errors import UsageError
from .run import Tables, extract, extract_folder, normal_form
from .tabular import Columns
from .tools import load_tools

__all__ = ["Columns", "Tables", "UsageError", "extract", "extract_folder", "load_tools",
           "normal_form"]
__version__ = "0.1.0"
