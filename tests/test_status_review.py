"""The period review: due in the period, done in it, carried over, still open."""

from __future__ import annotations

import datetime as dt

import pytest

from actionplan.deadlines import FixedDeadline, OngoingDeadline, RecurringDeadline
from actionplan.errors import ValidationError
from actionplan.model import ActionPlan, Document, Extension, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind
from actionplan.status import TaskStatus, review

D = dt.date
S = TaskStatus
H2 = ReportingPeriod.half(2024, 2)


def done(date: dt.date) -> ProgressUpdate:
    return ProgressUpdate(date, "done")


def plan() -> ActionPlan:
    return ActionPlan(
        "kh45",
        "Kế hoạch 45-KH/ĐU",
        tasks=[
            # due in H1, done in H1: neither carried over nor in H2
            Task("a", "A", deadline=FixedDeadline(D(2024, 5, 31)), updates=[done(D(2024, 5, 30))]),
            # due in H1, done in H2: carried over and done in the period (late)
            Task("b", "B", deadline=FixedDeadline(D(2024, 5, 31)), updates=[done(D(2024, 8, 2))]),
            # due in H1, never done: carried over and still open
            Task("c", "C", deadline=FixedDeadline(D(2024, 6, 14))),
            # due the day before H2 starts: open at its start, so carried over
            Task("d", "D", deadline=FixedDeadline(D(2024, 6, 30))),
            # due in H2, done in H2
            Task("e", "E", deadline=FixedDeadline(D(2024, 9, 30)), updates=[done(D(2024, 9, 1))]),
            # due in H2, open at the cut-off
            Task("f", "F", deadline=FixedDeadline(D(2024, 12, 15))),
            # due next year, done early in H2: done in the period, not due in it
            Task("g", "G", deadline=FixedDeadline(D(2025, 3, 31)), updates=[done(D(2024, 10, 1))]),
            # ongoing: never carried over, never due
            Task("h", "H", deadline=OngoingDeadline()),
            # cancelled in H1 though overdue: not open at the start
            Task(
                "i",
                "I",
                deadline=FixedDeadline(D(2024, 3, 31)),
                updates=[ProgressUpdate(D(2024, 4, 2), "cancelled")],
            ),
        ],
    )


def ids(rows: tuple[object, ...]) -> list[str]:
    return [row.id for row in rows]  # type: ignore[attr-defined]


def test_review_of_the_second_half_year() -> None:
    """The H2 2024 review at its end sorts each task into its groups."""
    r = review(plan(), H2)
    assert r.as_of == D(2024, 12, 31)
    assert ids(r.due_in_period) == ["e", "f"]
    assert ids(r.carried_over) == ["b", "c", "d"]
    assert ids(r.done_in_period) == ["b", "e", "g"]
    assert ids(r.still_open) == ["c", "d", "f"]
    assert dict(r.counts) == {
        "due_in_period": 2,
        "done_in_period": 3,
        "carried_over": 3,
        "still_open": 3,
    }


def test_review_cut_off_inside_the_period() -> None:
    """Cut off on 6/8/2024: f is open within its deadline, g is not done yet."""
    r = review(plan(), H2, as_of=D(2024, 8, 6))
    assert ids(r.done_in_period) == ["b"]
    assert ids(r.still_open) == ["c", "d", "e", "f"]
    assert r.report.row("f").status is S.NOT_STARTED


def test_carried_over_rows_show_their_status_at_the_cut_off() -> None:
    """A carried-over task done in the period shows as done late."""
    r = review(plan(), H2)
    assert [(row.id, row.status) for row in r.carried_over] == [
        ("b", S.DONE_LATE),
        ("c", S.NOT_STARTED_OVERDUE),
        ("d", S.NOT_STARTED_OVERDUE),
    ]


def test_review_summary_counts_due_and_carried_rows_once() -> None:
    """The review's summary covers rows due in the period and carried over, each once."""
    summary = review(plan(), H2).summary()
    assert summary.count == 5
    assert summary.rates["overdue_share_due_in_period"].denominator == 2


def test_review_in_a_state_reporting_window() -> None:
    """The state six-month window of H1 2024 runs 15/12/2023–14/6/2024: a task due
    on 14/6 is due in it, one due 31/5 too, one due 10/12/2023 was carried over."""
    window = ReportingPeriod.half(2024, 1, convention="window")
    p = ActionPlan(
        "kh1",
        "KH",
        tasks=[
            Task("old", "Old", deadline=FixedDeadline(D(2023, 12, 10))),
            Task("may", "May", deadline=FixedDeadline(D(2024, 5, 31))),
            Task("cut", "Cut", deadline=FixedDeadline(D(2024, 6, 14))),
            Task("after", "After", deadline=FixedDeadline(D(2024, 6, 20))),
        ],
    )
    r = review(p, window)
    assert r.as_of == D(2024, 6, 14)
    assert ids(r.due_in_period) == ["may", "cut"]
    assert ids(r.carried_over) == ["old"]
    assert r.report.row("cut").status is S.NOT_STARTED  # due on the cut-off day itself


def test_recurring_occurrences_before_the_period_are_carried_over() -> None:
    """A monthly report missed in June is carried into the H2 review; occurrences
    before the plan was issued are not looked at."""
    monthly = RecurringDeadline("monthly", month_day=19)
    p = ActionPlan(
        "kh1",
        "KH",
        document=Document(DocumentKind.PLAN, issued_on=D(2024, 5, 2)),
        tasks=[
            Task(
                "m",
                "Báo cáo tháng",
                deadline=monthly,
                updates=[done(D(2024, 5, 10)), done(D(2024, 7, 15))],
            )
        ],
    )
    r = review(p, H2, as_of=D(2024, 7, 31))
    assert ids(r.carried_over) == ["m@2024-06-19"]
    assert [row.status for row in r.carried_over] == [S.NOT_STARTED_OVERDUE]
    assert r.report.row("m@2024-07-19").status is S.DONE_ON_TIME


def test_extension_into_the_period_keeps_the_row_once() -> None:
    """A task due in H1 and extended into H2 (granted in H2) is carried over and due in
    the period; it is counted once as still open."""
    task = Task(
        "x",
        "X",
        deadline=FixedDeadline(D(2024, 6, 14)),
        extensions=[Extension(D(2024, 7, 5), FixedDeadline(D(2024, 9, 30)))],
    )
    r = review(ActionPlan("kh1", "KH", tasks=[task]), H2, as_of=D(2024, 8, 1))
    assert ids(r.carried_over) == ["x"]
    assert ids(r.due_in_period) == ["x"]
    assert ids(r.still_open) == ["x"]
    assert r.carried_over[0].status is S.NOT_STARTED


def test_recurring_carry_over_without_plan_dates_starts_with_the_year() -> None:
    """With no plan period or issue date, occurrences from 1 January are looked at."""
    monthly = RecurringDeadline("monthly", month_day=19)
    p = ActionPlan("kh1", "KH", tasks=[Task("m", "M", deadline=monthly)])
    r = review(p, H2)
    assert ids(r.carried_over) == [f"m@2024-{m:02d}-19" for m in range(1, 7)]


def test_review_cut_off_before_the_period_is_refused() -> None:
    """A review looks back: a cut-off before the period starts is an error."""
    with pytest.raises(ValidationError, match="comes before the period 2024-H2 starts"):
        review(plan(), H2, as_of=D(2024, 6, 30))
