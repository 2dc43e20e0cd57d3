"""``actionplan sync``: push a plan's tasks to a CalDAV calendar and pull progress back.

A thin layer over :func:`actionplan.caldav_sync.sync`. The password is read from an
environment variable named by ``--password-env``, never from the command line, so
it shows neither in the process list nor in the shell history.

Exit codes: 0 synced; 1 synced, with conflicts or objects the server refused (listed);
2 bad input; 3 the plan file changed on disk meanwhile; 4 the server failed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from actionplan.cli._common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressBar,
    echo_json,
    fail,
    format_option,
    handle_errors,
    parse_date_option,
    printable,
    progress_option,
    today,
)
from actionplan.cli.schemas import schema_id

if TYPE_CHECKING:
    # actionplan.caldav_sync (the CalDAV, calendar and YAML libraries) is imported
    # when the command runs, not with this module: 'actionplan --help' stays quick.
    from actionplan.caldav_sync import Credentials, SyncedObject, SyncResult

__all__ = ["sync"]


def _credentials(url: str, username: str | None, password_env: str | None) -> Credentials | None:
    """The credentials the options give (``None`` without ``--user``); exits 2 on misuse."""
    if urlsplit(url).password is not None:
        fail(
            "--url holds a password; it would show in the process list and the shell "
            "history: remove it from the URL and use --user with --password-env VAR"
        )
    if password_env is not None and username is None:
        fail("--password-env needs --user: give the user name the password belongs to")
    if username is None:
        return None
    if password_env is None:
        fail(
            "--user needs --password-env VAR: put the password in an environment variable "
            "(e.g. export CALDAV_PASSWORD=…) and name it with --password-env CALDAV_PASSWORD"
        )
    from actionplan.caldav_sync import Credentials

    password = os.environ.get(password_env)
    if password is None:
        fail(
            f"the environment variable {password_env} is not set; set it to the password "
            f"(export {password_env}=…) or name another one with --password-env"
        )
    return Credentials(username, password)


def _json(result: SyncResult) -> dict[str, Any]:
    def objects(items: tuple[SyncedObject, ...]) -> list[dict[str, Any]]:
        return [{"uid": o.uid, "task_id": o.task_id, "href": o.href} for o in items]

    return {
        "schema": schema_id("sync"),
        "calendar": result.calendar,
        "calendar_created": result.calendar_created,
        "dry_run": result.dry_run,
        "created": objects(result.created),
        "updated": objects(result.updated),
        "deleted": objects(result.deleted),
        "unchanged": objects(result.unchanged),
        "pulled": [
            {
                "uid": p.uid,
                "task_id": p.task_id,
                "date": p.update.date,
                "state": p.update.state.value,
                "percent": p.update.percent,
                "previous": p.previous.value if p.previous is not None else None,
            }
            for p in result.pulled
        ],
        "conflicts": [
            {
                "uid": c.uid,
                "task_id": c.task_id,
                "field": c.field,
                "plan_value": c.plan_value,
                "server_value": c.server_value,
                "message": str(c),
            }
            for c in result.conflicts
        ],
        "errors": [
            {"uid": e.uid, "task_id": e.task_id, "message": e.message} for e in result.errors
        ],
        "summary": result.summary(),
    }


def _text(result: SyncResult) -> list[str]:
    head = f"Calendar: {result.calendar}"
    if result.calendar_created:
        head += " (would be created)" if result.dry_run else " (created)"
    lines = [head, result.summary()]
    for label, items in (
        ("created", result.created),
        ("updated", result.updated),
        ("deleted", result.deleted),
    ):
        lines += [f"  {label:<9}{item}" for item in items]
    for pulled in result.pulled:
        change = pulled.update.state.value
        if pulled.update.percent is not None:
            change += f" {pulled.update.percent} %"
        lines.append(
            f"  {'pulled':<9}task {pulled.task_id!r}: {change} on {pulled.update.date.isoformat()}"
        )
    lines += [f"  {'conflict':<9}{c}" for c in result.conflicts]
    lines += [f"  {'error':<9}{e}" for e in result.errors]
    if result.dry_run:
        lines.append("Dry run: nothing was changed on the server or in the plan.")
    return lines


@click.command("sync")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The CalDAV server (or principal, or calendar) URL.")
@click.option(
    "--calendar",
    metavar="NAME|URL",
    help="The calendar: its display name, its name in the URL, or its URL "
    "[default: the calendar named after the plan's id, or --url itself if it is one].",
)
@click.option("--user", "username", help="The user name on the server.")
@click.option(
    "--password-env",
    metavar="VAR",
    help="The environment variable holding the password (never give it on the command line).",
)
@click.option(
    "--create/--no-create",
    default=False,
    show_default=True,
    help="Create the calendar (a task list) if it is missing.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@click.option(
    "--as-of",
    metavar="DATE",
    callback=parse_date_option,
    help="The cut-off date of the export (2024-08-14 or 14/8/2024) [default: today in "
    "the plan's time zone].",
)
@click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="The language of the to-dos' descriptions.",
)
@format_option
@progress_option
@handle_errors
def sync(
    plan: Path,
    url: str,
    calendar: str | None,
    username: str | None,
    password_env: str | None,
    create: bool,
    dry_run: bool,
    as_of: dt.date | None,
    language: str,
    fmt: str,
    progress: bool | None,
) -> int:
    """Sync the tasks of PLAN with a CalDAV calendar (Nextcloud, Radicale, Baïkal …).

    Each task becomes a to-do on the server; a to-do ticked off or advanced there is
    recorded as a progress update in PLAN (its comments are kept). Changes made on
    the server since the last sync are never overwritten blindly: a property changed
    on both sides is reported as a conflict and left alone. The sync state is kept
    beside PLAN, in .PLAN.caldav.json.

    \b
    Example:
      export CALDAV_PASSWORD=…
      actionplan sync kh45.yaml --url https://cal.example.org/dav/ --user canbo \\
        --password-env CALDAV_PASSWORD --calendar "Kế hoạch 45" --create
    """
    from actionplan.caldav_sync import sync as run_sync

    credentials = _credentials(url, username, password_env)
    if as_of is None:
        from actionplan.files import load_plan

        as_of = today(load_plan(plan))
    with ProgressBar(progress, language=language) as bar:
        bar.stage("syncing")

        def synced(done: int, total: int, uid: str) -> None:
            bar.update(done, total)

        result = run_sync(
            plan,
            url,
            calendar=calendar,
            credentials=credentials,
            as_of=as_of,
            dry_run=dry_run,
            progress=synced if bar.enabled else None,
            create=create,
            language=language,
        )
    if fmt == "json":
        echo_json(_json(result))
    else:
        click.echo(printable("\n".join(_text(result))))  # server texts: no escapes
    return EXIT_OK if result.ok else EXIT_PROBLEMS
