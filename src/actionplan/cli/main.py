"""The ``actionplan`` command group.

Commands live in their own modules and are imported only when run, so that
``actionplan --help`` stays quick and never loads the Word, Excel, CalDAV or HTTP
libraries.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from actionplan._version import __version__

# name -> "module:attribute"; each attribute is a click.Command.
COMMANDS: dict[str, str] = {
    "deadline": "actionplan.cli.core:deadline",
    "due": "actionplan.cli.status:due",
    "extend": "actionplan.cli.edit:extend",
    "ics": "actionplan.cli.ics:ics",
    "import": "actionplan.cli.importing:import_",
    "ref": "actionplan.cli.core:ref",
    "report": "actionplan.cli.report:report",
    "status": "actionplan.cli.status:status",
    "sync": "actionplan.cli.sync:sync",
    "update": "actionplan.cli.edit:update",
    "validate": "actionplan.cli.files:validate",
    "workdays": "actionplan.cli.core:workdays",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use.

    Usage errors print one line on stderr (``actionplan: error: …``) and exit 2,
    like every other bad input.
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
            sys.exit(1)
        except click.ClickException as exc:
            message = exc.format_message()
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message += f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"actionplan: error: {message}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(result, int):
            sys.exit(result)
        sys.exit(0)

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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="actionplan")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Track action plans that implement resolutions and directives.

    Example: actionplan deadline "Quý III/2024"
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> Any:
    """Run the command line (the ``actionplan`` console script)."""
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="actionplan")
