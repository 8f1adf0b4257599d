"""--resume: a run killed part-way, or over a folder that changed, ends with
every document exactly once, as a fresh run would have it."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
from pathlib import Path
import pytest

from pipeline import run

from .conftest import ROOT

CORPUS = ROOT / "corpus" / "texts"


def _wait_for_parts(child, out, count, seconds):
    """Wait until the run ``child`` has written ``count`` batches to ``out``."""
    deadline = time.monotonic() + seconds
    while len(list((out / ".parts").glob("*.docs.parquet"))) < count:
        assert child.poll() is None, "the run ended before it could be stopped"
        assert time.monotonic() < deadline, "no batch was written in time"
        time.sleep(0.05)


def _extract(folder, out, *options, **popen):
    """``ru-entities extract FOLDER --out OUT OPTIONS...`` started as a child process."""
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(folder),
                             "--out", str(out), *options], **popen)


def _sorted_tables(out):
    tables = {}
    for name, key in (("mentions", ["doc_id", "mention_id"]), ("tokens", ["doc_id", "token_id"]),
                      ("docs", ["doc_id"])):
        table = pd.read_parquet(out / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        tables[name] = table.sort_values(key).reset_index(drop=True)
    return tables


def _assert_same(a, b, but=()):
    for name in a:
        pd.testing.assert_frame_equal(a[name].drop(columns=list(but), errors="ignore"),
                                      b[name].drop(columns=list(but), errors="ignore"), obj=name)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, tools):
    folder = tmp_path_factory.mktemp("corpus") / "in"
    shutil.copytree(CORPUS, folder)
    out = tmp_path_factory.mktemp("fresh") / "out"
    run.extract_folder(folder, out, tools=tools, batch_size=8)
    return folder, out, _sorted_tables(out)


def test_resuming_a_finished_run_processes_nothing(fresh, tmp_path, tools):
    folder, out, tables = fresh
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    summary = run.extract_folder(folder, copy, tools=tools, batch_size=8, resume=True)
    assert summary.resumed == summary.documents == len(tables["docs"])
    _assert_same(_sorted_tables(copy), tables)
    assert not (copy / ".parts").exists()


def test_resume_processes_what_changed_and_drops_what_is_gone(fresh, tmp_path, tools):
    folder, out, _ = fresh
    changed = tmp_path / "in"
    shutil.copytree(folder, changed)
    names = sorted(path.name for path in changed.glob("*.txt"))
    (changed / names[0]).unlink()
    edited = changed / names[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nПутин прилетел в Казань.\n",
                      encoding="utf-8")
    (changed / "zz-new.txt").write_text("Собянин открыл станцию метро в Москве.", encoding="utf-8")
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    summary = run.extract_folder(changed, copy, tools=tools, batch_size=8, resume=True)
    assert summary.resumed == len(names) - 2 and summary.documents == len(names)
    expected = tmp_path / "expected"
    run.extract_folder(changed, expected, tools=tools, batch_size=8)
    # a kept document keeps the path it was read from (the folder was copied)
    _assert_same(_sorted_tables(copy), _sorted_tables(expected), but=["path"])


def test_a_run_killed_part_way_resumes_with_every_document_once(fresh, tmp_path, tools):
    folder, _, tables = fresh
    out = tmp_path / "out"
    child = _extract(folder, out, "--batch-size", "4", "--workers", "1")
    try:
        _wait_for_parts(child, out, 3, 120)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert not (out / "docs.parquet").exists()  # nothing final from the killed run
    summary = run.extract_folder(folder, out, tools=tools, batch_size=8, resume=True)
    assert summary.resumed >= 12 and summary.documents == len(tables["docs"])
    resumed = _sorted_tables(out)
    assert resumed["docs"].doc_id.is_unique
    _assert_same(resumed, tables)


def test_ctrl_c_says_what_was_kept_and_resume_finishes(fresh, tmp_path, tools):
    folder, _, tables = fresh
    out = tmp_path / "out"
    child = _extract(folder, out, "--batch-size", "4", "--workers", "1", stderr=subprocess.PIPE,
                     text=True)
    try:
        _wait_for_parts(child, out, 2, 120)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "--resume" in stderr
    summary = run.extract_folder(folder, out, tools=tools, batch_size=8, resume=True)
    assert summary.resumed >= 8 and summary.documents == len(tables["docs"])
    _assert_same(_sorted_tables(out), tables)


def test_a_second_run_into_the_same_folder_refuses_and_a_killed_one_leaves_no_lock(tmp_path):
    from pipeline.errors import UsageError
    from pipeline.lock import LOCK, OutputLock

    out = tmp_path / "out"
    first = OutputLock(out / LOCK, out)
    with pytest.raises(UsageError, match="another ru-entities run is writing here"):
        OutputLock(out / LOCK, out)
    first.release()
    OutputLock(out / LOCK, out).release()  # free again
    # a process that holds the lock and is killed does not leave it held
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from pathlib import Path; "
                               "from pipeline.lock import OutputLock; "
                               f"lock = OutputLock(Path({str(out / LOCK)!r}), 'out'); "
                               "print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(UsageError, match=f"process {holder.pid}"):
            OutputLock(out / LOCK, out)
        holder.kill()
        holder.wait()
        OutputLock(out / LOCK, out).release()
    finally:
        holder.kill()


def _children(pid):
    """The child processes of ``pid``, started from any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_worker_killed_mid_run_loses_no_document(tmp_path, tools):
    folder = tmp_path / "in"
    texts = sorted((ROOT / "corpus" / "texts").glob("*.txt"))
    folder.mkdir()
    for index in range(160):
        source = texts[index % len(texts)]
        (folder / f"{index:03d}.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    child = _extract(folder, out, "--batch-size", "4", "--workers", "2", stderr=subprocess.PIPE,
                     text=True)
    try:
        _wait_for_parts(child, out, 2, 180)
        # the pool's workers are the grandchildren (forked from the fork server)
        workers = [worker for server in _children(child.pid) for worker in _children(server)]
        assert workers, "no worker process found"
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = child.communicate(timeout=300)
    finally:
        child.kill()
    assert child.returncode == 0, stderr
    expected = tmp_path / "expected"
    run.extract_folder(folder, expected, tools=tools, batch_size=4)
    _assert_same(_sorted_tables(out), _sorted_tables(expected))


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs, where this machine lets us mount one (root on Linux)."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip("cannot mount a small filesystem here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def _digests(folder):
    import hashlib

    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file() and not path.name.startswith(".")}


def _run(folder, out):
    """A finished ``extract`` run into ``out``: (exit code, stderr)."""
    child = _extract(folder, out, "--workers", "1", stderr=subprocess.PIPE, text=True)
    _, stderr = child.communicate()
    return child.returncode, stderr


def _copies(folder, count):
    texts = sorted(CORPUS.glob("*.txt"))
    folder.mkdir()
    for index in range(count):
        shutil.copy(texts[index % len(texts)], folder / f"{index:03d}.txt")
    return folder


def test_a_full_disk_is_one_line_and_the_earlier_output_stays(small_disk, tmp_path):
    out = small_disk / "out"
    code, stderr = _run(_copies(tmp_path / "small", 2), out)
    assert code == 0, stderr
    before = _digests(out)
    code, stderr = _run(_copies(tmp_path / "big", 400), out)
    assert code == 1
    assert "Traceback" not in stderr and "No space left on device" in stderr
    assert stderr.strip().splitlines()[-1].startswith("ru-entities: error:")
    assert _digests(out) == before  # the earlier tables, byte for byte


def test_a_read_only_disk_is_one_line_and_the_earlier_output_stays(small_disk, tmp_path):
    out = small_disk / "out"
    code, stderr = _run(_copies(tmp_path / "first", 2), out)
    assert code == 0, stderr
    before = _digests(out)
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True)
    assert remounted.returncode == 0, remounted.stderr
    code, stderr = _run(_copies(tmp_path / "second", 3), out)
    assert code == 1
    assert "Traceback" not in stderr and "Read-only file system" in stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("ru-entities: error:") and str(out) in line
    assert _digests(out) == before


def test_killed_again_and_again_each_resume_ends_with_every_document_once(fresh, tmp_path, tools):
    import random

    folder, _, tables = fresh
    out = tmp_path / "out"
    options = ["--batch-size", "2", "--workers", "1", "--resume"]
    chance = random.Random(7)
    for _ in range(3):
        written = len(list((out / ".parts").glob("*.docs.parquet")))
        child = _extract(folder, out, *options)
        try:
            deadline = time.monotonic() + 120
            goal = written + chance.randint(1, 4)
            while len(list((out / ".parts").glob("*.docs.parquet"))) < goal:
                if child.poll() is not None:
                    break
                assert time.monotonic() < deadline, "no batch was written in time"
                time.sleep(0.02)
            time.sleep(chance.random() * 0.3)  # somewhere inside the next batch
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
    finished = _extract(folder, out, *options, stderr=subprocess.PIPE, text=True)
    _, stderr = finished.communicate()
    assert finished.returncode == 0, stderr
    resumed = _sorted_tables(out)
    assert resumed["docs"].doc_id.is_unique
    _assert_same(resumed, tables)


def _descendants(pid):
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_dask_worker_killed_mid_run_loses_no_document(tmp_path, tools):
    folder = tmp_path / "in"
    texts = sorted(CORPUS.glob("*.txt"))
    folder.mkdir()
    for index in range(120):
        shutil.copy(texts[index % len(texts)], folder / f"{index:03d}.txt")
    out = tmp_path / "out"
    child = _extract(folder, out, "--batch-size", "4", "--workers", "2", "--dask", "local",
                     stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_parts(child, out, 2, 240)
        # the cluster's workers: processes its nannies spawned
        workers = [pid for pid in _descendants(child.pid)
                   if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
        assert workers, "no Dask worker process found"
        os.kill(workers[-1], signal.SIGKILL)
        _, stderr = child.communicate(timeout=300)
    finally:
        child.kill()
    assert child.returncode == 0, stderr[-3000:]
    expected = tmp_path / "expected"
    run.extract_folder(folder, expected, tools=tools, batch_size=4)
    _assert_same(_sorted_tables(out), _sorted_tables(expected))

