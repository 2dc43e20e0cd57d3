"""Reporting periods in the calendar and the state-window conventions."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.errors import PeriodParseError, ValidationError
from actionplan.periods import Convention, PeriodKind, ReportingPeriod

D = dt.date


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (ReportingPeriod.half(2024, 1), D(2024, 1, 1), D(2024, 6, 30)),
        (ReportingPeriod.half(2024, 2), D(2024, 7, 1), D(2024, 12, 31)),
        (ReportingPeriod.quarter(2024, 3), D(2024, 7, 1), D(2024, 9, 30)),
        (ReportingPeriod.month(2024, 2), D(2024, 2, 1), D(2024, 2, 29)),
        (ReportingPeriod.nine_months(2024), D(2024, 1, 1), D(2024, 9, 30)),
        (ReportingPeriod.whole_year(2024), D(2024, 1, 1), D(2024, 12, 31)),
        # State reporting windows (DOMAIN §3)
        (ReportingPeriod.month(2024, 3, convention="window"), D(2024, 2, 15), D(2024, 3, 14)),
        (ReportingPeriod.month(2024, 1, convention="window"), D(2023, 12, 15), D(2024, 1, 14)),
        (ReportingPeriod.quarter(2024, 1, convention="window"), D(2023, 12, 15), D(2024, 3, 14)),
        (ReportingPeriod.quarter(2024, 2, convention="window"), D(2024, 3, 15), D(2024, 6, 14)),
        (ReportingPeriod.half(2024, 1, convention="window"), D(2023, 12, 15), D(2024, 6, 14)),
        (ReportingPeriod.half(2024, 2, convention="window"), D(2024, 6, 15), D(2024, 12, 14)),
        (ReportingPeriod.nine_months(2024, convention="window"), D(2023, 12, 15), D(2024, 9, 14)),
        (ReportingPeriod.whole_year(2024, convention="window"), D(2023, 12, 15), D(2024, 12, 14)),
    ],
)
def test_boundaries(period: ReportingPeriod, start: dt.date, end: dt.date) -> None:
    """Each period starts and ends where its convention says."""
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-H1", ReportingPeriod.half(2024, 1)),
        ("2024-h2", ReportingPeriod.half(2024, 2)),
        ("H2 2024", ReportingPeriod.half(2024, 2)),
        ("2024-H1w", ReportingPeriod.half(2024, 1, convention="window")),
        ("Q3/2024", ReportingPeriod.quarter(2024, 3)),
        ("2024-Q3", ReportingPeriod.quarter(2024, 3)),
        ("Quý III/2024", ReportingPeriod.quarter(2024, 3)),
        ("quy iv nam 2024", ReportingPeriod.quarter(2024, 4)),
        ("6 tháng đầu năm 2024", ReportingPeriod.half(2024, 1)),
        ("6 tháng cuối năm 2024", ReportingPeriod.half(2024, 2)),
        ("9 tháng năm 2024", ReportingPeriod.nine_months(2024)),
        ("2024-9M", ReportingPeriod.nine_months(2024)),
        ("năm 2024", ReportingPeriod.whole_year(2024)),
        ("2024", ReportingPeriod.whole_year(2024)),
        ("2024-09", ReportingPeriod.month(2024, 9)),
        ("tháng 9/2024", ReportingPeriod.month(2024, 9)),
    ],
)
def test_parse(text: str, expected: ReportingPeriod) -> None:
    """Codes and Vietnamese labels read as the same periods."""
    assert ReportingPeriod.parse(text) == expected


def test_parse_window_convention_argument() -> None:
    """The convention can be chosen when parsing a label."""
    period = ReportingPeriod.parse("6 tháng đầu năm 2024", convention="window")
    assert period.convention is Convention.WINDOW
    assert period.start == D(2023, 12, 15)


@pytest.mark.parametrize("text", ["2024-H3", "Quý V/2024", "tháng 13/2024", "soon", ""])
def test_parse_rejects(text: str) -> None:
    """Invalid periods raise PeriodParseError listing the understood forms."""
    with pytest.raises(PeriodParseError, match="understood forms"):
        ReportingPeriod.parse(text)


def test_invalid_index_names_field() -> None:
    """Constructing an impossible period names the field."""
    with pytest.raises(ValidationError, match="index"):
        ReportingPeriod(PeriodKind.QUARTER, 2024, 5)


@given(
    st.sampled_from(list(PeriodKind)),
    st.integers(2000, 2100),
    st.integers(1, 12),
    st.sampled_from(list(Convention)),
)
def test_code_round_trip(kind: PeriodKind, year: int, index: int, convention: Convention) -> None:
    """Every period's code parses back to the same period."""
    top = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}.get(kind, 1)
    period = ReportingPeriod(kind, year, min(index, top), convention)
    assert ReportingPeriod.parse(period.code) == period


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]),
    st.sampled_from(list(Convention)),
)
def test_containing(date: dt.date, kind: PeriodKind, convention: Convention) -> None:
    """The period containing a date contains it."""
    assert date in ReportingPeriod.containing(kind, date, convention=convention)


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        (ReportingPeriod.half(2024, 2), "6 tháng cuối năm 2024", "H2 2024"),
        (ReportingPeriod.quarter(2024, 3), "Quý III/2024", "Q3 2024"),
        (ReportingPeriod.month(2024, 9), "tháng 9/2024", "September 2024"),
    ],
)
def test_labels(period: ReportingPeriod, vi: str, en: str) -> None:
    """Labels in both languages."""
    assert period.label("vi") == vi
    assert period.label("en") == en
