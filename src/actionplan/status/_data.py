"""A status report as plain data (JSON-ready): the shape of ``--format json``.

The shape is versioned by :data:`SCHEMA`; a change that removes or renames a key
bumps it, a new key does not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from actionplan.status._report import StatusReport, TargetStatus
from actionplan.status._rows import StatusRow
from actionplan.status._statuses import language as _language
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


def row_to_data(row: StatusRow, language: str = "vi") -> dict[str, Any]:
    """One row as data (a task, or an occurrence of a recurring task: its ``id`` is
    then ``"<task id>@<ISO due date>"`` and ``occurrence`` holds that date).

    ``due`` is the deadline in force on the cut-off date, ``original_due`` the
    deadline before extensions; day counts are ``null`` where they do not apply.
    """
    update = row.last_update
    return {
        "id": row.id,
        "task": row.task.id,
        "plan": row.evaluation.plan.id,
        "occurrence": _iso(None if row.occurrence is None else row.occurrence.due),
        "title": row.task.title,
        "section": row.task.section,
        "key": row.task.key,
        "lead": row.task.lead,
        "lead_name": row.lead_name,
        "coordinating": list(row.task.coordinating),
        "status": row.status.value,
        "status_label": row.status.label(language),
        "due": _iso(row.due),
        "original_due": _iso(row.original_due),
        "extended": row.extension is not None,
        "deadline_text": row.deadline_text,
        "done_on": _iso(row.done_on),
        "days_left": row.days_left,
        "working_days_left": row.working_days_left,
        "days_overdue": row.days_overdue,
        "working_days_overdue": row.working_days_overdue,
        "days_late": row.days_late,
        "due_soon": row.due_soon,
        "percent": row.percent,
        "last_update": _iso(None if update is None else update.date),
        "note": None if update is None else update.note,
        "deliverable": row.task.deliverable,
    }


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
         "plans": [{"id", "title", "document", "due_soon_days", "before"}],
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
    lang = _language(language, "report_to_data")
    period = report.period
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
                "document": None if ev.plan.document is None else ev.plan.document.citation(lang),
                "due_soon_days": ev.due_soon_days,
                "before": ev.plan.policy.before.value,
            }
            for ev in report.plans
        ],
        "totals": {status.value: n for status, n in report.totals.items()},
        "rates": {key: rate_to_data(rate, lang) for key, rate in report.rates.items()},
        "overdue_ages": {age.value: n for age, n in report.overdue_ages.items()},
        "due_soon": report.summary.due_soon,
        "units": [summary_to_data(s, lang) for s in report.by_unit()],
        "tasks": [row_to_data(row, lang) for row in report.rows],
        "targets": [target_to_data(t) for t in report.targets],
    }
