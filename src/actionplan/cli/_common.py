"""Helpers shared by the commands: output formats, errors and exit codes.

Exit codes (documented in the CLI reference and in ``actionplan --help``):

- 0: success;
- 1: the input was read, and problems were found (``validate`` found an invalid
  plan, ``sync`` finished with conflicts), or the command was interrupted;
- 2: bad input or usage: a file, phrase, date or option that cannot be read, a
  plan with problems (every command but ``validate``), a file that cannot be
  written;
- 3: a conflict: the plan file changed on disk since it was read, or another
  process kept it locked too long;
- 4: an external service failed (the CalDAV server, the network);
- 70: an internal error (a bug; run with ``--debug`` and report it).

An error is one line on standard error, ``actionplan: error: …``, naming the file
(with line, column and field where known), what is wrong and what to do. A plan
with several problems gives a first line that counts them, then one problem per
line. ``--debug`` prints the traceback before that line; the exit code stays the
same.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, Final, NoReturn, TypeVar

import click

from actionplan.errors import ActionPlanError, ConcurrentUpdateError, PlanFileError, SyncError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_CONFLICT = 3
EXIT_SERVICE = 4
EXIT_INTERNAL = 70

CODE_MEANINGS: Final[dict[int, str]] = {
    EXIT_OK: "success",
    EXIT_PROBLEMS: "problems found (validate, sync conflicts), or interrupted",
    EXIT_BAD_INPUT: "bad input or usage: a file, plan, phrase, date or option that cannot be read",
    EXIT_CONFLICT: "the plan file changed on disk meanwhile, or stayed locked",
    EXIT_SERVICE: "an external service failed (CalDAV server, network)",
    EXIT_INTERNAL: "an internal error: run again with --debug and report it",
}
"""Every exit code the command line uses, with its meaning (shown by ``--help``)."""

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
    """The documented exit code for an exception.

    >>> from actionplan.errors import DeadlineParseError
    >>> exit_code_for(DeadlineParseError("no")), exit_code_for(ConnectionRefusedError())
    (2, 4)
    >>> exit_code_for(KeyError("x"))
    70
    """
    if isinstance(exc, ConcurrentUpdateError):
        return EXIT_CONFLICT
    if isinstance(exc, SyncError | ConnectionError | TimeoutError):
        return EXIT_SERVICE
    if isinstance(exc, ActionPlanError | OSError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def error_message(exc: BaseException) -> str:
    """What ``actionplan: error:`` says about ``exc``: one line, or for a plan with
    several problems a line counting them and then one indented line per problem.

    >>> from actionplan.errors import PlanContentError, Problem
    >>> print(error_message(FileNotFoundError(2, "No such file or directory", "kh.yaml")))
    kh.yaml: No such file or directory; check the path and its permissions
    >>> problems = [Problem("unknown unit 'x'", "tasks[0].lead", "kh.yaml", 7, 11),
    ...             Problem("not a date", "tasks[1].deadline", "kh.yaml", 12, 15)]
    >>> print(error_message(PlanContentError(problems, file="kh.yaml")))
    kh.yaml: 2 problems, one per line below; fix them, then check with 'actionplan validate kh.yaml'
      kh.yaml:7:11: error: tasks[0].lead: unknown unit 'x'
      kh.yaml:12:15: error: tasks[1].deadline: not a date
    """
    if isinstance(exc, PlanFileError) and len(exc.problems) > 1:
        name = exc.file or next((p.file for p in exc.problems if p.file), None) or "the plan"
        head = (
            f"{name}: {len(exc.problems)} problems, one per line below; fix them, then "
            f"check with 'actionplan validate {name}'"
        )
        return "\n".join([head, *(f"  {problem}" for problem in exc.problems)])
    if isinstance(exc, ActionPlanError):
        return str(exc).replace("\n", "\n  ")
    if isinstance(exc, OSError) and exc.strerror:
        where = os.fsdecode(exc.filename) if exc.filename is not None else "a file"
        if isinstance(exc, ConnectionError | TimeoutError):
            return f"{where}: {exc.strerror}; check the address and the network"
        return f"{where}: {exc.strerror}; check the path and its permissions"
    return f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"


def report_error(exc: BaseException, *, debug: bool = False) -> NoReturn:
    """Print ``exc`` as :func:`error_message` says (after its traceback with
    ``debug``) and exit with :func:`exit_code_for` it."""
    if debug:
        click.echo("".join(traceback.format_exception(exc)).rstrip("\n"), err=True)
    fail(error_message(exc), exit_code_for(exc))


def debugging(ctx: click.Context | None = None) -> bool:
    """Whether ``--debug`` was given (the root context's ``obj["debug"]``)."""
    ctx = ctx if ctx is not None else click.get_current_context(silent=True)
    if ctx is None:
        return False
    obj = ctx.find_root().obj
    return bool(obj.get("debug")) if isinstance(obj, dict) else False


def handle_errors(func: F) -> F:
    """Turn errors into one line on stderr and a documented exit code (see
    :func:`report_error`); ``--debug`` adds the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            report_error(exc, debug=debugging())

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
