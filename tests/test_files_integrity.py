"""The plan-wide check (actionplan.files.check_plan): what no single object can see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings

from actionplan.deadlines import EventDeadline, FixedDeadline, PeriodEndDeadline, RelativeDeadline
from actionplan.errors import Severity
from actionplan.files import check_plan
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    ProgressUpdate,
    Section,
    Target,
    TargetReport,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind
from actionplan.workdays import CalendarChange
from strategies import plans

D = dt.date
UNITS = (Unit("cb1", "Chi bộ 1"), Unit("cb2", "Chi bộ 2"), Unit("cb3", "Chi bộ 3"))
ISSUED = Document(DocumentKind.PLAN, issued_on=D(2024, 8, 6))


def plan(*tasks: Task, **fields: object) -> ActionPlan:
    """A plan issued on 6/8/2024 with units cb1–cb3 and the given tasks."""
    base: dict[str, object] = {"document": ISSUED, "units": UNITS}
    base.update(fields)
    return ActionPlan("kh45", "Kế hoạch 45", tasks=tasks, **base)  # type: ignore[arg-type]


ERROR, WARNING = Severity.ERROR, Severity.WARNING

CASES: list[tuple[str, Callable[[], ActionPlan], str, str, Severity, str | None]] = [
    # (case, plan, path, message fragment, severity, hint fragment)
    (
        "duplicate task ids",
        lambda: plan(Task("t1", "A"), Task("t1", "B")),
        "tasks[1].id",
        "duplicate task id 't1'",
        ERROR,
        "unique",
    ),
    (
        "task ids differing only in case",
        lambda: plan(Task("II.1", "A"), Task("t1", "B"), Task("ii.1", "C")),
        "tasks[2].id",
        "task id 'ii.1' differs from the earlier 'II.1' only in case",
        WARNING,
        "Windows and macOS",
    ),
    (
        "duplicate unit ids",
        lambda: plan(units=(*UNITS, Unit("cb2", "Khác"))),
        "units[3].id",
        "duplicate unit id 'cb2'",
        ERROR,
        None,
    ),
    (
        "duplicate section ids",
        lambda: plan(sections=(Section("I", "Một"), Section("I", "Hai"))),
        "sections[1].id",
        "duplicate section id 'I'",
        ERROR,
        None,
    ),
    (
        "duplicate target ids",
        lambda: plan(targets=(Target("x", "A"), Target("x", "B"))),
        "targets[1].id",
        "duplicate target id 'x'",
        ERROR,
        None,
    ),
    (
        "an unknown lead",
        lambda: plan(Task("t1", "A", lead="cb4")),
        "tasks[0].lead",
        "unknown unit 'cb4'",
        ERROR,
        "known units: cb1, cb2, cb3",
    ),
    (
        "an unknown coordinating unit",
        lambda: plan(Task("t1", "A", lead="cb1", coordinating=["cb2", "vp"])),
        "tasks[0].coordinating[1]",
        "unknown unit 'vp'",
        ERROR,
        "known units: cb1, cb2, cb3",
    ),
    (
        "an unknown unit parent",
        lambda: plan(units=(*UNITS, Unit("cb4", "Chi bộ 4", parent="dang-uy"))),
        "units[3].parent",
        "unknown unit 'dang-uy'",
        ERROR,
        None,
    ),
    (
        "an unknown target lead",
        lambda: plan(targets=(Target("x", "Kết nạp", lead="btv"),)),
        "targets[0].lead",
        "unknown unit 'btv'",
        ERROR,
        None,
    ),
    (
        "a reporter that looks like a mistyped unit",
        lambda: plan(
            Task(
                "t1", "A", updates=[ProgressUpdate(D(2024, 9, 1), "in_progress", reported_by="cb5")]
            )
        ),
        "tasks[0].updates[0].by",
        "'cb5' is not a unit of the plan",
        WARNING,
        "did you mean the unit",
    ),
    (
        "a mistyped reporter of a target",
        lambda: plan(
            targets=(Target("x", "A", reports=[TargetReport(D(2024, 9, 1), 1, reported_by="cb7")]),)
        ),
        "targets[0].reports[0].by",
        "not a unit",
        WARNING,
        None,
    ),
    (
        "an unknown parent task",
        lambda: plan(Task("t1", "A"), Task("t2", "B", parent="t9")),
        "tasks[1].parent",
        "unknown task 't9'",
        ERROR,
        "known tasks: t1, t2",
    ),
    (
        "an unknown dependency",
        lambda: plan(Task("t1", "A", depends_on=["t0"])),
        "tasks[0].depends_on[0]",
        "unknown task 't0'",
        ERROR,
        None,
    ),
    (
        "a deadline counted from an unknown task",
        lambda: plan(
            Task("t1", "A", deadline=RelativeDeadline(5, anchor="task", anchor_task="t7"))
        ),
        "tasks[0].deadline.after.task",
        "unknown task 't7'",
        ERROR,
        None,
    ),
    (
        "a dependency cycle",
        lambda: plan(
            Task("t1", "A", depends_on=["t3"]),
            Task("t2", "B", depends_on=["t1"]),
            Task("t3", "C", depends_on=["t2"]),
        ),
        "tasks[0].depends_on",
        "dependency cycle: 't1' → 't3' → 't2' → 't1'",
        ERROR,
        None,
    ),
    (
        "a parent cycle",
        lambda: plan(Task("t1", "A", parent="t2"), Task("t2", "B", parent="t1")),
        "tasks[0].parent",
        "parent cycle: 't1' → 't2' → 't1'",
        ERROR,
        None,
    ),
    (
        "a unit parent cycle",
        lambda: plan(units=(Unit("a", "A", parent="b"), Unit("b", "B", parent="a"))),
        "units[0].parent",
        "parent cycle: 'a' → 'b' → 'a'",
        ERROR,
        None,
    ),
    (
        "an unknown section",
        lambda: plan(
            Task("t1", "A", section="III"), sections=(Section("I", "Một"), Section("II", "Hai"))
        ),
        "tasks[0].section",
        "unknown section 'III'",
        ERROR,
        "did you mean 'II'?",
    ),
    (
        "an update after done",
        lambda: plan(
            Task(
                "t1",
                "A",
                updates=[
                    ProgressUpdate(D(2024, 9, 1), "done"),
                    ProgressUpdate(D(2024, 9, 5), "in_progress", 80),
                ],
            )
        ),
        "tasks[0].updates[1]",
        "after the task was reported done on 2024-09-01",
        ERROR,
        "remove this one",
    ),
    (
        "an extension before the plan was issued",
        lambda: plan(
            Task("t1", "A", extensions=[Extension(D(2023, 9, 1), FixedDeadline(D(2024, 12, 31)))])
        ),
        "tasks[0].extensions[0].date",
        "before the plan's date of issue (2024-08-06)",
        ERROR,
        "year",
    ),
    (
        "a deadline before the plan was issued",
        lambda: plan(Task("t1", "A", deadline=PeriodEndDeadline(ReportingPeriod.quarter(2024, 2)))),
        "tasks[0].deadline",
        "falls on 2024-06-30, before the plan's date of issue (2024-08-06)",
        WARNING,
        "year",
    ),
    (
        "a strict 'before' deadline the day after issue",
        lambda: plan(Task("t1", "A", deadline=FixedDeadline(D(2024, 8, 6), before=True))),
        "tasks[0].deadline",
        "falls on 2024-08-05",
        WARNING,
        None,
    ),
    (
        "an event without a date",
        lambda: plan(Task("t1", "A", deadline=EventDeadline("dai_hoi", 2025))),
        "tasks[0].deadline",
        "the event 'dai_hoi' has no date in the plan",
        WARNING,
        "plan.events",
    ),
    (
        "an unknown time zone",
        lambda: plan(timezone="Asia/Ho_Chi_Mihn"),
        "plan.timezone",
        "unknown time zone 'Asia/Ho_Chi_Mihn'",
        ERROR,
        "did you mean 'Asia/Ho_Chi_Minh'?",
    ),
    (
        "a day both off and worked",
        lambda: plan(
            calendar_changes=(
                CalendarChange(D(2027, 5, 3), False, "Nghỉ bù"),
                CalendarChange(D(2027, 5, 3), True, "Làm bù"),
            )
        ),
        "plan.calendar[1].date",
        "both as a working day and as a day off",
        ERROR,
        None,
    ),
    (
        "received before the date of issue",
        lambda: plan(received_on=D(2024, 8, 5)),
        "plan.received_on",
        "received on 2024-08-05, before its date of issue (2024-08-06)",
        ERROR,
        "check the year",
    ),
    (
        "counted from the date received, which the plan does not give",
        lambda: plan(Task("t1", "A", deadline=RelativeDeadline(15, anchor="received"))),
        "tasks[0].deadline",
        "counted from the date of issue (2024-08-06) instead",
        WARNING,
        "plan.received_on",
    ),
    (
        "an extension counted from the date received, with no date of issue either",
        lambda: plan(
            Task(
                "t1",
                "A",
                extensions=[Extension(D(2024, 9, 1), RelativeDeadline(10, anchor="received"))],
            ),
            document=None,
        ),
        "tasks[0].extensions[0].to",
        "nor its date of issue",
        WARNING,
        "received_on:",
    ),
    (
        "units unchecked when the plan lists none",
        lambda: plan(Task("t1", "A", lead="Văn phòng"), units=()),
        "units",
        "lists no units",
        WARNING,
        None,
    ),
]


@pytest.mark.parametrize(
    ("make", "path", "fragment", "severity", "hint"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_check(
    make: Callable[[], ActionPlan], path: str, fragment: str, severity: Severity, hint: str | None
) -> None:
    """Each plan-wide problem is found, at its path, with its severity and hint."""
    problems = check_plan(make())
    found = [p for p in problems if p.path == path and fragment in p.message]
    assert found, "\n".join(map(str, problems))
    assert found[0].severity is severity
    if hint is not None:
        assert found[0].hint is not None
        assert hint in found[0].hint


def test_clean_plan_has_no_problems() -> None:
    """A coherent plan passes the check."""
    task = Task(
        "t1", "A", lead="cb1", coordinating=["cb2"], deadline=FixedDeadline(D(2024, 12, 31))
    )
    assert check_plan(plan(task, Task("t2", "B", depends_on=["t1"], parent="t1"))) == []


@pytest.mark.parametrize(("first", "second"), [("straße", "STRASSE"), ("t1", "t1x"), ("Đ1", "đ2")])
def test_ids_that_stay_two_file_names_are_not_reported(first: str, second: str) -> None:
    """Ids that case-insensitive disks still tell apart (letters that change length
    in capitals, such as ß) are no warning."""
    assert check_plan(plan(Task(first, "A"), Task(second, "B"))) == []


def test_every_problem_at_once() -> None:
    """All problems are returned together, not only the first."""
    problems = check_plan(
        plan(Task("t1", "A", lead="x"), Task("t1", "B", lead="y", depends_on=["z"]))
    )
    assert [p.path for p in problems] == [
        "tasks[1].id",
        "tasks[0].lead",
        "tasks[1].lead",
        "tasks[1].depends_on[0]",
    ]


def test_a_date_received_is_no_assumption() -> None:
    """With plan.received_on given, a deadline counted from it raises no warning."""
    task = Task("t1", "A", deadline=RelativeDeadline(15, anchor="received"))
    assert check_plan(plan(task, received_on=D(2024, 8, 9))) == []


def test_an_event_with_a_date_is_fine() -> None:
    """An event deadline whose event the plan dates is checked like any date."""
    task = Task("t1", "A", deadline=EventDeadline("dai_hoi", 2025))
    assert check_plan(plan(task, events={"dai_hoi/2025": D(2025, 10, 15)})) == []


def test_clashing_calendar_changes_still_check_the_deadlines() -> None:
    """Calendar changes that clash are reported, and the deadlines are still checked
    (resolved with the default calendar, since the plan's own cannot be made)."""
    clash = (
        CalendarChange(D(2024, 9, 9), False, "Nghỉ bù"),
        CalendarChange(D(2024, 9, 9), True, "Làm bù"),
    )
    early = Task("t1", "A", deadline=PeriodEndDeadline(ReportingPeriod.quarter(2024, 2)))
    relative = Task("t2", "B", deadline=RelativeDeadline(30, anchor="issued"))
    problems = check_plan(plan(early, relative, calendar_changes=clash))
    assert [(p.path, p.severity) for p in problems] == [
        ("plan.calendar[1].date", ERROR),
        ("tasks[0].deadline", WARNING),
    ]


def test_a_person_reporting_is_fine() -> None:
    """A reporter that is a person's name, not a unit id, is no problem."""
    update = ProgressUpdate(D(2024, 9, 1), "in_progress", reported_by="Nguyễn Văn A")
    assert check_plan(plan(Task("t1", "A", updates=[update]))) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_are_coherent(generated: ActionPlan) -> None:
    """The plans strategy draws plans with no plan-wide errors (what the round-trip
    tests rely on)."""
    assert [p for p in check_plan(generated) if p.severity is ERROR] == []


def test_recurring_task_takes_updates_after_done() -> None:
    """Each "done" of a recurring task closes one occurrence, so later updates are fine;
    a one-off task still refuses them."""
    import datetime as dt

    from actionplan.deadlines import FixedDeadline, RecurringDeadline
    from actionplan.files import check_plan
    from actionplan.model import ActionPlan, ProgressUpdate, Task

    ups = [
        ProgressUpdate(dt.date(2024, 8, 19), "done"),
        ProgressUpdate(dt.date(2024, 9, 19), "done"),
    ]
    monthly = Task("t1", "Báo cáo tháng", deadline=RecurringDeadline("monthly"), updates=ups)
    once = Task("t2", "Báo cáo", deadline=FixedDeadline(dt.date(2024, 9, 30)), updates=ups)
    problems = check_plan(ActionPlan("kh", "Kế hoạch", tasks=[monthly, once]))
    flagged = [p.path for p in problems if "after the task was reported done" in p.message]
    assert flagged == ["tasks[1].updates[1]"]
