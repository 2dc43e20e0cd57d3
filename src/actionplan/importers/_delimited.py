"""Reading a CSV file into a grid: encoding and delimiter detected.

Offices export tables from Excel in several encodings: UTF-8, UTF-8 with a byte
order mark (Excel's "CSV UTF-8"), UTF-16 ("Unicode text", tab-separated) and, from
older Vietnamese Windows set-ups, Windows-1258. Windows-1258 writes most tone marks
as combining characters, so decoded text is normalised to NFC (``clean_cell``).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from actionplan.errors import TableImportError
from actionplan.importers._columns import HEADER_SCAN_ROWS, recognise
from actionplan.importers._grid import Cell, Grid
from actionplan.importers._text import clean_cell

__all__ = ["decode", "read_csv"]

DELIMITERS = (",", ";", "\t")

# A byte order mark, the codec of the bytes after it, and the encoding reported.
_MARKED = (
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    Without ``encoding``: a UTF-16 or UTF-8 byte order mark decides; otherwise UTF-8
    when the bytes are valid UTF-8, else Windows-1258.

    >>> decode("Chi bộ".encode("utf-8-sig"))
    ('Chi bộ', 'utf-8-sig')
    >>> text, used = decode(b"Chi b\\xf4\\xf2")  # "ô", then a combining dot below
    >>> used, clean_cell(text)
    ('cp1258', 'Chi bộ')
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise TableImportError(
                f"unknown encoding {encoding!r}; use e.g. utf-8, utf-8-sig, cp1258 or utf-16"
            ) from None
        except UnicodeDecodeError as exc:
            raise TableImportError(
                f"the file is not in {encoding}: byte {exc.start} cannot be decoded "
                f"({data[exc.start : exc.start + 1]!r}); leave the encoding out to detect it"
            ) from None
    for mark, codec, reported in _MARKED:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec), reported
            except UnicodeDecodeError as exc:
                at = len(mark) + exc.start
                name = reported.upper().removesuffix("-SIG")
                raise TableImportError(
                    f"the file starts with a {name} byte order mark, but byte {at} "
                    f"({data[at : at + 1]!r}) is not {name}: the file is damaged or cut "
                    "short; save it again from Excel and import that"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The records of ``text`` with the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    line = 1
    try:
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TableImportError(
            f"line {reader.line_num}: not a well-formed CSV record ({exc}); "
            "check the quotes on that line"
        ) from None
    return records


def _score(records: list[tuple[int, list[str]]]) -> tuple[int, int, int]:
    """How well a delimiter fits: recognised header cells, then consistent width."""
    top = records[:HEADER_SCAN_ROWS]
    header = max((len({recognise(c) for c in rec if recognise(c)}) for _, rec in top), default=0)
    widths = [len(rec) for _, rec in top if any(c.strip() for c in rec)]
    common = max(set(widths), key=widths.count) if widths else 0
    return header, sum(1 for w in widths if w == common) if common > 1 else 0, common


def sniff(text: str) -> str:
    """The delimiter among comma, semicolon and tab that makes sense of ``text``.

    >>> sniff("STT;Nhiệm vụ;Chủ trì\\n1;Tuyên truyền, phổ biến;Chi bộ 1\\n")
    ';'
    """
    sample = "\n".join(text.splitlines()[: HEADER_SCAN_ROWS * 3])
    return max(
        DELIMITERS,
        key=lambda d: (*_score(_records(sample, d)), -DELIMITERS.index(d)),
    )


def read_csv(path: Path, *, encoding: str | None = None) -> list[Grid]:
    """The grid of a CSV file (one table)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableImportError(f"{path}: cannot be read: {exc.strerror}") from None
    try:
        text, used = decode(data, encoding)
    except TableImportError as exc:
        raise TableImportError(f"{path}: {exc}") from None
    delimiter = sniff(text)
    try:
        records = _records(text, delimiter)
    except TableImportError as exc:
        raise TableImportError(f"{path}: {exc}") from None
    rows = [[Cell(clean_cell(value)) for value in record] for _, record in records]
    numbers = [line for line, _ in records]
    names = {",": "comma", ";": "semicolon", "\t": "tab"}
    source = f"{path.name} ({used}, {names[delimiter]}-separated)"
    return [Grid.build(rows, numbers, source)]
