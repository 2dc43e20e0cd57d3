"""Reminders become VALARMs that fire at the right local moment, working days
counted with the plan's calendar; the plan file's own reminders (the plan's, a
unit's) are used unless the caller gives others. The specs themselves are tested
in tests/test_reminders.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from actionplan.deadlines import FixedDeadline
from actionplan.files import loads_plan
from actionplan.ical import iter_objects, to_calendar, write_feeds
from actionplan.model import ActionPlan, Task, Unit
from actionplan.workdays import CalendarChange

D = dt.date


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


# -- the plan's and the units' own reminders ------------------------------------------

DUE = FixedDeadline(D(2024, 9, 30))  # a Monday


def _triggers(component: Calendar) -> list[str]:
    return [str(a["TRIGGER"].to_ical(), "ascii") for a in component.walk("VALARM")]


def _plan(alarms: str | None = None, cb1: str | None = None, cb2: str | None = None) -> ActionPlan:
    return ActionPlan(
        "kh",
        "KH",
        alarms=alarms,
        units=[Unit("cb1", "Chi bộ 1", alarms=cb1), Unit("cb2", "Chi bộ 2", alarms=cb2)],
        tasks=[
            Task("1", "A", lead="cb1", deadline=DUE),
            Task("2", "B", lead="cb2", deadline=DUE),
            Task("3", "C", deadline=DUE),
        ],
    )


# For a date deadline, triggers are related to DUE at 00:00 of the due day:
# 1d → 09:00 the day before; 0d → 09:00 on the day; overdue → 09:00 Tue 1/10.
ONE_DAY, ON_THE_DAY, OVERDUE = "-PT15H", "PT9H", "P1DT9H"


def test_the_plan_s_alarms_are_used_by_default() -> None:
    """Without alarms=, every task gets the plan's own reminders."""
    cal = to_calendar(_plan(alarms="1d, overdue"))
    assert [_triggers(todo) for todo in cal.todos] == [[ONE_DAY, OVERDUE]] * 3


def test_a_unit_s_alarms_replace_the_plan_s_for_the_tasks_it_leads() -> None:
    """A unit's reminders apply to the tasks it leads; its 'none' means none; a task
    with no lead (or a unit without its own) keeps the plan's."""
    cal = to_calendar(_plan(alarms="1d", cb1="0d, overdue", cb2="none"))
    assert [_triggers(todo) for todo in cal.todos] == [[ON_THE_DAY, OVERDUE], [], [ONE_DAY]]


def test_without_plan_alarms_the_defaults_apply_beside_a_unit_s() -> None:
    """A plan without its own reminders gets the default ones (due-soon window, the
    day before, overdue) except for the tasks of a unit that has its own."""
    cal = to_calendar(_plan(cb2="0d"))
    default = _triggers(to_calendar(_plan()).todos[0])
    assert len(default) == 3
    assert [_triggers(todo) for todo in cal.todos] == [default, [ON_THE_DAY], default]


def test_the_alarms_argument_overrides_the_plan_and_its_units() -> None:
    """alarms= replaces the plan's and every unit's reminders; unit_alarms= then
    gives a unit others."""
    plan = _plan(alarms="1d", cb1="0d", cb2="overdue")
    cal = to_calendar(plan, alarms="overdue")
    assert [_triggers(todo) for todo in cal.todos] == [[OVERDUE]] * 3
    cal = to_calendar(plan, alarms=(), unit_alarms={"cb2": "1d"})
    assert [_triggers(todo) for todo in cal.todos] == [[], [ONE_DAY], []]
    cal = to_calendar(plan, unit_alarms={"cb1": "overdue"})
    assert [_triggers(todo) for todo in cal.todos] == [[OVERDUE], [OVERDUE], [ONE_DAY]]


def test_objects_and_feeds_use_the_plan_s_alarms(tmp_path: Path) -> None:
    """iter_objects (folders, CalDAV) and write_feeds take the plan file's reminders
    too, in every feed."""
    plan = _plan(alarms="1d", cb1="0d")
    objects = {o.task_id: Calendar.from_ical(o.data) for o in iter_objects(plan)}
    assert _triggers(objects["1"].todos[0]) == [ON_THE_DAY]
    assert _triggers(objects["3"].todos[0]) == [ONE_DAY]
    paths = write_feeds(plan, tmp_path)
    for key in (None, "cb1"):
        first = Calendar.from_ical(paths[key].read_bytes()).todos[0]
        assert _triggers(first) == [ON_THE_DAY]


def test_a_plan_file_s_alarms_reach_the_calendar() -> None:
    """plan.alarms and units[].alarms written in a plan file give the reminders."""
    plan = loads_plan(
        """
plan: {id: kh, title: KH, alarms: "1d, overdue"}
units:
  - {id: cb1, name: Chi bộ 1, alarms: [0d]}
tasks:
  - {id: "1", title: A, lead: cb1, deadline: 2024-09-30}
  - {id: "2", title: B, deadline: 2024-09-30}
"""
    )
    first, second = to_calendar(plan).todos
    assert (_triggers(first), _triggers(second)) == ([ON_THE_DAY], [ONE_DAY, OVERDUE])
