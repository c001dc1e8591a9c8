"""The command line: the ``ddtapp`` command and its entry point. Each command gathers its options beside the
one function it calls (``ddtapp.commands``), which returns an exit code; here one handler maps exceptions to
exit codes (2 input, 3 internal, 130 Ctrl-C, 128+N for a stop signal).

Commands are registered lazily: :data:`COMMANDS` names each command's module, function and help, and a
command's module is imported only when that command runs or its own help is shown (``ddtapp --help`` lists
every command from the table; ``ddtapp --version`` imports none)."""

from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from ddtapp import __version__
from ddtapp.commands.coercion import install as _plain_values_without_pydantic
from ddtapp.commands.helptext import install as _help_in_words
from ddtapp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DdtappError, Terminated, UsageError

_plain_values_without_pydantic()
_help_in_words()

#: Every command, in the order ``--help`` lists them: its module in ``ddtapp.commands``, its function there, the
#: name of the module's epilog (if it has one) and its help, whose first sentence ``ddtapp --help`` shows.
COMMANDS: dict[str, tuple[str, str, str | None, str]] = {
    "check": (
        "check",
        "check_command",
        None,
        "Check dossiers against the APP and report what is still missing at each project's stage.",
    ),
    "rules": (
        "rules",
        "rules_command",
        None,
        "List the rules of the pack, or show which rules enforce each APP requirement.",
    ),
    "explain": (
        "explain",
        "explain_command",
        None,
        "Explain a rule: what it finds, why the APP asks it, how to fix it, and examples.",
    ),
    "schema": (
        "schema",
        "schema_command",
        None,
        "Print the dossier's JSON Schema, for editors (yaml-language-server) and validators.",
    ),
    "migrate": (
        "migrate",
        "migrate_command",
        None,
        "Rewrite older dossiers in the current format (in place, keeping comments, order and quoting).",
    ),
    "register": (
        "register",
        "register_command",
        None,
        "List the force's data-driven technologies (the APP's internal list of DDTs) from its dossiers.",
    ),
    "foi": (
        "foi",
        "foi_command",
        None,
        "Draft an answer to the FOI request on digital decision tools (13 questions, up to ten tools).",
    ),
    "site": (
        "site",
        "site_command",
        None,
        "Write the force's transparency site: an index and one ATRS record per tool, withheld fields redacted.",
    ),
    "init": (
        "init",
        "init_command",
        None,
        "Write a new project dossier for a technology type and stage, every key commented with its APP requirement.",
    ),
    "render": (
        "render",
        "render_command",
        "EPILOG",
        "Write draft documents (DPIA, stage gate report, EIA, HRIA, CIA, transparency record, FOI answer).",
    ),
    "diff": (
        "diff",
        "diff_command",
        None,
        "Show what changed between versions of a dossier, which changes are significant, and the reviews they trigger.",
    ),
    "sign": (
        "sign",
        "sign_command",
        None,
        "Bind sign-offs (gate decisions, DPIA sign-off, waivers, transparency clearance) to the facts they "
        "approved.\n\nWithout --at, --unbound or --all, lists each sign-off and whether it is unbound, current or "
        "stale.",
    ),
}


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

_state = {"traceback": False}


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


_MAIN_PID = [0]


def _stop(signum: int, _frame: object) -> None:
    """SIGTERM or SIGHUP: stop the way Ctrl-C does, so that temporary files are removed on the way out."""
    if os.getpid() != _MAIN_PID[0]:  # a forked worker: die of the signal, as it would have
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Terminated(signum)


def _catch_stop_signals() -> dict[int, object]:
    """Make SIGTERM and SIGHUP stop ddtapp as Ctrl-C does; the handlers they had before, to put back."""
    _MAIN_PID[0] = os.getpid()
    before: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            before[number] = signal.signal(number, _stop)
    return before


def _remove_leftovers() -> None:
    """Delete the temporary files an interrupted write left (only if anything was written at all)."""
    safe_write = sys.modules.get("ddtapp.output.safe_write")
    if safe_write is None:
        return
    block = getattr(signal, "pthread_sigmask", None)
    stops = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    old = block(signal.SIG_BLOCK, stops) if block else None
    try:
        safe_write.remove_leftovers()
    finally:
        if block and old is not None:
            block(signal.SIG_SETMASK, old)


def main() -> None:
    """Console-script entry point: run the app and map every exception to an exit code."""
    # ddtapp uses no Pydantic plugins; without this, building the first model scans the entry points of
    # every installed package (~17 ms of every cold start).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    before = _catch_stop_signals()
    try:
        _run()
    finally:
        _remove_leftovers()
        for number, handler in before.items():  # as they were, for a caller that runs main() in-process
            signal.signal(number, handler)  # type: ignore[arg-type]


def _run() -> None:
    try:
        app(standalone_mode=True)
    except DdtappError as exc:
        from ddtapp.output.neutralise import neutralise_block

        problems = getattr(exc, "problems", None)
        text = "\n".join(p.shown() for p in problems) if problems else neutralise_block(exc)
        print(f"ddtapp: {text}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("ddtapp: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except Terminated as stop:
        print(f"ddtapp: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr)
        sys.exit(128 + stop.signum)
    except SystemExit:
        raise
    except Exception:
        if _state["traceback"] or "--traceback" in sys.argv:
            traceback.print_exc()
        else:
            kind = sys.exc_info()[0].__name__  # type: ignore[union-attr]
            print(
                f"ddtapp: internal error ({kind}). This is a bug in ddtapp: please report it with the command "
                "you ran and, if you can, the dossier. Run again with --traceback for details.",
                file=sys.stderr,
            )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
