"""``ddtapp register``: the force's internal list of DDTs, from every dossier found."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ddtapp.commands.settings import RuleSettings
from ddtapp.errors import InputError, Problem, exit_code_for
from ddtapp.force.register import FORMATS, Filters, collect, entry_of, register_of, render
from ddtapp.output.words import plural


@dataclass
class RegisterOptions:
    paths: list[str]
    today: dt.date
    output_format: str = "markdown"
    output: str | None = None
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    filters: Filters = field(default_factory=Filters)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to ``output`` atomically (never a half-written file; a device or FIFO is written to), or to
    stdout (no ``output``, or ``-``). Bytes (a spreadsheet) need a file."""
    if isinstance(text, bytes) and (not output or output == "-"):
        raise InputError("--format xlsx writes a spreadsheet file: give -o FILE.xlsx.")
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
    if opts.output_format not in FORMATS:
        raise InputError(f"--format: use one of {', '.join(FORMATS)}.")
    if opts.output_format == "xlsx" and (not opts.output or opts.output == "-"):
        raise InputError("--format xlsx writes a spreadsheet file: give -o FILE.xlsx.")
    pack = opts.rule_settings.load()
    # each worker turns its dossier into a register entry, so only entries travel back and stay in memory
    keep = functools.partial(entry_of, today=opts.today)
    found = collect(opts.paths, pack, opts.today, keep=keep, include=opts.include, exclude=opts.exclude)
    register = register_of(found.results, opts.today, opts.filters, found.problems)
    write_output(render(register, opts.output_format), opts.output)
    report_problems(found.problems)
    return exit_code_for(found.problems)
