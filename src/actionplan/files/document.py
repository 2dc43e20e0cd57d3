"""Editing YAML plan files in place: comments, key order, quoting and layout kept.

:func:`load_document` reads a YAML plan file twice over: as ``ruamel.yaml``
round-trip data (:attr:`PlanDocument.data`, a ``CommentedMap`` that keeps the
user's comments, key order, quoting and flow or block style) and as the model
(:attr:`PlanDocument.plan`). Change the plan with :func:`attrs.evolve`, then
:meth:`PlanDocument.with_plan` brings the data to it — only what changed is
touched — and :func:`save_document` writes it back atomically, refusing if the file
changed on disk meanwhile.

>>> import attrs, datetime as dt
>>> from actionplan.model import ProgressUpdate
>>> doc = loads_document('''# Kế hoạch số 45-KH/ĐU
... plan:
...   id: kh45            # mã kế hoạch
...   title: "Kế hoạch 45"
... tasks:
...   - id: t1
...     title: Tuyên truyền  # việc chính
...     deadline: Quý III/2024
... ''')
>>> task = doc.plan.tasks[0]
>>> done = attrs.evolve(task, updates=[ProgressUpdate(dt.date(2024, 9, 20), "done")])
>>> print(dumps_document(doc.with_plan(attrs.evolve(doc.plan, tasks=[done]))), end="")
# Kế hoạch số 45-KH/ĐU
plan:
  id: kh45            # mã kế hoạch
  title: "Kế hoạch 45"
tasks:
  - id: t1
    title: Tuyên truyền  # việc chính
    deadline: Quý III/2024
    updates:
      - date: 2024-09-20
        state: done
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml.comments import CommentedMap

from actionplan._atomic import atomic_write_bytes
from actionplan.dates import parse_date
from actionplan.errors import ActionPlanError, PlanContentError, PlanFileError, Problem, Severity
from actionplan.files import _yaml
from actionplan.files._formats import MAX_BYTES, _check_size
from actionplan.files._locate import roundtrip_locator
from actionplan.files._yaml import YamlLayout
from actionplan.files.convert import deadline_from_data, plan_to_data
from actionplan.files.integrity import check_plan
from actionplan.files.load import check_text, decode, finish, yaml_syntax_error
from actionplan.model import ActionPlan
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentRef

__all__ = [
    "PlanDocument",
    "YamlLayout",
    "dumps_document",
    "load_document",
    "loads_document",
    "save_document",
]


@attrs.frozen(eq=False)
class PlanDocument:
    """A YAML plan file read for editing.

    ``data`` is ruamel's round-trip data (comments and all); ``plan`` the model read
    from it; ``warnings`` the problems of severity warning. ``path`` and ``original``
    (the bytes read) let :func:`save_document` write back and notice a concurrent
    change. ``layout`` is the file's indentation, line ends and byte-order mark.

    ``data`` may be edited directly (e.g. an update appended to a task's
    ``updates``); :meth:`refreshed` then reads the plan again from it.
    """

    data: Any
    plan: ActionPlan
    path: Path | None = None
    warnings: tuple[Problem, ...] = ()
    layout: YamlLayout = attrs.field(factory=YamlLayout)
    original: bytes | None = attrs.field(default=None, repr=False)

    def with_plan(self, plan: ActionPlan) -> PlanDocument:
        """The document brought to ``plan``: only what changed is rewritten.

        Unchanged values keep their node, so their comments, quoting and style; a
        value written another way that means the same (``06/8/2024`` for the date
        2024-08-06, a deadline mapping for a date) is kept as written. New keys go in
        the schema's order, new list items where the plan has them. Raises
        :class:`~actionplan.errors.PlanContentError` when the plan fails
        :func:`~actionplan.files.check_plan` (nothing invalid is ever written).
        """
        problems = check_plan(plan)
        if any(p.severity is Severity.ERROR for p in problems):
            source = os.fspath(self.path) if self.path else None
            raise PlanContentError([attrs.evolve(p, file=source) for p in problems], file=source)
        warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
        return attrs.evolve(self, data=_merged(self.data, plan), plan=plan, warnings=warnings)

    def refreshed(self) -> PlanDocument:
        """The document with its plan read again from :attr:`data` (after direct edits).

        Raises :class:`~actionplan.errors.PlanContentError` with every problem.
        """
        source = os.fspath(self.path) if self.path else None
        result = finish(_yaml.plain(self.data), roundtrip_locator(self.data), "yaml", source)
        return attrs.evolve(self, plan=result.plan, warnings=result.warnings)


def _merged(data: Any, plan: ActionPlan) -> CommentedMap:
    """A copy of round-trip ``data`` brought to ``plan``."""
    copy = _yaml.deep_copy(data)
    if not isinstance(copy, CommentedMap):  # pragma: no cover - a loaded plan is a mapping
        copy = CommentedMap()
    full = plan_to_data(plan, omit_defaults=False)
    short = plan_to_data(plan)
    _yaml.merge(copy, full, short, equivalent=_equivalent(plan))
    return copy


def _equivalent(plan: ActionPlan) -> _yaml.Equivalent:
    """Whether an old scalar (or deadline) of the file means the new value."""

    def equivalent(key: str | None, old: Any, new: Any) -> bool:
        try:
            if key in ("deadline", "to"):
                return bool(
                    deadline_from_data(old, plan=plan) == deadline_from_data(new, plan=plan)
                )
            if isinstance(new, dt.date) and isinstance(old, str):
                return parse_date(old) == new
            if key == "period" and isinstance(old, str | int) and isinstance(new, str):
                return ReportingPeriod.parse(str(old)) == ReportingPeriod.parse(new)
            if key in ("number", "by") and isinstance(old, str) and isinstance(new, str):
                return DocumentRef.parse(old) == DocumentRef.parse(new)
        except (ActionPlanError, ValueError, TypeError):
            return False
        return False

    return equivalent


def loads_document(
    text: str | bytes, *, source: str | None = None, max_bytes: int = MAX_BYTES
) -> PlanDocument:
    """Read YAML text (or UTF-8 bytes) for editing; see :func:`load_document`."""
    _check_size(len(text), max_bytes, source)
    if isinstance(text, bytes):
        return _document(text, source, None)
    check_text(text, source)
    return _document(text.encode("utf-8"), source, None)


def load_document(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> PlanDocument:
    """Read a YAML plan file for editing: round-trip data and the plan.

    Raises :class:`~actionplan.errors.PlanSyntaxError` or
    :class:`~actionplan.errors.PlanContentError` with every problem located, like
    :func:`~actionplan.files.load_plan`; :class:`OSError` when the file cannot be
    opened.
    """
    source = os.fspath(path)
    with open(path, "rb") as stream:
        raw = stream.read(max_bytes + 1)
    _check_size(len(raw), max_bytes, source)
    return _document(raw, source, Path(path))


def _document(raw: bytes, source: str | None, path: Path | None) -> PlanDocument:
    text, bom = decode(raw, source)
    data = _roundtrip(text, source)
    result = finish(_yaml.plain(data), roundtrip_locator(data), "yaml", source)
    layout = YamlLayout.guess(text, bom=bom)
    return PlanDocument(data, result.plan, path, result.warnings, layout, raw)


def _roundtrip(text: str, source: str | None) -> Any:
    try:
        return _yaml.load_roundtrip(text)
    except (Exception, RecursionError) as exc:
        raise yaml_syntax_error(exc, text, source) from None


def dumps_document(document: PlanDocument) -> str:
    """The document as YAML text, in its own layout (line ends included)."""
    return _yaml.dump_text(document.data, document.layout)


def _encode(document: PlanDocument) -> bytes:
    prefix = codecs.BOM_UTF8 if document.layout.bom else b""
    return prefix + dumps_document(document).encode("utf-8")


def save_document(
    document: PlanDocument,
    path: str | os.PathLike[str] | None = None,
    *,
    check_unchanged: bool = True,
) -> PlanDocument:
    """Write the document to ``path`` (by default where it was read), atomically.

    When writing back to the file it was read from and ``check_unchanged`` is true,
    raises :class:`~actionplan.errors.ConcurrentUpdateError` (and writes nothing)
    if the file changed on disk since it was read. Returns the document as saved.
    """
    target = Path(path) if path is not None else document.path
    if target is None:
        raise PlanFileError(
            [Problem("the document was not read from a file; give the path to save it to")]
        )
    data = _encode(document)
    same_file = document.path is not None and _same(document.path, target)
    expect = document.original if check_unchanged and same_file else None
    atomic_write_bytes(target, data, expect=expect)
    return attrs.evolve(document, path=target, original=data)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def merged_yaml(existing: bytes, plan: ActionPlan) -> bytes | None:
    """``plan`` written into an existing YAML file's text, keeping its comments and
    layout; ``None`` when the existing text cannot be used (not YAML, not a mapping).

    The existing file need not hold a valid plan: only its YAML is used.
    """
    try:
        text, bom = decode(existing, None)
        data = _yaml.load_roundtrip(text)
    except Exception:  # not YAML we can use: the file is replaced
        return None
    if not isinstance(data, CommentedMap):
        return None
    layout = YamlLayout.guess(text, bom=bom)
    return _encode(PlanDocument(_merged(data, plan), plan, None, (), layout))
