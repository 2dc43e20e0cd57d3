"""Numbers, percentages and dates written the way each language's reports write them.

Vietnamese groups thousands with "." and uses "," as the decimal mark; a percentage
is followed by a space and the sign. English uses "," and "." and no space.

>>> format_number(10448)
'10.448'
>>> format_number(10448, "en")
'10,448'
>>> format_ratio(289, 10448)
'2,76 %'
>>> format_ratio(16051, 16051 + 223, "en")
'98.62%'
>>> short_date(dt.date(2024, 8, 6))
'06/8/2024'
>>> long_date(dt.date(2024, 8, 6))
'ngày 06 tháng 8 năm 2024'
>>> long_date(dt.date(2024, 8, 6), "en")
'6 August 2024'
>>> place_date_line("Bình Dương", dt.date(2024, 8, 6))
'Bình Dương, ngày 06 tháng 8 năm 2024'
>>> days_left(3), days_left(-5), days_left(-5, "en")
('3 ngày nữa', 'quá hạn 5 ngày', '5 days overdue')

Percentages are truncated by default, not rounded, as published reports do
(289 / 10448 = 2.766… % is printed 2,76 %). Pass ``rounding="half_up"`` to round.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeAlias

from actionplan._language import LANGUAGES, Language, parse_language
from actionplan.dates import date_line, english_date, format_date
from actionplan.errors import ReportError

__all__ = [
    "LANGUAGES",
    "Language",
    "Rounding",
    "check_language",
    "days_left",
    "format_number",
    "format_percent",
    "format_ratio",
    "long_date",
    "place_date_line",
    "short_date",
]

Rounding: TypeAlias = Literal["truncate", "half_up"]


def check_language(language: str) -> Language:
    """``"vi"`` or ``"en"`` if reports can be written in ``language`` (a code or a
    tag such as ``vi-VN``, see :mod:`actionplan._language`), else raise
    :class:`ReportError`.

    >>> check_language("en"), check_language("vi-VN")
    ('en', 'vi')
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    actionplan.errors.ReportError: language 'fr' is not supported; use one of: vi, en
    """
    found = parse_language(language)
    if found is None:
        raise ReportError(
            f"language {language!r} is not supported; use one of: {', '.join(LANGUAGES)}"
        )
    return found


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def _quantize(value: Decimal, places: int, rounding: Rounding) -> Decimal:
    mode = ROUND_DOWN if rounding == "truncate" else ROUND_HALF_UP
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=mode)


def format_number(
    value: int | float | Decimal,
    language: str = "vi",
    *,
    places: int = 0,
    rounding: Rounding = "half_up",
) -> str:
    """``value`` with ``places`` decimals, thousands grouped as ``language`` writes them.

    >>> format_number(1234567.891, places=2)
    '1.234.567,89'
    >>> format_number(-1234.5, "en", places=1)
    '-1,234.5'
    >>> format_number(0)
    '0'
    """
    lang = check_language(language)
    if places < 0:
        raise ReportError(f"places must be 0 or more, got {places}")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = _quantize(number, places, rounding)
    group, decimal = (".", ",") if lang == "vi" else (",", ".")
    sign = "-" if number < 0 and number != 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    out = sign + _group(whole, group)
    return f"{out}{decimal}{fraction}" if places else out


def format_percent(
    percent: int | float | Decimal,
    language: str = "vi",
    *,
    places: int = 2,
    rounding: Rounding = "truncate",
) -> str:
    """A percentage given in percent (``2.766`` for 2.766 %).

    >>> format_percent(2.766)
    '2,76 %'
    >>> format_percent(100, "en")
    '100.00%'
    >>> format_percent(2.766, places=1, rounding="half_up")
    '2,8 %'
    """
    lang = check_language(language)
    number = format_number(percent, lang, places=places, rounding=rounding)
    return f"{number} %" if lang == "vi" else f"{number}%"


def format_ratio(
    numerator: int,
    denominator: int,
    language: str = "vi",
    *,
    places: int = 2,
    rounding: Rounding = "truncate",
    empty: str = "—",
) -> str:
    """``numerator / denominator`` as a percentage, computed exactly; ``empty`` if 0/0.

    >>> format_ratio(123, 2057)
    '5,97 %'
    >>> format_ratio(0, 0)
    '—'
    """
    if denominator == 0:
        return empty
    percent = Decimal(numerator) * 100 / Decimal(denominator)
    return format_percent(percent, language, places=places, rounding=rounding)


def short_date(date: dt.date | None, language: str = "vi", *, empty: str = "") -> str:
    """A date in a table cell: ``06/8/2024`` in Vietnamese, ISO ``2024-08-06`` in English
    (:func:`actionplan.dates.format_date`).

    >>> short_date(dt.date(2025, 3, 5)), short_date(dt.date(2025, 3, 5), "en")
    ('05/3/2025', '2025-03-05')
    >>> short_date(None, empty="—")
    '—'
    """
    lang = check_language(language)
    if date is None:
        return empty
    return format_date(date, lang)


def long_date(date: dt.date, language: str = "vi") -> str:
    """A date in running text: ``ngày 05 tháng 02 năm 2025`` / ``5 February 2025``.

    >>> long_date(dt.date(2025, 2, 5))
    'ngày 05 tháng 02 năm 2025'
    """
    if check_language(language) == "vi":
        return date_line(date)
    return english_date(date)


def place_date_line(place: str | None, date: dt.date, language: str = "vi") -> str:
    """The place-and-date line of a document head.

    >>> place_date_line(None, dt.date(2025, 3, 9))
    'ngày 09 tháng 3 năm 2025'
    >>> place_date_line("Binh Duong", dt.date(2025, 3, 9), "en")
    'Binh Duong, 9 March 2025'
    """
    text = long_date(date, language)
    if not place:
        return text[:1].upper() + text[1:] if language == "en" else text
    return f"{place}, {text}"


def days_left(days: int, language: str = "vi") -> str:
    """How far a deadline is: ``days`` is the due date minus the as-of date.

    >>> days_left(1), days_left(0), days_left(-1)
    ('1 ngày nữa', 'đến hạn hôm nay', 'quá hạn 1 ngày')
    >>> days_left(1, "en"), days_left(0, "en"), days_left(-2, "en")
    ('in 1 day', 'due today', '2 days overdue')
    """
    lang = check_language(language)
    count = format_number(abs(days), lang)
    if lang == "vi":
        if days > 0:
            return f"{count} ngày nữa"
        return "đến hạn hôm nay" if days == 0 else f"quá hạn {count} ngày"
    unit = "day" if abs(days) == 1 else "days"
    if days > 0:
        return f"in {count} {unit}"
    return "due today" if days == 0 else f"{count} {unit} overdue"
