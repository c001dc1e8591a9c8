"""``ddtapp check``'s options, as Typer reads them; the check itself is ``ddtapp.commands.check.check``.

A plain ``ddtapp check`` (known options with plain values) also runs without Typer: ``ddtapp.cli`` reads
its command line as Typer reads it (``ddtapp.commands.quick``) and calls the same function.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ddtapp.commands.check import FAIL_ON, check
from ddtapp.commands.options import (
    NOT_GIVEN,
    DossierSet,
    JobsOpt,
    TodayOpt,
    completes,
    dossier_set,
    flag,
    from_environment,
    option,
    output_option,
)


@dossier_set()
def check_command(
    ctx: typer.Context,
    fail_on: Annotated[
        str | None,
        option(
            "--fail-on",
            envvar="DDTAPP_FAIL_ON",
            metavar="LEVEL",
            autocompletion=completes(*FAIL_ON),
            help="Lowest severity that fails the run: error (default), warning, info or never.",
        ),
    ] = None,
    output_format: Annotated[
        list[str] | None,
        option(
            "--format",
            "-f",
            metavar="NAME[:FILE]",
            autocompletion=completes("text", "json", "sarif", "junit", "github", "gitlab", "markdown"),
            help="Report format, repeatable, each to standard output or to FILE: text (default), json, sarif, "
            "junit, github, gitlab or markdown.",
        ),
    ] = None,
    output: Annotated[str | None, output_option("report", extra="with one format; ")] = None,
    today: TodayOpt = None,
    show_waived: Annotated[bool, flag("--show-waived", "Also list findings that a waiver accepts.")] = False,
    explain_tier: Annotated[
        bool, flag("--explain-tier", "Show how the impact tier was derived, fact by fact.")
    ] = False,
    dossiers: DossierSet = NOT_GIVEN,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            autocompletion=completes("auto", "always", "never"),
            help="Colour the text report: auto (in a terminal, unless NO_COLOR is set; also when FORCE_COLOR is "
            "set), always or never.",
        ),
    ] = "auto",
    no_color: Annotated[bool, typer.Option("--no-color", hidden=True, help="The same as --color never.")] = False,
    dossiers_only: Annotated[
        bool, flag("--dossiers-only", "Skip YAML files that are not dossiers, even when named (for pre-commit).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="List errors only: no warnings, info or coming-up findings.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say on standard error what was checked and how long it took.")
    ] = False,
    statistics: Annotated[
        bool, flag("--statistics", "Print how many findings each rule gave, instead of the text report.")
    ] = False,
    progress: Annotated[
        bool | None,
        option(
            "--progress/--no-progress",
            help="Progress bar on standard error (default: for long runs in a terminal, never in CI).",
        ),
    ] = None,
    jobs: JobsOpt = 0,
) -> None:
    """``ddtapp check`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    code = check(
        dossiers,
        fail_on=None if from_environment(ctx, "fail_on") else fail_on,  # so --show-settings can say which
        output_format=output_format,
        output=output,
        today=today,
        show_waived=show_waived,
        explain_tier=explain_tier,
        color=color,
        no_color=no_color,
        dossiers_only=dossiers_only,
        quiet=quiet,
        verbose=verbose,
        statistics=statistics,
        progress=progress,
        jobs=jobs,
    )
    raise typer.Exit(code)
