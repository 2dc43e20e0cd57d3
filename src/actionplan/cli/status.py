"""The status commands: ``status`` (where every task stands) and ``due`` (the
follow-up list of what falls due soon or is overdue).

Without ``--as-of`` the cut-off is today in the (first) plan's time zone
(:func:`actionplan.cli._common.today`). Each is a few lines over the library: the
report from :func:`actionplan.status.evaluate`, its JSON from
:func:`~actionplan.status.report_to_data`, its CSV from the one CSV writer
(:mod:`actionplan.reports.csv`), the follow-up list from
:func:`~actionplan.status.follow_up`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import click

from actionplan.cli._common import (
    ProgressBar,
    echo_json,
    fail,
    handle_errors,
    load_plans,
    parse_date_option,
    printable,
    progress_option,
    today,
)
from actionplan.cli.schemas import schema_id
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
    follow_up,
    report_to_data,
    row_to_data,
)

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
        "plan": "Kế hoạch",
        "plans": "{n} kế hoạch",
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
        "plan": "Plan",
        "plans": "{n} plans",
    },
}


# ---------------------------------------------------------------------------------
# Shared steps: the calendar data, the period, the notes (the plans are read by
# actionplan.cli._common.load_plans).


def _calendar_data() -> contextlib.AbstractContextManager[None]:
    """Public holidays kept between runs in the cache of parsed plans (importing and
    reading the ``holidays`` package takes longer than the rest of a status run)."""
    from actionplan.files.cache import default_cache

    cache = default_cache()
    return contextlib.nullcontext() if cache is None else cache.calendar()


def _period(text: str | None, plans: Sequence[ActionPlan]) -> ReportingPeriod | None:
    if text is None:
        return None
    try:
        return ReportingPeriod.parse(text, convention=plans[0].policy.period_convention)
    except PeriodParseError as exc:
        fail(f"--period: {exc}")


def _days(n: int, unit: str = "day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _note(row: StatusRow, language: str) -> str:
    """A short relative note, worded as the reports word it: "quá hạn 5 ngày (3 ngày
    làm việc)", "còn 3 ngày", "xong 02/7/2024, chậm 4 ngày"."""
    vi = language == "vi"
    if row.is_overdue and row.days_overdue is not None:
        days, working = row.days_overdue, row.working_days_overdue or 0
        if vi:
            return f"quá hạn {days} ngày ({working} ngày làm việc)"
        return f"{_days(days)} overdue ({_days(working, 'working day')})"
    if row.days_left is not None:
        days, working = row.days_left, row.working_days_left or 0
        if days == 0:
            return "đến hạn hôm nay" if vi else "due today"
        if vi:
            return f"còn {days} ngày ({working} ngày làm việc)"
        return f"{_days(days)} left ({_days(working, 'working day')})"
    done_on = row.done_on
    if done_on is not None:
        when = format_date(done_on, language)
        if row.days_late:
            late = row.days_late
            return f"xong {when}, chậm {late} ngày" if vi else f"done {when}, {_days(late)} late"
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


def _title(row: StatusRow, several: bool = False) -> str:
    """The task's title and id; with ``several`` plans, after its plan's id (task
    ids are only unique within a plan)."""
    text = f"{row.title} [{row.id}]"
    return f"{row.plan_id}: {text}" if several else text


# ---------------------------------------------------------------------------------
# status


def _unit_line(summary: Summary, language: str) -> list[str]:
    totals = summary.totals
    open_in_time = totals[TaskStatus.IN_PROGRESS] + totals[TaskStatus.NOT_STARTED]
    return [
        printable(summary.display_name(language)),
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

    from actionplan.reports.terminal import STATUS_STYLES

    words = _WORDS[language]
    # No markup: "[t1]" and the titles are text, not rich styles.
    console = Console(highlight=False, markup=False, emoji=False)
    head = f"{words['as_of']} {format_date(report.as_of, language)}"
    if report.period is not None:
        head += f" — {words['period']}: {report.period.label(language)}"
    several = len(report.plans) > 1
    title = words["plans"].format(n=len(report.plans)) if several else report.plans[0].plan.title
    tasks = Table(title=f"{printable(title)}\n{head}", show_lines=False)
    for column in ("no", "task", "lead", "due", "status", "note"):
        tasks.add_column(words[column], justify="right" if column == "no" else "left")
    for number, row in enumerate(report.rows, 1):
        style = STATUS_STYLES[row.status]
        note = _note(row, language)
        if row.due_soon:
            note = "⚠ " + note
        tasks.add_row(
            str(number),
            printable(_title(row, several)),
            printable(row.lead_name or words["no_lead"]),
            printable(_due_text(row, language)),
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

    if several:  # each plan's figures, then all of them together
        by_plan = Table(show_lines=False)
        for column in ("plan", "total", "done", "late", "open", "overdue", "rate"):
            by_plan.add_column(words[column], justify="left" if column == "plan" else "right")
        for summary in report.by_plan():
            name = printable(f"{summary.key}: {summary.name}")
            by_plan.add_row(name, *_unit_line(summary, language)[1:])
        by_plan.add_row(*total_line, style="bold")
        console.print(by_plan)

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
@progress_option
@handle_errors
def status(
    plans: tuple[Path, ...],
    as_of: dt.date | None,
    period: str | None,
    unit: str | None,
    fmt: str,
    language: str,
    progress: bool | None,
) -> None:
    """Show where every task of the PLAN files stands on a date.

    Each task gets one of ten statuses (done on time / late / without deadline; in
    progress within the deadline / overdue; not started within the deadline /
    overdue; ongoing; suspended; cancelled), judged against the deadline in force on
    the cut-off date. A recurring task gets one line per occurrence, with the id
    TASK@DATE (t3@2024-08-19). The table ends with a summary per lead unit (and,
    for several plans, per plan) and the completion and overdue rates (truncated
    to two decimals, as published). Plans read together need distinct plan ids.

    Example: actionplan status kh45.yaml --as-of 2024-08-06 --period 2024-H2
    """
    with _calendar_data():
        with ProgressBar(progress, items=len(plans), language=language) as bar:
            loaded = load_plans(plans, bar)
            cutoff = as_of if as_of is not None else today(loaded[0])
            bar.stage("evaluating")
            report = evaluate(loaded, as_of=cutoff, period=_period(period, loaded))
            if unit is not None:
                report = report.for_unit(unit)
        if fmt == "json":
            echo_json(report_to_data(report, language=language))
        elif fmt == "csv":
            from actionplan.reports import render

            text = render(report, "csv", language=language)
            assert isinstance(text, str)
            click.echo(text, nl=False)
        else:
            _print_table(report, language)


# ---------------------------------------------------------------------------------
# due


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
@progress_option
@handle_errors
def due(
    plans: tuple[Path, ...],
    within: int | None,
    unit: str | None,
    as_of: dt.date | None,
    fmt: str,
    language: str,
    progress: bool | None,
) -> None:
    """List the tasks of the PLAN files that are overdue or fall due within N working
    days, by deadline: the follow-up list (đôn đốc) an office sends out.

    Example: actionplan due kh45.yaml --within 10 --unit cb1
    """
    with _calendar_data():
        with ProgressBar(progress, items=len(plans), language=language) as bar:
            loaded = load_plans(plans, bar)
            cutoff = as_of if as_of is not None else today(loaded[0])
            bar.stage("evaluating")
            # Evaluated with the same window, so that each row's due_soon flag agrees.
            report = evaluate(loaded, as_of=cutoff, due_soon=within)
            rows = follow_up(report, within=within, unit=unit)
        several = len(report.plans) > 1
        if fmt == "json":
            echo_json(
                {
                    "schema": schema_id("due"),
                    "as_of": cutoff.isoformat(),
                    "within": within,
                    "plans": [
                        {
                            "id": ev.plan.id,
                            "title": ev.plan.title,
                            "due_soon_days": ev.due_soon_days,
                        }
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
            title = printable(f"{lead}: {_title(row, several)}")
            click.echo(f"{due_text:>10}  {_note(row, language)}  {title}")
        overdue = sum(1 for row in rows if row.is_overdue)
        click.echo(words["count"].format(n=len(rows), o=overdue))
