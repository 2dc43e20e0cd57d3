"""The plan cache's pickles: attrs objects rebuilt by one call each, made from C.

A plan is mostly small frozen, slotted :mod:`attrs` objects (a plan of 50 tasks is
about 200 of them). Pickled as attrs makes them, each is a dictionary of its
fields, given back to the class's ``__setstate__``: a Python method that loops over
the field names and sets each through ``object.__setattr__``. Unpickling a plan
spends most of its time there.

:func:`dumps` writes each such object instead as a call of a *builder*: a function
made once per class (:func:`builder`) that takes the field values in order and
sets each slot through its member descriptor::

    def build(v0, v1, v2):
        obj = new(cls)
        set0(obj, v0)
        set1(obj, v1)
        set2(obj, v2)
        return obj

The unpickler calls it straight from the pickle's ``REDUCE`` opcode (no state
dictionary is made), about three times as fast. Like attrs' own ``__setstate__``,
it runs no validator, converter or ``__attrs_post_init__``: the values were checked
when the object was first made. The pickle names each builder by its class and the
class's *layout* (its field names, in order); :func:`rebuilder` refuses a pickle
written for another layout, so an entry written by another version of the code is
an error, which the cache treats as a miss, never a plan with its fields mixed up.
:func:`loads` names nothing but the plan model's classes, dates, decimals and this
module's two functions, so a crafted entry cannot call other code; it could still
build model objects with values their validators would refuse, which is why the
cache reads only from a private folder.

While pickling, equal texts, dates and tuples of texts are stored once (the
pickle's memo then refers to the first): the same unit id or date on every task is
decoded once and shares one object in the plan read back. Enum members are
written by name (found again by ``getattr``, rather than by calling the enum
class). Objects shared in the plan stay shared, and every other value is pickled
as usual.

Instances of the classes given to :func:`dumps` as ``share`` (a cache's units,
sections, deadlines …) are written as calls of :func:`shared` with a digest of
their own standalone pickle: read within :func:`sharing`, equal ones from many
pickles are made once.

Only classes whose pickling attrs makes and that keep every field in a slot take
this path (:func:`layout`); any other object is pickled as it would be otherwise.

>>> import datetime as dt
>>> from actionplan.model import ProgressUpdate
>>> update = ProgressUpdate(dt.date(2024, 8, 6), "done", note="Đã báo cáo")
>>> loads(dumps(update)) == update
True
>>> builder(ProgressUpdate)(dt.date(2024, 8, 6), update.state, None, "Đã báo cáo", None) == update
True
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import enum
import functools
import hashlib
import io
import pickle
import types
from collections.abc import Callable, Collection, Iterator
from typing import Any, Final

import attrs

__all__ = ["builder", "dumps", "layout", "loads", "rebuilder", "shared", "sharing"]

_ATTRS_MODULE: Final = attrs.Attribute.__module__
"""The module of the functions attrs writes (``__getstate__``, ``__setstate__``)."""

_KEY_SIZE: Final = 16
"""The bytes of a shared object's key: a BLAKE2b digest of its standalone pickle."""

_PICKLING_HOOKS: Final = ("__reduce__", "__reduce_ex__", "__getnewargs__", "__getnewargs_ex__")

Builder = Callable[..., Any]


def dumps(value: object, *, share: Collection[type] = ()) -> bytes:
    """``value`` pickled, its attrs objects as calls of their builders (see the
    module docstring); read back by :func:`loads`.

    Instances of the classes in ``share`` are written as calls of :func:`shared`,
    so that within :func:`sharing` equal ones read from several pickles are one
    object.
    """
    stream = io.BytesIO()
    _Pickler(stream, frozenset(share)).dump(value)
    return stream.getvalue()


def loads(data: bytes | bytearray | memoryview) -> Any:
    """Read what :func:`dumps` wrote, finding the builders through :func:`rebuilder`.

    The pickle may name only what the cache writes: the classes of the plan model
    and of a load's result and problems (their builders, their enum members), dates
    and times, decimals, and this module's :func:`rebuilder` and :func:`shared`.
    Anything else (a function to call, another module's class) raises
    :class:`pickle.UnpicklingError`, which the cache takes for a miss; so does an
    enum member the class does not have.

    >>> loads(pickle.dumps(print))
    Traceback (most recent call last):
    ...
    _pickle.UnpicklingError: a plan cache entry may not name builtins.print
    """
    return _Unpickler(io.BytesIO(data)).load()


_MODEL_MODULES: Final = frozenset(
    {
        "actionplan.model",
        "actionplan.errors",
        "actionplan.files._formats",
        "actionplan.deadlines",
        "actionplan.periods",
        "actionplan.refs",
        "actionplan.reminders",
        "actionplan.workdays",
    }
)
"""The modules whose classes (only their classes) an entry may name."""

_OTHER_GLOBALS: Final = frozenset(
    {
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("decimal", "Decimal"),
        (__name__, "rebuilder"),
        (__name__, "shared"),
    }
)


def _enum_member(cls: object, name: str) -> object:
    """``getattr`` as an entry may use it: an enum member of a model class."""
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        try:
            return cls.__members__[name]
        except KeyError:
            pass
    raise pickle.UnpicklingError(f"a plan cache entry may not read {cls!r}.{name}")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name == "getattr":
            return _enum_member  # enum members are written as getattr(EnumClass, "NAME")
        if (module, name) in _OTHER_GLOBALS:
            return super().find_class(module, name)
        if module in _MODEL_MODULES and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"a plan cache entry may not name {module}.{name}")


@functools.cache
def layout(cls: type) -> str | None:
    """The field names of ``cls``, comma-separated, when its instances can be rebuilt
    by a :func:`builder`; ``None`` when they are pickled as usual.

    That is an attrs class whose instances keep every field in a slot and nothing
    else (no ``__dict__``, no other slot but ``__weakref__``), and whose pickling is
    attrs' own (no ``__reduce__``, ``__getnewargs__``, ``__getstate__`` or
    ``__setstate__`` of the class's).

    >>> from actionplan.model import Section
    >>> layout(Section)
    'id,title'
    >>> layout(dict) is None
    True
    """
    if not attrs.has(cls) or cls.__dictoffset__:
        return None
    if any(getattr(cls, hook, None) is not getattr(object, hook, None) for hook in _PICKLING_HOOKS):
        return None
    if any(
        getattr(getattr(cls, hook, None), "__module__", None) != _ATTRS_MODULE
        for hook in ("__getstate__", "__setstate__")
    ):
        return None
    names = tuple(field.name for field in attrs.fields(cls))
    slots = {name for base in cls.__mro__ for name in _slots(base)} - {"__weakref__"}
    if slots != set(names) or not all(_member(cls, name) for name in names):
        return None
    return ",".join(names)


def _slots(cls: type) -> tuple[str, ...]:
    slots = cls.__dict__.get("__slots__", ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def _member(cls: type, name: str) -> types.MemberDescriptorType | None:
    """The slot's descriptor (found as attribute lookup would, not shadowed)."""
    for base in cls.__mro__:
        if name in base.__dict__:
            found = base.__dict__[name]
            return found if isinstance(found, types.MemberDescriptorType) else None
    return None


@functools.cache
def builder(cls: type) -> Builder:
    """The function that makes an instance of ``cls`` from its field values, given in
    the order of :func:`attrs.fields`, without running validators, converters or
    ``__attrs_post_init__`` (as unpickling does). Only for a class with a
    :func:`layout`."""
    names = layout(cls)
    if names is None:
        raise TypeError(f"{cls.__qualname__} cannot be rebuilt from its fields alone")
    fields = names.split(",") if names else []
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build({', '.join(f'v{i}' for i in range(len(fields)))}):", "    obj = new(cls)"]
    for i, name in enumerate(fields):
        member = _member(cls, name)
        assert member is not None  # layout() checked it
        namespace[f"set{i}"] = member.__set__
        lines.append(f"    set{i}(obj, v{i})")
    lines.append("    return obj")
    exec("\n".join(lines), namespace)  # the text holds only numbered names, no field names
    function: Builder = namespace["build"]
    function.__qualname__ = function.__name__ = f"build_{cls.__name__}"
    function.__module__ = __name__
    return function


def rebuilder(cls: type, names: str) -> Builder:
    """The builder of ``cls``, for a pickle written when its layout was ``names``:
    called once per class by unpickling. Another layout (the entry was written by
    other code) raises :class:`pickle.UnpicklingError`."""
    if layout(cls) != names:
        raise pickle.UnpicklingError(
            f"the pickle was written for {cls.__qualname__} with the fields {names!r}, "
            f"which now has {layout(cls)!r}"
        )
    return builder(cls)


_TABLE: Final[contextvars.ContextVar[dict[bytes, object] | None]] = contextvars.ContextVar(
    "actionplan_shared_values", default=None
)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Within the block, the objects that :func:`dumps` wrote as shared and that are
    equal (the same fields, to the byte) are one object, whichever pickle they are
    read from: the units, sections and deadlines that many plans have in common are
    made once, and leave the garbage collector fewer objects to walk.

    >>> import datetime as dt
    >>> from actionplan.deadlines import FixedDeadline
    >>> deadline = FixedDeadline(dt.date(2024, 12, 15), text="Trước ngày 15/12/2024")
    >>> first, second = (dumps([deadline], share=[FixedDeadline]) for _ in range(2))
    >>> loads(first)[0] is loads(second)[0]
    False
    >>> with sharing():
    ...     loads(first)[0] is loads(second)[0]
    True
    """
    token = _TABLE.set({})
    try:
        yield
    finally:
        _TABLE.reset(token)


def shared(key: bytes, make: Builder, *values: object) -> object:
    """``make(*values)``, or within :func:`sharing` the object already made for
    ``key`` (a digest of the object's standalone pickle): called by unpickling."""
    table = _TABLE.get()
    if table is None:
        return make(*values)
    found = table.get(key)
    if found is None:
        found = table[key] = make(*values)
    return found


class _Pickler(pickle.Pickler):
    """Pickles attrs objects as calls of their builders, and equal texts, dates and
    tuples of texts once."""

    def __init__(self, stream: io.BytesIO, share: frozenset[type] = frozenset()) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._share = share
        self._atoms: dict[object, object] = {}
        self._classes: dict[Builder, type] = {}

    def reducer_override(self, obj: Any) -> Any:
        cls: type = type(obj)
        names = layout(cls)
        if names is not None:
            make = builder(cls)
            self._classes[make] = cls
            atoms = self._atoms
            values = []
            for name in names.split(",") if names else ():
                value = getattr(obj, name)
                kind = type(value)
                if kind is str or kind is dt.date or (kind is tuple and _texts(value)):
                    value = atoms.setdefault(value, value)
                values.append(value)
            if cls in self._share:
                key = hashlib.blake2b(dumps(obj), digest_size=_KEY_SIZE).digest()
                return shared, (key, make, *values)
            return make, tuple(values)
        if cls is types.FunctionType and obj in self._classes:
            built = self._classes[obj]
            return rebuilder, (built, layout(built))
        if isinstance(obj, enum.Enum):
            # A member by its name, found by getattr (C) rather than by calling its
            # class with its value (Python).
            member: str = obj._name_
            if getattr(cls, member, None) is obj:
                return getattr, (cls, member)
        return NotImplemented


def _texts(value: tuple[object, ...]) -> bool:
    """A tuple of texts only (exact ``str``: a text enum's member equals its value,
    but is not the same thing)."""
    return bool(value) and all(type(item) is str for item in value)
