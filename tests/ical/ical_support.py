"""Shared plans and helpers for the calendar tests (a module of its own, not
conftest.py: several test folders have a conftest, and ``import conftest`` finds
whichever was loaded last)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from icalendar import Component

from actionplan.deadlines import (
    FixedDeadline,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
)
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    ProgressUpdate,
    Section,
    Task,
    Unit,
    UnitKind,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.status import StatusRow, TaskStatus, evaluate

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
CHECK_JS = ROOT / "tests" / "js" / "check.mjs"


def reference_plan() -> ActionPlan:
    """The project's reference scenario: the Party Committee of the Binh Duong
    Department of Science and Technology rolls out its key tasks for the last six
    months of 2024 (plan issued 06/8/2024), with every kind of deadline."""
    return ActionPlan(
        "kh45",
        "Kế hoạch thực hiện nhiệm vụ trọng tâm 6 tháng cuối năm 2024",
        document=Document(
            DocumentKind.PLAN,
            ref=DocumentRef.parse("45-KH/ĐU"),
            issuer="du",
            issued_on=D(2024, 8, 6),
            place="Bình Dương",
        ),
        objective="Nâng cao chất lượng công tác xây dựng Đảng; ứng dụng CNTT trong quản lý.",
        units=[
            Unit("du", "Đảng ủy Sở KH&CN", UnitKind.PARTY_COMMITTEE, email="dangu@example.gov.vn"),
            Unit("cb1", "Chi bộ Văn phòng", UnitKind.PARTY_CELL, parent="du"),
            Unit("cb2", "Chi bộ Phòng Quản lý khoa học", UnitKind.PARTY_CELL, parent="du"),
            Unit(
                "cb3", "Chi bộ Trung tâm Ứng dụng, Tiến bộ KH&CN", UnitKind.PARTY_CELL, parent="du"
            ),
        ],
        sections=[
            Section("II", "II. Nhiệm vụ, giải pháp"),
            Section("III", "III. Tổ chức thực hiện"),
        ],
        tasks=[
            Task(
                "1",
                "Tuyên truyền, quán triệt Nghị quyết; phổ biến đến 55 đảng viên",
                lead="cb1",
                coordinating=["cb2", "cb3"],
                section="II",
                key=True,
                priority="high",
                deadline=PeriodEndDeadline(ReportingPeriod.quarter(2024, 3), text="Quý III/2024"),
                deliverable="Báo cáo kết quả",
                updates=[
                    ProgressUpdate(D(2024, 8, 20), "in_progress", 40),
                    ProgressUpdate(D(2024, 9, 25), "done"),
                ],
            ),
            Task(
                "2",
                "Tham mưu chính sách hỗ trợ doanh nghiệp đổi mới công nghệ",
                lead="cb2",
                section="II",
                deadline=FixedDeadline(D(2024, 12, 15), before=True, text="trước ngày 15/12/2024"),
                updates=[ProgressUpdate(D(2024, 10, 1), "in_progress", 60, note="Đã có dự thảo")],
                extensions=[
                    Extension(
                        D(2024, 12, 1),
                        FixedDeadline(D(2025, 1, 31), text="chậm nhất ngày 31/01/2025"),
                        approved_by=DocumentRef.parse("12-CV/ĐU"),
                    )
                ],
            ),
            Task(
                "2.1",
                "Nộp dự thảo tờ trình",
                lead="cb2",
                parent="2",
                depends_on=["1"],
                deadline=FixedDeadline(
                    D(2024, 11, 25),
                    before=True,
                    time=dt.time(20),
                    text="trước 20h00 ngày 25/11/2024",
                ),
            ),
            Task(
                "3",
                "Báo cáo tình hình hoạt động hằng tháng",
                lead="cb3",
                section="III",
                deadline=RecurringDeadline(
                    "monthly", month_day=19, text="trước ngày 20 hằng tháng", until=D(2025, 6, 30)
                ),
            ),
            Task(
                "4",
                "Báo cáo quý (lùi sang ngày làm việc)",
                lead="cb1",
                section="III",
                deadline=RecurringDeadline(
                    "monthly", months=(3, 6, 9, 12), month_day=-1, roll=True, text="hằng quý"
                ),
            ),
            Task(
                "5",
                "Ứng dụng công nghệ thông tin trong quản lý",
                lead="du",
                deadline=OngoingDeadline(text="thường xuyên"),
                tags=["CNTT"],
            ),
            Task(
                "6",
                "Rà soát thủ tục hành chính",
                lead="cb2",
                priority="low",
                deadline=RelativeDeadline(10, working=True, text="10 ngày làm việc kể từ ngày ký"),
            ),
        ],
    )


def node_check(paths: list[Path], until: dt.date | None = None) -> list[dict[str, Any]]:
    """What Mozilla's ical.js reads from ``paths`` (tests/js/check.mjs), as JSON.

    Skips the test only when node itself is missing; a missing ical.js package
    fails it, saying how to install it.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; the ical.js checks need Node.js (CI installs it)")
    if not (ROOT / "node_modules" / "ical.js").is_dir():
        pytest.fail("ical.js is not installed: run `npm ci` in the repository root")
    args = [node, str(CHECK_JS)]
    if until is not None:
        args += ["--until", until.isoformat()]
    done = subprocess.run(
        [*args, *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"ical.js could not read the files:\n{done.stderr}"
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def todoman(tmp_path: Path, vdir: Path, *args: str) -> str:
    """Run todoman's ``todo`` on ``vdir`` with a throw-away configuration file (its
    format: a Python file of settings, https://todoman.readthedocs.io/en/stable/configure.html)
    and return what it prints."""
    config = tmp_path / "todoman.py"
    config.write_text(
        f"path = {str(vdir)!r}\n"
        f"cache_path = {str(tmp_path / 'cache.sqlite3')!r}\n"
        'date_format = "%Y-%m-%d"\n'
        'time_format = "%H:%M"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "TZ": "Asia/Ho_Chi_Minh", "XDG_CONFIG_HOME": str(tmp_path)}
    todo = Path(sys.executable).with_name("todo")
    command = [str(todo)] if todo.exists() else [sys.executable, "-m", "todoman"]
    done = subprocess.run(
        [*command, "--config", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def exdates(component: Component) -> set[dt.date]:
    """The dates a component's EXDATE properties leave out of its series."""
    value = component.get("EXDATE")
    if value is None:
        return set()
    found: set[dt.date] = set()
    for prop in value if isinstance(value, list) else [value]:
        for item in prop.dts:
            day = item.dt
            found.add(day.date() if isinstance(day, dt.datetime) else day)
    return found


def done_occurrences(plan: ActionPlan, task: Task, as_of: dt.date | None) -> set[dt.date]:
    """The occurrences of ``task`` the status engine judges done as of ``as_of``
    (everything recorded when ``None``), over the years 2024 to 2026."""
    cutoff = as_of or D(2026, 12, 31)
    done: set[dt.date] = set()
    for year in (2024, 2025, 2026):
        report = evaluate(plan, as_of=cutoff, period=ReportingPeriod.whole_year(year))
        done |= {
            row.due
            for row in report.rows
            if row.task.id == task.id and row.status.is_done and row.due is not None
        }
    return done


def replace_task(plan: ActionPlan, task_id: str, **changes: Any) -> ActionPlan:
    """``plan`` with the task ``task_id`` changed (``attrs.evolve`` of its fields)."""
    tasks = [attrs.evolve(t, **changes) if t.id == task_id else t for t in plan.tasks]
    return attrs.evolve(plan, tasks=tasks)


def engine_rows(plan: ActionPlan, as_of: dt.date | None) -> dict[tuple[str, dt.date], StatusRow]:
    """The status engine's rows of every occurrence due from 2024 to 2026, by task id
    and due date, judged as of ``as_of`` (everything recorded when ``None``), read
    with the public API: one evaluation per year, and the default one, which must
    agree wherever both judge an occurrence (its status does not depend on the
    window it is listed in)."""
    cutoff = as_of or D(2026, 12, 31)
    rows: dict[tuple[str, dt.date], StatusRow] = {}
    for year in (2024, 2025, 2026):
        report = evaluate(plan, as_of=cutoff, period=ReportingPeriod.whole_year(year))
        for row in report.rows:
            if row.occurrence is not None:
                rows[(row.task.id, row.occurrence.due)] = row
    for row in evaluate(plan, as_of=cutoff).rows:
        other = None if row.occurrence is None else rows.get((row.task.id, row.occurrence.due))
        if other is not None:
            assert (other.status, other.done_on) == (row.status, row.done_on)
    return rows


ICAL_OF: dict[TaskStatus, str] = {
    TaskStatus.DONE_ON_TIME: "COMPLETED",
    TaskStatus.DONE_LATE: "COMPLETED",
    TaskStatus.IN_PROGRESS: "IN-PROCESS",
    TaskStatus.IN_PROGRESS_OVERDUE: "IN-PROCESS",
    TaskStatus.NOT_STARTED: "NEEDS-ACTION",
    TaskStatus.NOT_STARTED_OVERDUE: "NEEDS-ACTION",
    TaskStatus.SUSPENDED: "NEEDS-ACTION",
    TaskStatus.CANCELLED: "CANCELLED",
}
"""The VTODO STATUS an occurrence in each status must carry."""
