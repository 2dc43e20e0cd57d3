"""The core commands: document numbers (``ref``), deadlines (``deadline``) and working
days (``workdays``). Each command is a thin layer over the library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

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
from actionplan.refs import DocumentRef
from actionplan.workdays import CalendarChange, DayType, WorkCalendar

# ---------------------------------------------------------------------------------
# ref: document numbers and symbols (số và ký hiệu văn bản).


def _ref_json(parsed: DocumentRef) -> dict[str, Any]:
    """The parts of a ref for ``--format json``; ``kind`` is the type code."""
    return {
        "schema": schema_id("ref"),
        "system": parsed.system.value,
        "number": parsed.number,
        "kind": parsed.code,
        "document_kind": parsed.kind.value,
        "issuers": list(parsed.issuers),
        "year": parsed.year,
        "canonical": parsed.canonical,
    }


def _ref_lines(parsed: DocumentRef) -> list[str]:
    """The parts of a ref as readable lines."""
    kind = parsed.kind
    names = f"{kind.label('vi', system=parsed.system)} / {kind.label('en')}"
    rows = [
        ("system", parsed.system.value),
        ("number", parsed.number),
        ("type", f"{parsed.code or 'none'} ({names})"),
        ("issuers", ", ".join(parsed.issuers)),
        ("year", str(parsed.year) if parsed.year is not None else "none"),
        ("citation", parsed.cite()),
    ]
    return [parsed.canonical] + [f"  {name + ':':<10}{value}" for name, value in rows]


@click.command("ref")
@click.argument("text", nargs=-1, required=True)
@format_option
@handle_errors
def ref(text: tuple[str, ...], fmt: str) -> None:
    """Read a document number and symbol (số và ký hiệu) and show its parts.

    TEXT is the symbol as written, with or without "Số": 45-KH/ĐU (party),
    123/KH-UBND (state), 30/2020/NĐ-CP (state, with year), 2450/VPCP-KGVX (official
    letter). Quotes are optional.

    Example: actionplan ref "Số 45-KH/ĐU" --format json
    """
    parsed = DocumentRef.parse(" ".join(text))
    if fmt == "json":
        echo_json(_ref_json(parsed))
    else:
        click.echo("\n".join(_ref_lines(parsed)))


# ---------------------------------------------------------------------------------
# workdays: working days, public holidays, days off in lieu, make-up working days.

_WEEKDAYS = {
    "vi": ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _parse_dates(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[dt.date, ...]:
    dates = (parse_date_option(ctx, param, value) for value in values)
    return tuple(d for d in dates if d is not None)


def _calendar_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every ``workdays`` command takes to adjust the calendar."""
    options = (
        click.option(
            "--day-off",
            "days_off",
            multiple=True,
            metavar="DATE",
            callback=_parse_dates,
            help="Treat DATE as a day off (nghỉ bù); repeatable.",
        ),
        click.option(
            "--working-day",
            "working_days",
            multiple=True,
            metavar="DATE",
            callback=_parse_dates,
            help="Treat DATE as a working day (làm bù); repeatable.",
        ),
        click.option(
            "--official/--no-official",
            default=True,
            show_default=True,
            help="Apply the official swaps the library knows on top of the holidays package.",
        ),
        click.option(
            "--language",
            type=click.Choice(["vi", "en"]),
            default="vi",
            show_default=True,
            help="Language of names and text output.",
        ),
    )
    for option in reversed(options):
        func = option(func)
    return func


def _make_calendar(
    days_off: Sequence[dt.date], working_days: Sequence[dt.date], official: bool, language: str
) -> WorkCalendar:
    changes = [
        CalendarChange(
            day, working=False, name="Ngày nghỉ (--day-off)", name_en="Day off (--day-off)"
        )
        for day in days_off
    ]
    changes += [
        CalendarChange(
            day,
            working=True,
            name="Ngày làm việc (--working-day)",
            name_en="Working day (--working-day)",
        )
        for day in working_days
    ]
    return WorkCalendar(changes, official=official, language=language)


def _day(date: dt.date, language: str) -> str:
    return f"{format_date(date, language)} ({_WEEKDAYS[language][date.weekday()]})"


@click.group()
def workdays() -> None:
    """Working days in Vietnam's public sector: weekends, public holidays, days off
    in lieu (nghỉ bù) and make-up working days (làm bù).

    Examples: actionplan workdays add 25/4/2024 10; actionplan workdays check
    2026-01-02; actionplan workdays list 2026 --format json
    """


# ignore_unknown_options lets a negative N ("-10") through as an argument.
@workdays.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("date", callback=parse_date_option)
@click.argument("n", type=int)
@_calendar_options
@format_option
@handle_errors
def workdays_add(
    date: dt.date,
    n: int,
    days_off: tuple[dt.date, ...],
    working_days: tuple[dt.date, ...],
    official: bool,
    language: str,
    fmt: str,
) -> None:
    """The N-th working day after DATE (before it when N is negative).

    Counting starts the day after DATE (Civil Code, Art. 147).

    Example: actionplan workdays add 25/4/2024 10 --format json
    """
    calendar = _make_calendar(days_off, working_days, official, language)
    try:
        result = calendar.add_working_days(date, n)
    except OverflowError:
        fail(f"{n} working days from {date.isoformat()} falls outside the years 1-9999")
    if fmt == "json":
        echo_json({"schema": schema_id("workdays-add"), "start": date, "n": n, "date": result})
        return
    count = abs(n)
    if language == "vi":
        direction = "trước" if n < 0 else "sau"
        click.echo(f"{_day(result, 'vi')}: {count} ngày làm việc {direction} {_day(date, 'vi')}")
    else:
        direction = "before" if n < 0 else "after"
        noun = "working day" if count == 1 else "working days"
        click.echo(f"{_day(result, 'en')}: {count} {noun} {direction} {_day(date, 'en')}")


@workdays.command("check")
@click.argument("date", callback=parse_date_option)
@_calendar_options
@format_option
@handle_errors
def workdays_check(
    date: dt.date,
    days_off: tuple[dt.date, ...],
    working_days: tuple[dt.date, ...],
    official: bool,
    language: str,
    fmt: str,
) -> None:
    """Whether DATE is a working day, and why not.

    Example: actionplan workdays check 2024-05-04 --language en
    """
    calendar = _make_calendar(days_off, working_days, official, language)
    kind = calendar.day_type(date)
    reason = calendar.reason(date)
    info = calendar.day_info(date)
    source = info.source if info is not None else None
    if fmt == "json":
        echo_json(
            {
                "schema": schema_id("workdays-check"),
                "date": date,
                "working_day": kind.working,
                "type": kind.value,
                "reason": reason,
                "source": source,
            }
        )
        return
    line = f"{_day(date, language)}: {kind.label(language)}"
    if reason and kind is not DayType.WEEKEND:
        line += f" — {reason}"
    if source:
        line += f" ({source})"
    click.echo(line)


@workdays.command("list")
@click.argument("year", type=click.IntRange(1, 9999))
@_calendar_options
@format_option
@handle_errors
def workdays_list(
    year: int,
    days_off: tuple[dt.date, ...],
    working_days: tuple[dt.date, ...],
    official: bool,
    language: str,
    fmt: str,
) -> None:
    """YEAR's public holidays, days off in lieu and make-up working days, with the
    documents that decided them where known.

    Example: actionplan workdays list 2026 --day-off 2026-09-01
    """
    calendar = _make_calendar(days_off, working_days, official, language)
    days = calendar.changes(year)
    if fmt == "json":
        echo_json(
            {
                "schema": schema_id("workdays-list"),
                "year": year,
                "days": [
                    {
                        "date": d.date,
                        "type": d.type.value,
                        "name": d.name,
                        "name_en": d.name_en,
                        "source": d.source,
                    }
                    for d in days
                ],
            }
        )
        return
    if not days:
        click.echo(
            f"Năm {year}: không có ngày nghỉ lễ, nghỉ bù hay làm bù nào (chỉ nghỉ cuối tuần)."
            if language == "vi"
            else f"{year}: no public holidays, days off or make-up working days (weekends only)."
        )
        return
    rows = [
        (
            _day(d.date, language),
            d.type.label(language),
            d.display_name(language) + (f" ({d.source})" if d.source else ""),
        )
        for d in days
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for when, kind, name in rows:
        click.echo(f"{when:<{widths[0]}}  {kind:<{widths[1]}}  {name}")


# ---------------------------------------------------------------------------------
# deadline: read a deadline phrase (thời hạn hoàn thành).

_OCCURRENCES_SHOWN = 12


def _year_later(date: dt.date) -> dt.date:
    """The day before ``date`` a year on: the last day of a year-long window."""
    try:
        return date.replace(year=date.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(date.year + 1, 2, 28)


@click.command("deadline")
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--issued-on",
    callback=parse_date_option,
    metavar="DATE",
    help="The plan's date of issue: the anchor of 'kể từ ngày ký', and the year of "
    "a phrase without one.",
)
@click.option(
    "--received-on",
    callback=parse_date_option,
    metavar="DATE",
    help="The date the plan was received: the anchor of 'kể từ ngày nhận' "
    "(the date of issue when not given).",
)
@click.option(
    "--year",
    type=click.IntRange(1900, 2200),
    help="The plan's year, for a phrase without one ('6 tháng đầu năm').",
)
@click.option(
    "--before",
    type=click.Choice(["strict", "inclusive"]),
    default="strict",
    show_default=True,
    help="How 'trước ngày D' reads: strictly before D (D - 1, the legal reading) or D itself.",
)
@format_option
@handle_errors
def deadline(
    text: str,
    issued_on: dt.date | None,
    received_on: dt.date | None,
    year: int | None,
    before: str,
    fmt: str,
) -> None:
    """Read a deadline phrase and show its due date.

    TEXT is the deadline as a plan writes it, in Vietnamese (with or without
    diacritics) or English: "Quý III/2024", "trước ngày 15/12/2024", "trong thời hạn
    30 ngày kể từ ngày ký", "trước ngày 20 hằng tháng", "thường xuyên". Quotes are
    optional.

    \b
    Examples:
      actionplan deadline "6 tháng cuối năm" --year 2024 --format json
      actionplan deadline "15 ngày làm việc kể từ ngày nhận" --received-on 12/8/2024
    """
    from actionplan.deadlines import DeadlineContext, RecurringDeadline, due_date, occurrences
    from actionplan.phrases import describe_deadline, parse_deadline

    phrase = " ".join(text)
    parsed = parse_deadline(phrase, issued_on=issued_on, year=year, before=before)
    ctx = DeadlineContext(issued_on=issued_on, received_on=received_on, before=before)
    due = due_date(parsed, ctx)
    description = describe_deadline(parsed, ctx)
    rule = parsed.rule if isinstance(parsed, RecurringDeadline) else None
    upcoming: list[dt.date] = []
    if isinstance(parsed, RecurringDeadline):
        # Only the command line reads the clock: the window starts at the plan's date
        # of issue, else at the start of its year, else today (in Vietnam).
        start = issued_on or (dt.date(year, 1, 1) if year else today(option="--issued-on"))
        upcoming = occurrences(parsed, ctx, start, _year_later(start))[:_OCCURRENCES_SHOWN]
    if fmt == "json":
        data: dict[str, Any] = {
            "schema": schema_id("deadline"),
            "text": phrase,
            "kind": parsed.kind,
            "due": due,
            "rule": rule,
            "assumptions": list(parsed.assumptions),
            "description": description,
        }
        if isinstance(parsed, RecurringDeadline):
            data["occurrences"] = upcoming
        echo_json(data)
        return
    click.echo(description)
    rows = [("kind", parsed.kind), ("due", format_date(due) if due else "none")]
    if rule:
        rows.append(("rule", rule))
    if isinstance(parsed, RecurringDeadline):
        rows.append(("next", ", ".join(format_date(d) for d in upcoming) or "none"))
    rows += [("assumed", note) for note in parsed.assumptions]
    for name, value in rows:
        click.echo(f"  {name + ':':<9}{value}")
