"""The ``status`` and ``due`` commands, run through click's test runner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from actionplan.cli.main import cli
from actionplan.reports.csv import COLUMNS

PLAN = """\
plan:
  id: kh45
  title: Kế hoạch 45-KH/ĐU
  issued_on: 2024-07-01
units:
  - {id: vp, name: Văn phòng Đảng ủy}
  - {id: cb1, name: Chi bộ 1}
tasks:
  - id: t1
    title: Báo cáo sơ kết
    lead: cb1
    deadline: 2024-08-09
    updates:
      - {date: 2024-08-09, state: done}
  - id: t2
    title: "=HYPERLINK(\\"http://x\\")"
    lead: cb1
    deadline: 2024-08-12
  - id: t3
    title: Báo cáo tháng
    lead: vp
    deadline: Trước ngày 20 hằng tháng
    updates:
      - {date: 2024-07-18, state: done}
  - id: t4
    title: Hội nghị
    lead: vp
    deadline: 2024-09-30
  - id: t5
    title: "-Tuyên truyền"
    lead: vp
    deadline: Thường xuyên
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "kh45.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_status_json_follows_the_schema(plan_file: Path) -> None:
    """JSON output: the schema name, the cut-off, all ten totals, one entry per
    occurrence with a TASK@DATE id."""
    result = run("status", str(plan_file), "--as-of", "2024-08-14", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["schema"], data["as_of"], data["period"]) == (
        "actionplan.status/1",
        "2024-08-14",
        None,
    )
    assert len(data["totals"]) == 10
    by_id = {task["id"]: task for task in data["tasks"]}
    assert list(by_id) == ["t1", "t2", "t3@2024-07-19", "t3@2024-08-19", "t4", "t5"]
    assert by_id["t2"]["status"] == "not_started_overdue"
    assert by_id["t2"]["days_overdue"] == 2
    assert by_id["t3@2024-08-19"]["due_soon"] is True
    assert by_id["t1"]["status_label"] == "Hoàn thành đúng hạn"
    assert [unit["id"] for unit in data["units"]] == ["vp", "cb1"]


def test_status_with_a_period_and_english_labels(plan_file: Path) -> None:
    """--period bounds the occurrences and adds the period rate; --language en."""
    result = run(
        "status",
        str(plan_file),
        "--as-of",
        "14/8/2024",
        "--period",
        "2024-Q3",
        "--format",
        "json",
        "--language",
        "en",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"]["code"] == "2024-Q3"
    assert "overdue_share_due_in_period" in data["rates"]
    assert [t["id"] for t in data["tasks"] if t["task"] == "t3"] == [
        "t3@2024-07-19",
        "t3@2024-08-19",
        "t3@2024-09-19",
    ]
    assert data["tasks"][0]["status_label"] == "Done on time"


def test_status_csv_neutralises_formulas(plan_file: Path) -> None:
    """CSV has a header and one line per row; a cell starting with = or - gets a quote."""
    result = run("status", str(plan_file), "--as-of", "2024-08-14", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["id"] for r in rows] == ["t1", "t2", "t3@2024-07-19", "t3@2024-08-19", "t4", "t5"]
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["t2"] == '\'=HYPERLINK("http://x")'
    assert titles["t5"] == "'-Tuyên truyền"
    assert rows[0]["due_soon"] == "false"


@pytest.mark.parametrize("args", [(), ("--unit", "vp", "--language", "en")])
def test_status_csv_is_the_report_csv(plan_file: Path, args: tuple[str, ...]) -> None:
    """status --format csv writes what report --format csv writes: one CSV writer, its
    columns the keys of a JSON task row, lines ending with CRLF."""
    common = (str(plan_file), "--as-of", "2024-08-14", *args, "--format", "csv")
    status, report = run("status", *common), run("report", *common)
    assert (status.exit_code, report.exit_code) == (0, 0), status.output + report.output
    assert status.stdout_bytes == report.stdout_bytes
    text = status.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF
    assert tuple(text.split("\r\n", 1)[0].split(",")) == COLUMNS
    tasks = json.loads(run("status", *common[:-1], "json").stdout)["tasks"]
    assert list(tasks[0]) == list(COLUMNS)
    assert text.count("\r\n") == len(tasks) + 1
    assert "\n" not in text.replace("\r\n", "")


def test_status_table_shows_labels_and_unit_summary(plan_file: Path) -> None:
    """The default table lists the tasks with Vietnamese labels, then the per-unit
    summary and the rates."""
    result = run("status", str(plan_file), "--as-of", "2024-08-14")
    assert result.exit_code == 0, result.output
    for text in ("Hoàn thành đúng hạn", "Chi bộ 1", "Tỷ lệ hoàn thành", "Tính đến ngày 14/8/2024"):
        assert text in result.output


def test_status_for_one_unit(plan_file: Path) -> None:
    """--unit keeps the tasks that unit leads."""
    result = run(
        "status", str(plan_file), "--as-of", "2024-08-14", "--unit", "cb1", "--format", "json"
    )
    assert [t["id"] for t in json.loads(result.output)["tasks"]] == ["t1", "t2"]


def test_status_defaults_to_today_in_the_plan_time_zone(plan_file: Path) -> None:
    """Without --as-of, the cut-off is today in Asia/Ho_Chi_Minh."""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    before = dt.datetime.now(zone).date()
    result = run("status", str(plan_file), "--format", "json")
    after = dt.datetime.now(zone).date()
    assert json.loads(result.output)["as_of"] in {before.isoformat(), after.isoformat()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "cb9"], "unknown unit 'cb9'; the units are: cb1, vp"),
        (["--period", "2024-H3"], "--period: '2024-H3' is not a reporting period"),
    ],
)
def test_status_bad_input_is_one_line_and_exit_2(
    plan_file: Path, args: list[str], message: str
) -> None:
    """An unknown unit or a bad period: exit 2, one line on stderr, no traceback."""
    result = run("status", str(plan_file), "--as-of", "2024-08-14", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_status_missing_file_is_exit_2(tmp_path: Path) -> None:
    """A plan file that does not exist is a usage error."""
    result = run("status", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_due_lists_overdue_and_due_soon_by_date(plan_file: Path) -> None:
    """due lists the overdue tasks and those due within N working days, by date."""
    result = run("due", str(plan_file), "--as-of", "2024-08-14", "--within", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Nhiệm vụ quá hạn hoặc đến hạn trong 3 ngày làm việc, tính đến ngày 14/8/2024"
    )
    assert [line.split()[0] for line in lines[1:-1]] == ["12/8/2024", "19/8/2024"]
    assert lines[1] == (
        ' 12/8/2024  quá hạn 2 ngày (2 ngày làm việc)  Chi bộ 1: =HYPERLINK("http://x") [t2]'
    )
    assert "còn 5 ngày (3 ngày làm việc)" in lines[2]
    assert lines[-1] == "Tổng cộng: 2 nhiệm vụ (1 quá hạn)."


def test_due_window_leaves_out_later_tasks(plan_file: Path) -> None:
    """With --within 2, the report due Monday 19/8 (3 working days away) is left out."""
    result = run(
        "due", str(plan_file), "--as-of", "2024-08-14", "--within", "2", "--format", "json"
    )
    data = json.loads(result.output)
    assert (data["schema"], data["within"]) == ("actionplan.due/1", 2)
    assert [t["id"] for t in data["tasks"]] == ["t2"]


def test_due_with_nothing_to_follow_up(plan_file: Path) -> None:
    """Before anything falls due, due says so in the chosen language."""
    result = run("due", str(plan_file), "--as-of", "2024-07-02", "--language", "en")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Nothing is due soon or overdue."


HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07"  # clear the screen, set the window title
    "\x1b]8;;http://evil.example\x1b\\bấm vào đây\x1b]8;;\x1b\\"  # a disguised link
    "\r\x9b31m\x08"
)


@pytest.mark.parametrize("command", ["status", "due"])
def test_plan_texts_print_no_terminal_control_sequence(tmp_path: Path, command: str) -> None:
    """The table of status and the lines of due print a plan's texts (plan title,
    unit names, task titles) without their control characters, so that a plan file
    cannot clear the screen, retitle the window or disguise a link; the words stay."""
    text = json.dumps(HOSTILE, ensure_ascii=True)
    path = tmp_path / "kh.yaml"
    path.write_text(
        f"plan: {{id: kh, title: {text}, issued_on: 2024-07-01}}\n"
        f"units: [{{id: cb1, name: {text}}}]\n"
        f"tasks: [{{id: t1, title: {text}, lead: cb1, deadline: 2024-08-09}}]\n",
        encoding="utf-8",
    )
    result = run(command, str(path), "--as-of", "2024-08-14")
    assert result.exit_code == 0, result.output
    assert "bấm vào đây" in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


LATE_PLAN = """\
plan: {id: kh46, title: Kế hoạch 46}
units: [{id: vp, name: Văn phòng}]
tasks:
  - {id: a, title: Báo cáo quý, lead: vp, deadline: 2024-08-09,
     updates: [{date: 2024-08-10, state: done}]}
  - {id: b, title: Hội nghị, lead: vp, deadline: 2024-08-13}
  - {id: c, title: Tổng kết, lead: vp, deadline: 2024-08-15}
"""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ("xong 10/8/2024, chậm 1 ngày", "quá hạn 1 ngày (1 ngày làm việc)", "còn 1 ngày")),
        ("en", ("1 day late", "1 day overdue (1 working day)", "1 day left (1 working day)")),
    ],
)
def test_status_notes_are_worded_as_the_reports(
    tmp_path: Path, language: str, expected: tuple[str, ...]
) -> None:
    """The status table's notes say "chậm" for a task done late, as the reports do,
    and English counts one day in the singular."""
    path = tmp_path / "kh46.yaml"
    path.write_text(LATE_PLAN, encoding="utf-8")
    args = ["status", str(path), "--as-of", "2024-08-14", "--language", language]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "200"})  # no wrapped cells
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output
    assert "trễ" not in result.output
    assert "1 days" not in result.output
