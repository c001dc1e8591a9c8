"""Running the installed ``ddtapp`` console script, as a user or a CI job would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import CLEAN

SCRIPT = shutil.which("ddtapp", path=str(Path(sys.executable).parent))
needs_script = pytest.mark.skipif(SCRIPT is None, reason="ddtapp console script is not installed beside this Python")

#: A small dossier with no error findings (the one tests/test_cli.py checks).
DOSSIER = CLEAN


def env(**extra: str) -> dict[str, str]:
    """The environment of a plain run: no colour or configuration settings inherited from the test's own."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DDTAPP_", "NO_COLOR", "FORCE_COLOR", "CI"))}
    base["DDTAPP_CACHE_DIR"] = os.environ.get("DDTAPP_CACHE_DIR", "")
    base.pop("COLUMNS", None)
    base.update(extra)
    return base


def ddtapp(
    *args: str, cwd: Path | str | None = None, timeout: float = 60, stdin: str | None = None, **env_extra: str
) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None
    return subprocess.run(
        [SCRIPT, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(**env_extra),
        check=False,
    )
