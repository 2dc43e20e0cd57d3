"""`actionplan validate` checks plan files and lists every problem, located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionplan.cli.main import cli

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "reference" / "plan.yaml"

GOOD = "plan: {id: kh45, title: KH, issued_on: 2024-08-06}\nunits: [{id: cb1, name: A}]\n"
WARNED = GOOD + "tasks:\n  - {id: t1, title: B, deadline: 2024-01-31}\n"
BAD = GOOD + "tasks:\n  - id: t1\n    title: B\n    lead: cb4\n    dealine: 2024-12-31\n"


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def test_clean_file() -> None:
    """A valid plan: exit 0 and an ok line."""
    code, out, _ = run("validate", str(REFERENCE))
    assert code == 0
    assert out == f"{REFERENCE}: ok\n"


def test_warnings_are_printed_and_pass(tmp_path: Path) -> None:
    """Warnings are listed, located, and do not fail the check."""
    path = write(tmp_path, "kh45.yaml", WARNED)
    code, out, _ = run("validate", path)
    assert code == 0
    assert out.splitlines() == [
        f"{path}:4:34: warning: tasks[0].deadline: the deadline falls on 2024-01-31, "
        "before the plan's date of issue (2024-08-06); check the year",
        f"{path}: ok (1 warning)",
    ]


def test_problems_one_per_line(tmp_path: Path) -> None:
    """Every problem of a file, one per line, file:line:col: error: path: message."""
    path = write(tmp_path, "kh45.yaml", BAD)
    code, out, _ = run("validate", path)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:6:11: error: tasks[0].lead: unknown unit 'cb4'")
    assert lines[1].startswith(
        f"{path}:7:5: error: tasks[0].dealine: unknown key 'dealine'; did you mean 'deadline'?"
    )


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("broken.yaml", "plan: [\n", "malformed YAML"),
        ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00", "not valid UTF-8"),
        ("plan.txt", GOOD, "suffix '.txt'"),
    ],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, name: str, content: str | bytes, fragment: str
) -> None:
    """A file that cannot be read as a plan file: exit 2, the reason located."""
    path = write(tmp_path, name, content)
    code, out, _ = run("validate", path)
    assert code == 2
    assert out.startswith(path)
    assert fragment in out


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A missing file is reported and exits 2, the other files still checked."""
    good = write(tmp_path, "good.yaml", GOOD)
    bad = write(tmp_path, "bad.yaml", BAD)
    code, out, _ = run("validate", good, str(tmp_path / "absent.yaml"), bad)
    assert code == 2
    assert f"{good}: ok" in out
    assert f"{tmp_path / 'absent.yaml'}: error: cannot read the file" in out
    assert f"{bad}:6:11: error:" in out


def test_json_output(tmp_path: Path) -> None:
    """--format json gives every file, whether it is ok, and its problems' fields."""
    good = write(tmp_path, "good.yaml", WARNED)
    bad = write(tmp_path, "bad.json", '{"plan": {"id": "a", "title": 3}}')
    code, out, _ = run("validate", good, bad, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [(f["path"], f["ok"]) for f in data["files"]] == [(good, True), (bad, False)]
    assert data["files"][1]["problems"] == [
        {
            "severity": "error",
            "message": "wrong type",
            "path": "plan.title",
            "line": 1,
            "column": 31,
            "found": "3",
            "expected": "text",
            "hint": "put it in quotes: '3'",
        }
    ]
    assert data["files"][0]["problems"][0]["severity"] == "warning"


def test_needs_a_file() -> None:
    """Without a file, a usage error (exit 2)."""
    code, _, err = run("validate")
    assert code == 2
    assert "PLANS" in err
