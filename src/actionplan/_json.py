"""Indented JSON, fast: the exact text of ``json.dumps(obj, ensure_ascii=False,
indent=…, default=…)`` in about half the time.

The standard library writes indented JSON in pure Python (its C encoder has no
indentation before Python 3.13), one small string per key, value and separator.
:func:`dumps` has the C encoder write every container it can write whole instead:

- a list whose items are all plain scalars (``str``, ``int``, ``float``, ``bool``,
  ``None``, of exactly those types) is written by one C encoder whose item
  separator is ``",\n"`` and the indentation of its depth, then given its opening
  and closing lines;
- a dict whose values are such scalars, or flat lists and dicts of them (a status
  row: 26 scalars and the list of coordinating units), has its values written by
  one C encoder with a bare line feed between items. An encoded scalar never holds
  a raw line feed, so splitting that text at line feeds gives each scalar, and the
  items of each flat container (as many as it has); these go into a template of
  the dict's keys, made once for all the dicts with the same keys;
- anything else (nested containers, subclasses of ``dict``, ``list`` or ``tuple``,
  values only ``default`` can turn into JSON) goes through a recursive writer that
  follows the standard library's own step by step, circular references included.

Scalars are always written by the C encoder and keys as the standard library
writes them, so floats (``NaN``, ``Infinity``), integers, subclasses of ``int``,
``float`` and ``str``, and the escaping of strings (control characters, quotes,
backslashes; non-ASCII kept) come out the same. Without the C encoder (another
interpreter), :func:`dumps` is the standard library's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

try:
    from _json import encode_basestring as _c_encode_string
    from _json import make_encoder as _c_make_encoder
except ImportError:  # pragma: no cover  (an interpreter without the C accelerator)
    _HAVE_C = False
else:
    _HAVE_C = True

__all__ = ["dumps", "dumps_utf8"]

_SCALARS: Final[frozenset[type]] = frozenset({str, int, float, bool, type(None)})
"""The exact types the C encoder writes without help (subclasses take the slow path)."""

_FLAT: Final[frozenset[type]] = frozenset({list, tuple, dict})
"""The exact container types the fast paths write (subclasses take the slow path)."""

_UNSEEN: Final[tuple[int, ...]] = (-1,)
"""What :attr:`_Writer.shapes` gives for a shape not seen yet (no position is -1)."""

_PIECE: Final = 4096
"""How many chunks of the writer's output go into one piece of :func:`dumps_utf8`."""


Default = Callable[[Any], Any]
"""What ``default=`` takes: a function turning an object JSON does not know into one
it does (or raising :class:`TypeError`)."""


def _unknown(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(obj: Any, *, indent: int | str = 2, default: Default | None = None) -> str:
    r"""``obj`` as indented JSON, non-ASCII characters kept: the same text as
    ``json.dumps(obj, ensure_ascii=False, indent=indent, default=default)``, the
    same errors for what cannot be written, made faster (see the module docstring).

    >>> print(dumps({"id": "t1", "coordinating": ["tt-8", "phòng-22"], "done": None}))
    {
      "id": "t1",
      "coordinating": [
        "tt-8",
        "phòng-22"
      ],
      "done": null
    }
    >>> import datetime as dt
    >>> dumps([dt.date(2024, 8, 6), {}], indent=1, default=dt.date.isoformat)
    '[\n "2024-08-06",\n {}\n]'
    """
    return "".join(_chunks(obj, indent, default))


def dumps_utf8(
    obj: Any, *, indent: int | str = 2, default: Default | None = None, errors: str = "strict"
) -> list[bytes]:
    r"""The text of :func:`dumps` encoded in UTF-8 (with the codec error handler
    ``errors``), in pieces to write one after the other (some hundred kilobytes
    each for a status report).

    For a large value, cheaper than ``dumps(...).encode()``: no string or bytes of
    the whole size are made. Everything is encoded before this returns, so an error
    leaves nothing half written.

    >>> b"".join(dumps_utf8({"title": "Báo cáo"}))
    b'{\n  "title": "B\xc3\xa1o c\xc3\xa1o"\n}'
    """
    chunks = _chunks(obj, indent, default)
    step = _PIECE
    return [
        "".join(chunks[i : i + step]).encode("utf-8", errors) for i in range(0, len(chunks), step)
    ]


def _chunks(obj: Any, indent: int | str, default: Default | None) -> list[str]:
    """The text of :func:`dumps`, in the writer's chunks."""
    if not isinstance(indent, str):
        indent = " " * indent
    if not _HAVE_C:  # pragma: no cover
        import json

        return [json.dumps(obj, ensure_ascii=False, indent=indent, default=default)]
    chunks: list[str] = []
    _Writer(indent, _unknown if default is None else default, chunks).value(obj, 0)
    return chunks


class _Level:
    """What a container at one depth is written with."""

    __slots__ = (
        "close_dict",
        "close_list",
        "encoder",
        "open_dict",
        "open_list",
        "separator",
        "templates",
    )

    def __init__(self, indent: str, depth: int, default: Default) -> None:
        outer, inner = indent * depth, indent * (depth + 1)
        self.separator = ",\n" + inner
        """Between two items."""
        self.open_dict = "{\n" + inner
        self.open_list = "[\n" + inner
        self.close_dict = "\n" + outer + "}"
        self.close_list = "\n" + outer + "]"
        self.encoder = _c_make_encoder(
            None, default, _c_encode_string, None, ": ", self.separator, False, False, True
        )
        """The C encoder writing a list of scalars of this depth."""
        self.templates: dict[tuple[Any, ...], str] = {}
        """The text of a dict of this depth with ``%s`` for each value, by its keys
        (when they are all of type ``str``)."""


class _Writer:
    """One call of :func:`dumps`: appends the text of a value to ``chunks``."""

    __slots__ = (
        "chunks",
        "default",
        "indent",
        "levels",
        "markers",
        "scalar",
        "shapes",
        "values",
    )

    def __init__(self, indent: str, default: Default, chunks: list[str]) -> None:
        self.indent = indent
        self.default = default
        self.chunks = chunks
        self.levels: list[_Level] = []
        self.markers: dict[int, Any] = {}
        """The containers being written (by id), to refuse circular references."""
        self.shapes: dict[tuple[type, ...], tuple[int, ...] | None] = {}
        """Per tuple of a dict's value types, the positions of its container values
        (``None`` if one is of a type the fast path does not write)."""
        self.scalar = _c_make_encoder(
            None, default, _c_encode_string, None, ": ", ", ", False, False, True
        )
        self.values = _c_make_encoder(
            None, default, _c_encode_string, None, ": ", "\n", False, False, True
        )
        """The C encoder writing a dict's values, one item a line (see :meth:`write_dict`)."""

    def level(self, depth: int) -> _Level:
        """The :class:`_Level` of ``depth``, made on first use."""
        levels = self.levels
        while len(levels) <= depth:
            levels.append(_Level(self.indent, len(levels), self.default))
        return levels[depth]

    # -- dispatch, as json.encoder._make_iterencode._iterencode ------------------------

    def value(self, obj: Any, depth: int) -> None:
        """Append ``obj``, a value at ``depth`` (0: the top)."""
        if isinstance(obj, str | int | float) or obj is None:  # bool is an int
            self.chunks.append("".join(self.scalar(obj, 0)))
        elif isinstance(obj, list | tuple):
            self.write_list(obj, depth)
        elif isinstance(obj, dict):
            self.write_dict(obj, depth)
        else:
            marker = self._enter(obj)
            self.value(self.default(obj), depth)
            del self.markers[marker]

    def _enter(self, obj: object) -> int:
        marker = id(obj)
        if marker in self.markers:
            raise ValueError("Circular reference detected")
        self.markers[marker] = obj
        return marker

    # -- lists -------------------------------------------------------------------------

    def write_list(self, items: list[Any] | tuple[Any, ...], depth: int) -> None:
        """Append a list or tuple: whole by the C encoder when its items are plain
        scalars, else item by item."""
        chunks = self.chunks
        if not items:
            chunks.append("[]")
            return
        level = self.level(depth)
        kind = type(items)
        if (kind is list or kind is tuple) and _SCALARS.issuperset(map(type, items)):
            text = "".join(level.encoder(items, 0))
            chunks += (level.open_list, text[1:-1], level.close_list)
            return
        marker = self._enter(items)
        append = chunks.append
        separator = level.open_list
        inner = depth + 1
        for item in items:
            append(separator)
            separator = level.separator
            if type(item) is dict:
                self.write_dict(item, inner)
            else:
                self.value(item, inner)
        append(level.close_list)
        del self.markers[marker]

    # -- dicts -------------------------------------------------------------------------

    def write_dict(self, mapping: dict[Any, Any], depth: int) -> None:
        """Append a dict: its values written by the C encoder into the template of its
        keys when they are plain scalars or flat containers, else item by item."""
        if not mapping:
            self.chunks.append("{}")
            return
        if type(mapping) is not dict:
            self._dict_items(mapping, depth)
            return
        values = list(mapping.values())
        shape = tuple(map(type, values))
        nested = self.shapes.get(shape, _UNSEEN)
        if nested is _UNSEEN:
            nested = self.shapes[shape] = _containers(shape)
        if nested is None:
            self._dict_items(mapping, depth)
            return
        for i in nested:
            value = values[i]
            items = value.values() if type(value) is dict else value
            if not _SCALARS.issuperset(map(type, items)):
                self._dict_items(mapping, depth)
                return
        try:
            level = self.levels[depth]
        except IndexError:
            level = self.level(depth)
        keys = tuple(mapping)
        template = level.templates.get(keys)
        if template is None:
            template = self._template(keys, level)
            if all(type(name) is str for name in keys):  # 1, 1.0 and True are equal keys
                level.templates[keys] = template
        # One line per scalar, and per item of a flat container: see the module docstring.
        lines = "".join(self.values(values, 0))[1:-1].split("\n")
        if nested:
            deeper = self.level(depth + 1)
            for i in nested:  # earlier containers are one line each by now
                size = len(values[i])
                if size:
                    text = deeper.separator.join(lines[i : i + size])
                    if text[0] == "{":
                        lines[i : i + size] = [deeper.open_dict + text[1:-1] + deeper.close_dict]
                    else:
                        lines[i : i + size] = [deeper.open_list + text[1:-1] + deeper.close_list]
        self.chunks.append(template % tuple(lines))

    def _template(self, keys: tuple[Any, ...], level: _Level) -> str:
        """The text of a dict with ``keys`` at ``level``, ``%s`` for each value."""
        items = (self.key(name).replace("%", "%%") + ": %s" for name in keys)
        return level.open_dict + level.separator.join(items) + level.close_dict

    def _dict_items(self, mapping: dict[Any, Any], depth: int) -> None:
        """A dict written key by key, as the standard library does."""
        level = self.level(depth)
        marker = self._enter(mapping)
        append = self.chunks.append
        separator = level.open_dict
        inner = depth + 1
        for name, value in mapping.items():
            append(separator + self.key(name) + ": ")
            separator = level.separator
            self.value(value, inner)
        append(level.close_dict)
        del self.markers[marker]

    def key(self, name: Any) -> str:
        """A dict key as the standard library writes it (``_iterencode_dict``)."""
        if isinstance(name, str):
            return _c_encode_string(name)
        if isinstance(name, int | float) or name is None:  # bool is an int
            return '"' + "".join(self.scalar(name, 0)) + '"'
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(name).__name__}")


def _containers(shape: tuple[type, ...]) -> tuple[int, ...] | None:
    """The positions of the container types in ``shape``; ``None`` if a type there is
    neither a plain scalar nor a plain container."""
    found = []
    for i, kind in enumerate(shape):
        if kind not in _SCALARS:
            if kind not in _FLAT:
                return None
            found.append(i)
    return tuple(found)
