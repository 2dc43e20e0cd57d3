"""Working days: weekends, public holidays, swaps, user changes, and the arithmetic on them."""

import datetime as dt
import json
import unicodedata

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.cli.main import cli
from actionplan.errors import CalendarDataError, ValidationError
from actionplan.workdays import (
    OFFICIAL_CHANGES,
    CalendarChange,
    DayInfo,
    DayType,
    WorkCalendar,
    default_calendar,
)

D = dt.date
CAL = default_calendar()

H = DayType.HOLIDAY
OFF = DayType.DAY_OFF
MAKEUP = DayType.MAKEUP_WORKING
WORK = DayType.WORKING
WEEKEND = DayType.WEEKEND


# -- the official calendars of 2024, 2025 and 2026 ---------------------------------------

CATALOGUE = [
    # 2024: Tết 8-14/2 (7 days with the weekend), Hùng Kings 18/4, 29/4 swapped for Sat 4/5.
    (D(2024, 1, 1), H),
    (D(2024, 1, 2), WORK),
    (D(2024, 2, 7), WORK),
    (D(2024, 2, 8), OFF),
    (D(2024, 2, 9), H),
    (D(2024, 2, 10), H),
    (D(2024, 2, 11), H),
    (D(2024, 2, 12), H),
    (D(2024, 2, 13), H),
    (D(2024, 2, 14), OFF),
    (D(2024, 2, 15), WORK),
    (D(2024, 4, 18), H),
    (D(2024, 4, 27), WEEKEND),
    (D(2024, 4, 29), OFF),
    (D(2024, 4, 30), H),
    (D(2024, 5, 1), H),
    (D(2024, 5, 4), MAKEUP),
    (D(2024, 5, 5), WEEKEND),
    (D(2024, 9, 2), H),
    (D(2024, 9, 3), H),
    (D(2024, 9, 4), WORK),
    # 2025: Tết 27-31/1, Hùng Kings 7/4, Fri 2/5 swapped for Sat 26/4, National Day 1-2/9.
    (D(2025, 1, 1), H),
    (D(2025, 1, 27), OFF),
    (D(2025, 1, 28), H),
    (D(2025, 1, 29), H),
    (D(2025, 1, 31), H),
    (D(2025, 2, 3), WORK),
    (D(2025, 4, 7), H),
    (D(2025, 4, 26), MAKEUP),
    (D(2025, 4, 30), H),
    (D(2025, 5, 1), H),
    (D(2025, 5, 2), OFF),
    (D(2025, 5, 3), WEEKEND),
    (D(2025, 9, 1), H),
    (D(2025, 9, 2), H),
    # 2026: Fri 2/1 swapped for Sat 10/1 (12729/VPCP-KGVX), Tết 16-20/2, Hùng Kings on
    # Sunday 26/4 observed Monday 27/4, Mon 31/8 swapped for Sat 22/8, Culture Day 24/11.
    (D(2026, 1, 1), H),
    (D(2026, 1, 2), OFF),
    (D(2026, 1, 3), WEEKEND),
    (D(2026, 1, 5), WORK),
    (D(2026, 1, 10), MAKEUP),
    (D(2026, 1, 11), WEEKEND),
    (D(2026, 2, 13), WORK),
    (D(2026, 2, 16), H),
    (D(2026, 2, 17), H),
    (D(2026, 2, 20), H),
    (D(2026, 2, 23), WORK),
    (D(2026, 4, 26), H),
    (D(2026, 4, 27), OFF),
    (D(2026, 4, 30), H),
    (D(2026, 5, 1), H),
    (D(2026, 8, 22), MAKEUP),
    (D(2026, 8, 31), OFF),
    (D(2026, 9, 1), H),
    (D(2026, 9, 2), H),
    (D(2026, 9, 3), WORK),
    (D(2026, 11, 24), H),
]


@pytest.mark.parametrize(("date", "expected"), CATALOGUE)
def test_official_calendar_day_types(date: dt.date, expected: DayType) -> None:
    """Each listed day of 2024-2026 has the type the official decisions give it."""
    assert CAL.day_type(date) is expected


@pytest.mark.parametrize(("date", "expected"), CATALOGUE)
def test_working_day_agrees_with_day_type(date: dt.date, expected: DayType) -> None:
    """is_working_day is true exactly for working and make-up working days."""
    assert CAL.is_working_day(date) is (expected in (WORK, MAKEUP))


@pytest.mark.parametrize(
    ("year", "working_days"),
    [
        # 262 weekdays - 12 weekdays off + Sat 4/5
        (2024, 251),
        # 261 weekdays - 12 weekdays off + Sat 26/4
        (2025, 250),
        # 261 weekdays - 14 weekdays off + Sat 10/1 and Sat 22/8
        (2026, 249),
    ],
)
def test_working_days_per_year(year: int, working_days: int) -> None:
    """The year's working-day total matches the count worked out by hand."""
    assert CAL.count_working_days(D(year - 1, 12, 31), D(year, 12, 31)) == working_days


def test_official_changes_fill_the_2026_new_year_gap() -> None:
    """Without the official changes, 2/1/2026 is worked and 10/1/2026 is a weekend."""
    bare = WorkCalendar(official=False)
    assert bare.is_working_day(D(2026, 1, 2))
    assert not bare.is_working_day(D(2026, 1, 10))
    assert not CAL.is_working_day(D(2026, 1, 2))
    assert CAL.is_working_day(D(2026, 1, 10))


def test_package_swaps_remain_without_official_changes() -> None:
    """The swaps the holidays package knows apply even with official=False."""
    bare = WorkCalendar(official=False)
    assert bare.day_type(D(2024, 4, 29)) is OFF
    assert bare.day_type(D(2024, 5, 4)) is MAKEUP
    assert bare.reason(D(2024, 4, 29)) is not None
    assert bare.day_info(D(2024, 4, 29)) is not None
    assert bare.day_info(D(2024, 4, 29)).source is None  # type: ignore[union-attr]


def test_official_changes_have_one_entry_per_date() -> None:
    """No date appears twice in OFFICIAL_CHANGES."""
    dates = [c.date for c in OFFICIAL_CHANGES]
    assert len(dates) == len(set(dates))


def test_official_swaps_pair_a_day_off_with_a_worked_saturday() -> None:
    """Each year's official changes add as many days off as make-up Saturdays."""
    for year in {c.date.year for c in OFFICIAL_CHANGES}:
        changes = [c for c in OFFICIAL_CHANGES if c.date.year == year]
        worked = [c for c in changes if c.working]
        off = [c for c in changes if not c.working]
        assert len(worked) == len(off)
        assert all(c.date.weekday() == 5 for c in worked)
        assert all(c.date.weekday() < 5 for c in off)


@pytest.mark.parametrize(
    ("date", "source"),
    [
        (D(2024, 4, 29), "2450/VPCP-KGVX"),
        (D(2024, 5, 4), "2450/VPCP-KGVX"),
        (D(2025, 5, 2), "6150/TB-BLĐTBXH"),
        (D(2026, 1, 2), "12729/VPCP-KGVX"),
        (D(2026, 1, 10), "12729/VPCP-KGVX"),
    ],
)
def test_official_changes_name_their_source(date: dt.date, source: str) -> None:
    """changes(year) shows the deciding document of an official swap."""
    (info,) = [d for d in CAL.changes(date.year) if d.date == date]
    assert info.source == source


def test_official_names_are_nfc() -> None:
    """Every Vietnamese string shipped in OFFICIAL_CHANGES is NFC-normalised."""
    for change in OFFICIAL_CHANGES:
        for text in (change.name, change.name_en, change.source):
            assert text is None or unicodedata.normalize("NFC", text) == text


def test_changes_lists_the_year_in_order() -> None:
    """changes(2024) lists the holidays, days off and the make-up day, sorted by date."""
    days = CAL.changes(2024)
    assert [d.date for d in days] == sorted(d.date for d in days)
    assert {d.date for d in days} == {
        D(2024, 1, 1),
        *(D(2024, 2, day) for day in range(8, 15)),
        D(2024, 4, 18),
        D(2024, 4, 29),
        D(2024, 4, 30),
        D(2024, 5, 1),
        D(2024, 5, 4),
        D(2024, 9, 2),
        D(2024, 9, 3),
    }
    assert all(isinstance(d, DayInfo) and d.name and d.name_en for d in days)


def test_years_outside_the_package_have_weekends_only() -> None:
    """A year the holidays package does not cover has no named days, but weekends apply."""
    cal = WorkCalendar()
    assert cal.changes(2150) == []
    assert cal.is_working_day(D(2150, 1, 1))  # a Thursday
    assert cal.day_type(D(2150, 1, 3)) is WEEKEND
    assert cal.tet(2150) is None


def test_tet_follows_the_vietnamese_lunar_calendar() -> None:
    """Tết 2030 falls on 2/2/2030 in Vietnam (3/2 in China)."""
    assert CAL.tet(2030) == D(2030, 2, 2)
    assert CAL.tet(2024) == D(2024, 2, 10)


# -- reasons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        (D(2024, 9, 2), "vi", "Quốc khánh"),
        (D(2024, 9, 2), "en", "National Day"),
        (D(2024, 4, 18), "vi", "Ngày Giỗ Tổ Hùng Vương"),
        (D(2024, 9, 7), "vi", "cuối tuần"),
        (D(2024, 9, 7), "en", "weekend"),
        (D(2024, 9, 9), "vi", None),
        (D(2024, 9, 9), "en", None),
        (D(2026, 1, 10), "en", "Make-up working day for Friday 2 January 2026"),
        (D(2026, 1, 10), "vi", "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026"),
    ],
)
def test_reason(date: dt.date, language: str, expected: str | None) -> None:
    """reason() names the holiday or swap, says weekend, or gives None on a plain day."""
    assert CAL.reason(date, language) == expected


def test_reason_uses_the_calendar_language_by_default() -> None:
    """A calendar made with language='en' answers in English."""
    assert WorkCalendar(language="en").reason(D(2024, 9, 2)) == "National Day"
    assert WorkCalendar(language="en_US").reason(D(2024, 9, 7)) == "weekend"


def test_unknown_language_is_refused() -> None:
    """A language other than Vietnamese or English is a ValidationError naming it."""
    with pytest.raises(ValidationError, match="'fr'"):
        WorkCalendar(language="fr")
    with pytest.raises(ValidationError, match="'de'"):
        CAL.reason(D(2024, 9, 2), "de")


def test_day_type_labels_in_both_languages() -> None:
    """Every day type has a Vietnamese and an English label."""
    for kind in DayType:
        assert kind.label("vi") != kind.label("en")


# -- user changes ---------------------------------------------------------------------


def test_user_can_cancel_culture_day() -> None:
    """A working=True change turns the 24/11/2026 holiday into a named working day."""
    cal = WorkCalendar([CalendarChange(D(2026, 11, 24), working=True, name="Không nghỉ")])
    assert cal.is_working_day(D(2026, 11, 24))
    assert cal.day_type(D(2026, 11, 24)) is WORK
    assert cal.reason(D(2026, 11, 24)) == "Không nghỉ"


def test_user_day_off_on_a_weekday() -> None:
    """A working=False change makes a weekday a day off, with its name as the reason."""
    change = CalendarChange(D(2027, 5, 3), working=False, name="Nghỉ bù 1/5", source="1/TB-X")
    cal = WorkCalendar([change])
    assert cal.day_type(D(2027, 5, 3)) is OFF
    assert cal.reason(D(2027, 5, 3)) == "Nghỉ bù 1/5"
    assert cal.reason(D(2027, 5, 3), "en") == "Nghỉ bù 1/5"  # no English name given
    assert cal.day_info(D(2027, 5, 3)) == DayInfo(D(2027, 5, 3), OFF, "Nghỉ bù 1/5", None, "1/TB-X")


def test_user_make_up_saturday() -> None:
    """A working=True change on a Saturday makes it a make-up working day."""
    cal = WorkCalendar([CalendarChange(D(2027, 5, 8), working=True, name="Làm bù")])
    assert cal.day_type(D(2027, 5, 8)) is MAKEUP
    assert cal.count_working_days(D(2027, 5, 7), D(2027, 5, 10)) == 2


def test_user_changes_override_official_ones() -> None:
    """A user change on the date of an official one wins."""
    cal = WorkCalendar([CalendarChange(D(2026, 1, 2), working=True, name="Đi làm")])
    assert cal.is_working_day(D(2026, 1, 2))
    assert cal.reason(D(2026, 1, 2)) == "Đi làm"


def test_contradicting_user_changes_raise_naming_the_date() -> None:
    """The same date given as a day off and a working day is a CalendarDataError."""
    changes = [
        CalendarChange(D(2027, 1, 4), working=False, name="Nghỉ"),
        CalendarChange(D(2027, 1, 4), working=True, name="Làm"),
    ]
    with pytest.raises(CalendarDataError, match="2027-01-04"):
        WorkCalendar(changes)


def test_repeated_consistent_user_change_is_accepted() -> None:
    """The same date given twice the same way is not a contradiction; the last name wins."""
    cal = WorkCalendar(
        [
            CalendarChange(D(2027, 1, 4), working=False, name="Nghỉ A"),
            CalendarChange(D(2027, 1, 4), working=False, name="Nghỉ B"),
        ]
    )
    assert cal.reason(D(2027, 1, 4)) == "Nghỉ B"


def test_user_change_contradicting_an_official_one_is_an_override() -> None:
    """Contradicting an official change is an override, not an error."""
    cal = WorkCalendar([CalendarChange(D(2024, 5, 4), working=False, name="Không làm bù")])
    assert not cal.is_working_day(D(2024, 5, 4))


def test_with_changes_adds_on_top() -> None:
    """with_changes returns a new calendar; its changes win over the earlier ones."""
    base = WorkCalendar([CalendarChange(D(2027, 1, 4), working=False, name="Nghỉ")])
    new = base.with_changes([CalendarChange(D(2027, 1, 4), working=True, name="Làm")])
    assert not base.is_working_day(D(2027, 1, 4))
    assert new.is_working_day(D(2027, 1, 4))
    assert len(new.user_changes) == 1


def test_calendar_is_immutable() -> None:
    """Attributes of a calendar cannot be set after it is made."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAL._weekend = frozenset()


def test_change_name_is_normalised_to_nfc() -> None:
    """A decomposed Vietnamese name is stored NFC-normalised."""
    decomposed = unicodedata.normalize("NFD", "Nghỉ bù")
    change = CalendarChange(D(2027, 1, 4), working=False, name=decomposed)
    assert change.name == "Nghỉ bù"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"date": dt.datetime(2027, 1, 4, 8, 0), "working": False, "name": "x"}, "datetime"),
        ({"date": D(2027, 1, 4), "working": False, "name": "  "}, "empty"),
    ],
)
def test_bad_change_is_refused(kwargs: dict[str, object], match: str) -> None:
    """A change with a datetime or an empty name is a ValidationError."""
    with pytest.raises(ValidationError, match=match):
        CalendarChange(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("weekend", "match"), [((5, 7), "found"), (range(7), "no working")])
def test_bad_weekend_is_refused(weekend: tuple[int, ...], match: str) -> None:
    """Weekdays outside 0-6, or a week without working days, are refused."""
    with pytest.raises(ValidationError, match=match):
        WorkCalendar(weekend=weekend)


def test_sunday_only_weekend() -> None:
    """With only Sunday off, Saturdays are working days."""
    cal = WorkCalendar(weekend=(6,))
    assert cal.is_working_day(D(2024, 9, 7))
    assert cal.day_type(D(2024, 5, 4)) is WORK  # the make-up Saturday is an ordinary day


def test_datetime_is_refused() -> None:
    """A datetime is not a date: asking about one is a TypeError, not a wrong answer."""
    with pytest.raises(TypeError, match=r"\.date\(\)"):
        CAL.is_working_day(dt.datetime(2024, 9, 2, 9, 0))


# -- moving and counting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (D(2024, 2, 8), D(2024, 2, 15)),  # into the Tết block: out after it
        (D(2024, 2, 15), D(2024, 2, 15)),  # a working day stays
        (D(2024, 4, 27), D(2024, 5, 2)),  # Saturday before the 30/4 block
        (D(2025, 1, 25), D(2025, 2, 3)),
        (D(2026, 1, 1), D(2026, 1, 5)),
        (D(2026, 1, 10), D(2026, 1, 10)),  # a make-up Saturday is a working day
    ],
)
def test_roll_forward(date: dt.date, expected: dt.date) -> None:
    """roll_forward gives the date itself if working, else the next working day."""
    assert CAL.roll_forward(date) == expected


def test_roll_backward_and_neighbours() -> None:
    """roll_backward, next_ and previous_working_day step over the holiday blocks."""
    assert CAL.roll_backward(D(2024, 2, 14)) == D(2024, 2, 7)
    assert CAL.next_working_day(D(2024, 2, 7)) == D(2024, 2, 15)
    assert CAL.previous_working_day(D(2024, 2, 15)) == D(2024, 2, 7)
    assert CAL.next_working_day(D(2024, 5, 3)) == D(2024, 5, 4)
    assert CAL.previous_working_day(D(2024, 5, 6)) == D(2024, 5, 4)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 26/4, [29/4, 30/4, 1/5 off], 2/5, 3/5, Sat 4/5, 6/5 … 10/5, 13/5
        (D(2024, 4, 25), 10, D(2024, 5, 13)),
        (D(2024, 4, 25), 1, D(2024, 4, 26)),
        (D(2024, 4, 25), 2, D(2024, 5, 2)),
        (D(2024, 4, 25), 4, D(2024, 5, 4)),
        (D(2024, 5, 13), -10, D(2024, 4, 25)),
        (D(2024, 2, 7), 1, D(2024, 2, 15)),
        (D(2024, 2, 10), 0, D(2024, 2, 10)),  # n=0: the date unchanged, even a holiday
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
        (D(2025, 12, 31), 5, D(2026, 1, 9)),
        (D(2025, 12, 31), 6, D(2026, 1, 10)),  # Sat 10/1/2026 is worked
        (D(2024, 1, 1), 251, D(2024, 12, 31)),  # a whole year, through the fast path
        (D(2024, 12, 31), -250, D(2024, 1, 2)),  # 31/12 itself does not count
        (D(2024, 12, 31), -251, D(2023, 12, 29)),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    """add_working_days counts from the day after, skipping days off, counting make-ups."""
    assert CAL.add_working_days(start, n) == expected


def test_count_working_days_real_example() -> None:
    """(25/4/2024, 13/5/2024] holds 10 working days; reversed, minus 10."""
    assert CAL.count_working_days(D(2024, 4, 25), D(2024, 5, 13)) == 10
    assert CAL.count_working_days(D(2024, 5, 13), D(2024, 4, 25)) == -10
    assert CAL.count_working_days(D(2024, 5, 13), D(2024, 5, 13)) == 0


@pytest.mark.parametrize("n", [1.5, 2.0, "3", None])
def test_add_working_days_wants_a_whole_number(n: object) -> None:
    """A count that is not a whole number is a TypeError naming what was given, not a
    walk to the end of time."""
    with pytest.raises(TypeError, match=r"expected a whole number of working days, found"):
        CAL.add_working_days(D(2024, 8, 6), n)  # type: ignore[arg-type]


def test_add_working_days_beyond_year_9999_overflows() -> None:
    """A result past 31/12/9999 is an OverflowError."""
    with pytest.raises(OverflowError):
        CAL.add_working_days(D(9999, 12, 1), 100)


# -- properties -------------------------------------------------------------------------

DATES = st.dates(min_value=D(1995, 1, 1), max_value=D(2105, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Calendars with random user changes and weekends."""
    days = draw(st.lists(DATES, max_size=20, unique=True))
    changes = [
        CalendarChange(day, working=draw(st.booleans()), name=f"Thay đổi {i}")
        for i, day in enumerate(days)
    ]
    weekend = draw(st.sampled_from([(5, 6), (6,), (), (4, 5, 6), (0, 3)]))
    return WorkCalendar(changes, official=draw(st.booleans()), weekend=weekend)


def naive_count(cal: WorkCalendar, start: dt.date, end: dt.date) -> int:
    """Working days in (start, end], walking day by day."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sign * sum(1 for day in days if cal.is_working_day(day))


def naive_add(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    """The n-th working day after start, walking day by day."""
    step = dt.timedelta(days=1 if n > 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        remaining -= cal.is_working_day(day)
    return day


@settings(max_examples=150, deadline=None)
@given(calendars(), DATES, st.integers(min_value=0, max_value=800))
def test_count_inverts_add(cal: WorkCalendar, start: dt.date, n: int) -> None:
    """count_working_days(d, add_working_days(d, n)) == n for every n >= 0."""
    assert cal.count_working_days(start, cal.add_working_days(start, n)) == n


@settings(max_examples=150, deadline=None)
@given(calendars(), DATES, st.integers(min_value=-800, max_value=800))
def test_add_matches_walking(cal: WorkCalendar, start: dt.date, n: int) -> None:
    """The week-leaping add_working_days lands where a day-by-day walk does."""
    assert cal.add_working_days(start, n) == naive_add(cal, start, n)


@settings(max_examples=100, deadline=None)
@given(calendars(), DATES, st.integers(min_value=1, max_value=400))
def test_backwards_add_is_counted_back(cal: WorkCalendar, start: dt.date, n: int) -> None:
    """From a working day d, going back n working days and counting forward gives n."""
    day = cal.roll_forward(start)
    back = cal.add_working_days(day, -n)
    assert cal.is_working_day(back)
    assert cal.count_working_days(back, day) == n


@settings(max_examples=150, deadline=None)
@given(calendars(), DATES)
def test_roll_forward_lands_on_the_first_working_day(cal: WorkCalendar, day: dt.date) -> None:
    """roll_forward(d) is a working day, not before d, with no working day in between."""
    rolled = cal.roll_forward(day)
    assert rolled >= day
    assert cal.is_working_day(rolled)
    assert naive_count(cal, day - dt.timedelta(days=1), rolled - dt.timedelta(days=1)) == 0


@settings(max_examples=150, deadline=None)
@given(calendars(), DATES, st.integers(min_value=-4 * 366, max_value=4 * 366))
def test_fast_count_equals_naive_count(cal: WorkCalendar, start: dt.date, span: int) -> None:
    """The arithmetic count equals a day-by-day count over spans of up to four years."""
    end = start + dt.timedelta(days=span)
    assert cal.count_working_days(start, end) == naive_count(cal, start, end)


@settings(max_examples=100, deadline=None)
@given(calendars(), DATES)
def test_day_type_agrees_with_is_working_day(cal: WorkCalendar, day: dt.date) -> None:
    """day_type(d).working and is_working_day(d) never disagree."""
    assert cal.day_type(day).working is cal.is_working_day(day)


# -- the command line -----------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["workdays", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_add_json() -> None:
    """`workdays add` gives its schema, the start, N and the resulting date as JSON."""
    code, out, _ = run("add", "25/4/2024", "10", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "schema": "actionplan.workdays-add/1",
        "start": "2024-04-25",
        "n": 10,
        "date": "2024-05-13",
    }


def test_cli_add_negative_n() -> None:
    """A negative N counts backwards and is not mistaken for an option."""
    code, out, _ = run("add", "2024-05-13", "-10", "--format", "json")
    assert code == 0
    assert json.loads(out)["date"] == "2024-04-25"


def test_cli_add_text() -> None:
    """The text output of `workdays add` names the result and its weekday."""
    code, out, _ = run("add", "25/4/2024", "10")
    assert code == 0
    assert out.startswith("13/5/2024 (thứ Hai): 10 ngày làm việc sau 25/4/2024")
    code, out, _ = run("add", "25/4/2024", "1", "--language", "en")
    assert out.startswith("2024-04-26 (Friday): 1 working day after 2024-04-25")


def test_cli_check_json_official_day_off() -> None:
    """`workdays check` on 2/1/2026 reports a day off with its name and source."""
    code, out, _ = run("check", "02/01/2026", "--format", "json", "--language", "en")
    assert code == 0
    assert json.loads(out) == {
        "schema": "actionplan.workdays-check/1",
        "date": "2026-01-02",
        "working_day": False,
        "type": "day_off",
        "reason": "Day off for New Year's Day (worked on Saturday 10 January 2026)",
        "source": "12729/VPCP-KGVX",
    }


@pytest.mark.parametrize(
    ("date", "working", "kind", "reason"),
    [
        ("2026-01-10", True, "makeup_working", "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026"),
        ("2026-01-03", False, "weekend", "cuối tuần"),
        ("2026-01-05", True, "working", None),
    ],
)
def test_cli_check_json(date: str, working: bool, kind: str, reason: str | None) -> None:
    """`workdays check` gives the working flag, the day type and the reason."""
    code, out, _ = run("check", date, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["working_day"], data["type"], data["reason"]) == (working, kind, reason)


def test_cli_check_text() -> None:
    """The text of `workdays check` gives the type, the name and the source."""
    code, out, _ = run("check", "2026-01-02")
    assert code == 0
    assert "ngày nghỉ bù" in out
    assert "12729/VPCP-KGVX" in out


def test_cli_user_days() -> None:
    """--day-off and --working-day change the calendar of a command."""
    code, out, _ = run("check", "2027-01-04", "--day-off", "04/01/2027", "--format", "json")
    assert (code, json.loads(out)["working_day"]) == (0, False)
    code, out, _ = run("check", "24/11/2026", "--working-day", "24/11/2026", "--format", "json")
    assert (code, json.loads(out)["working_day"]) == (0, True)
    code, out, _ = run("add", "2026-01-01", "1", "--no-official", "--format", "json")
    assert (code, json.loads(out)["date"]) == (0, "2026-01-02")


def test_cli_list_json() -> None:
    """`workdays list 2026` lists the swaps with their deciding document, under its
    schema and year."""
    code, out, _ = run("list", "2026", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["schema", "year", "days"]
    assert (data["schema"], data["year"]) == ("actionplan.workdays-list/1", 2026)
    rows = data["days"]
    assert set(rows[0]) == {"date", "type", "name", "name_en", "source"}
    by_date = {row["date"]: row for row in rows}
    assert by_date["2026-01-02"]["source"] == "12729/VPCP-KGVX"
    assert by_date["2026-01-10"]["type"] == "makeup_working"
    assert by_date["2026-11-24"]["type"] == "holiday"
    assert [row["date"] for row in rows] == sorted(by_date)


def test_cli_list_text() -> None:
    """The text list has one line per named day, in the language asked for."""
    code, out, _ = run("list", "2024", "--language", "en")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(CAL.changes(2024))
    assert lines[0].startswith("2024-01-01 (Monday)")
    assert "2450/VPCP-KGVX" in out


def test_cli_list_year_without_holidays() -> None:
    """A year without named days says so instead of printing nothing."""
    code, out, _ = run("list", "2150", "--language", "en")
    assert code == 0
    assert "weekends only" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("add", "31/02/2024", "3"), "31/02/2024"),
        (("add", "2024-01-01", "three"), "three"),
        (("check", "tomorrow"), "tomorrow"),
        (
            ("check", "2024-01-02", "--day-off", "2/1/2024", "--working-day", "2/1/2024"),
            "2024-01-02",
        ),
        (("list", "twenty"), "twenty"),
        (("check", "2024-01-02", "--language", "fr"), "fr"),
        (("add", "9999-12-20", "100"), "9999"),
    ],
)
def test_cli_bad_input_exits_2(args: tuple[str, ...], needle: str) -> None:
    """Bad input exits with code 2 and says what was wrong, without a traceback."""
    code, out, err = run(*args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
