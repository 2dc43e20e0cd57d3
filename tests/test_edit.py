"""Recording progress and extensions edits a plan file in place and loses nothing.

The YAML tests use the reference plan (examples/reference/plan.yaml): a real,
commented file. "Only insertions" means the new file is the old one, byte for byte,
with whole lines added.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import json
import shutil
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan._atomic import file_lock, lock_path, temp_files
from actionplan.cli.main import cli
from actionplan.deadlines import FixedDeadline
from actionplan.errors import (
    ConcurrentUpdateError,
    PlanContentError,
    UnknownTaskError,
    ValidationError,
)
from actionplan.files import dumps_plan, load_plan
from actionplan.files.edit import extend_deadline, record_progress
from actionplan.model import Extension, ProgressState, ProgressUpdate
from actionplan.phrases import parse_deadline
from actionplan.refs import DocumentRef

REFERENCE = Path(__file__).parent.parent / "examples" / "reference" / "plan.yaml"


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A copy of the reference plan."""
    target = tmp_path / "plan.yaml"
    shutil.copyfile(REFERENCE, target)
    return target


def inserted(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if anything else changed."""
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: {old[i1:i2]!r} -> {new[j1:j2]!r}"
        if tag == "insert":
            added += new[j1:j2]
    return added


def update(day: str, state: str = "in_progress", **kwargs: object) -> ProgressUpdate:
    return ProgressUpdate(dt.date.fromisoformat(day), state, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------
# YAML: only the new lines change


def test_append_update_inserts_only_its_lines(plan_file: Path) -> None:
    """An update dated after the others is appended to the task's list; every other
    byte of the commented file, comments and folded titles included, stays."""
    before = plan_file.read_bytes()
    record_progress(
        plan_file,
        "t8",
        update(
            "2024-12-20", "in_progress", percent=95, note="Còn 1 đơn vị", reported_by="van-phong-so"
        ),
    )
    assert inserted(before, plan_file.read_bytes()) == [
        "      - date: 2024-12-20\n",
        "        state: in_progress\n",
        "        percent: 95\n",
        "        note: Còn 1 đơn vị\n",
        "        by: van-phong-so\n",
    ]


def test_update_goes_in_date_order(plan_file: Path) -> None:
    """An update dated between two others is inserted between them."""
    record_progress(plan_file, "t3", update("2024-10-01", note="Báo cáo bổ sung"))
    dates = [u.date.day for u in load_plan(plan_file).task("t3").updates]
    assert dates == [19, 23, 1, 18]  # 19/8, 23/9, 1/10, 18/10
    text = plan_file.read_text(encoding="utf-8")
    assert text.index("2024-09-23") < text.index("2024-10-01") < text.index("2024-10-18")


def test_same_date_update_goes_after_the_existing_one(plan_file: Path) -> None:
    """A second update of the same date comes after the first (it was reported later)."""
    record_progress(plan_file, "t8", update("2024-11-15", percent=90, note="Cập nhật chiều"))
    updates = load_plan(plan_file).task("t8").updates
    assert [u.percent for u in updates] == [70, 85, 90]


def test_update_before_the_first_goes_first(plan_file: Path) -> None:
    """An update dated before all others becomes the first, above the old first one."""
    before = plan_file.read_bytes()
    record_progress(plan_file, "t2", update("2024-08-10", "not_started"))
    assert load_plan(plan_file).task("t2").updates[0].date == dt.date(2024, 8, 10)
    assert len(inserted(before, plan_file.read_bytes())) == 2


def test_missing_updates_key_is_created(plan_file: Path) -> None:
    """A task without updates gets an ``updates:`` list, indented like the file's."""
    before = plan_file.read_bytes()
    record_progress(plan_file, "t13", update("2024-12-01", percent=40))
    assert inserted(before, plan_file.read_bytes()) == [
        "    updates:\n",
        "      - date: 2024-12-01\n",
        "        state: in_progress\n",
        "        percent: 40\n",
    ]
    assert load_plan(plan_file).task("t13").updates == (update("2024-12-01", percent=40),)


def test_new_key_is_placed_in_schema_order(tmp_path: Path) -> None:
    """A new ``updates:`` goes before keys the schema puts after it (``extensions``,
    ``note``), with the comment above such a key kept with it; the file's own
    indentation (here 4 spaces, dashes flush with their key) is used."""
    path = tmp_path / "kh.yaml"
    path.write_text(
        "plan:\n"
        "    id: kh45\n"
        "    title: KH\n"
        "tasks:\n"
        "-   id: t1\n"
        "    title: Báo cáo\n"
        "    # why the deadline moved\n"
        "    extensions:\n"
        "    -   date: 2024-09-01\n"
        "        to: 2024-12-31\n"
        "    note: ghi chú\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    record_progress(path, "t1", update("2024-09-10", "done"))
    assert inserted(before, path.read_bytes()) == [
        "    updates:\n",
        "    -   date: 2024-09-10\n",
        "        state: done\n",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.index("updates:") < text.index("# why the deadline moved")


def test_extension_is_appended_to_existing_ones(plan_file: Path) -> None:
    """An extension goes into ``extensions:`` with its phrase as written."""
    before = plan_file.read_bytes()
    extension = Extension(
        dt.date(2024, 12, 20),
        parse_deadline("Quý II/2025"),
        approved_by=DocumentRef.parse("120-CV/ĐU"),
        reason="Chờ Hội đồng họp",
    )
    plan = extend_deadline(plan_file, "t5", extension)
    assert inserted(before, plan_file.read_bytes()) == [
        "      - date: 2024-12-20\n",
        "        to: Quý II/2025\n",
        "        by: 120-CV/ĐU\n",
        "        reason: Chờ Hội đồng họp\n",
    ]
    assert plan.task("t5").effective_deadline == parse_deadline("Quý II/2025")


def test_extension_creates_the_list(plan_file: Path) -> None:
    """A task without extensions gets an ``extensions:`` list after its updates."""
    before = plan_file.read_bytes()
    extension = Extension(
        dt.date(2024, 9, 25), FixedDeadline(dt.date(2024, 12, 31)), DocumentRef.parse("99-CV/ĐU")
    )
    extend_deadline(plan_file, "t8", extension)
    added = inserted(before, plan_file.read_bytes())
    assert added == [
        "    extensions:\n",
        "      - date: 2024-09-25\n",
        "        to: 2024-12-31\n",
        "        by: 99-CV/ĐU\n",
    ]
    assert load_plan(plan_file).task("t8").extensions == (extension,)


def test_returned_plan_is_what_the_file_now_holds(plan_file: Path) -> None:
    """The plan returned is the plan the edited file loads as."""
    plan = record_progress(plan_file, "t9", update("2024-11-20", percent=10))
    assert plan == load_plan(plan_file)


def test_note_that_needs_quotes_is_quoted(plan_file: Path) -> None:
    """A note YAML would misread unquoted (a colon, a ``#``) is written quoted and
    reads back the same."""
    note = "Kết quả: đạt 80% #1"
    record_progress(plan_file, "t9", update("2024-11-20", note=note))
    assert load_plan(plan_file).task("t9").updates[-1].note == note


def test_note_of_several_lines_is_a_literal_block(plan_file: Path) -> None:
    """A note of several lines is written as a literal block and reads back the same."""
    note = "Dòng một\nDòng hai"
    before = plan_file.read_bytes()
    record_progress(plan_file, "t9", update("2024-11-20", note=note))
    assert "        note: |-\n" in inserted(before, plan_file.read_bytes())
    assert load_plan(plan_file).task("t9").updates[-1].note == note


def test_append_after_a_literal_block(tmp_path: Path) -> None:
    """An update appended after one whose note is a literal block ends up after the
    block, which keeps its text."""
    path = tmp_path / "kh.yaml"
    path.write_text(
        "plan: {id: kh45, title: KH}\n"
        "tasks:\n"
        "  - id: t1\n"
        "    title: A\n"
        "    updates:\n"
        "      - date: 2024-09-01\n"
        "        state: in_progress\n"
        "        note: |\n"
        "          dòng 1\n"
        "          dòng 2\n"
        "\n"
        "  # the next task\n"
        "  - id: t2\n"
        "    title: B\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    plan = record_progress(path, "t1", update("2024-09-30", "done"))
    assert len(inserted(before, path.read_bytes())) == 2
    assert plan.task("t1").updates[0].note == "dòng 1\ndòng 2\n"


def test_comment_above_the_next_update_stays_with_it(tmp_path: Path) -> None:
    """Inserting before an update puts the new lines above the comment that
    introduces that update."""
    path = tmp_path / "kh.yaml"
    path.write_text(
        "plan: {id: kh45, title: KH}\n"
        "tasks:\n"
        "  - id: t1\n"
        "    title: A\n"
        "    updates:\n"
        "      - date: 2024-09-01\n"
        "        state: in_progress\n"
        "      # October report\n"
        "      - date: 2024-10-15\n"
        "        state: in_progress\n",
        encoding="utf-8",
    )
    record_progress(path, "t1", update("2024-09-20", percent=30))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines.index("      # October report") == lines.index("      - date: 2024-10-15") - 1
    assert lines.index("      - date: 2024-09-20") < lines.index("      # October report")


def test_file_without_final_line_break_keeps_none(tmp_path: Path) -> None:
    """A file that ends without a line break gets the new lines at its end, still
    without a final line break."""
    path = tmp_path / "kh.yaml"
    path.write_text("plan: {id: kh45, title: KH}\ntasks:\n  - id: t1\n    title: A", "utf-8")
    record_progress(path, "t1", update("2024-09-01", "done"))
    assert path.read_text(encoding="utf-8") == (
        "plan: {id: kh45, title: KH}\ntasks:\n  - id: t1\n    title: A\n"
        "    updates:\n      - date: 2024-09-01\n        state: done"
    )


def test_crlf_file_stays_crlf(plan_file: Path) -> None:
    """A file with Windows line ends keeps them, the new lines included."""
    plan_file.write_bytes(REFERENCE.read_bytes().replace(b"\n", b"\r\n"))
    before = plan_file.read_bytes()
    record_progress(plan_file, "t8", update("2024-12-20", percent=95))
    after = plan_file.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert inserted(before, after) == [
        "      - date: 2024-12-20\r\n",
        "        state: in_progress\r\n",
        "        percent: 95\r\n",
    ]


def test_byte_order_mark_is_kept(plan_file: Path) -> None:
    """A file that starts with a UTF-8 byte-order mark keeps it (Notepad writes one)."""
    plan_file.write_bytes(codecs.BOM_UTF8 + REFERENCE.read_bytes())
    before = plan_file.read_bytes()
    record_progress(plan_file, "t8", update("2024-12-20"))
    after = plan_file.read_bytes()
    assert after.startswith(codecs.BOM_UTF8)
    assert not after[3:].startswith(codecs.BOM_UTF8)
    assert len(inserted(before, after)) == 2


def test_flow_style_list_is_rewritten_through_the_round_trip_editor(tmp_path: Path) -> None:
    """Updates written in flow style (``[...]``) cannot take new lines: the file is
    rewritten keeping its comments, and the update is recorded."""
    path = tmp_path / "kh.yaml"
    path.write_text(
        "plan:\n"
        "  id: kh45   # mã kế hoạch\n"
        "  title: KH\n"
        "tasks:\n"
        "  - id: t1\n"
        "    title: A   # việc chính\n"
        "    updates: [{date: 2024-09-01, state: in_progress}]\n",
        encoding="utf-8",
    )
    plan = record_progress(path, "t1", update("2024-09-30", "done"))
    text = path.read_text(encoding="utf-8")
    assert "# mã kế hoạch" in text
    assert "# việc chính" in text
    assert [u.state for u in plan.task("t1").updates] == [
        ProgressState.IN_PROGRESS,
        ProgressState.DONE,
    ]
    assert load_plan(path) == plan


def test_no_lock_or_temp_file_is_left(plan_file: Path) -> None:
    """After a write, the directory holds the plan and nothing else."""
    record_progress(plan_file, "t9", update("2024-11-20"))
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["plan.yaml"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2024, 8, 6), dt.date(2025, 6, 30)),
            st.sampled_from(["not_started", "in_progress", "suspended"]),
            st.integers(0, 9999),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_updates_only_inserts_lines(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[dt.date, str, int]]
) -> None:
    """Whatever updates are recorded, in whatever order, the file only gains lines
    and the task's updates are the old ones and the new ones, in date order (ties in
    the order recorded)."""
    path = tmp_path_factory.mktemp("plans") / "plan.yaml"
    shutil.copyfile(REFERENCE, path)
    original = path.read_bytes()
    old = load_plan(path).task("t2").updates
    expected = list(old)
    for day, state, n in entries:
        new = ProgressUpdate(day, state, note=f"báo cáo {n}")
        if new in expected:
            continue
        record_progress(path, "t2", new)
        expected.append(new)
    expected.sort(key=lambda u: u.date)  # stable: ties stay in the order recorded
    inserted(original, path.read_bytes())
    assert list(load_plan(path).task("t2").updates) == expected


# ---------------------------------------------------------------------------------
# Refusals leave the file byte for byte as it was


def test_unknown_task_is_refused_naming_the_known_ones(plan_file: Path) -> None:
    """An unknown task id raises UnknownTaskError with the nearest and known ids."""
    before = plan_file.read_bytes()
    with pytest.raises(UnknownTaskError) as info:
        record_progress(plan_file, "t99", update("2024-11-01"))
    message = str(info.value)
    assert "unknown task 't99'" in message
    assert "did you mean 't9'?" in message
    assert "known tasks: t1, t2" in message
    assert str(plan_file) in message
    assert plan_file.read_bytes() == before


@pytest.mark.parametrize(
    ("task", "new", "message"),
    [
        ("t1", update("2024-09-01"), "reported done on 2024-08-28"),
        ("t1", update("2024-08-28", "done"), "reported done on 2024-08-28"),
        ("t4", update("2024-10-01", "done"), "would come before the task's update of 2024-11-29"),
        (
            "t4",
            update("2024-09-30", percent=30, reported_by="cb-quan-ly"),
            "already recorded",
        ),
    ],
    ids=["after-done", "second-done", "done-before-later-updates", "duplicate"],
)
def test_invalid_update_is_refused_and_nothing_written(
    plan_file: Path, task: str, new: ProgressUpdate, message: str
) -> None:
    """An update after "done", a "done" before later updates, or one already
    recorded raises ValidationError and leaves the file untouched."""
    before = plan_file.read_bytes()
    with pytest.raises(ValidationError, match=message):
        record_progress(plan_file, task, new)
    assert plan_file.read_bytes() == before
    assert temp_files(plan_file) == []


def test_update_that_breaks_the_plan_check_is_refused(tmp_path: Path) -> None:
    """When the new plan fails the plan-wide check (here: an extension dated before
    the plan's date of issue), PlanContentError names the problem with its field
    path and file, and the file is unchanged."""
    path = tmp_path / "kh.yaml"
    path.write_text(
        "plan: {id: kh45, title: KH, issued_on: 2024-08-06}\n"
        "tasks:\n"
        "  - id: t1\n"
        "    title: A\n"
        "    deadline: 2024-09-30\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    extension = Extension(dt.date(2024, 7, 1), FixedDeadline(dt.date(2024, 10, 31)))
    with pytest.raises(PlanContentError) as info:
        extend_deadline(path, "t1", extension)
    assert "tasks[0].extensions[0]" in str(info.value)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


def test_extension_after_done_is_refused(plan_file: Path) -> None:
    """An extension granted after the task was reported done is refused: it would
    turn a late completion into an on-time one."""
    before = plan_file.read_bytes()
    extension = Extension(dt.date(2024, 11, 10), parse_deadline("Tháng 11/2024"))
    with pytest.raises(ValidationError, match="reported done on 2024-11-08"):
        extend_deadline(plan_file, "t7", extension)
    assert plan_file.read_bytes() == before


def test_busy_lock_times_out_without_writing(plan_file: Path) -> None:
    """While another writer holds the lock, recording waits ``timeout`` seconds, then
    raises ConcurrentUpdateError; the file is unchanged."""
    before = plan_file.read_bytes()
    with file_lock(plan_file), pytest.raises(ConcurrentUpdateError, match="another process"):
        record_progress(plan_file, "t9", update("2024-11-20"), timeout=0.1)
    assert plan_file.read_bytes() == before
    assert not lock_path(plan_file).exists()


# ---------------------------------------------------------------------------------
# TOML and JSON


def test_json_plan_keeps_its_indentation_and_values(tmp_path: Path) -> None:
    """A JSON plan gets the update and keeps its indentation, key order and the way
    its values are written (a day-first date stays day first)."""
    path = tmp_path / "kh.json"
    data = {
        "tasks": [{"title": "A", "id": "t1", "deadline": "Quý III/2024"}],
        "plan": {"title": "KH", "id": "kh45", "issued_on": "06/8/2024"},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")
    plan = record_progress(path, "t1", update("2024-09-20", "done", note="Xong"))
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == {
        "tasks": [
            {
                "title": "A",
                "id": "t1",
                "deadline": "Quý III/2024",
                "updates": [{"date": "2024-09-20", "state": "done", "note": "Xong"}],
            }
        ],
        "plan": {"title": "KH", "id": "kh45", "issued_on": "06/8/2024"},
    }
    assert '\n    "tasks": [' in text
    assert load_plan(path) == plan


def test_toml_plan_is_updated(tmp_path: Path) -> None:
    """A TOML plan (the reference plan written as TOML) gets the extension."""
    path = tmp_path / "kh.toml"
    path.write_text(dumps_plan(load_plan(REFERENCE), "toml"), encoding="utf-8")
    extension = Extension(
        dt.date(2024, 12, 20), parse_deadline("Quý II/2025"), DocumentRef.parse("120-CV/ĐU")
    )
    plan = extend_deadline(path, "t5", extension)
    task = next(t for t in tomllib.loads(path.read_text("utf-8"))["tasks"] if t["id"] == "t5")
    assert task["extensions"][-1] == {
        "date": dt.date(2024, 12, 20),
        "to": "Quý II/2025",
        "by": "120-CV/ĐU",
    }
    assert load_plan(path) == plan


def test_json_refusal_leaves_file_unchanged(tmp_path: Path) -> None:
    """A refused update leaves a JSON file byte for byte as it was."""
    path = tmp_path / "kh.json"
    path.write_text(dumps_plan(load_plan(REFERENCE), "json"), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ValidationError):
        record_progress(path, "t12", update("2024-11-08"))
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------
# The command line


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_update_says_what_was_written(plan_file: Path) -> None:
    """``actionplan update`` records the update and says so in one line."""
    code, out, _ = run(
        "update",
        str(plan_file),
        "t13",
        "--state",
        "done",
        "--on",
        "15/10/2024",
        "--by",
        "vp-dang-uy",
    )
    assert code == 0
    assert out == f"t13: done on 15/10/2024 recorded in {plan_file}\n"
    assert load_plan(plan_file).task("t13").updates == (
        update("2024-10-15", "done", reported_by="vp-dang-uy"),
    )


def test_cli_update_json(plan_file: Path) -> None:
    """``--format json`` gives its schema, the file, the task, the update as written and
    the count."""
    code, out, _ = run(
        "update", str(plan_file), "t9", "--state", "in_progress", "--on", "2024-11-20",
        "--percent", "10", "--note", "Bắt đầu rà soát", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {
        "schema": "actionplan.update/1",
        "file": str(plan_file),
        "task": "t9",
        "update": {
            "date": "2024-11-20",
            "state": "in_progress",
            "percent": 10,
            "note": "Bắt đầu rà soát",
        },
        "updates": 3,
    }


def test_cli_update_defaults_to_today_in_the_plan_zone(plan_file: Path) -> None:
    """Without ``--on`` the update is dated today in the plan's time zone."""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    first = dt.datetime.now(zone).date()
    code, _, err = run("update", str(plan_file), "t13", "--state", "in_progress")
    assert code == 0, err
    days = {first, dt.datetime.now(zone).date()}
    assert load_plan(plan_file).task("t13").updates[-1].date in days


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["t99", "--state", "done", "--on", "2024-11-01"], "unknown task 't99'"),
        (["t1", "--state", "in_progress", "--on", "2024-09-01"], "reported done on 2024-08-28"),
        (["t9", "--state", "done", "--on", "2024-11-20", "--percent", "50"], "done update is 100"),
        (["t9", "--state", "in_progress", "--on", "2024-11-20", "--percent", "120"], "120"),
        (["t9", "--state", "finished", "--on", "2024-11-20"], "finished"),
        (["t9", "--state", "done", "--on", "31/02/2024"], "not a real date"),
    ],
    ids=["unknown-task", "after-done", "done-not-100", "percent-range", "state", "date"],
)
def test_cli_update_bad_input_exits_2_and_writes_nothing(
    plan_file: Path, args: list[str], message: str
) -> None:
    """Bad input exits 2 with one line on stderr naming the problem; the file is
    unchanged."""
    before = plan_file.read_bytes()
    code, out, err = run("update", str(plan_file), *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_cli_update_busy_lock_exits_3(plan_file: Path) -> None:
    """When the plan stays locked by another writer for longer than ``--wait``, the
    command exits 3 (conflict) and writes nothing."""
    before = plan_file.read_bytes()
    with file_lock(plan_file):
        code, _, err = run(
            "update", str(plan_file), "t9", "--state", "in_progress", "--on", "2024-11-20",
            "--wait", "0.1",
        )  # fmt: skip
    assert code == 3
    assert "another process" in err
    assert plan_file.read_bytes() == before


def test_cli_update_missing_file_exits_2(tmp_path: Path) -> None:
    """A plan file that does not exist is bad input: exit 2, one line."""
    code, _, err = run(
        "update", str(tmp_path / "none.yaml"), "t1", "--state", "done", "--on", "2024-11-20"
    )
    assert code == 2
    assert "none.yaml" in err


def test_cli_extend_says_what_was_written(plan_file: Path) -> None:
    """``actionplan extend`` reads the deadline phrase in the plan's context, records
    the extension and names the new due date."""
    code, out, err = run(
        "extend", str(plan_file), "t8", "--to", "Quý IV", "--by", "99-CV/ĐU",
        "--reason", "Chờ kết nối", "--on", "25/9/2024",
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        f"t8: deadline extended to 31/12/2024 (Quý IV) by 99-CV/ĐU on 25/9/2024, "
        f"recorded in {plan_file}\n"
    )
    (extension,) = load_plan(plan_file).task("t8").extensions
    assert extension.reason == "Chờ kết nối"
    assert extension.approved_by == DocumentRef.parse("99-CV/ĐU")


def test_cli_extend_json(plan_file: Path) -> None:
    """``extend --format json`` gives its schema, the extension as written and its due
    date."""
    code, out, _ = run(
        "extend", str(plan_file), "t9", "--to", "31/12/2024", "--by", "5-TB/ĐU",
        "--on", "2024-11-25", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {
        "schema": "actionplan.extend/1",
        "file": str(plan_file),
        "task": "t9",
        "extension": {"date": "2024-11-25", "to": "31/12/2024", "by": "5-TB/ĐU"},
        "due": "2024-12-31",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["t8", "--to", "khi nào xong", "--by", "99-CV/ĐU"], "khi nào xong"),
        (["t8", "--to", "Quý IV/2024", "--by", "not a ref"], "not a ref"),
        (["t7", "--to", "Quý IV/2024", "--by", "99-CV/ĐU", "--on", "2024-11-20"], "done"),
        (["t8", "--to", "Quý IV/2024"], "--by"),
    ],
    ids=["phrase", "ref", "after-done", "missing-by"],
)
def test_cli_extend_bad_input_exits_2_and_writes_nothing(
    plan_file: Path, args: list[str], message: str
) -> None:
    """A phrase or document number that cannot be read, or a refused extension, exits
    2 with one line on stderr; the file is unchanged."""
    before = plan_file.read_bytes()
    code, _, err = run("extend", str(plan_file), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_recurring_task_records_each_done(tmp_path: Path) -> None:
    """A monthly report can be recorded done month after month."""
    import datetime as dt

    from actionplan.files import load_plan
    from actionplan.files.edit import record_progress
    from actionplan.model import ProgressUpdate

    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan: {id: kh, title: Kế hoạch}\n"
        "tasks:\n"
        "  - id: t1\n"
        "    title: Báo cáo tháng\n"
        "    deadline: hằng tháng\n",
        encoding="utf-8",
    )
    record_progress(path, "t1", ProgressUpdate(dt.date(2024, 8, 30), "done"))
    record_progress(path, "t1", ProgressUpdate(dt.date(2024, 9, 30), "done"))
    assert [u.date.month for u in load_plan(path).task("t1").updates] == [8, 9]
