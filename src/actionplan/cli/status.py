"""The status commands: ``status`` (where every task stands) and ``due`` (the
follow-up list of what falls due soon or is overdue).

These are the only commands that read the clock: without ``--as-of`` the cut-off is
today in the (first) plan's time zone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from actionplan.cli._common import echo_json, fail, handle_errors, parse_date_option
from actionplan.dates import format_date
from actionplan.errors import PeriodParseError
from actionplan.model import ActionPlan
from actionplan.periods import ReportingPeriod
from actionplan.status import (
    StatusReport,
    StatusRow,
    Summary,
    TaskStatus,
    evaluate,
    report_to_data,
    row_to_data,
)

DUE_SCHEMA: Final = "actionplan.due/1"
"""The schema of ``actionplan due --format json``."""

STATUS_STYLES: Final[dict[TaskStatus, str]] = {
    TaskStatus.DONE_ON_TIME: "green",
    TaskStatus.DONE_LATE: "yellow",
    TaskStatus.DONE_NO_DEADLINE: "green",
    TaskStatus.IN_PROGRESS: "cyan",
    TaskStatus.IN_PROGRESS_OVERDUE: "bold red",
    TaskStatus.NOT_STARTED: "default",
    TaskStatus.NOT_STARTED_OVERDUE: "bold red",
    TaskStatus.ONGOING: "blue",
    TaskStatus.SUSPENDED: "magenta",
    TaskStatus.CANCELLED: "dim",
}
"""The colour of each status in the table (rich styles)."""

CSV_COLUMNS: Final = (
    "id",
    "plan",
    "title",
    "section",
    "key",
    "lead",
    "lead_name",
    "coordinating",
    "status",
    "status_label",
    "due",
    "original_due",
    "deadline_text",
    "done_on",
    "days_left",
    "working_days_left",
    "days_overdue",
    "working_days_overdue",
    "due_soon",
    "percent",
    "last_update",
    "note",
)

_RISKY_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

_WORDS: Final[dict[str, dict[str, str]]] = {
    "vi": {
        "no": "STT",
        "task": "Nhiệm vụ",
        "lead": "Chủ trì",
        "due": "Thời hạn",
        "status": "Tình trạng",
        "note": "Ghi chú",
        "unit": "Đơn vị chủ trì",
        "total": "Tổng số",
        "done": "Đã hoàn thành",
        "late": "Trong đó quá hạn",
        "open": "Đang/chưa thực hiện trong hạn",
        "overdue": "Chưa hoàn thành quá hạn",
        "rate": "Tỷ lệ hoàn thành",
        "as_of": "Tính đến ngày",
        "period": "Kỳ báo cáo",
        "extended": "gia hạn; ban đầu",
        "none_due": "Không có nhiệm vụ nào đến hạn hoặc quá hạn.",
        "due_head": "Nhiệm vụ quá hạn hoặc đến hạn trong {n} ngày làm việc, tính đến ngày {d}",
        "due_head_policy": "Nhiệm vụ quá hạn hoặc sắp đến hạn, tính đến ngày {d}",
        "count": "Tổng cộng: {n} nhiệm vụ ({o} quá hạn).",
        "no_lead": "(chưa có đơn vị chủ trì)",
    },
    "en": {
        "no": "No.",
        "task": "Task",
        "lead": "Lead",
        "due": "Due",
        "status": "Status",
        "note": "Note",
        "unit": "Lead unit",
        "total": "Total",
        "done": "Done",
        "late": "of which late",
        "open": "Open, within deadline",
        "overdue": "Overdue",
        "rate": "Completion rate",
        "as_of": "As of",
        "period": "Period",
        "extended": "extended; originally",
        "none_due": "Nothing is due soon or overdue.",
        "due_head": "Tasks overdue or due within {n} working days, as of {d}",
        "due_head_policy": "Tasks overdue or due soon, as of {d}",
        "count": "In all: {n} tasks ({o} overdue).",
        "no_lead": "(no lead unit)",
    },
}


# ---------------------------------------------------------------------------------
# Shared steps: loading plans, the cut-off date, the period.


def _load(paths: Sequence[Path]) -> list[ActionPlan]:
    """Read the plans, through the cache of parsed plans (keyed by file content, so
    never stale; ``ACTIONPLAN_NO_CACHE=1`` turns it off)."""
    from actionplan.files import load_plan
    from actionplan.files.cache import default_cache

    cache = default_cache()
    if cache is None:
        return [load_plan(path) for path in paths]
    return [cache.load_plan(path) for path in paths]


def _today(plan: ActionPlan) -> dt.date:
    """Today in the plan's time zone: the one place the library reads the clock."""
    try:
        zone = ZoneInfo(plan.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail(
            f"plan {plan.id!r}: unknown time zone {plan.timezone!r}; use an IANA name "
            "such as 'Asia/Ho_Chi_Minh', or give the date with --as-of"
        )
    return dt.datetime.now(zone).date()


def _period(text: str | None, plans: Sequence[ActionPlan]) -> ReportingPeriod | None:
    if text is None:
        return None
    try:
        return ReportingPeriod.parse(text, convention=plans[0].policy.period_convention)
    except PeriodParseError as exc:
        fail(f"--period: {exc}")


def _note(row: StatusRow, language: str) -> str:
    """A short relative note: "quá hạn 5 ngày", "còn 3 ngày làm việc", "xong 02/7/2024"."""
    vi = language == "vi"
    if row.is_overdue and row.days_overdue is not None:
        days, working = row.days_overdue, row.working_days_overdue
        if vi:
            return f"quá hạn {days} ngày ({working} ngày làm việc)"
        return f"{days} days overdue ({working} working days)"
    if row.days_left is not None:
        working = row.working_days_left
        if row.days_left == 0:
            return "đến hạn hôm nay" if vi else "due today"
        if vi:
            return f"còn {row.days_left} ngày ({working} ngày làm việc)"
        return f"{row.days_left} days left ({working} working days)"
    done_on = row.done_on
    if done_on is not None:
        when = format_date(done_on, language)
        if row.days_late:
            return (
                f"xong {when}, trễ {row.days_late} ngày"
                if vi
                else f"done {when}, {row.days_late} days late"
            )
        return f"xong {when}" if vi else f"done {when}"
    return ""


def _due_text(row: StatusRow, language: str) -> str:
    if row.due is None:
        return row.deadline_text or "—"
    text = format_date(row.due, language)
    original = row.original_due
    if row.extended and original is not None and original != row.due:
        text += f" ({_WORDS[language]['extended']} {format_date(original, language)})"
    return text


def _title(row: StatusRow) -> str:
    return f"{row.title} [{row.id}]"


# ---------------------------------------------------------------------------------
# status


def _csv_cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_RISKY_STARTS) else text


def report_csv(report: StatusReport, language: str = "vi") -> str:
    """The report's rows as CSV text: a header, then one line per row.

    Cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get
    a leading ``'`` so that a spreadsheet shows them instead of running them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        data = row_to_data(row, language)
        writer.writerow([_csv_cell(data[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _unit_line(summary: Summary, language: str) -> list[str]:
    totals = summary.totals
    open_in_time = totals[TaskStatus.IN_PROGRESS] + totals[TaskStatus.NOT_STARTED]
    return [
        summary.display_name(language),
        str(summary.count),
        str(summary.done),
        str(totals[TaskStatus.DONE_LATE]),
        str(open_in_time),
        str(summary.overdue),
        summary.rates["completion_rate"].format(language),
    ]


def _print_table(report: StatusReport, language: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    words = _WORDS[language]
    console = Console(highlight=False)
    head = f"{words['as_of']} {format_date(report.as_of, language)}"
    if report.period is not None:
        head += f" — {words['period']}: {report.period.label(language)}"
    titles = "; ".join(ev.plan.title for ev in report.plans)
    tasks = Table(title=f"{titles}\n{head}", show_lines=False)
    for column in ("no", "task", "lead", "due", "status", "note"):
        tasks.add_column(words[column], justify="right" if column == "no" else "left")
    for number, row in enumerate(report.rows, 1):
        style = STATUS_STYLES[row.status]
        note = _note(row, language)
        if row.due_soon:
            note = "⚠ " + note
        tasks.add_row(
            str(number),
            _title(row),
            row.lead_name or words["no_lead"],
            _due_text(row, language),
            Text(row.status.label(language), style=style),
            note,
        )
    console.print(tasks)

    units = Table(show_lines=False)
    for column in ("unit", "total", "done", "late", "open", "overdue", "rate"):
        units.add_column(words[column], justify="left" if column == "unit" else "right")
    for summary in report.by_unit():
        units.add_row(*_unit_line(summary, language))
    total_line = _unit_line(report.summary, language)
    units.add_row(*total_line, style="bold")
    console.print(units)

    for status, count in report.totals.items():
        console.print(Text(f"{status.label(language)}: {count}", style=STATUS_STYLES[status]))
    for rate in report.rates.values():
        console.print(
            f"{rate.label(language)}: {rate.format(language)} "
            f"({rate.formula(language)} = {rate.numerator}/{rate.denominator})"
        )


_PLANS = click.argument(
    "plans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
_AS_OF = click.option(
    "--as-of",
    "as_of",
    callback=parse_date_option,
    metavar="DATE",
    help="The cut-off date (2024-08-14 or 14/8/2024). Default: today in the plan's time zone.",
)
_UNIT = click.option("--unit", metavar="ID", help="Only the tasks this unit leads.")
_LANGUAGE = click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of labels and notes.",
)


@click.command("status")
@_PLANS
@_AS_OF
@click.option(
    "--period",
    metavar="PERIOD",
    help="A reporting period: 2024-H2, 2024-Q3, 2024-09, 2024-9M, 2024, or "
    "'6 tháng cuối năm 2024'; a 'w' suffix (2024-H1w) takes the state's cut-off window.",
)
@_UNIT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="A coloured table, JSON (schema actionplan.status/1) or CSV (one line per task).",
)
@_LANGUAGE
@handle_errors
def status(
    plans: tuple[Path, ...],
    as_of: dt.date | None,
    period: str | None,
    unit: str | None,
    fmt: str,
    language: str,
) -> None:
    """Show where every task of the PLAN files stands on a date.

    Each task gets one of ten statuses (done on time / late / without deadline; in
    progress within the deadline / overdue; not started within the deadline /
    overdue; ongoing; suspended; cancelled), judged against the deadline in force on
    the cut-off date. A recurring task gets one line per occurrence, with the id
    TASK@DATE (t3@2024-08-19). The table ends with a summary per lead unit and the
    completion and overdue rates (truncated to two decimals, as published).

    Example: actionplan status kh45.yaml --as-of 2024-08-06 --period 2024-H2
    """
    loaded = _load(plans)
    cutoff = as_of if as_of is not None else _today(loaded[0])
    report = evaluate(loaded, as_of=cutoff, period=_period(period, loaded))
    if unit is not None:
        report = report.for_unit(unit)
    if fmt == "json":
        echo_json(report_to_data(report, language=language))
    elif fmt == "csv":
        click.echo(report_csv(report, language), nl=False)
    else:
        _print_table(report, language)


# ---------------------------------------------------------------------------------
# due


def due_rows(report: StatusReport) -> tuple[StatusRow, ...]:
    """The follow-up list: overdue rows and rows due soon, by due date."""
    rows = (row for row in report.rows if row.is_overdue or row.due_soon)
    return tuple(sorted(rows, key=lambda r: (r.due or dt.date.max, r.plan_id, r.id)))


@click.command("due")
@_PLANS
@click.option(
    "--within",
    type=click.IntRange(min=0),
    metavar="N",
    help="The due-soon window in working days. Default: each plan's policy (due_soon_days).",
)
@_UNIT
@_AS_OF
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Readable text, or JSON (schema actionplan.due/1).",
)
@_LANGUAGE
@handle_errors
def due(
    plans: tuple[Path, ...],
    within: int | None,
    unit: str | None,
    as_of: dt.date | None,
    fmt: str,
    language: str,
) -> None:
    """List the tasks of the PLAN files that are overdue or fall due within N working
    days, by deadline: the follow-up list (đôn đốc) an office sends out.

    Example: actionplan due kh45.yaml --within 10 --unit cb1
    """
    loaded = _load(plans)
    cutoff = as_of if as_of is not None else _today(loaded[0])
    report = evaluate(loaded, as_of=cutoff, due_soon=within)
    if unit is not None:
        report = report.for_unit(unit)
    rows = due_rows(report)
    if fmt == "json":
        echo_json(
            {
                "schema": DUE_SCHEMA,
                "as_of": cutoff.isoformat(),
                "within": within,
                "plans": [
                    {"id": ev.plan.id, "title": ev.plan.title, "due_soon_days": ev.due_soon_days}
                    for ev in report.plans
                ],
                "tasks": [row_to_data(row, language) for row in rows],
            }
        )
        return
    words = _WORDS[language]
    when = format_date(cutoff, language)
    if within is None:
        click.echo(words["due_head_policy"].format(d=when))
    else:
        click.echo(words["due_head"].format(n=within, d=when))
    if not rows:
        click.echo(words["none_due"])
        return
    for row in rows:
        lead = row.lead_name or words["no_lead"]
        due_text = format_date(row.due, language) if row.due else "—"
        click.echo(f"{due_text:>10}  {_note(row, language)}  {lead}: {_title(row)}")
    overdue = sum(1 for row in rows if row.is_overdue)
    click.echo(words["count"].format(n=len(rows), o=overdue))
