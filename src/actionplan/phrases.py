"""Reading deadline phrases, in Vietnamese and English, the way plans write them.

A plan's deadline column holds phrases, not dates: "Quý III/2024", "trước ngày 20
hằng tháng", "thường xuyên", "trong thời hạn 30 ngày kể từ ngày ký".
:func:`parse_deadline` reads one into a deadline kind of :mod:`actionplan.deadlines`,
keeping the text exactly as given and listing every assumption it made;
:func:`describe_deadline` reads a kind back for people.

>>> parse_deadline("Hoàn thành trong Quý III/2025").period.code
'2025-Q3'
>>> d = parse_deadline("trước ngày 20 hằng tháng")
>>> d.rule, d.assumptions
('FREQ=MONTHLY;BYMONTHDAY=19', ("'trước ngày 20' read as the 19th (strict reading)",))
>>> describe_deadline(parse_deadline("6 tháng cuối năm", year=2024))
'6 tháng cuối năm 2024 → 31/12/2024'

How phrases are read
--------------------
- Case, diacritics, stray spaces and line breaks do not matter ("Quy III nam 2024"
  is "Quý III năm 2024"); dashes of every width are one dash.
- Numeric dates are always day first (``06/8/2024``, ``6-8-2024``); English month
  names are accepted in either order ("15 December 2024", "December 15, 2024"). A
  bare ``6/2025`` or ``01/2025`` is a month of a year, as in every deadline column.
- Text may surround the deadline ("Hoàn thành trong Quý III/2025"), but only text
  that cannot change its reading: another number or deadline word left over
  ("sau", "trước", "quý" …) makes the phrase unreadable rather than half read.
- A phrase without a year takes the ``year`` given, else the year of ``issued_on``
  (the next one when the deadline would fall before the plan was issued), and says
  so in ``assumptions``; with neither, it is refused.
- Ranges and lists ("Quý IV/2025 - Quý II/2026", "Quý I và Quý II/2025",
  "2025-2026") mean their later end.
- "Trước 2030" (before a period) is the end of the period before: a
  :class:`~actionplan.deadlines.PeriodEndDeadline` of 2029, with a note. It is read
  so under either :class:`~actionplan.deadlines.BeforePolicy`: the policy concerns
  "trước ngày D", and "before 2030" cannot mean "by the end of 2030".
- "Đầu / giữa / cuối tháng" are days 1, 15 and the last; "đầu / giữa / cuối năm"
  are 1/1, 30/6 and 31/12 (Civil Code 2015, Art. 148).
- "trước ngày D" stays a :class:`~actionplan.deadlines.FixedDeadline` with
  ``before=True``, resolved by the plan's policy. A recurring deadline has no
  ``before`` flag, so "trước ngày 20 hằng tháng" is read at parse time by the
  ``before`` argument (the 19th when strict, the 20th when inclusive), and the
  reading is recorded.
- "trước Tết" is ``EventDeadline("tet", year)``, resolved to the day before the
  first day of the lunar new year (Mùng một, :meth:`WorkCalendar.tet
  <actionplan.workdays.WorkCalendar.tet>`). The Tết break starts a day or two
  earlier (29 Tết, Giao thừa); an office that means "before the break" gives the
  first day off as the event's date in the plan's events, e.g.
  ``{"tet/2025": dt.date(2025, 1, 27)}``. Without a year, "trước Tết" is the first
  Tết after ``issued_on``. "trước Đại hội …" is the event ``"dai_hoi"`` (year taken
  from the phrase, e.g. "nhiệm kỳ 2025-2030" gives 2025), dated by the plan.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from actionplan._language import language_of
from actionplan.dates import MONTHS_EN, format_date
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
)
from actionplan.errors import DeadlineParseError, ValidationError
from actionplan.periods import PeriodKind, ReportingPeriod, end_of_month

if TYPE_CHECKING:
    from actionplan.workdays import WorkCalendar

__all__ = ["DEADLINE_FORMS", "describe_deadline", "parse_deadline"]

DEADLINE_FORMS: Final[tuple[str, ...]] = (
    "a date, day first: 15/12/2024, 15-12-2024, 2024-12-15, ngày 15 tháng 12 năm 2024, "
    "15 December 2024",
    "by or before a date: chậm nhất ngày 15/12/2024, trước ngày 15/12/2024, "
    "trước 17h00 ngày 25/5/2025",
    "the end of a period: Quý III/2024, Q3 2024, tháng 10/2025, 6/2025, "
    "6 tháng đầu năm 2025, 9 tháng năm 2025, năm 2025, by 2030",
    "start, middle or end: đầu / giữa / cuối tháng 10/2025, cuối năm 2025",
    "a range or list (its later end): Quý IV/2025 - Quý II/2026, Quý I và Quý II/2025, "
    "giai đoạn 2025-2030",
    "before a period: trước năm 2030",
    "days after an event: trong thời hạn 30 ngày kể từ ngày ký, "
    "10 ngày làm việc kể từ ngày nhận, within 30 days",
    "recurring: hằng năm, hằng quý, hằng tháng, định kỳ 6 tháng, "
    "trước ngày 20 hằng tháng, Tháng 11 hằng năm, ngày 15/6 hằng năm",
    "ongoing: thường xuyên, liên tục",
    "no date: ngay, khẩn trương, theo yêu cầu, theo tiến độ của X",
    "before an event: trước Tết Nguyên đán 2025, trước Đại hội",
)
"""The forms :func:`parse_deadline` understands, as listed in its error messages."""

T = TypeVar("T")

# ---------------------------------------------------------------------------------
# Normalising: one folded, lower-case, diacritic-free copy for matching, with the
# position of each of its characters in the original (to quote the original back).

_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SLASHES: Final = "\u2044\u2215\uff0f"
_INVISIBLE: Final = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _fold_char(char: str) -> str:
    """A character as matched: lower case, no diacritics, đ as d, one dash, one slash."""
    if char in _INVISIBLE:
        return ""
    if char.isspace():
        return " "
    if char in _DASHES:
        return "-"
    if char in _SLASHES:
        return "/"
    if char in "đĐÐð":
        return "d"
    bare = unicodedata.normalize("NFD", char)
    return "".join(c for c in bare if not unicodedata.combining(c)).lower()


@attrs.frozen
class _Text:
    """Folded text: ``folded`` for matching, ``origin[i]`` the index in ``source`` (the
    NFC original) of ``folded[i]``. Whitespace runs are one space; there is no space
    around ``/`` and ``-``."""

    source: str
    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        source = unicodedata.normalize("NFC", text)
        pairs = [(c, i) for i, char in enumerate(source) for c in _fold_char(char)]
        return cls._collapse(source, pairs)

    @classmethod
    def _collapse(cls, source: str, pairs: Iterable[tuple[str, int]]) -> _Text:
        out: list[tuple[str, int]] = []
        for char, index in pairs:
            if char == " ":
                if out and out[-1][0] not in " /-":
                    out.append((char, index))
            elif char in "/-":
                if out and out[-1][0] == " ":
                    out.pop()
                out.append((char, index))
            else:
                out.append((char, index))
        if out and out[-1][0] == " ":
            out.pop()
        return cls(source, "".join(c for c, _ in out), tuple(i for _, i in out))

    def without(self, spans: Iterable[tuple[int, int]]) -> _Text:
        """The text with ``spans`` (of ``folded``) cut out, each leaving a space."""
        starts = dict(spans)
        pairs: list[tuple[str, int]] = []
        k = 0
        while k < len(self.folded):
            if k in starts:
                pairs.append((" ", self.origin[k]))
                k = max(starts[k], k + 1)
                continue
            pairs.append((self.folded[k], self.origin[k]))
            k += 1
        return self._collapse(self.source, pairs)

    def original(self, start: int, end: int) -> str:
        """The original text of ``folded[start:end]``."""
        if start >= end:
            return ""
        return self.source[self.origin[start] : self.origin[end - 1] + 1]


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern that matches whole words and whole numbers only."""
    return re.compile(rf"(?<![\w/.-])(?:{pattern})(?![\w/-])", re.ASCII)


def _unnamed(pattern: str) -> str:
    """``pattern`` with its named groups made plain, to embed it in a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _union(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(_unnamed(p) for p in patterns) + ")"


def _leftover(folded: str, match: re.Match[str]) -> str:
    return folded[: match.start()] + " " + folded[match.end() :]


# Words that may change a reading (Roman numerals too: "III 2025" lacks its "Quý"):
# when one is left over after a form has matched, the form did not read the whole
# deadline, and the phrase is refused.
_RESERVED: Final = frozenset(
    (
        "quy", "thang", "ngay", "tuan", "truoc", "sau", "tu", "hang", "moi", "dinh",
        "dau", "giua", "cuoi", "tet", "q", "gio", "phut",
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
        "before", "after", "from", "every", "each", "within", "quarter", "quarters",
        "month", "months", "week", "weeks", "day", "days", "year", "years", "half",
        "mid", "early", "late", "end", "beginning", "start", "middle",
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    )
)  # fmt: skip


def _is_filler(text: str) -> bool:
    """Whether ``text`` holds no number and no deadline word."""
    return not any(
        token in _RESERVED or any(c.isdigit() for c in token)
        for token in re.findall(r"[a-z0-9]+", text)
    )


# ---------------------------------------------------------------------------------
# Building blocks: dates, times, periods.

_MONTH_NAMES: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MON: Final = "(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_ORD: Final = "(?:st|nd|rd|th)?"


def _month_number(name: str) -> int:
    return _MONTH_NAMES[name.rstrip(".")]


_DATE_FORMS: Final[tuple[str, ...]] = (
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})",
    r"(?P<d>\d{1,2}) thang (?P<m>\d{1,2})(?:,? nam (?P<y>\d{4}))?",
    rf"(?P<d>\d{{1,2}}){_ORD} (?:of )?(?P<mn>{_MON})(?:,? (?P<y>\d{{4}}))?",
    rf"(?P<mn>{_MON}) (?P<d>\d{{1,2}}){_ORD}(?:,? (?P<y>\d{{4}}))?",
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![/\d])",
)
_DATE: Final = _union(_DATE_FORMS)
_DATE_READERS: Final = tuple(re.compile(p, re.ASCII) for p in _DATE_FORMS)

_TIME: Final = (
    r"\d{1,2} ?(?:h|gio)(?: ?\d{2}(?: ?phut)?)?(?: (?:sang|chieu|toi))?"
    r"|\d{1,2}:\d{2}(?: ?(?:am|pm))?|\d{1,2} ?(?:am|pm)"
)

_ROMAN_Q: Final = r"iv|i{1,3}|[1-4]"
_YEAR_SEP: Final = r"(?:/|/nam | nam | )"
_OF_YEAR: Final = r"(?: of(?: the year)?)?"

_PERIOD_FORMS: Final[tuple[tuple[PeriodKind, str], ...]] = (
    (PeriodKind.QUARTER, rf"quy (?P<i>{_ROMAN_Q})(?:{_YEAR_SEP}(?P<y>\d{{4}}))?"),
    (PeriodKind.QUARTER, r"q(?P<i>[1-4])(?:[/ -](?P<y>\d{4}))?"),
    (PeriodKind.QUARTER, r"(?P<y>\d{4})[ -]?q(?P<i>[1-4])"),
    (
        PeriodKind.QUARTER,
        rf"(?:the )?(?P<i>first|second|third|fourth|1st|2nd|3rd|4th) quarter{_OF_YEAR}"
        r"(?: (?P<y>\d{4}))?",
    ),
    (PeriodKind.HALF, r"(?:6|sau) thang (?P<i>dau|cuoi) nam(?: (?P<y>\d{4}))?"),
    (PeriodKind.HALF, r"nua (?P<i>dau|cuoi) nam(?: (?P<y>\d{4}))?"),
    (PeriodKind.HALF, rf"(?:the )?(?P<i>first|second|1st|2nd) half{_OF_YEAR}(?: (?P<y>\d{{4}}))?"),
    (
        PeriodKind.HALF,
        rf"(?:the )?(?P<i>first|last) (?:six|6) months{_OF_YEAR}(?: (?P<y>\d{{4}}))?",
    ),
    (PeriodKind.HALF, r"h(?P<i>[12])(?:[/ -](?P<y>\d{4}))?"),
    (PeriodKind.HALF, r"(?P<y>\d{4})-?h(?P<i>[12])"),
    (PeriodKind.NINE_MONTHS, r"9 thang(?: dau nam)?(?: (?:nam )?(?P<y>\d{4}))?"),
    (
        PeriodKind.NINE_MONTHS,
        rf"(?:the )?(?:first )?(?:nine|9) months{_OF_YEAR}(?: (?P<y>\d{{4}}))?",
    ),
    (PeriodKind.NINE_MONTHS, r"(?P<y>\d{4})-9m"),
    (PeriodKind.MONTH, rf"thang (?P<i>\d{{1,2}})(?:{_YEAR_SEP}(?P<y>\d{{4}}))?"),
    (PeriodKind.MONTH, r"(?P<i>\d{1,2})/(?P<y>\d{4})"),
    (PeriodKind.MONTH, r"(?P<y>\d{4})-(?P<i>\d{2})"),
    (PeriodKind.MONTH, rf"(?P<mn>{_MON})(?: of)?,? (?P<y>\d{{4}})"),
    (PeriodKind.YEAR, r"(?:nam |year )?(?P<y>\d{4})"),
)
_PERIOD: Final = _union(p for _, p in _PERIOD_FORMS)
_PERIOD_READERS: Final = tuple((k, re.compile(p, re.ASCII)) for k, p in _PERIOD_FORMS)

_INDEX_WORDS: Final[dict[str, int]] = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "dau": 1, "cuoi": 2, "last": 2,
}  # fmt: skip

_BEFORE: Final = r"truoc|before|prior to"
_BY: Final = (
    r"cham nhat(?: la)?(?: vao)?(?: trong)?|muon nhat(?: la)?(?: vao)?|den het|den"
    r"|han chot(?: la)?|khong qua|truoc hoac trong|(?:by|no later than|not later than"
    r"|on or before|until|till|due(?: on| by)?)(?: the)?"
)


def _yearless_label(kind: PeriodKind, index: int) -> str:
    """How a period without its year is named in a note: "Quý III", "tháng 10"."""
    match kind:
        case PeriodKind.QUARTER:
            return f"Quý {('I', 'II', 'III', 'IV')[index - 1]}"
        case PeriodKind.MONTH:
            return f"tháng {index}"
        case PeriodKind.HALF:
            return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm"
        case PeriodKind.NINE_MONTHS:
            return "9 tháng"
        case _:
            return "year"


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``19th``, ``22nd`` …"""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _month_end_day(date: dt.date) -> int:
    """The day of ``date`` as BYMONTHDAY: -1 when it is the last day of its month."""
    return -1 if date == end_of_month(date.year, date.month) else date.day


# ---------------------------------------------------------------------------------
# Recurrences: "hằng năm", "hằng quý", "định kỳ 6 tháng", "monthly" …


@attrs.frozen
class _Every:
    """A recurrence marker: its frequency, and for a series by month, the months of
    its default series (``step`` months apart)."""

    frequency: Frequency
    months: tuple[int, ...] = ()
    step: int = 0
    weekday: int | None = None

    @property
    def default_months(self) -> tuple[int, ...]:
        """The months of the default series: December for a yearly one."""
        if self.months:
            return self.months
        return (12,) if self.frequency is Frequency.YEARLY else tuple(range(1, 13))

    @classmethod
    def every_months(cls, step: int) -> _Every:
        if step == 12:
            return cls(Frequency.YEARLY, (12,), 12)
        return cls(Frequency.MONTHLY, tuple(range(step, 13, step)), step)


_NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12, "mot": 1,
}  # fmt: skip
_WEEKDAYS_VI: Final[dict[str, int]] = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4,
    "6": 4, "bay": 5, "7": 5,
}  # fmt: skip
_WEEKDAYS_EN: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY: Final = (
    r"(?:ngay )?thu (?P<wvi>hai|ba|tu|nam|sau|bay|[2-7])|(?P<sun>chu nhat)"
    rf"|(?P<wen>{'|'.join(_WEEKDAYS_EN)})s?"
)


def _weekday(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("sun"):
        return 6
    if groups.get("wvi"):
        return _WEEKDAYS_VI[groups["wvi"]]
    return _WEEKDAYS_EN.index(groups["wen"])


def _months_step(match: re.Match[str]) -> _Every | None:
    raw = match["n1"] or match["n2"] or match["n3"]
    step = _NUMBER_WORDS.get(raw) or int(raw)
    if step < 1 or 12 % step:
        return None
    return _Every.every_months(step)


_MONTHLY: Final = _Every(Frequency.MONTHLY, (), 1)
_QUARTERLY: Final = _Every.every_months(3)
_HALF_YEARLY: Final = _Every.every_months(6)
_YEARLY: Final = _Every(Frequency.YEARLY, (), 12)
_ONCE: Final = r"(?:1|mot) lan"

_RECURRENCES: Final[
    tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Every | None]], ...]
] = (
    (
        _rx(
            r"(?:va )?(?:cac|nhung) nam (?:tiep theo|sau(?: do)?|ke tiep|tiep sau)"
            r"|(?:and )?(?:the |each )?(?:following|subsequent) years"
            r"|(?:and )?(?:every|each) year (?:thereafter|after that)|(?:and )?annually thereafter"
        ),
        lambda m: _YEARLY,
    ),
    (
        _rx(
            rf"dinh ky (?P<n1>\d{{1,2}}) thang(?: {_ONCE})?|(?P<n2>\d{{1,2}}|mot) thang {_ONCE}"
            r"|every (?P<n3>\d{1,2}|two|three|four|six|twelve) months"
        ),
        _months_step,
    ),
    (
        _rx(
            rf"(?:hang|moi) nua nam|nua nam {_ONCE}|semi-?annual(?:ly)?|half-?yearly"
            r"|twice a year"
        ),
        lambda m: _HALF_YEARLY,
    ),
    (
        _rx(r"(?:dinh ky )?(?:hang|moi) quy|dinh ky quy|quarterly|(?:of )?(?:every|each) quarter"),
        lambda m: _QUARTERLY,
    ),
    (
        _rx(r"(?:dinh ky )?(?:hang|moi) thang|dinh ky thang|monthly|(?:of )?(?:every|each) month"),
        lambda m: _MONTHLY,
    ),
    (
        _rx(
            r"(?:dinh ky )?(?:hang|moi) nam|dinh ky nam|annual(?:ly)?|yearly"
            r"|(?:every|each|once a) year"
        ),
        lambda m: _YEARLY,
    ),
    (
        _rx(rf"(?:every|each) (?P<mn>{_MON})"),
        lambda m: _Every(Frequency.YEARLY, (_month_number(m["mn"]),), 12),
    ),
    (
        _rx(r"(?:hang|moi) tuan|weekly|(?:every|each) week"),
        lambda m: _Every(Frequency.WEEKLY),
    ),
    (
        _rx(rf"(?:every|each) (?P<wen>{'|'.join(_WEEKDAYS_EN)})"),
        lambda m: _Every(Frequency.WEEKLY, weekday=_weekday(m)),
    ),
    (
        _rx(r"(?:hang|moi) ngay|daily|(?:every|each) (?:working )?day"),
        lambda m: _Every(Frequency.DAILY),
    ),
)

_SERIES_START: Final = _rx(r"(?:bat dau |ke )?tu(?: ngay)?|(?:starting )?from|starting")
_ONGOING: Final = _rx(
    r"thuong xuyen|lien tuc|ongoing|continuous(?:ly)?|regularly"
    r"|on an? (?:regular|ongoing|continuous) basis|year-round"
)

# ---------------------------------------------------------------------------------
# The reader.

_CANCHI_STEMS: Final = ("giap", "at", "binh", "dinh", "mau", "ky", "canh", "tan", "nham", "quy")
_CANCHI_BRANCHES: Final = (
    "ty", "suu", "dan", "mao", "thin", "ty", "ngo", "mui", "than", "dau", "tuat", "hoi",
)  # fmt: skip
_CANCHI: Final = rf"(?:{'|'.join(_CANCHI_STEMS)}) (?:{'|'.join(sorted(set(_CANCHI_BRANCHES)))}|meo)"


class _Reader:
    """Reads one phrase; collects the assumptions made on the way."""

    def __init__(
        self,
        text: str,
        *,
        issued_on: dt.date | None,
        year: int | None,
        calendar: WorkCalendar | None,
        before: BeforePolicy,
    ) -> None:
        self.text = text
        self.issued_on = issued_on
        self.year = year
        self.calendar = calendar
        self.before = before
        self.notes: list[str] = []

    # -- failing ---------------------------------------------------------------------
    def error(self, problem: str) -> DeadlineParseError:
        """The error to raise: it quotes the phrase and lists the understood forms."""
        return DeadlineParseError(
            f"deadline {self.text!r}: {problem}", text=self.text, expected=DEADLINE_FORMS
        )

    # -- the whole phrase ------------------------------------------------------------
    def read(self) -> Deadline:
        text = _Text.of(self.text)
        if not re.search(r"[a-z0-9]", text.folded):
            raise self.error(
                "there is no word or number to read; write a date, a period or 'thường xuyên'"
            )
        ongoing = [m.span() for m in _ONGOING.finditer(text.folded)]
        every, spans = self._markers(text)
        rest = text.without(ongoing + spans)
        if every is not None:
            series = self._read_series(every, rest)
            return attrs.evolve(series, ongoing=bool(ongoing)) if ongoing else series
        if not ongoing:
            return self._read_single(rest)
        mark = len(self.notes)
        try:
            found = self._read_single(rest)
        except DeadlineParseError:
            if not _is_filler(rest.folded):
                raise
            del self.notes[mark:]
            return OngoingDeadline()  # "Thường xuyên thực hiện"
        if isinstance(found, OngoingDeadline | UndatedDeadline):
            self.notes.append(
                f"read as ongoing work; {describe_deadline(found, language='en')!r} noted"
            )
            return OngoingDeadline()
        self.notes.append("'thường xuyên' (ongoing) noted; the task is judged by its date")
        return found

    def _read_single(self, text: _Text) -> Deadline:
        for pattern, build in _FORMS:
            for match in pattern.finditer(text.folded):
                if not _is_filler(_leftover(text.folded, match)):
                    continue
                found = build(self, match, text)
                if found is not None:
                    return found
        self._diagnose(text.folded)
        raise self.error(
            "not a deadline form actionplan understands; write a date (15/12/2024), "
            "a period (Quý III/2024) or another form listed here"
        )

    def _diagnose(self, folded: str) -> None:
        """Raise a precise error for the mistakes that have one."""
        m = re.search(r"\bquy ([ivxlcdm]+|\d+)\b", folded)
        if m and m[1] not in ("i", "ii", "iii", "iv", "1", "2", "3", "4"):
            raise self.error(
                f"there is no quarter {m[1].upper()}: quarters are I to IV (or 1 to 4)"
            )
        # At most 9 digits: a longer number is no quarter or month, and int() refuses
        # one of thousands of digits.
        if (m := re.search(r"\bq(\d{1,9})\b", folded)) and not 1 <= int(m[1]) <= 4:
            raise self.error(f"there is no quarter Q{m[1]}: quarters are Q1 to Q4")
        if (m := re.search(r"\bthang (\d{1,9})\b", folded)) and not 1 <= int(m[1]) <= 12:
            raise self.error(f"there is no month {m[1]}: months are 1 to 12")
        if re.search(
            r"\b\d+ (?:thang|tuan|nam|months?|weeks?|years?) (?:ke tu|tinh tu|sau|from|after)\b",
            folded,
        ):
            raise self.error(
                "periods counted in weeks, months or years from an event are not "
                "supported; give the date they end, or count in days ('30 ngày kể từ …')"
            )
        if re.search(r"\b(?:som|soon)\b", folded):
            raise self.error(
                "'sớm' (soon) gives no date; write 'ngay' or 'khẩn trương' for as soon "
                "as possible, or give a date"
            )

    # -- years -------------------------------------------------------------------------
    def infer_year(self, what: str, make: Callable[[int], T], due: Callable[[T], dt.date]) -> T:
        """``make(year)`` for a phrase with no year, with the year from the plan."""
        if self.year is not None:
            self.notes.append(f"year {self.year} taken from the plan")
            return make(self.year)
        if self.issued_on is not None:
            issued = self.issued_on
            found = make(issued.year)
            if due(found) >= issued:
                self.notes.append(
                    f"year {issued.year} taken from the plan's date of issue "
                    f"({format_date(issued)})"
                )
                return found
            self.notes.append(
                f"year {issued.year + 1} taken from the plan: the first {what} after its "
                f"date of issue ({format_date(issued)})"
            )
            return make(issued.year + 1)
        raise self.error(
            f"{what} has no year; write the year (e.g. 'Quý III/2024'), or give the "
            "plan's year (year=…, --year) or date of issue (issued_on=…, --issued-on)"
        )

    def check_year(self, year: int) -> int:
        if not 1900 <= year <= 2200:
            raise self.error(f"the year {year:04d} is outside 1900-2200")
        return year

    # -- dates and periods -------------------------------------------------------------
    def date(self, raw: str) -> dt.date:
        """The date written ``raw`` (folded), its year inferred when missing."""
        day, month, year = self.date_parts(raw)
        if year is None:
            return self.infer_year(
                f"{day}/{month}", lambda y: self.make_date(y, month, day), lambda d: d
            )
        return self.make_date(year, month, day)

    def date_parts(self, raw: str) -> tuple[int, int, int | None]:
        """Day, month and year (``None`` when not written) of the date ``raw``; the
        day and month are checked, the year is not."""
        for reader in _DATE_READERS:
            if m := reader.fullmatch(raw):
                groups = m.groupdict()
                month = _month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
                year = int(groups["y"]) if groups.get("y") else None
                day = int(groups["d"])
                written = f"{day}/{month}" + ("" if year is None else f"/{year}")
                if not 1 <= month <= 12:
                    raise self.error(
                        f"{written} is an impossible date: there is no month {month} "
                        "(dates are read day first)"
                    )
                if not 1 <= day <= (29 if month == 2 else end_of_month(2001, month).day):
                    raise self.error(
                        f"{written} is an impossible date: {MONTHS_EN[month - 1]} has no "
                        f"day {day} (dates are read day first)"
                    )
                return day, month, year
        raise AssertionError(f"not a date: {raw!r}")  # pragma: no cover - the form matched

    def make_date(self, year: int, month: int, day: int) -> dt.date:
        """The date, or the error that names why it is impossible."""
        self.check_year(year)
        last = _calendar.monthrange(year, month)[1]
        if day > last:
            raise self.error(
                f"{day}/{month}/{year} is an impossible date: {MONTHS_EN[month - 1]} {year} "
                f"has {last} days"
            )
        return dt.date(year, month, day)

    def period_parts(self, raw: str) -> tuple[PeriodKind, int, int | None]:
        for kind, reader in _PERIOD_READERS:
            if m := reader.fullmatch(raw):
                groups = m.groupdict()
                year = int(groups["y"]) if groups.get("y") else None
                if groups.get("mn"):
                    return kind, _month_number(groups["mn"]), year
                index = groups.get("i")
                if index is None:
                    return kind, 1, year
                return kind, _INDEX_WORDS.get(index) or int(index), year
        raise AssertionError(f"not a period: {raw!r}")  # pragma: no cover - the form matched

    def make_period(self, kind: PeriodKind, index: int, year: int) -> ReportingPeriod:
        self.check_year(year)
        if kind is PeriodKind.MONTH and not 1 <= index <= 12:
            raise self.error(f"there is no month {index}: months are 1 to 12")
        return ReportingPeriod(kind, year, index)

    def period(self, raw: str) -> ReportingPeriod:
        """The period written ``raw`` (folded), its year inferred when missing."""
        kind, index, year = self.period_parts(raw)
        if year is None:
            return self.infer_year(
                _yearless_label(kind, index),
                lambda y: self.make_period(kind, index, y),
                lambda p: p.end,
            )
        return self.make_period(kind, index, year)

    def time(self, raw: str) -> dt.time | None:
        """The time of day written ``raw``; ``None`` for 24h00 (the end of the day)."""
        numbers = [int(n) for n in re.findall(r"\d+", raw)]
        hour, minute = numbers[0], numbers[1] if len(numbers) > 1 else 0
        if re.search(r"\b(?:pm|chieu|toi)\b|\dpm", raw) and hour < 12:
            hour += 12
        elif re.search(r"\bam\b|\dam", raw) and hour == 12:
            hour = 0
        if hour == 24 and minute == 0:
            return None
        if hour > 23 or minute > 59:
            raise self.error(f"{raw!r} is not a time of day")
        return dt.time(hour, minute)

    # -- recurring series --------------------------------------------------------------
    def _markers(self, text: _Text) -> tuple[_Every | None, list[tuple[int, int]]]:
        """The recurrence markers of ``text``, merged into one, and their spans."""
        found: list[_Every] = []
        spans: list[tuple[int, int]] = []
        for pattern, make in _RECURRENCES:
            for m in pattern.finditer(text.folded):
                if any(s < m.end() and m.start() < e for s, e in spans):
                    continue
                every = make(m)
                if every is None:
                    raise self.error(
                        f"{text.original(*m.span())!r}: a period of months must divide "
                        "the year (1, 2, 3, 4, 6 or 12 months)"
                    )
                found.append(every)
                spans.append(m.span())
        if not found:
            return None, spans
        return self._merge(found, text, spans), spans

    def _merge(self, found: list[_Every], text: _Text, spans: list[tuple[int, int]]) -> _Every:
        if len(found) == 1:
            return found[0]
        if any(e.step == 0 for e in found):
            quoted = ", ".join(repr(text.original(*s)) for s in spans)
            raise self.error(f"two recurrences ({quoted}); keep one")
        months = sorted({m for e in found for m in e.default_months})
        steps = {b - a for a, b in itertools.pairwise(months)}
        if len(months) == 12:
            merged = _MONTHLY
        elif months == [12]:
            merged = _YEARLY
        else:
            step = steps.pop() if len(steps) == 1 else 0
            merged = _Every(Frequency.MONTHLY, tuple(months), step)
        quoted = ", ".join(repr(text.original(*s)) for s in sorted(spans))
        self.notes.append(f"{quoted} read as one series: months {', '.join(map(str, months))}")
        return merged

    def _read_series(self, every: _Every, rest: _Text) -> RecurringDeadline:
        if _is_filler(rest.folded):
            return self._default_series(every)
        for pattern, build in _ANCHORS:
            for match in pattern.finditer(rest.folded):
                if not _is_filler(_leftover(rest.folded, match)):
                    continue
                found = build(self, every, match, rest)
                if found is not None:
                    return found
        if start := _SERIES_START.search(rest.folded):
            # "Từ Quý III/2024, hằng quý", "từ ngày 01/7/2025, hằng tháng": where it starts
            begins = self._read_single(rest.without([start.span()]))
            if isinstance(begins, FixedDeadline) and not begins.before:
                return attrs.evolve(self._default_series(every), start=begins.date)
            if isinstance(begins, PeriodEndDeadline):
                return self._series_from(every, begins, rest)
            raise self.error("a recurring deadline starts from a date or a period")
        return self._series_from(every, self._read_single(rest), rest)

    def _default_series(self, every: _Every) -> RecurringDeadline:
        match every.frequency:
            case Frequency.DAILY:
                return RecurringDeadline(Frequency.DAILY)
            case Frequency.WEEKLY:
                if every.weekday is None:
                    self.notes.append("no weekday given: due on Friday each week")
                return RecurringDeadline(
                    Frequency.WEEKLY, weekday=4 if every.weekday is None else every.weekday
                )
            case Frequency.YEARLY:
                if every.months in ((), (12,)):
                    self.notes.append("no date given: due on 31/12 each year")
                else:
                    self.notes.append(
                        f"no day given: due on the last day of month {every.months[0]}"
                    )
                return RecurringDeadline(
                    Frequency.YEARLY, months=every.months if every.months != (12,) else ()
                )
            case _:
                if not every.months:
                    self.notes.append("no day given: due on the last day of each month")
                elif every.step == 3:
                    self.notes.append("no day given: due on the last day of each quarter")
                else:
                    listed = ", ".join(map(str, every.months))
                    self.notes.append(f"no day given: due on the last day of months {listed}")
                return RecurringDeadline(Frequency.MONTHLY, months=every.months)

    def day_before(
        self, quote: str, day: int, months: tuple[int, ...]
    ) -> tuple[int, tuple[int, ...]]:
        """Read "trước ngày ``day``" in a series by the parse-time ``before`` policy."""
        if self.before is BeforePolicy.INCLUSIVE:
            self.notes.append(f"{quote!r} read as the {_ordinal(day)} (inclusive reading)")
            return day, months
        if day > 1:
            self.notes.append(f"{quote!r} read as the {_ordinal(day - 1)} (strict reading)")
            return day - 1, months
        self.notes.append(f"{quote!r} read as the last day of the month before (strict reading)")
        return -1, tuple(sorted((m - 2) % 12 + 1 for m in months))

    def series_months(self, every: _Every, month: int, quote: str) -> tuple[int, ...]:
        """The months of a series through ``month``."""
        if every.frequency is Frequency.YEARLY:
            return (month,)
        if every.step == 1 or not every.months:
            raise self.error(f"{quote!r}: a monthly deadline takes a day of the month, not a date")
        if every.step == 0:
            raise self.error(f"{quote!r}: cannot place a date in an irregular series of months")
        return tuple(sorted((month - 1 + k * every.step) % 12 + 1 for k in range(12 // every.step)))

    def check_day(self, day: int) -> int:
        """``day`` when it can be a day of a month."""
        if not 1 <= day <= 31:
            raise self.error(f"there is no day {day} in a month")
        return day

    def fit_day(self, day: int, months: tuple[int, ...]) -> int:
        """BYMONTHDAY for ``day`` in ``months`` (every month when empty). The 31st, or a
        day that none of the months always has (29/2), is the last day of the month;
        months that can lack ``day`` are noted."""
        if day < 0:
            return day
        every = months or tuple(range(1, 13))
        short = [m for m in every if day > end_of_month(2001, m).day]  # 2001: a common year
        if short and (day == 31 or short == list(every)):
            self.notes.append(f"day {day} read as the last day of the month")
            return -1
        if short == [2] and day == 29:
            self.notes.append("no occurrence in February of a common year, which has no day 29")
        elif short:
            listed = ", ".join(map(str, short))
            self.notes.append(f"no occurrence in month {listed}, which has no day {day}")
        return day

    def _series_from(self, every: _Every, found: Deadline, rest: _Text) -> RecurringDeadline:
        """A series whose first date, or start, is a deadline of its own."""
        match found:
            case FixedDeadline(date=date, before=before, time=time):
                first = date
                if time is not None:
                    self.notes.append(f"the time of day {time:%H:%M} is dropped in a series")
                if before and self.before is BeforePolicy.STRICT:
                    first = date - dt.timedelta(days=1)
                if before:
                    reading = "strict" if self.before is BeforePolicy.STRICT else "inclusive"
                    self.notes.append(
                        f"'trước ngày {format_date(date)}' read as {format_date(first)} "
                        f"({reading} reading)"
                    )
                return self._series_with_first(every, first)
            case PeriodEndDeadline(period=period):
                if every.frequency is Frequency.YEARLY and period.kind is not PeriodKind.YEAR:
                    # "Tháng 11/2025 và các năm tiếp theo": the end of November, yearly
                    return RecurringDeadline(
                        Frequency.YEARLY,
                        months=(period.end.month,),
                        month_day=-1,
                        start=period.start,
                    )
                return attrs.evolve(self._default_series(every), start=period.start)
            case _:
                raise self.error(
                    "a recurring deadline starts from a date or a period, e.g. "
                    "'trước ngày 20/11/2025 và hằng tháng', 'Năm 2025 và các năm tiếp theo'"
                )

    def _series_with_first(self, every: _Every, first: dt.date) -> RecurringDeadline:
        day = _month_end_day(first)
        match every.frequency:
            case Frequency.DAILY:
                return RecurringDeadline(Frequency.DAILY, first=first)
            case Frequency.WEEKLY:
                return RecurringDeadline(Frequency.WEEKLY, weekday=first.weekday(), first=first)
            case Frequency.YEARLY:
                return RecurringDeadline(
                    Frequency.YEARLY, months=(first.month,), month_day=day, first=first
                )
            case _:
                if every.step == 1 or not every.months:
                    return RecurringDeadline(Frequency.MONTHLY, month_day=day, first=first)
                months = self.series_months(every, first.month, format_date(first))
                return RecurringDeadline(
                    Frequency.MONTHLY, months=months, month_day=day, first=first
                )

    # -- events ------------------------------------------------------------------------
    def tet_year(self) -> int | None:
        if self.year is not None:
            self.notes.append(f"year {self.year} taken from the plan")
            return self.year
        if self.issued_on is None:
            self.notes.append(
                "Tết of no year: give 'tet' a date in the plan's events, or give the year"
            )
            return None
        issued = self.issued_on
        if self.calendar is None:
            from actionplan.workdays import default_calendar

            self.calendar = default_calendar()
        tet = self.calendar.tet(issued.year)
        year = issued.year + 1 if tet is None or issued >= tet else issued.year
        self.notes.append(
            f"Tết {year}: the first after the plan's date of issue ({format_date(issued)})"
        )
        return year

    def canchi_year(self, name: str, year: int | None) -> int:
        """The year of a sexagenary (can chi) year name: "ất tỵ" is 2025."""
        stem_name, branch_name = name.split()
        stem = _CANCHI_STEMS.index(stem_name)
        branch_name = "mao" if branch_name == "meo" else branch_name
        branch = _CANCHI_BRANCHES.index(branch_name)
        if branch_name == "ty" and stem % 2:
            branch = 5  # Tỵ (snake) with odd stems; Tý (rat) with even ones
        if stem % 2 != branch % 2:
            raise self.error(f"{name!r} is not the name of a year")
        k = next(k for k in range(60) if k % 10 == stem and k % 12 == branch)
        found = 1984 + k  # 1984 was Giáp Tý
        reference = year or self.year or (self.issued_on.year if self.issued_on else None)
        if reference is not None:
            found += 60 * round((reference - found) / 60)
        if year is not None and found != year:
            raise self.error(f"{name!r} is not the year {year}")
        return found


# ---------------------------------------------------------------------------------
# The forms, in the order they are tried. Each reads one match into a deadline (or
# returns None to let the next form try).

_Build = Callable[[_Reader, re.Match[str], _Text], Deadline | None]
_FORMS: list[tuple[re.Pattern[str], _Build]] = []


def _form(*patterns: str) -> Callable[[_Build], _Build]:
    def register(build: _Build) -> _Build:
        _FORMS.extend((_rx(p), build) for p in patterns)
        return build

    return register


@_form(
    r"(?:trong (?:thoi han|vong|thoi gian|khoang) |cham nhat |sau )?(?P<n>\d{1,3}) ngay"
    r"(?P<w> lam viec)?(?P<tail> ?[(,]? ?(?:ke tu|tinh tu|sau|tu)\b.*)?",
    r"(?:within |in )?(?P<n>\d{1,3}) (?P<w>working |business )?days?"
    r"(?P<tail> (?:of|from|after|following) .*)?",
)
def _relative(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Days after an event: "trong thời hạn 30 ngày kể từ ngày ký", "within 30 days"."""
    days, working = int(m["n"]), bool(m["w"])
    tail = (m["tail"] or "").strip(" (),.")
    tail = re.sub(r"^(?:ke tu|tinh tu|sau|tu|of|from|after|following)\b ?", "", tail)
    if not re.search(r"[a-z0-9]", tail):
        r.notes.append("counted from the plan's date of issue (the phrase names no event)")
        return RelativeDeadline(days, working=working, anchor="issued")
    if date := _rx(_DATE).search(tail):
        return RelativeDeadline(days, working=working, anchor="date", anchor_date=r.date(date[0]))
    if re.search(r"\b(?:nhan|tiep nhan|receipt|receiving|received)\b", tail):
        return RelativeDeadline(days, working=working, anchor="received")
    if re.search(
        r"\b(?:ky|ban hanh|phat hanh|sign(?:ing|ature|ed)?|issu(?:e|ance|ed|ing)|adoption)\b",
        tail,
    ):
        return RelativeDeadline(days, working=working, anchor="issued")
    event = t.original(m.start("tail"), m.end("tail")).strip()
    raise r.error(
        f"cannot tell what the {days} days count from ({event!r}); write "
        "'kể từ ngày ký', 'kể từ ngày nhận' or 'kể từ ngày 01/7/2024'"
    )


@_form(
    r"theo (?:dung )?(?:tien do|lo trinh)(?: (?:thuc hien|trien khai))?(?: (?:chung )?cua)?"
    r"(?: (?P<x>.+))?",
    r"theo ke hoach (?:cua|thuc hien) (?P<x>.+)",
    r"(?:following|according to|in line with|in step with|as per|per) (?:the )?"
    r"(?:progress|schedule|timeline|roadmap|timetable)(?: of)?(?: (?P<x>.+))?",
)
def _follows(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Following another task or process: "theo tiến độ của Dự án X"."""
    follows = t.original(m.start("x"), m.end("x")).strip(" .,;:()") if m["x"] else ""
    return UndatedDeadline(UndatedReason.FOLLOWS, follows=follows or None)


@_form(
    rf"(?:(?P<by>den|by|until) |(?:{_BEFORE}) )(?:(?:ky nghi|dip|the) )?"
    r"(?:tet(?! duong lich| tay)(?: nguyen dan| am lich| holiday)?|lunar new year(?: holiday)?)"
    rf"(?: (?P<cc>{_CANCHI}))?(?:,? (?:nam )?(?P<y>\d{{4}}))?"
)
def _tet(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Before Tết: "trước Tết Nguyên đán 2025", "trước Tết Ất Tỵ", "before Tet"."""
    year = r.check_year(int(m["y"])) if m["y"] else None
    if m["cc"]:
        year = r.canchi_year(m["cc"], year)
    elif year is None:
        year = r.tet_year()
    return EventDeadline("tet", year, before=not m["by"])


@_form(
    rf"(?:{_BEFORE}) (?:khi )?(?:(?:to chuc|dien ra|the) )?(?P<name>(?:dai hoi|congress)(?: .*)?)"
)
def _congress(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Before a congress: "trước Đại hội Đảng bộ tỉnh nhiệm kỳ 2025-2030"."""
    name = t.original(m.start("name"), m.end("name")).strip(" .,;:")
    years = re.search(r"nhiem ky (\d{4})|term (\d{4})|\b(\d{4})\b", m["name"])
    year = None
    if years:
        year = r.check_year(int(next(g for g in years.groups() if g)))
    if name.casefold() not in ("đại hội", "dai hoi", "congress"):
        r.notes.append(f"event {name!r} keyed 'dai_hoi'; give it a date in the plan's events")
    else:
        r.notes.append("give 'dai_hoi' a date in the plan's events")
    return EventDeadline("dai_hoi", year)


@_form(
    rf"(?:(?:tu|from) (?:ngay )?)?(?P<a>{_DATE})"
    r"(?:-| den (?:het )?(?:ngay )?| toi (?:ngay )?| to | until | through )"
    rf"(?:ngay )?(?P<b>{_DATE})"
)
def _date_range(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """A range of dates, "từ 01/10 đến 15/12/2024": its later end."""
    end = r.date(m["b"])
    day, month, year = r.date_parts(m["a"])
    start = r.make_date(year or end.year, month, day)
    later = max(start, end)
    r.notes.append(f"a range of dates: read as its later end, {format_date(later)}")
    return FixedDeadline(later)


@_form(
    rf"(?:(?P<before>{_BEFORE}) |(?:{_BY}) )?(?:(?:luc|at) )?(?P<time>{_TIME}),?"
    rf" (?:(?:ngay|on(?: the)?) )?(?P<date>{_DATE})",
    rf"(?:(?:ngay|on(?: the)?) )?(?P<date>{_DATE}),? (?:(?P<before>{_BEFORE}) |(?:{_BY}) )?"
    rf"(?:(?:luc|at) )?(?P<time>{_TIME})",
)
def _time_and_date(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """A date and a time: "trước 20h00 ngày 25/5/2025", "17 giờ ngày 25/5/2025"."""
    date = r.date(m["date"])
    time = r.time(m["time"])
    if time is None:
        r.notes.append(f"{t.original(m.start('time'), m.end('time'))!r} read as the end of the day")
        return FixedDeadline(date)
    return FixedDeadline(date, before=bool(m["before"]), time=time)


@_form(rf"(?:(?P<before>{_BEFORE}) |(?:{_BY}) )?(?:(?:ngay|on(?: the)?) )?(?P<date>{_DATE})")
def _date(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """A date: "trước ngày 15/12/2024", "chậm nhất ngày 15/12/2024", "15 December 2024"."""
    return FixedDeadline(r.date(m["date"]), before=bool(m["before"]))


_EDGE: Final = r"(?P<edge>dau|giua|cuoi|(?:beginning|start|middle|end) of(?: the)?|mid)(?: |-)"


@_form(
    rf"(?:(?:{_BY}|{_BEFORE}|trong|vao|in|at) )?(?:the )?{_EDGE}(?P<p>{_PERIOD})",
    rf"(?:(?:{_BY}|{_BEFORE}|trong|vao|in|at) )?(?:the )?{_EDGE}(?:nam|year)(?P<p>)(?: nay)?",
)
def _edge(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Start, middle or end (Art. 148): "giữa tháng 10/2025", "cuối năm 2025"."""
    edge = m["edge"].split()[0]
    if m["p"]:
        period = r.period(m["p"])
    else:
        period = r.infer_year("year", ReportingPeriod.whole_year, lambda p: p.end)
    kind = period.kind
    if edge in ("cuoi", "end"):
        return FixedDeadline(period.end)
    if edge in ("dau", "beginning", "start"):
        if kind in (PeriodKind.MONTH, PeriodKind.YEAR):
            return FixedDeadline(period.start)
        if kind is PeriodKind.QUARTER:
            r.notes.append(
                "'đầu quý' read as the first day of the quarter (as Art. 148 reads 'đầu tháng')"
            )
            return FixedDeadline(period.start)
    elif kind is PeriodKind.MONTH:
        return FixedDeadline(period.start.replace(day=15))
    elif kind is PeriodKind.YEAR:
        return FixedDeadline(dt.date(period.year, 6, 30))
    raise r.error(
        f"{t.original(*m.span())!r} has no fixed day; write a date, or 'cuối' (the end) "
        "of the period"
    )


@_form(
    rf"quy (?P<items>(?:{_ROMAN_Q})(?:(?:-|, ?| va | den | and |&)(?:quy )?(?:{_ROMAN_Q}))+)"
    rf"(?:{_YEAR_SEP}(?P<y>\d{{4}}))?",
    r"thang (?P<items>\d{1,2}(?:(?:-|, ?| va | den )(?:thang )?\d{1,2})+)"
    rf"(?:{_YEAR_SEP}(?P<y>\d{{4}}))?",
    r"(?P<items>q[1-4](?:(?:-|, ?| and | to |&)q[1-4])+)(?:[/ -](?P<y>\d{4}))?",
)
def _period_list(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """A list of periods, "Quý I và Quý II/2025", "tháng 3, tháng 4/2025": its later end."""
    kind = PeriodKind.MONTH if m[0].startswith("thang") else PeriodKind.QUARTER
    items = re.sub(r"\b(?:quy|thang)\b|q", " ", m["items"])
    numbers = [_INDEX_WORDS.get(x) or int(x) for x in re.findall(r"iv|i{1,3}|\d+", items)]
    last = max(numbers)
    if m["y"]:
        period = r.make_period(kind, last, int(m["y"]))
    else:
        period = r.period(("thang " if kind is PeriodKind.MONTH else "quy ") + str(last))
    r.notes.append(f"a list of periods: read as its later end, {period.label()}")
    return PeriodEndDeadline(period)


@_form(
    rf"(?:(?:tu|from|giai doan|trong giai doan|thoi ky|between|period|trong|den) )?"
    rf"(?P<a>{_PERIOD})(?:-| den (?:het )?| toi | va | and | to | through | until |, ?)"
    rf"(?P<b>{_PERIOD})"
)
def _period_range(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """A range of periods, "Quý IV/2025 - Quý II/2026", "2025-2026": its later end."""
    kind_a, index_a, year_a = r.period_parts(m["a"])
    kind_b, index_b, year_b = r.period_parts(m["b"])
    if year_b is not None:  # "Quý I - Quý II/2025": the first part takes the second's year
        second = r.make_period(kind_b, index_b, year_b)
        first = r.make_period(kind_a, index_a, second.year if year_a is None else year_a)
    elif year_a is not None:  # "Quý IV/2025 - Quý II": the next Quý II
        first = r.make_period(kind_a, index_a, year_a)
        second = r.make_period(kind_b, index_b, year_a)
        if second.end < first.end:
            second = r.make_period(kind_b, index_b, year_a + 1)
    else:
        second = r.period(m["b"])
        first = r.make_period(kind_a, index_a, second.year)
    later = max(first, second, key=lambda p: p.end)
    r.notes.append(f"a range of periods: read as its later end, {later.label()}")
    return PeriodEndDeadline(later)


def _previous(period: ReportingPeriod) -> ReportingPeriod | None:
    match period.kind:
        case PeriodKind.YEAR:
            return ReportingPeriod.whole_year(period.year - 1)
        case PeriodKind.QUARTER if period.index == 1:
            return ReportingPeriod.quarter(period.year - 1, 4)
        case PeriodKind.MONTH if period.index == 1:
            return ReportingPeriod.month(period.year - 1, 12)
        case PeriodKind.QUARTER | PeriodKind.MONTH:
            return ReportingPeriod(period.kind, period.year, period.index - 1)
        case _:
            return None


@_form(rf"(?:{_BEFORE}) (?P<p>{_PERIOD})")
def _before_period(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """Before a period, "Trước 2030": the end of the period before (31/12/2029)."""
    period = r.period(m["p"])
    previous = _previous(period)
    if previous is None:
        raise r.error(f"{t.original(*m.span())!r} has no clear end; write the date or period meant")
    r.check_year(previous.year)
    r.notes.append(
        f"{t.original(*m.span())!r} read as the end of {previous.label()} "
        f"({format_date(previous.end)}), strictly before {period.label()}"
    )
    return PeriodEndDeadline(previous)


@_form(rf"(?P<p>{_PERIOD})")
def _period(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """The end of a period: "Quý III/2024", "tháng 10/2025", "6/2025", "năm 2025"."""
    return PeriodEndDeadline(r.period(m["p"]))


@_form(r"ngay(?: (?:lap tuc|sau khi|khi|sau)\b.*)?")
def _at_once(r: _Reader, m: re.Match[str], t: _Text) -> Deadline | None:
    """At once, "ngay", "ngay sau khi …", but not "ngày", which is the word "day"."""
    if "à" in t.original(m.start(), m.start() + 4).casefold():
        return None
    return UndatedDeadline(UndatedReason.ASAP)


@_form(
    r"khan truong|khan cap|cang som cang tot|som nhat co the|as soon as possible|asap"
    r"|immediately|urgent(?:ly)?|without delay|at once|right away"
)
def _asap(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """As soon as possible: "khẩn trương", "immediately"."""
    return UndatedDeadline(UndatedReason.ASAP)


@_form(
    r"(?:theo|khi co|khi|khi duoc|ngay khi co) (?:yeu cau|de nghi)(?: .*)?|dot xuat",
    r"(?:on|upon|when|as) (?:request(?:ed)?|required|asked)(?: .*)?|on demand|ad hoc",
)
def _on_request(r: _Reader, m: re.Match[str], t: _Text) -> Deadline:
    """On request: "theo yêu cầu", "khi có yêu cầu", "on request"."""
    return UndatedDeadline(UndatedReason.ON_REQUEST)


# ---------------------------------------------------------------------------------
# What a recurring deadline may say besides how often: a day, a date, a month.

_Anchor = Callable[[_Reader, _Every, re.Match[str], _Text], RecurringDeadline | None]
_ANCHORS: list[tuple[re.Pattern[str], _Anchor]] = []


def _anchor(*patterns: str) -> Callable[[_Anchor], _Anchor]:
    def register(build: _Anchor) -> _Anchor:
        _ANCHORS.extend((_rx(p), build) for p in patterns)
        return build

    return register


_LEAD: Final = rf"(?:(?P<before>{_BEFORE}) |(?:{_BY}|vao|on) )?"


@_anchor(rf"{_LEAD}(?:(?:ngay|the) )?(?P<d>\d{{1,2}}){_ORD}(?: (?:cua|of)(?: the)?)?")
def _day_of_month(r: _Reader, every: _Every, m: re.Match[str], t: _Text) -> RecurringDeadline:
    """A day of the month: "trước ngày 20 hằng tháng", "by the 20th of each month"."""
    quote = t.original(*m.span())
    day, months = r.check_day(int(m["d"])), every.months
    if every.frequency is Frequency.YEARLY and months in ((), (12,)):
        raise r.error(
            f"{quote!r}: a yearly deadline on a day needs its month, e.g. 'ngày 20/12 hằng năm'"
        )
    if every.frequency in (Frequency.DAILY, Frequency.WEEKLY):
        raise r.error(f"{quote!r}: a day of the month in a daily or weekly series")
    if m["before"]:
        day, months = r.day_before(quote, day, months)
    return RecurringDeadline(every.frequency, months=months, month_day=r.fit_day(day, months))


@_anchor(
    r"(?:(?:vao|on|by) )?(?:(?:ngay|the) )?(?P<edge>dau|giua|cuoi|beginning|start|middle|end)"
    r"(?: (?:thang|quy|nam|of))?(?: (?:moi|the|each|every))?(?: (?:month|quarter|year))?"
)
def _edge_of_each(r: _Reader, every: _Every, m: re.Match[str], t: _Text) -> RecurringDeadline:
    """Start, middle or end of each period (Art. 148): "cuối mỗi tháng", "đầu mỗi quý"."""
    edge = {"beginning": "dau", "start": "dau", "middle": "giua", "end": "cuoi"}.get(
        m["edge"], m["edge"]
    )
    months = every.months
    if every.frequency is Frequency.YEARLY:
        if months in ((), (12,)):  # the start, middle or end of the year: 1/1, 30/6, 31/12
            if edge == "cuoi":
                return RecurringDeadline(Frequency.YEARLY)
            months = (1,) if edge == "dau" else (6,)
            return RecurringDeadline(
                Frequency.YEARLY, months=months, month_day=-1 if edge == "giua" else 1
            )
        day = {"dau": 1, "giua": 15}.get(edge, -1)  # of the month named: "every November"
        return RecurringDeadline(Frequency.YEARLY, months=months, month_day=day)
    if every.frequency is not Frequency.MONTHLY:
        raise r.error(
            f"{t.original(*m.span())!r}: a daily or weekly series has no month to start or end"
        )
    if edge == "cuoi":
        return RecurringDeadline(Frequency.MONTHLY, months=months, month_day=-1)
    if edge == "giua":
        if every.step > 1:
            raise r.error(f"{t.original(*m.span())!r} has no fixed day; write the day")
        return RecurringDeadline(Frequency.MONTHLY, month_day=15)
    if every.step > 1:
        months = tuple(sorted((mo - every.step) % 12 + 1 for mo in months))
    return RecurringDeadline(Frequency.MONTHLY, months=months, month_day=1)


@_anchor(
    r"(?:(?:vao|trong|in) )?(?:(?P<edge>dau|giua|cuoi) )?thang"
    r" (?P<ms>\d{1,2}(?:(?:, ?| va | and |-)(?:thang )?\d{1,2})*)",
    rf"(?:(?:vao|trong|in|by the end of|end of) )?(?P<mn>{_MON})",
)
def _months_of_year(r: _Reader, every: _Every, m: re.Match[str], t: _Text) -> RecurringDeadline:
    """Months of a yearly series: "Tháng 11 hằng năm", "tháng 6 và tháng 12 hằng năm"."""
    if every.frequency is not Frequency.YEARLY:
        raise r.error(
            f"{t.original(*m.span())!r}: a month is given with a recurrence that is not yearly"
        )
    groups = m.groupdict()
    if groups.get("mn"):
        months: tuple[int, ...] = (_month_number(groups["mn"]),)
    else:
        months = tuple(sorted({int(x) for x in re.findall(r"\d+", groups["ms"])}))
    bad = [x for x in months if not 1 <= x <= 12]
    if bad:
        raise r.error(f"there is no month {bad[0]}: months are 1 to 12")
    edge = groups.get("edge")
    day = {"dau": 1, "giua": 15}.get(edge or "", -1)
    if day == -1 and len(months) == 1:
        r.notes.append(f"no day given: due on the last day of month {months[0]}")
    elif day == -1:
        r.notes.append("no day given: due on the last day of each month named")
    return RecurringDeadline(Frequency.YEARLY, months=months, month_day=day)


@_anchor(rf"(?:(?P<e>dau|cuoi) )?quy (?P<q>{_ROMAN_Q})")
def _quarter_of_year(r: _Reader, every: _Every, m: re.Match[str], t: _Text) -> RecurringDeadline:
    """A quarter of a yearly series, "Quý IV hằng năm": the end of that quarter."""
    if every.frequency is not Frequency.YEARLY:
        raise r.error(
            f"{t.original(*m.span())!r}: a quarter is given with a recurrence that is not yearly"
        )
    quarter = _INDEX_WORDS.get(m["q"]) or int(m["q"])
    if m["e"] == "dau":
        return RecurringDeadline(Frequency.YEARLY, months=(quarter * 3 - 2,), month_day=1)
    return RecurringDeadline(Frequency.YEARLY, months=(quarter * 3,), month_day=-1)


@_anchor(rf"{_LEAD}(?:(?:ngay|on(?: the)?) )?(?P<date>{_DATE})")
def _date_of_year(
    r: _Reader, every: _Every, m: re.Match[str], t: _Text
) -> RecurringDeadline | None:
    """A day and month with no year: "ngày 15/6 hằng năm", "trước ngày 15/3 hằng quý"."""
    day, month, year = r.date_parts(m["date"])
    if year is not None:
        return None  # a first date: read by the single forms
    quote = t.original(*m.span())
    if every.frequency in (Frequency.DAILY, Frequency.WEEKLY):
        raise r.error(f"{quote!r}: a date in a daily or weekly series")
    months = r.series_months(every, month, quote)
    if m["before"]:
        day, months = r.day_before(quote, day, months)
    return RecurringDeadline(every.frequency, months=months, month_day=r.fit_day(day, months))


@_anchor(rf"(?:(?:vao|on|by) )?(?:{_WEEKDAY})")
def _weekday_of_week(r: _Reader, every: _Every, m: re.Match[str], t: _Text) -> RecurringDeadline:
    """A day of the week: "thứ Sáu hằng tuần", "every Friday"."""
    if every.frequency is not Frequency.WEEKLY:
        raise r.error(f"{t.original(*m.span())!r}: a weekday with a recurrence that is not weekly")
    return RecurringDeadline(Frequency.WEEKLY, weekday=_weekday(m))


# ---------------------------------------------------------------------------------
# The public functions.


def parse_deadline(
    text: str,
    *,
    issued_on: dt.date | None = None,
    year: int | None = None,
    calendar: WorkCalendar | None = None,
    before: BeforePolicy | str = BeforePolicy.STRICT,
) -> Deadline:
    """Read a deadline phrase into one of the kinds of :mod:`actionplan.deadlines`.

    ``text`` is kept as given in the result's ``text``; ``assumptions`` lists what
    was assumed to read it (a year taken from the plan, a reading of "trước").
    ``year`` (else the year of ``issued_on``) fills in a missing year; ``calendar``
    finds the first Tết after ``issued_on`` (the default calendar when ``None``);
    ``before`` is how "trước ngày 20 hằng tháng" reads in a recurring deadline.

    Raises :class:`~actionplan.errors.DeadlineParseError`, quoting the phrase and
    listing the understood forms, when the phrase cannot be read, gives an
    impossible date (31/02/2025) or needs a year that nothing gives.

    >>> d = parse_deadline("trước ngày 15/12/2024")
    >>> d.date, d.before, d.text
    (datetime.date(2024, 12, 15), True, 'trước ngày 15/12/2024')
    >>> parse_deadline("Quy III nam 2024").period.code
    '2024-Q3'
    >>> parse_deadline("6/2025").period.code  # a month of a year, in a deadline column
    '2025-06'
    >>> d = parse_deadline("6 tháng đầu năm", year=2025)
    >>> d.period.code, d.assumptions
    ('2025-H1', ('year 2025 taken from the plan',))
    >>> parse_deadline("trong thời hạn 30 ngày kể từ ngày ký").anchor
    'issued'
    >>> parse_deadline("Thường xuyên, hằng năm").ongoing
    True
    >>> parse_deadline("theo tiến độ của Dự án X").follows
    'Dự án X'
    >>> parse_deadline("31/02/2025")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actionplan.errors.DeadlineParseError: deadline '31/02/2025': 31/2/2025 is an impossible ...
    """
    if not isinstance(text, str):
        raise TypeError(f"a deadline phrase is a str, not {type(text).__name__}")
    try:
        policy = BeforePolicy(before)
    except ValueError:
        raise ValidationError(
            "parse_deadline", "before", f"expected 'strict' or 'inclusive', got {before!r}"
        ) from None
    reader = _Reader(text, issued_on=issued_on, year=year, calendar=calendar, before=policy)
    try:
        found = reader.read()
        return attrs.evolve(found, text=text, assumptions=tuple(reader.notes))
    except ValidationError as exc:
        raise reader.error(exc.message) from None


# ---------------------------------------------------------------------------------
# Describing a deadline for people.

_VI_WEEKDAYS: Final = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_EVENTS: Final[dict[str, tuple[str, str]]] = {
    "tet": ("Tết Nguyên đán", "Tết (Lunar New Year)"),
    "dai_hoi": ("Đại hội", "the congress"),
}


def _fmt(date: dt.date, language: str) -> str:
    return format_date(date, "vi" if language == "vi" else "en")


def _label(deadline: Deadline, language: str) -> str:
    vi = language == "vi"
    match deadline:
        case FixedDeadline(date=date, before=before, time=time):
            when = _fmt(date, language)
            if time is not None:
                when = (
                    f"{time.hour}h{time.minute:02d} ngày " if vi else f"{time:%H:%M} on "
                ) + when
            elif vi:
                when = "ngày " + when
            if before:
                return ("trước " if vi else "before ") + when
            return when if vi or time is not None else "by " + when
        case PeriodEndDeadline(period=period):
            return period.label("vi" if vi else "en")
        case RelativeDeadline(days=days, working=working):
            anchor = _anchor_label(deadline, language)
            if vi:
                return f"{days} ngày{' làm việc' if working else ''} kể từ {anchor}"
            return f"{days} {'working ' if working else ''}days after {anchor}"
        case RecurringDeadline():
            return _series_label(deadline, language)
        case OngoingDeadline():
            return "thường xuyên" if vi else "ongoing"
        case UndatedDeadline(reason=reason, follows=follows):
            if reason is UndatedReason.FOLLOWS:
                if vi:
                    return f"theo tiến độ của {follows}" if follows else "theo tiến độ"
                return f"follows {follows}" if follows else "follows another task"
            labels = {
                UndatedReason.ASAP: ("khẩn trương (càng sớm càng tốt)", "as soon as possible"),
                UndatedReason.ON_REQUEST: ("theo yêu cầu", "on request"),
                UndatedReason.UNSPECIFIED: ("không có thời hạn", "no deadline"),
            }[reason]
            return labels[0] if vi else labels[1]
        case EventDeadline(event=event, year=year, before=before):
            name = _EVENTS.get(event, (event, event))[0 if vi else 1]
            if year is not None:
                name += f" {year}"
            if vi:
                return ("trước " if before else "đến ") + name
            return ("before " if before else "by ") + name
    raise TypeError(f"not a deadline: {deadline!r}")  # pragma: no cover


def _anchor_label(deadline: RelativeDeadline, language: str) -> str:
    vi = language == "vi"
    match deadline.anchor:
        case "date" if deadline.anchor_date is not None:
            when = _fmt(deadline.anchor_date, language)
            return f"ngày {when}" if vi else when
        case "task":
            task = deadline.anchor_task
            return f"khi hoàn thành nhiệm vụ {task}" if vi else f"task {task} is done"
        case "received":
            return "ngày nhận" if vi else "receipt"
        case _:
            return "ngày ban hành" if vi else "the date of issue"


def _series_label(deadline: RecurringDeadline, language: str) -> str:
    vi = language == "vi"
    months, day = deadline.by_month()
    parts: list[str] = []
    match deadline.frequency:
        case Frequency.DAILY:
            parts.append("hằng ngày" if vi else "daily")
        case Frequency.WEEKLY:
            parts.append("hằng tuần" if vi else "weekly")
            if deadline.weekday is not None:
                parts.append(
                    _VI_WEEKDAYS[deadline.weekday]
                    if vi
                    else f"on {_WEEKDAYS_EN[deadline.weekday].title()}"
                )
        case Frequency.MONTHLY:
            listed = ", ".join(map(str, months))
            if not months:
                parts.append("hằng tháng" if vi else "monthly")
            elif months == (3, 6, 9, 12):
                parts.append("hằng quý" if vi else "quarterly")
            elif months == (6, 12):
                parts.append("định kỳ 6 tháng" if vi else "every 6 months")
            else:
                parts.append(f"các tháng {listed}" if vi else f"in months {listed}")
            if day == -1:
                parts.append("ngày cuối tháng" if vi else "on the last day of the month")
            elif day is not None:
                parts.append(f"ngày {day}" if vi else f"on day {day}")
        case Frequency.YEARLY:
            parts.append("hằng năm" if vi else "yearly")
            if day is not None:
                dates = []
                for month in months:
                    if day == -1 and month != 12:
                        dates.append(
                            f"cuối tháng {month}" if vi else f"the end of {MONTHS_EN[month - 1]}"
                        )
                    else:
                        d = end_of_month(2001, month).day if day == -1 else day
                        dates.append(f"{d}/{month}" if vi else f"{d} {MONTHS_EN[month - 1]}")
                parts.append(("ngày " if vi else "on ") + ", ".join(dates))
    if deadline.first is not None:
        first = _fmt(deadline.first, language)
        parts.append(f"lần đầu {first}" if vi else f"first {first}")
    if deadline.start is not None:
        start = deadline.start
        if (start.month, start.day) == (1, 1):
            parts.append(f"từ năm {start.year}" if vi else f"from {start.year}")
        else:
            parts.append(f"từ {_fmt(start, language)}" if vi else f"from {_fmt(start, language)}")
    if deadline.until is not None:
        until = _fmt(deadline.until, language)
        parts.append(f"đến {until}" if vi else f"until {until}")
    text = ", ".join(parts)
    if deadline.ongoing:
        text = ("thường xuyên, " if vi else "ongoing, ") + text
    return text


def describe_deadline(
    deadline: Deadline, ctx: DeadlineContext | None = None, *, language: str = "vi"
) -> str:
    """A short human reading of ``deadline``, with its due date when it has one.

    ``ctx`` resolves the due date (the default context when ``None``: the default
    calendar, strict reading of "trước"); ``language`` is ``"vi"`` or ``"en"``.

    >>> describe_deadline(parse_deadline("Quý III/2024"))
    'Quý III/2024 → 30/9/2024'
    >>> describe_deadline(parse_deadline("trước ngày 15/12/2024"), language="en")
    'before 2024-12-15 → 2024-12-14'
    >>> describe_deadline(parse_deadline("trước ngày 20 hằng tháng"))
    'hằng tháng, ngày 19'
    >>> describe_deadline(parse_deadline("Thường xuyên"))
    'thường xuyên'
    """
    lang = language_of(language, "describe_deadline")
    label = _label(deadline, lang)
    if isinstance(deadline, RecurringDeadline | OngoingDeadline | UndatedDeadline):
        return label
    if isinstance(deadline, FixedDeadline) and not deadline.before:
        return label
    due = due_date(deadline, DeadlineContext() if ctx is None else ctx)
    return label if due is None else f"{label} → {_fmt(due, lang)}"
