"""Tests for the reference example: examples/reference/ (plan, tables, table script)."""

from __future__ import annotations

import re
import runpy
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actionplan.deadlines import DeadlineContext, due_date
from actionplan.files import load_plan
from actionplan.importers import RowOutcome, import_table
from actionplan.model import ActionPlan, ProgressState, Task, UnitKind

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "reference"
PLAN = REFERENCE / "plan.yaml"
TABLES = ("assignment-table.xlsx", "ke-hoach-45.docx")


@pytest.fixture(scope="module")
def plan() -> ActionPlan:
    return load_plan(PLAN)


@pytest.fixture(scope="module")
def make_tables() -> Callable[[list[str]], int]:
    """The ``main`` of examples/reference/make_tables.py."""
    namespace: dict[str, Any] = runpy.run_path(str(REFERENCE / "make_tables.py"))
    main: Callable[[list[str]], int] = namespace["main"]
    return main


def assignment(task: Task, ctx: DeadlineContext) -> dict[str, Any]:
    """The fields of a task an assignment table carries (not its progress)."""
    deadline = task.deadline
    return {
        "id": task.id,
        "title": task.title,
        "lead": task.lead,
        "coordinating": task.coordinating,
        "deliverable": task.deliverable,
        "section": task.section,
        "deadline": deadline,
        "deadline_text": deadline.text if deadline is not None else None,
        "due": due_date(deadline, ctx),
    }


def test_reference_plan_is_the_scenario(plan: ActionPlan) -> None:
    """The plan is the Department's plan of 06/8/2024 for 2024-H2: 12–18 tasks,
    three party cells, targets, mixed deadline kinds and one approved extension."""
    assert plan.document is not None
    assert str(plan.document.ref) == "45-KH/ĐU"
    assert plan.issued_on is not None
    assert plan.issued_on.isoformat() == "2024-08-06"
    assert plan.period is not None
    assert plan.period.code == "2024-H2"
    assert 12 <= len(plan.tasks) <= 18
    assert sum(u.kind is UnitKind.PARTY_CELL for u in plan.units) == 3
    assert {t.indicator for t in plan.targets} >= {"Kết nạp đảng viên mới"}
    kinds = Counter(type(t.deadline).__name__ for t in plan.tasks)
    assert set(kinds) >= {
        "FixedDeadline",
        "PeriodEndDeadline",
        "RelativeDeadline",
        "RecurringDeadline",
        "OngoingDeadline",
        "EventDeadline",
    }
    extended = [t for t in plan.tasks if t.extensions]
    assert len(extended) == 1
    assert extended[0].extensions[0].approved_by is not None


def test_reference_plan_progress_covers_every_outcome(plan: ActionPlan) -> None:
    """Updates include done, in progress, not started and suspended tasks."""
    last = {t.id: t.updates[-1].state for t in plan.tasks if t.updates}
    assert set(last.values()) >= {
        ProgressState.DONE,
        ProgressState.IN_PROGRESS,
        ProgressState.NOT_STARTED,
        ProgressState.SUSPENDED,
    }


@pytest.mark.parametrize("table", TABLES)
def test_tables_import_to_the_plans_tasks(plan: ActionPlan, table: str) -> None:
    """Importing the office's Excel and Word tables gives the plan's tasks: titles,
    leads, coordinating units, deadlines (text and due date), deliverables and
    sections — everything a table carries."""
    result = import_table(REFERENCE / table, units=plan.units)
    ctx = DeadlineContext(issued_on=plan.issued_on)
    imported = result.plan
    assert [assignment(t, ctx) for t in imported.tasks] == [assignment(t, ctx) for t in plan.tasks]
    assert imported.sections == plan.sections
    assert imported.units == plan.units  # every name in the tables is a known unit
    assert imported.issued_on == plan.issued_on
    assert imported.document is not None
    assert plan.document is not None
    assert imported.document.ref == plan.document.ref


@pytest.mark.parametrize("table", TABLES)
def test_tables_import_without_warnings(plan: ActionPlan, table: str) -> None:
    """Every row of the reference tables is read cleanly: no unknown deadline, no
    missing lead, no near-duplicate unit name."""
    result = import_table(REFERENCE / table, units=plan.units)
    tasks = [r for r in result.rows if r.outcome is RowOutcome.TASK]
    assert len(tasks) == len(plan.tasks)
    problems = [
        m for m in result.messages if "not understood" in m or "no lead" in m or "looks like" in m
    ]
    assert problems == []


def test_committed_tables_match_plan(
    plan: ActionPlan, make_tables: Callable[[list[str]], int], tmp_path: Path
) -> None:
    """The committed tables are what make_tables.py writes from plan.yaml now (so
    they are not stale)."""
    assert make_tables([str(tmp_path)]) == 0
    for table in TABLES:
        fresh = import_table(tmp_path / table, units=plan.units)
        committed = import_table(REFERENCE / table, units=plan.units)
        assert fresh.plan == committed.plan
        assert fresh.rows == committed.rows


def test_make_tables_is_reproducible(
    make_tables: Callable[[list[str]], int], tmp_path: Path
) -> None:
    """Running the script twice writes the same bytes."""
    make_tables([str(tmp_path / "a")])
    make_tables([str(tmp_path / "b")])
    for table in TABLES:
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()


@pytest.mark.parametrize("table", TABLES)
def test_tables_carry_the_plan_date_not_the_clock(
    plan: ActionPlan, make_tables: Callable[[list[str]], int], tmp_path: Path, table: str
) -> None:
    """Every date in the written package (the created and modified properties, the
    zip entries' times) is the plan's date at 08:00, so the bytes do not depend on
    when or in which time zone the script runs."""
    make_tables([str(tmp_path)])
    assert plan.issued_on is not None
    stamp = f"{plan.issued_on.isoformat()}T08:00:00Z"
    with zipfile.ZipFile(tmp_path / table) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        times = {info.date_time for info in package.infolist()}
    found = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert sorted(found) == [("created", stamp), ("modified", stamp)]
    assert times == {(*plan.issued_on.timetuple()[:3], 8, 0, 0)}
