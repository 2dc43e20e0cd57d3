"""The Excel report, re-opened with openpyxl: sheets, header, real dates, filters, colours."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from actionplan.reports import render
from actionplan.reports.view import STATUS_COLOURS
from actionplan.status import Review, StatusReport


def _open(report: StatusReport | Review, language: str = "vi") -> Workbook:
    data = render(report, "xlsx", language=language)
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_are_named_in_the_language(reference_report: StatusReport) -> None:
    """A summary sheet then a task sheet, named in the report's language."""
    assert _open(reference_report).sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    assert _open(reference_report, "en").sheetnames == ["Summary", "Tasks"]


def test_task_sheet_header_and_rows(reference_report: StatusReport) -> None:
    """One header row, then one row per report row, numbered, in order."""
    ws = _open(reference_report)["Nhiệm vụ"]
    header = [cell.value for cell in ws[1]]
    assert header[:3] == ["STT", "Mã", "Nội dung nhiệm vụ"]
    assert "Hạn hoàn thành" in header
    assert ws.max_row == len(reference_report.rows) + 1
    ids = [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]
    assert ids == [row.id for row in reference_report.rows]


def test_dates_are_real_dates(reference_report: StatusReport) -> None:
    """Due and completion dates are date cells shown dd/mm/yyyy, not text."""
    ws = _open(reference_report)["Nhiệm vụ"]
    header = [cell.value for cell in ws[1]]
    due_col = header.index("Hạn hoàn thành") + 1
    done_col = header.index("Ngày hoàn thành") + 1
    for index, row in enumerate(reference_report.rows, start=2):
        due = ws.cell(row=index, column=due_col)
        if row.due is None:
            assert due.value is None
            continue
        assert due.is_date
        assert due.number_format == "dd/mm/yyyy"
        assert due.value.date() == row.due
        done = ws.cell(row=index, column=done_col)
        assert (done.value.date() if done.value else None) == row.done_on


def test_header_is_frozen_and_filtered(reference_report: StatusReport) -> None:
    """The header row stays in view and carries an autofilter over every row."""
    ws = _open(reference_report)["Nhiệm vụ"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:P{len(reference_report.rows) + 1}"
    assert ws.column_dimensions["C"].width == 60


def test_status_cells_are_filled_with_the_status_colour(reference_report: StatusReport) -> None:
    """Each status cell is filled with its status's colour."""
    ws = _open(reference_report)["Nhiệm vụ"]
    header = [cell.value for cell in ws[1]]
    col = header.index("Tình trạng") + 1
    for index, row in enumerate(reference_report.rows, start=2):
        cell = ws.cell(row=index, column=col)
        assert cell.value == row.status.label("vi")
        assert cell.fill.fgColor.rgb.endswith(STATUS_COLOURS[row.status].lstrip("#").upper())


def test_summary_sheet_counts_per_unit(reference_report: StatusReport) -> None:
    """The summary has a line per lead unit with its total, and a total line."""
    ws = _open(reference_report)["Tổng hợp"]
    assert ws["A2"].value == "Tính đến ngày"
    assert ws["B2"].is_date
    assert ws["B2"].value.date() == reference_report.as_of
    names = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for unit in reference_report.by_unit():
        row = names[unit.display_name("vi")]
        assert ws.cell(row=row, column=2).value == unit.count
    total_row = names["Tổng cộng"]
    assert ws.cell(row=total_row, column=2).value == len(reference_report.rows)


def test_rates_are_numbers_with_a_percent_format(reference_report: StatusReport) -> None:
    """Each rate is a number (the truncated percent / 100) formatted as a percentage."""
    ws = _open(reference_report)["Tổng hợp"]
    by_label = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for rate in reference_report.rates.values():
        row = by_label[rate.label("vi")]
        assert ws.cell(row=row, column=3).value == rate.numerator
        assert ws.cell(row=row, column=4).value == rate.denominator
        value = ws.cell(row=row, column=5)
        if rate.percent is None:
            assert value.value is None
        else:
            assert value.value == pytest.approx(float(rate.percent) / 100)
            assert value.number_format == "0.00%"


def test_formula_like_text_stays_text(hostile_report: StatusReport) -> None:
    """A deadline written "=HYPERLINK(…)" is stored as a string, not a formula."""
    ws = _open(hostile_report)["Nhiệm vụ"]
    values = [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    formula_like = [cell for cell in values if cell.value.startswith("=")]
    assert formula_like
    assert all(cell.data_type == "s" for cell in formula_like)


def test_same_report_gives_the_same_bytes(reference_report: StatusReport) -> None:
    """No time stamp of the moment of writing: the file is reproducible."""
    first = render(reference_report, "xlsx")
    assert first == render(reference_report, "xlsx")
    assert isinstance(first, bytes)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.created == dt.datetime(2024, 9, 30)
