"""Recording progress and deadline extensions in a plan file, in place, safely.

:func:`record_progress` adds a :class:`~actionplan.model.ProgressUpdate` to a task,
:func:`extend_deadline` an :class:`~actionplan.model.Extension`. Both edit the file
where it is and return the new plan:

- **Nothing else changes.** In a YAML file the new entry's lines are inserted into
  the task's ``updates:`` (or ``extensions:``) list, in date order, indented like
  the entries around them; every other byte of the file — comments, key order,
  quoting, blank lines, line ends (LF or CRLF), a byte-order mark — stays as it was.
  A task without the list gets one, placed where the schema puts it among the
  task's keys, in the file's own indentation. The result is read back and must give
  exactly the new plan; for the rare layout where inserting lines cannot work (a list
  written in flow style, ``updates: [...]``), the file is rewritten through the
  round-trip editor instead (:mod:`actionplan.files.document`), which keeps comments
  and key order. TOML and JSON files, which hold no comments, are rewritten from
  their data with the entry added, keeping their key order and the way their values
  are written (JSON keeps its indentation too).
- **An invalid change is refused before anything is written**, and the file is left
  byte for byte as it was: an unknown task
  (:class:`~actionplan.errors.UnknownTaskError`, naming the tasks the file has), an
  entry the model refuses or that is already recorded
  (:class:`~actionplan.errors.ValidationError`), or a plan that then fails
  :func:`~actionplan.files.check_plan` (:class:`~actionplan.errors.PlanContentError`).
- **A done task takes no later updates** — unless it repeats (a recurring or
  ongoing deadline), where each "done" closes one occurrence or cycle. Once a
  one-off task is reported done, a later
  update (even another ``done``) is refused, as is a ``done`` update dated before
  updates the task already has: :func:`~actionplan.files.check_plan` rejects a plan
  where work goes on after "done", so a file that holds one would no longer load.
  If the work did go on, remove the done update from the file first. An extension
  dated on or after the done date is refused too: granted after the fact, it would
  turn a late completion into an on-time one. ``suspended`` and ``cancelled`` are
  not final: a suspended task may resume, a cancelled one be revived.
- **Crash-safe and concurrent-safe.** The whole read-modify-write runs under an
  exclusive lock on the sidecar file ``.{name}.lock``
  (:func:`actionplan._atomic.file_lock`, waiting at most ``timeout`` seconds), so two
  processes recording updates at the same time both get theirs in: no update is
  lost. The new bytes are written to a temporary file that is synced and renamed over
  the plan (:func:`actionplan._atomic.atomic_write_bytes`), so a crash leaves the old
  file or the new one, never half of one. If another program (an editor) saved the
  file between our read and our write, nothing is written and
  :class:`~actionplan.errors.ConcurrentUpdateError` is raised.

>>> import datetime as dt, pathlib, tempfile
>>> from actionplan.model import ProgressUpdate
>>> path = pathlib.Path(tempfile.mkdtemp()) / "kh45.yaml"
>>> _ = path.write_text('''plan:
...   id: kh45                  # Kế hoạch số 45-KH/ĐU
...   title: Kế hoạch 45
...   issued_on: 2024-08-06
... tasks:
...   - id: t1
...     title: "Tuyên truyền Nghị quyết"
...     deadline: Quý III/2024  # 30/9/2024
... ''', encoding="utf-8")
>>> plan = record_progress(path, "t1", ProgressUpdate(dt.date(2024, 9, 20), "done"))
>>> plan.task("t1").updates[-1].state
<ProgressState.DONE: 'done'>
>>> print(path.read_text(encoding="utf-8"), end="")
plan:
  id: kh45                  # Kế hoạch số 45-KH/ĐU
  title: Kế hoạch 45
  issued_on: 2024-08-06
tasks:
  - id: t1
    title: "Tuyên truyền Nghị quyết"
    deadline: Quý III/2024  # 30/9/2024
    updates:
      - date: 2024-09-20
        state: done
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias

import attrs
import tomli_w
import yaml

from actionplan._atomic import atomic_write_bytes, file_lock
from actionplan.errors import (
    ActionPlanError,
    PlanContentError,
    PlanFileError,
    Problem,
    Severity,
    UnknownTaskError,
    ValidationError,
)
from actionplan.files import _yaml
from actionplan.files._issues import suggest
from actionplan.files.convert import known_keys, unstructure_extension, unstructure_update
from actionplan.files.document import dumps_document, loads_document
from actionplan.files.dump import _json_default, dumps_plan
from actionplan.files.integrity import check_plan
from actionplan.files.load import MAX_BYTES, Format, decode, format_of, parse_text, reads_plan
from actionplan.model import ActionPlan, Extension, ProgressState, ProgressUpdate, Task

__all__ = ["extend_deadline", "record_progress"]

_Key: TypeAlias = Literal["updates", "extensions"]


def record_progress(
    path: str | os.PathLike[str],
    task_id: str,
    update: ProgressUpdate,
    *,
    timeout: float = 10.0,
) -> ActionPlan:
    """Record ``update`` for the task ``task_id`` in the plan file ``path``; the new plan.

    The update goes into the task's ``updates`` in date order (after any update of
    the same date). The file is edited in place, atomically, under an inter-process
    lock held at most ``timeout`` seconds; see the module documentation for what is
    kept and what is refused.

    Raises :class:`~actionplan.errors.UnknownTaskError`,
    :class:`~actionplan.errors.ValidationError` (an update already recorded, or one
    after the task was reported done), :class:`~actionplan.errors.PlanContentError`
    (the plan would fail :func:`~actionplan.files.check_plan`; or the file does not
    hold a valid plan), :class:`~actionplan.errors.PlanSyntaxError`,
    :class:`~actionplan.errors.ConcurrentUpdateError` (the lock was not free within
    ``timeout``, or another program changed the file meanwhile), and
    :class:`OSError` when the file cannot be read or written. On any error the file
    is unchanged.

    >>> import datetime as dt, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kh45.yaml"
    >>> _ = path.write_text("plan: {id: kh45, title: KH}\\n"
    ...                     "tasks:\\n  - id: t1\\n    title: Báo cáo\\n", encoding="utf-8")
    >>> _ = record_progress(path, "t1", ProgressUpdate(dt.date(2024, 9, 1), "done"))
    >>> record_progress(path, "t1", ProgressUpdate(dt.date(2024, 9, 5), "in_progress"))
    Traceback (most recent call last):
    ...
    actionplan.errors.ValidationError: ...kh45.yaml: Task 't1': updates: the task was reported done on 2024-09-01; a done task takes no later updates (the in_progress update of 2024-09-05 was not recorded); if the work went on, remove the done update from the file first
    """  # noqa: E501  (a doctest traceback is one line)

    def change(task: Task, plan: ActionPlan, source: str) -> tuple[Task, int, dict[str, Any]]:
        _check_update(task, update, source)
        index = bisect.bisect_right([u.date for u in task.updates], update.date)
        updates = (*task.updates[:index], update, *task.updates[index:])
        return attrs.evolve(task, updates=updates), index, unstructure_update(update)

    return _edit(path, task_id, "updates", change, timeout)


def extend_deadline(
    path: str | os.PathLike[str],
    task_id: str,
    extension: Extension,
    *,
    timeout: float = 10.0,
) -> ActionPlan:
    """Record a deadline ``extension`` for the task ``task_id`` in the plan file; the new plan.

    The extension goes into the task's ``extensions`` in date order; its deadline
    is written as its phrase when it has one (``to: Quý I/2025``). Edited in place,
    atomically, under the lock, like :func:`record_progress`, and refused the same
    ways; also refused when the task was reported done on or before the extension's
    date (an extension after the fact would change whether it was done on time).

    >>> import datetime as dt, pathlib, tempfile
    >>> from actionplan.deadlines import FixedDeadline
    >>> from actionplan.refs import DocumentRef
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kh45.yaml"
    >>> _ = path.write_text("plan: {id: kh45, title: KH}\\n"
    ...                     "tasks:\\n  - id: t1\\n    title: Báo cáo\\n"
    ...                     "    deadline: 2024-09-30\\n", encoding="utf-8")
    >>> plan = extend_deadline(path, "t1", Extension(dt.date(2024, 9, 25),
    ...     FixedDeadline(dt.date(2024, 10, 31)), approved_by=DocumentRef.parse("112-CV/ĐU")))
    >>> plan.task("t1").effective_deadline.date
    datetime.date(2024, 10, 31)
    >>> print(path.read_text(encoding="utf-8"), end="")
    plan: {id: kh45, title: KH}
    tasks:
      - id: t1
        title: Báo cáo
        deadline: 2024-09-30
        extensions:
          - date: 2024-09-25
            to: 2024-10-31
            by: 112-CV/ĐU
    """

    def change(task: Task, plan: ActionPlan, source: str) -> tuple[Task, int, dict[str, Any]]:
        _check_extension(task, extension, source)
        index = bisect.bisect_right([e.date for e in task.extensions], extension.date)
        extensions = (*task.extensions[:index], extension, *task.extensions[index:])
        data = unstructure_extension(extension, plan=plan)
        return attrs.evolve(task, extensions=extensions), index, data

    return _edit(path, task_id, "extensions", change, timeout)


# --------------------------------------------------------------------------------------
# The read-modify-write, under the lock

_Change: TypeAlias = Callable[[Task, ActionPlan, str], tuple[Task, int, dict[str, Any]]]


def _edit(
    path: str | os.PathLike[str], task_id: str, key: _Key, change: _Change, timeout: float
) -> ActionPlan:
    source = os.fspath(path)
    fmt = format_of(path)
    with file_lock(path, timeout=timeout):
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        plan = reads_plan(raw, fmt, source=source).plan
        task = _find_task(plan, task_id, source)
        new_task, index, item = change(task, plan, source)
        new_plan = attrs.evolve(plan, tasks=[new_task if t is task else t for t in plan.tasks])
        errors = [p for p in check_plan(new_plan) if p.severity is Severity.ERROR]
        if errors:
            raise PlanContentError([attrs.evolve(p, file=source) for p in errors], file=source)
        position = _Position(task_id, plan.tasks.index(task), key, index)
        if fmt == "yaml":
            data = _yaml_bytes(raw, source, position, item, new_plan)
        else:
            data = _data_bytes(raw, fmt, source, position, item, new_plan)
        atomic_write_bytes(path, data, expect=raw)
    return new_plan


def _find_task(plan: ActionPlan, task_id: str, source: str) -> Task:
    for task in plan.tasks:
        if task.id == task_id:
            return task
    known = [t.id for t in plan.tasks]
    hint = f"{source} has no such task; {suggest(task_id, known, 'tasks')}"
    raise UnknownTaskError(task_id, known, hint=hint)


def _owner(task: Task, source: str) -> str:
    return f"{source}: Task {task.id!r}"


def _done_on(task: Task, on_or_before: dt.date) -> dt.date | None:
    """The date the task was reported done, if on or before ``on_or_before``.

    A recurring or ongoing task is never done for good: each "done" closes one
    occurrence or cycle, so this is ``None`` for it.
    """
    if task.repeats:
        return None
    for update in task.updates:
        if update.state is ProgressState.DONE and update.date <= on_or_before:
            return update.date
    return None


def _check_update(task: Task, update: ProgressUpdate, source: str) -> None:
    if update in task.updates:
        raise ValidationError(
            _owner(task, source),
            "updates",
            f"this update is already recorded ({update.state.value} on "
            f"{update.date.isoformat()}); nothing was written",
        )
    done = _done_on(task, update.date)
    if done is not None:
        raise ValidationError(
            _owner(task, source),
            "updates",
            f"the task was reported done on {done.isoformat()}; a done task takes no later "
            f"updates (the {update.state.value} update of {update.date.isoformat()} was not "
            "recorded); if the work went on, remove the done update from the file first",
        )
    later = [u for u in task.updates if u.date > update.date]
    if update.state is ProgressState.DONE and later and not task.repeats:
        raise ValidationError(
            _owner(task, source),
            "updates",
            f"a done update on {update.date.isoformat()} would come before the task's "
            f"update of {later[0].date.isoformat()} ({later[0].state.value}), and a done "
            "task takes no later updates; record done on or after the last update's date",
        )


def _check_extension(task: Task, extension: Extension, source: str) -> None:
    if extension in task.extensions:
        raise ValidationError(
            _owner(task, source),
            "extensions",
            f"this extension is already recorded (granted on {extension.date.isoformat()}); "
            "nothing was written",
        )
    done = _done_on(task, extension.date)
    if done is not None:
        raise ValidationError(
            _owner(task, source),
            "extensions",
            f"the task was reported done on {done.isoformat()}; an extension granted on "
            f"{extension.date.isoformat()} would change after the fact whether it was done "
            "on time, so it was not recorded",
        )


@attrs.frozen
class _Position:
    """Where the new entry goes: task ``task_id`` (the ``task_index``-th), list ``key``,
    at ``index``."""

    task_id: str
    task_index: int
    key: _Key
    index: int


def _reads_as(data: bytes, fmt: Format, source: str, plan: ActionPlan) -> bool:
    """Whether ``data`` reads back as exactly ``plan``."""
    try:
        return reads_plan(data, fmt, source=source).plan == plan
    except ActionPlanError:
        return False


def _unwritable(source: str, position: _Position) -> PlanFileError:  # pragma: no cover
    # Reached only if both ways of writing fail to give the plan back: a bug.
    return PlanFileError(
        [
            Problem(
                "the new entry cannot be written into the file without changing its meaning; "
                "nothing was written",
                path=f"tasks[{position.task_index}].{position.key}",
                file=source,
                hint="report this as a bug in actionplan, with the file",
            )
        ],
        file=source,
    )


# --------------------------------------------------------------------------------------
# YAML: insert the entry's lines, touching nothing else


def _yaml_bytes(
    raw: bytes, source: str, position: _Position, item: dict[str, Any], plan: ActionPlan
) -> bytes:
    text, bom = decode(raw, source)
    prefix = codecs.BOM_UTF8 if bom else b""
    try:
        edited = _splice(text, position, item)
    except (yaml.YAMLError, _yaml.YamlSafetyError):  # pragma: no cover - the file was read
        edited = None
    if edited is not None:
        data = prefix + edited.encode("utf-8")
        if _reads_as(data, "yaml", source, plan):
            return data
    # A layout lines cannot be inserted into: rewrite through the round-trip editor.
    document = loads_document(raw, source=source)
    data = prefix + dumps_document(document.with_plan(plan)).encode("utf-8")
    if _reads_as(data, "yaml", source, plan):
        return data
    raise _unwritable(source, position)  # pragma: no cover


def _value(mapping: yaml.Node, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    pairs: list[tuple[yaml.Node, yaml.Node]] = mapping.value
    return next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _block(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style


def _splice(text: str, position: _Position, item: dict[str, Any]) -> str | None:
    """``text`` with the entry's lines inserted; ``None`` when the layout does not allow it."""
    root, loader = _yaml.compose(text)
    loader.dispose()
    tasks = _value(root, "tasks") if root is not None else None
    if not _block(tasks) or not isinstance(tasks, yaml.SequenceNode):
        return None
    if len(tasks.value) <= position.task_index:
        return None  # pragma: no cover - the plan was read from this text
    task = tasks.value[position.task_index]
    id_node = _value(task, "id")
    if not _block(task) or not isinstance(id_node, yaml.ScalarNode):
        return None
    if id_node.value != position.task_id:
        return None  # pragma: no cover - the plan was read from this text
    newline = "\r\n" if "\r\n" in text else "\n"
    entries = _value(task, position.key)
    if entries is None:
        return _new_key(text, task, position, item, newline)
    if not _block(entries) or not isinstance(entries, yaml.SequenceNode) or not entries.value:
        return None
    return _new_item(text, entries, position.index, item, newline)


def _new_item(
    text: str, entries: yaml.SequenceNode, index: int, item: dict[str, Any], newline: str
) -> str | None:
    """Insert an item into a block list whose items are mappings."""
    first = entries.value[0]
    dash = _dash(text, first)
    if dash is None or not isinstance(first, yaml.MappingNode):
        return None
    dash_column = dash - _line_start(text, dash)
    step = first.start_mark.column - dash_column
    if "\n" in text[dash : first.start_mark.index] or step < 2:
        return None
    layout = _yaml.YamlLayout(mapping=_mapping_indent(text), sequence=step, offset=0)
    fragment = _yaml.dump_text([_yaml.fresh(item)], layout)
    if index < len(entries.value):
        following = _dash(text, entries.value[index])
        if following is None:
            return None
        at = _above_comments(text, _line_start(text, following), dash_column)
    else:
        at = _after(text, entries.value[-1])
    return _insert(text, at, _indented(fragment, dash_column), newline)


def _new_key(
    text: str, task: yaml.MappingNode, position: _Position, item: dict[str, Any], newline: str
) -> str | None:
    """Add the key with a one-item list to a task mapping, in the schema's key order."""
    column = task.start_mark.column
    layout = attrs.evolve(_yaml.YamlLayout.guess(text), crlf=False, bom=False, explicit_start=False)
    fragment = _yaml.dump_text({position.key: [_yaml.fresh(item)]}, layout)
    order = known_keys(Task)
    after_ours = set(order[order.index(position.key) + 1 :])
    following = next(
        (k for k, _ in task.value if isinstance(k, yaml.ScalarNode) and k.value in after_ours),
        None,
    )
    if following is not None:
        start = following.start_mark.index
        if _line_start(text, start) + column != start:
            return None
        at = _above_comments(text, _line_start(text, start), column)
    else:
        at = _after(text, task)
    return _insert(text, at, _indented(fragment, column), newline)


def _dash(text: str, item: yaml.Node) -> int | None:
    """The index of the ``-`` that introduces a block list item."""
    i = item.start_mark.index - 1
    while i >= 0 and text[i] in " \r\n":
        i -= 1
    return i if i >= 0 and text[i] == "-" else None


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _mapping_indent(text: str) -> int:
    """The file's indentation step for nested mappings (2 if it has none)."""
    return _yaml.YamlLayout.guess(text).mapping


def _above_comments(text: str, at: int, column: int) -> int:
    """Move a line start up over the comment lines just above it that start at
    ``column``, like what follows: they introduce it."""
    while at > 0:
        start = _line_start(text, at - 1)
        line = text[start:at].rstrip("\r\n")
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) != column:
            break
        at = start
    return at


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The node written last inside ``node``."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        if node.flow_style:
            return node
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def _after(text: str, node: yaml.Node) -> int:
    """The start of the line after the last line of ``node``'s content."""
    end = _last_leaf(node).end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return int(end)  # a block scalar ends after its line break
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _indented(fragment: str, column: int) -> str:
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in fragment.splitlines(True))


def _insert(text: str, at: int, fragment: str, newline: str) -> str:
    if newline != "\n":
        fragment = fragment.replace("\n", newline)
    if at == len(text) and text and not text.endswith("\n"):
        # The file ends without a line break: keep it so, after the new lines.
        return text + newline + fragment.removesuffix(newline)
    return text[:at] + fragment + text[at:]


# --------------------------------------------------------------------------------------
# TOML and JSON: add the entry to the data and write it again


def _json_indent(text: str) -> str | None:
    """The indentation of a JSON text (``None`` when it is written on one line)."""
    m = re.search(r"[\[{,]\s*?\n([ \t]+)\S", text)
    return m[1] if m else None


def _data_bytes(
    raw: bytes,
    fmt: Format,
    source: str,
    position: _Position,
    item: dict[str, Any],
    plan: ActionPlan,
) -> bytes:
    text, bom = decode(raw, source)
    prefix = codecs.BOM_UTF8 if bom else b""
    newline = "\r\n" if "\r\n" in text else "\n"
    data, _ = parse_text(text, fmt, source)
    entries = _data_entries(data, position)
    if entries is not None:
        entries.insert(position.index, item)
        out = _dumps(data, fmt, text)
        encoded = prefix + out.replace("\n", newline).encode("utf-8")
        if _reads_as(encoded, fmt, source, plan):
            return encoded
    # The data is laid out some other way: write the plan through the converter.
    encoded = prefix + dumps_plan(plan, fmt).replace("\n", newline).encode("utf-8")
    if _reads_as(encoded, fmt, source, plan):
        return encoded
    raise _unwritable(source, position)  # pragma: no cover


def _data_entries(data: Any, position: _Position) -> list[Any] | None:
    tasks = data.get("tasks") if isinstance(data, Mapping) else None
    if not isinstance(tasks, list) or len(tasks) <= position.task_index:
        return None
    task = tasks[position.task_index]
    if not isinstance(task, dict) or task.get("id") != position.task_id:
        return None
    entries = task.setdefault(position.key, [])
    return entries if isinstance(entries, list) else None


def _dumps(data: Any, fmt: Format, text: str) -> str:
    if fmt == "toml":
        return tomli_w.dumps(data)
    ascii_only = text.isascii() and "\\u" in text
    out = json.dumps(
        data, ensure_ascii=ascii_only, indent=_json_indent(text), default=_json_default
    )
    return out + "\n" if text.endswith("\n") else out
