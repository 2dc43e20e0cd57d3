"""The official page of a Word report: A4, office margins, Times New Roman, the head.

Kept apart from :mod:`actionplan.reports.docx` (which writes the report's content)
so that the layout rules read in one place. Only imported when a ``.docx`` is made,
since it imports python-docx.

Page: A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the
ranges of Nghị định 30/2020/NĐ-CP and Hướng dẫn 36-HD/VPTW: top and bottom 20–25
mm, left 30–35 mm, right 15–20 mm); Times New Roman 14 pt body text; the page
number centred in the footer (a ``PAGE`` field, so Word numbers the pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from actionplan.reports._xml import xml_text
from actionplan.reports.head import DocumentHead

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
HEAD_PT = 13

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]


def add_text(paragraph: Paragraph, text: str) -> Any:
    """A new run of ``text`` at the end of ``paragraph``: plan texts are cleaned of
    what Word's XML cannot hold (:func:`~actionplan.reports._xml.xml_text`)."""
    return paragraph.add_run(xml_text(text))


def set_run_font(
    run: Any,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> None:
    """Set a run's font to Times New Roman (for every script) and the given style."""
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline


def setup_document(doc: DocxDocument) -> None:
    """A4 portrait, office margins, Times New Roman 14 pt, justified body, page numbers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = doc.styles["Normal"]
    set_run_font(normal, size=BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    add_page_number(section.footer.paragraphs[0])


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a Word field (``PAGE``, ``NUMPAGES`` …) to ``paragraph``.

    A field is begin / instruction / separate / cached result / end; Word updates
    the cached result when it lays the document out.
    """

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        set_run_font(run, size=HEAD_PT)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    set_run_font(run, size=HEAD_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    cached = paragraph.add_run(placeholder)
    set_run_font(cached, size=HEAD_PT)
    char("end")


def add_page_number(paragraph: Paragraph) -> None:
    """A centred ``PAGE`` field."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(paragraph, "PAGE")


def _border(paragraph: Paragraph, side: str, *, size: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), "000000")
    borders.append(edge)


def short_rule(cell: _Cell, width_mm: float, cell_mm: float) -> Paragraph:
    """A centred horizontal rule ``width_mm`` long: an empty paragraph with a top
    border, indented from both sides of the cell."""
    paragraph: Paragraph = cell.add_paragraph()
    indent = max((cell_mm - width_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    set_run_font(paragraph.add_run(), size=4)
    _border(paragraph, "top", size=6)
    return paragraph


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough width of ``text`` in Times New Roman, for sizing rules under it."""
    per_char = 0.52 if not bold else 0.56
    capitals = sum(1 for c in text if c.isupper())
    widen = 0.14 * capitals / max(len(text), 1)
    return len(text) * size_pt * (per_char + widen) * 0.3528  # 1 pt = 0.3528 mm


def _cell_paragraph(
    cell: _Cell,
    text: str,
    *,
    first: bool = False,
    size: float = HEAD_PT,
    bold: bool = False,
    italic: bool = False,
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    set_run_font(add_text(paragraph, text), size=size, bold=bold, italic=italic)
    return paragraph


def remove_borders(table: Table) -> None:
    """Make a layout table invisible."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tblpr.append(borders)


def set_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fix the column widths (Word reads the cell widths, LibreOffice the grid)."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def add_head(doc: DocxDocument, head: DocumentHead) -> None:
    """The two-column head, then the title and the subject line, centred.

    Left: the issuer lines (the last, the issuing body, in bold), an asterisk (party)
    or a short rule (state), the number line. Right: the party's name, or the
    state's name and motto, with a rule under it, and the place and date in italics.
    """
    left_mm, right_mm = 75.0, TEXT_WIDTH_MM - 75.0
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    remove_borders(table)
    set_widths(table, (left_mm, right_mm))
    left, right = table.rows[0].cells

    lines = head.issuer_lines
    for index, line in enumerate(lines):
        _cell_paragraph(left, line, first=index == 0, bold=index == len(lines) - 1)
    if head.separator == "*":
        _cell_paragraph(left, "*", first=not lines)
    elif lines:
        width = text_width_mm(lines[-1], HEAD_PT, bold=True) / 3
        short_rule(left, max(width, 15.0), left_mm)
    number = head.number_line()
    if number:
        _cell_paragraph(left, number, first=False)

    motto = head.motto_lines()
    for index, line in enumerate(motto):
        size = HEAD_PT if index == 0 else BODY_PT
        _cell_paragraph(right, line, first=index == 0, size=size, bold=True)
    rule_text = motto[-1]
    short_rule(right, text_width_mm(rule_text, BODY_PT, bold=True), right_mm)
    date_paragraph = _cell_paragraph(right, head.date_line(), size=BODY_PT, italic=True)
    date_paragraph.paragraph_format.space_before = Pt(6)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(0)
    set_run_font(add_text(title, head.title_text()), size=BODY_PT + 1, bold=True)
    if head.subject:
        subject = doc.add_paragraph()
        subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subject.paragraph_format.space_after = Pt(0)
        set_run_font(add_text(subject, head.subject), size=BODY_PT, bold=True)
    dash = doc.add_paragraph()
    dash.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dash.paragraph_format.space_after = Pt(12)
    set_run_font(dash.add_run("-----"), size=BODY_PT)


def add_signature(doc: DocxDocument, head: DocumentHead, recipients_label: str) -> None:
    """The closing block: recipients bottom left, the signature bottom right."""
    if not head.signature and not head.recipients:
        return
    table = doc.add_table(rows=1, cols=2)
    remove_borders(table)
    set_widths(table, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    left, right = table.rows[0].cells
    if head.recipients:
        first = left.paragraphs[0]
        set_run_font(add_text(first, recipients_label), size=12, bold=True, italic=True)
        for recipient in head.recipients:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            set_run_font(add_text(paragraph, f"- {recipient},"), size=11)
    for index, line in enumerate(head.signature):
        _cell_paragraph(right, line, first=index == 0, size=BODY_PT, bold=True)
