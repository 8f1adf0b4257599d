"""Gold loaders, one small module per format, all yielding GoldDoc records.

``load_gold(path, format)`` is the one entry point; FORMATS lists the names.
"""

from functools import partial

from . import brat, factru, jsonformats, nerel, slavicner
from .common import ALL, NESTED_POLICIES, OUTER, Options
from .records import GoldDoc, GoldError, GoldMention, GoldReport, GoldSet

FORMATS = {
    "brat": brat.load,
    "brat-crlf": partial(brat.load, crlf=True),
    "factru": factru.load,
    "nerel": nerel.load,
    "slavicner": slavicner.load,
    "labelstudio": jsonformats.load_labelstudio,
    "doccano": jsonformats.load_doccano,
    "runne": jsonformats.load_runne,
}


def load_gold(path, format, *, lenient=False, nested=OUTER):
    """Load gold from ``path`` in ``format``; raises GoldError on malformed gold."""
    if format not in FORMATS:
        raise GoldError(f"unknown gold format {format!r} (known: {', '.join(FORMATS)})")
    if nested not in NESTED_POLICIES:
        raise GoldError(f"unknown nesting policy {nested!r} (known: {', '.join(NESTED_POLICIES)})")
    return FORMATS[format](path, Options(lenient=lenient, nested=nested))


__all__ = ["ALL", "FORMATS", "OUTER", "GoldDoc", "GoldError", "GoldMention", "GoldReport",
           "GoldSet", "load_gold"]
