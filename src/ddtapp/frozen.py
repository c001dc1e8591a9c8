"""Dataclasses made without generated code at import, for the records every cold start defines.

``dataclasses.dataclass`` writes each method of a class as Python source and compiles it: up to ten
compilations for a record (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, the four orderings, a frozen
record's ``__setattr__`` and ``__delattr__``), 0.3-0.6 ms a class, some 25 ms of a cold ``ddtapp check`` over
the 60-odd classes it defines. :func:`frozen` and :func:`mutable` let ``dataclass`` gather the fields only
(0.1 ms) and give every class the same ``__repr__``, ``__eq__``, ``__hash__``, orderings and frozen guards,
which behave exactly as the generated ones: the same text, equality and order of the compared fields between
instances of the same class, the hash of the hashed fields (``field(compare=False)``, ``hash=``,
``repr=False`` honoured), ``...`` for a record that contains itself, ``FrozenInstanceError`` on assignment.
``__init__`` is written by ``dataclass`` itself (as quick a call; :func:`_write_init`), but only once a class has
been built :data:`COMPILE_AFTER` times (before that, its fields are filled from the same parameters without
compiling anything): most records of a check are built once or twice, or never by their ``__init__`` (the
rule pack's come from its cache), so a cold check compiles 14 ``__init__`` where ``dataclass`` compiled 200-odd
methods. The classes are dataclasses (``fields``, ``replace``, ``asdict``,
Pydantic, pickle) as before, with the same ``__doc__`` and ``__match_args__``; ``tests/test_frozen.py``
holds them against ``dataclass``'s own. One difference: ``__dataclass_params__`` says ``init``/``frozen``
False (what ``dataclass`` itself was asked to write), so a frozen record does not mix with a stdlib frozen
dataclass in one class hierarchy (``dataclass`` refuses that at import).
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
def frozen(*, kw_only: bool = False, order: bool = False, slots: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[T] | None = None, /, *, kw_only: bool = False, order: bool = False, slots: bool = False) -> Any:
    """``@dataclass(frozen=True)`` (with ``kw_only``, ``order``, ``slots``), as a decorator with or without
    arguments."""

    def wrap(c: type[T]) -> type[T]:
        return _make(c, frozen=True, kw_only=kw_only, order=order, slots=slots)

    return wrap if cls is None else wrap(cls)


@overload
def mutable(cls: type[T], /) -> type[T]: ...
@overload
def mutable(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def mutable(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass`` (or ``kw_only=True``): compared by value, so not hashable, as ``dataclass`` makes it."""

    def wrap(c: type[T]) -> type[T]:
        return _make(c, frozen=False, kw_only=kw_only, order=False, slots=False)

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


_INITVAR = getattr(dataclasses, "_FIELD_INITVAR", None)
_OWN = ("__eq__", "__hash__", "__repr__", "__lt__", "__le__", "__gt__", "__ge__", "__setattr__", "__delattr__")


def _make(cls: type[T], *, frozen: bool, kw_only: bool, order: bool, slots: bool) -> type[T]:
    own = [name for name in _OWN if vars(cls).get(name) is not None]
    if own:
        raise TypeError(f"{cls.__qualname__} defines {', '.join(own)}: make it with dataclasses.dataclass")
    documented = bool(cls.__doc__)
    if not documented:
        cls.__doc__ = "-"  # dataclass would work the text out with inspect.signature: done below, cheaper
    cls = dataclasses.dataclass(cls, init=False, eq=False, repr=False, kw_only=kw_only, slots=slots)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(f._field_type is _INITVAR for f in cls.__dataclass_fields__.values()):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__qualname__} has InitVar fields: make it with dataclasses.dataclass")
    if not documented:
        cls.__doc__ = _signature_doc(cls.__name__, fields)
    compared = _values([f.name for f in fields if f.compare])
    shown = [f.name for f in fields if f.repr]

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    namespace: dict[str, Any] = {"__eq__": __eq__, "__repr__": __repr__, "__hash__": None}
    if frozen:
        hash_of = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])

        def __hash__(self: Any) -> int:
            return hash(hash_of(self))

        namespace["__hash__"] = __hash__
        namespace.update(_guards(cls, fields, slots))
    if order:
        namespace.update(_orderings(compared))
    for name, method in namespace.items():
        if method is not None:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    if "__init__" not in vars(cls):
        cls.__init__ = _first_init(cls, frozen)  # type: ignore[method-assign]
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.eq, params.repr, params.order = True, True, order  # what the class now does
    return cls


def _guards(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...], slots: bool) -> dict[str, Any]:
    """A frozen record's ``__setattr__`` and ``__delattr__`` (and, with slots, how it pickles), as
    ``dataclass`` writes them."""
    names = frozenset(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    out: dict[str, Any] = {"__setattr__": __setattr__, "__delattr__": __delattr__}
    if slots:

        def __getstate__(self: Any) -> list[Any]:
            return [getattr(self, f.name) for f in dataclasses.fields(self)]

        def __setstate__(self: Any, state: list[Any]) -> None:
            for f, value in zip(dataclasses.fields(self), state, strict=False):
                object.__setattr__(self, f.name, value)

        out.update(__getstate__=__getstate__, __setstate__=__setstate__)
    return out


def _orderings(compared: Callable[[Any], tuple[Any, ...]]) -> dict[str, Any]:
    """``order=True``: the four comparisons of the compared fields' tuples, between instances of one class."""

    def __lt__(self: Any, other: Any) -> Any:
        return compared(self) < compared(other) if other.__class__ is self.__class__ else NotImplemented

    def __le__(self: Any, other: Any) -> Any:
        return compared(self) <= compared(other) if other.__class__ is self.__class__ else NotImplemented

    def __gt__(self: Any, other: Any) -> Any:
        return compared(self) > compared(other) if other.__class__ is self.__class__ else NotImplemented

    def __ge__(self: Any, other: Any) -> Any:
        return compared(self) >= compared(other) if other.__class__ is self.__class__ else NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


#: Calls of a class's ``__init__`` before it is compiled: a record built once or twice a run (the settings,
#: the pack, the report: 20-odd classes of a cold check) is never compiled; one built often (findings, rules,
#: parsed checks) is, after these few, and is then built as quickly as by dataclass's own ``__init__``.
COMPILE_AFTER = 8


def _first_init(cls: type, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that builds the record from the fields as the written one would (:func:`_fill`) for the
    class's first :data:`COMPILE_AFTER` calls, then writes the real one (:func:`_write_init`), puts it on the
    class and calls it."""
    calls = 0
    fill: Callable[..., None] | None = None

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls, fill
        calls += 1
        if calls <= COMPILE_AFTER:
            fill = fill or _fill(cls, frozen)
            fill(self, *args, **kwargs)
            return
        init = _write_init(cls, frozen)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _fill(cls: type, frozen: bool) -> Callable[..., None]:
    """What :func:`_write_init`'s ``__init__`` does, without compiling it: the arguments bound to the same
    parameters as Python binds them (the same TypeError for one too many, unknown, given twice or missing),
    each field set in order from its argument, default or factory, then ``__post_init__``."""
    fields = dataclasses.fields(cls)
    given = [f for f in fields if f.init]
    positional = [f.name for f in given if not f.kw_only]
    known = {f.name for f in given}
    needed = [f.name for f in given if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    set_ = object.__setattr__ if frozen else setattr
    slotted = "__slots__" in vars(cls)
    post_init = hasattr(cls, "__post_init__")
    name = f"{cls.__qualname__}.__init__()"

    def fill(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(positional):
            raise TypeError(f"{name} takes {len(positional) + 1} positional arguments but {len(args) + 1} were given")
        values = dict(zip(positional, args, strict=False))
        for key, value in kwargs.items():
            if key not in known:
                raise TypeError(f"{name} got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{name} got multiple values for argument {key!r}")
            values[key] = value
        missing = [key for key in needed if key not in values]
        if missing:
            raise TypeError(f"{name} missing required arguments: {', '.join(map(repr, missing))}")
        for f in fields:
            if f.init and f.name in values:
                value = values[f.name]
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            elif f.init or (slotted and f.default is not dataclasses.MISSING):
                value = f.default
            else:
                continue  # the class attribute is the default
            set_(self, f.name, value)
        if post_init:
            self.__post_init__()

    return fill


def _write_init(cls: type, frozen: bool) -> Callable[..., None]:
    """``__init__`` as ``dataclass`` writes it, written by ``dataclass`` itself: a stand-in class with the same
    fields (defaults, factories, ``init=False``, keyword-only), slots and ``__post_init__`` is made with
    :func:`dataclasses.make_dataclass`, and its ``__init__`` is the record's (it sets the fields on whatever
    ``self`` it is given, through ``object.__setattr__`` when frozen). ddtapp compiles no source of its own."""
    fields = dataclasses.fields(cls)
    specs = [
        (
            f.name,
            f.type,
            dataclasses.field(default=f.default, default_factory=f.default_factory, init=f.init, kw_only=f.kw_only),
        )
        for f in fields
    ]
    namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
    shadow = dataclasses.make_dataclass(
        cls.__name__,
        specs,
        namespace=namespace,
        repr=False,
        eq=False,
        frozen=frozen,
        slots="__slots__" in vars(cls),
    )
    init: Callable[..., None] = vars(shadow)["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _signature_doc(name: str, fields: tuple[dataclasses.Field[Any], ...]) -> str:
    """The ``__doc__`` ``dataclass`` gives a class without a docstring: its name and ``__init__``'s signature
    as ``inspect.signature`` shows it (an annotation as text, as ddtapp's modules write them, is its repr)."""

    def shown(f: dataclasses.Field[Any]) -> str:
        if isinstance(f.type, str):
            text = f"{f.name}: {f.type!r}"
        else:
            from inspect import formatannotation

            text = f"{f.name}: {formatannotation(f.type)}"
        if f.default_factory is not dataclasses.MISSING:
            return f"{text} = <factory>"
        return text if f.default is dataclasses.MISSING else f"{text} = {f.default!r}"

    given = [f for f in fields if f.init]
    parts = [shown(f) for f in given if not f.kw_only]
    keyword = [shown(f) for f in given if f.kw_only]
    if keyword:
        parts += ["*", *keyword]
    return f"{name}({', '.join(parts)}) -> None".replace(" -> None", "")
