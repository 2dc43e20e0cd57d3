"""Tests for the example scripts in examples/: each runs as a user would run it
(a separate Python process, from another folder), exits 0, prints what it is
about, and writes nothing outside a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# script, arguments, lines its output must contain
RUNS: list[tuple[str, list[str], list[str]]] = [
    (
        "reference_scenario.py",
        [],
        [
            "Kế hoạch số 45-KH/ĐU, ngày 06/8/2024",
            "Tính đến ngày 31/12/2024: 25 nhiệm vụ (17 nhiệm vụ trong kế hoạch)",
            "Tỷ lệ hoàn thành trên số nhiệm vụ đã đến hạn: 70,00 % (14/20;",
            "Tỷ lệ hoàn thành đúng hạn: 85,71 % (12/14;",
        ],
    ),
    (
        "reference_scenario.py",
        ["--as-of", "30/9/2024", "--language", "en"],
        ["As of 2024-09-30: 21 tasks", "Completion rate of tasks that have fallen due: 100.00%"],
    ),
    (
        "build_plan_in_python.py",
        [],
        [
            "#   t1                14/4/2025  Hoàn thành đúng hạn",
            "#   t2                31/7/2025  Đang thực hiện trong hạn",
            "  number: 12-KH/CB",
            "        to: 31/7/2025",
        ],
    ),
    (
        "weekly_followup_email.py",
        ["--as-of", "2024-12-16", "--within", "10"],
        [
            "Kính gửi: Văn phòng Đảng ủy",
            "  Thời hạn: 19/12/2024 (còn 3 ngày, 3 ngày làm việc); mã t3@2024-12-19",
            "Kính gửi: Văn phòng Sở",
            "2 messages, 6 tasks.",
        ],
    ),
    (
        "merge_plans_report.py",
        ["--output", "tong-hop.docx"],
        [
            "Tổng hợp 3 kế hoạch, tính đến ngày 31/12/2024",
            "Tỷ lệ hoàn thành trên số nhiệm vụ đã đến hạn: 14/54 = 25,92 %",
            "wrote tong-hop.docx",
        ],
    ),
    (
        "calendar_readback.py",
        [],
        [
            "exported 17 to-dos",
            "task 't8': done on 2024-12-30 (the plan has in_progress)",
            "recorded: t8 done on 2024-12-30",
            "t8: In progress, overdue -> Done late",
        ],
    ),
]


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_every_script_is_run_here() -> None:
    """No script in examples/ escapes these tests."""
    scripts = {p.name for p in EXAMPLES.glob("*.py")}
    assert scripts == {script for script, _, _ in RUNS}


@pytest.mark.parametrize(
    ("script", "args", "expected"), RUNS, ids=[f"{s} {' '.join(a)}" for s, a, _ in RUNS]
)
def test_script_runs_and_prints_its_result(
    script: str, args: list[str], expected: list[str], tmp_path: Path
) -> None:
    """The script exits 0, prints the key lines of its result, and writes only in
    its working folder's output (when asked) and its own temporary folder."""
    work = tmp_path / "work"
    scratch = tmp_path / "tmp"
    work.mkdir()
    scratch.mkdir()
    before = _tree(EXAMPLES)
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=work,
        env={**os.environ, "TMPDIR": str(scratch), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for line in expected:
        assert line in done.stdout, f"{line!r} not in:\n{done.stdout}"
    assert _tree(EXAMPLES) == before, "the script changed files in examples/"
    outputs = [a for a in args if a.endswith((".docx", ".xlsx", ".html", ".md"))]
    assert sorted(p.name for p in work.iterdir()) == sorted(outputs)
    assert list(scratch.iterdir()) == [], "the script left files in the temporary folder"
