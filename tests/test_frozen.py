"""``ddtapp.frozen``: records made with less generated code behave as ``dataclasses.dataclass`` makes them."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from ddtapp.frozen import COMPILE_AFTER, frozen, mutable


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


def _twins(decorate_ours, decorate_theirs, body):
    import types

    return (
        decorate_ours(types.new_class("Rec", (), exec_body=body)),
        decorate_theirs(types.new_class("Rec", (), exec_body=body)),
    )


def _undocumented(ns):
    ns["__annotations__"] = {"a": "int", "b": "str", "c": "list[int]", "d": "int", "e": "dict[str, int]"}
    ns.update(b="x'y", c=field(default_factory=list), d=field(default=4, init=False), e=field(init=False, default=None))


@pytest.mark.parametrize("case", CASES)
def test_a_record_without_a_docstring_gets_the_doc_and_signature_dataclass_gives(case):
    import inspect

    ours, theirs = _twins(*CASES[case], _undocumented)
    assert ours.__doc__ == theirs.__doc__
    built = []
    for n in range(COMPILE_AFTER + 2):  # filled from the fields at first, then by the __init__ written for it
        x, y = ours(a=n), theirs(a=n)
        assert vars(x) == vars(y)  # d: the class attribute (init=False, not set), as dataclass leaves it
        assert (x.a, x.b, x.c, x.d, x.e) == (y.a, y.b, y.c, y.d, y.e) == (n, "x'y", [], 4, None)
        assert ours(a=2, c=[3]).c == [3] and all(x.c is not b.c for b in built)  # a new list from the factory
        for wrong in ({}, {"a": 1, "z": 2}):
            with pytest.raises(TypeError):
                ours(**wrong)
        with pytest.raises(TypeError):
            ours(1, "b", [], 4) if "kw_only" not in case else ours(1)
        built.append(x)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))


def _ordered(ns):
    ns["__annotations__"] = {"a": "int", "b": "str", "n": "int"}
    ns.update(b="", n=field(default=0, compare=False))


def test_ordered_records_with_slots_sort_compare_and_pickle_as_dataclasses_do():
    ours, theirs = _twins(frozen(order=True, slots=True), dataclass(frozen=True, order=True, slots=True), _ordered)
    keys = [(2, "a", 1), (1, "b", 2), (1, "a", 3), (2, "a", 0)]
    assert [(r.a, r.b, r.n) for r in sorted(ours(*k) for k in keys)] == [
        (r.a, r.b, r.n) for r in sorted(theirs(*k) for k in keys)
    ]
    x = ours(1, "a", 5)
    assert (x < ours(1, "b"), x <= ours(1, "a", 9), x > ours(0), x >= ours(2)) == (True, True, True, False)
    assert x.__lt__(theirs(1)) is NotImplemented
    assert not hasattr(x, "__dict__") and ours.__slots__ == theirs.__slots__
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
        x.a = 2  # type: ignore[misc]
    record = Ordered(1, "a", 5)
    again = pickle.loads(pickle.dumps(record))
    assert again == record and again.n == 5 and again is not record


@frozen(order=True, slots=True)
class Ordered:
    a: int
    b: str = ""
    n: int = field(default=0, compare=False)


def test_init_runs_post_init_and_keeps_a_given_init():
    seen = []

    @frozen
    class Post:
        a: int
        b: list[int] = field(default_factory=list)
        c: int = field(init=False, default=0)

        def __post_init__(self) -> None:
            object.__setattr__(self, "c", self.a * 2)
            seen.append(self.a)

    assert Post(3).c == 6 and Post(4, [1]).b == [1] and seen == [3, 4]

    @mutable
    class Own:
        a: int = 0

        def __init__(self, text: str) -> None:
            self.a = len(text)

    assert Own("abc") == Own("xyz") and Own("abc").a == 3


def test_making_a_record_compiles_nothing_until_it_is_first_built(monkeypatch):
    """What the module saves a cold start: no source is compiled when a record class is made (dataclass
    compiles up to ten methods a class), only its ``__init__`` on the first call."""
    import builtins

    def refuse(*args, **kwargs):
        raise AssertionError("compiled at import")

    with monkeypatch.context() as m:
        m.setattr(builtins, "exec", refuse)
        m.setattr(builtins, "compile", refuse)

        @frozen(order=True, slots=True)
        class Quiet:
            a: int
            b: list[int] = field(default_factory=list)

        @mutable(kw_only=True)
        class Quieter:
            a: int = 0

    assert Quiet(1) < Quiet(2) and Quieter(a=3).a == 3
