"""``actionplan --help`` lists the commands from :data:`actionplan.cli.main.SUMMARIES`
without importing their modules; these tests keep the summaries in step with the
commands themselves."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from actionplan.cli import main as cli_main
from actionplan.cli.main import COMMANDS, SUMMARIES, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_is_the_commands_own_short_help(name: str) -> None:
    """Every command has a summary, and it is the one-line help click makes from the
    command's own docstring (so the listing reads the same either way)."""
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert SUMMARIES[name] == command.get_short_help_str(limit=10_000)


def test_help_is_the_same_with_or_without_the_summaries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The help text built from the summaries is the very text built by importing
    every command (at the width help is printed, long summaries cut alike)."""
    runner = CliRunner()
    fast = runner.invoke(cli, ["--help"], prog_name="actionplan", terminal_width=80)
    monkeypatch.setattr(cli_main, "SUMMARIES", {})
    slow = runner.invoke(cli, ["--help"], prog_name="actionplan", terminal_width=80)
    assert fast.exit_code == slow.exit_code == 0
    assert fast.stdout == slow.stdout


def test_help_imports_no_command_module() -> None:
    """Listing the commands imports none of the command modules (nor the model, the
    status engine or the holidays package they need)."""
    code = (
        "import json, sys\n"
        "from actionplan.cli.main import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith("
        "('actionplan.cli.', 'actionplan.model', 'actionplan.status', 'holidays')))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout.splitlines()[-1]) == [
        "actionplan.cli._common",
        "actionplan.cli.main",
    ]
