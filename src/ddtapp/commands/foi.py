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

from ddtapp.commands.register import report_problems, write_output
from ddtapp.errors import exit_code_for
from ddtapp.force.foi import answer_tool, render_officer_notes, render_response
from ddtapp.force.register import Filters, collect, entry_of
from ddtapp.output.words import plural
from ddtapp.pack.rulepack import load_pack


@dataclass
class FoiOptions:
    paths: list[str]
    today: dt.date
    output: str | None = None
    rules: list[Path] = field(default_factory=list)
    #: The request's scope, when it asks about some technology types or maturities only (see docs/foi.md).
    scope: Filters = field(default_factory=Filters)
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
    start = time.perf_counter()
    pack = load_pack(opts.rules)
    found = collect(opts.paths, pack, opts.today)
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
        f"ddtapp: the FOI officer's working notes are in {notes}."
        if notes
        else "ddtapp: the FOI officer's working notes were not written: give --notes FILE for them.",
        file=sys.stderr,
    )
    return exit_code_for(found.problems)
