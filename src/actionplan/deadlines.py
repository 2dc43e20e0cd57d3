"""Deadline kinds as data, and their resolution to concrete due dates.

A plan's deadline column holds phrases, not dates. :func:`~actionplan.parse_deadline`
reads a phrase into one of the kinds below; this module turns a kind into the date a
task falls due (or, for a recurring deadline, the dates within a period), applying the
rules of the Civil Code 2015 (Art. 146–148):

- a period counted in days starts the day after the triggering event;
- if its last day is not a working day, it ends on the next working day;
- "trước ngày D" (before D) is read strictly (due D − 1) unless the plan's policy
  says the office means D itself.

Every kind keeps the original text (``text``) and the assumptions made when it was
read (``assumptions``: e.g. a missing year taken from the plan).

>>> import datetime as dt
>>> from actionplan.periods import ReportingPeriod
>>> ctx = DeadlineContext()
>>> due_date(FixedDeadline(dt.date(2024, 12, 15), before=True), ctx)
datetime.date(2024, 12, 14)
>>> due_date(PeriodEndDeadline(ReportingPeriod.quarter(2024, 3)), ctx)
datetime.date(2024, 9, 30)
>>> rel = RelativeDeadline(10, working=True, anchor="date", anchor_date=dt.date(2024, 4, 25))
>>> due_date(rel, ctx)  # 29/4, 30/4 and 1/5 are off; Saturday 4/5 is worked
datetime.date(2024, 5, 13)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Literal, TypeAlias

import attrs
from dateutil import rrule

from actionplan.errors import ValidationError
from actionplan.periods import ReportingPeriod

if TYPE_CHECKING:
    from actionplan.workdays import WorkCalendar

__all__ = [
    "BeforePolicy",
    "Deadline",
    "DeadlineContext",
    "EventDeadline",
    "FixedDeadline",
    "Frequency",
    "OngoingDeadline",
    "PeriodEndDeadline",
    "RecurringDeadline",
    "RelativeDeadline",
    "UndatedDeadline",
    "UndatedReason",
    "due_date",
    "occurrences",
]


class BeforePolicy(StrEnum):
    """How a plan reads "trước ngày D" (before D)."""

    STRICT = "strict"
    """The legal reading: due strictly before D, i.e. on D − 1 (the default)."""
    INCLUSIVE = "inclusive"
    """Some offices mean D itself."""


def _tuple_str(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


def _text_field() -> str | None:
    field: str | None = attrs.field(default=None, kw_only=True)
    return field


def _assumptions_field() -> tuple[str, ...]:
    field: tuple[str, ...] = attrs.field(default=(), converter=_tuple_str, kw_only=True, eq=False)
    return field


@attrs.frozen
class FixedDeadline:
    """A fixed date: "chậm nhất ngày 15/12/2024", or "trước ngày 15/12/2024" with
    ``before=True``. ``time`` is a time of day when the phrase gives one
    ("trước 20h00 ngày 25/5/2025")."""

    kind: ClassVar[str] = "date"

    date: dt.date
    before: bool = False
    time: dt.time | None = None
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()


@attrs.frozen
class PeriodEndDeadline:
    """The end of a period: "Quý III/2024", "tháng 10/2025", "năm 2025",
    "6 tháng cuối năm 2024". Always read with calendar boundaries."""

    kind: ClassVar[str] = "date"

    period: ReportingPeriod = attrs.field()
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()

    @period.validator
    def _calendar_only(
        self, attribute: attrs.Attribute[ReportingPeriod], value: ReportingPeriod
    ) -> None:
        if value.convention != "calendar":
            raise ValidationError(
                "PeriodEndDeadline", "period", "a deadline period uses calendar boundaries"
            )


Anchor: TypeAlias = Literal["issued", "received", "date", "task"]


@attrs.frozen
class RelativeDeadline:
    """N calendar or working days after an anchor: "trong thời hạn 30 ngày kể từ ngày
    ký", "10 ngày làm việc kể từ ngày nhận".

    ``anchor`` is ``"issued"`` (the plan's date of issue or signature),
    ``"received"`` (the date the plan was received; the issue date when unknown),
    ``"date"`` (``anchor_date``) or ``"task"`` (the completion of ``anchor_task``).
    """

    kind: ClassVar[str] = "date"

    days: int = attrs.field()
    working: bool = False
    anchor: Anchor = "issued"
    anchor_date: dt.date | None = None
    anchor_task: str | None = None
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()

    @days.validator
    def _positive(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 0:
            raise ValidationError("RelativeDeadline", "days", f"must be 0 or more, got {value}")

    def __attrs_post_init__(self) -> None:
        if self.anchor == "date" and self.anchor_date is None:
            raise ValidationError(
                "RelativeDeadline", "anchor_date", "is required when anchor is 'date'"
            )
        if self.anchor == "task" and not self.anchor_task:
            raise ValidationError(
                "RelativeDeadline", "anchor_task", "is required when anchor is 'task'"
            )


class Frequency(StrEnum):
    """How often a recurring deadline repeats (RRULE ``FREQ``)."""

    YEARLY = "yearly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"


_RRULE_FREQ = {
    Frequency.YEARLY: rrule.YEARLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.DAILY: rrule.DAILY,
}


def _months(value: object) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,)
    return tuple(sorted({int(v) for v in value}))  # type: ignore[attr-defined]


@attrs.frozen
class RecurringDeadline:
    """A deadline that comes back: "hằng năm", "hằng quý", "trước ngày 20 hằng
    tháng", "Tháng 11 hằng năm", "định kỳ 6 tháng".

    RRULE semantics: ``frequency`` and ``interval``; ``months`` (BYMONTH) and
    ``month_day`` (BYMONTHDAY, negative counts from the end: -1 is the last day).
    ``first`` is a first due date given beside the recurrence ("trước ngày
    20/11/2025 và hằng tháng"); ``start``/``until`` bound the series. ``roll`` moves an
    occurrence that falls on a non-working day to the next working day. ``ongoing``
    marks a task that is also continuous work ("Thường xuyên, hằng năm").
    """

    kind: ClassVar[str] = "recurring"

    frequency: Frequency = attrs.field(converter=Frequency)
    interval: int = attrs.field(default=1)
    months: tuple[int, ...] = attrs.field(default=(), converter=_months)
    month_day: int | None = attrs.field(default=None)
    weekday: int | None = None
    first: dt.date | None = None
    start: dt.date | None = None
    until: dt.date | None = None
    roll: bool = False
    ongoing: bool = False
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()

    @interval.validator
    def _interval(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            raise ValidationError(
                "RecurringDeadline", "interval", f"must be 1 or more, got {value}"
            )

    @months.validator
    def _months_range(
        self, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
    ) -> None:
        bad = [m for m in value if not 1 <= m <= 12]
        if bad:
            raise ValidationError("RecurringDeadline", "months", f"months must be 1–12, got {bad}")

    @month_day.validator
    def _month_day(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (value == 0 or not -31 <= value <= 31):
            raise ValidationError(
                "RecurringDeadline", "month_day", f"must be 1–31 or -1–-31, got {value}"
            )

    def by_month(self) -> tuple[tuple[int, ...], int | None]:
        """The effective BYMONTH and BYMONTHDAY.

        With no day given, a monthly or yearly deadline falls at the end of the
        month, and a bare yearly one at the end of December.
        """
        months, day = self.months, self.month_day
        if (
            day is None
            and self.weekday is None
            and self.frequency
            in (
                Frequency.MONTHLY,
                Frequency.YEARLY,
            )
        ):
            day = -1
            if self.frequency is Frequency.YEARLY and not months:
                months = (12,)
        return months, day

    @property
    def by_weekday(self) -> int | None:
        """The effective BYDAY (0 = Monday): a weekly deadline with no day given
        falls on Friday, the last working day of the public-sector week (as the
        phrase reader reads "hằng tuần")."""
        if self.weekday is None and self.frequency is Frequency.WEEKLY:
            return 4
        return self.weekday

    @property
    def rule(self) -> str:
        """The RFC 5545 RRULE value, e.g. ``FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1``."""
        parts = [f"FREQ={self.frequency.value.upper()}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        months, day = self.by_month()
        if months:
            parts.append("BYMONTH=" + ",".join(str(m) for m in months))
        if day is not None:
            parts.append(f"BYMONTHDAY={day}")
        weekday = self.by_weekday
        if weekday is not None:
            parts.append("BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[weekday])
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}")
        return ";".join(parts)

    @property
    def exact(self) -> bool:
        """True when the RRULE alone gives every due date (no rolling, no extra first date)."""
        return not self.roll and self.first is None


@attrs.frozen
class OngoingDeadline:
    """Continuous work with no due date, reported every cycle: "thường xuyên",
    "liên tục"."""

    kind: ClassVar[str] = "ongoing"

    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()


class UndatedReason(StrEnum):
    """Why a deadline has no date."""

    ASAP = "asap"
    """"ngay", "khẩn trương": as soon as possible."""
    ON_REQUEST = "on_request"
    """"theo yêu cầu": when asked."""
    FOLLOWS = "follows"
    """"theo tiến độ của X": follows another task or process."""
    UNSPECIFIED = "unspecified"


@attrs.frozen
class UndatedDeadline:
    """A deadline with no date: as soon as possible, on request, or following
    another task (``follows`` names it)."""

    kind: ClassVar[str] = "undated"

    reason: UndatedReason = attrs.field(default=UndatedReason.UNSPECIFIED, converter=UndatedReason)
    follows: str | None = None
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()


@attrs.frozen
class EventDeadline:
    """Before (or by) a named event: "trước Tết Nguyên đán", "trước Đại hội".

    ``event`` is a key: ``"tet"`` (lunar new year, resolved from the working
    calendar) or any name the plan gives a date to (``DeadlineContext.events``).
    ``year`` is the event's year where known.
    """

    kind: ClassVar[str] = "event"

    event: str
    year: int | None = None
    before: bool = True
    text: str | None = _text_field()
    assumptions: tuple[str, ...] = _assumptions_field()


Deadline: TypeAlias = (
    FixedDeadline
    | PeriodEndDeadline
    | RelativeDeadline
    | RecurringDeadline
    | OngoingDeadline
    | UndatedDeadline
    | EventDeadline
)
"""Any deadline kind."""


def _default_calendar() -> WorkCalendar:
    from actionplan.workdays import default_calendar

    return default_calendar()


@attrs.frozen
class DeadlineContext:
    """What resolving a deadline needs to know besides the deadline itself.

    ``completed`` maps task ids to completion dates (for deadlines anchored to
    another task); ``events`` maps event keys to dates (e.g. ``{"dai_hoi": …}``).
    """

    calendar: WorkCalendar = attrs.field(factory=_default_calendar)
    issued_on: dt.date | None = None
    received_on: dt.date | None = None
    before: BeforePolicy = attrs.field(default=BeforePolicy.STRICT, converter=BeforePolicy)
    completed: Mapping[str, dt.date] = attrs.field(factory=dict)
    events: Mapping[str, dt.date] = attrs.field(factory=dict)


def _before(date: dt.date, before: bool, has_time: bool, ctx: DeadlineContext) -> dt.date:
    if before and not has_time and ctx.before is BeforePolicy.STRICT:
        return date - dt.timedelta(days=1)
    return date


def _anchor(deadline: RelativeDeadline, ctx: DeadlineContext) -> dt.date | None:
    match deadline.anchor:
        case "date":
            return deadline.anchor_date
        case "task":
            return ctx.completed.get(deadline.anchor_task or "")
        case "received":
            return ctx.received_on or ctx.issued_on
        case _:
            return ctx.issued_on


def _event_date(deadline: EventDeadline, ctx: DeadlineContext) -> dt.date | None:
    key = deadline.event
    if deadline.year is not None and f"{key}/{deadline.year}" in ctx.events:
        return ctx.events[f"{key}/{deadline.year}"]
    if key in ctx.events:
        return ctx.events[key]
    if key == "tet" and deadline.year is not None:
        return ctx.calendar.tet(deadline.year)
    return None


def due_date(deadline: Deadline | None, ctx: DeadlineContext) -> dt.date | None:
    """The date a deadline falls due, or ``None`` when it has none.

    A recurring deadline has no single due date: its ``first`` date if it has one,
    else ``None`` (use :func:`occurrences`). A relative deadline whose anchor is not
    known yet (the plan's issue date missing, the anchoring task not done) is
    ``None`` too.
    """
    match deadline:
        case FixedDeadline(date=date, before=before, time=time):
            return _before(date, before, time is not None, ctx)
        case PeriodEndDeadline(period=period):
            return period.end
        case RelativeDeadline(days=days, working=working):
            anchor = _anchor(deadline, ctx)
            if anchor is None:
                return None
            if working:
                return ctx.calendar.add_working_days(anchor, days)
            return ctx.calendar.roll_forward(anchor + dt.timedelta(days=days))
        case EventDeadline(before=before):
            event = _event_date(deadline, ctx)
            return None if event is None else _before(event, before, False, ctx)
        case RecurringDeadline(first=first):
            return first
        case _:
            return None


_SERIES_EPOCH = dt.date(1900, 1, 1)
"""The anchor of a series with no start of its own. A fixed anchor keeps a series
with an interval that does not divide 12 (every 5 months) the same whatever window
is asked for."""


def _series_anchor(deadline: RecurringDeadline, before: dt.date) -> dt.date:
    """:data:`_SERIES_EPOCH` moved forward by whole cycles of the rule to just before
    ``before``: the rule gives the very same dates from there on, without walking
    every cycle since 1900 to reach the window (which takes longer than the rest of
    a status report of a small plan)."""
    every = deadline.interval
    if deadline.frequency in (Frequency.YEARLY, Frequency.MONTHLY):
        # ``every`` years is a whole number of cycles of a rule repeating every
        # ``every`` years or every ``every`` months; the anchor stays on 1 January.
        cycles = max((before.year - 1 - _SERIES_EPOCH.year) // every, 0)
        return _SERIES_EPOCH.replace(year=_SERIES_EPOCH.year + cycles * every)
    # Whole weeks from a Monday (1 January 1900 was one) keep the weeks' phase too.
    days = 7 * every if deadline.frequency is Frequency.WEEKLY else every
    cycles = max((before - _SERIES_EPOCH).days // days - 1, 0)
    return _SERIES_EPOCH + dt.timedelta(days=cycles * days)


@functools.lru_cache(maxsize=1024)
def _rrule_dates(deadline: RecurringDeadline, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    first = start - dt.timedelta(days=7)
    dtstart = deadline.start or deadline.first or _series_anchor(deadline, first)
    kwargs: dict[str, object] = {"interval": deadline.interval}
    months, day = deadline.by_month()
    if months:
        kwargs["bymonth"] = months
    if day is not None:
        kwargs["bymonthday"] = day
    if deadline.by_weekday is not None:
        kwargs["byweekday"] = deadline.by_weekday
    if deadline.until is not None:
        kwargs["until"] = dt.datetime.combine(deadline.until, dt.time())
    rule = rrule.rrule(
        _RRULE_FREQ[deadline.frequency],  # type: ignore[arg-type]
        dtstart=dt.datetime.combine(dtstart, dt.time()),
        **kwargs,  # type: ignore[arg-type]
    )
    lo = dt.datetime.combine(first, dt.time())
    hi = dt.datetime.combine(end, dt.time())
    return tuple(d.date() for d in rule.between(lo, hi, inc=True))


def occurrences(
    deadline: Deadline | None, ctx: DeadlineContext, start: dt.date, end: dt.date
) -> list[dt.date]:
    """The due dates of ``deadline`` between ``start`` and ``end`` (both inclusive).

    A recurring deadline yields each occurrence (its ``first`` date too, rolled off
    non-working days when ``roll`` is set); any other kind yields its due date when
    that falls in the range.

    >>> d = RecurringDeadline("monthly", month_day=19, text="trước ngày 20 hằng tháng")
    >>> occurrences(d, DeadlineContext(), dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    [datetime.date(2024, 7, 19), datetime.date(2024, 8, 19), datetime.date(2024, 9, 19)]
    """
    if not isinstance(deadline, RecurringDeadline):
        due = due_date(deadline, ctx)
        return [due] if due is not None and start <= due <= end else []
    dates = set(_rrule_dates(deadline, start, end))
    if deadline.first is not None:
        dates = {d for d in dates if d > deadline.first}
        dates.add(deadline.first)
    if deadline.roll:
        dates = {ctx.calendar.roll_forward(d) for d in dates}
    return sorted(d for d in dates if start <= d <= end)
