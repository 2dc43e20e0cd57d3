"""Calendar files on disk: subscribable feeds, and folders of one object per file.

Every file is written atomically (a temporary file beside it, synced, then renamed
over it), so a web server or a sync tool never reads half a file, and a
file whose content has not changed is left alone, so its modification time (which
sync tools compare) moves only when the calendar did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypedDict, Unpack

from actionplan._atomic import atomic_write_bytes
from actionplan.errors import ValidationError
from actionplan.ical.export import (
    AlarmsArg,
    Mode,
    _Builder,
    _ical_bytes,
    _objects,
    _options,
    _unit_ids,
)
from actionplan.ical.names import UID_DOMAIN, safe_filename, task_uid
from actionplan.model import ActionPlan

__all__ = ["FileOptions", "write_atomic", "write_feeds", "write_vdir"]


class FileOptions(TypedDict, total=False):
    """The export options :func:`write_feeds` and :func:`write_vdir` pass on to the
    builder; each means what it means for :func:`~actionplan.ical.to_calendar`."""

    alarms: AlarmsArg
    unit_alarms: Mapping[str, AlarmsArg] | None
    as_of: dt.date | None
    organizer: str | None
    stamp: dt.datetime | dt.date | None
    window: tuple[dt.date, dt.date] | None
    language: str
    color: str | None
    refresh: dt.timedelta


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` crash-safely
    (:func:`actionplan._atomic.atomic_write_bytes`: a hidden temporary file beside
    it, synced, then renamed over it).

    Returns False, and leaves the file and its modification time alone, when it
    already holds ``data``.
    """
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
        if path.read_bytes() == data:
            return False
    atomic_write_bytes(path, data)
    return True


def _directory(directory: str | os.PathLike[str]) -> Path:
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise ValidationError(
            "calendar files",
            "directory",
            f"{str(path)!r} is a file, not a folder; give a folder to write the calendars in",
        )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _feed_units(plan: ActionPlan) -> list[str]:
    listed = [u.id for u in plan.units]
    return listed + sorted(_unit_ids(plan) - set(listed))


def write_feeds(
    plan: ActionPlan,
    directory: str | os.PathLike[str],
    *,
    per_unit: bool = True,
    mode: Mode = "todo",
    **options: Unpack[FileOptions],
) -> dict[str | None, Path]:
    """Write the plan's calendar feeds (``METHOD:PUBLISH``) into ``directory``.

    One feed for the whole plan (key ``None`` in the result) and, with
    ``per_unit``, one for each unit with the tasks it leads or coordinates (keyed by
    unit id). File names come from the plan's and units' ids, made safe for any
    system by :func:`~actionplan.ical.names.safe_filename`: ``kh45.ics``,
    ``kh45-cb1.ics``. The other options are those of
    :func:`~actionplan.ical.to_calendar`.

    >>> import tempfile
    >>> from actionplan.model import ActionPlan, Task, Unit
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", units=[Unit("cb1", "Chi bộ 1")],
    ...                   tasks=[Task("1", "Báo cáo", lead="cb1")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_feeds(plan, folder, as_of=dt.date(2024, 8, 6))
    ...     sorted(p.name for p in paths.values())
    ['kh45-cb1.ics', 'kh45.ics']
    """
    folder = _directory(directory)
    targets: list[tuple[str | None, str]] = [(None, safe_filename(plan.id))]
    if per_unit:
        targets += [(u, safe_filename(f"{plan.id}-{u}")) for u in _feed_units(plan)]
    names = [name for _, name in targets]
    if len(set(names)) != len(names):  # pragma: no cover - needs a hash collision
        raise ValidationError("calendar files", "names", f"two feeds would share a file: {names}")
    written: dict[str | None, Path] = {}
    for unit, filename in targets:
        builder = _Builder(
            plan,
            _options(
                plan,
                mode=mode,
                method="PUBLISH",
                units=None if unit is None else [unit],
                unit_alarms=options.get("unit_alarms"),
                alarms=options.get("alarms"),
                as_of=options.get("as_of"),
                organizer=options.get("organizer"),
                stamp=options.get("stamp"),
                window=options.get("window"),
                language=options.get("language", "vi"),
                name=None,
                description=None,
                color=options.get("color"),
                refresh=options.get("refresh", dt.timedelta(hours=12)),
            ),
        )
        path = folder / filename
        write_atomic(path, _ical_bytes(builder))
        written[unit] = path
    return written


def write_vdir(
    plan: ActionPlan,
    directory: str | os.PathLike[str],
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    prune: bool = True,
    **options: Unpack[FileOptions],
) -> tuple[Path, ...]:
    """Write one object per file, ``{uid}.ics`` without ``METHOD``, into ``directory``:
    the layout of a vdir, which todoman and vdirsyncer read.

    A ``displayname`` file names the collection. A folder holds one plan: a small
    ``.actionplan-plan`` file records which, and a folder of another plan is
    refused. With ``prune``, object files of this plan that this export did not
    write (tasks deleted since, occurrences moved) are removed; other files are
    never touched. Returns the object files, in plan order.

    >>> import tempfile
    >>> from actionplan.model import ActionPlan, Task
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[Task("1", "Báo cáo")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_vdir(plan, folder, as_of=dt.date(2024, 8, 6))]
    ['kh45-1@actionplan.ics']
    """
    folder = _directory(directory)
    _claim(folder, plan)
    opts = _options(
        plan,
        mode=mode,
        method=None,
        units=units,
        unit_alarms=options.get("unit_alarms"),
        alarms=options.get("alarms"),
        as_of=options.get("as_of"),
        organizer=None,
        stamp=options.get("stamp"),
        window=options.get("window"),
        language=options.get("language", "vi"),
        name=None,
        description=None,
        color=None,
        refresh=options.get("refresh", dt.timedelta(hours=12)),
        feed=False,
    )
    builder = _Builder(plan, opts)
    written: list[Path] = []
    for uid, data in _objects(builder):
        path = folder / f"{uid}.ics"
        write_atomic(path, data)
        written.append(path)
    write_atomic(folder / "displayname", (builder.default_name() + "\n").encode())
    if prune:
        keep = {p.name for p in written}
        prefix = task_uid(plan.id, "").removesuffix(f"@{UID_DOMAIN}")
        for path in sorted(folder.glob(f"*@{UID_DOMAIN}.ics")):
            if path.name not in keep and path.name.startswith(prefix):
                path.unlink()
    return tuple(written)


MARKER = ".actionplan-plan"
"""The file that tells which plan a folder of objects belongs to."""


def _claim(folder: Path, plan: ActionPlan) -> None:
    """Mark ``folder`` as ``plan``'s; refuse a folder that holds another plan's objects."""
    marker = folder / MARKER
    try:
        owner = marker.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        owner = None
    if owner is not None and owner != plan.id:
        raise ValidationError(
            "calendar files",
            "directory",
            f"{str(folder)!r} holds the calendar objects of plan {owner!r} (see its {MARKER} "
            f"file), not of plan {plan.id!r}; write each plan into a folder of its own",
        )
    if owner is None:
        write_atomic(marker, (plan.id + "\n").encode("utf-8"))
