"""Fuzzing the readers of short texts: deadline phrases, document numbers and
symbols, reporting periods and dates.

Each test proves that, whatever the text, the reader either returns a value that
works (it can be described, resolved, printed and read back) or raises its own
documented error; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt

from fuzz_support import attempt, fuzz_settings, phrase_text, wild_text
from hypothesis import example, given
from hypothesis import strategies as st

from actionplan.dates import format_date, parse_date
from actionplan.deadlines import (
    BeforePolicy,
    DeadlineContext,
    RecurringDeadline,
    due_date,
    occurrences,
)
from actionplan.errors import DeadlineParseError, DocumentRefError, ParseError, PeriodParseError
from actionplan.periods import ReportingPeriod
from actionplan.phrases import describe_deadline, parse_deadline
from actionplan.refs import DocumentRef

DEADLINE_WORDS = (
    # Vietnamese, with and without marks
    "trước", "truoc", "ngày", "ngay", "tháng", "thang", "năm", "nam", "quý", "quy",
    "Quý III/2024", "Quý IV", "Q3", "q5", "H1", "6 tháng đầu năm", "6 tháng cuối năm",
    "9 tháng", "đầu", "giữa", "cuối", "hằng", "hàng", "mỗi", "định kỳ", "hằng năm",
    "hằng quý", "hằng tháng", "hằng tuần", "hằng ngày", "nửa năm", "một lần",
    "kể từ", "làm việc", "ngày làm việc", "trong thời hạn", "kể từ ngày ký",
    "kể từ ngày nhận", "sau khi", "hoàn thành", "chậm nhất", "đến hết", "đến",
    "từ", "bắt đầu từ", "giai đoạn", "và", "các năm tiếp theo", "thường xuyên",
    "liên tục", "ngay", "khẩn trương", "sớm", "theo yêu cầu", "theo tiến độ của",
    "Tết", "Tết Nguyên đán", "Đại hội", "nhiệm kỳ", "Ất Tỵ", "Giáp Thìn", "Bính Ngọ",
    "h", "giờ", "phút", "sáng", "chiều", "tối", "thứ Hai", "thứ Sáu", "chủ nhật",
    "I", "II", "III", "IV", "V", "XII",
    # English
    "before", "by", "within", "days", "working days", "after", "from", "every",
    "each", "month", "months", "quarter", "year", "half", "mid", "early", "end of",
    "December", "Dec.", "May", "1st", "2nd", "15th", "of", "am", "pm", "Friday",
    "monthly", "quarterly", "annually", "yearly", "weekly", "daily", "ongoing",
    "as soon as possible", "on request", "following years", "semi-annually",
    # shapes
    "15/12/2024", "31/02/2025", "29/2/2024", "29/2/2025", "6/2025", "01/2025",
    "2024-12-15", "2024-13-40", "20h00", "17h30", "24h00", "25:61", "2025-2030",
    "1900", "2200", "2201", "0001", "9999",
)  # fmt: skip

REF_WORDS = (
    "Số", "Số:", "So", "No.", "số:", "45", "05", "123", "2450", "30", "2020", "2019",
    "KH", "NQ", "CT", "KL", "QĐ", "QĐi", "QyĐ", "CTr", "TTr", "TTg", "ThU", "HD",
    "ĐU", "ĐUK", "TW", "TƯ", "TU", "HU", "UBND", "VPCP", "KGVX", "NĐ-CP", "QH14",
    "BTCTU", "BDVTU", "VPTW", "Ð", "nđ", "cp", "-", "/", "–", "—", "−", " - ", " / ",
)  # fmt: skip

PERIOD_WORDS = (
    "2024", "2025", "1899", "0000", "10000", "H1", "H2", "H3", "Q1", "Q4", "Q5", "9M",
    "w", "W", "-", "/", " ", "quý", "quy", "I", "II", "III", "IV", "V", "1", "4", "5",
    "năm", "nam", "tháng", "thang", "12", "13", "00", "6 tháng đầu năm",
    "6 tháng cuối năm", "9 tháng", "đầu", "2024-06", "2024-13", "2024-H1w", "2024-Q3",
)  # fmt: skip

DATE_WORDS = (
    "2024", "0000", "9999", "06", "6", "8", "31", "29", "30", "02", "2", "13", "00",
    "/", "-", ".", " ", "ngày", "ngay", "tháng", "thang", "năm", "nam", "2024-08-06",
    "06/8/2024", "31/02/2025",
)  # fmt: skip

ISSUED = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
YEARS = st.none() | st.integers(1890, 2210)
CONTEXT = DeadlineContext(issued_on=dt.date(2024, 8, 6), received_on=dt.date(2024, 8, 9))


HUGE = "9" * 4301  # past the 4300 digits int() reads


@fuzz_settings(800)
@example(text=f"q{HUGE}", issued_on=None, year=None, before=BeforePolicy.STRICT)  # found
@example(text=f"tháng {HUGE}", issued_on=None, year=2024, before=BeforePolicy.STRICT)  # found
@given(
    text=wild_text(DEADLINE_WORDS),
    issued_on=ISSUED,
    year=YEARS,
    before=st.sampled_from(BeforePolicy),
)
def test_parse_deadline_reads_or_raises_deadline_parse_error(
    text: str, issued_on: dt.date | None, year: int | None, before: BeforePolicy
) -> None:
    """parse_deadline on any text returns a deadline that keeps the text and can be
    described, resolved and (when recurring) listed, or raises DeadlineParseError."""
    deadline = attempt(
        lambda: parse_deadline(text, issued_on=issued_on, year=year, before=before),
        DeadlineParseError,
    )
    if isinstance(deadline, DeadlineParseError):
        assert deadline.text == text
        return
    assert deadline.text == text
    for language in ("vi", "en"):
        assert describe_deadline(deadline, CONTEXT, language=language)
    due_date(deadline, CONTEXT)
    if isinstance(deadline, RecurringDeadline):
        list(occurrences(deadline, CONTEXT, dt.date(2024, 1, 1), dt.date(2026, 12, 31)))


@fuzz_settings(1500)
@example(text=f"{HUGE}-KH/ĐU")  # found by this test
@example(text=f"{HUGE}/2020/NĐ-CP")
@given(text=wild_text(REF_WORDS))
def test_document_ref_parse_reads_or_raises_document_ref_error(text: str) -> None:
    """DocumentRef.parse on any text returns a reference that prints, cites and reads
    back as itself, or raises DocumentRefError."""
    ref = attempt(lambda: DocumentRef.parse(text), DocumentRefError)
    if isinstance(ref, DocumentRefError):
        return
    assert DocumentRef.parse(str(ref)) == ref
    assert ref.canonical
    assert ref.cite(dt.date(2024, 8, 6))
    assert ref.cite(dt.date(2024, 8, 6), language="en")
    assert ref.kind.label()


@fuzz_settings(1500)
@given(text=wild_text(PERIOD_WORDS), convention=st.sampled_from(["calendar", "window"]))
def test_reporting_period_parse_reads_or_raises_period_parse_error(
    text: str, convention: str
) -> None:
    """ReportingPeriod.parse on any text returns a period whose code reads back as
    itself and whose labels print, or raises PeriodParseError."""
    period = attempt(lambda: ReportingPeriod.parse(text, convention=convention), PeriodParseError)
    if isinstance(period, PeriodParseError):
        return
    assert ReportingPeriod.parse(period.code) == period
    assert period.start <= period.end
    assert period.label()
    assert period.label("en")


@fuzz_settings(1000)
@given(text=wild_text(DATE_WORDS))
def test_parse_date_reads_or_raises_parse_error(text: str) -> None:
    """parse_date on any text returns a date that prints and reads back as itself,
    or raises ParseError."""
    date = attempt(lambda: parse_date(text), ParseError)
    if isinstance(date, ParseError):
        return
    assert parse_date(format_date(date)) == date
    assert parse_date(date.isoformat()) == date


@fuzz_settings(150)
@given(text=phrase_text(DEADLINE_WORDS, max_parts=400))
def test_parse_deadline_on_long_text_stays_within_its_errors(text: str) -> None:
    """A long cell (hundreds of words, as a pasted paragraph) is read or refused
    like a short one."""
    attempt(lambda: parse_deadline(text, issued_on=dt.date(2024, 8, 6)), DeadlineParseError)
