"""SEQUENCE grows exactly when an object's schedule or status changed, remembered in
a small state file (write_feeds, write_vdir, CalDAV sync): a deadline edited in the
plan directly bumps that object alone; writing again changes nothing; a lost or
damaged state file falls back to the derived numbers without stopping anything."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from ical_support import reference_plan, replace_task
from icalendar import Calendar, Component

from actionplan.deadlines import FixedDeadline
from actionplan.ical import (
    SequenceState,
    SequenceStateWarning,
    iter_objects,
    to_calendar,
    write_feeds,
    write_vdir,
)
from actionplan.ical.sequences import STATE_FORMAT, SequenceRecord, fingerprint
from actionplan.model import ActionPlan, ProgressUpdate, Task

D = dt.date
AS_OF = D(2024, 10, 15)
MOVED = FixedDeadline(D(2024, 12, 20), before=True, text="trước ngày 20/12/2024")


def _moved(plan: ActionPlan) -> ActionPlan:
    """Task 2's deadline edited in the plan directly (no extension recorded)."""
    return replace_task(plan, "2", deadline=MOVED)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}


def _todo(data: bytes) -> Component:
    (todo,) = Calendar.from_ical(data).walk("VTODO")
    return todo


def _sequences(
    plan: ActionPlan, as_of: dt.date = AS_OF, sequences: SequenceState | None = None
) -> dict[str, int]:
    return {o.uid: o.sequence for o in iter_objects(plan, as_of=as_of, sequences=sequences)}


# -- the state file with folders ------------------------------------------------------------


def test_direct_deadline_edit_bumps_exactly_that_object(tmp_path: Path) -> None:
    """With a state file, a deadline edited in the plan (no extension) changes that
    object's DUE and raises its SEQUENCE by one; every other file of the vdir stays
    byte for byte the same."""
    vdir, state = tmp_path / "kh45", tmp_path / "kh45.sequences.json"
    write_vdir(reference_plan(), vdir, as_of=AS_OF, state=state)
    before = _files(vdir)
    write_vdir(_moved(reference_plan()), vdir, as_of=AS_OF, state=state)
    after = _files(vdir)
    assert before.keys() == after.keys()
    assert {name for name in before if before[name] != after[name]} == {"kh45-2@actionplan.ics"}
    old, new = _todo(before["kh45-2@actionplan.ics"]), _todo(after["kh45-2@actionplan.ics"])
    assert (old["DUE"].dt, new["DUE"].dt) == (D(2024, 12, 14), D(2024, 12, 19))
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1


def test_without_a_state_a_direct_edit_keeps_the_number() -> None:
    """The limitation the state file lifts: the derived number counts extensions and
    status changes, so a deadline edited directly does not raise it."""
    assert _sequences(_moved(reference_plan())) == _sequences(reference_plan())


def test_direct_deadline_edit_in_feeds(tmp_path: Path) -> None:
    """In the feeds, the edited object gets the same new SEQUENCE in the plan's feed
    and its unit's, and the feeds of other units do not change at all."""
    state = tmp_path / ".sequences.json"
    first = write_feeds(reference_plan(), tmp_path, as_of=AS_OF, state=state)
    before = {unit: path.read_bytes() for unit, path in first.items()}
    second = write_feeds(_moved(reference_plan()), tmp_path, as_of=AS_OF, state=state)
    after = {unit: path.read_bytes() for unit, path in second.items()}
    assert {unit for unit in before if before[unit] != after[unit]} == {None, "cb2"}
    for unit in (None, "cb2"):
        todo = next(
            t
            for t in Calendar.from_ical(after[unit]).walk("VTODO")
            if str(t["UID"]) == "kh45-2@actionplan"
        )
        assert int(todo["SEQUENCE"]) == 2  # 1 derived (a status change), then the edit


def test_writing_twice_changes_nothing(tmp_path: Path) -> None:
    """Writing the same plan again leaves every object file and the state file as
    they were, modification times included."""
    vdir, state = tmp_path / "kh45", tmp_path / "state.json"
    write_vdir(reference_plan(), vdir, as_of=AS_OF, state=state)
    write_vdir(_moved(reference_plan()), vdir, as_of=AS_OF, state=state)
    paths = [*vdir.glob("*.ics"), state]
    for path in paths:
        os.utime(path, (1, 1))
    contents = {p: p.read_bytes() for p in paths}
    write_vdir(_moved(reference_plan()), vdir, as_of=AS_OF, state=state)
    assert {p: p.read_bytes() for p in paths} == contents
    assert {p.stat().st_mtime for p in paths} == {1}


def test_state_file_records_hash_and_number(tmp_path: Path) -> None:
    """The state file maps each UID to the fingerprint and the SEQUENCE written."""
    state = tmp_path / "state.json"
    paths = write_vdir(reference_plan(), tmp_path / "kh45", as_of=AS_OF, state=state)
    data = json.loads(state.read_text(encoding="utf-8"))
    assert data["format"] == STATE_FORMAT
    assert sorted(data["objects"]) == sorted(p.name.removesuffix(".ics") for p in paths)
    entry = data["objects"]["kh45-2@actionplan"]
    assert entry == {"hash": entry["hash"], "sequence": 1}
    assert len(entry["hash"]) == 32


def test_deleted_state_falls_back_to_the_derived_numbers(tmp_path: Path) -> None:
    """Without its state file, the next export writes the derived numbers (the
    edited object's bump is forgotten) and starts a new state file."""
    vdir, state = tmp_path / "kh45", tmp_path / "state.json"
    write_vdir(reference_plan(), vdir, as_of=AS_OF, state=state)
    write_vdir(_moved(reference_plan()), vdir, as_of=AS_OF, state=state)
    state.unlink()
    write_vdir(_moved(reference_plan()), vdir, as_of=AS_OF, state=state)
    written = {
        p.name.removesuffix(".ics"): int(_todo(p.read_bytes())["SEQUENCE"])
        for p in vdir.glob("*.ics")
    }
    assert written == _sequences(_moved(reference_plan()))
    assert state.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not a JSON file"),
        (b"\xff\xfe", "not a JSON file"),
        (b"[]", "a JSON list, not an object"),
        (b'{"format": "other/1", "objects": {}}', "of format 'other/1'"),
        (b'{"format": "actionplan-ical-sequences/1", "objects": []}', "'objects' is list"),
        (
            b'{"format": "actionplan-ical-sequences/1", "objects": {"a": {"hash": "x", '
            b'"sequence": -1}}}',
            "the entry of 'a'",
        ),
        (
            b'{"format": "actionplan-ical-sequences/1", "objects": {"a": {"hash": "x", '
            b'"sequence": true}}}',
            "the entry of 'a'",
        ),
    ],
)
def test_damaged_state_is_ignored_with_a_warning(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """A damaged state file is ignored with a SequenceStateWarning naming it and
    what is wrong; the derived numbers are written and the file is replaced by a
    good one."""
    vdir, state = tmp_path / "kh45", tmp_path / "state.json"
    state.write_bytes(content)
    with pytest.warns(SequenceStateWarning, match=message) as caught:
        write_vdir(reference_plan(), vdir, as_of=AS_OF, state=state)
    assert str(state) in str(caught[0].message)
    assert _files(vdir) == _files(_plain(tmp_path / "plain"))
    assert json.loads(state.read_text(encoding="utf-8"))["format"] == STATE_FORMAT


def _plain(folder: Path) -> Path:
    write_vdir(reference_plan(), folder, as_of=AS_OF)
    return folder


# -- the rules ------------------------------------------------------------------------------


def test_number_never_goes_back() -> None:
    """A deadline moved and moved back is two changes: 0, 1, 2."""
    plan, moved = reference_plan(), _moved(reference_plan())
    state = SequenceState()
    numbers = []
    for version in (plan, moved, plan):
        objects = list(iter_objects(version, as_of=D(2024, 8, 10), sequences=state))
        state = state.updated(objects)
        numbers.append(next(o.sequence for o in objects if o.uid == "kh45-2@actionplan"))
    assert numbers == [0, 1, 2]


def test_derived_number_is_the_floor() -> None:
    """A stored number below the derived one gives way to it (an extension and a
    status change were recorded since the state was written)."""
    objects = list(iter_objects(reference_plan(), as_of=D(2025, 1, 15)))
    derived = next(o for o in objects if o.uid == "kh45-2@actionplan")
    assert derived.sequence == 2  # one status change, one extension
    state = SequenceState({derived.uid: SequenceRecord("another", 0)})
    assert _sequences(reference_plan(), D(2025, 1, 15), state)["kh45-2@actionplan"] == 2


def test_description_change_does_not_bump() -> None:
    """A new note changes the description but neither the schedule nor the status:
    the number stays."""
    plan = reference_plan()
    state = SequenceState().updated(iter_objects(plan, as_of=AS_OF))
    noted = replace_task(plan, "2", note="Chờ ý kiến Ban Thường vụ")
    assert _sequences(noted, sequences=state) == _sequences(plan, sequences=state)


def test_event_completion_bumps_a_stored_number() -> None:
    """An event shows completion only by a ✓ in its summary; the status it stands
    for is in its fingerprint, so completing it bumps a number the state holds
    above the derived one."""
    plan = replace_task(reference_plan(), "6", deadline=FixedDeadline(D(2024, 11, 29)))
    state = SequenceState().updated(iter_objects(plan, mode="event", as_of=AS_OF))
    plan = replace_task(plan, "6", deadline=FixedDeadline(D(2024, 11, 30)))
    objects = list(iter_objects(plan, mode="event", as_of=AS_OF, sequences=state))
    state = state.updated(objects)
    assert next(o.sequence for o in objects if o.task_id == "6") == 1
    done = replace_task(plan, "6", updates=[ProgressUpdate(D(2024, 10, 10), "done")])
    (event,) = [
        o
        for o in iter_objects(done, mode="event", as_of=AS_OF, sequences=state)
        if o.task_id == "6"
    ]
    assert b"SUMMARY:\xe2\x9c\x93 " in event.data
    assert event.sequence == 2


def test_per_occurrence_objects_change_alone() -> None:
    """Completing one occurrence of a rolled recurrence bumps that occurrence's
    object only, not its siblings'."""
    plan = reference_plan()
    state = SequenceState().updated(iter_objects(plan, as_of=AS_OF))
    done = replace_task(plan, "4", updates=[ProgressUpdate(D(2024, 9, 27), "done")])
    before = _sequences(plan, sequences=state)
    after = _sequences(done, sequences=state)
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert changed == {"kh45-4-20240930@actionplan"}


def test_fingerprint_covers_the_scheduling_properties() -> None:
    """The fingerprint changes with DUE, DTSTART, RRULE, EXDATE or the status, and
    not with the summary or the description."""
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", deadline=FixedDeadline(D(2024, 9, 30)))])
    (todo,) = to_calendar(plan).todos
    base = fingerprint(todo, "NEEDS-ACTION")
    assert fingerprint(todo, "COMPLETED") != base
    for name, value in (("summary", "Y"), ("description", "Z")):
        other = Calendar.from_ical(todo.to_ical())
        other.pop(name.upper(), None)
        other.add(name, value)
        assert fingerprint(other, "NEEDS-ACTION") == base
    for name, value in (
        ("due", D(2024, 10, 1)),
        ("exdate", D(2024, 9, 30)),
        ("rrule", {"freq": "monthly"}),
    ):
        other = Calendar.from_ical(todo.to_ical())
        other.pop(name.upper(), None)
        other.add(name, value)
        assert fingerprint(other, "NEEDS-ACTION") != base


def test_state_round_trips_and_saves_only_changes(tmp_path: Path) -> None:
    """A state read back equals the one saved; saving it again writes nothing."""
    state = SequenceState().updated(iter_objects(reference_plan(), as_of=AS_OF))
    path = tmp_path / "state.json"
    assert state.save(path)
    assert SequenceState.load(path) == state
    assert SequenceState.from_data(state.to_data()) == state
    assert not state.save(path)


def test_state_of_the_wrong_type_is_refused() -> None:
    """sequences= takes a SequenceState, not a path (that is write_vdir's state=)."""
    with pytest.raises(ValueError, match="expected a SequenceState"):
        to_calendar(reference_plan(), sequences="state.json")  # type: ignore[arg-type]
