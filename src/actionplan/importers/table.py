"""Importing an assignment table (XLSX, CSV, DOCX) as an action plan.

Offices keep the task table of a plan — STT | Nội dung nhiệm vụ | Đơn vị chủ trì |
Đơn vị phối hợp | Thời gian hoàn thành | Sản phẩm — in Word and Excel.
:func:`import_table` reads one into an :class:`~actionplan.model.ActionPlan` and
reports what it made of every row, so nothing is dropped silently:

- the header row is found by its text (Vietnamese or English, any case, with or
  without diacritics), wherever it is in the first rows;
- section rows (``I. Công tác tuyên truyền`` …) become sections;
- a row that only carries on the text of the task above becomes part of that task;
- unit names become units with stable ids; near-identical spellings are reported;
- deadline phrases are read with :func:`actionplan.phrases.parse_deadline`; a phrase
  it cannot read is kept as text, with a message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path

import attrs

from actionplan.deadlines import (
    BeforePolicy,
    Deadline,
    FixedDeadline,
    UndatedDeadline,
    UndatedReason,
)
from actionplan.errors import (
    ActionPlanError,
    DeadlineParseError,
    TableImportError,
    UnknownTaskError,
)
from actionplan.importers._columns import (
    Header,
    describe_headers,
    expected_headers,
    find_header,
    recognise,
)
from actionplan.importers._grid import Cell, Grid, column_letter
from actionplan.importers._text import fold, slugify
from actionplan.importers._units import UnitRegistry, split_units
from actionplan.model import ActionPlan, Document, PlanPolicy, Section, Task, Unit
from actionplan.refs import DocumentKind, DocumentRef

__all__ = ["ImportResult", "ImportRow", "RowOutcome", "import_table", "read_grids"]


class RowOutcome(StrEnum):
    """What a row of the table became."""

    TASK = "task"
    """A task."""
    SECTION = "section"
    """A section heading (``I. Công tác tuyên truyền``)."""
    HEADER = "header"
    """The header row, a second header row, or the row of column numbers under it."""
    CONTINUATION = "continuation"
    """More text of the task above."""
    SKIPPED = "skipped"
    """Not part of the table: a title above it, an empty row, text below it."""


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _rows(values: Iterable[ImportRow]) -> tuple[ImportRow, ...]:
    return tuple(values)


@attrs.frozen
class ImportRow:
    """The import report for one row of the source table.

    ``row`` is numbered as in the source: the Excel row, the CSV line, the Word
    table row (from 1). ``task`` is the id of the task the row made or continued;
    ``section`` the id of the section the row made or its task belongs to.
    """

    row: int
    outcome: RowOutcome = attrs.field(converter=RowOutcome)
    task: str | None = None
    messages: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    section: str | None = None


@attrs.frozen
class ImportResult:
    """The imported plan and a report on every row of the table.

    ``source`` says where the table was found (``"plan.docx, table 2"``); ``notes``
    are messages about the table as a whole (the header row, what was read from the
    text above the table).
    """

    plan: ActionPlan
    rows: tuple[ImportRow, ...] = attrs.field(converter=_rows)
    source: str = ""
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def row_of(self, task_id: str) -> ImportRow:
        """The row a task was imported from;
        :class:`~actionplan.errors.UnknownTaskError` if no row made it."""
        made = [row for row in self.rows if row.outcome is RowOutcome.TASK]
        for row in made:
            if row.task == task_id:
                return row
        raise UnknownTaskError(task_id, [row.task for row in made if row.task is not None])

    @property
    def messages(self) -> tuple[str, ...]:
        """Every row message, prefixed with its row number."""
        return tuple(f"row {r.row}: {m}" for r in self.rows for m in r.messages)


# -- reading the source -------------------------------------------------------------

_EXCEL = (".xlsx", ".xlsm")
_CSV = (".csv", ".tsv", ".txt")
_WORD = (".docx",)
_OLD_FORMATS = {".xls": ".xlsx", ".doc": ".docx", ".odt": ".docx", ".ods": ".xlsx"}


def read_grids(
    path: Path,
    *,
    sheet: str | None = None,
    table_index: int | None = None,
    encoding: str | None = None,
) -> list[Grid]:
    """The tables a file holds, by its extension: sheets, CSV, Word tables."""
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise TableImportError(
            f"{path}: {suffix} files cannot be read; open it in Word, Excel or LibreOffice "
            f"and save it as {_OLD_FORMATS[suffix]}"
        )
    if not path.is_file():
        raise TableImportError(f"{path}: no such file")
    if suffix in _EXCEL:
        from actionplan.importers._excel import read_xlsx

        return read_xlsx(path, sheet=sheet)
    if suffix in _CSV:
        from actionplan.importers._delimited import read_csv

        return read_csv(path, encoding=encoding)
    if suffix in _WORD:
        from actionplan.importers._word import read_docx

        return read_docx(path, table_index=table_index)
    raise TableImportError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        "expected .xlsx, .csv or .docx"
    )


# -- numbering --------------------------------------------------------------------

# At most 9 digits a part: a longer "number" is text (and int() refuses thousands of digits).
_NUMBER = re.compile(r"(\d{1,9}(?:\.\d{1,9})*)\.?\)?")
_ROMAN = re.compile(r"(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))[.)]?")
_LETTER = re.compile(r"([A-Za-z])[.)]?")
_BULLETS = frozenset("-+•*–—")
_HEADING = re.compile(
    r"(?:(?:phần|mục|phan|muc)\s+)?(?P<num>[IVX]+|[A-Z]|\d+(?:\.\d+)*)(?:\s*[.):]|\s+-)\s*"
    r"(?P<title>.+)",
    re.IGNORECASE | re.DOTALL,
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int:
    total = 0
    for char, following in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total


@attrs.frozen
class _Numbering:
    kind: str  # "empty", "bullet", "number", "roman", "letter", "text"
    parts: tuple[int, ...] = ()
    label: str = ""

    @classmethod
    def read(cls, text: str) -> _Numbering:
        text = text.strip()
        if not text:
            return cls("empty")
        if text in _BULLETS:
            return cls("bullet", label=text)
        if m := _NUMBER.fullmatch(text):
            return cls("number", tuple(int(p) for p in m[1].split(".")), m[1])
        if (m := _ROMAN.fullmatch(text)) and m[1]:
            return cls("roman", (_roman(m[1]),), m[1])
        if m := _LETTER.fullmatch(text):
            return cls("letter", label=m[1])
        return cls("text", label=text)

    @property
    def heading(self) -> bool:
        """Roman numerals and capital letters number sections."""
        return self.kind == "roman" or (self.kind == "letter" and self.label.isupper())


# -- the plan's own document ----------------------------------------------------------

_REF = re.compile(r"\b[Ss]ố\s*:?\s*(\d+\s*[-/]\s*[^\s,;()]+)")
_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_REF_DATE = re.compile(r"^\s*,?\s*ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_TITLE_WORDS = ("ke hoach", "chuong trinh", "chuong trinh hanh dong", "ke hoach hanh dong")


@attrs.frozen
class _DocumentInfo:
    ref: DocumentRef | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    notes: tuple[str, ...] = ()


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _document_info(lines: Iterable[str]) -> _DocumentInfo:
    """The plan's number and symbol, date and subject, from the text above the table."""
    ref: DocumentRef | None = None
    issued: dt.date | None = None
    subject: str | None = None
    notes: list[str] = []
    lines = list(lines)
    for index, line in enumerate(lines):
        if ref is None:
            for m in _REF.finditer(line):
                try:
                    found = DocumentRef.parse(m[1])
                except ActionPlanError:
                    continue
                if found.kind in (DocumentKind.PLAN, DocumentKind.PROGRAMME):
                    ref = found
                    notes.append(f"plan number {found} read from {line!r}")
                    if issued is None and (d := _REF_DATE.match(line[m.end() :])):
                        issued = _date(d[3], d[2], d[1])
                        if issued is not None:
                            notes.append(f"plan date {issued.isoformat()} read from {line!r}")
                    break
        if issued is None and (place := _PLACE_DATE.match(fold(line))):
            issued = _date(place[3], place[2], place[1])
            if issued is not None:
                notes.append(f"plan date {issued.isoformat()} read from {line!r}")
        if subject is None and fold(line) in _TITLE_WORDS and index + 1 < len(lines):
            subject = re.sub(r"^(?:V/v|Về việc)[:\s]+", "", lines[index + 1]).strip() or None
    return _DocumentInfo(ref, issued, subject, tuple(notes))


# -- reading rows ---------------------------------------------------------------------


@attrs.define
class _Draft:
    """A task being put together from its row and any continuation rows."""

    row: int
    index: int
    numbering: _Numbering
    section: str | None
    title: str
    lead: str
    coordinating: str
    deadline: str
    deadline_date: dt.date | None
    deliverable: str
    note: str
    messages: list[str]
    parent_draft: _Draft | None = None
    id: str = ""
    parent: str | None = None


@attrs.define
class _Record:
    row: int
    outcome: RowOutcome
    draft: _Draft | None = None
    section: str | None = None
    messages: list[str] = attrs.Factory(list)


def _join_text(before: str, after: str) -> str:
    """Text carried on in the next row: a new line after a full stop, colon or
    semicolon, or before a bullet; otherwise the sentence goes on."""
    if not before:
        return after
    if before.rstrip()[-1:] in ".:;!?" or after[:1] in _BULLETS:
        return f"{before}\n{after}"
    return f"{before} {after}"


class _Reader:
    """Reads the rows of one grid below its header into drafts and records."""

    def __init__(self, grid: Grid, header: Header) -> None:
        self.grid = grid
        self.header = header
        self.columns = header.columns
        self.records: list[_Record] = []
        self.drafts: list[_Draft] = []
        self.sections: list[Section] = []
        self._top: Section | None = None
        self._current: Section | None = None

    # cell access
    def _cell(self, index: int, field: str) -> Cell:
        col = self.columns.get(field)
        if col is None or col >= self.grid.width:
            return Cell()
        return self.grid.rows[index][col]

    def _text(self, index: int, field: str) -> str:
        return self._cell(index, field).text

    def _own(self, index: int, field: str) -> str:
        cell = self._cell(index, field)
        return "" if cell.continues_from_above(index) else cell.text

    def _others_empty(self, index: int, *, except_fields: tuple[str, ...]) -> bool:
        """Whether every other cell is empty or part of the title cell's merge."""
        title = self._cell(index, "title")
        for col, cell in enumerate(self.grid.rows[index]):
            if col in (self.columns.get(f) for f in except_fields):
                continue
            if cell.text and not (title.origin is not None and cell.origin == title.origin):
                return False
        return True

    # row kinds
    def _is_column_numbers(self, index: int) -> bool:
        texts = [c.text for c in self.grid.rows[index] if c.text]
        numbers = [re.fullmatch(r"\(?(\d{1,2})\)?", t) for t in texts]
        if len(texts) < 2 or not all(numbers):
            return False
        values = [int(m[1]) for m in numbers if m]
        return values == sorted(values) and len(set(values)) == len(values)

    def _is_header_again(self, index: int) -> bool:
        title = self._cell(index, "title").text
        return (
            bool(title)
            and recognise(title) == "title"
            and ("number" not in self.columns or recognise(self._text(index, "number")) == "number")
        )

    def _next_numbering(self, index: int) -> _Numbering:
        for later in range(index + 1, len(self.grid.rows)):
            if any(c.text for c in self.grid.rows[later]):
                return _Numbering.read(self._own(later, "number"))
        return _Numbering("empty")

    def _heading(self, index: int) -> tuple[str, str, str] | None:
        """(kind, key, title) when the row is a section heading."""
        row = self.grid.rows[index]
        own = {cell.origin or (index, col): cell for col, cell in enumerate(row) if cell.text}
        if len(own) == 1:
            (cell,) = own.values()
            span = sum(1 for c in row if cell.origin is not None and c.origin == cell.origin)
            if span >= 2 and not cell.continues_from_above(index):
                return self._heading_text(cell.text)
        number = _Numbering.read(self._own(index, "number"))
        title = self._own(index, "title")
        rest_empty = self._others_empty(index, except_fields=("number", "title"))
        if not rest_empty:
            return None
        if number.heading:
            key = str(number.parts[0]) if number.kind == "roman" else number.label.lower()
            return number.kind, key, title or number.label
        if number.kind == "number" and title:
            following = self._next_numbering(index)
            is_parent = following.kind == "number" and following.parts[:-1] == number.parts
            if is_parent or self._cell(index, "title").bold:
                return "number", number.label, title
        if number.kind == "empty" and title:
            if (m := _HEADING.fullmatch(title)) and _Numbering.read(m["num"]).heading:
                return self._heading_text(title)
            last = self.drafts[-1] if self.drafts else None
            previous_bold = last is not None and self._cell(last.index, "title").bold
            if self._cell(index, "title").bold and not previous_bold:
                return "plain", "", title
        return None

    def _heading_text(self, text: str) -> tuple[str, str, str]:
        if m := _HEADING.fullmatch(text):
            number = _Numbering.read(m["num"])
            if number.kind == "roman":
                return "roman", str(number.parts[0]), m["title"].strip()
            if number.kind == "letter" and number.heading:
                return "letter", number.label.lower(), m["title"].strip()
            if number.kind == "number":
                return "number", number.label, m["title"].strip()
        return "plain", "", text

    def _add_section(self, kind: str, key: str, title: str) -> Section:
        if kind in ("roman", "letter"):
            base = f"s{key}"
        elif kind == "number" and self._top is not None:
            base = f"{self._top.id}-{key.replace('.', '-')}"
        elif kind == "number":
            base = f"s{key.replace('.', '-')}"
        else:
            base = f"s{len(self.sections) + 1}"
        taken = {s.id for s in self.sections}
        section_id, n = base, 1
        while section_id in taken:
            n += 1
            section_id = f"{base}-{n}"
        section = Section(section_id, title)
        self.sections.append(section)
        if kind == "number":
            self._current = section
        else:
            self._top = self._current = section
        return section

    def read(self) -> None:
        header_rows = set(self.header.rows)
        first = self.header.first_data_row
        for index in range(first):
            number = self.grid.numbers[index]
            if index in header_rows:
                self.records.append(_Record(number, RowOutcome.HEADER))
            elif any(c.text for c in self.grid.rows[index]):
                self.records.append(
                    _Record(number, RowOutcome.SKIPPED, messages=["above the header row"])
                )
            else:
                self.records.append(_Record(number, RowOutcome.SKIPPED, messages=["empty row"]))
        gap = False
        previous: RowOutcome | None = RowOutcome.HEADER if self.header.rows else None
        for index in range(first, len(self.grid.rows)):
            record = self._read_row(index, gap=gap, previous=previous)
            self.records.append(record)
            if record.outcome is RowOutcome.SKIPPED:
                gap = gap or record.messages == ["empty row"]
            else:
                gap = False
            previous = record.outcome

    def _read_row(self, index: int, *, gap: bool, previous: RowOutcome | None) -> _Record:
        number_in_source = self.grid.numbers[index]
        row = self.grid.rows[index]
        if not any(c.text for c in row):
            return _Record(number_in_source, RowOutcome.SKIPPED, messages=["empty row"])
        if previous is RowOutcome.HEADER and self._is_column_numbers(index):
            return _Record(
                number_in_source, RowOutcome.HEADER, messages=["column numbers under the header"]
            )
        if self._is_header_again(index):
            return _Record(number_in_source, RowOutcome.HEADER, messages=["the header again"])
        heading = self._heading(index)
        if heading is not None:
            section = self._add_section(*heading)
            return _Record(number_in_source, RowOutcome.SECTION, section=section.id)

        numbering = _Numbering.read(self._own(index, "number"))
        unnumbered = numbering.kind in ("empty", "bullet")
        lead_own = self._own(index, "lead")
        deadline_own = self._own(index, "deadline")
        can_continue = ("number" in self.columns or "lead" in self.columns) and (
            gap or previous in (RowOutcome.TASK, RowOutcome.CONTINUATION)
        )
        if unnumbered and not lead_own and not deadline_own and can_continue and self.drafts:
            if gap:
                return _Record(
                    number_in_source,
                    RowOutcome.SKIPPED,
                    messages=[
                        "no number, lead unit or deadline, after an empty row: read as text "
                        "below the table, not as a task; give it a number or a lead unit to "
                        "import it"
                    ],
                )
            return self._continue(index, number_in_source, self.drafts[-1])

        title = self._text(index, "title")
        if not title:
            col = column_letter(self.columns["title"])
            return _Record(
                number_in_source,
                RowOutcome.SKIPPED,
                messages=[f"no task text in column {col}; the row is not read as a task"],
            )
        messages: list[str] = []
        if numbering.kind == "text":
            messages.append(
                f"{numbering.label!r} in the number column is not a numbering; the task id "
                "comes from the row number"
            )
        elif numbering.kind == "bullet":
            messages.append("no number: the task id comes from the row number")
        parent_draft = None
        if numbering.kind == "letter" and numbering.label.islower():
            parent_draft = next(
                (
                    d
                    for d in reversed(self.drafts)
                    if d.numbering.kind == "number" and d.section == self._section_id()
                ),
                None,
            )
        cell = self._cell(index, "deadline")
        draft = _Draft(
            row=number_in_source,
            index=index,
            numbering=numbering,
            section=self._section_id(),
            title=title,
            lead=self._text(index, "lead"),
            coordinating=self._text(index, "coordinating"),
            deadline=cell.text,
            deadline_date=cell.date,
            deliverable=self._text(index, "deliverable"),
            note=self._text(index, "note"),
            messages=messages,
            parent_draft=parent_draft,
        )
        self.drafts.append(draft)
        return _Record(number_in_source, RowOutcome.TASK, draft, draft.section)

    def _section_id(self) -> str | None:
        return self._current.id if self._current is not None else None

    def _continue(self, index: int, number_in_source: int, draft: _Draft) -> _Record:
        added = []
        for field in ("title", "coordinating", "deliverable", "note"):
            text = self._own(index, field)
            if text:
                before: str = getattr(draft, field)
                joined = (
                    f"{before}\n{text}" if field == "coordinating" else _join_text(before, text)
                )
                setattr(draft, field, joined)
                added.append(field)
        if not added:
            return _Record(
                number_in_source,
                RowOutcome.SKIPPED,
                messages=["no task text, number or lead unit: nothing to read"],
            )
        return _Record(
            number_in_source,
            RowOutcome.CONTINUATION,
            draft,
            draft.section,
            [f"continues the task of row {draft.row} ({', '.join(added)})"],
        )


# -- from drafts to tasks -------------------------------------------------------------


def _base_id(draft: _Draft) -> str | None:
    numbering = draft.numbering
    if numbering.kind == "number":
        return "t" + "-".join(str(p) for p in numbering.parts)
    if numbering.heading:
        return "t-" + numbering.label.lower()
    return None


def _assign_ids(drafts: list[_Draft]) -> None:
    """Stable, unique task ids: ``t1``, ``t2-1`` from the numbers; qualified by the
    section (``s2-t1``) when numbering restarts in each section; ``r12`` (the row)
    for an unnumbered task; ``t1``, ``t2`` … by order when nothing is numbered."""
    bases = {id(d): _base_id(d) for d in drafts}
    first_section: dict[str, str | None] = {}
    restarts = False
    for draft in drafts:
        base = bases[id(draft)]
        if base is None:
            continue
        if base in first_section and first_section[base] != draft.section:
            restarts = True
        first_section.setdefault(base, draft.section)
    if restarts:
        for draft in drafts:
            base = bases[id(draft)]
            if base is not None and draft.section is not None:
                bases[id(draft)] = f"{draft.section}-{base}"
    for draft in drafts:
        parent = draft.parent_draft
        if parent is not None and bases[id(parent)] is not None:
            bases[id(draft)] = f"{bases[id(parent)]}-{draft.numbering.label}"
    numbered = any(b is not None for b in bases.values())
    by_numbers: dict[tuple[str | None, tuple[int, ...]], _Draft] = {}
    taken: dict[str, _Draft] = {}
    for order, draft in enumerate(drafts, start=1):
        base = bases[id(draft)]
        if base is None:
            base = f"r{draft.row}" if numbered else f"t{order}"
        task_id = base
        if task_id in taken:
            task_id = f"{base}-r{draft.row}"
            draft.messages.append(
                f"the number {draft.numbering.label!r} is used again (first on row "
                f"{taken[base].row}); this task's id is {task_id!r}"
            )
        draft.id = task_id
        taken[task_id] = draft
        if draft.numbering.kind == "number":
            key = (draft.section if restarts else None, draft.numbering.parts)
            by_numbers.setdefault(key, draft)
    for draft in drafts:
        if draft.numbering.kind == "number" and len(draft.numbering.parts) > 1:
            key = (draft.section if restarts else None, draft.numbering.parts[:-1])
            if key in by_numbers:
                draft.parent = by_numbers[key].id
        elif draft.parent_draft is not None:
            draft.parent = draft.parent_draft.id


def _read_deadline(
    draft: _Draft, *, issued_on: dt.date | None, year: int | None, before: BeforePolicy
) -> Deadline | None:
    from actionplan.dates import format_date
    from actionplan.phrases import parse_deadline

    if draft.deadline_date is not None:
        return FixedDeadline(draft.deadline_date, text=format_date(draft.deadline_date))
    text = draft.deadline
    if not text:
        draft.messages.append("no deadline")
        return None
    try:
        deadline = parse_deadline(text, issued_on=issued_on, year=year, before=before)
    except DeadlineParseError as exc:
        draft.messages.append(f"deadline not understood, kept as text with no date: {exc.message}")
        return UndatedDeadline(UndatedReason.UNSPECIFIED, text=text)
    draft.messages.extend(f"deadline {text!r}: {a}" for a in deadline.assumptions)
    return deadline


def _units_of(draft: _Draft, registry: UnitRegistry) -> tuple[str | None, list[str]]:
    lead_names = split_units(draft.lead)
    lead: str | None = None
    if lead_names:
        lead, warnings = registry.resolve(lead_names[0])
        draft.messages.extend(warnings)
        if len(lead_names) > 1:
            draft.messages.append(
                f"the lead column names {len(lead_names)} units; {lead_names[0]!r} is taken "
                "as the lead unit and the others as coordinating units"
            )
    else:
        draft.messages.append("no lead unit")
    coordinating: list[str] = []
    for name in lead_names[1:] + split_units(draft.coordinating):
        unit_id, warnings = registry.resolve(name)
        draft.messages.extend(warnings)
        if unit_id == lead:
            draft.messages.append(
                f"{name!r} is the lead unit; it is left out of the coordinating units"
            )
        elif unit_id in coordinating:
            draft.messages.append(f"{name!r} is listed twice as a coordinating unit")
        else:
            coordinating.append(unit_id)
    return lead, coordinating


def _task(
    draft: _Draft,
    registry: UnitRegistry,
    *,
    issued_on: dt.date | None,
    year: int | None,
    before: BeforePolicy,
) -> Task:
    lead, coordinating = _units_of(draft, registry)
    return Task(
        draft.id,
        draft.title,
        lead=lead,
        coordinating=coordinating,
        deadline=_read_deadline(draft, issued_on=issued_on, year=year, before=before),
        deliverable=draft.deliverable or None,
        section=draft.section,
        parent=draft.parent,
        note=draft.note or None,
    )


# -- the entry point ------------------------------------------------------------------


def _no_table(path: Path, grids: list[Grid], columns: Mapping[str, str | int] | None) -> str:
    if not grids:
        return f"{path}: has no table to import"
    where = "; ".join(f"{grid.source}: {describe_headers(grid)}" for grid in grids)
    named = (
        f"the columns given ({', '.join(f'{k}={v!r}' for k, v in columns.items())}) were not "
        "found either; "
        if columns
        else ""
    )
    return (
        f"{path}: no assignment table found: no header row with a task column in the "
        f"first rows ({where}); {named}expected a task column headed one of "
        f"{expected_headers('title')} (with other columns such as "
        f"{expected_headers('lead')}); name the task column with columns={{'title': "
        "HEADER or column letter}} (command line: --column title=HEADER)"
    )


def _above_header(grid: Grid, header: Header) -> list[str]:
    lines: list[str] = []
    for index in range(header.rows[0] if header.rows else 0):
        for cell in dict.fromkeys(c for c in grid.rows[index] if c.text):
            lines.extend(cell.text.split("\n"))
    return lines


def _default_title(lines: list[str]) -> str | None:
    for line in lines:
        if len(line) > 20 and not line.startswith("("):
            return line
    return None


def import_table(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | int] | None = None,
    issued_on: dt.date | None = None,
    year: int | None = None,
    plan_id: str | None = None,
    title: str | None = None,
    sheet: str | None = None,
    table_index: int | None = None,
    encoding: str | None = None,
    units: Iterable[Unit] = (),
    before: BeforePolicy | str = BeforePolicy.STRICT,
) -> ImportResult:
    """Import the assignment table in ``path`` (.xlsx, .csv or .docx) as a plan.

    ``columns`` names the columns when their headers are not the usual ones: field
    (``number``, ``title``, ``lead``, ``coordinating``, ``deadline``,
    ``deliverable``, ``note``) to header text, column letter or 1-based column
    number. ``issued_on`` (the plan's date) and ``year`` are passed to the deadline
    reader; without ``issued_on``, the date on the plan's place-and-date line is
    used when the file has one. ``sheet`` picks a worksheet, ``table_index`` a Word
    table (from 1), ``encoding`` a CSV encoding; by default the first sheet or table
    with a task column is read and the encoding is detected. ``units`` are units
    already known: a name in the table that is one of theirs gets its id.
    ``before`` is how the office reads "trước ngày D" (strict: D − 1, the legal
    reading; inclusive: D); it becomes the plan's policy.

    Raises :class:`~actionplan.errors.TableImportError` when the file cannot be read
    or has no table with a task column.

    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> csv_file = pathlib.Path(folder.name) / "plan.csv"
    >>> _ = csv_file.write_text(
    ...     "STT;Nội dung nhiệm vụ;Đơn vị chủ trì;Thời hạn\\n"
    ...     "I;Công tác tuyên truyền;;\\n"
    ...     "1;Tuyên truyền Nghị quyết;Chi bộ 1;Quý III/2024\\n", encoding="utf-8")
    >>> result = import_table(csv_file)
    >>> [(r.row, r.outcome.value, r.task) for r in result.rows]
    [(1, 'header', None), (2, 'section', None), (3, 'task', 't1')]
    >>> task = result.plan.tasks[0]
    >>> task.lead, task.section, task.deadline.text
    ('chi-bo-1', 's1', 'Quý III/2024')
    >>> folder.cleanup()
    """
    source = Path(os.fspath(path))
    grids = read_grids(source, sheet=sheet, table_index=table_index, encoding=encoding)
    found = next(
        ((grid, header) for grid in grids if (header := find_header(grid, columns)) is not None),
        None,
    )
    if found is None:
        raise TableImportError(_no_table(source, grids, columns))
    grid, header = found
    reader = _Reader(grid, header)
    reader.read()
    _assign_ids(reader.drafts)

    above = _above_header(grid, header)
    info = _document_info([*grid.preamble, *above])
    plan_date = issued_on or info.issued_on
    registry = UnitRegistry(units)
    policy = PlanPolicy(before=before)
    tasks = [
        _task(d, registry, issued_on=plan_date, year=year, before=policy.before)
        for d in reader.drafts
    ]

    rows = []
    for record in reader.records:
        draft = record.draft
        messages = list(record.messages)
        if draft is not None and record.outcome is RowOutcome.TASK:
            messages.extend(draft.messages)
        rows.append(
            ImportRow(
                record.row,
                record.outcome,
                draft.id if draft is not None else None,
                messages,
                record.section,
            )
        )

    subject = title or info.subject or _default_title(above) or source.stem
    document = None
    if info.ref is not None or plan_date is not None:
        document = Document(
            info.ref.kind if info.ref is not None else DocumentKind.PLAN,
            ref=info.ref,
            issued_on=plan_date,
            subject=info.subject,
        )
    plan = ActionPlan(
        plan_id or slugify(source.stem, default="plan"),
        subject,
        document=document,
        policy=policy,
        units=(*registry.known, *registry.new),
        sections=reader.sections,
        tasks=tasks,
    )
    header_at = ", ".join(str(grid.numbers[i]) for i in header.rows) or "none"
    notes = [
        f"table read from {grid.source}; header row {header_at}",
        *header.notes,
        *info.notes,
    ]
    return ImportResult(plan, rows, grid.source, notes)
