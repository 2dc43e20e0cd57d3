"""Helpers shared by the commands: output formats, errors and exit codes.

Exit codes (documented in the CLI reference):

- 0: success;
- 1: the input was read, and problems were found (``validate``), or tasks are
  overdue where a command is asked to signal it;
- 2: bad input or usage: a file, phrase, date or option that cannot be read;
- 3: a conflict: the plan file changed on disk since it was read;
- 4: an external service failed (CalDAV, network);
- 70: an internal error (a bug; run with ``--debug`` and report it).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from actionplan.errors import ActionPlanError, ConcurrentUpdateError, SyncError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_CONFLICT = 3
EXIT_SERVICE = 4
EXIT_INTERNAL = 70

F = TypeVar("F", bound=Callable[..., Any])

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format: readable text, or JSON for other tools.",
)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one line on stderr and exit with ``code``."""
    click.echo(f"actionplan: error: {message}", err=True)
    sys.exit(code)


def exit_code_for(exc: BaseException) -> int:
    """The documented exit code for an exception."""
    if isinstance(exc, ConcurrentUpdateError):
        return EXIT_CONFLICT
    if isinstance(exc, SyncError):
        return EXIT_SERVICE
    if isinstance(exc, ActionPlanError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            ctx = click.get_current_context(silent=True)
            if ctx is not None and (ctx.find_root().obj or {}).get("debug"):
                raise
            if isinstance(exc, ActionPlanError):
                fail(str(exc).replace("\n", "\n  "), exit_code_for(exc))
            fail(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                EXIT_INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, non-ASCII kept)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def parse_date_option(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> dt.date | None:
    """A click callback reading ISO (2024-08-06) or day-first (06/8/2024) dates."""
    if value is None:
        return None
    from actionplan.dates import parse_date

    try:
        return parse_date(value)
    except ActionPlanError as exc:
        raise click.BadParameter(str(exc)) from None
