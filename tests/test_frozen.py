"""``ddtapp.frozen``: records made with less generated code behave as ``dataclasses.dataclass`` makes them."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from ddtapp.frozen import frozen, mutable


def _pair(decorate_ours, decorate_theirs):
    def body(ns):
        ns["__annotations__"] = {
            "a": "int",
            "b": "str",
            "c": "list[int] | tuple[int, ...]",
            "d": "int",
            "e": "tuple[int, ...]",
        }
        ns.update(a=0, b="x", c=field(default_factory=list), d=field(default=4, compare=False, repr=False), e=())
        ns["__doc__"] = "A record."

    import types

    ours = decorate_ours(types.new_class("Rec", (), exec_body=body))
    theirs = decorate_theirs(types.new_class("Rec", (), exec_body=body))
    return ours, theirs


def _hash(obj: object) -> object:
    try:
        return hash(obj)
    except TypeError as exc:
        return str(exc)


CASES = {
    "frozen": (frozen, dataclass(frozen=True)),
    "frozen kw_only": (frozen(kw_only=True), dataclass(frozen=True, kw_only=True)),
    "mutable": (mutable, dataclass),
    "mutable kw_only": (mutable(kw_only=True), dataclass(kw_only=True)),
}
VALUES = [
    {},
    {"a": 1},
    {"a": 1, "b": "y", "c": [1, 2]},
    {"a": 1, "d": 9},
    {"b": "it's \n 'q'", "e": (1, 2)},
]


@pytest.mark.parametrize("case", CASES)
def test_records_behave_as_dataclasses_make_them(case):
    ours, theirs = _pair(*CASES[case])
    frozen_ = case.startswith("frozen")
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert ours.__match_args__ == theirs.__match_args__
    assert dataclasses.is_dataclass(ours)
    for kw in VALUES:
        x, y = ours(**kw), theirs(**kw)
        assert repr(x) == repr(y)
        assert dataclasses.asdict(x) == dataclasses.asdict(y)
        for kw2 in VALUES:
            assert (x == ours(**kw2)) == (y == theirs(**kw2)), (kw, kw2)
            assert (x != ours(**kw2)) == (y != theirs(**kw2)), (kw, kw2)
        assert (x == y) is False and x.__eq__(y) is NotImplemented  # another class
        if frozen_:
            assert _hash(x) == _hash(y)  # a list field: unhashable in both
            assert _hash(ours(**{**kw, "c": (1,)})) == _hash(theirs(**{**kw, "c": (1,)}))
            assert hash(ours(**{**kw, "c": (1,)})) == hash(
                ours(**{**kw, "c": (1,), "d": 99})
            )  # d is not compared, so not hashed
        assert dataclasses.replace(x, a=7) == ours(**{**kw, "a": 7})
        assert copy.deepcopy(x) == x
    if frozen_:
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
            ours().a = 1  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            del ours().a  # type: ignore[misc]
    else:
        with pytest.raises(TypeError, match="unhashable"):
            hash(ours())
        x = ours()
        x.a = 5
        assert x == ours(a=5)
    if "kw_only" in case:
        with pytest.raises(TypeError):
            ours(1)


def test_a_record_that_contains_itself_is_shown_as_dataclass_shows_it():
    ours, theirs = _pair(mutable, dataclass)
    x, y = ours(), theirs()
    x.c.append(x)  # type: ignore[arg-type]
    y.c.append(y)  # type: ignore[arg-type]
    assert repr(x) == repr(y) == "Rec(a=0, b='x', c=[...], e=())"


@frozen
class Picklable:
    name: str
    items: tuple[str, ...] = ()


def test_records_pickle_and_nest_as_dataclasses_do():
    record = Picklable("a", ("b",))
    assert pickle.loads(pickle.dumps(record)) == record
    assert repr(record) == "Picklable(name='a', items=('b',))"
    assert {record: 1}[Picklable("a", ("b",))] == 1


def test_a_class_with_its_own_comparison_is_left_to_dataclass():
    class Own:
        a: int = 0

        def __eq__(self, other: object) -> bool:
            return True

    with pytest.raises(TypeError, match="defines __eq__"):
        frozen(Own)
