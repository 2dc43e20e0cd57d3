"""The plan-file commands: ``validate``. Each command is a thin layer over the library."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
import click

from actionplan.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressBar,
    echo_json,
    format_option,
    handle_errors,
    progress_option,
)
from actionplan.cli.schemas import schema_id
from actionplan.errors import PlanContentError, PlanFileError, Problem, Severity


@attrs.frozen
class _Checked:
    """One file checked: its problems, and the exit code it calls for."""

    path: str
    problems: tuple[Problem, ...]
    code: int

    @property
    def ok(self) -> bool:
        return self.code == EXIT_OK


def _check(path: Path) -> _Checked:
    from actionplan.files import read_plan  # here: YAML libraries load only when run

    name = os.fspath(path)
    try:
        result = read_plan(path)
    except PlanContentError as exc:
        return _Checked(name, exc.problems, EXIT_PROBLEMS)
    except PlanFileError as exc:  # malformed, not UTF-8, too large, unknown suffix
        return _Checked(name, exc.problems, EXIT_BAD_INPUT)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem(f"cannot read the file: {reason}", file=name)
        return _Checked(name, (problem,), EXIT_BAD_INPUT)
    return _Checked(name, result.warnings, EXIT_OK)


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity.value,
        "message": problem.message,
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "found": problem.found,
        "expected": problem.expected,
        "hint": problem.hint,
    }


@click.command("validate")
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@format_option
@progress_option
@click.pass_context
@handle_errors
def validate(ctx: click.Context, plans: tuple[Path, ...], fmt: str, progress: bool | None) -> None:
    """Check plan files (YAML, TOML or JSON) and list every problem, located.

    One problem per line: FILE:LINE:COLUMN: error: FIELD: what is wrong (found …,
    expected …); how to fix it. Warnings are listed too and do not fail the check.

    Exit status: 0 when every file is valid (warnings allowed), 1 when a plan has
    errors, 2 when a file cannot be read (missing, not UTF-8, malformed).

    Example: actionplan validate plans/kh45.yaml --format json
    """
    with ProgressBar(progress, items=len(plans), language="en") as bar:
        checked = [_check(path) for path in bar.track(plans, "checking")]
    if fmt == "json":
        echo_json(
            {
                "schema": schema_id("validate"),
                "files": [
                    {
                        "path": c.path,
                        "ok": c.ok,
                        "problems": [_problem_json(p) for p in c.problems],
                    }
                    for c in checked
                ],
            }
        )
    else:
        for c in checked:
            for problem in c.problems:
                click.echo(str(problem))
            if c.ok:
                warnings = sum(p.severity is Severity.WARNING for p in c.problems)
                suffix = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
                click.echo(f"{c.path}: ok{suffix}")
    ctx.exit(max(c.code for c in checked))
