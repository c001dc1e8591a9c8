"""``ddtapp check`` and ``ddtapp register`` without Typer, when the command line is plain: the quick path of a
cold start.

Importing Typer (and the Click inside it) costs more than a whole check of one dossier: about 50 ms of CPU
with the bytecode cache and 90 ms without it, where yamllint checks a file in 160-240 ms altogether. A check
run from a pre-commit hook or a CI step is almost always plain: ``ddtapp check`` with paths and a few known
options, and so is a register made by a scheduled job. :func:`parse` reads such a command line exactly as
Typer would (Click's parser: options and paths in any order, ``--name VALUE`` or ``--name=VALUE``, a short
option apart from its value, the last value of an option given twice, every value of a repeatable one) and
hands the values to the same function Typer's command calls (:data:`COMMANDS`: ``ddtapp.commands.check.check``
for ``check_command``, ``ddtapp.commands.register_run.register`` for ``register_command``).

Everything else is Typer's: it returns None, and Typer runs as always, for any other command, ``--help``,
an option it does not know (or that converts its value, prints and stops, or says something before the
command runs: ``--rules``, ``--config``, ``--show-settings``, ``--verbose``), short options run together, ``--``,
a value a number option does not take as it is, shell completion, and an option that Typer would read from the
environment (``DDTAPP_FAIL_ON``, ``DDTAPP_CONFIG``). A usage error found on the way (an unknown format or
filter, a date that is not one) is said by Typer too: :func:`run` returns None before anything is written, and
Typer runs the command again from the start and says it in its own words, with the usage line.
``tests/test_cli_quick.py`` checks, for each command of :data:`COMMANDS`, that Typer hands the function the
same values for every command line the quick path takes, and that every option of the command is either read
here or left to Typer on purpose.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ddtapp.commands.dossiers import DossierSet

# Each option read here: each spelling -> (its parameter, how it takes a value): ``on`` (a flag), ``off`` (the
# second name of an on/off pair), ``one`` (a value; the last one given wins), ``each`` (a repeatable value,
# every one kept in order) or ``count`` (a whole number, 0 or more). The options more than one command takes
# are declared once in ``ddtapp.commands.options``, and so once here.

#: The options of a dossier set (``ddtapp.commands.options.DOSSIER_SET_OPTIONS``) read here.
DOSSIER_SET_OPTIONS: dict[str, tuple[str, str]] = {
    "--select": ("select", "each"),
    "--ignore": ("ignore", "each"),
    "--disable": ("ignore", "each"),
    "--severity": ("severity", "each"),
    "--exclude": ("exclude", "each"),
    "--no-config": ("no_config", "on"),
}
#: The options of a dossier set left to Typer, and why.
DOSSIER_SET_LEFT = {
    "--rules": "a path, converted by Typer",
    "--config": "a path, converted by Typer, also read from $DDTAPP_CONFIG",
    "--show-settings": "prints the settings and stops",
    "--help": "Typer's help",
    "-h": "Typer's help",
}
#: What Typer reads from the environment for a dossier set: ``--config``.
DOSSIER_SET_ENVIRONMENT = ("DDTAPP_CONFIG",)
#: ``--output``, ``--today`` and ``--jobs`` (``output_option``, ``TodayOpt``, ``JobsOpt``).
SHARED_OPTIONS: dict[str, tuple[str, str]] = {
    "--output": ("output", "one"),
    "-o": ("output", "one"),
    "--today": ("today", "one"),
    "--jobs": ("jobs", "count"),
    "-j": ("jobs", "count"),
}


class Command:
    """What the quick path knows of one command (a plain class: a ``NamedTuple`` compiles its ``__new__`` at
    import, some 2 million instructions of every run)."""

    __slots__ = ("environment", "function", "left", "options")

    def __init__(
        self,
        function: tuple[str, str],
        options: dict[str, tuple[str, str]],
        left: dict[str, str],
        environment: tuple[str, ...],
    ) -> None:
        #: The module and function that Typer's command calls with the dossier set and the other options.
        self.function = function
        #: The options read here (see above).
        self.options = options
        #: The options left to Typer, and why (``tests/test_cli_quick.py``: every option is one or the other).
        self.left = left
        #: The environment variables Typer reads for the command (an option's ``envvar``), besides shell
        #: completion's ``_<PROGRAM>_COMPLETE`` (``_DDTAPP_COMPLETE``, or another name when the script is named
        #: otherwise).
        self.environment = environment


#: Each command the quick path runs.
COMMANDS: dict[str, Command] = {
    "check": Command(
        ("ddtapp.commands.check", "check"),
        {
            **DOSSIER_SET_OPTIONS,
            **SHARED_OPTIONS,
            "--fail-on": ("fail_on", "one"),
            "--format": ("output_format", "each"),
            "-f": ("output_format", "each"),
            "--show-waived": ("show_waived", "on"),
            "--explain-tier": ("explain_tier", "on"),
            "--color": ("color", "one"),
            "--no-color": ("no_color", "on"),
            "--dossiers-only": ("dossiers_only", "on"),
            "--quiet": ("quiet", "on"),
            "-q": ("quiet", "on"),
            "--statistics": ("statistics", "on"),
            "--progress": ("progress", "on"),
            "--no-progress": ("progress", "off"),
        },
        {
            **DOSSIER_SET_LEFT,
            "--verbose": "says something before the check, which a usage error found later must not repeat",
            "-v": "the same as --verbose",
        },
        ("DDTAPP_FAIL_ON", *DOSSIER_SET_ENVIRONMENT),
    ),
    "register": Command(
        ("ddtapp.commands.register_run", "register"),
        {
            **DOSSIER_SET_OPTIONS,
            **SHARED_OPTIONS,
            "--format": ("output_format", "one"),
            "-f": ("output_format", "one"),
            "--maturity": ("maturity", "each"),
            "--tier": ("tier", "one"),
            "--type": ("tech_type", "each"),
            "--overdue": ("overdue", "on"),
        },
        DOSSIER_SET_LEFT,
        DOSSIER_SET_ENVIRONMENT,
    ),
}

#: The dossier set's parameters (``ddtapp.commands.dossiers.DossierSet``) among those read here.
_DOSSIER_SET = ("paths", *dict.fromkeys(parameter for parameter, _ in DOSSIER_SET_OPTIONS.values()))


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The parameters Typer would hand the command ``argv[0]``'s function for ``ddtapp`` ``argv`` (before its
    dossier set is gathered), or None when Typer is to read this command line itself."""
    command = COMMANDS.get(argv[0]) if argv else None
    if command is None or any(os.environ.get(name) for name in command.environment):
        return None
    if any(name[:1] == "_" and name.endswith("_COMPLETE") and value for name, value in os.environ.items()):
        return None  # shell completion, which Typer answers
    given: dict[str, Any] = {}
    paths: list[str] = []
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            return None
        if arg[:1] != "-" or arg == "-":
            paths.append(arg)
            continue
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in command.options:
            return None
        parameter, kind = command.options[name]
        if kind in ("on", "off"):
            if equals:
                return None  # Click: the option does not take a value
            given[parameter] = kind == "on"
            continue
        if not equals:
            if not rest:
                return None  # Click: the option requires an argument
            value = rest.pop(0)
        if kind == "each":
            given.setdefault(parameter, []).append(value)
        elif kind == "one":
            given[parameter] = value
        elif value.isascii() and value.isdigit() and len(value) <= 18:  # "count", as Typer's int takes it plain
            given[parameter] = int(value)
        else:
            return None
    given["paths"] = paths or None
    return given


def arguments(argv: list[str]) -> tuple[DossierSet, dict[str, Any]] | None:
    """What the command's function (:data:`COMMANDS`) is called with for ``ddtapp`` ``argv``: the dossier set
    and the other options given (those not given keep the function's defaults, which are Typer's); None when
    Typer is to read this command line itself."""
    given = parse(argv)
    if given is None:
        return None
    from ddtapp.commands.dossiers import DossierSet

    return DossierSet(**{name: given.pop(name) for name in _DOSSIER_SET if name in given}), given


def run(argv: list[str]) -> int | None:
    """Run ``ddtapp`` ``argv`` without Typer when :func:`parse` reads it: the exit code; None when Typer is to
    run it (nothing has been written then)."""
    found = arguments(argv)
    if found is None:
        return None
    module, name = COMMANDS[argv[0]].function
    function = getattr(importlib.import_module(module), name)
    try:
        return function(found[0], **found[1])
    except Exception as exc:
        if _usage_error(exc):
            return None  # found before anything is written: Typer says it, with the command's usage line
        raise


def _usage_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a usage error, ddtapp's or Click's (Click is loaded when one of its was raised)."""
    from ddtapp.errors import UsageError

    if isinstance(exc, UsageError):
        return True
    for module in ("typer._click.exceptions", "click.exceptions"):  # Typer's own Click since 0.2x, Click before
        click = sys.modules.get(module)
        if click is not None and isinstance(exc, click.ClickException):
            return True
    return False
