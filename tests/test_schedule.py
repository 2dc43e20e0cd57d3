"""A plan's working calendar and deadline context."""

from __future__ import annotations

import datetime as dt

from actionplan.deadlines import BeforePolicy, EventDeadline, FixedDeadline, due_date
from actionplan.model import ActionPlan, Document, PlanPolicy
from actionplan.refs import DocumentKind
from actionplan.schedule import deadline_context, work_calendar
from actionplan.workdays import CalendarChange, WorkCalendar, default_calendar

D = dt.date
OFF = CalendarChange(D(2024, 8, 19), working=False, name="Nghỉ bù địa phương")


def test_plan_without_changes_uses_the_base_calendar() -> None:
    """A plan with no calendar changes gets the base calendar itself."""
    plan = ActionPlan("kh", "KH")
    assert work_calendar(plan) is default_calendar()
    base = WorkCalendar(official=False)
    assert work_calendar(plan, base) is base


def test_plan_changes_apply_on_top_of_the_base() -> None:
    """The plan's own day off is off; the official swaps of the base still hold."""
    cal = work_calendar(ActionPlan("kh", "KH", calendar_changes=[OFF]))
    assert not cal.is_working_day(D(2024, 8, 19))
    assert cal.is_working_day(D(2024, 5, 4))  # the official make-up Saturday
    assert work_calendar(ActionPlan("kh2", "KH", calendar_changes=[OFF])) is cal


def test_deadline_context_carries_the_plan_settings() -> None:
    """Issue date, "before" policy, events and completions come from the plan."""
    plan = ActionPlan(
        "kh",
        "KH",
        document=Document(DocumentKind.PLAN, issued_on=D(2024, 8, 6)),
        policy=PlanPolicy(before=BeforePolicy.INCLUSIVE),
        events={"dai_hoi": D(2025, 5, 20)},
    )
    ctx = deadline_context(plan, completed={"t1": D(2024, 9, 1)})
    assert (ctx.issued_on, ctx.before, ctx.completed["t1"]) == (
        D(2024, 8, 6),
        BeforePolicy.INCLUSIVE,
        D(2024, 9, 1),
    )
    assert due_date(EventDeadline("dai_hoi"), ctx) == D(2025, 5, 20)
    assert due_date(FixedDeadline(D(2024, 12, 15), before=True), ctx) == D(2024, 12, 15)


def test_deadline_context_uses_the_calendar_given() -> None:
    """A calendar passed in is used as it is."""
    cal = WorkCalendar(official=False)
    assert deadline_context(ActionPlan("kh", "KH"), cal).calendar is cal


RECEIPT_PLAN = """
plan:
  id: kh45
  title: Kế hoạch 45
  issued_on: 06/8/2024
{received}
tasks:
  - id: t1
    title: Báo cáo kết quả
    deadline: 15 ngày kể từ ngày nhận
"""


def _receipt_plan(received: str = "") -> ActionPlan:
    from actionplan.files import loads_plan

    return loads_plan(RECEIPT_PLAN.format(received=received))


def test_a_deadline_from_receipt_counts_from_the_date_received() -> None:
    """The deadline '15 ngày kể từ ngày nhận' in a plan received on Fri 9/8/2024
    counts 15 days from that day: Sat 24/8, rolled forward to Mon 26/8; the status engine agrees."""
    from actionplan.status import evaluate

    plan = _receipt_plan("  received_on: 09/8/2024")
    assert deadline_context(plan).received_on == D(2024, 8, 9)
    deadline = plan.tasks[0].deadline
    assert deadline is not None
    assert due_date(deadline, deadline_context(plan)) == D(2024, 8, 26)
    assert [row.due for row in evaluate(plan, as_of=D(2024, 8, 20)).rows] == [D(2024, 8, 26)]


def test_without_a_date_received_it_counts_from_the_issue_date_with_a_warning() -> None:
    """Without plan.received_on the same deadline counts from the date of issue
    (6/8 + 15 days: Wed 21/8), and the plan check notes that assumption."""
    from actionplan.errors import Severity
    from actionplan.files import check_plan

    plan = _receipt_plan()
    deadline = plan.tasks[0].deadline
    assert deadline is not None
    assert due_date(deadline, deadline_context(plan)) == D(2024, 8, 21)
    (problem,) = check_plan(plan)
    assert (problem.path, problem.severity) == ("tasks[0].deadline", Severity.WARNING)
    assert "counted from the date of issue (2024-08-06) instead" in problem.message
