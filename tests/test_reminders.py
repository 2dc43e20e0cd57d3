"""Reminder specs (``7wd, 1d, overdue``) are read strictly, written back as they are
read, and fire on the right local day, working days counted with the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.errors import ParseError, ValidationError
from actionplan.reminders import (
    ALARM_FORMS,
    AlarmSpec,
    alarm_moment,
    default_alarms,
    format_alarms,
    parse_alarms,
)
from actionplan.workdays import WorkCalendar
from strategies import alarm_specs

D = dt.date
OVERDUE = AlarmSpec(1, working=True, after=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7wd", (AlarmSpec(7, working=True),)),
        ("7wd,1d", (AlarmSpec(7, working=True), AlarmSpec(1))),
        (" 7WD , 1D ", (AlarmSpec(7, working=True), AlarmSpec(1))),
        ("0d", (AlarmSpec(0),)),
        ("+1wd", (OVERDUE,)),
        ("overdue", (OVERDUE,)),
        ("Overdue", (OVERDUE,)),
        ("overdue@14:00", (AlarmSpec(1, working=True, after=True, at=dt.time(14)),)),
        ("overdue, +1wd", (OVERDUE,)),
        ("+3d", (AlarmSpec(3, after=True),)),
        ("2d@14:30", (AlarmSpec(2, at=dt.time(14, 30)),)),
        ("2d @ 14:30", (AlarmSpec(2, at=dt.time(14, 30)),)),
        ("1d,1d", (AlarmSpec(1),)),
        ("7wd, 1d, overdue", (AlarmSpec(7, working=True), AlarmSpec(1), OVERDUE)),
        ("none", ()),
        ("off", ()),
        ("", ()),
    ],
)
def test_parse_alarms_catalogue(text: str, expected: tuple[AlarmSpec, ...]) -> None:
    """Each documented form reads as the spec it names; duplicates collapse."""
    assert parse_alarms(text) == expected


def test_parse_alarms_reads_a_list_of_texts() -> None:
    """A list of texts (as a plan file may hold) reads as their specs, in order, each
    once; a list of none is no reminders."""
    assert parse_alarms(["7wd", "1d, overdue", "1d"]) == (
        AlarmSpec(7, working=True),
        AlarmSpec(1),
        OVERDUE,
    )
    assert parse_alarms([]) == ()


@pytest.mark.parametrize(
    "text",
    ["7", "7w", "wd", "-1d", "1d@25:00", "1d@9", "3 ngày", "1d;2d", "7wd,", "overdue2", "+overdue"],
)
def test_parse_alarms_refuses(text: str) -> None:
    """A spec that is not understood raises ParseError quoting it and listing the
    forms understood, the overdue reminder among them."""
    with pytest.raises(ParseError) as info:
        parse_alarms(text)
    assert repr(text) in str(info.value)
    assert info.value.expected == ALARM_FORMS
    assert "7wd" in str(info.value)
    assert "overdue" in str(info.value)


def test_parse_alarms_refuses_an_item_that_is_no_text() -> None:
    """A list item that is not a text is refused with the forms understood."""
    with pytest.raises(ParseError, match="not a text"):
        parse_alarms(["7wd", 7])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (AlarmSpec(7, working=True), "7wd"),
        (AlarmSpec(1), "1d"),
        (AlarmSpec(0), "0d"),
        (OVERDUE, "overdue"),
        (AlarmSpec(1, working=True, after=True, at=dt.time(14)), "overdue@14:00"),
        (AlarmSpec(2, working=True, after=True), "+2wd"),
        (AlarmSpec(1, after=True), "+1d"),
        (AlarmSpec(2, at=dt.time(14, 30)), "2d@14:30"),
        (AlarmSpec(3, after=True, at=dt.time(8, 15)), "+3d@08:15"),
    ],
)
def test_spec_text(spec: AlarmSpec, text: str) -> None:
    """str(spec) is its canonical text; the next working day after is 'overdue'."""
    assert str(spec) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(alarm_specs(), max_size=5, unique=True))
def test_format_then_parse_is_identity(specs: list[AlarmSpec]) -> None:
    """Whatever the specs, the text format_alarms writes reads back as the same specs."""
    assert parse_alarms(format_alarms(specs)) == tuple(specs)


@pytest.mark.parametrize("days", [-1, 5000, True])
def test_spec_validates_days(days: int) -> None:
    """Days are whole numbers from 0 to 3660."""
    with pytest.raises(ValidationError, match="days"):
        AlarmSpec(days)


def test_working_day_alarm_skips_holidays() -> None:
    """8 working days before Fri 10/5/2024 counts the make-up working Saturday 4/5 and
    skips the 30/4–1/5 holidays and the 29/4 day off in lieu: Fri 26/4."""
    moment = alarm_moment(AlarmSpec(8, working=True), D(2024, 5, 10), WorkCalendar())
    assert moment == dt.datetime(2024, 4, 26, 9, 0)


def test_overdue_alarm_is_next_working_day() -> None:
    """'overdue' after a Friday deadline fires on Monday at 09:00."""
    (overdue,) = parse_alarms("overdue")
    assert alarm_moment(overdue, D(2024, 8, 16), WorkCalendar()) == dt.datetime(2024, 8, 19, 9)


def test_default_alarms_follow_due_soon_window() -> None:
    """The default reminders are the plan's due-soon window, the day before and overdue."""
    assert format_alarms(default_alarms(3)) == "3wd, 1d, overdue"
    assert format_alarms(default_alarms(0)) == "1d, overdue"


def test_the_calendar_export_uses_the_same_specs() -> None:
    """actionplan.ical re-exports the specs of actionplan.reminders (older imports work)."""
    import actionplan.ical
    import actionplan.ical.alarms

    assert actionplan.ical.AlarmSpec is AlarmSpec
    assert actionplan.ical.parse_alarms is parse_alarms
    assert actionplan.ical.alarms.default_alarms is default_alarms
