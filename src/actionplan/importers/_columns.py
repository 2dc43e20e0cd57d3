"""Finding the header row of an assignment table and what each column holds."""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from actionplan.errors import TableImportError
from actionplan.importers._grid import Cell, Grid, column_letter
from actionplan.importers._text import fold

__all__ = ["FIELDS", "HEADER_SCAN_ROWS", "Header", "find_header", "recognise"]

FIELDS = ("number", "title", "lead", "coordinating", "deadline", "deliverable", "note")
"""The fields a column can hold (the keys of a ``columns=`` map)."""

_ALIASES = {
    "stt": "number",
    "no": "number",
    "task": "title",
    "coordinating_units": "coordinating",
    "coordination": "coordinating",
    "due": "deadline",
    "notes": "note",
}

HEADER_SCAN_ROWS = 30
"""How many rows from the top are searched for the header row."""

IGNORED = "ignored"
"""A recognised header that holds no task field (a start date)."""

# Folded header text -> field. Checked first, before the keyword rules below.
_EXACT: dict[str, str] = {
    **dict.fromkeys(("stt", "tt", "so tt", "so thu tu", "no", "#", "number", "so"), "number"),
    **dict.fromkeys(
        (
            "noi dung nhiem vu",
            "nhiem vu",
            "noi dung",
            "task",
            "tasks",
            "cong viec",
            "noi dung cong viec",
            "ten nhiem vu",
            "nhiem vu giai phap",
            "description",
        ),
        "title",
    ),
    **dict.fromkeys(
        (
            "don vi chu tri",
            "co quan chu tri",
            "chu tri",
            "lead",
            "lead unit",
            "don vi thuc hien",
            "co quan thuc hien",
            "responsible",
            "owner",
        ),
        "lead",
    ),
    **dict.fromkeys(
        (
            "don vi phoi hop",
            "co quan phoi hop",
            "phoi hop",
            "coordinating",
            "coordinating units",
            "support",
        ),
        "coordinating",
    ),
    **dict.fromkeys(
        (
            "thoi gian hoan thanh",
            "thoi han",
            "thoi han hoan thanh",
            "tien do",
            "tien do thuc hien",
            "tien do hoan thanh",
            "thoi gian thuc hien",
            "thoi gian",
            "deadline",
            "due",
            "due date",
            "hoan thanh",
            "ket thuc",
        ),
        "deadline",
    ),
    **dict.fromkeys(
        (
            "san pham",
            "ket qua",
            "deliverable",
            "deliverables",
            "san pham dau ra",
            "ket qua san pham",
            "san pham ket qua",
            "hinh thuc san pham",
            "output",
        ),
        "deliverable",
    ),
    **dict.fromkeys(("ghi chu", "note", "notes", "remarks"), "note"),
    **dict.fromkeys(("bat dau", "thoi gian bat dau", "ngay bat dau", "start"), IGNORED),
}

# (pattern on the folded header, field), tried in order: the first match wins.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        (r"\bbat dau\b|^start\b", IGNORED),
        (r"\bsan pham\b|\bket qua\b|\bdeliverable|\boutput\b", "deliverable"),
        (r"\bchu tri\b|^lead\b|\bresponsib", "lead"),
        (r"\bphoi hop\b|\bcoordinat", "coordinating"),
        (r"\bthoi han\b|\bthoi gian\b|\btien do\b|\bhoan thanh\b|\bdeadline\b|\bdue\b", "deadline"),
        (r"\bghi chu\b|\bnotes?\b|\bremarks?\b", "note"),
        (r"\bnoi dung\b|\bnhiem vu\b|\bcong viec\b|\btasks?\b", "title"),
        (r"^stt\b|\bso thu tu\b", "number"),
    )
)

EXPECTED_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("STT", "TT", "No."),
    "title": ("Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung", "Công việc", "Task"),
    "lead": ("Đơn vị chủ trì", "Cơ quan chủ trì", "Chủ trì", "Lead"),
    "coordinating": ("Đơn vị phối hợp", "Cơ quan phối hợp", "Phối hợp", "Coordinating"),
    "deadline": ("Thời gian hoàn thành", "Thời hạn", "Tiến độ", "Deadline"),
    "deliverable": ("Sản phẩm", "Kết quả", "Deliverable"),
    "note": ("Ghi chú", "Note"),
}


def _header_key(text: str) -> str:
    """The folded form of a header cell, without notes in brackets or punctuation."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", fold(text))
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text).split())


def recognise(text: str) -> str | None:
    """The field a header cell names, ``"ignored"`` for a known header that holds no
    field (a start date), or ``None``.

    >>> recognise("Thời gian\\nhoàn thành"), recognise("ĐƠN VỊ CHỦ TRÌ")
    ('deadline', 'lead')
    >>> recognise("Kết quả/sản phẩm nhiệm vụ"), recognise("Số lượng")
    ('deliverable', None)
    """
    key = _header_key(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for pattern, field in _RULES:
        if pattern.search(key):
            return field
    return None


def canonical_field(name: str) -> str:
    """The field a ``columns=`` key names; :class:`TableImportError` if none."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    if key not in FIELDS:
        raise TableImportError(
            f"unknown column field {name!r}; the fields are: {', '.join(FIELDS)} "
            "(e.g. columns={'title': 'Công việc', 'lead': 'C'})"
        )
    return key


@attrs.frozen
class Header:
    """Where the header is and which column holds each field.

    ``rows`` are the header rows' indices (one, or two when a second row names the
    parts of a merged header, e.g. "Đơn vị thực hiện" over "Chủ trì | Phối hợp");
    ``columns`` maps each field to a 0-based column index; ``labels`` is the header
    text of each column, as found.
    """

    rows: tuple[int, ...]
    columns: Mapping[str, int]
    labels: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def first_data_row(self) -> int:
        """The index of the first row below the header (0 when there is none)."""
        return self.rows[-1] + 1 if self.rows else 0


def _own(row: tuple[Cell, ...], index: int) -> list[tuple[int, Cell]]:
    """The cells of a row, each horizontal merge once, vertical continuations left out."""
    seen: set[tuple[int, int]] = set()
    cells = []
    for col, cell in enumerate(row):
        if cell.continues_from_above(index):
            continue
        if cell.origin is not None:
            if cell.origin in seen:
                continue
            seen.add(cell.origin)
        cells.append((col, cell))
    return cells


def _row_fields(grid: Grid, index: int) -> dict[str, int]:
    fields: dict[str, int] = {}
    for col, cell in _own(grid.rows[index], index):
        field = recognise(cell.text)
        if field is not None and field != IGNORED:
            fields.setdefault(field, col)
    return fields


def _is_subheader(grid: Grid, index: int) -> bool:
    """Whether row ``index`` names the parts of a header merged across the row above
    ("Đơn vị thực hiện" over "Chủ trì | Phối hợp")."""
    if index < 1 or index >= len(grid.rows):
        return False
    above = grid.rows[index - 1]
    spans = {c.origin for c in above if c.origin is not None and c.origin[0] == index - 1}
    merged_across = any(sum(1 for c in above if c.origin == o) > 1 for o in spans)
    own = [cell for _, cell in _own(grid.rows[index], index) if cell.text]
    return merged_across and len(own) >= 2 and all(recognise(cell.text) is not None for cell in own)


def _labels(grid: Grid, rows: tuple[int, ...]) -> list[str]:
    labels = []
    for col in range(grid.width):
        parts: list[str] = []
        for index in rows:
            cell = grid.rows[index][col]
            text = " ".join(cell.text.split())
            if text and text not in parts:
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


def _map_columns(grid: Grid, rows: tuple[int, ...]) -> tuple[dict[str, int], list[str]]:
    """Each field's column, reading a two-row header part by part."""
    columns: dict[str, int] = {}
    notes: list[str] = []
    top = rows[0]
    for col in range(grid.width):
        candidates = [grid.rows[top][col].text]
        if len(rows) > 1:
            sub = grid.rows[rows[1]][col]
            if sub.text and not sub.continues_from_above(rows[1]):
                candidates = [sub.text, f"{candidates[0]} {sub.text}", candidates[0]]
        for text in candidates:
            field = recognise(text)
            if field is None:
                continue
            if field != IGNORED:
                if field in columns:
                    notes.append(
                        f"column {column_letter(col)} ({' '.join(text.split())!r}) also looks "
                        f"like the {field} column; column {column_letter(columns[field])} is used"
                    )
                else:
                    columns[field] = col
            break
    return columns, notes


def _resolve_ref(
    field: str, ref: str | int, grid: Grid, labels: list[str]
) -> tuple[int | None, bool]:
    """The column a ``columns=`` entry names and whether it named a header text."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        if ref < 1:
            raise TableImportError(
                f"column for {field!r}: {ref} is not a column number (A = 1, B = 2 …)"
            )
        return ref - 1, False
    text = str(ref).strip()
    wanted = _header_key(text)
    for col, label in enumerate(labels):
        if (
            label
            and wanted
            and (
                wanted == _header_key(label)
                or wanted in [_header_key(p) for p in label.split(" / ")]
            )
        ):
            return col, True
    if re.fullmatch(r"[0-9]{1,9}", text) and int(text) >= 1:  # not "²", nor 5000 digits
        return int(text) - 1, False
    if re.fullmatch(r"[A-Za-z]{1,3}", text):
        index = 0
        for char in text.upper():
            index = index * 26 + ord(char) - ord("A") + 1
        return index - 1, False
    return None, True


def find_header(grid: Grid, columns: Mapping[str, str | int] | None = None) -> Header | None:
    """The header of ``grid``, or ``None`` when it has no task column.

    ``columns`` maps fields to a header text, a column letter or a 1-based column
    number; it overrides what the headers say. With every needed column given by
    letter and no header row recognisable, the whole grid is data.
    """
    given = {canonical_field(k): v for k, v in (columns or {}).items()}
    limit = min(len(grid.rows), HEADER_SCAN_ROWS)
    for index in range(limit):
        auto = _row_fields(grid, index)
        rows = (index, index + 1) if _is_subheader(grid, index + 1) else (index,)
        labels = _labels(grid, rows)
        by_text: dict[str, int] = {}
        by_position: dict[str, int] = {}
        for field, ref in given.items():
            col, named = _resolve_ref(field, ref, grid, labels)
            if col is not None:
                (by_text if named else by_position)[field] = col
        fields = set(auto) | set(by_text) | set(by_position)
        if "title" not in fields or not (len(set(auto) | set(by_text)) >= 2 or by_text):
            continue
        mapped, notes = _map_columns(grid, rows)
        explicit = by_text | by_position
        taken = set(explicit.values())
        mapped = {f: c for f, c in mapped.items() if f not in explicit and c not in taken}
        mapped |= explicit
        return Header(rows, mapped, tuple(labels), tuple(notes))
    if given.get("title") is not None:
        by_position = {}
        for field, ref in given.items():
            col, named = _resolve_ref(field, ref, grid, _labels(grid, ()))
            if col is None or named:
                return None
            by_position[field] = col
        return Header((), by_position, tuple("" for _ in range(grid.width)))
    return None


def describe_headers(grid: Grid) -> str:
    """What the top of a grid holds, for an error message: the row that looks most
    like a header, else the first non-empty row."""
    limit = min(len(grid.rows), HEADER_SCAN_ROWS)
    best, best_score = None, 0
    for index in range(limit):
        score = len(_row_fields(grid, index))
        if score > best_score:
            best, best_score = index, score
    if best is None:
        best = next((i for i in range(limit) if any(c.text for c in grid.rows[i])), None)
    if best is None:
        return "no text in the first rows"
    texts = [
        f"{column_letter(col)}: {' '.join(cell.text.split())!r}"
        for col, cell in _own(grid.rows[best], best)
        if cell.text
    ]
    return f"row {grid.numbers[best]} has " + ", ".join(texts)


def expected_headers(field: str = "title") -> str:
    """The headers understood for ``field``, for error messages."""
    return ", ".join(repr(h) for h in EXPECTED_HEADERS[field])
