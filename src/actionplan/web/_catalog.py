"""The plans a server serves: plan files watched for changes, found by URL slug.

A :class:`PlanFiles` watches one plan file, or every plan file in one folder, and
hands out a :class:`Catalog`: the plans that loaded, each under the slug of its id
(the segment that names it in a URL), and the problems of the files that did not.

Each call to :meth:`PlanFiles.catalog` checks every file with one ``stat``: a file
whose size, modification time, inode and change time are those seen last time is
not read again. A changed file is read and hashed (SHA-256); only when its bytes
changed is it parsed again. A file modified less than two seconds before it was
read is read and hashed again on the next check, since a second change within the
file system's timestamp resolution would leave the ``stat`` unchanged (the "racy
file" rule of git's index).

A file that stops loading (a typo saved from an editor, a half-written file) keeps
serving the last version that loaded, and its problem is listed, so subscribers
keep their calendars while the office fixes the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final

import attrs

from actionplan.errors import ActionPlanError, PlanFileError, Problem
from actionplan.files import MAX_BYTES, format_of, reads_plan
from actionplan.ical.names import safe_filename
from actionplan.model import ActionPlan

__all__ = ["PLAN_SUFFIXES", "Catalog", "FileProblem", "PlanFiles", "ServedPlan", "slug"]

PLAN_SUFFIXES: Final = (".yaml", ".yml", ".toml", ".json")
"""The suffixes of the plan files served from a folder (in any letter case)."""

_RACY_NS: Final = 2_000_000_000  # FAT stores modification times to 2 s
_NO_STAT: Final = (0, 0, 0, 0)

logger = logging.getLogger("actionplan.web")


def slug(identifier: str) -> str:
    """The URL path segment naming a plan or unit id.

    An id made only of ``A-Z a-z 0-9 . _ -`` is its own slug; any other id gets a
    safe spelling with a short hash (:func:`~actionplan.ical.names.safe_filename`),
    so a slug never holds ``/``, ``%``, ``..`` or a space.

    >>> slug("kh45"), slug("Chi bộ 1"), slug("..")
    ('kh45', 'Chi-bo-1-a5dd7796', '5ec1f7e7')
    """
    return safe_filename(identifier, suffix="")


@attrs.frozen
class ServedPlan:
    """A plan being served: where it came from and the slugs of its units.

    ``digest`` is the SHA-256 of the file's bytes (it keys the rendered pages);
    ``modified`` the file's modification time (POSIX seconds) when it was read;
    ``units`` maps unit slugs to unit ids, in the plan's order (then the ids tasks
    use without listing them); ``problem`` is set while the file no longer loads
    and this, its last good version, is served.
    """

    plan: ActionPlan
    slug: str
    file: str
    digest: str
    modified: float
    units: Mapping[str, str]
    problem: str | None = None


@attrs.frozen
class FileProblem:
    """A plan file that cannot be served as it is: its name and what is wrong.

    ``stale``: the last version of the file that loaded is still being served.
    """

    file: str
    message: str
    stale: bool = False


@attrs.frozen
class Catalog:
    """The plans served (by slug, in file-name order) and the files' problems."""

    plans: Mapping[str, ServedPlan]
    problems: tuple[FileProblem, ...] = ()


@attrs.define
class _FileState:
    """What was last seen of one file (mutable; only touched under the lock)."""

    stat: tuple[int, int, int, int]
    read_at_ns: int
    digest: str
    plan: ActionPlan | None = None
    plan_digest: str = ""
    modified: float = 0.0
    error: str | None = None


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def _feed_units(plan: ActionPlan) -> list[str]:
    """The plan's units, then the unit ids its tasks name without listing them."""
    listed = [unit.id for unit in plan.units]
    known = set(listed)
    extra: set[str] = set()
    for task in plan.tasks:
        extra.update(u for u in (task.lead, *task.coordinating) if u and u not in known)
    return listed + sorted(extra)


class PlanFiles:
    """One plan file, or a folder of them, watched for changes (thread-safe).

    ``path`` must exist. A folder serves the files directly in it whose names end
    in one of :data:`PLAN_SUFFIXES` and do not start with a dot (temporary and lock
    files do); sub-folders are not searched.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._is_dir = path.is_dir()
        self._states: dict[str, _FileState] = {}
        self._folder_error: str | None = None
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The file or folder served."""
        return self._path

    @property
    def is_dir(self) -> bool:
        """Whether a folder of plan files is served (else one file)."""
        return self._is_dir

    def catalog(self) -> Catalog:
        """The plans as the files are now (each file checked, read only if changed)."""
        with self._lock:
            changed = self._refresh()
            if changed or self._catalog is None:
                self._catalog = self._build()
            return self._catalog

    # -- looking at the files --------------------------------------------------------

    def _list_folder(self) -> dict[str, Path]:
        with os.scandir(self._path) as entries:
            found = {
                entry.name: Path(entry.path)
                for entry in entries
                if not entry.name.startswith(".")
                and entry.name.lower().endswith(PLAN_SUFFIXES)
                and entry.is_file()
            }
        return dict(sorted(found.items()))

    def _refresh(self) -> bool:
        """Bring every file's state up to date; whether anything served changed."""
        changed = False
        if self._is_dir:
            try:
                names = self._list_folder()
            except OSError as exc:
                message = f"the folder cannot be read: {exc.strerror}"
                if message == self._folder_error:
                    return False
                logger.warning("%s: %s (serving the plans read before)", self._path, message)
                self._folder_error = message
                return True
            if self._folder_error is not None:
                self._folder_error = None
                changed = True
        else:
            names = {self._path.name: self._path}
        for gone in self._states.keys() - names.keys():
            del self._states[gone]
            changed = True
        for name, path in names.items():
            changed |= self._check(name, path)
        return changed

    def _check(self, name: str, path: Path) -> bool:
        """Look at one file; whether what it serves changed."""
        state = self._states.get(name)
        try:
            st = os.stat(path)
        except OSError as exc:
            if self._is_dir and isinstance(exc, FileNotFoundError):
                # removed since the folder was listed: gone, like an unlisted file
                return self._states.pop(name, None) is not None
            return self._failed(name, state, f"the file cannot be read: {exc.strerror}")
        key = _stat_key(st)
        if state is not None and state.stat == key and key[0] < state.read_at_ns - _RACY_NS:
            return False
        read_at_ns = time.time_ns()
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            return self._failed(name, state, f"the file cannot be read: {exc.strerror}")
        digest = hashlib.sha256(raw).hexdigest()
        if state is not None and digest == state.digest:  # the bytes read last time
            state.stat, state.read_at_ns = key, read_at_ns
            return False
        if state is not None and state.plan is not None and digest == state.plan_digest:
            state.stat, state.read_at_ns, state.digest = key, read_at_ns, digest
            state.error = None
            logger.warning("%s: the plan loads again", name)
            return True
        try:
            plan = reads_plan(raw, format_of(name), source=name).plan
        except ActionPlanError as exc:
            return self._failed(
                name, state, str(exc), key=key, digest=digest, read_at_ns=read_at_ns
            )
        except Exception:  # a bug in a reader must not take the other plans down
            logger.exception("%s: unexpected error while reading the plan", name)
            return self._failed(
                name,
                state,
                "the file could not be read because of an internal error (logged on the server)",
                key=key,
                digest=digest,
                read_at_ns=read_at_ns,
            )
        if state is not None and state.error is not None:
            logger.warning("%s: the plan loads again", name)
        self._states[name] = _FileState(
            stat=key,
            read_at_ns=read_at_ns,
            digest=digest,
            plan=plan,
            plan_digest=digest,
            modified=st.st_mtime_ns / 1e9,
        )
        return True

    def _failed(
        self,
        name: str,
        state: _FileState | None,
        message: str,
        *,
        key: tuple[int, int, int, int] = _NO_STAT,
        digest: str = "",
        read_at_ns: int = 0,
    ) -> bool:
        """Record a file that does not load; its last good plan (if any) is kept.

        Without a ``digest`` (the file could not be read at all) the next check
        reads it again whatever its ``stat``.
        """
        if state is None:
            state = _FileState(stat=key, read_at_ns=read_at_ns, digest=digest)
            self._states[name] = state
        else:
            state.stat, state.read_at_ns, state.digest = key, read_at_ns, digest
        if state.error == message:
            return False
        state.error = message
        logger.warning(
            "%s: %s%s",
            name,
            message,
            "\n  (serving the last version that loaded)" if state.plan is not None else "",
        )
        return True

    # -- the catalog ---------------------------------------------------------------

    def _build(self) -> Catalog:
        plans: dict[str, ServedPlan] = {}
        problems: list[FileProblem] = []
        if self._folder_error is not None:
            problems.append(FileProblem(self._path.name, self._folder_error, stale=True))
        for name, state in sorted(self._states.items()):
            if state.error is not None:
                problems.append(FileProblem(name, state.error, stale=state.plan is not None))
            if state.plan is None:
                continue
            plan_slug = slug(state.plan.id)
            other = plans.get(plan_slug)
            if other is not None:
                problems.append(
                    FileProblem(
                        name,
                        f"the plan id {state.plan.id!r} is already served from {other.file}; "
                        "this file is not served (give each plan its own id)",
                    )
                )
                continue
            units: dict[str, str] = {}
            for unit_id in _feed_units(state.plan):
                units.setdefault(slug(unit_id), unit_id)
            plans[plan_slug] = ServedPlan(
                plan=state.plan,
                slug=plan_slug,
                file=name,
                digest=state.plan_digest,
                modified=state.modified,
                units=MappingProxyType(units),
                problem=state.error,
            )
        return Catalog(plans=MappingProxyType(plans), problems=tuple(problems))


def missing_path_error(path: Path) -> PlanFileError:
    """The error for a plan file or folder that does not exist."""
    return PlanFileError(
        [
            Problem(
                "no such file or folder",
                file=os.fspath(path),
                expected="a plan file (.yaml, .yml, .toml, .json) or a folder of them",
                hint="check the path, or create the plan first",
            )
        ],
        file=os.fspath(path),
    )
