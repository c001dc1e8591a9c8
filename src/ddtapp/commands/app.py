"""The ``ddtapp`` command as Typer runs it: the group of :data:`ddtapp.cli.COMMANDS`, each command built from its
function when it runs or its help is shown, and usage errors printed as Click prints them.

``ddtapp.cli`` imports this module only when Typer is to run the command line (``ddtapp.cli.app`` is this
module's :data:`app`); a plain ``ddtapp check`` runs without it (``ddtapp.commands.quick``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from ddtapp import __version__
from ddtapp.cli import COMMANDS, _state
from ddtapp.commands.coercion import install as _plain_values_without_pydantic
from ddtapp.commands.helptext import install as _help_in_words
from ddtapp.errors import UsageError

_plain_values_without_pydantic()
_help_in_words()


class _Lazy(MutableMapping[str, Any]):
    """The group's commands by name: every command of :data:`COMMANDS` is there, built on first use."""

    def __init__(self, built: Mapping[str, Any]) -> None:
        self.built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            self.built[name] = _command(name)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self.built

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self.built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*COMMANDS, *self.built]))


class _Commands(TyperGroup):
    """The ``ddtapp`` group: its commands are :data:`COMMANDS`, each built when it runs or its help is shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Lazy(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands and their first sentences, as Click lists them, without importing any command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, _Command(name=name, help=about[3]).get_short_help_str(limit)) for name, about in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _command(name: str) -> Any:
    """The Click command ``name``, built from its function as Typer builds it (its module imported now)."""
    module_name, function, epilog, text = COMMANDS[name]
    module = importlib.import_module(f"ddtapp.commands.{module_name}")
    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    one.command(name, cls=_Command, help=text, epilog=getattr(module, epilog) if epilog else None)(
        getattr(module, function)
    )
    return typer.main.get_command(one)


app = typer.Typer(
    name="ddtapp",
    cls=_Commands,
    help="Check police data-driven technology dossiers against the College of Policing APP.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"ddtapp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    show_traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    _state["traceback"] = show_traceback


#: Click's base exception, whichever Click Typer runs on (its own copy since Typer 0.2x, Click itself before).
_ClickException: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _shown(exc: Any) -> Any:
    """A Click error whose message quotes what was typed (a file name, an option's value) with that text shown
    and not obeyed by the terminal or a CI log (ddtapp.output.neutralise)."""
    from ddtapp.output.neutralise import neutralise

    if isinstance(getattr(exc, "message", None), str):
        exc.message = neutralise(exc.message)  # one line: a new line typed into a value is shown as \n
    return exc


class _Command(TyperCommand):
    """A command whose usage errors print as Click prints its own, wherever they are found: an option's value
    that its command's function refuses, or options that do not go together (one style, exit 2)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except _ClickException as exc:
            raise _shown(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            if exc.option:
                raise _shown(typer.BadParameter(exc.text, ctx=ctx, param_hint=exc.option)) from None
            try:
                ctx.fail(exc.text)  # Click's UsageError, whichever Click Typer runs on
            except _ClickException as usage:
                raise _shown(usage) from None
        except _ClickException as exc:
            raise _shown(exc) from None
