"""Dates are read day first, never month first, and written as offices write them."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.dates import date_line, format_date, parse_date
from actionplan.errors import ActionPlanError, ParseError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-06", dt.date(2024, 8, 6)),
        ("06/8/2024", dt.date(2024, 8, 6)),
        ("6/8/2024", dt.date(2024, 8, 6)),
        ("06-8-2024", dt.date(2024, 8, 6)),
        ("6.8.2024", dt.date(2024, 8, 6)),
        ("03/02/2025", dt.date(2025, 2, 3)),
        ("ngày 06 tháng 8 năm 2024", dt.date(2024, 8, 6)),
        ("Ngay 6 thang 8 nam 2024", dt.date(2024, 8, 6)),
        ("  12/11/2025 ", dt.date(2025, 11, 12)),
    ],
)
def test_parse_date_forms(text: str, expected: dt.date) -> None:
    """Every accepted form gives the same date, read day first."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 30/5/2019", dt.date(2019, 5, 30)),
        ("Ngày 05-3-2020", dt.date(2020, 3, 5)),
        ("06\u20138\u20132024", dt.date(2024, 8, 6)),
        ("06 \u2014 8 \u2014 2024", dt.date(2024, 8, 6)),
        ("2024\u201308\u201306", dt.date(2024, 8, 6)),
    ],
)
def test_parse_date_as_documents_cite_it(text: str, expected: dt.date) -> None:
    """A date as a citation writes it (ngày 30/5/2019), or with the en or em dashes a
    word processor puts in, is read like its plain form."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025-02-30", "ngày 32 tháng 1 năm 2025"])
def test_impossible_date_is_named(text: str) -> None:
    """An impossible date is refused with a message saying it is not a real date."""
    with pytest.raises(ParseError, match="not a real date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "tomorrow", "2024/13", "12/2024"])
def test_not_a_date(text: str) -> None:
    """Text that is no date raises an ActionPlanError quoting it and listing the forms."""
    with pytest.raises(ActionPlanError) as info:
        parse_date(text)
    assert repr(text) in str(info.value)
    assert "understood forms" in str(info.value)


def test_error_is_a_value_error() -> None:
    """Library parse errors can be caught as ValueError too."""
    with pytest.raises(ValueError):  # noqa: PT011 - the builtin is the point
        parse_date("x")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_format_parse_round_trip(date: dt.date) -> None:
    """Writing a date the Vietnamese way and reading it back gives the same date."""
    assert parse_date(format_date(date)) == date
    assert parse_date(format_date(date, "en")) == date
    assert parse_date(date_line(date)) == date


@pytest.mark.parametrize(
    ("date", "line"),
    [
        (dt.date(2024, 8, 6), "ngày 06 tháng 8 năm 2024"),
        (dt.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (dt.date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (dt.date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
        (dt.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line_padding(date: dt.date, line: str) -> None:
    """Days below 10 and months 1 and 2 take a leading zero (DOMAIN §5)."""
    assert date_line(date) == line
