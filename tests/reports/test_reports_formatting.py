"""Numbers, percentages and dates as Vietnamese and English reports write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.errors import ReportError
from actionplan.reports.formatting import (
    check_language,
    days_left,
    format_number,
    format_percent,
    format_ratio,
    long_date,
    place_date_line,
    short_date,
)


@pytest.mark.parametrize(
    ("value", "language", "places", "expected"),
    [
        (10448, "vi", 0, "10.448"),
        (10448, "en", 0, "10,448"),
        (0, "vi", 0, "0"),
        (999, "vi", 0, "999"),
        (1000, "vi", 0, "1.000"),
        (1234567, "vi", 0, "1.234.567"),
        (-1234, "vi", 0, "-1.234"),
        (2.5, "vi", 1, "2,5"),
        (2.5, "en", 1, "2.5"),
        (1234.5, "vi", 2, "1.234,50"),
        (Decimal("0.125"), "vi", 2, "0,13"),
        (-0.001, "vi", 2, "0,00"),
    ],
)
def test_format_number(value: float, language: str, places: int, expected: str) -> None:
    """Vietnamese groups thousands with "." and uses a decimal comma; English the reverse."""
    assert format_number(value, language, places=places) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "language", "expected"),
    [
        (289, 10448, "vi", "2,76 %"),  # 2.766 %: published truncated, not rounded
        (16051, 16051 + 223, "vi", "98,62 %"),  # Báo cáo 1270/BC-TCTTTg: 98.6297 %
        (123, 2057, "vi", "5,97 %"),
        (1, 3, "en", "33.33%"),
        (2, 3, "vi", "66,66 %"),
        (10448, 10448, "vi", "100,00 %"),
        (0, 5, "vi", "0,00 %"),
        (0, 0, "vi", "—"),
    ],
)
def test_format_ratio_truncates_like_published_reports(
    numerator: int, denominator: int, language: str, expected: str
) -> None:
    """Rates are truncated to two decimals; Vietnamese puts a space before the sign."""
    assert format_ratio(numerator, denominator, language) == expected


def test_format_percent_can_round() -> None:
    """Rounding is available when a report wants it."""
    assert format_percent(2.766, rounding="half_up") == "2,77 %"
    assert format_percent(2.766) == "2,76 %"


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["vi", "en"]))
def test_integers_read_back(value: int, language: str) -> None:
    """Removing the thousands separators gives the number back, in either language."""
    text = format_number(value, language)
    separator = "." if language == "vi" else ","
    assert int(text.replace(separator, "")) == value
    assert all(len(group) == 3 for group in text.lstrip("-").split(separator)[1:])


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.sampled_from(["vi", "en"]),
)
def test_two_place_decimals_read_back(value: Decimal, language: str) -> None:
    """A two-decimal number written with two places reads back exactly."""
    text = format_number(value, language, places=2)
    group, decimal = (".", ",") if language == "vi" else (",", ".")
    assert Decimal(text.replace(group, "").replace(decimal, ".")) == value


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ratio_is_never_above_the_exact_value(numerator: int, denominator: int) -> None:
    """Truncation never overstates a rate, and is less than 0.01 point below it."""
    text = format_ratio(numerator, denominator, "en")
    shown = Decimal(text.rstrip("%").replace(",", ""))
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    assert shown <= exact < shown + Decimal("0.01")


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        (dt.date(2024, 8, 6), "vi", "06/8/2024"),
        (dt.date(2024, 12, 31), "vi", "31/12/2024"),
        (dt.date(2024, 8, 6), "en", "2024-08-06"),
    ],
)
def test_short_date(date: dt.date, language: str, expected: str) -> None:
    """Table cells: day first with a padded day in Vietnamese, ISO in English."""
    assert short_date(date, language) == expected


def test_short_date_of_nothing_is_the_empty_text() -> None:
    """A missing date prints as the given placeholder."""
    assert short_date(None) == ""
    assert short_date(None, empty="—") == "—"


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        (dt.date(2024, 8, 6), "vi", "ngày 06 tháng 8 năm 2024"),
        (dt.date(2025, 2, 5), "vi", "ngày 05 tháng 02 năm 2025"),
        (dt.date(2025, 3, 9), "vi", "ngày 09 tháng 3 năm 2025"),
        (dt.date(2024, 12, 31), "vi", "ngày 31 tháng 12 năm 2024"),
        (dt.date(2024, 8, 6), "en", "6 August 2024"),
    ],
)
def test_long_date(date: dt.date, language: str, expected: str) -> None:
    """Running text: days below 10 and January and February padded (DOMAIN §5)."""
    assert long_date(date, language) == expected


def test_place_date_line() -> None:
    """The head's place-and-date line: place, comma, the long date."""
    date = dt.date(2024, 8, 6)
    assert place_date_line("Bình Dương", date) == "Bình Dương, ngày 06 tháng 8 năm 2024"
    assert place_date_line("Binh Duong", date, "en") == "Binh Duong, 6 August 2024"
    assert place_date_line(None, date) == "ngày 06 tháng 8 năm 2024"


@pytest.mark.parametrize(
    ("days", "language", "expected"),
    [
        (3, "vi", "3 ngày nữa"),
        (1, "vi", "1 ngày nữa"),
        (0, "vi", "đến hạn hôm nay"),
        (-5, "vi", "quá hạn 5 ngày"),
        (-1200, "vi", "quá hạn 1.200 ngày"),
        (3, "en", "in 3 days"),
        (1, "en", "in 1 day"),
        (0, "en", "due today"),
        (-1, "en", "1 day overdue"),
        (-5, "en", "5 days overdue"),
    ],
)
def test_days_left(days: int, language: str, expected: str) -> None:
    """Relative deadlines as DOMAIN §5 writes them ("3 ngày nữa", "quá hạn 5 ngày")."""
    assert days_left(days, language) == expected


@pytest.mark.parametrize("language", ["fr", "", "vietnamese", "fr-VN"])
def test_unknown_language_is_refused(language: str) -> None:
    """Only Vietnamese and English are report languages; the error lists them."""
    with pytest.raises(ReportError, match="use one of: vi, en"):
        check_language(language)


def test_negative_places_are_refused() -> None:
    """A number of decimals below zero is an error, not a silent rounding."""
    with pytest.raises(ReportError, match="places must be 0 or more"):
        format_number(1, places=-1)


@pytest.mark.parametrize(("tag", "language"), [("en-US", "en"), ("vi-VN", "vi"), ("EN", "en")])
def test_a_document_head_reads_a_language_tag_as_its_language(tag: str, language: str) -> None:
    """A head made with a language tag is written wholly in that language, as one
    made with the bare code: motto, date line and title agree."""
    from actionplan.reports.head import DocumentHead

    date = dt.date(2024, 8, 6)
    tagged = DocumentHead("state", date, place="Hà Nội", language=tag)
    plain = DocumentHead("state", date, place="Hà Nội", language=language)
    assert tagged.language == language
    assert tagged.motto_lines() == plain.motto_lines()
    assert tagged.date_line() == plain.date_line()
    assert tagged.title_text() == plain.title_text()
