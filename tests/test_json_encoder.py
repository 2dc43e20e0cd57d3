"""actionplan._json.dumps: byte for byte the text of the standard library's indented
``json.dumps``, for every value, through each of its fast paths and its slow one."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import enum
import io
import json
import math
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan._json import dumps, dumps_utf8
from actionplan.cli._common import _default, echo_json


def reference(value: Any, indent: int | str = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_default)


class Level(enum.IntEnum):
    LOW = 1


class Colour(enum.StrEnum):
    RED = "đỏ"


class Ratio(float):
    pass


class Name(str):
    pass


class Items(list[Any]):
    pass


class Mapping(dict[Any, Any]):
    pass


# Text that could fool a writer working on encoded text: the encoder's own
# separators and brackets, quotes, backslashes, every control character (escaped by
# JSON), non-ASCII letters, and characters outside the Basic Multilingual Plane.
TRICKY = [
    '": [',
    '",\n      "',
    "],\n",
    "]}",
    "}]",
    '\\": {',
    "\\",
    '"',
    "\x00\x1f\x7f\u2028",
    "Đảng ủy",
    "😀",
]
characters = st.characters(codec="utf-8") | st.sampled_from(list('"\\[]{}:,\n\t\r '))
strings = st.text(characters, max_size=12) | st.sampled_from(TRICKY)
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.1, 1e16, 1e-7, -0.0, 1.5e300]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers() | st.integers(-(2**80), 2**80),
    floats,
    strings,
)
unusual = st.one_of(
    st.sampled_from([Level.LOW, Colour.RED, Ratio(2.5), Name("tên"), Ratio(math.nan)]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
keys = st.one_of(strings, st.integers(-5, 5), floats, st.booleans(), st.none())


def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=3).map(tuple),
        st.lists(children, max_size=3).map(Items),
        st.dictionaries(keys, children, max_size=5),
        st.dictionaries(strings, children, max_size=3).map(Mapping),
        st.dictionaries(strings, children, max_size=3).map(collections.OrderedDict),
    )


values = st.recursive(scalars | unusual, containers, max_leaves=30)

# Status-like rows: flat dicts with flat lists and dicts among their values, the
# shape the fast path rewrites; many of them, with repeated and tricky keys.
flat_lists = st.lists(scalars, max_size=4) | st.lists(scalars, max_size=3).map(tuple)
flat_dicts = st.dictionaries(keys, scalars, max_size=4)
row_values = st.one_of(scalars, flat_lists, flat_dicts)
rows = st.dictionaries(keys, row_values, min_size=1, max_size=8)
tables = st.dictionaries(strings, st.lists(rows, max_size=6), max_size=3)


@settings(max_examples=200, deadline=None)
@given(values)
def test_same_text_as_json_dumps(value: Any) -> None:
    """Any value (nested containers, subclasses, dates through ``default``, non-str
    keys, NaN and infinities) gives the standard library's exact text."""
    assert dumps(value, default=_default) == reference(value)


@settings(max_examples=200, deadline=None)
@given(st.one_of(rows, st.lists(rows, max_size=6), tables))
def test_same_text_for_rows_of_flat_values(value: Any) -> None:
    """Dicts of scalars with flat lists and dicts among their values, alone, in a
    list or in a table, give the standard library's exact text: the flat containers
    are put one level deeper in the right places, whatever the strings hold."""
    assert dumps(value, default=_default) == reference(value)


@settings(max_examples=100, deadline=None)
@given(st.one_of(values, tables))
def test_utf8_pieces_make_the_same_text(value: Any) -> None:
    """The UTF-8 pieces of ``dumps_utf8``, put together, are the standard library's
    text encoded in UTF-8."""
    expected = reference(value).encode("utf-8", "surrogatepass")
    assert b"".join(dumps_utf8(value, default=_default, errors="surrogatepass")) == expected


def test_utf8_pieces_of_a_large_value() -> None:
    """A value of thousands of rows comes in several pieces, which together are the
    standard library's text."""
    rows = [{"id": f"t{n}", "title": "Báo cáo", "units": ["vp", "cb1"]} for n in range(5000)]
    pieces = dumps_utf8({"tasks": rows})
    assert len(pieces) > 1
    assert b"".join(pieces) == reference({"tasks": rows}).encode()


def test_utf8_pieces_follow_the_error_handler() -> None:
    """A lone surrogate (from a ``\\ud800`` escape in a JSON plan) cannot be encoded
    strictly: nothing is returned; with another error handler it is encoded as that
    handler says."""
    value = {"title": "a\ud800b"}
    with pytest.raises(UnicodeEncodeError):
        dumps_utf8(value)
    expected = reference(value).encode("utf-8", "backslashreplace")
    assert b"".join(dumps_utf8(value, errors="backslashreplace")) == expected


@settings(max_examples=100, deadline=None)
@given(st.one_of(values, tables), st.sampled_from([0, 1, 2, 4, "\t", " \t", "--", "],\n"]))
def test_same_text_at_any_indent(value: Any, indent: int | str) -> None:
    """Every indentation, a number of spaces (0: line feeds only) or a string, even
    one that imitates the encoder's own brackets and separators, gives the standard
    library's text for it."""
    assert dumps(value, indent=indent, default=_default) == reference(value, indent)


@pytest.mark.parametrize(
    "value",
    [
        {"coordinating": ["tt-8", "phong-22"], "status": "not_started"},
        {"a": 1, "coordinating": ["x"], "b": {"c": None}, "d": [], "e": {}},
        {"1": [1, 2], 1: [1, 2]},
        {"k": ["a", "b"], "l": ["a", "b"]},
        {"t": 'x": [1]', "k": [1]},
        {"t": "see [1]", "k": [1]},
        [{"a": [1, 2]}, {"a": [1, 2]}, {"a": {"b": [1]}}],
        {"a": Items([1]), "b": (2, 3)},
        [{1: None}, {True: None}, {1.0: None}, {"1": None}],
        {"%s": 1, "%%": ["%d"]},
    ],
)
def test_same_text_for_lookalikes(value: Any) -> None:
    """Texts that repeat or imitate what the fast paths handle (a key written twice,
    the same list twice, a list's text inside a string, equal keys of different
    types, percent signs) come out as the standard library writes them."""
    assert dumps(value) == reference(value)


def test_circular_reference_is_refused() -> None:
    """A container holding itself raises the standard library's ValueError."""
    loop: list[Any] = [1]
    loop.append({"again": loop})
    with pytest.raises(ValueError, match="Circular reference detected"):
        json.dumps(loop, indent=2)
    with pytest.raises(ValueError, match="Circular reference detected"):
        dumps(loop)


@pytest.mark.parametrize(
    "value",
    [
        {"x": object()},
        [{"a": 1, "b": [object()]}],
        {(1, 2): "tuple key"},
        {"a": [1], (1, 2): 2},
        {"when": dt.date(2024, 8, 6)},  # no default given
    ],
)
def test_unwritable_values_raise_type_error(value: Any) -> None:
    """What JSON cannot hold (an unknown object, a tuple key, a date without
    ``default``) raises TypeError, as the standard library does."""
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        dumps(value)


def test_default_may_return_containers() -> None:
    """``default`` may turn an object into a list or dict: it is indented at the
    object's depth."""

    def expand(value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"year": value.year, "parts": [value.month, value.day]}
        raise TypeError(type(value).__name__)

    value = {"rows": [{"due": dt.date(2024, 8, 6), "ok": True}]}
    expected = json.dumps(value, ensure_ascii=False, indent=2, default=expand)
    assert dumps(value, default=expand) == expected


@click.command()
def _print_value() -> None:
    click.echo("before")
    echo_json(ECHOED)


ECHOED = {"as_of": dt.date(2024, 8, 6), "tasks": [{"id": "t1", "coordinating": ["vp"]}]}


def test_echo_json_prints_the_standard_librarys_text() -> None:
    """echo_json prints the standard library's indented JSON (dates as ISO strings)
    and a line feed, in UTF-8, after what the command printed before."""
    result = CliRunner().invoke(_print_value)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == f"before\n{reference(ECHOED)}\n".encode()
    assert result.output == f"before\n{reference(ECHOED)}\n"


def test_echo_json_on_a_text_stream_without_a_buffer() -> None:
    """Standard output replaced by a text-only stream (no binary buffer below it)
    gets the same text, through click."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        echo_json(ECHOED)
    assert out.getvalue() == reference(ECHOED) + "\n"
