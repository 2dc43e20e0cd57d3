"""The Word report: the review report in the official layout (DOMAIN.md §5).

The page is A4 with office margins, in Times New Roman (see
:mod:`actionplan.reports._docx_layout`), page numbers in the footer. The document:

1. the head (:class:`~actionplan.reports.head.DocumentHead`): issuer top left,
   ``ĐẢNG CỘNG SẢN VIỆT NAM`` (party plans) or ``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
   NAM / Độc lập - Tự do - Hạnh phúc`` (state plans) top right, the number and
   symbol, the place and date in italics; the title ``BÁO CÁO`` and the subject;
2. I. the results in sentences with every number: total, done on time, done late,
   within the deadline, overdue; each rate with its numerator, denominator and
   formula; the review's numbers for a period review;
3. II. the table per lead unit, with a total line;
4. III. the overdue tasks (and the tasks due soon);
5. the targets, when the plans have any; the notes (how "trước ngày D" was read,
   how rates are truncated); recipients and signature when the head has them;
6. on a new page, the appendix: every task with its lead unit, deadline, status
   and completion date.

The core properties carry the cut-off date, and the archive fixed time stamps: the
same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from actionplan.reports._xml import xml_text
from actionplan.reports._zip import reproducible_zip
from actionplan.reports.formatting import format_number
from actionplan.reports.options import RenderOptions
from actionplan.reports.view import ReportView, RowView, build_view
from actionplan.status import Review, StatusReport

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

__all__ = ["render"]

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def _heading(doc: DocxDocument, text: str, *, centred: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from actionplan.reports._docx_layout import BODY_PT, add_text, set_run_font

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(add_text(paragraph, text), size=BODY_PT, bold=True)


def _body(doc: DocxDocument, text: str, *, italic: bool = False, size: float | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from actionplan.reports._docx_layout import BODY_PT, add_text, set_run_font

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Pt(28)
    set_run_font(add_text(paragraph, text), size=size or BODY_PT, italic=italic)


def _grid(
    doc: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    bold_last: bool = False,
) -> Table:
    """A bordered table with a repeated, bold header row."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from actionplan.reports._docx_layout import TABLE_PT, add_text, set_run_font, set_widths

    table: Table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for r, values in enumerate([headers, *rows]):
        bold = r == 0 or (bold_last and r == len(rows))
        for c, value in enumerate(values):
            cell = table.rows[r].cells[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.first_line_indent = Pt(0)
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            set_run_font(add_text(paragraph, value), size=TABLE_PT, bold=bold)
    set_widths(table, widths_mm)
    return table


def _results(doc: DocxDocument, view: ReportView, number: str) -> None:
    labels = view.labels
    _heading(doc, f"{number}. {labels['results'].upper()}")
    for sentence in view.summary:
        _body(doc, sentence)
    if view.review is not None:
        for _key, label, count in view.review.counts:
            _body(doc, f"- {label}: {format_number(count, view.language)}.")


def _units(doc: DocxDocument, view: ReportView, number: str) -> None:
    from actionplan.reports._docx_layout import TEXT_WIDTH_MM

    labels = view.labels
    n = view.language
    _heading(doc, f"{number}. {labels['by_unit'].upper()}")
    headers = [
        labels["no"],
        labels["unit"],
        labels["total"],
        *(c.label for c in view.categories),
        labels["completion_rate"],
    ]
    rows = [
        [
            str(index),
            unit.name,
            format_number(unit.total, n),
            *(format_number(count, n) for count in unit.counts),
            unit.completion.text,
        ]
        for index, unit in enumerate(view.units, start=1)
    ]
    total = view.total_unit
    rows.append(
        [
            "",
            total.name,
            format_number(total.total, n),
            *(format_number(count, n) for count in total.counts),
            total.completion.text,
        ]
    )
    fixed = 10 + 14 + 20
    share = (TEXT_WIDTH_MM - fixed - 45) / max(len(view.categories), 1)
    widths = [10, 45, 14, *([share] * len(view.categories)), 20]
    numeric = list(range(2, len(headers)))
    _grid(doc, headers, rows, widths, numeric=numeric, bold_last=True)


def _task_rows(view: ReportView, rows: Sequence[RowView]) -> list[list[str]]:
    result = []
    for row in rows:
        title = f"{row.plan_id}: {row.title}" if view.multi_plan else row.title
        result.append([str(row.number), title, row.lead_name, row.due_text, row.days_text])
    return result


def _overdue(doc: DocxDocument, view: ReportView, number: str) -> None:
    labels = view.labels
    _heading(doc, f"{number}. {labels['overdue_list'].upper()}")
    headers = [labels["no"], labels["task"], labels["lead"], labels["due"], labels["days"]]
    widths = [12, 75, 35, 20, 23]
    if view.overdue:
        _grid(doc, headers, _task_rows(view, view.overdue), widths, numeric=[0])
    else:
        _body(doc, labels["overdue_none"])
    if view.due_soon:
        _heading(doc, labels["due_soon_list"])
        _grid(doc, headers, _task_rows(view, view.due_soon), widths, numeric=[0])


def _targets(doc: DocxDocument, view: ReportView, number: str) -> None:
    labels = view.labels
    _heading(doc, f"{number}. {labels['targets'].upper()}")
    headers = [labels["indicator"], labels["target"], labels["latest"], labels["met"]]
    rows = [[t.indicator, t.target_text, t.latest_text, t.met_text] for t in view.targets]
    _grid(doc, headers, rows, [70, 30, 40, 25])


def _appendix(doc: DocxDocument, view: ReportView) -> None:
    from docx.enum.text import WD_BREAK

    labels = view.labels
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, labels["appendix"].upper(), centred=True)
    _heading(doc, labels["appendix_title"], centred=True)
    _body(doc, f"({view.subject})", italic=True)
    headers = [
        labels["no"],
        labels["task"],
        labels["lead"],
        labels["deadline"],
        labels["status"],
        labels["done_on"],
    ]
    rows = []
    for row in view.rows:
        title = f"{row.plan_id}: {row.title}" if view.multi_plan else row.title
        deadline = row.deadline_text
        if row.due_text and row.due_text != deadline:
            deadline = f"{deadline}\n({row.due_text})" if deadline else row.due_text
        status = row.status_label
        if row.days_text:
            status = f"{status}\n({row.days_text})"
        rows.append([str(row.number), title, row.lead_name, deadline, status, row.done_on_text])
    _grid(doc, headers, rows, [11, 60, 30, 26, 24, 14], numeric=[0])


def render(report: StatusReport | Review, options: RenderOptions) -> bytes:
    """The ``.docx`` file of ``report``, as bytes."""
    import docx

    from actionplan.reports._docx_layout import add_head, add_signature, setup_document

    view = build_view(report, language=options.language, head=options.head, subject=options.subject)
    doc = docx.Document()
    setup_document(doc)
    add_head(doc, view.head)
    sections = iter(_ROMAN)
    _results(doc, view, next(sections))
    _units(doc, view, next(sections))
    _overdue(doc, view, next(sections))
    if view.targets:
        _targets(doc, view, next(sections))
    _heading(doc, view.labels["notes"])
    for note in view.notes:
        _body(doc, f"- {note}", italic=True, size=12)
    add_signature(doc, view.head, view.labels["recipients"])
    _appendix(doc, view)

    props = doc.core_properties
    stamp = dt.datetime.combine(view.as_of, dt.time(), tzinfo=dt.UTC)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "actionplan"
    props.author = "actionplan"
    props.title = xml_text(f"{view.title}: {view.subject}")
    props.language = view.language
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue())
