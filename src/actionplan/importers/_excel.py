"""Reading the sheets of an Excel workbook (.xlsx) into grids.

The workbook is opened read-only (fast, low memory even for large sheets). A
read-only sheet does not expose its merged cells, so they are read from the sheet's
XML part (``<mergeCell ref="A1:F1"/>``, ECMA-376 §18.3.1.55) with the standard
library.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from actionplan.dates import format_date
from actionplan.errors import TableImportError
from actionplan.importers._grid import DAMAGED, Cell, Grid, damaged
from actionplan.importers._text import clean_cell

__all__ = ["read_xlsx"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)

Range = tuple[int, int, int, int]
"""A merged range: min column, min row, max column, max row (1-based)."""


def _part(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = ElementTree.fromstring(archive.read(name))
    return {
        r.get("Id", ""): _part(part, r.get("Target", "")) for r in root.iter(f"{_PKG}Relationship")
    }


def merged_ranges(path: Path) -> dict[str, list[Range]]:
    """The merged ranges of each sheet, by sheet name."""
    from openpyxl.utils.cell import range_boundaries

    result: dict[str, list[Range]] = {}
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("_rels/.rels"))
        workbook = next(
            (
                r.get("Target", "").lstrip("/")
                for r in root.iter(f"{_PKG}Relationship")
                if r.get("Type") == _OFFICE_DOCUMENT
            ),
            "xl/workbook.xml",
        )
        targets = _rels(archive, workbook)
        for sheet in ElementTree.fromstring(archive.read(workbook)).iter(f"{_MAIN}sheet"):
            part = targets.get(sheet.get(f"{_REL}id", ""))
            if part is None or part not in archive.namelist():
                continue
            ranges: list[Range] = []
            with archive.open(part) as source:
                for _, element in ElementTree.iterparse(source):
                    if element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                        bounds = range_boundaries(element.get("ref"))
                        # Whole rows or columns (no bound), or row 0: not a merge of cells.
                        if None not in bounds and min(bounds) >= 1:
                            ranges.append(tuple(int(b) for b in bounds))  # type: ignore[arg-type]
                    elif element.tag == f"{_MAIN}row":
                        element.clear()
            result[sheet.get("name", "")] = ranges
    return result


def _value(value: Any) -> tuple[str, dt.date | None]:
    if value is None:
        return "", None
    if isinstance(value, dt.datetime):
        return format_date(value.date()), value.date()
    if isinstance(value, dt.date):
        return format_date(value), value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M"), None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), None
    if isinstance(value, int | float):
        return repr(value), None
    return clean_cell(str(value)), None


def _cell(source: Any) -> Cell:
    text, date = _value(getattr(source, "value", None))
    if not text:
        return Cell()
    font = getattr(source, "font", None)
    return Cell(text, date=date, bold=bool(font is not None and font.b))


def _sheet_rows(sheet: Any) -> list[list[Cell]]:
    sheet.reset_dimensions()
    return [[_cell(c) for c in row] for row in sheet.iter_rows(min_row=1)]


def _sheet_grid(rows: list[list[Cell]], ranges: list[Range], source: str) -> Grid:
    height, width = len(rows), max((len(row) for row in rows), default=0)
    for min_col, min_row, max_col, max_row in ranges:
        # A merge is laid only over the cells the sheet has: past them it would copy
        # its text into rows and columns that hold nothing else, and a damaged or
        # hostile file could merge A1:XFD1048576 (17 billion cells).
        max_col, max_row = min(max_col, width), min(max_row, height)
        if min_col > max_col or min_row > max_row:
            continue
        top = rows[min_row - 1]
        first = top[min_col - 1] if min_col <= len(top) else Cell()
        origin = (min_row - 1, min_col - 1)
        for r in range(min_row - 1, max_row):
            row = rows[r]
            if len(row) < max_col:
                row.extend(Cell() for _ in range(max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = Cell(first.text, origin, first.date, first.bold)
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    return Grid.build(rows, list(range(1, len(rows) + 1)), source)


def read_xlsx(path: Path, *, sheet: str | None = None) -> list[Grid]:
    """One grid per worksheet (only ``sheet`` when given), in workbook order."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *DAMAGED) as exc:
        raise TableImportError(
            f"{path}: cannot be read as an Excel workbook (.xlsx): {exc}; "
            "save it from Excel or LibreOffice as .xlsx and try again"
        ) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise TableImportError(
                f"{path}: no sheet named {sheet!r}; the sheets are: "
                + ", ".join(repr(n) for n in names)
            )
        ranges = merged_ranges(path)
        sheets = [
            (ws.title, _sheet_rows(ws))
            for ws in workbook.worksheets
            if sheet is None or ws.title == sheet
        ]
    except TableImportError:
        raise
    except DAMAGED as exc:  # read lazily: a damaged part shows only now
        raise damaged(path, "an Excel workbook (.xlsx)", exc) from None
    finally:
        workbook.close()
    return [
        _sheet_grid(rows, ranges.get(title, []), f"{path.name}, sheet {title!r}")
        for title, rows in sheets
    ]
