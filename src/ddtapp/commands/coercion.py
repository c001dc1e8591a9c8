"""Command-line values without Pydantic, for the values that need no conversion.

Typer (0.2x) turns every command-line value into its Python type through a Pydantic ``TypeAdapter``,
built the first time the option is processed, whether or not the option was given. A cold
``ddtapp check`` would import Pydantic and build about twenty adapters (some 80 ms, more than the
check itself) to turn strings into the same strings.

:func:`install` gives Typer's parameters a runtime coercion that returns, without Pydantic, what
Typer's own would return for values that need no conversion: an option that was not given, text for
a ``str`` option, a default or plain ASCII digits within bounds for an ``int``, lists of those. Anything else (a
``Path``, a number with a sign or out of bounds, any other type) goes to Typer's own coercion,
built on first use exactly as Typer builds it, so errors and conversions stay Typer's.
``tests/test_cli_coercion.py`` checks, for every option of every command, that both give the same.

Typer keeps this hook private (``_TyperParameter.get_runtime_param``). :func:`install` checks that it
is there and shaped as in Typer 0.2x (the runtime parameter's fields, its one abstract method and both
signatures); when it is not (an older Typer on Click, or a newer one that changed it), it changes
nothing and Typer works as it always does, only slower. An option with its own ``parser`` is left to Typer.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, fields
from typing import Any

_NOT_PLAIN = object()

#: The Typer releases whose private hook this module knows (``typer._coercion`` appeared in 0.29): from the
#: first, up to but not including the second. Outside it :func:`install` may still find the hook shaped as
#: it expects, but nothing has tested it; ``tests/test_cli_coercion.py`` skips there, saying why.
KNOWN_TYPER = ((0, 29), (0, 30))


def typer_known(version: str) -> bool:
    """Whether Typer ``version`` (e.g. ``"0.29.2"``) is in :data:`KNOWN_TYPER`."""
    try:
        release = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return KNOWN_TYPER[0] <= release < KNOWN_TYPER[1]


def _plain(annotation: Any, info: Any, value: Any) -> Any:
    """``value`` as Typer would coerce it, or ``_NOT_PLAIN`` when that needs Typer."""
    if info.parser is not None:
        return _NOT_PLAIN  # the option parses its own values
    if annotation is str:
        return value if type(value) is str else _NOT_PLAIN
    if annotation is int:
        return _plain_int(info, value)
    origin = getattr(annotation, "__origin__", None)
    if origin is list and isinstance(value, (list, tuple)):
        (inner,) = annotation.__args__
        items = [_plain(inner, info, item) for item in value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    return _NOT_PLAIN


def _plain_int(info: Any, value: Any) -> Any:
    """An int option's value, within its bounds (unclamped), or ``_NOT_PLAIN``: at most 18 digits, as int()
    refuses very long strings, and Typer says why."""
    if type(value) is int or (type(value) is str and value.isascii() and value.isdigit() and len(value) <= 18):
        number = int(value)
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max) and not info.clamp:
            return number
    return _NOT_PLAIN


def install() -> bool:
    """Make Typer's parameters coerce plain values without Pydantic; False (and nothing changed) when this
    Typer does not have the hook exactly as Typer 0.2x has it."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam, build_runtime_param

        parameter = core._TyperParameter
        fits = (
            [f.name for f in fields(RuntimeParam)] == ["parameter_info", "annotation"]
            and RuntimeParam.__abstractmethods__ == frozenset({"_coerce_value"})
            and list(inspect.signature(RuntimeParam._coerce_value).parameters) == ["self", "value", "param", "ctx"]
            and list(inspect.signature(parameter.get_runtime_param).parameters) == ["self"]
        )
    except (ImportError, AttributeError, TypeError, ValueError):
        return False
    if not fits:
        return False
    typers_own = parameter.get_runtime_param
    if getattr(typers_own, "plain_values", False):
        return True  # installed already

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        descriptor: Any = None
        typer_param: list[Any] = field(default_factory=list, hash=False)  # Typer's own, built on first need

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = _plain(self.annotation, self.parameter_info, value)
            if plain is not _NOT_PLAIN:
                return plain
            if not self.typer_param:
                self.typer_param.append(build_runtime_param(self.descriptor))
            return self.typer_param[0]._coerce_value(value, param, ctx)

    def get_runtime_param(self: Any) -> Any:
        d = getattr(self, "type_descriptor", None)
        if getattr(self, "_runtime_param", None) is None and d is not None and d.file_annotation is None:
            self._runtime_param = PlainRuntimeParam(d.parameter_info, d.annotation, descriptor=d)
        return typers_own(self)  # Typer's own: returns ours once set, else builds its own as always

    get_runtime_param.plain_values = True  # type: ignore[attr-defined]
    parameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]  # the point: wrap Typer's
    return True
