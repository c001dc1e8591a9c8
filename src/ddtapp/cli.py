"""The command line: the ``ddtapp`` command and its entry point. Each command gathers its options beside the
one function it calls (``ddtapp.commands``), which returns an exit code; here one handler maps exceptions to
exit codes (2 input, 3 internal, 130 Ctrl-C, 128+N for a stop signal).

Commands are registered lazily: :data:`COMMANDS` names each command's module, function and help, and a
command's module is imported only when that command runs or its own help is shown (``ddtapp --help`` lists
every command from the table; ``ddtapp --version`` imports none). The Typer app is ``ddtapp.commands.app``
(``ddtapp.cli.app``), imported only when Typer runs: a plain ``ddtapp check`` or ``ddtapp register`` (paths and
known options, as a pre-commit hook, CI step or scheduled job runs it) takes the quick path,
``ddtapp.commands.quick``, which reads the command line as Typer would and calls the same function, without
importing Typer (half a cold start's CPU)."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any

from ddtapp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DdtappError, Terminated

if TYPE_CHECKING:
    import signal

    import typer
else:  # the signal module's own functions, without the enums it makes of every signal (~1 ms of a cold start)
    import _signal as signal

    app: typer.Typer

#: Every command, in the order ``--help`` lists them: its module in ``ddtapp.commands``, its function there, the
#: name of the module's epilog (if it has one) and its help, whose first sentence ``ddtapp --help`` shows.
COMMANDS: dict[str, tuple[str, str, str | None, str]] = {
    "check": (
        "check_cli",
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


#: Whether ``--traceback`` was given (set by the group's callback in ``ddtapp.commands.app``).
_state = {"traceback": False}


def __getattr__(name: str) -> Any:
    """``ddtapp.cli.app``: the Typer app, imported when asked for (a plain check runs without Typer)."""
    if name == "app":
        from ddtapp.commands.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    # No garbage collection while the modules and the rule pack are made (tens of thousands of objects that
    # all live on; collecting is ~3% of a cold check): a check turns it on again once the pack is loaded
    # (ddtapp.commands.check.run_check), every other command before Typer runs.
    collecting = gc.isenabled()
    gc.disable()
    before = _catch_stop_signals()
    try:
        _run()
    finally:
        if collecting:
            gc.enable()
        _remove_leftovers()
        for number, handler in before.items():  # as they were, for a caller that runs main() in-process
            signal.signal(number, handler)  # type: ignore[arg-type]


def _run() -> None:
    try:
        from ddtapp.commands.quick import run

        code = run(sys.argv[1:])  # a plain `ddtapp check` or `ddtapp register`, without Typer
        if code is not None:
            sys.exit(code)
        from ddtapp.commands.app import app

        gc.enable()
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
        from signal import Signals

        print(f"ddtapp: stopped by {Signals(stop.signum).name}", file=sys.stderr)
        sys.exit(128 + stop.signum)
    except SystemExit:
        raise
    except Exception:
        if _state["traceback"] or "--traceback" in sys.argv:
            import traceback

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
