"""The period review (sơ kết, tổng kết): what fell due, what was done, what was
carried over and what is still open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from actionplan.errors import ValidationError
from actionplan.model import ActionPlan
from actionplan.periods import ReportingPeriod
from actionplan.status._engine import Window, _check_date, evaluate, evaluate_plan, plans_of
from actionplan.status._report import StatusReport
from actionplan.status._rows import StatusRow
from actionplan.status._statuses import TaskStatus
from actionplan.status._summary import Summary, summarize
from actionplan.workdays import WorkCalendar

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class Review:
    """A review of a reporting period on a cut-off date ``as_of``.

    ``report`` is the plans' status on ``as_of`` with the period (recurring tasks
    have one row per occurrence due in the period). ``carried_over`` holds the rows
    due before the period began and still open at its start (their status now, on
    ``as_of``). The other groups are derived:

    - :attr:`due_in_period`: the rows of ``report`` due within the period;
    - :attr:`done_in_period`: the rows (due in the period, carried over, or due
      later and done early) completed within the period, on or before ``as_of``;
    - :attr:`still_open`: the rows due in the period or carried over that are still
      open on ``as_of`` (in progress or not started, within the deadline or not).
    """

    period: ReportingPeriod
    as_of: dt.date
    report: StatusReport = attrs.field(repr=False)
    carried_over: tuple[StatusRow, ...] = attrs.field(repr=False)

    @property
    def due_in_period(self) -> tuple[StatusRow, ...]:
        """The rows due within the period."""
        start, end = self.period.start, self.period.end
        return tuple(r for r in self.report.rows if r.due is not None and start <= r.due <= end)

    @property
    def done_in_period(self) -> tuple[StatusRow, ...]:
        """The rows completed within the period, on or before the cut-off date."""
        start, end = self.period.start, min(self.period.end, self.as_of)
        return tuple(
            r for r in self._all_rows() if r.done_on is not None and start <= r.done_on <= end
        )

    @property
    def still_open(self) -> tuple[StatusRow, ...]:
        """The rows due in the period or carried over that are still open."""
        return tuple(
            row
            for row in self._carried_or_due()
            if row.is_open and row.status is not TaskStatus.ONGOING
        )

    @property
    def counts(self) -> Mapping[str, int]:
        """The review's headline numbers: ``due_in_period``, ``done_in_period``,
        ``carried_over`` and ``still_open``."""
        return {
            "due_in_period": len(self.due_in_period),
            "done_in_period": len(self.done_in_period),
            "carried_over": len(self.carried_over),
            "still_open": len(self.still_open),
        }

    def summary(self) -> Summary:
        """Counts and rates over the rows due in the period and those carried over."""
        return summarize(self._carried_or_due(), period=self.period)

    def _carried_or_due(self) -> list[StatusRow]:
        """The rows carried over, then those due in the period, each once."""
        seen: set[tuple[str, str]] = set()
        rows: list[StatusRow] = []
        for row in (*self.carried_over, *self.due_in_period):
            ident = (row.evaluation.plan.id, row.id)
            if ident not in seen:
                seen.add(ident)
                rows.append(row)
        return rows

    def _all_rows(self) -> list[StatusRow]:
        rows = list(self.report.rows)
        present = {(r.evaluation.plan.id, r.id) for r in rows}
        rows.extend(r for r in self.carried_over if (r.evaluation.plan.id, r.id) not in present)
        return rows


def _carry_from(plan: ActionPlan, start: dt.date) -> dt.date:
    """The first date whose occurrences can be carried over into a period from ``start``."""
    known = [
        d
        for d in (plan.period.start if plan.period else None, plan.issued_on)
        if d is not None and d < start
    ]
    if known:
        return min(known)
    new_year = dt.date(start.year, 1, 1)
    return new_year if new_year < start else dt.date(start.year - 1, 1, 1)


def review(
    plan: ActionPlan | Sequence[ActionPlan],
    period: ReportingPeriod,
    *,
    as_of: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    due_soon: int | None = None,
) -> Review:
    """Review ``period`` as of ``as_of`` (the period's last day by default): the
    interim review (sơ kết) of a half year, the final review (tổng kết) of a year.

    Calendar periods and the state reporting windows both work: the period's own
    ``start`` and ``end`` are used. A row is carried over when it was due before
    ``period.start`` and was still open at the end of the day before. For recurring
    tasks the occurrences looked at for carrying over start at the plan's period
    start (when earlier than the reviewed period), else on 1 January of the year
    before the period starts.

    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.model import ProgressUpdate, Task
    >>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
    ...     Task("t1", "Rà soát quy chế", deadline=FixedDeadline(dt.date(2024, 5, 31)),
    ...          updates=[ProgressUpdate(dt.date(2024, 8, 2), "done")]),
    ...     Task("t2", "Sơ kết 6 tháng", deadline=FixedDeadline(dt.date(2024, 12, 15)))])
    >>> r = review(plan, ReportingPeriod.half(2024, 2), as_of=dt.date(2024, 12, 31))
    >>> dict(r.counts)
    {'due_in_period': 1, 'done_in_period': 1, 'carried_over': 1, 'still_open': 1}
    """
    plans = plans_of(plan)
    cutoff = period.end if as_of is None else _check_date("as_of", as_of)
    if cutoff < period.start:
        raise ValidationError(
            "review",
            "as_of",
            f"the cut-off {cutoff.isoformat()} comes before the period {period.code} starts "
            f"({period.start.isoformat()}); review a period on or after its first day",
        )
    report = evaluate(plans, as_of=cutoff, period=period, calendar=calendar, due_soon=due_soon)
    start = period.start
    eve = start - _ONE_DAY
    carried: list[StatusRow] = []
    for item in plans:
        early = _carry_from(item, start)
        window = Window(early, eve)
        _, at_start = evaluate_plan(
            item, as_of=eve, calendar=calendar, due_soon=due_soon, window=window
        )
        open_ids = {
            row.id
            for row in at_start
            if row.is_open
            and row.status is not TaskStatus.ONGOING
            and row.due is not None
            and row.due < start
        }
        if not open_ids:
            continue
        _, now = evaluate_plan(
            item, as_of=cutoff, calendar=calendar, due_soon=due_soon, window=window
        )
        in_report = {row.id: row for row in report.rows if row.evaluation.plan is item}
        carried.extend(in_report.get(row.id, row) for row in now if row.id in open_ids)
    return Review(period=period, as_of=cutoff, report=report, carried_over=tuple(carried))
