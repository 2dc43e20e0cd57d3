"""Problems found while reading a plan file, before they are given a line and column.

An :class:`Issue` is a :class:`~actionplan.errors.Problem` whose place is still a
tuple of path segments (``("tasks", 3, "lead")``); the loader turns it into a
``Problem`` once it knows where that path sits in the file. Paths are written
``tasks[3].lead`` (indices count from 0), keys that are not plain names in quotes:
``plan.events["Đại hội"]``.

>>> format_path(("tasks", 3, "lead"))
'tasks[3].lead'
>>> parse_path('plan.events["Đại hội"]')
('plan', 'events', 'Đại hội')
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import attrs

from actionplan.errors import Problem, Severity

__all__ = [
    "FieldError",
    "Issue",
    "Segments",
    "describe",
    "format_path",
    "known_list",
    "nearest",
    "parse_path",
    "suggest",
]

Segments: TypeAlias = tuple[str | int, ...]
"""A path inside a plan document: keys and list indices."""

_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_]*")
_SEGMENT = re.compile(r'\.?([A-Za-z_$][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def format_path(segments: Iterable[str | int]) -> str:
    """Write a path the way problems show it: ``tasks[3].updates[0].date``."""
    out: list[str] = []
    for seg in segments:
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        elif _NAME.fullmatch(seg):
            out.append(f".{seg}" if out else seg)
        else:
            out.append(f"[{json.dumps(seg, ensure_ascii=False)}]")
    return "".join(out)


def parse_path(path: str) -> Segments:
    """Read back a path written by :func:`format_path` (``""`` is the whole document)."""
    segments: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _SEGMENT.match(path, pos)
        if m is None:
            raise ValueError(f"not a field path: {path!r} (at {pos})")
        name, index, quoted = m.groups()
        if name is not None:
            segments.append(name)
        elif index is not None:
            segments.append(int(index))
        else:
            segments.append(json.loads(quoted))
        pos = m.end()
    return tuple(segments)


def describe(value: Any) -> str:
    """A short description of a value found in a file, for messages.

    >>> describe("cb4"), describe(True), describe([1]), describe(None), describe(12)
    ("'cb4'", 'true', 'a list', 'nothing (null)', '12')
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = str(value)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(int(value))
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known word closest to ``word`` (difflib), or ``None`` when none is close.

    >>> nearest("dealine", ["deadline", "lead", "title"])
    'deadline'
    """
    choices = [k for k in known if isinstance(k, str)]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:
        folded = {k.casefold(): k for k in choices}
        found = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
        return folded[found[0]] if found else None
    return found[0]


def known_list(known: Sequence[str], limit: int = 12) -> str:
    """``'a, b, c'``, shortened with ``…`` after ``limit`` items."""
    shown = ", ".join(known[:limit])
    return shown + (f" … ({len(known)} in all)" if len(known) > limit else "")


def suggest(word: str, known: Sequence[str], what: str) -> str:
    """A hint naming the nearest known word and listing the known ones.

    >>> suggest("cb4", ["cb1", "vp", "btv"], "units")
    "did you mean 'cb1'? known units: cb1, vp, btv"
    """
    if not known:
        return f"no {what} are defined"
    close = nearest(word, known)
    listing = f"known {what}: {known_list(list(known))}"
    return f"did you mean {close!r}? {listing}" if close else listing


class FieldError(ValueError):
    """A value in a file has the wrong type or form (raised inside the converter).

    ``found``, ``expected`` and ``hint`` end up in the :class:`Problem`.
    """

    def __init__(
        self,
        message: str,
        *,
        found: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.found = found
        self.expected = expected
        self.hint = hint
        super().__init__(message)


@attrs.frozen
class Issue:
    """A problem whose place is a path in the document, not yet a line and column.

    ``at_key`` places it on the key itself (an unknown key) rather than its value.
    """

    segments: Segments
    message: str
    found: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR
    at_key: bool = False

    @property
    def path(self) -> str:
        """The path as problems write it."""
        return format_path(self.segments)

    def problem(
        self, file: str | None = None, line: int | None = None, column: int | None = None
    ) -> Problem:
        """The located :class:`Problem`."""
        return Problem(
            self.message,
            path=self.path,
            file=file,
            line=line,
            column=column,
            found=self.found,
            expected=self.expected,
            hint=self.hint,
            severity=self.severity,
        )

    def moved(self, segments: Segments) -> Issue:
        """The same issue at another path."""
        return attrs.evolve(self, segments=segments)

    @classmethod
    def from_problem(cls, problem: Problem) -> Issue:
        """The issue behind a :class:`Problem` (its path read back)."""
        return cls(
            parse_path(problem.path),
            problem.message,
            found=problem.found,
            expected=problem.expected,
            hint=problem.hint,
            severity=problem.severity,
        )
