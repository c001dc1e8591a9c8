"""The command line. Thin: each command gathers options and calls one function that returns an
exit code. One handler maps exceptions to exit codes (2 input, 3 internal, 130 Ctrl-C)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from ddtapp import __version__
from ddtapp.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DdtappError

app = typer.Typer(
    name="ddtapp",
    help="Check police data-driven technology dossiers against the College of Policing APP.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"traceback": False}


def _version(value: bool) -> None:
    if value:
        print(f"ddtapp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
    show_traceback: Annotated[bool, typer.Option("--traceback", help="Show the full traceback of an internal error.")] = False,
) -> None:
    _state["traceback"] = show_traceback


def _parse_today(value: Optional[str]) -> dt.date:
    if value is None:
        env = os.environ.get("DDTAPP_TODAY")
        if env:
            value = env
        else:
            return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD", param_hint="--today") from None


FAIL_ON = ("error", "warning", "info", "never")


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Dossier files to check.", show_default=False)],
    fail_on: Annotated[str, typer.Option("--fail-on", help="Lowest severity that fails the run: error, warning, info or never.")] = "error",
    output_format: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    today: Annotated[Optional[str], typer.Option("--today", help="Date to check review dates against (YYYY-MM-DD); default today, or $DDTAPP_TODAY.")] = None,
    show_waived: Annotated[bool, typer.Option("--show-waived", help="Also list findings that a waiver accepts.")] = False,
    explain_tier: Annotated[bool, typer.Option("--explain-tier", help="Show how the impact tier was derived, fact by fact.")] = False,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="A folder of the force's own rules (repeatable).")] = None,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")] = None,
    disable: Annotated[Optional[list[str]], typer.Option("--disable", help="Disable a rule by id (repeatable).")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", help="Change a rule's severity: RULE-ID=error|warning|info (repeatable).")] = None,
) -> None:
    """Check dossiers against the APP and report what is still missing at each project's stage."""
    from ddtapp.commands.check import CheckOptions, run_check
    from ddtapp.reporters import FORMATS

    if fail_on not in FAIL_ON:
        raise typer.BadParameter(f"use one of {', '.join(FAIL_ON)}", param_hint="--fail-on")
    if output_format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    severities: dict[str, str] = {}
    for item in severity or []:
        rule_id, _, level = item.partition("=")
        if level not in ("error", "warning", "info") or not rule_id:
            raise typer.BadParameter(f"'{item}': use RULE-ID=error, warning or info", param_hint="--severity")
        severities[rule_id.strip().upper()] = level
    opts = CheckOptions(paths=paths, today=_parse_today(today), fail_on=fail_on, output_format=output_format,
                        output=output, show_waived=show_waived, explain_tier=explain_tier, rules=rules or [],
                        color=color, disable=[d.upper() for d in disable or []], severity=severities)
    raise typer.Exit(run_check(opts))


@app.command("rules")
def rules_cmd(
    coverage: Annotated[bool, typer.Option("--coverage", help="Print the traceability table: APP requirement -> rule ids.")] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, json, or (with --coverage) markdown.")] = "text",
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="A folder of the force's own rules (repeatable).")] = None,
) -> None:
    """List the rules of the pack, or show which rules enforce each APP requirement."""
    from ddtapp.commands.rules import print_coverage, print_rules
    from ddtapp.rulepack import load_pack

    allowed = ("text", "json", "markdown") if coverage else ("text", "json")
    if output_format not in allowed:
        raise typer.BadParameter(f"use one of {', '.join(allowed)}", param_hint="--format")
    pack = load_pack(rules or [])
    raise typer.Exit(print_coverage(pack, output_format, sys.stdout) if coverage
                     else print_rules(pack, output_format, sys.stdout))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. FRT-004.", show_default=False)],
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="A folder of the force's own rules (repeatable).")] = None,
) -> None:
    """Explain a rule: what it finds, why the APP asks it, how to fix it, and examples."""
    from ddtapp.commands.rules import explain as explain_rule
    from ddtapp.rulepack import load_pack

    raise typer.Exit(explain_rule(load_pack(rules or []), rule_id, sys.stdout))


def main() -> None:
    """Console-script entry point: run the app and map every exception to an exit code."""
    try:
        app(standalone_mode=True)
    except DdtappError as exc:
        print(f"ddtapp: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("ddtapp: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception:
        if _state["traceback"] or "--traceback" in sys.argv:
            traceback.print_exc()
        else:
            kind = sys.exc_info()[0].__name__  # type: ignore[union-attr]
            print(f"ddtapp: internal error ({kind}). This is a bug in ddtapp: please report it with the command "
                  "you ran and, if you can, the dossier. Run again with --traceback for details.", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
