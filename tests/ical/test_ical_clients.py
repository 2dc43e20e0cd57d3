"""Every export is read by the real thing: icalendar, vobject, Mozilla's ical.js,
recurring-ical-events and todoman, and kept to the strict checker's rules; sample
plans and Hypothesis-generated ones (Vietnamese text with ``, ; \\ :`` and line
breaks, date and timed deadlines, recurring deadlines)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import recurring_ical_events
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_checks import problems, unfolded
from ical_strategies import plans, recurring_deadlines, recurring_plans
from ical_support import done_occurrences, exdates, node_check, reference_plan, todoman
from icalendar import Calendar, vText

from actionplan.deadlines import Deadline, RecurringDeadline, occurrences
from actionplan.ical import to_calendar, to_ical_bytes, write_vdir
from actionplan.ical.names import task_uid
from actionplan.model import ActionPlan, Task
from actionplan.schedule import deadline_context

D = dt.date
AS_OF = D(2024, 10, 15)
WINDOW = (D(2024, 8, 6), D(2025, 12, 31))
HEAVY = settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
modes = st.sampled_from(["todo", "event"])
methods = st.sampled_from(["PUBLISH", None])
cut_offs = st.sampled_from([None, D(2024, 9, 1), D(2025, 3, 1)])


def _in_force(task: Task, as_of: dt.date | None) -> Deadline | None:
    extensions = task.extensions if as_of is None else task.extensions_until(as_of)
    return extensions[-1].deadline if extensions else task.deadline


def _as_icalendar_writes_back(line: str) -> str:
    """The line as icalendar writes it back: a property it reads as ``vText`` turns
    an escaped backslash followed by ``N`` into a line break (pinned in
    test_ical_upstream.py); one it does not know (``NAME``, ``X-WR-CALNAME``,
    ``X-WR-CALDESC``) it keeps as ``vUnknown`` and writes back verbatim."""
    name = re.split(r"[;:]", line, maxsplit=1)[0]
    if Calendar.types_factory.for_property(name) is not vText:
        return line
    return line.replace("\\\\N", "\\n")


def _reserialised_matches(data: bytes) -> None:
    """icalendar re-parses the file and writes the same content back. The one
    difference allowed is icalendar's own: a literal backslash-N in a text it reads
    as ``vText`` comes back as a line break."""
    again = Calendar.from_ical(data).to_ical()
    if b"\\\\N" not in data:
        assert again == data
    else:
        expected = [_as_icalendar_writes_back(line) for line in unfolded(data)]
        assert unfolded(again) == expected


def _vobject_validates(data: bytes) -> None:
    component = vobject.readOne(data.decode("utf-8"))
    component.validate()
    assert component.name == "VCALENDAR"


@HEAVY
@given(plan=plans(), mode=modes, method=methods, as_of=cut_offs)
def test_generated_plans_pass_every_validator(
    plan: ActionPlan, mode: str, method: str | None, as_of: dt.date | None
) -> None:
    """Generated plans: the strict checker finds nothing, icalendar reads and writes
    the same bytes back, vobject validates, the fast path equals the slow one, and
    every title and category comes back exactly as written."""
    kwargs: dict[str, Any] = {"mode": mode, "method": method, "as_of": as_of, "window": WINDOW}
    data = to_ical_bytes(plan, **kwargs)
    assert data == to_calendar(plan, **kwargs).to_ical()
    assert problems(data, method=method) == []
    _reserialised_matches(data)
    _vobject_validates(data)
    parsed = Calendar.from_ical(data)
    components = parsed.todos if mode == "todo" else parsed.events
    titles = {t.title for t in plan.tasks}
    for component in components:
        summary = str(component["SUMMARY"]).removeprefix("✓ ")
        assert summary in titles
        for category in component.categories:
            assert category == unicodedata.normalize("NFC", category).strip()
            assert "," not in category


def _expected_dates(plan: ActionPlan, task: Task, as_of: dt.date | None) -> list[dt.date] | None:
    deadline = _in_force(task, as_of)
    if not isinstance(deadline, RecurringDeadline):
        return None
    return occurrences(deadline, deadline_context(plan), *WINDOW)


def _check_recurrences(plan: ActionPlan, mode: str, as_of: dt.date | None) -> None:
    """Every occurrence of the model is expanded by recurring-ical-events, or left
    out of its series (before its start, or by EXDATE), and only done ones are."""
    cal = to_calendar(plan, mode=mode, as_of=as_of, window=WINDOW)  # type: ignore[arg-type]
    kind = "VTODO" if mode == "todo" else "VEVENT"
    found: dict[str, set[dt.date]] = {}
    expanded = recurring_ical_events.of(cal, components=[kind]).between(
        WINDOW[0], WINDOW[1] + dt.timedelta(days=1)
    )
    for component in expanded:
        start = component["DTSTART"].dt
        day = start.date() if isinstance(start, dt.datetime) else start
        found.setdefault(str(component["UID"]), set()).add(day)
    series = {str(c["UID"]): c for c in cal.walk(kind) if "RRULE" in c}
    for task in plan.tasks:
        expected = _expected_dates(plan, task, as_of)
        if not expected:
            continue
        base = task_uid(plan.id, task.id)
        prefix = base.removesuffix("@actionplan") + "-"
        dates = set(found.get(base, ()))
        for uid, days in found.items():
            if uid.startswith(prefix) and uid.removeprefix(prefix)[:8].isdigit():
                dates |= days
        skipped: set[dt.date] = set()
        if base in series:
            start = series[base]["DTSTART"].dt
            skipped = exdates(series[base]) | {d for d in expected if d < start}
        assert not dates & skipped
        assert skipped <= done_occurrences(plan, task, as_of)
        assert sorted(dates | skipped) == expected, task.deadline


@HEAVY
@given(plan=st.one_of(plans(max_tasks=4), recurring_plans()), mode=modes, as_of=cut_offs)
def test_recurring_ical_events_expands_the_model_dates(
    plan: ActionPlan, mode: str, as_of: dt.date | None
) -> None:
    """recurring-ical-events expands each recurring task (one RRULE object or one
    object per occurrence) to exactly the model's occurrence dates in the window."""
    _check_recurrences(plan, mode, as_of)


@HEAVY
@given(deadlines=st.lists(recurring_deadlines(), min_size=1, max_size=4), mode=modes)
def test_recurring_ical_events_expands_every_recurrence_kind(
    deadlines: list[RecurringDeadline], mode: str
) -> None:
    """The same, on plans made only of recurring tasks (exact and rolled, with and
    without a first date of their own), so that every kind is exercised."""
    tasks = [Task(f"t{i}", f"Báo cáo {i}", deadline=d) for i, d in enumerate(deadlines)]
    plan = ActionPlan("kh", "KH", tasks=tasks)
    _check_recurrences(plan, mode, None)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=st.one_of(plans(max_tasks=4), recurring_plans()), mode=modes, method=methods)
def test_icaljs_reads_generated_plans(
    tmp_path_factory: pytest.TempPathFactory, plan: ActionPlan, mode: str, method: str | None
) -> None:
    """Mozilla's ical.js parses generated exports and reads back every title, the
    categories, the due dates (a timed one at the right UTC instant through the
    VTIMEZONE) and, for an RRULE, the model's occurrence dates."""
    path = tmp_path_factory.mktemp("ics") / "plan.ics"
    path.write_bytes(to_ical_bytes(plan, mode=mode, method=method, as_of=AS_OF, window=WINDOW))  # type: ignore[arg-type]
    (result,) = node_check([path], until=WINDOW[1])
    assert result["method"] == method
    cal = to_calendar(plan, mode=mode, method=method, as_of=AS_OF, window=WINDOW)  # type: ignore[arg-type]
    ours = {str(c["UID"]): c for c in cal.walk() if c.name in ("VTODO", "VEVENT")}
    assert [item["uid"] for item in result["items"]] == list(ours)
    for item in result["items"]:
        component = ours[item["uid"]]
        assert item["summary"] == str(component["SUMMARY"])
        assert item["description"] == str(component["DESCRIPTION"])
        assert item["categories"] == component.categories
        key = "due" if mode == "todo" else "dtstart"
        if key.upper() in component:
            value = component[key.upper()].dt
            if isinstance(value, dt.datetime):
                assert item[key]["zone"] == "Asia/Ho_Chi_Minh"
                assert item[key]["utc"] == value.astimezone(dt.UTC).strftime(
                    "%Y-%m-%dT%H:%M:%S.000Z"
                )
            else:
                assert item[key]["isDate"] is True
                assert item[key]["value"] == value.isoformat()
        if item["rrule"] is not None:
            task = next(t for t in plan.tasks if task_uid(plan.id, t.id) == item["uid"])
            start, skipped = component["DTSTART"].dt, exdates(component)
            expected = [
                d
                for d in _expected_dates(plan, task, AS_OF) or []
                if d >= start and d not in skipped
            ]
            assert item["occurrences"] == [d.isoformat() for d in expected]


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_icaljs_reads_the_reference_plan(tmp_path: Path, mode: str) -> None:
    """ical.js reads the reference plan: priorities, statuses, relations, alarm
    triggers in seconds (related to DUE for to-dos, to the start for events) and
    the RFC 7986 refresh interval."""
    plan = reference_plan()
    path = tmp_path / "kh45.ics"
    path.write_bytes(to_ical_bytes(plan, mode=mode, as_of=AS_OF))  # type: ignore[arg-type]
    (result,) = node_check([path], until=D(2025, 12, 31))
    assert result["refresh"] == "PT12H"
    assert result["timezones"] == ["Asia/Ho_Chi_Minh"]
    items = {item["uid"]: item for item in result["items"]}
    first = items["kh45-1@actionplan"]
    assert first["priority"] == 1
    if mode == "todo":
        assert (first["status"], first["percent"]) == ("COMPLETED", 100)
        assert first["completed"]["utc"] == "2024-09-24T17:00:00.000Z"
        sub = items["kh45-2.1@actionplan"]
        assert sub["related"] == [
            {"uid": "kh45-2@actionplan", "reltype": "PARENT"},
            {"uid": "kh45-1@actionplan", "reltype": "DEPENDS-ON"},
        ]
        assert {a["related"] for a in sub["alarms"]} == {"END"}
        # 1 day before 20:00 on 25/11 at 09:00: 35 hours before the deadline.
        assert -35 * 3600 in [a["seconds"] for a in sub["alarms"]]
    else:
        sub = items["kh45-2.1@actionplan"]
        assert {a["related"] for a in sub["alarms"]} == {None}
        # The event starts at 19:30; 09:00 the day before is 34.5 hours earlier.
        assert -(34 * 3600 + 1800) in [a["seconds"] for a in sub["alarms"]]
        assert items["kh45-2@actionplan"]["transp"] == "TRANSPARENT"
    monthly = items["kh45-3@actionplan"]
    assert monthly["occurrences"][:3] == ["2024-08-19", "2024-09-19", "2024-10-19"]
    assert monthly["occurrences"][-1] == "2025-06-19"


def test_icaljs_yearly_rule_with_several_months_is_pinned(tmp_path: Path) -> None:
    """Pinned upstream bug: ical.js 2.2 expands FREQ=YEARLY;BYMONTH=6,12;
    BYMONTHDAY=-1 to 1 July instead of 30 June. We write the monthly twin
    (``portable_rule``), which it expands right. When this test fails, ical.js has
    fixed it; ``portable_rule`` can then return the yearly rule."""
    raw = tmp_path / "raw.ics"
    raw.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:a\r\n"
        b"DTSTAMP:20240806T000000Z\r\nDTSTART;VALUE=DATE:20241231\r\n"
        b"RRULE:FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    plan = ActionPlan(
        "kh",
        "KH",
        tasks=[Task("1", "Báo cáo", deadline=RecurringDeadline("yearly", months=(6, 12)))],
    )
    ours = tmp_path / "ours.ics"
    ours.write_bytes(to_ical_bytes(plan, as_of=D(2024, 10, 1), window=WINDOW))
    upstream, exported = node_check([raw, ours], until=D(2025, 12, 31))
    assert upstream["items"][0]["occurrences"] == ["2024-12-31", "2025-07-01", "2025-12-31"]
    assert exported["items"][0]["rrule"] == "FREQ=MONTHLY;BYMONTHDAY=-1;BYMONTH=6,12"
    assert exported["items"][0]["occurrences"] == ["2024-12-31", "2025-06-30", "2025-12-31"]


def test_icaljs_escaped_backslash_before_a_comma_is_pinned(tmp_path: Path) -> None:
    """Pinned upstream bug: ical.js splits a list value on commas not preceded by a
    backslash, so ``CATEGORIES:a\\\\,b`` (the category ``a\\`` then ``b``) comes back
    as one category. We write a backslash in a category as '/' (``categories``).
    When this test fails, ical.js has fixed it."""
    raw = tmp_path / "raw.ics"
    raw.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:a\r\n"
        b"DTSTAMP:20240806T000000Z\r\nCATEGORIES:a\\\\,b\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    plan = ActionPlan("kh", "KH", tasks=[Task("1", "X", tags=["a\\", "b"])])
    ours = tmp_path / "ours.ics"
    ours.write_bytes(to_ical_bytes(plan))
    upstream, exported = node_check([raw, ours])
    assert upstream["items"][0]["categories"] == ["a\\,b"]
    assert exported["items"][0]["categories"] == ["kh", "a/", "b"]


# -- todoman ------------------------------------------------------------------------


def test_todoman_lists_a_written_vdir(tmp_path: Path) -> None:
    """todoman lists a folder written by write_vdir: one to-do per object, with the
    titles, due dates (in the plan's zone), priorities, percentages and
    categories of the export, and the done task among the completed ones."""
    plan = reference_plan()
    vdir = tmp_path / "kh45"
    write_vdir(plan, vdir, as_of=AS_OF)
    listed = json.loads(todoman(tmp_path, vdir, "--porcelain", "list", "--status", "ANY"))
    by_summary = {item["summary"]: item for item in listed}
    files = list(vdir.glob("*.ics"))
    assert len(listed) == len(files) == 12
    second = by_summary["Tham mưu chính sách hỗ trợ doanh nghiệp đổi mới công nghệ"]
    due = dt.datetime.fromtimestamp(second["due"], tz=dt.timezone(dt.timedelta(hours=7)))
    assert due.date() == D(2024, 12, 14)
    assert (second["percent"], second["priority"], second["completed"]) == (60, 5, False)
    assert sorted(second["categories"]) == sorted(
        ["45-KH/ĐU", "II. Nhiệm vụ – giải pháp", "Chi bộ Phòng Quản lý khoa học"]
    )
    first = by_summary["Tuyên truyền, quán triệt Nghị quyết; phổ biến đến 55 đảng viên"]
    assert first["completed"] is True
    assert {item["list"] for item in listed} == {
        "45-KH/ĐU: Kế hoạch thực hiện nhiệm vụ trọng tâm 6 tháng cuối năm 2024"
    }


def test_todoman_completion_comes_back_as_an_update(tmp_path: Path) -> None:
    """A task ticked off in todoman (`todo done`) comes back from read_calendar as
    a done update for that task, dated the day todoman completed it."""
    from actionplan.ical import read_calendar

    plan = reference_plan()
    vdir = tmp_path / "kh45"
    write_vdir(plan, vdir, as_of=AS_OF)
    assert read_calendar(vdir, plan) == ()
    listed = json.loads(todoman(tmp_path, vdir, "--porcelain", "list"))
    target = next(i for i in listed if i["summary"] == "Rà soát thủ tục hành chính")
    before = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    todoman(tmp_path, vdir, "--porcelain", "done", str(target["id"]))
    after = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    (proposal,) = read_calendar(vdir, plan)
    assert proposal.task_id == "6"
    assert proposal.update.state.value == "done"
    assert before <= proposal.update.date <= after
