"""Working days in Vietnam's public sector.

The public-sector week runs Monday to Friday. On top of the weekend come the
statutory public holidays (Labour Code 2019, Art. 112: New Year, five days of Tết,
the Hùng Kings' day, 30/4, 1/5 and two days for National Day), the days off in lieu
of a holiday that falls on a weekend, and the swaps the Prime Minister approves each
year: an extra day off (*nghỉ bù*) repaid by working a Saturday (*làm bù*).

:class:`WorkCalendar` layers three sources, each overriding the one before:

1. the `holidays <https://pypi.org/project/holidays/>`_ package (country ``VN``),
   which knows the statutory holidays, the lunar dates of Tết and the Hùng Kings'
   day, and the swaps decided up to its release;
2. :data:`OFFICIAL_CHANGES`: the official decisions this library knows, each with
   the document that decided it (``source``);
3. the caller's own :class:`CalendarChange` list, for decisions newer than the
   library or local arrangements.

Years after the last official decision are projections: correct them with changes
of your own when the decision comes out. The Vietnamese Culture Day (24/11, from
2026) is a day off in the ``holidays`` package while its status as a paid public
holiday was still pending in early 2026; this library keeps the package's reading.
Should it turn out to be a working day, override it::

    WorkCalendar([CalendarChange(dt.date(2026, 11, 24), working=True,
                                 name="Ngày Văn hóa Việt Nam (không nghỉ)")])

Periods are counted the Civil Code way (Art. 147-148): a period in days starts the
day after the triggering event, and one that ends on a non-working day ends on the
next working day instead.

>>> cal = WorkCalendar()
>>> cal.is_working_day(dt.date(2024, 4, 29))  # swapped for Saturday 4/5/2024
False
>>> cal.is_working_day(dt.date(2024, 5, 4))
True
>>> cal.add_working_days(dt.date(2024, 4, 25), 10)
datetime.date(2024, 5, 13)
>>> cal.count_working_days(dt.date(2024, 4, 25), dt.date(2024, 5, 13))
10
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, Final

import attrs

from actionplan._language import Language, language_of
from actionplan.errors import CalendarDataError, ValidationError

__all__ = [
    "OFFICIAL_CHANGES",
    "CalendarChange",
    "DayInfo",
    "DayType",
    "WorkCalendar",
    "default_calendar",
]


class DayType(StrEnum):
    """What kind of day a date is in a :class:`WorkCalendar`.

    >>> DayType.MAKEUP_WORKING.label("vi")
    'ngày làm bù'
    >>> DayType.DAY_OFF.label("en")
    'day off in lieu'
    """

    WORKING = "working"
    """An ordinary working day (or a weekday holiday that was cancelled)."""
    WEEKEND = "weekend"
    """A weekly rest day (Saturday or Sunday in the public sector)."""
    HOLIDAY = "holiday"
    """A statutory public holiday (ngày nghỉ lễ, tết)."""
    DAY_OFF = "day_off"
    """A day off in lieu (nghỉ bù) or an extra day off decided by the Prime Minister."""
    MAKEUP_WORKING = "makeup_working"
    """A weekend day worked to repay a day off (làm bù)."""

    @property
    def working(self) -> bool:
        """Whether a day of this type is a working day."""
        return self in (DayType.WORKING, DayType.MAKEUP_WORKING)

    def label(self, language: str = "vi") -> str:
        """The type's name for people, in Vietnamese (``"vi"``) or English (``"en"``)."""
        return _TYPE_LABELS[language_of(language, "DayType.label")][self]


_TYPE_LABELS: Final[Mapping[Language, Mapping[DayType, str]]] = {
    "vi": {
        DayType.WORKING: "ngày làm việc",
        DayType.WEEKEND: "nghỉ cuối tuần",
        DayType.HOLIDAY: "nghỉ lễ, tết",
        DayType.DAY_OFF: "ngày nghỉ bù",
        DayType.MAKEUP_WORKING: "ngày làm bù",
    },
    "en": {
        DayType.WORKING: "working day",
        DayType.WEEKEND: "weekend",
        DayType.HOLIDAY: "public holiday",
        DayType.DAY_OFF: "day off in lieu",
        DayType.MAKEUP_WORKING: "make-up working day",
    },
}

_WEEKEND_REASON: Final[Mapping[Language, str]] = {"vi": "cuối tuần", "en": "weekend"}


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _nfc_or_none(value: str | None) -> str | None:
    return None if value is None else unicodedata.normalize("NFC", value)


def _plain_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(
            type(instance).__name__,
            attribute.name,
            f"expected a datetime.date (not a datetime), found {value!r}",
        )


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValidationError(
            type(instance).__name__,
            attribute.name,
            "the name is empty; give the day a name, e.g. 'Nghỉ bù Tết Dương lịch'",
        )


@attrs.frozen
class CalendarChange:
    """One official or local change to the working-day calendar.

    ``working=True`` makes ``date`` a working day (a make-up Saturday, or a holiday
    that is not observed); ``working=False`` makes it a day off. ``name`` is the
    day's Vietnamese name, ``name_en`` its English one, ``source`` the document
    that decided it (``"12729/VPCP-KGVX"``).

    >>> CalendarChange(dt.date(2026, 1, 10), working=True, name="Làm bù").working
    True
    """

    date: dt.date = attrs.field(validator=_plain_date)
    working: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    name: str = attrs.field(converter=_nfc, validator=_non_empty)
    name_en: str | None = attrs.field(default=None, converter=_nfc_or_none)
    source: str | None = attrs.field(default=None, converter=_nfc_or_none)


@attrs.frozen
class DayInfo:
    """A named day of a year: a holiday, a day off, a make-up working day.

    ``source`` is the deciding document where the library knows it.

    >>> info = WorkCalendar().changes(2026)[1]
    >>> info.date, info.type, info.source
    (datetime.date(2026, 1, 2), <DayType.DAY_OFF: 'day_off'>, '12729/VPCP-KGVX')
    """

    date: dt.date
    type: DayType
    name: str
    name_en: str | None = None
    source: str | None = None

    @property
    def working(self) -> bool:
        """Whether this day is a working day."""
        return self.type.working

    def display_name(self, language: str = "vi") -> str:
        """The name in Vietnamese (``"vi"``) or English (``"en"``, else Vietnamese)."""
        if language_of(language, "DayInfo.display_name") == "en" and self.name_en:
            return self.name_en
        return self.name


# The official decisions known to this library, on top of the ``holidays`` package.
# Sources: 2450/VPCP-KGVX of 12/4/2024 (Government Office, the Prime Minister's
# approval); 6150/TB-BLĐTBXH of 03/12/2024 (Ministry of Labour, Invalids and Social
# Affairs, holidays of 2025); 12729/VPCP-KGVX of 25/12/2025 (the Deputy Prime
# Minister's approval of the New Year 2026 swap). The 2026 National Day swap was
# announced by the Ministry of Home Affairs in October 2025; its notice number is
# not verified here, so it carries no source.
OFFICIAL_CHANGES: Final[tuple[CalendarChange, ...]] = (
    CalendarChange(
        dt.date(2024, 4, 29),
        working=False,
        name="Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù thứ Bảy 04/5/2024)",
        name_en="Day off for Reunification Day and Labour Day (worked on Saturday 4 May 2024)",
        source="2450/VPCP-KGVX",
    ),
    CalendarChange(
        dt.date(2024, 5, 4),
        working=True,
        name="Làm bù cho ngày nghỉ thứ Hai 29/4/2024",
        name_en="Make-up working day for Monday 29 April 2024",
        source="2450/VPCP-KGVX",
    ),
    CalendarChange(
        dt.date(2025, 4, 26),
        working=True,
        name="Làm bù cho ngày nghỉ thứ Sáu 02/5/2025",
        name_en="Make-up working day for Friday 2 May 2025",
        source="6150/TB-BLĐTBXH",
    ),
    CalendarChange(
        dt.date(2025, 5, 2),
        working=False,
        name="Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù thứ Bảy 26/4/2025)",
        name_en="Day off for Reunification Day and Labour Day (worked on Saturday 26 April 2025)",
        source="6150/TB-BLĐTBXH",
    ),
    CalendarChange(
        dt.date(2026, 1, 2),
        working=False,
        name="Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        name_en="Day off for New Year's Day (worked on Saturday 10 January 2026)",
        source="12729/VPCP-KGVX",
    ),
    CalendarChange(
        dt.date(2026, 1, 10),
        working=True,
        name="Làm bù cho ngày nghỉ thứ Sáu 02/01/2026",
        name_en="Make-up working day for Friday 2 January 2026",
        source="12729/VPCP-KGVX",
    ),
    CalendarChange(
        dt.date(2026, 8, 22),
        working=True,
        name="Làm bù cho ngày nghỉ thứ Hai 31/8/2026",
        name_en="Make-up working day for Monday 31 August 2026",
    ),
    CalendarChange(
        dt.date(2026, 8, 31),
        working=False,
        name="Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)",
        name_en="Day off for National Day (worked on Saturday 22 August 2026)",
    ),
)
"""The official calendar decisions the library ships, each with its source document."""


# ---------------------------------------------------------------------------------
# The holidays package, read once per year. It is imported on first use (it takes
# longer to import than the rest of the library), so that importing this module,
# the model or the command line stays quick. What is read is kept in the tables
# below for the life of the process; a cache may carry them over to the next
# process (:func:`_snapshot`, :func:`_restore`), which then need not import the
# package at all.


@attrs.frozen
class _Entry:
    """A named day before the weekend is taken into account."""

    date: dt.date
    working: bool
    statutory: bool
    name: str
    name_en: str | None
    source: str | None


_RANGE: dict[str, tuple[int, int]] = {}
"""The years the package covers (under the key ``"VN"``), once read."""
_ENTRIES: dict[int, tuple[_Entry, ...]] = {}
"""The package's named days of each year read."""
_TET: dict[int, dt.date | None] = {}
"""The first day of the lunar new year of each year asked for."""


def _package_years() -> tuple[int, int]:
    years = _RANGE.get("VN")
    if years is None:
        from holidays.countries.vietnam import Vietnam

        years = _RANGE["VN"] = (Vietnam.start_year, Vietnam.end_year)
    return years


def _in_package_range(year: int) -> bool:
    first, last = _package_years()
    return first <= year <= last


def _package_entries(year: int) -> tuple[_Entry, ...]:
    """The ``holidays`` package's days off and make-up working days of ``year``.

    A day the package lists without its observed-day rules is a statutory holiday,
    unless it is a swapped day ("Ngày nghỉ (thay cho ngày …)"); every other day off
    it lists is a day off in lieu.
    """
    entries = _ENTRIES.get(year)
    if entries is None:
        entries = _ENTRIES[year] = _read_package_entries(year)
    return entries


def _read_package_entries(year: int) -> tuple[_Entry, ...]:
    if not _in_package_range(year):
        return ()
    import holidays

    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    statutory = holidays.country_holidays("VN", years=year, language="vi", observed=False)
    label = getattr(vi, "substituted_label", "")
    swapped_prefix = vi.tr(label).partition("%s")[0] if isinstance(label, str) and label else None
    entries = [
        _Entry(
            date=day,
            working=False,
            statutory=day in statutory
            and not (swapped_prefix and statutory[day].startswith(swapped_prefix)),
            name=_nfc(name),
            name_en=en.get(day),
            source=None,
        )
        for day, name in vi.items()
        if day.year == year
    ]
    entries.extend(
        _Entry(
            date=day,
            working=True,
            statutory=False,
            name="Ngày làm bù",
            name_en="Make-up working day",
            source=None,
        )
        for day in vi.weekend_workdays
        if day.year == year and day not in vi
    )
    return tuple(entries)


def _tet(year: int) -> dt.date | None:
    if year in _TET:
        return _TET[year]
    found: dt.date | None = None
    if _in_package_range(year):
        import holidays

        days = holidays.country_holidays("VN", years=year, language="en_US", observed=False)
        named = days.get_named("Lunar New Year", lookup="exact")
        found = min(named) if named else None
    _TET[year] = found
    return found


@attrs.frozen
class _Snapshot:
    """What the process has read from the ``holidays`` package (see :func:`_snapshot`)."""

    years: tuple[int, int] | None
    entries: tuple[tuple[int, tuple[_Entry, ...]], ...]
    tet: tuple[tuple[int, dt.date | None], ...]


def _snapshot() -> _Snapshot:
    """Everything read from the ``holidays`` package so far, as plain data: for a
    cache to keep between processes and give back to :func:`_restore`. It depends
    only on the package's version and this module's code, which the cache's key
    must therefore hold."""
    return _Snapshot(
        years=_RANGE.get("VN"),
        entries=tuple(sorted(_ENTRIES.items())),
        tet=tuple(sorted(_TET.items())),
    )


def _restore(snapshot: _Snapshot) -> None:
    """Take what a :func:`_snapshot` of an earlier process holds (years already read
    in this process are kept as they are)."""
    if snapshot.years is not None:
        _RANGE.setdefault("VN", snapshot.years)
    for year, entries in snapshot.entries:
        _ENTRIES.setdefault(year, entries)
    for year, tet in snapshot.tet:
        _TET.setdefault(year, tet)


# ---------------------------------------------------------------------------------
# The calendar.


@attrs.frozen
class _Year:
    """One year of a calendar, precomputed for fast look-ups and counts."""

    days: Mapping[dt.date, DayInfo]
    nonworking: frozenset[dt.date]
    """Every non-working day of the year, weekends included."""
    off_weekdays: tuple[int, ...]
    """Sorted ordinals of the non-working days that fall on ordinary weekdays."""
    worked_weekends: tuple[int, ...]
    """Sorted ordinals of the working days that fall on weekend days."""


_FIRST_ORDINAL: Final = dt.date.min.toordinal()
_LAST_ORDINAL: Final = dt.date.max.toordinal()


def _weekday_of(ordinal: int) -> int:
    return (ordinal - 1) % 7  # ordinal 1 (0001-01-01) was a Monday


class WorkCalendar:
    """Which days are working days: weekends, public holidays, days off in lieu and
    make-up working days, with the official changes and your own on top.

    ``changes`` override the official ones and the ``holidays`` package (the same date
    given twice with opposite ``working`` raises
    :class:`~actionplan.errors.CalendarDataError`). ``official=False`` leaves out
    :data:`OFFICIAL_CHANGES`. ``weekend`` holds the weekly rest days (Monday is 0).
    ``language`` (``"vi"`` or ``"en"``) is the default language of :meth:`reason`.

    A calendar does not change once made; its years are read from the ``holidays``
    package on first use and kept. Years the package does not cover have no public
    holidays, only weekends and the changes given.

    >>> cal = WorkCalendar([CalendarChange(dt.date(2026, 11, 24), True, "Không nghỉ")])
    >>> cal.is_working_day(dt.date(2026, 11, 24))
    True
    >>> WorkCalendar().is_working_day(dt.date(2026, 11, 24))
    False
    """

    __slots__ = (
        "_by_year",
        "_changes",
        "_language",
        "_official",
        "_per_week",
        "_weekend",
        "_years",
    )

    _changes: tuple[CalendarChange, ...]
    _official: bool
    _weekend: frozenset[int]
    _per_week: int
    _language: Language
    _by_year: Mapping[int, Mapping[dt.date, CalendarChange]]
    _years: dict[int, _Year]

    def __init__(
        self,
        changes: Iterable[CalendarChange] = (),
        *,
        official: bool = True,
        weekend: Iterable[int] = (5, 6),
        language: str = "vi",
    ) -> None:
        changes = tuple(changes)
        weekend_days = frozenset(weekend)
        bad = sorted(
            (d for d in weekend_days if not isinstance(d, int) or not 0 <= d <= 6), key=str
        )
        if bad:
            raise ValidationError(
                "WorkCalendar",
                "weekend",
                f"weekdays are numbered 0 (Monday) to 6 (Sunday), found {bad!r}",
            )
        if len(weekend_days) == 7:
            raise ValidationError(
                "WorkCalendar",
                "weekend",
                "every day of the week is a rest day, so there would be no working days; "
                "the public sector rests on (5, 6): Saturday and Sunday",
            )
        user: dict[dt.date, CalendarChange] = {}
        for change in changes:
            if not isinstance(change, CalendarChange):
                raise ValidationError(
                    "WorkCalendar",
                    "changes",
                    f"expected CalendarChange items, found {type(change).__name__}: {change!r}",
                )
            earlier = user.get(change.date)
            if earlier is not None and earlier.working != change.working:
                raise CalendarDataError(
                    f"calendar changes: {change.date.isoformat()} is given both as a working day "
                    f"({(earlier if earlier.working else change).name!r}) and as a day off "
                    f"({(change if earlier.working else earlier).name!r}); "
                    "keep one of the two"
                )
            user[change.date] = change
        merged: dict[dt.date, CalendarChange] = (
            {c.date: c for c in OFFICIAL_CHANGES} if official else {}
        )
        merged.update(user)
        by_year: dict[int, dict[dt.date, CalendarChange]] = {}
        for day, change in merged.items():
            by_year.setdefault(day.year, {})[day] = change
        init = object.__setattr__
        init(self, "_changes", changes)
        init(self, "_official", bool(official))
        init(self, "_weekend", weekend_days)
        init(self, "_per_week", 7 - len(weekend_days))
        init(self, "_language", language_of(language, "WorkCalendar"))
        init(self, "_by_year", by_year)
        init(self, "_years", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __repr__(self) -> str:
        return (
            f"WorkCalendar({len(self._changes)} changes, official={self._official}, "
            f"weekend={tuple(sorted(self._weekend))}, language={self._language!r})"
        )

    # -- what the calendar was made with -------------------------------------------

    @property
    def user_changes(self) -> tuple[CalendarChange, ...]:
        """The changes given when the calendar was made, in their order."""
        return self._changes

    @property
    def official(self) -> bool:
        """Whether :data:`OFFICIAL_CHANGES` are applied."""
        return self._official

    @property
    def weekend(self) -> frozenset[int]:
        """The weekly rest days (Monday is 0, Sunday 6)."""
        return self._weekend

    @property
    def language(self) -> Language:
        """The default language of :meth:`reason`."""
        return self._language

    def with_changes(self, changes: Iterable[CalendarChange]) -> WorkCalendar:
        """A new calendar with ``changes`` on top of this one's (they win on a clash).

        >>> cal = WorkCalendar().with_changes(
        ...     [CalendarChange(dt.date(2027, 5, 3), False, "Nghỉ bù")])
        >>> cal.day_type(dt.date(2027, 5, 3))
        <DayType.DAY_OFF: 'day_off'>
        """
        new = tuple(changes)
        dates = {c.date for c in new if isinstance(c, CalendarChange)}
        kept = tuple(c for c in self._changes if c.date not in dates)
        return WorkCalendar(
            (*kept, *new),
            official=self._official,
            weekend=self._weekend,
            language=self._language,
        )

    # -- per-year data ---------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = self._build_year(year)
        return data

    def _build_year(self, year: int) -> _Year:
        entries = {entry.date: entry for entry in _package_entries(year)}
        for change in self._by_year.get(year, {}).values():
            entries[change.date] = _Entry(
                date=change.date,
                working=change.working,
                statutory=False,
                name=change.name,
                name_en=change.name_en,
                source=change.source,
            )
        weekend = self._weekend
        days: dict[dt.date, DayInfo] = {}
        for day in sorted(entries):
            entry = entries[day]
            on_weekend = day.weekday() in weekend
            if entry.working:
                kind = DayType.MAKEUP_WORKING if on_weekend else DayType.WORKING
            else:
                kind = DayType.HOLIDAY if entry.statutory else DayType.DAY_OFF
            days[day] = DayInfo(day, kind, entry.name, entry.name_en, entry.source)
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        nonworking = {
            dt.date.fromordinal(o)
            for o in range(first, last + 1)
            if _weekday_of(o) in weekend and dt.date.fromordinal(o) not in days
        }
        nonworking.update(day for day, info in days.items() if not info.working)
        off_weekdays = tuple(
            day.toordinal()
            for day, info in days.items()
            if not info.working and day.weekday() not in weekend
        )
        worked_weekends = tuple(
            day.toordinal()
            for day, info in days.items()
            if info.working and day.weekday() in weekend
        )
        return _Year(days, frozenset(nonworking), off_weekdays, worked_weekends)

    # -- single days -----------------------------------------------------------------

    def is_working_day(self, date: dt.date) -> bool:
        """Whether ``date`` is a working day.

        >>> WorkCalendar().is_working_day(dt.date(2026, 1, 10))  # a make-up Saturday
        True
        """
        _check_date(date)
        return date not in self._year(date.year).nonworking

    def day_type(self, date: dt.date) -> DayType:
        """What kind of day ``date`` is.

        >>> WorkCalendar().day_type(dt.date(2024, 9, 2))
        <DayType.HOLIDAY: 'holiday'>
        """
        _check_date(date)
        info = self._year(date.year).days.get(date)
        if info is not None:
            return info.type
        return DayType.WEEKEND if date.weekday() in self._weekend else DayType.WORKING

    def day_info(self, date: dt.date) -> DayInfo | None:
        """The named day at ``date`` (holiday, day off, make-up day), or ``None``."""
        _check_date(date)
        return self._year(date.year).days.get(date)

    def reason(self, date: dt.date, language: str | None = None) -> str | None:
        """Why ``date`` is what it is: the holiday's or swap's name, ``"cuối tuần"``
        (``"weekend"``) for a weekend, ``None`` for an ordinary working day.

        ``language`` is ``"vi"`` or ``"en"``; it defaults to the calendar's.

        >>> cal = WorkCalendar()
        >>> cal.reason(dt.date(2024, 9, 2))
        'Quốc khánh'
        >>> cal.reason(dt.date(2024, 9, 2), "en")
        'National Day'
        >>> cal.reason(dt.date(2024, 9, 7), "en"), cal.reason(dt.date(2024, 9, 9))
        ('weekend', None)
        """
        lang = self._language if language is None else language_of(language, "WorkCalendar")
        info = self.day_info(date)
        if info is not None:
            return info.display_name(lang)
        if date.weekday() in self._weekend:
            return _WEEKEND_REASON[lang]
        return None

    def changes(self, year: int) -> list[DayInfo]:
        """The named days of ``year`` in date order: public holidays (also those on a
        weekend), days off in lieu, make-up working days, and cancelled holidays.

        >>> [(d.date.isoformat(), d.type.value) for d in WorkCalendar().changes(2024)][-4:]
        [('2024-05-01', 'holiday'), ('2024-05-04', 'makeup_working'), \
('2024-09-02', 'holiday'), ('2024-09-03', 'holiday')]
        """
        return list(self._year(year).days.values())

    def tet(self, year: int) -> dt.date | None:
        """The first day of the lunar new year (Tết Nguyên Đán) in ``year``, by the
        Vietnamese calendar; ``None`` outside the years the ``holidays`` package covers.

        >>> WorkCalendar().tet(2030)
        datetime.date(2030, 2, 2)
        """
        return _tet(year)

    # -- moving between working days -------------------------------------------------

    def next_working_day(self, date: dt.date) -> dt.date:
        """The first working day strictly after ``date``.

        >>> WorkCalendar().next_working_day(dt.date(2024, 4, 26))
        datetime.date(2024, 5, 2)
        """
        _check_date(date)
        one = dt.timedelta(days=1)
        date += one
        while not self.is_working_day(date):
            date += one
        return date

    def previous_working_day(self, date: dt.date) -> dt.date:
        """The last working day strictly before ``date``.

        >>> WorkCalendar().previous_working_day(dt.date(2024, 5, 2))
        datetime.date(2024, 4, 26)
        """
        _check_date(date)
        one = dt.timedelta(days=1)
        date -= one
        while not self.is_working_day(date):
            date -= one
        return date

    def roll_forward(self, date: dt.date) -> dt.date:
        """``date`` if it is a working day, else the next one (Civil Code, Art. 148:
        a period ending on a day off ends on the next working day).

        >>> WorkCalendar().roll_forward(dt.date(2024, 2, 8))
        datetime.date(2024, 2, 15)
        """
        return date if self.is_working_day(date) else self.next_working_day(date)

    def roll_backward(self, date: dt.date) -> dt.date:
        """``date`` if it is a working day, else the working day before it.

        >>> WorkCalendar().roll_backward(dt.date(2024, 2, 14))
        datetime.date(2024, 2, 7)
        """
        return date if self.is_working_day(date) else self.previous_working_day(date)

    def add_working_days(self, date: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``date``; counting starts the day after
        (Civil Code, Art. 147), so ``date`` itself never counts.

        ``n=0`` returns ``date`` unchanged (working day or not). A negative ``n``
        counts backwards: the ``-n``-th working day before ``date``. For ``n >= 0``,
        ``count_working_days(date, add_working_days(date, n)) == n``. Raises
        :class:`OverflowError` when the result would fall outside years 1-9999, and
        :class:`TypeError` when ``n`` is not a whole number.

        >>> cal = WorkCalendar()
        >>> cal.add_working_days(dt.date(2024, 4, 25), 3)  # 29/4-1/5 off, Sat 4/5 worked
        datetime.date(2024, 5, 3)
        >>> cal.add_working_days(dt.date(2024, 5, 3), -2)
        datetime.date(2024, 4, 26)
        """
        _check_date(date)
        try:
            n = operator.index(n)
        except TypeError:
            raise TypeError(
                f"expected a whole number of working days, found {type(n).__name__} {n!r}"
            ) from None
        if n == 0:
            return date
        step = 1 if n > 0 else -1
        remaining = abs(n)
        cur = date.toordinal()
        per_week = self._per_week
        # Leap whole weeks while far from the goal, never past it, then walk.
        while remaining > 3 * per_week:
            weeks = remaining // per_week - 1
            target = cur + 7 * weeks * step
            if not _FIRST_ORDINAL <= target <= _LAST_ORDINAL:
                break  # the walk below raises OverflowError at the edge of time
            found = (
                self._count_ordinals(cur + 1, target)
                if step > 0
                else self._count_ordinals(target, cur - 1)
            )
            if found >= remaining:
                break
            cur = target
            remaining -= found
        day = dt.date.fromordinal(cur)
        one = dt.timedelta(days=step)
        while remaining:
            day += one
            if day not in self._year(day.year).nonworking:
                remaining -= 1
        return day

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in ``(start, end]``: after ``start``, up to and
        including ``end``; negative (minus the days in ``(end, start]``) when ``end``
        comes first.

        >>> cal = WorkCalendar()
        >>> cal.count_working_days(dt.date(2024, 2, 7), dt.date(2024, 2, 15))
        1
        >>> cal.count_working_days(dt.date(2024, 2, 15), dt.date(2024, 2, 7))
        -1
        """
        _check_date(start)
        _check_date(end)
        a, b = start.toordinal(), end.toordinal()
        if a <= b:
            return self._count_ordinals(a + 1, b)
        return -self._count_ordinals(b + 1, a)

    def _count_ordinals(self, first: int, last: int) -> int:
        """Working days with ordinals in ``[first, last]``, without walking the days."""
        if first > last:
            return 0
        weekend = self._weekend
        weeks, rest = divmod(last - first + 1, 7)
        count = weeks * self._per_week
        start_weekday = _weekday_of(first)
        count += sum(1 for i in range(rest) if (start_weekday + i) % 7 not in weekend)
        first_year = dt.date.fromordinal(first).year
        last_year = dt.date.fromordinal(last).year
        for year in range(first_year, last_year + 1):
            data = self._year(year)
            off, worked = data.off_weekdays, data.worked_weekends
            if not off and not worked:
                continue
            if first_year < year < last_year:
                count += len(worked) - len(off)
                continue
            count -= bisect.bisect_right(off, last) - bisect.bisect_left(off, first)
            count += bisect.bisect_right(worked, last) - bisect.bisect_left(worked, first)
        return count


def _check_date(value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"expected a datetime.date, found {type(value).__name__} {value!r}; "
            "pass value.date() for a datetime"
        )


@functools.cache
def default_calendar() -> WorkCalendar:
    """The shared calendar: the ``holidays`` package plus :data:`OFFICIAL_CHANGES`,
    Saturday and Sunday off.

    >>> default_calendar() is default_calendar()
    True
    """
    return WorkCalendar()
