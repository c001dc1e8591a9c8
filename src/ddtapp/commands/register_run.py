"""``ddtapp register`` without Typer: what the command does with its options' values (:func:`register`), and the
run itself (:func:`run_register`); ``ddtapp.commands.register`` declares the options for Typer and calls
:func:`register`, as ``ddtapp.commands.quick`` does for a plain command line.

This module imports no Typer, Click, Rich or Pydantic (Typer's ``BadParameter`` is built only when there is a
usage error to raise), so that a plain register runs without them: a cold ``ddtapp register`` of one dossier
took 165 ms of CPU with the bytecode cache and 300 ms without it through Typer, 130 ms and 220 ms without
(best of 7); 100 dossiers, 3,688 million instructions through Typer, 3,546 million without."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import sys
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from ddtapp.commands.dossiers import DossierSet, parse_today, targets
from ddtapp.commands.settings import RuleSettings
from ddtapp.errors import InputError, Problem, UsageError, exit_code_for
from ddtapp.frozen import mutable
from ddtapp.output.words import plural

if TYPE_CHECKING:  # the register's machinery loads when the command runs, not for `--help`
    from ddtapp.force.register import Filters


def no_filters() -> Filters:
    """Every tool: no --maturity, --tier, --type or --overdue."""
    from ddtapp.force.register import Filters

    return Filters()


@mutable
class RegisterOptions:
    paths: list[str]
    today: dt.date
    output_format: str = "markdown"
    output: str | None = None
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    filters: Filters = field(default_factory=no_filters)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int | None = None  # None or 0: automatic (see ddtapp.checker.batch.jobs_for)


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to ``output`` atomically (never a half-written file; a device or FIFO is written to), or to
    stdout (no ``output``, or ``-``). Bytes (a spreadsheet) need a file."""
    if isinstance(text, bytes) and (not output or output == "-"):
        raise UsageError("--format xlsx writes a spreadsheet file: give -o FILE.xlsx.")
    if output and output != "-":
        from ddtapp.output.safe_write import write_atomic, write_atomic_bytes

        try:
            if isinstance(text, bytes):
                write_atomic_bytes(Path(output), text)
            else:
                write_atomic(Path(output), text)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InputError(f"cannot write to {output}: {reason}. Choose a writable path.") from None
    else:
        assert isinstance(text, str)
        sys.stdout.write(text)
        sys.stdout.flush()


def report_problems(problems: list[Problem]) -> None:
    """Each unreadable dossier on stderr, located: ``ddtapp: file:line:col: message``."""
    for p in sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message)):
        print(f"ddtapp: {p.shown()}", file=sys.stderr)
    files = sorted({p.file for p in problems})
    if files:
        print(
            f"ddtapp: {plural(len(files), 'dossier')} could not be read and "
            f"{'was' if len(files) == 1 else 'were'} left out.",
            file=sys.stderr,
        )


def run_register(opts: RegisterOptions) -> int:
    """Exit code: 0 the register was written; 2 it was written but some dossiers could not be read (they are
    named on stderr and in the register), or the input was unusable (nothing written)."""
    from ddtapp.force.collect import collect
    from ddtapp.force.register import FORMATS, entry_of, register_of, render

    if opts.output_format not in FORMATS:
        raise UsageError(f"'{opts.output_format}' is not one of {', '.join(FORMATS)}.", "--format")
    if opts.output_format == "xlsx" and (not opts.output or opts.output == "-"):
        raise UsageError("--format xlsx writes a spreadsheet file: give -o FILE.xlsx.")
    pack = opts.rule_settings.load()
    # as in `check`: the pack and the modules live for the whole run, out of the garbage collector's sight
    gc.freeze()
    gc.enable()  # off while ddtapp started (ddtapp.cli.main), when the quick path runs the register
    # each worker turns its dossier into a register entry, so only entries travel back and stay in memory
    keep = functools.partial(entry_of, today=opts.today)
    found = collect(opts.paths, pack, opts.today, keep, opts.jobs, opts.include, opts.exclude)
    register = register_of(found.results, opts.today, opts.filters, found.problems)
    write_output(render(register, opts.output_format), opts.output)
    report_problems(found.problems)
    return exit_code_for(found.problems)


def filters(maturity: list[str], tier: str | None, types: list[str], overdue: bool) -> Filters:
    """``--maturity``, ``--tier`` and ``--type``, any case, with "did you mean" for a near miss."""
    from ddtapp.commands.choices import pick_all
    from ddtapp.force.register import MATURITIES, TECHNOLOGY_TYPES, TIERS, Filters

    def norm(values: list[str], choices: tuple[str, ...], option: str) -> list[str]:
        return pick_all([v.replace("-", "_").replace(" ", "_") for v in values], choices, option)

    return Filters.parse(
        norm(maturity, MATURITIES, "--maturity"),
        norm([tier], TIERS, "--tier")[0] if tier is not None else None,
        norm(types, TECHNOLOGY_TYPES, "--type"),
        overdue,
    )


def register(
    dossiers: DossierSet,
    *,
    output_format: str = "markdown",
    output: str | None = None,
    today: str | None = None,
    maturity: list[str] | None = None,
    tier: str | None = None,
    tech_type: list[str] | None = None,
    overdue: bool = False,
    jobs: int = 0,
) -> int:
    """``ddtapp register`` given its options' values: the exit code. Typer's ``register_command``
    (``ddtapp.commands.register``) and ``ddtapp.cli``'s quick path both come here. Every usage error (an
    unknown format or filter, a date that is not one, no dossiers named) is raised before anything is written,
    so that the quick path can leave it to Typer to say."""
    from ddtapp.commands.choices import pick
    from ddtapp.force.register import FORMATS

    settings = dossiers.settings()
    return run_register(
        RegisterOptions(
            paths=targets(settings),
            today=parse_today(today),
            output_format=pick(output_format, FORMATS, "--format"),
            output=output,
            rule_settings=settings.rule_settings,
            filters=filters(maturity or [], tier, tech_type or [], overdue),
            include=settings.include,
            exclude=settings.exclude,
            jobs=jobs,
        )
    )
