"""A cache of parsed plans, keyed by the content of the file: never stale, safe to delete.

Reading a large YAML plan takes most of the time of a status report, and the same
files are read again and again (a follow-up list every morning, one report per
unit). :class:`PlanCache` keeps each plan it reads, pickled, in a folder of the user's
cache (``$XDG_CACHE_HOME/actionplan/plans``, else ``~/.cache/actionplan/plans``),
under a key made of:

- the SHA-256 of the file's bytes and its format (YAML, TOML, JSON), and
- a fingerprint of the code that reads plans: this library's version and the size
  and modification time of each of its modules, of the Python version and of the
  libraries the reading depends on (``PyYAML``, ``cattrs``, ``holidays`` …).

So an entry is found again only for the same bytes read by the same code, and an
edited file, an upgrade or a change to the library's source is simply a miss: the
file is read again and a new entry written. Nothing is ever looked up by file name
or date, so there is no invalidation to get wrong. Deleting the folder (or any entry
in it) at any time only costs a re-read. An entry that cannot be read — truncated,
corrupt, written by another version of Python — is ignored and replaced. A folder
that cannot be created or written to leaves the cache off, silently: the plan is
read from its file as without a cache.

Entries are pickles, and unpickling runs code, so the cache trusts only a folder
that belongs to the current user and that no one else can write to (mode ``0700``
when the cache creates it); any other folder is not used. Each entry starts with a
header (the entry format, its key and a CRC-32 checksum of the rest), and a plan's
objects are pickled as calls of functions made for their classes, which rebuild
them several times faster than attrs' own ``__setstate__`` (see
:mod:`actionplan.files._pickling`). Files that fail to load are not cached: their
errors are reported afresh each time.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> plan_file = folder / "kh45.yaml"
>>> _ = plan_file.write_text("plan: {id: kh45, title: Kế hoạch 45}\\n", encoding="utf-8")
>>> cache = PlanCache(folder / "cache")
>>> cache.load_plan(plan_file).title
'Kế hoạch 45'
>>> len(cache.entries())
1
>>> _ = plan_file.write_text("plan: {id: kh45, title: Kế hoạch số 45}\\n", encoding="utf-8")
>>> cache.load_plan(plan_file).title  # new content, new key: never stale
'Kế hoạch số 45'
>>> cache.clear()
2
"""

from __future__ import annotations

import binascii
import contextlib
import functools
import gc
import hashlib
import importlib.util
import os
import pickle
import secrets
import stat
import sys
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from actionplan._bulk import gc_paused
from actionplan._version import __version__
from actionplan.deadlines import Deadline
from actionplan.files import _pickling
from actionplan.files._formats import (
    _SUFFIXES,
    MAX_BYTES,
    Format,
    LoadResult,
    _check_format,
    _check_size,
    format_of,
)
from actionplan.model import ActionPlan, PlanPolicy, Section, Unit
from actionplan.periods import ReportingPeriod
from actionplan.reminders import AlarmSpec
from actionplan.workdays import CalendarChange

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["NO_CACHE_VARIABLE", "PlanCache", "default_cache", "default_cache_dir"]

NO_CACHE_VARIABLE: Final = "ACTIONPLAN_NO_CACHE"
"""The environment variable that turns the command line's plan cache off (when set to
anything but an empty text)."""

_MAGIC: Final = b"actionplan-plan-cache/2"
"""The entry format (a new one makes every older entry a miss)."""
_SUFFIX: Final = ".pickle"
_CALENDAR_SUFFIX: Final = ".calendar"
_DEPENDENCIES: Final = (
    "yaml",
    "ruamel.yaml",
    "cattrs",
    "attrs",
    "holidays",
    "dateutil",
    "pendulum",
)
"""The libraries whose code decides what a plan file reads as."""
_SHARED: Final = (
    Unit,
    Section,
    PlanPolicy,
    AlarmSpec,
    CalendarChange,
    ReportingPeriod,
    *typing.get_args(Deadline),  # every deadline kind
)
"""The classes whose equal instances :meth:`PlanCache.load_plans` makes one object of,
across the plans it reads (plans of one office share their units, sections,
reminders, days off and most deadlines): fewer objects to make, and fewer for the
garbage collector to walk. A class left out only costs time."""
_READ_FLAGS: Final = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CHUNK: Final = 1 << 16


def default_cache_dir() -> Path:
    """The folder :class:`PlanCache` uses by default: ``plans`` in the user's cache
    (``$XDG_CACHE_HOME/actionplan``, else ``~/.cache/actionplan``; on Windows
    ``%LOCALAPPDATA%\\actionplan\\Cache``)."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "actionplan" / "Cache" / "plans"
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "actionplan" / "plans"


def default_cache() -> PlanCache | None:
    """The cache the command line reads plans through: :class:`PlanCache` in
    :func:`default_cache_dir`, or ``None`` when ``ACTIONPLAN_NO_CACHE`` is set.

    >>> import os
    >>> os.environ["ACTIONPLAN_NO_CACHE"] = "1"
    >>> default_cache() is None
    True
    >>> del os.environ["ACTIONPLAN_NO_CACHE"]
    """
    if os.environ.get(NO_CACHE_VARIABLE):
        return None
    return PlanCache()


def _stat_line(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def _package_files(root: str) -> list[str]:
    found: list[str] = []
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith((".", "__pycache__")):
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".json")):
                    found.append(entry.path)
    return sorted(found)


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that turns a file into a plan: this library's version and
    modules, Python's version and the libraries plan reading depends on. It changes
    whenever any of them does (an upgrade, an edit of the source)."""
    digest = hashlib.sha256(_MAGIC)
    digest.update(f"{__version__}\0{sys.implementation.cache_tag}\0{sys.version}".encode())
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for path in _package_files(package):
        digest.update(_stat_line(path).encode("utf-8", "surrogateescape"))
    for name in _DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        digest.update(f"{name}={_stat_line(origin) if origin else '-'}".encode())
    return digest.hexdigest()


def _folder(value: str | os.PathLike[str] | None) -> Path:
    return default_cache_dir() if value is None else Path(value)


def _trusted(folder: Path) -> bool:
    """Whether ``folder`` belongs to this user and no one else may write to it."""
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


@attrs.frozen
class PlanCache:
    """Plans read from files, kept by the content of the file (see the module docstring).

    ``directory`` is the cache folder (:func:`default_cache_dir` when ``None``); it is
    made (mode ``0700``) on the first write. Use :meth:`load_plan` and
    :meth:`read_plan` as :func:`~actionplan.files.load_plan` and
    :func:`~actionplan.files.read_plan`, or pass ``cache=`` to those.
    """

    directory: Path = attrs.field(default=None, converter=_folder)

    def key(self, raw: bytes, fmt: Format) -> str:
        """The key of a file's bytes read as ``fmt``: the SHA-256 of the code's
        fingerprint, the format and the bytes."""
        digest = _key_prefix(fmt).copy()
        digest.update(raw)
        return digest.hexdigest()

    def entry(self, key: str) -> Path:
        """Where the entry of ``key`` is kept."""
        return self.directory / f"{key}{_SUFFIX}"

    def read_plan(
        self,
        path: str | os.PathLike[str],
        *,
        format: Format | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> LoadResult:
        """Read a plan file as :func:`~actionplan.files.read_plan` does, from the cache
        when these bytes were read before. Raises as that function does."""
        if format is not None:
            format = _check_format(format, os.fspath(path))
        with gc_paused():  # a plan is thousands of objects (see actionplan._bulk)
            return self._read_plan(path, format, max_bytes, _Trust(self.directory))

    def load_plan(
        self,
        path: str | os.PathLike[str],
        *,
        format: Format | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> ActionPlan:
        """Read a plan file as :func:`~actionplan.files.load_plan` does, from the cache
        when these bytes were read before."""
        return self.read_plan(path, format=format, max_bytes=max_bytes).plan

    def load_plans(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        max_bytes: int = MAX_BYTES,
    ) -> list[ActionPlan]:
        """Read several plan files as :meth:`load_plan` does (each format from its
        suffix), faster: the folder's ownership is checked once, equal units,
        sections and deadlines are one object across the plans, and the cyclic
        garbage collector is managed for the run (below).

        The collector stays paused for the whole run, so that no full collection
        walks the plans read so far again and again. The objects made while it is
        paused must still pass one young-generation collection, and one pass over
        all of them at the end would walk memory long gone from the processor's
        cache; so when the young generation reaches the collector's threshold
        after a plan, it is collected then, while that plan is still in the cache,
        as the collector itself would have done (for 1,000 plans of 50 tasks, 15 ms
        in all instead of 120 ms for the pass at the end). Nothing is collected when
        the collector was off.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> for n in (45, 46):
        ...     _ = (folder / f"kh{n}.yaml").write_text(f"plan: {{id: kh{n}, title: KH {n}}}\\n")
        >>> [p.id for p in PlanCache(folder / "cache").load_plans(sorted(folder.glob("*.yaml")))]
        ['kh45', 'kh46']
        """
        trust = _Trust(self.directory)
        young = gc.get_threshold()[0] if gc.isenabled() else 0
        plans: list[ActionPlan] = []
        with gc_paused(), _pickling.sharing():
            for path in paths:
                plans.append(self._read_plan(path, None, max_bytes, trust).plan)
                if young and gc.get_count()[0] >= young:
                    gc.collect(0)
        return plans

    def entries(self) -> list[Path]:
        """The plans kept in the cache folder (none when it does not exist)."""
        return self._files(_SUFFIX)

    def clear(self) -> int:
        """Delete every entry (plans and calendar data); the number of plans deleted.
        Deleting the folder does as well."""
        removed = 0
        for path in (*self._files(_SUFFIX), *self._files(_CALENDAR_SUFFIX)):
            try:
                path.unlink()
                removed += path.name.endswith(_SUFFIX)
            except FileNotFoundError:
                pass
        return removed

    @contextlib.contextmanager
    def calendar(self) -> Iterator[None]:
        """Within the block, the working calendar's public holidays come from the
        cache when an earlier process kept them; at its end, what was read from the
        ``holidays`` package (slow to import and to compute) is kept for the next.

        The entry is keyed by :func:`code_fingerprint`, which changes with the
        ``holidays`` package and this library, so it is never stale either; a
        damaged one is ignored. Nothing else changes: the same dates are working
        days with or without it.
        """
        from actionplan import workdays

        path = self.directory / f"{_calendar_key()}{_CALENDAR_SUFFIX}"
        with gc_paused():
            before = self._read(path, _calendar_key(), _Trust(self.directory))
        if isinstance(before, workdays._Snapshot):
            workdays._restore(before)
        else:
            before = None
        try:
            yield
        finally:
            after = workdays._snapshot()
            if after != before and (after.entries or after.tet):
                self._write(path, _calendar_key(), after)

    # -- entries -------------------------------------------------------------------

    def get(self, key: str) -> LoadResult | None:
        """The result stored under ``key``; ``None`` when there is none, or when the
        entry is damaged (its checksum does not match), unreadable, or not a plan."""
        with gc_paused():
            return self._get(key, _Trust(self.directory))

    def put(self, key: str, result: LoadResult) -> None:
        """Store ``result`` under ``key``, atomically (a reader sees the old entry or
        the new one); does nothing when the folder cannot be made or written to, or
        is not private."""
        self._write(self.entry(key), key, result)

    def _read_plan(
        self,
        path: str | os.PathLike[str],
        fmt: Format | None,
        max_bytes: int,
        trust: _Trust,
    ) -> LoadResult:
        source = os.fspath(path)
        if fmt is None:
            fmt = _SUFFIXES.get(os.path.splitext(source)[1].lower()) or format_of(path)
        raw = _read_file(source, max_bytes + 1)
        _check_size(len(raw), max_bytes, source)
        key = self.key(raw, fmt)
        cached = self._get(key, trust)
        if cached is not None:
            return _placed(cached, source)
        # Only a miss needs the readers (YAML, TOML, JSON and the converter): a hit
        # imports none of them.
        from actionplan.files.load import _read

        result = _read(raw, fmt, source)
        self.put(key, result)
        return result

    def _get(self, key: str, trust: _Trust) -> LoadResult | None:
        path = os.path.join(self.directory, f"{key}{_SUFFIX}")
        result = self._read(path, key, trust)
        if type(result) is not LoadResult or type(result.plan) is not ActionPlan:
            return None
        return result

    def _files(self, suffix: str) -> list[Path]:
        try:
            return sorted(p for p in self.directory.iterdir() if p.name.endswith(suffix))
        except OSError:
            return []

    def _read(self, path: str | Path, key: str, trust: _Trust) -> object | None:
        """The value kept in the entry at ``path`` under ``key``, or ``None``; to be
        called with the garbage collector paused."""
        if not trust.trusted():
            return None
        try:
            data = _read_file(path)
        except OSError:
            return None
        head = b"%s\0%s\0" % (_MAGIC, key.encode())
        start = len(head) + _DIGEST_SIZE + 1  # the header, the checksum, b"\0"
        if not data.startswith(head) or data[start - 1 : start] != b"\0":
            return None
        payload = memoryview(data)[start:]
        if data[len(head) : start - 1] != _digest(payload):
            return None
        try:
            value: object = _pickling.loads(payload)
            return value
        except Exception:  # an entry of another Python, say: a miss, never an error
            return None

    def _write(self, path: Path, key: str, value: object) -> None:
        folder = self.directory
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _trusted(folder):
                return
            payload = _pickling.dumps(value, share=_SHARED)
            temporary = folder / f".{key}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as stream:
                    stream.write(b"\0".join([_MAGIC, key.encode(), _digest(payload), payload]))
                os.replace(temporary, path)
            finally:
                if temporary.exists():
                    temporary.unlink()
        except (OSError, pickle.PicklingError):
            return  # a cache that cannot be written is no cache, not an error


class _Trust:
    """Whether a folder may be read from (:func:`_trusted`), asked once for a run of
    reads: once trusted, the folder stays trusted for the run; until then (it may
    not exist yet, and a miss makes it) each read asks again."""

    __slots__ = ("_folder", "_trusted")

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._trusted = False

    def trusted(self) -> bool:
        if not self._trusted:
            self._trusted = _trusted(self._folder)
        return self._trusted


def _read_file(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a file, at most ``limit`` of them: one ``read`` sized from the
    file's size, then one more to see its end (it may have grown; a special file
    may say its size is 0)."""
    fd = os.open(path, _READ_FLAGS)
    try:
        size = os.fstat(fd).st_size
        want = size + 1 if size > 0 else _CHUNK
        chunks: list[bytes] = []
        total = 0
        while limit is None or total < limit:
            chunk = os.read(fd, want if limit is None else min(want, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = _CHUNK
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


@functools.cache
def _key_prefix(fmt: str) -> _Hash:
    """The hash of what comes before a file's bytes in its key (copy it to use it)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(f"\0{fmt}\0".encode())
    return digest


def _calendar_key() -> str:
    return hashlib.sha256(f"{code_fingerprint()}\0calendar".encode()).hexdigest()


_DIGEST_SIZE: Final = 8


def _digest(payload: bytes | memoryview) -> bytes:
    """The entry's checksum: CRC-32, in hexadecimal. It catches damage (a truncated,
    overwritten or flipped entry); the folder's privacy keeps others out."""
    return b"%08x" % binascii.crc32(payload)


def _placed(result: LoadResult, source: str) -> LoadResult:
    """The cached result as read from ``source`` (the same bytes may sit in several
    files; warnings name the file they were read from)."""
    if result.file == source:
        return result
    warnings = tuple(attrs.evolve(w, file=source) for w in result.warnings)
    return attrs.evolve(result, warnings=warnings, file=source)
