"""A table as the readers hand it over: rows of cells, with merges and dates kept.

Every reader (Excel, CSV, Word) turns its source into :class:`Grid` objects, so the
reading of the assignment table itself (headers, sections, tasks) is written once.
A merged cell's text is repeated in every cell it covers; ``origin`` says which
merge a cell belongs to, so a row merged across can still be told from a row whose
cells merely hold the same text.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from pathlib import Path
from typing import Final

import attrs

from actionplan.errors import TableImportError

__all__ = ["DAMAGED", "Cell", "Grid", "column_letter", "damaged"]

DAMAGED: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    LookupError,
    SyntaxError,
    TypeError,
    ValueError,
    AttributeError,
)
"""What the Excel and Word libraries (and the zip and XML readers under them) raise
on a damaged file: a bad zip or deflate stream, a missing part, malformed XML
(lxml's and ElementTree's errors are SyntaxErrors), a value or a style of the wrong
kind deep in their object model. Only their calls are guarded with it."""


def damaged(path: Path, kind: str, exc: BaseException) -> TableImportError:
    """The error for a file the Excel or Word library failed to read."""
    return TableImportError(
        f"{path}: cannot be read as {kind}: the file is damaged ({type(exc).__name__}: "
        f"{str(exc)[:200]}); open it in Word, Excel or LibreOffice, save it again and "
        "import that"
    )


@attrs.frozen
class Cell:
    """One cell of a grid.

    ``origin`` is the (row index, column index) of the top-left cell of the merge the
    cell belongs to, or ``None`` when it is not merged. ``date`` is set when the
    source held a real date (an Excel date cell). ``bold`` is true when all of its
    text is bold.
    """

    text: str = ""
    origin: tuple[int, int] | None = None
    date: dt.date | None = None
    bold: bool = False

    def continues_from_above(self, row_index: int) -> bool:
        """True when the cell is the lower part of a merge that starts higher up."""
        return self.origin is not None and self.origin[0] < row_index


EMPTY = Cell()


@attrs.frozen
class Grid:
    """A rectangular table of cells.

    ``numbers`` gives each row its number in the source, as a person would find it:
    the Excel row number, the CSV line, the Word table row (all 1-based).
    ``source`` describes where the table was found (``"plan.docx, table 2"``);
    ``preamble`` holds text found before the table (a Word plan's heading lines).
    """

    rows: tuple[tuple[Cell, ...], ...]
    numbers: tuple[int, ...]
    source: str
    preamble: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        rows: list[list[Cell]],
        numbers: list[int],
        source: str,
        preamble: tuple[str, ...] = (),
    ) -> Grid:
        """A grid from ragged rows: short rows are padded with empty cells and empty
        trailing columns are dropped."""
        width = 0
        for row in rows:
            for index in range(len(row) - 1, -1, -1):
                if row[index].text:
                    width = max(width, index + 1)
                    break
        padded = tuple(tuple(row[:width]) + (EMPTY,) * (width - len(row)) for row in rows)
        return cls(padded, tuple(numbers), source, preamble)

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self.rows[0]) if self.rows else 0


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
