"""Crash-safe file writes and an inter-process lock, for every module that writes files.

:func:`atomic_write_bytes` replaces a file so that a reader, or the file left behind
by a crash or a power cut, only ever holds the old bytes or the new ones — never a
torn mix. The new bytes go to a temporary file in the same directory, which is
flushed and synced to disk, then renamed over the target (an atomic step on POSIX
and Windows), and the directory itself is synced so that the rename survives a
power cut. The file keeps its permission bits (and, where allowed, its owner and
group); a symbolic link is followed, so the link stays a link.

Temporary files are named ``.{name}.{random}.tmp`` (hidden, beside the target).
A writer that is killed mid-way leaves one behind; the next write to the same
target removes it. A temporary file still being written by a live process is
never touched: each writer holds an :func:`fcntl.flock` lock on its own temporary
file, which the operating system drops when the process dies.

:func:`file_lock` serialises writers across processes with an exclusive lock on a
sidecar file ``.{name}.lock``, waiting at most ``timeout`` seconds. A
read-modify-write done entirely inside the lock loses no update, however many
processes write at once.

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
>>> with file_lock(target):
...     atomic_write_bytes(target, b"id: kh45\\n")
>>> target.read_bytes()
b'id: kh45\\n'
>>> sorted(p.name for p in target.parent.iterdir())
['plan.yaml']
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from actionplan.errors import ConcurrentUpdateError

__all__ = [
    "TEMP_SUFFIX",
    "atomic_write_bytes",
    "file_lock",
    "lock_path",
    "remove_stale_temp_files",
    "temp_files",
]

TEMP_SUFFIX = ".tmp"
"""The suffix of the temporary files :func:`atomic_write_bytes` writes."""

_STALE_AFTER = 3600.0
"""Without :func:`fcntl.flock` (Windows), a temporary file this old (seconds) is stale."""

_ATTEMPTS = 10

if sys.platform != "win32":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _real(path: str | os.PathLike[str]) -> Path:
    """The file a path names, following symbolic links (so a link stays a link)."""
    return Path(os.path.realpath(path))


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The sidecar lock file of ``path``: ``.{name}.lock`` in the same directory.

    >>> lock_path("plans/plan.yaml").as_posix()
    'plans/.plan.yaml.lock'
    """
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


def temp_files(path: str | os.PathLike[str]) -> list[Path]:
    """The temporary files left beside ``path`` by :func:`atomic_write_bytes`, sorted.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
    >>> temp_files(target)
    []
    """
    target = _real(path)
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except FileNotFoundError:
        return []
    found = [
        target.parent / name
        for name in names
        if name.startswith(prefix)
        and name.endswith(TEMP_SUFFIX)
        and len(name) > len(prefix) + len(TEMP_SUFFIX)
    ]
    return sorted(found)


def _in_use(fd: int) -> bool:
    """Whether a live process holds the lock on this temporary file."""
    if not _try_lock(fd):
        return True
    _unlock(fd)
    return False


def remove_stale_temp_files(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that dead writers left beside ``path``.

    A temporary file is stale when no process holds its lock (on POSIX), or when it
    is more than an hour old (on Windows, where an open file cannot be removed
    anyway). Returns the files removed. :func:`atomic_write_bytes` calls this before
    every write, so leftovers never accumulate.
    """
    removed: list[Path] = []
    for temp in temp_files(path):
        try:
            if sys.platform == "win32":  # pragma: no cover - Windows only
                if time.time() - temp.stat().st_mtime < _STALE_AFTER:
                    continue
                temp.unlink()
            else:
                fd = os.open(temp, os.O_RDONLY)
                try:
                    if _in_use(fd):
                        continue
                    temp.unlink()
                finally:
                    os.close(fd)
        except (FileNotFoundError, PermissionError):
            continue  # removed by another cleaner, renamed into place, or not ours
        removed.append(temp)
    return removed


def _create_temp(target: Path) -> tuple[int, Path]:
    """Create and lock a fresh temporary file beside ``target``."""
    for _ in range(_ATTEMPTS):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        # 0o666 lets the umask decide, like any new file; an existing file's mode is
        # copied later.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        if sys.platform == "win32":  # pragma: no cover - Windows only
            return fd, temp
        # A cleaner that opened the file before we locked it may have removed it:
        # only keep a file that is locked by us and still in place.
        try:
            if _try_lock(fd) and os.path.samestat(os.fstat(fd), os.stat(temp)):
                return fd, temp
        except FileNotFoundError:
            pass
        os.close(fd)
    # Reached only if a cleaner removes every fresh file we make, ten times running.
    raise OSError(errno.EEXIST, f"cannot create a temporary file beside {target}")


def _copy_owner_and_mode(fd: int, original: os.stat_result) -> None:
    """Give the temporary file the original's permission bits, owner and group."""
    if sys.platform == "win32":  # pragma: no cover - Windows has no POSIX modes or owners
        return
    os.fchmod(fd, stat.S_IMODE(original.st_mode))
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) == (original.st_uid, original.st_gid):
        return
    for uid in (original.st_uid, -1):
        try:
            os.fchown(fd, uid, original.st_gid)
        except PermissionError:
            continue
        # chown may clear the set-user-id and set-group-id bits: set them again.
        os.fchmod(fd, stat.S_IMODE(original.st_mode))
        return


def _sync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be synced)."""
    if sys.platform == "win32":  # pragma: no cover - Windows cannot open a directory
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a directory
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, expect: bytes | None = None
) -> None:
    """Replace the file at ``path`` with ``data``, atomically and durably.

    Readers and crashes see the old content or the new one, never a mix. The file
    keeps its permission bits, and its owner and group where the process may set
    them; a new file gets the usual mode (``0o666`` less the umask). A symbolic link
    is followed and stays a link. A file the process may not write (read-only) is
    not replaced: :class:`PermissionError`. Temporary files left by killed writers
    are removed first.

    ``expect``: the bytes the caller read from the file. When given, the file is
    read again just before the rename, and if it changed (another program saved it
    meanwhile), nothing is written and
    :class:`~actionplan.errors.ConcurrentUpdateError` is raised.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.json"
    >>> atomic_write_bytes(target, b"{}")
    >>> atomic_write_bytes(target, b"[]", expect=b"{}")
    >>> atomic_write_bytes(target, b"null", expect=b"{}")
    Traceback (most recent call last):
    ...
    actionplan.errors.ConcurrentUpdateError: ...plan.json changed on disk since it was read ...
    >>> target.read_bytes()
    b'[]'
    """
    target = _real(path)
    try:
        original: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        original = None
    if original is not None and not os.access(target, os.W_OK):
        # Replacing the file would work (the directory is writable), but would
        # defeat its protection: refuse, as an editor would.
        raise PermissionError(errno.EACCES, "the file is read-only", os.fspath(target))
    remove_stale_temp_files(target)
    fd, temp = _create_temp(target)
    try:
        try:
            if original is not None:
                _copy_owner_and_mode(fd, original)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            if expect is not None:
                _check_unchanged(target, expect)
            if sys.platform == "win32":  # pragma: no cover - Windows cannot rename open files
                os.close(fd)
                fd = -1
            os.replace(temp, target)
        finally:
            if fd >= 0:
                os.close(fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_directory(target.parent)


def _check_unchanged(target: Path, expect: bytes) -> None:
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        current = None
    if current != expect:
        raise ConcurrentUpdateError(
            f"{target} changed on disk since it was read (another program saved it); "
            "nothing was written: run the command again to apply it to the new content"
        )


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str], *, timeout: float = 10.0) -> Iterator[Path]:
    """Hold an exclusive inter-process lock on ``path`` for the ``with`` block.

    The lock is taken on the sidecar file ``.{name}.lock`` (see :func:`lock_path`),
    never on the file itself, so the file can be replaced atomically while locked.
    It is released when the block ends, however it ends, and by the operating
    system when the process dies; the sidecar file is then removed. Waits at most
    ``timeout`` seconds, then raises :class:`~actionplan.errors.ConcurrentUpdateError`.
    Yields the path of the lock file.

    The lock is not re-entrant: do not take it again inside the block.
    """
    lock = lock_path(_real(path))
    fd = _acquire(lock, timeout)
    try:
        yield lock
    finally:
        # Unlink while still holding the lock; a process that was waiting on the
        # removed file sees that it is gone and locks the new one (see _acquire).
        with contextlib.suppress(OSError):
            os.unlink(lock)
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def _acquire(lock: Path, timeout: float) -> int:
    """Lock ``lock`` (creating it), polling with back-off until ``timeout``."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        if _try_lock(fd):
            try:
                if os.path.samestat(os.fstat(fd), os.stat(lock)):
                    return fd
            except FileNotFoundError:
                pass
            # The holder removed the file we locked: lock the current one instead.
            os.close(fd)
            continue
        os.close(fd)
        if time.monotonic() >= deadline:
            raise ConcurrentUpdateError(
                f"{lock.with_name(lock.name[1 : -len('.lock')])}: another process has been "
                f"writing this file for more than {timeout:g} s (lock file {lock}); try "
                "again when it has finished"
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
