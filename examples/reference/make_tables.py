"""Write the assignment tables an office would keep for the reference plan.

The tables are made from ``plan.yaml`` (the tasks, units and sections of the plan),
so the three files always agree:

- ``assignment-table.xlsx``: the appendix sheet (title rows, a two-row header with
  "Đơn vị thực hiện" over "Chủ trì | Phối hợp", the row of column numbers, section
  rows merged across, a lead unit merged down over consecutive tasks, real date
  cells for fixed dates);
- ``ke-hoach-45.docx``: the plan as a Word document (the party header, the title,
  a few paragraphs, then the table STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị
  phối hợp | Thời gian hoàn thành | Sản phẩm).

Run it from anywhere; it writes next to itself unless given a directory::

    python examples/reference/make_tables.py [OUTPUT_DIR]

The output is reproducible: the document properties (created and modified) carry
the plan's date rather than the clock's, and the entries of both zip packages a
fixed timestamp, so running the script twice, in any time zone, writes the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from actionplan.dates import date_line, format_date
from actionplan.deadlines import FixedDeadline
from actionplan.files import load_plan
from actionplan.model import ActionPlan, Section, Task

HERE = Path(__file__).resolve().parent
PLAN = HERE / "plan.yaml"
XLSX = "assignment-table.xlsx"
DOCX = "ke-hoach-45.docx"

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
HEADERS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
)
ISSUER_LINES = (
    "ĐẢNG BỘ TỈNH BÌNH DƯƠNG",
    "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
    "ĐẢNG ỦY SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "*",
)


def rows(plan: ActionPlan) -> Iterator[tuple[Section | None, int, Task]]:
    """The tasks in table order, each with its section and its number (STT)."""
    number = 0
    for section in (*plan.sections, None):
        for task in plan.tasks:
            if task.section == (section.id if section else None):
                number += 1
                yield section, number, task


def deadline_text(task: Task) -> str:
    """The deadline as the plan writes it."""
    return task.deadline.text or "" if task.deadline is not None else ""


def is_date_cell(task: Task) -> bool:
    """Whether the deadline is a bare date, which Excel holds as a real date."""
    deadline = task.deadline
    return (
        isinstance(deadline, FixedDeadline)
        and not deadline.before
        and deadline.text == format_date(deadline.date)
    )


def plan_facts(plan: ActionPlan) -> tuple[str, dt.date]:
    """The plan's number and symbol and its date."""
    document = plan.document
    if document is None or document.ref is None or document.issued_on is None:
        raise SystemExit(f"{PLAN}: the plan needs a document with a ref and a date")
    return str(document.ref), document.issued_on


# -- Excel ---------------------------------------------------------------------------


def write_xlsx(plan: ActionPlan, path: Path) -> None:
    """The appendix sheet of the plan."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.writer.excel import ExcelWriter

    ref, issued = plan_facts(plan)
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, horizontal="center", vertical="center")
    bold = Font(bold=True)

    titles = (
        "PHỤ LỤC",
        f"PHÂN CÔNG {plan.title.upper()}",
        f"(Kèm theo Kế hoạch số {ref}, ngày {format_date(issued)} của Ban Thường vụ "
        "Đảng ủy Sở Khoa học và Công nghệ)",
    )
    for row, text in enumerate(titles, start=1):
        sheet.cell(row, 1, text).font = Font(bold=row < 3, italic=row == 3)
        sheet.cell(row, 1).alignment = centre
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)

    # A two-row header: "Đơn vị thực hiện" over "Chủ trì | Phối hợp".
    top, sub = 5, 6
    for col, text in ((1, "STT"), (2, HEADERS[1]), (5, HEADERS[4]), (6, HEADERS[5])):
        sheet.cell(top, col, text)
        sheet.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    sheet.cell(top, 3, "Đơn vị thực hiện")
    sheet.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
    sheet.cell(sub, 3, "Chủ trì")
    sheet.cell(sub, 4, "Phối hợp")
    for col in range(1, 7):
        sheet.cell(7, col, f"({col})")
    for row in range(top, 8):
        for col in range(1, 7):
            cell = sheet.cell(row, col)
            cell.font, cell.alignment, cell.border = bold, centre, box

    row = 8
    current: Section | None = None
    lead_run: list[int] = []

    def close_run() -> None:
        if len(lead_run) > 1:
            sheet.merge_cells(
                start_row=lead_run[0], start_column=3, end_row=lead_run[-1], end_column=3
            )
        lead_run.clear()

    for section, number, task in rows(plan):
        if section is not current and section is not None:
            close_run()
            current = section
            sheet.cell(row, 1, ROMAN[plan.sections.index(section)])
            sheet.cell(row, 2, section.title)
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
            for col in range(1, 7):
                sheet.cell(row, col).font, sheet.cell(row, col).border = bold, box
            row += 1
        lead = plan.unit_name(task.lead)
        if lead_run and sheet.cell(lead_run[0], 3).value == lead:
            lead_run.append(row)
        else:
            close_run()
            lead_run.append(row)
            sheet.cell(row, 3, lead)
        deadline: dt.date | str = deadline_text(task)
        if isinstance(task.deadline, FixedDeadline) and is_date_cell(task):
            deadline = task.deadline.date
        values = (
            number,
            task.title,
            None,
            "\n".join(plan.unit_name(u) for u in task.coordinating) or None,
            deadline,
            task.deliverable,
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col)
            if value is not None:
                cell.value = value
            cell.alignment, cell.border = wrap, box
        if is_date_cell(task):
            sheet.cell(row, 5).number_format = "dd/mm/yyyy"
        row += 1
    close_run()

    for letter, width in zip("ABCDEF", (6, 60, 26, 30, 22, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    stamp = dt.datetime.combine(issued, dt.time(8, 0))
    book.properties.creator = "Văn phòng Đảng ủy"
    book.properties.created = book.properties.modified = stamp
    # Not book.save(): openpyxl's save_workbook sets ``modified`` to the current time
    # (to the second), so two runs a second apart would differ. Its ExcelWriter
    # writes the properties as they are set here.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    _fix_zip_times(path, stamp)


# -- Word ------------------------------------------------------------------------------


def _paragraph(
    document: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str | None = None,
    size: float | None = None,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _cell_text(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(line).bold = bold
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_docx(plan: ActionPlan, path: Path) -> None:
    """The plan as a Word document, with its assignment table."""
    import docx
    from docx.shared import Cm, Pt

    ref, issued = plan_facts(plan)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for page in document.sections:
        page.left_margin, page.right_margin = Cm(3), Cm(2)

    # The header of a party document: the issuing body left, the party's name right.
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    _cell_text(left, "\n".join((*ISSUER_LINES, f"Số {ref}")), bold=True, center=True)
    _cell_text(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, center=True)
    place = right.add_paragraph()
    place.add_run(f"Bình Dương, {date_line(issued)}").italic = True

    _paragraph(document, "KẾ HOẠCH", bold=True, align="center", size=14)
    _paragraph(document, plan.title, bold=True, align="center")
    _paragraph(document, "-----", align="center")
    for implemented in plan.implements:
        _paragraph(
            document,
            f"Căn cứ {implemented.citation()} của {implemented.issuer or 'cấp trên'}"
            f"{' về ' + implemented.subject if implemented.subject else ''};",
            align="justify",
        )
    _paragraph(
        document,
        "Căn cứ kết quả Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2024, "
        "Ban Thường vụ Đảng ủy Sở xây dựng Kế hoạch thực hiện nhiệm vụ trọng tâm 6 tháng "
        "cuối năm 2024 như sau:",
        align="justify",
    )
    _paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    if plan.objective:
        _paragraph(document, plan.objective, align="justify")
    _paragraph(document, "II. NHIỆM VỤ TRỌNG TÂM", bold=True)
    _paragraph(
        document,
        "Các nhiệm vụ, đơn vị chủ trì, đơn vị phối hợp, thời gian hoàn thành và sản phẩm "
        "được phân công như sau:",
        align="justify",
    )

    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        _cell_text(cell, text, bold=True, center=True)
    current: Section | None = None
    for section, number, task in rows(plan):
        if section is not current and section is not None:
            current = section
            cells = table.add_row().cells
            _cell_text(cells[0], ROMAN[plan.sections.index(section)], bold=True, center=True)
            merged = cells[1].merge(cells[-1])
            _cell_text(merged, section.title, bold=True)
        cells = table.add_row().cells
        values = (
            str(number),
            task.title,
            plan.unit_name(task.lead),
            ", ".join(plan.unit_name(u) for u in task.coordinating),
            deadline_text(task),
            task.deliverable or "",
        )
        for col, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell_text(cell, text, center=col in (0, 4))

    _paragraph(document, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _paragraph(
        document,
        "1. Các chi bộ trực thuộc, các đơn vị được phân công chủ trì chủ động triển khai, "
        "báo cáo kết quả thực hiện về Đảng ủy Sở (qua Văn phòng Đảng ủy) trước ngày 20 hằng "
        "tháng.",
        align="justify",
    )
    _paragraph(
        document,
        "2. Văn phòng Đảng ủy theo dõi, đôn đốc, tổng hợp tình hình thực hiện, báo cáo Ban "
        "Thường vụ Đảng ủy.",
        align="justify",
    )
    _paragraph(document, "T/M BAN THƯỜNG VỤ", bold=True, align="center")
    _paragraph(document, "BÍ THƯ", bold=True, align="center")
    _paragraph(document, "(đã ký)", italic=True, align="center")

    stamp = dt.datetime.combine(issued, dt.time(8, 0))
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Văn phòng Đảng ủy"
    properties.title = f"Kế hoạch số {ref}"
    properties.created = properties.modified = stamp
    properties.revision = 1
    document.save(str(path))
    _fix_zip_times(path, stamp)


def _fix_zip_times(path: Path, stamp: dt.datetime) -> None:
    """Give every entry of a zip package the same timestamp, for reproducible bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)


def main(argv: list[str]) -> int:
    """Write both tables into ``argv[0]`` (default: this folder)."""
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    plan = load_plan(PLAN)
    write_xlsx(plan, out / XLSX)
    write_docx(plan, out / DOCX)
    print(f"wrote {out / XLSX} and {out / DOCX} from {PLAN.name} ({len(plan.tasks)} tasks)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
