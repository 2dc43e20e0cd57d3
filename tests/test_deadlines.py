"""Deadline kinds resolved to due dates and occurrences (Civil Code 2015, Art. 146–148)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.deadlines import (
    Deadline,
    DeadlineContext,
    EventDeadline,
    FixedDeadline,
    Frequency,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
    UndatedReason,
    due_date,
    occurrences,
)
from actionplan.errors import ValidationError
from actionplan.periods import ReportingPeriod
from actionplan.workdays import default_calendar

D = dt.date
CTX = DeadlineContext()
INCLUSIVE = DeadlineContext(before="inclusive")

# -- fixed dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ctx", "due"),
    [(CTX, D(2024, 12, 14)), (INCLUSIVE, D(2024, 12, 15))],
    ids=["strict", "inclusive"],
)
def test_before_a_date(ctx: DeadlineContext, due: dt.date) -> None:
    """Before 15/12/2024 is 14/12 under the strict (legal) reading, 15/12 otherwise."""
    assert due_date(FixedDeadline(D(2024, 12, 15), before=True), ctx) == due


def test_inclusive_date_is_itself() -> None:
    """An inclusive date ("chậm nhất ngày D") is D under either policy."""
    for ctx in (CTX, INCLUSIVE):
        assert due_date(FixedDeadline(D(2024, 12, 15)), ctx) == D(2024, 12, 15)


def test_before_a_time_of_day_is_that_day() -> None:
    """Before 20h00 on 25/5/2025 falls due on 25/5 itself: the time, not the day, is excluded."""
    deadline = FixedDeadline(D(2025, 5, 25), before=True, time=dt.time(20, 0))
    assert due_date(deadline, CTX) == D(2025, 5, 25)


def test_fixed_date_is_not_rolled() -> None:
    """A fixed date stays put even on a weekend: the plan chose it."""
    assert due_date(FixedDeadline(D(2024, 12, 14)), CTX) == D(2024, 12, 14)  # a Saturday


# -- the end of a period -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (ReportingPeriod.quarter(2024, 3), D(2024, 9, 30)),
        (ReportingPeriod.month(2024, 2), D(2024, 2, 29)),
        (ReportingPeriod.month(2025, 2), D(2025, 2, 28)),
        (ReportingPeriod.half(2024, 1), D(2024, 6, 30)),
        (ReportingPeriod.half(2024, 2), D(2024, 12, 31)),
        (ReportingPeriod.nine_months(2024), D(2024, 9, 30)),
        (ReportingPeriod.whole_year(2030), D(2030, 12, 31)),
    ],
)
def test_period_end(period: ReportingPeriod, due: dt.date) -> None:
    """A period deadline falls due on the period's last calendar day."""
    assert due_date(PeriodEndDeadline(period), CTX) == due


def test_period_deadline_uses_calendar_boundaries() -> None:
    """A reporting window (15th-14th) is not a deadline period."""
    with pytest.raises(ValidationError, match="calendar boundaries"):
        PeriodEndDeadline(ReportingPeriod.quarter(2024, 3, convention="window"))


# -- days after an event -------------------------------------------------------------------


def test_calendar_days_start_the_day_after() -> None:
    """A period in days starts the day after its event (Art. 147): 1 day after Monday 5/8 is 6/8."""
    deadline = RelativeDeadline(1, anchor="date", anchor_date=D(2024, 8, 5))
    assert due_date(deadline, CTX) == D(2024, 8, 6)


def test_calendar_days_roll_off_holidays() -> None:
    """5 days after 25/4/2024 is 30/4, a holiday, as is 1/5: due Thursday 2/5 (Art. 148)."""
    deadline = RelativeDeadline(5, anchor="date", anchor_date=D(2024, 4, 25))
    assert due_date(deadline, CTX) == D(2024, 5, 2)


def test_calendar_days_roll_off_weekends() -> None:
    """30 days after 02/8/2024 is Sunday 1/9; 2/9 and 3/9 are National Day: due 4/9."""
    deadline = RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 2))
    assert due_date(deadline, CTX) == D(2024, 9, 4)


def test_working_days_count_swaps() -> None:
    """10 working days after 25/4/2024 skip 29/4-1/5 and count Saturday 4/5 (làm bù): 13/5."""
    deadline = RelativeDeadline(10, working=True, anchor="date", anchor_date=D(2024, 4, 25))
    assert due_date(deadline, CTX) == D(2024, 5, 13)


@pytest.mark.parametrize(
    ("ctx", "due"),
    [
        (DeadlineContext(issued_on=D(2024, 8, 6)), D(2024, 8, 21)),
        (DeadlineContext(issued_on=D(2024, 8, 6), received_on=D(2024, 8, 9)), D(2024, 8, 26)),
        (DeadlineContext(), None),
    ],
    ids=["issue-date", "received", "unknown"],
)
def test_received_anchor(ctx: DeadlineContext, due: dt.date | None) -> None:
    """Counting from receipt ("kể từ ngày nhận") uses the receipt date, else the issue date, else
    there is no due date yet (15 days after Friday 9/8/2024 is Saturday 24/8: Monday 26/8)."""
    assert due_date(RelativeDeadline(15, anchor="received"), ctx) == due


def test_issued_anchor_needs_the_issue_date() -> None:
    """Counting from signature has no due date until the plan's date of issue is known."""
    deadline = RelativeDeadline(30)
    assert due_date(deadline, CTX) is None
    assert due_date(deadline, DeadlineContext(issued_on=D(2024, 8, 6))) == D(2024, 9, 5)


def test_task_anchor() -> None:
    """A deadline after another task's completion is due only once that task is done."""
    deadline = RelativeDeadline(10, working=True, anchor="task", anchor_task="t1")
    assert due_date(deadline, CTX) is None
    done = DeadlineContext(completed={"t1": D(2024, 8, 6)})
    assert due_date(deadline, done) == D(2024, 8, 20)


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=1, max_value=200),
    st.booleans(),
)
def test_relative_due_is_a_working_day(anchor: dt.date, days: int, working: bool) -> None:
    """Counted either way, a period in days ends on a working day; in working days it holds
    exactly that many."""
    deadline = RelativeDeadline(days, working=working, anchor="date", anchor_date=anchor)
    due = due_date(deadline, CTX)
    assert due is not None
    calendar = default_calendar()
    assert calendar.is_working_day(due)
    if working:
        assert calendar.count_working_days(anchor, due) == days
    else:
        assert due >= anchor + dt.timedelta(days=days)
        assert calendar.count_working_days(anchor + dt.timedelta(days=days), due) <= 1


# -- recurring deadlines -------------------------------------------------------------------

Q3_2024 = (D(2024, 7, 1), D(2024, 9, 30))
YEAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))


@pytest.mark.parametrize(
    ("deadline", "window", "expected"),
    [
        (
            RecurringDeadline(Frequency.MONTHLY, month_day=19),
            Q3_2024,
            [D(2024, 7, 19), D(2024, 8, 19), D(2024, 9, 19)],
        ),
        (
            RecurringDeadline(Frequency.MONTHLY),
            Q3_2024,
            [D(2024, 7, 31), D(2024, 8, 31), D(2024, 9, 30)],
        ),
        (
            RecurringDeadline(Frequency.MONTHLY, months=(3, 6, 9, 12)),
            YEAR_2025,
            [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)],
        ),
        (
            RecurringDeadline(Frequency.MONTHLY, months=(6, 12)),
            YEAR_2025,
            [D(2025, 6, 30), D(2025, 12, 31)],
        ),
        (RecurringDeadline(Frequency.YEARLY), YEAR_2025, [D(2025, 12, 31)]),
        (
            RecurringDeadline(Frequency.YEARLY, months=(11,), month_day=-1),
            YEAR_2025,
            [D(2025, 11, 30)],
        ),
        (
            RecurringDeadline(Frequency.YEARLY, months=(6,), month_day=15),
            (D(2024, 1, 1), D(2025, 12, 31)),
            [D(2024, 6, 15), D(2025, 6, 15)],
        ),
        (
            RecurringDeadline(Frequency.WEEKLY, weekday=4),
            (D(2024, 8, 1), D(2024, 8, 20)),
            [D(2024, 8, 2), D(2024, 8, 9), D(2024, 8, 16)],
        ),
        (
            RecurringDeadline(Frequency.YEARLY, start=D(2025, 1, 1)),
            (D(2020, 1, 1), D(2026, 12, 31)),
            [D(2025, 12, 31), D(2026, 12, 31)],
        ),
        (
            RecurringDeadline(Frequency.MONTHLY, until=D(2024, 8, 31)),
            Q3_2024,
            [D(2024, 7, 31), D(2024, 8, 31)],
        ),
    ],
)
def test_occurrences(
    deadline: RecurringDeadline, window: tuple[dt.date, dt.date], expected: list[dt.date]
) -> None:
    """A series yields the dates its RRULE gives within the window, bounds included."""
    assert occurrences(deadline, CTX, *window) == expected


def test_first_date_comes_before_the_series() -> None:
    """A first date beside a series: that date, then the monthly dates after it."""
    deadline = RecurringDeadline(Frequency.MONTHLY, month_day=19, first=D(2025, 11, 19))
    got = occurrences(deadline, CTX, D(2025, 1, 1), D(2026, 1, 31))
    assert got == [D(2025, 11, 19), D(2025, 12, 19), D(2026, 1, 19)]
    assert due_date(deadline, CTX) == D(2025, 11, 19)


def test_series_without_first_date_has_no_single_due_date() -> None:
    """A plain series has no one due date; its dates come from occurrences()."""
    assert due_date(RecurringDeadline(Frequency.MONTHLY), CTX) is None


def test_roll_moves_occurrences_off_days_off() -> None:
    """With roll set, an occurrence on a weekend moves to the next working day
    (19/10/2024 is a Saturday)."""
    deadline = RecurringDeadline(Frequency.MONTHLY, month_day=19, roll=True)
    got = occurrences(deadline, CTX, D(2024, 10, 1), D(2024, 11, 30))
    assert got == [D(2024, 10, 21), D(2024, 11, 19)]


def test_rule_text() -> None:
    """The RRULE names what occurrences() expands."""
    deadline = RecurringDeadline(Frequency.MONTHLY, months=(3, 6, 9, 12))
    assert deadline.rule == "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    assert RecurringDeadline(Frequency.YEARLY).rule == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=28), st.integers(min_value=1990, max_value=2100))
def test_monthly_day_every_month(day: int, year: int) -> None:
    """A monthly deadline on day d (d <= 28) falls on day d of each of the twelve months."""
    deadline = RecurringDeadline(Frequency.MONTHLY, month_day=day)
    got = occurrences(deadline, CTX, D(year, 1, 1), D(year, 12, 31))
    assert got == [D(year, m, day) for m in range(1, 13)]


# -- no date, ongoing, events --------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline",
    [
        OngoingDeadline(),
        UndatedDeadline(UndatedReason.ASAP),
        UndatedDeadline(UndatedReason.ON_REQUEST),
        UndatedDeadline(UndatedReason.FOLLOWS, follows="Dự án X"),
        None,
    ],
)
def test_no_due_date(deadline: Deadline | None) -> None:
    """Ongoing and undated deadlines (and no deadline) have no due date and no occurrences."""
    assert due_date(deadline, CTX) is None
    assert occurrences(deadline, CTX, D(2020, 1, 1), D(2030, 12, 31)) == []


@pytest.mark.parametrize(
    ("ctx", "due"),
    [(CTX, D(2025, 1, 28)), (INCLUSIVE, D(2025, 1, 29))],
    ids=["strict", "inclusive"],
)
def test_before_tet(ctx: DeadlineContext, due: dt.date) -> None:
    """Before Tết 2025 is the day before Mùng một (29/01/2025) when strict."""
    assert due_date(EventDeadline("tet", 2025), ctx) == due


def test_tet_date_given_by_the_plan_wins() -> None:
    """A plan that means "before the Tết break" dates the event itself (first day off 27/1)."""
    ctx = DeadlineContext(events={"tet/2025": D(2025, 1, 27)})
    assert due_date(EventDeadline("tet", 2025), ctx) == D(2025, 1, 26)


def test_tet_without_year_needs_a_date() -> None:
    """Tết of no year has no due date unless the plan dates it."""
    assert due_date(EventDeadline("tet"), CTX) is None
    ctx = DeadlineContext(events={"tet": D(2026, 2, 17)})
    assert due_date(EventDeadline("tet"), ctx) == D(2026, 2, 16)


def test_congress_date_comes_from_the_plan() -> None:
    """Before the congress is the day before the date the plan gives the congress."""
    deadline = EventDeadline("dai_hoi")
    assert due_date(deadline, CTX) is None
    ctx = DeadlineContext(events={"dai_hoi": D(2025, 10, 1)})
    assert due_date(deadline, ctx) == D(2025, 9, 30)
    assert due_date(EventDeadline("dai_hoi", before=False), ctx) == D(2025, 10, 1)


def test_single_due_date_in_occurrences() -> None:
    """A deadline that is not a series occurs once, on its due date, when that is in range."""
    deadline = PeriodEndDeadline(ReportingPeriod.quarter(2024, 3))
    assert occurrences(deadline, CTX, *Q3_2024) == [D(2024, 9, 30)]
    assert occurrences(deadline, CTX, D(2024, 10, 1), D(2024, 12, 31)) == []


def test_series_does_not_depend_on_the_window_asked_for() -> None:
    """An every-5-months series gives the same dates whatever range is queried."""
    import datetime as dt

    from actionplan.deadlines import DeadlineContext, RecurringDeadline, occurrences

    series = RecurringDeadline("monthly", interval=5, month_day=10)
    ctx = DeadlineContext()
    wide = occurrences(series, ctx, dt.date(2023, 1, 1), dt.date(2026, 12, 31))
    narrow = occurrences(series, ctx, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert narrow == [d for d in wide if d.year == 2025]
    assert narrow


def test_bare_weekly_deadline_falls_on_friday() -> None:
    """A weekly deadline with no day falls on Friday, in the dates and in the RRULE,
    as the phrase reader reads "hằng tuần"."""
    import datetime as dt

    from actionplan.deadlines import DeadlineContext, RecurringDeadline, occurrences
    from actionplan.phrases import parse_deadline

    bare = RecurringDeadline("weekly")
    dates = occurrences(bare, DeadlineContext(), dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    assert {d.weekday() for d in dates} == {4}
    assert bare.rule == "FREQ=WEEKLY;BYDAY=FR"
    parsed = parse_deadline("hằng tuần")
    assert (
        occurrences(parsed, DeadlineContext(), dt.date(2024, 7, 1), dt.date(2024, 7, 31)) == dates
    )
