"""Progress bars on long runs (actionplan.cli._common.ProgressBar), reading several
plans at once (load_plans), and what ``status`` prints for several plans."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from actionplan.cli._common import PROGRESS_DELAY, ProgressBar, fail
from actionplan.cli.main import cli
from actionplan.files import load_plan
from actionplan.status import evaluate
from conftest_radicale import RadicaleServer

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "reference" / "plan.yaml"
AS_OF = "2024-09-30"
CUTOFF = dt.date(2024, 9, 30)
PLAN_ID_LINE = re.compile(r"^  id: kh-45-2024$", re.MULTILINE)  # the id under plan:

needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """20 copies of the reference plan, each with its own plan id."""
    text = REFERENCE.read_text(encoding="utf-8")
    assert len(PLAN_ID_LINE.findall(text)) == 1
    folder = tmp_path_factory.mktemp("plans")
    paths = []
    for n in range(1, 21):
        path = folder / f"kh{n:02d}.yaml"
        path.write_text(PLAN_ID_LINE.sub(f"  id: kh-45-2024-{n:02d}", text), encoding="utf-8")
        paths.append(path)
    return paths


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env)


# -- the bar on standard error, never on standard output --------------------------------

# command, its options, what its bar says while reading or checking the plans
RUNS = [
    ("status", ["--as-of", AS_OF, "--format", "json"], "Đang đọc kế hoạch"),
    ("due", ["--as-of", AS_OF, "--format", "json", "--language", "en"], "Reading plans"),
    ("report", ["--as-of", AS_OF, "--format", "json"], "Đang đọc kế hoạch"),
    ("validate", ["--format", "json"], "Checking plans"),
]


@pytest.mark.parametrize(("command", "options", "label"), RUNS, ids=[r[0] for r in RUNS])
def test_no_bar_when_stderr_is_not_a_terminal(
    plans: list[Path], command: str, options: list[str], label: str
) -> None:
    """Over 20 plans with standard error not a terminal (click's test runner), the
    command prints nothing on stderr and valid JSON on stdout."""
    result = invoke(command, *plans, *options)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)


@pytest.mark.parametrize(("command", "options", "label"), RUNS, ids=[r[0] for r in RUNS])
def test_forced_bar_goes_to_stderr_only(
    plans: list[Path], command: str, options: list[str], label: str
) -> None:
    """With --progress the bar is drawn on stderr, counting the 20 files, and stdout
    holds exactly the JSON of a run without it."""
    plain = invoke(command, *plans, *options)
    forced = invoke(command, *plans, *options, "--progress")
    assert forced.exit_code == plain.exit_code == 0, forced.output
    assert json.loads(forced.stdout) == json.loads(plain.stdout)
    assert "\x1b" not in forced.stdout
    assert label in forced.stderr
    assert "20/20" in forced.stderr


def test_report_bar_names_each_stage(plans: list[Path]) -> None:
    """The report's bar reads the plans, evaluates them, then renders the report,
    each stage drawn at least once."""
    result = invoke("report", *plans[:2], "--as-of", AS_OF, "--language", "en", "--progress")
    assert result.exit_code == 0, result.output
    stages = ["Reading plans", "Evaluating tasks", "Rendering the report"]
    found = [result.stderr.find(stage) for stage in stages]
    assert -1 not in found
    assert found == sorted(found)


def test_ics_feeds_bar(plans: list[Path], tmp_path: Path) -> None:
    """`ics --feeds` shows its bar while it writes the feeds; its JSON stays clean."""
    result = invoke(
        "ics", plans[0], "--feeds", tmp_path, "--as-of", AS_OF, "--language", "en",
        "--format", "json", "--progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Writing calendar files" in result.stderr
    assert json.loads(result.stdout)["target"] == "feeds"


def test_sync_uses_the_shared_bar(radicale_server: RadicaleServer, tmp_path: Path) -> None:
    """`sync --progress` draws the shared bar on stderr and counts the objects synced;
    its JSON on stdout stays clean."""
    plan = tmp_path / "kh.yaml"
    plan.write_text(
        "plan: {id: kh-progress, title: Kế hoạch}\n"
        "tasks:\n  - {id: t1, title: Báo cáo, deadline: 2024-12-15}\n"
        "  - {id: t2, title: Hội nghị, deadline: 2024-12-20}\n",
        encoding="utf-8",
    )
    result = invoke(
        "sync", plan, "--url", radicale_server.url, "--user", radicale_server.username,
        "--password-env", "AP_TEST_PASSWORD", "--create", "--as-of", AS_OF,
        "--language", "en", "--format", "json", "--progress",
        env={"AP_TEST_PASSWORD": radicale_server.password},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["created"]) == 2
    assert "Syncing" in result.stderr
    assert "2/2" in result.stderr


# -- on a real terminal ------------------------------------------------------------------


@contextlib.contextmanager
def terminal(term: str = "xterm") -> Iterator[int]:
    """Within the block, standard error is a pseudo-terminal (TERM ``term``); yields
    the file descriptor that reads what is written to it. (Not a fixture: pytest's
    own capture sets ``sys.stderr`` again when the test starts.)"""
    master, slave = os.openpty()
    with pytest.MonkeyPatch.context() as patch, open(slave, "w", encoding="utf-8") as stream:
        patch.setenv("TERM", term)
        patch.setattr(sys, "stderr", stream)
        try:
            yield master
        finally:
            os.close(master)


def drain(fd: int, process: subprocess.Popen[bytes] | None = None) -> str:
    """What was written to the terminal read by ``fd`` so far (with ``process``: until
    it has exited, reading all along so that it never blocks on a full terminal)."""
    chunks = []
    while True:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                chunks.append(os.read(fd, 65536))
                continue
            except OSError:  # EIO: every writer has closed the terminal
                break
        if process is None or process.poll() is not None:
            break
    return b"".join(chunks).decode("utf-8", "replace")


@needs_pty
def test_many_files_on_a_terminal_show_the_bar_at_once() -> None:
    """On a terminal, a run over 5 files or more shows its bar at once, and takes it
    down at the end."""
    with terminal() as master:
        with ProgressBar(items=5, language="en") as bar:
            assert bar.enabled
            assert bar.shown
            for _ in bar.track(range(5), "reading"):
                pass
        assert not bar.shown
        assert "Reading plans" in drain(master)


@needs_pty
def test_a_short_run_on_a_terminal_shows_the_bar_after_a_moment() -> None:
    """On a terminal, a run over fewer files shows no bar at first, and shows it once
    it has lasted PROGRESS_DELAY seconds."""
    with terminal() as master:
        with ProgressBar(items=1, language="en") as bar:
            bar.stage("rendering")
            assert bar.enabled
            assert not bar.shown
            deadline = time.monotonic() + PROGRESS_DELAY + 5
            while not bar.shown and time.monotonic() < deadline:
                time.sleep(0.05)
            assert bar.shown
        assert not bar.shown
        assert "Rendering the report" in drain(master)


@needs_pty
@pytest.mark.parametrize(("show", "term"), [(False, "xterm"), (None, "dumb")])
def test_no_bar_when_disabled_or_on_a_dumb_terminal(show: bool | None, term: str) -> None:
    """--no-progress, or a terminal that cannot redraw a line (TERM=dumb), shows no bar
    even for many files."""
    with terminal(term) as master:
        with ProgressBar(show, items=20) as bar:
            bar.stage("reading", 20)
            assert not bar.enabled
            assert not bar.shown
        assert drain(master) == ""


def test_fail_takes_the_bar_down_before_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    """An error during a run removes the bar before printing its one line, so the bar
    cannot draw over it."""
    with ProgressBar(True, language="en") as bar:
        bar.stage("reading", 3)
        assert bar.shown
        with pytest.raises(SystemExit) as exit_info:
            fail("kh.yaml: something is wrong")
        assert not bar.shown
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("actionplan: error: kh.yaml: something is wrong\n")
    assert "Reading plans" not in err.rsplit("\n", 2)[-2]  # the error's own line


@needs_pty
@pytest.mark.parametrize(("flag", "shown"), [([], True), (["--no-progress"], False)])
def test_status_on_a_terminal(
    plans: list[Path], tmp_path: Path, flag: list[str], shown: bool
) -> None:
    """`actionplan status` over 20 plans with stderr on a terminal draws its bar there
    unless --no-progress is given; stdout (a file) is valid JSON either way."""
    master, slave = os.openpty()
    command = [sys.executable, "-m", "actionplan", "status", *map(str, plans)]
    command += ["--as-of", AS_OF, "--format", "json", *flag]
    env = {**os.environ, "TERM": "xterm"}
    out = tmp_path / "out.json"
    try:
        with out.open("wb") as stdout:
            proc = subprocess.Popen(command, stdout=stdout, stderr=slave, env=env)
        os.close(slave)
        err = drain(master, proc)
        proc.wait(timeout=120)
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    assert len(json.loads(out.read_bytes())["plans"]) == 20
    assert ("Đang đọc kế hoạch" in err) is shown
    assert (err == "") is not shown


# -- several plans -----------------------------------------------------------------------


def _figures(line: str) -> list[str]:
    """The cells of a table line, without the first one."""
    return [cell.strip() for cell in line.split("│")[2:-1]]


def test_status_of_several_plans_shows_each_plan_and_all(plans: list[Path]) -> None:
    """With several plans the table is titled by their number, tells each task's plan,
    and ends with one line of figures per plan and the total over all of them, as the
    library computes them."""
    chosen = plans[:3]
    result = invoke("status", *chosen, "--as-of", AS_OF, "--language", "en", env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "3 plans"
    assert any(line.startswith("│   1 │ kh-45-2024-01: ") for line in lines)
    assert "[t1]" in result.stdout  # task ids are text, not rich markup
    loaded = [load_plan(path) for path in chosen]
    for plan in loaded:
        alone = evaluate(plan, as_of=CUTOFF).summary
        row = next(line for line in lines if line.startswith(f"│ {plan.id}: "))
        assert _figures(row)[:2] == [str(alone.count), str(alone.done)]
        assert _figures(row)[4] == str(alone.overdue)
    overall = evaluate(loaded, as_of=CUTOFF).summary
    total = [line for line in lines if line.startswith("│ Total ")][-1]  # the plans' table
    assert _figures(total)[:2] == [str(overall.count), str(overall.done)]
    assert _figures(total)[4] == str(overall.overdue)


# -- plan ids across files ---------------------------------------------------------------

KH45 = "plan: {id: kh45, title: Kế hoạch 45}\ntasks: [{id: t1, title: A, deadline: 2024-12-31}]\n"


@pytest.mark.parametrize("command", ["status", "due", "report"])
def test_duplicate_plan_ids_name_both_files(tmp_path: Path, command: str) -> None:
    """Two files with the same plan id: exit 2 and one line on stderr naming both
    files, the id, and what to change."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(KH45, encoding="utf-8")
    second.write_text(KH45.replace("Kế hoạch 45", "Bản sao"), encoding="utf-8")
    result = invoke(command, first, second, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    line = result.stderr.strip()
    assert line.startswith(f"actionplan: error: {second}: ")
    for part in (str(first), "'kh45'", "'id:'"):
        assert part in line


def test_the_same_file_twice_is_named(tmp_path: Path) -> None:
    """The same plan file given twice is reported as such, not as two plans."""
    path = tmp_path / "a.yaml"
    path.write_text(KH45, encoding="utf-8")
    result = invoke("status", path, path, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr == (
        f"actionplan: error: {path}: error: the same plan file is given twice; give it once\n"
    )
