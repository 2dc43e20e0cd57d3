"""The HTML report: one self-contained, escaped page with an accessible chart."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from actionplan.errors import ReportError
from actionplan.reports import render
from actionplan.status import Review, StatusReport


class _Page(HTMLParser):
    """Collects the tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self.cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open and self._open[-1] in ("td", "th"):
            self.cells.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _html(report: StatusReport | Review, **options: object) -> str:
    text = render(report, "html", **options)  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


def test_user_text_is_escaped(hostile_report: StatusReport, hostile_title: str) -> None:
    """A title with <script> and & shows as text: no script element, entities in the source."""
    html = _html(hostile_report)
    page = _parse(html)
    assert "script" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;KH&amp;CN&#34;" in html
    assert hostile_title in page.cells
    assert "b" not in page.tags  # the plan title's <b> stays text
    assert "i" not in page.tags  # and the unit name's <i>


def test_page_is_self_contained(hostile_report: StatusReport) -> None:
    """No URL, no external resource: nothing to fetch from the network."""
    html = _html(hostile_report)
    assert re.search(r"https?://", html) is None
    assert "@import" not in html
    assert "url(" not in html
    page = _parse(html)
    assert not [a for a in page.attrs if a[1] in ("src", "href")]
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)


def test_page_has_inline_style_with_print_rules(reference_report: StatusReport) -> None:
    """The stylesheet is inline, with projection-sized type and an A4 print layout."""
    html = _html(reference_report)
    page = _parse(html)
    assert page.tags.count("style") == 1
    assert "@media print" in html
    assert "size: A4" in html
    assert "html { font-size: 20px; }" in html


def test_chart_is_inline_and_described(reference_report: StatusReport) -> None:
    """The status chart is inline SVG with a title and a description of every unit."""
    html = _html(reference_report)
    page = _parse(html)
    assert "svg" in page.tags
    assert ("svg", "role", "img") in page.attrs
    desc = re.search(r"<desc id=\"chart-desc\">(.*?)</desc>", html)
    assert desc is not None
    for unit in reference_report.by_unit():
        assert unit.display_name("vi") in desc.group(1)


def test_language_attribute_and_english_labels(reference_report: StatusReport) -> None:
    """The page declares its language; English pages carry English headings."""
    assert '<html lang="vi">' in _html(reference_report)
    english = _html(reference_report, language="en")
    assert '<html lang="en">' in english
    assert "<h1>REPORT</h1>" in english
    assert "Results by lead unit" in english


def test_every_task_has_a_row(reference_report: StatusReport) -> None:
    """The task table lists every row of the report, with its status label."""
    html = _html(reference_report)
    for row in reference_report.rows:
        assert f'id="task-{row.plan_id}-{row.id}"' in html
    assert html.count('class="status status-') >= len(reference_report.rows)


def test_template_file_replaces_the_built_in_one(
    hostile_report: StatusReport, tmp_path: Path
) -> None:
    """A user template gets the documented context, and autoescaping still applies."""
    template = tmp_path / "mine.html.j2"
    template.write_text(
        "<p>{{ report.total|number }} / {{ labels.total }}</p>"
        "{% for row in report.rows %}<i>{{ row.title }}</i>{% endfor %}"
        "<p>{{ data.schema }}</p>",
        encoding="utf-8",
    )
    html = _html(hostile_report, template=template)
    assert html.startswith("<p>3 / Tổng số</p>")
    assert "&lt;script&gt;" in html
    assert "<p>actionplan.status/1</p>" in html


def test_template_can_extend_the_built_in_one(
    reference_report: StatusReport, tmp_path: Path
) -> None:
    """A template can extend report.html.j2 and override a single block."""
    template = tmp_path / "short.html.j2"
    template.write_text(
        '{% extends "report.html.j2" %}{% block tasks %}<p>rút gọn</p>{% endblock %}',
        encoding="utf-8",
    )
    html = _html(reference_report, template=template)
    assert "<p>rút gọn</p>" in html
    assert 'id="tasks"' not in html
    assert 'id="units"' in html


def test_template_folder_can_restyle_only(reference_report: StatusReport, tmp_path: Path) -> None:
    """A folder holding only report.css replaces the stylesheet, keeping the template."""
    (tmp_path / "report.css").write_text("body { color: #123456; }", encoding="utf-8")
    html = _html(reference_report, template=tmp_path)
    assert "body { color: #123456; }" in html
    assert "@media print" not in html
    assert 'id="units"' in html


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% for x in %}", "template syntax error"),
        ("{{ report.no_such_field }}", "no_such_field"),
        ('{% include "missing.j2" %}', "'missing.j2' not found"),
    ],
)
def test_broken_templates_raise_report_error(
    hostile_report: StatusReport, tmp_path: Path, source: str, message: str
) -> None:
    """Template errors become ReportError saying what is wrong, never a silent blank."""
    template = tmp_path / "broken.html.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(ReportError, match=message):
        _html(hostile_report, template=template)


def test_missing_template_path_is_an_error(hostile_report: StatusReport, tmp_path: Path) -> None:
    """A template path that does not exist is named in the error."""
    with pytest.raises(ReportError, match="does not exist"):
        _html(hostile_report, template=tmp_path / "nope.j2")


def test_review_shows_its_period_numbers(reference_review: Review) -> None:
    """A review's page shows the period and its due / done / carried-over counts."""
    html = _html(reference_review)
    assert "6 tháng cuối năm 2024" in html
    assert "Sơ kết 6 tháng cuối năm 2024" in html
    for label in ("Nhiệm vụ đến hạn trong kỳ", "Nhiệm vụ chuyển từ kỳ trước"):
        assert label in html
