"""Deadline phrases read into deadline kinds (DOMAIN §3: the catalogue and its "more forms")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.cli.main import cli
from actionplan.dates import date_line
from actionplan.deadlines import (
    BeforePolicy,
    Deadline,
    DeadlineContext,
    EventDeadline,
    FixedDeadline,
    Frequency,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
    UndatedReason,
    due_date,
    occurrences,
)
from actionplan.errors import DeadlineParseError, ValidationError
from actionplan.periods import ReportingPeriod
from actionplan.phrases import DEADLINE_FORMS, describe_deadline, parse_deadline
from actionplan.workdays import default_calendar

D = dt.date
ISSUED = D(2024, 8, 6)  # the reference scenario's plan (DOMAIN §1)
CTX = DeadlineContext(issued_on=ISSUED)
MONTHLY, YEARLY, WEEKLY = Frequency.MONTHLY, Frequency.YEARLY, Frequency.WEEKLY
Q = ReportingPeriod.quarter


def quarter(year: int, q: int) -> PeriodEndDeadline:
    return PeriodEndDeadline(ReportingPeriod.quarter(year, q))


def month(year: int, m: int) -> PeriodEndDeadline:
    return PeriodEndDeadline(ReportingPeriod.month(year, m))


def year_end(year: int) -> PeriodEndDeadline:
    return PeriodEndDeadline(ReportingPeriod.whole_year(year))


def half(year: int, h: int) -> PeriodEndDeadline:
    return PeriodEndDeadline(ReportingPeriod.half(year, h))


def fixed(date: dt.date, **kw: Any) -> FixedDeadline:
    return FixedDeadline(date, **kw)


ASAP = UndatedDeadline(UndatedReason.ASAP)
ON_REQUEST = UndatedDeadline(UndatedReason.ON_REQUEST)

# text, keyword arguments, the deadline read (its ``text`` is added by the test), and
# its due date resolved with CTX (issued 06/8/2024, strict reading of "trước").
CATALOGUE: list[tuple[str, dict[str, Any], Deadline, dt.date | None]] = [
    # fixed dates
    ("trước ngày 15/12/2024", {}, fixed(D(2024, 12, 15), before=True), D(2024, 12, 14)),
    ("chậm nhất ngày 15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("đến hết ngày 15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("hoàn thành ngày 15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("ngày 15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("15-12-2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("2024-12-15", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("ngày 15 tháng 12 năm 2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("06/8/2024", {}, fixed(D(2024, 8, 6)), D(2024, 8, 6)),
    ("truoc ngay 15/12/2024", {}, fixed(D(2024, 12, 15), before=True), D(2024, 12, 14)),
    ("trước ngày 15/12", {"year": 2024}, fixed(D(2024, 12, 15), before=True), D(2024, 12, 14)),
    # a time of day: the date itself, whatever the policy
    (
        "trước 20h00 ngày 25/5/2025",
        {},
        fixed(D(2025, 5, 25), before=True, time=dt.time(20, 0)),
        D(2025, 5, 25),
    ),
    (
        "trước 17 giờ ngày 25/5/2025",
        {},
        fixed(D(2025, 5, 25), before=True, time=dt.time(17, 0)),
        D(2025, 5, 25),
    ),
    ("17h30 ngày 25/5/2025", {}, fixed(D(2025, 5, 25), time=dt.time(17, 30)), D(2025, 5, 25)),
    ("trước 24h00 ngày 25/5/2025", {}, fixed(D(2025, 5, 25)), D(2025, 5, 25)),
    # quarters
    ("Quý III/2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("quý 3/2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("Quy III nam 2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("trong quý I/2025", {}, quarter(2025, 1), D(2025, 3, 31)),
    ("Q3 2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("Q3/2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("third quarter of 2024", {}, quarter(2024, 3), D(2024, 9, 30)),
    ("Hoàn thành trong Quý III/2025", {}, quarter(2025, 3), D(2025, 9, 30)),
    ("Quý IV", {"year": 2024}, quarter(2024, 4), D(2024, 12, 31)),
    # months: a bare m/yyyy is a month of a year
    ("tháng 10/2025", {}, month(2025, 10), D(2025, 10, 31)),
    ("trong tháng 4/2025", {}, month(2025, 4), D(2025, 4, 30)),
    ("tháng 6 năm 2025", {}, month(2025, 6), D(2025, 6, 30)),
    ("6/2025", {}, month(2025, 6), D(2025, 6, 30)),
    ("01/2025", {}, month(2025, 1), D(2025, 1, 31)),
    ("October 2025", {}, month(2025, 10), D(2025, 10, 31)),
    ("tháng 2/2024", {}, month(2024, 2), D(2024, 2, 29)),
    # half years and nine months
    ("6 tháng đầu năm 2025", {}, half(2025, 1), D(2025, 6, 30)),
    ("6 tháng đầu năm", {"year": 2025}, half(2025, 1), D(2025, 6, 30)),
    ("6 tháng cuối năm", {"year": 2024}, half(2024, 2), D(2024, 12, 31)),
    (
        "9 tháng",
        {"year": 2024},
        PeriodEndDeadline(ReportingPeriod.nine_months(2024)),
        D(2024, 9, 30),
    ),
    (
        "9 tháng năm 2025",
        {},
        PeriodEndDeadline(ReportingPeriod.nine_months(2025)),
        D(2025, 9, 30),
    ),
    ("first half of 2025", {}, half(2025, 1), D(2025, 6, 30)),
    ("H2 2025", {}, half(2025, 2), D(2025, 12, 31)),
    # years, ranges of years, "before a year"
    ("năm 2025", {}, year_end(2025), D(2025, 12, 31)),
    ("đến năm 2030", {}, year_end(2030), D(2030, 12, 31)),
    ("giai đoạn 2025–2030", {}, year_end(2030), D(2030, 12, 31)),
    ("2025-2026", {}, year_end(2026), D(2026, 12, 31)),
    ("by 2030", {}, year_end(2030), D(2030, 12, 31)),
    ("in 2025", {}, year_end(2025), D(2025, 12, 31)),
    ("Trước 2030", {}, year_end(2029), D(2029, 12, 31)),
    ("trước năm 2030", {}, year_end(2029), D(2029, 12, 31)),
    ("trước Quý III/2024", {}, quarter(2024, 2), D(2024, 6, 30)),
    # ranges and lists mean the later end
    ("Quý IV/2025 - Quý II/2026", {}, quarter(2026, 2), D(2026, 6, 30)),
    ("Quý I và Quý II/2025", {}, quarter(2025, 2), D(2025, 6, 30)),
    ("tháng 3, tháng 4/2025", {}, month(2025, 4), D(2025, 4, 30)),
    ("Q1-Q2 2025", {}, quarter(2025, 2), D(2025, 6, 30)),
    ("từ 01/10 đến 15/12/2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    # start, middle and end (Civil Code, Art. 148)
    ("đầu tháng 10/2025", {}, fixed(D(2025, 10, 1)), D(2025, 10, 1)),
    ("giữa tháng 10/2025", {}, fixed(D(2025, 10, 15)), D(2025, 10, 15)),
    ("cuối tháng 10/2025", {}, fixed(D(2025, 10, 31)), D(2025, 10, 31)),
    ("đầu năm 2025", {}, fixed(D(2025, 1, 1)), D(2025, 1, 1)),
    ("giữa năm 2025", {}, fixed(D(2025, 6, 30)), D(2025, 6, 30)),
    ("cuối năm 2025", {}, fixed(D(2025, 12, 31)), D(2025, 12, 31)),
    ("cuối năm", {"year": 2024}, fixed(D(2024, 12, 31)), D(2024, 12, 31)),
    ("end of Q3 2024", {}, fixed(D(2024, 9, 30)), D(2024, 9, 30)),
    ("mid-October 2025", {}, fixed(D(2025, 10, 15)), D(2025, 10, 15)),
    # days after an event; 30 calendar days from 06/8/2024 is Thursday 05/9/2024
    ("trong thời hạn 30 ngày kể từ ngày ký", {}, RelativeDeadline(30), D(2024, 9, 5)),
    ("30 ngày kể từ ngày ban hành", {}, RelativeDeadline(30), D(2024, 9, 5)),
    (
        "trong vòng 15 ngày kể từ ngày nhận được kế hoạch",
        {},
        RelativeDeadline(15, anchor="received"),
        D(2024, 8, 21),
    ),
    (
        "10 ngày làm việc (kể từ ngày nhận)",
        {},
        RelativeDeadline(10, working=True, anchor="received"),
        D(2024, 8, 20),
    ),
    ("10 ngày làm việc", {}, RelativeDeadline(10, working=True), D(2024, 8, 20)),
    ("within 10 working days", {}, RelativeDeadline(10, working=True), D(2024, 8, 20)),
    ("within 30 days", {}, RelativeDeadline(30), D(2024, 9, 5)),
    (
        "30 ngày kể từ ngày 01/7/2024",
        {},
        RelativeDeadline(30, anchor="date", anchor_date=D(2024, 7, 1)),
        D(2024, 7, 31),
    ),
    # 02/8/2024 + 30 days is Sunday 01/9; 2/9 and 3/9 are National Day: rolled to 04/9
    (
        "trong thời hạn 30 ngày kể từ ngày 02/8/2024",
        {},
        RelativeDeadline(30, anchor="date", anchor_date=D(2024, 8, 2)),
        D(2024, 9, 4),
    ),
    # ongoing work
    ("thường xuyên", {}, OngoingDeadline(), None),
    ("liên tục", {}, OngoingDeadline(), None),
    ("Thường xuyên, liên tục", {}, OngoingDeadline(), None),
    ("THUONG XUYEN", {}, OngoingDeadline(), None),
    ("ongoing", {}, OngoingDeadline(), None),
    ("continuous", {}, OngoingDeadline(), None),
    ("regularly", {}, OngoingDeadline(), None),
    # recurring deadlines (a series has no single due date unless it has a first one)
    ("hằng năm", {}, RecurringDeadline(YEARLY), None),
    ("hàng năm", {}, RecurringDeadline(YEARLY), None),
    ("hằng quý", {}, RecurringDeadline(MONTHLY, months=(3, 6, 9, 12)), None),
    ("hằng tháng", {}, RecurringDeadline(MONTHLY), None),
    ("định kỳ 6 tháng", {}, RecurringDeadline(MONTHLY, months=(6, 12)), None),
    ("6 tháng một lần", {}, RecurringDeadline(MONTHLY, months=(6, 12)), None),
    ("trước ngày 20 hằng tháng", {}, RecurringDeadline(MONTHLY, month_day=19), None),
    ("Tháng 11 hằng năm", {}, RecurringDeadline(YEARLY, months=(11,), month_day=-1), None),
    ("ngày 15/6 hằng năm", {}, RecurringDeadline(YEARLY, months=(6,), month_day=15), None),
    ("every 6 months", {}, RecurringDeadline(MONTHLY, months=(6, 12)), None),
    ("monthly", {}, RecurringDeadline(MONTHLY), None),
    ("quarterly", {}, RecurringDeadline(MONTHLY, months=(3, 6, 9, 12)), None),
    ("annually", {}, RecurringDeadline(YEARLY), None),
    ("every year", {}, RecurringDeadline(YEARLY), None),
    ("by the 20th of each month", {}, RecurringDeadline(MONTHLY, month_day=20), None),
    ("thứ Sáu hằng tuần", {}, RecurringDeadline(WEEKLY, weekday=4), None),
    ("cuối mỗi tháng", {}, RecurringDeadline(MONTHLY, month_day=-1), None),
    ("cuối mỗi năm", {}, RecurringDeadline(YEARLY), None),
    ("giữa mỗi năm", {}, RecurringDeadline(YEARLY, months=(6,), month_day=-1), None),
    ("đầu mỗi quý", {}, RecurringDeadline(MONTHLY, months=(1, 4, 7, 10), month_day=1), None),
    ("Quý IV hằng năm", {}, RecurringDeadline(YEARLY, months=(12,), month_day=-1), None),
    # combinations
    ("Thường xuyên, hằng năm", {}, RecurringDeadline(YEARLY, ongoing=True), None),
    (
        "Năm 2025 và các năm tiếp theo",
        {},
        RecurringDeadline(YEARLY, start=D(2025, 1, 1)),
        None,
    ),
    (
        "trước ngày 20/11/2025 và hằng tháng",
        {},
        RecurringDeadline(MONTHLY, month_day=19, first=D(2025, 11, 19)),
        D(2025, 11, 19),
    ),
    ("Định kỳ 6 tháng, hằng năm", {}, RecurringDeadline(MONTHLY, months=(6, 12)), None),
    (
        "Tháng 11/2025 và các năm tiếp theo",
        {},
        RecurringDeadline(YEARLY, months=(11,), month_day=-1, start=D(2025, 11, 1)),
        None,
    ),
    (
        "Từ Quý III/2024, hằng quý",
        {},
        RecurringDeadline(MONTHLY, months=(3, 6, 9, 12), start=D(2024, 7, 1)),
        None,
    ),
    (
        "từ ngày 01/7/2025, hằng tháng",
        {},
        RecurringDeadline(MONTHLY, start=D(2025, 7, 1)),
        None,
    ),
    (
        "hằng quý, trước ngày 20/3/2025",
        {},
        RecurringDeadline(MONTHLY, months=(3, 6, 9, 12), month_day=19, first=D(2025, 3, 19)),
        D(2025, 3, 19),
    ),
    ("Thường xuyên thực hiện", {}, OngoingDeadline(), None),
    ("Thường xuyên, theo yêu cầu", {}, OngoingDeadline(), None),
    # no date
    ("ngay", {}, ASAP, None),
    ("Thực hiện ngay", {}, ASAP, None),
    ("ngay sau khi Kế hoạch được ban hành", {}, ASAP, None),
    ("khẩn trương", {}, ASAP, None),
    ("as soon as possible", {}, ASAP, None),
    ("immediately", {}, ASAP, None),
    ("theo yêu cầu", {}, ON_REQUEST, None),
    ("khi có yêu cầu", {}, ON_REQUEST, None),
    ("on request", {}, ON_REQUEST, None),
    (
        "theo tiến độ của Dự án X",
        {},
        UndatedDeadline(UndatedReason.FOLLOWS, follows="Dự án X"),
        None,
    ),
    (
        "Theo tiến độ Đề án 06",
        {},
        UndatedDeadline(UndatedReason.FOLLOWS, follows="Đề án 06"),
        None,
    ),
    # events: Tết 2025 (Mùng một) was Wednesday 29/01/2025
    ("trước Tết Nguyên đán 2025", {}, EventDeadline("tet", 2025), D(2025, 1, 28)),
    ("trước Tết Nguyên đán", {"issued_on": ISSUED}, EventDeadline("tet", 2025), D(2025, 1, 28)),
    ("trước Tết", {"year": 2025}, EventDeadline("tet", 2025), D(2025, 1, 28)),
    ("trước Tết Ất Tỵ", {}, EventDeadline("tet", 2025), D(2025, 1, 28)),
    ("before Tet 2026", {}, EventDeadline("tet", 2026), D(2026, 2, 16)),
    ("trước Đại hội", {}, EventDeadline("dai_hoi"), None),
    ("trước Đại hội Đảng bộ", {}, EventDeadline("dai_hoi"), None),
    (
        "trước Đại hội Đảng bộ tỉnh nhiệm kỳ 2025-2030",
        {},
        EventDeadline("dai_hoi", 2025),
        None,
    ),
    # English dates: month names in either order, numbers always day first
    ("by 15 December 2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("before 15 December 2024", {}, fixed(D(2024, 12, 15), before=True), D(2024, 12, 14)),
    ("15 Dec 2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("December 15, 2024", {}, fixed(D(2024, 12, 15)), D(2024, 12, 15)),
    ("no later than 05/12/2024", {}, fixed(D(2024, 12, 5)), D(2024, 12, 5)),
]


@pytest.mark.parametrize(
    ("text", "kwargs", "expected", "due"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_catalogue(
    text: str, kwargs: dict[str, Any], expected: Deadline, due: dt.date | None
) -> None:
    """Each phrase of the catalogue reads into its kind and resolves to its due date."""
    parsed = parse_deadline(text, **kwargs)
    assert parsed == _with_text(expected, text)
    assert due_date(parsed, CTX) == due


def _with_text(deadline: Deadline, text: str) -> Deadline:
    return attrs.evolve(deadline, text=text)


@pytest.mark.parametrize(
    "text",
    [
        "  Hoàn thành\n trong   Quý  III / 2025 ",
        "HOÀN THÀNH TRONG QUÝ III/2025",
        "hoan thanh trong quy iii/2025",
        "Hoàn thành trong Quý III/2025.",
        "Quý III\u2009/\u20092025",
        "Quy\u0301 III/2025",  # decomposed (NFD) accent
    ],
)
def test_layout_does_not_matter(text: str) -> None:
    """Case, diacritics, line breaks, odd spaces and surrounding words do not change the reading,
    and the text is kept exactly as given."""
    parsed = parse_deadline(text)
    assert parsed == PeriodEndDeadline(ReportingPeriod.quarter(2025, 3), text=text)
    assert parsed.text == text


def test_dashes_are_normalised() -> None:
    """An en dash, an em dash and a minus sign separate a range like a hyphen."""
    for dash in "-\u2013\u2014\u2212":
        assert parse_deadline(f"Quý IV/2025 {dash} Quý II/2026").period == Q(2026, 2)


# -- "trước" (before) --------------------------------------------------------------------


def test_before_date_follows_the_plan_policy() -> None:
    """A "before D" date keeps D with before=True: strict is D − 1, inclusive is D itself."""
    parsed = parse_deadline("trước ngày 15/12/2024")
    assert due_date(parsed, DeadlineContext(before="strict")) == D(2024, 12, 14)
    assert due_date(parsed, DeadlineContext(before="inclusive")) == D(2024, 12, 15)


@pytest.mark.parametrize(
    ("before", "day", "note"),
    [
        ("strict", 19, "'trước ngày 20' read as the 19th (strict reading)"),
        (BeforePolicy.INCLUSIVE, 20, "'trước ngày 20' read as the 20th (inclusive reading)"),
    ],
)
def test_before_in_a_series_is_read_at_parse_time(before: str, day: int, note: str) -> None:
    """A series has no before flag: the parse-time policy gives its day, and says so."""
    parsed = parse_deadline("trước ngày 20 hằng tháng", before=before)
    assert isinstance(parsed, RecurringDeadline)
    assert parsed.month_day == day
    assert parsed.assumptions == (note,)


def test_before_the_first_of_the_month_in_a_series() -> None:
    """Before the 1st of each month (strict) is the last day of the month before."""
    parsed = parse_deadline("trước ngày 1 hằng tháng")
    assert parsed == RecurringDeadline(MONTHLY, month_day=-1, text="trước ngày 1 hằng tháng")


def test_before_the_first_of_a_month_in_a_yearly_series() -> None:
    """Before 1/3 each year is the last day of February, leap year or not."""
    parsed = parse_deadline("trước ngày 1/3 hằng năm")
    got = occurrences(parsed, CTX, D(2024, 1, 1), D(2025, 12, 31))
    assert got == [D(2024, 2, 29), D(2025, 2, 28)]


def test_combination_inclusive_first_date() -> None:
    """With the inclusive policy the first date of a combination is D itself."""
    parsed = parse_deadline("trước ngày 20/11/2025 và hằng tháng", before="inclusive")
    assert isinstance(parsed, RecurringDeadline)
    assert (parsed.first, parsed.month_day) == (D(2025, 11, 20), 20)


def test_unknown_before_policy() -> None:
    """A policy other than strict or inclusive is refused, naming both."""
    with pytest.raises(ValidationError, match="'strict' or 'inclusive'"):
        parse_deadline("Quý III/2024", before="lenient")


def test_before_year_is_noted() -> None:
    """Before 2030 is the end of 2029, and the reading is stated."""
    parsed = parse_deadline("Trước 2030")
    assert parsed.assumptions == (
        "'Trước 2030' read as the end of năm 2029 (31/12/2029), strictly before năm 2030",
    )


# -- years taken from the plan -----------------------------------------------------------


def test_missing_year_from_the_year_argument() -> None:
    """A phrase without a year takes ``year`` and records it."""
    parsed = parse_deadline("6 tháng đầu năm", year=2024)
    assert parsed.assumptions == ("year 2024 taken from the plan",)


def test_missing_year_from_the_issue_date() -> None:
    """Without ``year``, the issue date's year is used while the deadline falls after it."""
    parsed = parse_deadline("Quý III", issued_on=ISSUED)
    assert isinstance(parsed, PeriodEndDeadline)
    assert parsed.period == Q(2024, 3)
    assert parsed.assumptions == ("year 2024 taken from the plan's date of issue (06/8/2024)",)


def test_missing_year_rolls_past_the_issue_date() -> None:
    """A yearless deadline that would fall before the plan was issued is the next one."""
    parsed = parse_deadline("Quý I", issued_on=ISSUED)
    assert isinstance(parsed, PeriodEndDeadline)
    assert parsed.period == Q(2025, 1)
    assert parsed.assumptions == (
        "year 2025 taken from the plan: the first Quý I after its date of issue (06/8/2024)",
    )


def test_year_argument_wins_over_issue_date() -> None:
    """``year`` is used as given, even before the issue date."""
    parsed = parse_deadline("Quý I", issued_on=ISSUED, year=2024)
    assert isinstance(parsed, PeriodEndDeadline)
    assert parsed.period == Q(2024, 1)


@pytest.mark.parametrize("text", ["6 tháng đầu năm", "9 tháng", "Quý III", "cuối năm", "15/12"])
def test_missing_year_with_nothing_to_take_it_from(text: str) -> None:
    """With neither ``year`` nor ``issued_on`` a yearless phrase is refused, saying how."""
    with pytest.raises(DeadlineParseError, match="has no year; write the year"):
        parse_deadline(text)


def test_tet_without_year_is_the_next_one() -> None:
    """Before Tết, in a plan issued in August 2024, is before Tết 2025, and says so."""
    parsed = parse_deadline("trước Tết", issued_on=ISSUED, calendar=default_calendar())
    assert parsed == EventDeadline("tet", 2025, text="trước Tết")
    assert parsed.assumptions == ("Tết 2025: the first after the plan's date of issue (06/8/2024)",)


def test_tet_early_in_the_year_is_that_year() -> None:
    """A plan issued before Tết means that year's Tết."""
    parsed = parse_deadline("trước Tết Nguyên đán", issued_on=D(2025, 1, 6))
    assert isinstance(parsed, EventDeadline)
    assert parsed.year == 2025


def test_tet_year_name_must_match_the_year() -> None:
    """A lunar year name that contradicts the number is refused (Ất Tỵ is 2025)."""
    with pytest.raises(DeadlineParseError, match="is not the year 2024"):
        parse_deadline("trước Tết Ất Tỵ 2024")


def test_congress_notes_its_name() -> None:
    """A named congress is keyed "dai_hoi"; the note keeps the name and says how to date it."""
    parsed = parse_deadline("trước Đại hội Đảng bộ")
    assert parsed.assumptions == (
        "event 'Đại hội Đảng bộ' keyed 'dai_hoi'; give it a date in the plan's events",
    )
    ctx = DeadlineContext(events={"dai_hoi": D(2025, 9, 20)})
    assert due_date(parsed, ctx) == D(2025, 9, 19)


# -- assumptions of other readings -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("Quý III/2024", ()),
        ("hằng năm", ("no date given: due on 31/12 each year",)),
        ("hằng quý", ("no day given: due on the last day of each quarter",)),
        ("hằng tuần", ("no weekday given: due on Friday each week",)),
        ("within 30 days", ("counted from the plan's date of issue (the phrase names no event)",)),
        ("Quý I và Quý II/2025", ("a list of periods: read as its later end, Quý II/2025",)),
        ("2025-2026", ("a range of periods: read as its later end, năm 2026",)),
        ("ngày 31 hằng tháng", ("day 31 read as the last day of the month",)),
        ("ngày 30 hằng tháng", ("no occurrence in month 2, which has no day 30",)),
        (
            "ngày 29 hằng tháng",
            ("no occurrence in February of a common year, which has no day 29",),
        ),
        ("ngày 29/2 hằng năm", ("day 29 read as the last day of the month",)),
        ("trước 24h00 ngày 25/5/2025", ("'24h00' read as the end of the day",)),
        ("Thường xuyên, theo yêu cầu", ("read as ongoing work; 'on request' noted",)),
        (
            "Thường xuyên, năm 2025",
            ("'thường xuyên' (ongoing) noted; the task is judged by its date",),
        ),
    ],
)
def test_assumptions(text: str, notes: tuple[str, ...]) -> None:
    """Every assumption made in reading a phrase is listed, and nothing else."""
    assert parse_deadline(text).assumptions == notes


# -- recurring series resolve to the right dates ------------------------------------------


YEAR_FROM_OCTOBER = (D(2024, 10, 1), D(2025, 9, 30))


@pytest.mark.parametrize(
    ("text", "window", "expected"),
    [
        ("hằng năm", (D(2024, 1, 1), D(2025, 12, 31)), [D(2024, 12, 31), D(2025, 12, 31)]),
        (
            "hằng quý",
            YEAR_FROM_OCTOBER,
            [D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30)],
        ),
        ("định kỳ 6 tháng", YEAR_FROM_OCTOBER, [D(2024, 12, 31), D(2025, 6, 30)]),
        ("Tháng 11 hằng năm", (D(2024, 1, 1), D(2025, 12, 31)), [D(2024, 11, 30), D(2025, 11, 30)]),
        ("cuối mỗi năm", (D(2024, 1, 1), D(2025, 12, 31)), [D(2024, 12, 31), D(2025, 12, 31)]),
        ("giữa mỗi năm", YEAR_FROM_OCTOBER, [D(2025, 6, 30)]),
        ("ngày 15/6 hằng năm", YEAR_FROM_OCTOBER, [D(2025, 6, 15)]),
        ("Năm 2025 và các năm tiếp theo", (D(2020, 1, 1), D(2026, 6, 30)), [D(2025, 12, 31)]),
        (
            "trước ngày 20/11/2025 và hằng tháng",
            (D(2025, 1, 1), D(2026, 1, 31)),
            [D(2025, 11, 19), D(2025, 12, 19), D(2026, 1, 19)],
        ),
        (
            "trước ngày 20 hằng tháng",
            (D(2025, 7, 1), D(2025, 9, 30)),
            [D(2025, 7, 19), D(2025, 8, 19), D(2025, 9, 19)],
        ),
    ],
)
def test_series_occurrences(
    text: str, window: tuple[dt.date, dt.date], expected: list[dt.date]
) -> None:
    """A recurring phrase yields the due dates it means within a window: no earlier start, no
    occurrence before its first date."""
    assert occurrences(parse_deadline(text), CTX, *window) == expected


# -- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("sớm", "'sớm' (soon) gives no date"),
        ("Quý V/2024", "there is no quarter V"),
        ("Quý 5/2024", "there is no quarter 5"),
        ("Q5 2024", "there is no quarter Q5"),
        ("tháng 13/2025", "there is no month 13"),
        ("31/02/2025", "31/2/2025 is an impossible date: February has no day 31"),
        ("29/02/2025", "29/2/2025 is an impossible date: February 2025 has 28 days"),
        ("12/15/2024", "there is no month 15 (dates are read day first)"),
        ("", "there is no word or number to read"),
        ("xyz", "not a deadline form"),
        ("ngày", "not a deadline form"),  # "day", not "ngay" (at once)
        ("sau Quý III/2024", "not a deadline form"),  # "after" is not ignored
        ("từ Quý I/2025", "not a deadline form"),  # nor is "from"
        ("Quý III/2024 hoặc Quý IV/2024", "not a deadline form"),
        ("III 2025", "not a deadline form"),  # a quarter without "Quý" is not a year
        ("từ trước ngày 01/7/2025, hằng tháng", "starts from a date or a period"),
        ("Ngày 15/12/2024 (theo CV 123/UBND)", "not a deadline form"),  # stray numbers
        ("trong thời hạn 3 tháng kể từ ngày ký", "counted in weeks, months or years"),
        ("30 ngày kể từ ngày Nghị quyết có hiệu lực", "cannot tell what the 30 days count from"),
        ("ngày 20 hằng năm", "a yearly deadline on a day needs its month"),
        ("hằng tháng, hằng tuần", "two recurrences"),
        ("định kỳ 5 tháng", "must divide the year"),
        ("trước 25h ngày 1/1/2025", "'25h' is not a time of day"),
        ("15/12/0001", "the year 0001 is outside 1900-2200"),
        ("giữa quý III/2024", "has no fixed day"),
    ],
)
def test_refused(text: str, says: str) -> None:
    """An unreadable phrase raises DeadlineParseError quoting it, saying what is wrong, and
    listing the understood forms; nothing is guessed."""
    with pytest.raises(DeadlineParseError) as info:
        parse_deadline(text)
    error = info.value
    assert says in str(error)
    assert f"deadline {text!r}" in str(error)
    assert error.text == text
    assert error.expected == DEADLINE_FORMS


def test_forms_are_listed_in_the_message() -> None:
    """The message ends with the understood forms, so a user can fix the cell."""
    with pytest.raises(DeadlineParseError, match=r"understood forms: a date, day first"):
        parse_deadline("sớm")


# -- describing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("Quý III/2024", "Quý III/2024 → 30/9/2024", "Q3 2024 → 2024-09-30"),
        (
            "trước ngày 15/12/2024",
            "trước ngày 15/12/2024 → 14/12/2024",
            "before 2024-12-15 → 2024-12-14",
        ),
        ("chậm nhất ngày 15/12/2024", "ngày 15/12/2024", "by 2024-12-15"),
        (
            "trước 20h00 ngày 25/5/2025",
            "trước 20h00 ngày 25/5/2025 → 25/5/2025",
            "before 20:00 on 2025-05-25 → 2025-05-25",
        ),
        ("trước ngày 20 hằng tháng", "hằng tháng, ngày 19", "monthly, on day 19"),
        ("hằng quý", "hằng quý, ngày cuối tháng", "quarterly, on the last day of the month"),
        ("Tháng 11 hằng năm", "hằng năm, ngày cuối tháng 11", "yearly, on the end of November"),
        ("ngày 15/6 hằng năm", "hằng năm, ngày 15/6", "yearly, on 15 June"),
        (
            "trước ngày 20/11/2025 và hằng tháng",
            "hằng tháng, ngày 19, lần đầu 19/11/2025",
            "monthly, on day 19, first 2025-11-19",
        ),
        (
            "Năm 2025 và các năm tiếp theo",
            "hằng năm, ngày 31/12, từ năm 2025",
            "yearly, on 31 December, from 2025",
        ),
        (
            "Thường xuyên, hằng năm",
            "thường xuyên, hằng năm, ngày 31/12",
            "ongoing, yearly, on 31 December",
        ),
        ("thường xuyên", "thường xuyên", "ongoing"),
        ("khẩn trương", "khẩn trương (càng sớm càng tốt)", "as soon as possible"),
        ("theo yêu cầu", "theo yêu cầu", "on request"),
        ("theo tiến độ của Dự án X", "theo tiến độ của Dự án X", "follows Dự án X"),
        (
            "trong thời hạn 30 ngày kể từ ngày ký",
            "30 ngày kể từ ngày ban hành → 05/9/2024",
            "30 days after the date of issue → 2024-09-05",
        ),
        (
            "trước Tết Nguyên đán 2025",
            "trước Tết Nguyên đán 2025 → 28/01/2025",
            "before Tết (Lunar New Year) 2025 → 2025-01-28",
        ),
        ("trước Đại hội", "trước Đại hội", "before the congress"),
    ],
)
def test_describe(text: str, vi: str, en: str) -> None:
    """describe_deadline reads a deadline back in Vietnamese and English, with its due date."""
    parsed = parse_deadline(text)
    assert describe_deadline(parsed, CTX) == vi
    assert describe_deadline(parsed, CTX, language="en") == en


def test_describe_unknown_language() -> None:
    """A language other than vi or en is refused."""
    with pytest.raises(ValidationError, match="expected 'vi' \\(Vietnamese\\) or 'en'"):
        describe_deadline(OngoingDeadline(), language="fr")


# -- properties ---------------------------------------------------------------------------

DATES = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
WRITTEN = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: date_line(d),
    lambda d: d.isoformat(),
    lambda d: f"chậm nhất ngày {d.day:02d}/{d.month}/{d.year}",
]


@settings(max_examples=150, deadline=None)
@given(DATES, st.sampled_from(WRITTEN))
def test_every_written_date_reads_back(date: dt.date, write: Any) -> None:
    """Any date written in any of the day-first forms reads back as that date, inclusive."""
    text = write(date)
    assert parse_deadline(text) == FixedDeadline(date, text=text)


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.booleans(),
)
def test_relative_days_never_end_on_a_day_off(anchor: dt.date, days: int, working: bool) -> None:
    """N (working) days from a date never fall due on a weekend or holiday (Art. 148)."""
    word = " làm việc" if working else ""
    text = f"trong thời hạn {days} ngày{word} kể từ ngày {anchor:%d/%m/%Y}"
    parsed = parse_deadline(text)
    due = due_date(parsed, CTX)
    assert due is not None
    if days:
        assert default_calendar().is_working_day(due)
    assert due >= anchor + dt.timedelta(days=days)


WORDS = [
    "trước", "ngày", "ngay", "Quý", "III", "V", "tháng", "năm", "2024", "2025", "15/12",
    "15/12/2024", "6/2025", "hằng", "thường xuyên", "và", "-", ",", "/", "kể từ", "30",
    "làm việc", "Tết", "Đại hội", "theo", "yêu cầu", "tiến độ", "cuối", "đầu", "giữa",
    "6 tháng", "định kỳ", "Q3", "by", "before", "every", "month", "20h00", "giờ", "(", ")",
    "31/02/2025", "Ất Tỵ", "nhiệm kỳ", "H1", "within", "days", "December", "0", "99999",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)))
def test_only_deadline_parse_errors(text: str) -> None:
    """Whatever the text, parse_deadline returns a deadline or raises DeadlineParseError; a
    yearly series read from it falls once a year in each of its months."""
    for kwargs in ({}, {"year": 2024}, {"issued_on": ISSUED}):
        try:
            parsed = parse_deadline(text, **kwargs)
        except DeadlineParseError:
            continue
        assert parsed.text == text
        assert describe_deadline(parsed, CTX)
        if isinstance(parsed, RecurringDeadline) and parsed.frequency is YEARLY:
            months, _ = parsed.by_month()
            assert months
            year = (parsed.start or parsed.first or D(2030, 1, 1)).year + 1
            found = occurrences(parsed, CTX, D(year, 1, 1), D(year, 12, 31))
            assert len(found) == len(months)


# -- the command line ---------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_json_period() -> None:
    """--format json prints exactly its schema, the text, kind, due date, rule and
    assumptions."""
    code, out, _ = run("deadline", "6 tháng cuối năm", "--year", "2024", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "schema": "actionplan.deadline/1",
        "text": "6 tháng cuối năm",
        "kind": "date",
        "due": "2024-12-31",
        "rule": None,
        "assumptions": ["year 2024 taken from the plan"],
        "description": "6 tháng cuối năm 2024 → 31/12/2024",
    }


def test_cli_json_recurring() -> None:
    """A recurring deadline shows its RRULE and its next dates from the issue date."""
    code, out, _ = run(
        "deadline", "trước ngày 20 hằng tháng", "--issued-on", "06/8/2024", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "recurring"
    assert data["due"] is None
    assert data["rule"] == "FREQ=MONTHLY;BYMONTHDAY=19"
    assert data["occurrences"][:3] == ["2024-08-19", "2024-09-19", "2024-10-19"]
    assert len(data["occurrences"]) == 12
    assert data["assumptions"] == ["'trước ngày 20' read as the 19th (strict reading)"]


def test_cli_before_inclusive() -> None:
    """--before inclusive makes "trước ngày D" due on D."""
    code, out, _ = run(
        "deadline", "trước ngày 15/12/2024", "--before", "inclusive", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["due"] == "2024-12-15"


def test_cli_relative_needs_the_issue_date() -> None:
    """A deadline counted from the issue date has a due date only when the date is given."""
    args = ("deadline", "trong thời hạn 30 ngày kể từ ngày ký", "--format", "json")
    assert json.loads(run(*args)[1])["due"] is None
    assert json.loads(run(*args, "--issued-on", "2024-08-06")[1])["due"] == "2024-09-05"


def test_cli_received_on_anchors_kể_từ_ngày_nhận() -> None:
    """--received-on is the anchor of "kể từ ngày nhận" (working days skip 2/9 and
    3/9/2024); without it the date of issue stands in, as in a plan."""
    args = ("deadline", "15 ngày làm việc kể từ ngày nhận", "--format", "json")
    received = json.loads(run(*args, "--issued-on", "01/8/2024", "--received-on", "12/8/2024")[1])
    assert received["due"] == "2024-09-04"
    assert json.loads(run(*args, "--issued-on", "01/8/2024")[1])["due"] == "2024-08-22"
    assert json.loads(run(*args)[1])["due"] is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thường xuyên", "ongoing"),
        ("theo yêu cầu", "undated"),
        ("trước Đại hội", "event"),
        ("Quý III/2024", "date"),
    ],
)
def test_cli_kinds(text: str, kind: str) -> None:
    """Every kind is named in the JSON output."""
    code, out, _ = run("deadline", text, "--format", "json")
    assert code == 0
    assert json.loads(out)["kind"] == kind


def test_cli_text_output() -> None:
    """The text output starts with the reading and lists the due date; unquoted words work."""
    code, out, _ = run("deadline", "Quý", "III/2024")
    assert code == 0
    assert out.splitlines()[0] == "Quý III/2024 → 30/9/2024"
    assert "due:     30/9/2024" in out


def test_cli_bad_phrase() -> None:
    """An unreadable phrase exits 2 with one line on stderr quoting it."""
    code, out, err = run("deadline", "Quý V/2024")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("actionplan: error: deadline 'Quý V/2024': there is no quarter V")
