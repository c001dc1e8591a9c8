"""``-`` as a dossier: read from standard input (``cat dossier.yaml | ddtapp check -``), within the same
size limit as a file, and named ``stdin`` in reports."""

from __future__ import annotations

import sys

from ddtapp.errors import InputError, Problem
from ddtapp.loading.limits import MAX_FILE_BYTES
from ddtapp.loading.yaml_loader import Loaded, load_bytes

STDIN = "-"
NAME = "stdin"


def load_stdin(display: str | None = None) -> Loaded:
    """Read one dossier from standard input, or raise InputError when it is too large or not there."""
    name = display or NAME
    if sys.stdin is None:
        raise InputError([Problem(name, 1, 1, "there is no standard input to read", hint="Give a dossier file.")])
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    f"standard input is over the {MAX_FILE_BYTES:,}-byte limit",
                    hint="A dossier is normally under 100 KB; split attachments out and link them.",
                )
            ]
        )
    return load_bytes(raw, name)
