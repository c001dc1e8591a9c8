"""The options that more than one command takes, declared once (one spelling, one help text), and the one
decorator that gives a command the options of a dossier set. The steps every command shares on its way from
the options to its one function (the date, the settings in force, the dossiers to read) are in
``ddtapp.commands.dossiers``, without Typer, and are re-exported here.

Each command's own options stand beside its function in ``ddtapp.commands.<command>``; ``ddtapp.cli`` puts
them together into the ``ddtapp`` command. This module, like every command module's top level, imports
only Typer and the standard library, so that ``--help`` and usage errors stay quick.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

# what the commands are given, kept without Typer in ddtapp.commands.dossiers (re-exported here)
from ddtapp.commands.dossiers import NOT_GIVEN as NOT_GIVEN
from ddtapp.commands.dossiers import DossierSet as DossierSet
from ddtapp.commands.dossiers import parse_today as parse_today
from ddtapp.commands.dossiers import settings_in_force as settings_in_force
from ddtapp.commands.dossiers import targets as targets

STDOUT_HELP = "'-' is standard output"


def completes(*choices: str) -> Callable[[str], list[str]]:
    """Shell completion for an option's values."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete.lower())]

    return complete


def option(*names: str, help: str, metavar: str | None = None, **kwargs: Any) -> Any:
    """An option whose help says its default in words (so Typer does not show one)."""
    kwargs.setdefault("show_default", False)
    return typer.Option(*names, metavar=metavar, help=help, **kwargs)


def flag(name: str, help: str) -> Any:
    """An on/off option, off unless given."""
    return typer.Option(name, help=help)


def today_option(help: str) -> Any:
    """``--today DATE``, with the command's own words for what the date is."""
    return option("--today", metavar="DATE", help=f"{help}, as YYYY-MM-DD. Default: today, or $DDTAPP_TODAY.")


def output_option(what: str, *, extra: str = "") -> Any:
    """``--output FILE`` / ``-o FILE``: where the command's one output goes."""
    return option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write the {what} to FILE instead of standard output ({extra}{STDOUT_HELP}).",
    )


# Options shared by every command that checks dossiers (check, register, foi, render): one spelling, one
# help text, one configuration (ddtapp.commands.settings).
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        help="Dossier files, folders (searched recursively) or globs; '-' reads one dossier from standard input. "
        "Default: 'paths' in the configuration.",
        show_default=False,
    ),
]
TodayOpt = Annotated[str | None, today_option("Date to judge review dates against")]
#: How many processes check the dossiers (``ddtapp.checker.batch.jobs_for``): check and register.
JobsOpt = Annotated[
    int,
    option(
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Processes to check with; 0 (default) uses every CPU once there are enough dossiers to pay for it.",
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    option(
        "--rules", metavar="DIR", help="A folder of the force's own rules (repeatable; adds to the configuration's)."
    ),
]
SelectOpt = Annotated[
    list[str] | None,
    option(
        "--select",
        metavar="RULE",
        help="Check only these rules: a rule id, or the start of ids such as FRT (repeatable; replaces the "
        "configuration's). Default: every rule.",
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    option(
        "--ignore",
        "--disable",
        metavar="RULE",
        help="Switch off a rule: a rule id, or the start of ids (repeatable; adds to the configuration's).",
    ),
]
SeverityOpt = Annotated[
    list[str] | None,
    option(
        "--severity",
        metavar="RULE=LEVEL",
        help="Change a rule's severity to error, warning or info, e.g. FRT-004=warning (repeatable; wins over "
        "the configuration).",
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    option(
        "--exclude",
        metavar="PATTERN",
        help="Leave out files and folders matching this pattern in a folder search (repeatable).",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    option(
        "--config",
        envvar="DDTAPP_CONFIG",
        metavar="FILE",
        help="Configuration file (.ddtapp.yaml or pyproject.toml). Default: the nearest one between the working "
        "folder and the repository's root.",
    ),
]
NoConfigOpt = Annotated[bool, flag("--no-config", "Ignore any configuration file.")]
ShowSettingsOpt = Annotated[
    bool,
    flag("--show-settings", "Print the settings in force and where each came from, then stop (checks nothing)."),
]


#: The options of a dossier set (``DossierSet``), in the order ``--help`` lists them: name -> annotation.
DOSSIER_SET_OPTIONS: dict[str, Any] = {
    "paths": PathsArg,
    "select": SelectOpt,
    "ignore": IgnoreOpt,
    "severity": SeverityOpt,
    "rules": RulesOpt,
    "exclude": ExcludeOpt,
    "config": ConfigOpt,
    "no_config": NoConfigOpt,
    "show_settings": ShowSettingsOpt,
}


def dossier_set(*, omit: tuple[str, ...] = ()) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the options of a dossier set (``DOSSIER_SET_OPTIONS`` but those in ``omit``) in the
    place of its parameter ``dossiers``, and hand it them as one ``DossierSet``."""
    unknown = set(omit) - DOSSIER_SET_OPTIONS.keys()
    if unknown:
        raise ValueError(f"not options of a dossier set: {', '.join(sorted(unknown))}")
    shared = [name for name in DOSSIER_SET_OPTIONS if name not in omit]

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(function, eval_str=True)  # as Typer reads a command's options
        if "dossiers" not in signature.parameters:
            raise TypeError(f"{function.__name__} has no parameter 'dossiers' for the options of a dossier set")
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name != "dossiers":
                params.append(param)
                continue
            params += [
                param.replace(name=name, default=getattr(NOT_GIVEN, name), annotation=DOSSIER_SET_OPTIONS[name])
                for name in shared
            ]

        @functools.wraps(function)
        def command(**given: Any) -> None:
            dossiers = DossierSet(**{name: given.pop(name) for name in shared})
            function(dossiers=dossiers, **given)

        command.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        return command

    return decorate


def from_environment(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` took its value from an environment variable."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "ENVIRONMENT"
