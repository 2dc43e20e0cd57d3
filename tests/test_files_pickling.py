"""The plan cache's pickles (:mod:`actionplan.files._pickling`): attrs objects rebuilt
by a function made for their class, field for field; equal values read within
``sharing()`` made once."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from actionplan.deadlines import FixedDeadline
from actionplan.files._pickling import builder, dumps, layout, loads, rebuilder, sharing
from actionplan.model import ActionPlan, Priority, Section, Task, Unit
from strategies import plans

SHARE = (Unit, Section, FixedDeadline)


@attrs.frozen
class OwnState:
    """An attrs class with pickling of its own: its ``__setstate__`` upper-cases."""

    value: str

    def __getstate__(self) -> dict[str, str]:
        return {"value": self.value}

    def __setstate__(self, state: dict[str, str]) -> None:
        object.__setattr__(self, "value", state["value"].upper())


@attrs.frozen
class OwnReduce:
    """An attrs class with a ``__reduce__`` of its own, which doubles the value."""

    value: int

    def __reduce__(self) -> tuple[type[OwnReduce], tuple[int]]:
        return OwnReduce, (self.value * 2,)


@attrs.define(slots=False, frozen=True)
class WithDict:
    """An attrs class whose instances keep their fields in a ``__dict__``."""

    value: int


def _shape(value: Any) -> Any:
    """Everything about ``value`` that a copy must keep: types, and every field of
    attrs objects, including those that equality ignores."""
    cls = type(value)
    if attrs.has(cls):
        return (cls, *(_shape(getattr(value, f.name)) for f in attrs.fields(cls)))
    if cls in (tuple, list):
        return (cls, *map(_shape, value))
    if cls is dict:
        return (cls, *((_shape(k), _shape(v)) for k, v in value.items()))
    return (cls, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_any_plan_comes_back_field_for_field(plan: ActionPlan) -> None:
    """Whatever the plan, what is read back has the same type and the same value in
    every field of every object, even in fields that equality leaves out (a
    deadline's assumptions), with or without shared classes and sharing."""
    assert loads(dumps(plan)) == plan
    assert _shape(loads(dumps(plan))) == _shape(plan)
    shared = dumps(plan, share=SHARE)
    assert _shape(loads(shared)) == _shape(plan)
    with sharing():
        assert _shape(loads(shared)) == _shape(plan)
        assert _shape(loads(shared)) == _shape(plan)


def test_objects_shared_in_the_plan_stay_shared() -> None:
    """One deadline object on two tasks is one object after the round trip."""
    deadline = FixedDeadline(dt.date(2024, 12, 15))
    tasks = [Task("t1", "Một", deadline=deadline), Task("t2", "Hai", deadline=deadline)]
    first, second = loads(dumps(tasks))
    assert first.deadline is second.deadline


def test_equal_texts_and_dates_are_one_object_after_the_round_trip() -> None:
    """Equal texts, dates and tuples of texts, though distinct objects in the plan,
    are stored once and read back as one object."""
    tasks = [
        Task(
            f"t{n}",
            "Báo cáo",
            lead="".join(["cb", "1"]),
            coordinating=["cb2", "cb3"],
            deadline=FixedDeadline(dt.date(2024, 12, 15)),
        )
        for n in (1, 2)
    ]
    assert tasks[0].lead is not tasks[1].lead
    first, second = loads(dumps(tasks))
    assert first.lead is second.lead
    assert first.coordinating is second.coordinating
    assert first.deadline.date is second.deadline.date


def test_enum_members_come_back_as_themselves() -> None:
    """Enum members are written by name and read back as the same members."""
    assert loads(dumps([Priority.HIGH, Priority.LOW])) == [Priority.HIGH, Priority.LOW]
    assert loads(dumps(Priority.HIGH)) is Priority.HIGH
    assert b"HIGH" in dumps(Priority.HIGH)


def test_the_builder_sets_the_fields_without_checking_them() -> None:
    """A builder runs no validator or converter, as unpickling never does: the
    values were checked when the object was first made."""
    section = builder(Section)("s1", "")
    assert (section.id, section.title) == ("s1", "")
    with pytest.raises(ValueError, match="title"):
        Section("s1", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (OwnState("mới"), OwnState("MỚI")),
        (OwnReduce(2), OwnReduce(4)),
        (WithDict(3), WithDict(3)),
    ],
)
def test_classes_that_pickle_their_own_way_keep_it(value: object, expected: object) -> None:
    """An attrs class with its own ``__getstate__``/``__setstate__`` or
    ``__reduce__``, or keeping its fields in a ``__dict__``, has no layout and is
    pickled as pickle would (its own methods run)."""
    cls: type = type(value)
    assert layout(cls) is None
    assert pickle.loads(dumps(value)) == expected  # loads itself refuses this module's


@pytest.mark.parametrize(
    ("value", "names"),
    [
        (print, "builtins.print"),
        (OwnState("x"), "test_files_pickling.OwnState"),
        (dt.date.fromisoformat, "builtins.getattr"),  # a date's method, not an enum member
        (attrs.evolve, "attr._funcs.evolve"),
    ],
)
def test_loads_refuses_anything_a_plan_does_not_hold(value: object, names: str) -> None:
    """An entry naming a function, or a class outside the plan model, is refused
    before anything is called: a crafted entry cannot run code."""
    with pytest.raises(pickle.UnpicklingError, match="may not"):
        loads(pickle.dumps(value))


def test_loads_reads_enum_members_only() -> None:
    """getattr in an entry reads enum members of model classes, nothing else."""
    data = dumps(Priority.HIGH)
    assert b"HIGH" in data
    assert loads(data) is Priority.HIGH
    with pytest.raises(pickle.UnpicklingError, match="may not read"):
        loads(data.replace(b"HIGH", b"name"))  # Priority.name: an attribute, no member


def test_a_pickle_for_another_layout_is_refused() -> None:
    """A pickle written when a class had other fields (another version of the code)
    fails to load rather than giving an object with its fields mixed up."""
    with pytest.raises(pickle.UnpicklingError, match="Section"):
        rebuilder(Section, "title,id")
    data = dumps(Section("s1", "Mục 1")).replace(b"id,title", b"ix,title")
    with pytest.raises(pickle.UnpicklingError):
        loads(data)


def test_equal_shared_objects_from_several_pickles_are_one_within_sharing() -> None:
    """Within sharing(), an equal unit read from two pickles is one object; outside
    it, each pickle gives its own."""
    unit = Unit("cb1", "Chi bộ 1")
    first, second = dumps([unit], share=SHARE), dumps([Unit("cb1", "Chi bộ 1")], share=SHARE)
    assert loads(first)[0] is not loads(second)[0]
    with sharing():
        assert loads(first)[0] is loads(second)[0]
    assert loads(first)[0] == loads(second)[0] == unit


def test_objects_that_differ_only_where_equality_does_not_look_are_not_merged() -> None:
    """Sharing compares every byte of the fields: two deadlines equal by ``==`` but
    with other assumptions stay two objects, each with its own."""
    date = dt.date(2024, 12, 15)
    plain, assumed = FixedDeadline(date), FixedDeadline(date, assumptions=("năm hiện hành",))
    assert plain == assumed
    with sharing():
        read = [loads(dumps(d, share=SHARE)) for d in (plain, assumed)]
    assert read[0] is not read[1]
    assert [d.assumptions for d in read] == [(), ("năm hiện hành",)]


def test_sharing_ends_with_its_block() -> None:
    """Objects read after a sharing() block are not the ones read within it."""
    data = dumps(Unit("cb1", "Chi bộ 1"), share=SHARE)
    with sharing():
        inside = loads(data)
        assert loads(data) is inside
    assert loads(data) is not inside
