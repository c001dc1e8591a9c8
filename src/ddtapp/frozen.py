"""Dataclasses made with less generated code, for the records every cold start defines.

``dataclasses.dataclass`` writes each method of a class as Python source and compiles it: six compilations
for a frozen record (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``),
about half a millisecond a class, some 30 ms of a cold ``ddtapp check`` over the 60-odd classes it defines.
:func:`frozen` and :func:`mutable` let ``dataclass`` write only ``__init__`` (and a frozen record's two
guards) and give every class the same ``__repr__``, ``__eq__`` and ``__hash__``, which behave exactly as the
generated ones: the same text, equality of the compared fields between instances of the same class, the hash
of the hashed fields (``field(compare=False)``, ``hash=``, ``repr=False`` honoured), ``...`` for a record that
contains itself. The classes are dataclasses (``fields``, ``replace``, ``asdict``, Pydantic) as before;
``tests/test_frozen.py`` holds them against ``dataclass``'s own.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def frozen(cls: type[T], /) -> type[T]: ...
@overload
def frozen(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass(frozen=True)`` (or ``kw_only=True``), as a decorator with or without arguments."""

    def wrap(c: type[T]) -> type[T]:
        return _finish(dataclasses.dataclass(c, frozen=True, eq=False, repr=False, kw_only=kw_only), hashed=True)

    return wrap if cls is None else wrap(cls)


@overload
def mutable(cls: type[T], /) -> type[T]: ...
@overload
def mutable(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def mutable(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass`` (or ``kw_only=True``): compared by value, so not hashable, as ``dataclass`` makes it."""

    def wrap(c: type[T]) -> type[T]:
        return _finish(dataclasses.dataclass(c, eq=False, repr=False, kw_only=kw_only), hashed=False)

    return wrap if cls is None else wrap(cls)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of an instance's ``names``, as the generated methods build it."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    from operator import attrgetter

    return attrgetter(*names)


def _finish(cls: type[T], *, hashed: bool) -> type[T]:
    own = [name for name in ("__eq__", "__hash__", "__repr__") if vars(cls).get(name) is not None]
    if own:
        raise TypeError(f"{cls.__qualname__} defines {', '.join(own)}: make it with dataclasses.dataclass")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    compared = _values([f.name for f in fields if f.compare])
    shown = [f.name for f in fields if f.repr]

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    namespace: dict[str, Any] = {"__eq__": __eq__, "__repr__": __repr__}
    if hashed:
        hash_of = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])

        def __hash__(self: Any) -> int:
            return hash(hash_of(self))

        namespace["__hash__"] = __hash__
    else:
        namespace["__hash__"] = None
    for name, method in namespace.items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.eq, params.repr = True, True  # what the class now does (and what a dataclass subclass checks)
    return cls
