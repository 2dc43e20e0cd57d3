"""The rows of a status report kept as columns (``actionplan.status._table``): they
behave as the tuple of their rows, are made into objects only when read, and the
summaries read from the columns agree with counting the row objects one by one."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter

import pytest
from hypothesis import given, settings

from actionplan.deadlines import FixedDeadline, RecurringDeadline
from actionplan.model import ActionPlan, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.status import StatusReport, StatusRow, TaskStatus, evaluate
from actionplan.status._statuses import OverdueAge
from actionplan.status._summary import Summary
from actionplan.status._table import RowTable
from test_status_props import dates, periods, plans

D = dt.date


def _plan(plan_id: str = "kh45") -> ActionPlan:
    return ActionPlan(
        plan_id,
        f"Kế hoạch {plan_id}",
        tasks=[
            Task(
                "t1",
                "Báo cáo sơ kết",
                lead="vp",
                deadline=FixedDeadline(D(2024, 6, 14)),
                updates=[ProgressUpdate(D(2024, 6, 14), "done")],
            ),
            Task("t2", "Tổ chức hội nghị", lead="cb1", deadline=FixedDeadline(D(2024, 6, 30))),
            Task(
                "t3",
                "Báo cáo tháng",
                lead="vp",
                deadline=RecurringDeadline("monthly", month_day=20),
                updates=[ProgressUpdate(D(2024, 5, 20), "done")],
            ),
        ],
    )


def _object_count() -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if type(item) is StatusRow)


def test_the_rows_behave_as_the_tuple_of_the_rows() -> None:
    """Length, indexing (negative too), slices, iteration, reversal, membership,
    equality and hash are those of the tuple of the rows."""
    rows = evaluate(_plan(), as_of=D(2024, 7, 5)).rows
    assert isinstance(rows, RowTable)
    made = tuple(rows)
    assert len(rows) == len(made) == 2 + 7  # t3: January to June, and July's under way
    assert rows[0] == made[0]
    assert rows[-1] == made[-1]
    assert rows[1:3] == made[1:3]
    assert list(reversed(rows)) == list(reversed(made))
    assert made[4] in rows
    assert rows.index(made[4]) == 4
    assert rows.count(made[4]) == 1
    assert rows == made
    assert made == rows
    assert hash(rows) == hash(made)
    assert [row.id for row in rows][2:4] == ["t3@2024-01-20", "t3@2024-02-20"]
    with pytest.raises(IndexError):
        rows[len(made)]


def test_occurrence_rows_carry_their_occurrence() -> None:
    """A recurring task's rows are made with their occurrence: its due date, its
    completion date and the update in its slot."""
    rows = evaluate(_plan(), as_of=D(2024, 7, 5)).rows
    may = next(row for row in rows if row.id == "t3@2024-05-20")
    assert may.occurrence is not None
    assert may.occurrence.due == may.due == D(2024, 5, 20)
    assert may.done_on == D(2024, 5, 20)
    assert may.status is TaskStatus.DONE_ON_TIME
    assert all(row.occurrence is None for row in rows if row.task.id != "t3")


def test_no_row_object_is_made_until_the_rows_are_read() -> None:
    """Evaluating and summarising (overall, by unit, section and plan) make no
    StatusRow; reading the rows makes each once, shared with every view of them."""
    before = _object_count()
    report = evaluate(_plan(), as_of=D(2024, 7, 5))
    report.summary, report.by_unit(), report.by_section(), report.by_plan()
    assert _object_count() == before
    rows = tuple(report.rows)
    assert _object_count() == before + len(rows)
    lead_vp = next(summary for summary in report.by_unit() if summary.key == "vp")
    assert all(any(row is made for made in rows) for row in lead_vp.rows)
    assert _object_count() == before + len(rows)


def test_views_of_views_keep_the_rows_of_both() -> None:
    """Selecting from a selection gives the rows that satisfy both predicates, in
    order, as the same objects."""
    report = evaluate([_plan("a"), _plan("b")], as_of=D(2024, 7, 5))
    first = report.select(lambda row: row.task.lead == "vp")
    second = first.select(lambda row: row.evaluation.plan.id == "b")
    expected = tuple(
        row for row in report.rows if row.task.lead == "vp" and row.evaluation.plan.id == "b"
    )
    assert second.rows == expected
    assert all(a is b for a, b in zip(second.rows, expected, strict=True))
    assert [s.key for s in second.by_plan()] == ["a", "b"]
    assert [s.count for s in second.by_plan()] == [0, len(expected)]


def test_a_table_of_rows_already_made_keeps_them() -> None:
    """RowTable.of gives back a table of the very rows it was given."""
    made = tuple(evaluate(_plan(), as_of=D(2024, 7, 5)).rows)
    table = RowTable.of(made)
    assert all(a is b for a, b in zip(table, made, strict=True))
    assert list(table.statuses()) == [row.status for row in made]
    assert RowTable.of(table) is table


def _by_counting(summary: Summary, rows: tuple[StatusRow, ...]) -> None:
    """The summary's counts, made again from the row objects one at a time."""
    assert summary.count == len(rows)
    assert dict(summary.totals) == {s: Counter(r.status for r in rows)[s] for s in TaskStatus}
    ages = Counter(r.overdue_age for r in rows if r.overdue_age is not None)
    assert dict(summary.overdue_ages) == {age: ages[age] for age in OverdueAge}
    assert summary.due_soon == sum(r.due_soon for r in rows)
    assert tuple(summary.rows) == rows


@settings(max_examples=120, deadline=None)
@given(plans(), dates, periods)
def test_summaries_from_the_columns_agree_with_the_row_objects(
    plan: ActionPlan, as_of: dt.date, period: ReportingPeriod | None
) -> None:
    """Overall, per lead and coordinating unit, per section and per plan, the
    summaries read from the columns count what the row objects say."""
    other = ActionPlan("kh46", "Kế hoạch 46", units=plan.units, tasks=plan.tasks[:3])
    report = evaluate([plan, other], as_of=as_of, period=period)
    rows = tuple(report.rows)
    _by_counting(report.summary, rows)
    for summary in report.by_unit():
        _by_counting(summary, tuple(r for r in rows if r.task.lead == summary.key))
    for summary in report.by_unit("coordinating"):
        _by_counting(summary, tuple(r for r in rows if summary.key in r.task.coordinating))
    for summary in report.by_section():
        own = (r for r in rows if r.evaluation.plan.id == summary.plan_id)
        _by_counting(summary, tuple(r for r in own if r.task.section == summary.key))
    for summary in report.by_plan():
        _by_counting(summary, tuple(r for r in rows if r.evaluation.plan.id == summary.key))
    rebuilt = StatusReport(as_of=as_of, period=period, plans=report.plans, rows=rows)
    assert rebuilt.summary == report.summary
    assert rebuilt.by_unit() == report.by_unit()


def test_a_view_is_made_once() -> None:
    """A view (a unit's rows) makes its tuple once: indexing it is as cheap as
    indexing the whole table, and gives the very objects of the whole table."""
    report = evaluate(_plan(), as_of=D(2024, 7, 5))
    view = report.for_unit("vp").rows
    first = [view[i] for i in range(len(view))]
    assert all(view[i] is row for i, row in enumerate(first))
    assert all(any(row is whole for whole in report.rows) for row in first)
    assert view.index(first[-1]) == len(view) - 1


def test_rows_given_as_a_list_become_a_table() -> None:
    """A report or a summary made with a list of rows keeps them as a table: it is
    hashable and does not change when the list does."""
    made = list(evaluate(_plan(), as_of=D(2024, 7, 5)).rows)
    report = StatusReport(as_of=D(2024, 7, 5), period=None, plans=(), rows=made)
    assert isinstance(report.rows, RowTable)
    before = hash(report)
    made.clear()
    assert len(report.rows) == 9
    assert hash(report) == before
