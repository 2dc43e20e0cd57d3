"""What each calendar object says about progress: a task's, one occurrence's, or a
recurring series'.

A task with one deadline is one object, and its status is the task's: the latest
update on or before the cut-off date decides (:func:`task_progress`). A recurring
task is judged per occurrence by the status engine (:mod:`actionplan.status`,
rule 7): each update counts for the occurrence whose slot it falls in. The
calendar takes those judgements from the engine's rows (:class:`OccurrenceRows`)
instead of deriving them again:

- one object per occurrence (rolled dates, a first date of its own): each carries
  its occurrence's own status (:func:`occurrence_progress`);
- one series object with an ``RRULE`` (exact rules): it starts at, and shows the
  status of, the *current* occurrence, the earliest one not done (an overdue one
  first, else the cycle under way); the occurrences done after it are listed for
  ``EXDATE`` (:func:`series_progress`).

Each :class:`Progress` also carries the derived floor of its ``SEQUENCE``, a number
that grows whenever the object's status or schedule changes (see
:mod:`actionplan.ical.sequences` for the state file that makes it exact).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from actionplan.deadlines import RecurringDeadline
from actionplan.model import ActionPlan, Extension, ProgressState, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.status import StatusRow, TaskStatus, evaluate
from actionplan.workdays import WorkCalendar

__all__ = [
    "ICAL_STATUS",
    "OccurrenceRows",
    "Progress",
    "latest_recorded",
    "occurrence_progress",
    "series_progress",
    "task_progress",
]

ICAL_STATUS: Final[Mapping[ProgressState | None, str]] = {
    None: "NEEDS-ACTION",
    ProgressState.NOT_STARTED: "NEEDS-ACTION",
    ProgressState.IN_PROGRESS: "IN-PROCESS",
    ProgressState.DONE: "COMPLETED",
    ProgressState.SUSPENDED: "NEEDS-ACTION",
    ProgressState.CANCELLED: "CANCELLED",
}
"""The VTODO ``STATUS`` of each reported state (a suspended task still needs action)."""

_RANK: Final[Mapping[str, int]] = {
    "NEEDS-ACTION": 0,
    "IN-PROCESS": 1,
    "COMPLETED": 2,
    "CANCELLED": 2,
}
"""How far along an occurrence's status is: the part of its derived SEQUENCE that
grows as work moves forward (not started → in process → completed)."""


@attrs.frozen
class Progress:
    """What one calendar object says about progress on the cut-off date.

    ``state`` is the reported state shown in the description; ``status`` the VTODO
    ``STATUS``; ``done_on`` the completion date (``COMPLETED``); ``last`` the update
    the status was read from; ``sequence`` the derived floor of ``SEQUENCE``;
    ``stamp_date`` the latest date the data changed on (``DTSTAMP``); ``extension``
    the extension in force and ``extensions`` how many were granted. For a series,
    ``current`` is the due date of the occurrence it starts at and shows, and
    ``exdates`` the occurrences done after it.
    """

    state: ProgressState | None
    status: str
    percent: int | None
    done_on: dt.date | None
    last: ProgressUpdate | None
    sequence: int
    stamp_date: dt.date | None
    extension: Extension | None
    extensions: int = 0
    current: dt.date | None = None
    exdates: tuple[dt.date, ...] = ()


def task_progress(task: Task, as_of: dt.date | None) -> Progress:
    """A task's progress as of ``as_of`` (``None``: everything recorded).

    Its derived ``SEQUENCE`` counts the extensions granted and the changes of
    status along the updates, so it grows exactly when the deadline or the status
    changes.
    """
    updates = task.updates if as_of is None else task.updates_until(as_of)
    extensions = task.extensions if as_of is None else task.extensions_until(as_of)
    status = ICAL_STATUS[None]
    changes = 0
    percent: int | None = None
    for update in updates:
        new = ICAL_STATUS[update.state]
        if new != status:
            changes += 1
            status = new
        known = update.effective_percent
        if known is not None:
            percent = known
        elif percent == 100:
            percent = None
    last = updates[-1] if updates else None
    state = last.state if last else None
    if state is ProgressState.DONE:
        percent = 100
    dates = [d for d in (last and last.date, extensions[-1].date if extensions else None) if d]
    return Progress(
        state=state,
        status=status,
        percent=percent,
        done_on=last.date if last is not None and state is ProgressState.DONE else None,
        last=last,
        sequence=len(extensions) + changes,
        stamp_date=max(dates) if dates else None,
        extension=extensions[-1] if extensions else None,
        extensions=len(extensions),
    )


_HALTED: Final = frozenset({TaskStatus.SUSPENDED, TaskStatus.CANCELLED})
_STARTED: Final = frozenset({TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS_OVERDUE})


def _open(task: Progress) -> Progress:
    """An occurrence the engine has no row for: not started, nothing reported."""
    extension = task.extension
    return Progress(
        state=None,
        status=ICAL_STATUS[None],
        percent=None,
        done_on=None,
        last=None,
        sequence=task.extensions,
        stamp_date=None if extension is None else extension.date,
        extension=extension,
        extensions=task.extensions,
    )


def occurrence_progress(task: Progress, row: StatusRow | None) -> Progress:
    """One occurrence's progress, read from its status row.

    ``task`` is the task's own progress on the same cut-off date (for its
    extensions and its latest update, which suspends or cancels every open
    occurrence). ``row`` is the engine's row of the occurrence; ``None`` (a date the
    engine does not judge, such as one due before the plan was issued) is an
    occurrence not started. The derived ``SEQUENCE`` is the number of extensions
    plus how far the status has moved (0 not started, 1 in process, 2 completed
    or cancelled).
    """
    if row is None:
        return _open(task)
    status = row.status
    last = row.last_update
    state: ProgressState | None
    if status.is_done:
        state = ProgressState.DONE
    elif status is TaskStatus.CANCELLED:
        state = ProgressState.CANCELLED
    elif status is TaskStatus.SUSPENDED:
        state = ProgressState.SUSPENDED
    elif status in _STARTED:
        state = ProgressState.IN_PROGRESS
    else:
        state = ProgressState.NOT_STARTED if last is not None else None
    ical = ICAL_STATUS[state]
    dates = [d for d in (last and last.date, task.extension and task.extension.date) if d]
    if status in _HALTED and task.last is not None:
        dates.append(task.last.date)  # the update that suspended or cancelled the task
    return Progress(
        state=state,
        status=ical,
        percent=row.percent,
        done_on=row.done_on,
        last=last,
        sequence=task.extensions + _RANK[ical],
        stamp_date=max(dates) if dates else None,
        extension=task.extension,
        extensions=task.extensions,
    )


def series_progress(
    task: Progress, occurrences: Sequence[tuple[dt.date, StatusRow | None]], ended: bool
) -> Progress:
    """A recurring series' progress: that of its current occurrence.

    ``occurrences`` are the due dates of the series' occurrences in the export
    window, in order, each with its row (``None`` for one the engine does not
    judge); ``ended`` says whether the series has no occurrence after them.

    The current occurrence is the earliest one not done: an overdue one, else the
    cycle under way. The series starts at it (``current``), so that a task app
    showing a recurring to-do by its own due date shows that one, and the
    occurrences done after it are left out (``exdates``). When every occurrence is
    done, the series keeps its first date and leaves them all out; it is completed
    if it has ended (on the last completion), and not started otherwise (its next
    cycle lies after the window).

    The derived ``SEQUENCE`` grows by 2 for each occurrence done and by the
    current occurrence's progress (0, 1 or 2), so each step forward bumps it.
    """
    done = [(due, r) for due, r in occurrences if r is not None and r.status.is_done]
    current = next(((d, r) for d, r in occurrences if r is None or not r.status.is_done), None)
    if current is not None:
        own = attrs.evolve(occurrence_progress(task, current[1]), current=current[0])
        exdates = tuple(due for due, _ in done if due > current[0])
    else:
        exdates = tuple(due for due, _ in done)
        if done and ended:
            last = done[-1][1]
            own = Progress(
                state=ProgressState.DONE,
                status=ICAL_STATUS[ProgressState.DONE],
                percent=100,
                done_on=last.done_on,
                last=last.last_update,
                sequence=task.extensions + _RANK["COMPLETED"],
                stamp_date=None,
                extension=task.extension,
                extensions=task.extensions,
            )
        else:  # nothing listed, or every cycle done with the next one after the window
            own = _open(task)
    return attrs.evolve(
        own,
        sequence=own.sequence + 2 * len(done),
        stamp_date=task.stamp_date,
        exdates=exdates,
    )


def latest_recorded(plan: ActionPlan) -> dt.date | None:
    """The latest date anything was recorded on: an update or an extension (the
    cut-off date that takes everything recorded into account)."""
    dates = [t.updates[-1].date for t in plan.tasks if t.updates]
    dates += [t.extensions[-1].date for t in plan.tasks if t.extensions]
    return max(dates) if dates else None


def _recurs(task: Task) -> bool:
    deadlines = [task.deadline, *(e.deadline for e in task.extensions)]
    return any(isinstance(d, RecurringDeadline) for d in deadlines)


class OccurrenceRows:
    """The status engine's rows of recurring tasks' occurrences, by task and due date.

    The rows of ``rows`` (a status report's) are used first. Any other occurrence
    is judged by :func:`~actionplan.status.evaluate`, a year at a time, on the
    recurring tasks of the plan, with the same cut-off date and working calendar:
    an occurrence's status depends only on its neighbours in the series (the
    midpoints that bound its slot), never on the window it is listed in, so every
    row agrees with the report's. With ``as_of=None`` everything recorded counts:
    each year is judged as of its last day or the latest record
    (:func:`latest_recorded`), whichever comes later.
    """

    def __init__(
        self,
        plan: ActionPlan,
        *,
        as_of: dt.date | None,
        calendar: WorkCalendar | None = None,
        rows: Iterable[StatusRow] = (),
    ) -> None:
        self._plan = plan
        self._as_of = as_of
        self._calendar = calendar
        self._rows: dict[tuple[str, dt.date], StatusRow] = {}
        self._years: set[int] = set()
        self._subplan: ActionPlan | None = None
        self._latest = latest_recorded(plan) if as_of is None else None
        for row in rows:
            if row.occurrence is not None and row.plan_id == plan.id:
                self._rows[(row.task.id, row.occurrence.due)] = row

    def row(self, task: Task, due: dt.date) -> StatusRow | None:
        """The row of ``task``'s occurrence due on ``due``; ``None`` when the engine
        judges no such occurrence (not one of its dates, or due before the plan was
        issued)."""
        key = (task.id, due)
        found = self._rows.get(key)
        if found is None and due.year not in self._years:
            self._evaluate(due.year)
            found = self._rows.get(key)
        return found

    def _evaluate(self, year: int) -> None:
        self._years.add(year)
        if not 1900 <= year <= 2200:  # the years a reporting period can name
            return
        if self._subplan is None:
            recurring = [t for t in self._plan.tasks if _recurs(t)]
            self._subplan = attrs.evolve(self._plan, tasks=recurring)
        as_of = self._as_of
        if as_of is None:
            as_of = max(dt.date(year, 12, 31), self._latest or dt.date(year, 12, 31))
        report = evaluate(
            self._subplan,
            as_of=as_of,
            period=ReportingPeriod.whole_year(year),
            calendar=self._calendar,
        )
        for row in report.rows:
            if row.occurrence is not None:
                self._rows.setdefault((row.task.id, row.occurrence.due), row)
