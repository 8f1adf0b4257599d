"""Shared fixtures: the real models, loaded once per test session."""

import os
from pathlib import Path

import pytest

import pipeline
from pipeline.run import default_tools

ROOT = Path(__file__).resolve().parent.parent
#: The shared gold corpora; RU_ENTITIES_DATA points elsewhere.
DATA = Path(os.environ.get("RU_ENTITIES_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def tools():
    return default_tools()


def need(path):
    """A corpus path from the shared data: a failure in CI, a skip elsewhere."""
    path = DATA / path
    if not path.exists():
        message = f"{path} is missing (set RU_ENTITIES_DATA to the shared data folder)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seed_path():
    return need("seed/uzbekistan-iom.txt")


__all__ = ["DATA", "ROOT", "need", "pipeline"]
