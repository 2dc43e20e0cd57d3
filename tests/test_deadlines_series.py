"""Recurring deadlines anchored near the window give the dates of the series anchored
on 1 January 1900 (actionplan.deadlines._series_anchor)."""

from __future__ import annotations

import datetime as dt

from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.deadlines import (
    _RRULE_FREQ,
    _SERIES_EPOCH,
    Frequency,
    RecurringDeadline,
    _rrule_dates,
)


def _from_1900(deadline: RecurringDeadline, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The dates as the rule anchored on 1 January 1900 gives them (the reference)."""
    months, day = deadline.by_month()
    kwargs: dict[str, object] = {"interval": deadline.interval}
    if months:
        kwargs["bymonth"] = months
    if day is not None:
        kwargs["bymonthday"] = day
    if deadline.by_weekday is not None:  # a bare weekly deadline falls on Friday
        kwargs["byweekday"] = deadline.by_weekday
    if deadline.until is not None:
        kwargs["until"] = dt.datetime.combine(deadline.until, dt.time())
    rule = rrule.rrule(
        _RRULE_FREQ[deadline.frequency],  # type: ignore[arg-type]
        dtstart=dt.datetime.combine(_SERIES_EPOCH, dt.time()),
        **kwargs,  # type: ignore[arg-type]
    )
    lo = dt.datetime.combine(start - dt.timedelta(days=7), dt.time())
    hi = dt.datetime.combine(end, dt.time())
    return tuple(d.date() for d in rule.between(lo, hi, inc=True))


@st.composite
def series(draw: st.DrawFn) -> RecurringDeadline:
    frequency = draw(st.sampled_from(list(Frequency)))
    interval = draw(st.integers(1, 7))
    months: tuple[int, ...] = ()
    month_day = None
    weekday = None
    if frequency in (Frequency.YEARLY, Frequency.MONTHLY):
        months = tuple(draw(st.sets(st.integers(1, 12), max_size=4)))
        month_day = draw(st.none() | st.integers(1, 28) | st.integers(-31, -1))
    if frequency is not Frequency.DAILY:
        weekday = draw(st.none() | st.integers(0, 6))
    until = draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
    return RecurringDeadline(
        frequency,
        interval=interval,
        months=months,
        month_day=month_day,
        weekday=weekday,
        until=until,
    )


@settings(max_examples=200, deadline=None)
@given(
    deadline=series(),
    start=st.dates(dt.date(1899, 6, 1), dt.date(2060, 12, 31)),
    days=st.integers(0, 800),
)
def test_a_series_gives_the_dates_of_its_1900_anchor(
    deadline: RecurringDeadline, start: dt.date, days: int
) -> None:
    """Whatever the rule (yearly, monthly, weekly or daily, every 1 to 7, by month, day
    of the month or weekday, with an end or not) and whatever the window, including
    windows before 1900, the dates are those of the series anchored on 1 January 1900."""
    end = start + dt.timedelta(days=days)
    _rrule_dates.cache_clear()
    assert _rrule_dates(deadline, start, end) == _from_1900(deadline, start, end)
