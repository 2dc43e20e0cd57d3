"""The plan-wide check: what no single object can see on its own.

Each model object guards its own invariants when it is made (a percent of 0–100, a
lead unit that does not also coordinate …). :func:`check_plan` looks across the plan
and reports every problem at once, each with the field path of the file:

errors
    duplicate ids (tasks, units, sections, targets); unknown units (a task's lead or
    coordinating units, a unit's parent, a target's lead) with the nearest known id;
    unknown tasks (``parent``, ``depends_on``, a deadline counted from another task);
    cycles of dependencies or of parents (tasks and units), with the cycle's path;
    an unknown section; an update after a one-off task was reported done
    (recurring and ongoing tasks are reported every cycle); an extension
    dated before the plan's date of issue; an unknown time zone; a calendar day
    given both as a working day and as a day off; a date received before the date
    of issue.
warnings
    a deadline that falls before the plan's date of issue; an event deadline whose
    event has no date in the plan; a deadline counted from the date the plan was
    received when the plan does not give that date (it is counted from the date of
    issue instead); a reporter (``by``) that looks like a mistyped unit id; unit
    references left unchecked because the plan lists no units; task ids that
    differ only in case (their calendar files would collide on Windows and macOS).

>>> from actionplan.model import ActionPlan, Task, Unit
>>> plan = ActionPlan("kh45", "Kế hoạch", units=[Unit("cb1", "Chi bộ 1")],
...                   tasks=[Task("t1", "Báo cáo", lead="cb2")])
>>> for problem in check_plan(plan):
...     print(problem)
<plan>: error: tasks[0].lead: unknown unit 'cb2'; did you mean 'cb1'? known units: cb1
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence

from actionplan.deadlines import (
    Deadline,
    DeadlineContext,
    EventDeadline,
    RelativeDeadline,
    due_date,
)
from actionplan.errors import Problem, Severity
from actionplan.files._issues import Issue, Segments, nearest, suggest
from actionplan.model import ActionPlan, ProgressState, Task
from actionplan.schedule import deadline_context
from actionplan.workdays import default_calendar

__all__ = ["check_plan", "collect_issues"]

_WARNING = Severity.WARNING


def check_plan(plan: ActionPlan) -> list[Problem]:
    """Check a plan as a whole; every problem found, errors and warnings.

    Problems carry the field path of the plan file (``tasks[3].lead``) but no file,
    line or column; :func:`~actionplan.files.load_plan` runs this check and places
    each problem in the file.
    """
    return [issue.problem() for issue in collect_issues(plan)]


def collect_issues(
    plan: ActionPlan, *, unread: Mapping[str, Iterable[str]] | None = None
) -> list[Issue]:
    """The issues of :func:`check_plan`, with their paths as segments.

    ``unread`` gives, per list (``"tasks"``, ``"units"`` …), the ids of items that
    were in the file but could not be read: references to them are not reported.
    """
    return _Checker(plan, unread or {}).run()


def _simple_upper(text: str) -> str:
    """``text`` in capitals, one letter for one, as case-insensitive file systems
    compare names ("ß" stays "ß": "STRASSE" and "straße" are two names there)."""
    return "".join(upper if len(upper := char.upper()) == 1 else char for char in text)


def _cycle_text(cycle: Sequence[str]) -> str:
    return " → ".join(f"{i!r}" for i in (*cycle, cycle[0]))


class _Checker:
    def __init__(self, plan: ActionPlan, unread: Mapping[str, Iterable[str]]) -> None:
        self.plan = plan
        self.issues: list[Issue] = []
        self.unit_ids = [u.id for u in plan.units]
        self.task_ids = [t.id for t in plan.tasks]
        self.section_ids = [s.id for s in plan.sections]
        self.known_units = set(self.unit_ids) | set(unread.get("units", ()))
        self.known_tasks = set(self.task_ids) | set(unread.get("tasks", ()))
        self.known_sections = set(self.section_ids) | set(unread.get("sections", ()))

    def add(
        self,
        segments: Segments,
        message: str,
        *,
        found: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.issues.append(Issue(segments, message, found, expected, hint, severity))

    def run(self) -> list[Issue]:
        self.duplicates()
        self.header()
        self.units()
        self.targets()
        for index, task in enumerate(self.plan.tasks):
            self.task(index, task)
        self.cycles()
        return self.issues

    # -- ids ---------------------------------------------------------------------
    def duplicates(self) -> None:
        lists: tuple[tuple[str, str, Sequence[object]], ...] = (
            ("units", "unit", self.plan.units),
            ("sections", "section", self.plan.sections),
            ("targets", "target", self.plan.targets),
            ("tasks", "task", self.plan.tasks),
        )
        for key, what, items in lists:
            seen: dict[str, int] = {}
            for index, item in enumerate(items):
                ident: str = item.id  # type: ignore[attr-defined]
                if ident in seen:
                    self.add(
                        (key, index, "id"),
                        f"duplicate {what} id {ident!r}",
                        hint=f"an earlier {what} has the same id; ids must be unique",
                    )
                else:
                    seen[ident] = index
        folded: dict[str, str] = {}
        for index, task in enumerate(self.plan.tasks):
            earlier = folded.setdefault(_simple_upper(task.id), task.id)
            if earlier != task.id:
                self.add(
                    ("tasks", index, "id"),
                    f"task id {task.id!r} differs from the earlier {earlier!r} only in case",
                    hint="their calendar objects are files named after the ids, and Windows "
                    "and macOS disks take the two names for one file; rename one of them",
                    severity=_WARNING,
                )

    # -- the plan's own document ---------------------------------------------------
    def header(self) -> None:
        zone = self.plan.timezone
        if not _zone_exists(zone):
            close = nearest(zone, sorted(zoneinfo.available_timezones()))
            self.add(
                ("plan", "timezone"),
                f"unknown time zone {zone!r}",
                expected="an IANA time zone such as Asia/Ho_Chi_Minh",
                hint=f"did you mean {close!r}?" if close else None,
            )
        working: dict[dt.date, bool] = {}
        for index, change in enumerate(self.plan.calendar_changes):
            earlier = working.get(change.date)
            if earlier is not None and earlier != change.working:
                self.add(
                    ("plan", "calendar", index, "date"),
                    f"{change.date.isoformat()} is given both as a working day and as a day off",
                    hint="keep one of the two",
                )
            working[change.date] = change.working
        issued, received = self.plan.issued_on, self.plan.received_on
        if issued is not None and received is not None and received < issued:
            self.add(
                ("plan", "received_on"),
                f"the plan is received on {received.isoformat()}, before its date of issue "
                f"({issued.isoformat()})",
                hint="check the year, or swap the two dates",
            )

    # -- units and targets -----------------------------------------------------------
    def unit_ref(self, segments: Segments, unit_id: str | None) -> None:
        if unit_id is None or not self.known_units or unit_id in self.known_units:
            return
        self.add(
            segments,
            f"unknown unit {unit_id!r}",
            hint=suggest(unit_id, self.unit_ids, "units"),
        )

    def reporter(self, segments: Segments, reporter: str | None) -> None:
        """A reporter that is no unit but looks like a mistyped unit id: a warning."""
        if reporter is None or reporter in self.known_units or any(c.isspace() for c in reporter):
            return
        close = nearest(reporter, self.unit_ids)
        if close is not None:
            self.add(
                segments,
                f"{reporter!r} is not a unit of the plan",
                hint=f"did you mean the unit {close!r}? (ignore this if it names a person)",
                severity=_WARNING,
            )

    def units(self) -> None:
        for index, unit in enumerate(self.plan.units):
            self.unit_ref(("units", index, "parent"), unit.parent)

    def targets(self) -> None:
        for index, target in enumerate(self.plan.targets):
            self.unit_ref(("targets", index, "lead"), target.lead)
            for r_index, report in enumerate(target.reports):
                self.reporter(("targets", index, "reports", r_index, "by"), report.reported_by)

    # -- tasks ---------------------------------------------------------------------
    def task(self, index: int, task: Task) -> None:
        at: Segments = ("tasks", index)
        if (
            not self.known_units
            and (task.lead or task.coordinating)
            and index == self.first_assigned
        ):
            self.add(
                ("units",),
                "the plan lists no units, so lead and coordinating units are not checked",
                hint="list the units under 'units:' (id and name) to have them checked",
                severity=_WARNING,
            )
        self.unit_ref((*at, "lead"), task.lead)
        for c_index, unit_id in enumerate(task.coordinating):
            self.unit_ref((*at, "coordinating", c_index), unit_id)
        if task.section is not None and task.section not in self.known_sections:
            self.add(
                (*at, "section"),
                f"unknown section {task.section!r}",
                hint=suggest(task.section, self.section_ids, "sections"),
            )
        self.task_ref((*at, "parent"), task.parent)
        for d_index, other in enumerate(task.depends_on):
            self.task_ref((*at, "depends_on", d_index), other)
        self.deadline((*at, "deadline"), task.deadline)
        self.updates(at, task)
        issued = self.plan.issued_on
        for e_index, extension in enumerate(task.extensions):
            where: Segments = (*at, "extensions", e_index)
            if issued is not None and extension.date < issued:
                self.add(
                    (*where, "date"),
                    f"the extension is dated {extension.date.isoformat()}, before the plan's "
                    f"date of issue ({issued.isoformat()})",
                    hint="check the year of the extension's date",
                )
            self.deadline((*where, "to"), extension.deadline)

    @functools.cached_property
    def first_assigned(self) -> int:
        return next((i for i, t in enumerate(self.plan.tasks) if t.lead or t.coordinating), -1)

    def task_ref(self, segments: Segments, task_id: str | None) -> None:
        if task_id is None or task_id in self.known_tasks:
            return
        self.add(
            segments,
            f"unknown task {task_id!r}",
            hint=suggest(task_id, self.task_ids, "tasks"),
        )

    def updates(self, at: Segments, task: Task) -> None:
        done: dt.date | None = None
        final = not task.repeats  # a recurring or ongoing task is reported every cycle
        for u_index, update in enumerate(task.updates):
            where: Segments = (*at, "updates", u_index)
            if done is not None and final:
                self.add(
                    where,
                    f"an update ({update.state.value}, {update.date.isoformat()}) after the "
                    f"task was reported done on {done.isoformat()}",
                    hint="a done task takes no later updates: remove this one, or the done "
                    "update if the work went on",
                )
            elif update.state is ProgressState.DONE:
                done = update.date
            self.reporter((*where, "by"), update.reported_by)

    @functools.cached_property
    def context(self) -> DeadlineContext:
        # Calendar changes that clash (reported by header()) make no calendar: the
        # deadlines are then resolved with the default one.
        clash = any(i.segments[:2] == ("plan", "calendar") for i in self.issues)
        return deadline_context(self.plan, default_calendar() if clash else None)

    def deadline(self, segments: Segments, deadline: Deadline | None) -> None:
        if deadline is None:
            return
        if isinstance(deadline, RelativeDeadline) and deadline.anchor == "task":
            self.task_ref((*segments, "after", "task"), deadline.anchor_task)
            return
        if (
            isinstance(deadline, RelativeDeadline)
            and deadline.anchor == "received"
            and self.plan.received_on is None
        ):
            self.unknown_receipt(segments, deadline)
        if isinstance(deadline, EventDeadline):
            key = deadline.event
            keys = (key, f"{key}/{deadline.year}") if deadline.year is not None else (key,)
            if key != "tet" and not any(k in self.plan.events for k in keys):
                self.add(
                    segments,
                    f"the event {key!r} has no date in the plan",
                    hint=f"give it one under plan.events, e.g. {key}: 2025-10-15",
                    severity=_WARNING,
                )
                return
        issued = self.plan.issued_on
        if issued is None:
            return
        due = due_date(deadline, self.context)
        if due is not None and due < issued:
            text = f" ({deadline.text!r})" if deadline.text else ""
            self.add(
                segments,
                f"the deadline{text} falls on {due.isoformat()}, before the plan's date of "
                f"issue ({issued.isoformat()})",
                hint="check the year",
                severity=_WARNING,
            )

    def unknown_receipt(self, segments: Segments, deadline: RelativeDeadline) -> None:
        """A deadline counted from the date received, which the plan does not give:
        the assumption made (the date of issue instead) is noted as a warning."""
        text = f" ({deadline.text!r})" if deadline.text else ""
        issued = self.plan.issued_on
        if issued is not None:
            message = (
                f"the deadline{text} counts from the date the plan was received, which the "
                f"plan does not give: it is counted from the date of issue "
                f"({issued.isoformat()}) instead"
            )
        else:
            message = (
                f"the deadline{text} counts from the date the plan was received, which the "
                "plan does not give (nor its date of issue): it has no date"
            )
        self.add(
            segments,
            message,
            hint="give the date the plan was received as plan.received_on, e.g. "
            "received_on: 2024-08-09",
            severity=_WARNING,
        )

    # -- cycles --------------------------------------------------------------------
    def cycles(self) -> None:
        tasks = self.plan.tasks
        index_of = {t.id: i for i, t in reversed(list(enumerate(tasks)))}
        depends = {t.id: [d for d in t.depends_on if d in index_of] for t in tasks}
        for cycle in _find_cycles(depends):
            self.add(
                ("tasks", index_of[cycle[0]], "depends_on"),
                f"dependency cycle: {_cycle_text(cycle)}",
                hint="a task cannot wait, directly or not, for itself: remove one of these "
                "dependencies",
            )
        parents = {t.id: [t.parent] if t.parent in index_of else [] for t in tasks}
        for cycle in _find_cycles(parents):
            self.add(
                ("tasks", index_of[cycle[0]], "parent"),
                f"parent cycle: {_cycle_text(cycle)}",
                hint="a task cannot be inside itself: remove one of these parents",
            )
        units = {u.id: i for i, u in reversed(list(enumerate(self.plan.units)))}
        unit_parents = {u.id: [u.parent] if u.parent in units else [] for u in self.plan.units}
        for cycle in _find_cycles(unit_parents):
            self.add(
                ("units", units[cycle[0]], "parent"),
                f"parent cycle: {_cycle_text(cycle)}",
                hint="a unit cannot be inside itself: remove one of these parents",
            )


@functools.lru_cache(maxsize=64)
def _zone_exists(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each cycle of a directed graph once, found by an iterative depth-first search.

    >>> _find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": []})
    [['a', 'b', 'c'], ['d']]
    """
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    cycles: list[list[str]] = []
    for root in graph:
        if colour[root] != white:
            continue
        path: list[str] = [root]
        stack = [iter(graph[root])]
        colour[root] = grey
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                colour[path.pop()] = black
            elif colour.get(node, black) == grey:
                cycles.append(path[path.index(node) :])
            elif colour.get(node) == white:
                colour[node] = grey
                path.append(node)
                stack.append(iter(graph[node]))
    return cycles
