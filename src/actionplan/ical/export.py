"""A plan's tasks as calendar objects: to-dos (VTODO) or all-day events (VEVENT).

Two modes, because calendar clients differ:

- ``mode="todo"``: one ``VTODO`` per task, with ``DUE`` and ``DTSTART`` (always,
  equal to the due date, since several clients fire no alarm without it),
  ``STATUS``, ``PERCENT-COMPLETE``, ``COMPLETED``, ``PRIORITY``, ``CATEGORIES`` (the
  plan's number, the section, the lead unit, "key task" and the tags; never empty),
  ``RELATED-TO`` for a parent task (``RELTYPE=PARENT``) and for the tasks it
  depends on (``RELTYPE=DEPENDS-ON``, RFC 9253), and alarms related to ``DUE``.
  Thunderbird, Nextcloud Tasks, the DAVx5 task apps and todoman read these.
- ``mode="event"``: one ``VEVENT`` per deadline, for Google Calendar and Outlook,
  which ignore to-dos: a date deadline is an all-day, transparent event; a timed
  one ("trước 20h00 ngày 25/5/2025") a 30-minute event ending at the deadline.
  Progress and status go into the description, and alarms are related to the
  start, which is what Outlook measures reminders from.

The output is deterministic: UIDs come from the plan's and the task's ids
(:func:`~actionplan.ical.names.task_uid`), ``DTSTAMP`` from the data (the latest
progress update or extension in force, else the plan's date of issue, at 00:00
UTC), and ``SEQUENCE`` is derived from the extensions and status changes recorded
up to the cut-off date, so it grows when a deadline or a status changes; with a
:class:`~actionplan.ical.sequences.SequenceState` (``sequences=``) it also grows
when a deadline was edited in the plan directly. Exporting the same plan twice
gives the same bytes, and a client importing a new export updates the objects it
has instead of adding copies.

Date deadlines are written as dates (``DUE;VALUE=DATE``, and ``DTSTART;VALUE=DATE``
beside it, as RFC 5545 wants both of one value type); timed ones in the plan's IANA
time zone, with one ``VTIMEZONE`` for it.

Recurring tasks are judged per occurrence, by the status engine
(:func:`actionplan.status.evaluate`: each update counts for the occurrence whose
slot it falls in), and only occurrences due on or after the plan's date of issue
are written, as in status reports:

- a deadline whose dates are moved off non-working days (or that has a first date
  of its own) is one object per occurrence in the export window, each with its own
  UID and its own status: ``COMPLETED`` with the ``COMPLETED`` time of that
  occurrence's completion, else ``IN-PROCESS`` or ``NEEDS-ACTION``;
- a deadline whose rule gives every due date is one series object with an
  ``RRULE`` (see :func:`portable_rule`). A series has one status, so it shows the
  *current* occurrence's: the earliest one not done (an overdue one first, else
  the cycle under way); it is ``COMPLETED`` only when the series has ended and
  every occurrence is done. The series starts (``DTSTART``, ``DUE``) at its
  current occurrence, and the occurrences done after it (reported early, or
  while an earlier one is overdue) are left out with ``EXDATE``; when every
  occurrence is done it keeps its first date and leaves them all out. So the
  occurrences done are not shown and fire no reminders, and what is left is the
  work still to do: in clients that expand recurrences (Thunderbird and other
  ical.js clients and recurring-ical-events, which the tests run; Google
  Calendar, Outlook and Apple Calendar, which follow RFC 5545 here), and in task
  apps that show a recurring to-do once, by its own due date (todoman, which
  shows the series once with the current occurrence's due date and status).

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline
>>> from actionplan.model import ActionPlan, Task
>>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
...     Task("1", "Báo cáo sơ kết", deadline=FixedDeadline(dt.date(2024, 12, 15)))])
>>> cal = to_calendar(plan, alarms=())
>>> print(cal.todos[0]["DUE"].to_ical().decode(), cal.todos[0]["UID"])
20241215 kh45-1@actionplan
>>> to_ical_bytes(plan, alarms=()) == cal.to_ical()
True
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final, Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from icalendar import Alarm, Calendar, Component, Event, Timezone, Todo
from icalendar.prop import vCalAddress, vDuration, vRecur

from actionplan.dates import format_date
from actionplan.deadlines import (
    Deadline,
    DeadlineContext,
    FixedDeadline,
    Frequency,
    RecurringDeadline,
    due_date,
    occurrences,
)
from actionplan.errors import ValidationError
from actionplan.ical._labels import LABELS, STATE_LABELS, Language, check_language
from actionplan.ical._serialize import component_bytes
from actionplan.ical._states import (
    ICAL_STATUS,
    OccurrenceRows,
    Progress,
    occurrence_progress,
    series_progress,
    task_progress,
)
from actionplan.ical._text import Text, categories, printable
from actionplan.ical.names import task_uid
from actionplan.ical.sequences import SequenceState, fingerprint
from actionplan.model import ActionPlan, Priority, Task
from actionplan.reminders import AlarmSpec, alarm_moment, default_alarms, parse_alarms
from actionplan.schedule import deadline_context
from actionplan.status import PlanEvaluation, StatusReport, StatusRow
from actionplan.workdays import WorkCalendar

__all__ = [
    "EVENT_MINUTES",
    "ICAL_STATUS",
    "PRIORITY_VALUES",
    "AlarmsArg",
    "Method",
    "Mode",
    "PlanOrReport",
    "calendar_name",
    "portable_rule",
    "to_calendar",
    "to_ical_bytes",
]

Mode: TypeAlias = Literal["todo", "event"]
"""``"todo"``: one VTODO per task; ``"event"``: one all-day or short VEVENT per deadline."""

Method: TypeAlias = Literal["PUBLISH"] | None
"""``"PUBLISH"`` for a file to download or subscribe to; ``None`` for objects stored
on a CalDAV server or in a folder of files (RFC 4791 forbids METHOD there)."""

AlarmsArg: TypeAlias = Sequence[AlarmSpec] | str | None
"""Reminders: specs, a text for :func:`~actionplan.ical.parse_alarms` (``"7wd,1d"``),
or ``None`` for the plan's own (:attr:`ActionPlan.alarms
<actionplan.model.ActionPlan.alarms>` and its units' :attr:`~actionplan.model.Unit.alarms`),
else the default (:func:`~actionplan.reminders.default_alarms`)."""

PRODID: Final = "-//actionplan//actionplan//{lang}"
EVENT_MINUTES: Final = 30
"""How long the event of a timed deadline lasts; it ends at the deadline."""

PRIORITY_VALUES: Final[Mapping[Priority, int]] = {
    Priority.HIGH: 1,
    Priority.NORMAL: 5,
    Priority.LOW: 9,
}
"""``PRIORITY`` values: 1 high, 5 normal, 9 low (RFC 5545, 3.8.1.9)."""

FALLBACK_ORGANIZER: Final = "noreply@actionplan.invalid"
"""The ORGANIZER of a published file when neither the caller nor the plan gives an
address (``.invalid`` is reserved for names that must never resolve, RFC 2606)."""

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_REFRESH: Final = dt.timedelta(hours=12)
_DAY: Final = dt.timedelta(days=1)


PlanOrReport: TypeAlias = ActionPlan | StatusReport | PlanEvaluation
"""What a calendar is made from: a plan; a status report of one plan (its rows give
the occurrences' statuses, and its cut-off date and working calendar are used); or
one plan's evaluation (:attr:`StatusReport.plans <actionplan.status.StatusReport>`)."""


# -- options ---------------------------------------------------------------------------


def _alarm_specs(value: AlarmsArg, default: tuple[AlarmSpec, ...]) -> tuple[AlarmSpec, ...]:
    if value is None:
        return default
    if isinstance(value, str):
        return parse_alarms(value)
    specs = tuple(value)
    for spec in specs:
        if not isinstance(spec, AlarmSpec):
            raise ValidationError(
                "calendar export",
                "alarms",
                f"expected AlarmSpec items or a text such as '7wd,1d', found {spec!r}",
            )
    return specs


def _plan_alarms(
    plan: ActionPlan, alarms: AlarmsArg, unit_alarms: Mapping[str, AlarmsArg] | None
) -> tuple[tuple[AlarmSpec, ...], dict[str, tuple[AlarmSpec, ...]]]:
    """The reminders of every task, and those of the tasks each unit leads.

    ``alarms`` given replaces the plan's reminders and its units' alike; without it
    the plan's own (else :func:`~actionplan.reminders.default_alarms`) apply, and
    each unit's own for the tasks it leads. ``unit_alarms`` comes last, per unit."""
    if alarms is None:
        plan_default = default_alarms(plan.policy.due_soon_days)
        default = plan_default if plan.alarms is None else plan.alarms
        per_unit = {u.id: u.alarms for u in plan.units if u.alarms is not None}
    else:
        default, per_unit = _alarm_specs(alarms, ()), {}
    for unit, specs in (unit_alarms or {}).items():
        per_unit[unit] = _alarm_specs(specs, default)
    return default, per_unit


def _zone(plan: ActionPlan) -> ZoneInfo:
    try:
        return ZoneInfo(plan.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"ActionPlan {plan.id!r}",
            "timezone",
            f"{plan.timezone!r} is not an IANA time zone name; use one such as "
            "'Asia/Ho_Chi_Minh' (a fixed offset like '+07:00' cannot be described to "
            "calendar clients)",
        ) from None


def _email(value: str) -> str:
    address = value.removeprefix("mailto:").removeprefix("MAILTO:").strip()
    if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
        raise ValidationError(
            "calendar export",
            "organizer",
            f"{value!r} is not an e-mail address; give one such as 'vanphong@example.gov.vn'",
        )
    return address


def _organizer(plan: ActionPlan, explicit: str | None) -> vCalAddress:
    issuer = plan.document.issuer if plan.document else None
    unit = next((u for u in plan.units if issuer is not None and issuer in (u.id, u.name)), None)
    name = unit.name if unit else issuer or plan.title
    if explicit is not None:
        address = _email(explicit)
    elif unit is not None and unit.email:
        address = unit.email
    else:
        address = FALLBACK_ORGANIZER
    organizer = vCalAddress(f"mailto:{address}")
    # Parameter values have no backslash escapes in RFC 5545, but icalendar's parser
    # reads "\\:" as one and loses the address; CN is only a display name.
    organizer.params["CN"] = printable(name).replace("\\", "/")
    return organizer


def _utc_stamp(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValidationError(
                "calendar export",
                "stamp",
                f"{value.isoformat()} has no time zone; give an aware datetime or a date",
            )
        return value.astimezone(dt.UTC).replace(microsecond=0)
    return dt.datetime.combine(value, dt.time(), dt.UTC)


@attrs.frozen
class _Options:
    mode: Mode
    method: Method
    as_of: dt.date | None
    alarms: tuple[AlarmSpec, ...]
    unit_alarms: Mapping[str, tuple[AlarmSpec, ...]]
    units: frozenset[str] | None
    organizer: str | None
    stamp: dt.datetime | None
    window: tuple[dt.date, dt.date] | None
    language: Language
    name: str | None
    description: str | None
    color: str | None
    refresh: dt.timedelta
    feed: bool = True
    sequences: SequenceState | None = None
    fingerprints: bool = False
    """Whether to work out each object's fingerprint even without ``sequences`` (to
    record them in a new state)."""


def _options(
    plan: ActionPlan,
    *,
    mode: str,
    method: str | None,
    as_of: dt.date | None = None,
    alarms: AlarmsArg = None,
    unit_alarms: Mapping[str, AlarmsArg] | None = None,
    units: Iterable[str] | None = None,
    organizer: str | None = None,
    stamp: dt.datetime | dt.date | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    language: str = "vi",
    name: str | None = None,
    description: str | None = None,
    color: str | None = None,
    refresh: dt.timedelta = _REFRESH,
    feed: bool = True,
    sequences: SequenceState | None = None,
    fingerprints: bool = False,
) -> _Options:
    """The options of one export, checked; those not given take the defaults of
    :func:`to_calendar`."""
    if mode not in ("todo", "event"):
        raise ValidationError(
            "calendar export", "mode", f"unknown mode {mode!r}; expected 'todo' or 'event'"
        )
    if method not in ("PUBLISH", None):
        raise ValidationError(
            "calendar export",
            "method",
            f"unknown method {method!r}; expected 'PUBLISH' (a file to download) or None "
            "(objects for CalDAV or a folder)",
        )
    default, per_unit = _plan_alarms(plan, alarms, unit_alarms)
    known = _unit_ids(plan)
    selected = None if units is None else frozenset(units)
    unknown = sorted((selected or frozenset()) - known)
    if unknown:
        raise ValidationError(
            f"ActionPlan {plan.id!r}",
            "units",
            f"unknown unit {', '.join(map(repr, unknown))}; known units: "
            f"{', '.join(sorted(known)) or '(none)'}",
        )
    if window is not None and window[1] < window[0]:
        raise ValidationError(
            "calendar export",
            "window",
            f"ends ({window[1].isoformat()}) before it starts ({window[0].isoformat()})",
        )
    if color is not None and not (color.isascii() and color.isalpha()):
        raise ValidationError(
            "calendar export",
            "color",
            f"{color!r} is not a CSS colour name (RFC 7986 COLOR); use one such as 'darkred'",
        )
    if refresh <= dt.timedelta(0):
        raise ValidationError("calendar export", "refresh", f"must be positive, got {refresh}")
    if sequences is not None and not isinstance(sequences, SequenceState):
        raise ValidationError(
            "calendar export",
            "sequences",
            f"expected a SequenceState (SequenceState.load(path)), found "
            f"{type(sequences).__name__}",
        )
    return _Options(
        mode=mode,  # type: ignore[arg-type]
        method=method,  # type: ignore[arg-type]
        as_of=as_of,
        alarms=default,
        unit_alarms=per_unit,
        units=selected,
        organizer=organizer,
        stamp=None if stamp is None else _utc_stamp(stamp),
        window=window,
        language=check_language(language, "calendar export"),
        name=name,
        description=description,
        color=color,
        refresh=refresh,
        feed=feed,
        sequences=sequences,
        fingerprints=fingerprints or sequences is not None,
    )


def _unit_ids(plan: ActionPlan) -> frozenset[str]:
    ids = {u.id for u in plan.units}
    for task in plan.tasks:
        if task.lead:
            ids.add(task.lead)
        ids.update(task.coordinating)
    return frozenset(ids)


# -- the objects of a task -----------------------------------------------------------


@attrs.frozen
class _Slot:
    """One calendar object of a task: its UID and when it falls due."""

    uid: str
    due: dt.date | dt.datetime | None
    rule: str | None = None
    occurrence: dt.date | None = None
    series: tuple[dt.date, ...] = ()
    """For an RRULE, its occurrences in the export window."""
    ended: bool = False
    """For an RRULE, whether the series has no occurrence after the window."""


@attrs.frozen
class _Built:
    """One component as built, with what its SEQUENCE was worked out from."""

    task: Task
    slot: _Slot
    component: Component
    fingerprint: str
    sequence: int

    @property
    def uid(self) -> str:
        return self.slot.uid


@attrs.frozen
class _Written:
    """What a SEQUENCE state records of one object written."""

    uid: str
    fingerprint: str
    sequence: int


def portable_rule(deadline: RecurringDeadline) -> str | None:
    """The RRULE to write for an exact recurring deadline, in a form every client
    expands right; ``None`` when there is none (write the dates instead).

    Mozilla's ical.js (Thunderbird, many web clients) expands a yearly rule with
    several months and a day near the month's end wrongly (``FREQ=YEARLY;
    BYMONTH=6,12;BYMONTHDAY=-1`` gives 1 July, not 30 June). Every year, those
    months: the same dates as the monthly rule limited to them, which it reads
    right. With an interval of several years there is no such twin.

    >>> portable_rule(RecurringDeadline("yearly", months=(6, 12)))
    'FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1'
    >>> portable_rule(RecurringDeadline("yearly", months=(11,)))
    'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=-1'
    """
    months, _ = deadline.by_month()
    if deadline.frequency is not Frequency.YEARLY or len(months) < 2:
        return deadline.rule
    if deadline.interval != 1:
        return None
    return deadline.rule.replace("FREQ=YEARLY", "FREQ=MONTHLY", 1)


# -- the builder ---------------------------------------------------------------------


def _plan_label(plan: ActionPlan) -> str:
    return str(plan.document.ref) if plan.document and plan.document.ref else plan.id


def calendar_name(plan: ActionPlan, units: Iterable[str] | None = None) -> str:
    """The name a calendar of ``plan`` (of the tasks of ``units``) is shown under:
    the plan's number and title, and the units' names.

    >>> from actionplan.model import Unit
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", units=[Unit("cb1", "Chi bộ 1")])
    >>> calendar_name(plan, ["cb1"])
    'Kế hoạch 45 — Chi bộ 1'
    """
    label = _plan_label(plan)
    name = f"{label}: {plan.title}" if label != plan.id else plan.title
    if units:
        name += " — " + ", ".join(plan.unit_name(u) for u in sorted(units))
    return name


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``tzid`` covering the years given, made once and kept."""
    zone = Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )
    return bytes(zone.to_ical())


class _Builder:
    """Builds the components of one export; keeps what they share.

    ``calendar`` is the working calendar (the plan's own when ``None``); ``rows``
    the status rows already computed (a report's) for the occurrences of
    recurring tasks, or the :class:`OccurrenceRows` of another export of the same
    plan, cut-off date and calendar to share."""

    def __init__(
        self,
        plan: ActionPlan,
        options: _Options,
        *,
        calendar: WorkCalendar | None = None,
        rows: Iterable[StatusRow] | OccurrenceRows = (),
    ) -> None:
        self.plan = plan
        self.opt = options
        self.zone = _zone(plan)
        self.labels = LABELS[options.language]
        self.by_id: dict[str, Task] = {}
        for task in plan.tasks:
            if task.id in self.by_id:
                raise ValidationError(
                    f"ActionPlan {plan.id!r}",
                    "tasks",
                    f"the task id {task.id!r} is used twice; calendar UIDs are made from "
                    "task ids, so each must be unique",
                )
            self.by_id[task.id] = task
        self.progress = {t.id: task_progress(t, options.as_of) for t in plan.tasks}
        completed = {tid: p.done_on for tid, p in self.progress.items() if p.done_on}
        self.ctx: DeadlineContext = deadline_context(plan, calendar, completed)
        self.rows = (
            rows
            if isinstance(rows, OccurrenceRows)
            else OccurrenceRows(plan, as_of=options.as_of, calendar=calendar, rows=rows)
        )
        self.organizer = _organizer(plan, options.organizer) if options.method else None
        self.sections = {s.id: s.title for s in plan.sections}
        self.plan_label = _plan_label(plan)
        self.years: set[int] = set()
        self._schedules: dict[str, tuple[_Slot, ...]] = {}

    # -- selection and schedule ------------------------------------------------------

    def tasks(self) -> Iterator[Task]:
        units = self.opt.units
        for task in self.plan.tasks:
            if units is None or task.lead in units or not units.isdisjoint(task.coordinating):
                yield task

    def deadline(self, task: Task) -> Deadline | None:
        as_of = self.opt.as_of
        extensions = task.extensions if as_of is None else task.extensions_until(as_of)
        return extensions[-1].deadline if extensions else task.deadline

    def window(self, task: Task, deadline: RecurringDeadline) -> tuple[dt.date, dt.date]:
        if self.opt.window is not None:
            return self.opt.window
        plan, as_of = self.plan, self.opt.as_of
        start = plan.period.start if plan.period else plan.issued_on
        if start is None and as_of is not None:
            start = dt.date(as_of.year, 1, 1)
        if start is None:
            raise ValidationError(
                f"Task {task.id!r}",
                "deadline",
                f"recurs ({deadline.text or deadline.rule}), and nothing says from when: "
                "give the plan a date of issue or a period, or pass as_of= or "
                "window=(start, end) (--as-of on the command line)",
            )
        end = plan.period.end if plan.period else dt.date(start.year + 1, 12, 31)
        if as_of is not None:
            end = max(end, dt.date(as_of.year, 12, 31))
        return start, end

    def first_day(self, start: dt.date, deadline: RecurringDeadline) -> dt.date:
        """The first day occurrences are written from: the window's start, the
        series' own start, and the plan's date of issue (a plan asks for nothing
        due before it exists), whichever comes last."""
        days = [start, deadline.start or start, self.plan.issued_on or start]
        return max(days)

    def schedule(self, task: Task) -> tuple[_Slot, ...]:
        cached = self._schedules.get(task.id)
        if cached is None:
            cached = self._schedules[task.id] = self._schedule(task)
        return cached

    def _schedule(self, task: Task) -> tuple[_Slot, ...]:
        plan_id = self.plan.id
        deadline = self.deadline(task)
        base = task_uid(plan_id, task.id)
        if isinstance(deadline, RecurringDeadline):
            start, end = self.window(task, deadline)
            first = self.first_day(start, deadline)
            dates = occurrences(deadline, self.ctx, first, end) if first <= end else []
            rule = portable_rule(deadline) if deadline.exact else None
            if dates and rule is not None:
                ended = deadline.until is not None and deadline.until <= end
                return (_Slot(base, dates[0], rule=rule, series=tuple(dates), ended=ended),)
            if dates:
                return tuple(_Slot(task_uid(plan_id, task.id, d), d, occurrence=d) for d in dates)
            return (_Slot(base, None),)
        due = due_date(deadline, self.ctx)
        if due is not None and isinstance(deadline, FixedDeadline) and deadline.time is not None:
            return (_Slot(base, dt.datetime.combine(due, deadline.time, self.zone)),)
        return (_Slot(base, due),)

    def has_base_object(self, task_id: str) -> bool:
        task = self.by_id.get(task_id)
        if task is None:
            return False
        slots = self.schedule(task)
        return slots[0].occurrence is None

    # -- progress -----------------------------------------------------------------------

    def object_progress(self, task: Task, slot: _Slot) -> Progress:
        """What the object of ``slot`` says about progress: its occurrence's, its
        series' current occurrence's, or the task's."""
        own = self.progress[task.id]
        if slot.occurrence is not None:
            return occurrence_progress(own, self.rows.row(task, slot.occurrence))
        if slot.rule is not None:
            found = [(due, self.rows.row(task, due)) for due in slot.series]
            return series_progress(own, found, slot.ended)
        return own

    def uid_progress(self, task: Task, occurrence: dt.date | None) -> Progress:
        """What this export would say about progress in the object of ``task`` read
        back from a client: of one occurrence when ``occurrence`` is given (a UID
        with a date, or a ``RECURRENCE-ID``), else of the task's object (a series'
        current occurrence). A schedule that cannot be worked out (a recurrence
        with nothing to start from) gives the task's own progress."""
        own = self.progress[task.id]
        if occurrence is not None:
            return occurrence_progress(own, self.rows.row(task, occurrence))
        try:
            slot = self.schedule(task)[0]
        except ValidationError:
            return own
        return own if slot.occurrence is not None else self.object_progress(task, slot)

    def sequence(self, component: Component, uid: str, progress: Progress) -> tuple[str, int]:
        """The fingerprint and ``SEQUENCE`` of a component built without one (the
        fingerprint is ``""`` when nothing asks for it)."""
        if not self.opt.fingerprints:
            return "", progress.sequence
        print_ = fingerprint(component, progress.status)
        state = self.opt.sequences
        if state is None:
            return print_, progress.sequence
        return print_, state.sequence(uid, print_, progress.sequence)

    # -- shared properties ------------------------------------------------------------

    def stamp(self, progress: Progress) -> dt.datetime:
        if self.opt.stamp is not None:
            return self.opt.stamp
        dates = [d for d in (progress.stamp_date, self.plan.issued_on) if d is not None]
        if dates:
            return dt.datetime.combine(max(dates), dt.time(), dt.UTC)
        if self.opt.as_of is not None:
            return dt.datetime.combine(self.opt.as_of, dt.time(), dt.UTC)
        return _EPOCH

    def local(self, value: dt.datetime) -> dt.datetime:
        """Note the year of a time written with the plan's TZID (for its VTIMEZONE)."""
        self.years.add(value.year)
        return value

    def categories(self, task: Task) -> list[str]:
        values = [self.plan_label]
        if task.section:
            values.append(self.sections.get(task.section, task.section))
        if task.lead:
            values.append(self.plan.unit_name(task.lead))
        if task.key:
            values.append(self.labels["key"])
        values.extend(task.tags)
        # Many clients keep categories comma-joined and split them again (todoman
        # does, escaping or not), so a comma inside one would make two; and ical.js
        # takes the comma after an escaped backslash ("a\\\\,b") for an escaped comma.
        cleaned = (" ".join(v.replace(",", " – ").replace("\\", "/").split()) for v in values)
        return list(dict.fromkeys(v for v in cleaned if v))

    def when(self, due: dt.date | dt.datetime) -> str:
        lang = self.opt.language
        if isinstance(due, dt.datetime):
            return f"{due:%H:%M} {format_date(due.date(), lang)}"
        return format_date(due, lang)

    def description(self, task: Task, slot: _Slot, progress: Progress) -> str:
        lab, lang, plan = self.labels, self.opt.language, self.plan
        lines = [f"{lab['plan']}: {plan.title} ({self.plan_label})"]
        if task.section:
            lines.append(f"{lab['section']}: {self.sections.get(task.section, task.section)}")
        if task.lead:
            lines.append(f"{lab['lead']}: {plan.unit_name(task.lead)}")
        if task.coordinating:
            names = ", ".join(plan.unit_name(u) for u in task.coordinating)
            lines.append(f"{lab['coordinating']}: {names}")
        deadline = self.deadline(task)
        text = " ".join(deadline.text.split()) if deadline and deadline.text else None
        shown = self.when(slot.due) if slot.due is not None else None
        if slot.rule is not None and isinstance(slot.due, dt.date):
            shown = f"{lab['recurring']}, {lab['from']} {self.when(slot.due)}"
        parts = [p for p in (text, shown) if p]
        line = f"{lab['deadline']}: " + (
            f"{parts[0]} ({parts[1]})"
            if len(parts) == 2
            else parts[0]
            if parts
            else lab["no_deadline"]
        )
        if progress.extension is not None:
            ext = progress.extension
            line += f"; {lab['extended']} {format_date(ext.date, lang)}"
            if ext.approved_by is not None:
                line += f" ({ext.approved_by})"
            original = task.deadline
            if original is not None and original.text:
                line += f"; {lab['original']}: {' '.join(original.text.split())}"
        lines.append(line)
        if task.deliverable:
            lines.append(f"{lab['deliverable']}: {task.deliverable}")
        state = STATE_LABELS[lang][progress.state]
        if progress.done_on is not None:
            state += f", {lab['done_on']} {format_date(progress.done_on, lang)}"
        else:
            if progress.percent is not None and progress.state is not None:
                state += f", {progress.percent} %"
            if progress.last is not None:
                state += f" ({lab['updated']} {format_date(progress.last.date, lang)})"
        head = lab["progress"]
        if progress.current is not None:
            head += f" ({lab['cycle']} {format_date(progress.current, lang)})"
        lines.append(f"{head}: {state}")
        if progress.last is not None and progress.last.note:
            lines.append(f"{lab['note']}: {progress.last.note}")
        if task.note:
            lines.append(f"{lab['note']}: {task.note}")
        return "\n".join(lines)

    def alarms(
        self,
        task: Task,
        slot: _Slot,
        progress: Progress,
        reference: dt.datetime,
        related_end: bool,
    ) -> list[Alarm]:
        if slot.due is None or progress.status in ("COMPLETED", "CANCELLED"):
            return []
        specs = self.opt.unit_alarms.get(task.lead or "", self.opt.alarms)
        due_day = slot.due.date() if isinstance(slot.due, dt.datetime) else slot.due
        as_of = self.opt.as_of
        triggers: dict[dt.timedelta, AlarmSpec] = {}
        for spec in specs:
            moment = alarm_moment(spec, due_day, self.ctx.calendar)
            if slot.rule is None and as_of is not None and moment.date() < as_of:
                continue  # already past: importing it would only fire a stale reminder
            if reference.tzinfo is not None:
                offset = moment.replace(tzinfo=self.zone).astimezone(dt.UTC) - reference.astimezone(
                    dt.UTC
                )
            else:
                offset = moment - reference
            triggers.setdefault(offset, spec)
        lab = self.labels
        found: list[Alarm] = []
        for offset, spec in sorted(triggers.items()):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            head = lab["overdue"] if spec.after else lab["reminder"]
            # Every occurrence of a series fires the same alarm: name no date there.
            when = lab["recurring"] if slot.rule else f"{lab['due']} {self.when(slot.due)}"
            alarm.add("description", Text(f"{head}: {task.title} ({when})"))
            params = {"RELATED": "END"} if related_end else {}
            alarm.add("trigger", vDuration(offset), parameters=params)
            found.append(alarm)
        return found

    # -- components ------------------------------------------------------------------

    def components(self) -> Iterator[_Built]:
        for task in self.tasks():
            for slot in self.schedule(task):
                if self.opt.mode == "event" and slot.due is None:
                    continue
                progress = self.object_progress(task, slot)
                if progress.current is not None:
                    slot = attrs.evolve(slot, due=progress.current)  # a series' current cycle
                if self.opt.mode == "todo":
                    component: Component = self.todo(task, slot, progress)
                else:
                    component = self.event(task, slot, progress)
                print_, sequence = self.sequence(component, slot.uid, progress)
                component.add("sequence", sequence)
                yield _Built(task, slot, component, print_, sequence)

    def common(self, component: Component, task: Task, slot: _Slot, progress: Progress) -> None:
        component.add("uid", slot.uid)
        component.add("dtstamp", self.stamp(progress))
        component.add("description", Text(self.description(task, slot, progress)))
        component.add("categories", categories(self.categories(task)))
        component.add("priority", PRIORITY_VALUES[task.priority])
        if slot.rule is not None:
            component.add("rrule", vRecur.from_ical(slot.rule))
            if progress.exdates:
                component.add("exdate", list(progress.exdates))
        if self.organizer is not None:
            component.add("organizer", self.organizer)

    def todo(self, task: Task, slot: _Slot, progress: Progress) -> Todo:
        todo = Todo()
        self.common(todo, task, slot, progress)
        todo.add("summary", Text(task.title))
        todo.add("status", progress.status)
        if progress.percent is not None:
            todo.add("percent-complete", progress.percent)
        if progress.done_on is not None:
            done = dt.datetime.combine(progress.done_on, dt.time(), self.zone)
            todo.add("completed", done.astimezone(dt.UTC))
        due = slot.due
        if due is None:
            start = self.plan.issued_on or self.stamp(progress).date()
            todo.add("dtstart", start)
        else:
            if isinstance(due, dt.datetime):
                self.local(due)
            todo.add("dtstart", due)
            todo.add("due", due)
        if task.parent is not None and self.has_base_object(task.parent):
            todo.add(
                "related-to", task_uid(self.plan.id, task.parent), parameters={"RELTYPE": "PARENT"}
            )
        for other in task.depends_on:
            if self.has_base_object(other):
                todo.add(
                    "related-to",
                    task_uid(self.plan.id, other),
                    parameters={"RELTYPE": "DEPENDS-ON"},
                )
        if due is not None:
            reference = due if isinstance(due, dt.datetime) else dt.datetime.combine(due, dt.time())
            for alarm in self.alarms(task, slot, progress, reference, related_end=True):
                todo.add_component(alarm)
        return todo

    def event(self, task: Task, slot: _Slot, progress: Progress) -> Event:
        due = slot.due
        assert due is not None
        event = Event()
        self.common(event, task, slot, progress)
        done = progress.status == "COMPLETED"
        event.add("summary", Text(f"✓ {task.title}" if done else task.title))
        if progress.status == "CANCELLED":
            event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        if isinstance(due, dt.datetime):
            start = (due.astimezone(dt.UTC) - dt.timedelta(minutes=EVENT_MINUTES)).astimezone(
                self.zone
            )
            event.add("dtstart", self.local(start))
            event.add("dtend", self.local(due))
            reference = start
        else:
            event.add("dtstart", due)
            event.add("dtend", due + _DAY)
            reference = dt.datetime.combine(due, dt.time())
        for alarm in self.alarms(task, slot, progress, reference, related_end=False):
            event.add_component(alarm)
        return event

    # -- the calendar around them --------------------------------------------------------

    def header(self) -> Calendar:
        opt = self.opt
        cal = Calendar()
        cal.add("prodid", PRODID.format(lang=opt.language.upper()))
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        if opt.method is not None:
            cal.add("method", opt.method)
        if not opt.feed:
            return cal
        name = opt.name or self.default_name()
        cal.add("name", Text(name))
        cal.add("x-wr-calname", Text(name))
        description = opt.description or self.default_description()
        cal.add("description", Text(description))
        cal.add("x-wr-caldesc", Text(description))
        if opt.color is not None:
            cal.add("color", opt.color)
        # RFC 7986 wants VALUE=DURATION spelled out; icalendar's own
        # ``refresh_interval`` setter leaves it out (pinned in the tests).
        cal.add("refresh-interval", vDuration(opt.refresh), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(opt.refresh))
        return cal

    def default_name(self) -> str:
        return calendar_name(self.plan, self.opt.units)

    def default_description(self) -> str:
        plan = self.plan
        parts = []
        if plan.document is not None:
            parts.append(plan.document.citation(self.opt.language))
        if plan.objective:
            parts.append(plan.objective)
        return "\n".join(parts) or plan.title

    def timezone(self) -> bytes | None:
        if not self.years:
            return None
        return _vtimezone(self.plan.timezone, min(self.years), max(self.years))


@attrs.frozen
class _Source:
    """What an export starts from: the plan, the cut-off date, the working calendar
    (``None``: the plan's own) and the status rows already computed."""

    plan: ActionPlan
    as_of: dt.date | None
    calendar: WorkCalendar | None = None
    rows: Sequence[StatusRow] = ()


def _source(plan_or_report: PlanOrReport, as_of: dt.date | None) -> _Source:
    if isinstance(plan_or_report, ActionPlan):
        return _Source(plan_or_report, as_of)
    rows: Sequence[StatusRow] = ()
    if isinstance(plan_or_report, StatusReport) and len(plan_or_report.plans) == 1:
        evaluation = plan_or_report.plans[0]
        rows = plan_or_report.rows
    elif isinstance(plan_or_report, PlanEvaluation):
        evaluation = plan_or_report
    else:
        evaluations = getattr(plan_or_report, "plans", None)
        count = f" of {len(evaluations)} plans" if isinstance(evaluations, Sequence) else ""
        raise ValidationError(
            "calendar export",
            "plan_or_report",
            f"expected a plan, or a status report of one plan, found "
            f"{type(plan_or_report).__name__}{count}; export each plan on its own",
        )
    if as_of is not None and as_of != evaluation.as_of:
        rows = ()  # judged on another date: the occurrences are judged again
    cutoff = evaluation.as_of if as_of is None else as_of
    return _Source(evaluation.plan, cutoff, evaluation.calendar, rows)


def _builder(
    plan_or_report: PlanOrReport,
    *,
    mode: str,
    method: str | None,
    units: Iterable[str] | None = None,
    alarms: AlarmsArg = None,
    unit_alarms: Mapping[str, AlarmsArg] | None = None,
    as_of: dt.date | None = None,
    organizer: str | None = None,
    stamp: dt.datetime | dt.date | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    language: str = "vi",
    name: str | None = None,
    description: str | None = None,
    color: str | None = None,
    refresh: dt.timedelta = _REFRESH,
    sequences: SequenceState | None = None,
    feed: bool = True,
    fingerprints: bool = False,
) -> _Builder:
    """The builder of one export of a plan or a report (see :func:`_options`)."""
    source = _source(plan_or_report, as_of)
    options = _options(
        source.plan,
        mode=mode,
        method=method,
        units=units,
        alarms=alarms,
        unit_alarms=unit_alarms,
        as_of=source.as_of,
        organizer=organizer,
        stamp=stamp,
        window=window,
        language=language,
        name=name,
        description=description,
        color=color,
        refresh=refresh,
        feed=feed,
        sequences=sequences,
        fingerprints=fingerprints,
    )
    return _Builder(source.plan, options, calendar=source.calendar, rows=source.rows)


def to_calendar(
    plan_or_report: PlanOrReport,
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    alarms: AlarmsArg = None,
    unit_alarms: Mapping[str, AlarmsArg] | None = None,
    as_of: dt.date | None = None,
    method: Method = "PUBLISH",
    organizer: str | None = None,
    stamp: dt.datetime | dt.date | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    language: str = "vi",
    name: str | None = None,
    description: str | None = None,
    color: str | None = None,
    refresh: dt.timedelta = _REFRESH,
    sequences: SequenceState | None = None,
) -> Calendar:
    """The plan's tasks as an :class:`icalendar.Calendar` (see the module docstring).

    ``plan_or_report``: a plan, or a status report of one plan (or one plan's
    evaluation): the report's cut-off date is used when ``as_of`` is not given,
    its working calendar always, and its rows give the statuses of the
    occurrences of recurring tasks. ``units``: only the tasks these units lead or
    coordinate. ``alarms``: reminders for every task (``"7wd, 1d, overdue"`` or
    :class:`AlarmSpec` items; ``()`` for none), instead of the plan's; the default
    is the plan's own (:attr:`ActionPlan.alarms
    <actionplan.model.ActionPlan.alarms>`, and for the tasks a unit leads that
    unit's :attr:`~actionplan.model.Unit.alarms`), else the plan's due-soon window,
    the day before and an overdue reminder; ``unit_alarms``: other reminders for
    the tasks a unit leads. ``as_of``: the cut-off date (updates and
    extensions after it are ignored, and reminders already past are left out);
    ``None`` takes everything recorded. ``method``: ``"PUBLISH"`` for a file to
    download or subscribe to (with an ORGANIZER: ``organizer``, else the issuing
    unit's e-mail), ``None`` for objects to store. ``stamp``: the ``DTSTAMP`` of
    every object instead of the one taken from the data. ``window``: the dates
    between which the occurrences of recurring deadlines are listed (default: the
    plan's period, else from its date of issue to the end of the next year, and at
    least to the end of ``as_of``'s year; never before the date of issue).
    ``language``: ``"vi"`` or ``"en"`` for descriptions. ``name``,
    ``description``, ``color`` (a CSS colour name) and ``refresh`` describe the
    calendar to subscribers (RFC 7986). ``sequences``: the ``SEQUENCE`` numbers
    last written (:class:`~actionplan.ical.sequences.SequenceState`), so that an
    object's number grows exactly when its schedule or status changed; without
    it the numbers are derived from the data.
    """
    builder = _builder(
        plan_or_report,
        mode=mode,
        method=method,
        units=units,
        alarms=alarms,
        unit_alarms=unit_alarms,
        as_of=as_of,
        organizer=organizer,
        stamp=stamp,
        window=window,
        language=language,
        name=name,
        description=description,
        color=color,
        refresh=refresh,
        sequences=sequences,
    )
    return _calendar(builder)


def _calendar(builder: _Builder) -> Calendar:
    cal = builder.header()
    for built in builder.components():
        cal.add_component(built.component)
    zone = builder.timezone()
    if zone is not None:
        cal.subcomponents.insert(0, Timezone.from_ical(zone))
    return cal


_END: Final = b"END:VCALENDAR\r\n"


def _ical_bytes(builder: _Builder, written: list[_Written] | None = None) -> bytes:
    """The calendar's bytes; the UID, fingerprint and SEQUENCE of each object are
    appended to ``written``."""
    head = builder.header().to_ical()
    assert head.endswith(_END)
    body: list[bytes] = []
    for item in builder.components():
        body.append(component_bytes(item.component))
        if written is not None:
            written.append(_Written(item.uid, item.fingerprint, item.sequence))
    zone = builder.timezone()
    return b"".join([head[: -len(_END)], zone or b"", *body, _END])


def to_ical_bytes(
    plan_or_report: PlanOrReport,
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    alarms: AlarmsArg = None,
    unit_alarms: Mapping[str, AlarmsArg] | None = None,
    as_of: dt.date | None = None,
    method: Method = "PUBLISH",
    organizer: str | None = None,
    stamp: dt.datetime | dt.date | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    language: str = "vi",
    name: str | None = None,
    description: str | None = None,
    color: str | None = None,
    refresh: dt.timedelta = _REFRESH,
    sequences: SequenceState | None = None,
) -> bytes:
    """The same bytes as ``to_calendar(...).to_ical()``, made faster and in far less
    memory: each object is serialised as soon as it is built and only its bytes are
    kept. Use it for large plans and for files; the arguments are those of
    :func:`to_calendar`.
    """
    builder = _builder(
        plan_or_report,
        mode=mode,
        method=method,
        units=units,
        alarms=alarms,
        unit_alarms=unit_alarms,
        as_of=as_of,
        organizer=organizer,
        stamp=stamp,
        window=window,
        language=language,
        name=name,
        description=description,
        color=color,
        refresh=refresh,
        sequences=sequences,
    )
    return _ical_bytes(builder)
