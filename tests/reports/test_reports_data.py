"""The data formats: JSON (the versioned schema) and CSV (one row per task, safe cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from actionplan.model import ActionPlan
from actionplan.reports import render
from actionplan.reports.csv import COLUMNS, neutralise
from actionplan.status import Review, StatusReport, evaluate, report_to_data, row_to_data


def _text(report: StatusReport | Review, fmt: str, **options: object) -> str:
    text = render(report, fmt, **options)  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


# -- JSON ------------------------------------------------------------------------------


def test_json_is_the_status_schema(reference_report: StatusReport) -> None:
    """The JSON report is report_to_data's versioned shape, nothing more."""
    data = json.loads(_text(reference_report, "json"))
    assert data == json.loads(json.dumps(report_to_data(reference_report)))
    assert data["schema"] == "actionplan.status/1"


def test_json_keeps_vietnamese_text_and_ends_with_a_newline(reference_report: StatusReport) -> None:
    """UTF-8 text as is (no \\u escapes), two-space indent, a final newline."""
    text = _text(reference_report, "json")
    assert "Hoàn thành đúng hạn" in text
    assert "\\u" not in text
    assert text.endswith("}\n")
    assert text.splitlines()[1].startswith('  "schema"')


def test_json_labels_follow_the_language(reference_report: StatusReport) -> None:
    """Labels are in the report's language."""
    data = json.loads(_text(reference_report, "json", language="en"))
    assert data["language"] == "en"
    assert (
        data["rates"]["completion_rate"]["label"] == "Completion rate of tasks that have fallen due"
    )


def test_json_of_a_review_adds_the_review(reference_review: Review) -> None:
    """A review adds one key: its period, counts and the ids it carried over."""
    data = json.loads(_text(reference_review, "json"))
    review = data["review"]
    assert review["period"] == "2024-H2"
    assert review["counts"] == dict(reference_review.counts)
    assert review["carried_over"] == [row.id for row in reference_review.carried_over]
    assert review["still_open"] == [row.id for row in reference_review.still_open]
    assert {k: v for k, v in data.items() if k != "review"} == json.loads(
        json.dumps(report_to_data(reference_review.report))
    )


# -- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+84 912", "'+84 912"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Báo cáo", "Báo cáo"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    """Cells a spreadsheet would run as formulas get a leading quote; others are kept."""
    assert neutralise(cell) == expected


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_neutralises_every_formula_cell(hostile_report: StatusReport) -> None:
    """Titles, unit names, deadlines and notes that look like formulas are made inert."""
    rows = {row["id"]: row for row in _rows(_text(hostile_report, "csv"))}
    assert rows["t1"]["title"].startswith("<script>")  # not a formula start: kept as is
    assert rows["t1"]["deadline_text"] == '\'=HYPERLINK("x")'
    assert rows["t1"]["note"] == "'-2+3"
    assert rows["t2"]["title"] == "'+Báo cáo\tquý"
    assert rows["t2"]["lead_name"] == "'@Phòng =SUM(A1)"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_has_one_row_per_report_row_with_the_json_keys(reference_report: StatusReport) -> None:
    """The columns are the JSON tasks' keys; the rows say what the JSON says."""
    rows = _rows(_text(reference_report, "csv"))
    assert len(rows) == len(reference_report.rows)
    for row, source in zip(rows, reference_report.rows, strict=True):
        data = row_to_data(source)
        assert list(row) == list(data)
        assert row["id"] == data["id"]
        assert row["status"] == data["status"]
        assert row["due"] == (data["due"] or "")
        assert row["key"] == ("true" if data["key"] else "false")
        assert row["coordinating"] == "; ".join(data["coordinating"])


def test_csv_lines_end_with_crlf(reference_report: StatusReport) -> None:
    """RFC 4180 line ends."""
    text = _text(reference_report, "csv")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("\r\n") == len(reference_report.rows) + 1


def test_empty_report_still_has_the_header() -> None:
    """A plan without tasks gives the header line alone, with the same columns."""
    report = evaluate(ActionPlan("kh", "Kế hoạch"), as_of=dt.date(2024, 8, 6))
    assert _text(report, "csv") == ",".join(COLUMNS) + "\r\n"


def test_columns_are_the_row_keys(reference_report: StatusReport) -> None:
    """The CSV columns are the keys of a JSON task row, in the same order."""
    assert list(COLUMNS) == list(row_to_data(reference_report.rows[0]))
