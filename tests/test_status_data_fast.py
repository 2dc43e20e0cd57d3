"""The rows of ``report_to_data``, computed in one pass, hold exactly the values of
the rows' properties; and ``status --format json`` prints the standard library's
indented JSON of them, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from actionplan.cli._common import _default
from actionplan.cli.main import cli
from actionplan.deadlines import FixedDeadline
from actionplan.errors import ValidationError
from actionplan.files import dumps_plan, load_plan
from actionplan.model import ActionPlan, Task
from actionplan.status import StatusRow, evaluate, report_to_data, row_to_data
from actionplan.workdays import CalendarChange
from strategies import periods, plans

as_of_dates = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))
languages = st.sampled_from(["vi", "en"])
D = dt.date(2024, 8, 6)
JSON = ("--format", "json")


def iso(date: dt.date | None) -> str | None:
    return None if date is None else date.isoformat()


def from_properties(row: StatusRow, language: str) -> dict[str, Any]:
    """A row as data read field by field from its properties: the specification."""
    update = row.last_update
    return {
        "id": row.id,
        "task": row.task.id,
        "plan": row.evaluation.plan.id,
        "occurrence": iso(None if row.occurrence is None else row.occurrence.due),
        "title": row.task.title,
        "section": row.task.section,
        "key": row.task.key,
        "lead": row.task.lead,
        "lead_name": row.lead_name,
        "coordinating": list(row.task.coordinating),
        "status": row.status.value,
        "status_label": row.status.label(language),
        "due": iso(row.due),
        "original_due": iso(row.original_due),
        "extended": row.extension is not None,
        "deadline_text": row.deadline_text,
        "done_on": iso(row.done_on),
        "days_left": row.days_left,
        "working_days_left": row.working_days_left,
        "days_overdue": row.days_overdue,
        "working_days_overdue": row.working_days_overdue,
        "days_late": row.days_late,
        "due_soon": row.due_soon,
        "percent": row.percent,
        "last_update": iso(None if update is None else update.date),
        "note": None if update is None else update.note,
        "deliverable": row.task.deliverable,
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_tasks=8), as_of_dates, st.none() | periods(), languages)
def test_rows_hold_the_values_of_their_properties(
    plan: ActionPlan, as_of: dt.date, period: Any, language: str
) -> None:
    """Every row of a report, occurrences of recurring tasks included, gives the
    same dict (keys, order and values) through ``row_to_data`` and
    ``report_to_data`` as read from its properties one by one."""
    report = evaluate(plan, as_of=as_of, period=period)
    expected = [from_properties(row, language) for row in report.rows]
    assert report_to_data(report, language=language)["tasks"] == expected
    for row, data in zip(report.rows, expected, strict=True):
        found = row_to_data(row, language)
        assert found == data
        assert list(found) == list(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_tasks=6), plans(max_tasks=6), as_of_dates, languages)
def test_rows_of_several_plans_use_their_own_plan(
    first: ActionPlan, second: ActionPlan, as_of: dt.date, language: str
) -> None:
    """Rows of two plans evaluated together (each with its own calendar changes,
    units and due-soon window) get their own plan's working-day counts and names,
    though the one pass shares them between rows."""
    assume(first.id != second.id)
    report = evaluate([first, second], as_of=as_of)
    expected = [from_properties(row, language) for row in report.rows]
    assert report_to_data(report, language=language)["tasks"] == expected


@pytest.mark.parametrize("as_of", [dt.date(2024, 8, 14), dt.date(2024, 8, 26)])
def test_each_plan_counts_working_days_with_its_own_calendar(as_of: dt.date) -> None:
    """Two plans with a task due the same day, one with extra days off before and
    after it, get different working-day counts (left before the due date, overdue
    after), whichever plan comes first."""
    due = FixedDeadline(dt.date(2024, 8, 20))
    days_off = [
        CalendarChange(dt.date(2024, 8, day), working=False, name="Nghỉ") for day in (16, 22)
    ]
    plain = ActionPlan("a", "A", tasks=[Task("t1", "Báo cáo", deadline=due)])
    local = ActionPlan(
        "b", "B", tasks=[Task("t1", "Báo cáo", deadline=due)], calendar_changes=days_off
    )
    for plans_ in ([plain, local], [local, plain]):
        report = evaluate(plans_, as_of=as_of)
        tasks = report_to_data(report)["tasks"]
        assert tasks == [from_properties(row, "vi") for row in report.rows]
        counts = {t["plan"]: (t["working_days_left"], t["working_days_overdue"]) for t in tasks}
        assert counts["a"] != counts["b"]


def test_rows_around_the_due_soon_window() -> None:
    """Tasks due on each of the three weeks after the cut-off date (the last day of
    the due-soon window among them) get the values of their properties: due soon up
    to that day, not after."""
    as_of = dt.date(2024, 8, 14)
    tasks = [
        Task(f"t{n}", "Báo cáo", deadline=FixedDeadline(as_of + dt.timedelta(days=n)))
        for n in range(21)
    ]
    report = evaluate(ActionPlan("kh", "Kế hoạch", tasks=tasks), as_of=as_of)
    data = report_to_data(report)["tasks"]
    assert data == [from_properties(row, "vi") for row in report.rows]
    assert {row["due_soon"] for row in data} == {True, False}


def test_row_to_data_refuses_an_unknown_language() -> None:
    """An unknown language raises ValidationError naming row_to_data."""
    report = evaluate(ActionPlan("kh", "Kế hoạch", tasks=[Task("t1", "Báo cáo")]), as_of=D)
    with pytest.raises(ValidationError, match="row_to_data"):
        row_to_data(report.rows[0], "fr")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_tasks=6), as_of_dates, languages)
def test_status_json_prints_the_standard_librarys_bytes(
    tmp_path_factory: pytest.TempPathFactory, plan: ActionPlan, as_of: dt.date, language: str
) -> None:
    """``actionplan status --format json`` prints, byte for byte, what the standard
    library's ``json.dumps(..., ensure_ascii=False, indent=2)`` makes of the rows
    read from their properties, then a line feed."""
    path = tmp_path_factory.mktemp("plans") / "plan.json"
    path.write_text(dumps_plan(plan, "json"), encoding="utf-8")
    report = evaluate(load_plan(path), as_of=as_of)
    data = report_to_data(report, language=language)
    data["tasks"] = [from_properties(row, language) for row in report.rows]
    expected = json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"

    result = CliRunner().invoke(
        cli,
        ["status", str(path), "--as-of", as_of.isoformat(), "--language", language, *JSON],
        env={"ACTIONPLAN_NO_CACHE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == expected.encode("utf-8")
    assert result.output == expected


def test_status_json_of_a_plan_file(tmp_path: Path) -> None:
    """A hand-written plan with Vietnamese text, units, an extension and a recurring
    task prints the standard library's JSON of its report."""
    path = tmp_path / "kh45.yaml"
    path.write_text(
        "plan: {id: kh45, title: Kế hoạch 45-KH/ĐU, issued_on: 2024-07-01}\n"
        "units: [{id: cb1, name: Chi bộ 1}, {id: vp, name: Văn phòng}]\n"
        "tasks:\n"
        "  - {id: t1, title: Báo cáo, lead: cb1, coordinating: [vp], deadline: 2024-08-09,\n"
        "     extensions: [{date: 2024-08-01, to: 2024-08-30}]}\n"
        "  - {id: t2, title: Báo cáo tháng, lead: vp, deadline: Trước ngày 20 hằng tháng,\n"
        "     updates: [{date: 2024-07-18, state: done}]}\n",
        encoding="utf-8",
    )
    as_of = dt.date(2024, 8, 14)
    expected = json.dumps(
        report_to_data(evaluate(load_plan(path), as_of=as_of)), ensure_ascii=False, indent=2
    )
    result = CliRunner().invoke(
        cli,
        ["status", str(path), "--as-of", as_of.isoformat(), "--format", "json"],
        env={"ACTIONPLAN_NO_CACHE": "1"},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (expected + "\n").encode("utf-8")
    assert json.loads(result.stdout)["tasks"][0]["coordinating"] == ["vp"]
