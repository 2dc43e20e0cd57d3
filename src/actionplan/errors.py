"""Every error actionplan raises on purpose.

All of them derive from one root, :class:`ActionPlanError`, so a caller can catch
everything the library means to raise with one ``except``. Each subclass also
inherits the builtin it refines, so ``except ValueError`` keeps working::

    ActionPlanError
    ├── ValidationError (ValueError)        an object breaks a model invariant
    ├── ParseError (ValueError)             a piece of text is not what was expected
    │   ├── DeadlineParseError              a deadline phrase cannot be read
    │   ├── DocumentRefError                a document number and symbol is malformed
    │   └── PeriodParseError                a reporting period cannot be read
    ├── CalendarDataError (ValueError)      working-day data is inconsistent
    ├── PlanFileError (ValueError)          a plan file is unreadable or invalid
    │   ├── PlanSyntaxError                 not well-formed YAML / TOML / JSON / UTF-8
    │   └── PlanContentError                well-formed, but the plan is invalid
    ├── UnknownTaskError (KeyError)         a task id that the plan does not have
    ├── ConcurrentUpdateError (RuntimeError) the file changed since it was read
    ├── TableImportError (ValueError)       an assignment table cannot be imported
    ├── ReportError (ValueError)            a report cannot be rendered as asked
    ├── CalendarFileError (ValueError)      an .ics file cannot be read back
    └── SyncError (RuntimeError)            a CalDAV exchange failed

Messages say where the problem is (file, line, column, field path), what was found,
what was expected and, where possible, how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

import attrs

__all__ = [
    "ActionPlanError",
    "CalendarDataError",
    "CalendarFileError",
    "ConcurrentUpdateError",
    "DeadlineParseError",
    "DocumentRefError",
    "ParseError",
    "PeriodParseError",
    "PlanContentError",
    "PlanFileError",
    "PlanSyntaxError",
    "Problem",
    "ReportError",
    "Severity",
    "SyncError",
    "TableImportError",
    "UnknownTaskError",
    "ValidationError",
]


class ActionPlanError(Exception):
    """The root of every error actionplan raises on purpose."""


class ValidationError(ActionPlanError, ValueError):
    """An object breaks an invariant of the model.

    ``obj`` names the object (``"Task 't3'"``), ``field`` the offending attribute.
    """

    def __init__(self, obj: str, field: str, message: str) -> None:
        self.obj = obj
        self.field = field
        self.message = message
        super().__init__(f"{obj}: {field}: {message}")


class ParseError(ActionPlanError, ValueError):
    """A piece of text is not in any form actionplan understands.

    ``text`` is the text as given; ``expected`` lists the forms that are understood.
    """

    def __init__(self, message: str, *, text: str = "", expected: Sequence[str] = ()) -> None:
        self.text = text
        self.expected = tuple(expected)
        self.message = message
        full = message
        if self.expected:
            full += "; understood forms: " + "; ".join(self.expected)
        super().__init__(full)


class DeadlineParseError(ParseError):
    """A deadline phrase cannot be read."""


class DocumentRefError(ParseError):
    """A document number and symbol is malformed."""


class PeriodParseError(ParseError):
    """A reporting period cannot be read."""


class CalendarDataError(ActionPlanError, ValueError):
    """Working-day data is inconsistent (e.g. a day both off and worked)."""


class Severity(StrEnum):
    """How serious a :class:`Problem` is."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Problem:
    """One located problem found in a plan file, table or plan.

    ``path`` is the field path inside the document (``tasks[3].lead``); ``line`` and
    ``column`` are 1-based where known.
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    found: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file or "<plan>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity.value}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.found is not None:
            text += f" (found {self.found}"
            text += f", expected {self.expected})" if self.expected is not None else ")"
        elif self.expected is not None:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f"; {self.hint}"
        return text


class PlanFileError(ActionPlanError, ValueError):
    """A plan file is unreadable or invalid; ``problems`` holds every problem found."""

    def __init__(self, problems: Iterable[Problem], *, file: str | None = None) -> None:
        self.problems = tuple(problems)
        self.file = file
        lines = [str(p) for p in self.problems] or [f"{file or '<plan>'}: invalid plan"]
        head = lines[0] if len(lines) == 1 else f"{len(lines)} problems:\n  " + "\n  ".join(lines)
        super().__init__(head)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity error."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


class PlanSyntaxError(PlanFileError):
    """The file is not well-formed YAML, TOML, JSON or UTF-8."""


class PlanContentError(PlanFileError):
    """The file is well-formed but does not describe a valid plan."""


class UnknownTaskError(ActionPlanError, KeyError):
    """A task id that the plan does not have."""

    def __init__(self, task_id: str, known: Sequence[str] = (), *, hint: str | None = None) -> None:
        self.task_id = task_id
        self.known = tuple(known)
        msg = f"unknown task {task_id!r}"
        if hint:
            msg += f"; {hint}"
        elif self.known:
            shown = ", ".join(self.known[:10]) + (" …" if len(self.known) > 10 else "")
            msg += f"; known tasks: {shown}"
        self.message = msg
        super().__init__(msg)

    def __str__(self) -> str:
        return self.message


class ConcurrentUpdateError(ActionPlanError, RuntimeError):
    """The plan file changed on disk since it was read; nothing was written."""


class TableImportError(ActionPlanError, ValueError):
    """An assignment table cannot be imported (no table, no task column …)."""


class ReportError(ActionPlanError, ValueError):
    """A report cannot be rendered as asked (unknown format, bad template …)."""


class CalendarFileError(ActionPlanError, ValueError):
    """An .ics file or stream cannot be read back."""


class SyncError(ActionPlanError, RuntimeError):
    """A CalDAV exchange failed."""
