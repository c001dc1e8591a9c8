"""``ddtapp migrate``: rewrite older dossiers in the current format, in place or to ``--out``.

The file is read twice: first by ddtapp's own loader (YAML as data only, located errors) and validated
as ``check`` would read it, so that nothing is written for a dossier with a schema error; then by
ruamel.yaml's round-trip loader, which keeps comments, key order and quoting, and the migration steps
(``ddtapp.dossier.migrate``) edit that. The result is validated again before it replaces the file.
Each dossier's report lists what could not be mapped structurally, at its line in the migrated file.
"""

from __future__ import annotations

import io
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from ddtapp.errors import EXIT_INPUT, EXIT_OK, InputError, Problem, UsageError
from ddtapp.output.neutralise import neutralise

STDOUT = "-"


@dataclass
class MigrateOptions:
    paths: list[str]
    out: str | None = None
    dry_run: bool = False


@dataclass
class Outcome:
    file: str
    from_version: int | None
    text: str | None  # the migrated text, None when unchanged
    notes: list[Problem]


def _round_trip(text: str) -> tuple[Any, Any]:
    """The ruamel round-trip document, and a YAML instance set up to write it back in the file's style."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    editor = YAML(typ="rt")  # round-trip; the text has passed the checked loader first
    editor.preserve_quotes = True
    editor.width = 4096  # never re-wrap long lines
    editor.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return editor.load(text), editor


def _mapping_indent(text: str) -> int:
    """How far the file indents a nested mapping's keys (ruamel guesses only the sequences' indent)."""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        if 0 < depth <= 8 and stripped[:1].isalpha() and ":" in stripped and not stripped.startswith("#"):
            return depth
    return 2


def migrate_text(text: str, name: str) -> Outcome:
    """Migrate one dossier's text; raises InputError for YAML or schema problems (nothing is written)."""
    from ddtapp.checker.engine import prepare_dossier
    from ddtapp.dossier.migrate import migrate_data, version_of
    from ddtapp.dossier.version import SCHEMA_VERSION
    from ddtapp.loading.yaml_loader import load_text

    loaded = load_text(text, name)
    version = version_of(loaded.data)
    if version == SCHEMA_VERSION:
        return Outcome(name, None, None, [])
    if version is None or version > SCHEMA_VERSION:
        prepare_dossier(loaded)  # reports the bad or unknown schema_version, located
        return Outcome(name, None, None, [])
    prepare_dossier(loaded)  # a dossier with a schema error is reported and left alone
    document, yaml = _round_trip(text)
    migration = migrate_data(document)
    if migration is None:  # pragma: no cover - version_of said it was old
        return Outcome(name, None, None, [])
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    new_text = buffer.getvalue()
    migrated = load_text(new_text, name)
    prepare_dossier(migrated)
    notes = []
    for path, note in migration.notes:
        line, col = migrated.locate(path)
        notes.append(Problem(name, line, col, f"not mapped structurally: {note}", path=path))
    return Outcome(name, migration.from_version, new_text, notes)


def _write(target: str, text: str) -> None:
    if target == STDOUT:
        sys.stdout.write(text)
        return
    path = Path(target)
    try:
        mode = path.stat().st_mode if path.exists() else None
        if mode is not None and not stat.S_ISREG(mode):  # a device or FIFO: written to, not replaced
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            return
        from ddtapp.output.safe_write import write_atomic

        write_atomic(path, text)
    except OSError as exc:
        raise InputError(
            f"cannot write {target}: {exc.strerror or type(exc).__name__}. Choose a writable path."
        ) from None


def _read(file: str) -> tuple[str, Outcome]:
    """The dossier's text and its migration; raises InputError (located) or OSError/UnicodeDecodeError."""
    from ddtapp.loading.yaml_loader import load_file

    load_file(file)  # the loader's own checks first: size, binary, encoding, YAML as data only
    text = Path(file).read_text(encoding="utf-8-sig")
    return text, migrate_text(text, file)


def _apply(file: str, text: str, outcome: Outcome, opts: MigrateOptions, report: TextIO) -> None:
    """Write one dossier's migration (unless --dry-run) and say what was done, with the notes."""
    from ddtapp.dossier.version import SCHEMA_VERSION

    if outcome.text is None:
        print(f"{neutralise(file)}: already schema version {SCHEMA_VERSION}, unchanged", file=report)
        if opts.out is not None and not opts.dry_run:
            _write(opts.out, text)
        return
    target = opts.out if opts.out is not None else file
    if not opts.dry_run:
        _write(target, outcome.text)
    verb = "would migrate" if opts.dry_run else "migrated"
    where = "" if target == file else f" to {neutralise(target)}"
    shown = neutralise(file)
    print(f"{shown}: {verb} from schema version {outcome.from_version} to {SCHEMA_VERSION}{where}", file=report)
    for note in outcome.notes:
        at = Problem(target if target != STDOUT else file, note.line, note.column, note.message, path=note.path)
        print(f"  {at.shown()}", file=report)


def run_migrate(opts: MigrateOptions, out: TextIO | None = None) -> int:
    from ddtapp.loading.discover import discover

    found = discover(opts.paths)
    problems: list[Problem] = list(found.problems)
    if opts.out is not None and len(found.files) != 1:
        raise UsageError("--out takes exactly one dossier; give one file, or leave --out out to migrate in place")
    out = out or sys.stdout
    report = sys.stderr if opts.out == STDOUT else out
    for file in found.files:
        try:
            text, outcome = _read(file)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, 1, 1, f"cannot read file: {exc}"))
            continue
        _apply(file, text, outcome, opts, report)
    for p in problems:
        print(f"ddtapp: {p.shown()}", file=sys.stderr)
    if problems:
        return EXIT_INPUT
    if report is out:
        out.flush()
    return EXIT_OK


def migrate_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Dossier files or folders to migrate.", show_default=False),
    ],
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", metavar="FILE", help="Write the migrated dossier here ('-' prints it) instead."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """``ddtapp migrate`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    raise typer.Exit(run_migrate(MigrateOptions(paths=paths, out=out, dry_run=dry_run)))
