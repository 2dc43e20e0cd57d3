"""Fuzzing the calendar reader: exported .ics files of the reference plan with their
bytes damaged, or their content lines dropped, repeated, moved or given values of
the wrong kind (as a calendar client or a broken sync might write them).

Each test proves that :func:`~actionplan.ical.read_calendar` either returns its
proposals or raises :class:`~actionplan.errors.CalendarFileError`; nothing else
escapes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fuzz_support import attempt, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st

from actionplan.errors import CalendarFileError
from actionplan.files import load_plan
from actionplan.ical import ProposedUpdate, read_calendar, to_ical_bytes

PLAN = load_plan(Path(__file__).parents[2] / "examples" / "reference" / "plan.yaml")
AS_OF = dt.date(2025, 1, 31)  # after the last update the plan records
SEEDS = {
    "todo": to_ical_bytes(PLAN, as_of=AS_OF),
    "event": to_ical_bytes(PLAN, mode="event", as_of=AS_OF),
    "occurrences": to_ical_bytes(PLAN, as_of=AS_OF, window=(AS_OF, dt.date(2025, 6, 30))),
}

PROPERTIES = (
    "STATUS", "PERCENT-COMPLETE", "COMPLETED", "DTSTAMP", "LAST-MODIFIED", "UID",
    "RECURRENCE-ID", "DUE", "DTSTART", "SUMMARY", "SEQUENCE", "RRULE", "BEGIN", "END",
    "X-FOO", "TZID", "TRIGGER",
)  # fmt: skip
VALUES = (
    "COMPLETED", "IN-PROCESS", "NEEDS-ACTION", "CANCELLED", "DONE", "", "0", "100", "101",
    "-1", "60", "abc", "1e3", "99999999999999999999", "20241210T030000Z", "20241210",
    "20241310T250000Z", "2024-12-10", "00000000", "99991231T235959Z", "19000101",
    "VTODO", "VCALENDAR", "VEVENT", "VALARM", "VTIMEZONE", "X", "kh-45-2024-t1@actionplan",
    "kh-45-2024-t3-20241231@actionplan", "kh-45-2024-t3-20241331@actionplan",
    "FREQ=MONTHLY;BYMONTHDAY=19", "FREQ=FOO", "P1D", "-PT15H", "\\n", "\\", ";", ",",
)  # fmt: skip
PARAMS = (
    "",
    ";VALUE=DATE",
    ";TZID=Asia/Ho_Chi_Minh",
    ";TZID=Mars/Olympus",
    ";VALUE=PERIOD",
    ';X="',
)


@st.composite
def edited_lines(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with some content lines dropped, repeated, moved or replaced by a
    property of the wrong kind or value."""
    lines = data.split(b"\r\n")
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "move", "replace", "insert"]))
        if op == "drop":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        else:
            name = draw(st.sampled_from(PROPERTIES))
            line = f"{name}{draw(st.sampled_from(PARAMS))}:{draw(st.sampled_from(VALUES))}"
            if op == "replace":
                lines[at] = line.encode()
            else:
                lines.insert(at, line.encode())
        if not lines:
            break
    return b"\r\n".join(lines)


def _read(data: bytes) -> tuple[ProposedUpdate, ...] | None:
    """The proposals read from ``data``; ``None`` when CalendarFileError was raised."""
    proposals = attempt(lambda: read_calendar(data, PLAN), CalendarFileError)
    if isinstance(proposals, CalendarFileError):
        assert str(proposals).startswith("<bytes>")
        return None
    for proposal in proposals:
        assert str(proposal)
        assert proposal.known == (proposal.task_id is not None)
    return proposals


@fuzz_settings(300)
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_read_calendar_on_mutated_bytes_reads_or_raises_calendar_file_error(
    seed: str, data: st.DataObject
) -> None:
    """An exported calendar with bytes flipped, cut or duplicated is read or refused
    with a CalendarFileError."""
    _read(data.draw(mutated(SEEDS[seed])))


@fuzz_settings(400)
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_read_calendar_on_edited_lines_reads_or_raises_calendar_file_error(
    seed: str, data: st.DataObject
) -> None:
    """An exported calendar with content lines dropped, repeated, moved or replaced by
    properties of the wrong kind is read or refused with a CalendarFileError."""
    _read(data.draw(edited_lines(SEEDS[seed])))


@fuzz_settings(100)
@given(raw=st.binary(max_size=200))
def test_read_calendar_on_arbitrary_bytes_raises_calendar_file_error(raw: bytes) -> None:
    """Arbitrary bytes are refused with a CalendarFileError (or read, if they happen to
    be an empty calendar)."""
    _read(raw)


def test_the_seeds_read_back() -> None:
    """The undamaged exports read back, the plain ones with nothing to propose, so
    the damaged ones start from calendars the reader understands in full."""
    assert _read(SEEDS["todo"]) == ()
    assert _read(SEEDS["event"]) == ()
    assert _read(SEEDS["occurrences"]) is not None


def _todo_lines(extra: bytes, *, replace: tuple[bytes, bytes] = (b"", b"")) -> bytes:
    """The plain export with ``extra`` content lines added to its first to-do."""
    data = SEEDS["todo"].replace(*replace) if replace[0] else SEEDS["todo"]
    return data.replace(b"BEGIN:VTODO\r\n", b"BEGIN:VTODO\r\n" + extra, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_todo_lines(b"PERCENT-COMPLETE:20\r\nPERCENT-COMPLETE:30\r\n"), "more than once"),
        (_todo_lines(b"STATUS:COMPLETED\r\n"), "STATUS is given more than once"),
        (_todo_lines(b"RECURRENCE-ID:99991231T235959Z\r\n"), "out of the range"),
        (
            SEEDS["todo"].replace(b"BEGIN:VTODO\r\n", b"BEGIN:VTODO\r\rX-A:1\r\n", 1),
            "does not close",
        ),
    ],
    ids=["percent-twice", "status-twice", "recurrence-id-in-year-10000", "lone-cr-in-begin"],
)
def test_read_calendar_found_cases_raise_calendar_file_error(data: bytes, message: str) -> None:
    """The inputs this fuzzing found (a property given twice, a date past year 9999 in
    the plan's zone, a BEGIN line broken by a lone CR) are refused with a
    CalendarFileError that says what is wrong."""
    with pytest.raises(CalendarFileError, match=message):
        read_calendar(data, PLAN)
