"""The status report: every row, with its summaries by unit, section, plan and
guiding document."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

import attrs

from actionplan.errors import UnknownTaskError, ValidationError
from actionplan.model import Target, TargetReport, Task
from actionplan.periods import ReportingPeriod
from actionplan.status._rows import PlanEvaluation, StatusRow
from actionplan.status._statuses import OverdueAge, TaskStatus
from actionplan.status._summary import Rate, Summary, summarize
from actionplan.status._table import RowTable, as_table

Role = Literal["lead", "coordinating"]


@attrs.frozen
class TargetStatus:
    """A target of a plan with its latest value reported on or before the cut-off
    date, and whether that value meets it (``None`` when nothing was reported)."""

    plan_id: str
    target: Target
    latest: TargetReport | None
    met: bool | None


def _group(
    table: RowTable,
    key: Callable[[Task], str | None] | None = None,
    keys: Callable[[Task], Iterable[str]] | None = None,
) -> dict[str | None, RowTable]:
    """The rows of ``table`` by the ``key`` of their tasks, or under each of their
    ``keys``."""
    positions: defaultdict[str | None, list[int]] = defaultdict(list)
    tasks = table.tasks()
    if key is not None:
        for p, found in enumerate(map(key, tasks)):
            positions[found].append(p)
    if keys is not None:
        for p, task in enumerate(tasks):
            for found in keys(task):
                positions[found].append(p)
    return {k: table.view(found) for k, found in positions.items()}


def _ordered(found: Iterable[str | None], known: Iterable[str]) -> list[str | None]:
    """Known keys in their order, then unknown ones sorted, then ``None``."""
    present = set(found)
    order: list[str | None] = [k for k in dict.fromkeys(known) if k in present]
    listed = set(order)
    order.extend(sorted(k for k in present if k is not None and k not in listed))
    if None in present:
        order.append(None)
    return order


@attrs.frozen
class StatusReport:
    """Where every task of one or more plans stands on ``as_of``.

    ``rows`` holds one :class:`StatusRow` per task, and one per occurrence of a
    recurring task, in plan order then task order (occurrences by date). ``plans``
    holds each plan with the settings it was evaluated with. ``period`` is the
    reporting period asked for, if any: it bounds the occurrences of recurring
    tasks and gives the rate of tasks due in the period.

    The summaries are computed on first use: :attr:`summary` (all rows), and
    :meth:`by_unit`, :meth:`by_section`, :meth:`by_plan`, :meth:`by_document`.

    ``rows`` is an immutable sequence equal to the tuple of the rows. The report
    :func:`evaluate` makes keeps them as columns (the task, status and due date of
    each) and makes the :class:`StatusRow` objects the first time they are read; the
    summaries count from the columns and make none.
    """

    as_of: dt.date
    period: ReportingPeriod | None
    plans: tuple[PlanEvaluation, ...] = attrs.field(repr=False)
    rows: Sequence[StatusRow] = attrs.field(repr=False, converter=as_table)

    # -- everything together -----------------------------------------------------------

    @property
    def _table(self) -> RowTable:
        """The rows, which the converter made a table (read as columns by the
        summaries)."""
        return RowTable.of(self.rows)  # the table itself: no copy

    @functools.cached_property
    def summary(self) -> Summary:
        """The counts and rates over every row."""
        return summarize(self._table, period=self.period)

    @property
    def totals(self) -> Mapping[TaskStatus, int]:
        """The number of rows in each status; every status is present (0 if none)."""
        return self.summary.totals

    @property
    def rates(self) -> Mapping[str, Rate]:
        """The rates over every row, by key (see :func:`summarize`)."""
        return self.summary.rates

    @property
    def overdue_ages(self) -> Mapping[OverdueAge, int]:
        """The overdue rows by how many calendar days they are overdue."""
        return self.summary.overdue_ages

    @property
    def due_soon(self) -> tuple[StatusRow, ...]:
        """The rows flagged due soon, by due date."""
        rows = (row for row in self.rows if row.due_soon)
        return tuple(sorted(rows, key=by_due))

    @property
    def overdue(self) -> tuple[StatusRow, ...]:
        """The overdue rows, by due date (the longest overdue first)."""
        rows = (row for row in self.rows if row.status.is_overdue)
        return tuple(sorted(rows, key=by_due))

    # -- groups ----------------------------------------------------------------------

    def by_unit(self, role: Role = "lead") -> tuple[Summary, ...]:
        """A summary per unit: the tasks each unit leads (``role="lead"``, the
        default), or coordinates (``role="coordinating"``).

        Units come in the order the plans list them; ids no plan lists come after,
        sorted, and the rows without a lead unit last (key ``None``). As lead, every
        row counts for exactly one group, so the groups add up to :attr:`totals`; as
        coordinator a row counts for each of its coordinating units, and rows with
        none are left out.
        """
        if role == "lead":
            groups = _group(self._table, key=operator.attrgetter("lead"))
        elif role == "coordinating":
            groups = _group(self._table, keys=operator.attrgetter("coordinating"))
        else:
            raise ValidationError(
                "StatusReport.by_unit", "role", f"expected 'lead' or 'coordinating', got {role!r}"
            )
        names: dict[str, str] = {}
        for ev in self.plans:
            for unit in ev.plan.units:
                names.setdefault(unit.id, unit.name)
        group = "unit" if role == "lead" else "coordinating"
        return tuple(
            summarize(
                groups[key],
                period=self.period,
                group=group,
                key=key,
                name="" if key is None else names.get(key, key),
            )
            for key in _ordered(groups, names)
        )

    def by_section(self) -> tuple[Summary, ...]:
        """A summary per section of each plan (``plan_id`` tells the plan), in the
        plans' order; rows with no section come last in each plan (key ``None``)."""
        result: list[Summary] = []
        for ev, rows in self._rows_by_plan():
            groups = _group(rows, key=operator.attrgetter("section"))
            titles = ev.section_titles
            for key in _ordered(groups, titles):
                result.append(
                    summarize(
                        groups[key],
                        period=self.period,
                        group="section",
                        key=key,
                        name="" if key is None else titles.get(key, key),
                        plan_id=ev.plan.id,
                    )
                )
        return tuple(result)

    def by_plan(self) -> tuple[Summary, ...]:
        """A summary per plan, in the order the plans were given."""
        return tuple(
            summarize(
                rows,
                period=self.period,
                group="plan",
                key=ev.plan.id,
                name=ev.plan.title,
                plan_id=ev.plan.id,
            )
            for ev, rows in self._rows_by_plan()
        )

    def by_document(self) -> tuple[Summary, ...]:
        """A summary per guiding document the plans implement (``ActionPlan.implements``).

        The key is the document's number and symbol (its citation when it has
        none) and the name its citation. A plan implementing several documents
        counts under each of them; plans implementing none are grouped last (key
        ``None``).
        """
        names: dict[str, str] = {}
        positions: dict[str | None, list[int]] = {}
        for ev, found in self._positions_by_plan():
            keys: list[str | None] = []
            for document in ev.plan.implements:
                citation = document.citation()
                key = str(document.ref) if document.ref is not None else citation
                names.setdefault(key, citation)
                keys.append(key)
            for group_key in dict.fromkeys(keys or [None]):
                positions.setdefault(group_key, []).extend(found)
        groups = {key: self._table.view(found) for key, found in positions.items()}
        return tuple(
            summarize(
                groups[key],
                period=self.period,
                group="document",
                key=key,
                name="" if key is None else names[key],
            )
            for key in _ordered(groups, names)
        )

    def _positions_by_plan(self) -> list[tuple[PlanEvaluation, list[int]]]:
        by_id: dict[str, list[int]] = {ev.plan.id: [] for ev in self.plans}
        evaluations = self._table.evaluations()
        start = 0
        for _, run in itertools.groupby(evaluations, key=id):  # a plan's rows are together
            stop = start + len(list(run))
            by_id[evaluations[start].plan.id].extend(range(start, stop))
            start = stop
        return [(ev, by_id[ev.plan.id]) for ev in self.plans]

    def _rows_by_plan(self) -> list[tuple[PlanEvaluation, RowTable]]:
        return [(ev, self._table.view(found)) for ev, found in self._positions_by_plan()]

    # -- targets -----------------------------------------------------------------------

    @property
    def targets(self) -> tuple[TargetStatus, ...]:
        """Each plan's targets with their latest value on or before ``as_of``."""
        return tuple(
            TargetStatus(
                plan_id=ev.plan.id,
                target=target,
                latest=target.latest(self.as_of),
                met=target.met(self.as_of),
            )
            for ev in self.plans
            for target in ev.plan.targets
        )

    # -- subsets -----------------------------------------------------------------------

    def select(self, predicate: Callable[[StatusRow], bool]) -> StatusReport:
        """The same report with only the rows for which ``predicate`` is true; the
        totals, rates and groups are computed again over them."""
        kept = [p for p, row in enumerate(self.rows) if predicate(row)]
        return attrs.evolve(self, rows=self._table.view(kept))

    def for_unit(self, unit: str, role: Role | Literal["any"] = "lead") -> StatusReport:
        """The rows a unit leads (``role="lead"``), coordinates (``"coordinating"``)
        or takes part in either way (``"any"``).

        Raises :class:`~actionplan.errors.ValidationError` for a unit no plan lists
        and no task names, listing the known units.
        """
        known = {u.id for ev in self.plans for u in ev.plan.units}
        tasks = self._table.tasks()
        known.update(task.lead for task in tasks if task.lead is not None)
        known.update(unit_id for task in tasks for unit_id in task.coordinating)
        if unit not in known:
            shown = ", ".join(sorted(known)) or "none"
            raise ValidationError(
                "StatusReport.for_unit", "unit", f"unknown unit {unit!r}; the units are: {shown}"
            )
        if role == "lead":
            return self.select(lambda row: row.task.lead == unit)
        if role == "coordinating":
            return self.select(lambda row: unit in row.task.coordinating)
        if role == "any":
            return self.select(lambda row: row.task.lead == unit or unit in row.task.coordinating)
        raise ValidationError(
            "StatusReport.for_unit",
            "role",
            f"expected 'lead', 'coordinating' or 'any', got {role!r}",
        )

    def row(self, row_id: str, plan_id: str | None = None) -> StatusRow:
        """The row with this id (``"t3"`` or ``"t3@2024-08-19"``), in the plan
        ``plan_id`` when several plans share task ids.

        Raises :class:`~actionplan.errors.UnknownTaskError` when there is none.
        """
        for row in self.rows:
            if row.id == row_id and (plan_id is None or row.evaluation.plan.id == plan_id):
                return row
        raise UnknownTaskError(row_id, [row.id for row in self.rows])


def by_due(row: StatusRow) -> tuple[dt.date, str, str]:
    """The order of the follow-up lists: by due date (none last), plan id, row id."""
    return (row.due or dt.date.max, row.evaluation.plan.id, row.id)
