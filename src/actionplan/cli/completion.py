"""The ``completion`` command: the shell completion script for bash, zsh or fish.

Completion is click's own: the shell runs ``actionplan`` with the environment
variable ``_ACTIONPLAN_COMPLETE`` set (``bash_complete``, ``zsh_complete`` or
``fish_complete``), and it prints the candidates for the word being typed:
command names, options, choices, file names. The script this command prints
wires that into the shell; it is the same as ``_ACTIONPLAN_COMPLETE=bash_source
actionplan`` prints.
"""

from __future__ import annotations

from typing import Final

import click

COMPLETE_VAR: Final = "_ACTIONPLAN_COMPLETE"
"""The environment variable that switches ``actionplan`` to completion mode."""

SHELLS: Final = ("bash", "zsh", "fish")
"""The shells a completion script is written for."""


def completion_script(command: click.Command, shell: str, prog_name: str = "actionplan") -> str:
    """The completion script of ``command`` for ``shell`` (``bash``, ``zsh`` or ``fish``).

    >>> script = completion_script(click.Command("actionplan"), "bash")
    >>> "_ACTIONPLAN_COMPLETE=bash_complete" in script
    True
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click.Choice admits only the known shells
        raise click.BadParameter(f"no completion for {shell!r}; use one of {', '.join(SHELLS)}")
    return cls(command, {}, prog_name, COMPLETE_VAR).source()


@click.command("completion")
@click.argument("shell", metavar="SHELL", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    Load it from the shell's start-up file, so that Tab completes commands,
    options, choices and file names:

    \b
      bash:  eval "$(actionplan completion bash)"   # in ~/.bashrc
      zsh:   eval "$(actionplan completion zsh)"    # in ~/.zshrc
      fish:  actionplan completion fish > ~/.config/fish/completions/actionplan.fish

    Bash needs version 4.4 or later. To start faster, write the script to a file
    once and source that file instead.

    Example: actionplan completion bash > ~/.actionplan-complete.bash
    """
    script = completion_script(ctx.find_root().command, shell)
    click.echo(script, nl=not script.endswith("\n"))
