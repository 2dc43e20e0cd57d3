"""Reading the tables of a Word document (.docx) into grids.

Word stores a horizontally merged cell once, with a ``gridSpan``; a vertically
merged one as a first cell (``vMerge="restart"``) and continuation cells
(``vMerge`` with no value) below it. Both are laid out on the table grid here, so
each grid column holds the cell that covers it, with the merge's origin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from actionplan.errors import TableImportError
from actionplan.importers._grid import DAMAGED, Cell, Grid, damaged
from actionplan.importers._text import clean_cell

__all__ = ["read_docx"]

MAX_COLUMNS = 1000
"""The widest table read (Word makes at most 63 columns); a wider one is damaged."""


def _bold(paragraphs: Any) -> bool:
    runs = [run for p in paragraphs for run in p.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _table_grid(table: Any, source: str, preamble: tuple[str, ...]) -> Grid:
    from docx.table import _Cell

    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        row: list[Cell] = [Cell()] * min(tr.grid_before, MAX_COLUMNS)
        col = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if span < 1 or col < 0 or col + span > MAX_COLUMNS:
                raise TableImportError(
                    f"{source}, row {r + 1}: a cell at column {col + 1} spans {span} columns, "
                    f"past the {MAX_COLUMNS:,} columns a table may have: the file is damaged; "
                    "open it in Word or LibreOffice, save it again and import that"
                )
            if tc.vMerge == "continue" and col in above:
                upper = above[col]
                cell = Cell(upper.text, upper.origin or (r - 1, col), bold=upper.bold)
            else:
                wrapped = _Cell(tc, table)
                text = clean_cell("\n".join(p.text for p in wrapped.paragraphs))
                merged = span > 1 or tc.vMerge == "restart"
                cell = Cell(text, (r, col) if merged else None, bold=_bold(wrapped.paragraphs))
            for c in range(col, col + span):
                while len(row) <= c:
                    row.append(Cell())
                row[c] = cell
                above[c] = cell
            col += span
        rows.append(row)
    return Grid.build(rows, list(range(1, len(rows) + 1)), source, preamble)


def _lines(item: Any) -> list[str]:
    from docx.table import Table

    if isinstance(item, Table):
        texts: list[str] = []
        for row in item.rows:
            for cell in row.cells:
                texts.extend(clean_cell(cell.text).split("\n"))
        return [t for t in dict.fromkeys(texts) if t]
    return [line for line in clean_cell(item.text).split("\n") if line]


def read_docx(path: Path, *, table_index: int | None = None) -> list[Grid]:
    """One grid per top-level table of the document (only table ``table_index``,
    counted from 1, when given), each with the text that comes before it."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, *DAMAGED) as exc:
        raise TableImportError(
            f"{path}: cannot be read as a Word document (.docx): {exc}; "
            "save it from Word or LibreOffice as .docx and try again"
        ) from None
    grids: list[Grid] = []
    seen: list[str] = []
    count = 0
    try:
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                count += 1
                if table_index is None or count == table_index:
                    source = f"{path.name}, table {count}"
                    grids.append(_table_grid(item, source, tuple(seen)))
            seen.extend(_lines(item))
    except TableImportError:
        raise
    except DAMAGED as exc:  # python-docx reads attributes when asked: bad ones show now
        raise damaged(path, "a Word document (.docx)", exc) from None
    if table_index is not None and not grids:
        raise TableImportError(
            f"{path}: has {count} table{'s' if count != 1 else ''}; there is no table "
            f"{table_index} (tables are counted from 1)"
        )
    return grids
