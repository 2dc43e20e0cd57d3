"""The ``ics`` command: a plan's deadlines as calendar files.

It reads the clock only when ``--as-of`` is not given (today in the plan's time
zone), and imports the calendar library only when it runs.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from actionplan.cli._common import (
    ProgressBar,
    echo_json,
    fail,
    handle_errors,
    parse_date_option,
    progress_option,
    today,
)
from actionplan.cli.schemas import schema_id

if TYPE_CHECKING:
    from actionplan.reminders import AlarmSpec


def _objects(data: bytes) -> int:
    """The number of to-dos and events in a calendar file."""
    return data.count(b"\r\nBEGIN:VTODO\r\n") + data.count(b"\r\nBEGIN:VEVENT\r\n")


def _failed(exc: OSError, target: Path | None, state: Path | None) -> Path | None:
    """What could not be written: the state file when the error names it (or its
    lock or temporary file beside it), else the target."""
    name = Path(exc.filename).name if isinstance(exc.filename, str) else ""
    if state is not None and name and state.name in name:
        return state
    return target


def _alarms(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> tuple[AlarmSpec, ...] | None:
    if value is None:
        return None
    from actionplan.errors import ParseError
    from actionplan.reminders import parse_alarms

    try:
        return parse_alarms(value)
    except ParseError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("ics")
@click.argument(
    "plan_file", metavar="PLAN", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write one calendar file (METHOD:PUBLISH) here; '-' writes to standard output.",
)
@click.option(
    "--feeds",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a feed for the whole plan and one per unit into DIR.",
)
@click.option(
    "--vdir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one object per file ({uid}.ics, no METHOD) into DIR, for todoman or vdirsyncer.",
)
@click.option(
    "--mode",
    type=click.Choice(["todo", "event"]),
    default="todo",
    show_default=True,
    help="todo: to-dos (Thunderbird, Nextcloud Tasks, todoman); "
    "event: all-day events (Google Calendar, Outlook, which ignore to-dos).",
)
@click.option(
    "--unit",
    "units",
    metavar="ID",
    multiple=True,
    help="Only the tasks this unit leads or coordinates (repeatable; -o and --vdir).",
)
@click.option(
    "--alarm",
    "alarms",
    metavar="SPEC",
    callback=_alarms,
    help="Reminders, e.g. '7wd,1d,overdue': 7 working days and 1 day before, and the next "
    "working day after the deadline (also '+1wd'); '@14:30' for another hour than 09:00; "
    "'none' for no reminders. Replaces the plan file's own (plan.alarms, units[].alarms). "
    "Default: the plan file's, else the due-soon window, the day before, and overdue.",
)
@click.option(
    "--state",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep the SEQUENCE number last written for each object in FILE (JSON, made if "
    "missing), so that it grows exactly when an object's dates or status changed, even "
    "by a deadline edited in the plan directly. One state file per output, e.g. "
    "--feeds feeds --state feeds/.sequences.json.",
)
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date_option,
    metavar="DATE",
    help="The cut-off date (2024-08-14 or 14/8/2024). Default: today in the plan's time zone.",
)
@click.option("--organizer", metavar="EMAIL", help="The ORGANIZER of published files.")
@click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of descriptions and reminders.",
)
@click.option("--color", metavar="NAME", help="The calendar's colour, a CSS name (darkred).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to report what was written: a line of text, or JSON for other tools.",
)
@progress_option
@handle_errors
def ics(
    plan_file: Path,
    output: Path | None,
    feeds: Path | None,
    vdir: Path | None,
    mode: str,
    units: tuple[str, ...],
    alarms: tuple[AlarmSpec, ...] | None,
    state: Path | None,
    as_of: dt.date | None,
    organizer: str | None,
    language: str,
    color: str | None,
    fmt: str,
    progress: bool | None,
) -> None:
    """Write the deadlines of the PLAN file as calendar files.

    Give exactly one of -o FILE, --feeds DIR or --vdir DIR. Re-running updates the
    files in place: every task keeps its UID, so calendar clients update what they
    have instead of adding copies.

    With --format json, what was written is reported as JSON: the plan, the mode,
    the cut-off date, the target (file, feeds or vdir) and each file written with
    the unit it is for and its number of to-dos or events.

    Reminders come from the plan file (plan.alarms, and units[].alarms for the
    tasks a unit leads) unless --alarm replaces them. With --state FILE, SEQUENCE
    numbers are kept in FILE between runs, so that clients take every change,
    including a deadline edited in the plan file directly.

    \b
    Examples:
      actionplan ics kh45.yaml -o kh45.ics --mode event --alarm 7wd,1d,overdue
      actionplan ics kh45.yaml --feeds feeds --state feeds/.sequences.json
    """
    targets = [
        name for name, value in (("-o", output), ("--feeds", feeds), ("--vdir", vdir)) if value
    ]
    if len(targets) != 1:
        raise click.UsageError(
            "give exactly one of -o FILE, --feeds DIR or --vdir DIR"
            + (f" (found {', '.join(targets)})" if targets else "")
        )
    if vdir is not None and (organizer is not None or color is not None):
        raise click.UsageError(
            "--organizer and --color set properties of a calendar file; "
            "--vdir writes bare objects, one per file: leave them out"
        )
    if feeds is not None and units:
        raise click.UsageError(
            "--feeds writes a feed for every unit; --unit goes with -o or --vdir"
        )
    if fmt == "json" and output is not None and str(output) == "-":
        raise click.UsageError(
            "-o - writes the calendar to standard output; --format json needs -o FILE"
        )
    from actionplan.files import load_plan
    from actionplan.ical import write_calendar, write_feeds, write_vdir

    plan = load_plan(plan_file)
    cutoff = as_of if as_of is not None else today(plan)
    chosen: Literal["todo", "event"] = "event" if mode == "event" else "todo"
    target = output or feeds or vdir
    files: list[dict[str, Any]] = []
    try:
        if output is not None:
            data = write_calendar(
                plan,
                sys.stdout.buffer if str(output) == "-" else output,
                mode=chosen,
                units=units or None,
                state=state,
                alarms=alarms,
                as_of=cutoff,
                organizer=organizer,
                language=language,
                color=color,
            )
            if str(output) == "-":
                return
            files.append({"path": str(output), "unit": None, "objects": _objects(data)})
            message = f"Wrote {files[0]['objects']} calendar objects to {output}"
        elif feeds is not None:
            with ProgressBar(progress, language=language) as bar:
                bar.stage("writing")
                written = write_feeds(
                    plan,
                    feeds,
                    mode=chosen,
                    state=state,
                    alarms=alarms,
                    as_of=cutoff,
                    organizer=organizer,
                    language=language,
                    color=color,
                )
            files += [
                {"path": str(path), "unit": unit, "objects": _objects(path.read_bytes())}
                for unit, path in written.items()
            ]
            message = f"Wrote {len(written)} feeds to {feeds}"
        else:
            assert vdir is not None
            objects = write_vdir(
                plan,
                vdir,
                mode=chosen,
                units=units or None,
                state=state,
                alarms=alarms,
                as_of=cutoff,
                language=language,
            )
            files += [{"path": str(path), "unit": None, "objects": 1} for path in objects]
            message = f"Wrote {len(objects)} calendar objects to {vdir}"
    except OSError as exc:
        fail(f"cannot write {_failed(exc, target, state)}: {exc.strerror or exc}")
    if fmt == "json":
        echo_json(
            {
                "schema": schema_id("ics"),
                "plan": plan.id,
                "mode": chosen,
                "as_of": cutoff,
                "target": "file" if output is not None else "feeds" if feeds else "vdir",
                "path": str(target),
                "files": files,
                # Each object once: the per-unit feeds repeat the whole plan's.
                "objects": sum(f["objects"] for f in files if f["unit"] is None),
            }
        )
    else:
        click.echo(message)
