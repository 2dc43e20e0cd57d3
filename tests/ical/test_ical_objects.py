"""iter_objects: a plan's objects one by one, each a whole calendar for a folder of
files or a CalDAV collection; write_vdir and the CalDAV sync store exactly these,
and CalDAV sync keeps their SEQUENCE numbers in its state file."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import attrs
import caldav
import pytest
from ical_checks import problems
from ical_support import reference_plan
from icalendar import Calendar

from actionplan.caldav_sync import Credentials, state_path, sync
from actionplan.errors import ValidationError
from actionplan.ical import CalendarObject, iter_objects, to_calendar, write_feeds, write_vdir
from actionplan.status import evaluate
from conftest_radicale import RadicaleServer

D = dt.date
AS_OF = D(2024, 10, 15)


def test_objects_are_the_calendars_objects_one_by_one() -> None:
    """The objects are those of to_calendar(method=None), in the same order, each
    alone in a calendar; the file name is the UID's, and each says which task and
    occurrence it stands for."""
    plan = reference_plan()
    objects = list(iter_objects(plan, as_of=AS_OF))
    components = to_calendar(plan, as_of=AS_OF, method=None).todos
    assert [o.uid for o in objects] == [str(c["UID"]) for c in components]
    for item, component in zip(objects, components, strict=True):
        whole = Calendar.from_ical(item.data)
        assert whole.to_ical() == item.data  # the bytes icalendar itself writes
        (alone,) = whole.todos
        assert alone.to_ical() == component.to_ical()
        assert item.filename == f"{item.uid}.ics"
        assert int(alone["SEQUENCE"]) == item.sequence
    quarterly = [(o.task_id, o.occurrence) for o in objects if o.task_id == "4"][:2]
    assert quarterly == [("4", D(2024, 9, 30)), ("4", D(2024, 12, 31))]
    assert next(o for o in objects if o.task_id == "3").occurrence is None


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_each_object_is_a_whole_calendar_without_method(mode: str) -> None:
    """Every object keeps the strict checker's rules for a stored resource: one
    component, no METHOD, no ORGANIZER, a VTIMEZONE only where a time needs it."""
    for item in iter_objects(reference_plan(), mode=mode, as_of=AS_OF):  # type: ignore[arg-type]
        assert problems(item.data, method=None, single_object=True) == []
        assert (b"BEGIN:VTIMEZONE" in item.data) == (b"TZID=" in item.data)


def test_arguments_are_checked_at_once() -> None:
    """A bad argument is refused when iter_objects is called, not when the first
    object is asked for."""
    with pytest.raises(ValidationError, match="unknown unit 'cb9'"):
        iter_objects(reference_plan(), units=["cb9"])


def test_objects_are_frozen() -> None:
    """A CalendarObject cannot be changed, and its repr leaves the bytes out."""
    item = next(iter(iter_objects(reference_plan(), as_of=AS_OF)))
    assert isinstance(item, CalendarObject)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.uid = "x"  # type: ignore[misc]
    assert "data" not in repr(item)


def test_write_vdir_writes_these_objects(tmp_path: Path) -> None:
    """write_vdir stores each object's bytes under its file name."""
    plan = reference_plan()
    paths = write_vdir(plan, tmp_path, as_of=AS_OF)
    objects = list(iter_objects(plan, as_of=AS_OF))
    assert [p.name for p in paths] == [o.filename for o in objects]
    assert [p.read_bytes() for p in paths] == [o.data for o in objects]


def test_files_take_a_status_report(tmp_path: Path) -> None:
    """write_feeds and write_vdir take a status report of one plan, as to_calendar
    does: the same files as the plan as of the report's date."""
    plan = reference_plan()
    report = evaluate(plan, as_of=AS_OF)
    from_report = write_feeds(report, tmp_path / "a")
    from_plan = write_feeds(plan, tmp_path / "b", as_of=AS_OF)
    assert [p.read_bytes() for p in from_report.values()] == [
        p.read_bytes() for p in from_plan.values()
    ]
    vdir = [p.read_bytes() for p in write_vdir(report, tmp_path / "c")]
    assert vdir == [o.data for o in iter_objects(plan, as_of=AS_OF)]


# -- CalDAV ---------------------------------------------------------------------------------

_numbers = itertools.count(1)

PLAN = """\
plan:
  id: {plan_id}
  title: Kế hoạch số 45-KH/ĐU
  issued_on: 2024-08-06
tasks:
  - id: t1
    title: Tuyên truyền Nghị quyết 57
    deadline: 2024-12-15
  - id: t2
    title: Báo cáo tháng
    deadline: {{every: monthly, day: 19, roll: true}}
"""


def test_caldav_sync_bumps_a_directly_edited_deadline(
    radicale_server: RadicaleServer, tmp_path: Path
) -> None:
    """CalDAV sync stores the objects of iter_objects (one per occurrence of a
    rolled recurrence) and keeps their SEQUENCE in its state file: a deadline
    edited in the plan file directly reaches the server with SEQUENCE 1, the other
    to-dos are not sent, and the next sync sends nothing."""
    path = tmp_path / "kh45.yaml"
    plan_id = f"kh45-seq-{next(_numbers)}"
    path.write_text(PLAN.format(plan_id=plan_id), encoding="utf-8")
    credentials = Credentials(radicale_server.username, radicale_server.password)

    def run() -> tuple[set[str | None], set[str]]:
        result = sync(path, radicale_server.url, credentials=credentials, as_of=AS_OF, create=True)
        assert result.ok
        return {o.task_id for o in result.updated}, {o.uid for o in result.created}

    _, created = run()
    assert f"{plan_id}-t2-20241021@actionplan" in created  # 19/10/2024 is a Saturday
    path.write_text(path.read_text(encoding="utf-8").replace("2024-12-15", "2024-12-20"))
    updated, _ = run()
    assert updated == {"t1"}
    state = json.loads(state_path(path).read_text(encoding="utf-8"))
    (entry,) = state["calendars"].values()
    assert entry["sequences"]["objects"][f"{plan_id}-t1@actionplan"]["sequence"] == 1
    client = caldav.DAVClient(
        radicale_server.url,
        username=radicale_server.username,
        password=radicale_server.password,
        enable_rfc6764=False,
    )
    (calendar_url,) = state["calendars"]
    found = client.calendar(url=calendar_url).get_todo_by_uid(f"{plan_id}-t1@actionplan")
    (todo,) = Calendar.from_ical(found.data).walk("VTODO")
    assert (todo.decoded("DUE"), int(todo["SEQUENCE"])) == (D(2024, 12, 20), 1)
    assert run() == (set(), set())
