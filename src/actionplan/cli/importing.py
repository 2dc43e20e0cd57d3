"""The ``import`` command: an office's assignment table (XLSX, CSV, DOCX) to a plan file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from actionplan.cli._common import echo_json, fail, format_option, handle_errors, parse_date_option
from actionplan.cli.schemas import schema_id
from actionplan.importers import ImportResult, import_table

FIELDS = ("number", "title", "lead", "coordinating", "deadline", "deliverable", "note")


def _columns_option(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str | int]:
    """``--column FIELD=HEADER`` options as a ``columns=`` map."""
    columns: dict[str, str | int] = {}
    for value in values:
        field, sep, header = value.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise click.BadParameter(
                f'{value!r} is not FIELD=HEADER (e.g. title="Công việc" or lead=C); '
                f"the fields are: {', '.join(FIELDS)}"
            )
        columns[field] = header
    return columns


def report_json(result: ImportResult) -> dict[str, Any]:
    """The import report as ``--format json`` prints it."""
    plan = result.plan
    return {
        "schema": schema_id("import"),
        "tasks": len(plan.tasks),
        "sections": len(plan.sections),
        "units": [{"id": u.id, "name": u.name} for u in plan.units],
        "rows": [
            {
                "row": r.row,
                "outcome": r.outcome.value,
                "task": r.task,
                "messages": list(r.messages),
            }
            for r in result.rows
        ],
    }


def report_lines(result: ImportResult, output: Path) -> list[str]:
    """The import report as readable lines: a summary, then every row."""
    plan = result.plan
    lines = [
        f"{len(plan.tasks)} tasks, {len(plan.sections)} sections, {len(plan.units)} units "
        f"imported from {result.source} into {output}",
        *(f"  {note}" for note in result.notes),
    ]
    width = len(str(max((r.row for r in result.rows), default=0)))
    for row in result.rows:
        what = row.task if row.outcome.value in ("task", "continuation") else row.section
        lines.append(f"row {row.row:>{width}}  {row.outcome.value:<12} {what or ''}".rstrip())
        lines.extend(f"{'':>{width + 6}}{message}" for message in row.messages)
    return lines


@click.command("import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The plan file to write (.yaml, .toml or .json).",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    callback=_columns_option,
    metavar="FIELD=HEADER",
    help=(
        "Name a column whose header is not recognised: FIELD is one of "
        + ", ".join(FIELDS)
        + "; HEADER is its header text, column letter or number. Repeatable."
    ),
)
@click.option(
    "--issued-on",
    callback=parse_date_option,
    metavar="DATE",
    help="The plan's date (for deadlines counted from it); default: read from the file.",
)
@click.option("--year", type=int, help="The year for deadlines written without one.")
@click.option("--sheet", metavar="NAME", help="The worksheet to read (Excel).")
@click.option(
    "--table", "table_index", type=click.IntRange(min=1), help="The table to read (Word, from 1)."
)
@click.option("--encoding", help="The CSV encoding (default: detected).")
@click.option("--plan-id", help="The plan's id (default: from the file name).")
@click.option("--title", help="The plan's title (default: from the file).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@format_option
@handle_errors
def import_(
    table: Path,
    output: Path,
    columns: dict[str, str | int],
    issued_on: dt.date | None,
    year: int | None,
    sheet: str | None,
    table_index: int | None,
    encoding: str | None,
    plan_id: str | None,
    title: str | None,
    force: bool,
    fmt: str,
) -> None:
    """Import an assignment table (.xlsx, .csv or .docx) as a plan file.

    Reads the table an office keeps (STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn
    vị phối hợp | Thời gian hoàn thành | Sản phẩm), writes the plan to OUTPUT and
    reports what became of every row.

    Example: actionplan import ke-hoach-45.docx -o plan.yaml --issued-on 06/8/2024
    """
    if output.exists() and not force:
        fail(f"{output}: the file exists; use --force to overwrite it")
    from actionplan.files import dump_plan

    result = import_table(
        table,
        columns=columns or None,
        issued_on=issued_on,
        year=year,
        plan_id=plan_id,
        title=title,
        sheet=sheet,
        table_index=table_index,
        encoding=encoding,
    )
    dump_plan(result.plan, output, keep_comments=False)
    if fmt == "json":
        echo_json(report_json(result))
    else:
        click.echo("\n".join(report_lines(result, output)))
