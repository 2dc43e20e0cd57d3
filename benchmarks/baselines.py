"""What the library is measured against: the same work done the plain way.

- :func:`ical_specs` / :func:`ical_direct`: the calendar objects of an export as
  plain Python values (text, dates, integers, durations), then built directly with
  ``icalendar`` into one :class:`icalendar.Calendar` and serialised with
  ``to_ical()``, the way the icalendar documentation shows. The values are taken
  from the library's own export, so both sides write the very same objects, and
  :func:`ical_direct` gives the same bytes (the benchmark checks it).
- :func:`status_inputs` / :func:`classify_bare`: the dates a status is judged on,
  classified by a bare loop over :class:`datetime.date` comparisons.
- :func:`taskwarrior_tasks`: the plan's tasks as Taskwarrior's import format.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from icalendar import Alarm, Calendar, Component, Event, Timezone, Todo
from icalendar.prop import (
    vCalAddress,
    vCategory,
    vDDDTypes,
    vDuration,
    vInt,
    vRecur,
    vText,
    vUnknown,
)

from actionplan.model import ActionPlan, ProgressState
from actionplan.status import StatusReport

__all__ = [
    "ICalSpec",
    "classify_bare",
    "ical_direct",
    "ical_specs",
    "status_inputs",
    "taskwarrior_tasks",
]

Property = tuple[str, Any, dict[str, str]]
ICalSpec = tuple[str, list[Property], list["ICalSpec"]]
"""A component as plain data: its name, its properties (name, Python value,
parameters) and its subcomponents."""

_KINDS: dict[str, type[Component]] = {
    "VCALENDAR": Calendar,
    "VTODO": Todo,
    "VEVENT": Event,
    "VALARM": Alarm,
}


def _plain(name: str, value: Any) -> Any:
    """An icalendar property value as the Python value a caller would pass to ``add``
    (X- properties keep their type: icalendar would not know which to give them)."""
    if Calendar.types_factory.for_property(name) is vUnknown:
        return value
    if isinstance(value, vDDDTypes):
        return value.dt
    if isinstance(value, vDuration):
        return value.td
    if isinstance(value, vCategory):
        return list(value.cats)
    if isinstance(value, vRecur):
        return dict(value)
    if isinstance(value, vCalAddress):
        return str(value)
    if isinstance(value, vInt):
        return int(value)
    if isinstance(value, vText):
        return str(value)
    return value


def _spec(component: Component) -> ICalSpec:
    props: list[Property] = []
    for name, value in component.property_items(recursive=False, sorted=False):
        if name in ("BEGIN", "END"):
            continue
        params = dict(getattr(value, "params", {}) or {})
        props.append((name.lower(), _plain(name, value), params))
    return component.name, props, [_spec(sub) for sub in component.subcomponents]


def ical_specs(calendar: Calendar) -> tuple[ICalSpec, list[ICalSpec], Timezone | None]:
    """The calendar's header, its objects and its VTIMEZONE (if any), as plain data."""
    header = _spec(calendar)
    zones = [c for c in calendar.subcomponents if isinstance(c, Timezone)]
    objects = [_spec(c) for c in calendar.subcomponents if not isinstance(c, Timezone)]
    return (header[0], header[1], []), objects, zones[0] if zones else None


def _build(spec: ICalSpec) -> Component:
    name, props, subs = spec
    component = _KINDS[name]()
    for prop, value, params in props:
        component.add(prop, value, parameters=params or None)
    for sub in subs:
        component.add_component(_build(sub))
    return component


def ical_direct(
    header: ICalSpec,
    objects: Sequence[ICalSpec],
    zone: Timezone | None,
    *,
    add_missing_timezones: bool = False,
) -> bytes:
    """Build every object with icalendar into one Calendar, then ``to_ical()``.

    With ``add_missing_timezones``, the VTIMEZONE comes from icalendar's
    ``Calendar.add_missing_timezones()`` (which looks at every object) instead of
    being added as it is.
    """
    calendar = _build(header)
    assert isinstance(calendar, Calendar)
    if zone is not None and not add_missing_timezones:
        calendar.add_component(zone)
    for spec in objects:
        calendar.add_component(_build(spec))
    if add_missing_timezones:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


Judged = tuple[dt.date | None, dt.date | None, bool]
"""What a status is judged on: the due date, the completion date, whether started."""


def status_inputs(report: StatusReport) -> list[Judged]:
    """The dates of every row of a report, as a bare loop would get them."""
    return [
        (row.due, row.done_on, row.status.value.startswith("in_progress")) for row in report.rows
    ]


def classify_bare(items: Iterable[Judged], as_of: dt.date) -> list[int]:
    """Classify each row by date comparisons alone: done on time / late / without a
    deadline, no deadline, in progress or not started, within the deadline or
    overdue (numbered 0–7)."""
    out: list[int] = []
    append = out.append
    for due, done_on, started in items:
        if done_on is not None:
            append(2 if due is None else 0 if done_on <= due else 1)
        elif due is None:
            append(3)
        elif due < as_of:
            append(4 if started else 5)
        else:
            append(6 if started else 7)
    return out


def _tw_date(value: dt.date) -> str:
    return f"{value:%Y%m%d}T000000Z"


def taskwarrior_tasks(report: StatusReport) -> list[dict[str, Any]]:
    """The report's rows as Taskwarrior tasks (``task import`` format): the same
    titles, lead units (as projects), due and completion dates and notes."""
    plan: ActionPlan = report.plans[0].plan
    issued = plan.issued_on or report.as_of
    tasks: list[dict[str, Any]] = []
    for row in report.rows:
        task: dict[str, Any] = {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{plan.id}/{row.id}")),
            "description": row.title,
            "entry": _tw_date(issued),
            "status": "completed" if row.status.is_done else "pending",
        }
        if row.lead:
            task["project"] = row.lead
        if row.due is not None:
            task["due"] = _tw_date(row.due)
        if row.done_on is not None:
            task["end"] = _tw_date(row.done_on)
        if row.task.key:
            task["priority"] = "H"
        if row.task.tags or row.task.section:
            task["tags"] = [*(row.task.tags), *([row.task.section] if row.task.section else [])]
        update = row.last_update
        if update is not None and update.note:
            task["annotations"] = [{"entry": _tw_date(update.date), "description": update.note}]
        if update is not None and update.state is ProgressState.CANCELLED:
            task["status"] = "deleted"
            task["end"] = _tw_date(update.date)
        tasks.append(task)
    return tasks
