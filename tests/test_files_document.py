"""Editing YAML plan files in place: comments, order, quoting and layout survive."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
from pathlib import Path

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actionplan.files as F
from actionplan.errors import ConcurrentUpdateError, PlanContentError, PlanFileError
from actionplan.files._yaml import YamlLayout
from actionplan.files.convert import unstructure_update
from actionplan.model import ActionPlan, ProgressState, ProgressUpdate, Task
from strategies import plans, updates

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "reference" / "plan.yaml"

COMMENTED = """\
# Kế hoạch số 45-KH/ĐU — bản theo dõi
plan:
  id: kh45            # mã kế hoạch
  title: "Kế hoạch 45"
  issued_on: 06/8/2024   # ngày ký

units:
  - {id: cb1, name: Chi bộ 1}
  - id: cb2
    name: 'Chi bộ 2'

tasks:
  # Việc thứ nhất
  - id: t1
    title: Tuyên truyền  # việc chính
    lead: cb1
    deadline: {date: 2024-12-15, before: true}
  - id: t2
    title: Báo cáo
    lead: cb2
    deadline: Quý IV/2024
    updates:
      - date: 2024-09-30
        state: in_progress   # đang làm
# cuối tệp
"""


def changed_lines(before: str, after: str) -> list[str]:
    """The lines added or removed between two texts."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_unchanged_document_is_written_back_exactly() -> None:
    """Reading and writing a document changes nothing: the reference plan, comments,
    folded texts and all."""
    text = REFERENCE.read_text(encoding="utf-8")
    assert F.dumps_document(F.loads_document(text)) == text
    assert F.dumps_document(F.loads_document(COMMENTED)) == COMMENTED


def test_with_plan_touches_only_what_changed() -> None:
    """Changing one title rewrites that line only; dates written day first, quoting,
    flow style and comments stay (a comment pushed right by a longer value keeps one
    space before it)."""
    doc = F.loads_document(COMMENTED)
    task = attrs.evolve(doc.plan.tasks[0], title="Tuyên truyền, quán triệt")
    after = F.dumps_document(doc.with_plan(attrs.evolve(doc.plan, tasks=[task, doc.plan.tasks[1]])))
    assert changed_lines(COMMENTED, after) == [
        "-    title: Tuyên truyền  # việc chính",
        "+    title: Tuyên truyền, quán triệt # việc chính",
    ]


def test_same_value_written_otherwise_is_kept() -> None:
    """A value that means the same as the new one is kept as written: a day-first date,
    a deadline mapping for a plain date, a non-canonical document number."""
    text = (
        "plan: {id: a, title: A, number: 'Số 45 - KH/ĐU', issued_on: 06/8/2024}\n"
        "tasks:\n  - {id: t1, title: B, deadline: {date: 2024-12-15}}\n"
    )
    doc = F.loads_document(text)
    assert F.dumps_document(doc.with_plan(doc.plan)) == text


def test_adding_an_update_appends_it() -> None:
    """A new update goes at the end of the task's updates, in block style with the
    file's indentation; the rest is untouched."""
    doc = F.loads_document(COMMENTED)
    t2 = doc.plan.tasks[1]
    done = attrs.evolve(
        t2, updates=(*t2.updates, ProgressUpdate(dt.date(2024, 12, 20), "done", note="Xong"))
    )
    after = F.dumps_document(doc.with_plan(attrs.evolve(doc.plan, tasks=[doc.plan.tasks[0], done])))
    assert changed_lines(COMMENTED, after) == [
        "+      - date: 2024-12-20",
        "+        state: done",
        "+        note: Xong",
    ]
    assert F.loads_plan(after).tasks[1] == done


def test_new_keys_follow_the_schema_order() -> None:
    """A key the file did not have is put where the schema orders it."""
    doc = F.loads_document(COMMENTED)
    t1 = attrs.evolve(doc.plan.tasks[0], coordinating=["cb2"], note="Ghi chú")
    after = F.dumps_document(doc.with_plan(attrs.evolve(doc.plan, tasks=[t1, doc.plan.tasks[1]])))
    block = after[after.index("  - id: t1") : after.index("  - id: t2")]
    assert block.splitlines() == [
        "  - id: t1",
        "    title: Tuyên truyền  # việc chính",
        "    lead: cb1",
        "    coordinating: [cb2]",
        "    deadline: {date: 2024-12-15, before: true}",
        "    note: Ghi chú",
    ]


def test_removed_and_added_tasks() -> None:
    """A task removed from the plan leaves the file; a new one is added where the plan
    has it; the others (and their comments) stay."""
    doc = F.loads_document(COMMENTED)
    t1, _ = doc.plan.tasks
    t3 = Task("t3", "Kiểm tra", lead="cb1")
    after = F.dumps_document(doc.with_plan(attrs.evolve(doc.plan, tasks=[t1, t3])))
    assert "id: t2" not in after
    assert "  - id: t3\n    title: Kiểm tra\n    lead: cb1\n" in after
    assert "# việc chính" in after
    assert "# Việc thứ nhất" in after
    assert F.loads_plan(after).tasks == (t1, t3)


def test_with_plan_refuses_an_invalid_plan() -> None:
    """A plan that fails the plan-wide check is never merged (nor written)."""
    doc = F.loads_document(COMMENTED)
    bad = attrs.evolve(doc.plan.tasks[0], lead="cb9")
    with pytest.raises(PlanContentError, match="unknown unit 'cb9'"):
        doc.with_plan(attrs.evolve(doc.plan, tasks=[bad, doc.plan.tasks[1]]))


def test_refreshed_after_a_direct_edit() -> None:
    """Editing the round-trip data directly, then refreshed(), gives the new plan."""
    doc = F.loads_document(COMMENTED)
    update = ProgressUpdate(dt.date(2024, 12, 1), "done")
    doc.data["tasks"][1]["updates"].append(unstructure_update(update))
    fresh = doc.refreshed()
    assert fresh.plan.tasks[1].updates[-1] == update
    assert "state: done" in F.dumps_document(fresh)


def test_refreshed_reports_problems() -> None:
    """A direct edit that breaks the plan is reported with its path."""
    doc = F.loads_document(COMMENTED)
    doc.data["tasks"][0]["lead"] = "cb7"
    with pytest.raises(PlanContentError, match=r"tasks\[0\]\.lead: unknown unit 'cb7'"):
        doc.refreshed()


def test_document_errors_are_located(tmp_path: Path) -> None:
    """load_document reports problems with file, line and column, like load_plan."""
    path = tmp_path / "kh45.yaml"
    path.write_text(COMMENTED.replace("lead: cb2", "lead: cb3"), encoding="utf-8")
    with pytest.raises(PlanContentError) as info:
        F.load_document(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 20, 11)


def test_document_refuses_aliases() -> None:
    """The editing reader goes through the same safety gate as the fast one."""
    with pytest.raises(PlanFileError, match="aliases are not allowed"):
        F.loads_document("a: &x {id: a}\nplan: *x\n")


# --------------------------------------------------------------------------------------
# Saving


def test_save_document_round_trip(tmp_path: Path) -> None:
    """save_document writes the document back where it was read."""
    path = tmp_path / "kh45.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    doc = F.load_document(path)
    plan = attrs.evolve(doc.plan, title="Kế hoạch 45 (sửa)")
    saved = F.save_document(doc.with_plan(plan))
    assert F.load_plan(path) == plan
    assert "# cuối tệp" in path.read_text(encoding="utf-8")
    assert saved.original == path.read_bytes()


def test_save_document_refuses_a_concurrent_change(tmp_path: Path) -> None:
    """If the file changed on disk since it was read, nothing is written."""
    path = tmp_path / "kh45.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    doc = F.load_document(path)
    path.write_text(COMMENTED + "# someone else\n", encoding="utf-8")
    with pytest.raises(ConcurrentUpdateError):
        F.save_document(doc.with_plan(attrs.evolve(doc.plan, title="X")))
    assert path.read_text(encoding="utf-8").endswith("# someone else\n")
    F.save_document(doc, check_unchanged=False)
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_save_document_needs_a_path() -> None:
    """A document read from text is saved only to a path given."""
    with pytest.raises(PlanFileError, match="give the path"):
        F.save_document(F.loads_document(COMMENTED))


def test_windows_line_ends_and_bom_are_kept(tmp_path: Path) -> None:
    """A file saved by Notepad (BOM, CRLF) is written back the same way."""
    path = tmp_path / "kh45.yaml"
    raw = codecs.BOM_UTF8 + COMMENTED.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    doc = F.load_document(path)
    assert doc.layout.crlf
    assert doc.layout.bom
    F.save_document(doc)
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("a:\n  b: 1\nl:\n  - x\n", YamlLayout(2, 4, 2)),
        ("a:\n    b: 1\nl:\n- x\n", YamlLayout(4, 2, 0)),
        ("l:\n    -   x\n", YamlLayout(2, 8, 4)),
        ("---\na: 1\n", YamlLayout(explicit_start=True)),
        ("a: 1\r\n", YamlLayout(crlf=True)),
    ],
)
def test_layout_guess(text: str, layout: YamlLayout) -> None:
    """The file's indentation, list style, line ends and document start are kept."""
    assert YamlLayout.guess(text) == layout


def test_dump_plan_keeps_comments_of_an_existing_file(tmp_path: Path) -> None:
    """dump_plan to an existing YAML file keeps its comments; keep_comments=False
    writes it afresh; a file that is not YAML is replaced."""
    path = tmp_path / "kh45.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    plan = attrs.evolve(F.load_plan(path), objective="Mục tiêu mới")
    F.dump_plan(plan, path)
    text = path.read_text(encoding="utf-8")
    assert "# mã kế hoạch" in text
    assert "  objective: Mục tiêu mới\n" in text
    assert F.load_plan(path) == plan
    F.dump_plan(plan, path, keep_comments=False)
    assert "#" not in path.read_text(encoding="utf-8")
    path.write_bytes(b"\xff\xfe not yaml")
    F.dump_plan(plan, path)
    assert F.load_plan(path) == plan


# --------------------------------------------------------------------------------------
# Comments anywhere survive a change (property)


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """The first and last line (0-based) of each scalar written over several lines."""
    spans: list[tuple[int, int]] = []
    stack = [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.end_mark.line > node.start_mark.line:
                spans.append((node.start_mark.line, node.end_mark.line))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return spans


def _with_comments(text: str, spots: list[tuple[int, bool]]) -> tuple[str, list[str]]:
    """``text`` with a comment before (or at the end of) each chosen line."""
    lines = text.split("\n")
    spans = _scalar_spans(text)
    markers: list[str] = []
    for number, (index, at_end) in enumerate(spots):
        i = index % len(lines)
        inside = any(first < i <= last for first, last in spans)
        starts = any(first == i for first, _ in spans)
        if not lines[i].strip() or inside or (at_end and starts):
            continue
        marker = f"ghi-chú-{number}"
        if at_end:
            lines[i] = f"{lines[i]}  # {marker}"
        else:
            indent = " " * (len(lines[i]) - len(lines[i].lstrip(" ")))
            lines[i] = f"{indent}# {marker}\n{lines[i]}"
        markers.append(marker)
    return "\n".join(lines), markers


def _change(plan: ActionPlan, how: str, update: ProgressUpdate) -> ActionPlan:
    if how == "title" or not plan.tasks:
        return attrs.evolve(plan, title=plan.title + " (sửa)")
    last = plan.tasks[-1]
    if how == "task title":
        changed = attrs.evolve(last, title=last.title + " (sửa)")
    elif how == "update" and not any(u.state is ProgressState.DONE for u in last.updates):
        when = max((u.date for u in last.updates), default=update.date)
        changed = attrs.evolve(last, updates=(*last.updates, attrs.evolve(update, date=when)))
    else:
        changed = attrs.evolve(last, key=not last.key)
    return attrs.evolve(plan, tasks=(*plan.tasks[:-1], changed))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plans(max_tasks=3),
    st.lists(st.tuples(st.integers(0, 10_000), st.booleans()), max_size=8),
    st.sampled_from(["title", "task title", "update", "key"]),
    updates(ProgressState.IN_PROGRESS),
)
def test_comments_survive_a_change(
    plan: ActionPlan,
    spots: list[tuple[int, bool]],
    how: str,
    update: ProgressUpdate,
) -> None:
    """Comments put anywhere in a plan file are all still there after the plan is
    changed and written back, and the file reads back as the changed plan."""
    text, markers = _with_comments(F.dumps_plan(plan), spots)
    doc = F.loads_document(text)
    assert doc.plan == plan
    changed = _change(plan, how, update)
    after = F.dumps_document(doc.with_plan(changed))
    for marker in markers:
        assert marker in after
    assert F.loads_plan(after) == changed
