"""Fuzzing the assignment-table importer: CSV text built from table parts, and the
reference Excel and Word tables with their bytes, or the XML inside them, damaged.

Each test proves that :func:`~actionplan.importers.import_table` either returns a
plan (with one row report per row read) or raises
:class:`~actionplan.errors.TableImportError`; nothing else escapes.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_support import attempt, fuzz_settings, mutated, phrase_text
from hypothesis import given
from hypothesis import strategies as st

from actionplan.errors import TableImportError
from actionplan.importers import ImportResult, RowOutcome, import_table

REFERENCE = Path(__file__).parents[2] / "examples" / "reference"
SEEDS = {
    ".xlsx": (REFERENCE / "assignment-table.xlsx").read_bytes(),
    ".docx": (REFERENCE / "ke-hoach-45.docx").read_bytes(),
}

HEADERS = (
    "STT", "TT", "Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung", "Đơn vị chủ trì",
    "Chủ trì", "Cơ quan chủ trì", "Đơn vị phối hợp", "Phối hợp", "Thời gian hoàn thành",
    "Thời hạn", "Sản phẩm", "Ghi chú", "Task", "Lead unit", "Deadline", "Ngày bắt đầu",
    "(1)", "(2)", "(3)", "1", "2", "3", "",
)  # fmt: skip
NUMBERING = (
    "I", "II", "IV", "IX", "XL", "A", "B.", "1", "1.", "2", "1.1", "1.2.3", "a)", "b)",
    "-", "+", "•", "*", "–", "Phần I.", "Mục 2 -", "0", "00", "99999999999999999999",
    "١", "", " ",
)  # fmt: skip
WORDS = (
    "Tuyên truyền Nghị quyết", "Chi bộ 1", "Chi bộ 2", "Văn phòng", "Đảng ủy",
    "Quý III/2024", "trước ngày 15/12/2024", "31/02/2025", "thường xuyên", "hằng quý",
    "6 tháng cuối năm", "Báo cáo", "các chi bộ", "Chi bộ 1, Chi bộ 2", "Chi bộ 1;\nChi bộ 2",
    "KẾ HOẠCH", "Số 45-KH/ĐU", "Bình Dương, ngày 06 tháng 8 năm 2024", "ngày 32 tháng 13",
    "Số: 999999999999-XX/", "=1+1", "@SUM(A1)", '"', '""', "\r", "\n", "\x00", "\ufeff",
)  # fmt: skip
CELL = st.one_of(
    st.sampled_from(HEADERS + NUMBERING + WORDS),
    phrase_text(HEADERS + NUMBERING + WORDS, max_parts=4),
    st.text(max_size=10),
)
ENCODINGS = ("utf-8", "utf-8-sig", "cp1258", "utf-16", "utf-16-le")


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """A CSV file as offices export them: title lines, a header row (sometimes two,
    or a line of column numbers), sections and tasks, in one of the encodings and
    delimiters Excel writes, sometimes with a damaged byte or quote."""
    width = draw(st.integers(1, 8))
    rows: list[list[str]] = [
        [draw(CELL) for _ in range(draw(st.integers(0, width)))]
        for _ in range(draw(st.integers(0, 3)))
    ]
    rows.append(draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=width)))
    rows.extend(
        [
            draw(st.sampled_from(NUMBERING)),
            *(draw(CELL) for _ in range(draw(st.integers(0, width)))),
        ]
        for _ in range(draw(st.integers(0, 12)))
    )
    out = io.StringIO()
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))
    ).writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if encoding == "utf-16-le" and draw(st.booleans()):
        data = codecs.BOM_UTF16_LE + data
    if draw(st.booleans()):
        data = draw(mutated(data, max_edits=3))
    return data


def _import(data: bytes, suffix: str) -> ImportResult | None:
    """``import_table`` on ``data`` written to a file; ``None`` when it raised
    TableImportError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table{suffix}"
        path.write_bytes(data)
        result = attempt(lambda: import_table(path, year=2024), TableImportError)
    if isinstance(result, TableImportError):
        assert str(result)
        return None
    made = [row.task for row in result.rows if row.outcome is RowOutcome.TASK]
    assert made == [task.id for task in result.plan.tasks], "one task row for each task"
    return result


@st.composite
def damaged_members(draw: st.DrawFn, archive: bytes) -> bytes:
    """``archive`` (an Office file) rebuilt with the XML of some of its parts damaged,
    removed or replaced: the zip stays readable, so the damage reaches the readers of
    the parts themselves."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    names = [info.filename for info, _ in members]
    targets = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in members:
            if info.filename in targets:
                action = draw(st.sampled_from(["mutate", "mutate", "drop", "empty", "garbage"]))
                if action == "drop":
                    continue
                if action == "empty":
                    content = b""
                elif action == "garbage":
                    content = draw(st.binary(max_size=64))
                else:
                    content = draw(mutated(content, max_edits=6))
            target.writestr(info.filename, content)
    return out.getvalue()


@fuzz_settings(250)
@given(data=csv_bytes())
def test_import_table_on_generated_csv_reads_or_raises_table_import_error(data: bytes) -> None:
    """A CSV file of table parts, in any encoding and delimiter, damaged or not, is
    imported or refused with a TableImportError."""
    _import(data, ".csv")


@fuzz_settings(100)
@given(data=st.binary(max_size=200))
def test_import_table_on_arbitrary_bytes_raises_table_import_error(data: bytes) -> None:
    """Arbitrary bytes named .csv, .xlsx or .docx are imported or refused with a
    TableImportError."""
    for suffix in (".csv", ".xlsx", ".docx"):
        _import(data, suffix)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@fuzz_settings(60)
@given(data=st.data())
def test_import_table_on_mutated_office_files_reads_or_raises_table_import_error(
    suffix: str, data: st.DataObject
) -> None:
    """The reference Excel and Word tables with bytes flipped, cut or duplicated are
    imported or refused with a TableImportError."""
    _import(data.draw(mutated(SEEDS[suffix])), suffix)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@fuzz_settings(60)
@given(data=st.data())
def test_import_table_on_damaged_office_parts_reads_or_raises_table_import_error(
    suffix: str, data: st.DataObject
) -> None:
    """The reference Excel and Word tables with the XML of their parts damaged,
    emptied or removed are imported or refused with a TableImportError."""
    _import(data.draw(damaged_members(SEEDS[suffix])), suffix)


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_the_office_seeds_import(suffix: str) -> None:
    """The undamaged reference tables import, so the damaged ones start from tables
    the importer reads in full."""
    result = _import(SEEDS[suffix], suffix)
    assert result is not None
    assert len(result.plan.tasks) > 10


def _rebuilt(seed: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """``seed`` (an Office file) with the part ``part`` changed by ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


FOUND = {
    "csv-utf16-odd-length": (".csv", codecs.BOM_UTF16_LE + "STT,Nhiệm vụ".encode("utf-16-le")[:-1]),
    "csv-utf8-bom-bad-byte": (".csv", codecs.BOM_UTF8 + b"STT,Nhi\xc1m v\xe1\xbb\xa5\r\n"),
    "xlsx-sheet-cut-short": (
        ".xlsx",
        _rebuilt(SEEDS[".xlsx"], "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2]),
    ),
    "xlsx-bad-style-index": (
        ".xlsx",
        _rebuilt(
            SEEDS[".xlsx"], "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b' s="', b' s="9')
        ),
    ),
    "docx-no-content-types": (
        ".docx",
        _rebuilt(SEEDS[".docx"], "[Content_Types].xml", lambda xml: b"not xml"),
    ),
    "docx-body-cut-short": (
        ".docx",
        _rebuilt(SEEDS[".docx"], "word/document.xml", lambda xml: xml[: len(xml) // 2]),
    ),
    "docx-zip-cut-short": (".docx", SEEDS[".docx"][1:]),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_import_table_found_cases_raise_table_import_error(case: str) -> None:
    """The damaged files this fuzzing found (a UTF-16 file of odd length, a bad byte
    after a UTF-8 mark, a worksheet cut short, a style index past the styles, a Word
    file without content types, with its body cut short or its zip header lost) are
    refused with a TableImportError that says the file cannot be read."""
    suffix, data = FOUND[case]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table{suffix}"
        path.write_bytes(data)
        with pytest.raises(TableImportError, match=r"damaged|cannot be read|byte order mark"):
            import_table(path)


def import_table_seed(suffix: str) -> ImportResult:
    result = _import(SEEDS[suffix], suffix)
    assert result is not None
    return result


def _wide_merge(xml: bytes) -> bytes:
    assert b"</mergeCells>" in xml, "the reference sheet has merged cells"
    return xml.replace(b"</mergeCells>", b'<mergeCell ref="AA1:XFD1048576"/></mergeCells>')


def test_a_merge_past_the_data_reads_only_the_cells_the_sheet_has() -> None:
    """A merge of AA1:XFD1048576 (17 billion empty cells, right of the table) is laid
    over the cells the sheet has, that is none, in no time and memory, instead of
    filling a grid of that size; the table imports as before."""
    data = _rebuilt(SEEDS[".xlsx"], "xl/worksheets/sheet1.xml", _wide_merge)
    started = time.perf_counter()
    result = _import(data, ".xlsx")
    assert time.perf_counter() - started < 10
    assert result is not None
    assert result.plan == import_table_seed(".xlsx").plan


def test_a_word_cell_spanning_a_billion_columns_is_refused() -> None:
    """A Word cell whose gridSpan is a billion is refused as damaged, instead of laying
    out a row of a billion cells."""
    data = _rebuilt(
        SEEDS[".docx"],
        "word/document.xml",
        lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000000"/>', 1),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.docx"
        path.write_bytes(data)
        with pytest.raises(TableImportError, match="spans 1000000000 columns"):
            import_table(path)
