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

Typer keeps this hook private (``_TyperParameter.get_runtime_param``); when it is missing (an older
Typer on Click, or a newer one that moved it), :func:`install` changes nothing and Typer works as
it always does, only slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_NOT_PLAIN = object()


def _plain(annotation: Any, info: Any, value: Any) -> Any:
    """``value`` as Typer would coerce it, or ``_NOT_PLAIN`` when that needs Typer."""
    if annotation is str:
        return value if type(value) is str else _NOT_PLAIN
    if annotation is int:
        if type(value) is int or (type(value) is str and value.isascii() and value.isdigit()):
            number = int(value)
            if (info.min is None or number >= info.min) and (info.max is None or number <= info.max) \
                    and not info.clamp:
                return number
        return _NOT_PLAIN
    origin = getattr(annotation, "__origin__", None)
    if origin is list and isinstance(value, (list, tuple)):
        (inner,) = annotation.__args__
        items = [_plain(inner, info, item) for item in value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    return _NOT_PLAIN


def install() -> bool:
    """Make Typer's parameters coerce plain values without Pydantic; False when Typer has no such hook."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:
        return False
    parameter = getattr(core, "_TyperParameter", None)
    if parameter is None or not hasattr(parameter, "get_runtime_param"):
        return False

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):  # type: ignore[misc, valid-type]
        descriptor: Any = None
        typer_param: list[Any] = field(default_factory=list)  # Typer's own, built on first need

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = _plain(self.annotation, self.parameter_info, value)
            if plain is not _NOT_PLAIN:
                return plain
            if not self.typer_param:
                self.typer_param.append(build_runtime_param(self.descriptor))
            return self.typer_param[0]._coerce_value(value, param, ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            d = self.type_descriptor
            if d.file_annotation is not None:
                self._runtime_param = build_runtime_param(d)
            else:
                self._runtime_param = PlainRuntimeParam(d.parameter_info, d.annotation, descriptor=d)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    return True
