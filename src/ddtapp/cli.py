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
    paths: Annotated[Optional[list[str]], typer.Argument(help="Dossier files, folders (searched recursively) or globs. Default: 'paths' in the configuration.", show_default=False)] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", envvar="DDTAPP_FAIL_ON", show_default=False, help="Lowest severity that fails the run: error (default), warning, info or never.")] = None,
    output_format: Annotated[Optional[list[str]], typer.Option("--format", "-f", show_default=False, help="Output format, NAME or NAME:PATH, repeatable: text (default), json, sarif, junit, github, gitlab, markdown.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the report to this file (with a single format).")] = None,
    today: Annotated[Optional[str], typer.Option("--today", help="Date to check review dates against (YYYY-MM-DD); default today, or $DDTAPP_TODAY.")] = None,
    show_waived: Annotated[bool, typer.Option("--show-waived", help="Also list findings that a waiver accepts.")] = False,
    explain_tier: Annotated[bool, typer.Option("--explain-tier", help="Show how the impact tier was derived, fact by fact.")] = False,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="A folder of the force's own rules (repeatable; adds to the configuration's).")] = None,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")] = None,
    disable: Annotated[Optional[list[str]], typer.Option("--disable", help="Disable a rule by id (repeatable; adds to the configuration's).")] = None,
    severity: Annotated[Optional[list[str]], typer.Option("--severity", help="Change a rule's severity: RULE-ID=error|warning|info (repeatable; wins over the configuration).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Leave out files and folders matching this pattern in a folder search (repeatable).")] = None,
    dossiers_only: Annotated[bool, typer.Option("--dossiers-only", help="Skip YAML files that are not dossiers, even when named (for pre-commit).")] = False,
    config: Annotated[Optional[Path], typer.Option("--config", envvar="DDTAPP_CONFIG", help="Configuration file (.ddtapp.yaml or pyproject.toml). Default: the nearest one above the working directory.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore any configuration file.")] = False,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", show_default=False, help="Progress bar on stderr (default: for long runs in a terminal, never in CI).")] = None,
) -> None:
    """Check dossiers against the APP and report what is still missing at each project's stage."""
    from ddtapp.commands.check import CheckOptions, parse_destinations, run_check
    from ddtapp.config import resolve

    cfg = resolve(str(config) if config else None, use_config=not no_config)
    fail_on = fail_on or cfg.fail_on or "error"
    if fail_on not in FAIL_ON:
        raise typer.BadParameter(f"use one of {', '.join(FAIL_ON)}", param_hint="--fail-on")
    try:
        destinations = parse_destinations(list(output_format or cfg.format), output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    severities = dict(cfg.severity)
    for item in severity or []:
        rule_id, _, level = item.partition("=")
        if level not in ("error", "warning", "info") or not rule_id:
            raise typer.BadParameter(f"'{item}': use RULE-ID=error, warning or info", param_hint="--severity")
        severities[rule_id.strip().upper()] = level
    targets = list(paths or cfg.paths)
    if not targets:
        raise typer.BadParameter("give one or more dossiers, folders or globs, or set 'paths' in .ddtapp.yaml",
                                 param_hint="PATHS")
    opts = CheckOptions(paths=targets, today=_parse_today(today), fail_on=fail_on, destinations=destinations,
                        show_waived=show_waived, explain_tier=explain_tier, rules=[*cfg.rules, *(rules or [])],
                        color=color, disable=[*cfg.disable, *(d.upper() for d in disable or [])],
                        severity=severities, include=cfg.include, exclude=(*cfg.exclude, *(exclude or [])),
                        dossiers_only=dossiers_only, progress=progress)
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


@app.command()
def schema(
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the schema to this file.")] = None,
) -> None:
    """Print the dossier's JSON Schema, for editors (yaml-language-server) and validators."""
    from ddtapp.commands.schema import print_schema

    raise typer.Exit(print_schema(output))


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
