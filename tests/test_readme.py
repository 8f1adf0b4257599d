"""The README's "Your own articles" runs as written: its commands, typed in a
folder laid out as it describes."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def section(title):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_your_own_articles_runs_as_written(tmp_path):
    part = section("Your own articles")
    (block,) = re.findall(r"```sh\n(.*?)```", part, re.S)
    commands = [line for line in block.splitlines() if line.strip()]
    commands += re.findall(r"`(ru-entities report [^`]+)`", part.replace("\n", " "))
    assert len(commands) == 2, commands
    # the folder it describes: a folder of articles, and dates.csv of doc_id and published
    shutil.copytree(ROOT / "corpus" / "texts", tmp_path / "my-articles")
    shutil.copy(ROOT / "corpus" / "meta.csv", tmp_path / "dates.csv")
    # and the command where the quick start installed it
    where = tmp_path / ".venv" / "bin"
    where.mkdir(parents=True)
    (where / "ru-entities").symlink_to(Path(sys.executable).parent / "ru-entities")
    for command in commands:
        args = command.split()
        if args[0] == "ru-entities":
            args[0] = str(where / "ru-entities")
        done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert "Traceback" not in done.stderr
    for name in ("mentions.csv", "entities.csv", "docs.csv"):
        assert (tmp_path / "my-output" / name).stat().st_size > 1000
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8")[:500].lower()
