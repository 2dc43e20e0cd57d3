"""Unit names in assignment tables: splitting lists, stable ids, near-duplicates.

A table names units in free text. The same name always gets the same id (a slug of
the name); names that differ only in case, diacritics or a letter or two are kept
apart — they may be different units — but reported, so a person can decide.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from actionplan.importers._text import fold, slugify
from actionplan.model import Unit, UnitKind

__all__ = ["UnitRegistry", "guess_kind", "split_units"]

NEAR_RATIO = 0.9
"""Two folded names more alike than this (difflib ratio) are reported as a possible
misspelling of one another."""

# Words a unit name starts with (folded). A list is split at " và " or " - " only when
# the text after it starts with one of these, so "Sở Khoa học và Công nghệ" and
# "Phòng Kế hoạch - Tài chính" stay whole.
_UNIT_WORDS = (
    "ban",
    "bao",
    "bi thu",
    "cac",
    "cap uy",
    "chi bo",
    "chi cuc",
    "chi doan",
    "cong doan",
    "cuc",
    "dai",
    "dang bo",
    "dang uy",
    "doan thanh nien",
    "doan tncs",
    "hoi",
    "mat tran",
    "nhung",
    "phong",
    "so",
    "thuong truc",
    "to",
    "trung tam",
    "truong",
    "ubnd",
    "uy ban",
    "van phong",
    "vien",
)
_UNIT_START = re.compile(r"^(?:" + "|".join(re.escape(w) for w in _UNIT_WORDS) + r")\b")
_LIST_SEPARATORS = re.compile(r"[,;\n]")
_SOFT_SEPARATORS = re.compile(r"\s+(?:và|-|–|—)\s+")
_BULLET = re.compile(r"^[-+•*–—]\s*")

_KINDS = (
    (("chi bo",), UnitKind.PARTY_CELL),
    (
        ("dang uy", "dang bo", "ban thuong vu", "ban chap hanh", "cap uy", "uy ban kiem tra"),
        UnitKind.PARTY_COMMITTEE,
    ),
    (("van phong", "phong", "ban"), UnitKind.DEPARTMENT),
    (("so", "ubnd", "uy ban", "trung tam", "chi cuc", "cuc", "vien"), UnitKind.AGENCY),
)


def _starts_unit(text: str) -> bool:
    return bool(_UNIT_START.match(fold(text)))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def split_units(text: str) -> list[str]:
    """The unit names listed in a cell, in order, without duplicates.

    Commas, semicolons and line breaks always separate; ``và`` and a dash between
    spaces separate only when a unit name follows (``Chi bộ 1 và Chi bộ 2``, not
    ``Sở Khoa học và Công nghệ``). Bullets are dropped, and a piece starting in
    lower case that is not a unit name joins the one before it (``Các cơ quan, đơn
    vị liên quan`` stays one).

    >>> split_units("Văn phòng Đảng ủy; các chi bộ\\n- Sở Khoa học và Công nghệ")
    ['Văn phòng Đảng ủy', 'Các chi bộ', 'Sở Khoa học và Công nghệ']
    >>> split_units("Các cơ quan, đơn vị liên quan")
    ['Các cơ quan, đơn vị liên quan']
    >>> split_units("Chi bộ 1 và Chi bộ 2 - Phòng Kế hoạch - Tài chính")
    ['Chi bộ 1', 'Chi bộ 2', 'Phòng Kế hoạch - Tài chính']
    """
    pieces: list[str] = []
    position = 0
    for match in _LIST_SEPARATORS.finditer(text + "\n"):
        piece = _BULLET.sub("", text[position : match.start()].strip()).strip(" .")
        separator = match.group()
        position = match.end()
        if not piece:
            continue
        if pieces and piece[0].islower() and not _starts_unit(piece):
            joiner = ", " if separator != ";" else "; "
            pieces[-1] = pieces[-1] + joiner + piece
            continue
        pieces.append(piece)
    names: list[str] = []
    for piece in pieces:
        for name in _split_soft(piece):
            name = _capitalise(name)
            if name not in names:
                names.append(name)
    return names


def _split_soft(piece: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SOFT_SEPARATORS.finditer(piece):
        rest = piece[match.end() :]
        if _starts_unit(rest) and piece[start : match.start()].strip():
            parts.append(piece[start : match.start()].strip())
            start = match.end()
    parts.append(piece[start:].strip())
    return [p for p in parts if p]


def guess_kind(name: str) -> UnitKind:
    """The kind of unit a name suggests.

    >>> guess_kind("Chi bộ Văn phòng Sở"), guess_kind("Văn phòng Đảng ủy")
    (<UnitKind.PARTY_CELL: 'party_cell'>, <UnitKind.DEPARTMENT: 'department'>)
    """
    folded = fold(name)
    for prefixes, kind in _KINDS:
        if any(re.match(re.escape(p) + r"\b", folded) for p in prefixes):
            return kind
    return UnitKind.OTHER


def _near(a: str, b: str) -> bool:
    """Whether two names look like spellings of one name (numbers must agree)."""
    fa, fb = fold(a), fold(b)
    if re.findall(r"\d+", fa) != re.findall(r"\d+", fb):
        return False
    return difflib.SequenceMatcher(None, fa, fb).ratio() > NEAR_RATIO


class UnitRegistry:
    """Gives every unit name met in a table an id, reusing the known units.

    >>> reg = UnitRegistry([Unit("cb1", "Chi bộ 1")])
    >>> reg.resolve("Chi bộ 1")
    ('cb1', [])
    >>> reg.resolve("Văn phòng Đảng ủy")
    ('van-phong-dang-uy', [])
    >>> unit_id, warnings = reg.resolve("Chi Bộ 1")
    >>> unit_id
    'chi-bo-1'
    >>> print(warnings[0].split(";")[0])
    unit 'Chi Bộ 1' looks like 'Chi bộ 1' (cb1) but is spelled differently
    """

    def __init__(self, known: Iterable[Unit] = ()) -> None:
        self._known: tuple[Unit, ...] = tuple(known)
        self._new: list[Unit] = []
        self._by_name: dict[str, str] = {}
        self._ids: set[str] = set()
        for unit in self._known:
            self._by_name.setdefault(unit.name, unit.id)
            self._by_name.setdefault(unit.id, unit.id)
            self._ids.add(unit.id)

    @property
    def known(self) -> tuple[Unit, ...]:
        """The units given at the start."""
        return self._known

    @property
    def new(self) -> tuple[Unit, ...]:
        """The units first met in the table, in order of appearance."""
        return tuple(self._new)

    def _names(self) -> Sequence[tuple[str, str]]:
        return [(u.name, u.id) for u in self._known] + [(u.name, u.id) for u in self._new]

    def resolve(self, name: str) -> tuple[str, list[str]]:
        """The id for ``name`` and any warnings (a new unit that looks like another)."""
        name = " ".join(name.split())
        if name in self._by_name:
            return self._by_name[name], []
        base = slugify(name, default="unit")
        unit_id, n = base, 1
        while unit_id in self._ids:
            n += 1
            unit_id = f"{base}-{n}"
        warnings = [
            f"unit {name!r} looks like {other!r} ({other_id}) but is spelled differently; "
            f"imported as a separate unit {unit_id!r}; if they are one unit, use one "
            "spelling in the table"
            for other, other_id in self._names()
            if _near(name, other)
        ]
        self._ids.add(unit_id)
        self._by_name[name] = unit_id
        self._new.append(Unit(unit_id, name, kind=guess_kind(name)))
        return unit_id, warnings
