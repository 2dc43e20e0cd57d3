"""The ``report`` command: a status or review report of one or more plans, in any format."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import attrs
import click

from actionplan.cli._common import (
    ProgressBar,
    echo_json,
    fail,
    handle_errors,
    load_plans,
    parse_date_option,
    progress_option,
    today,
)
from actionplan.cli.schemas import schema_id

FORMAT_CHOICES = ("terminal", "md", "html", "json", "csv", "xlsx", "docx")


@click.command("report")
@click.argument(
    "plans",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default=None,
    help="Output format (default: from the -o suffix, else terminal).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (written atomically). Text formats print to stdout without it.",
)
@click.option(
    "--as-of",
    "as_of",
    callback=parse_date_option,
    help="The cut-off date, e.g. 2024-08-06 or 06/8/2024 (default: today in the plan's "
    "time zone; with --period, the period's end if that is earlier).",
)
@click.option(
    "--period",
    default=None,
    help="Review a reporting period: 2024-H1, 2024-Q3, 2024-09, 2024, 'Quý III/2024', "
    "'6 tháng đầu năm 2024' (the plan's period convention; a 'w' suffix, 2024-H1w, "
    "for the state cut-off windows).",
)
@click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="The report's language.",
)
@click.option("--unit", default=None, help="Only the tasks this unit (id) leads.")
@click.option(
    "--template",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="A template file or folder replacing the built-in Markdown or HTML template.",
)
@click.option(
    "--number",
    default=None,
    help="The report's number and symbol for the Word head, e.g. '12-BC/ĐU' "
    "(default: blank, with the plan's issuer codes).",
)
@click.option(
    "--issuer",
    default=None,
    help="The issuing body for the head, parent body first, lines separated by ' / ', "
    "e.g. 'Đảng bộ tỉnh Bình Dương / Đảng ủy Sở KH&CN' (default: the plan's issuer).",
)
@click.option(
    "--summary",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to report the file written with -o: a line on stderr (text), or JSON on "
    "stdout for other tools (the file, its format, the cut-off, the period, the rows).",
)
@progress_option
@handle_errors
def report(
    plans: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    as_of: dt.date | None,
    period: str | None,
    language: str,
    unit: str | None,
    template: Path | None,
    number: str | None,
    issuer: str | None,
    summary: str,
    progress: bool | None,
) -> None:
    """Write a status report of PLAN... (a review with --period).

    \b
    Examples:
      actionplan report plan.yaml
      actionplan report plan.yaml --period 2024-H2 --as-of 31/12/2024 -o bao-cao.docx
      actionplan report plan.yaml --format html -o report.html --language en
    """
    from actionplan.periods import ReportingPeriod
    from actionplan.reports import BINARY_FORMATS, format_for_path, render, write_report
    from actionplan.reports.head import default_head
    from actionplan.status import Review, StatusReport, evaluate, review

    name = fmt or (format_for_path(output) if output is not None else "terminal")
    if name in BINARY_FORMATS and output is None:
        fail(f"the {name} format is a binary file; give the file to write with -o FILE")
    if template is not None and name not in ("md", "html"):
        fail(f"--template applies to the md and html formats, not {name}")
    if summary == "json" and output is None:
        raise click.UsageError("--summary json reports the file written with -o FILE; give -o")

    with ProgressBar(progress, items=len(plans), language=language) as bar:
        loaded = load_plans(plans, bar)
        first = loaded[0]
        cutoff = as_of if as_of is not None else today(first)
        bar.stage("evaluating")
        result: StatusReport | Review
        reviewed: ReportingPeriod | None = None
        if period is not None:
            try:
                wanted = ReportingPeriod.parse(period, convention=first.policy.period_convention)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint="'--period'") from None
            if as_of is None:
                cutoff = min(cutoff, wanted.end)  # a past period: as of its end
            reviewed = wanted
            result = review(loaded, wanted, as_of=cutoff)
            if unit is not None:
                result = attrs.evolve(
                    result,
                    report=result.report.for_unit(unit),
                    carried_over=tuple(r for r in result.carried_over if r.task.lead == unit),
                )
            status_report = result.report
        else:
            result = evaluate(loaded, as_of=cutoff)
            if unit is not None:
                result = result.for_unit(unit)
            status_report = result

        head = None
        if number is not None or issuer is not None:
            head = default_head(
                first, date=status_report.as_of, language=language, number=number, issuer=issuer
            )

        bar.stage("rendering")
        if output is None:
            width = max(shutil.get_terminal_size((120, 24)).columns, 60)
            text = render(
                result,
                name,
                language=language,
                template=template,
                head=head,
                colour=True,
                width=width,
            )
        else:
            written = write_report(
                result, output, name, language=language, template=template, head=head
            )

    if output is not None:
        if summary == "json":
            echo_json(
                {
                    "schema": schema_id("report"),
                    "file": str(written),
                    "format": name,
                    "language": language,
                    "as_of": status_report.as_of,
                    "period": None if reviewed is None else reviewed.code,
                    "plans": [ev.plan.id for ev in status_report.plans],
                    "rows": len(status_report.rows),
                    "bytes": written.stat().st_size,
                }
            )
        else:
            click.echo(f"actionplan: wrote {written} ({name})", err=True)
        return
    assert isinstance(text, str)
    click.echo(text, nl=not text.endswith("\n"))
