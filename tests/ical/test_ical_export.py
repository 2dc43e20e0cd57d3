"""What the exported objects say: one behaviour per test, on the reference plan."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from ical_checks import problems, unfolded
from ical_support import reference_plan
from icalendar import Calendar, Component

from actionplan.deadlines import FixedDeadline, RecurringDeadline
from actionplan.errors import ValidationError
from actionplan.ical import to_calendar, to_ical_bytes
from actionplan.model import ActionPlan, Extension, ProgressUpdate, Task

D = dt.date
AS_OF = D(2024, 10, 15)


def _by_uid(cal: Calendar) -> dict[str, Component]:
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VTODO", "VEVENT")}


def _uid(task: str) -> str:
    return f"kh45-{task}@actionplan"


@pytest.mark.parametrize("mode", ["todo", "event"])
@pytest.mark.parametrize("method", ["PUBLISH", None])
def test_fast_path_is_byte_identical(plan: ActionPlan, mode: str, method: str | None) -> None:
    """to_ical_bytes gives exactly the bytes of to_calendar(...).to_ical()."""
    kwargs = {"mode": mode, "method": method, "as_of": AS_OF}
    assert to_ical_bytes(plan, **kwargs) == to_calendar(plan, **kwargs).to_ical()  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_two_exports_are_identical(mode: str) -> None:
    """Exporting the same plan twice (from two separately built plans) gives the same bytes."""
    first = to_ical_bytes(reference_plan(), mode=mode, as_of=AS_OF)  # type: ignore[arg-type]
    second = to_ical_bytes(reference_plan(), mode=mode, as_of=AS_OF)  # type: ignore[arg-type]
    assert first == second


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_reference_plan_passes_the_strict_checker(plan: ActionPlan, mode: str) -> None:
    """The reference plan's exports keep every rule of the strict checker."""
    assert problems(to_ical_bytes(plan, mode=mode, as_of=AS_OF)) == []  # type: ignore[arg-type]
    data = to_ical_bytes(plan, mode=mode, as_of=AS_OF, method=None)  # type: ignore[arg-type]
    assert problems(data, method=None) == []


def test_extension_changes_exactly_that_object(plan: ActionPlan) -> None:
    """Granting an extension changes that task's DUE and bumps its SEQUENCE; every
    other object stays byte for byte the same, and the UIDs do not change."""
    before = to_calendar(plan, as_of=D(2025, 3, 1))
    task = plan.task("2.1")
    extended = attrs.evolve(
        task,
        extensions=[Extension(D(2024, 11, 20), FixedDeadline(D(2024, 12, 10), text="10/12/2024"))],
    )
    changed = attrs.evolve(plan, tasks=[extended if t.id == "2.1" else t for t in plan.tasks])
    after = to_calendar(changed, as_of=D(2025, 3, 1))
    old, new = _by_uid(before), _by_uid(after)
    assert old.keys() == new.keys()
    differing = {uid for uid in old if old[uid].to_ical() != new[uid].to_ical()}
    assert differing == {_uid("2.1")}
    assert old[_uid("2.1")]["DUE"].dt.date() == D(2024, 11, 25)
    assert new[_uid("2.1")]["DUE"].dt == D(2024, 12, 10)
    assert int(new[_uid("2.1")]["SEQUENCE"]) == int(old[_uid("2.1")]["SEQUENCE"]) + 1


def test_sequence_counts_extensions_and_status_changes(plan: ActionPlan) -> None:
    """SEQUENCE = extensions in force + status changes up to the cut-off date; a new
    percentage alone (40 % → 60 %) changes no status and bumps nothing."""
    task = Task(
        "t",
        "X",
        deadline=FixedDeadline(D(2024, 12, 31)),
        updates=[
            ProgressUpdate(D(2024, 9, 1), "in_progress", 40),
            ProgressUpdate(D(2024, 9, 15), "in_progress", 60),
            ProgressUpdate(D(2024, 10, 1), "done"),
        ],
        extensions=[Extension(D(2024, 9, 20), FixedDeadline(D(2025, 1, 31)))],
    )
    one = ActionPlan("kh", "KH", tasks=[task])
    sequences = {
        as_of: int(to_calendar(one, as_of=as_of).todos[0]["SEQUENCE"])
        for as_of in (D(2024, 8, 1), D(2024, 9, 10), D(2024, 9, 16), D(2024, 9, 25), D(2024, 10, 2))
    }
    assert list(sequences.values()) == [0, 1, 1, 2, 3]


def test_dtstamp_comes_from_the_data(plan: ActionPlan) -> None:
    """DTSTAMP is the latest update or extension in force (else the plan's date of
    issue) at 00:00 UTC, never the clock; stamp= overrides it."""
    objects = _by_uid(to_calendar(plan, as_of=AS_OF))
    assert objects[_uid("1")]["DTSTAMP"].dt == dt.datetime(2024, 9, 25, tzinfo=dt.UTC)
    assert objects[_uid("5")]["DTSTAMP"].dt == dt.datetime(2024, 8, 6, tzinfo=dt.UTC)
    fixed = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    stamped = to_calendar(plan, as_of=AS_OF, stamp=fixed)
    assert {c["DTSTAMP"].dt for c in _by_uid(stamped).values()} == {fixed}


def test_todo_status_percent_and_completion(plan: ActionPlan) -> None:
    """STATUS, PERCENT-COMPLETE and COMPLETED (UTC, the completion day in the plan's
    zone) follow the latest update on or before the cut-off date."""
    early = _by_uid(to_calendar(plan, as_of=D(2024, 9, 1)))[_uid("1")]
    assert (str(early["STATUS"]), int(early["PERCENT-COMPLETE"])) == ("IN-PROCESS", 40)
    assert "COMPLETED" not in early
    late = _by_uid(to_calendar(plan, as_of=AS_OF))[_uid("1")]
    assert (str(late["STATUS"]), int(late["PERCENT-COMPLETE"])) == ("COMPLETED", 100)
    assert late["COMPLETED"].dt == dt.datetime(2024, 9, 24, 17, tzinfo=dt.UTC)
    assert late["COMPLETED"].to_ical() == b"20240924T170000Z"


@pytest.mark.parametrize(("priority", "value"), [("high", 1), ("normal", 5), ("low", 9)])
def test_priority_values(priority: str, value: int) -> None:
    """Priority maps to RFC 5545 PRIORITY 1 / 5 / 9."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", priority=priority)])
    assert int(to_calendar(plan).todos[0]["PRIORITY"]) == value


def test_categories_never_empty() -> None:
    """A bare task still has a category: the plan's number (or id)."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X")])
    data = to_ical_bytes(plan)
    assert b"\r\nCATEGORIES:kh\r\n" in data


def test_categories_carry_plan_section_unit_key_and_tags(plan: ActionPlan) -> None:
    """Categories: the plan's number, the section, the lead unit, 'key task', tags; a
    comma inside one becomes ' – ' (clients split categories on commas)."""
    objects = _by_uid(to_calendar(plan, as_of=AS_OF))
    assert objects[_uid("1")].categories == [
        "45-KH/ĐU",
        "II. Nhiệm vụ – giải pháp",
        "Chi bộ Văn phòng",
        "Nhiệm vụ trọng tâm",
    ]
    assert objects[_uid("5")].categories == ["45-KH/ĐU", "Đảng ủy Sở KH&CN", "CNTT"]


def test_date_deadline_is_a_date_with_a_date_start(plan: ActionPlan) -> None:
    """A date deadline is DUE;VALUE=DATE with DTSTART;VALUE=DATE on the same day
    ("trước ngày 15/12/2024" read strictly: 14/12; its extension is not yet granted)."""
    data = to_ical_bytes(plan, as_of=AS_OF)
    lines = unfolded(data)
    block = lines[lines.index(f"UID:{_uid('2')}") - 12 : lines.index(f"UID:{_uid('2')}")]
    assert "DUE;VALUE=DATE:20241214" in block
    assert "DTSTART;VALUE=DATE:20241214" in block


def test_timed_deadline_uses_the_iana_zone(plan: ActionPlan) -> None:
    """A timed deadline is written with TZID=Asia/Ho_Chi_Minh and one VTIMEZONE."""
    data = to_ical_bytes(plan, as_of=AS_OF)
    assert b"DUE;TZID=Asia/Ho_Chi_Minh:20241125T200000\r\n" in data
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20241125T200000\r\n" in data
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert b"+07:00" not in data


def test_no_vtimezone_without_timed_deadlines() -> None:
    """A calendar of date deadlines needs no VTIMEZONE and gets none."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", deadline=FixedDeadline(D(2024, 9, 30)))])
    assert b"VTIMEZONE" not in to_ical_bytes(plan)


def test_fixed_offset_timezone_is_refused() -> None:
    """A plan whose time zone is a fixed offset is refused with a fix."""
    plan = ActionPlan("kh", "KH", timezone="+07:00", tasks=[Task("1", "X")])
    with pytest.raises(ValidationError, match="Asia/Ho_Chi_Minh"):
        to_calendar(plan)


def test_relations(plan: ActionPlan) -> None:
    """A sub-task points at its parent (RELTYPE=PARENT) and at what it depends on
    (RELTYPE=DEPENDS-ON, RFC 9253)."""
    todo = _by_uid(to_calendar(plan, as_of=AS_OF))[_uid("2.1")]
    related = todo["RELATED-TO"]
    assert [(str(r), r.params["RELTYPE"]) for r in related] == [
        (_uid("2"), "PARENT"),
        (_uid("1"), "DEPENDS-ON"),
    ]


def test_exact_recurrence_is_one_rrule(plan: ActionPlan) -> None:
    """A recurrence whose rule gives every date is one object with that RRULE,
    starting at its first occurrence in the window."""
    todo = _by_uid(to_calendar(plan, as_of=AS_OF))[_uid("3")]
    assert todo["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20250630;BYMONTHDAY=19"
    assert todo["DTSTART"].dt == D(2024, 8, 19)
    assert b"BYSETPOS" not in to_ical_bytes(plan, as_of=AS_OF)


def test_rolled_recurrence_is_one_object_per_occurrence(plan: ActionPlan) -> None:
    """A recurrence moved off non-working days becomes one object per occurrence,
    each with a UID of its date, and no RRULE."""
    objects = _by_uid(to_calendar(plan, as_of=AS_OF))
    quarterly = sorted(uid for uid in objects if uid.startswith("kh45-4-"))
    # 30/9/2024 is a Monday; 31/12/2024 a Tuesday; 30/3/2025 a Sunday → 31/3.
    assert quarterly[:3] == [
        "kh45-4-20240930@actionplan",
        "kh45-4-20241231@actionplan",
        "kh45-4-20250331@actionplan",
    ]
    assert all("RRULE" not in objects[uid] for uid in quarterly)


def test_undated_tasks_are_todos_without_due_and_not_events(plan: ActionPlan) -> None:
    """An ongoing task is a VTODO without DUE (DTSTART: the plan's date of issue) and
    no event at all."""
    todo = _by_uid(to_calendar(plan, as_of=AS_OF))[_uid("5")]
    assert "DUE" not in todo
    assert todo["DTSTART"].dt == D(2024, 8, 6)
    assert _uid("5") not in _by_uid(to_calendar(plan, mode="event", as_of=AS_OF))


def test_event_mode_all_day_and_timed(plan: ActionPlan) -> None:
    """A date deadline is an all-day transparent event ending the next day; a timed
    one a 30-minute event ending at the deadline."""
    events = _by_uid(to_calendar(plan, mode="event", as_of=AS_OF))
    day = events[_uid("2")]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (D(2024, 12, 14), D(2024, 12, 15))
    assert str(day["TRANSP"]) == "TRANSPARENT"
    timed = events[_uid("2.1")]
    assert timed["DTEND"].dt - timed["DTSTART"].dt == dt.timedelta(minutes=30)
    assert timed["DTEND"].dt.hour == 20
    assert str(timed["DTEND"].dt.tzinfo) == "Asia/Ho_Chi_Minh"


def test_event_mode_puts_progress_in_the_description(plan: ActionPlan) -> None:
    """Events show progress in the description and mark a done task's summary."""
    events = _by_uid(to_calendar(plan, mode="event", as_of=AS_OF))
    assert "Tình trạng: Đang thực hiện, 60 % (cập nhật 01/10/2024)" in str(
        events[_uid("2")]["DESCRIPTION"]
    )
    assert str(events[_uid("1")]["SUMMARY"]).startswith("✓ ")


def test_english_descriptions(plan: ActionPlan) -> None:
    """language='en' writes the labels in English."""
    todo = _by_uid(to_calendar(plan, as_of=AS_OF, language="en"))[_uid("2")]
    assert "Progress: In progress, 60 % (updated 2024-10-01)" in str(todo["DESCRIPTION"])


def test_publish_has_organizer_from_the_issuing_unit(plan: ActionPlan) -> None:
    """METHOD:PUBLISH files carry ORGANIZER: the issuing unit's e-mail and name."""
    cal = to_calendar(plan, as_of=AS_OF)
    assert str(cal["METHOD"]) == "PUBLISH"
    organizer = cal.todos[0]["ORGANIZER"]
    assert str(organizer) == "mailto:dangu@example.gov.vn"
    assert organizer.params["CN"] == "Đảng ủy Sở KH&CN"
    other = to_calendar(plan, as_of=AS_OF, organizer="vanphong@example.gov.vn")
    assert str(other.todos[0]["ORGANIZER"]) == "mailto:vanphong@example.gov.vn"


def test_organizer_fallback_is_reserved_domain() -> None:
    """Without any address, ORGANIZER uses the reserved .invalid domain."""
    cal = to_calendar(ActionPlan("kh", "KH", tasks=[Task("1", "X")]))
    assert str(cal.todos[0]["ORGANIZER"]) == "mailto:noreply@actionplan.invalid"


def test_no_method_means_no_organizer(plan: ActionPlan) -> None:
    """Objects for CalDAV or a folder carry neither METHOD nor ORGANIZER."""
    cal = to_calendar(plan, as_of=AS_OF, method=None)
    assert "METHOD" not in cal
    assert not any("ORGANIZER" in c for c in cal.todos)


def test_calendar_properties(plan: ActionPlan) -> None:
    """NAME, DESCRIPTION, COLOR and REFRESH-INTERVAL (RFC 7986) with their X-WR twins."""
    data = to_ical_bytes(plan, as_of=AS_OF, color="darkred", refresh=dt.timedelta(days=1))
    lines = unfolded(data)
    assert "NAME:45-KH/ĐU: Kế hoạch thực hiện nhiệm vụ trọng tâm 6 tháng cuối năm 2024" in lines
    assert (
        "X-WR-CALNAME:45-KH/ĐU: Kế hoạch thực hiện nhiệm vụ trọng tâm 6 tháng cuối năm 2024"
        in lines
    )
    assert "COLOR:darkred" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in lines
    assert "X-PUBLISHED-TTL:P1D" in lines
    assert any(line.startswith("X-WR-CALDESC:Kế hoạch số 45-KH/ĐU") for line in lines)


def test_units_filter(plan: ActionPlan) -> None:
    """units= keeps the tasks those units lead or coordinate."""
    cal = to_calendar(plan, as_of=AS_OF, units=["cb3"])
    assert {str(c["UID"]) for c in cal.todos} == {_uid("1"), _uid("3")}
    assert str(cal["NAME"]).endswith("— Chi bộ Trung tâm Ứng dụng, Tiến bộ KH&CN")


def test_unknown_unit_is_refused(plan: ActionPlan) -> None:
    """An unknown unit id is refused, listing the known ones."""
    with pytest.raises(ValidationError, match="unknown unit 'cb9'; known units: cb1, cb2"):
        to_calendar(plan, units=["cb9"])


def test_recurring_without_a_start_is_refused() -> None:
    """A recurring deadline with no date to start from says what to give; with only
    a cut-off date, its year starts the window."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", deadline=RecurringDeadline("monthly"))])
    with pytest.raises(ValidationError, match="as_of="):
        to_calendar(plan)
    assert to_calendar(plan, as_of=D(2024, 8, 6)).todos[0]["DTSTART"].dt == D(2024, 1, 31)


def test_report_input_uses_its_cut_off() -> None:
    """A status report of one plan (and one plan's evaluation) exports that plan as
    of the report's cut-off date."""
    from actionplan.status import evaluate

    plan = reference_plan()
    report = evaluate(plan, as_of=D(2024, 9, 1))
    expected = to_ical_bytes(plan, as_of=D(2024, 9, 1))
    assert to_ical_bytes(report) == expected
    assert to_ical_bytes(report.plans[0]) == expected


def test_report_of_several_plans_is_refused() -> None:
    """A report of several plans is refused: one calendar is one plan."""
    from actionplan.status import evaluate

    other = attrs.evolve(reference_plan(), id="kh46")
    report = evaluate([reference_plan(), other], as_of=D(2024, 9, 1))
    with pytest.raises(ValidationError, match="StatusReport of 2 plans"):
        to_calendar(report)


def test_backslash_n_stays_text() -> None:
    """A literal backslash followed by N in a title stays text (icalendar's own
    vText would turn it into a line break)."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", r"Thư mục C:\New\nhiệm vụ")])
    data = to_ical_bytes(plan)
    assert b"SUMMARY:Th\xc6\xb0 m\xe1\xbb\xa5c C:\\\\New\\\\nhi" in data
    assert str(Calendar.from_ical(data).todos[0]["SUMMARY"]) == r"Thư mục C:\New\nhiệm vụ"


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("mode", "journal", "expected 'todo' or 'event'"),
        ("method", "REQUEST", "expected 'PUBLISH'"),
        ("color", "#ff0000", "CSS colour name"),
        ("organizer", "not-an-address", "not an e-mail address"),
        ("language", "fr", "expected 'vi'"),
        ("alarms", "7 ngày", "cannot read"),
    ],
)
def test_bad_arguments(plan: ActionPlan, argument: str, value: str, message: str) -> None:
    """Each bad argument is refused with a message that says what is expected."""
    with pytest.raises(ValueError, match=message):
        to_calendar(plan, **{argument: value})  # type: ignore[arg-type]
