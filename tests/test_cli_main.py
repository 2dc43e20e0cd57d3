"""The ``actionplan`` command group: help, version, exit codes, errors, completion and
start-up time, across every command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner, Result

from actionplan._atomic import file_lock
from actionplan._version import __version__
from actionplan.cli import _common
from actionplan.cli.main import COMMANDS, cli
from actionplan.model import ActionPlan

REFERENCE = Path(__file__).parent.parent / "examples" / "reference" / "plan.yaml"

# A plan with three problems: an unknown unit, a date that does not exist, an
# unknown state.
BROKEN = """\
plan:
  id: kh
  title: Kế hoạch
units:
  - id: cb1
    name: Chi bộ 1
tasks:
  - id: t1
    title: Báo cáo
    lead: cb9
    deadline: 2024-08-30
  - id: t2
    title: Kiểm tra
    deadline: 31/02/2024
    updates:
      - date: 2024-08-10
        state: finished
"""


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="actionplan", env=env)


def _all_commands() -> list[tuple[str, ...]]:
    """Every command path: each of COMMANDS, and each sub-command of a group."""
    ctx = click.Context(cli)
    paths: list[tuple[str, ...]] = []
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        assert command is not None
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in sorted(command.list_commands(ctx))]
    return paths


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(REFERENCE, path)
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


# -- help and version ---------------------------------------------------------------------


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_every_help_has_an_example(command: tuple[str, ...]) -> None:
    """Every command's --help exits 0 and ends its description with an example."""
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"actionplan {' '.join(command)}" in result.stdout.split("Example", 1)[1]


def test_top_level_help_lists_every_command_and_the_exit_codes() -> None:
    """actionplan --help lists every command and the table of exit codes."""
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
    for code, meaning in _common.CODE_MEANINGS.items():
        assert f"{code:>2}  {meaning}" in " ".join(result.stdout.split("\n"))


def test_version() -> None:
    """--version prints the package's version."""
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"actionplan, version {__version__}\n"


def test_unknown_command_is_a_usage_error() -> None:
    """An unknown command exits 2 with one line naming it."""
    result = invoke("statsu")
    assert result.exit_code == 2
    assert result.stderr.startswith("actionplan: error: No such command 'statsu'")
    assert result.stderr.count("\n") == 1


# -- exit codes ---------------------------------------------------------------------------

# The commands that read a plan file, with the arguments they need besides it.
PLAN_COMMANDS = {
    "status": ("--as-of", "2024-09-30"),
    "due": ("--as-of", "2024-09-30"),
    "report": ("--as-of", "2024-09-30"),
    "ics": ("-o", "{tmp}/out.ics", "--as-of", "2024-09-30"),
    "update": ("t1", "--state", "done", "--on", "2024-09-30"),
    "extend": ("t1", "--to", "31/12/2024", "--by", "112-CV/ĐU", "--on", "2024-09-30"),
    "sync": ("--url", "http://127.0.0.1:9/"),
}


def _args(name: str, plan: Path) -> list[str]:
    extra = [a.replace("{tmp}", str(plan.parent)) for a in PLAN_COMMANDS[name]]
    first = [name, str(plan)]
    return first + extra


@pytest.mark.parametrize("name", [*sorted(PLAN_COMMANDS), "validate", "serve"])
def test_a_missing_plan_file_exits_2_naming_it(tmp_path: Path, name: str) -> None:
    """A plan file that does not exist: exit 2, one line on stderr with its path."""
    missing = tmp_path / "none.yaml"
    args = _args(name, missing) if name in PLAN_COMMANDS else [name, str(missing)]
    result = invoke(*args)
    assert result.exit_code == _common.EXIT_BAD_INPUT, result.output
    text = result.stderr if name != "validate" else result.stdout
    assert str(missing) in text or "none.yaml" in text
    assert text.count("\n") == 1, text
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(PLAN_COMMANDS))
def test_a_plan_with_problems_exits_2(broken: Path, name: str) -> None:
    """Every command but validate exits 2 on a plan with problems; the first line
    names the file and counts the problems, then each problem has a line of its own
    with its line, column and field."""
    before = broken.read_bytes()
    result = invoke(*_args(name, broken))
    assert result.exit_code == _common.EXIT_BAD_INPUT, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"actionplan: error: {broken}: 3 problems, one per line below; fix them, then "
        f"check with 'actionplan validate {broken}'"
    )
    assert len(lines) == 4
    assert any(f"{broken}:10:11: error: tasks[0].lead:" in line for line in lines[1:])
    assert all(line.startswith(f"  {broken}:") for line in lines[1:])
    assert broken.read_bytes() == before


def test_validate_exits_1_on_a_plan_with_problems(broken: Path) -> None:
    """validate reads the plan and lists its problems on stdout, one per line: exit 1."""
    result = invoke("validate", str(broken))
    assert result.exit_code == _common.EXIT_PROBLEMS
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize("name", ["update", "extend"])
def test_a_locked_plan_exits_3(plan: Path, name: str) -> None:
    """A plan file another process keeps locked: exit 3, nothing written."""
    before = plan.read_bytes()
    with file_lock(plan):
        result = invoke(*_args(name, plan), "--wait", "0")
    assert result.exit_code == _common.EXIT_CONFLICT, result.output
    assert result.stderr.startswith("actionplan: error: ")
    assert plan.read_bytes() == before


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_caldav_server_exits_4(plan: Path) -> None:
    """A CalDAV server that refuses the connection: exit 4, one line naming the URL."""
    url = f"http://127.0.0.1:{_closed_port()}/"
    result = invoke("sync", str(plan), "--url", url)
    assert result.exit_code == _common.EXIT_SERVICE, result.output
    assert result.stderr.startswith(f"actionplan: error: CalDAV server {url}")
    assert result.stderr.count("\n") == 1


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_an_internal_error_exits_70_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug (an unexpected exception) exits 70 with one line and no traceback."""
    monkeypatch.setattr("actionplan.refs.DocumentRef.parse", _boom)
    result = invoke("ref", "45-KH/ĐU")
    assert result.exit_code == _common.EXIT_INTERNAL
    assert result.stderr == (
        "actionplan: error: internal error: RuntimeError: boom (run with --debug for details)\n"
    )


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """--debug prints the traceback before the error line; the exit code stays 70."""
    monkeypatch.setattr("actionplan.refs.DocumentRef.parse", _boom)
    result = invoke("--debug", "ref", "45-KH/ĐU")
    assert result.exit_code == _common.EXIT_INTERNAL
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom")' in result.stderr
    assert result.stderr.endswith(
        "actionplan: error: internal error: RuntimeError: boom (run with --debug for details)\n"
    )


def test_an_error_in_an_option_callback_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error outside a command's body (here in a date option's
    callback) is reported like any other: exit 70, one line."""
    monkeypatch.setattr("actionplan.dates.parse_date", _boom)
    result = invoke("deadline", "Quý III/2024", "--issued-on", "06/8/2024")
    assert result.exit_code == _common.EXIT_INTERNAL
    assert result.stderr.count("\n") == 1


def test_a_file_that_cannot_be_written_exits_2(plan: Path, tmp_path: Path) -> None:
    """Writing into a folder that does not exist: exit 2, one line naming the file."""
    target = tmp_path / "no" / "such" / "folder" / "out.ics"
    result = invoke("ics", str(plan), "-o", str(target), "--as-of", "2024-09-30")
    assert result.exit_code == _common.EXIT_BAD_INPUT, result.output
    assert str(target) in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (_common.ConcurrentUpdateError("changed"), 3),
        (_common.SyncError("down"), 4),
        (ConnectionRefusedError(111, "Connection refused"), 4),
        (PermissionError(13, "Permission denied", "out.docx"), 2),
        (ValueError("bug"), 70),
    ],
)
def test_exit_code_for(error: Exception, code: int) -> None:
    """Each class of failure has its documented exit code."""
    assert _common.exit_code_for(error) == code


# -- today: the one place the command line reads the clock --------------------------------


def _far_zone() -> str:
    """A time zone whose date differs from this computer's today: Etc/GMT-14 (UTC+14)
    and Etc/GMT+12 (UTC-12) are 26 hours apart, so one of them always does."""
    here = dt.date.today()
    for zone in ("Etc/GMT-14", "Etc/GMT+12"):
        if dt.datetime.now(ZoneInfo(zone)).date() != here:
            return zone
    raise AssertionError("two zones 26 hours apart had the same date")  # pragma: no cover


def test_today_is_the_date_in_the_plan_time_zone() -> None:
    """today(plan) is the date in the plan's zone, today() the date in Asia/Ho_Chi_Minh
    (the plans' default), whatever the computer's own zone."""
    zone = _far_zone()
    plan = ActionPlan("kh", "Kế hoạch", timezone=zone)
    expected = {dt.datetime.now(ZoneInfo(zone)).date()}
    found = _common.today(plan)
    expected.add(dt.datetime.now(ZoneInfo(zone)).date())
    assert found in expected
    vietnam = {dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()}
    found = _common.today()
    vietnam.add(dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date())
    assert found in vietnam


def test_today_in_an_unknown_zone_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A zone that cannot be found exits 2 with one line naming the plan, the zone and
    the option that gives the date instead."""
    with pytest.raises(SystemExit) as caught:
        _common.today(ActionPlan("kh", "Kế hoạch", timezone="Mars/Olympus"), option="--on")
    assert caught.value.code == _common.EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "actionplan: error: plan 'kh': unknown time zone 'Mars/Olympus'; use an IANA name "
        "such as 'Asia/Ho_Chi_Minh', or give the date with --on\n"
    )


def _as_of(data: Any) -> str:
    return str(data["as_of"])


@pytest.mark.parametrize(
    ("args", "date_of"),
    [
        (("status", "{plan}", "--format", "json"), _as_of),
        (("due", "{plan}", "--format", "json"), _as_of),
        (("report", "{plan}", "--format", "json"), _as_of),
        (("ics", "{plan}", "-o", "{folder}/kh.ics", "--format", "json"), _as_of),
        (
            ("update", "{plan}", "t1", "--state", "in_progress", "--format", "json"),
            lambda data: data["update"]["date"],
        ),
        (
            ("extend", "{plan}", "t1", "--to", "31/12/2099", "--by", "5-TB/ĐU", "--format", "json"),
            lambda data: data["extension"]["date"],
        ),
    ],
    ids=["status", "due", "report", "ics", "update", "extend"],
)
def test_every_command_defaults_to_today_in_the_plan_time_zone(
    tmp_path: Path, args: tuple[str, ...], date_of: Any
) -> None:
    """Without a date option, each command takes today in the plan's time zone, not
    the computer's."""
    zone = _far_zone()
    plan = tmp_path / "kh.yaml"
    plan.write_text(
        f"plan: {{id: kh, title: Kế hoạch, timezone: {zone}}}\n"
        "tasks:\n  - {id: t1, title: Báo cáo, deadline: 2099-06-30}\n",
        encoding="utf-8",
    )
    before = dt.datetime.now(ZoneInfo(zone)).date()
    result = invoke(*(a.format(plan=plan, folder=tmp_path) for a in args))
    after = dt.datetime.now(ZoneInfo(zone)).date()
    assert result.exit_code == 0, result.output
    assert date_of(json.loads(result.stdout)) in {before.isoformat(), after.isoformat()}


# -- shell completion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "_ACTIONPLAN_COMPLETE=bash_complete"),
        ("zsh", "#compdef actionplan"),
        ("fish", "_ACTIONPLAN_COMPLETE=fish_complete"),
    ],
)
def test_completion_prints_the_script(shell: str, marker: str) -> None:
    """actionplan completion SHELL prints click's completion script for that shell."""
    result = invoke("completion", shell)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert result.stdout.endswith("\n")


def test_completion_refuses_another_shell() -> None:
    """An unknown shell is a usage error listing the known ones."""
    result = invoke("completion", "tcsh")
    assert result.exit_code == 2
    assert "'bash', 'zsh', 'fish'" in result.stderr


def _complete(words: str, shell: str = "bash") -> list[str]:
    env = {
        "_ACTIONPLAN_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = invoke(env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_completion_of_command_names() -> None:
    """Tab after 'actionplan' offers every command; a prefix narrows them."""
    assert _complete("actionplan ") == [f"plain,{name}" for name in sorted(COMMANDS)]
    assert _complete("actionplan st") == ["plain,status"]
    assert _complete("actionplan workdays c") == ["plain,check"]


def test_completion_of_options_and_choices() -> None:
    """Tab completes a command's options and the values of a choice."""
    assert "plain,--as-of" in _complete("actionplan status --as")
    assert _complete("actionplan status plan.yaml --format j") == ["plain,json"]


# -- start-up -----------------------------------------------------------------------------

HEAVY = (
    "babel",
    "caldav",
    "cattrs",
    "docx",
    "holidays",
    "httpx",
    "icalendar",
    "jinja2",
    "niquests",
    "openpyxl",
    "pendulum",
    "requests",
    "rich",
    "ruamel",
    "tomli_w",
    "urllib3",
    "waitress",
    "yaml",
)


def test_importing_every_command_loads_no_heavy_library() -> None:
    """Importing every command module (as a command's help and Tab completion do)
    loads none of those libraries either."""
    code = (
        "import importlib, json, sys\n"
        "from actionplan.cli.main import COMMANDS\n"
        "for target in COMMANDS.values():\n"
        "    importlib.import_module(target.partition(':')[0])\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_help_loads_no_heavy_library() -> None:
    """actionplan --help loads none of the Word, Excel, CalDAV, HTTP, calendar,
    holiday, YAML, TOML, template or terminal libraries: each command imports them
    when it runs."""
    code = (
        "import json, sys\n"
        "from actionplan.cli.main import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_reader_closing_the_pipe_ends_quietly(tmp_path: Path) -> None:
    """`actionplan … | head -1`: no error message and no service exit code when
    the reader stops reading. The output (2,000 task rows) is far larger than a
    pipe's buffer, so the write really fails with EPIPE."""
    import subprocess
    import sys

    tasks = "".join(
        f"  - {{id: t{i}, title: Nhiệm vụ số {i}, deadline: 30/9/2024}}\n" for i in range(2000)
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"plan: {{id: kh, title: Kế hoạch}}\ntasks:\n{tasks}", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "actionplan",
            "status",
            str(plan),
            "--as-of",
            "2024-10-01",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert stderr == ""
    assert code == 1
