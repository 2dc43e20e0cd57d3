"""The ``init`` command: a new plan file to fill in, every field explained in comments.

:func:`scaffold_text` writes the YAML (a pure function of its arguments); the
command adds today's date, checks that the result loads, and writes it atomically.
A ``.toml`` or ``.json`` path gets the same plan without the comments.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

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

if TYPE_CHECKING:
    from actionplan.refs import DocumentRef

SCHEMA_URL: Final = (
    "https://github.com/actionplan/actionplan/raw/main/src/actionplan/files/plan.schema.json"
)
"""The plan schema's address, for the editor modeline on the first line."""

_ROMAN: Final = ("I", "II", "III", "IV")

_TEMPLATE: Final = string.Template(
    """\
# yaml-language-server: $$schema=${schema_url}
#
# An action plan for actionplan (written by 'actionplan init'). Replace the
# examples with your own plan, then check it:
#
#     actionplan validate ${file_name}
#
# and follow it: 'actionplan status ${file_name}', 'actionplan due ${file_name}',
# 'actionplan report ${file_name} -o report.docx', 'actionplan ics ${file_name} -o
# plan.ics'. Record progress with 'actionplan update' and extensions with
# 'actionplan extend': they edit this file in place and keep these comments.
#
# Dates are ISO (2024-08-06) or day first (06/8/2024), never month first. Ids are
# short stable keys (t1, cb1, II): tasks name their units and sections by id.
# Every key is described in the plan file reference (docs/reference/plan-format.md).

plan:                                  # the plan's own document
${id_line}# a stable key: calendar UIDs and file names use it
${number_line}  # title: what the plan is called, as issued (required, like id)
  title: ${title}
  # kind: plan                         # plan, programme …; read from the number
  # issuer: Ban Thường vụ Đảng ủy …    # the issuing body; 'Parent / Body' for the head
  issued_on: ${issued_on}                # "kể từ ngày ký" counts from this date
  # received_on: ${issued_on}            # the date it was received: "kể từ ngày nhận"
  #                                    #   counts from it (from issued_on if not given)
  # place: Bình Dương                  # the place of the place-and-date line
  # subject: …                         # the subject line (trích yếu), if not the title
  # period: ${year}                       # the period covered: ${year}, ${year}-H2, ${year}-Q3,
  #                                    # ${year}-09, ${year}-9M, '6 tháng cuối năm ${year}'
  # timezone: Asia/Ho_Chi_Minh         # the IANA time zone of the dates (the default)
  # objective: >-                      # the objective (mục tiêu)
  #   …
  # implements:                        # the guiding documents it implements
  #   - number: 15-NQ/ĐUK              # its number and symbol (the kind is read from it)
  #     issued_on: 2024-07-20
  #     issuer: Ban Chấp hành Đảng bộ Khối
  #     subject: nhiệm vụ trọng tâm 6 tháng cuối năm 2024
  policy:                              # how deadlines are read and reported
    before: strict                     # "trước ngày D": strict = due D − 1 (the legal
                                       #   reading); inclusive = due D
    due_soon_days: 5                   # the due-soon window, in working days
    period_convention: calendar        # calendar periods, or the state's cut-off windows
  # alarms: 7wd, 1d, overdue           # calendar reminders for every task: 7 working days
  #                                    #   and 1 day before, and the working day after
  #                                    #   if still open (0d: on the day, @14:30: at
  #                                    #   14:30, none: no reminders). Default: the
  #                                    #   due-soon window, 1d and overdue
  # events:                            # dates of named events deadlines refer to
  #   dai_hoi: ${year}-10-15              #   ("trước Đại hội")
  # calendar:                          # this plan's own days off and make-up working days
  #   - date: ${year}-06-23
  #     working: false                 # false: a day off; true: a make-up working day
  #     name: Nghỉ bù sau Đại hội
  #     name_en: Day off after the Congress
  #     source: 20-TB/ĐU               # the document that decided it

units:                                 # the units that lead or help with tasks
  - id: van-phong
    name: Văn phòng                    # its full name, as reports print it
    kind: department                   # party_committee, party_cell, department,
                                       #   agency or other
  - id: don-vi-a
    name: Đơn vị A
    kind: other
    parent: van-phong                  # the unit it belongs to (optional)
    # email: don-vi-a@example.org      # where its reminders go (optional)
    # alarms: 3wd, overdue             # its own reminders for the tasks it leads

sections:                              # the plan's headings (I, II …), optional
  - id: I
    title: Nhiệm vụ trọng tâm

targets:                               # measurable targets (chỉ tiêu), optional
  - id: ti-le-hoan-thanh
    indicator: Tỷ lệ nhiệm vụ hoàn thành đúng hạn
    value: 90                          # the value to reach
    measure: "%"                       # its unit of measure
    at_least: true                     # true: at least the value; false: at most
    lead: van-phong
    # reports:                         # the values reported, in date order
    #   - date: ${year}-09-30
    #     value: 85
    #     note: Số liệu 9 tháng
    #     by: van-phong                # who reported it

tasks:
  # Each task: id and title are required. A deadline is written as the plan writes
  # it (the text is kept beside the date it means). Every form, with an example:
  #
  #   a date:                    2024-12-15, 15/12/2024, ngày 15 tháng 12 năm 2024
  #   by / before a date:        chậm nhất ngày 15/12/2024, trước ngày 15/12/2024
  #   the end of a period:       Quý III/2024, tháng 10/2025, 6 tháng đầu năm 2025,
  #                              9 tháng năm 2025, năm 2025
  #   start, middle or end:      đầu tháng 10/2025, giữa tháng 10/2025, cuối năm 2025
  #   days after an anchor:      trong thời hạn 30 ngày kể từ ngày ký,
  #                              10 ngày làm việc kể từ ngày nhận
  #   recurring:                 hằng tháng, hằng quý, trước ngày 20 hằng tháng,
  #                              ngày 15/6 hằng năm, định kỳ 6 tháng
  #   ongoing:                   thường xuyên, liên tục
  #   no date:                   ngay, theo yêu cầu, theo tiến độ của t1
  #   before an event:           trước Tết Nguyên đán 2025, trước Đại hội
  #
  # or as a mapping, whose first key tells its kind:
  #
  #   {date: 2024-12-15, before: true}            # before that day (due 14/12)
  #   {end_of: quarter, year: 2024, index: 3}     # month, quarter, half,
  #                                               #   nine_months, year
  #   {days: 10, working: true, after: issued}    # after: issued, received,
  #                                               #   a date or {task: t1}
  #   {every: monthly, day: 20}                   # yearly, monthly, weekly, daily
  #   {ongoing: true}
  #   {undated: follows, follows: t1}             # asap, on_request, follows,
  #                                               #   unspecified
  #   {event: tet, year: 2025}                    # tet, or a name under plan.events
  #
  # Check a phrase with: actionplan deadline "Quý III/2024" --issued-on ${issued_dmy}
  - id: t1
    title: Tổ chức quán triệt kế hoạch đến cán bộ, đảng viên
    lead: van-phong                    # the lead unit (đơn vị chủ trì)
    coordinating: [don-vi-a]           # coordinating units (đơn vị phối hợp)
    deadline: Trong thời hạn 30 ngày kể từ ngày ký
    deliverable: Báo cáo kết quả quán triệt   # what it produces (sản phẩm)
    section: I
    key: true                          # a key task (nhiệm vụ trọng tâm)
    # priority: high                   # high, normal (the default) or low
    # tags: [tuyên truyền]             # free labels
    # depends_on: []                   # the tasks it waits for
    # note: …
    # updates:                         # progress, in date order ('actionplan update'
    #   - date: ${year}-09-01             #   adds them): state is not_started,
    #     state: in_progress           #   in_progress, done, suspended or cancelled
    #     percent: 50                  # 0-100
    #     note: Đã tổ chức hội nghị
    #     by: van-phong                # who reported it
  - id: t2
    title: Xây dựng và ban hành quy chế phối hợp
    lead: don-vi-a
    coordinating: [van-phong]
    deadline: ${quarter_deadline}
    section: I
    # parent: t1                       # the task it is part of (optional)
    # extensions:                      # deadline extensions ('actionplan extend')
    #   - date: ${year}-09-20             # when it was granted
    #     to: 31/12/${year}               # the new deadline, in any form above
    #     by: 112-CV/ĐU                # the document that granted it
    #     reason: Chờ hướng dẫn của cấp trên
  - id: t3
    title: Báo cáo tiến độ thực hiện kế hoạch
    lead: van-phong
    deadline: Trước ngày 20 hằng tháng # recurring: one line per occurrence
    section: I
  - id: t4
    title: Theo dõi, đôn đốc việc thực hiện kế hoạch
    lead: van-phong
    deadline: Thường xuyên             # ongoing: reported every period
    section: I
"""
)


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain where YAML 1.1 and 1.2 both read it back as
    the same string, else double-quoted (JSON's quoting is YAML's).

    >>> _scalar("Kế hoạch năm 2025"), _scalar("2025-01-10"), _scalar("a: b"), _scalar("1e3")
    ('Kế hoạch năm 2025', '"2025-01-10"', '"a: b"', '"1e3"')
    """
    import yaml
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if " ".join(text.split()) == text and "#" not in text:
        try:
            if yaml.safe_load(text) == text == YAML(typ="safe", pure=True).load(text):
                return text
        except (yaml.YAMLError, YAMLError):
            pass
    return json.dumps(text, ensure_ascii=False)


def _next_quarter(day: dt.date) -> str:
    """The quarter after the one holding ``day``, as a deadline phrase.

    >>> _next_quarter(dt.date(2024, 8, 6)), _next_quarter(dt.date(2024, 11, 1))
    ('Quý IV/2024', 'Quý I/2025')
    """
    quarter = (day.month - 1) // 3 + 1
    year = day.year + quarter // 4
    return f"Quý {_ROMAN[quarter % 4]}/{year}"


def scaffold_text(
    *,
    plan_id: str,
    title: str,
    issued_on: dt.date,
    number: str | None = None,
    file_name: str = "plan.yaml",
) -> str:
    """A new plan file in YAML: a few example units, a section, a target and four
    tasks (deadlines counted from the date of issue, by a quarter's end, recurring
    and ongoing), with every field and every deadline form explained in comments.

    >>> from actionplan.files import loads_plan
    >>> text = scaffold_text(plan_id="kh-46", title="Kế hoạch", issued_on=dt.date(2025, 1, 10))
    >>> plan = loads_plan(text)
    >>> plan.id, plan.issued_on, [task.deadline.text for task in plan.tasks][:2]
    ('kh-46', datetime.date(2025, 1, 10), ['Trong thời hạn 30 ngày kể từ ngày ký', 'Quý II/2025'])
    """
    number_line = ""
    if number is not None:
        number_line = f"  number: {_scalar(number)}".ljust(38) + " # its number and symbol\n"
    return _TEMPLATE.substitute(
        schema_url=SCHEMA_URL,
        file_name=file_name,
        id_line=f"  id: {plan_id}".ljust(38) + " ",
        number_line=number_line,
        title=_scalar(title),
        issued_on=issued_on.isoformat(),
        issued_dmy=format_date(issued_on),
        year=issued_on.year,
        quarter_deadline=_next_quarter(issued_on),
    )


def _title_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("the title is empty; give the plan's title, or leave it out")
    return None if value is None else " ".join(value.split())


def _number_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> DocumentRef | None:
    if value is None:
        return None
    from actionplan.errors import DocumentRefError
    from actionplan.refs import DocumentRef

    try:
        return DocumentRef.parse(value)
    except DocumentRefError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("init")
@click.argument(
    "path",
    metavar="[PATH]",
    default="plan.yaml",
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--title",
    callback=_title_option,
    help="The plan's title [default: 'Kế hoạch thực hiện nhiệm vụ năm YEAR'].",
)
@click.option(
    "--number",
    metavar="REF",
    callback=_number_option,
    help="The plan's number and symbol, e.g. 45-KH/ĐU or 123/KH-UBND.",
)
@click.option(
    "--issued-on",
    callback=parse_date_option,
    metavar="DATE",
    help="The plan's date of issue (2024-08-06 or 06/8/2024) [default: today in Vietnam].",
)
@click.option(
    "--plan-id",
    metavar="ID",
    help="The plan's id [default: from the number and year, kh-46-2025, else the file name].",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@format_option
@handle_errors
def init(
    path: Path,
    title: str | None,
    number: DocumentRef | None,
    issued_on: dt.date | None,
    plan_id: str | None,
    force: bool,
    fmt: str,
) -> None:
    """Write a new plan file at PATH (default plan.yaml) to fill in.

    The file holds a small example plan, with every field and every form of
    deadline explained in comments; it passes 'actionplan validate' as written.
    A .toml or .json PATH gets the same plan without the comments. An existing
    file is left alone unless --force is given.

    Example: actionplan init kh46.yaml --number 46-KH/ĐU --issued-on 10/01/2025
    """
    from actionplan._atomic import atomic_write_bytes
    from actionplan.files import dumps_plan, format_of, loads_plan
    from actionplan.importers._text import slugify

    file_format = format_of(path)
    if path.exists() and not force:
        fail(f"{os.fspath(path)}: the file exists; use --force to overwrite it")
    folder = path.parent
    if not folder.is_dir():
        fail(f"{os.fspath(path)}: the folder {os.fspath(folder)} does not exist; create it first")
    day = issued_on if issued_on is not None else today(option="--issued-on")
    ref = number
    if plan_id is None:
        # "46-KH/ĐU" issued in 2025 is kh-46-2025, as in the reference plan.
        plan_id = slugify(
            f"{ref.code or ''} {ref.number} {day.year}" if ref is not None else path.stem,
            default="plan",
        )
    text = scaffold_text(
        plan_id=plan_id,
        title=title if title is not None else f"Kế hoạch thực hiện nhiệm vụ năm {day.year}",
        issued_on=day,
        number=ref.canonical if ref is not None else None,
        file_name=path.name,
    )
    plan = loads_plan(text, "yaml", source=os.fspath(path))
    if file_format != "yaml":
        text = dumps_plan(plan, file_format)
    atomic_write_bytes(path, text.encode("utf-8"))
    if fmt == "json":
        data: dict[str, Any] = {
            "schema": schema_id("init"),
            "file": os.fspath(path),
            "format": file_format,
            "plan": plan.id,
            "units": len(plan.units),
            "sections": len(plan.sections),
            "targets": len(plan.targets),
            "tasks": len(plan.tasks),
        }
        echo_json(data)
        return
    click.echo(
        f"Wrote {os.fspath(path)}: plan {plan.id!r} with {len(plan.units)} units and "
        f"{len(plan.tasks)} example tasks; edit it, then run 'actionplan validate {path.name}'"
    )
