"""``actionplan ics``: one file, feeds or a folder of objects from a plan file;
bad input exits 2 with one line on stderr."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ical_checks import problems
from ical_support import ROOT
from icalendar import Calendar

from actionplan.cli.main import cli
from actionplan.files import load_plan
from actionplan.ical import parse_alarms, to_ical_bytes

PLAN = ROOT / "examples" / "reference" / "plan.yaml"
AS_OF = dt.date(2024, 9, 30)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["ics", str(PLAN), *args])
    return result.exit_code, result.stdout, result.stderr


def test_one_file(tmp_path: Path) -> None:
    """-o FILE writes what to_ical_bytes gives for the same options."""
    target = tmp_path / "kh45.ics"
    code, out, _ = _run(
        "-o", str(target), "--as-of", "30/9/2024", "--mode", "event", "--alarm", "7wd,1d"
    )
    assert code == 0
    expected = to_ical_bytes(
        load_plan(PLAN), mode="event", as_of=AS_OF, alarms=parse_alarms("7wd,1d")
    )
    events = len(Calendar.from_ical(expected).events)
    assert out == f"Wrote {events} calendar objects to {target}\n"
    assert target.read_bytes() == expected
    assert problems(expected) == []


def test_standard_output() -> None:
    """-o - writes the calendar to standard output, and nothing else."""
    result = CliRunner().invoke(cli, ["ics", str(PLAN), "-o", "-", "--as-of", "2024-09-30"])
    assert result.exit_code == 0
    assert result.stdout_bytes == to_ical_bytes(load_plan(PLAN), as_of=AS_OF)


def test_unit_filter() -> None:
    """--unit keeps the tasks that unit leads or coordinates."""
    result = CliRunner().invoke(
        cli, ["ics", str(PLAN), "-o", "-", "--as-of", "2024-09-30", "--unit", "cb-van-phong"]
    )
    assert result.exit_code == 0
    assert result.stdout_bytes == to_ical_bytes(
        load_plan(PLAN), as_of=AS_OF, units=["cb-van-phong"]
    )


def test_feeds_and_vdir(tmp_path: Path) -> None:
    """--feeds writes the plan's feed and one per unit; --vdir one object per file."""
    code, out, _ = _run("--feeds", str(tmp_path / "feeds"), "--as-of", "2024-09-30")
    assert code == 0
    plan = load_plan(PLAN)
    assert len(list((tmp_path / "feeds").glob("*.ics"))) == len(plan.units) + 1
    assert out == f"Wrote {len(plan.units) + 1} feeds to {tmp_path / 'feeds'}\n"
    code, out, _ = _run("--vdir", str(tmp_path / "vdir"), "--as-of", "2024-09-30")
    assert code == 0
    files = list((tmp_path / "vdir").glob("*@actionplan.ics"))
    assert out == f"Wrote {len(files)} calendar objects to {tmp_path / 'vdir'}\n"
    for path in files:
        assert problems(path.read_bytes(), method=None, single_object=True) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give exactly one of -o FILE, --feeds DIR or --vdir DIR"),
        (("-o", "-", "--vdir", "x"), "found -o, --vdir"),
        (("-o", "-", "--alarm", "3 ngày"), "cannot read '3 ngày'"),
        (("-o", "-", "--unit", "nope"), "unknown unit 'nope'; known units: btv"),
        (("-o", "-", "--as-of", "31/02/2025"), "not a real date"),
        (("-o", "-", "--color", "#ff0000"), "CSS colour name"),
        (("--feeds", "x", "--unit", "btv"), "--unit goes with -o or --vdir"),
        (("--vdir", "x", "--color", "darkred"), "--vdir writes bare objects"),
        (("--vdir", "x", "--organizer", "mailto:vp@example.org"), "--vdir writes bare objects"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...], message: str) -> None:
    """Bad input exits 2 with a message on stderr saying what is wrong, no traceback."""
    code, out, err = _run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_unwritable_target_exits_2(tmp_path: Path) -> None:
    """A file that cannot be written is refused, naming it, without a traceback."""
    target = tmp_path / "missing" / "kh45.ics"
    code, _, err = _run("-o", str(target), "--as-of", "2024-09-30")
    assert code == 2
    assert err == f"actionplan: error: cannot write {target}: No such file or directory\n"


def test_command_module_imports_no_icalendar() -> None:
    """Loading the ics command does not load icalendar (it is imported when run)."""
    code = "import sys, actionplan.cli.ics; print('icalendar' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


# -- the SEQUENCE state file, and the plan file's reminders -----------------------------

SMALL_PLAN = """
plan: {{id: kh45, title: Kế hoạch 45, issued_on: 2024-08-06{alarms}}}
tasks:
  - {{id: "1", title: Báo cáo, deadline: {due}}}
"""


def _small_plan(folder: Path, due: str = "15/12/2024", alarms: str = "") -> Path:
    path = folder / "kh45.yaml"
    extra = f", alarms: {alarms!r}" if alarms else ""
    path.write_text(SMALL_PLAN.format(due=due, alarms=extra), encoding="utf-8")
    return path


def _ics(plan: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, ["ics", str(plan), "--as-of", "2024-09-30", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.parametrize(
    ("target", "written"),
    [
        (("-o", "kh45.ics"), "kh45.ics"),
        (("--feeds", "feeds"), "feeds/kh45.ics"),
        (("--vdir", "vdir"), "vdir/kh45-1@actionplan.ics"),
    ],
)
def test_state_bumps_sequence_on_a_deadline_edited_in_the_file(
    tmp_path: Path, target: tuple[str, str], written: str
) -> None:
    """With --state, a deadline edited directly in the plan file bumps the object's
    SEQUENCE (clients take the change); without it, the number derived from the data
    stays 0."""
    option, name = target
    out = str(tmp_path / name)
    state = tmp_path / "sequences.json"
    plan = _small_plan(tmp_path)
    assert _ics(plan, option, out, "--state", str(state))[0] == 0
    assert state.is_file()
    assert b"SEQUENCE:0" in (tmp_path / written).read_bytes()
    plan = _small_plan(tmp_path, due="20/12/2024")
    assert _ics(plan, option, out, "--state", str(state))[0] == 0
    assert b"SEQUENCE:1" in (tmp_path / written).read_bytes()
    assert _ics(plan, option, str(tmp_path / "other"))[0] == 0
    other = tmp_path / "other" if option == "-o" else tmp_path / "other" / Path(written).name
    assert b"SEQUENCE:0" in other.read_bytes()


def test_state_with_standard_output(tmp_path: Path) -> None:
    """-o - --state FILE writes the calendar to standard output and keeps the numbers."""
    state = tmp_path / "sequences.json"
    code, data, _ = _ics(_small_plan(tmp_path), "-o", "-", "--state", str(state))
    assert code == 0
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert b"SEQUENCE:0" in data
    assert "kh45-1@actionplan" in state.read_text(encoding="utf-8")
    code, data, _ = _ics(_small_plan(tmp_path, "20/12/2024"), "-o", "-", "--state", str(state))
    assert code == 0
    assert b"SEQUENCE:1" in data


def test_unwritable_state_exits_2(tmp_path: Path) -> None:
    """A state file in a folder that does not exist is refused, naming it."""
    state = tmp_path / "missing" / "sequences.json"
    code, _, err = _ics(
        _small_plan(tmp_path), "-o", str(tmp_path / "kh45.ics"), "--state", str(state)
    )
    assert code == 2
    assert err.startswith(f"actionplan: error: cannot write {state}: ")
    assert "Traceback" not in err


def test_help_documents_the_state_file() -> None:
    """--help describes --state, with an example."""
    result = CliRunner().invoke(cli, ["ics", "--help"])
    assert result.exit_code == 0
    assert "--state FILE" in result.stdout
    assert "--feeds feeds --state feeds/.sequences.json" in result.stdout


def test_the_plan_file_s_alarms_unless_alarm_is_given(tmp_path: Path) -> None:
    """The reminders written in the plan file are used; --alarm replaces them."""
    plan = _small_plan(tmp_path, alarms="0d")
    # A date deadline: triggers are related to DUE, 00:00 of the due day.
    assert _ics(plan, "-o", "-")[1].count(b"TRIGGER;RELATED=END:PT9H\r\n") == 1
    data = _ics(plan, "-o", "-", "--alarm", "1d, overdue")[1]
    assert b"TRIGGER;RELATED=END:-PT15H\r\n" in data
    assert b"TRIGGER;RELATED=END:P1DT9H\r\n" in data
    assert b":PT9H\r\n" not in data
