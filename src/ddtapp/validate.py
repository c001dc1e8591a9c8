"""Structural validation of a loaded dossier against the Pydantic models.

Errors come back as located problems. A mistyped key gets a "did you mean ...?" suggestion from
the keys the model allows at that place.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ddtapp.errors import InputError, Problem
from ddtapp.yaml_loader import Loaded, join_path


def loc_to_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path = join_path(path, part)
    return path


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the last key of ``loc`` (for suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _inner_model(field.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
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
        matches = difflib.get_close_matches(word.replace("_", "").replace("-", "").lower(), list(lowered), n=1,
                                            cutoff=0.75)
        matches = [lowered[m] for m in matches]
    return matches[0] if matches else None


def describe_error(model: type[BaseModel], err: dict[str, Any], reference: str = "docs/dossier.md") -> tuple[str, str]:
    """Message and hint for one Pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        holder = _model_at(model, loc)
        allowed = sorted(holder.model_fields) if holder else []
        guess = suggest(key, allowed)
        if guess:
            return f"unknown key '{key}'", f"Did you mean '{guess}'?"
        where = f" Allowed here: {', '.join(allowed)}." if allowed and len(allowed) <= 12 else ""
        return f"unknown key '{key}'", f"Remove it or check the spelling (see {reference}).{where}"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        value = err.get("input")
        guess = None
        if isinstance(value, str):
            options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
            guess = suggest(value, options)
        hint = f"Did you mean '{guess}'?" if guess else f"Use one of: {expected}."
        return f"'{value}' is not an allowed value", hint
    if kind == "missing":
        return f"required key '{loc[-1]}' is missing", "Add it."
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{err.get('input')}' is not a valid date", "Write dates as YYYY-MM-DD."
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        expected = "a list" if kind == "list_type" else "a mapping of keys"
        return f"expected {expected}, got {_kind_of(err.get('input'))}", f"Check the indentation and see {reference}."
    if kind in ("string_type",):
        return f"expected text, got {_kind_of(err.get('input'))}", "Quote the value if it is meant as text."
    return err["msg"][0].lower() + err["msg"][1:], ""


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"


def validate(model: type[BaseModel], loaded: Loaded, what: str = "dossier",
             reference: str = "docs/dossier.md") -> BaseModel:
    """Validate ``loaded.data`` or raise InputError listing every located problem."""
    if not isinstance(loaded.data, dict):
        raise InputError([Problem(loaded.file, 1, 1, f"the {what} must be a mapping of keys, not {_kind_of(loaded.data)}",
                                  hint="Start from an example dossier." if what == "dossier" else f"See {reference}.")])
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            path = loc_to_path(loc)
            line, col = loaded.locate(path)
            message, hint = describe_error(model, err, reference)
            problems.append(Problem(loaded.file, line, col, message, path=path, hint=hint))
        problems.sort(key=lambda p: (p.line, p.column))
        raise InputError(problems) from None
