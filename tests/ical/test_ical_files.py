"""UIDs and file names are stable and safe; feeds and folders are written
atomically, only when they change, and one plan per folder."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_checks import problems
from ical_support import reference_plan

from actionplan.errors import ValidationError
from actionplan.ical import to_ical_bytes, write_feeds, write_vdir
from actionplan.ical.files import MARKER, write_atomic
from actionplan.ical.names import safe_filename, task_uid
from actionplan.model import ActionPlan, Task, Unit

D = dt.date
AS_OF = D(2024, 10, 15)
WINDOWS_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)


@given(st.text(min_size=1, max_size=300))
@settings(max_examples=300, deadline=None)
def test_safe_filename_is_safe_for_any_name(name: str) -> None:
    """Any name gives a file name of safe ASCII characters, not hidden, not a
    Windows reserved name, short, and equal to the name only when unchanged."""
    filename = safe_filename(name)
    stem = filename.removesuffix(".ics")
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.ics", filename)
    assert not filename.startswith(".")
    assert not WINDOWS_RESERVED.fullmatch(stem)
    assert len(filename.encode()) <= 100
    assert "/" not in filename
    assert ".." not in stem.split("-")


@given(st.lists(st.text(min_size=1, max_size=20), min_size=2, max_size=20, unique=True))
@settings(max_examples=200, deadline=None)
def test_safe_filenames_are_unique(names: list[str]) -> None:
    """Different names never share a file name."""
    assert len({safe_filename(n) for n in names}) == len(names)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("cb1", "cb1.ics"), ("kh45-cb1", "kh45-cb1.ics"), ("II.3", "II.3.ics")],
)
def test_safe_names_stay_readable(name: str, expected: str) -> None:
    """A name that is already safe is kept as it is."""
    assert safe_filename(name) == expected


@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60), st.none() | st.dates())
def test_uids_are_safe_file_names(plan_id: str, task_id: str, day: dt.date | None) -> None:
    """Every UID is a safe, short, not hidden file name of URL-safe characters."""
    uid = task_uid(plan_id, task_id, day)
    assert re.fullmatch(r"[A-Za-z0-9._~-]+@actionplan", uid)
    assert not uid.startswith(".")
    assert len(uid) < 200


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=10, unique=True))
def test_uids_are_unique_within_a_plan(task_ids: list[str]) -> None:
    """Different task ids of one plan never share a UID."""
    assert len({task_uid("kh45", t) for t in task_ids}) == len(task_ids)


@given(st.text(min_size=1, max_size=12), st.dates())
def test_an_occurrence_uid_is_never_another_tasks_uid(task_id: str, day: dt.date) -> None:
    """The UID of a task's occurrence (the task's, then its date) is never the UID of
    a task whose id ends in that date: task "3"'s occurrence due 20/8/2024 and the
    task "3-20240820" stay two objects."""
    dated = f"{task_id}-{day.isoformat().replace('-', '')}"
    assert task_uid("kh45", task_id, day) != task_uid("kh45", dated)


def test_feeds_one_per_unit_plus_the_plan(tmp_path: Path) -> None:
    """write_feeds writes the whole plan and one feed per unit, each valid and
    published, each unit's with the tasks it leads or coordinates."""
    plan = reference_plan()
    paths = write_feeds(plan, tmp_path, as_of=AS_OF)
    assert {k: p.name for k, p in paths.items()} == {
        None: "kh45.ics",
        "du": "kh45-du.ics",
        "cb1": "kh45-cb1.ics",
        "cb2": "kh45-cb2.ics",
        "cb3": "kh45-cb3.ics",
    }
    for path in paths.values():
        assert problems(path.read_bytes()) == []
    assert paths[None].read_bytes() == to_ical_bytes(plan, as_of=AS_OF)
    assert paths["cb3"].read_bytes() == to_ical_bytes(plan, as_of=AS_OF, units=["cb3"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_feed_names_for_awkward_units(tmp_path: Path) -> None:
    """Units named like paths or reserved devices get safe, distinct files."""
    plan = ActionPlan(
        "kh",
        "KH",
        units=[Unit("../x", "A"), Unit("CON", "B"), Unit("Chi bộ 1", "C"), Unit("a:b", "D")],
        tasks=[Task("1", "X", lead="../x")],
    )
    paths = write_feeds(plan, tmp_path)
    assert len({p.name for p in paths.values()}) == 5
    assert all(p.parent == tmp_path for p in paths.values())


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    """Writing the same content again leaves the file (and its mtime) alone."""
    path = tmp_path / "a.ics"
    assert write_atomic(path, b"x")
    os.utime(path, (1, 1))
    assert not write_atomic(path, b"x")
    assert path.stat().st_mtime == 1
    assert write_atomic(path, b"y")
    assert path.read_bytes() == b"y"


def test_vdir_one_object_per_file(tmp_path: Path) -> None:
    """write_vdir writes {uid}.ics files without METHOD, one object each, a
    displayname, and the plan's marker."""
    plan = reference_plan()
    paths = write_vdir(plan, tmp_path, as_of=AS_OF)
    assert len(paths) == 12
    for path in paths:
        data = path.read_bytes()
        assert problems(data, method=None, single_object=True) == []
        assert f"UID:{path.name.removesuffix('.ics')}\r\n".encode() in data
    assert (tmp_path / "displayname").read_text(encoding="utf-8").startswith("45-KH/ĐU: ")
    assert (tmp_path / MARKER).read_text(encoding="utf-8") == "kh45\n"
    timed = tmp_path / "kh45-2.1@actionplan.ics"
    assert b"BEGIN:VTIMEZONE" in timed.read_bytes()
    assert b"BEGIN:VTIMEZONE" not in (tmp_path / "kh45-1@actionplan.ics").read_bytes()


def test_vdir_prunes_only_its_own_stale_objects(tmp_path: Path) -> None:
    """Objects of tasks gone from the plan are removed; other files stay."""
    plan = reference_plan()
    write_vdir(plan, tmp_path, as_of=AS_OF)
    other = tmp_path / "personal.ics"
    other.write_bytes(b"keep")
    smaller = ActionPlan(plan.id, plan.title, document=plan.document, tasks=plan.tasks[:2])
    write_vdir(smaller, tmp_path, as_of=AS_OF)
    assert sorted(p.name for p in tmp_path.glob("*@actionplan.ics")) == [
        "kh45-1@actionplan.ics",
        "kh45-2@actionplan.ics",
    ]
    assert other.read_bytes() == b"keep"


def test_vdir_refuses_another_plans_folder(tmp_path: Path) -> None:
    """A folder holding another plan's objects is refused, saying whose it is."""
    write_vdir(ActionPlan("a", "A", tasks=[Task("1", "X")]), tmp_path)
    with pytest.raises(ValidationError, match="holds the calendar objects of plan 'a'"):
        write_vdir(ActionPlan("a-b", "AB", tasks=[Task("1", "X")]), tmp_path)
    assert (tmp_path / "a-1@actionplan.ics").exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("organizer", "mailto:vp@example.org"), ("color", "darkred"), ("refresh", dt.timedelta(1))],
)
def test_vdir_refuses_calendar_file_options(tmp_path: Path, option: str, value: object) -> None:
    """Options that set properties of a calendar file are refused by write_vdir,
    which writes bare objects, rather than silently dropped; nothing is written."""
    plan = ActionPlan("a", "A", tasks=[Task("1", "X")])
    with pytest.raises(ValidationError, match=f"{option} set properties of a calendar file"):
        write_vdir(plan, tmp_path / "v", **{option: value})  # type: ignore[arg-type]
    assert not (tmp_path / "v").exists()


def test_directory_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """Giving a file where a folder is expected is refused clearly."""
    target = tmp_path / "x"
    target.write_bytes(b"")
    with pytest.raises(ValidationError, match="is a file, not a folder"):
        write_feeds(reference_plan(), target)
