"""The report as plain data: the ``actionplan.status/1`` shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from actionplan.deadlines import FixedDeadline, RecurringDeadline
from actionplan.errors import ValidationError
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    ProgressUpdate,
    Target,
    TargetReport,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.status import evaluate, report_to_data

D = dt.date


def plan() -> ActionPlan:
    return ActionPlan(
        "kh45",
        "Kế hoạch 45-KH/ĐU",
        document=Document(
            DocumentKind.PLAN, ref=DocumentRef.parse("45-KH/ĐU"), issued_on=D(2024, 7, 1)
        ),
        units=[Unit("cb1", "Chi bộ 1")],
        targets=[Target("k1", "Kết nạp đảng viên", 3, reports=[TargetReport(D(2024, 8, 1), 1)])],
        tasks=[
            Task(
                "t1",
                "Báo cáo",
                lead="cb1",
                deadline=FixedDeadline(D(2024, 6, 30), text="30/6/2024"),
                extensions=[Extension(D(2024, 6, 20), FixedDeadline(D(2024, 7, 31)))],
                updates=[ProgressUpdate(D(2024, 7, 2), "in_progress", 40, note="Đang soạn")],
            ),
            Task("t2", "Báo cáo tháng", deadline=RecurringDeadline("monthly", month_day=19)),
        ],
    )


def test_top_level_keys_and_schema() -> None:
    """The data starts with the schema and lists the documented keys in order."""
    data = report_to_data(evaluate(plan(), as_of=D(2024, 8, 5)))
    assert list(data) == [
        "schema",
        "language",
        "as_of",
        "period",
        "plans",
        "totals",
        "rates",
        "overdue_ages",
        "due_soon",
        "units",
        "tasks",
        "targets",
    ]
    (entry,) = data["plans"]
    assert {key: entry[key] for key in list(entry)[:5]} == {
        "id": "kh45",
        "title": "Kế hoạch 45-KH/ĐU",
        "document": "Kế hoạch số 45-KH/ĐU, ngày 01/7/2024",
        "due_soon_days": 5,
        "before": "strict",
    }
    assert list(entry)[5:] == ["count", "totals", "overdue_ages", "due_soon", "rates"]


def test_each_plan_has_its_own_counts_and_rates() -> None:
    """Each entry of "plans" counts that plan's rows; the plans add up to the totals."""
    other = ActionPlan(
        "kh46",
        "Kế hoạch 46",
        tasks=[
            Task("a", "Hội nghị", deadline=FixedDeadline(D(2024, 7, 1))),
            Task(
                "b",
                "Sơ kết",
                deadline=FixedDeadline(D(2024, 7, 10)),
                updates=[ProgressUpdate(D(2024, 7, 9), "done")],
            ),
        ],
    )
    data = report_to_data(evaluate([plan(), other], as_of=D(2024, 8, 5)))
    first, second = data["plans"]
    assert second["count"] == 2
    assert second["totals"]["not_started_overdue"] == 1
    assert second["totals"]["done_on_time"] == 1
    assert second["rates"]["completion_rate"]["percent"] == 50.0
    assert first["count"] + second["count"] == len(data["tasks"])
    for status, n in data["totals"].items():
        assert first["totals"][status] + second["totals"][status] == n


def test_task_entry_of_an_extended_task() -> None:
    """A task entry shows the deadline in force, the original, the last update."""
    data = report_to_data(evaluate(plan(), as_of=D(2024, 8, 5)))
    entry = data["tasks"][0]
    assert {k: entry[k] for k in ("id", "status", "due", "original_due", "extended")} == {
        "id": "t1",
        "status": "in_progress_overdue",
        "due": "2024-07-31",
        "original_due": "2024-06-30",
        "extended": True,
    }
    assert (entry["deadline_text"], entry["percent"], entry["last_update"], entry["note"]) == (
        "30/6/2024",
        40,
        "2024-07-02",
        "Đang soạn",
    )
    assert (entry["days_overdue"], entry["working_days_overdue"]) == (5, 3)


def test_occurrence_entries_carry_their_date() -> None:
    """A recurring task's entries have TASK@DATE ids and the occurrence date."""
    data = report_to_data(
        evaluate(plan(), as_of=D(2024, 8, 5), period=ReportingPeriod.quarter(2024, 3))
    )
    occurrences = [(t["id"], t["occurrence"]) for t in data["tasks"] if t["task"] == "t2"]
    assert occurrences == [
        ("t2@2024-07-19", "2024-07-19"),
        ("t2@2024-08-19", "2024-08-19"),
        ("t2@2024-09-19", "2024-09-19"),
    ]
    assert data["period"] == {
        "code": "2024-Q3",
        "label": "Quý III/2024",
        "start": "2024-07-01",
        "end": "2024-09-30",
    }


def test_rates_and_targets_as_data() -> None:
    """Rates give numerator, denominator, exact value and the truncated percent;
    targets their latest value."""
    data = report_to_data(evaluate(plan(), as_of=D(2024, 8, 5)), language="en")
    assert data["rates"]["completion_rate"] == {
        "label": "Completion rate of tasks that have fallen due",
        "formula": "done / (done + open overdue)",
        "numerator": 0,
        "denominator": 2,
        "value": 0.0,
        "percent": 0.0,
    }
    assert data["rates"]["on_time_rate"]["value"] is None
    assert data["targets"] == [
        {
            "plan": "kh45",
            "id": "k1",
            "indicator": "Kết nạp đảng viên",
            "target": 3,
            "measure": None,
            "at_least": True,
            "latest": {"date": "2024-08-01", "value": 1},
            "met": False,
        }
    ]


def test_data_is_plain_json() -> None:
    """The data serialises with the standard json module, with no converter."""
    text = json.dumps(report_to_data(evaluate(plan(), as_of=D(2024, 8, 5))), ensure_ascii=False)
    assert '"schema": "actionplan.status/1"' in text


def test_unknown_language_is_refused() -> None:
    """Only Vietnamese and English labels exist."""
    with pytest.raises(ValidationError, match="language"):
        report_to_data(evaluate(plan(), as_of=D(2024, 8, 5)), language="fr")
