"""Calendar files on disk: one calendar, subscribable feeds, and folders of one
object per file.

Every file is written atomically (a temporary file beside it, synced, then renamed
over it), so a web server or a sync tool never reads half a file, and a
file whose content has not changed is left alone, so its modification time (which
sync tools compare) moves only when the calendar did.

With ``state=``, a small JSON file keeps, for each object, a fingerprint of its
schedule and status and the ``SEQUENCE`` last written
(:class:`~actionplan.ical.sequences.SequenceState`), so that an object's number
grows exactly when its schedule or status changed, even by a deadline edited in
the plan file directly. Keep one state file per output (a calendar file, a
folder of feeds, a vdir). Writing again with nothing changed leaves every file, the state file
included, as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, TypedDict, Unpack

from actionplan._atomic import file_lock
from actionplan.errors import ValidationError
from actionplan.ical._io import write_atomic
from actionplan.ical._states import OccurrenceRows
from actionplan.ical._text import printable
from actionplan.ical.export import (
    AlarmsArg,
    Mode,
    PlanOrReport,
    _Builder,
    _builder,
    _ical_bytes,
    _options,
    _source,
    _unit_ids,
    _Written,
    calendar_name,
)
from actionplan.ical.names import UID_DOMAIN, safe_filenames, task_uid
from actionplan.ical.objects import iter_objects
from actionplan.ical.sequences import SequenceState
from actionplan.model import ActionPlan

__all__ = ["FileOptions", "write_atomic", "write_calendar", "write_feeds", "write_vdir"]


class FileOptions(TypedDict, total=False):
    """The export options :func:`write_calendar`, :func:`write_feeds` and
    :func:`write_vdir` pass on to the builder; each means what it means for
    :func:`~actionplan.ical.to_calendar`."""

    alarms: AlarmsArg
    unit_alarms: Mapping[str, AlarmsArg] | None
    as_of: dt.date | None
    organizer: str | None
    stamp: dt.datetime | dt.date | None
    window: tuple[dt.date, dt.date] | None
    language: str
    color: str | None
    refresh: dt.timedelta


@contextlib.contextmanager
def _sequences(state: str | os.PathLike[str] | None) -> Iterator[SequenceState | None]:
    """The state saved in ``state`` (``None`` without one), read and written back
    under the file's lock, so two exports at once lose no number."""
    if state is None:
        yield None
        return
    with file_lock(state):
        yield SequenceState.load(state)


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


def write_calendar(
    plan: PlanOrReport,
    output: str | os.PathLike[str] | BinaryIO,
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    state: str | os.PathLike[str] | None = None,
    **options: Unpack[FileOptions],
) -> bytes:
    """Write one calendar (``METHOD:PUBLISH``: a file to download or subscribe to)
    to ``output``, and return its bytes: those of
    :func:`~actionplan.ical.to_ical_bytes` with the same options.

    ``output`` is a file path (written atomically, and left alone when it already
    holds these bytes) or a binary stream (``sys.stdout.buffer``). ``state``: the
    path of a sequence state file (see the module docstring), read before the
    calendar is made and updated once it is written.

    >>> import pathlib, tempfile
    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.model import ActionPlan, Task
    >>> def plan(due):
    ...     return ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...         Task("1", "Báo cáo", deadline=FixedDeadline(due))])
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> options = dict(state=folder / "kh45.sequences.json", as_of=dt.date(2024, 8, 6))
    >>> data = write_calendar(plan(dt.date(2024, 12, 15)), folder / "kh45.ics", **options)
    >>> data = write_calendar(plan(dt.date(2024, 12, 20)), folder / "kh45.ics", **options)
    >>> b"SEQUENCE:1" in (folder / "kh45.ics").read_bytes()  # the deadline was edited
    True
    """
    with _sequences(state) as sequences:
        builder = _builder(
            plan,
            mode=mode,
            method="PUBLISH",
            units=units,
            sequences=sequences,
            fingerprints=state is not None,
            **options,
        )
        recorded: list[_Written] = []
        data = _ical_bytes(builder, recorded if state is not None else None)
        if isinstance(output, str | os.PathLike):
            write_atomic(Path(output), data)
        else:
            output.write(data)
            output.flush()
        if state is not None and sequences is not None:
            sequences.updated(recorded).save(state)
    return data


def _feed_units(plan: ActionPlan) -> list[str]:
    listed = [u.id for u in plan.units]
    return listed + sorted(_unit_ids(plan) - set(listed))


def write_feeds(
    plan: PlanOrReport,
    directory: str | os.PathLike[str],
    *,
    per_unit: bool = True,
    mode: Mode = "todo",
    state: str | os.PathLike[str] | None = None,
    **options: Unpack[FileOptions],
) -> dict[str | None, Path]:
    """Write the plan's calendar feeds (``METHOD:PUBLISH``) into ``directory``.

    One feed for the whole plan (key ``None`` in the result) and, with
    ``per_unit``, one for each unit with the tasks it leads or coordinates (keyed by
    unit id). File names come from the plan's and units' ids, made safe for any
    system by :func:`~actionplan.ical.names.safe_filename`: ``kh45.ics``,
    ``kh45-cb1.ics``. ``plan`` may be a status report of one plan, as for
    :func:`~actionplan.ical.to_calendar`; the other options are that function's.
    ``state``: the path of a sequence state file (see the module docstring); an
    object carries the same ``SEQUENCE`` in every feed it is in.

    >>> import tempfile
    >>> from actionplan.model import ActionPlan, Task, Unit
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", units=[Unit("cb1", "Chi bộ 1")],
    ...                   tasks=[Task("1", "Báo cáo", lead="cb1")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_feeds(plan, folder, as_of=dt.date(2024, 8, 6))
    ...     sorted(p.name for p in paths.values())
    ['kh45-cb1.ics', 'kh45.ics']
    """
    source = _source(plan, options.get("as_of"))
    the_plan = source.plan
    folder = _directory(directory)
    units: list[str | None] = [None, *(_feed_units(the_plan) if per_unit else [])]
    names = safe_filenames(the_plan.id if u is None else f"{the_plan.id}-{u}" for u in units)
    targets = list(zip(units, names, strict=True))
    if len({n.casefold() for n in names}) != len(names):  # pragma: no cover - a hash collision
        raise ValidationError("calendar files", "names", f"two feeds would share a file: {names}")
    written: dict[str | None, Path] = {}
    shared = OccurrenceRows(
        the_plan, as_of=source.as_of, calendar=source.calendar, rows=source.rows
    )  # the occurrences are judged once for every feed
    settings: FileOptions = {**options, "as_of": source.as_of}
    with _sequences(state) as sequences:
        everything: list[_Written] = []
        for unit, filename in targets:
            builder = _Builder(
                the_plan,
                _options(
                    the_plan,
                    mode=mode,
                    method="PUBLISH",
                    units=None if unit is None else [unit],
                    sequences=sequences,
                    fingerprints=state is not None,
                    **settings,
                ),
                calendar=source.calendar,
                rows=shared,
            )
            path = folder / filename
            recorded = everything if unit is None and state is not None else None
            write_atomic(path, _ical_bytes(builder, recorded))
            written[unit] = path
        if state is not None and sequences is not None:
            sequences.updated(everything).save(state)
    return written


def write_vdir(
    plan: PlanOrReport,
    directory: str | os.PathLike[str],
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    prune: bool = True,
    state: str | os.PathLike[str] | None = None,
    **options: Unpack[FileOptions],
) -> tuple[Path, ...]:
    """Write one object per file, ``{uid}.ics`` without ``METHOD``, into ``directory``:
    the layout of a vdir, which todoman and vdirsyncer read. The objects are those
    of :func:`~actionplan.ical.iter_objects`.

    A ``displayname`` file names the collection. A folder holds one plan: a small
    ``.actionplan-plan`` file records which, and a folder of another plan is
    refused. With ``prune``, object files of this plan that this export did not
    write (tasks deleted since, occurrences moved) are removed; other files are
    never touched. ``state``: the path of a sequence state file (see the module
    docstring; a hidden name such as ``.sequences.json`` keeps it out of sync
    tools' way when it lives in the folder). Returns the object files, in plan
    order. The calendar-file options ``organizer``, ``color`` and ``refresh`` have
    no place in a vdir and are refused.

    >>> import tempfile
    >>> from actionplan.model import ActionPlan, Task
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[Task("1", "Báo cáo")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_vdir(plan, folder, as_of=dt.date(2024, 8, 6))]
    ['kh45-1@actionplan.ics']
    """
    calendar_only = [name for name in ("organizer", "color", "refresh") if name in options]
    if calendar_only:
        raise ValidationError(
            "write_vdir",
            calendar_only[0],
            f"{', '.join(calendar_only)} set properties of a calendar file (METHOD:PUBLISH, "
            "COLOR, REFRESH-INTERVAL), and a vdir holds bare objects, one per file; "
            "leave them out, or use write_calendar or write_feeds",
        )
    the_plan = _source(plan, options.get("as_of")).plan
    selected = None if units is None else list(units)
    folder = _directory(directory)
    _claim(folder, the_plan)
    with _sequences(state) as sequences:
        objects = iter_objects(
            plan,
            mode=mode,
            units=selected,
            alarms=options.get("alarms"),
            unit_alarms=options.get("unit_alarms"),
            as_of=options.get("as_of"),
            stamp=options.get("stamp"),
            window=options.get("window"),
            language=options.get("language", "vi"),
            sequences=sequences,
        )
        written: list[Path] = []
        recorded: list[_Written] = []
        for item in objects:
            path = folder / item.filename
            write_atomic(path, item.data)
            written.append(path)
            recorded.append(_Written(item.uid, item.fingerprint, item.sequence))
        if state is not None and sequences is not None:
            sequences.updated(recorded).save(state)
    name = printable(calendar_name(the_plan, selected)).replace("\n", " ").replace("\r", " ")
    write_atomic(folder / "displayname", (name + "\n").encode())
    if prune:
        keep = {p.name for p in written}
        prefix = task_uid(the_plan.id, "").removesuffix(f"@{UID_DOMAIN}")
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
