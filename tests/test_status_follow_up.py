"""The follow-up list (actionplan.status.follow_up): what is overdue or falls due soon."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.deadlines import Deadline, FixedDeadline, RecurringDeadline
from actionplan.errors import ValidationError
from actionplan.model import ActionPlan, PlanPolicy, ProgressUpdate, Task, Unit
from actionplan.status import StatusRow, TaskStatus, evaluate, follow_up
from actionplan.workdays import CalendarChange

WEDNESDAY = dt.date(2024, 8, 14)
UNITS = ("vp", "cb1")


def D(month: int, day: int) -> dt.date:
    return dt.date(2024, month, day)


def task(task_id: str, due: dt.date, *, lead: str | None = "vp", state: str | None = None) -> Task:
    updates = [ProgressUpdate(D(8, 1), state)] if state is not None else []
    return Task(
        task_id, f"Nhiệm vụ {task_id}", lead=lead, deadline=FixedDeadline(due), updates=updates
    )


def plan(*tasks: Task, plan_id: str = "kh45", due_soon_days: int = 5) -> ActionPlan:
    return ActionPlan(
        plan_id,
        f"Kế hoạch {plan_id}",
        units=[Unit(u, f"Đơn vị {u}") for u in UNITS],
        policy=PlanPolicy(due_soon_days=due_soon_days),
        tasks=list(tasks),
    )


def ids(rows: tuple[StatusRow, ...]) -> list[str]:
    return [row.id for row in rows]


# -- what is in the list ----------------------------------------------------------------


def test_overdue_and_due_soon_rows_by_due_date() -> None:
    """The list holds the overdue rows and the rows due soon, earliest due first; done,
    later and undated rows are left out."""
    report = evaluate(
        plan(
            task("later", D(9, 30)),
            task("soon", D(8, 16), state="in_progress"),
            task("done", D(8, 1), state="done"),
            task("overdue", D(8, 5)),
            task("long-overdue", D(7, 1), state="in_progress"),
            Task("undated", "Không hạn"),
        ),
        as_of=WEDNESDAY,
    )
    assert ids(follow_up(report)) == ["long-overdue", "overdue", "soon"]


@pytest.mark.parametrize(
    ("due", "within", "listed"),
    [
        (WEDNESDAY, 0, True),  # due on the cut-off date itself
        (D(8, 15), 0, False),
        (D(8, 16), 2, True),  # Thursday and Friday are the two working days
        (D(8, 18), 2, True),  # the weekend right after the window is in it
        (D(8, 19), 2, False),  # Monday is the third working day
        (D(8, 19), 3, True),
    ],
)
def test_the_window_counts_working_days(due: dt.date, within: int, listed: bool) -> None:
    """``within`` counts working days after the cut-off date; a deadline on the weekend
    right after the window is in it."""
    report = evaluate(plan(task("t1", due)), as_of=WEDNESDAY)
    assert ids(follow_up(report, within=within)) == (["t1"] if listed else [])


def test_without_within_the_report_window_is_kept() -> None:
    """Without ``within``, the list takes the rows the report flags due soon: the plan's
    policy window, or the one the report was evaluated with."""
    kh = plan(task("t1", D(8, 19)), due_soon_days=2)
    assert ids(follow_up(evaluate(kh, as_of=WEDNESDAY))) == []
    assert ids(follow_up(evaluate(kh, as_of=WEDNESDAY, due_soon=3))) == ["t1"]


def test_a_window_past_the_year_9999_takes_in_every_dated_open_row() -> None:
    """A huge window does not overflow: every open row with a due date is in it."""
    report = evaluate(plan(task("t1", dt.date(2999, 12, 31))), as_of=WEDNESDAY)
    assert ids(follow_up(report, within=10**9)) == ["t1"]
    assert ids(follow_up(evaluate(report.plans[0].plan, as_of=WEDNESDAY, due_soon=10**9))) == ["t1"]


def test_several_plans_sort_by_due_date_then_plan_then_row() -> None:
    """Rows of several plans interleave by due date; a tie goes by plan id, then row id."""
    first = plan(task("b", D(8, 5)), task("a", D(8, 16)), plan_id="kh46")
    second = plan(task("z", D(8, 5)), task("c", D(8, 2)), plan_id="kh45")
    rows = follow_up(evaluate([first, second], as_of=WEDNESDAY))
    assert [(row.plan_id, row.id) for row in rows] == [
        ("kh45", "c"),
        ("kh45", "z"),
        ("kh46", "b"),
        ("kh46", "a"),
    ]


def test_each_plan_counts_with_its_own_calendar() -> None:
    """The window is counted with each plan's working calendar: a make-up working day
    in one plan shortens its window, not the other plan's (two working days from
    Wednesday end on Friday there, and take in the weekend elsewhere)."""
    saturday = CalendarChange(D(8, 17), working=True, name="Làm bù", name_en="Make-up day")
    sunday = D(8, 18)
    busy = attrs.evolve(plan(task("t1", sunday), plan_id="busy"), calendar_changes=[saturday])
    calm = plan(task("t1", sunday), plan_id="calm")
    rows = follow_up(evaluate([busy, calm], as_of=WEDNESDAY), within=2)
    assert [row.plan_id for row in rows] == ["calm"]


# -- one unit -----------------------------------------------------------------------------


def test_unit_keeps_the_rows_it_leads() -> None:
    """``unit`` keeps the rows that unit leads, in the same order."""
    report = evaluate(
        plan(
            task("t1", D(8, 5), lead="cb1"), task("t2", D(8, 2)), task("t3", D(8, 15), lead="cb1")
        ),
        as_of=WEDNESDAY,
    )
    assert ids(follow_up(report, unit="cb1")) == ["t1", "t3"]
    assert ids(follow_up(report, unit="vp")) == ["t2"]


def test_an_unknown_unit_lists_the_known_ones() -> None:
    """A unit no plan lists raises ValidationError naming the units there are."""
    report = evaluate(plan(task("t1", D(8, 5))), as_of=WEDNESDAY)
    with pytest.raises(ValidationError, match="unknown unit 'cb9'; the units are: cb1, vp"):
        follow_up(report, unit="cb9")


# -- bad arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("within", "message"),
    [
        (-1, "the window is 0 or more working days, got -1"),
        (True, "expected a whole number of working days, found bool True"),
        ("5", "expected a whole number of working days, found str '5'"),
        (2.5, "expected a whole number of working days, found float 2.5"),
    ],
)
def test_a_bad_window_is_refused(within: object, message: str) -> None:
    """A negative, boolean or non-integer window raises ValidationError (a ValueError)."""
    report = evaluate(plan(task("t1", D(8, 5))), as_of=WEDNESDAY)
    with pytest.raises(ValidationError, match=message) as caught:
        follow_up(report, within=within)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


# -- properties ---------------------------------------------------------------------------

dates = st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
deadlines: st.SearchStrategy[Deadline | None] = st.one_of(
    st.none(),
    st.builds(FixedDeadline, dates, before=st.booleans()),
    st.builds(RecurringDeadline, st.just("monthly"), month_day=st.sampled_from([5, 19, 28])),
)
states = st.sampled_from(["not_started", "in_progress", "done", "suspended", "cancelled"])
OPEN_WITHIN_DEADLINE = {TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED}


@st.composite
def plans(draw: st.DrawFn, plan_id: str) -> ActionPlan:
    count = draw(st.integers(0, 8))
    return ActionPlan(
        plan_id,
        f"Kế hoạch {plan_id}",
        units=[Unit(u, u) for u in UNITS],
        policy=PlanPolicy(due_soon_days=draw(st.integers(0, 10))),
        tasks=[
            Task(
                f"t{i}",
                f"Nhiệm vụ {i}",
                lead=draw(st.sampled_from((*UNITS, None))),
                deadline=draw(deadlines),
                updates=sorted(
                    draw(st.lists(st.builds(ProgressUpdate, dates, states), max_size=3)),
                    key=lambda u: u.date,
                ),
            )
            for i in range(count)
        ],
    )


@settings(max_examples=100, deadline=None)
@given(plans("kh45"), plans("kh46"), dates, st.integers(0, 30))
def test_within_lists_what_evaluating_with_that_window_flags(
    first: ActionPlan, second: ActionPlan, as_of: dt.date, within: int
) -> None:
    """``follow_up(report, within=N)`` is the list of a report evaluated with
    ``due_soon=N``: the overdue rows and the rows flagged due soon, sorted, and
    nothing else."""
    report = evaluate([first, second], as_of=as_of)
    flagged = evaluate([first, second], as_of=as_of, due_soon=within)
    listed = follow_up(report, within=within)
    assert [(r.plan_id, r.id) for r in listed] == [(r.plan_id, r.id) for r in follow_up(flagged)]
    expected = [row for row in flagged.rows if row.is_overdue or row.due_soon]
    assert {(r.plan_id, r.id) for r in listed} == {(r.plan_id, r.id) for r in expected}
    keys = [(r.due, r.plan_id, r.id) for r in listed]
    assert keys == sorted(keys)
    assert all(r.status.is_overdue or r.status in OPEN_WITHIN_DEADLINE for r in listed)
