"""The Markdown-aware filters and tests every template can use (docs/render.md), and ``finalize``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jinja2.exceptions import TemplateRuntimeError

from ddtapp.documents.fields import Field, _plain, _shape, label
from ddtapp.output.markdown_text import Md, code, heading, inline, paragraphs
from ddtapp.pack.checks import is_empty


def to_markdown(value: Any) -> Md:
    """The environment's ``finalize``: everything a template prints comes through here."""
    if isinstance(value, Md):
        return value
    if isinstance(value, Field):
        return value._markdown()
    if value is None:
        raise TemplateRuntimeError("a template printed None (an empty value from ddtapp); test it with {% if %}")
    if isinstance(value, (bool, dt.date)):
        return inline(_plain(value, False))
    return inline(value)


def _optional(value: Any, otherwise: str) -> Md:
    """``{{ f | optional("none recorded") }}``: the value, or this text when it is missing (not a gap:
    for things the document does not need)."""
    if isinstance(value, Field) and not value:
        return inline(otherwise)
    if value is None or (isinstance(value, (str, list)) and not value):
        return inline(otherwise)
    return to_markdown(value)


def _yesno(value: Any, yes: str = "Yes", no: str = "No") -> Md:
    if isinstance(value, Field):
        if not value:
            return value._markdown()
        value = value._value
    if not isinstance(value, bool):
        raise TemplateRuntimeError(f"yesno expects a yes/no value, got {type(value).__name__}")
    return inline(yes if value else no)


def _paragraphs(value: Any) -> Md:
    if isinstance(value, Field):
        if not value:
            return value._markdown()
        kind, _ = _shape(value._annotation)
        if kind != "value" or not isinstance(value._value, str):
            return value._markdown()
        return paragraphs(value._value)
    return paragraphs(str(value))


def _heading(value: Any) -> Md:
    if isinstance(value, Field):
        if not value:
            return value._markdown()
        return heading(str(value))
    if isinstance(value, Md):
        return value
    return heading(value)


def _join(values: Any, sep: str = ", ") -> Md:
    """Jinja's ``join``, Markdown-aware: each item is escaped (or a placeholder), the separator is not."""
    return Md(str(sep).join(to_markdown(v) for v in values))


def _label(value: Any) -> Md:
    if isinstance(value, Field) and not value:
        return value._markdown()
    return inline(label(value))


def _code(value: Any) -> Md:
    if isinstance(value, Field):
        return code(value._path)
    return code(value)


def jinja_filters() -> dict[str, Any]:
    """The Markdown-aware filters every template can use (docs/render.md)."""
    return {
        "optional": _optional,
        "yesno": _yesno,
        "paragraphs": _paragraphs,
        "heading": _heading,
        "join": _join,
        "label": _label,
        "path": _code,
    }


def is_missing_test(value: Any) -> bool:
    """``{% if x is missing %}``."""
    return _is_missing_test(value)


def _is_missing_test(value: Any) -> bool:
    if isinstance(value, Field):
        return not value
    return is_empty(value)
