"""``ddtapp diff``: what changed between two versions of a dossier, which changes are significant for the
law or the APP, and which reviews they trigger. Exit 1 while a triggered review is not yet recorded
after the change, so CI can hold a merge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ddtapp.commands.options import option, output_option, parse_today, today_option
from ddtapp.commands.register import report_problems, write_output
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
    """An older dossier (e.g. one in the git history from before ``ddtapp migrate``) read in the current
    format, so that a change of format is not reported as a change of the tool."""
    from ddtapp.dossier.migrate import migrate_loaded

    migrate_loaded(loaded)
    return loaded


def _pair(table: Table, old_file: str, new_file: str, today: dt.date) -> DossierDiff:
    from ddtapp.changes import gitrev
    from ddtapp.changes.compare import compare
    from ddtapp.changes.report import DossierDiff
    from ddtapp.loading.yaml_loader import load_file

    old, new = _current(load_file(old_file)), _current(load_file(new_file))
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
                diffs.append(DossierDiff(name, rev, "new", None))
                continue
            if old_bytes == file.read_bytes():
                continue
            old = _current(load_bytes(old_bytes, f"{rev}:{name}"))
            new = _current(load_file(name))
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
        text = render_text(diffs)
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
