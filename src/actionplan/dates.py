"""Reading and writing dates the way Vietnamese documents do: day first, always.

>>> parse_date("06/8/2024")
datetime.date(2024, 8, 6)
>>> parse_date("ngày 06 tháng 8 năm 2024")
datetime.date(2024, 8, 6)
>>> parse_date("2024-08-06")
datetime.date(2024, 8, 6)
>>> format_date(parse_date("2024-08-06"))
'06/8/2024'
>>> date_line(parse_date("2025-02-05"))
'ngày 05 tháng 02 năm 2025'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from actionplan._language import language_of
from actionplan.errors import ParseError

__all__ = ["MONTHS_EN", "date_line", "english_date", "format_date", "parse_date"]

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, fixed (``strftime("%B")`` would follow the process locale)."""

DATE_FORMS = (
    "2024-08-06 (ISO)",
    "06/8/2024, ngày 06/8/2024, 6-8-2024 or 6.8.2024 (day first)",
    "ngày 06 tháng 8 năm 2024",
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(?:ngay\s+)?(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def _fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), one dash for every width, collapse spaces."""
    text = text.translate(_DASHES).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


def _build(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ParseError(
            f"{text!r} is not a real date: {exc} (day {day}, month {month}, year {year}); "
            "dates are read day first",
            text=text,
            expected=DATE_FORMS,
        ) from None


def parse_date(text: str) -> dt.date:
    """Read a date written in ISO form or day first; never month first.

    Raises :class:`~actionplan.errors.ParseError` quoting the text when it is not a
    date, or names an impossible one such as ``31/02/2025``.
    """
    folded = _fold(text)
    if m := _ISO.fullmatch(folded):
        return _build(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.fullmatch(folded):
        return _build(text, int(m[4]), int(m[3]), int(m[1]))
    if m := _WORDS.fullmatch(folded):
        return _build(text, int(m[3]), int(m[2]), int(m[1]))
    raise ParseError(f"{text!r} is not a date", text=text, expected=DATE_FORMS)


def format_date(date: dt.date, language: str = "vi") -> str:
    """``06/8/2024`` in Vietnamese; ISO in English.

    Days below 10 and the months January and February take a leading zero, as
    Decree 30/2020/NĐ-CP writes them: ``05/02/2025``, ``09/3/2025``.
    """
    if language_of(language, "format_date") == "vi":
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        return f"{date.day:02d}/{month}/{date.year}"
    return date.isoformat()


def date_line(date: dt.date) -> str:
    """The date of a document's place-and-date line: ``ngày 06 tháng 8 năm 2024``.

    Days below 10 and the months January and February take a leading zero.
    """
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def english_date(date: dt.date) -> str:
    """A date in English running text: ``5 February 2025``.

    >>> english_date(dt.date(2025, 2, 5))
    '5 February 2025'
    """
    return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"
