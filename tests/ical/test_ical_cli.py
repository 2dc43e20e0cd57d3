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
