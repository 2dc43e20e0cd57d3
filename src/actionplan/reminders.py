"""Reminders before (and after) a deadline, counted in calendar or working days.

Offices count reminders in working days ("nhắc trước 7 ngày làm việc"), and chase
a task that is still open once its deadline has passed. An :class:`AlarmSpec` is one
such reminder: so many calendar or working days before the deadline (or after it:
an overdue reminder), at an hour of the day. Working days come from the plan's
calendar, so 7 working days before a deadline that follows the Tết holiday is many
more calendar days than 7 working days before one in June.

Reminders are written as short texts, the same on the command line
(``actionplan ics --alarm``) and in a plan file (``plan.alarms``,
``units[].alarms``): ``7wd`` is 7 working days before, ``1d`` one calendar day
before, ``0d`` on the day, ``overdue`` the next working day after the deadline
(``+1wd``; ``+3d`` is 3 calendar days after it), ``@14:30`` another hour than
09:00, and ``none`` no reminders at all.

This module is the model's: it knows nothing of calendar files. The calendar
export (:mod:`actionplan.ical`) turns each spec into a ``VALARM`` for the task at
hand.

>>> parse_alarms("7wd, 1d, overdue")
(AlarmSpec(days=7, working=True, after=False, at=datetime.time(9, 0)), AlarmSpec(days=1, working=False, after=False, at=datetime.time(9, 0)), AlarmSpec(days=1, working=True, after=True, at=datetime.time(9, 0)))
>>> format_alarms(parse_alarms("7wd, 1d, +1wd, 2d@14:30"))
'7wd, 1d, overdue, 2d@14:30'
"""  # noqa: E501  (the repr in the first example is one long line)

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from actionplan.errors import ParseError, ValidationError
from actionplan.workdays import WorkCalendar

__all__ = [
    "ALARM_FORMS",
    "DEFAULT_ALARM_TIME",
    "AlarmSpec",
    "alarm_moment",
    "default_alarms",
    "format_alarms",
    "parse_alarms",
]

DEFAULT_ALARM_TIME = dt.time(9, 0)
"""The hour reminders fire at unless a spec says otherwise: 09:00, office hours."""

ALARM_FORMS = (
    "7wd (7 working days before the deadline)",
    "1d (1 calendar day before)",
    "0d (on the day)",
    "overdue (the next working day after the deadline, if still open; also +1wd)",
    "+3d (3 calendar days after the deadline)",
    "1d@14:30 (at 14:30 instead of 09:00)",
    "none (no reminders)",
)
"""The forms :func:`parse_alarms` understands, as error messages list them."""

_NONE = ("", "none", "no", "0", "off")
_OVERDUE = "overdue"
_SPEC = re.compile(
    r"(?:(?P<overdue>overdue)|(?P<after>\+)?(?P<days>\d{1,4})\s*(?P<unit>wd|d))"
    r"(?:\s*@\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
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
    should. Its text (``str``) is the form :func:`parse_alarms` reads back; the
    usual overdue reminder, the next working day after the deadline, is
    ``overdue``.

    >>> AlarmSpec(7, working=True)
    AlarmSpec(days=7, working=True, after=False, at=datetime.time(9, 0))
    >>> str(AlarmSpec(1, working=True, after=True)), str(AlarmSpec(3, after=True))
    ('overdue', '+3d')
    """

    days: int = attrs.field(validator=_days)
    working: bool = False
    after: bool = False
    at: dt.time = attrs.field(default=DEFAULT_ALARM_TIME, validator=_at)

    @property
    def overdue(self) -> bool:
        """True for the usual overdue reminder: the next working day after the deadline."""
        return self.after and self.working and self.days == 1

    def __str__(self) -> str:
        if self.overdue:
            text = _OVERDUE
        else:
            text = f"{'+' if self.after else ''}{self.days}{'wd' if self.working else 'd'}"
        if self.at != DEFAULT_ALARM_TIME:
            text += f"@{self.at:%H:%M}"
        return text

    def day(self, due: dt.date, calendar: WorkCalendar) -> dt.date:
        """The day this reminder fires for a deadline on ``due``.

        >>> AlarmSpec(3, working=True).day(dt.date(2024, 5, 3), WorkCalendar())
        datetime.date(2024, 4, 25)
        """
        sign = 1 if self.after else -1
        if self.working:
            return calendar.add_working_days(due, sign * self.days)
        return due + dt.timedelta(days=sign * self.days)


def alarm_moment(spec: AlarmSpec, due: dt.date, calendar: WorkCalendar) -> dt.datetime:
    """The local (naive) date and time ``spec`` fires at for a deadline on ``due``.

    >>> alarm_moment(AlarmSpec(1, working=True, after=True), dt.date(2024, 4, 26), WorkCalendar())
    datetime.datetime(2024, 5, 2, 9, 0)
    """
    return dt.datetime.combine(spec.day(due, calendar), spec.at)


def _parse_part(part: str, index: int, text: str) -> AlarmSpec:
    match = _SPEC.fullmatch(part.strip().lower())
    if match is None:
        raise ParseError(
            f"alarm spec {text!r}: cannot read {part.strip()!r} (part {index}); write days "
            "as 'd' and working days as 'wd', e.g. '7wd, 1d, overdue'",
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
    if match["overdue"] is not None:
        return AlarmSpec(1, working=True, after=True, at=at)
    return AlarmSpec(
        int(match["days"]),
        working=match["unit"] == "wd",
        after=match["after"] is not None,
        at=at,
    )


def parse_alarms(text: str | Iterable[str]) -> tuple[AlarmSpec, ...]:
    """Read reminder specs separated by commas (or a list of such texts): ``"7wd,
    1d"`` is 7 working days and 1 calendar day before the deadline; ``overdue`` the
    next working day after it (also ``+1wd``; ``+3d`` is 3 calendar days after);
    ``@HH:MM`` sets the hour (09:00 by default); ``none`` (or an empty text) means
    no reminders. A spec given twice counts once.

    Raises :class:`~actionplan.errors.ParseError` naming the part it cannot read
    and listing the forms it understands (:data:`ALARM_FORMS`).

    >>> [str(spec) for spec in parse_alarms(["7wd", "1d, overdue@14:00"])]
    ['7wd', '1d', 'overdue@14:00']
    >>> parse_alarms("none")
    ()
    >>> parse_alarms("7wd, 3 ngày")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actionplan.errors.ParseError: alarm spec '7wd, 3 ngày': cannot read '3 ngày' (part 2); ...
    """
    if not isinstance(text, str):
        texts = list(text)
        for item in texts:
            if not isinstance(item, str):
                raise ParseError(
                    f"alarm spec {item!r}: not a text; write reminders as texts such as "
                    "'7wd, 1d, overdue'",
                    text=repr(item),
                    expected=ALARM_FORMS,
                )
        return tuple(dict.fromkeys(spec for item in texts for spec in parse_alarms(item)))
    cleaned = text.strip()
    if cleaned.lower() in _NONE:
        return ()
    specs = (
        _parse_part(part, index, text) for index, part in enumerate(cleaned.split(","), start=1)
    )
    return tuple(dict.fromkeys(specs))


def format_alarms(specs: Iterable[AlarmSpec]) -> str:
    """The text :func:`parse_alarms` reads back as ``specs``: ``none`` for no reminders.

    >>> format_alarms([AlarmSpec(7, working=True), AlarmSpec(1)])
    '7wd, 1d'
    >>> format_alarms(())
    'none'
    """
    return ", ".join(str(spec) for spec in specs) or "none"


def default_alarms(due_soon_days: int) -> tuple[AlarmSpec, ...]:
    """The reminders used when neither the caller nor the plan gives any: when the
    task enters the plan's due-soon window (``due_soon_days`` working days before),
    the day before, and an overdue reminder on the next working day after the
    deadline.

    >>> format_alarms(default_alarms(5))
    '5wd, 1d, overdue'
    """
    specs: Iterable[AlarmSpec] = (
        AlarmSpec(due_soon_days, working=True),
        AlarmSpec(1),
        AlarmSpec(1, working=True, after=True),
    )
    return tuple(dict.fromkeys(s for s in specs if s.after or s.days > 0))
