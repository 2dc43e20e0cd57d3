"""The Word report, re-opened with python-docx: official head, content, page, fonts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import attrs
import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from actionplan.model import ActionPlan, Document
from actionplan.refs import DocumentRef
from actionplan.reports import DocumentHead, render
from actionplan.reports.head import default_head
from actionplan.status import Review, StatusReport, evaluate


def _open(report: StatusReport | Review, **options: object) -> DocxDocument:
    data = render(report, "docx", **options)  # type: ignore[arg-type]
    assert isinstance(data, bytes)
    return docx.Document(io.BytesIO(data))


def _head_cells(document: DocxDocument) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs]


def _texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_party_head(hostile_report: StatusReport) -> None:
    """Party plan: issuer lines in capitals, an asterisk, the number; the party's name
    and the place-and-date line in italics."""
    left, right = _head_cells(_open(hostile_report))
    assert left == ["ĐẢNG BỘ TỈNH BÌNH DƯƠNG", "ĐẢNG ỦY SỞ KH&CN", "*", "Số       -BC/ĐU"]
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right[-1] == "Bình Dương, ngày 30 tháng 9 năm 2024"
    document = _open(hostile_report)
    date_runs = document.tables[0].rows[0].cells[1].paragraphs[-1].runs
    assert all(run.italic for run in date_runs)
    issuer_runs = document.tables[0].rows[0].cells[0].paragraphs[1].runs
    assert all(run.bold for run in issuer_runs)


def test_state_head(hostile_report: StatusReport) -> None:
    """State plan: the national name and motto top right, "Số:" and a rule, no asterisk."""
    plan = hostile_report.plans[0].plan
    assert plan.document is not None
    state = attrs.evolve(
        plan,
        document=attrs.evolve(
            plan.document, ref=DocumentRef.parse("123/KH-UBND"), issuer="Ủy ban nhân dân tỉnh"
        ),
    )
    left, right = _head_cells(_open(evaluate(state, as_of=dt.date(2024, 9, 30))))
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert left[0] == "ỦY BAN NHÂN DÂN TỈNH"
    assert "*" not in left
    assert left[-1] == "Số:       /BC-UBND"


def test_title_and_subject(hostile_report: StatusReport) -> None:
    """BÁO CÁO, then the subject line, centred and bold."""
    document = _open(hostile_report)
    texts = _texts(document)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1].startswith("Tình hình thực hiện Kế hoạch số 7-KH/ĐU")
    paragraph = document.paragraphs[title]
    assert paragraph.alignment == 1  # centre
    assert all(run.bold for run in paragraph.runs)


def test_review_subject(reference_review: Review) -> None:
    """A half-year review is a "Sơ kết" of the period."""
    texts = _texts(_open(reference_review))
    assert any(
        t.startswith("Sơ kết 6 tháng cuối năm 2024 thực hiện Kế hoạch số 45-KH/ĐU") for t in texts
    )
    assert any(t.startswith("- Nhiệm vụ chuyển từ kỳ trước:") for t in texts)


def test_summary_prose_has_the_numbers_and_formulas(reference_report: StatusReport) -> None:
    """The results section states the total, the statuses and each rate with its formula."""
    text = "\n".join(_texts(_open(reference_report)))
    assert f"có tổng số {len(reference_report.rows)} nhiệm vụ" in text
    for rate in reference_report.rates.values():
        if rate.denominator:
            assert (
                f"{rate.label('vi')}: {rate.numerator} / {rate.denominator} = {rate.format('vi')}"
                in text
            )
            assert rate.formula("vi") in text


def test_unit_table(reference_report: StatusReport) -> None:
    """The per-unit table: a header, a line per lead unit, the total line in bold."""
    document = _open(reference_report)
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Đơn vị")
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:3] == ["STT", "Đơn vị", "Tổng số"]
    assert header[-1] == "Tỷ lệ hoàn thành"
    units = reference_report.by_unit()
    body = table.rows[1:]
    assert len(body) == len(units) + 1
    for row, unit in zip(body, units, strict=False):
        assert row.cells[1].text == unit.display_name("vi")
        assert row.cells[2].text == str(unit.count)
    total = body[-1]
    assert total.cells[1].text == "Tổng cộng"
    assert total.cells[2].text == str(len(reference_report.rows))
    assert all(run.bold for run in total.cells[1].paragraphs[0].runs)
    assert total.cells[-1].text == reference_report.rates["completion_rate"].format("vi")


def test_overdue_list(hostile_report: StatusReport, hostile_title: str) -> None:
    """The overdue section lists each overdue task with its lead unit and days overdue."""
    document = _open(hostile_report)
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Số ngày")
    cells = [cell.text for cell in table.rows[1].cells]
    assert cells[1:] == [hostile_title, "Chi bộ <i>1</i> | A", "31/8/2024", "quá hạn 30 ngày"]


def test_appendix_lists_every_task(reference_report: StatusReport) -> None:
    """The appendix table has one line per report row, after a page break."""
    document = _open(reference_report)
    texts = _texts(document)
    assert "PHỤ LỤC" in texts
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells][:2] == ["STT", "Nội dung nhiệm vụ"]
    assert len(appendix.rows) == len(reference_report.rows) + 1
    xml = document.element.xml
    assert 'w:type="page"' in xml


def test_page_is_a4_with_office_margins(reference_report: StatusReport) -> None:
    """A4 portrait; top and bottom 20 mm, left 30 mm, right 15 mm."""
    section = _open(reference_report).sections[0]
    sizes = {
        "width": section.page_width,
        "height": section.page_height,
        "top": section.top_margin,
        "bottom": section.bottom_margin,
        "left": section.left_margin,
        "right": section.right_margin,
    }
    millimetres = {name: round(length.mm, 1) for name, length in sizes.items()}  # twips
    expected = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
    assert millimetres == expected


def test_font_is_times_new_roman(reference_report: StatusReport) -> None:
    """Body text is Times New Roman 14 pt, for every script; every run names the font."""
    document = _open(reference_report)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    assert runs
    assert {run.font.name for run in runs} == {"Times New Roman"}
    sizes = {run.font.size.pt for run in runs if run.font.size is not None}
    assert sizes <= {12.0, 13.0, 14.0, 15.0}


def test_footer_has_a_page_number_field(reference_report: StatusReport) -> None:
    """The footer holds a PAGE field (begin, instruction, separate, end)."""
    footer = _open(reference_report).sections[0].footer
    xml = footer._element.xml
    assert 'w:fldCharType="begin"' in xml
    assert 'w:fldCharType="end"' in xml
    instructions = [node.text for node in footer._element.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]


def test_english_report(reference_report: StatusReport) -> None:
    """English: REPORT, the English party name, English headings."""
    document = _open(reference_report, language="en")
    texts = _texts(document)
    assert "REPORT" in texts
    assert "I. RESULTS" in texts
    _, right = _head_cells(document)
    assert right[0] == "COMMUNIST PARTY OF VIETNAM"
    assert right[-1] == "Bình Dương, 30 September 2024"


def test_custom_head_with_signature_and_recipients(reference_report: StatusReport) -> None:
    """A given head replaces the derived one; its signature and recipients are printed."""
    plan = reference_report.plans[0].plan
    head = attrs.evolve(
        default_head(
            plan,
            date=dt.date(2024, 9, 30),
            number="12-BC/ĐU",
            issuer="Đảng bộ Khối các cơ quan tỉnh / Đảng ủy Sở KH&CN",
        ),
        signature=("T/M ĐẢNG ỦY", "BÍ THƯ", "", "Nguyễn Văn A"),
        recipients=("Đảng ủy Khối", "Lưu VP"),
    )
    document = _open(reference_report, head=head, subject="Sơ kết quý III/2024")
    left, _ = _head_cells(document)
    assert left[-1] == "Số 12-BC/ĐU"
    assert left[1] == "ĐẢNG ỦY SỞ KH&CN"
    assert "Sơ kết quý III/2024" in _texts(document)
    closing = document.tables[-2]
    sign = [p.text for p in closing.rows[0].cells[1].paragraphs]
    assert sign == ["T/M ĐẢNG ỦY", "BÍ THƯ", "", "Nguyễn Văn A"]
    recipients = [p.text for p in closing.rows[0].cells[0].paragraphs]
    assert recipients == ["Nơi nhận:", "- Đảng ủy Khối,", "- Lưu VP,"]


def test_same_report_gives_the_same_bytes(reference_report: StatusReport) -> None:
    """The document is reproducible: core properties carry the cut-off date."""
    first = render(reference_report, "docx")
    assert isinstance(first, bytes)
    assert first == render(reference_report, "docx")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(first)).core_properties
    assert props.created == dt.datetime(2024, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("document", "system"),
    [
        (Document("plan", ref=DocumentRef.parse("45-KH/ĐU")), "party"),
        (Document("plan", ref=DocumentRef.parse("123/KH-UBND")), "state"),
        (Document("plan", issuer="Đảng ủy Sở KH&CN"), "party"),
        (Document("plan", issuer="Chi bộ Văn phòng"), "party"),
        (Document("plan", issuer="Sở Khoa học và Công nghệ"), "state"),
        (None, "state"),
    ],
)
def test_head_system_follows_the_plan_document(document: Document | None, system: str) -> None:
    """Party or state head: from the plan's number and symbol, else from its issuer."""
    plan = ActionPlan("kh", "Kế hoạch", document=document)
    head = default_head(plan, date=dt.date(2024, 8, 6))
    assert head.system.value == system


def test_head_texts_in_english() -> None:
    """An English head: No., the English motto, an English date line."""
    head = DocumentHead(
        "state", dt.date(2025, 2, 5), number="123/BC-UBND", place="Hà Nội", language="en"
    )
    assert head.number_line() == "No. 123/BC-UBND"
    assert head.motto_lines() == (
        "SOCIALIST REPUBLIC OF VIETNAM",
        "Independence - Freedom - Happiness",
    )
    assert head.date_line() == "Hà Nội, 5 February 2025"
    assert head.title_text() == "REPORT"
