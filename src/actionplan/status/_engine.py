"""The status rules: from a plan and a cut-off date to a :class:`StatusReport`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise, repeat

import attrs

from actionplan.deadlines import (
    BeforePolicy,
    DeadlineContext,
    FixedDeadline,
    OngoingDeadline,
    RecurringDeadline,
    due_date,
    occurrences,
)
from actionplan.errors import ValidationError
from actionplan.model import ActionPlan, ProgressState, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.schedule import deadline_context, work_calendar
from actionplan.status._report import StatusReport
from actionplan.status._rows import PlanEvaluation, completion_date, due_soon_until
from actionplan.status._statuses import TaskStatus
from actionplan.status._table import Columns, RowTable, Slot
from actionplan.workdays import WorkCalendar

_ONE_DAY = dt.timedelta(days=1)
_DONE = ProgressState.DONE
_IN_PROGRESS = ProgressState.IN_PROGRESS
_HALTED = {
    ProgressState.SUSPENDED: TaskStatus.SUSPENDED,
    ProgressState.CANCELLED: TaskStatus.CANCELLED,
}
# How far to look for the occurrence before or after a date: a year covers every
# monthly, quarterly and yearly series; ten more cover series every few years.
_HORIZONS = (dt.timedelta(days=400), dt.timedelta(days=4000))


@attrs.frozen
class Window:
    """The dates a recurring task's occurrences are taken from (both inclusive);
    with ``include_next``, the first occurrence after ``end`` too, up to ``limit``."""

    start: dt.date
    end: dt.date
    include_next: bool = False
    limit: dt.date | None = None


def default_window(plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None) -> Window:
    """The occurrence window of a plan evaluated on ``as_of`` (see :func:`evaluate`),
    before it is cut to the plan's date of issue."""
    if period is not None:
        return Window(period.start, period.end)
    own = plan.period
    if own is None:
        return Window(dt.date(as_of.year, 1, 1), as_of, include_next=True)
    if as_of >= own.end:
        return Window(own.start, own.end)
    return Window(own.start, as_of, include_next=True, limit=own.end)


def classify(
    due: dt.date | None, last: ProgressUpdate | None, done_on: dt.date | None, as_of: dt.date
) -> TaskStatus:
    """The status of a task due on ``due`` (``None``: no due date) whose latest
    update on or before ``as_of`` is ``last`` and which was completed on ``done_on``
    (the date of ``last`` when it says done and ``done_on`` is ``None``).

    This is rules 3 to 5 of :mod:`actionplan.status`, for a task that is neither
    ongoing nor recurring.

    >>> classify(dt.date(2024, 6, 30), None, None, dt.date(2024, 7, 1))
    <TaskStatus.NOT_STARTED_OVERDUE: 'not_started_overdue'>
    >>> done = ProgressUpdate(dt.date(2024, 6, 30), "done")
    >>> classify(dt.date(2024, 6, 30), done, None, dt.date(2024, 7, 1))
    <TaskStatus.DONE_ON_TIME: 'done_on_time'>
    """
    started = False
    if last is not None:
        state = last.state
        if state is _DONE:
            if due is None:
                return TaskStatus.DONE_NO_DEADLINE
            completed = last.date if done_on is None else done_on
            return TaskStatus.DONE_ON_TIME if completed <= due else TaskStatus.DONE_LATE
        halted = _HALTED.get(state)
        if halted is not None:
            return halted
        started = state is _IN_PROGRESS
    if due is not None and due < as_of:
        return TaskStatus.IN_PROGRESS_OVERDUE if started else TaskStatus.NOT_STARTED_OVERDUE
    return TaskStatus.IN_PROGRESS if started else TaskStatus.NOT_STARTED


class _Completions(Mapping[str, dt.date]):
    """The completion dates of a plan's tasks on ``as_of``, computed when asked
    (only deadlines anchored to another task's completion ask)."""

    __slots__ = ("_as_of", "_cache", "_plan", "_tasks")

    def __init__(self, plan: ActionPlan, as_of: dt.date) -> None:
        self._plan = plan
        self._as_of = as_of
        self._tasks: dict[str, Task] | None = None
        self._cache: dict[str, dt.date | None] = {}

    def _index(self) -> dict[str, Task]:
        if self._tasks is None:
            self._tasks = {task.id: task for task in self._plan.tasks}
        return self._tasks

    def _done_on(self, task_id: str) -> dt.date | None:
        if task_id not in self._cache:
            task = self._index().get(task_id)
            self._cache[task_id] = None if task is None else completion_date(task, self._as_of)
        return self._cache[task_id]

    def __getitem__(self, task_id: str) -> dt.date:
        done_on = self._done_on(task_id)
        if done_on is None:
            raise KeyError(task_id)
        return done_on

    def __iter__(self) -> Iterator[str]:
        return (task_id for task_id in self._index() if self._done_on(task_id) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _next_after(deadline: RecurringDeadline, ctx: DeadlineContext, date: dt.date) -> dt.date | None:
    for horizon in _HORIZONS:
        found = occurrences(deadline, ctx, date + _ONE_DAY, date + horizon)
        if found:
            return found[0]
    return None


def _previous_before(
    deadline: RecurringDeadline, ctx: DeadlineContext, date: dt.date
) -> dt.date | None:
    for horizon in _HORIZONS:
        found = occurrences(deadline, ctx, date - horizon, date - _ONE_DAY)
        if found:
            return found[-1]
    return None


def _midpoint(a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=(b - a).days // 2)


Series = list[tuple[dt.date, dt.date | None, dt.date | None]]
"""The occurrences of a recurring deadline in a window, each with the bounds of its
slot ``(lower, upper]`` (``None``: unbounded): the updates dated in an occurrence's
slot are that occurrence's (see :mod:`actionplan.status`, rule 7)."""


def _series(deadline: RecurringDeadline, ctx: DeadlineContext, window: Window) -> Series:
    dates = occurrences(deadline, ctx, window.start, window.end)
    if window.include_next:
        following = _next_after(deadline, ctx, max(window.end, window.start - _ONE_DAY))
        if following is not None and (window.limit is None or following <= window.limit):
            dates.append(following)
    if not dates:
        return []
    before = _previous_before(deadline, ctx, dates[0])
    after = _next_after(deadline, ctx, dates[-1])
    # Each slot runs from the midpoint with the occurrence before to the midpoint
    # with the one after.
    bounds = [None if before is None else _midpoint(before, dates[0])]
    bounds.extend(_midpoint(a, b) for a, b in pairwise(dates))
    bounds.append(None if after is None else _midpoint(dates[-1], after))
    return list(zip(dates, bounds[:-1], bounds[1:], strict=True))


_NO_SLOT: Slot = (None, None)


def _occurrence_rows(as_of: dt.date, task: Task, series: Series, out: Columns) -> None:
    """One row per occurrence of a recurring task in the window (see :func:`evaluate`)."""
    updates = task.updates_until(as_of) if task.updates else ()
    halted = _HALTED.get(updates[-1].state) if updates else None
    slots, statuses = out.slots, out.statuses
    add_task, add_status, add_due = out.tasks.append, statuses.append, out.dues.append
    i, n = 0, len(updates)
    for due, lower, upper in series:
        done_on: dt.date | None = None
        last: ProgressUpdate | None = None
        if n:
            # The updates in this occurrence's slot (lower, upper].
            while i < n and lower is not None and updates[i].date <= lower:
                i += 1
            while i < n and (upper is None or updates[i].date <= upper):
                update = updates[i]
                last = update
                if done_on is None and update.state is _DONE:
                    done_on = update.date
                i += 1
        if done_on is not None:
            status = TaskStatus.DONE_ON_TIME if done_on <= due else TaskStatus.DONE_LATE
        elif halted is not None:
            status = halted
        elif last is not None and last.state is _IN_PROGRESS:
            status = TaskStatus.IN_PROGRESS_OVERDUE if due < as_of else TaskStatus.IN_PROGRESS
        else:
            status = TaskStatus.NOT_STARTED_OVERDUE if due < as_of else TaskStatus.NOT_STARTED
        slots[len(statuses)] = _NO_SLOT if last is None else (done_on, last)
        add_task(task)
        add_status(status)
        add_due(due)


def _plan_rows(ev: PlanEvaluation, window: Window, out: Columns) -> None:
    """Every row of one plan, appended to ``out``: the hot loop of :func:`evaluate`.

    The common cases are inlined: a fixed date (resolved as
    :func:`~actionplan.deadlines.due_date` does) and the reading of the updates
    (:func:`classify` with the latest update and the completion date); the tests
    check the result against those general functions.
    """
    as_of = ev.as_of
    ctx = ev.context
    strict = ctx.before is BeforePolicy.STRICT
    first = len(out)
    add_task, add_status, add_due = out.tasks.append, out.statuses.append, out.dues.append
    # Deadlines are shared between tasks (a plan's phrases repeat, and are read once):
    # each is resolved once per evaluation, found by identity (hashing an attrs
    # instance costs more than resolving most deadlines).
    schedules: dict[int, Series] = {}
    dues: dict[int, dt.date | None] = {}
    fixed, recurring, ongoing, one_day = FixedDeadline, RecurringDeadline, OngoingDeadline, _ONE_DAY
    done, in_progress, halted = _DONE, _IN_PROGRESS, _HALTED
    on_time, late = TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE
    started, started_overdue = TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS_OVERDUE
    not_started, not_started_overdue = TaskStatus.NOT_STARTED, TaskStatus.NOT_STARTED_OVERDUE
    ongoing_status = TaskStatus.ONGOING
    for task in ev.plan.tasks:
        deadline = task.deadline
        if task.extensions:
            granted = task.extensions_until(as_of)
            if granted:
                deadline = granted[-1].deadline
        due: dt.date | None
        if type(deadline) is fixed:
            due = deadline.date
            if strict and deadline.before and deadline.time is None:
                due -= one_day
            is_ongoing = False
        elif type(deadline) is recurring:
            series = schedules.get(id(deadline))
            if series is None:
                series = schedules[id(deadline)] = _series(deadline, ctx, window)
            _occurrence_rows(as_of, task, series, out)
            continue
        else:
            is_ongoing = type(deadline) is ongoing
            key = id(deadline)
            if key in dues:
                due = dues[key]
            elif is_ongoing:
                due = dues[key] = None
            else:
                due = dues[key] = due_date(deadline, ctx)
        # The latest update on or before as_of, found without copying the updates.
        updates = task.updates
        i = len(updates) - 1
        while i >= 0 and updates[i].date > as_of:
            i -= 1
        if is_ongoing:
            status = ongoing_status if i < 0 else halted.get(updates[i].state, ongoing_status)
        elif i < 0:
            if due is None:
                status = not_started
            else:
                status = not_started_overdue if due < as_of else not_started
        else:
            last = updates[i]
            state = last.state
            if due is None:
                status = classify(None, last, None, as_of)
            elif state is done:
                # Completed on the first of the "done" updates that end the list.
                while i > 0 and updates[i - 1].state is done:
                    i -= 1
                status = on_time if updates[i].date <= due else late
            elif state is in_progress:
                status = started_overdue if due < as_of else started
            else:
                status = classify(due, last, None, as_of)
        add_task(task)
        add_status(status)
        add_due(due)
    out.evaluations.extend(repeat(ev, len(out) - first))


def _check_date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(
            "evaluate",
            name,
            f"expected a datetime.date, found {type(value).__name__} {value!r}; "
            "pass value.date() for a datetime",
        )
    return value


def evaluate_plan(
    plan: ActionPlan,
    *,
    as_of: dt.date,
    period: ReportingPeriod | None = None,
    calendar: WorkCalendar | None = None,
    due_soon: int | None = None,
    window: Window | None = None,
) -> tuple[PlanEvaluation, RowTable]:
    """One plan's evaluation and rows (``window`` overrides the default one)."""
    ev, win = _prepare(plan, as_of, period, calendar, due_soon, window)
    out = Columns()
    _plan_rows(ev, win, out)
    return ev, RowTable(out)


def _prepare(
    plan: ActionPlan,
    as_of: dt.date,
    period: ReportingPeriod | None,
    calendar: WorkCalendar | None,
    due_soon: int | None,
    window: Window | None,
) -> tuple[PlanEvaluation, Window]:
    """The settings ``plan`` is evaluated with, and its occurrence window."""
    cal = work_calendar(plan, calendar)
    days = plan.policy.due_soon_days if due_soon is None else due_soon
    win = default_window(plan, as_of, period) if window is None else window
    issued = plan.issued_on
    if issued is not None and issued > win.start:
        # A plan asks for nothing due before it was issued.
        win = attrs.evolve(win, start=issued)
    ev = PlanEvaluation(
        plan=plan,
        as_of=as_of,
        calendar=cal,
        context=deadline_context(plan, cal, _Completions(plan, as_of)),
        due_soon_days=days,
        due_soon_until=due_soon_until(cal, as_of, days),
        window_start=win.start,
        window_end=win.end,
        include_next=win.include_next,
        period=period,
    )
    return ev, win


def plans_of(plan: ActionPlan | Iterable[ActionPlan]) -> tuple[ActionPlan, ...]:
    """``plan`` as a tuple of plans, checking that their ids are unique."""
    plans = (plan,) if isinstance(plan, ActionPlan) else tuple(plan)
    seen: set[str] = set()
    for item in plans:
        if not isinstance(item, ActionPlan):
            raise ValidationError(
                "evaluate", "plan", f"expected ActionPlan objects, found {type(item).__name__}"
            )
        if item.id in seen:
            raise ValidationError(
                "evaluate",
                "plan",
                f"two plans have the id {item.id!r}; plan ids must be unique in one report "
                "(row ids are only unique within a plan)",
            )
        seen.add(item.id)
    return plans


def evaluate(
    plan: ActionPlan | Sequence[ActionPlan],
    *,
    as_of: dt.date,
    period: ReportingPeriod | None = None,
    calendar: WorkCalendar | None = None,
    due_soon: int | None = None,
) -> StatusReport:
    """Where every task of ``plan`` (one plan, or several) stands on ``as_of``.

    ``period`` bounds the occurrences of recurring tasks and adds the rate of
    tasks due in the period. ``calendar`` is the base working calendar (the
    library's default when ``None``); each plan's own ``calendar_changes`` are
    applied on top. ``due_soon`` is the due-soon window in working days (each
    plan's ``policy.due_soon_days`` when ``None``).

    The rules are those of :mod:`actionplan.status`: updates dated after
    ``as_of`` and extensions granted after it are ignored, so a review made on a
    date can be made again later with the same result.

    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.model import ProgressUpdate, Task
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...     Task("t1", "Báo cáo sơ kết", deadline=FixedDeadline(dt.date(2024, 6, 14)),
    ...          updates=[ProgressUpdate(dt.date(2024, 6, 14), "done")]),
    ...     Task("t2", "Tổ chức hội nghị", deadline=FixedDeadline(dt.date(2024, 6, 30)))])
    >>> report = evaluate(plan, as_of=dt.date(2024, 7, 5))
    >>> [(row.id, row.status.value) for row in report.rows]
    [('t1', 'done_on_time'), ('t2', 'not_started_overdue')]
    >>> report.rates["completion_rate"].format()
    '50,00 %'
    """
    as_of = _check_date("as_of", as_of)
    if period is not None and not isinstance(period, ReportingPeriod):
        raise ValidationError(
            "evaluate",
            "period",
            f"expected a ReportingPeriod, found {type(period).__name__} {period!r}; "
            "read one with ReportingPeriod.parse('2024-H2')",
        )
    if due_soon is not None and (not isinstance(due_soon, int) or isinstance(due_soon, bool)):
        raise ValidationError(
            "evaluate",
            "due_soon",
            f"expected a whole number of working days, found {type(due_soon).__name__} "
            f"{due_soon!r}",
        )
    if due_soon is not None and due_soon < 0:
        raise ValidationError(
            "evaluate", "due_soon", f"the window is 0 or more working days, got {due_soon!r}"
        )
    plans = plans_of(plan)
    evaluations: list[PlanEvaluation] = []
    out = Columns()
    for item in plans:
        ev, window = _prepare(item, as_of, period, calendar, due_soon, None)
        evaluations.append(ev)
        _plan_rows(ev, window, out)
    return StatusReport(as_of=as_of, period=period, plans=tuple(evaluations), rows=RowTable(out))
