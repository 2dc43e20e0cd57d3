"""Reminder specs, as the calendar export uses them.

The specs themselves (:class:`~actionplan.reminders.AlarmSpec`, the text form read
by :func:`~actionplan.reminders.parse_alarms`) live in :mod:`actionplan.reminders`,
where the model can use them for a plan's and its units' own reminders; they are
re-exported here and from :mod:`actionplan.ical`, so older imports keep working.
Each spec becomes one ``VALARM`` per task, its ``TRIGGER`` worked out with the
plan's working calendar (see :mod:`actionplan.ical.export`).

>>> from actionplan.reminders import AlarmSpec as Spec
>>> AlarmSpec is Spec
True
"""

from __future__ import annotations

from actionplan.reminders import (
    ALARM_FORMS,
    DEFAULT_ALARM_TIME,
    AlarmSpec,
    alarm_moment,
    default_alarms,
    format_alarms,
    parse_alarms,
)

__all__ = [
    "ALARM_FORMS",
    "DEFAULT_ALARM_TIME",
    "AlarmSpec",
    "alarm_moment",
    "default_alarms",
    "format_alarms",
    "parse_alarms",
]
