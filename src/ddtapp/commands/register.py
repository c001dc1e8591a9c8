"""``ddtapp register``'s options, as Typer reads them: the force's internal list of DDTs, from every dossier
found. What the command does with them is ``ddtapp.commands.register_run.register``, without Typer; a plain
``ddtapp register`` (known options with plain values) runs it without Typer too (``ddtapp.commands.quick``)."""

from __future__ import annotations

from typing import Annotated

import typer

from ddtapp.commands.options import NOT_GIVEN, DossierSet, JobsOpt, TodayOpt, dossier_set, flag, option, output_option

# the register's run, kept without Typer
from ddtapp.commands.register_run import register


def maturity_option(help: str) -> object:
    """``--maturity``: register and foi filter by it, each in its own words."""
    return option("--maturity", metavar="MATURITY", help=help)


def type_option(help: str) -> object:
    """``--type``: register and foi filter by it, each in its own words."""
    return option("--type", metavar="TYPE", help=help)


@dossier_set()
def register_command(
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="NAME",
            help="Output format: markdown (a page, default), csv or xlsx (spreadsheets), or json (for tools).",
        ),
    ] = "markdown",
    output: Annotated[str | None, output_option("register")] = None,
    today: TodayOpt = None,
    maturity: Annotated[
        list[str] | None,
        maturity_option(
            "Only tools of this maturity: in_development, pilot, operational, retired or abandoned (repeatable)."
        ),
    ] = None,
    tier: Annotated[
        str | None,
        option(
            "--tier",
            metavar="TIER",
            help="Only tools of this impact tier or higher: minimal, moderate, high or very_high.",
        ),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        type_option("Only tools of this technology type, e.g. live_facial_recognition (repeatable)."),
    ] = None,
    overdue: Annotated[bool, flag("--overdue", "Only tools with a document review date before --today.")] = False,
    dossiers: DossierSet = NOT_GIVEN,
    jobs: JobsOpt = 0,
) -> None:
    """``ddtapp register`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    raise typer.Exit(
        register(
            dossiers,
            output_format=output_format,
            output=output,
            today=today,
            maturity=maturity,
            tier=tier,
            tech_type=tech_type,
            overdue=overdue,
            jobs=jobs,
        )
    )
