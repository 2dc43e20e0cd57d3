"""The ``actionplan`` command group.

Commands live in their own modules and are imported only when run (or when shell
completion or their own help needs them); ``actionplan --help`` lists them from
:data:`SUMMARIES` without importing any. No command module loads the Word, Excel,
CalDAV, HTTP, YAML or calendar libraries when it is imported, only when its command
runs, so that a command's help and Tab completion stay quick too.

Errors anywhere in a command, its option callbacks included, end as one line on
stderr and a documented exit code (see :mod:`actionplan.cli._common`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from actionplan._version import __version__
from actionplan.cli._common import CODE_MEANINGS, EXIT_PROBLEMS, debugging, report_error

# name -> "module:attribute"; each attribute is a click.Command.
COMMANDS: dict[str, str] = {
    "completion": "actionplan.cli.completion:completion",
    "deadline": "actionplan.cli.core:deadline",
    "due": "actionplan.cli.status:due",
    "extend": "actionplan.cli.edit:extend",
    "ics": "actionplan.cli.ics:ics",
    "import": "actionplan.cli.importing:import_",
    "init": "actionplan.cli.scaffold:init",
    "ref": "actionplan.cli.core:ref",
    "report": "actionplan.cli.report:report",
    "serve": "actionplan.cli.serve:serve",
    "status": "actionplan.cli.status:status",
    "sync": "actionplan.cli.sync:sync",
    "update": "actionplan.cli.edit:update",
    "validate": "actionplan.cli.files:validate",
    "workdays": "actionplan.cli.core:workdays",
}

# name -> the command's one-line help, as ``actionplan --help`` lists it. Listing the
# commands then imports none of their modules; a command missing here is imported to
# read its help (tests/test_cli_summaries.py keeps these in step with the commands).
SUMMARIES: dict[str, str] = {
    "completion": "Print the shell completion script for SHELL (bash, zsh or fish).",
    "deadline": "Read a deadline phrase and show its due date.",
    "due": "List the tasks of the PLAN files that are overdue or fall due within N working "
    "days, by deadline: the follow-up list (đôn đốc) an office sends out.",
    "extend": "Record a deadline extension for TASK in the plan file PLAN, in place.",
    "ics": "Write the deadlines of the PLAN file as calendar files.",
    "import": "Import an assignment table (.xlsx, .csv or .docx) as a plan file.",
    "init": "Write a new plan file at PATH (default plan.yaml) to fill in.",
    "ref": "Read a document number and symbol (số và ký hiệu) and show its parts.",
    "report": "Write a status report of PLAN...",
    "serve": "Serve PLAN_OR_DIR (a plan file or a folder of them) over HTTP, read-only.",
    "status": "Show where every task of the PLAN files stands on a date.",
    "sync": "Sync the tasks of PLAN with a CalDAV calendar (Nextcloud, Radicale, Baïkal …).",
    "update": "Record progress on TASK in the plan file PLAN, in place.",
    "validate": "Check plan files (YAML, TOML or JSON) and list every problem, located.",
    "workdays": "Working days in Vietnam's public sector: weekends, public holidays, days off "
    "in lieu (nghỉ bù) and make-up working days (làm bù).",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use.

    Usage errors print one line on stderr (``actionplan: error: …``) and exit 2,
    like every other bad input; any other error escaping a command is reported as
    :func:`~actionplan.cli._common.report_error` says.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = run(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("actionplan: aborted", err=True)
            sys.exit(EXIT_PROBLEMS)
        except click.ClickException as exc:
            message = exc.format_message()
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message += f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"actionplan: error: {message}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(result, int):
            sys.exit(result)
        sys.exit(0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            report_error(exc, debug=debugging(ctx))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their one-line help, from :data:`SUMMARIES` where
        given (importing a command's module only for one that has none there)."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            summary = SUMMARIES.get(name) if name in COMMANDS else None
            command = (
                click.Command(name, help=summary)
                if summary is not None
                else self.get_command(ctx, name)
            )
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in commands])


_EPILOG = "\b\nExit codes:\n" + "\n".join(
    f"  {code:>2}  {meaning}" for code, meaning in CODE_MEANINGS.items()
)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=_EPILOG,
)
@click.version_option(__version__, "--version", prog_name="actionplan")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Track action plans that implement resolutions and directives.

    Start with 'actionplan init plan.yaml', fill the plan in, check it with
    'actionplan validate plan.yaml', then follow it with 'status', 'due', 'report'
    and 'ics'. Every command has --help; shell completion: 'actionplan completion
    --help'.

    Example: actionplan deadline "Quý III/2024"
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> Any:
    """Run the command line (the ``actionplan`` console script)."""
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="actionplan")
