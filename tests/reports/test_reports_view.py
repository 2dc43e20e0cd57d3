"""The report view: what every format shows, computed once from the status report."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.deadlines import FixedDeadline
from actionplan.model import ActionPlan, PlanPolicy, ProgressUpdate, Task
from actionplan.reports.formatting import format_ratio
from actionplan.reports.view import CATEGORIES, build_view
from actionplan.status import COMPLETION_RATE, Rate, StatusReport, TaskStatus, evaluate


def test_categories_partition_the_statuses() -> None:
    """Every status is counted in exactly one column of the per-unit tables."""
    counted = [status for category in CATEGORIES for status in category.statuses]
    assert sorted(counted) == sorted(TaskStatus)


def test_unit_lines_add_up_to_the_total(reference_report: StatusReport) -> None:
    """The lead units' counts add up, column by column, to the total line."""
    view = build_view(reference_report)
    for column, total in enumerate(view.total_unit.counts):
        assert sum(unit.counts[column] for unit in view.units) == total
    assert sum(unit.total for unit in view.units) == view.total == len(reference_report.rows)
    assert [c.count for c in view.categories] == list(view.total_unit.counts)


def test_optional_categories_appear_only_when_used(hostile_report: StatusReport) -> None:
    """Ongoing, suspended, cancelled … columns show only when a task is in them."""
    keys = [c.key for c in build_view(hostile_report).categories]
    assert keys == ["done_on_time", "done_late", "within_deadline", "overdue", "ongoing"]


def test_rows_are_numbered_and_lists_reuse_the_numbers(reference_plan: ActionPlan) -> None:
    """Rows are numbered 1…n; the overdue list points at the same numbers."""
    view = build_view(evaluate(reference_plan, as_of=dt.date(2024, 10, 31)))
    assert [row.number for row in view.rows] == list(range(1, len(view.rows) + 1))
    by_id = {row.id: row.number for row in view.rows}
    assert view.overdue
    assert all(by_id[row.id] == row.number for row in (*view.overdue, *view.due_soon))


def test_notes_state_how_before_was_read() -> None:
    """Every report says how "trước ngày D" was read, as the plan's policy says."""
    task = Task("t1", "Báo cáo", deadline=FixedDeadline(dt.date(2024, 12, 15), before=True))
    strict = ActionPlan("k", "K", tasks=[task])
    inclusive = attrs.evolve(strict, policy=PlanPolicy(before="inclusive"))
    as_of = dt.date(2024, 8, 6)
    assert "D − 1" in build_view(evaluate(strict, as_of=as_of)).notes[0]
    assert "chính ngày D" in build_view(evaluate(inclusive, as_of=as_of)).notes[0]
    assert "day D − 1" in build_view(evaluate(strict, as_of=as_of), language="en").notes[0]


def test_days_text_for_each_kind_of_row() -> None:
    """Days left, days overdue and days late read as sentences in the language."""
    plan = ActionPlan(
        "k",
        "K",
        tasks=[
            Task("soon", "A", deadline=FixedDeadline(dt.date(2024, 8, 9))),
            Task("over", "B", deadline=FixedDeadline(dt.date(2024, 8, 1))),
            Task(
                "late",
                "C",
                deadline=FixedDeadline(dt.date(2024, 8, 1)),
                updates=[ProgressUpdate(dt.date(2024, 8, 3), "done")],
            ),
        ],
    )
    report = evaluate(plan, as_of=dt.date(2024, 8, 6))
    vi = {row.id: row.days_text for row in build_view(report).rows}
    en = {row.id: row.days_text for row in build_view(report, language="en").rows}
    assert vi == {"soon": "3 ngày nữa", "over": "quá hạn 5 ngày", "late": "chậm 2 ngày"}
    assert en == {"soon": "in 3 days", "over": "5 days overdue", "late": "2 days late"}


def test_several_plans_are_marked(hostile_report: StatusReport) -> None:
    """A report over several plans says so, and names each plan."""
    first = hostile_report.plans[0].plan
    second = attrs.evolve(first, id="kh-2", title="Kế hoạch 2")
    view = build_view(evaluate([first, second], as_of=dt.date(2024, 9, 30)))
    assert view.multi_plan
    assert {row.plan_id for row in view.rows} == {first.id, "kh-2"}
    assert view.subject.startswith("Tình hình thực hiện 2 kế hoạch")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_rate_format_agrees_with_format_ratio(numerator: int, denominator: int) -> None:
    """The status engine's printed rates and the report formatter agree, in both languages."""
    rate = Rate(COMPLETION_RATE, numerator, denominator)
    for language in ("vi", "en"):
        assert rate.format(language) == format_ratio(numerator, denominator, language)
