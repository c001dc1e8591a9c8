"""``ddtapp diff``: what changed between two versions of a dossier, which changes are significant for the
law or the APP, and which reviews they trigger. Exit 1 while a triggered review is not yet recorded
after the change, so CI can hold a merge."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ddtapp.commands.options import option, output_option, parse_today, today_option
from ddtapp.commands.register_run import report_problems, write_output
from ddtapp.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError, Problem, UsageError

if TYPE_CHECKING:  # the loader and the change table load when the command runs, not for `--help`
    from ddtapp.changes.report import DossierDiff
    from ddtapp.changes.table import Table
    from ddtapp.loading.yaml_loader import Loaded

FORMATS = ("text", "json", "markdown")


@dataclass
class DiffOptions:
    files: list[str] = field(default_factory=list)
    since: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    output_format: str = "text"
    output: str | None = None
    table: Path | None = None


def _current(loaded: Loaded) -> Loaded:
    """The dossier as ``check`` reads it: an older one (e.g. from the git history, before ``ddtapp migrate``)
    migrated in memory, so that a change of format is not reported as a change of the tool; then validated
    (a malformed dossier is the same located error, exit 2, as in ``check``), with each value in the type
    the schema gives it (a quoted date is a date), so that a review's date is read as ``check`` reads it."""
    import dataclasses

    from ddtapp.dossier.migrate import migrate_loaded
    from ddtapp.dossier.validate import validate_dossier

    migrate_loaded(loaded)
    dossier = validate_dossier(loaded)
    return dataclasses.replace(loaded, data=typed(loaded.data, dossier))


def typed(raw: Any, model: Any) -> Any:
    """``raw`` (the dossier as written) with each date and time the validated ``model`` holds in its own
    type; everything else as written, in the order written."""
    from pydantic import BaseModel

    if isinstance(raw, dict):
        if isinstance(model, BaseModel):
            return {k: typed(v, getattr(model, k, None)) for k, v in raw.items()}
        if isinstance(model, dict):
            return {k: typed(v, model.get(k)) for k, v in raw.items()}
        return raw
    if isinstance(raw, list):
        if isinstance(model, list) and len(model) == len(raw):
            return [typed(v, m) for v, m in zip(raw, model, strict=True)]
        return raw
    if isinstance(model, dt.date) and type(raw) is not type(model):
        return model  # a quoted date, or a date and time where the schema has a date
    return raw


def _both(read_old: Callable[[], Loaded], read_new: Callable[[], Loaded]) -> tuple[Loaded, Loaded]:
    """Both versions read and validated; InputError listing the problems of both when either is malformed."""
    found: list[Loaded] = []
    problems: list[Problem] = []
    for read in (read_old, read_new):
        try:
            found.append(_current(read()))
        except InputError as exc:
            if not exc.problems:
                raise  # a file that cannot be read at all: its own message
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return found[0], found[1]


def _pair(table: Table, old_file: str, new_file: str, today: dt.date) -> DossierDiff:
    from ddtapp.changes import gitrev
    from ddtapp.changes.compare import compare
    from ddtapp.changes.report import DossierDiff
    from ddtapp.loading.yaml_loader import load_file

    old, new = _both(lambda: load_file(old_file), lambda: load_file(new_file))
    assessment = compare(table, old, new, today, gitrev.commit_date(Path(new_file)), gitrev.commit_date(Path(old_file)))
    return DossierDiff(new_file, old_file, "changed" if assessment.changes else "unchanged", assessment)


def _since(table: Table, rev: str, targets: list[str], today: dt.date) -> tuple[list[DossierDiff], list[Problem]]:
    from ddtapp.changes import gitrev
    from ddtapp.changes.compare import compare
    from ddtapp.changes.report import DossierDiff
    from ddtapp.loading.discover import discover
    from ddtapp.loading.yaml_loader import load_bytes, load_file

    found = discover(targets or ["."], dossiers_only=True)
    problems = list(found.problems)
    here = Path.cwd()
    commit = gitrev.check_revision(rev, Path(found.files[0]).resolve().parent if found.files else here)
    diffs = _removed(commit, rev, [t for t in targets or ["."] if Path(t).exists()], here)
    for name in found.files:
        file = Path(name).resolve()
        try:
            old_bytes = gitrev.show(commit, file)
            if old_bytes is None:
                _current(load_file(name))  # a new dossier: ``check`` judges it whole, but it must be one
                diffs.append(DossierDiff(name, rev, "new", None))
                continue
            if old_bytes == file.read_bytes():
                continue
            old, new = _both(
                functools.partial(load_bytes, old_bytes, f"{rev}:{name}"), functools.partial(load_file, name)
            )
            assessment = compare(table, old, new, today, gitrev.commit_date(file), gitrev.commit_date(file, commit))
        except InputError as exc:
            problems.extend(exc.problems or [Problem(name, 1, 1, exc.text)])
            continue
        except (gitrev.GitError, OSError) as exc:
            problems.append(Problem(name, 1, 1, f"cannot read its history: {exc}"))
            continue
        if assessment.changes:
            diffs.append(DossierDiff(name, rev, "changed", assessment))
    return diffs, problems


def _removed(commit: str, rev: str, targets: list[str], here: Path) -> list[DossierDiff]:
    """Dossiers that were in ``rev`` and are gone: named, as the register and transparency record change."""
    from ddtapp.changes import gitrev
    from ddtapp.changes.report import DossierDiff
    from ddtapp.loading.discover import _SCHEMA_KEY, _TOOL_KEY

    out = []
    try:
        for name in gitrev.removed_files(commit, targets, here):
            old = gitrev.show_path(commit, name, here)
            if old is not None and _SCHEMA_KEY.search(old) and _TOOL_KEY.search(old):
                out.append(DossierDiff(name, rev, "removed", None))
    except gitrev.GitError:
        return []  # not knowing what was removed does not stop the report on what changed
    return out


def _terminal_width(output: str | None) -> int | None:
    """The terminal's width (``COLUMNS`` when set, as Rich reads it) when the report goes to one; else None:
    a pipe, a file or a CI log gets each line whole."""
    import sys

    from ddtapp.output.terminal import _is_terminal, console_for

    if (output and output != "-") or not _is_terminal(sys.stdout):
        return None
    return console_for(sys.stdout).width


def run_diff(opts: DiffOptions) -> int:
    """Exit code: 0 no triggered review outstanding; 1 a significant change's review is not yet recorded;
    2 bad input (a dossier that cannot be read is named on stderr; the report covers the rest)."""
    from ddtapp import __version__
    from ddtapp.changes.report import render_json, render_markdown, render_text
    from ddtapp.changes.table import load_table

    if opts.output_format not in FORMATS:
        raise UsageError(f"'{opts.output_format}' is not one of {', '.join(FORMATS)}.", "--format")
    table = load_table(opts.table)
    problems: list[Problem] = []
    if opts.since is None:
        if len(opts.files) != 2:
            raise UsageError("give two dossiers, OLD and NEW, or --since GIT-REV with the dossiers' folders.")
        diffs = [_pair(table, opts.files[0], opts.files[1], opts.today)]
    else:
        diffs, problems = _since(table, opts.since, opts.files, opts.today)
    if opts.output_format == "json":
        text = render_json(diffs, __version__)
    elif opts.output_format == "markdown":
        text = render_markdown(diffs)
    else:
        text = render_text(diffs, _terminal_width(opts.output))
    write_output(text, opts.output)
    report_problems(problems)
    if problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(d.assessment and d.assessment.outstanding for d in diffs) else EXIT_OK


def diff_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="OLD NEW | PATHS",
            help="Two versions of a dossier (OLD NEW); with --since, the dossiers or folders to compare (default: .).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="GIT-REV",
            help="Compare each dossier with its version at this git revision (a branch, tag or commit).",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="NAME", help="text (default), json or markdown.")
    ] = "text",
    output: Annotated[str | None, output_option("report")] = None,
    today: Annotated[str | None, today_option("The change's date when no change log or git dates it")] = None,
    table: Annotated[
        Path | None,
        option(
            "--table",
            metavar="FILE",
            help="A change-control table to use instead of the built-in rules/change-control.yaml.",
        ),
    ] = None,
) -> None:
    """``ddtapp diff`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    from ddtapp.commands.choices import pick

    output_format = pick(output_format, FORMATS, "--format")
    raise typer.Exit(
        run_diff(
            DiffOptions(
                files=files or [],
                since=since,
                today=parse_today(today),
                output_format=output_format,
                output=output,
                table=table,
            )
        )
    )
