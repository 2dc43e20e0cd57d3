"""The benchmarks (benchmarks/run.py) run from start to end and print their table.

The figures themselves are not checked: they depend on the machine. This only proves
that every benchmark still runs against the current code (on tiny sizes, in a few
seconds), that the library's ICS export still writes the same bytes as icalendar's
own serialisation of the same objects, and that the table has its columns.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).parent.parent / "benchmarks" / "run.py"


def test_the_quick_run_prints_the_table(tmp_path: Path) -> None:
    """run.py --quick on tiny sizes exits 0 and prints one line per figure of every
    benchmark, the ICS row saying the output is identical to the baseline's."""
    results = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--quick",
            "--sizes",
            "60",
            "--plans",
            "4x10",
            "--cli-tasks",
            "60",
            "--repeat",
            "1",
            "--json",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| benchmark | size | actionplan | baseline | ratio | budget | met | note |" in out
    for name in (
        "ICS export: time",
        "ICS export: peak memory",
        "evaluate: rows",
        "read plan: YAML ÷ yaml.load(CSafeLoader)",
        "read plan: JSON ÷ json.loads + converter",
        "CLI: status --format json, no plan cache ÷ with it (warm)",
        "CLI: actionplan --help ÷ python -c 'import click'",
        "many plans: status of all, warm cache",
        "memory: plan in memory, per task",
        "memory: peak while reading YAML",
    ):
        assert f"| {name}" in out, name
    ics = next(line for line in out.splitlines() if line.startswith("| ICS export: time"))
    assert "identical output" in ics
    assert "budgets missed:" in out
    assert results.read_text(encoding="utf-8").startswith("{")
