"""Reminder specs are read strictly, and fire at the right local moment, working
days counted with the plan's calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from actionplan.deadlines import FixedDeadline
from actionplan.errors import ParseError, ValidationError
from actionplan.ical import AlarmSpec, parse_alarms, to_calendar
from actionplan.ical.alarms import alarm_moment, default_alarms
from actionplan.model import ActionPlan, Task
from actionplan.workdays import CalendarChange, WorkCalendar

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7wd", (AlarmSpec(7, working=True),)),
        ("7wd,1d", (AlarmSpec(7, working=True), AlarmSpec(1))),
        (" 7WD , 1D ", (AlarmSpec(7, working=True), AlarmSpec(1))),
        ("0d", (AlarmSpec(0),)),
        ("+1wd", (AlarmSpec(1, working=True, after=True),)),
        ("2d@14:30", (AlarmSpec(2, at=dt.time(14, 30)),)),
        ("1d,1d", (AlarmSpec(1),)),
        ("none", ()),
        ("", ()),
    ],
)
def test_parse_alarms_catalogue(text: str, expected: tuple[AlarmSpec, ...]) -> None:
    """Each documented form reads as the spec it names; duplicates collapse."""
    assert parse_alarms(text) == expected


@pytest.mark.parametrize("text", ["7", "7w", "wd", "-1d", "1d@25:00", "1d@9", "3 ngày", "1d;2d"])
def test_parse_alarms_refuses(text: str) -> None:
    """A spec that is not understood raises ParseError quoting it and listing the forms."""
    with pytest.raises(ParseError) as info:
        parse_alarms(text)
    assert repr(text) in str(info.value)
    assert "7wd" in str(info.value)


@pytest.mark.parametrize("spec", ["7wd", "1d", "+1wd", "0d", "2d@14:30", "+3d@08:15"])
def test_spec_text_round_trips(spec: str) -> None:
    """str(spec) is the canonical text parse_alarms reads back."""
    assert str(parse_alarms(spec)[0]) == spec
    assert parse_alarms(str(parse_alarms(spec)[0])) == parse_alarms(spec)


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
    """+1wd after a Friday deadline fires on Monday at 09:00."""
    moment = alarm_moment(AlarmSpec(1, working=True, after=True), D(2024, 8, 16), WorkCalendar())
    assert moment == dt.datetime(2024, 8, 19, 9, 0)


def test_default_alarms_follow_due_soon_window() -> None:
    """The default reminders are the plan's due-soon window, the day before and overdue."""
    assert [str(s) for s in default_alarms(3)] == ["3wd", "1d", "+1wd"]
    assert [str(s) for s in default_alarms(0)] == ["1d", "+1wd"]


def _alarm_times(cal: Calendar) -> list[dt.datetime]:
    component = (cal.todos or cal.events)[0]
    return sorted(a.trigger.replace(tzinfo=None) for a in component.alarms.times)


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_triggers_fire_at_the_computed_moments(mode: str) -> None:
    """icalendar's own alarm arithmetic, applied to our TRIGGERs, lands exactly on
    09:00 of the days the specs name, in both modes (related to DUE or to START)."""
    plan = ActionPlan(
        "kh",
        "KH",
        calendar_changes=[CalendarChange(D(2024, 9, 27), working=False, name="Nghỉ địa phương")],
        tasks=[Task("1", "Báo cáo", deadline=FixedDeadline(D(2024, 9, 30)))],
    )
    cal = to_calendar(plan, mode=mode, alarms="3wd,1d,+1wd")  # type: ignore[arg-type]
    # 3 working days before Mon 30/9: Thu 26/9, Wed 25/9, Tue 24/9 (Fri 27/9 is off).
    assert _alarm_times(cal) == [
        dt.datetime(2024, 9, 24, 9),
        dt.datetime(2024, 9, 29, 9),
        dt.datetime(2024, 10, 1, 9),
    ]


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_timed_deadline_alarms(mode: str) -> None:
    """For a deadline at 20:00, '1d' fires at 09:00 the day before, in either mode
    (the event starts 30 minutes before the deadline)."""
    deadline = FixedDeadline(D(2024, 11, 25), time=dt.time(20))
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "Nộp", deadline=deadline)])
    cal = to_calendar(plan, mode=mode, alarms="1d")  # type: ignore[arg-type]
    component = (cal.todos or cal.events)[0]
    (alarm,) = component.alarms.times
    assert alarm.trigger == dt.datetime(2024, 11, 24, 2, tzinfo=dt.UTC)


def test_past_alarms_are_left_out() -> None:
    """With a cut-off date, reminders already past are not exported (importing them
    would only fire stale reminders)."""
    plan = ActionPlan(
        "kh", "KH", tasks=[Task("1", "Báo cáo", deadline=FixedDeadline(D(2024, 9, 30)))]
    )
    cal = to_calendar(plan, alarms="7wd,1d,+1wd", as_of=D(2024, 9, 29))
    assert _alarm_times(cal) == [dt.datetime(2024, 9, 29, 9), dt.datetime(2024, 10, 1, 9)]


def test_unit_alarms_override_by_lead() -> None:
    """A unit's own reminders replace the plan's for the tasks it leads."""
    plan = ActionPlan(
        "kh",
        "KH",
        tasks=[
            Task("1", "A", lead="cb1", deadline=FixedDeadline(D(2024, 9, 30))),
            Task("2", "B", lead="cb2", deadline=FixedDeadline(D(2024, 9, 30))),
        ],
    )
    cal = to_calendar(plan, alarms="1d", unit_alarms={"cb2": "0d,+1wd"})
    first, second = cal.todos
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in first.walk("VALARM")] == ["-PT15H"]
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in second.walk("VALARM")] == [
        "PT9H",
        "P1DT9H",
    ]


def test_done_tasks_get_no_alarms() -> None:
    """A completed or cancelled task reminds nobody."""
    from actionplan.model import ProgressUpdate

    plan = ActionPlan(
        "kh",
        "KH",
        tasks=[
            Task(
                "1",
                "A",
                deadline=FixedDeadline(D(2024, 9, 30)),
                updates=[ProgressUpdate(D(2024, 9, 1), "done")],
            ),
            Task(
                "2",
                "B",
                deadline=FixedDeadline(D(2024, 9, 30)),
                updates=[ProgressUpdate(D(2024, 9, 1), "cancelled")],
            ),
        ],
    )
    for mode in ("todo", "event"):
        cal = to_calendar(plan, mode=mode)  # type: ignore[arg-type]
        assert not cal.walk("VALARM")
