"""Help in words: arguments shown by their name (``PATH...``, ``DOSSIER``), never with a Python type
(``<list[str]>``), a range in symbols (``x>=0``) or in braces (``{DOSSIER}``), as Click and the tools CI
maintainers know show them.

Typer 0.2x adds the argument's Python type to its help line, puts a required argument in braces in the usage
line and shows a number's range in symbols, through three of its methods. :func:`install` replaces those
three when they are there as Typer 0.2x has them, and changes nothing otherwise (the help is then only less
plain).
"""

from __future__ import annotations

from typing import Any


def install() -> bool:
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:
        return False
    if not (
        hasattr(TyperArgument, "display_type_rich")
        and hasattr(TyperArgument, "_usage_display_name")
        and hasattr(TyperOption, "_get_number_range_help_str")
    ):
        return False

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None  # the metavar says it in words

    def usage_display_name(self: Any) -> str:
        name = str(self.metavar or self.name).upper()
        if self.nargs != 1:
            name += "..."
        return name if self.required else f"[{name}]"

    def no_range(self: Any) -> str:
        return ""  # an option's help says its bounds in words ("x>=0" is not)

    TyperOption._get_number_range_help_str = no_range  # type: ignore[method-assign]
    TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign]
    TyperArgument._usage_display_name = usage_display_name  # type: ignore[method-assign]
    return True
