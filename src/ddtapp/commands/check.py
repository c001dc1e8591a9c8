"""``ddtapp check``: check dossiers and report findings."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ddtapp.engine import Result, check_file
from ddtapp.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError, Problem
from ddtapp.reporters import Report, get_reporter
from ddtapp.reporters.summary import fails
from ddtapp.rulepack import apply_overrides, load_pack


@dataclass
class CheckOptions:
    paths: list[str]
    today: dt.date
    fail_on: str = "error"
    output_format: str = "text"
    output: str | None = None
    show_waived: bool = False
    explain_tier: bool = False
    rules: list[Path] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    color: bool | None = None


def run_check(opts: CheckOptions) -> int:
    pack = load_pack(opts.rules)
    apply_overrides(pack, opts.severity, opts.disable)
    results: list[Result] = []
    problems: list[Problem] = []
    for path in opts.paths:
        try:
            results.append(check_file(path, pack, opts.today))
        except InputError as exc:
            problems.extend(exc.problems or [Problem(path, 1, 1, exc.text)])
    report = Report(results, problems, pack, opts.today.isoformat(), opts.fail_on, opts.show_waived,
                    opts.explain_tier, opts.color)
    reporter = get_reporter(opts.output_format)
    if opts.output:
        from ddtapp.safe_write import write_atomic
        import io

        buf = io.StringIO()
        reporter(report, buf)
        try:
            write_atomic(Path(opts.output), buf.getvalue())
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InputError(f"cannot write the report to {opts.output}: {reason}. "
                             "Choose a writable path for --output.") from None
    else:
        reporter(report, sys.stdout)
        sys.stdout.flush()
    if problems:
        if opts.output_format != "text" or opts.output:
            for p in problems:
                print(f"ddtapp: {p.render()}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_FINDINGS if any(fails(r, opts.fail_on) for r in results) else EXIT_OK
