"""The status rules, pinned at their boundaries, and the report built on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

from actionplan.deadlines import (
    BeforePolicy,
    EventDeadline,
    FixedDeadline,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
)
from actionplan.errors import UnknownTaskError, ValidationError
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    PlanPolicy,
    ProgressUpdate,
    Section,
    Target,
    TargetReport,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.status import (
    COMPLETION_RATE,
    OVERDUE_SHARE,
    OverdueAge,
    Rate,
    StatusReport,
    TaskStatus,
    classify,
    evaluate,
)
from actionplan.workdays import CalendarChange, WorkCalendar

D = dt.date
S = TaskStatus


def done(date: dt.date) -> ProgressUpdate:
    return ProgressUpdate(date, "done")


def started(date: dt.date, percent: int | None = None) -> ProgressUpdate:
    return ProgressUpdate(date, "in_progress", percent)


def plan_of(*tasks: Task, **kwargs: Any) -> ActionPlan:
    kwargs.setdefault(
        "units", [Unit("vp", "Văn phòng Đảng ủy"), Unit("cb1", "Chi bộ 1"), Unit("cb2", "Chi bộ 2")]
    )
    return ActionPlan("kh45", "Kế hoạch 45-KH/ĐU", tasks=tasks, **kwargs)


def row_of(task: Task, as_of: dt.date, **kwargs: Any) -> Any:
    plan_kwargs = {k: kwargs.pop(k) for k in ("policy", "events", "document") if k in kwargs}
    report = evaluate(plan_of(task, **plan_kwargs), as_of=as_of, **kwargs)
    assert len(report.rows) == 1
    return report.rows[0]


JUN30 = FixedDeadline(D(2024, 6, 30))

# (id, deadline, updates, extensions, as_of, expected status)
CASES: list[tuple[str, Any, list[ProgressUpdate], list[Extension], dt.date, TaskStatus]] = [
    (
        "done on the due date is on time",
        JUN30,
        [done(D(2024, 6, 30))],
        [],
        D(2024, 7, 5),
        S.DONE_ON_TIME,
    ),
    ("done the day after is late", JUN30, [done(D(2024, 7, 1))], [], D(2024, 7, 5), S.DONE_LATE),
    ("done early is on time", JUN30, [done(D(2024, 3, 1))], [], D(2024, 3, 1), S.DONE_ON_TIME),
    ("nothing on the due date: within", JUN30, [], [], D(2024, 6, 30), S.NOT_STARTED),
    ("nothing the day after: overdue", JUN30, [], [], D(2024, 7, 1), S.NOT_STARTED_OVERDUE),
    (
        "started, on the due date",
        JUN30,
        [started(D(2024, 6, 1))],
        [],
        D(2024, 6, 30),
        S.IN_PROGRESS,
    ),
    (
        "started, the day after",
        JUN30,
        [started(D(2024, 6, 1))],
        [],
        D(2024, 7, 1),
        S.IN_PROGRESS_OVERDUE,
    ),
    (
        "reported not started, overdue",
        JUN30,
        [ProgressUpdate(D(2024, 6, 1), "not_started")],
        [],
        D(2024, 7, 1),
        S.NOT_STARTED_OVERDUE,
    ),
    (
        "an update after as_of is ignored",
        JUN30,
        [started(D(2024, 6, 1)), done(D(2024, 6, 20))],
        [],
        D(2024, 6, 14),
        S.IN_PROGRESS,
    ),
    (
        "a done update after as_of is ignored, so overdue",
        FixedDeadline(D(2024, 6, 10)),
        [done(D(2024, 6, 20))],
        [],
        D(2024, 6, 14),
        S.NOT_STARTED_OVERDUE,
    ),
    (
        "suspended wins over the dates",
        JUN30,
        [started(D(2024, 5, 1)), ProgressUpdate(D(2024, 6, 1), "suspended")],
        [],
        D(2024, 9, 1),
        S.SUSPENDED,
    ),
    (
        "cancelled wins over the dates",
        JUN30,
        [ProgressUpdate(D(2024, 6, 1), "cancelled")],
        [],
        D(2024, 9, 1),
        S.CANCELLED,
    ),
    (
        "reopened after done: the latest update decides",
        JUN30,
        [done(D(2024, 6, 10)), started(D(2024, 6, 15))],
        [],
        D(2024, 6, 20),
        S.IN_PROGRESS,
    ),
    (
        "extension granted before the original deadline: on time against it",
        JUN30,
        [done(D(2024, 7, 15))],
        [Extension(D(2024, 6, 20), FixedDeadline(D(2024, 7, 31)))],
        D(2024, 8, 1),
        S.DONE_ON_TIME,
    ),
    (
        "extension granted after the original deadline: overdue until granted",
        JUN30,
        [],
        [Extension(D(2024, 7, 10), FixedDeadline(D(2024, 7, 31)))],
        D(2024, 7, 9),
        S.NOT_STARTED_OVERDUE,
    ),
    (
        "extension granted after the original deadline: within from the day granted",
        JUN30,
        [],
        [Extension(D(2024, 7, 10), FixedDeadline(D(2024, 7, 31)))],
        D(2024, 7, 10),
        S.NOT_STARTED,
    ),
    (
        "extension granted after as_of is ignored: done late against the original",
        JUN30,
        [done(D(2024, 7, 3))],
        [Extension(D(2024, 7, 10), FixedDeadline(D(2024, 7, 31)))],
        D(2024, 7, 5),
        S.DONE_LATE,
    ),
    (
        "extension granted later: the same completion is on time",
        JUN30,
        [done(D(2024, 7, 3))],
        [Extension(D(2024, 7, 10), FixedDeadline(D(2024, 7, 31)))],
        D(2024, 7, 10),
        S.DONE_ON_TIME,
    ),
    (
        "a timed deadline is judged by date: done that day, after the hour",
        FixedDeadline(D(2025, 5, 25), before=True, time=dt.time(20, 0)),
        [done(D(2025, 5, 25))],
        [],
        D(2025, 5, 26),
        S.DONE_ON_TIME,
    ),
    (
        "'trước ngày 15/12' is due on 14/12: done on 15/12 is late",
        FixedDeadline(D(2024, 12, 15), before=True),
        [done(D(2024, 12, 15))],
        [],
        D(2024, 12, 20),
        S.DONE_LATE,
    ),
    (
        "end of quarter III",
        PeriodEndDeadline(ReportingPeriod.quarter(2024, 3)),
        [done(D(2024, 9, 30))],
        [],
        D(2024, 10, 1),
        S.DONE_ON_TIME,
    ),
    (
        "30 days ending on National Day roll to Wednesday 4/9: done then is on time",
        RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 3)),
        [done(D(2024, 9, 4))],
        [],
        D(2024, 9, 10),
        S.DONE_ON_TIME,
    ),
    (
        "30 days ending on National Day roll to 4/9: done on 5/9 is late",
        RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 3)),
        [done(D(2024, 9, 5))],
        [],
        D(2024, 9, 10),
        S.DONE_LATE,
    ),
    (
        "30 days ending on National Day: still within on 4/9",
        RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 3)),
        [],
        [],
        D(2024, 9, 4),
        S.NOT_STARTED,
    ),
    ("ongoing, no update", OngoingDeadline(), [], [], D(2024, 9, 1), S.ONGOING),
    (
        "ongoing stays ongoing after a done report",
        OngoingDeadline(),
        [done(D(2024, 6, 1))],
        [],
        D(2024, 9, 1),
        S.ONGOING,
    ),
    (
        "ongoing, suspended",
        OngoingDeadline(),
        [ProgressUpdate(D(2024, 6, 1), "suspended")],
        [],
        D(2024, 9, 1),
        S.SUSPENDED,
    ),
    ("no deadline, nothing", None, [], [], D(2030, 1, 1), S.NOT_STARTED),
    ("no deadline, started", None, [started(D(2024, 1, 1))], [], D(2030, 1, 1), S.IN_PROGRESS),
    ("no deadline, done", None, [done(D(2024, 1, 1))], [], D(2030, 1, 1), S.DONE_NO_DEADLINE),
    (
        "undated ('theo yêu cầu'), done",
        UndatedDeadline("on_request"),
        [done(D(2024, 1, 1))],
        [],
        D(2030, 1, 1),
        S.DONE_NO_DEADLINE,
    ),
    (
        "an event with no known date is no deadline",
        EventDeadline("dai_hoi"),
        [started(D(2024, 1, 1))],
        [],
        D(2030, 1, 1),
        S.IN_PROGRESS,
    ),
    (
        "an extension to an ongoing deadline",
        FixedDeadline(D(2024, 3, 31)),
        [],
        [Extension(D(2024, 3, 1), OngoingDeadline())],
        D(2024, 9, 1),
        S.ONGOING,
    ),
]


@pytest.mark.parametrize(
    ("deadline", "updates", "extensions", "as_of", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_status_rule(
    deadline: Any,
    updates: list[ProgressUpdate],
    extensions: list[Extension],
    as_of: dt.date,
    expected: TaskStatus,
) -> None:
    """Each rule of the status engine gives the expected status at its boundary."""
    task = Task(
        "t1", "Nhiệm vụ", lead="cb1", deadline=deadline, updates=updates, extensions=extensions
    )
    assert row_of(task, as_of).status is expected


def test_before_policy_inclusive_reads_the_date_itself() -> None:
    """With the inclusive reading of "trước ngày 15/12", done on 15/12 is on time."""
    task = Task(
        "t1",
        "Báo cáo",
        deadline=FixedDeadline(D(2024, 12, 15), before=True),
        updates=[done(D(2024, 12, 15))],
    )
    row = row_of(task, D(2024, 12, 20), policy=PlanPolicy(before=BeforePolicy.INCLUSIVE))
    assert (row.status, row.due) == (S.DONE_ON_TIME, D(2024, 12, 15))


def test_event_deadline_resolved_from_the_plan_events() -> None:
    """A deadline before an event the plan dates is judged against the day before it."""
    task = Task("t1", "Chuẩn bị Đại hội", deadline=EventDeadline("dai_hoi"))
    row = row_of(task, D(2025, 6, 1), events={"dai_hoi": D(2025, 5, 20)})
    assert (row.status, row.due) == (S.NOT_STARTED_OVERDUE, D(2025, 5, 19))


def test_relative_deadline_anchored_to_a_task_waits_for_its_completion() -> None:
    """A task due 10 days after another's completion has no due date until that is done."""
    first = Task("t1", "Ban hành quy chế", deadline=JUN30, updates=[done(D(2024, 7, 2))])
    second = Task(
        "t2", "Phổ biến quy chế", deadline=RelativeDeadline(10, anchor="task", anchor_task="t1")
    )
    before = evaluate(plan_of(first, second), as_of=D(2024, 7, 1)).row("t2")
    after = evaluate(plan_of(first, second), as_of=D(2024, 7, 20)).row("t2")
    assert (before.status, before.due) == (S.NOT_STARTED, None)
    assert (after.status, after.due) == (S.NOT_STARTED_OVERDUE, D(2024, 7, 12))


def test_plan_calendar_changes_move_a_rolled_deadline() -> None:
    """A day off the plan adds is skipped when a period in days is rolled forward."""
    deadline = RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 3))
    task = Task("t1", "Báo cáo", deadline=deadline)
    off = CalendarChange(D(2024, 9, 4), working=False, name="Nghỉ bù địa phương")
    plan = plan_of(task, calendar_changes=[off])
    assert evaluate(plan, as_of=D(2024, 9, 1)).rows[0].due == D(2024, 9, 5)


# -- dates and counts shown on a row ----------------------------------------------------


def test_row_keeps_the_original_deadline_beside_the_extended_one() -> None:
    """The row shows the deadline in force and the original one, and the extension."""
    ext = Extension(
        D(2024, 6, 20), FixedDeadline(D(2024, 7, 31)), approved_by=DocumentRef.parse("12-TB/ĐU")
    )
    task = Task(
        "t1", "Nhiệm vụ", deadline=FixedDeadline(D(2024, 6, 30), text="30/6/2024"), extensions=[ext]
    )
    row = row_of(task, D(2024, 7, 1))
    assert (row.due, row.original_due, row.extension, row.extended) == (
        D(2024, 7, 31),
        D(2024, 6, 30),
        ext,
        True,
    )
    assert row.deadline_text == "30/6/2024"
    assert row.deadline == ext.deadline


def test_overdue_counts_in_calendar_and_working_days() -> None:
    """Overdue by 5 calendar days across National Day is 1 working day (Wed 4/9)."""
    task = Task("t1", "Nhiệm vụ", deadline=FixedDeadline(D(2024, 8, 30)))
    row = row_of(task, D(2024, 9, 4))
    assert (row.days_overdue, row.working_days_overdue) == (5, 1)
    assert row.overdue_age is OverdueAge.DAYS_1_7
    assert (row.days_left, row.working_days_left, row.due_soon) == (None, None, False)


def test_days_left_in_calendar_and_working_days() -> None:
    """Due Thursday 5/9 seen on Friday 30/8: 6 calendar days, 2 working days left."""
    task = Task("t1", "Nhiệm vụ", deadline=FixedDeadline(D(2024, 9, 5)))
    row = row_of(task, D(2024, 8, 30))
    assert (row.days_left, row.working_days_left, row.days_overdue) == (6, 2, None)


def test_done_row_has_completion_date_percent_and_days_late() -> None:
    """A row done late shows its completion date, 100 % and the days late."""
    task = Task(
        "t1", "Nhiệm vụ", deadline=JUN30, updates=[started(D(2024, 6, 1), 40), done(D(2024, 7, 3))]
    )
    row = row_of(task, D(2024, 7, 10))
    assert (row.done_on, row.percent, row.days_late, row.days_overdue) == (
        D(2024, 7, 3),
        100,
        3,
        None,
    )
    assert row.last_update == done(D(2024, 7, 3))


def test_completion_date_is_the_first_of_the_final_done_updates() -> None:
    """Done, confirmed done again: completed the first time; reopened then done: the last."""
    confirmed = Task("t1", "A", deadline=JUN30, updates=[done(D(2024, 6, 28)), done(D(2024, 7, 2))])
    reopened = Task(
        "t2",
        "B",
        deadline=JUN30,
        updates=[done(D(2024, 6, 10)), started(D(2024, 6, 15)), done(D(2024, 7, 2))],
    )
    report = evaluate(plan_of(confirmed, reopened), as_of=D(2024, 7, 10))
    assert report.row("t1").done_on == D(2024, 6, 28)
    assert report.row("t1").status is S.DONE_ON_TIME
    assert (report.row("t2").done_on, report.row("t2").status) == (D(2024, 7, 2), S.DONE_LATE)


def test_in_progress_percent_comes_from_the_last_update() -> None:
    """An open row's percent is that of its last update; None when never reported."""
    task = Task("t1", "Nhiệm vụ", deadline=JUN30, updates=[started(D(2024, 6, 1), 60)])
    assert row_of(task, D(2024, 6, 2)).percent == 60
    assert row_of(Task("t2", "X", deadline=JUN30), D(2024, 6, 2)).percent is None


def test_row_names_for_renderers() -> None:
    """A row carries the plan's title, the units' and section's names and its task's fields."""
    task = Task(
        "t1",
        "Nhiệm vụ",
        lead="cb1",
        coordinating=["cb2", "ubkt"],
        section="II",
        key=True,
        deliverable="Báo cáo",
        deadline=JUN30,
    )
    plan = plan_of(task, sections=[Section("II", "Nhiệm vụ, giải pháp")])
    row = evaluate(plan, as_of=D(2024, 6, 1)).rows[0]
    assert (row.plan_id, row.plan_title, row.as_of) == ("kh45", "Kế hoạch 45-KH/ĐU", D(2024, 6, 1))
    assert (row.lead_name, row.coordinating_names) == ("Chi bộ 1", ("Chi bộ 2", "ubkt"))
    assert (row.section, row.section_title, row.key, row.deliverable) == (
        "II",
        "Nhiệm vụ, giải pháp",
        True,
        "Báo cáo",
    )
    assert (row.id, row.task_id, row.title, row.lead, row.coordinating) == (
        "t1",
        "t1",
        "Nhiệm vụ",
        "cb1",
        ("cb2", "ubkt"),
    )
    assert repr(row) == "StatusRow('kh45', 't1', not_started, due=2024-06-30)"


# -- due soon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "window", "expected"),
    [
        (D(2024, 8, 30), 0, True),  # due today
        (D(2024, 8, 31), 0, True),  # Saturday: no working day in between
        (D(2024, 9, 3), 0, True),  # National Day holiday: still none
        (D(2024, 9, 4), 0, False),  # Wednesday: one working day
        (D(2024, 9, 4), 1, True),
        (D(2024, 9, 5), 1, False),
        (D(2024, 9, 5), 2, True),
        (D(2024, 9, 6), 2, False),
    ],
)
def test_due_soon_counts_working_days_across_a_weekend_and_holiday(
    due: dt.date, window: int, expected: bool
) -> None:
    """Seen on Friday 30/8/2024 (then a weekend and National Day, 2–3/9), a task is due
    soon when at most ``window`` working days lie between."""
    row = row_of(
        Task("t1", "Nhiệm vụ", deadline=FixedDeadline(due)), D(2024, 8, 30), due_soon=window
    )
    assert row.due_soon is expected


def test_due_soon_window_defaults_to_the_plan_policy() -> None:
    """Without ``due_soon``, the plan's ``policy.due_soon_days`` sets the window."""
    task = Task("t1", "Nhiệm vụ", deadline=FixedDeadline(D(2024, 9, 5)))
    assert row_of(task, D(2024, 8, 30), policy=PlanPolicy(due_soon_days=2)).due_soon
    assert not row_of(task, D(2024, 8, 30), policy=PlanPolicy(due_soon_days=1)).due_soon


@pytest.mark.parametrize(
    "updates",
    [[done(D(2024, 8, 1))], [ProgressUpdate(D(2024, 8, 1), "suspended")]],
    ids=["done", "suspended"],
)
def test_due_soon_is_only_for_open_rows(updates: list[ProgressUpdate]) -> None:
    """A done or suspended task is never flagged due soon, however near its date."""
    task = Task("t1", "Nhiệm vụ", deadline=FixedDeadline(D(2024, 8, 30)), updates=updates)
    assert not row_of(task, D(2024, 8, 30)).due_soon


def test_due_soon_rejects_a_negative_window() -> None:
    """A negative due-soon window is refused, naming the parameter."""
    with pytest.raises(ValidationError, match="due_soon"):
        evaluate(plan_of(), as_of=D(2024, 8, 30), due_soon=-1)


@pytest.mark.parametrize("window", [2.5, "5", True])
def test_due_soon_rejects_a_window_that_is_no_whole_number(window: object) -> None:
    """A due-soon window that is not a whole number of working days is refused (a
    fraction would flag a task due years later as due soon)."""
    with pytest.raises(ValidationError, match=r"due_soon: expected a whole number"):
        evaluate(plan_of(), as_of=D(2024, 8, 30), due_soon=window)  # type: ignore[arg-type]


def test_as_of_must_be_a_date() -> None:
    """A datetime cut-off is refused with a hint to pass its date."""
    with pytest.raises(ValidationError, match=r"value\.date\(\)"):
        evaluate(plan_of(), as_of=dt.datetime(2024, 8, 30, 10))


# -- recurring tasks --------------------------------------------------------------------

MONTHLY_19 = RecurringDeadline("monthly", month_day=19, text="trước ngày 20 hằng tháng")
H2 = ReportingPeriod.half(2024, 2)


def monthly(*updates: ProgressUpdate, deadline: RecurringDeadline = MONTHLY_19) -> Task:
    return Task("t3", "Báo cáo tháng", lead="vp", deadline=deadline, updates=updates)


def statuses(report: StatusReport) -> dict[str, TaskStatus]:
    return {row.id: row.status for row in report.rows}


def test_recurring_task_has_one_row_per_occurrence_in_the_period() -> None:
    """A monthly task gets a row per month of the period, with ids 't3@<due date>'."""
    report = evaluate(plan_of(monthly()), as_of=D(2024, 8, 25), period=H2)
    assert [row.id for row in report.rows] == [f"t3@2024-{month:02d}-19" for month in range(7, 13)]
    assert [row.occurrence.due for row in report.rows if row.occurrence] == [
        row.due for row in report.rows
    ]


def test_recurring_report_a_little_late_counts_for_that_month() -> None:
    """Sent on 22/8 (due 19/8): August done late, not September early."""
    report = evaluate(
        plan_of(monthly(done(D(2024, 7, 18)), done(D(2024, 8, 22)))),
        as_of=D(2024, 8, 25),
        period=H2,
    )
    assert statuses(report) == {
        "t3@2024-07-19": S.DONE_ON_TIME,
        "t3@2024-08-19": S.DONE_LATE,
        "t3@2024-09-19": S.NOT_STARTED,
        "t3@2024-10-19": S.NOT_STARTED,
        "t3@2024-11-19": S.NOT_STARTED,
        "t3@2024-12-19": S.NOT_STARTED,
    }
    assert report.row("t3@2024-08-19").done_on == D(2024, 8, 22)


def test_recurring_missed_month_does_not_make_the_next_one_late() -> None:
    """July missed, August sent on 15/8: July stays overdue, August is on time."""
    report = evaluate(plan_of(monthly(done(D(2024, 8, 15)))), as_of=D(2024, 8, 25), period=H2)
    got = statuses(report)
    assert (got["t3@2024-07-19"], got["t3@2024-08-19"]) == (S.NOT_STARTED_OVERDUE, S.DONE_ON_TIME)


def test_recurring_slot_boundary_is_the_midpoint_between_due_dates() -> None:
    """Between 19/7 and 19/8 (31 days) the midpoint is 3/8: a report on 3/8 is July's
    (late), on 4/8 August's (on time)."""
    on_mid = evaluate(plan_of(monthly(done(D(2024, 8, 3)))), as_of=D(2024, 8, 10), period=H2)
    after = evaluate(plan_of(monthly(done(D(2024, 8, 4)))), as_of=D(2024, 8, 10), period=H2)
    assert statuses(on_mid)["t3@2024-07-19"] is S.DONE_LATE
    assert statuses(on_mid)["t3@2024-08-19"] is S.NOT_STARTED
    assert statuses(after)["t3@2024-07-19"] is S.NOT_STARTED_OVERDUE
    assert statuses(after)["t3@2024-08-19"] is S.DONE_ON_TIME


def test_recurring_in_progress_update_applies_to_its_slot_only() -> None:
    """Work reported on 10/8 puts August in progress; July, never done, is overdue."""
    report = evaluate(
        plan_of(monthly(started(D(2024, 8, 10), 50))), as_of=D(2024, 8, 12), period=H2
    )
    got = statuses(report)
    assert (got["t3@2024-07-19"], got["t3@2024-08-19"]) == (S.NOT_STARTED_OVERDUE, S.IN_PROGRESS)
    assert report.row("t3@2024-08-19").percent == 50


def test_recurring_update_after_as_of_is_ignored() -> None:
    """A report dated after the cut-off does not complete an occurrence."""
    report = evaluate(plan_of(monthly(done(D(2024, 8, 15)))), as_of=D(2024, 8, 14), period=H2)
    assert statuses(report)["t3@2024-08-19"] is S.NOT_STARTED


def test_recurring_cancelled_task_cancels_its_open_occurrences_only() -> None:
    """After a cancel, open occurrences are cancelled; done ones stay done."""
    report = evaluate(
        plan_of(monthly(done(D(2024, 7, 18)), ProgressUpdate(D(2024, 8, 1), "cancelled"))),
        as_of=D(2024, 8, 25),
        period=H2,
    )
    got = statuses(report)
    assert got["t3@2024-07-19"] is S.DONE_ON_TIME
    assert {got[k] for k in got if k != "t3@2024-07-19"} == {S.CANCELLED}


def test_recurring_without_period_runs_from_january_to_the_next_occurrence() -> None:
    """With no period (and none on the plan), occurrences run from 1 January of the
    cut-off's year to the cut-off, plus the next one."""
    report = evaluate(plan_of(monthly()), as_of=D(2024, 3, 25))
    assert [row.id for row in report.rows] == [
        "t3@2024-01-19",
        "t3@2024-02-19",
        "t3@2024-03-19",
        "t3@2024-04-19",
    ]


def test_recurring_without_period_uses_the_plan_period() -> None:
    """A plan with its own period bounds the occurrences; none after its end."""
    plan = plan_of(monthly(), period=H2)
    mid = evaluate(plan, as_of=D(2024, 8, 25))
    after = evaluate(plan, as_of=D(2025, 3, 1))
    assert [row.id for row in mid.rows] == ["t3@2024-07-19", "t3@2024-08-19", "t3@2024-09-19"]
    assert len(after.rows) == 6


def test_recurring_occurrence_on_a_holiday_rolls_when_asked() -> None:
    """A monthly deadline on the 2nd with rolling: 2/9/2024 (National Day) moves to 4/9."""
    deadline = RecurringDeadline("monthly", month_day=2, roll=True)
    report = evaluate(
        plan_of(monthly(done(D(2024, 9, 4)), deadline=deadline)),
        as_of=D(2024, 9, 10),
        period=ReportingPeriod.quarter(2024, 3),
    )
    assert [row.id for row in report.rows] == ["t3@2024-07-02", "t3@2024-08-02", "t3@2024-09-04"]
    assert report.row("t3@2024-09-04").status is S.DONE_ON_TIME


def test_recurring_quarter_period_keeps_its_own_occurrences() -> None:
    """Evaluated for Q3 after it ended, only July to September are rows."""
    report = evaluate(
        plan_of(monthly()), as_of=D(2024, 10, 5), period=ReportingPeriod.quarter(2024, 3)
    )
    assert list(statuses(report).values()) == [S.NOT_STARTED_OVERDUE] * 3


def test_recurring_in_a_window_period() -> None:
    """The state's six-month window of H2 2024 (15/6–14/12) holds 19/6 to 19/11."""
    window = ReportingPeriod.half(2024, 2, convention="window")
    report = evaluate(plan_of(monthly()), as_of=D(2024, 12, 14), period=window)
    assert [row.due for row in report.rows] == [D(2024, m, 19) for m in range(6, 12)]


def test_recurring_task_with_no_occurrence_in_the_period_has_no_row() -> None:
    """A yearly task due at the end of December has no row in the third quarter."""
    yearly = Task("t9", "Tổng kết năm", deadline=RecurringDeadline("yearly"))
    report = evaluate(plan_of(yearly), as_of=D(2024, 8, 1), period=ReportingPeriod.quarter(2024, 3))
    assert report.rows == ()


def test_recurring_extension_replaces_the_schedule() -> None:
    """An extension with a new recurring schedule gives its occurrences, without
    original due dates."""
    later = RecurringDeadline("monthly", month_day=25)
    task = attrs.evolve(monthly(), extensions=[Extension(D(2024, 6, 1), later)])
    report = evaluate(plan_of(task), as_of=D(2024, 8, 1), period=ReportingPeriod.quarter(2024, 3))
    assert [(row.due, row.original_due) for row in report.rows] == [
        (D(2024, 7, 25), None),
        (D(2024, 8, 25), None),
        (D(2024, 9, 25), None),
    ]


# -- the general functions agree with the inlined hot path -----------------------------


@pytest.mark.parametrize(
    ("due", "last", "done_on", "expected"),
    [
        (None, None, None, S.NOT_STARTED),
        (None, done(D(2024, 1, 1)), None, S.DONE_NO_DEADLINE),
        (D(2024, 6, 30), done(D(2024, 7, 1)), D(2024, 6, 30), S.DONE_ON_TIME),
        (D(2024, 6, 30), done(D(2024, 7, 1)), None, S.DONE_LATE),
        (D(2024, 6, 30), started(D(2024, 6, 1)), None, S.IN_PROGRESS_OVERDUE),
        (D(2024, 7, 1), started(D(2024, 6, 1)), None, S.IN_PROGRESS),
    ],
)
def test_classify(
    due: dt.date | None, last: ProgressUpdate | None, done_on: dt.date | None, expected: TaskStatus
) -> None:
    """classify, seen on 1/7/2024, judges by the completion date when given, else the
    done update's date."""
    assert classify(due, last, done_on, D(2024, 7, 1)) is expected


# -- aggregates -----------------------------------------------------------------------


def sample_plan() -> ActionPlan:
    resolution = Document(
        DocumentKind.RESOLUTION, ref=DocumentRef.parse("57-NQ/TW"), issued_on=D(2024, 12, 22)
    )
    return plan_of(
        Task("a", "A", lead="cb1", section="II", deadline=JUN30, updates=[done(D(2024, 6, 28))]),
        Task("b", "B", lead="cb1", section="II", deadline=JUN30, updates=[done(D(2024, 7, 2))]),
        Task(
            "c",
            "C",
            lead="cb2",
            section="II",
            coordinating=["cb1"],
            deadline=FixedDeadline(D(2024, 7, 10)),
        ),
        Task(
            "d",
            "D",
            lead="cb2",
            section="III",
            deadline=FixedDeadline(D(2024, 5, 1)),
            updates=[started(D(2024, 4, 1))],
        ),
        Task("e", "E", lead="vp", deadline=FixedDeadline(D(2024, 8, 30))),
        Task("f", "F", deadline=OngoingDeadline()),
        Task(
            "g",
            "G",
            lead="cb1",
            deadline=JUN30,
            updates=[ProgressUpdate(D(2024, 6, 1), "cancelled")],
        ),
        implements=[resolution],
        sections=[Section("II", "Nhiệm vụ, giải pháp"), Section("III", "Tổ chức thực hiện")],
    )


AS_OF = D(2024, 8, 29)


def test_totals_list_every_status() -> None:
    """Totals hold all ten statuses, zeros included."""
    totals = evaluate(sample_plan(), as_of=AS_OF).totals
    assert list(totals) == list(TaskStatus)
    assert dict(totals) == {
        S.DONE_ON_TIME: 1,
        S.DONE_LATE: 1,
        S.DONE_NO_DEADLINE: 0,
        S.IN_PROGRESS: 0,
        S.IN_PROGRESS_OVERDUE: 1,
        S.NOT_STARTED: 1,
        S.NOT_STARTED_OVERDUE: 1,
        S.ONGOING: 1,
        S.SUSPENDED: 0,
        S.CANCELLED: 1,
    }


def test_rates_over_the_sample() -> None:
    """Completion 2/(2+2); overdue share 2/6 (cancelled left out); on time 1/2."""
    rates = evaluate(sample_plan(), as_of=AS_OF).rates
    assert list(rates) == ["completion_rate", "overdue_share", "on_time_rate"]
    assert rates["completion_rate"].value == Fraction(1, 2)
    assert (rates["overdue_share"].numerator, rates["overdue_share"].denominator) == (2, 6)
    assert rates["overdue_share"].percent == Decimal("33.33")
    assert rates["on_time_rate"].format("en") == "50.00%"


def test_rate_due_in_period_needs_a_period() -> None:
    """With a period, the overdue share of tasks due in it is added: c and d... of Q3 only c."""
    report = evaluate(sample_plan(), as_of=AS_OF, period=ReportingPeriod.quarter(2024, 3))
    rate = report.rates["overdue_share_due_in_period"]
    assert (rate.numerator, rate.denominator) == (1, 2)  # c overdue; e not yet due


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent", "vi"),
    [
        (16051, 16051 + 223, Decimal("98.62"), "98,62 %"),  # 98.6297…: rounding would give 98.63
        (289, 10448, Decimal("2.76"), "2,76 %"),  # 2.7660…: rounding would give 2.77
        (123, 2057, Decimal("5.97"), "5,97 %"),
        (1, 1, Decimal("100.00"), "100,00 %"),
        (0, 5, Decimal("0.00"), "0,00 %"),
        (0, 0, None, "—"),
    ],
)
def test_rate_percent_is_truncated_like_the_published_figures(
    numerator: int, denominator: int, percent: Decimal | None, vi: str
) -> None:
    """Rates print truncated to two decimals, as the Government Office's reports do."""
    rate = Rate(OVERDUE_SHARE, numerator, denominator)
    assert rate.percent == percent
    assert rate.format() == vi


def test_rate_format_groups_thousands_the_vietnamese_way() -> None:
    """A percent over 1000 (a ratio above 10) uses '.' for thousands and ',' for decimals."""
    assert Rate(COMPLETION_RATE, 125, 10).format() == "1.250,00 %"
    assert Rate(COMPLETION_RATE, 125, 10).format("en") == "1,250.00%"


def test_rate_labels_and_formulas_in_both_languages() -> None:
    """Every rate says what it is and how it is computed, in Vietnamese and English."""
    rate = Rate(COMPLETION_RATE, 1, 2)
    assert rate.label() == "Tỷ lệ hoàn thành trên số nhiệm vụ đã đến hạn"
    assert rate.formula("en") == "done / (done + open overdue)"
    with pytest.raises(ValidationError, match="language"):
        rate.label("fr")


def test_by_unit_adds_up_and_keeps_the_plan_order() -> None:
    """Per lead unit, in the plan's unit order, rows without a lead last; sums match."""
    report = evaluate(sample_plan(), as_of=AS_OF)
    units = report.by_unit()
    assert [(s.key, s.name, s.count) for s in units] == [
        ("vp", "Văn phòng Đảng ủy", 1),
        ("cb1", "Chi bộ 1", 3),
        ("cb2", "Chi bộ 2", 2),
        (None, "", 1),
    ]
    assert units[-1].display_name("en") == "(No lead unit)"
    for status in TaskStatus:
        assert sum(s.totals[status] for s in units) == report.totals[status]


def test_by_unit_as_coordinator() -> None:
    """As coordinator, only the units that coordinate something appear."""
    units = evaluate(sample_plan(), as_of=AS_OF).by_unit(role="coordinating")
    assert [(s.key, s.count, s.overdue) for s in units] == [("cb1", 1, 1)]
    with pytest.raises(ValidationError, match="role"):
        evaluate(sample_plan(), as_of=AS_OF).by_unit(role="chair")  # type: ignore[arg-type]


def test_by_section_by_plan_and_by_document() -> None:
    """Sections follow the plan's order, then rows with none; documents by symbol."""
    report = evaluate(sample_plan(), as_of=AS_OF)
    assert [(s.key, s.name, s.plan_id, s.count) for s in report.by_section()] == [
        ("II", "Nhiệm vụ, giải pháp", "kh45", 3),
        ("III", "Tổ chức thực hiện", "kh45", 1),
        (None, "", "kh45", 3),
    ]
    assert [(s.key, s.name, s.count) for s in report.by_plan()] == [
        ("kh45", "Kế hoạch 45-KH/ĐU", 7)
    ]
    assert [(s.key, s.name, s.count) for s in report.by_document()] == [
        ("57-NQ/TW", "Nghị quyết số 57-NQ/TW, ngày 22/12/2024", 7)
    ]


def test_overdue_ages_bucket_by_calendar_days() -> None:
    """d is 120 days overdue, c 50: both over 30 days."""
    report = evaluate(sample_plan(), as_of=AS_OF)
    assert dict(report.overdue_ages) == {
        OverdueAge.DAYS_1_7: 0,
        OverdueAge.DAYS_8_30: 0,
        OverdueAge.OVER_30: 2,
    }
    assert [row.id for row in report.overdue] == ["d", "c"]


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (1, OverdueAge.DAYS_1_7),
        (7, OverdueAge.DAYS_1_7),
        (8, OverdueAge.DAYS_8_30),
        (30, OverdueAge.DAYS_8_30),
        (31, OverdueAge.OVER_30),
    ],
)
def test_overdue_age_bucket_edges(days: int, bucket: OverdueAge) -> None:
    """The buckets are 1–7, 8–30 and over 30 days."""
    assert OverdueAge.of(days) is bucket


def test_several_plans_together() -> None:
    """Two plans give one report: rows in plan order, a summary per plan, ids checked."""
    one = sample_plan()
    two = ActionPlan("kh46", "Kế hoạch 46", tasks=[Task("a", "A", lead="cb9", deadline=JUN30)])
    report = evaluate([one, two], as_of=AS_OF)
    assert [s.key for s in report.by_plan()] == ["kh45", "kh46"]
    assert report.row("a", plan_id="kh46").plan_title == "Kế hoạch 46"
    assert report.by_unit()[-2].key == "cb9"  # units no plan lists, sorted, before None
    assert [s.key for s in report.by_document()] == ["57-NQ/TW", None]
    with pytest.raises(ValidationError, match="unique"):
        evaluate([one, one], as_of=AS_OF)


def test_for_unit_and_select_recompute_totals() -> None:
    """A unit's subset has its own totals; an unknown unit lists the known ones."""
    report = evaluate(sample_plan(), as_of=AS_OF)
    assert report.for_unit("cb2").summary.count == 2
    assert report.for_unit("cb1", role="any").summary.count == 4
    assert report.select(lambda row: row.key).rows == ()
    with pytest.raises(ValidationError, match="the units are: cb1, cb2, vp"):
        report.for_unit("cb7")


def test_unknown_row_id() -> None:
    """Asking for a row that is not there raises UnknownTaskError listing the ids."""
    with pytest.raises(UnknownTaskError, match="known tasks: a, b"):
        evaluate(sample_plan(), as_of=AS_OF).row("zz")


def test_targets_with_their_latest_values() -> None:
    """Targets report the latest value on or before the cut-off and whether it is met."""
    targets = [
        Target(
            "k1",
            "Tỷ lệ đảng viên được học tập",
            95,
            "%",
            reports=[TargetReport(D(2024, 6, 30), 96), TargetReport(D(2024, 9, 30), 90)],
        ),
        Target("k2", "Tỷ lệ quá hạn", 2, "%", at_least=False),
    ]
    report = evaluate(plan_of(targets=targets), as_of=AS_OF)
    assert [(t.target.id, t.latest, t.met) for t in report.targets] == [
        ("k1", TargetReport(D(2024, 6, 30), 96), True),
        ("k2", None, None),
    ]


def test_due_soon_list_is_sorted_by_due_date() -> None:
    """The report's due-soon rows come by due date."""
    plan = plan_of(
        Task("x", "X", deadline=FixedDeadline(D(2024, 9, 5))),
        Task("y", "Y", deadline=FixedDeadline(D(2024, 8, 30))),
    )
    report = evaluate(plan, as_of=D(2024, 8, 29))
    assert [row.id for row in report.due_soon] == ["y", "x"]
    assert report.summary.due_soon == 2


def test_status_labels_in_both_languages() -> None:
    """Every status has a Vietnamese and an English label; the Vietnamese are NFC."""
    import unicodedata

    assert S.NOT_STARTED.label() == "Chưa thực hiện (trong hạn)"
    assert S.CANCELLED.label("en") == "Cancelled"
    for status in TaskStatus:
        vi = status.label("vi")
        assert vi == unicodedata.normalize("NFC", vi)
        assert status.label("en") != vi
    with pytest.raises(ValidationError, match="language"):
        S.ONGOING.label("de")


@pytest.mark.parametrize("status", list(TaskStatus))
def test_predicates_partition_the_statuses(status: TaskStatus) -> None:
    """A status is done, or open, or neither (suspended, cancelled); overdue implies open."""
    assert not (status.is_done and status.is_open)
    assert not status.is_overdue or status.is_open
    neither = {S.SUSPENDED, S.CANCELLED}
    assert (status.is_done or status.is_open) == (status not in neither)


def test_report_is_reproducible_with_a_separate_calendar() -> None:
    """Two evaluations with equal inputs (even separately built calendars) are equal."""
    plan = sample_plan()
    one = evaluate(plan, as_of=AS_OF, calendar=WorkCalendar())
    two = evaluate(plan, as_of=AS_OF, calendar=WorkCalendar())
    assert one == two
    assert hash(one.rows[0]) == hash(two.rows[0])


def test_recurring_occurrences_start_at_the_plan_issue_date() -> None:
    """A plan issued on 6/8/2024 for the second half year asks for no July report."""
    plan = plan_of(
        monthly(),
        period=H2,
        document=Document(DocumentKind.PLAN, issued_on=D(2024, 8, 6)),
    )
    assert [row.id for row in evaluate(plan, as_of=D(2024, 8, 14)).rows] == ["t3@2024-08-19"]
    in_period = evaluate(plan, as_of=D(2024, 8, 14), period=H2)
    assert in_period.rows[0].id == "t3@2024-08-19"


def test_period_must_be_a_reporting_period() -> None:
    """A period given as text is refused with a hint to parse it."""
    with pytest.raises(ValidationError, match=r"ReportingPeriod\.parse"):
        evaluate(plan_of(), as_of=D(2024, 8, 30), period="2024-H2")  # type: ignore[arg-type]
