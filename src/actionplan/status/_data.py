"""A status report as plain data (JSON-ready): the shape of ``--format json``.

The shape is versioned by :data:`SCHEMA`; a change that removes or renames a key
bumps it, a new key does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from actionplan._bulk import gc_paused
from actionplan._language import Language, language_of
from actionplan.deadlines import due_date
from actionplan.status._report import StatusReport, TargetStatus
from actionplan.status._rows import PlanEvaluation, StatusRow, completion_date
from actionplan.status._statuses import WITHIN_DEADLINE, TaskStatus
from actionplan.status._summary import Rate, Summary

SCHEMA: Final = "actionplan.status/1"
"""The schema of :func:`report_to_data`."""


def _iso(date: dt.date | None) -> str | None:
    return None if date is None else date.isoformat()


def rate_to_data(rate: Rate, language: str = "vi") -> dict[str, Any]:
    """A rate as data: its label and formula, the numerator and denominator, the
    exact ``value`` (a float, ``null`` when the denominator is 0) and the published
    ``percent`` (truncated to two decimals)."""
    percent = rate.percent
    value = rate.value
    return {
        "label": rate.label(language),
        "formula": rate.formula(language),
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "value": None if value is None else float(value),
        "percent": None if percent is None else float(percent),
    }


def summary_to_data(summary: Summary, language: str = "vi") -> dict[str, Any]:
    """A summary as data: ``id``, ``name``, ``plan`` (a section's plan), ``count``,
    ``totals`` (every status), ``overdue_ages``, ``due_soon`` and ``rates``."""
    data: dict[str, Any] = {"id": summary.key, "name": summary.display_name(language)}
    if summary.plan_id is not None and summary.group == "section":
        data["plan"] = summary.plan_id
    data["count"] = summary.count
    data["totals"] = {status.value: n for status, n in summary.totals.items()}
    data["overdue_ages"] = {age.value: n for age, n in summary.overdue_ages.items()}
    data["due_soon"] = summary.due_soon
    data["rates"] = {key: rate_to_data(rate, language) for key, rate in summary.rates.items()}
    return data


def _counts(summary: Summary, language: Language) -> dict[str, Any]:
    """A summary's counts and rates as data, without its id and name."""
    data = summary_to_data(summary, language)
    del data["id"], data["name"]
    return data


def row_to_data(row: StatusRow, language: str = "vi") -> dict[str, Any]:
    """One row as data (a task, or an occurrence of a recurring task: its ``id`` is
    then ``"<task id>@<ISO due date>"`` and ``occurrence`` holds that date).

    ``due`` is the deadline in force on the cut-off date, ``original_due`` the
    deadline before extensions; day counts are ``null`` where they do not apply.
    The values are the row's properties of the same names (``status`` is
    ``status.value``, ``note`` the last update's).

    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.model import ActionPlan, Task
    >>> from actionplan.status import evaluate
    >>> task = Task("t1", "Báo cáo", deadline=FixedDeadline(dt.date(2024, 8, 9)))
    >>> report = evaluate(ActionPlan("kh", "Kế hoạch", tasks=[task]), as_of=dt.date(2024, 8, 6))
    >>> data = row_to_data(report.rows[0], "en")
    >>> data["status_label"], data["due"], data["days_left"], data["working_days_left"]
    ('Not started (within deadline)', '2024-08-09', 3, 3)
    """
    return _rows_to_data((row,), language_of(language, "row_to_data"))[0]


class _IsoDates(dict[dt.date | None, str | None]):
    """ISO strings of dates, each date formatted once (``None`` stays ``None``)."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, date: dt.date | None) -> str | None:
        assert date is not None  # present from the start
        text = self[date] = date.isoformat()
        return text


def rows_to_data(rows: Iterable[StatusRow], language: str = "vi") -> list[dict[str, Any]]:
    """:func:`row_to_data` of every row, faster than row by row (see below)."""
    return _rows_to_data(rows, language_of(language, "rows_to_data"))


def _rows_to_data(rows: Iterable[StatusRow], language: Language) -> list[dict[str, Any]]:
    """:func:`row_to_data` of each row, in one pass per row.

    The same values as the rows' properties, computed once each: the latest update
    serves ``last_update``, ``note``, ``percent`` and the completion date; the
    extension ``extended`` and ``original_due``; the status's flags the day counts;
    and the working-day counts, dates' ISO strings, unit names and status labels
    are shared by the rows of a plan that have the same due date, date, unit or
    status.
    """
    statuses = {
        status: (
            status.value,
            status.label(language),
            status.is_done,
            status.is_overdue,
            status in WITHIN_DEADLINE,
        )
        for status in TaskStatus
    }
    done_late = TaskStatus.DONE_LATE
    iso = _IsoDates()
    evaluation: PlanEvaluation | None = None
    plan_id = ""
    as_of = dt.date.min
    due_soon_until = dt.date.min
    unit_names: Mapping[str, str] = {}
    count: Callable[[dt.date, dt.date], int]  # the working days of the row's plan
    left: dict[dt.date, int] = {}  # due date -> working days left (rows within deadline)
    overdue: dict[dt.date, int] = {}  # due date -> working days overdue (overdue rows)
    data: list[dict[str, Any]] = []
    append = data.append
    for row in rows:
        ev = row.evaluation
        if ev is not evaluation:
            evaluation = ev
            plan_id = ev.plan.id
            as_of = ev.as_of
            due_soon_until = ev.due_soon_until
            unit_names = ev.unit_names
            count = ev.calendar.count_working_days
            left, overdue = {}, {}
        task = row.task
        due = row.due
        occurrence = row.occurrence
        value, label, is_done, is_overdue, within = statuses[row.status]

        if occurrence is None:
            row_id = task.id
            updates = task.updates
            if updates and updates[-1].date > as_of:  # some came after the cut-off date
                updates = task.updates_until(as_of)
            update = updates[-1] if updates else None
            done_on = completion_date(task, as_of) if is_done else None
        else:
            row_id = f"{task.id}@{iso[occurrence.due]}"
            update = occurrence.last_update
            done_on = occurrence.done_on if is_done else None
        extensions = task.extensions
        if extensions and extensions[-1].date > as_of:
            extensions = task.extensions_until(as_of)
        if not extensions:
            extended, original_due = False, due
        elif occurrence is None:
            extended, original_due = True, due_date(task.deadline, ev.context)
        else:
            extended, original_due = True, None
        lead = task.lead
        deadline = task.deadline

        days_left = working_days_left = days_overdue = working_days_overdue = None
        due_soon = False
        if due is not None:
            if within:
                days_left = (due - as_of).days
                working_days_left = left.get(due)
                if working_days_left is None:
                    working_days_left = left[due] = count(as_of, due)
                due_soon = due <= due_soon_until
            elif is_overdue:
                days_overdue = (as_of - due).days
                working_days_overdue = overdue.get(due)
                if working_days_overdue is None:
                    working_days_overdue = overdue[due] = count(due, as_of)
        days_late = (
            (done_on - due).days
            if done_on is not None and due is not None and row.status is done_late
            else None
        )
        if is_done:
            percent: int | None = 100
        else:
            percent = None if update is None else update.effective_percent

        append(
            {
                "id": row_id,
                "task": task.id,
                "plan": plan_id,
                "occurrence": None if occurrence is None else iso[occurrence.due],
                "title": task.title,
                "section": task.section,
                "key": task.key,
                "lead": lead,
                "lead_name": "" if lead is None else unit_names.get(lead, lead),
                "coordinating": list(task.coordinating),
                "status": value,
                "status_label": label,
                "due": iso[due],
                "original_due": iso[original_due],
                "extended": extended,
                "deadline_text": None if deadline is None else deadline.text,
                "done_on": iso[done_on],
                "days_left": days_left,
                "working_days_left": working_days_left,
                "days_overdue": days_overdue,
                "working_days_overdue": working_days_overdue,
                "days_late": days_late,
                "due_soon": due_soon,
                "percent": percent,
                "last_update": None if update is None else iso[update.date],
                "note": None if update is None else update.note,
                "deliverable": task.deliverable,
            }
        )
    return data


def target_to_data(status: TargetStatus) -> dict[str, Any]:
    """A target with its latest reported value."""
    target, latest = status.target, status.latest
    return {
        "plan": status.plan_id,
        "id": target.id,
        "indicator": target.indicator,
        "target": target.value,
        "measure": target.measure,
        "at_least": target.at_least,
        "latest": None
        if latest is None
        else {"date": latest.date.isoformat(), "value": latest.value},
        "met": status.met,
    }


def report_to_data(report: StatusReport, *, language: str = "vi") -> dict[str, Any]:
    """The report as JSON-ready data (dicts, lists, strings, numbers, booleans, None).

    Schema ``actionplan.status/1``::

        {"schema": "actionplan.status/1", "language": "vi",
         "as_of": "2024-08-14",
         "period": {"code", "label", "start", "end"} | null,
         "plans": [{"id", "title", "document", "due_soon_days", "before",
                    "count", "totals", "overdue_ages", "due_soon", "rates"}],
         "totals": {STATUS: N, ...},          # all ten statuses
         "rates": {KEY: {"label", "formula", "numerator", "denominator",
                         "value", "percent"}},
         "overdue_ages": {"1-7": N, "8-30": N, "over_30": N},
         "due_soon": N,
         "units": [{"id", "name", "count", "totals", "overdue_ages", "due_soon",
                    "rates"}],                # as lead unit; id null: no lead
         "tasks": [{"id", "task", "plan", "occurrence", "title", "section", "key",
                    "lead", "lead_name", "coordinating", "status", "status_label",
                    "due", "original_due", "extended", "deadline_text", "done_on",
                    "days_left", "working_days_left", "days_overdue",
                    "working_days_overdue", "days_late", "due_soon", "percent",
                    "last_update", "note", "deliverable"}],
         "targets": [{"plan", "id", "indicator", "target", "measure", "at_least",
                      "latest": {"date", "value"} | null, "met"}]}

    STATUS is a :class:`~actionplan.status.TaskStatus` value; dates are ISO
    strings; labels are in ``language`` (``"vi"`` or ``"en"``). The same report
    gives the same data, key order included.

    >>> from actionplan.model import ActionPlan
    >>> from actionplan.status import evaluate
    >>> data = report_to_data(evaluate(ActionPlan("kh", "Kế hoạch"), as_of=dt.date(2024, 8, 6)))
    >>> data["schema"], data["totals"]["done_on_time"], data["tasks"]
    ('actionplan.status/1', 0, [])
    """
    lang = language_of(language, "report_to_data")
    period = report.period
    with gc_paused():  # thousands of dicts and lists (see actionplan._bulk)
        return {
            "schema": SCHEMA,
            "language": lang,
            "as_of": report.as_of.isoformat(),
            "period": None
            if period is None
            else {
                "code": period.code,
                "label": period.label(lang),
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "plans": [
                {
                    "id": ev.plan.id,
                    "title": ev.plan.title,
                    "document": None
                    if ev.plan.document is None
                    else ev.plan.document.citation(lang),
                    "due_soon_days": ev.due_soon_days,
                    "before": ev.plan.policy.before.value,
                    **_counts(summary, lang),
                }
                for ev, summary in zip(report.plans, report.by_plan(), strict=True)
            ],
            "totals": {status.value: n for status, n in report.totals.items()},
            "rates": {key: rate_to_data(rate, lang) for key, rate in report.rates.items()},
            "overdue_ages": {age.value: n for age, n in report.overdue_ages.items()},
            "due_soon": report.summary.due_soon,
            "units": [summary_to_data(s, lang) for s in report.by_unit()],
            "tasks": _rows_to_data(report.rows, lang),
            "targets": [target_to_data(t) for t in report.targets],
        }
