"""Tests for actionplan.importers: assignment tables from CSV, XLSX and DOCX."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.deadlines import (
    FixedDeadline,
    OngoingDeadline,
    PeriodEndDeadline,
    UndatedDeadline,
    UndatedReason,
)
from actionplan.errors import TableImportError, UnknownTaskError
from actionplan.importers import ImportResult, ImportRow, RowOutcome, import_table
from actionplan.importers._columns import recognise
from actionplan.importers._delimited import decode, sniff
from actionplan.importers._text import clean_cell, slugify
from actionplan.importers._units import split_units
from actionplan.model import Unit, UnitKind

DATA = Path(__file__).parent / "data"

HEADER = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"]


# -- helpers -------------------------------------------------------------------------

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258 as Windows writes it: the letters with
    circumflex, breve and horn precomposed, the tone marks as combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def write_csv(path: Path, rows: Sequence[Sequence[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    merges: Sequence[str] = (),
    bold_rows: Sequence[int] = (),
    sheets: Sequence[str] = (),
) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for name in sheets:
        book.create_sheet(name).append(["Ghi chú", "Không có bảng ở đây"])
    sheet = book.worksheets[0]
    sheet.title = "Bảng"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(r, c, value)
                if r in bold_rows:
                    sheet.cell(r, c).font = Font(bold=True)
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def write_docx(
    path: Path,
    tables: Sequence[Sequence[Sequence[str]]],
    paragraphs: Sequence[str] = (),
    merge_across: Sequence[tuple[int, int, int, int]] = (),
    merge_down: Sequence[tuple[int, int, int, int]] = (),
) -> Path:
    """A Word document: ``paragraphs`` then ``tables``; merges as (table, row, from col,
    to col) across and (table, col, from row, to row) down, 0-based."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    made = []
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        made.append(table)
    for t, r, c1, c2 in merge_across:
        made[t].cell(r, c1).merge(made[t].cell(r, c2))
    for t, c, r1, r2 in merge_down:
        made[t].cell(r1, c).merge(made[t].cell(r2, c))
    document.save(str(path))
    return path


def outcomes(result: ImportResult) -> list[tuple[int, str, str | None]]:
    return [(r.row, r.outcome.value, r.task) for r in result.rows]


def messages(result: ImportResult, row: int) -> str:
    return " | ".join(next(r for r in result.rows if r.row == row).messages)


# -- text helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Chi bộ 1", "chi-bo-1"),
        ("Văn phòng Đảng ủy", "van-phong-dang-uy"),
        ("Sở KH&CN", "so-kh-cn"),
        ("Ủy ban Kiểm tra Đảng ủy", "uy-ban-kiem-tra-dang-uy"),
        ("Đoàn Thanh niên", "doan-thanh-nien"),
    ],
)
def test_slugify_folds_diacritics(name: str, slug: str) -> None:
    """Unit ids are ASCII slugs of the name: diacritics folded, đ as d, lower case."""
    assert slugify(name) == slug


def test_clean_cell_normalises_nfc_and_spaces() -> None:
    """Cells are NFC, with one space between words and no blank lines."""
    decomposed = unicodedata.normalize("NFD", "Chi bộ  1")
    assert clean_cell(f" {decomposed} \r\n\r\n  Chi\u00a0bộ 2") == "Chi bộ 1\nChi bộ 2"


# -- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("STT", "number"),
        ("TT", "number"),
        ("No.", "number"),
        ("Nội dung nhiệm vụ", "title"),
        ("NHIỆM VỤ", "title"),
        ("Noi dung", "title"),
        ("Nội dung\ncông việc", "title"),
        ("Task", "title"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan\nchủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Lead", "lead"),
        ("Đơn vị phối hợp", "coordinating"),
        ("CƠ QUAN PHỐI HỢP", "coordinating"),
        ("Phối hợp", "coordinating"),
        ("Coordinating units", "coordinating"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Tiến độ", "deadline"),
        ("thoi gian\nhoan thanh", "deadline"),
        ("Deadline", "deadline"),
        ("Sản phẩm", "deliverable"),
        ("Kết quả", "deliverable"),
        ("Kết quả/sản phẩm nhiệm vụ", "deliverable"),
        ("Deliverable", "deliverable"),
        ("Ghi chú", "note"),
        ("Note", "note"),
        ("Thời gian bắt đầu", "ignored"),
        ("Số lượng", None),
    ],
)
def test_recognise_headers(header: str, field: str | None) -> None:
    """The usual Vietnamese and English headers are recognised, whatever the case,
    diacritics or line breaks inside the cell."""
    assert recognise(header) == field


def test_header_below_title_rows(tmp_path: Path) -> None:
    """The header row need not be the first: title rows above it are skipped."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2024", "", ""],
            ["", "", ""],
            ["TT", "NHIỆM VỤ", "CHỦ TRÌ"],
            ["1", "Tuyên truyền", "Chi bộ 1"],
        ],
    )
    result = import_table(path)
    assert outcomes(result) == [
        (1, "skipped", None),
        (2, "skipped", None),
        (3, "header", None),
        (4, "task", "t1"),
    ]
    assert result.plan.title == "KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2024"


def test_missing_task_column_names_headers_found_and_expected(tmp_path: Path) -> None:
    """Without a task column the error lists the headers found and those expected."""
    path = write_csv(
        tmp_path / "t.csv", [["STT", "Việc cần làm", "Đơn vị chủ trì"], ["1", "X", "Y"]]
    )
    with pytest.raises(TableImportError) as info:
        import_table(path)
    message = str(info.value)
    assert "'Việc cần làm'" in message
    assert "'Đơn vị chủ trì'" in message
    assert "'Nội dung nhiệm vụ'" in message
    assert "--column title=" in message


@pytest.mark.parametrize("ref", ["Việc cần làm", "viec can lam", "B", "b", 2, "2"])
def test_column_map_by_header_letter_or_number(tmp_path: Path, ref: str | int) -> None:
    """A column the headers do not name can be given by header text, letter or number."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Việc cần làm", "Đơn vị chủ trì"], ["1", "Rà soát", "Chi bộ 1"]],
    )
    result = import_table(path, columns={"title": ref})
    assert [t.title for t in result.plan.tasks] == ["Rà soát"]
    assert result.plan.tasks[0].lead == "chi-bo-1"


def test_column_map_overrides_recognised_column(tmp_path: Path) -> None:
    """An explicit mapping wins over what the header says."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì", "Người theo dõi"],
            ["1", "Rà soát", "Chi bộ 1", "Chi bộ 2"],
        ],
    )
    result = import_table(path, columns={"lead": "D"})
    assert result.plan.tasks[0].lead == "chi-bo-2"


def test_unknown_column_field_is_an_error(tmp_path: Path) -> None:
    """A ``columns=`` key that is no field is reported with the list of fields."""
    path = write_csv(tmp_path / "t.csv", [["STT", "Nội dung"], ["1", "X"]])
    with pytest.raises(TableImportError, match=r"unknown column field 'owner'.*title, lead"):
        import_table(path, columns={"owner": "C"})


def test_whole_grid_is_data_when_columns_given_by_letter(tmp_path: Path) -> None:
    """With no header row and the columns given by letter, every row is data."""
    path = write_csv(
        tmp_path / "t.csv", [["1", "Rà soát", "Chi bộ 1"], ["2", "Báo cáo", "Chi bộ 2"]]
    )
    result = import_table(path, columns={"number": "A", "title": "B", "lead": "C"})
    assert outcomes(result) == [(1, "task", "t1"), (2, "task", "t2")]


# -- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["assignment-utf8.csv", "assignment-utf8-bom.csv", "assignment-cp1258.csv"]
)
def test_csv_in_each_encoding_imports_the_same(name: str) -> None:
    """UTF-8, UTF-8 with BOM and Windows-1258 files give the same, NFC, plan."""
    reference = import_table(DATA / "assignment-utf8.csv")
    result = import_table(DATA / name)
    assert result.plan.tasks == reference.plan.tasks
    assert result.plan.units == reference.plan.units
    assert result.plan.tasks[0].title == "Học tập, quán triệt Nghị quyết của Đảng ủy Khối"
    assert all(unicodedata.is_normalized("NFC", t.title) for t in result.plan.tasks)


def test_csv_fixtures_are_the_encodings_they_claim() -> None:
    """The committed fixtures are the UTF-8 text in each encoding (not copies)."""
    raw = (DATA / "assignment-utf8.csv").read_bytes()
    text = raw.decode("utf-8")
    assert (DATA / "assignment-utf8-bom.csv").read_bytes() == codecs.BOM_UTF8 + raw
    cp1258 = (DATA / "assignment-cp1258.csv").read_bytes()
    assert cp1258 == encode_cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        cp1258.decode("utf-8")


def test_csv_encoding_is_reported_in_source() -> None:
    """The detected encoding and delimiter are named in the source description."""
    result = import_table(DATA / "assignment-cp1258.csv")
    assert result.source == "assignment-cp1258.csv (cp1258, semicolon-separated)"


def test_csv_fixture_report() -> None:
    """The fixture's rows: title, empty, header, sections, tasks and a continuation."""
    result = import_table(DATA / "assignment-utf8.csv")
    # Line 6 holds a quoted cell over two lines, so the next record starts on line 8.
    assert outcomes(result) == [
        (1, "skipped", None),
        (2, "skipped", None),
        (3, "header", None),
        (4, "section", None),
        (5, "task", "t1"),
        (6, "task", "t2"),
        (8, "continuation", "t2"),
        (9, "section", None),
        (10, "task", "t3"),
    ]
    t2 = result.plan.task("t2")
    assert t2.title == (
        "Tuyên truyền, phổ biến về khoa học và công nghệ trên Cổng thông tin điện tử của Sở"
    )
    assert t2.coordinating == (
        "trung-tam-sang-kien-cong-dong-va-ho-tro-khoi-nghiep",
        "van-phong-so",
    )
    assert isinstance(t2.deadline, OngoingDeadline)
    assert [s.title for s in result.plan.sections] == [
        "Công tác chính trị, tư tưởng",
        "Công tác xây dựng Đảng",
    ]
    assert result.plan.task("t3").section == "s2"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    """Comma, semicolon and tab separated files are all read."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            HEADER,
            ["1", "Tuyên truyền, phổ biến", "Chi bộ 1", "Chi bộ 2; Chi bộ 3", "Quý III/2024", ""],
        ],
        delimiter,
    )
    result = import_table(path)
    task = result.plan.tasks[0]
    assert task.title == "Tuyên truyền, phổ biến"
    assert task.coordinating == ("chi-bo-2", "chi-bo-3")


def test_sniff_prefers_the_delimiter_that_finds_the_header() -> None:
    """Commas inside unquoted cells of a semicolon file do not fool the sniffer."""
    text = "STT;Nội dung;Chủ trì\n1;Tuyên truyền, phổ biến, quán triệt;Chi bộ 1, Chi bộ 2\n"
    assert sniff(text) == ";"


def test_decode_with_wrong_encoding_is_an_error() -> None:
    """A named encoding that does not fit the bytes is reported, not guessed around."""
    with pytest.raises(TableImportError, match="not in utf-8"):
        decode(encode_cp1258("Chi bộ"), "utf-8")


def test_csv_with_explicit_encoding(tmp_path: Path) -> None:
    """``encoding=`` overrides detection."""
    path = tmp_path / "t.csv"
    path.write_bytes(encode_cp1258("STT,Nội dung\n1,Học tập\n"))
    assert import_table(path, encoding="cp1258").plan.tasks[0].title == "Học tập"


# -- rows: sections, continuations, ids ---------------------------------------------------


def test_section_rows_roman_and_letters(tmp_path: Path) -> None:
    """Roman numerals and capital letters with nothing else on the row are sections."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["A", "Phần chung", ""],
            ["I.", "Tuyên truyền", ""],
            ["1", "Việc một", "Chi bộ 1"],
            ["IV", "Kiểm tra", ""],
            ["2", "Việc hai", "Chi bộ 1"],
        ],
    )
    result = import_table(path)
    assert [(s.id, s.title) for s in result.plan.sections] == [
        ("sa", "Phần chung"),
        ("s1", "Tuyên truyền"),
        ("s4", "Kiểm tra"),
    ]
    assert [t.section for t in result.plan.tasks] == ["s1", "s4"]


def test_numbered_group_with_sub_numbers_is_a_section(tmp_path: Path) -> None:
    """A numbered row with nothing but its text, followed by 1.1, 1.2 …, heads a
    sub-section; the sub-numbered tasks get ids t1-1, t1-2."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["I", "Xây dựng Đảng", ""],
            ["1", "Công tác tổ chức", ""],
            ["1.1", "Kiện toàn chi ủy", "Chi bộ 1"],
            ["1.2", "Phát triển đảng viên", "Chi bộ 2"],
            ["2", "Tổng kết năm", "Văn phòng Đảng ủy"],
        ],
    )
    result = import_table(path)
    assert [(s.id, s.title) for s in result.plan.sections] == [
        ("s1", "Xây dựng Đảng"),
        ("s1-1", "Công tác tổ chức"),
    ]
    assert [(t.id, t.section) for t in result.plan.tasks] == [
        ("t1-1", "s1-1"),
        ("t1-2", "s1-1"),
        ("t2", "s1-1"),
    ]


def test_sub_numbered_tasks_get_their_parent(tmp_path: Path) -> None:
    """2.1 under a task numbered 2 is its sub-task."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["2", "Tuyên truyền", "Chi bộ 1"],
            ["2.1", "Viết tin bài", "Chi bộ 2"],
        ],
    )
    result = import_table(path)
    assert [(t.id, t.parent) for t in result.plan.tasks] == [("t2", None), ("t2-1", "t2")]


def test_numbering_restarting_per_section_qualifies_ids(tmp_path: Path) -> None:
    """When every section numbers from 1, ids carry the section: s1-t1, s2-t1."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["I", "Một", ""],
            ["1", "Việc", "Chi bộ 1"],
            ["II", "Hai", ""],
            ["1", "Việc khác", "Chi bộ 1"],
        ],
    )
    ids = [t.id for t in import_table(path).plan.tasks]
    assert ids == ["s1-t1", "s2-t1"]


def test_duplicate_number_in_one_section_gets_unique_id(tmp_path: Path) -> None:
    """A number used twice gives a unique id and a message on the row."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Nội dung", "Chủ trì"], ["1", "A", "Chi bộ 1"], ["1", "B", "Chi bộ 1"]],
    )
    result = import_table(path)
    assert [t.id for t in result.plan.tasks] == ["t1", "t1-r3"]
    assert "used again (first on row 2)" in messages(result, 3)


def test_unnumbered_tasks_take_ids_from_order(tmp_path: Path) -> None:
    """With no number column at all, tasks are t1, t2 … in order."""
    path = write_csv(
        tmp_path / "t.csv", [["Nội dung", "Thời hạn"], ["A", "Quý III/2024"], ["B", "Quý IV/2024"]]
    )
    assert [t.id for t in import_table(path).plan.tasks] == ["t1", "t2"]


def test_continuation_row_appends_to_previous_task(tmp_path: Path) -> None:
    """A row with no number and no lead continues the task above; a bullet starts a
    new line."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì", "Phối hợp"],
            ["1", "Tuyên truyền Nghị quyết:", "Chi bộ 1", "Chi bộ 2"],
            ["", "- trên Cổng thông tin", "", ""],
            ["-", "- qua hội nghị", "", "Chi bộ 3"],
            ["2", "Báo cáo", "Chi bộ 2", ""],
        ],
    )
    result = import_table(path)
    assert outcomes(result)[1:4] == [
        (2, "task", "t1"),
        (3, "continuation", "t1"),
        (4, "continuation", "t1"),
    ]
    task = result.plan.task("t1")
    assert task.title == "Tuyên truyền Nghị quyết:\n- trên Cổng thông tin\n- qua hội nghị"
    assert task.coordinating == ("chi-bo-2", "chi-bo-3")


def test_text_below_the_table_is_skipped(tmp_path: Path) -> None:
    """After an empty row, unnumbered text without a lead (a signature block) is not
    glued to the last task."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["1", "Tổng kết", "Chi bộ 1"],
            ["", "", ""],
            ["", "T/M BAN THƯỜNG VỤ", ""],
            ["Nơi nhận:", "", ""],
        ],
    )
    result = import_table(path)
    assert outcomes(result)[2:] == [
        (3, "skipped", None),
        (4, "skipped", None),
        (5, "skipped", None),
    ]
    assert result.plan.task("t1").title == "Tổng kết"
    assert "below the table" in messages(result, 4)


def test_report_lists_every_row(tmp_path: Path) -> None:
    """The import report has one entry per source row, in order."""
    rows = [["x"], [""], ["STT", "Nội dung"], ["1", "A"], [""], ["2", "B"]]
    result = import_table(write_csv(tmp_path / "t.csv", rows))
    assert [r.row for r in result.rows] == [1, 2, 3, 4, 5, 6]
    assert all(isinstance(r, ImportRow) for r in result.rows)


def test_row_of_a_task_and_of_an_unknown_one(tmp_path: Path) -> None:
    """row_of gives the row a task was made from; an id no row made raises
    UnknownTaskError naming the tasks there are."""
    rows = [["STT", "Nội dung"], ["1", "A"], ["", "tiếp"], ["2", "B"]]
    result = import_table(write_csv(tmp_path / "t.csv", rows))
    assert (result.row_of("t1").row, result.row_of("t2").row) == (2, 4)
    with pytest.raises(UnknownTaskError, match=r"unknown task 't3'; known tasks: t1, t2"):
        result.row_of("t3")


# -- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Chi bộ 1, Chi bộ 2", ["Chi bộ 1", "Chi bộ 2"]),
        ("Chi bộ 1; Chi bộ 2", ["Chi bộ 1", "Chi bộ 2"]),
        ("Chi bộ 1\nChi bộ 2", ["Chi bộ 1", "Chi bộ 2"]),
        ("Chi bộ 1 và Chi bộ 2", ["Chi bộ 1", "Chi bộ 2"]),
        ("- Chi bộ 1\n- Chi bộ 2", ["Chi bộ 1", "Chi bộ 2"]),
        ("Văn phòng Đảng ủy - Chi bộ 1", ["Văn phòng Đảng ủy", "Chi bộ 1"]),
        ("Các chi bộ", ["Các chi bộ"]),
        ("Văn phòng Đảng ủy, các chi bộ", ["Văn phòng Đảng ủy", "Các chi bộ"]),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        ("Phòng Kế hoạch - Tài chính", ["Phòng Kế hoạch - Tài chính"]),
        ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
        ("Chi bộ 1, Chi bộ 1", ["Chi bộ 1"]),
        ("", []),
    ],
)
def test_split_units(cell: str, names: list[str]) -> None:
    """Lists of units split at commas, semicolons, line breaks, "và" and dashes
    between unit names, and nowhere inside a name."""
    assert split_units(cell) == names


def test_same_name_same_id_and_kinds(tmp_path: Path) -> None:
    """A unit named twice is one unit; its kind is guessed from the name."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì", "Phối hợp"],
            ["1", "A", "Chi bộ 1", "Văn phòng Đảng ủy"],
            ["2", "B", "Văn phòng Đảng ủy", "Chi bộ 1"],
        ],
    )
    plan = import_table(path).plan
    assert [(u.id, u.kind) for u in plan.units] == [
        ("chi-bo-1", UnitKind.PARTY_CELL),
        ("van-phong-dang-uy", UnitKind.DEPARTMENT),
    ]
    assert plan.task("t2").coordinating == ("chi-bo-1",)


@pytest.mark.parametrize("variant", ["Chi Bộ 1", "Chi bo 1", "Chi bộ 1."])
def test_near_identical_names_are_reported_not_merged(tmp_path: Path, variant: str) -> None:
    """A spelling close to a known name is a separate unit, with a warning."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Nội dung", "Chủ trì"], ["1", "A", "Chi bộ 1"], ["2", "B", variant]],
    )
    result = import_table(path)
    lead = result.plan.task("t2").lead
    if variant == "Chi bộ 1.":  # a trailing full stop is punctuation, not spelling
        assert lead == "chi-bo-1"
        return
    assert lead == "chi-bo-1-2"
    assert f"unit {variant!r} looks like 'Chi bộ 1' (chi-bo-1)" in messages(result, 3)


def test_different_numbers_are_not_near_identical(tmp_path: Path) -> None:
    """ "Chi bộ 1" and "Chi bộ 11" are different units, without a warning."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Nội dung", "Chủ trì"], ["1", "A", "Chi bộ 1"], ["2", "B", "Chi bộ 11"]],
    )
    result = import_table(path)
    assert not [m for m in result.messages if "looks like" in m]


def test_known_units_keep_their_ids(tmp_path: Path) -> None:
    """Names of units passed in ``units=`` map to their ids; the plan lists them."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Nội dung", "Chủ trì", "Phối hợp"], ["1", "A", "Chi bộ Văn phòng Sở", "Chi bộ 9"]],
    )
    known = (Unit("cb-vp", "Chi bộ Văn phòng Sở", kind="party_cell"),)
    plan = import_table(path, units=known).plan
    assert plan.task("t1").lead == "cb-vp"
    assert [u.id for u in plan.units] == ["cb-vp", "chi-bo-9"]


def test_lead_listed_as_coordinating_is_dropped_with_message(tmp_path: Path) -> None:
    """The lead unit is not also a coordinating unit; the row says so."""
    path = write_csv(
        tmp_path / "t.csv",
        [["STT", "Nội dung", "Chủ trì", "Phối hợp"], ["1", "A", "Chi bộ 1", "Chi bộ 1, Chi bộ 2"]],
    )
    result = import_table(path)
    assert result.plan.task("t1").coordinating == ("chi-bo-2",)
    assert "is the lead unit" in messages(result, 2)


def test_several_leads_first_leads(tmp_path: Path) -> None:
    """A lead cell naming several units: the first leads, the others coordinate."""
    path = write_csv(
        tmp_path / "t.csv", [["STT", "Nội dung", "Chủ trì"], ["1", "A", "Chi bộ 1; Chi bộ 2"]]
    )
    result = import_table(path)
    task = result.plan.task("t1")
    assert (task.lead, task.coordinating) == ("chi-bo-1", ("chi-bo-2",))
    assert "names 2 units" in messages(result, 2)


# -- deadlines -------------------------------------------------------------------------------


def test_unreadable_deadline_is_kept_as_text(tmp_path: Path) -> None:
    """A deadline phrase that cannot be read keeps its text, with a message; the task
    is not dropped."""
    path = write_csv(
        tmp_path / "t.csv", [["STT", "Nội dung", "Thời hạn"], ["1", "A", "khi nào xong thì báo"]]
    )
    result = import_table(path)
    deadline = result.plan.task("t1").deadline
    assert deadline == UndatedDeadline(UndatedReason.UNSPECIFIED, text="khi nào xong thì báo")
    assert "not understood" in messages(result, 2)


def test_deadline_phrases_are_parsed_with_plan_date(tmp_path: Path) -> None:
    """Deadline cells go through parse_deadline with the plan's date."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Thời hạn"],
            ["1", "A", "Quý III/2024"],
            ["2", "B", "Trong thời hạn 30 ngày kể từ ngày ký"],
        ],
    )
    from actionplan.deadlines import DeadlineContext, due_date

    plan = import_table(path, issued_on=dt.date(2024, 8, 6)).plan
    assert isinstance(plan.task("t1").deadline, PeriodEndDeadline)
    assert plan.issued_on == dt.date(2024, 8, 6)
    ctx = DeadlineContext(issued_on=plan.issued_on)
    assert due_date(plan.task("t2").deadline, ctx) == dt.date(2024, 9, 5)


def test_plan_date_read_from_place_and_date_line(tmp_path: Path) -> None:
    """Without issued_on, the place-and-date line of a Word plan gives the plan's
    date and number."""
    path = write_docx(
        tmp_path / "p.docx",
        [[["STT", "Nội dung nhiệm vụ", "Thời hạn"], ["1", "A", "30 ngày kể từ ngày ký"]]],
        paragraphs=[
            "Số 45-KH/ĐU",
            "Bình Dương, ngày 06 tháng 8 năm 2024",
            "KẾ HOẠCH",
            "Thực hiện X",
        ],
    )
    result = import_table(path)
    plan = result.plan
    assert plan.issued_on == dt.date(2024, 8, 6)
    assert plan.document is not None
    assert str(plan.document.ref) == "45-KH/ĐU"
    assert plan.title == "Thực hiện X"
    assert any("plan date 2024-08-06" in note for note in result.notes)


# -- Excel -----------------------------------------------------------------------------------


def test_xlsx_merged_cells_and_dates(tmp_path: Path) -> None:
    """Excel: a section merged across, a lead merged down over two tasks (it applies
    to both), a real date cell read as a fixed date."""
    rows = [
        ["BẢNG PHÂN CÔNG NHIỆM VỤ NĂM 2024"],
        HEADER,
        ["I", "Công tác tuyên truyền"],
        [1, "Tuyên truyền", "Chi bộ 1", "Chi bộ 2\nChi bộ 3", dt.datetime(2024, 11, 7), "Tin bài"],
        [2, "Quán triệt", None, None, "Quý IV/2024", None],
        [3.0, "Tổng kết", "Chi bộ 2", None, "Thường xuyên", None],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", rows, merges=["A1:F1", "B3:F3", "C4:C5"])
    result = import_table(path)
    assert outcomes(result) == [
        (1, "skipped", None),
        (2, "header", None),
        (3, "section", None),
        (4, "task", "t1"),
        (5, "task", "t2"),
        (6, "task", "t3"),
    ]
    plan = result.plan
    assert [t.lead for t in plan.tasks] == ["chi-bo-1", "chi-bo-1", "chi-bo-2"]
    assert plan.task("t1").deadline == FixedDeadline(dt.date(2024, 11, 7), text="07/11/2024")
    assert plan.task("t1").coordinating == ("chi-bo-2", "chi-bo-3")
    assert plan.sections[0].title == "Công tác tuyên truyền"
    assert result.source == "t.xlsx, sheet 'Bảng'"


def test_xlsx_two_row_header_and_column_numbers(tmp_path: Path) -> None:
    """ "Đơn vị thực hiện" merged over "Chủ trì | Phối hợp", and the (1) (2) … row
    under the header, are both header rows."""
    rows = [
        ["STT", "Nội dung", "Đơn vị thực hiện", None, "Thời gian"],
        [None, None, "Chủ trì", "Phối hợp", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Rà soát", "Chi bộ 1", "Chi bộ 2", "Quý III/2024"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]
    result = import_table(write_xlsx(tmp_path / "t.xlsx", rows, merges=merges))
    assert outcomes(result) == [
        (1, "header", None),
        (2, "header", None),
        (3, "header", None),
        (4, "task", "t1"),
    ]
    task = result.plan.task("t1")
    assert (task.lead, task.coordinating) == ("chi-bo-1", ("chi-bo-2",))
    assert isinstance(task.deadline, PeriodEndDeadline)


def test_xlsx_bold_numbered_heading_is_a_section(tmp_path: Path) -> None:
    """A bold numbered row with nothing else on it is a section heading."""
    rows = [
        ["STT", "Nội dung", "Chủ trì"],
        ["1.", "Công tác tổ chức"],
        [2, "Kiện toàn", "Chi bộ 1"],
    ]
    result = import_table(write_xlsx(tmp_path / "t.xlsx", rows, bold_rows=[2]))
    assert [s.title for s in result.plan.sections] == ["Công tác tổ chức"]


def test_xlsx_first_sheet_with_a_table_or_named_sheet(tmp_path: Path) -> None:
    """The first sheet holding a task column is read; ``sheet=`` picks one, and an
    unknown name lists the sheets."""
    path = write_xlsx(tmp_path / "t.xlsx", [["STT", "Nội dung"], [1, "A"]], sheets=["Ghi chú"])
    assert import_table(path).source == "t.xlsx, sheet 'Bảng'"
    with pytest.raises(TableImportError, match="no assignment table found"):
        import_table(path, sheet="Ghi chú")
    with pytest.raises(
        TableImportError, match="no sheet named 'X'; the sheets are: 'Bảng', 'Ghi chú'"
    ):
        import_table(path, sheet="X")


# -- Word ---------------------------------------------------------------------------------------


def test_docx_picks_the_table_with_the_header(tmp_path: Path) -> None:
    """A Word plan's layout table (the party header) is passed over; the assignment
    table is found by its header."""
    layout = [["ĐẢNG ỦY SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố 45-KH/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM"]]
    table = [HEADER, ["1", "Tuyên truyền", "Chi bộ 1", "Chi bộ 2", "Quý III/2024", "Tin bài"]]
    result = import_table(write_docx(tmp_path / "p.docx", [layout, table]))
    assert result.source == "p.docx, table 2"
    assert [t.title for t in result.plan.tasks] == ["Tuyên truyền"]
    assert result.plan.document is not None
    assert str(result.plan.document.ref) == "45-KH/ĐU"


def test_docx_merged_cells(tmp_path: Path) -> None:
    """Word: a section title merged across is one section; a lead merged down applies
    to each task it covers; merged cells are not read twice."""
    table = [
        HEADER,
        ["I", "Công tác tuyên truyền", "", "", "", ""],
        ["1", "Tuyên truyền", "Chi bộ 1", "Chi bộ 2", "Quý III/2024", "Tin bài"],
        ["2", "Quán triệt", "", "Chi bộ 3", "Quý IV/2024", "Báo cáo"],
    ]
    path = write_docx(
        tmp_path / "p.docx", [table], merge_across=[(0, 1, 1, 5)], merge_down=[(0, 2, 2, 3)]
    )
    result = import_table(path)
    assert outcomes(result) == [
        (1, "header", None),
        (2, "section", None),
        (3, "task", "t1"),
        (4, "task", "t2"),
    ]
    assert [(t.lead, t.coordinating) for t in result.plan.tasks] == [
        ("chi-bo-1", ("chi-bo-2",)),
        ("chi-bo-1", ("chi-bo-3",)),
    ]
    assert [s.title for s in result.plan.sections] == ["Công tác tuyên truyền"]


def test_docx_table_index(tmp_path: Path) -> None:
    """``table_index=`` reads one table; a table that is not there is an error."""
    one = [["STT", "Nội dung"], ["1", "A"]]
    two = [["STT", "Nội dung"], ["1", "B"]]
    path = write_docx(tmp_path / "p.docx", [one, two])
    assert import_table(path, table_index=2).plan.tasks[0].title == "B"
    with pytest.raises(TableImportError, match="has 2 tables; there is no table 3"):
        import_table(path, table_index=3)


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "advice"), [(".xls", ".xlsx"), (".doc", ".docx")])
def test_old_formats_are_refused_with_advice(tmp_path: Path, suffix: str, advice: str) -> None:
    """Old binary formats are refused with the format to save as."""
    path = tmp_path / f"t{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(TableImportError, match=f"save it as {advice}"):
        import_table(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_corrupt_package_is_an_error(tmp_path: Path, suffix: str) -> None:
    """A file that is not the zip package its extension says is a TableImportError."""
    path = tmp_path / f"t{suffix}"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TableImportError, match="cannot be read as"):
        import_table(path)


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    """A missing file and an unknown extension are clear errors."""
    with pytest.raises(TableImportError, match="no such file"):
        import_table(tmp_path / "none.csv")
    other = tmp_path / "t.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(TableImportError, match=r"expected \.xlsx, \.csv or \.docx"):
        import_table(other)


def test_office_libraries_load_only_when_needed() -> None:
    """Importing the importers and the CLI does not load openpyxl or python-docx."""
    code = (
        "import sys, actionplan.importers, actionplan.cli.main, actionplan.cli.importing\n"
        "print(sorted(m for m in ('openpyxl', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- properties ----------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Tuyên truyền",
        "học tập",
        "Nghị quyết",
        "kiểm tra",
        "giám sát",
        "đảng viên",
        "báo cáo",
        "năm 2024",
    ]
)
_UNITS = st.sampled_from(
    ["Chi bộ 1", "Chi bộ 2", "Văn phòng Đảng ủy", "Sở Khoa học và Công nghệ", "Ủy ban Kiểm tra"]
)
_DEADLINES = st.sampled_from(["Quý III/2024", "Quý IV/2024", "Thường xuyên", ""])


@st.composite
def _tables(draw: st.DrawFn) -> list[tuple[str, str, list[str], str]]:
    count = draw(st.integers(min_value=1, max_value=8))
    tasks = []
    for _ in range(count):
        title = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=5)))
        lead = draw(_UNITS)
        others = draw(st.lists(_UNITS, max_size=3, unique=True))
        tasks.append(
            (title[0].upper() + title[1:], lead, [u for u in others if u != lead], draw(_DEADLINES))
        )
    return tasks


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tasks=_tables(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1258"]),
    separator=st.sampled_from([", ", "; ", "\n"]),
)
def test_csv_round_trip_keeps_every_field(
    tmp_path: Path,
    tasks: list[tuple[str, str, list[str], str]],
    delimiter: str,
    encoding: str,
    separator: str,
) -> None:
    """Whatever the delimiter, encoding and list separator, a table written as CSV
    imports back with the same titles, leads, coordinating units and deadline text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER[:5])
    for number, (title, lead, others, deadline) in enumerate(tasks, start=1):
        writer.writerow([str(number), title, lead, separator.join(others), deadline])
    text = buffer.getvalue()
    data = encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path = tmp_path / "round.csv"
    path.write_bytes(data)
    plan = import_table(path).plan
    names = {u.id: u.name for u in plan.units}
    assert [t.title for t in plan.tasks] == [t[0] for t in tasks]
    assert [names[t.lead] for t in plan.tasks if t.lead] == [t[1] for t in tasks]
    assert [[names[u] for u in t.coordinating] for t in plan.tasks] == [t[2] for t in tasks]
    assert [t.deadline.text if t.deadline else "" for t in plan.tasks] == [t[3] for t in tasks]
    assert all(r.outcome in (RowOutcome.HEADER, RowOutcome.TASK) for r in import_table(path).rows)


def test_unnumbered_row_after_a_section_is_a_task(tmp_path: Path) -> None:
    """A row with no number and no lead right under a section heading is a task of
    that section (with a message), not more text of the task before the heading."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["STT", "Nội dung", "Chủ trì"],
            ["I", "Một", ""],
            ["1", "Việc", "Chi bộ 1"],
            ["II", "Hai", ""],
            ["", "Việc chung của các chi bộ", ""],
        ],
    )
    result = import_table(path)
    assert outcomes(result)[-1] == (5, "task", "r5")
    assert result.plan.task("t1").title == "Việc"
    assert result.plan.task("r5").section == "s2"
    assert "no lead unit" in messages(result, 5)


def test_xlsx_start_and_end_under_one_time_header(tmp_path: Path) -> None:
    """A "Thời gian" header over "Bắt đầu | Kết thúc": the end column is the
    deadline, the start column is left alone."""
    rows = [
        ["STT", "Nội dung", "Thời gian", None],
        [None, None, "Bắt đầu", "Kết thúc"],
        [1, "Rà soát", "Quý I/2024", "Quý III/2024"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:D1"]
    result = import_table(write_xlsx(tmp_path / "t.xlsx", rows, merges=merges))
    deadline = result.plan.task("t1").deadline
    assert deadline is not None
    assert deadline.text == "Quý III/2024"


def test_csv_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode text" export (UTF-16 with BOM, tab-separated) is read."""
    path = tmp_path / "t.csv"
    path.write_bytes("STT\tNội dung\tChủ trì\r\n1\tHọc tập\tChi bộ 1\r\n".encode("utf-16"))
    result = import_table(path)
    assert result.plan.task("t1").title == "Học tập"
    assert result.source == "t.csv (utf-16, tab-separated)"


def test_row_of_finds_the_row_a_task_came_from() -> None:
    """``row_of`` gives the source row of a task; an unknown id is a KeyError."""
    result = import_table(DATA / "assignment-utf8.csv")
    assert result.row_of("t2").row == 6
    with pytest.raises(KeyError):
        result.row_of("t9")
