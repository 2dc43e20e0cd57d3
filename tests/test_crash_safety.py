"""Writes survive crashes and concurrent writers: no torn file, no lost update.

The processes here are real: children are forked (after the imports, so they
start in a millisecond) and killed with SIGKILL at random moments, or run
side by side through multiprocessing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import shutil
import signal
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionplan._atomic import (
    atomic_write_bytes,
    file_lock,
    lock_path,
    remove_stale_temp_files,
    temp_files,
)
from actionplan.errors import ConcurrentUpdateError
from actionplan.files import load_plan
from actionplan.files.edit import record_progress
from actionplan.model import ProgressUpdate

REFERENCE = Path(__file__).parent.parent / "examples" / "reference" / "plan.yaml"

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32",
    reason="these tests fork and send POSIX signals",
)


def _fork(body: Callable[[], None]) -> int:
    """Run ``body`` in a forked child that exits without running pytest's cleanup."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            body()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
    return False


# ---------------------------------------------------------------------------------
# atomic_write_bytes


def test_atomic_write_replaces_content(tmp_path: Path) -> None:
    """A write replaces the whole content and leaves no temporary file behind."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old content that is longer\n")
    atomic_write_bytes(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_atomic_write_creates_a_missing_file_with_the_umask_mode(tmp_path: Path) -> None:
    """A new file gets 0o666 less the umask, like any file a program creates."""
    old_umask = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "new.yaml", b"x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755])
def test_atomic_write_keeps_permissions(tmp_path: Path, mode: int) -> None:
    """The replaced file keeps the permission bits of the original."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    target.chmod(mode)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_atomic_write_refuses_a_read_only_file(tmp_path: Path) -> None:
    """A read-only file is not replaced, though its directory is writable."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert temp_files(target) == []


def test_atomic_write_follows_a_symlink(tmp_path: Path) -> None:
    """Writing through a symbolic link changes the file it points at; the link stays."""
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old")
    link = tmp_path / "plan.yaml"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_atomic_write_refuses_when_the_file_changed(tmp_path: Path) -> None:
    """With ``expect``, a file saved by someone else since it was read is not overwritten."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"saved by an editor")
    with pytest.raises(ConcurrentUpdateError, match="changed on disk since it was read"):
        atomic_write_bytes(target, b"ours", expect=b"what we read")
    assert target.read_bytes() == b"saved by an editor"
    assert temp_files(target) == []


def test_atomic_write_removes_temp_files_of_dead_writers(tmp_path: Path) -> None:
    """A temporary file nobody holds (its writer died) is removed by the next write."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    stale = tmp_path / ".plan.yaml.0123456789ab.tmp"
    stale.write_bytes(b"half a pl")
    unrelated = tmp_path / ".other.yaml.0123456789ab.tmp"
    unrelated.write_bytes(b"not ours")
    atomic_write_bytes(target, b"new")
    assert not stale.exists()
    assert unrelated.exists()


def test_kill_mid_write_leaves_old_content_and_a_temp_file_that_is_cleaned(
    tmp_path: Path,
) -> None:
    """A writer killed after creating its temporary file leaves the target untouched.

    While the writer lives (here: stopped), its temporary file is not removed by
    others; once it is dead, the next write removes it.
    """
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    big = b"x" * (64 << 20)
    for _ in range(20):  # the child may finish before it is stopped; try again
        pid = _fork(lambda: atomic_write_bytes(target, big))
        if _wait_for(lambda: bool(temp_files(target)), timeout=2.0):
            os.kill(pid, signal.SIGSTOP)
            if temp_files(target) and target.read_bytes() == b"old":
                break
        _kill(pid)
        target.write_bytes(b"old")
        remove_stale_temp_files(target)
    else:  # pragma: no cover - only on a machine that writes 64 MiB instantly
        pytest.skip("could not catch a writer mid-write")
    assert remove_stale_temp_files(target) == []  # the stopped writer still owns it
    assert len(temp_files(target)) == 1
    _kill(pid)
    assert target.read_bytes() == b"old"
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert temp_files(target) == []


def _rewrite_forever(target: Path) -> None:  # pragma: no cover - runs in the child
    n = int(target.read_bytes().split(b":")[0])
    while True:
        n += 1
        atomic_write_bytes(target, f"{n}:".encode() + b"#" * (n % 5000) + b"\n")


def test_sigkill_at_random_points_never_tears_the_file(tmp_path: Path) -> None:
    """Killed at 300 or more random moments while rewriting a file in a loop, the writer
    always leaves a whole file whose counter never goes back, and the temporary
    files of killed writers never pile up."""
    target = tmp_path / "counter.txt"
    target.write_bytes(b"0:\n")
    rng = random.Random(20240806)
    last = 0
    killed_mid_write = 0
    kills = 0
    # 300 kills, and more (up to 1500) until one lands between the temporary file and
    # the rename: on a busy machine most kills may land elsewhere.
    while kills < 300 or (not killed_mid_write and kills < 1500):
        kills += 1
        pid = _fork(lambda: _rewrite_forever(target))
        time.sleep(rng.uniform(0, 0.004))
        _kill(pid)
        head, _, tail = target.read_bytes().partition(b":")
        n = int(head)
        assert tail == b"#" * (n % 5000) + b"\n", "torn file"
        assert n >= last
        last = n
        left = temp_files(target)
        assert len(left) <= 1, "temporary files pile up"
        killed_mid_write += bool(left)
    assert last > 0
    assert killed_mid_write > 0, "no kill landed between the temporary file and the rename"


# ---------------------------------------------------------------------------------
# file_lock


def test_lock_file_is_a_hidden_sidecar_removed_after_use(tmp_path: Path) -> None:
    """The lock lives in ``.{name}.lock`` beside the file and is gone afterwards."""
    target = tmp_path / "plan.yaml"
    with file_lock(target) as lock:
        assert lock == tmp_path / ".plan.yaml.lock"
        assert lock.exists()
    assert not lock_path(target).exists()


def test_lock_times_out_while_another_process_holds_it(tmp_path: Path) -> None:
    """A second writer waits at most ``timeout`` seconds, then gets a conflict error."""
    target = tmp_path / "plan.yaml"
    started = time.monotonic()
    pid = _fork(lambda: _hold_lock(target))
    try:
        assert _wait_for(lock_path(target).exists)
        time.sleep(0.05)
        with (
            pytest.raises(ConcurrentUpdateError, match="another process has been writing"),
            file_lock(target, timeout=0.2),
        ):
            pass  # pragma: no cover - never reached
        assert time.monotonic() - started >= 0.2
    finally:
        _kill(pid)
    with file_lock(target, timeout=1.0):  # released by the death of its holder
        pass


def _hold_lock(target: Path) -> None:  # pragma: no cover - runs in the child
    with file_lock(target):
        time.sleep(60)


def _count_under_lock(target: str, rounds: int) -> None:
    path = Path(target)
    for _ in range(rounds):
        with file_lock(path):
            value = int(path.read_text())
            atomic_write_bytes(path, f"{value + 1}".encode())


def test_lock_serialises_read_modify_write(tmp_path: Path) -> None:
    """Four processes incrementing a counter under the lock lose no increment."""
    target = tmp_path / "counter.txt"
    target.write_text("0")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = [context.Process(target=_count_under_lock, args=(str(target), 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert target.read_text() == "200"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.txt"]


# ---------------------------------------------------------------------------------
# record_progress


def _report(n: int) -> ProgressUpdate:
    """The n-th progress report in the loops below (distinct, in date order)."""
    return ProgressUpdate(dt.date(2024, 12, 1) + dt.timedelta(days=n), "in_progress", note=f"#{n}")


def _record_forever(path: Path, task_id: str, n: int) -> None:  # pragma: no cover - in the child
    while True:
        record_progress(path, task_id, _report(n))
        n += 1


def test_sigkill_during_record_progress_never_tears_the_plan(tmp_path: Path) -> None:
    """A process recording updates in a loop, killed at 200 random moments, always
    leaves a plan file that loads, whose updates only grow (the old ones kept as
    they were), and at most one temporary file behind it (the next write removes
    it)."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(REFERENCE, path)
    record_progress(path, "t13", _report(0))  # warms the caches the children inherit
    started = time.perf_counter()
    record_progress(path, "t13", _report(1))
    one_write = time.perf_counter() - started
    previous = load_plan(path)
    rng = random.Random(20241015)
    grew = 0
    for _ in range(200):
        count = len(previous.task("t13").updates)
        pid = _fork(lambda: _record_forever(path, "t13", count))  # noqa: B023 - called at once
        time.sleep(rng.uniform(0, 3 * one_write))
        _kill(pid)
        plan = load_plan(path)
        old, new = previous.task("t13").updates, plan.task("t13").updates
        assert new[: len(old)] == old
        assert [t for t in plan.tasks if t.id != "t13"] == [
            t for t in previous.tasks if t.id != "t13"
        ]
        assert len(temp_files(path)) <= 1, "temporary files pile up"
        grew += len(new) > len(old)
        previous = plan
    assert grew >= 20, "the writer was almost never given time to finish a write"
    record_progress(path, "t13", _report(10_000))
    assert temp_files(path) == []


def _record_many(path: str, task_id: str, count: int, barrier: Any) -> None:
    barrier.wait()
    for n in range(count):
        record_progress(path, task_id, _report(n), timeout=30)


def test_two_processes_recording_at_once_lose_no_update(tmp_path: Path) -> None:
    """Two processes, each recording 20 updates to its own task of the same plan at
    the same time, get all 40 updates into the file."""
    path = tmp_path / "plan.yaml"
    shutil.copyfile(REFERENCE, path)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_record_many, args=(str(path), task_id, 20, barrier))
        for task_id in ("t13", "t9")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    plan = load_plan(path)
    assert plan.task("t13").updates == tuple(_report(n) for n in range(20))
    assert plan.task("t9").updates[2:] == tuple(_report(n) for n in range(20))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
