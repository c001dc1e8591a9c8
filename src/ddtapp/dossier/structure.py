"""A fast first look at a dossier's structure, so that a valid dossier never pays for building the
Pydantic models (about 40 ms of every cold start).

The Pydantic models in :mod:`ddtapp.dossier.models` stay the one source of truth: the JSON Schema that
``ddtapp schema`` prints is generated from them and shipped beside this module. :func:`conforms`
checks data against that schema *strictly* — exact Python types, no coercion — so everything it
accepts, Pydantic (which also coerces, e.g. ``"5"`` to 5 or a quoted date to a date) accepts too.
When it says no, or meets a schema keyword it does not know, the caller validates with Pydantic,
which gives the located "did you mean" errors, or accepts what only coercion makes valid.
``tests/test_structure.py`` checks that one-sided agreement on generated data.

Coercion is not let through: rules, tiers and templates read the dossier as written, so a value of the
wrong type that Pydantic's lax mode would accept (the text ``no`` for a boolean, ``"5"`` for a number)
would reach them as text. :func:`loose_values` finds each such value, located, in the shape of a
Pydantic error, so that the caller reports it as one (``ddtapp.dossier.validate.validate_dossier``).
A quoted date (``"2026-01-10"``) is not among them: the JSON Schema allows it, and the rules read it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("dossier.schema.json")


@lru_cache(maxsize=1)
def _schema() -> tuple[dict[str, Any], dict[str, Any]]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema, schema.get("$defs", {})


_KNOWN = frozenset(
    {
        "$ref",
        "anyOf",
        "const",
        "enum",
        "type",
        "format",
        "items",
        "minimum",
        "properties",
        "required",
        "additionalProperties",
        "title",
        "description",
        "default",
        "app_refs",
        "$defs",
        "$id",
        "$schema",
        "examples",
        "patternProperties",
        "oneOf",
        "discriminator",
    }
)


def conforms(data: Any) -> bool:
    """Whether ``data`` certainly satisfies the dossier schema (False: ask Pydantic)."""
    return _compiled()(data)


Test = Callable[[Any], bool]


@lru_cache(maxsize=1)
def _compiled() -> Test:
    """:func:`_ok` against the dossier schema, compiled once into closures: the schema is interpreted
    when ddtapp first checks a dossier, not again at every value of every dossier."""
    schema, defs = _schema()
    return _compile(schema, defs, {})


def _never(value: Any) -> bool:
    return False


#: The tests that check only a value's exact type, with the types they accept: a mapping or a list checks a
#: value against one of them by a set lookup instead of a call (most of a dossier's values)
_TYPES: dict[Test, frozenset[type]] = {}
#: The "X or nothing" tests, with X's: a mapping checks such a property's value by X unless it is None
_OR_NONE: dict[Test, Test] = {}
_NONE = frozenset({type(None)})


def _of_types(types: frozenset[type]) -> Test:
    def test(value: Any) -> bool:
        return type(value) in types

    _TYPES[test] = types
    return test


def _compile(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, Test]) -> Test:
    """A function of a value that answers exactly as ``_ok(value, schema, defs)`` does. ``done`` holds
    each ``$defs`` entry's function once it is compiled (a model met again, or recursively, is shared)."""
    if not _KNOWN.issuperset(schema):
        return _never
    ref = schema.get("$ref")
    if ref is not None:
        return _compile_ref(ref, defs, done)
    any_of = schema.get("anyOf")
    if any_of is not None:
        return _either(tuple(_compile(option, defs, done) for option in any_of))
    one_of = schema.get("oneOf")
    if one_of is not None:
        choices = tuple(_compile(option, defs, done) for option in one_of)
        return lambda value: sum(1 for test in choices if test(value)) == 1
    if "const" in schema or "enum" in schema:
        return _compile_values(schema)
    make = _COMPILERS.get(schema.get("type"))
    return make(schema, defs, done) if make is not None else _never


def _compile_ref(ref: str, defs: dict[str, Any], done: dict[str, Test]) -> Test:
    """A ``$ref`` to a ``$defs`` entry: its function, compiled once (a model that refers to itself calls
    the function being made)."""
    name = ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else None
    target = defs.get(name) if name is not None else None
    if target is None or name is None:
        return _never
    if name not in done:
        cell: list[Test] = []
        done[name] = lambda value: cell[0](value)  # what a model that refers to itself calls
        cell.append(_compile(target, defs, done))
        done[name] = cell[0]
    return done[name]


def _compile_values(schema: dict[str, Any]) -> Test:
    """``const`` or ``enum``: one of the values, of the same type (``True`` is not ``1``)."""
    if "const" in schema:
        const = schema["const"]
        return lambda value: type(value) is type(const) and value == const
    allowed = tuple(schema["enum"])
    if all(type(option) is str for option in allowed):  # every enum of the dossier schema: a set lookup
        words = frozenset(allowed)
        return lambda value: type(value) is str and value in words
    return lambda value: any(type(value) is type(option) and value == option for option in allowed)


def _either(options: tuple[Test, ...]) -> Test:
    """Whether any of ``options`` holds: one set of types if each checks only types, "X or nothing" (the usual
    union) as such (:data:`_OR_NONE`), else each in turn, without a generator."""
    if all(option in _TYPES for option in options):
        return _of_types(frozenset().union(*(_TYPES[option] for option in options)))
    if len(options) == 2:
        first, second = options
        if _TYPES.get(first) == _NONE:
            first, second = second, first
        if _TYPES.get(second) == _NONE:
            inner = first

            def or_none(value: Any) -> bool:
                return value is None or inner(value)

            _OR_NONE[or_none] = inner
            return or_none
        return lambda value: first(value) or second(value)
    return lambda value: any(test(value) for test in options)


def _compile_string(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, Test]) -> Test:
    fmt = schema.get("format")
    if fmt is None:
        return _of_types(frozenset({str}))
    if fmt == "date":
        return _of_types(frozenset({dt.date}))
    return _never


def _compile_number(kinds: tuple[type, ...]) -> Callable[[dict[str, Any], dict[str, Any], dict[str, Test]], Test]:
    def make(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, Test]) -> Test:
        if "minimum" in schema:
            minimum = schema["minimum"]
            return lambda value: type(value) in kinds and value >= minimum
        if float not in kinds:
            return _of_types(frozenset(kinds))  # an int is never NaN
        return lambda value: type(value) in kinds and value >= value  # not NaN, as _ok has it

    return make


def _compile_array(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, Test]) -> Test:
    item = _compile(schema.get("items", {}), defs, done)
    types = _TYPES.get(item)
    if types is not None:

        def typed_items(value: Any) -> bool:
            if type(value) is not list:
                return False
            for v in value:  # noqa: SIM110 (as below)
                if type(v) not in types:
                    return False
            return True

        return typed_items

    def items(value: Any) -> bool:
        if type(value) is not list:
            return False
        for v in value:  # noqa: SIM110 (a loop: all() over a generator costs a third more here)
            if not item(v):
                return False
        return True

    return items


def _compile_object(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, Test]) -> Test:
    patterns = schema.get("patternProperties")
    if patterns is not None:
        if "properties" in schema:
            return _never
        compiled = tuple((p, _compile(sub, defs, done)) for p, sub in patterns.items())

        def keyed(value: Any) -> bool:
            return type(value) is dict and all(
                type(key) is str and any(re.fullmatch(p, key) and test(item) for p, test in compiled)
                for key, item in value.items()
            )

        return keyed
    props = {key: _compile(sub, defs, done) for key, sub in schema.get("properties", {}).items()}
    typed = {key: _TYPES[test] for key, test in props.items() if test in _TYPES}
    checks = {key: _OR_NONE.get(test, test) for key, test in props.items() if test not in _TYPES}
    nullable = frozenset(key for key, test in props.items() if test in _OR_NONE)
    open_ended = schema.get("additionalProperties", True) is True
    required = frozenset(schema.get("required", ()))

    def mapping(value: Any) -> bool:
        if type(value) is not dict:
            return False
        for key, item in value.items():
            types = typed.get(key)
            if types is not None:
                if type(item) not in types:
                    return False
                continue
            test = checks.get(key)
            if test is None:
                if not open_ended:
                    return False
            elif not test(item) and not (item is None and key in nullable):
                return False
        return value.keys() >= required

    return mapping


_COMPILERS: dict[Any, Callable[[dict[str, Any], dict[str, Any], dict[str, Test]], Test]] = {
    "string": _compile_string,
    "null": lambda schema, defs, done: _of_types(_NONE),
    "boolean": lambda schema, defs, done: _of_types(frozenset({bool})),
    "integer": _compile_number((int,)),
    "number": _compile_number((int, float)),
    "array": _compile_array,
    "object": _compile_object,
}


def _ok(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    if not _KNOWN.issuperset(schema):
        return False
    ref = schema.get("$ref")
    if ref is not None:
        target = defs.get(ref.rsplit("/", 1)[-1]) if ref.startswith("#/$defs/") else None
        return target is not None and _ok(value, target, defs)
    any_of = schema.get("anyOf")
    if any_of is not None:
        return any(_ok(value, option, defs) for option in any_of)
    one_of = schema.get("oneOf")  # a discriminated union ("discriminator" only says which key tells them apart)
    if one_of is not None:
        return sum(1 for option in one_of if _ok(value, option, defs)) == 1
    if "const" in schema:
        const = schema["const"]
        return type(value) is type(const) and value == const
    if "enum" in schema:
        return any(type(value) is type(option) and value == option for option in schema["enum"])
    check = _BY_TYPE.get(schema.get("type"))
    return check is not None and check(value, schema, defs)


def _string(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    fmt = schema.get("format")
    if fmt is None:
        return type(value) is str
    return fmt == "date" and type(value) is dt.date


def _integer(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    return type(value) is int and value >= schema.get("minimum", value)


def _number(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    return type(value) in (int, float) and value >= schema.get("minimum", value)


def _array(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    items = schema.get("items", {})
    return type(value) is list and all(_ok(item, items, defs) for item in value)


def _object(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    if type(value) is not dict:
        return False
    patterns = schema.get("patternProperties")
    if patterns is not None:  # a map whose keys are constrained (the publication block): every key must match
        return "properties" not in schema and all(
            type(key) is str and any(re.fullmatch(p, key) and _ok(item, sub, defs) for p, sub in patterns.items())
            for key, item in value.items()
        )
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        sub = props.get(key)
        if sub is None:
            if extra is not True:
                return False
            continue
        if not _ok(item, sub, defs):
            return False
    return all(key in value for key in schema.get("required", ()))


_BY_TYPE: dict[Any, Callable[[Any, dict[str, Any], dict[str, Any]], bool]] = {
    "string": _string,
    "null": lambda value, schema, defs: value is None,
    "boolean": lambda value, schema, defs: type(value) is bool,
    "integer": _integer,
    "number": _number,
    "array": _array,
    "object": _object,
}


def loose_values(data: Any) -> list[dict[str, Any]]:
    """Values of a type other than the schema's that Pydantic's lax mode would coerce: each as a
    Pydantic-shaped error (``loc``, ``type`` such as ``bool_type``, ``input``)."""
    schema, defs = _schema()
    out: list[dict[str, Any]] = []
    _loose(data, schema, defs, (), out)
    return out


#: The Pydantic error type of a value that is not of the schema's scalar type.
_TYPE_ERRORS = {"boolean": "bool_type", "integer": "int_type", "number": "float_type", "string": "string_type"}


def _loose(value: Any, schema: dict[str, Any], defs: dict[str, Any], loc: tuple[Any, ...], out: list[Any]) -> None:
    if _ok(value, schema, defs):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = defs.get(ref.rsplit("/", 1)[-1])
        if target is not None:
            _loose(value, target, defs, loc, out)
        return
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        if value is not None and len(options) == 1:  # every union of the dossier schema is "X or nothing"
            _loose(value, options[0], defs, loc, out)
        return
    _loose_typed(value, schema, defs, loc, out)


def _loose_typed(
    value: Any, schema: dict[str, Any], defs: dict[str, Any], loc: tuple[Any, ...], out: list[Any]
) -> None:
    """:func:`_loose` for a schema with a ``type``: into a mapping's keys or a list's items, or at a scalar."""
    kind = schema.get("type")
    if kind == "object" and type(value) is dict:
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                _loose(item, props[key], defs, (*loc, key), out)
    elif kind == "array" and type(value) is list:
        for i, item in enumerate(value):
            _loose(item, schema.get("items", {}), defs, (*loc, i), out)
    elif kind == "string" and schema.get("format") == "date":
        return  # a quoted date, or a date and time at midnight: what the JSON Schema and the rules accept
    elif kind in _TYPE_ERRORS and "enum" not in schema and "const" not in schema:
        out.append({"loc": loc, "type": _TYPE_ERRORS[kind], "input": value})
