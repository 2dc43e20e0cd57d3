"""The CSV report: one row per task (one per occurrence of a recurring task).

The one CSV writer of the package: ``render(report, "csv")``, ``write_report(…,
"bao-cao.csv")``, ``actionplan report --format csv`` and ``actionplan status --format
csv`` all write this. Its columns, :data:`COLUMNS`, are the keys of the JSON
report's ``tasks`` (:func:`actionplan.status.row_to_data`), in the same order, so a
CSV and a JSON of one report say the same thing; the CSV section of the JSON output
reference lists them.

Dates are ISO (``2024-08-06``), booleans ``true`` / ``false``, lists (the
coordinating units) joined with ``"; "``, missing values empty; ``status_label``
is in the report's language. Lines end with CRLF (RFC 4180).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula
(and some treat a leading tab or carriage return the same way), so a task titled
``=HYPERLINK(…)`` could act when the file is opened. Every such text cell is
neutralised by a leading single quote (:func:`neutralise`); numbers are left as
they are.

>>> COLUMNS[:4]
('id', 'task', 'plan', 'occurrence')
"""

from __future__ import annotations

import csv
import io
from typing import Any, Final

from actionplan.reports.options import RenderOptions
from actionplan.status import Review, StatusReport
from actionplan.status._data import rows_to_data

__all__ = ["COLUMNS", "FORMULA_STARTS", "neutralise", "render"]

COLUMNS: Final = (
    "id", "task", "plan", "occurrence", "title", "section", "key", "lead", "lead_name",
    "coordinating", "status", "status_label", "due", "original_due", "extended",
    "deadline_text", "done_on", "days_left", "working_days_left", "days_overdue",
    "working_days_overdue", "days_late", "due_soon", "percent", "last_update", "note",
    "deliverable",
)  # fmt: skip
"""The columns, in order: the keys of :func:`~actionplan.status.row_to_data`."""

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would run it as a formula.

    >>> neutralise("=1+1"), neutralise("-2"), neutralise("Báo cáo"), neutralise("")
    ("'=1+1", "'-2", 'Báo cáo', '')
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(v) for v in value))
    return neutralise(str(value))


def render(report: StatusReport | Review, options: RenderOptions) -> str:
    """The CSV text of ``report``: the header (:data:`COLUMNS`), then one line per row."""
    status_report = report.report if isinstance(report, Review) else report
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for data in rows_to_data(status_report.rows, options.language):
        writer.writerow([_cell(data[key]) for key in COLUMNS])
    return out.getvalue()
