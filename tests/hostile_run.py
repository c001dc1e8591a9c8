"""Run ddtapp in a child process with a time limit and a memory limit, for the hostile-input regression tests:
a regression (a hang, an amplification) then fails the test instead of hanging or exhausting CI."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLES

#: The issue's bound: every reproducer finishes within 20 s and 2 GB.
SECONDS = 20
MEMORY = 2 * 1024**3
TODAY = "2026-11-21"


@dataclass
class Ran:
    code: int
    out: str
    err: str


def _limit() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run(argv: list[str], cwd: Path, seconds: float, env: dict[str, str] | None) -> Ran:
    root = Path(__file__).resolve().parent.parent
    child_env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}", **(env or {})}
    done = subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        capture_output=True,
        timeout=seconds,
        preexec_fn=_limit,
        env=child_env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Ran(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def ddtapp(cwd: Path, *args: str, seconds: float = SECONDS, env: dict[str, str] | None = None) -> Ran:
    """``ddtapp ARGS`` run in ``cwd``; raises subprocess.TimeoutExpired (failing the test) past ``seconds``."""
    return _run(["-m", "ddtapp", *args], cwd, seconds, env)


def python(cwd: Path, code: str, seconds: float = SECONDS) -> Ran:
    """Python ``code`` run in a limited child (for what the command line cannot reach, e.g. a dying worker)."""
    return _run(["-c", code], cwd, seconds, None)


def example(name: str = "demand-dashboard") -> str:
    return (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")


def with_field(text: str, key: str, value_yaml: str) -> str:
    """The example dossier with ``tool.KEY`` replaced by ``value_yaml`` (a YAML value on one line)."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(f"  {key}:"):
            lines[i] = f"  {key}: {value_yaml}\n"
            return "".join(lines)
    raise AssertionError(f"tool.{key} is not in the example")


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def one_located(text: str, file: str) -> str:
    """The first ``FILE:LINE:COL: message`` in ``text`` (stderr, or a text report); fails if there is none."""
    assert "Traceback" not in text, text
    found = re.search(rf"{re.escape(file)}:(\d+):(\d+): [^\n]+", text)
    assert found, text
    return found.group(0)
