"""Properties of the status engine over generated plans (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.deadlines import (
    Deadline,
    FixedDeadline,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
    due_date,
)
from actionplan.model import ActionPlan, Extension, PlanPolicy, ProgressUpdate, Section, Task, Unit
from actionplan.periods import ReportingPeriod
from actionplan.status import (
    StatusReport,
    TaskStatus,
    classify,
    evaluate,
    report_to_data,
    review,
)
from actionplan.status._rows import completion_date
from strategies import plans as shared_plans

# The generated dates stay within 2024-2025, years the holidays package knows.
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
UNITS = ("vp", "cb1", "cb2", "cb3")
PERIODS = [ReportingPeriod.half(2024, 1), ReportingPeriod.half(2024, 2)]
PERIODS += [ReportingPeriod.quarter(2025, 2), ReportingPeriod.half(2024, 2, convention="window")]

dates = st.dates(FIRST, LAST)

one_off_deadlines: st.SearchStrategy[Deadline | None] = st.one_of(
    st.none(),
    st.builds(FixedDeadline, dates, before=st.booleans()),
    st.builds(
        FixedDeadline,
        dates,
        before=st.just(True),
        time=st.sampled_from([dt.time(8, 0), dt.time(20, 0)]),
    ),
    st.builds(PeriodEndDeadline, st.sampled_from(PERIODS[:3])),
    st.builds(
        RelativeDeadline,
        st.integers(0, 60),
        working=st.booleans(),
        anchor=st.just("date"),
        anchor_date=dates,
    ),
    st.just(OngoingDeadline()),
    st.just(UndatedDeadline("asap")),
)
recurring_deadlines = st.builds(
    RecurringDeadline,
    st.sampled_from(["monthly", "yearly"]),
    month_day=st.sampled_from([None, 5, 19, 28]),
    roll=st.booleans(),
)
deadlines = st.one_of(one_off_deadlines, recurring_deadlines)


def sorted_by_date(items: list[ProgressUpdate] | list[Extension]) -> list[object]:
    return sorted(items, key=lambda item: item.date)


updates = st.builds(
    ProgressUpdate,
    dates,
    st.sampled_from(["not_started", "in_progress", "done", "suspended", "cancelled"]),
).map(lambda u: attrs.evolve(u, percent=None))
extensions = st.builds(Extension, dates, st.builds(FixedDeadline, dates))


@st.composite
def tasks(draw: st.DrawFn, index: int, deadline: st.SearchStrategy[Deadline | None]) -> Task:
    lead = draw(st.sampled_from((*UNITS, None)))
    return Task(
        f"t{index}",
        f"Nhiệm vụ {index}",
        lead=lead,
        coordinating=draw(st.sets(st.sampled_from([u for u in UNITS if u != lead]), max_size=2)),
        section=draw(st.sampled_from(["I", "II", None])),
        deadline=draw(deadline),
        updates=sorted_by_date(draw(st.lists(updates, max_size=4))),
        extensions=sorted_by_date(draw(st.lists(extensions, max_size=2))),
    )


@st.composite
def plans(draw: st.DrawFn, deadline: st.SearchStrategy[Deadline | None] = deadlines) -> ActionPlan:
    count = draw(st.integers(0, 8))
    return ActionPlan(
        "kh45",
        "Kế hoạch 45-KH/ĐU",
        units=[Unit(u, f"Đơn vị {u}") for u in UNITS],
        sections=[Section("I", "Mục đích"), Section("II", "Nhiệm vụ")],
        period=draw(st.sampled_from([None, *PERIODS[:3]])),
        policy=PlanPolicy(before=draw(st.sampled_from(["strict", "inclusive"]))),
        tasks=[draw(tasks(i, deadline)) for i in range(count)],
    )


periods = st.sampled_from([None, *PERIODS])


@settings(max_examples=150, deadline=None)
@given(plans(), dates, periods)
def test_every_row_has_exactly_one_status(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """Every one-off task gets exactly one row and every row one status; row ids are
    unique."""
    report = evaluate(plan, as_of=as_of, period=period)
    assert all(isinstance(row.status, TaskStatus) for row in report.rows)
    ids = [row.id for row in report.rows]
    assert len(ids) == len(set(ids))
    for task in plan.tasks:
        rows = [row for row in report.rows if row.task is task]
        granted = task.extensions_until(as_of)
        in_force = granted[-1].deadline if granted else task.deadline
        if not isinstance(in_force, RecurringDeadline):
            assert len(rows) == 1


@settings(max_examples=150, deadline=None)
@given(plans(), dates, periods)
def test_done_is_never_overdue_and_dates_are_consistent(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """A done row is not overdue, was completed by the cut-off; an overdue row's due
    date has passed; a due-soon row is open and within its deadline."""
    report = evaluate(plan, as_of=as_of, period=period)
    for row in report.rows:
        if row.is_done:
            assert not row.is_overdue
            assert row.days_overdue is None
            assert row.done_on is not None
            assert row.done_on <= as_of
        if row.is_overdue:
            assert row.due is not None
            assert row.due < as_of
            assert row.days_overdue is not None
            assert row.days_overdue >= 1
            working = row.working_days_overdue
            assert working is not None
            assert 0 <= working <= row.days_overdue
        if row.due_soon:
            assert row.is_open
            assert not row.is_overdue
            assert row.working_days_left is not None
            assert row.working_days_left <= report.plans[0].due_soon_days
        if row.status is TaskStatus.DONE_NO_DEADLINE:
            assert row.due is None


@settings(max_examples=150, deadline=None)
@given(plans(), dates, periods)
def test_group_counts_add_up_to_the_totals(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """The counts per lead unit, per section and per plan add up to the totals."""
    report = evaluate(plan, as_of=as_of, period=period)
    assert sum(report.totals.values()) == len(report.rows)
    for groups in (report.by_unit(), report.by_section(), report.by_plan()):
        for status in TaskStatus:
            assert sum(g.totals[status] for g in groups) == report.totals[status]


@settings(max_examples=100, deadline=None)
@given(plans(), dates, periods)
def test_same_inputs_same_report_and_json(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """Evaluating twice gives equal reports and byte-identical JSON."""
    one = evaluate(plan, as_of=as_of, period=period)
    two = evaluate(plan, as_of=as_of, period=period)
    assert one == two

    def dump(report: StatusReport) -> bytes:
        return json.dumps(report_to_data(report), ensure_ascii=False).encode()

    assert dump(one) == dump(two)


@settings(max_examples=100, deadline=None)
@given(plans(), dates, periods)
def test_later_updates_and_extensions_do_not_change_a_past_review(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """Dropping everything dated after the cut-off changes no status: a review made
    on a date is reproducible later."""
    known = attrs.evolve(
        plan,
        tasks=[
            attrs.evolve(t, updates=t.updates_until(as_of), extensions=t.extensions_until(as_of))
            for t in plan.tasks
        ],
    )
    full = evaluate(plan, as_of=as_of, period=period)
    past = evaluate(known, as_of=as_of, period=period)
    assert [(r.id, r.status, r.due, r.done_on) for r in full.rows] == [
        (r.id, r.status, r.due, r.done_on) for r in past.rows
    ]


@settings(max_examples=200, deadline=None)
@given(plans(one_off_deadlines), dates)
def test_inlined_rules_agree_with_the_general_functions(plan: ActionPlan, as_of: dt.date) -> None:
    """The hot loop's shortcuts give the status classify gives from due_date and the
    updates."""
    report = evaluate(plan, as_of=as_of)
    ctx = report.plans[0].context
    for row in report.rows:
        task = row.task
        granted = task.extensions_until(as_of)
        deadline = granted[-1].deadline if granted else task.deadline
        if isinstance(deadline, OngoingDeadline):
            continue
        due = due_date(deadline, ctx)
        updates = task.updates_until(as_of)
        expected = classify(
            due, updates[-1] if updates else None, completion_date(task, as_of), as_of
        )
        assert (row.due, row.status) == (due, expected)


@settings(max_examples=100, deadline=None)
@given(plans(), st.dates(dt.date(2024, 7, 1), dt.date(2025, 6, 30)))
def test_review_groups_are_consistent(plan: ActionPlan, as_of: dt.date) -> None:
    """In a review, carried-over rows were due before the period (when never
    extended), still-open rows are open, rows done in the period were done within
    it and rows due in it are due within it."""
    period = ReportingPeriod.half(2024, 2)
    r = review(plan, period, as_of=as_of)
    for row in r.carried_over:
        assert row.status is not TaskStatus.ONGOING
        if not row.task.extensions:
            assert row.due is not None
            assert row.due < period.start
    for row in r.still_open:
        assert row.is_open
    for row in r.done_in_period:
        assert row.done_on is not None
        assert period.start <= row.done_on <= as_of
    for row in r.due_in_period:
        assert row.due is not None
        assert row.due in period


# The shared strategy is slow to draw from (about 0.3 s an example): a few suffice.
@settings(max_examples=20, deadline=None)
@given(shared_plans(), st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_invariants_hold_for_any_coherent_plan(plan: ActionPlan, as_of: dt.date) -> None:
    """Over the shared plan strategy (every deadline kind, events, anchors, calendar
    changes, any years): one status per row, done never overdue, groups add up,
    and evaluating twice gives the same report."""
    report = evaluate(plan, as_of=as_of)
    for row in report.rows:
        assert isinstance(row.status, TaskStatus)
        assert not (row.is_done and row.is_overdue)
    for status in TaskStatus:
        assert sum(g.totals[status] for g in report.by_unit()) == report.totals[status]
    assert report == evaluate(plan, as_of=as_of)
