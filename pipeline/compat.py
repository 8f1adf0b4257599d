"""Run natasha and yargy on pymorphy3, never on pymorphy2.

natasha 1.6 (``natasha/morph/vocab.py``) and yargy 0.16 (``yargy/morph.py``)
import ``pymorphy2``, which is unmaintained and fails to import on Python
3.12+ (``No module named 'pkg_resources'``). pymorphy3 is its maintained fork
with the same API and module layout, so this module makes every
``import pymorphy2...`` resolve to the matching ``pymorphy3...`` module.

It must be imported before natasha or yargy; ``pipeline/__init__.py`` does that
first thing, so any ``import pipeline`` is enough. After it, the real pymorphy2
package is never imported, even if a dependency installed it.
"""

import importlib
import importlib.abc
import importlib.util
import sys

OLD = "pymorphy2"
NEW = "pymorphy3"


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass  # the pymorphy3 module is already executed


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Answer ``pymorphy2[.x]`` with the already-imported ``pymorphy3[.x]``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != OLD and not fullname.startswith(OLD + "."):
            return None
        target = NEW + fullname[len(OLD):]
        return importlib.util.spec_from_loader(fullname, _AliasLoader(target))


def install():
    """Put the alias first on ``sys.meta_path``; idempotent."""
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
    module = sys.modules.get(OLD)
    if module is not None and not module.__name__.startswith(NEW):
        raise ImportError(
            "pymorphy2 was imported before pipeline.compat; "
            "import pipeline before natasha or yargy"
        )


install()
