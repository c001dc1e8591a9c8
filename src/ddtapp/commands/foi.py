"""``ddtapp foi``: a draft answer to the FOI request on digital decision tools, from every dossier found.

Two documents: the response for the requester (``-o FILE``, or stdout), which holds nothing internal, and
the FOI officer's working notes (``--notes FILE``; with ``-o FILE`` and no ``--notes``, beside it as
``FILE-officer-notes.md``): every fact not recorded with its dossier field and line, where each document
is kept, dossiers that could not be read."""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ddtapp.commands.options import (
    NOT_GIVEN,
    DossierSet,
    dossier_set,
    option,
    output_option,
    parse_today,
    targets,
    today_option,
)
from ddtapp.commands.register import maturity_option, type_option
from ddtapp.commands.register_run import filters, no_filters, report_problems, write_output
from ddtapp.commands.settings import RuleSettings
from ddtapp.errors import exit_code_for
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural

if TYPE_CHECKING:  # the FOI's machinery loads when the command runs, not for `--help`
    from ddtapp.force.register import Filters


@dataclass
class FoiOptions:
    paths: list[str]
    today: dt.date
    output: str | None = None
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    #: The request's scope, when it asks about some technology types or maturities only (see docs/foi.md).
    scope: Filters = field(default_factory=no_filters)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: Where the officer's working notes go (None: beside ``output``, or not written when printing).
    notes: str | None = None


def notes_path(opts: FoiOptions) -> str | None:
    """The officer's notes: ``--notes``, else beside a response written to a file, else nowhere."""
    if opts.notes:
        return opts.notes
    if not opts.output or opts.output == "-":
        return None
    out = Path(opts.output)
    if out.exists() and not out.is_file():
        return None  # a device or FIFO: the notes need a file of their own (--notes)
    return str(out.with_name(f"{out.stem}-officer-notes{out.suffix or '.md'}"))


def run_foi(opts: FoiOptions) -> int:
    """Exit code: 0 the response was written; 2 it was written without the dossiers that could not be read
    (named on stderr and in the officer's note), or the input was unusable (nothing written).

    How many dossiers were read, and in how long, goes to stderr only: the response itself holds no timing,
    so the same dossiers and ``--today`` give the same file."""
    from ddtapp.force.collect import collect
    from ddtapp.force.foi import answer_tool, render_officer_notes, render_response
    from ddtapp.force.register import entry_of

    start = time.perf_counter()
    pack = opts.rule_settings.load()
    found = collect(opts.paths, pack, opts.today, include=opts.include, exclude=opts.exclude)
    in_scope = [r for r in found.results if opts.scope.matches(entry_of(r, opts.today))]
    tools = [answer_tool(r, pack) for r in in_scope]
    args = (tools, opts.today, found.problems, opts.scope.describe(), len(found.results) - len(in_scope))
    notes = notes_path(opts)
    write_output(render_response(*args), opts.output)
    if notes is not None:
        write_output(render_officer_notes(*args), notes)
    report_problems(found.problems)
    seconds = time.perf_counter() - start
    print(
        f"ddtapp: read {plural(found.files, 'dossier')} and drafted the response "
        f"({plural(len(tools), 'tool')}) in {seconds:.2f} seconds.",
        file=sys.stderr,
    )
    print(
        f"ddtapp: the FOI officer's working notes are in {neutralise(notes)}."
        if notes
        else "ddtapp: the FOI officer's working notes were not written: give --notes FILE for them.",
        file=sys.stderr,
    )
    return exit_code_for(found.problems)


@dossier_set()
def foi_command(
    output: Annotated[str | None, output_option("draft response")] = None,
    out_old: Annotated[str | None, typer.Option("--out", hidden=True, help="The same as --output.")] = None,
    today: Annotated[str | None, today_option("The response's date")] = None,
    maturity: Annotated[
        list[str] | None,
        maturity_option("Scope: only tools of this maturity, when the request asks about those only (repeatable)."),
    ] = None,
    tech_type: Annotated[
        list[str] | None,
        type_option("Scope: only tools of this technology type, when the request asks about those only (repeatable)."),
    ] = None,
    dossiers: DossierSet = NOT_GIVEN,
    notes: Annotated[
        str | None,
        option(
            "--notes",
            metavar="FILE",
            help="Write the FOI officer's working notes (gaps with their dossier fields, document locations) "
            "to this file; default with -o FILE: FILE's name with -officer-notes added.",
        ),
    ] = None,
) -> None:
    """``ddtapp foi`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    settings = dossiers.settings()
    raise typer.Exit(
        run_foi(
            FoiOptions(
                paths=targets(settings),
                today=parse_today(today),
                output=output or out_old,
                rule_settings=settings.rule_settings,
                scope=filters(maturity or [], None, tech_type or [], False),
                include=settings.include,
                exclude=settings.exclude,
                notes=notes,
            )
        )
    )
