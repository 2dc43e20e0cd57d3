"""`actionplan report` writes a status or review report of plan files, in any format."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
from click.testing import CliRunner

from actionplan.cli.main import cli
from conftest import REFERENCE_PLAN

PLAN = str(REFERENCE_PLAN)


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_markdown_to_stdout() -> None:
    """A text format without -o prints the report."""
    code, out, err = run("report", PLAN, "--as-of", "30/9/2024", "--format", "md")
    assert code == 0, err
    assert out.startswith("# BÁO CÁO: Tình hình thực hiện Kế hoạch số 45-KH/ĐU")
    assert "*Bình Dương, ngày 30 tháng 9 năm 2024*" in out


def test_json_in_english() -> None:
    """--language en gives English labels in the data."""
    code, out, _ = run(
        "report", PLAN, "--as-of", "2024-09-30", "--format", "json", "--language", "en"
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2024-09-30"
    assert data["language"] == "en"


def test_docx_file_with_period_number_and_issuer(tmp_path: Path) -> None:
    """-o writes the file in the suffix's format; --period makes a review; --number and
    --issuer fill the official head."""
    target = tmp_path / "bao-cao.docx"
    code, out, err = run(
        "report",
        PLAN,
        "--period",
        "2024-H2",
        "--as-of",
        "31/12/2024",
        "-o",
        str(target),
        "--number",
        "12-BC/ĐU",
        "--issuer",
        "Đảng bộ tỉnh Bình Dương / Đảng ủy Sở KH&CN",
    )
    assert code == 0, err
    assert out == ""
    assert f"wrote {target}" in err
    document = docx.Document(io.BytesIO(target.read_bytes()))
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert left == ["ĐẢNG BỘ TỈNH BÌNH DƯƠNG", "ĐẢNG ỦY SỞ KH&CN", "*", "Số 12-BC/ĐU"]
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Sơ kết 6 tháng cuối năm 2024") for t in texts)


def test_unit_filter(tmp_path: Path) -> None:
    """--unit keeps the tasks that unit leads."""
    target = tmp_path / "ubkt.xlsx"
    code, _, err = run("report", PLAN, "--as-of", "30/9/2024", "--unit", "ubkt", "-o", str(target))
    assert code == 0, err
    sheet = openpyxl.load_workbook(target)["Nhiệm vụ"]
    leads = {sheet.cell(row=r, column=5).value for r in range(2, sheet.max_row + 1)}
    assert leads == {"Ủy ban Kiểm tra Đảng ủy"}


def test_template_option(tmp_path: Path) -> None:
    """--template replaces the Markdown template."""
    template = tmp_path / "t.md.j2"
    template.write_text("{{ report.total }} nhiệm vụ\n", encoding="utf-8")
    code, out, _ = run(
        "report", PLAN, "--as-of", "30/9/2024", "--format", "md", "--template", str(template)
    )
    assert code == 0
    assert out.endswith(" nhiệm vụ\n")
    assert out.split()[0].isdigit()


def test_default_as_of_is_today_in_the_plan_time_zone() -> None:
    """Without --as-of the report is as of today in Asia/Ho_Chi_Minh."""
    before = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    code, out, _ = run("report", PLAN, "--format", "json")
    after = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert code == 0
    assert json.loads(out)["as_of"] in {before.isoformat(), after.isoformat()}


def test_review_of_a_past_period_defaults_to_its_end() -> None:
    """With --period and no --as-of, a period that has ended is reviewed as of its end."""
    code, out, _ = run("report", PLAN, "--period", "2024-Q3", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2024-09-30"
    assert data["review"]["period"] == "2024-Q3"


def test_binary_format_needs_a_file() -> None:
    """xlsx and docx cannot go to the terminal: exit 2 with one clear line."""
    code, out, err = run("report", PLAN, "--format", "docx")
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "actionplan: error: the docx format is a binary file; give the file to write with -o FILE"
    )


def test_unknown_unit_is_bad_input() -> None:
    """An unknown unit: exit 2, the known units listed, no traceback."""
    code, _, err = run("report", PLAN, "--as-of", "30/9/2024", "--unit", "nope")
    assert code == 2
    assert "unknown unit 'nope'" in err
    assert "ubkt" in err
    assert "Traceback" not in err


def test_bad_period_and_suffix_are_bad_input(tmp_path: Path) -> None:
    """An unreadable period or an unknown output suffix: exit 2 with the reason."""
    code, _, err = run("report", PLAN, "--period", "2024-H7")
    assert code == 2
    assert "'2024-H7' is not a reporting period" in err
    code, _, err = run("report", PLAN, "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "suffix '.pdf'" in err


def test_template_with_a_binary_format_is_refused(tmp_path: Path) -> None:
    """--template with docx is an error, not silently ignored."""
    code, _, err = run("report", PLAN, "-o", str(tmp_path / "a.docx"), "--template", str(tmp_path))
    assert code == 2
    assert "--template applies to the md and html formats" in err


def test_unreadable_plan_is_bad_input(tmp_path: Path) -> None:
    """A plan file that cannot be loaded: exit 2, located message."""
    bad = tmp_path / "plan.yaml"
    bad.write_text("plan: [\n", encoding="utf-8")
    code, _, err = run("report", str(bad), "--as-of", "30/9/2024")
    assert code == 2
    assert "plan.yaml" in err
