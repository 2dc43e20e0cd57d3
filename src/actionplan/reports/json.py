"""The JSON report: the status report as data, in a documented, versioned shape.

The shape is :func:`actionplan.status.report_to_data`'s (schema
``actionplan.status/1``: ``schema``, ``language``, ``as_of``, ``period``,
``plans``, ``totals``, ``rates``, ``overdue_ages``, ``due_soon``, ``units``,
``tasks``, ``targets``). A period review adds one key, ``review``::

    "review": {"period": "2024-H1",
               "counts": {"due_in_period": N, "done_in_period": N,
                          "carried_over": N, "still_open": N},
               "carried_over": [ROW ID, ...],     # as in tasks[].id
               "still_open": [ROW ID, ...]}

The text is UTF-8 (Vietnamese kept as is), indented by two spaces, keys in a fixed
order, with a final newline: the same report gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from actionplan.reports.options import RenderOptions
from actionplan.status import Review, StatusReport, report_to_data

__all__ = ["render", "report_data"]


def report_data(report: StatusReport | Review, language: str = "vi") -> dict[str, Any]:
    """``report`` as JSON-ready data (with the ``review`` key for a review)."""
    if not isinstance(report, Review):
        return report_to_data(report, language=language)
    data = report_to_data(report.report, language=language)
    data["review"] = {
        "period": report.period.code,
        "counts": dict(report.counts),
        "carried_over": [row.id for row in report.carried_over],
        "still_open": [row.id for row in report.still_open],
    }
    return data


def render(report: StatusReport | Review, options: RenderOptions) -> str:
    """The JSON text of ``report``."""
    data = report_data(report, options.language)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
