"""The rows of a status report, and the per-plan settings they were computed with."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

import attrs

from actionplan.deadlines import Deadline, DeadlineContext, due_date
from actionplan.model import ActionPlan, Extension, ProgressState, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.status._statuses import WITHIN_DEADLINE, OverdueAge, TaskStatus
from actionplan.workdays import WorkCalendar


@attrs.frozen
class PlanEvaluation:
    """One plan as it was evaluated: the plan and everything its rows depend on.

    ``as_of`` is the cut-off date; ``calendar`` the working calendar (the plan's
    own days off and make-up days included); ``context`` what the plan's deadlines
    were resolved with; ``due_soon_days`` the due-soon window in working days and
    ``due_soon_until`` the last due date inside it.

    Recurring tasks get one row per occurrence dated from ``window_start`` to
    ``window_end``; with ``include_next``, the first occurrence after
    ``window_end`` too (the cycle under way), unless it falls after the end of the
    plan's period.
    """

    plan: ActionPlan = attrs.field(repr=False)
    as_of: dt.date
    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    context: DeadlineContext = attrs.field(eq=False, repr=False)
    due_soon_days: int
    due_soon_until: dt.date
    window_start: dt.date
    window_end: dt.date
    include_next: bool = False
    period: ReportingPeriod | None = None

    @property
    def plan_id(self) -> str:
        """The plan's id."""
        return self.plan.id

    @functools.cached_property
    def unit_names(self) -> Mapping[str, str]:
        """The names of the plan's units by id."""
        return {unit.id: unit.name for unit in self.plan.units}

    @functools.cached_property
    def section_titles(self) -> Mapping[str, str]:
        """The titles of the plan's sections by id."""
        return {section.id: section.title for section in self.plan.sections}


@attrs.frozen
class Occurrence:
    """One occurrence of a recurring task: its due date, its completion date and
    the latest update in its slot (see :mod:`actionplan.status`, rule 7)."""

    due: dt.date
    done_on: dt.date | None = None
    last_update: ProgressUpdate | None = None


@attrs.frozen(repr=False)
class StatusRow:
    """Where one task, or one occurrence of a recurring task, stands on the cut-off
    date.

    Stored: the plan evaluation and the task the row belongs to, its ``status``,
    its ``due`` date (from the deadline in force on the cut-off date, after the
    extensions granted by then; ``None`` when there is none) and, for a recurring
    task, the :class:`Occurrence`.

    Everything else is derived from those, on access: the completion date
    ``done_on``, the ``last_update`` taken into account, the ``original_due`` date
    (before extensions), the task's fields (``title``, ``lead``, ``section`` …), the
    names a renderer shows (``lead_name``, ``section_title``, ``plan_title``), the
    day counts (``days_left``, ``days_overdue``, in calendar and working days) and
    the ``due_soon`` flag.
    """

    evaluation: PlanEvaluation
    task: Task
    status: TaskStatus
    due: dt.date | None
    occurrence: Occurrence | None = None

    def __repr__(self) -> str:
        due = self.due.isoformat() if self.due else None
        return (
            f"StatusRow({self.evaluation.plan.id!r}, {self.id!r}, {self.status.value}, due={due})"
        )

    # -- identity --------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The row's id: the task id, with ``@`` and the occurrence's ISO due date for
        a recurring task (``"t3@2024-08-19"``)."""
        if self.occurrence is None:
            return self.task.id
        return f"{self.task.id}@{self.occurrence.due.isoformat()}"

    @property
    def task_id(self) -> str:
        """The task's id."""
        return self.task.id

    @property
    def plan(self) -> ActionPlan:
        """The plan the task belongs to."""
        return self.evaluation.plan

    @property
    def plan_id(self) -> str:
        """The plan's id."""
        return self.evaluation.plan.id

    @property
    def plan_title(self) -> str:
        """The plan's title."""
        return self.evaluation.plan.title

    @property
    def as_of(self) -> dt.date:
        """The cut-off date the row was computed for."""
        return self.evaluation.as_of

    # -- the task's fields -----------------------------------------------------------

    @property
    def title(self) -> str:
        """The task's title."""
        return self.task.title

    @property
    def lead(self) -> str | None:
        """The lead unit's id."""
        return self.task.lead

    @property
    def lead_name(self) -> str:
        """The lead unit's name (its id when the plan does not list it; ``""`` if none)."""
        lead = self.task.lead
        if lead is None:
            return ""
        return self.evaluation.unit_names.get(lead, lead)

    @property
    def coordinating(self) -> tuple[str, ...]:
        """The coordinating units' ids."""
        return self.task.coordinating

    @property
    def coordinating_names(self) -> tuple[str, ...]:
        """The coordinating units' names."""
        names = self.evaluation.unit_names
        return tuple(names.get(unit, unit) for unit in self.task.coordinating)

    @property
    def section(self) -> str | None:
        """The id of the task's section."""
        return self.task.section

    @property
    def section_title(self) -> str:
        """The title of the task's section (its id when unknown; ``""`` if none)."""
        section = self.task.section
        if section is None:
            return ""
        return self.evaluation.section_titles.get(section, section)

    @property
    def key(self) -> bool:
        """Whether the task is a key task (nhiệm vụ trọng tâm)."""
        return self.task.key

    @property
    def deliverable(self) -> str | None:
        """The task's deliverable (sản phẩm)."""
        return self.task.deliverable

    @property
    def deadline_text(self) -> str | None:
        """The original deadline as the plan wrote it ("Quý III/2024")."""
        deadline = self.task.deadline
        return None if deadline is None else deadline.text

    # -- progress and deadlines ---------------------------------------------------------

    @property
    def last_update(self) -> ProgressUpdate | None:
        """The update the status was read from: the latest one on or before the
        cut-off date (for an occurrence, the latest one in its slot)."""
        if self.occurrence is not None:
            return self.occurrence.last_update
        return _latest(self.task, self.evaluation.as_of)

    @property
    def done_on(self) -> dt.date | None:
        """The completion date of a done row; ``None`` for any other."""
        if not self.status.is_done:
            return None
        if self.occurrence is not None:
            return self.occurrence.done_on
        return completion_date(self.task, self.evaluation.as_of)

    @property
    def original_due(self) -> dt.date | None:
        """The due date before any extension (the same as ``due`` when none was
        granted by the cut-off date). ``None`` for an occurrence of a recurring
        schedule that an extension replaced."""
        if self.extension is None:
            return self.due
        if self.occurrence is not None:
            return None
        return due_date(self.task.deadline, self.evaluation.context)

    @property
    def extension(self) -> Extension | None:
        """The latest extension granted on or before the cut-off date."""
        extensions = self.task.extensions_until(self.evaluation.as_of)
        return extensions[-1] if extensions else None

    @property
    def extended(self) -> bool:
        """Whether an extension granted by the cut-off date is in force."""
        return self.extension is not None

    @property
    def deadline(self) -> Deadline | None:
        """The deadline in force on the cut-off date (an extension's, or the original)."""
        extension = self.extension
        return self.task.deadline if extension is None else extension.deadline

    @property
    def percent(self) -> int | None:
        """The completion percent: 100 when done, else the last update's, if any."""
        if self.status.is_done:
            return 100
        update = self.last_update
        return None if update is None else update.effective_percent

    # -- status ----------------------------------------------------------------------

    @property
    def is_done(self) -> bool:
        """Whether the row is completed."""
        return self.status.is_done

    @property
    def is_open(self) -> bool:
        """Whether work is still expected (see :attr:`TaskStatus.is_open`)."""
        return self.status.is_open

    @property
    def is_overdue(self) -> bool:
        """Whether the row is open and past its deadline."""
        return self.status.is_overdue

    @property
    def due_soon(self) -> bool:
        """Whether the row is open, within its deadline, and due within the due-soon
        window: at most ``due_soon_days`` working days after the cut-off date
        (a row due on the cut-off date itself is due soon)."""
        due = self.due
        return (
            due is not None
            and self.status in WITHIN_DEADLINE
            and due <= self.evaluation.due_soon_until
        )

    # -- day counts ------------------------------------------------------------------

    @property
    def days_left(self) -> int | None:
        """Calendar days from the cut-off date to the due date (0 on the due date)
        for an open row within its deadline; ``None`` otherwise."""
        due = self.due
        if due is None or self.status not in WITHIN_DEADLINE:
            return None
        return (due - self.evaluation.as_of).days

    @property
    def working_days_left(self) -> int | None:
        """Working days after the cut-off date up to and including the due date, for
        an open row within its deadline; ``None`` otherwise."""
        due = self.due
        if due is None or self.status not in WITHIN_DEADLINE:
            return None
        return self.evaluation.calendar.count_working_days(self.evaluation.as_of, due)

    @property
    def days_overdue(self) -> int | None:
        """Calendar days past the due date on the cut-off date (1 the day after) for
        an overdue row; ``None`` otherwise."""
        due = self.due
        if due is None or not self.status.is_overdue:
            return None
        return (self.evaluation.as_of - due).days

    @property
    def working_days_overdue(self) -> int | None:
        """Working days after the due date up to and including the cut-off date, for
        an overdue row; ``None`` otherwise."""
        due = self.due
        if due is None or not self.status.is_overdue:
            return None
        return self.evaluation.calendar.count_working_days(due, self.evaluation.as_of)

    @property
    def days_late(self) -> int | None:
        """Calendar days between the due date and the completion date of a row done
        late; ``None`` otherwise."""
        if self.status is not TaskStatus.DONE_LATE or self.due is None:
            return None
        done_on = self.done_on
        return None if done_on is None else (done_on - self.due).days

    @property
    def overdue_age(self) -> OverdueAge | None:
        """The overdue-age bucket of an overdue row; ``None`` otherwise."""
        days = self.days_overdue
        return None if days is None else OverdueAge.of(days)


def _latest(task: Task, as_of: dt.date) -> ProgressUpdate | None:
    updates = task.updates_until(as_of)
    return updates[-1] if updates else None


def completion_date(task: Task, as_of: dt.date) -> dt.date | None:
    """When ``task`` was completed, as known on ``as_of``: ``None`` unless its latest
    update on or before ``as_of`` says done; else the date of the first of the
    "done" updates that end the list (a task reported done, reopened, then done
    again was completed the second time)."""
    updates = task.updates_until(as_of)
    if not updates or updates[-1].state is not ProgressState.DONE:
        return None
    i = len(updates) - 1
    while i > 0 and updates[i - 1].state is ProgressState.DONE:
        i -= 1
    return updates[i].date


def due_soon_until(calendar: WorkCalendar, as_of: dt.date, days: int) -> dt.date:
    """The last due date inside a due-soon window of ``days`` working days after
    ``as_of`` (rule 8 of :mod:`actionplan.status`): the day before the
    ``days + 1``-th working day, so that a deadline on the weekend or holiday right
    after the window is inside it. A window reaching past the year 9999 takes in
    every date.

    >>> from actionplan.workdays import WorkCalendar
    >>> wednesday = dt.date(2024, 8, 14)
    >>> due_soon_until(WorkCalendar(), wednesday, 2)  # Thu, Fri, and the weekend after
    datetime.date(2024, 8, 18)
    >>> due_soon_until(WorkCalendar(), wednesday, 0)  # due on the cut-off date itself
    datetime.date(2024, 8, 14)
    """
    try:
        return calendar.add_working_days(as_of, days + 1) - dt.timedelta(days=1)
    except OverflowError:
        return dt.date.max
