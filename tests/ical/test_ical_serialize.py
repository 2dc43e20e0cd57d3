"""The fast serialiser gives icalendar's own bytes, line folding included."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Todo
from icalendar.parser.content_line import Contentline

from actionplan.ical._serialize import component_bytes, fold

# Text that stresses folding: ASCII, Vietnamese letters (2 and 3 octets in UTF-8),
# 4-octet characters, and the escape characters icalendar never ends a line on.
_CHARS = st.sampled_from([*list("aZ09 ,;:\\^\"'ăâđêôơưĐÀẢÃẠỆỸ"), "😀", "𝄞", "\t"])
LINES = st.text(_CHARS, max_size=400)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_fold_is_icalendars_folding(text: str) -> None:
    """Any content line folds to exactly the bytes icalendar's Contentline gives."""
    line = "DESCRIPTION:" + text
    assert fold(line) == Contentline(line).to_ical()


@pytest.mark.parametrize(
    "line",
    [
        "X" * 74,  # the longest line kept whole
        "X" * 75,  # the shortest folded one
        "X" * 73 + "\\n" + "Y" * 10,  # an escape right at the fold
        "X" * 72 + "ă" + "Y",  # a 2-octet character across the limit
        "\\" * 200,  # nothing but escapes
        "^" * 80,
        "😀" * 40,
    ],
)
def test_fold_edge_cases(line: str) -> None:
    """At the limit, across a multi-octet character and around escapes, folding
    matches icalendar's."""
    assert fold(line) == Contentline(line).to_ical()


@settings(max_examples=50, deadline=None)
@given(LINES, LINES)
def test_component_bytes_is_to_ical(summary: str, note: str) -> None:
    """A whole component, with a subcomponent, serialises to the bytes of to_ical()."""
    todo = Todo()
    todo.add("uid", "kh45-1@actionplan")
    todo.add("summary", summary)
    todo.add("description", note)
    todo.add("due", dt.date(2024, 12, 15))
    todo.add("categories", ["Kế hoạch 45", summary or "x"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", note)
    alarm.add("trigger", dt.timedelta(days=-1))
    todo.add_component(alarm)
    assert component_bytes(todo) == todo.to_ical()
