"""Known behaviour of the libraries and clients we build on, pinned.

Each test states what upstream does today with icalendar 7.3 / todoman 4.7 and
shows that our export avoids the trap. When one of them starts failing after an
upgrade, upstream has changed: check the fix, then simplify our workaround (named
in the test) and turn the test round.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from ical_support import reference_plan, todoman
from icalendar import Alarm, Calendar, Todo
from icalendar.error import IncompleteComponent

from actionplan.deadlines import FixedDeadline
from actionplan.ical import to_calendar, to_ical_bytes
from actionplan.model import ActionPlan, Task

D = dt.date


def test_icalendar_version() -> None:
    """These pins were written against icalendar 7.x."""
    assert icalendar.__version__.split(".")[0] == "7"


def test_empty_categories_line_is_written() -> None:
    """icalendar writes an empty ``CATEGORIES:`` line for an empty list (invalid:
    a category is a non-empty text). Ours always has the plan's number first
    (export.py, ``_Builder.categories``)."""
    todo = Todo()
    todo.add("categories", [])
    assert b"\r\nCATEGORIES:\r\n" in b"\r\n" + todo.to_ical()
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X")])
    assert b"CATEGORIES:\r\n" not in to_ical_bytes(plan)


def test_refresh_interval_setter_omits_value_duration() -> None:
    """RFC 7986 says ``REFRESH-INTERVAL;VALUE=DURATION:…``; icalendar's
    ``refresh_interval`` setter writes it without the parameter. We add the
    property with ``VALUE=DURATION`` ourselves (``_Builder.header``)."""
    cal = Calendar()
    cal.refresh_interval = dt.timedelta(hours=12)
    assert b"REFRESH-INTERVAL:PT12H\r\n" in cal.to_ical()
    ours = to_ical_bytes(ActionPlan("kh", "KH"))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in ours


def test_alarm_helper_needs_dtstart_on_a_todo() -> None:
    """icalendar's alarm helper fails on a VTODO without DTSTART, even for an alarm
    related to DUE (which needs no start). We always write DTSTART beside DUE,
    which several clients need to fire alarms too (``_Builder.todo``)."""
    todo = Todo()
    todo.add("uid", "x")
    todo.add("due", D(2024, 9, 30))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "x")
    alarm.add("trigger", dt.timedelta(hours=-15), parameters={"RELATED": "END"})
    todo.add_component(alarm)
    with pytest.raises(IncompleteComponent, match="DTSTART"):
        _ = todo.alarms.times
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", deadline=FixedDeadline(D(2024, 9, 30)))])
    ours = to_calendar(plan, alarms="1d").todos[0]
    assert [a.trigger for a in ours.alarms.times] == [dt.datetime(2024, 9, 29, 9)]


def test_vtext_reads_backslash_n_as_a_line_break() -> None:
    """icalendar's vText writes a literal backslash followed by ``N`` as a line
    break (its documented shorthand), so ``C:\\New`` comes back as ``C:`` and ``ew``.
    Our ``Text`` escapes every backslash (``actionplan/ical/_text.py``)."""
    todo = Todo()
    todo.add("summary", "C:\\New")
    assert b"\r\nSUMMARY:C:\\new\r\n" in todo.to_ical()
    assert str(Todo.from_ical(todo.to_ical())["SUMMARY"]) == "C:" + "\n" + "ew"  # N is lost
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "C:\\New")])
    assert str(to_calendar(plan).todos[0]["SUMMARY"]) == "C:\\New"


def test_x_property_with_timedelta_is_written_as_text() -> None:
    """``X-PUBLISHED-TTL`` given a timedelta comes out as ``12:00:00`` (Python's
    text of it), which no client reads. We pass a ``vDuration`` (``header``)."""
    cal = Calendar()
    cal.add("x-published-ttl", dt.timedelta(hours=12))
    assert b"X-PUBLISHED-TTL:12:00:00\r\n" in cal.to_ical()
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in to_ical_bytes(ActionPlan("kh", "KH"))


def test_todoman_splits_categories_on_escaped_commas(tmp_path: Path) -> None:
    """todoman keeps categories comma-joined in its cache and splits them again, so
    an escaped comma inside one category makes two. We write a comma inside a
    category as ' – ' (``_Builder.categories``)."""
    vdir = tmp_path / "list"
    vdir.mkdir()
    (vdir / "x.ics").write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\n"
        b"UID:x\r\nDTSTAMP:20240806T000000Z\r\nSUMMARY:X\r\n"
        b"CATEGORIES:II. Nhi\xe1\xbb\x87m v\xe1\xbb\xa5\\, gi\xe1\xba\xa3i ph\xc3\xa1p\r\n"
        b"END:VTODO\r\nEND:VCALENDAR\r\n"
    )
    import json

    (item,) = json.loads(todoman(tmp_path, vdir, "--porcelain", "list"))
    assert sorted(item["categories"]) == [" giải pháp", "II. Nhiệm vụ"]
    ours = to_calendar(reference_plan(), as_of=D(2024, 10, 15)).todos[0]
    assert "II. Nhiệm vụ – giải pháp" in ours.categories


def test_backslash_before_colon_in_a_parameter_is_read_as_an_escape() -> None:
    """RFC 5545 parameter values have no backslash escapes, but icalendar's parser
    reads ``CN=\\:mailto:…`` as an escaped colon and mangles the address. We write
    a backslash in the organizer's display name as '/' (``_organizer``)."""
    todo = Todo()
    organizer = icalendar.vCalAddress("mailto:x@example.org")
    organizer.params["CN"] = "\\"
    todo.add("organizer", organizer)
    assert str(Todo.from_ical(todo.to_ical())["ORGANIZER"]) != "mailto:x@example.org"
    from actionplan.model import Document, Unit
    from actionplan.refs import DocumentKind

    plan = ActionPlan(
        "kh",
        "KH",
        document=Document(DocumentKind.PLAN, issuer="u"),
        units=[Unit("u", "A\\", email="a@example.org")],
        tasks=[Task("1", "X")],
    )
    ours = Calendar.from_ical(to_ical_bytes(plan)).todos[0]["ORGANIZER"]
    assert (str(ours), ours.params["CN"]) == ("mailto:a@example.org", "A/")
