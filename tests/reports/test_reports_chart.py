"""The inline SVG chart: readable text, escaped labels, accessible, reproducible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.errors import ReportError
from actionplan.reports.chart import Bar, Series, stacked_bars, text_colour

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [
    Series("done", "Hoàn thành", "#1b7f3b"),
    Series("late", "Quá hạn", "#c62828"),
    Series("soon", "Sắp đến hạn", "#f2c94c"),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_is_well_formed_svg_with_title_and_description() -> None:
    """The chart parses as XML, is labelled by its title and a description in words."""
    svg = stacked_bars(
        [Bar("Chi bộ 1", (3, 1, 0)), Bar("Chi bộ 2", (0, 2, 5))], SERIES, title="Theo đơn vị"
    )
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.find(f"{SVG}title").text == "Theo đơn vị"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "Chi bộ 1 — Hoàn thành: 3; Quá hạn: 1." in desc
    assert "Chi bộ 2 — Quá hạn: 2; Sắp đến hạn: 5." in desc


def test_every_bar_shows_its_label_and_total_as_text() -> None:
    """Unit names, segment counts and totals are text, readable without the colours."""
    root = _parse(stacked_bars([Bar("Chi bộ 1", (3, 1, 0))], SERIES, title="T"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Chi bộ 1" in texts
    assert "3" in texts
    assert "4" in texts  # the total
    assert "Hoàn thành (3)" in texts  # the legend, with the count


def test_every_segment_has_a_tooltip_title() -> None:
    """Each coloured segment names its unit, status and count."""
    root = _parse(stacked_bars([Bar("A", (2, 0, 1))], SERIES, title="T"))
    titles = [title.text for rect in root.iter(f"{SVG}rect") for title in rect.iter(f"{SVG}title")]
    assert titles == ["A — Hoàn thành: 2", "A — Sắp đến hạn: 1"]


def test_labels_are_escaped() -> None:
    """Markup in a unit name is text in the chart, never an element."""
    svg = stacked_bars([Bar('<script>alert("x")</script> & Co', (1, 0, 0))], SERIES, title="<b>")
    root = _parse(svg)
    assert root.find(f".//{SVG}script") is None
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert '<script>alert("x")</script> & Co' in [t.text for t in root.iter(f"{SVG}text")]


def test_numbers_follow_the_language() -> None:
    """Counts in the chart use the report's number format."""
    svg = stacked_bars([Bar("A", (12345, 0, 0))], SERIES, title="T", width=2000)
    assert ">12.345<" in svg
    assert ">12,345<" in stacked_bars(
        [Bar("A", (12345, 0, 0))], SERIES, title="T", language="en", width=2000
    )


def test_inline_chart_carries_no_namespace_url() -> None:
    """Inside HTML the chart needs no xmlns, so the page holds no URL."""
    svg = stacked_bars([Bar("A", (1, 0, 0))], SERIES, title="T", standalone=False)
    assert "http" not in svg


def test_empty_chart_says_so() -> None:
    """Without bars the chart shows (and describes) the empty text."""
    svg = stacked_bars([], SERIES, title="T", empty_text="Không có nhiệm vụ")
    root = _parse(svg)
    assert "Không có nhiệm vụ" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}desc").text == "Không có nhiệm vụ"  # type: ignore[union-attr]


def test_ids_can_be_prefixed() -> None:
    """Two charts on one page get distinct element ids."""
    svg = stacked_bars([Bar("A", (1, 0, 0))], SERIES, title="T", id_prefix="q3")
    assert 'id="q3-title"' in svg
    assert 'aria-labelledby="q3-title q3-desc"' in svg


def test_the_same_bars_give_the_same_bytes() -> None:
    """The chart is deterministic."""
    bars = [Bar("A", (1, 2, 3)), Bar("B", (0, 0, 7))]
    assert stacked_bars(bars, SERIES, title="T") == stacked_bars(bars, SERIES, title="T")


@pytest.mark.parametrize("values", [(1, 2), (1, 2, 3, 4), (1, -1, 0)])
def test_bad_values_are_refused(values: tuple[int, ...]) -> None:
    """One non-negative value per series, or a ReportError naming the bar."""
    with pytest.raises(ReportError, match="bar 'A'"):
        stacked_bars([Bar("A", values)], SERIES, title="T")


def _luminance(colour: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_text_colour_always_reaches_aa_contrast(rgb: int) -> None:
    """On any fill, the chosen text colour has a WCAG contrast of at least 4.5:1."""
    fill = f"#{rgb:06x}"
    text = text_colour(fill)
    a, b = _luminance(fill), _luminance(text)
    contrast = (max(a, b) + 0.05) / (min(a, b) + 0.05)
    assert contrast >= 4.5


def test_text_colour_refuses_other_notations() -> None:
    """Colours are #rrggbb; anything else is a ReportError."""
    with pytest.raises(ReportError, match="#rrggbb"):
        text_colour("red")
