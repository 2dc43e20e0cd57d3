"""The follow-up list (đôn đốc): what is overdue or falls due soon, by deadline."""

from __future__ import annotations

from actionplan.errors import ValidationError
from actionplan.status._report import StatusReport, by_due
from actionplan.status._rows import StatusRow, due_soon_until
from actionplan.status._statuses import WITHIN_DEADLINE


def follow_up(
    report: StatusReport, *, within: int | None = None, unit: str | None = None
) -> tuple[StatusRow, ...]:
    """The follow-up list of ``report``: the overdue rows and the open rows due soon,
    by due date, then plan id and row id (the longest overdue first). This is the
    list ``actionplan due`` prints and an office sends out every week.

    ``within`` is the due-soon window in working days after the cut-off date,
    counted with each plan's working calendar: an open row within its deadline is
    in the list when at most ``within`` working days lie after ``report.as_of`` up
    to its due date (due on the cut-off date itself, or on the weekend or holiday
    right after the window, is in it). ``None``, the default, keeps the window the
    report was evaluated with (``evaluate(..., due_soon=N)``, else each plan's
    ``policy.due_soon_days``): the rows flagged :attr:`StatusRow.due_soon`. A row's
    own ``due_soon`` flag always tells the report's window; evaluate with
    ``due_soon=within`` for flags that agree with the list.

    ``unit`` keeps the rows that unit leads; a unit that no plan lists and no task
    names raises :class:`~actionplan.errors.ValidationError` listing the known ones
    (as :meth:`StatusReport.for_unit` does).

    >>> import datetime as dt
    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.model import ActionPlan, Task
    >>> from actionplan.status import evaluate
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...     Task("t1", "Hội nghị quán triệt", deadline=FixedDeadline(dt.date(2024, 8, 30))),
    ...     Task("t2", "Báo cáo tháng", deadline=FixedDeadline(dt.date(2024, 8, 19))),
    ...     Task("t3", "Rà soát quy chế", deadline=FixedDeadline(dt.date(2024, 8, 9)))])
    >>> report = evaluate(plan, as_of=dt.date(2024, 8, 14))  # a Wednesday
    >>> [row.id for row in follow_up(report)]  # the plan's window: 5 working days
    ['t3', 't2']
    >>> [row.id for row in follow_up(report, within=2)]  # Thursday, Friday, the weekend
    ['t3']
    >>> [row.id for row in follow_up(report, within=15)]
    ['t3', 't2', 't1']
    """
    if within is not None and (not isinstance(within, int) or isinstance(within, bool)):
        raise ValidationError(
            "follow_up",
            "within",
            f"expected a whole number of working days, found {type(within).__name__} {within!r}",
        )
    if within is not None and within < 0:
        raise ValidationError(
            "follow_up", "within", f"the window is 0 or more working days, got {within}"
        )
    if unit is not None:
        report = report.for_unit(unit)
    if within is None:
        rows = [row for row in report.rows if row.status.is_overdue or row.due_soon]
    else:
        until = {
            ev.plan.id: due_soon_until(ev.calendar, report.as_of, within) for ev in report.plans
        }
        rows = [
            row
            for row in report.rows
            if row.status.is_overdue
            or (
                row.status in WITHIN_DEADLINE
                and row.due is not None
                and row.due <= until[row.evaluation.plan.id]
            )
        ]
    return tuple(sorted(rows, key=by_due))
