"""The editing commands: ``update`` (record progress on a task) and ``extend``
(record a deadline extension). Each edits the plan file in place, keeping its
comments and layout, atomically and under a lock (see
:mod:`actionplan.files.edit`).

Without ``--on`` the date is today in the plan's time zone: these commands read
the clock, the library never does.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from actionplan.cli._common import (
    echo_json,
    fail,
    format_option,
    handle_errors,
    parse_date_option,
    today,
)
from actionplan.cli.schemas import schema_id
from actionplan.dates import format_date
from actionplan.deadlines import due_date
from actionplan.model import ActionPlan, Extension, ProgressState, ProgressUpdate
from actionplan.refs import DocumentRef
from actionplan.schedule import deadline_context

if TYPE_CHECKING:
    from actionplan.deadlines import Deadline

# actionplan.files (and with it the YAML, TOML and cattrs libraries) is imported
# when a command runs, not with this module: 'actionplan --help' stays quick.

_STATES = [state.value for state in ProgressState]

_plan_argument = click.argument(
    "plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path)
)
_wait_option = click.option(
    "--wait",
    "wait",
    type=click.FloatRange(0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another process writing the plan (then exit 3).",
)
_on_option = click.option(
    "--on",
    "on",
    metavar="DATE",
    callback=parse_date_option,
    help="The date (2024-10-15 or 15/10/2024). Default: today in the plan's time zone.",
)


def _load(path: Path) -> ActionPlan:
    from actionplan.files import load_plan

    try:
        return load_plan(path)
    except OSError as exc:
        fail(f"cannot read {os.fspath(path)}: {exc.strerror or exc}")


def _state_text(update: ProgressUpdate) -> str:
    text = update.state.value.replace("_", " ")
    return f"{text} {update.percent} %" if update.percent is not None else text


@click.command("update")
@_plan_argument
@click.argument("task_id", metavar="TASK")
@click.option(
    "--state",
    type=click.Choice(_STATES),
    required=True,
    help="The task's state on that date.",
)
@_on_option
@click.option(
    "--percent",
    type=click.IntRange(0, 100),
    help="How much is done, 0-100 (done is 100, not started 0).",
)
@click.option("--note", metavar="TEXT", help="What was done, or what holds the task up.")
@click.option("--by", "reported_by", metavar="UNIT", help="The unit reporting (a unit id).")
@_wait_option
@format_option
@handle_errors
def update(
    plan_path: Path,
    task_id: str,
    state: str,
    on: dt.date | None,
    percent: int | None,
    note: str | None,
    reported_by: str | None,
    wait: float,
    fmt: str,
) -> None:
    """Record progress on TASK in the plan file PLAN, in place.

    The update goes into the task's updates in date order; the rest of the file
    (comments, layout) is left exactly as it was. Nothing is written when the
    update is refused: an unknown task, an update after the task was reported
    done, or one that makes the plan invalid.

    Example: actionplan update plan.yaml t3 --state done --on 15/10/2024
    """
    from actionplan.files.convert import unstructure_update
    from actionplan.files.edit import record_progress

    date = on if on is not None else today(_load(plan_path), option="--on")
    new = ProgressUpdate(date, state, percent, note=note, reported_by=reported_by)
    try:
        plan = record_progress(plan_path, task_id, new, timeout=wait)
    except OSError as exc:
        fail(f"cannot update {os.fspath(plan_path)}: {exc.strerror or exc}")
    if fmt == "json":
        echo_json(
            {
                "schema": schema_id("update"),
                "file": os.fspath(plan_path),
                "task": task_id,
                "update": unstructure_update(new),
                "updates": len(plan.task(task_id).updates),
            }
        )
        return
    click.echo(
        f"{task_id}: {_state_text(new)} on {format_date(date)} recorded in {os.fspath(plan_path)}"
    )


def _deadline_text(deadline: Deadline, plan: ActionPlan) -> str:
    """The deadline as written, with its due date when that says more."""
    due = due_date(deadline, deadline_context(plan))
    written = deadline.text or (format_date(due) if due is not None else "")
    if due is None or written == format_date(due):
        return written
    return f"{format_date(due)} ({written})"


@click.command("extend")
@_plan_argument
@click.argument("task_id", metavar="TASK")
@click.option(
    "--to",
    "to",
    metavar="DEADLINE",
    required=True,
    help='The new deadline: a date or a phrase ("31/12/2024", "Quý I/2025").',
)
@click.option(
    "--by",
    "approved_by",
    metavar="REF",
    required=True,
    help="The document that grants the extension (112-CV/ĐU, 45/TB-UBND).",
)
@click.option("--reason", metavar="TEXT", help="Why the deadline was extended.")
@_on_option
@_wait_option
@format_option
@handle_errors
def extend(
    plan_path: Path,
    task_id: str,
    to: str,
    approved_by: str,
    reason: str | None,
    on: dt.date | None,
    wait: float,
    fmt: str,
) -> None:
    """Record a deadline extension for TASK in the plan file PLAN, in place.

    DEADLINE is read like the plan's own deadlines (a year missing from "Quý I"
    comes from the plan). The original deadline stays; the extension takes effect
    from its date. Nothing is written when it is refused: an unknown task, a task
    already reported done, or an extension that makes the plan invalid.

    Example: actionplan extend plan.yaml t5 --to "Quý I/2025" --by 112-CV/ĐU
    """
    from actionplan.files.convert import PhraseContext, unstructure_extension
    from actionplan.files.edit import extend_deadline
    from actionplan.phrases import parse_deadline

    plan = _load(plan_path)
    date = on if on is not None else today(plan, option="--on")
    context = PhraseContext.of(plan)
    deadline = parse_deadline(
        to, issued_on=context.issued_on, year=context.year, before=context.before
    )
    extension = Extension(date, deadline, DocumentRef.parse(approved_by), reason)
    try:
        new_plan = extend_deadline(plan_path, task_id, extension, timeout=wait)
    except OSError as exc:
        fail(f"cannot update {os.fspath(plan_path)}: {exc.strerror or exc}")
    if fmt == "json":
        data: dict[str, Any] = unstructure_extension(extension, plan=new_plan)
        echo_json(
            {
                "schema": schema_id("extend"),
                "file": os.fspath(plan_path),
                "task": task_id,
                "extension": data,
                "due": due_date(deadline, deadline_context(new_plan)),
            }
        )
        return
    click.echo(
        f"{task_id}: deadline extended to {_deadline_text(deadline, new_plan)} by "
        f"{extension.approved_by} on {format_date(date)}, recorded in {os.fspath(plan_path)}"
    )
