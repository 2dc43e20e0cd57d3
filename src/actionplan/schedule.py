"""From a plan to concrete due dates: its working calendar and its deadline context.

A plan carries its own days off and make-up working days
(:attr:`~actionplan.model.ActionPlan.calendar_changes`) and its own reading of
"trước ngày D" (:attr:`~actionplan.model.PlanPolicy.before`). These two helpers turn
a plan into what :func:`~actionplan.deadlines.due_date` needs, so that every part of
the library resolves a plan's deadlines the same way.

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline, due_date
>>> from actionplan.model import ActionPlan, PlanPolicy
>>> plan = ActionPlan("kh45", "Kế hoạch 45", policy=PlanPolicy(before="inclusive"))
>>> due_date(FixedDeadline(dt.date(2024, 12, 15), before=True), deadline_context(plan))
datetime.date(2024, 12, 15)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

from actionplan.deadlines import DeadlineContext
from actionplan.model import ActionPlan
from actionplan.workdays import CalendarChange, WorkCalendar, default_calendar

__all__ = ["deadline_context", "work_calendar"]


@functools.lru_cache(maxsize=64)
def _calendar_with(base: WorkCalendar, changes: tuple[CalendarChange, ...]) -> WorkCalendar:
    # Calendars are immutable and compare by identity, so the same plan evaluated
    # twice shares one calendar (and its per-year tables) instead of building two.
    return base.with_changes(changes)


def work_calendar(plan: ActionPlan, base: WorkCalendar | None = None) -> WorkCalendar:
    """The working calendar of ``plan``: ``base`` (the library's default calendar
    when ``None``) with the plan's own ``calendar_changes`` on top.

    A plan without changes gets ``base`` itself; a plan with changes gets the same
    calendar object each time it is asked for.

    >>> from actionplan.workdays import CalendarChange
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", calendar_changes=[
    ...     CalendarChange(dt.date(2024, 8, 19), working=False, name="Nghỉ bù địa phương")])
    >>> work_calendar(plan).is_working_day(dt.date(2024, 8, 19))
    False
    >>> work_calendar(plan) is work_calendar(plan)
    True
    """
    cal = default_calendar() if base is None else base
    if not plan.calendar_changes:
        return cal
    return _calendar_with(cal, plan.calendar_changes)


def deadline_context(
    plan: ActionPlan,
    calendar: WorkCalendar | None = None,
    completed: Mapping[str, dt.date] | None = None,
) -> DeadlineContext:
    """The :class:`~actionplan.deadlines.DeadlineContext` for ``plan``'s deadlines.

    It holds the plan's calendar (``calendar`` if given, else
    :func:`work_calendar` of the plan), its date of issue (the anchor of "kể từ
    ngày ký"), the date it was received (the anchor of "kể từ ngày nhận"; when the
    plan does not give it, such deadlines count from the date of issue), its policy
    for "trước ngày D", its named events, and ``completed``: the completion dates
    of tasks that other deadlines are anchored to.

    >>> from actionplan.deadlines import RelativeDeadline, due_date
    >>> from actionplan.model import Document
    >>> from actionplan.refs import DocumentKind
    >>> plan = ActionPlan("kh45", "Kế hoạch 45",
    ...                   document=Document(DocumentKind.PLAN, issued_on=dt.date(2024, 8, 6)),
    ...                   received_on=dt.date(2024, 8, 9))
    >>> ctx = deadline_context(plan)
    >>> ctx.issued_on, ctx.received_on
    (datetime.date(2024, 8, 6), datetime.date(2024, 8, 9))
    >>> due_date(RelativeDeadline(15, anchor="received"), ctx)  # 24/8 is a Saturday
    datetime.date(2024, 8, 26)
    """
    return DeadlineContext(
        calendar=work_calendar(plan) if calendar is None else calendar,
        issued_on=plan.issued_on,
        received_on=plan.received_on,
        before=plan.policy.before,
        completed={} if completed is None else completed,
        events=plan.events,
    )
