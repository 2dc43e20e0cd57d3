"""Reporting periods: month, quarter, half year, nine months and year.

Two conventions are in use. Party committees and most plans use calendar periods
(the first half year is 1/1–30/6). State agencies report on cut-off windows
(Decree 09/2019/NĐ-CP as applied by provinces and ministries): the six-month report
covers 15/12 of the previous year to 14/6.

>>> ReportingPeriod.parse("2024-H1") == ReportingPeriod.half(2024, 1)
True
>>> p = ReportingPeriod.half(2024, 1, convention="window")
>>> p.start, p.end
(datetime.date(2023, 12, 15), datetime.date(2024, 6, 14))
>>> ReportingPeriod.parse("6 tháng cuối năm 2024").label()
'6 tháng cuối năm 2024'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from enum import StrEnum

import attrs

from actionplan._language import language_of
from actionplan.dates import MONTHS_EN
from actionplan.errors import PeriodParseError, ValidationError

__all__ = ["Convention", "PeriodKind", "ReportingPeriod", "end_of_month"]

PERIOD_FORMS = (
    "2024-H1, 2024-H2 (half years)",
    "2024-Q3, Q3/2024, Quý III/2024 (quarters)",
    "2024-09, tháng 9/2024 (months)",
    "2024-9M, 9 tháng năm 2024 (nine months)",
    "2024, năm 2024 (year)",
    "6 tháng đầu năm 2024, 6 tháng cuối năm 2024",
)


class PeriodKind(StrEnum):
    """How long a reporting period is."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


class Convention(StrEnum):
    """Where a period's boundaries fall."""

    CALENDAR = "calendar"
    """Calendar boundaries: 1/1–30/6, 1/7–30/9 …"""
    WINDOW = "window"
    """State cut-off windows: from the 15th of the month before to the 14th."""


_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}


def end_of_month(year: int, month: int) -> dt.date:
    """The last day of a month.

    >>> end_of_month(2024, 2)
    datetime.date(2024, 2, 29)
    """
    if month == 2:
        return dt.date(year, 2, 29 if calendar.isleap(year) else 28)
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")
    return dt.date(year, month, _MONTH_DAYS[month])


# Days in each month but February (index 0 unused).
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_index(instance: ReportingPeriod, attribute: attrs.Attribute[int], value: int) -> None:
    top = _COUNT.get(instance.kind, 1)
    if not 1 <= value <= top:
        raise ValidationError(
            f"ReportingPeriod {instance.kind.value} {instance.year}",
            "index",
            f"must be between 1 and {top} for a {instance.kind.value}, got {value}",
        )


def _valid_year(instance: ReportingPeriod, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1900 <= value <= 2200:
        raise ValidationError("ReportingPeriod", "year", f"{value} is outside 1900–2200")


@attrs.frozen(order=True)
class ReportingPeriod:
    """A reporting period such as the first half of 2024 or the third quarter."""

    kind: PeriodKind = attrs.field(converter=PeriodKind)
    year: int = attrs.field(validator=_valid_year)
    index: int = attrs.field(default=1, validator=_valid_index)
    convention: Convention = attrs.field(default=Convention.CALENDAR, converter=Convention)

    # -- constructors ------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int, *, convention: str = "calendar") -> ReportingPeriod:
        """A month (1–12)."""
        return cls(PeriodKind.MONTH, year, month, Convention(convention))

    @classmethod
    def quarter(cls, year: int, quarter: int, *, convention: str = "calendar") -> ReportingPeriod:
        """A quarter (1–4)."""
        return cls(PeriodKind.QUARTER, year, quarter, Convention(convention))

    @classmethod
    def half(cls, year: int, half: int, *, convention: str = "calendar") -> ReportingPeriod:
        """A half year (1 = the first six months, 2 = the last six)."""
        return cls(PeriodKind.HALF, year, half, Convention(convention))

    @classmethod
    def nine_months(cls, year: int, *, convention: str = "calendar") -> ReportingPeriod:
        """The first nine months of a year."""
        return cls(PeriodKind.NINE_MONTHS, year, 1, Convention(convention))

    @classmethod
    def whole_year(cls, year: int, *, convention: str = "calendar") -> ReportingPeriod:
        """A whole year."""
        return cls(PeriodKind.YEAR, year, 1, Convention(convention))

    # -- boundaries --------------------------------------------------------------
    def _last_month(self) -> int:
        if self.kind is PeriodKind.MONTH:
            return self.index
        if self.kind is PeriodKind.QUARTER:
            return self.index * 3
        if self.kind is PeriodKind.HALF:
            return self.index * 6
        if self.kind is PeriodKind.NINE_MONTHS:
            return 9
        return 12

    def _first_month(self) -> int:
        if self.kind is PeriodKind.MONTH:
            return self.index
        if self.kind is PeriodKind.QUARTER:
            return self.index * 3 - 2
        if self.kind is PeriodKind.HALF:
            return self.index * 6 - 5
        return 1

    @property
    def start(self) -> dt.date:
        """The first day of the period (inclusive)."""
        if self.convention is Convention.CALENDAR:
            return dt.date(self.year, self._first_month(), 1)
        # Windows run from the 15th of the month before the first month. Cumulative
        # reports (six months, nine months, year) start at 15/12 of the year before.
        first = 1 if self.kind in (PeriodKind.NINE_MONTHS, PeriodKind.YEAR) else self._first_month()
        if self.kind is PeriodKind.HALF and self.index == 1:
            first = 1
        if first == 1:
            return dt.date(self.year - 1, 12, 15)
        return dt.date(self.year, first - 1, 15)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        if self.convention is Convention.CALENDAR:
            return end_of_month(self.year, self._last_month())
        return dt.date(self.year, self._last_month(), 14)

    def __contains__(self, date: object) -> bool:
        return isinstance(date, dt.date) and self.start <= date <= self.end

    def label(self, language: str = "vi") -> str:
        """A human label: ``6 tháng đầu năm 2024``, ``Quý III/2024``, ``H1 2024``."""
        y = self.year
        if language_of(language, "ReportingPeriod.label") == "vi":
            match self.kind:
                case PeriodKind.MONTH:
                    return f"tháng {self.index}/{y}"
                case PeriodKind.QUARTER:
                    return f"Quý {_ROMAN[self.index]}/{y}"
                case PeriodKind.HALF:
                    return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {y}"
                case PeriodKind.NINE_MONTHS:
                    return f"9 tháng năm {y}"
                case _:
                    return f"năm {y}"
        match self.kind:
            case PeriodKind.MONTH:
                return f"{MONTHS_EN[self.index - 1]} {y}"
            case PeriodKind.QUARTER:
                return f"Q{self.index} {y}"
            case PeriodKind.HALF:
                return f"H{self.index} {y}"
            case PeriodKind.NINE_MONTHS:
                return f"nine months of {y}"
            case _:
                return str(y)

    @property
    def code(self) -> str:
        """The compact machine form: ``2024-H1``, ``2024-Q3``, ``2024-09``, ``2024-9M``, ``2024``.

        A window period carries a ``w`` suffix (``2024-H1w``).
        """
        match self.kind:
            case PeriodKind.MONTH:
                base = f"{self.year}-{self.index:02d}"
            case PeriodKind.QUARTER:
                base = f"{self.year}-Q{self.index}"
            case PeriodKind.HALF:
                base = f"{self.year}-H{self.index}"
            case PeriodKind.NINE_MONTHS:
                base = f"{self.year}-9M"
            case _:
                base = str(self.year)
        return base + ("w" if self.convention is Convention.WINDOW else "")

    def __str__(self) -> str:
        return self.code

    @classmethod
    def containing(
        cls, kind: str | PeriodKind, date: dt.date, *, convention: str = "calendar"
    ) -> ReportingPeriod:
        """The period of ``kind`` that contains ``date``.

        >>> ReportingPeriod.containing("half", dt.date(2024, 8, 6)).code
        '2024-H2'
        >>> ReportingPeriod.containing("half", dt.date(2024, 6, 20), convention="window").code
        '2024-H2w'
        """
        kind = PeriodKind(kind)
        conv = Convention(convention)
        year = date.year
        cumulative = kind in (PeriodKind.YEAR, PeriodKind.NINE_MONTHS, PeriodKind.HALF)
        if conv is Convention.WINDOW and date.month == 12 and date.day >= 15 and cumulative:
            return cls(kind, year + 1, 1, conv)
        for index in range(1, _COUNT.get(kind, 1) + 1):
            candidate = cls(kind, year, index, conv)
            if date in candidate:
                return candidate
        if kind is PeriodKind.NINE_MONTHS:
            raise ValidationError(
                "ReportingPeriod", "kind", f"{date.isoformat()} falls after the nine months"
            )
        return cls(kind, year + 1, 1, conv)  # a window's tail in late December

    # -- parsing -----------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, *, convention: str = "calendar") -> ReportingPeriod:
        """Read a period from its code or its Vietnamese or English label."""
        return parse_period(text, convention=convention)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().replace("–", "-").split())


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"(\d{4})-?h([12])(w?)", "half"),
        (r"h([12])[ /-](\d{4})(w?)", "half_rev"),
        (r"(\d{4})-?q([1-4])(w?)", "quarter"),
        (r"q([1-4])[ /-](\d{4})(w?)", "quarter_rev"),
        (r"(?:quy) (i{1,3}|iv|[1-4]) ?[/ ] ?(?:nam )?(\d{4})", "quarter_rev"),
        (r"(\d{4})-9m(w?)", "nine"),
        (r"9 thang (?:dau )?nam (\d{4})", "nine"),
        (r"6 thang dau nam (\d{4})", "h1"),
        (r"6 thang cuoi nam (\d{4})", "h2"),
        (r"(\d{4})-(\d{2})(w?)", "month"),
        (r"thang (\d{1,2}) ?[/ ] ?(?:nam )?(\d{4})", "month_rev"),
        (r"(?:nam )?(\d{4})(w?)", "year"),
    )
)


def parse_period(text: str, *, convention: str = "calendar") -> ReportingPeriod:
    """Read a reporting period; see :meth:`ReportingPeriod.parse`.

    A ``w`` suffix on a code (``2024-H1w``) selects the window convention.
    """
    folded = _fold(text)
    for pattern, form in _PATTERNS:
        m = pattern.fullmatch(folded)
        if not m:
            continue
        groups = m.groups()
        conv = convention
        if groups and groups[-1] == "w":
            conv = "window"
        try:
            match form:
                case "half":
                    return ReportingPeriod.half(int(groups[0]), int(groups[1]), convention=conv)
                case "half_rev":
                    return ReportingPeriod.half(int(groups[1]), int(groups[0]), convention=conv)
                case "quarter":
                    return ReportingPeriod.quarter(int(groups[0]), int(groups[1]), convention=conv)
                case "quarter_rev":
                    q = _FROM_ROMAN[groups[0]]
                    return ReportingPeriod.quarter(int(groups[1]), q, convention=conv)
                case "nine":
                    return ReportingPeriod.nine_months(int(groups[0]), convention=conv)
                case "h1":
                    return ReportingPeriod.half(int(groups[0]), 1, convention=conv)
                case "h2":
                    return ReportingPeriod.half(int(groups[0]), 2, convention=conv)
                case "month":
                    return ReportingPeriod.month(int(groups[0]), int(groups[1]), convention=conv)
                case "month_rev":
                    return ReportingPeriod.month(int(groups[1]), int(groups[0]), convention=conv)
                case _:
                    return ReportingPeriod.whole_year(int(groups[0]), convention=conv)
        except ValidationError as exc:
            raise PeriodParseError(
                f"{text!r} is not a valid reporting period: {exc.message}",
                text=text,
                expected=PERIOD_FORMS,
            ) from None
    raise PeriodParseError(f"{text!r} is not a reporting period", text=text, expected=PERIOD_FORMS)
