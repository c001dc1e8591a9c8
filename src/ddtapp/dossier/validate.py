"""Structural validation of loaded YAML with Pydantic: the dossier's models, and the plain dataclasses
of the rule pack and the configuration (validated through a ``TypeAdapter``, built once per class).

Errors come back as located problems. A mistyped key gets a "did you mean ...?" suggestion from
the keys the model allows at that place.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ddtapp.errors import InputError, Problem
from ddtapp.loading.yaml_loader import Loaded, join_path


def loc_to_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and (issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation))


@functools.cache
def keys_of(model: type[Any]) -> dict[str, Any]:
    """The keys a model (a Pydantic model or a dataclass) allows, by their name in YAML, with their types."""
    if issubclass(model, BaseModel):
        return {name: f.annotation for name, f in model.model_fields.items()}
    hints = typing.get_type_hints(model)
    by_name = getattr(model, "__pydantic_config__", {}).get("populate_by_name", False)
    keys = {}
    for f in dataclasses.fields(model):
        keys[f.metadata.get("alias", f.name)] = hints[f.name]
        if by_name:
            keys[f.name] = hints[f.name]
    return keys


@functools.cache
def _adapter(model: type) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _model_at(model: type, loc: tuple[Any, ...]) -> type | None:
    """The model class that holds the last key of ``loc`` (for suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = keys_of(current).get(part) if _is_model(current) else None
        if annotation is None:
            return None
        current = _inner_model(annotation)
        if current is None:
            return None
    return current if _is_model(current) else None


def _inner_model(annotation: Any) -> type | None:
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.replace("_", ""): c for c in choices}
        matches = difflib.get_close_matches(
            word.replace("_", "").replace("-", "").lower(), list(lowered), n=1, cutoff=0.75
        )
        matches = [lowered[m] for m in matches]
    return matches[0] if matches else None


_BOOLEAN = ("true or false", "Write true or false.")
_WHOLE = ("a whole number", "Write a whole number without quotes, such as 12000.")
_NUMBER = ("a number", "Write a number without quotes, such as 0.8.")
#: Pydantic's error types for a value that is not the boolean or number the schema declares.
_SCALARS = {
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
}


def describe_error(model: type, err: Mapping[str, Any], reference: str = "docs/dossier.md") -> tuple[str, str]:
    """Message and hint for one Pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # the second: a key a dataclass lacks
        return _unknown_key(model, loc, reference)
    if kind in ("literal_error", "enum"):
        return _not_allowed(err.get("input"), err.get("ctx", {}).get("expected", ""))
    if kind == "missing":
        return f"required key '{loc[-1]}' is missing", "Add it."
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{excerpt(str(err.get('input')))} is not a valid date", "Write dates as YYYY-MM-DD."
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type", "dataclass_type"):
        expected = "a list" if kind == "list_type" else "a mapping of keys"
        return f"expected {expected}, got {_kind_of(err.get('input'))}", f"Check the indentation and see {reference}."
    if kind in ("string_type",):
        return f"expected text, got {_kind_of(err.get('input'))}", "Quote the value if it is meant as text."
    if kind in _SCALARS:
        expected, hint = _SCALARS[kind]
        return f"expected {expected}, got {_kind_of(err.get('input'))}", hint
    if kind == "value_error":  # a validator's own sentence, without Pydantic's "Value error, "
        return str(err["msg"]).removeprefix("Value error, "), ""
    return err["msg"][0].lower() + err["msg"][1:], ""


def _unknown_key(model: type, loc: tuple[Any, ...], reference: str) -> tuple[str, str]:
    """A key the model at ``loc`` does not have: the one meant, if it is near one it has."""
    key = str(loc[-1])
    holder = _model_at(model, loc)
    allowed = sorted(keys_of(holder)) if holder else []
    if key in allowed:  # a key that has two spellings (``fail-on``, ``fail_on``), given in both
        return f"key '{key}' is given twice, under two spellings", "Keep one of them."
    guess = suggest(key, allowed)
    if guess:
        return f"unknown key '{key}'", f"Did you mean '{guess}'?"
    where = f" Allowed here: {', '.join(allowed)}." if allowed and len(allowed) <= 12 else ""
    return f"unknown key '{key}'", f"Remove it or check the spelling (see {reference}).{where}"


def _not_allowed(value: Any, expected: str) -> tuple[str, str]:
    """A value that is not one of the ``expected`` ones (Pydantic's words: 'a', 'b' or 'c')."""
    guess = None
    if isinstance(value, str):
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        guess = suggest(value, options)
    hint = f"Did you mean '{guess}'?" if guess else f"Use one of: {expected}."
    shown = excerpt(value) if isinstance(value, str) and len(value) > EXCERPT else f"'{value}'"
    return f"{shown} is not an allowed value", hint


def validate_data(model: type[Any], data: Any) -> Any:
    """``data`` as an instance of ``model`` (a Pydantic model or a dataclass); raises ValidationError."""
    if issubclass(model, BaseModel):
        return model.model_validate(data)
    return _adapter(model).validate_python(data)  # type: ignore[arg-type]  # a class is hashable: python/mypy#11470


#: Most characters of an input value a message quotes: a value can be a secret (a dossier path can be a
#: link to a private key), and a message lands in CI logs, annotations, SARIF and JUnit.
EXCERPT = 40


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """``repr`` of a value, cut to ``limit`` characters with its full length said."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters written out"
    return f"{text[: limit - 1]}… ({size})"


def _kind_of(value: Any, quote: bool = True) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if not quote:  # a whole file: never quoted (it may be a key or a password file)
        size = f" of {len(value):,} characters" if isinstance(value, str) else ""
        return f"{type(value).__name__}{size}"
    return f"{type(value).__name__} {excerpt(value)}"


def validate(model: type, loaded: Loaded, what: str = "dossier", reference: str = "docs/dossier.md") -> Any:
    """Validate ``loaded.data`` or raise InputError listing every located problem."""
    if not isinstance(loaded.data, dict):
        raise InputError(
            [
                Problem(
                    loaded.file,
                    1,
                    1,
                    f"the {what} must be a mapping of keys, not {_kind_of(loaded.data, quote=False)}",
                    hint="Start from an example dossier." if what == "dossier" else f"See {reference}.",
                )
            ]
        )
    try:
        return validate_data(model, loaded.data)
    except ValidationError as exc:
        raise InputError(located(model, loaded, exc.errors(include_url=False), reference)) from None


def located(
    model: type, loaded: Loaded, errors: Iterable[Mapping[str, Any]], reference: str = "docs/dossier.md"
) -> list[Problem]:
    """Each Pydantic-shaped error as a Problem at its line and column, in the order of the file."""
    problems = []
    for err in errors:
        path = loc_to_path(tuple(err["loc"]))
        line, col = loaded.locate(path)
        message, hint = describe_error(model, err, reference)
        problems.append(Problem(loaded.file, line, col, message, path=path, hint=hint))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def validate_dossier(loaded: Loaded) -> Any:
    """The dossier gate, for every command that reads a dossier: Pydantic's errors, and each value of
    another type than the schema's that Pydantic would coerce (the text ``no`` for a boolean), since the
    rules and templates read the dossier as written. Returns the typed dossier; raises InputError."""
    from ddtapp.dossier.models import Dossier
    from ddtapp.dossier.structure import loose_values

    if not isinstance(loaded.data, dict):
        return validate(Dossier, loaded)  # raises: a dossier is a mapping of keys
    errors: list[Mapping[str, Any]] = []
    try:
        dossier = validate_data(Dossier, loaded.data)
    except ValidationError as exc:
        dossier = None
        errors.extend(exc.errors(include_url=False))
    seen = {tuple(err["loc"]) for err in errors}
    errors += [err for err in loose_values(loaded.data) if tuple(err["loc"]) not in seen]
    if errors:
        raise InputError(located(Dossier, loaded, errors))
    return dossier
