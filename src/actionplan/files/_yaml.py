"""YAML for plan files: safe reading, round-trip editing, readable writing.

Every YAML text goes through one gate first (:func:`compose`): libyaml composes it
(fast, and it refuses more than 1000 levels of nesting), then the node tree is
checked, without recursion, for what plan files do not allow:

- **aliases** (``*name``): refused, so that a "billion laughs" bomb cannot expand,
  and each value is written where it is used (an anchor that nothing refers to is
  harmless, and kept);
- **tags** other than the core ones (``!!python/object``, ``!foo``, ``!!binary`` …):
  refused, and nothing is ever constructed from a tag;
- a core tag on a value it does not fit (``!!float abc``);
- **merge keys** (``<<``), **duplicate keys**, keys that are not plain scalars, and
  nesting deeper than :data:`MAX_DEPTH`.

Plain reading (:func:`load_fast`) uses PyYAML's C loader: on a plan of 2,000 tasks
(640 KB) it took 0.2 s where ruamel's round-trip loader took 2.4 s. Problems are placed
from the PyYAML node tree's marks, so ruamel is needed only to edit a file.

Scalars are read by the YAML 1.2 core rules in both readers (``yes``, ``no``,
``on`` and ``off`` are text; ``010`` is ten), so the fast reader (PyYAML's C
loader) and the round-trip reader (``ruamel.yaml``, which keeps comments, key
order and quoting) give the same data. A date that does not exist (``2024-02-31``)
is read as text, for the converter to report with its field path.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any, Final, TypeAlias

import attrs
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError as RuamelMarkedError
from ruamel.yaml.error import YAMLError as RuamelYAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import implicit_resolvers as _RESOLVERS
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

__all__ = [
    "MAX_DEPTH",
    "RUAMEL_ERRORS",
    "Equivalent",
    "YamlLayout",
    "YamlSafetyError",
    "compose",
    "deep_copy",
    "dump_text",
    "fresh",
    "load_fast",
    "load_roundtrip",
    "merge",
    "plain",
    "ruamel_mark",
]

MAX_DEPTH: Final = 64
"""How deeply a plan file may nest mappings and lists (plan files need about 8)."""

_T = "tag:yaml.org,2002:"
_ALLOWED_TAGS: Final = frozenset(
    _T + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_MERGE_TAG: Final = _T + "merge"

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSafetyError(Exception):
    """The YAML is well formed but uses what plan files refuse (an alias, a tag …).

    ``line`` and ``column`` are 1-based.
    """

    def __init__(self, message: str, line: int, column: int, hint: str | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(message)


# --------------------------------------------------------------------------------------
# The fast reader: PyYAML's C loader with YAML 1.2 core scalars


def _int_value(text: str) -> int:
    """An integer by the YAML 1.2 core rules (``0o17``, ``0x1F``, ``0b101``, ``010`` is ten)."""
    value = text.replace("_", "")
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if value.lower().startswith(prefix):
            return sign * int(value[2:], base)
    return sign * int(value, 10)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe, YAML 1.2 core scalars; impossible dates stay text."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  (PyYAML's class registry)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return _int_value(self.construct_scalar(node))
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the number: {exc}", node.start_mark
            ) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


for _versions, _tag, _regexp, _first in _RESOLVERS:
    if (1, 2) in _versions and not _tag.endswith((":yaml", ":value")):
        _Loader.add_implicit_resolver(_tag, _regexp, _first)
_Loader.add_constructor(_T + "int", _Loader.construct_yaml_int)
_Loader.add_constructor(_T + "timestamp", _Loader.construct_yaml_timestamp)


def _mark(node: Any) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _fits(node: yaml.ScalarNode, loader: yaml.SafeLoader) -> bool:
    """Whether a scalar's tag is the one its text reads as (``!!float abc`` is not)."""
    if node.tag == _T + "str":
        return True
    implicit: str = loader.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, node.value, (True, False)
    )
    return implicit == node.tag or (node.tag == _T + "float" and implicit == _T + "int")


def _check(root: yaml.Node, loader: yaml.SafeLoader) -> None:
    """Refuse aliases, unknown tags, merge keys, duplicate or complex keys, deep nesting,
    and a core tag on a value it does not fit (``!!float abc``)."""
    seen: set[int] = set()
    # (node, depth, where it is used: its key, or the list that holds it)
    stack: list[tuple[yaml.Node, int, yaml.Node | None]] = [(root, 1, None)]
    while stack:
        node, depth, used_at = stack.pop()
        if id(node) in seen:
            line, column = _mark(used_at if used_at is not None else node)
            first_line, _ = _mark(node)
            raise YamlSafetyError(
                f"an alias (*name) reuses the value anchored at line {first_line}; aliases "
                "are not allowed in plan files"
                + (
                    " (the alias is in this list)" if isinstance(used_at, yaml.SequenceNode) else ""
                ),
                line,
                column,
                "write the value out where it is used",
            )
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            line, column = _mark(node)
            raise YamlSafetyError(
                f"the YAML tag {node.tag!r} is not allowed in plan files",
                line,
                column,
                "remove the tag: plan files hold plain text, numbers, dates, lists and mappings",
            )
        if isinstance(node, yaml.ScalarNode) and not _fits(node, loader):
            line, column = _mark(node)
            raise YamlSafetyError(
                f"the value {node.value!r} does not fit its tag {node.tag!r}",
                line,
                column,
                "remove the tag",
            )
        if depth > MAX_DEPTH:
            line, column = _mark(node)
            raise YamlSafetyError(
                f"nested more than {MAX_DEPTH} levels deep",
                line,
                column,
                "a plan file needs only a few levels of nesting",
            )
        # Children are pushed in reverse, so nodes are visited in document order and an
        # alias is met after its anchor.
        children: list[tuple[yaml.Node, int, yaml.Node | None]] = []
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], yaml.Node] = {}
            for key, value in node.value:
                if key.tag == _MERGE_TAG:
                    line, column = _mark(key)
                    raise YamlSafetyError(
                        "merge keys (<<) are not allowed in plan files",
                        line,
                        column,
                        "write the keys out in full",
                    )
                if not isinstance(key, yaml.ScalarNode):
                    line, column = _mark(key)
                    raise YamlSafetyError(
                        "a key must be a plain name, not a list or a mapping", line, column
                    )
                ident = (key.tag, key.value)
                if ident in keys:
                    line, column = _mark(key)
                    first_line, _ = _mark(keys[ident])
                    raise YamlSafetyError(
                        f"duplicate key {key.value!r} (first given at line {first_line})",
                        line,
                        column,
                        "keep one of the two",
                    )
                keys[ident] = key
                children.append((key, depth + 1, None))
                children.append((value, depth + 1, key))
        elif isinstance(node, yaml.SequenceNode):
            children.extend((item, depth + 1, node) for item in node.value)
        stack.extend(reversed(children))


def compose(text: str) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    """Compose and check ``text``; the node tree (``None`` for an empty document)
    and the loader that made it (to construct the data).

    Raises :class:`yaml.YAMLError` (with marks) for malformed YAML and
    :class:`YamlSafetyError` for what plan files refuse.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise
    if node is not None:
        _check(node, loader)
    return node, loader


def load_fast(text: str) -> tuple[Any, yaml.Node | None]:
    """Read YAML into plain data (the C loader where available); also the node tree,
    to place problems in the file."""
    node, loader = compose(text)
    try:
        data = None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
    return data, node


# --------------------------------------------------------------------------------------
# The round-trip reader and writer (ruamel.yaml)


class _RoundTripConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with impossible dates kept as text."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_float(self, node: Any) -> Any:
        value = super().construct_yaml_float(node)
        if isinstance(value, ScalarFloat):
            # Written back as read (see _RoundTripRepresenter); ScalarFloat has no slots.
            setattr(value, "_actionplan_text", node.value)  # noqa: B010
        return value


_RoundTripConstructor.add_constructor(
    _T + "timestamp", _RoundTripConstructor.construct_yaml_timestamp
)
_RoundTripConstructor.add_constructor(_T + "float", _RoundTripConstructor.construct_yaml_float)


class _RoundTripRepresenter(RoundTripRepresenter):
    """ruamel's round-trip representer, with exact floats.

    ruamel rewrites a float from its recorded width, truncating digits:
    ``4.249720903058377e+16`` came back as ``…376e+16``, another number, and
    ``1_000.5`` as ``01000.5``. A float read from the file is written back as it was
    read; any other float that ruamel would not write exactly, in Python's shortest
    exact form.
    """

    def represent_scalar_float(self, data: Any) -> Any:
        text = getattr(data, "_actionplan_text", None)
        if isinstance(text, str):
            try:
                if float(text.replace("_", "")) == float(data):
                    return self.represent_scalar(_T + "float", text)
            except ValueError:
                pass
        node = super().represent_scalar_float(data)
        try:
            exact = float(str(node.value).replace("_", "")) == float(data)
        except ValueError:
            exact = False
        if exact or data != data:
            return node
        return self.represent_scalar(_T + "float", repr(float(data)))


_RoundTripRepresenter.add_representer(ScalarFloat, _RoundTripRepresenter.represent_scalar_float)


@attrs.frozen
class YamlLayout:
    """How a YAML file is laid out, so that writing it back keeps its look.

    ``mapping``, ``sequence`` and ``offset`` are ruamel's indents (the default writes
    ``tasks:`` then ``  - id: t1``); ``crlf`` keeps Windows line ends, ``bom`` a
    leading byte-order mark, ``explicit_start`` a leading ``---``.
    """

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    crlf: bool = False
    bom: bool = False
    explicit_start: bool = False

    @classmethod
    def guess(cls, text: str, *, bom: bool = False) -> YamlLayout:
        """The layout of an existing YAML text.

        >>> YamlLayout.guess("tasks:\\n- id: t1\\n  title: x\\nplan:\\n    id: a\\n")
        YamlLayout(mapping=4, sequence=2, offset=0, crlf=False, bom=False, explicit_start=False)
        """
        mapping: int | None = None
        sequence: tuple[int, int] | None = None
        lines = [
            line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
        ]
        explicit = bool(lines) and lines[0].rstrip() == "---"
        for above, below in itertools.pairwise(lines):
            head = _strip_comment(above).rstrip()
            if not head.endswith(":") or head.lstrip().startswith("- "):
                continue
            indent = len(above) - len(above.lstrip(" "))
            inner = len(below) - len(below.lstrip(" "))
            content = below.lstrip(" ")
            if content.startswith("- ") and sequence is None:
                after_dash = len(content[1:]) - len(content[1:].lstrip(" "))
                sequence = (inner - indent + 1 + after_dash, inner - indent)
            elif inner > indent and mapping is None and not content.startswith("-"):
                mapping = inner - indent
            if mapping is not None and sequence is not None:
                break
        seq, offset = sequence if sequence is not None else (4, 2)
        if not 1 <= (mapping or 2) <= 10 or offset < 0 or seq < offset + 2 or seq > 12:
            seq, offset = 4, 2
        return cls(
            mapping=mapping if mapping is not None and 1 <= mapping <= 10 else 2,
            sequence=seq,
            offset=offset,
            crlf="\r\n" in text,
            bom=bom,
            explicit_start=explicit,
        )


_QUOTED = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')""")


def _strip_comment(line: str) -> str:
    """A line without its trailing comment (quoted ``#`` kept)."""
    unquoted = _QUOTED.sub(lambda m: "_" * len(m[0]), line)
    cut = unquoted.find(" #")
    return line if cut < 0 else line[:cut]


def _yaml(layout: YamlLayout = YamlLayout()) -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _RoundTripConstructor
    y.Representer = _RoundTripRepresenter
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    y.explicit_start = layout.explicit_start or None
    y.allow_duplicate_keys = False
    return y


def load_roundtrip(text: str) -> Any:
    """Read YAML keeping comments, key order and quoting (after the safety gate).

    Returns ruamel's data (``CommentedMap`` …). Raises like :func:`compose`, and
    :class:`ruamel.yaml.error.YAMLError` for the rare text ruamel alone refuses.
    """
    _, loader = compose(text)
    loader.dispose()
    # ruamel loses blank lines between CRLF line ends; the layout writes them back.
    return _yaml().load(text.replace("\r\n", "\n"))


def plain(data: Any) -> Any:
    """Round-trip data as plain mappings and lists, with ruamel's wrapper of explicitly
    tagged text (``!!str 12``) unwrapped: the data the fast reader gives."""
    if isinstance(data, TaggedScalar):
        return str(data.value)
    if isinstance(data, Mapping):
        return {plain(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def dump_text(data: Any, layout: YamlLayout = YamlLayout()) -> str:
    """Write YAML data (ruamel's or plain) with ``layout``."""
    out = io.StringIO()
    _yaml(layout).dump(data, out)
    text = out.getvalue()
    if layout.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


RUAMEL_ERRORS: Final = (RuamelYAMLError,)
"""ruamel's exceptions (for the loader to turn into located syntax errors)."""


def ruamel_mark(exc: BaseException) -> tuple[int, int] | None:
    """The 1-based line and column of a ruamel error, where it has one."""
    if isinstance(exc, RuamelMarkedError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            return mark.line + 1, mark.column + 1
    return None


# --------------------------------------------------------------------------------------
# Fresh YAML nodes: readable styles

_FLOW_KEYS: Final = frozenset({"deadline", "to"})
_YAML11_SPECIAL = re.compile(
    r"""(?x)^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?0[0-7_]+|=|<<)$"""
)


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        if "\n" in value and _literal_ok(value):
            return LiteralScalarString(value)
        if _YAML11_SPECIAL.match(value):
            # Plain in YAML 1.2, but a YAML 1.1 reader (PyYAML) would misread it.
            return SingleQuotedScalarString(value)
    return value


def _literal_ok(text: str) -> bool:
    """Whether a literal block (``|``) can hold ``text`` exactly."""
    if text.startswith((" ", "\n")) or "\r" in text or "\t" in text:
        return False
    if any(line != line.rstrip(" ") for line in text.split("\n")):
        return False
    return text.isprintable() or all(c.isprintable() or c == "\n" for c in text)


_FLOW_TEXT = re.compile(r"[^\W_](?:[\w.\-/()&+ ]*[\w.\-/()&+])?")


def _flow_safe(value: Any) -> bool:
    """Whether a value reads back the same in flow style (``[…]``, ``{…}``): only
    plain words there, as YAML's flow rules are easy to trip (``? y``, ``a: b``)."""
    if isinstance(value, str):
        return bool(_FLOW_TEXT.fullmatch(value)) and not _YAML11_SPECIAL.match(value)
    if isinstance(value, Mapping):
        return all(_flow_safe(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_flow_safe(v) for v in value)
    return True


def fresh(value: Any, key: str | None = None) -> Any:
    """Plain data as ruamel nodes with readable styles: short lists of plain words and
    deadline mappings in flow style (``[cb1, cb2]``, ``{every: monthly, day: 19}``),
    texts of several lines as literal blocks."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = fresh(v, k)
        if key in _FLOW_KEYS and _flow_safe(value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq(fresh(v) for v in value)
        if value and all(isinstance(v, str) for v in value) and _flow_safe(value):
            seq.fa.set_flow_style()
        return seq
    return _scalar(value)


# --------------------------------------------------------------------------------------
# Merging a new version of the data into a round-trip document

Equivalent: TypeAlias = Callable[[str | None, Any, Any], bool]


def merge(
    old: CommentedMap,
    full: Mapping[str, Any],
    short: Mapping[str, Any],
    *,
    equivalent: Equivalent,
    keep: Sequence[str] = ("$schema",),
) -> None:
    """Bring ``old`` (a round-trip mapping) to the data ``full``/``short``, in place.

    ``full`` is the new data with every key; ``short`` the same with defaults left
    out. Values that did not change keep their node (and so their comments, quoting
    and style); a key that only ``full`` has is set when ``old`` has it, else left
    out; keys ``old`` has and ``full`` lacks are removed (but those in ``keep``).
    ``equivalent(key, old, new)`` says whether an old scalar means the new value
    (``06/8/2024`` and the date 2024-08-06).
    """
    _merge_map(old, full, short, equivalent, keep)


def _merge_map(
    old: CommentedMap,
    full: Mapping[str, Any],
    short: Mapping[str, Any],
    equivalent: Equivalent,
    keep: Sequence[str] = (),
) -> None:
    for key in [k for k in old if k not in full and k not in keep]:
        del old[key]
    order = list(full)
    for key in order:
        new = full[key]
        in_short = key in short
        if key in old:
            if not in_short and (new is None or (isinstance(new, list | dict) and not new)):
                del old[key]
                continue
            old[key] = _merge_value(old[key], new, short[key] if in_short else new, key, equivalent)
        elif in_short:
            position = _position(old, order, key)
            old.insert(position, key, fresh(short[key], key))


def _position(old: CommentedMap, order: list[str], key: str) -> int:
    """Where a new key goes: after the last key that comes before it in ``order``."""
    keys = list(old)
    before = order[: order.index(key)]
    places = [keys.index(k) + 1 for k in before if k in old]
    return max(places, default=0)


def _merge_value(old: Any, new: Any, short: Any, key: str | None, equivalent: Equivalent) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        _merge_map(old, new, short, equivalent)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list) and len(old):
        _merge_seq(old, new, short, equivalent)
        return old
    scalars = not isinstance(old, Mapping | list) and not isinstance(new, Mapping | list)
    if scalars and _same_scalar(old, new):
        return old
    if new is not None and equivalent(key, old, new):
        return old
    return fresh(short, key)


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, bool) != isinstance(new, bool):
        return False
    if isinstance(old, dt.datetime) != isinstance(new, dt.datetime):
        return False
    if isinstance(old, str) != isinstance(new, str):
        return False
    try:
        return bool(old == new)
    except Exception:  # pragma: no cover - exotic scalars
        return False


def _identity(item: Any) -> Any:
    """What matches items of a list across versions: the id of an object with one,
    else the item's content (keys with nothing in them left out)."""
    if isinstance(item, Mapping):
        if "id" in item and isinstance(item["id"], str):
            return ("id", str(item["id"]))
        content = sorted(
            (str(k), _identity(v))
            for k, v in item.items()
            if v is not None and not (isinstance(v, list | Mapping) and not v)
        )
        return ("map", repr(content))
    if isinstance(item, list):
        return ("list", tuple(_identity(v) for v in item))
    if isinstance(item, str):
        return ("str", str(item))
    return (type(item).__name__, repr(item))


def _merge_seq(
    old: CommentedSeq, full: list[Any], short: list[Any], equivalent: Equivalent
) -> None:
    """Bring a list to its new items: matched by id where items have one, else by
    content; items in place are merged (their comments kept), others inserted or
    removed. Works from the end so that indices stay valid."""
    old_ids = [_identity(v) for v in old]
    new_ids = [_identity(v) for v in short]
    by_id = all(i[0] == "id" for i in old_ids + new_ids)
    matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        paired = i2 - i1 if tag == "equal" else 0 if by_id else min(i2 - i1, j2 - j1)
        for offset in range(paired):
            i, j = i1 + offset, j1 + offset
            old[i] = _merge_value(old[i], full[j], short[j], None, equivalent)
        for i in reversed(range(i1 + paired, i2)):
            del old[i]
        for j in range(j1 + paired, j2):
            old.insert(i1 + (j - j1), fresh(short[j]))


def deep_copy(data: Any) -> Any:
    """A copy of round-trip data, comments and all."""
    return copy.deepcopy(data)
