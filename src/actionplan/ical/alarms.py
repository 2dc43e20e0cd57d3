"""Reminders before (and after) a deadline, counted in calendar or working days.

A calendar alarm (``VALARM``) fires a fixed duration before or after the moment it
is related to. Offices count reminders in working days ("nhắc trước 7 ngày làm
việc"), which no ``TRIGGER`` can express, so each :class:`AlarmSpec` is turned into
the exact offset for the task at hand with the plan's working calendar: 7 working
days before a deadline that follows the Tết holiday is many more calendar days than
7 working days before one in June.

>>> parse_alarms("7wd, +1wd")[1]
AlarmSpec(days=1, working=True, after=True, at=datetime.time(9, 0))
>>> [str(spec) for spec in parse_alarms("7wd, 1d, +1wd")]
['7wd', '1d', '+1wd']
>>> str(parse_alarms("2d@14:30")[0])
'2d@14:30'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from actionplan.errors import ParseError, ValidationError
from actionplan.workdays import WorkCalendar

__all__ = ["DEFAULT_ALARM_TIME", "AlarmSpec", "alarm_moment", "default_alarms", "parse_alarms"]

DEFAULT_ALARM_TIME = dt.time(9, 0)
"""The hour reminders fire at unless a spec says otherwise: 09:00, office hours."""

ALARM_FORMS = (
    "7wd (7 working days before the deadline)",
    "1d (1 calendar day before)",
    "0d (on the day)",
    "+1wd (overdue: the next working day after the deadline)",
    "1d@14:30 (at 14:30 instead of 09:00)",
    "none (no reminders)",
)

_SPEC = re.compile(
    r"(?P<after>\+)?(?P<days>\d{1,4})\s*(?P<unit>wd|d)(?:\s*@\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
)


def _days(instance: AlarmSpec, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3660:
        raise ValidationError(
            "AlarmSpec", "days", f"must be a whole number of days from 0 to 3660, got {value!r}"
        )


def _at(instance: AlarmSpec, attribute: attrs.Attribute[dt.time], value: dt.time) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise ValidationError(
            "AlarmSpec", "at", f"must be a time of day without a time zone, got {value!r}"
        )


@attrs.frozen
class AlarmSpec:
    """One reminder: ``days`` calendar days (or working days when ``working``) before
    the deadline, or after it when ``after`` (an overdue reminder), at ``at`` o'clock
    in the plan's time zone.

    ``AlarmSpec(0)`` fires on the due day itself. Working days come from the plan's
    calendar: public holidays, days off in lieu and make-up Saturdays count as they
    should.

    >>> AlarmSpec(7, working=True)
    AlarmSpec(days=7, working=True, after=False, at=datetime.time(9, 0))
    >>> str(AlarmSpec(1, working=True, after=True))
    '+1wd'
    """

    days: int = attrs.field(validator=_days)
    working: bool = False
    after: bool = False
    at: dt.time = attrs.field(default=DEFAULT_ALARM_TIME, validator=_at)

    def __str__(self) -> str:
        text = f"{'+' if self.after else ''}{self.days}{'wd' if self.working else 'd'}"
        if self.at != DEFAULT_ALARM_TIME:
            text += f"@{self.at:%H:%M}"
        return text

    def day(self, due: dt.date, calendar: WorkCalendar) -> dt.date:
        """The day this reminder fires for a deadline on ``due``.

        >>> from actionplan.workdays import WorkCalendar
        >>> AlarmSpec(3, working=True).day(dt.date(2024, 5, 3), WorkCalendar())
        datetime.date(2024, 4, 25)
        """
        sign = 1 if self.after else -1
        if self.working:
            return calendar.add_working_days(due, sign * self.days)
        return due + dt.timedelta(days=sign * self.days)


def alarm_moment(spec: AlarmSpec, due: dt.date, calendar: WorkCalendar) -> dt.datetime:
    """The local (naive) date and time ``spec`` fires at for a deadline on ``due``.

    >>> from actionplan.workdays import WorkCalendar
    >>> alarm_moment(AlarmSpec(1, working=True, after=True), dt.date(2024, 4, 26), WorkCalendar())
    datetime.datetime(2024, 5, 2, 9, 0)
    """
    return dt.datetime.combine(spec.day(due, calendar), spec.at)


def parse_alarms(text: str) -> tuple[AlarmSpec, ...]:
    """Read reminder specs separated by commas: ``"7wd,1d"`` is 7 working days and
    1 calendar day before the deadline; ``+1wd`` the next working day after it (an
    overdue reminder); ``@HH:MM`` sets the hour (09:00 by default); ``none`` (or an
    empty text) means no reminders.

    Raises :class:`~actionplan.errors.ParseError` naming the part it cannot read.

    >>> parse_alarms("none")
    ()
    >>> parse_alarms("7wd, 3 ngày")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actionplan.errors.ParseError: alarm spec '7wd, 3 ngày': cannot read '3 ngày' (part 2); ...
    """
    cleaned = text.strip()
    if cleaned.lower() in ("", "none", "no", "0", "off"):
        return ()
    specs: list[AlarmSpec] = []
    for index, part in enumerate(cleaned.split(","), start=1):
        piece = part.strip().lower()
        match = _SPEC.fullmatch(piece)
        if match is None:
            raise ParseError(
                f"alarm spec {text!r}: cannot read {part.strip()!r} (part {index}); write days "
                "as 'd' and working days as 'wd', e.g. '7wd,1d'",
                text=text,
                expected=ALARM_FORMS,
            )
        at = DEFAULT_ALARM_TIME
        if match["hour"] is not None:
            hour, minute = int(match["hour"]), int(match["minute"])
            if hour > 23 or minute > 59:
                raise ParseError(
                    f"alarm spec {text!r}: {match['hour']}:{match['minute']} in part {index} is "
                    "not a time of day; use 00:00 to 23:59",
                    text=text,
                    expected=ALARM_FORMS,
                )
            at = dt.time(hour, minute)
        specs.append(
            AlarmSpec(
                int(match["days"]),
                working=match["unit"] == "wd",
                after=match["after"] is not None,
                at=at,
            )
        )
    return tuple(dict.fromkeys(specs))


def default_alarms(due_soon_days: int) -> tuple[AlarmSpec, ...]:
    """The reminders used when none are given: when the task enters the plan's
    due-soon window (``due_soon_days`` working days before), the day before, and
    an overdue reminder on the next working day after the deadline.

    >>> [str(a) for a in default_alarms(5)]
    ['5wd', '1d', '+1wd']
    """
    specs: Iterable[AlarmSpec] = (
        AlarmSpec(due_soon_days, working=True),
        AlarmSpec(1),
        AlarmSpec(1, working=True, after=True),
    )
    return tuple(dict.fromkeys(s for s in specs if s.after or s.days > 0))
