"""Progress made in a calendar client, read back as proposed progress updates.

A unit ticks a task off in Thunderbird, todoman or a phone's task app; the
exported to-do now says ``STATUS:COMPLETED`` with a ``COMPLETED`` time, or
``IN-PROCESS`` at 60 %. :func:`read_calendar` reads such a file (or a folder of
them) against the plan and proposes one :class:`ProposedUpdate` for each to-do
whose status or percentage differs from what the plan records. Nothing is applied:
the office reviews the proposals and records them
(:func:`actionplan.files.record_progress`). To-dos whose UID belongs to no task
of the plan are proposed too, with ``task_id=None``, so they can be reported; they
cannot be applied.

A file that cannot be read raises :class:`~actionplan.errors.CalendarFileError`
naming the file, the line and what was wrong there.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
from icalendar import Calendar, Component

from actionplan.errors import CalendarFileError
from actionplan.ical._states import ICAL_STATUS
from actionplan.ical.export import _Builder, _options, _zone
from actionplan.ical.names import UID_DOMAIN, task_uid
from actionplan.model import ActionPlan, ProgressState, ProgressUpdate

__all__ = ["ProposedUpdate", "read_calendar"]

_VTODO_STATUSES = ("NEEDS-ACTION", "IN-PROCESS", "COMPLETED", "CANCELLED")
_OCCURRENCE = re.compile(rf"(?P<base>.+)-(?P<date>\d{{8}})@{re.escape(UID_DOMAIN)}")
_NAME = re.compile(r"[A-Za-z0-9-]+(?=[;:])")
# Content lines end with CRLF (a lone LF is tolerated), as icalendar splits them: a
# lone CR, U+2028 or U+0085 is part of a value, not the end of a line.
_NEWLINE = re.compile(r"\r?\n")


@attrs.frozen
class ProposedUpdate:
    """A change read from a calendar file, proposed for a task of the plan.

    ``uid`` is the to-do's UID and ``task_id`` the task it belongs to (``None``
    when it belongs to none: report it, do not apply it); ``occurrence`` is the due
    date of the occurrence, for one occurrence of a recurring task. ``update`` is
    the progress update to record; ``previous`` the state the plan records now.
    ``source`` and ``line`` say where the to-do is.
    """

    uid: str
    task_id: str | None
    update: ProgressUpdate
    previous: ProgressState | None = None
    occurrence: dt.date | None = None
    source: str | None = None
    line: int | None = None

    @property
    def known(self) -> bool:
        """Whether the to-do belongs to a task of the plan (and can be applied)."""
        return self.task_id is not None

    def __str__(self) -> str:
        where = self.source or "<calendar>"
        if self.line is not None:
            where += f":{self.line}"
        what = f"task {self.task_id!r}" if self.task_id else f"unknown UID {self.uid!r}"
        if self.occurrence is not None:
            what += f" (occurrence due {self.occurrence.isoformat()})"
        change = self.update.state.value
        if self.update.percent is not None:
            change += f" {self.update.percent} %"
        text = f"{where}: {what}: {change} on {self.update.date.isoformat()}"
        if self.task_id is not None:
            text += f" (the plan has {self.previous.value if self.previous else 'no report'})"
        return text


# -- reading the file ---------------------------------------------------------------


@attrs.frozen
class _Line:
    number: int
    text: str
    component: str


def _error(name: str, line: int | None, message: str) -> CalendarFileError:
    where = name if line is None else f"{name}:{line}"
    return CalendarFileError(f"{where}: {message}")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _error(
            name,
            line,
            f"byte 0x{data[exc.start]:02X} is not UTF-8; calendar files are UTF-8 "
            "(RFC 5545, 3.1.4): save the file as UTF-8",
        ) from None


def _scan(text: str, name: str) -> list[_Line]:
    """The content lines, unfolded, each with the physical line it starts on and
    the component it is in; checks that BEGIN and END match."""
    lines: list[_Line] = []
    stack: list[tuple[str, int]] = []
    current: list[str] = []
    start = 0

    def close() -> None:
        if not current:
            return
        logical = "".join(current)
        current.clear()
        if not logical.strip():
            return
        match = _NAME.match(logical)
        if match is None:
            raise _error(
                name,
                start,
                f"expected a content line NAME:value (or NAME;PARAM=…:value), found "
                f"{logical[:60]!r}",
            )
        prop = match.group().upper()
        value = logical.partition(":")[2].strip().upper()
        if prop == "BEGIN":
            stack.append((value, start))
        elif prop == "END":
            if not stack or stack[-1][0] != value:
                opened = f"BEGIN:{stack[-1][0]} of line {stack[-1][1]}" if stack else "no BEGIN"
                raise _error(name, start, f"END:{value} does not close {opened}")
            stack.pop()
        elif not stack:
            raise _error(name, start, f"{prop} is outside any component; expected BEGIN:VCALENDAR")
        lines.append(_Line(start, logical, stack[-1][0] if stack else value))

    for number, raw in enumerate(_NEWLINE.split(text), start=1):
        if raw[:1] in (" ", "\t") and current:
            current.append(raw[1:])
            continue
        close()
        current.append(raw)
        start = number
    close()
    if stack:
        component, line = stack[-1]
        raise _error(name, line, f"BEGIN:{component} has no END:{component}; the file is cut short")
    if not lines or lines[0].text.upper().strip() != "BEGIN:VCALENDAR":
        raise _error(name, lines[0].number if lines else 1, "expected BEGIN:VCALENDAR first")
    return lines


def _parse(data: bytes, lines: list[_Line], name: str) -> list[Calendar]:
    try:
        return list(Calendar.from_ical(data, multiple=True))
    except Exception as exc:  # icalendar raises ValueError, KeyError … without a line
        for line in lines:
            if line.component == "VCALENDAR" or line.text.upper().startswith(("BEGIN:", "END:")):
                continue
            probe = f"BEGIN:{line.component}\r\n{line.text}\r\nEND:{line.component}\r\n"
            try:
                Component.from_ical(probe)
            except Exception as line_exc:
                raise _error(
                    name, line.number, f"cannot read {line.text[:60]!r}: {line_exc}"
                ) from None
        raise _error(name, None, f"not a calendar icalendar can read: {exc}") from None


def _date(todo: Component, prop: str, zone: ZoneInfo, where: tuple[str, int]) -> dt.date:
    """The date of a date or date-time property, in the plan's time zone."""
    value = todo.decoded(prop)
    if isinstance(value, dt.datetime):
        try:
            return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
        except OverflowError:  # 9999-12-31T23:59:59Z is in year 10000 east of Greenwich
            raise _error(*where, f"{prop} is out of the range of dates: {value!r}") from None
    if isinstance(value, dt.date):
        return value
    raise _error(*where, f"{prop} is not a date or a date-time: {value!r}")


def _prop_line(lines: list[_Line], start: int, prop: str) -> int:
    for line in lines:
        if line.number > start and line.text.upper().startswith((f"{prop}:", f"{prop};")):
            return line.number
    return start


# -- turning to-dos into proposals --------------------------------------------------


def _recorded(plan: ActionPlan) -> _Builder:
    """What an export of everything recorded says of each object: the reference a
    client's to-do is compared with."""
    return _Builder(plan, _options(plan, mode="todo", method=None, alarms=(), feed=False))


def _read_one(data: bytes, name: str, recorded: _Builder) -> Iterator[ProposedUpdate]:
    plan = recorded.plan
    lines = _scan(_decode(data, name), name)
    calendars = _parse(data, lines, name)
    starts = [ln.number for ln in lines if ln.text.upper().strip() == "BEGIN:VTODO"]
    zone = _zone(plan)
    bases = {task_uid(plan.id, t.id): t for t in plan.tasks}
    todos = [todo for cal in calendars for todo in cal.walk("VTODO")]
    if len(todos) != len(starts):
        raise _error(
            name,
            None,
            f"{len(starts)} BEGIN:VTODO lines, but icalendar reads {len(todos)} to-dos; "
            "a component's BEGIN or END line is malformed",
        )
    for todo, start in zip(todos, starts, strict=True):
        uid = str(todo.get("UID", "")).strip()
        if not uid:
            raise _error(name, start, "this VTODO has no UID; every to-do needs one (RFC 5545)")
        task = bases.get(uid)
        occurrence: dt.date | None = None
        if task is None and (match := _OCCURRENCE.fullmatch(uid)):
            task = bases.get(f"{match['base']}@{UID_DOMAIN}")
            if task is not None:
                occurrence = dt.datetime.strptime(match["date"], "%Y%m%d").date()
        if "RECURRENCE-ID" in todo:
            occurrence = _date(todo, "RECURRENCE-ID", zone, (name, start))
        update = _client_update(todo, name, start, lines, zone)
        if task is None:
            yield ProposedUpdate(uid, None, update, None, occurrence, name, start)
            continue
        expected = recorded.uid_progress(task, occurrence)
        # The STATUS as written counts too: a suspended task is exported as
        # NEEDS-ACTION with the percentage it had reached, which read on its own
        # would look like work under way.
        written = str(todo.get("STATUS", "")).strip().upper() or None
        same_status = expected.status in (ICAL_STATUS[update.state], written)
        same_percent = (
            update.percent is None
            or update.percent == expected.percent
            or (expected.percent is None and update.percent == 0)
        )
        if same_status and same_percent:
            continue
        yield ProposedUpdate(uid, task.id, update, expected.state, occurrence, name, start)


def _client_update(
    todo: Component, name: str, start: int, lines: list[_Line], zone: ZoneInfo
) -> ProgressUpdate:
    if isinstance(todo.get("STATUS"), list):
        raise _error(
            name,
            _prop_line(lines, start, "STATUS"),
            "STATUS is given more than once; expected one STATUS line per to-do",
        )
    status = str(todo.get("STATUS", "")).strip().upper() or None
    if status is not None and status not in _VTODO_STATUSES:
        raise _error(
            name,
            _prop_line(lines, start, "STATUS"),
            f"STATUS:{status} is not a to-do status; expected one of {', '.join(_VTODO_STATUSES)}",
        )
    percent: int | None = None
    if "PERCENT-COMPLETE" in todo:
        value = todo.decoded("PERCENT-COMPLETE")
        if not isinstance(value, int):  # the property given twice: a list
            raise _error(
                name,
                _prop_line(lines, start, "PERCENT-COMPLETE"),
                f"PERCENT-COMPLETE is given more than once ({value!r}); expected one "
                "PERCENT-COMPLETE line per to-do",
            )
        percent = value
        if not 0 <= percent <= 100:
            raise _error(
                name,
                _prop_line(lines, start, "PERCENT-COMPLETE"),
                f"PERCENT-COMPLETE:{percent} is outside 0–100",
            )
    where = (name, start)
    completed = _date(todo, "COMPLETED", zone, where) if "COMPLETED" in todo else None
    if status == "COMPLETED" or (status is None and (completed or percent == 100)):
        state = ProgressState.DONE
        percent = None
    elif status == "CANCELLED":
        state = ProgressState.CANCELLED
    elif status == "IN-PROCESS" or percent:
        state = ProgressState.IN_PROGRESS
    else:
        state = ProgressState.NOT_STARTED
        percent = None
    when = completed if state is ProgressState.DONE else None
    for prop in ("LAST-MODIFIED", "DTSTAMP"):
        if when is None and prop in todo:
            when = _date(todo, prop, zone, where)
    if when is None:
        raise _error(
            name,
            start,
            "this VTODO has no COMPLETED, LAST-MODIFIED or DTSTAMP, so the change cannot "
            "be dated; every to-do needs a DTSTAMP (RFC 5545)",
        )
    return ProgressUpdate(when, state, percent)


def read_calendar(
    source: str | os.PathLike[str] | bytes, plan: ActionPlan
) -> tuple[ProposedUpdate, ...]:
    """The progress updates a calendar proposes for ``plan``'s tasks.

    ``source`` is a ``.ics`` file, a folder of them (a vdir, as written by
    :func:`~actionplan.ical.write_vdir`) or the bytes of one. Each to-do whose UID
    is one of the plan's (see :func:`~actionplan.ical.names.task_uid`) and whose
    status or percentage differs from what the plan records for it gives one
    proposal. What the plan records is what an export of everything recorded
    writes in that object: for one occurrence of a recurring task (a UID with its
    date, or a client's ``RECURRENCE-ID``), that occurrence's status; for a
    recurring series, its current occurrence's; else the task's. A proposal is:
    ``STATUS:COMPLETED`` (or a ``COMPLETED`` time) a done update dated by the
    completion, others an update dated by ``LAST-MODIFIED`` (else ``DTSTAMP``),
    each date taken in the plan's time zone. Events are not read: they carry no
    progress.

    >>> import datetime as dt
    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.ical import to_ical_bytes
    >>> from actionplan.model import ActionPlan, Task
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...     Task("1", "Báo cáo", deadline=FixedDeadline(dt.date(2024, 12, 15)))])
    >>> exported = to_ical_bytes(plan, as_of=dt.date(2024, 8, 6))
    >>> read_calendar(exported, plan)
    ()
    >>> done = exported.replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED\\r\\n"
    ...                         b"COMPLETED:20241210T030000Z")
    >>> print(read_calendar(done, plan)[0])
    <bytes>:12: task '1': done on 2024-12-10 (the plan has no report)
    """
    recorded = _recorded(plan)
    if isinstance(source, bytes):
        return tuple(_read_one(source, "<bytes>", recorded))
    path = Path(source)
    try:
        if path.is_dir():
            files = sorted(p for p in path.glob("*.ics") if not p.name.startswith("."))
            return tuple(u for f in files for u in _read_one(f.read_bytes(), str(f), recorded))
        data = path.read_bytes()
    except OSError as exc:
        raise CalendarFileError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return tuple(_read_one(data, str(path), recorded))
