"""``ddtapp init``: write a new, commented project dossier for a technology type and stage."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from ddtapp.errors import EXIT_OK, InputError, UsageError
from ddtapp.output.neutralise import neutralise

#: Characters that cannot stand in a one-line YAML value or comment.
_LINE_BREAKS = {"\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"}


@dataclass
class InitOptions:
    path: str = "dossier.yaml"
    types: list[str] = field(default_factory=list)
    stage: str = ""
    name: str | None = None
    force: bool = False
    schema: str | None = None
    rules: list[Path] = field(default_factory=list)


def _choose(value: str, choices: tuple[str, ...], option: str) -> str:
    """``value`` as one of ``choices`` (any case, ``-`` for ``_``); a usage error worded as every other choice's."""
    from ddtapp.commands.choices import not_one_of
    from ddtapp.dossier.validate import suggest

    normal = value.strip().lower().replace("-", "_")
    if normal in choices:
        return normal
    raise UsageError(not_one_of(value, choices, suggest(normal, list(choices))), option)


def _one_line(value: str | None, option: str, what: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise UsageError(f"the {what} is empty. Give a {what}, or leave {option} out.", option)
    import unicodedata

    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Cs") or c in _LINE_BREAKS), None)
    if bad is not None:
        raise UsageError(
            f"the {what} contains a line break or control character (U+{ord(bad):04X}). Give it on one line.", option
        )
    return text


def run_init(opts: InitOptions) -> int:
    from ddtapp.documents.scaffold import STAGES, TECHNOLOGY_TYPES, render
    from ddtapp.pack.rulepack import load_pack

    if not opts.types:
        raise UsageError(
            f"give the technology type (repeat --type for several). Use one of: {', '.join(TECHNOLOGY_TYPES)}.",
            "--type",
        )
    types = [_choose(t, TECHNOLOGY_TYPES, "--type") for t in opts.types]
    stage = _choose(opts.stage, STAGES, "--stage")
    name = _one_line(opts.name, "--name", "name")
    schema = _one_line(opts.schema, "--schema", "schema reference")

    target = None if opts.path == "-" else Path(opts.path)
    if target is not None:
        if target.is_dir():
            raise InputError(f"{opts.path} is a folder. Give a file name, e.g. {target / 'dossier.yaml'}.")
        if os.path.lexists(target) and not opts.force:
            raise InputError(
                f"{opts.path} already exists; ddtapp init does not overwrite it. "
                "Use --force to replace it, or give another path."
            )

    text = render(types, stage, load_pack(opts.rules), name=name, schema_ref=schema)
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK

    from ddtapp.output.safe_write import write_atomic

    try:
        write_atomic(target, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"cannot write {opts.path}: {reason}. Choose a writable path.") from None
    shown = neutralise(opts.path)
    print(f"Wrote {shown} ({text.count(chr(10))} lines). Fill it in, then run: ddtapp check {shown}")
    return EXIT_OK


def init_command(
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="Where to write the dossier; '-' prints it.")
    ] = "dossier.yaml",
    tech_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            metavar="TYPE",
            show_default=False,
            help="The tool's technology type, e.g. live_facial_recognition (repeatable; required).",
        ),
    ] = None,
    *,
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            "-s",
            metavar="STAGE",
            show_default=False,
            help="The APP stage the project has reached: engage, evolve or embed.",
        ),
    ],
    name: Annotated[str | None, typer.Option("--name", "-n", metavar="NAME", help="The tool's name.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            metavar="URL_OR_PATH",
            help="The JSON Schema the first line points editors at "
            "(a URL, or a path made with `ddtapp schema -o`). Default: the published schema.",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="DIR",
            help="A folder of the force's own rules (repeatable), so the scaffold suits them too.",
        ),
    ] = None,
) -> None:
    """``ddtapp init`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    raise typer.Exit(
        run_init(
            InitOptions(
                path=path, types=tech_type or [], stage=stage, name=name, force=force, schema=schema, rules=rules or []
            )
        )
    )
