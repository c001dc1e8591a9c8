"""``ddtapp check``: find dossiers, check each one, and write every requested report.

One broken dossier does not stop the others: it is reported as an input problem and the run goes on.
The exit code is the worst outcome: 2 when any input could not be used, else 1 when a finding
reaches ``--fail-on``, else 0. Results are kept out of memory (``ddtapp.checker.result_log``) and each file
report is written as it is made into a temporary file beside its target, put in place only once every
report is written, so an error or Ctrl-C never leaves a half-written report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import os
import sys
import time
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from ddtapp.commands.dossiers import DossierSet, bad_parameter, parse_today, targets
from ddtapp.commands.settings import RuleSettings
from ddtapp.errors import EXIT_FINDINGS, EXIT_OK, InputError, Problem, exit_code_for
from ddtapp.frozen import frozen, mutable
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural

if TYPE_CHECKING:  # the checker and reporters load when a check runs, not for `--help`
    from ddtapp.checker.engine import Result
    from ddtapp.checker.result_log import ResultLog
    from ddtapp.loading.discover import Discovery
    from ddtapp.output.safe_write import PendingFile
    from ddtapp.pack.rulepack import RulePack
    from ddtapp.reporters import Report
    from ddtapp.reporters.text import Chunk

STDOUT = "-"
#: Below this many dossiers a run is too quick for a progress bar to help.
PROGRESS_MIN_FILES = 10


@frozen
class Destination:
    format: str
    path: str  # "-" for stdout


def parse_destinations(specs: list[str], output: str | None) -> list[Destination]:
    """``--format NAME`` or ``--format NAME:PATH`` (repeatable), and ``--output`` for a single bare format.

    Raises ValueError with a message for the user.
    """
    dests = [_destination(spec) for spec in specs or ["text"]]
    if output:
        bare = [i for i, d in enumerate(dests) if d.path == STDOUT]
        if len(bare) != 1:
            raise ValueError(
                "--output goes with exactly one format written to stdout; with several formats write NAME:PATH for each"
            )
        dests[bare[0]] = Destination(dests[bare[0]].format, output)
    _check_targets(dests)
    return dests


def _destination(spec: str) -> Destination:
    """One ``--format NAME[:FILE]``."""
    from ddtapp.reporters import FORMATS

    name, sep, path = spec.partition(":")
    name = name.strip().lower()
    if name not in FORMATS:
        from ddtapp.commands.choices import did_you_mean

        raise ValueError(
            f"'{name}' is not one of {', '.join(FORMATS)} (each optionally as NAME:FILE)." + did_you_mean(name, FORMATS)
        )
    if sep and not path:
        raise ValueError(f"'{spec}': give a file after the colon, or leave the colon out for stdout")
    return Destination(name, path or STDOUT)


def _check_targets(dests: list[Destination]) -> None:
    """Two reports may both go to a device such as /dev/null, never to one regular file or a folder."""
    if all(d.path == STDOUT for d in dests):
        return  # nothing but stdout (as a check mostly runs): safe_write is imported only to write a file
    from ddtapp.output.safe_write import is_direct

    replaced = [d.path for d in dests if not is_direct(d.path)]
    files = [os.path.realpath(p) for p in replaced]
    dup = next((p for p in replaced if files.count(os.path.realpath(p)) > 1), None)
    if dup:
        raise ValueError(f"two formats would be written to {dup}")
    folder = next((d.path for d in dests if d.path != STDOUT and os.path.isdir(d.path)), None)
    if folder:
        raise ValueError(f"{folder} is a folder; give a file name for the report")


@mutable
class CheckOptions:
    paths: list[str]
    today: dt.date
    fail_on: str = "error"
    destinations: list[Destination] = field(default_factory=lambda: [Destination("text", STDOUT)])
    show_waived: bool = False
    explain_tier: bool = False
    rule_settings: RuleSettings = field(default_factory=RuleSettings)
    color: bool | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    dossiers_only: bool = False
    progress: bool | None = None  # None: on for a terminal outside CI with many dossiers
    jobs: int | None = None  # None or 0: automatic (see ddtapp.checker.batch.jobs_for)
    quiet: bool = False  # the text report lists open errors only
    verbose: bool = False  # what was found and how long it took, on stderr
    statistics: bool = False  # a count per rule instead of the text report on stdout


def _show_progress(opts: CheckOptions, count: int) -> bool:
    if opts.progress is not None:
        return opts.progress
    if os.environ.get("CI") or count < PROGRESS_MIN_FILES:
        return False
    return sys.stderr.isatty()


def run_check(opts: CheckOptions) -> int:
    from ddtapp.checker.batch import jobs_for
    from ddtapp.checker.result_log import ResultLog

    started = time.perf_counter()
    found = _discover(opts)
    if found is None:
        return EXIT_OK  # e.g. the pre-commit hook given only non-dossier YAML
    pack = opts.rule_settings.load()
    # The pack and the imported modules live for the whole run: take them out of the garbage collector's
    # sight, so that its full collections do not walk them again for every dossier (15-20% of the CPU).
    gc.freeze()
    gc.enable()  # off while ddtapp started (ddtapp.cli.main)
    jobs = jobs_for(len(found.files), opts.jobs)
    problems: list[Problem] = list(found.problems)
    with ResultLog() as results:
        tally = _check_each(opts, found.files, pack, jobs, results, problems)
        _write_reports(_report(opts, pack, results, problems), opts.destinations, opts.statistics)
    # Every report is written, flushed and closed: what the run made that lives on (the modules and records
    # the first dossier's check made, as the pack before) goes out of the collector's sight too, so that the
    # interpreter's collections on the way out do not walk it (8.4 M instructions of a 680 M check of one
    # dossier, 10.4 M over 100). Exit code, output and atexit handlers are as before.
    gc.freeze()
    if opts.verbose:
        print(
            f"ddtapp: checked {plural(len(found.files), 'dossier')} ({len(found.skipped)} other YAML files "
            f"skipped) with {len(pack.rules) - len(pack.disabled)} rules in {plural(jobs, 'process', 'processes')}, "
            f"in {time.perf_counter() - started:.2f} seconds.",
            file=sys.stderr,
        )
    if tally.migrated:
        print(_migrate_notice(tally.migrated), file=sys.stderr)
    if problems:
        if all(d.format != "text" or d.path != STDOUT for d in opts.destinations):
            for p in problems:
                print(f"ddtapp: {p.shown()}", file=sys.stderr)
        return exit_code_for(problems)
    return EXIT_FINDINGS if tally.failing else EXIT_OK


def _discover(opts: CheckOptions) -> Discovery | None:
    """The dossiers to check (None: none, and --dossiers-only says that is fine); none at all is an input
    error."""
    from ddtapp.loading.discover import DEFAULT_INCLUDE, discover

    found = discover(opts.paths, opts.include or DEFAULT_INCLUDE, opts.exclude, opts.dossiers_only)
    if found.files or found.problems:
        return found
    if opts.dossiers_only:
        return None
    raise InputError(
        "no dossiers found in "
        + ", ".join(opts.paths)
        + ". Give dossier files or folders that hold them (a dossier has top-level "
        "'schema_version' and 'tool' keys)."
    )


@mutable
class _Tally:
    """What the run keeps of its results besides the log: whether one fails, and how many were migrated."""

    failing: bool = False
    migrated: int = 0


def _check_each(
    opts: CheckOptions, files: list[str], pack: RulePack, jobs: int, results: ResultLog, problems: list[Problem]
) -> _Tally:
    """Check every dossier (in ``jobs`` processes), logging each result and adding each input problem."""
    from ddtapp.checker.batch import check_many
    from ddtapp.reporters import Report
    from ddtapp.reporters.summary import fails

    tally = _Tally()
    progress = None
    if _show_progress(opts, len(files)):
        from ddtapp.commands.progress import CheckProgress

        progress = CheckProgress(len(files))
    options = Report(
        [], [], pack, opts.today.isoformat(), opts.fail_on, opts.show_waived, opts.explain_tier, opts.color, opts.quiet
    )
    # a plain text report is made a dossier at a time beside each check (in the worker), and only joined here
    plain = _plain_text(options, opts)
    counted = plain and _only_plain_text(options, opts)
    if counted:
        results.count_only()  # no report reads the results back
    # slimmed only to travel from a worker or to be kept: a result only counted here is let go as it is
    keep = functools.partial(_with_text, options, jobs > 1 or not counted) if plain else None
    try:
        outcomes = check_many(files, pack, opts.today, jobs, keep or _slim)
        # not zip(), whose reused tuple would hold each dossier on while the next one is checked: each is let
        # go here, before the next, so that the collections between dossiers do not walk it
        # (ddtapp.checker.batch._collected_sparingly)
        for path in files:
            outcome = next(outcomes, None)
            if outcome is None:
                raise ValueError("fewer outcomes than dossiers")  # a bug, reported as ddtapp's own error
            kept, trouble = outcome
            del outcome
            if kept is not None:
                result, text = kept if keep else (kept, None)
                results.append(result, text)
                tally.migrated += result.migrated_from is not None
                tally.failing = tally.failing or fails(result, opts.fail_on)
                del kept, result, text
            problems.extend(trouble)
            del trouble
            if progress:
                progress.advance(path)
        if next(outcomes, None) is not None:
            raise ValueError("more outcomes than dossiers")
    finally:
        if progress:
            progress.stop()
    return tally


def _report(opts: CheckOptions, pack: RulePack, results: ResultLog, problems: list[Problem]) -> Report:
    """The report of the whole run, for every destination."""
    from ddtapp.reporters import Report

    return Report(
        results,
        problems,
        pack,
        opts.today.isoformat(),
        opts.fail_on,
        opts.show_waived,
        opts.explain_tier,
        color=opts.color,
        quiet=opts.quiet,
        destinations=tuple((d.format, d.path) for d in opts.destinations),
        texts=results.texts(),
    )


def _slim(result: Result) -> Result:
    return result.slim()


def _with_text(options: Report, slim: bool, result: Result) -> tuple[Result, Chunk]:
    """What a worker sends back: the result (slim when ``slim``) and its part of the plain text report."""
    from ddtapp.reporters.text import chunk

    return (result.slim() if slim else result), chunk(options, result)


def _plain_text(options: Report, opts: CheckOptions) -> bool:
    """Whether a text report of this run is plain (see ``ddtapp.reporters.text.plain``): a file, or standard
    output when it is not a terminal and not coloured (and not given to --statistics)."""
    from ddtapp.reporters.text import plain

    for dest in opts.destinations:
        if dest.format != "text" or (dest.path == STDOUT and opts.statistics):
            continue
        if plain(options, sys.stdout if dest.path == STDOUT else io.StringIO()):
            return True
    return False


def _only_plain_text(options: Report, opts: CheckOptions) -> bool:
    """Whether every report of this run is a plain text report (made a dossier at a time beside each check),
    so that none reads the results back."""
    from ddtapp.reporters.text import plain

    for dest in opts.destinations:
        if dest.format != "text" or (dest.path == STDOUT and opts.statistics):
            return False
        if not plain(options, sys.stdout if dest.path == STDOUT else io.StringIO()):
            return False
    return True


def _migrate_notice(count: int) -> str:
    """Said once a run, whatever the number of older dossiers read."""
    one = count == 1
    return (
        f"ddtapp: info: {count} {'dossier uses' if one else 'dossiers use'} an older schema_version and "
        f"{'was' if one else 'were'} read as the current one in memory; run `ddtapp migrate PATH...` to rewrite "
        f"{'it' if one else 'them'} (comments, order and quoting are kept)."
    )


def _write_reports(report: Report, destinations: list[Destination], statistics: bool = False) -> None:
    """Write every file report beside its target first, and put them in place only when all are written
    (no half-written or mismatched reports); then print the stdout reports in order. Reports are written
    as they are made, never held whole in memory."""
    from ddtapp.reporters import get_reporter

    pending: list[tuple[Destination, PendingFile]] = []
    try:
        for dest in destinations:
            if dest.path == STDOUT:
                continue
            from ddtapp.output.safe_write import PendingFile

            try:
                pending.append((dest, PendingFile(Path(dest.path))))
                get_reporter(dest.format)(report, pending[-1][1].handle)
            except OSError as exc:
                raise _unwritable(dest, exc) from None
        while pending:
            dest, file = pending[0]
            try:
                file.commit()  # a commit that fails removes its own temporary file
            except OSError as exc:
                raise _unwritable(dest, exc) from None
            del pending[0]
    finally:
        for _, file in pending:
            with contextlib.suppress(OSError):
                file.discard()
    for dest in destinations:
        if dest.path == STDOUT:
            if statistics and dest.format == "text":
                from ddtapp.reporters.statistics import report as statistics_report

                statistics_report(report, sys.stdout)
            else:
                get_reporter(dest.format)(report, sys.stdout)
            sys.stdout.flush()


def _unwritable(dest: Destination, exc: OSError) -> InputError:
    reason = exc.strerror or type(exc).__name__
    return InputError(f"cannot write the {dest.format} report to {dest.path}: {reason}. Choose a writable path.")


FAIL_ON = ("error", "warning", "info", "never")


def check(
    dossiers: DossierSet,
    *,
    fail_on: str | None = None,
    output_format: list[str] | None = None,
    output: str | None = None,
    today: str | None = None,
    show_waived: bool = False,
    explain_tier: bool = False,
    color: str = "auto",
    no_color: bool = False,
    dossiers_only: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    statistics: bool = False,
    progress: bool | None = None,
    jobs: int = 0,
) -> int:
    """``ddtapp check`` given its options' values (``fail_on``: as given on the command line, None when not,
    or when it came from ``$DDTAPP_FAIL_ON``, which the settings read themselves): the exit code. Typer's
    ``check_command`` (``ddtapp.commands.check_cli``) and ``ddtapp.cli``'s quick path both come here."""
    from ddtapp.commands.choices import pick
    from ddtapp.output.terminal import COLOR_CHOICES

    settings = dossiers.settings(fail_on=fail_on, formats=output_format)  # --show-settings stops here
    when = "never" if no_color else pick(color, COLOR_CHOICES, "--color")
    try:
        destinations = parse_destinations(list(settings.formats), output)
    except ValueError as exc:
        raise bad_parameter(str(exc), "--format") from None
    opts = CheckOptions(
        paths=targets(settings),
        today=parse_today(today),
        fail_on=pick(settings.fail_on, FAIL_ON, "--fail-on"),
        destinations=destinations,
        show_waived=show_waived,
        explain_tier=explain_tier,
        rule_settings=settings.rule_settings,
        color={"auto": None, "always": True, "never": False}[when],
        include=settings.include,
        exclude=settings.exclude,
        dossiers_only=dossiers_only,
        progress=progress,
        jobs=jobs,
        quiet=quiet,
        verbose=verbose,
        statistics=statistics,
    )
    if verbose:
        print(f"ddtapp: configuration: {neutralise(settings.config.source or 'none found')}", file=sys.stderr)
    return run_check(opts)
