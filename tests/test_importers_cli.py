"""Tests for the ``actionplan import`` command (actionplan.cli.importing)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from actionplan.cli.main import cli
from actionplan.files import load_plan

DATA = Path(__file__).parent / "data"
CSV = DATA / "assignment-utf8.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_plan_and_prints_json_report(tmp_path: Path) -> None:
    """The plan file is written and the JSON report has exactly the documented keys."""
    out = tmp_path / "plan.yaml"
    code, stdout, _ = run("import", str(CSV), "-o", str(out), "--format", "json")
    assert code == 0
    report = json.loads(stdout)
    assert list(report) == ["schema", "tasks", "sections", "units", "rows"]
    assert report["schema"] == "actionplan.import/1"
    assert (report["tasks"], report["sections"]) == (3, 2)
    assert report["units"][0] == {"id": "ban-thuong-vu-dang-uy", "name": "Ban Thường vụ Đảng ủy"}
    assert report["rows"][4] == {"row": 5, "outcome": "task", "task": "t1", "messages": []}
    assert report["rows"][0]["task"] is None
    assert {tuple(r) for r in report["rows"]} == {("row", "outcome", "task", "messages")}
    plan = load_plan(out)
    assert [t.id for t in plan.tasks] == ["t1", "t2", "t3"]
    assert plan.task("t2").coordinating == (
        "trung-tam-sang-kien-cong-dong-va-ho-tro-khoi-nghiep",
        "van-phong-so",
    )


def test_import_text_report_lists_every_row(tmp_path: Path) -> None:
    """The text report starts with a summary and has a line for every row."""
    out = tmp_path / "plan.yaml"
    code, stdout, _ = run("import", str(CSV), "-o", str(out))
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].startswith("3 tasks, 2 sections, 6 units imported from assignment-utf8.csv")
    rows = [line for line in lines if line.startswith("row ")]
    assert len(rows) == 9
    assert "row  8  continuation t2" in rows


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    """An existing output file is kept unless --force is given."""
    out = tmp_path / "plan.yaml"
    out.write_text("giữ nguyên\n", encoding="utf-8")
    code, _, stderr = run("import", str(CSV), "-o", str(out))
    assert code == 2
    assert "exists; use --force" in stderr
    assert out.read_text(encoding="utf-8") == "giữ nguyên\n"
    code, _, _ = run("import", str(CSV), "-o", str(out), "--force")
    assert code == 0
    assert len(load_plan(out).tasks) == 3


def test_import_column_option(tmp_path: Path) -> None:
    """--column FIELD=HEADER names a column the headers do not."""
    table = tmp_path / "t.csv"
    table.write_text("STT,Công việc cụ thể,Chủ trì\n1,Rà soát,Chi bộ 1\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    code, _, stderr = run(
        "import", str(table), "-o", str(out), "--column", "title=Công việc cụ thể"
    )
    assert code == 0, stderr
    assert load_plan(out).tasks[0].title == "Rà soát"


def test_import_bad_column_option_is_a_usage_error(tmp_path: Path) -> None:
    """A --column value without "=" exits 2 with one line naming the fields."""
    code, _, stderr = run("import", str(CSV), "-o", str(tmp_path / "p.yaml"), "--column", "title")
    assert code == 2
    assert "FIELD=HEADER" in stderr


def test_import_table_without_task_column_exits_2(tmp_path: Path) -> None:
    """A table with no task column is bad input: exit 2, one clear message, no file."""
    table = tmp_path / "t.csv"
    table.write_text("A,B\n1,2\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    code, _, stderr = run("import", str(table), "-o", str(out))
    assert code == 2
    assert stderr.startswith("actionplan: error: ")
    assert "no assignment table found" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_import_issued_on_option(tmp_path: Path) -> None:
    """--issued-on sets the plan's date, which relative deadlines count from."""
    table = tmp_path / "t.csv"
    table.write_text(
        "STT,Nội dung,Thời hạn\n1,Báo cáo,10 ngày làm việc kể từ ngày ký\n", encoding="utf-8"
    )
    out = tmp_path / "plan.yaml"
    code, _, stderr = run("import", str(table), "-o", str(out), "--issued-on", "06/8/2024")
    assert code == 0, stderr
    issued = load_plan(out).issued_on
    assert issued is not None
    assert issued.isoformat() == "2024-08-06"
