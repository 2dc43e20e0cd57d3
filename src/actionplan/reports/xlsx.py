"""The Excel report: a summary sheet and a task sheet, ready to filter and sort.

- **Summary** (``Tổng hợp``): the report's heading, the cut-off date, the period
  and the plans; a table per lead unit with a column per status (headers in the
  status colours), the done and overdue counts and the completion rate, and a
  total line; the rates with their formulas, numerators and denominators; notes.
- **Tasks** (``Nhiệm vụ``): one row per task (per occurrence of a recurring
  task), with a frozen header, an autofilter, set column widths, real dates
  (date cells shown ``dd/mm/yyyy``), numbers as numbers, and the status cell
  filled with the status colour.

A text that begins with ``=`` is stored as text, never as a formula. The file's
properties carry the cut-off date, not the time it was made, and the archive is
written with fixed time stamps: the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from actionplan.reports._xml import xml_text
from actionplan.reports._zip import reproducible_zip
from actionplan.reports.chart import text_colour
from actionplan.reports.options import RenderOptions
from actionplan.reports.view import ReportView, build_view
from actionplan.status import Review, StatusReport

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["DATE_FORMAT", "render"]

DATE_FORMAT = "dd/mm/yyyy"
"""The number format of date cells."""
PERCENT_FORMAT = "0.00%"


def _put(ws: Worksheet, row: int, column: int, value: Any, **style: Any) -> Any:
    """Write one cell; text is always text (a leading ``=`` makes no formula), cleaned
    of what Excel's XML cannot hold."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, str):
        value = xml_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    rgb = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _font(*, bold: bool = False, colour: str = "#000000", size: float = 11) -> Any:
    from openpyxl.styles import Font

    return Font(name="Times New Roman", bold=bold, color=colour.lstrip("#").upper(), size=size)


def _header(ws: Worksheet, row: int, titles: Sequence[str], fills: Sequence[str] = ()) -> None:
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin", color="000000")
    for column, title in enumerate(titles, start=1):
        fill = fills[column - 1] if column - 1 < len(fills) and fills[column - 1] else "#D9D9D9"
        _put(
            ws,
            row,
            column,
            title,
            font=_font(bold=True, colour=text_colour(fill)),
            fill=_fill(fill),
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
            border=Border(top=thin, bottom=thin, left=thin, right=thin),
        )


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(ws: Worksheet, view: ReportView) -> None:
    from openpyxl.styles import Alignment

    labels = view.labels
    wrap = Alignment(wrap_text=True, vertical="top")
    _put(ws, 1, 1, f"{view.title}: {view.subject}", font=_font(bold=True, size=14))
    _put(ws, 2, 1, labels["as_of"], font=_font(bold=True))
    _put(ws, 2, 2, view.as_of)
    row = 3
    if view.period is not None:
        _put(ws, row, 1, labels["period"], font=_font(bold=True))
        _put(ws, row, 2, f"{view.period_label} ({view.period_range})")
        row += 1
    for plan in view.plans:
        _put(ws, row, 1, labels["plan"], font=_font(bold=True))
        _put(
            ws,
            row,
            2,
            plan.citation if plan.citation == plan.title else f"{plan.citation} — {plan.title}",
        )
        row += 1

    row += 1
    _put(ws, row, 1, labels["by_unit"], font=_font(bold=True, size=12))
    row += 1
    statuses = view.statuses
    titles = [
        labels["unit"],
        labels["total"],
        *(s.label for s in statuses),
        labels["done"],
        labels["overdue"],
        labels["completion_rate"],
    ]
    fills = ["", "", *(s.colour for s in statuses), "", "", ""]
    _header(ws, row, titles, fills)
    ws.row_dimensions[row].height = 48
    for unit in (*view.units, view.total_unit):
        row += 1
        bold = unit is view.total_unit
        font = _font(bold=bold)
        _put(ws, row, 1, unit.name, font=font, alignment=wrap)
        _put(ws, row, 2, unit.total, font=font)
        for offset, count in enumerate(unit.status_counts, start=3):
            _put(ws, row, offset, count.count, font=font)
        column = 3 + len(unit.status_counts)
        _put(ws, row, column, unit.done, font=font)
        _put(ws, row, column + 1, unit.overdue, font=font)
        percent = unit.completion.percent
        _put(
            ws,
            row,
            column + 2,
            None if percent is None else percent / 100,
            font=font,
            number_format=PERCENT_FORMAT,
        )

    row += 2
    _put(ws, row, 1, labels["rates"], font=_font(bold=True, size=12))
    row += 1
    keys = ("rate", "formula", "numerator", "denominator", "value")
    _header(ws, row, [labels[key] for key in keys])
    for rate in view.rates:
        row += 1
        _put(ws, row, 1, rate.label, alignment=wrap)
        _put(ws, row, 2, rate.formula, alignment=wrap)
        _put(ws, row, 3, rate.numerator)
        _put(ws, row, 4, rate.denominator)
        percent = rate.percent
        _put(ws, row, 5, None if percent is None else percent / 100, number_format=PERCENT_FORMAT)

    row += 2
    _put(ws, row, 1, labels["notes"], font=_font(bold=True))
    for note in view.notes:
        row += 1
        _put(ws, row, 1, note)
    _widths(ws, [34, 12, *([14] * len(statuses)), 14, 12, 16])


def _task_sheet(ws: Worksheet, view: ReportView) -> None:
    from openpyxl.styles import Alignment

    labels = view.labels
    titles = [
        labels["no"],
        labels["id"],
        labels["task"],
        labels["section"],
        labels["lead"],
        labels["coordinating"],
        labels["deadline_text"],
        labels["due"],
        labels["original_due"],
        labels["status"],
        labels["done_on"],
        labels["days"],
        labels["percent"],
        labels["deliverable"],
        labels["note"],
        labels["plan"],
    ]
    _header(ws, 1, titles)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for index, row in enumerate(view.rows, start=2):
        days: int | None = row.days_overdue
        if days is not None:
            days = -days
        elif row.days_left is not None:
            days = row.days_left
        values: list[Any] = [
            row.number,
            row.id,
            row.title,
            row.section,
            row.lead_name,
            "; ".join(row.coordinating_names),
            row.deadline_text,
            row.due,
            row.original_due,
            row.status_label,
            row.done_on,
            days,
            None if row.percent is None else row.percent / 100,
            row.deliverable,
            row.note,
            row.plan_id,
        ]
        for column, value in enumerate(values, start=1):
            align = wrap if column in (3, 6, 14, 15) else top
            cell = _put(ws, index, column, value, alignment=align)
            if column == 10:
                cell.fill = _fill(row.colour)
                cell.font = _font(bold=True, colour=text_colour(row.colour))
            elif column == 13:
                cell.number_format = "0%"
    ws.freeze_panes = "A2"
    last = max(len(view.rows) + 1, 2)
    ws.auto_filter.ref = f"A1:P{last}"
    _widths(ws, [6, 14, 60, 24, 26, 30, 24, 13, 13, 24, 13, 9, 9, 30, 30, 14])
    ws.row_dimensions[1].height = 32


def render(report: StatusReport | Review, options: RenderOptions) -> bytes:
    """The ``.xlsx`` file of ``report``, as bytes."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    view = build_view(report, language=options.language, head=options.head, subject=options.subject)
    workbook = Workbook()
    summary = workbook.active
    summary.title = view.labels["summary_sheet"]
    _summary_sheet(summary, view)
    tasks = workbook.create_sheet(view.labels["tasks_sheet"])
    _task_sheet(tasks, view)

    stamp = dt.datetime.combine(view.as_of, dt.time())
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "actionplan"
    workbook.properties.title = xml_text(f"{view.title}: {view.subject}")
    workbook.properties.language = view.language
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return reproducible_zip(buffer.getvalue())
