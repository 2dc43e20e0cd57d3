"""The Markdown report: escaped values, tables that hold together, replaceable template."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionplan.reports import render
from actionplan.reports.templating import md_escape
from actionplan.status import StatusReport


def _md(report: StatusReport, **options: object) -> str:
    text = render(report, "md", **options)  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


def _unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for char in line:
        if char == "|" and not escaped:
            count += 1
        escaped = char == "\\" and not escaped
    return count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", "a \\| b"),
        ("*đậm* _nghiêng_", "\\*đậm\\* \\_nghiêng\\_"),
        ("<script>", "\\<script\\>"),
        ("[link](x)", "\\[link\\](x)"),
        ("a\\b", "a\\\\b"),
        ("`code`", "\\`code\\`"),
        ("~~gạch~~", "\\~\\~gạch\\~\\~"),
        ("KH&CN", "KH&CN"),
        ("&amp; &#60;", "\\&amp; \\&#60;"),
        ("dòng 1\ndòng 2", "dòng 1 dòng 2"),
        (None, ""),
        (12, "12"),
    ],
)
def test_md_escape(text: object, expected: str) -> None:
    """Markdown punctuation gets a backslash; line breaks become spaces."""
    assert md_escape(text) == expected


def _tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_hostile_title_keeps_every_table_whole(
    hostile_report: StatusReport, hostile_title: str
) -> None:
    """Titles and names with | and markup stay in their cells: every row of every table
    has as many columns as its header, and no raw tag reaches the text."""
    text = _md(hostile_report)
    tables = _tables(text)
    assert len(tables) >= 4
    for table in tables:
        columns = _unescaped_pipes(table[0])
        assert all(_unescaped_pipes(row) == columns for row in table), table
    hostile_rows = [line for line in text.splitlines() if "alert(1)" in line]
    assert len(hostile_rows) == 2  # the overdue list and the task list
    assert all(md_escape(hostile_title) in row for row in hostile_rows)
    assert "<script>" not in text
    assert "<i>" not in text


def test_unit_table_adds_up(reference_report: StatusReport) -> None:
    """The per-unit table ends with a total line equal to the number of rows."""
    text = _md(reference_report)
    total_line = next(line for line in text.splitlines() if line.startswith("| **Tổng cộng**"))
    assert f"| {len(reference_report.rows)} |" in total_line


def test_template_can_be_replaced(hostile_report: StatusReport, tmp_path: Path) -> None:
    """A user Markdown template gets the context, and its values are escaped too."""
    template = tmp_path / "report.md.j2"
    template.write_text(
        "{% for row in report.rows %}- {{ row.title }} ({{ row.days_text }})\n{% endfor %}",
        encoding="utf-8",
    )
    text = _md(hostile_report, template=tmp_path)
    assert text.splitlines()[0].startswith("- \\<script\\>alert(1)\\</script\\>")
    assert "(quá hạn 30 ngày)" in text


def test_safe_marks_trusted_markdown(hostile_report: StatusReport, tmp_path: Path) -> None:
    """`|safe` prints a value as is, for text the template author trusts."""
    template = tmp_path / "t.md.j2"
    template.write_text('{{ "**bold**"|safe }} {{ "**x**" }}', encoding="utf-8")
    assert _md(hostile_report, template=template) == "**bold** \\*\\*x\\*\\*"


def test_english_report(reference_report: StatusReport) -> None:
    """English labels, English numbers and dates."""
    text = _md(reference_report, language="en")
    assert text.startswith("# REPORT: ")
    assert "## Results by lead unit" in text
    assert "30 September 2024" in text
