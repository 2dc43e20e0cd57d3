"""Recurring tasks in calendars are judged per occurrence, by the status engine: one
object per occurrence carries that occurrence's status; a series (RRULE) shows its
current occurrence and leaves the done ones out with EXDATE; a status report's rows,
cut-off date and working calendar are used; an untouched export reads back as no
change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_checks import problems
from ical_strategies import plans, recurring_plans
from ical_support import (
    ICAL_OF,
    engine_rows,
    exdates,
    node_check,
    reference_plan,
    replace_task,
)
from icalendar import Calendar, Component

from actionplan.deadlines import RecurringDeadline, occurrences
from actionplan.ical import iter_objects, read_calendar, to_calendar, to_ical_bytes
from actionplan.ical.names import task_uid
from actionplan.model import ActionPlan, Document, ProgressUpdate, Task
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind
from actionplan.schedule import deadline_context
from actionplan.status import evaluate
from actionplan.workdays import CalendarChange, default_calendar

D = dt.date
AS_OF = D(2024, 12, 10)
WINDOW = (D(2024, 8, 6), D(2025, 12, 31))
HEAVY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cut_offs = st.sampled_from([None, D(2024, 10, 1), D(2025, 3, 1)])


def _plan() -> ActionPlan:
    """The reference plan with progress on its two recurring tasks: the monthly
    report (an exact rule, task 3) was sent for August and (late) for September and
    is under way for October; the quarterly one (rolled, task 4) was sent for
    September and is under way for December."""
    plan = reference_plan()
    plan = replace_task(
        plan,
        "3",
        updates=[
            ProgressUpdate(D(2024, 8, 18), "done"),
            ProgressUpdate(D(2024, 9, 25), "done"),
            ProgressUpdate(D(2024, 10, 10), "in_progress", 30),
        ],
    )
    return replace_task(
        plan,
        "4",
        updates=[
            ProgressUpdate(D(2024, 9, 27), "done"),
            ProgressUpdate(D(2024, 12, 5), "in_progress", 50),
        ],
    )


def _objects(cal: Calendar) -> dict[str, Component]:
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VTODO", "VEVENT")}


def _completed_day(component: Component) -> dt.date:
    moment = component["COMPLETED"].dt
    return moment.astimezone(dt.timezone(dt.timedelta(hours=7))).date()  # type: ignore[no-any-return]


# -- one object per occurrence ------------------------------------------------------------


def test_each_occurrence_object_carries_its_own_status() -> None:
    """The September quarter is COMPLETED on its own completion day (with no
    reminders left), December is IN-PROCESS at 50 %, March not started; none of
    them takes the task's latest update for its own."""
    objects = _objects(to_calendar(_plan(), as_of=AS_OF))
    september = objects["kh45-4-20240930@actionplan"]
    december = objects["kh45-4-20241231@actionplan"]
    march = objects["kh45-4-20250331@actionplan"]
    assert (str(september["STATUS"]), int(september["PERCENT-COMPLETE"])) == ("COMPLETED", 100)
    assert september["COMPLETED"].to_ical() == b"20240926T170000Z"
    assert not september.walk("VALARM")
    assert (str(december["STATUS"]), int(december["PERCENT-COMPLETE"])) == ("IN-PROCESS", 50)
    assert "COMPLETED" not in december
    assert (str(march["STATUS"]), "PERCENT-COMPLETE" in march) == ("NEEDS-ACTION", False)
    assert march.walk("VALARM")


def test_occurrence_descriptions_and_stamps_are_their_own() -> None:
    """An occurrence's description tells its own progress, and its DTSTAMP is the
    date of the update that counts for it (else the plan's date of issue)."""
    objects = _objects(to_calendar(_plan(), as_of=AS_OF))
    september = objects["kh45-4-20240930@actionplan"]
    march = objects["kh45-4-20250331@actionplan"]
    assert "Tình trạng: Đã hoàn thành, hoàn thành ngày 27/9/2024" in str(september["DESCRIPTION"])
    assert "Tình trạng: Chưa có báo cáo" in str(march["DESCRIPTION"])
    assert september["DTSTAMP"].dt == dt.datetime(2024, 9, 27, tzinfo=dt.UTC)
    assert march["DTSTAMP"].dt == dt.datetime(2024, 8, 6, tzinfo=dt.UTC)


def test_occurrence_status_follows_the_cut_off_date() -> None:
    """Before the completion was reported the September quarter is still open."""
    objects = _objects(to_calendar(_plan(), as_of=D(2024, 9, 20)))
    assert str(objects["kh45-4-20240930@actionplan"]["STATUS"]) == "NEEDS-ACTION"


def test_cancelling_the_task_cancels_its_open_occurrences() -> None:
    """A task cancelled by its latest update cancels the occurrences still open;
    the one done stays done (status rule 7)."""
    plan = _plan()
    task = plan.task("4")
    plan = replace_task(
        plan, "4", updates=[*task.updates, ProgressUpdate(D(2024, 12, 9), "cancelled")]
    )
    objects = _objects(to_calendar(plan, as_of=AS_OF))
    statuses = {
        uid: str(c["STATUS"]) for uid, c in objects.items() if uid.startswith("kh45-4-2024")
    }
    assert statuses == {
        "kh45-4-20240930@actionplan": "COMPLETED",
        "kh45-4-20241231@actionplan": "CANCELLED",
    }
    assert str(objects["kh45-4-20250331@actionplan"]["STATUS"]) == "CANCELLED"


# -- one series ----------------------------------------------------------------------------


def test_series_shows_its_current_occurrence() -> None:
    """The monthly series is IN-PROCESS at 30 %: the October report, the earliest
    one not done, is under way; its description names that occurrence."""
    series = _objects(to_calendar(_plan(), as_of=D(2024, 10, 15)))["kh45-3@actionplan"]
    assert (str(series["STATUS"]), int(series["PERCENT-COMPLETE"])) == ("IN-PROCESS", 30)
    assert "COMPLETED" not in series
    assert "Tình trạng (kỳ hạn 19/10/2024): Đang thực hiện, 30 %" in str(series["DESCRIPTION"])


def test_series_starts_at_its_current_occurrence() -> None:
    """The August and September reports are done: the series starts (DTSTART and
    DUE) at October, the one under way, so that a task app showing it once shows
    that due date; nothing after it is done, so nothing is left out; its reminders
    name no date (every occurrence fires them)."""
    series = _objects(to_calendar(_plan(), as_of=D(2024, 10, 15)))["kh45-3@actionplan"]
    assert (series["DTSTART"].dt, series["DUE"].dt) == (D(2024, 10, 19), D(2024, 10, 19))
    assert "EXDATE" not in series
    assert {str(a["DESCRIPTION"]) for a in series.walk("VALARM")} == {
        "Nhắc việc: Báo cáo tình hình hoạt động hằng tháng (định kỳ)",
        "Quá hạn: Báo cáo tình hình hoạt động hằng tháng (định kỳ)",
    }


def test_an_overdue_occurrence_is_the_current_one() -> None:
    """With August not reported but September done, the series starts at August
    (not started) and leaves September out with EXDATE."""
    updates = [
        ProgressUpdate(D(2024, 9, 18), "in_progress", 80),
        ProgressUpdate(D(2024, 9, 19), "done"),
    ]
    plan = replace_task(reference_plan(), "3", updates=updates)
    series = _objects(to_calendar(plan, as_of=D(2024, 10, 1)))["kh45-3@actionplan"]
    assert str(series["STATUS"]) == "NEEDS-ACTION"
    assert "Tình trạng (kỳ hạn 19/8/2024): Chưa có báo cáo" in str(series["DESCRIPTION"])
    assert series["DTSTART"].dt == D(2024, 8, 19)
    assert series["EXDATE"].to_ical() == b"20240919"
    assert series["EXDATE"].params["VALUE"] == "DATE"


def test_clients_skip_the_done_occurrences(tmp_path: Any) -> None:
    """ical.js (Thunderbird) and recurring-ical-events expand the series of an
    overdue August and a done September from August, without September."""
    import recurring_ical_events

    updates = [ProgressUpdate(D(2024, 9, 19), "done")]
    plan = replace_task(reference_plan(), "3", updates=updates)
    data = to_ical_bytes(plan, as_of=D(2024, 10, 1))
    path = tmp_path / "kh45.ics"
    path.write_bytes(data)
    (result,) = node_check([path], until=D(2024, 12, 31))
    (series,) = [item for item in result["items"] if item["uid"] == "kh45-3@actionplan"]
    assert series["occurrences"] == ["2024-08-19", "2024-10-19", "2024-11-19", "2024-12-19"]
    expanded = recurring_ical_events.of(Calendar.from_ical(data), components=["VTODO"]).between(
        D(2024, 8, 1), D(2025, 1, 1)
    )
    days = sorted(c["DTSTART"].dt for c in expanded if str(c["UID"]) == "kh45-3@actionplan")
    assert days == [D(2024, 8, 19), D(2024, 10, 19), D(2024, 11, 19), D(2024, 12, 19)]


@pytest.mark.parametrize(
    ("until", "status"),
    [(D(2024, 10, 31), "COMPLETED"), (None, "NEEDS-ACTION")],
)
def test_series_is_completed_only_once_it_has_ended(until: dt.date | None, status: str) -> None:
    """Every occurrence in the window done: the series keeps its first date and
    leaves them all out; one that has ended is COMPLETED on its last completion
    (no reminders), one that goes on shows its next cycle."""
    deadline = RecurringDeadline("monthly", month_day=19, until=until)
    task = Task(
        "r",
        "Báo cáo tháng",
        deadline=deadline,
        updates=[
            ProgressUpdate(D(2024, 8, 16), "done"),
            ProgressUpdate(D(2024, 9, 17), "done"),
            ProgressUpdate(D(2024, 10, 18), "done"),
        ],
    )
    plan = ActionPlan(
        "kh",
        "KH",
        document=Document(DocumentKind.PLAN, issued_on=D(2024, 8, 6)),
        tasks=[task],
    )
    cal = to_calendar(plan, as_of=D(2024, 10, 20), window=(D(2024, 8, 6), D(2024, 10, 31)))
    (series,) = cal.todos
    assert str(series["STATUS"]) == status
    assert series["DTSTART"].dt == D(2024, 8, 19)
    assert exdates(series) == {D(2024, 8, 19), D(2024, 9, 19), D(2024, 10, 19)}
    if status == "COMPLETED":
        assert _completed_day(series) == D(2024, 10, 18)
        assert not series.walk("VALARM")
    else:
        assert "COMPLETED" not in series


def test_nothing_before_the_plan_was_issued() -> None:
    """A plan for the second half of 2024 issued on 6/8 asks for no July report:
    neither an occurrence object nor a series starts before the date of issue."""
    plan = attrs.evolve(reference_plan(), period=ReportingPeriod.half(2024, 2))
    objects = _objects(to_calendar(plan, as_of=D(2024, 8, 10)))
    assert objects["kh45-3@actionplan"]["DTSTART"].dt == D(2024, 8, 19)
    plan = replace_task(plan, "4", deadline=RecurringDeadline("monthly", month_day=-1, roll=True))
    dates = sorted(uid for uid in _objects(to_calendar(plan, as_of=D(2024, 8, 10))) if "-4-" in uid)
    # 31/7 is before the date of issue; 31/8 is a Saturday and 2-3/9 the National Day.
    assert dates[0] == "kh45-4-20240904@actionplan"


# -- from a status report --------------------------------------------------------------------


def test_report_rows_and_calendar_are_used() -> None:
    """A report made with a working calendar in which 31/12/2024 is a day off
    exports the rolled December quarter on 2/1/2025 (the next working day in that
    calendar), with the report's status for it; the plan alone keeps 31/12."""
    plan = _plan()
    day_off = CalendarChange(D(2024, 12, 31), working=False, name="Nghỉ địa phương")
    calendar = default_calendar().with_changes([day_off])
    report = evaluate(plan, as_of=AS_OF, calendar=calendar)
    row = next(r for r in report.rows if r.task.id == "4" and r.due and r.due.year == 2025)
    assert row.due == D(2025, 1, 2)
    from_report = _objects(to_calendar(report))
    assert "kh45-4-20241231@actionplan" not in from_report
    moved = from_report["kh45-4-20250102@actionplan"]
    assert str(moved["STATUS"]) == ICAL_OF[row.status] == "IN-PROCESS"
    assert "kh45-4-20241231@actionplan" in _objects(to_calendar(plan, as_of=AS_OF))


def test_report_gives_the_same_calendar_as_its_plan() -> None:
    """A report (and its plan's evaluation) exports what its plan exports as of the
    report's date; another as_of judges the occurrences again on that date."""
    plan = _plan()
    report = evaluate(plan, as_of=AS_OF)
    expected = to_ical_bytes(plan, as_of=AS_OF)
    assert to_ical_bytes(report) == expected
    assert to_ical_bytes(report.plans[0]) == expected
    assert to_ical_bytes(report, as_of=D(2024, 9, 20)) == to_ical_bytes(plan, as_of=D(2024, 9, 20))


# -- reading back ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode_of", ["bytes", "vdir"])
def test_untouched_export_reads_back_as_no_change(tmp_path: Any, mode_of: str) -> None:
    """An export of everything recorded, read back untouched, proposes nothing: each
    occurrence and each series is compared with what it was exported with."""
    from actionplan.ical import write_vdir

    plan = _plan()
    if mode_of == "bytes":
        assert read_calendar(to_ical_bytes(plan), plan) == ()
    else:
        write_vdir(plan, tmp_path)
        assert read_calendar(tmp_path, plan) == ()


def test_completing_one_occurrence_proposes_done_for_it() -> None:
    """Ticking off the December quarter in a client proposes a done update for task
    4, naming that occurrence."""
    plan = _plan()
    data = to_ical_bytes(plan, method=None)
    cal = Calendar.from_ical(data)
    for todo in cal.walk("VTODO"):
        if str(todo["UID"]) == "kh45-4-20241231@actionplan":
            todo["STATUS"] = "COMPLETED"
            todo.add("completed", dt.datetime(2024, 12, 20, 2, tzinfo=dt.UTC))
    (proposal,) = read_calendar(cal.to_ical(), plan)
    assert (proposal.task_id, proposal.occurrence) == ("4", D(2024, 12, 31))
    assert (proposal.update.state.value, proposal.update.date) == ("done", D(2024, 12, 20))
    assert proposal.previous is not None
    assert proposal.previous.value == "in_progress"


# -- generated plans -------------------------------------------------------------------------


def _check_against_engine(plan: ActionPlan, as_of: dt.date | None) -> None:
    rows = engine_rows(plan, as_of)
    objects = _objects(to_calendar(plan, as_of=as_of, window=WINDOW))
    ctx = deadline_context(plan)
    for task in plan.tasks:
        extensions = task.extensions if as_of is None else task.extensions_until(as_of)
        deadline = extensions[-1].deadline if extensions else task.deadline
        assert isinstance(deadline, RecurringDeadline)
        first = max(WINDOW[0], deadline.start or WINDOW[0])
        dates = occurrences(deadline, ctx, first, WINDOW[1])
        if not dates:
            continue
        series = objects.get(task_uid(plan.id, task.id))
        if series is None:
            for due in dates:
                component = objects[task_uid(plan.id, task.id, due)]
                row = rows[(task.id, due)]
                assert str(component["STATUS"]) == ICAL_OF[row.status]
                if row.status.is_done:
                    assert _completed_day(component) == row.done_on
                else:
                    assert "COMPLETED" not in component
            continue
        assert "RRULE" in series
        done = {due for due in dates if rows[(task.id, due)].status.is_done}
        current = next((d for d in dates if d not in done), None)
        if current is not None:
            assert series["DTSTART"].dt == series["DUE"].dt == current
            assert exdates(series) == {d for d in done if d > current}
            assert str(series["STATUS"]) == ICAL_OF[rows[(task.id, current)].status]
        else:
            ended = deadline.until is not None and deadline.until <= WINDOW[1]
            assert series["DTSTART"].dt == dates[0]
            assert exdates(series) == done
            assert str(series["STATUS"]) == ("COMPLETED" if ended else "NEEDS-ACTION")


@HEAVY
@given(plan=recurring_plans(), as_of=cut_offs)
def test_generated_objects_carry_the_engine_status(plan: ActionPlan, as_of: dt.date | None) -> None:
    """Generated recurring plans: every occurrence object has the status (and the
    completion day) the status engine gives its occurrence, and every series
    starts at, and shows, the earliest occurrence not done and leaves out exactly
    the ones done after it."""
    _check_against_engine(plan, as_of)


@HEAVY
@given(
    plan=st.one_of(recurring_plans(), plans(max_tasks=4)),
    mode=st.sampled_from(["todo", "event"]),
    as_of=cut_offs,
)
def test_generated_objects_pass_every_validator(
    plan: ActionPlan, mode: str, as_of: dt.date | None
) -> None:
    """Each object iter_objects makes is one whole calendar with one component, no
    METHOD and no ORGANIZER, keeping every rule of the strict checker, read by
    vobject and written back by icalendar byte for byte."""
    import vobject

    objects = list(iter_objects(plan, mode=mode, as_of=as_of, window=WINDOW))  # type: ignore[arg-type]
    assert len({o.uid for o in objects}) == len(objects)
    for item in objects:
        assert problems(item.data, method=None, single_object=True) == []
        vobject.readOne(item.data.decode("utf-8")).validate()
        if b"\\\\N" not in item.data:
            assert Calendar.from_ical(item.data).to_ical() == item.data
        (component,) = [
            c for c in Calendar.from_ical(item.data).walk() if c.name in ("VTODO", "VEVENT")
        ]
        assert str(component["UID"]) == item.uid
        assert int(component["SEQUENCE"]) == item.sequence


@HEAVY
@given(plan=recurring_plans())
def test_generated_exports_read_back_as_no_change(plan: ActionPlan) -> None:
    """An export of everything recorded, read back untouched, proposes nothing."""
    assert read_calendar(to_ical_bytes(plan, method=None), plan) == ()
