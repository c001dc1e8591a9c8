"""``ddtapp schema``: the dossier's JSON Schema, generated from the Pydantic models.

Point an editor at it with ``# yaml-language-server: $schema=dossier.schema.json`` at the top of a
dossier (VS Code's YAML extension) for completion, hover descriptions and inline errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ddtapp.commands.options import output_option
from ddtapp.errors import EXIT_OK, InputError


def print_schema(output: str | None) -> int:
    from ddtapp.dossier.docgen import json_schema

    text = json_schema()
    if output and output != "-":
        from ddtapp.output.safe_write import write_atomic

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            raise InputError(
                f"cannot write the schema to {output}: {exc.strerror or type(exc).__name__}. Choose a writable path."
            ) from None
    else:
        sys.stdout.write(text)
    return EXIT_OK


def schema_command(output: Annotated[str | None, output_option("schema")] = None) -> None:
    """``ddtapp schema`` (its help is in ``ddtapp.cli.COMMANDS``, which lists every command)."""
    raise typer.Exit(print_schema(output))
