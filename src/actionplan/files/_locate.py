"""Where a field path sits in a plan file: 1-based line and column.

One locator per way of reading a file. Each answers ``locate(segments, at_key)``
with the place of the value at that path (or of its key, for an unknown key); when
the path goes further than the file (a missing key), the deepest part that exists.

- YAML read fast: the PyYAML node tree keeps a mark on every node;
- YAML read for editing: ruamel's ``.lc`` positions;
- JSON: a small scanner run over the (already valid) text on demand;
- TOML: best effort, from table headers and ``key =`` lines.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any, TypeAlias

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from actionplan.files._issues import Segments

__all__ = [
    "Locator",
    "json_duplicate_key",
    "json_locator",
    "json_token_place",
    "no_locator",
    "roundtrip_locator",
    "toml_locator",
    "yaml_node_locator",
]

Place: TypeAlias = tuple[int, int]
Locator: TypeAlias = Callable[[Segments, bool], Place | None]


def no_locator(segments: Segments, at_key: bool) -> Place | None:
    """A locator that knows nothing."""
    return None


def yaml_node_locator(root: yaml.Node | None) -> Locator:
    """Places from a PyYAML node tree."""

    def mark(node: yaml.Node) -> Place:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def locate(segments: Segments, at_key: bool) -> Place | None:
        if root is None:
            return (1, 1)
        node = root
        place = mark(root)
        for position, seg in enumerate(segments):
            last = position == len(segments) - 1
            if isinstance(node, yaml.MappingNode):
                pair = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == str(seg)
                    ),
                    None,
                )
                if pair is None:
                    break
                key, value = pair
                empty = isinstance(value, yaml.ScalarNode) and value.value == ""
                place = mark(key) if (last and at_key) or empty else mark(value)
                node = value
            elif isinstance(node, yaml.SequenceNode) and isinstance(seg, int):
                if not 0 <= seg < len(node.value):
                    break
                node = node.value[seg]
                place = mark(node)
            else:
                break
        return place

    return locate


def roundtrip_locator(data: Any) -> Locator:
    """Places from ruamel's round-trip data (its ``.lc`` line and column records)."""

    def locate(segments: Segments, at_key: bool) -> Place | None:
        node = data
        if not isinstance(node, CommentedMap | CommentedSeq):
            return (1, 1)
        place: Place = (node.lc.line + 1, node.lc.col + 1)
        for position, seg in enumerate(segments):
            last = position == len(segments) - 1
            if isinstance(node, CommentedMap):
                key = next((k for k in node if str(k) == str(seg)), None)
                if key is None:
                    break
                value = node[key]
                try:
                    line, col = (
                        node.lc.key(key)
                        if (last and at_key) or value is None
                        else node.lc.value(key)
                    )
                except (KeyError, TypeError):
                    break
                place = (line + 1, col + 1)
                node = value
            elif isinstance(node, CommentedSeq) and isinstance(seg, int):
                if not 0 <= seg < len(node):
                    break
                try:
                    line, col = node.lc.item(seg)
                except (KeyError, TypeError):
                    break
                place = (line + 1, col + 1)
                node = node[seg]
            else:
                break
        return place

    return locate


# --------------------------------------------------------------------------------------
# JSON

_JSON_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<open>[\[{])|(?P<close>[\]}])|(?P<colon>:)'
    r"|(?P<comma>,)|(?P<atom>[^\s,:\[\]{}]+))",
    re.DOTALL,
)


def json_token_place(text: str, token: str) -> Place | None:
    """Where a bare token (``NaN``, ``Infinity``) first stands outside strings."""
    pos = 0
    while pos < len(text):
        m = _JSON_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return None
        if m["atom"] is not None and m["atom"].lstrip("-") == token.lstrip("-"):
            start = m.start("atom")
            line = text.count("\n", 0, start) + 1
            return line, start - (text.rfind("\n", 0, start) + 1) + 1
        pos = m.end()
    return None


def json_duplicate_key(text: str) -> tuple[Segments, Place] | None:
    """The first key given twice in the same object of a JSON text, and its place."""
    duplicate: list[tuple[Segments, Place]] = []
    _json_places(text, duplicate)
    return duplicate[0] if duplicate else None


def _json_places(
    text: str, duplicates: list[tuple[Segments, Place]] | None = None
) -> dict[tuple[Segments, bool], Place]:
    """The place of every value (and key) of a valid JSON text, by path."""
    places: dict[tuple[Segments, bool], Place] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> Place:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    # stack of [container kind, path, next index or pending key]
    stack: list[list[Any]] = []
    path: Segments = ()
    pending_key: str | None = None
    expect_key = False
    pos = 0
    while pos < len(text):
        m = _JSON_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup
        start = m.start(kind) if kind else m.start()
        if kind in ("comma", "colon"):
            continue
        if kind == "close":
            stack.pop()
            expect_key = bool(stack) and stack[-1][0] == "{"
            continue
        if expect_key and kind == "string":
            pending_key = json.loads(m["string"])
            key_path = ((*stack[-1][1], pending_key), True)
            if key_path in places and duplicates is not None:
                duplicates.append((key_path[0], where(start)))
                return places
            places[key_path] = where(start)
            expect_key = False
            continue
        # a value
        if stack:
            top = stack[-1]
            if top[0] == "[":
                path = (*top[1], top[2])
                top[2] += 1
            else:
                path = (*top[1], pending_key if pending_key is not None else "")
        else:
            path = ()
        places[(path, False)] = where(start)
        if kind == "open":
            bracket = m["open"]
            stack.append([bracket, path, 0])
            expect_key = bracket == "{"
        else:
            expect_key = bool(stack) and stack[-1][0] == "{"
    return places


def json_locator(text: str) -> Locator:
    """Places in a JSON text (computed on first use)."""
    cache: dict[tuple[Segments, bool], Place] | None = None

    def locate(segments: Segments, at_key: bool) -> Place | None:
        nonlocal cache
        if cache is None:
            cache = _json_places(text)
        for end in range(len(segments), -1, -1):
            found = cache.get((segments[:end], at_key and end == len(segments)))
            if found is None and end == len(segments) and at_key:
                found = cache.get((segments[:end], False))
            if found is not None:
                return found
        return None

    return locate


# --------------------------------------------------------------------------------------
# TOML (best effort)

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(
    r"\s*((?:[A-Za-z0-9_$-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_$-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'))*)\s*="
)
_KEY_PART = re.compile(r"\s*(?:([A-Za-z0-9_$-]+)|\"((?:[^\"\\]|\\.)*)\"|'([^']*)')\s*\.?")


def _toml_keys(text: str) -> list[str]:
    parts: list[str] = []
    for m in _KEY_PART.finditer(text):
        if m.group(0).strip() == "":
            continue
        parts.append(next(g for g in m.groups() if g is not None))
    return parts


def _toml_places(text: str) -> dict[Segments, Place]:
    places: dict[Segments, Place] = {}
    counts: dict[Segments, int] = {}
    prefix: Segments = ()
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if in_string in line:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith(("'", '"')):
            names = _toml_keys(header[2])
            resolved: list[str | int] = []
            for depth, name in enumerate(names):
                resolved.append(name)
                key = tuple(resolved)
                last = depth == len(names) - 1
                if last and header[1] == "[[":
                    counts[key] = counts.get(key, -1) + 1
                    resolved.append(counts[key])
                elif key in counts:
                    resolved.append(counts[key])
            prefix = tuple(resolved)
            places.setdefault(prefix, (number, line.index("[") + 1))
            continue
        key_line = _KEY_LINE.match(line)
        if key_line:
            path = (*prefix, *_toml_keys(key_line[1]))
            places.setdefault(path, (number, len(line) - len(line.lstrip()) + 1))
            rest = line[key_line.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_string = quote
    return places


def toml_locator(text: str) -> Locator:
    """Places in a TOML text, best effort (computed on first use)."""
    cache: dict[Segments, Place] | None = None

    def locate(segments: Segments, at_key: bool) -> Place | None:
        nonlocal cache
        if cache is None:
            cache = _toml_places(text)
        for end in range(len(segments), 0, -1):
            found = cache.get(segments[:end])
            if found is not None:
                return found
        # The whole document, or a top-level key it lacks: the start of the file.
        return (1, 1) if len(segments) <= 1 else None

    return locate
