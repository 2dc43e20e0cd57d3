"""The rows of a status report kept as columns, made into :class:`StatusRow` objects
only when they are asked for.

The status engine decides a status for every task, and for every occurrence of a
recurring task, in one loop. Making an object per row there would cost more than
deciding the status (a frozen ``attrs`` instance takes longer to build than the whole
decision), and the counts and rates do not need the objects. So the engine appends
to a few lists (the plan evaluation, the task, the status and the due date of each
row) and a :class:`RowTable` keeps them: the summaries read the columns, and the
rows are made, once and all together, the first time anything reads them as
:class:`StatusRow` objects.

A :class:`RowTable` is an immutable :class:`~collections.abc.Sequence`, equal to
the tuple of its rows.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar, final, overload

from actionplan._bulk import gc_paused
from actionplan.model import ProgressUpdate, Task
from actionplan.status._rows import Occurrence, PlanEvaluation, StatusRow
from actionplan.status._statuses import TaskStatus

T = TypeVar("T")

Slot = tuple[dt.date | None, ProgressUpdate | None]
"""An occurrence's completion date and the latest update in its slot."""


@final
class Columns:
    """The columns the engine fills, one entry per row: the plan evaluation, the
    task, the status and the due date; ``slots`` holds, by row number, the
    completion date and latest update of the rows that are occurrences of a
    recurring task."""

    __slots__ = ("dues", "evaluations", "slots", "statuses", "tasks")

    def __init__(self) -> None:
        self.evaluations: list[PlanEvaluation] = []
        self.tasks: list[Task] = []
        self.statuses: list[TaskStatus] = []
        self.dues: list[dt.date | None] = []
        self.slots: dict[int, Slot] = {}

    def __len__(self) -> int:
        return len(self.statuses)

    def rows(self) -> tuple[StatusRow, ...]:
        """Every row as an object."""
        dues = self.dues
        occurrences: list[Occurrence | None] = [None] * len(dues)
        with gc_paused():  # many objects at once (see actionplan._bulk)
            for i, (done_on, last) in self.slots.items():
                due = dues[i]
                if due is not None:
                    occurrences[i] = Occurrence(due, done_on, last)
            return tuple(
                map(StatusRow, self.evaluations, self.tasks, self.statuses, dues, occurrences)
            )


@final
class RowTable(Sequence[StatusRow]):
    """Rows of a status report: all of the ``columns`` or, with ``indices``, the
    rows at those positions (a group of a summary). Made into objects on first
    access, once for the table and every view of it."""

    __slots__ = ("_cache", "_columns", "_indices", "_own")

    def __init__(self, columns: Columns, indices: Sequence[int] | None = None) -> None:
        self._columns = columns
        self._indices = indices
        # One list shared by a table and its views: [the rows as objects] once made.
        self._cache: list[tuple[StatusRow, ...]] = []
        self._own: tuple[StatusRow, ...] | None = None  # a view's own rows, once made

    @classmethod
    def of(cls, rows: Iterable[StatusRow]) -> RowTable:
        """A table of rows already made (kept as they are, and read as columns)."""
        if isinstance(rows, RowTable):
            return rows
        kept = tuple(rows)
        columns = Columns()
        columns.evaluations = [row.evaluation for row in kept]
        columns.tasks = [row.task for row in kept]
        columns.statuses = [row.status for row in kept]
        columns.dues = [row.due for row in kept]
        columns.slots = {
            i: (row.occurrence.done_on, row.occurrence.last_update)
            for i, row in enumerate(kept)
            if row.occurrence is not None
        }
        table = cls(columns)
        table._cache.append(kept)
        return table

    def _pick(self, column: list[T]) -> Sequence[T]:
        indices = self._indices
        if indices is None:
            return column
        if len(indices) < 2:  # itemgetter gives a tuple for two or more
            return [column[i] for i in indices]
        picked: tuple[T, ...] = operator.itemgetter(*indices)(column)  # in C
        return picked

    # The columns of this table's rows (read-only: for a whole table, the very lists
    # the engine filled).

    def evaluations(self) -> Sequence[PlanEvaluation]:
        """The plan evaluation of each row."""
        return self._pick(self._columns.evaluations)

    def tasks(self) -> Sequence[Task]:
        """The task of each row."""
        return self._pick(self._columns.tasks)

    def statuses(self) -> Sequence[TaskStatus]:
        """The status of each row."""
        return self._pick(self._columns.statuses)

    def dues(self) -> Sequence[dt.date | None]:
        """The due date of each row."""
        return self._pick(self._columns.dues)

    def view(self, positions: Sequence[int]) -> RowTable:
        """The rows at ``positions`` of this table (increasing, without repeats),
        sharing the objects once made."""
        if len(positions) == len(self):
            return self  # every row
        base = self._indices
        table = RowTable(self._columns, positions if base is None else [base[p] for p in positions])
        table._cache = self._cache
        return table

    def _all(self) -> tuple[StatusRow, ...]:
        cache = self._cache
        if not cache:
            cache.append(self._columns.rows())
        return cache[0]

    def _rows(self) -> tuple[StatusRow, ...]:
        if self._indices is None:
            return self._all()
        if self._own is None:
            rows = self._all()
            self._own = tuple(rows[i] for i in self._indices)
        return self._own

    def __len__(self) -> int:
        return len(self._columns) if self._indices is None else len(self._indices)

    @overload
    def __getitem__(self, index: int) -> StatusRow: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[StatusRow, ...]: ...
    def __getitem__(self, index: int | slice) -> StatusRow | tuple[StatusRow, ...]:
        return self._rows()[index]

    def __iter__(self) -> Iterator[StatusRow]:
        return iter(self._rows())

    def __reversed__(self) -> Iterator[StatusRow]:
        return reversed(self._rows())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowTable):
            return self._rows() == other._rows()
        if isinstance(other, tuple):
            return self._rows() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._rows())

    def __repr__(self) -> str:
        return f"RowTable({len(self)} rows)"


def as_table(rows: Iterable[StatusRow]) -> RowTable:
    """``rows`` as a :class:`RowTable` (the converter of the report's ``rows``)."""
    return RowTable.of(rows)
