"""Limits on what a template may cost: Jinja's sandbox stops a template from running code, not from using
all the memory or time there is.

A template is data a force writes (``--templates``), so ``{{ 'a' * 10**10 }}``, ``|center(10**10)``,
``'%0999999999d'|format(1)``, ``10**10**10`` or nested loops over ``range(100000)`` must end as a located
template error (exit 2), not an exhausted machine. :class:`LimitedEnvironment` adds to
``ImmutableSandboxedEnvironment``:

* every string, list or number an operator, a filter or a ``str`` method builds is estimated *before* it is
  built and refused past ``MAX_STRING`` characters (items, digits); format widths and precisions past
  ``MAX_WIDTH`` are refused;
* a render may build at most ``MAX_MADE`` characters in all and print at most ``MAX_OUTPUT``;
* a render stops after ``MAX_SECONDS`` of CPU time (where the platform has ``SIGVTALRM`` and ddtapp runs
  in the main thread: Linux and macOS). CPU time, not time on the clock: a busy machine must not turn a
  large but honest dossier into a template error;
* a template file is at most ``MAX_TEMPLATE_BYTES`` (read by ``ddtapp.loading.safe_read``).

Each limit raises :class:`TemplateLimitError`, a Jinja ``SecurityError``, reported at the template line.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat, EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Longest string (or list, or number in decimal digits) one operation may build.
MAX_STRING = 1_000_000
#: Widest field or precision a format may ask for, and largest width a filter or str method may pad to.
MAX_WIDTH = 10_000
#: Characters a render may build in all (strings made by operators, filters and methods, and printed).
MAX_MADE = 50_000_000
#: Characters one document may hold.
MAX_OUTPUT = 20_000_000
#: Seconds of CPU time one document may take to render. The slowest built-in document over a dossier at
#: the loader's value limit takes under 1 s; nested ``range(100000)`` loops stop here (they ran 10 s).
MAX_SECONDS = 4
#: Largest template file read.
MAX_TEMPLATE_BYTES = 1024 * 1024

#: ``%`` and ``{:...}`` format specifications, for their width and precision.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:[^{}\d]*(\d*)(?:[,_]?\.(\d*))?[^{}]*\}")
#: str methods whose first argument is a width.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
#: Filters with a width or count argument, and which positional argument (after the value) it is.
_WIDTH_FILTERS = {"center": 0, "indent": 0, "truncate": 0, "wordwrap": 0, "batch": 0, "slice": 0}


class TemplateLimitError(SecurityError):
    """A template asked for more than a limit allows."""


def _refuse(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what}; see docs/security.md for the template limits")


def _size(value: Any) -> int:
    """Characters (items, digits) of a built value, cheaply: the measure the limits use."""
    if isinstance(value, str | list | tuple | bytes):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() * 3 // 10 + 1
    return 0


def check_format(fmt: str) -> None:
    """Refuse a format string whose width or precision is past MAX_WIDTH."""
    for spec in (_PERCENT_SPEC, _BRACE_SPEC):
        for match in spec.finditer(fmt):
            for number in match.groups():
                if number and (len(number) > 6 or int(number) > MAX_WIDTH):
                    raise _refuse(f"a format width or precision of {number[:12]} is over the {MAX_WIDTH:,} limit")


def _width(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _refuse(f"{what} of {value if value.bit_length() < 64 else 'that size'} is over the {MAX_WIDTH:,} limit")


class _Budget(threading.local):
    made = 0


class _LimitedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` through :meth:`LimitedEnvironment.concat_checked`, so concatenation is measured."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.concat_checked((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with the limits above."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "+", "%", "**", "//"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.budget = _Budget()
        for name, position in _WIDTH_FILTERS.items():
            if name in self.filters:
                self.filters[name] = _width_checked(self.filters[name], name, position)
        for name in ("replace", "format", "join"):
            self.filters[name] = _estimated(self, name, self.filters[name])
        finalize = self.finalize
        if finalize is not None:
            self.finalize = lambda value: self.charge(finalize(value))

    def charge(self, value: Any) -> Any:
        """Count a built value against the render's budget; returns it."""
        size = _size(value)
        if size > MAX_STRING:
            raise _refuse(f"a value of {size:,} characters is over the {MAX_STRING:,} limit")
        self.budget.made += size
        if self.budget.made > MAX_MADE:
            raise _refuse(f"the template built more than {MAX_MADE:,} characters")
        return value

    def expect(self, size: int) -> None:
        """Refuse an operation whose result would be ``size`` characters, before it is built."""
        if size > MAX_STRING:
            raise _refuse(f"a value of {size:,} characters or digits is over the {MAX_STRING:,} limit")

    def concat_checked(self, parts: tuple[Any, ...]) -> str:
        strings = [str(p) for p in parts]
        self.expect(sum(len(s) for s in strings))
        return self.charge("".join(strings))

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            self.expect(max(left.bit_length() - 1, 0) * right * 3 // 10)
        elif operator == "*":
            if isinstance(right, int) and isinstance(left, str | list | tuple):
                self.expect(len(left) * max(right, 0))
            elif isinstance(left, int) and isinstance(right, str | list | tuple):
                self.expect(len(right) * max(left, 0))
            elif isinstance(left, int) and isinstance(right, int):
                self.expect((left.bit_length() + right.bit_length()) * 3 // 10)
        elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            self.expect(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            check_format(left)
        return self.charge(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS:
                for arg in (*args, *kwargs.values()):
                    _width(arg, f"a width for {name}()")
            elif name == "replace" and len(args) >= 2:
                __self.expect(len(owner) + owner.count(str(args[0]) or " ") * len(str(args[1])))
            elif name == "join" and args and isinstance(args[0], list | tuple):
                __self.expect(len(owner) * len(args[0]) + sum(len(str(a)) for a in args[0]))
        return __self.charge(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        check_format(value.__self__)
        return wrapper

    @contextlib.contextmanager
    def limited(self) -> Iterator[None]:
        """One render: a fresh budget, and the time limit where the platform allows it."""
        self.budget.made = 0
        alarm = getattr(signal, "SIGVTALRM", None)
        if alarm is None or threading.current_thread() is not threading.main_thread():
            yield
            return

        def stop(signum: int, frame: Any) -> None:
            raise _refuse(f"the template took more than {MAX_SECONDS} seconds of CPU time")

        previous = signal.signal(alarm, stop)
        signal.setitimer(signal.ITIMER_VIRTUAL, MAX_SECONDS)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(alarm, previous)


def render_limited(env: jinja2.Environment, template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template.render(context)`` within the limits (when ``env`` is a LimitedEnvironment)."""
    if not isinstance(env, LimitedEnvironment):
        return template.render(context)
    with env.limited():
        parts: list[str] = []
        total = 0
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise _refuse(f"the document is longer than {MAX_OUTPUT:,} characters")
            parts.append(chunk)
        return "".join(parts)


def _width_checked(fn: Callable[..., Any], name: str, position: int) -> Callable[..., Any]:
    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        values = list(args)
        # a filter that takes the environment or context passes it first; the value follows, then the width
        start = 1 if values and isinstance(values[0], jinja2.Environment | jinja2.runtime.Context | EvalContext) else 0
        width = values[start + 1 + position] if len(values) > start + 1 + position else None
        for arg in (width, *kwargs.values()):
            _width(arg, f"a width or count for |{name}")
        return fn(*args, **kwargs)

    return checked


def _estimated(env: LimitedEnvironment, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, jinja2.Environment | EvalContext)]
        if name == "format" and values:
            check_format(str(values[0]))
        elif name == "replace" and len(values) >= 3:
            text, old, new = (str(v) for v in values[:3])
            env.expect(len(text) + text.count(old or " ") * len(new))
        elif name == "join" and values and isinstance(values[0], list | tuple):
            sep = str(values[1]) if len(values) > 1 else str(kwargs.get("d", ""))
            env.expect(len(sep) * len(values[0]) + sum(len(str(v)) for v in values[0]))
        return env.charge(fn(*args, **kwargs))

    return checked
