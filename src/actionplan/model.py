"""The domain model: guiding documents, action plans, tasks and units.

Every class is a frozen :mod:`attrs` class. They hold data and guard their own
invariants; they do no I/O and never read the clock. Change one with
:func:`attrs.evolve`, which runs the validators again. Plan-wide checks (unique ids,
known units, dependency cycles …) are made by :func:`actionplan.check_plan`, which
reports every problem at once.

>>> import datetime as dt
>>> t = Task("t1", "Tuyên truyền Nghị quyết", lead="cb1", coordinating=["cb2"])
>>> t.coordinating
('cb2',)
>>> Task("t2", "Báo cáo", lead="cb1", coordinating=["cb1"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
actionplan.errors.ValidationError: Task 't2': coordinating: the lead unit 'cb1' cannot ...
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from actionplan.deadlines import BeforePolicy, Deadline, OngoingDeadline, RecurringDeadline
from actionplan.errors import UnknownTaskError, ValidationError
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.reminders import AlarmSpec, parse_alarms
from actionplan.workdays import CalendarChange

__all__ = [
    "ActionPlan",
    "Document",
    "Extension",
    "PlanPolicy",
    "Priority",
    "ProgressState",
    "ProgressUpdate",
    "Section",
    "Target",
    "TargetReport",
    "Task",
    "Unit",
    "UnitKind",
]

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def _strs(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Cheap normalising converter: a tuple of strings (a lone string is one item)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return () if value is None else tuple(value)


def _alarms(value: str | Iterable[AlarmSpec] | None) -> tuple[AlarmSpec, ...] | None:
    """Cheap normalising converter: ``None`` stays (not set), a text is read by
    :func:`~actionplan.reminders.parse_alarms`, anything else becomes a tuple."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_alarms(value)
    return tuple(value)


def _alarm_specs(
    instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...] | None
) -> None:
    for item in value or ():
        if not isinstance(item, AlarmSpec):
            raise ValidationError(
                _name(instance),
                attribute.name,
                f"expected reminders (AlarmSpec items, or a text such as '7wd, 1d, overdue'), "
                f"found {item!r}",
            )


def _name(obj: Any) -> str:
    ident = getattr(obj, "id", None)
    return f"{type(obj).__name__} {ident!r}" if ident else type(obj).__name__


def _non_empty(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            _name(instance), attribute.name, f"must be a non-empty text, got {value!r}"
        )


def _ident(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    _non_empty(instance, attribute, value)
    if value != value.strip() or any(c in value for c in "\n\r\t"):
        raise ValidationError(
            _name(instance),
            attribute.name,
            f"an id cannot contain spaces at its ends or line breaks: {value!r}",
        )


class UnitKind(StrEnum):
    """What kind of body a unit is."""

    PARTY_COMMITTEE = "party_committee"
    PARTY_CELL = "party_cell"
    DEPARTMENT = "department"
    AGENCY = "agency"
    OTHER = "other"


@attrs.frozen
class Unit:
    """A responsible unit: a party committee or cell, a department, an agency.

    ``alarms``: the reminders for the tasks it leads, instead of the plan's
    (:attr:`ActionPlan.alarms`); ``None`` (the default) keeps the plan's, ``()``
    means none.

    >>> [str(a) for a in Unit("cb1", "Chi bộ 1", alarms="3wd, overdue").alarms]
    ['3wd', 'overdue']
    """

    id: str = attrs.field(validator=_ident)
    name: str = attrs.field(validator=_non_empty)
    kind: UnitKind = attrs.field(default=UnitKind.OTHER, converter=UnitKind)
    parent: str | None = None
    email: str | None = attrs.field(default=None)
    alarms: tuple[AlarmSpec, ...] | None = attrs.field(
        default=None, converter=_alarms, validator=_alarm_specs
    )

    @email.validator
    def _email(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and (
            value.count("@") != 1 or value.startswith("@") or value.endswith("@")
        ):
            raise ValidationError(_name(self), "email", f"{value!r} is not an e-mail address")

    def __attrs_post_init__(self) -> None:
        if self.parent == self.id:
            raise ValidationError(_name(self), "parent", "a unit cannot be its own parent")


@attrs.frozen
class Document:
    """A document: a guiding resolution or directive, or the plan's own document.

    >>> d = Document(DocumentKind.DIRECTIVE, ref=DocumentRef.parse("35-CT/TW"),
    ...              issued_on=dt.date(2019, 5, 30))
    >>> d.citation()
    'Chỉ thị số 35-CT/TW, ngày 30/5/2019'
    """

    kind: DocumentKind = attrs.field(converter=DocumentKind)
    ref: DocumentRef | None = None
    issuer: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    place: str | None = None

    def citation(self, language: str = "vi") -> str:
        """How the document is cited: ``Chỉ thị số 35-CT/TW, ngày 30/5/2019``."""
        if self.ref is not None:
            return self.ref.cite(self.issued_on, language=language, kind=self.kind)
        label = self.kind.label(language)
        return f"{label} {self.subject}" if self.subject else label


class ProgressState(StrEnum):
    """The state a unit reports for a task."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


def _percent(instance: Any, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not 0 <= value <= 100):
        raise ValidationError(
            "ProgressUpdate", attribute.name, f"percent must be between 0 and 100, got {value!r}"
        )


@attrs.frozen
class ProgressUpdate:
    """A progress report on a task, as of ``date``."""

    date: dt.date
    state: ProgressState = attrs.field(converter=ProgressState)
    percent: int | None = attrs.field(default=None, validator=_percent)
    note: str | None = None
    reported_by: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.state is ProgressState.DONE and self.percent not in (None, 100):
            raise ValidationError(
                "ProgressUpdate", "percent", f"a done update is 100 %, got {self.percent}"
            )
        if self.state is ProgressState.NOT_STARTED and self.percent not in (None, 0):
            raise ValidationError(
                "ProgressUpdate", "percent", f"a not-started update is 0 %, got {self.percent}"
            )

    @property
    def effective_percent(self) -> int | None:
        """The percent, with done meaning 100 and not started 0."""
        if self.percent is not None:
            return self.percent
        if self.state is ProgressState.DONE:
            return 100
        if self.state is ProgressState.NOT_STARTED:
            return 0
        return None


@attrs.frozen
class Extension:
    """A deadline extension (gia hạn) granted on ``date`` by ``approved_by``."""

    date: dt.date
    deadline: Deadline
    approved_by: DocumentRef | None = None
    reason: str | None = None


class Priority(StrEnum):
    """A task's priority."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


def _sorted_by_date(instance: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for before, after in itertools.pairwise(value):
        if after.date < before.date:
            raise ValidationError(
                _name(instance),
                attribute.name,
                f"must be in date order: {after.date.isoformat()} comes after "
                f"{before.date.isoformat()}; sort them by date",
            )


@attrs.frozen
class Task:
    """A task of a plan: what is to be done, by whom, by when, producing what."""

    id: str = attrs.field(validator=_ident)
    title: str = attrs.field(validator=_non_empty)
    lead: str | None = None
    coordinating: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    deadline: Deadline | None = None
    deliverable: str | None = None
    section: str | None = None
    key: bool = False
    priority: Priority = attrs.field(default=Priority.NORMAL, converter=Priority)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    parent: str | None = None
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    updates: tuple[ProgressUpdate, ...] = attrs.field(
        default=(), converter=_tuple, validator=_sorted_by_date
    )
    extensions: tuple[Extension, ...] = attrs.field(
        default=(), converter=_tuple, validator=_sorted_by_date
    )
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.lead is not None and self.lead in self.coordinating:
            raise ValidationError(
                _name(self),
                "coordinating",
                f"the lead unit {self.lead!r} cannot also coordinate; remove it from coordinating",
            )
        if len(set(self.coordinating)) != len(self.coordinating):
            twice = next(u for i, u in enumerate(self.coordinating) if u in self.coordinating[:i])
            raise ValidationError(
                _name(self), "coordinating", f"lists the unit {twice!r} twice; list each unit once"
            )
        if self.parent == self.id:
            raise ValidationError(_name(self), "parent", "a task cannot be its own parent")
        if self.id in self.depends_on:
            raise ValidationError(_name(self), "depends_on", "a task cannot depend on itself")

    @property
    def repeats(self) -> bool:
        """True when the task is reported every cycle: its deadline (or an
        extension's) is recurring or ongoing. A "done" update then closes one
        occurrence or cycle, not the task, so later updates are expected."""
        deadlines = [self.deadline, *(e.deadline for e in self.extensions)]
        return any(isinstance(d, RecurringDeadline | OngoingDeadline) for d in deadlines)

    @property
    def effective_deadline(self) -> Deadline | None:
        """The deadline in force: the latest extension's, else the original."""
        return self.extensions[-1].deadline if self.extensions else self.deadline

    def updates_until(self, as_of: dt.date) -> tuple[ProgressUpdate, ...]:
        """The updates dated on or before ``as_of`` (later ones are ignored)."""
        ups = self.updates
        if not ups or ups[-1].date <= as_of:
            return ups
        return tuple(u for u in ups if u.date <= as_of)

    def extensions_until(self, as_of: dt.date) -> tuple[Extension, ...]:
        """The extensions granted on or before ``as_of``."""
        exts = self.extensions
        if not exts or exts[-1].date <= as_of:
            return exts
        return tuple(e for e in exts if e.date <= as_of)


@attrs.frozen
class Section:
    """A section of a plan (``II. Nhiệm vụ, giải pháp`` …)."""

    id: str = attrs.field(validator=_ident)
    title: str = attrs.field(validator=_non_empty)


@attrs.frozen
class TargetReport:
    """A value reported for a target on ``date``."""

    date: dt.date
    value: float
    note: str | None = None
    reported_by: str | None = None


@attrs.frozen
class Target:
    """A measurable target (chỉ tiêu): ``indicator`` reaching ``value`` ``measure``.

    ``at_least`` is False for a ceiling (e.g. at most 2 % overdue).
    """

    id: str = attrs.field(validator=_ident)
    indicator: str = attrs.field(validator=_non_empty)
    value: float = 0.0
    measure: str | None = None
    at_least: bool = True
    lead: str | None = None
    reports: tuple[TargetReport, ...] = attrs.field(
        default=(), converter=_tuple, validator=_sorted_by_date
    )

    def latest(self, as_of: dt.date | None = None) -> TargetReport | None:
        """The latest report on or before ``as_of`` (any date when ``None``)."""
        for report in reversed(self.reports):
            if as_of is None or report.date <= as_of:
                return report
        return None

    def met(self, as_of: dt.date | None = None) -> bool | None:
        """Whether the latest reported value meets the target; ``None`` without reports."""
        report = self.latest(as_of)
        if report is None:
            return None
        return report.value >= self.value if self.at_least else report.value <= self.value


@attrs.frozen
class PlanPolicy:
    """How a plan reads its deadlines and reports.

    ``before``: how "trước ngày D" is read (strict D − 1 by default).
    ``due_soon_days``: the due-soon window in working days.
    ``period_convention``: ``calendar`` or ``window`` reporting periods.
    """

    before: BeforePolicy = attrs.field(default=BeforePolicy.STRICT, converter=BeforePolicy)
    due_soon_days: int = attrs.field(default=5)
    period_convention: str = attrs.field(default="calendar")

    @due_soon_days.validator
    def _window(self, attribute: attrs.Attribute[int], value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(
                "PlanPolicy",
                "due_soon_days",
                f"expected a whole number of working days, found {type(value).__name__} {value!r}",
            )
        if value < 0:
            raise ValidationError("PlanPolicy", "due_soon_days", f"must be 0 or more, got {value}")

    @period_convention.validator
    def _convention(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("calendar", "window"):
            raise ValidationError(
                "PlanPolicy", "period_convention", f"must be 'calendar' or 'window', got {value!r}"
            )


@attrs.frozen
class ActionPlan:
    """An action plan (kế hoạch) or action programme implementing guiding documents.

    ``id`` is a short stable key (used in calendar UIDs and file names). ``events``
    gives dates to named events used by deadlines ("Đại hội"). ``calendar_changes``
    adds the plan's own days off and make-up working days to the official ones.
    ``received_on`` is the date the plan was received, which deadlines "kể từ ngày
    nhận" count from (from the date of issue when it is not known). ``alarms``: the
    reminders of every task (7 working days and 1 day before, overdue …), unless
    its lead unit has its own (:attr:`Unit.alarms`); ``None`` (the default) leaves
    them to whoever makes the reminders, ``()`` means none.

    >>> plan = ActionPlan("kh45", "Kế hoạch 45", received_on=dt.date(2024, 8, 9),
    ...                   alarms="7wd, 1d, overdue")
    >>> plan.received_on, len(plan.alarms)
    (datetime.date(2024, 8, 9), 3)
    """

    id: str = attrs.field(validator=_ident)
    title: str = attrs.field(validator=_non_empty)
    document: Document | None = None
    implements: tuple[Document, ...] = attrs.field(default=(), converter=_tuple)
    period: ReportingPeriod | None = None
    timezone: str = DEFAULT_TIMEZONE
    objective: str | None = None
    policy: PlanPolicy = attrs.field(factory=PlanPolicy)
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_tuple)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_tuple)
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_tuple)
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=_tuple)
    events: Mapping[str, dt.date] = attrs.field(factory=dict, converter=dict, hash=False)
    calendar_changes: tuple[CalendarChange, ...] = attrs.field(default=(), converter=_tuple)
    received_on: dt.date | None = None
    alarms: tuple[AlarmSpec, ...] | None = attrs.field(
        default=None, converter=_alarms, validator=_alarm_specs
    )

    @property
    def issued_on(self) -> dt.date | None:
        """The plan's date of issue, from its document."""
        return self.document.issued_on if self.document else None

    def unit(self, unit_id: str) -> Unit | None:
        """The unit with this id, or ``None``."""
        return next((u for u in self.units if u.id == unit_id), None)

    def task(self, task_id: str) -> Task:
        """The task with this id; :class:`~actionplan.errors.UnknownTaskError` if none."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise UnknownTaskError(task_id, [t.id for t in self.tasks])

    def unit_name(self, unit_id: str | None) -> str:
        """The unit's name, or its id when the plan does not know it."""
        if unit_id is None:
            return ""
        unit = self.unit(unit_id)
        return unit.name if unit else unit_id
