"""Reading plan files: YAML (the main format), TOML and JSON.

A plan file is read in three steps, and each step reports every problem it finds,
located (file, line, column, field path):

1. **bytes to text**: UTF-8, with or without a byte-order mark; any line ends.
   Invalid UTF-8, a UTF-16 file or a file over ``max_bytes`` raise
   :class:`~actionplan.errors.PlanSyntaxError` or
   :class:`~actionplan.errors.PlanFileError`.
2. **text to data**: YAML through a safety gate (no aliases, no tags, no merge or
   duplicate keys, at most :data:`~actionplan.files._yaml.MAX_DEPTH` levels), TOML by
   :mod:`tomllib`, JSON by :mod:`json` (duplicate keys and ``NaN`` refused).
   Malformed input raises :class:`~actionplan.errors.PlanSyntaxError`.
3. **data to plan**: the converter (:mod:`actionplan.files.convert`) and the
   plan-wide check (:func:`~actionplan.files.check_plan`). Errors raise
   :class:`~actionplan.errors.PlanContentError` with all the problems, warnings
   included; warnings alone are returned by :func:`read_plan` and
   :func:`reads_plan`.

>>> plan = loads_plan('''
... plan:
...   id: kh45
...   title: Kế hoạch số 45-KH/ĐU
...   issued_on: 2024-08-06
... units:
...   - {id: cb1, name: Chi bộ 1}
... tasks:
...   - id: t1
...     title: Tuyên truyền Nghị quyết
...     lead: cb1
...     deadline: 2024-12-15
... ''')
>>> plan.tasks[0].lead, plan.issued_on
('cb1', datetime.date(2024, 8, 6))
>>> loads_plan('plan: {id: kh45, title: KH}\\ntasks:\\n  - {id: t1, title: A, dealine: 2024-12-15}\\n',
...            source="kh45.yaml")
Traceback (most recent call last):
...
actionplan.errors.PlanContentError: kh45.yaml:3:24: error: tasks[0].dealine: unknown key 'dealine'; did you mean 'deadline'? ...
"""  # noqa: E501  (a doctest traceback is one line)

from __future__ import annotations

import codecs
import json
import os
import re
import tomllib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import yaml

from actionplan._bulk import gc_paused
from actionplan.errors import (
    PlanContentError,
    PlanSyntaxError,
    Problem,
    Severity,
)
from actionplan.files import _yaml
from actionplan.files._formats import (
    FORMATS,
    MAX_BYTES,
    Format,
    LoadResult,
    format_of,
    read_limited,
)

# Re-exported for the writers and the document editor.
from actionplan.files._formats import _check_format as _check_format
from actionplan.files._formats import _check_size as _check_size
from actionplan.files._issues import Issue, Segments
from actionplan.files._locate import (
    Locator,
    Place,
    json_duplicate_key,
    json_locator,
    json_token_place,
    toml_locator,
    yaml_node_locator,
)
from actionplan.files.convert import read_data
from actionplan.model import ActionPlan

if TYPE_CHECKING:
    from actionplan.files.cache import PlanCache

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "Format",
    "LoadResult",
    "format_of",
    "load_plan",
    "loads_plan",
    "read_plan",
    "reads_plan",
]


def read_plan(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = MAX_BYTES,
    cache: PlanCache | bool = False,
) -> LoadResult:
    """Read a plan file; the plan and its warnings.

    The format comes from the suffix unless ``format`` is given. Raises
    :class:`~actionplan.errors.PlanSyntaxError` (malformed file),
    :class:`~actionplan.errors.PlanContentError` (well-formed, invalid plan; every
    problem, located) or :class:`~actionplan.errors.PlanFileError` (a file too large,
    an unknown suffix); :class:`OSError` when the file cannot be opened.

    ``cache`` reads through the cache of parsed plans (:mod:`actionplan.files.cache`):
    ``True`` for the one in the user's cache folder, or a
    :class:`~actionplan.files.PlanCache`. A file whose bytes were read before is not
    parsed again; an edited file always is.
    """
    if cache:
        return _cache_of(cache).read_plan(path, format=format, max_bytes=max_bytes)
    source = os.fspath(path)
    fmt = _check_format(format, source) if format is not None else format_of(path)
    raw = read_limited(path, max_bytes)
    _check_size(len(raw), max_bytes, source)
    return _read(raw, fmt, source)


def reads_plan(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> LoadResult:
    """Read a plan from text (or bytes, read as UTF-8); the plan and its warnings.

    ``source`` names the text in messages (a file name). Raises like
    :func:`read_plan`.

    >>> result = reads_plan("plan: {id: kh45, title: KH, issued_on: 2024-08-06}\\n"
    ...                     "tasks: [{id: t1, title: A, deadline: 2024-06-30}]\\n")
    >>> print(result.warnings[0])
    <plan>:2:38: warning: tasks[0].deadline: the deadline falls on 2024-06-30, before the plan's date of issue (2024-08-06); check the year
    """  # noqa: E501  (a problem is one line)
    fmt = _check_format(format, source)
    _check_size(len(text), max_bytes, source)
    raw = text if isinstance(text, bytes) else None
    if raw is not None:
        return _read(raw, fmt, source)
    assert isinstance(text, str)
    check_text(text, source)
    return _read_text(text.removeprefix("\ufeff"), fmt, source)


def load_plan(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = MAX_BYTES,
    cache: PlanCache | bool = False,
) -> ActionPlan:
    """Read a plan file (YAML, TOML or JSON, by its suffix).

    Raises like :func:`read_plan`; warnings are dropped (:func:`read_plan` returns
    them). ``cache`` is as for :func:`read_plan`: ``load_plan(path, cache=True)``
    reads a large plan seen before many times faster.
    """
    if cache:
        return _cache_of(cache).load_plan(path, format=format, max_bytes=max_bytes)
    return read_plan(path, format=format, max_bytes=max_bytes).plan


def _cache_of(cache: PlanCache | bool) -> PlanCache:
    from actionplan.files.cache import PlanCache

    if isinstance(cache, PlanCache):
        return cache
    if cache is True:
        return PlanCache()
    raise TypeError(f"cache: expected True, False or a PlanCache, found {cache!r}")


def loads_plan(
    text: str | bytes,
    format: Format = "yaml",
    *,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> ActionPlan:
    """Read a plan from text; see :func:`reads_plan`."""
    return reads_plan(text, format, source=source, max_bytes=max_bytes).plan


# --------------------------------------------------------------------------------------
# Step 1: bytes to text


_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(raw: bytes, source: str | None) -> tuple[str, bool]:
    """UTF-8 bytes as text (a leading byte-order mark dropped); whether there was one."""
    for mark, name in _BOMS:
        if raw.startswith(mark):
            raise _syntax(
                f"the file is encoded in {name}, not UTF-8",
                source,
                1,
                1,
                hint="save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
            )
    bom = raw.startswith(codecs.BOM_UTF8)
    if bom:
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise _syntax(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot start or continue a character",
            source,
            line,
            column,
            hint="save the file as UTF-8; a binary file is not a plan",
        ) from None


def check_text(text: str, source: str | None) -> None:
    """Refuse text that no UTF-8 file can hold: a lone surrogate (``\\ud800``)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = _place_of_offset(text, exc.start)
        raise _syntax(
            f"not text: a lone surrogate U+{ord(text[exc.start]):04X}, which no UTF-8 file holds",
            source,
            line,
            column,
            hint="the text was decoded wrongly; read the file as UTF-8",
        ) from None


def _syntax(
    message: str,
    source: str | None,
    line: int | None,
    column: int | None,
    *,
    hint: str | None = None,
) -> PlanSyntaxError:
    return PlanSyntaxError(
        [Problem(message, file=source, line=line, column=column, hint=hint)], file=source
    )


# --------------------------------------------------------------------------------------
# Step 2: text to data


def _read(raw: bytes, fmt: Format, source: str | None) -> LoadResult:
    text, _ = decode(raw, source)
    return _read_text(text, fmt, source)


def _read_text(text: str, fmt: Format, source: str | None) -> LoadResult:
    # A large plan is read into millions of objects at once: the cyclic garbage
    # collector, walking them again and again, would take most of the time.
    with gc_paused():
        data, locator = parse_text(text, fmt, source)
        return finish(data, locator, fmt, source)


def parse_text(text: str, fmt: Format, source: str | None) -> tuple[Any, Locator]:
    """Text to data, and the locator that places paths in the text."""
    if fmt == "yaml":
        return _parse_yaml(text, source)
    if fmt == "toml":
        return _parse_toml(text, source), toml_locator(text)
    return _parse_json(text, source), json_locator(text)


def _parse_yaml(text: str, source: str | None) -> tuple[Any, Locator]:
    try:
        data, _ = _yaml.load_fast(text)
    except (Exception, RecursionError) as exc:
        raise yaml_syntax_error(exc, text, source) from None
    return data, _yaml_locator(text)


def _yaml_locator(text: str) -> Locator:
    """Places in a YAML text, from its node tree composed again on first use.

    The tree the fast reader makes takes several times the memory of the data, and
    most files have no problem to place: it is let go as soon as the data is made,
    and a file with problems is composed again (it read once, so it reads again).
    """
    found: list[Locator] = []

    def locate(segments: Segments, at_key: bool) -> Place | None:
        if not found:
            node, loader = _yaml.compose(text)
            loader.dispose()
            found.append(yaml_node_locator(node))
        return found[0](segments, at_key)

    return locate


def yaml_syntax_error(exc: BaseException, text: str, source: str | None) -> PlanSyntaxError:
    """A located syntax error for an exception raised while reading YAML."""
    if isinstance(exc, _yaml.YamlSafetyError):
        return _syntax(exc.message, source, exc.line, exc.column, hint=exc.hint)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "malformed YAML"
        if exc.context and exc.context not in problem:
            problem = f"{exc.context}: {problem}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        hint = None
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            hint = "indent with spaces, not tabs"
        elif "exceeded maximum nesting depth" in problem:
            hint = "a plan file needs only a few levels of nesting"
        return _syntax(
            f"malformed YAML: {' '.join(problem.split())}", source, line, column, hint=hint
        )
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _place_of_offset(text, exc.position)
        return _syntax(
            f"a character YAML does not allow: #x{exc.character:04x}"
            if isinstance(exc.character, int)
            else f"unreadable text: {exc.reason}",
            source,
            line,
            column,
            hint="remove control characters; a binary file is not a plan",
        )
    if isinstance(exc, _yaml.RUAMEL_ERRORS):
        place = _yaml.ruamel_mark(exc)
        return _syntax(
            f"malformed YAML: {' '.join(str(exc).split())}",
            source,
            *(place if place else (None, None)),
        )
    if isinstance(exc, yaml.YAMLError):
        return _syntax(f"malformed YAML: {exc}", source, None, None)
    if isinstance(exc, RecursionError):
        return _syntax(
            "nested too deeply", source, 1, 1, hint="a plan file needs only a few levels"
        )
    # Anything else the YAML libraries raise on odd input: still a located error.
    return _syntax(f"unreadable YAML: {type(exc).__name__}: {exc}", source, None, None)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' past the end)."""
    lines = text.split("\n", line + 1)
    if line >= len(lines):
        return ""
    return lines[line][column : column + 1]


_LONG_NUMBER = re.compile(r"\d{4000,}")


def _long_number_place(text: str) -> tuple[int | None, int | None]:
    """Where a number too long to read is (its digits), if there is one."""
    m = _LONG_NUMBER.search(text)
    return _place_of_offset(text, m.start()) if m else (None, None)


def _place_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, source: str | None) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_PLACE.search(message)
        line, column = (int(m[1]), int(m[2])) if m else (None, None)
        message = _TOML_PLACE.sub("", message).strip()
        raise _syntax(f"malformed TOML: {message}", source, line, column) from None
    except RecursionError:
        raise _syntax(
            "nested too deeply", source, 1, 1, hint="a plan file needs only a few levels"
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise _syntax(
            "a number too long to read", source, *_long_number_place(text), hint=str(exc)
        ) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _no_duplicates(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _Constant(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)


def _no_constant(name: str) -> Any:
    raise _Constant(name)


def _parse_json(text: str, source: str | None) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        hint = "the file is empty; a plan file holds a JSON object" if not text.strip() else None
        raise _syntax(
            f"malformed JSON: {exc.msg}", source, exc.lineno, exc.colno, hint=hint
        ) from None
    except _DuplicateKey as exc:
        found = json_duplicate_key(text)
        line, column = found[1] if found else (None, None)
        raise _syntax(
            f"duplicate key {exc.key!r}", source, line, column, hint="keep one of the two"
        ) from None
    except _Constant as exc:
        raise _syntax(
            f"{exc.name} is not a number a plan file may hold",
            source,
            *(json_token_place(text, exc.name) or (None, None)),
            hint="write a number, or null",
        ) from None
    except RecursionError:
        raise _syntax(
            "nested too deeply", source, 1, 1, hint="a plan file needs only a few levels"
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise _syntax(
            "a number too long to read", source, *_long_number_place(text), hint=str(exc)
        ) from None


# --------------------------------------------------------------------------------------
# Step 3: data to plan


def locate(issues: Iterable[Issue], locator: Locator, source: str | None) -> list[Problem]:
    """The issues as problems placed in the file, in file order."""
    placed: list[tuple[tuple[int, int, int], Problem]] = []
    for order, issue in enumerate(issues):
        try:
            place = locator(issue.segments, issue.at_key)
        except Exception:  # a locator is best effort; never let it hide the problem
            place = None
        line, column = place if place else (None, None)
        key = (line if line is not None else 1 << 30, column or 0, order)
        placed.append((key, issue.problem(source, line, column)))
    placed.sort(key=lambda pair: pair[0])
    return [problem for _, problem in placed]


def finish(data: Any, locator: Locator, fmt: Format, source: str | None) -> LoadResult:
    """Data to plan: raise every located problem when there is an error."""
    plan, issues = read_data(data)
    problems = locate(issues, locator, source)
    if plan is None or any(p.severity is Severity.ERROR for p in problems):
        raise PlanContentError(problems, file=source)
    return LoadResult(plan, tuple(problems), source, fmt)
