"""``SEQUENCE`` numbers that grow exactly when an object's schedule or status changes.

RFC 5545 (3.8.7.4) asks the organizer to increment an object's ``SEQUENCE`` when
it changes ``DTSTART``, ``DTEND``, ``DURATION``, ``DUE``, ``RDATE``, ``RRULE``,
``EXDATE`` or ``STATUS``, and a client that already holds an object with the same
UID may keep its copy when the number of the new one did not grow. Without any
memory the export derives the number from the data (extensions granted, changes
of status), and that misses a change made by editing a deadline in the plan file
directly. A :class:`SequenceState` remembers,
for each UID, a :func:`fingerprint` of those properties and the number last
written:

- the same fingerprint: the number stays (at least the derived one);
- another fingerprint: the number grows by one, and never goes below the derived
  one: ``max(derived, stored + 1)``;
- no record: the derived number.

The fingerprint covers the scheduling properties as written and the object's
status (for a VTODO its ``STATUS``; for an event, which shows progress only by a
"✓" in its summary, the status it stands for). A description, an alarm or a
category changing alone does not bump the number, as RFC 5545 allows. The
derived number of a task's only object counts every change of status, so it never
goes back; that of an occurrence or a series measures how far the work has moved
on, so an occurrence put back (a "not started" report after work began, a
suspension, a task resumed after a cancellation) lowers it: only a state keeps
the number growing then.

A state belongs to one output (a folder of feeds, a vdir, a CalDAV calendar):
the same task written as a to-do and as an event is two different objects. A
state file that cannot be read is ignored with a :class:`SequenceStateWarning`
(the derived numbers are used) and replaced on the next save; it never stops an
export.

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline
>>> from actionplan.ical import iter_objects
>>> from actionplan.model import ActionPlan, Task
>>> def plan(due):
...     task = Task("1", "Báo cáo", deadline=FixedDeadline(due))
...     return ActionPlan("kh45", "Kế hoạch 45", tasks=[task])
>>> state = SequenceState().updated(iter_objects(plan(dt.date(2024, 12, 15))))
>>> [o.sequence for o in iter_objects(plan(dt.date(2024, 12, 15)), sequences=state)]
[0]
>>> [o.sequence for o in iter_objects(plan(dt.date(2024, 12, 20)), sequences=state)]
[1]
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Protocol

import attrs
from icalendar import Component

from actionplan.ical._io import write_atomic

__all__ = [
    "SCHEDULING_PROPERTIES",
    "STATE_FORMAT",
    "SequenceRecord",
    "SequenceState",
    "SequenceStateWarning",
    "fingerprint",
]

SCHEDULING_PROPERTIES: Final = ("DTSTART", "DTEND", "DURATION", "DUE", "RDATE", "RRULE", "EXDATE")
"""The properties whose change bumps ``SEQUENCE`` (RFC 5545, 3.8.7.4), besides the status."""

STATE_FORMAT: Final = "actionplan-ical-sequences/1"
"""The ``format`` of a state file."""


class SequenceStateWarning(UserWarning):
    """A sequence state file could not be read; the derived numbers were used."""


def fingerprint(component: Component, status: str) -> str:
    """A hash of ``component``'s scheduling properties (:data:`SCHEDULING_PROPERTIES`,
    as written) and of ``status``, the VTODO status the object stands for.

    >>> import datetime as dt
    >>> from icalendar import Todo
    >>> todo = Todo()
    >>> todo.add("due", dt.date(2024, 12, 15))
    >>> first = fingerprint(todo, "NEEDS-ACTION")
    >>> first == fingerprint(todo, "NEEDS-ACTION"), first == fingerprint(todo, "COMPLETED")
    (True, False)
    """
    parts = [str(component.name).encode(), b"STATUS:" + status.encode()]
    for name in SCHEDULING_PROPERTIES:
        value = component.get(name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            params = getattr(item, "params", None) or {}
            head = ";".join([name, *(f"{k}={v}" for k, v in sorted(params.items()))])
            parts.append(head.encode() + b":" + item.to_ical())
    return hashlib.sha256(b"\r\n".join(parts)).hexdigest()[:32]


class _Versioned(Protocol):
    """An object written with a SEQUENCE (a :class:`~actionplan.ical.CalendarObject`)."""

    @property
    def uid(self) -> str: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def sequence(self) -> int: ...


@attrs.frozen
class SequenceRecord:
    """What was last written for one object: the :func:`fingerprint` of its
    scheduling properties and status, and its ``SEQUENCE``."""

    fingerprint: str
    sequence: int


def _records(value: Mapping[str, SequenceRecord]) -> Mapping[str, SequenceRecord]:
    return MappingProxyType(dict(sorted(value.items())))


@attrs.frozen
class SequenceState:
    """The fingerprint and ``SEQUENCE`` last written for each UID (see the module
    docstring). Immutable: :meth:`updated` returns a new state.
    """

    records: Mapping[str, SequenceRecord] = attrs.field(factory=dict, converter=_records)

    def sequence(self, uid: str, print_: str, derived: int) -> int:
        """The ``SEQUENCE`` to write for ``uid`` whose fingerprint is now ``print_``
        and whose derived number is ``derived``."""
        record = self.records.get(uid)
        if record is None:
            return derived
        stored = record.sequence if record.fingerprint == print_ else record.sequence + 1
        return max(derived, stored)

    def updated(self, objects: Iterable[_Versioned]) -> SequenceState:
        """This state with what ``objects`` were written with (their ``uid``,
        ``fingerprint`` and ``sequence``). Records of other UIDs are kept, so a task
        removed and restored later carries on from its number."""
        records = dict(self.records)
        for item in objects:
            records[item.uid] = SequenceRecord(item.fingerprint, item.sequence)
        return SequenceState(records)

    # -- as data and as a file ---------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The state as JSON-ready data: ``{"format": …, "objects": {uid: {"hash":
        …, "sequence": n}}}``, UIDs sorted."""
        return {
            "format": STATE_FORMAT,
            "objects": {
                uid: {"hash": r.fingerprint, "sequence": r.sequence}
                for uid, r in self.records.items()
            },
        }

    @classmethod
    def from_data(cls, data: object, *, source: str = "sequence state") -> SequenceState:
        """The state :meth:`to_data` gave; ``None`` is an empty state. Anything
        else that is not such data is ignored with a :class:`SequenceStateWarning`
        naming ``source``: an empty state is returned."""
        if data is None:
            return cls()
        problem = _problem(data)
        if problem is not None:
            return _ignored(source, problem)
        assert isinstance(data, dict)
        return cls(
            {
                uid: SequenceRecord(entry["hash"], entry["sequence"])
                for uid, entry in data["objects"].items()
            }
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SequenceState:
        """The state saved in ``path``; an empty one when there is no such file. A
        file that cannot be read is ignored with a :class:`SequenceStateWarning`.

        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> SequenceState.load(folder / "missing.json")
        SequenceState(records=mappingproxy({}))
        """
        file = Path(path)
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            return _ignored(str(file), f"cannot be read ({exc.strerror or exc})")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _ignored(str(file), f"not a JSON file ({exc})")
        return cls.from_data(data, source=str(file))

    def to_bytes(self) -> bytes:
        """The file's content: indented JSON, keys sorted, ending with a line break."""
        text = json.dumps(self.to_data(), ensure_ascii=False, indent=2, sort_keys=True)
        return (text + "\n").encode("utf-8")

    def save(self, path: str | os.PathLike[str]) -> bool:
        """Write the state to ``path`` atomically; False (and the file left alone)
        when it already holds it."""
        return write_atomic(Path(path), self.to_bytes())


def _ignored(source: str, problem: str) -> SequenceState:
    warnings.warn(
        f"{source}: the SEQUENCE state is {problem}; it was ignored and the numbers were "
        "derived from the plan (a deadline edited directly in the plan may not bump "
        "one). The next save replaces it with a good one",
        SequenceStateWarning,
        stacklevel=3,
    )
    return SequenceState()


def _problem(data: object) -> str | None:
    """What is wrong with state data, or ``None``."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    if data.get("format") != STATE_FORMAT:
        return f"of format {data.get('format')!r}, not {STATE_FORMAT!r}"
    objects = data.get("objects")
    if not isinstance(objects, dict):
        return f"damaged: 'objects' is {type(objects).__name__}, not an object of UIDs"
    for uid, entry in objects.items():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("hash"), str)
            and type(entry.get("sequence")) is int
            and entry["sequence"] >= 0
        ):
            return (
                f"damaged: the entry of {uid!r} is {entry!r}, not "
                '{"hash": "<text>", "sequence": <a whole number, 0 or more>}'
            )
    return None
