"""Running the installed ``ddtapp`` console script, as a user or a CI job would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CLEAN

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


def in_terminal(
    *args: str, cwd: Path | str | None = None, columns: int = 100, timeout: float = 60, **env_extra: str
) -> tuple[int, str]:
    """Run ddtapp with stdout and stderr on a pseudo-terminal ``columns`` wide; its exit code and what it
    printed (CR LF as the terminal gives it, turned back into LF)."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    assert SCRIPT is not None
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        [SCRIPT, *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env(**env_extra)
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the other side closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
