"""A plan's calendar objects one by one: what a folder of files (vdir) or a CalDAV
collection stores, one object per resource.

Each :class:`CalendarObject` is a whole ``VCALENDAR`` holding exactly one to-do or
event (and the ``VTIMEZONE`` its times need), without ``METHOD`` and without
``ORGANIZER``, as RFC 4791 (4.1) wants of a calendar object resource. A recurring
task written per occurrence gives one object per occurrence, each with its own
status (see :mod:`actionplan.ical.export`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

import attrs

from actionplan.ical._serialize import component_bytes
from actionplan.ical.export import _END, AlarmsArg, Mode, PlanOrReport, _Builder, _builder
from actionplan.ical.sequences import SequenceState

__all__ = ["CalendarObject", "iter_objects"]


@attrs.frozen
class CalendarObject:
    """One calendar object resource: its ``uid``, the ``filename`` to store it under
    (``{uid}.ics``; a UID is always a safe file name and URL segment) and its
    ``data``, a whole calendar holding just it.

    ``task_id`` is the task it belongs to and ``occurrence`` the due date of the
    occurrence it stands for (``None`` for a task's only object or an ``RRULE``
    series). ``sequence`` is the ``SEQUENCE`` written, and ``fingerprint`` the hash of
    its scheduling properties and status that the number follows
    (:class:`~actionplan.ical.sequences.SequenceState`).
    """

    uid: str
    filename: str
    data: bytes = attrs.field(repr=False)
    task_id: str
    occurrence: dt.date | None
    sequence: int
    fingerprint: str = attrs.field(repr=False)


def _objects(builder: _Builder) -> Iterator[CalendarObject]:
    head = builder.header().to_ical()[: -len(_END)]
    for built in builder.components():
        zone = builder.timezone()
        builder.years.clear()
        uid = built.slot.uid
        yield CalendarObject(
            uid=uid,
            filename=f"{uid}.ics",
            data=b"".join([head, zone or b"", component_bytes(built.component), _END]),
            task_id=built.task.id,
            occurrence=built.slot.occurrence,
            sequence=built.sequence,
            fingerprint=built.fingerprint,
        )


def iter_objects(
    plan_or_report: PlanOrReport,
    *,
    mode: Mode = "todo",
    units: Iterable[str] | None = None,
    alarms: AlarmsArg = None,
    unit_alarms: Mapping[str, AlarmsArg] | None = None,
    as_of: dt.date | None = None,
    stamp: dt.datetime | dt.date | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    language: str = "vi",
    sequences: SequenceState | None = None,
) -> Iterator[CalendarObject]:
    """The plan's objects one by one, in plan order (occurrences by date), for a
    folder of files or a CalDAV collection.

    The arguments are those of :func:`~actionplan.ical.to_calendar`; they are
    checked at once, before the first object is made. The objects are those of
    ``to_calendar(..., method=None)``, each on its own.

    >>> import datetime as dt
    >>> from actionplan.deadlines import RecurringDeadline
    >>> from actionplan.model import ActionPlan, ProgressUpdate, Task
    >>> monthly = RecurringDeadline("monthly", month_day=19, first=dt.date(2024, 8, 20))
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...     Task("3", "Báo cáo tháng", deadline=monthly,
    ...          updates=[ProgressUpdate(dt.date(2024, 9, 18), "done")])])
    >>> objects = iter_objects(plan, as_of=dt.date(2024, 10, 1),
    ...                        window=(dt.date(2024, 8, 1), dt.date(2024, 10, 31)))
    >>> for item in objects:
    ...     status = item.data.split(b"STATUS:")[1].split(b"\\r\\n")[0].decode()
    ...     print(item.filename, item.occurrence, status)
    kh45-3-20240820@actionplan.ics 2024-08-20 NEEDS-ACTION
    kh45-3-20240919@actionplan.ics 2024-09-19 COMPLETED
    kh45-3-20241019@actionplan.ics 2024-10-19 NEEDS-ACTION
    """
    builder = _builder(
        plan_or_report,
        mode=mode,
        method=None,
        units=units,
        alarms=alarms,
        unit_alarms=unit_alarms,
        as_of=as_of,
        stamp=stamp,
        window=window,
        language=language,
        sequences=sequences,
        feed=False,
        fingerprints=True,
    )
    return _objects(builder)
