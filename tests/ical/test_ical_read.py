"""Progress made in a client comes back as proposed updates; broken files are
refused with the file, the line and what was wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from ical_support import reference_plan
from icalendar import Calendar

from actionplan.deadlines import FixedDeadline
from actionplan.errors import CalendarFileError
from actionplan.ical import ProposedUpdate, read_calendar, to_calendar, to_ical_bytes, write_vdir
from actionplan.model import ActionPlan, ProgressState, ProgressUpdate, Task

D = dt.date
AS_OF = D(2024, 10, 15)


def _edit(plan: ActionPlan, target: str, **props: object) -> bytes:
    """The plan's export with ``props`` set on the object ``target`` (None removes)."""
    cal = to_calendar(plan, as_of=AS_OF, method=None)
    for todo in cal.todos:
        if str(todo["UID"]) == target:
            for name, value in props.items():
                key = name.replace("_", "-")
                todo.pop(key, None)
                if value is not None:
                    todo.add(key, value)
    return cal.to_ical()


def test_unchanged_export_proposes_nothing(plan: ActionPlan) -> None:
    """Reading back an export of the plan's full record proposes no update."""
    assert read_calendar(to_ical_bytes(plan), plan) == ()


def test_suspended_task_with_a_percentage_proposes_nothing(plan: ActionPlan) -> None:
    """A suspended task is exported NEEDS-ACTION with the percentage it had reached;
    read back untouched, that is no change (not work under way)."""
    task = plan.task("2")
    suspended = ProgressUpdate(D(2024, 10, 5), ProgressState.SUSPENDED)
    plan = ActionPlan(
        plan.id,
        plan.title,
        document=plan.document,
        tasks=[
            t if t.id != "2" else attrs.evolve(t, updates=[*task.updates, suspended])
            for t in plan.tasks
        ],
    )
    data = to_ical_bytes(plan)
    assert b"PERCENT-COMPLETE:60\r\n" in data
    assert read_calendar(data, plan) == ()


def test_completion_comes_back_as_done(plan: ActionPlan) -> None:
    """A to-do completed in a client is a done update dated by COMPLETED in the
    plan's time zone (18:00 UTC on 9/12 is 10/12 in Vietnam)."""
    data = _edit(
        plan,
        "kh45-2@actionplan",
        status="COMPLETED",
        completed=dt.datetime(2024, 12, 9, 18, tzinfo=dt.UTC),
        percent_complete=100,
    )
    (proposal,) = read_calendar(data, plan)
    assert proposal.task_id == "2"
    assert proposal.known
    assert proposal.update == ProgressUpdate(D(2024, 12, 10), ProgressState.DONE)
    assert proposal.previous is ProgressState.IN_PROGRESS


def test_percentage_change_is_dated_by_last_modified(plan: ActionPlan) -> None:
    """A new percentage is an in-progress update dated by LAST-MODIFIED."""
    data = _edit(
        plan,
        "kh45-2@actionplan",
        percent_complete=80,
        last_modified=dt.datetime(2024, 11, 3, 2, tzinfo=dt.UTC),
    )
    (proposal,) = read_calendar(data, plan)
    assert proposal.update == ProgressUpdate(D(2024, 11, 3), ProgressState.IN_PROGRESS, 80)


@pytest.mark.parametrize(
    ("status", "percent", "state"),
    [
        ("CANCELLED", None, ProgressState.CANCELLED),
        ("IN-PROCESS", None, ProgressState.IN_PROGRESS),
        ("NEEDS-ACTION", 30, ProgressState.IN_PROGRESS),
        (None, 100, ProgressState.DONE),
    ],
)
def test_status_mapping(
    plan: ActionPlan, status: str | None, percent: int | None, state: ProgressState
) -> None:
    """Client statuses map to progress states (a percentage without a status counts)."""
    data = _edit(plan, "kh45-6@actionplan", status=status, percent_complete=percent)
    (proposal,) = read_calendar(data, plan)
    assert proposal.update.state is state


def test_zero_percent_on_an_untouched_task_is_no_change(plan: ActionPlan) -> None:
    """Clients that add PERCENT-COMPLETE:0 to an untouched to-do change nothing."""
    data = _edit(plan, "kh45-6@actionplan", percent_complete=0)
    assert read_calendar(data, plan) == ()


def test_unknown_uid_is_reported_not_applicable(plan: ActionPlan) -> None:
    """A to-do of no task of the plan is proposed with task_id None."""
    data = _edit(plan, "kh45-6@actionplan", uid="someone-else@example.org", status="COMPLETED")
    (proposal,) = read_calendar(data, plan)
    assert (proposal.task_id, proposal.known, proposal.uid) == (
        None,
        False,
        "someone-else@example.org",
    )
    assert "unknown UID 'someone-else@example.org'" in str(proposal)


def test_occurrence_uid_maps_to_the_task(plan: ActionPlan) -> None:
    """One occurrence of a recurring task maps to the task and its due date."""
    data = _edit(plan, "kh45-4-20241231@actionplan", status="COMPLETED")
    (proposal,) = read_calendar(data, plan)
    assert (proposal.task_id, proposal.occurrence) == ("4", D(2024, 12, 31))


def test_a_task_id_ending_in_a_date_is_not_an_occurrence(plan: ActionPlan) -> None:
    """A task whose id reads like another task's occurrence ("4-20241231") is
    exported under a UID of its own, and each object maps back to its own task."""
    dated = Task("4-20241231", "Báo cáo riêng", deadline=FixedDeadline(D(2024, 12, 31)))
    plan = attrs.evolve(plan, tasks=[*plan.tasks, dated])
    uids = [str(t["UID"]) for t in to_calendar(plan, as_of=AS_OF, method=None).todos]
    assert len(uids) == len(set(uids))
    for target, task_id in (
        ("kh45-4-20241231@actionplan", "4"),
        ("kh45-4~2D20241231@actionplan", "4-20241231"),
    ):
        (proposal,) = read_calendar(_edit(plan, target, status="COMPLETED"), plan)
        assert proposal.task_id == task_id


def test_recurrence_id_override_maps_to_the_occurrence(plan: ActionPlan) -> None:
    """A client's override of one instance of an RRULE (RECURRENCE-ID) names the
    occurrence it completes."""
    cal = to_calendar(plan, as_of=AS_OF, method=None)
    series = next(t for t in cal.todos if str(t["UID"]) == "kh45-3@actionplan")
    override = Calendar.from_ical(series.to_ical())
    override.pop("RRULE")
    override.add("recurrence-id", D(2024, 9, 19))
    override["STATUS"] = "COMPLETED"
    override.add("completed", dt.datetime(2024, 9, 18, 3, tzinfo=dt.UTC))
    cal.add_component(override)
    (proposal,) = read_calendar(cal.to_ical(), plan)
    assert (proposal.task_id, proposal.occurrence, proposal.update.date) == (
        "3",
        D(2024, 9, 19),
        D(2024, 9, 18),
    )


def test_reads_a_folder_and_locates_proposals(tmp_path: Path, plan: ActionPlan) -> None:
    """A vdir is read file by file; each proposal says where its to-do is."""
    write_vdir(plan, tmp_path, as_of=AS_OF)
    target = tmp_path / "kh45-6@actionplan.ics"
    target.write_bytes(target.read_bytes().replace(b"STATUS:NEEDS-ACTION", b"STATUS:CANCELLED"))
    (proposal,) = read_calendar(tmp_path, plan)
    assert proposal.source == str(target)
    assert proposal.line == 5
    assert str(proposal).startswith(f"{target}:5: task '6': cancelled on 2024-08-06")


def test_proposals_are_frozen(plan: ActionPlan) -> None:
    """ProposedUpdate is a frozen attrs class."""
    proposal = ProposedUpdate("u", "1", ProgressUpdate(D(2024, 1, 1), "done"))
    with pytest.raises(AttributeError):
        proposal.task_id = "2"  # type: ignore[misc]


BARE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\n"
    "UID:kh45-1@actionplan\r\nDTSTAMP:20241001T000000Z\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n"
)
NO_END_TODO = BARE.format(extra="").replace("END:VTODO\r\n", "").encode()
NO_END_CALENDAR = BARE.format(extra="").replace("END:VCALENDAR\r\n", "").encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\r\n", "<bytes>:2: byte 0xFF is not UTF-8"),
        (
            BARE.format(extra="").replace("END:VTODO\r\n", "").encode(),
            "<bytes>:7: END:VCALENDAR does not close BEGIN:VTODO of line 4",
        ),
        (
            BARE.format(extra="").replace("END:VCALENDAR\r\n", "").encode(),
            "<bytes>:1: BEGIN:VCALENDAR has no END",
        ),
        (BARE.format(extra="just some text\r\n").encode(), "<bytes>:7: expected a content line"),
        (BARE.format(extra="COMPLETED:garbage\r\n").encode(), "<bytes>:7: cannot read 'COMPLETED"),
        (BARE.format(extra="STATUS:DONE\r\n").encode(), "<bytes>:7: STATUS:DONE is not a to-do"),
        (BARE.format(extra="PERCENT-COMPLETE:150\r\n").encode(), "<bytes>:7: PERCENT-COMPLETE:150"),
        (
            BARE.format(extra="").replace("DTSTAMP:20241001T000000Z\r\n", "").encode(),
            "<bytes>:4: this VTODO has no COMPLETED, LAST-MODIFIED or DTSTAMP",
        ),
        (b"hello\r\n", "<bytes>:1: expected a content line"),
        (b"SUMMARY:x\r\n", "<bytes>:1: SUMMARY is outside any component"),
    ],
)
def test_broken_files_are_located(data: bytes, message: str) -> None:
    """Each broken file raises CalendarFileError naming the line and the problem."""
    plan = reference_plan()
    with pytest.raises(CalendarFileError) as info:
        read_calendar(data, plan)
    assert str(info.value).startswith(message)


def test_missing_file(tmp_path: Path, plan: ActionPlan) -> None:
    """A file that cannot be read is a CalendarFileError naming it."""
    with pytest.raises(CalendarFileError, match=r"nope\.ics: cannot read the file"):
        read_calendar(tmp_path / "nope.ics", plan)
