"""Fixtures of the report tests: the reference plan's reports, a hostile plan, goldens.

Golden files live in ``tests/golden/reports/``. When a report's layout changes on
purpose, regenerate them and review the diff before committing::

    UPDATE_GOLDEN=1 pytest tests/reports
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from actionplan.deadlines import FixedDeadline, OngoingDeadline
from actionplan.files import load_plan
from actionplan.model import ActionPlan, Document, ProgressUpdate, Task, Unit
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentRef
from actionplan.status import Review, StatusReport, evaluate, review

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_PLAN = ROOT / "examples" / "reference" / "plan.yaml"
GOLDEN = ROOT / "tests" / "golden" / "reports"

AS_OF = dt.date(2024, 9, 30)
"""The cut-off of the golden reports: the end of the third quarter."""

HOSTILE = '<script>alert(1)</script> & "KH&CN" | *đậm* =1+1'
"""A task title that tries to break every format it is written to."""


@pytest.fixture(scope="session")
def reference_plan() -> ActionPlan:
    """The project's reference plan (examples/reference/plan.yaml)."""
    return load_plan(REFERENCE_PLAN)


@pytest.fixture(scope="session")
def reference_report(reference_plan: ActionPlan) -> StatusReport:
    """The reference plan's status on 30/9/2024."""
    return evaluate(reference_plan, as_of=AS_OF)


@pytest.fixture(scope="session")
def reference_review(reference_plan: ActionPlan) -> Review:
    """The review of the second half of 2024, on 31/12/2024."""
    return review(reference_plan, ReportingPeriod.half(2024, 2), as_of=dt.date(2024, 12, 31))


def hostile_plan() -> ActionPlan:
    """A small party plan whose texts carry markup, formulas and separators."""
    return ActionPlan(
        "kh-hostile",
        'Kế hoạch <b>thử</b> & "kiểm tra"',
        document=Document(
            "plan",
            ref=DocumentRef.parse("7-KH/ĐU"),
            issuer="Đảng bộ tỉnh Bình Dương / Đảng ủy Sở KH&CN",
            issued_on=dt.date(2024, 8, 6),
            place="Bình Dương",
        ),
        units=[Unit("u1", "Chi bộ <i>1</i> | A"), Unit("u2", "@Phòng =SUM(A1)")],
        tasks=[
            Task(
                "t1",
                HOSTILE,
                lead="u1",
                deadline=FixedDeadline(dt.date(2024, 8, 31), text='=HYPERLINK("x")'),
                updates=[ProgressUpdate(dt.date(2024, 8, 10), "in_progress", note="-2+3")],
            ),
            Task(
                "t2",
                "+Báo cáo\tquý",
                lead="u2",
                deadline=FixedDeadline(dt.date(2024, 9, 15)),
                updates=[ProgressUpdate(dt.date(2024, 9, 10), "done")],
            ),
            Task("t3", "Tuyên truyền thường xuyên", lead="u2", deadline=OngoingDeadline()),
        ],
    )


@pytest.fixture
def hostile_title() -> str:
    """The hostile task title (:data:`HOSTILE`)."""
    return HOSTILE


@pytest.fixture
def hostile_report() -> StatusReport:
    """The hostile plan's status on 30/9/2024: t1 overdue, t2 done on time, t3 ongoing."""
    return evaluate(hostile_plan(), as_of=AS_OF)


@pytest.fixture
def golden() -> Callable[[str, str | bytes], None]:
    """Compare a rendered text with its golden file (rewrite it with UPDATE_GOLDEN=1)."""

    def check(name: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if not path.exists():
            pytest.fail(f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it")
        expected = path.read_bytes()
        if data != expected:
            assert data.decode("utf-8") == expected.decode("utf-8"), (
                f"{name} differs from its golden file; if the change is intended, "
                "run UPDATE_GOLDEN=1 pytest tests/reports and review the diff"
            )

    return check
