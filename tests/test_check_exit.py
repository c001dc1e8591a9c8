"""A check ends with every object it made out of the collector's sight (``gc.freeze`` once the reports are
written, ``ddtapp.commands.check.run_check``), so that the interpreter's collections on the way out have
little to walk: the output to a pipe and to a file is whole, the exit code kept, and a library's atexit
handler still runs."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLES

SCRIPT = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('atexit ran', file=sys.stderr))\n"
    "sys.argv = ['ddtapp', *sys.argv[1:]]\n"
    "from ddtapp.cli import main\n"
    "main()\n"
)


def test_a_check_writes_everything_keeps_its_exit_code_and_runs_atexit_handlers(tmp_path):
    report = tmp_path / "r.json"
    argv = ["check", str(EXAMPLES), "--today", "2026-11-21", "--jobs", "1", "-f", "text", "-f", f"json:{report}"]
    proc = subprocess.run([sys.executable, "-c", SCRIPT, *argv], capture_output=True, text=True, check=False)
    alone = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv[:-4], "-f", "json"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == alone.returncode == 1
    assert proc.stderr.endswith("atexit ran\n") and alone.stderr.endswith("atexit ran\n")
    assert "dossiers checked" in proc.stdout.splitlines()[-2]
    assert json.loads(report.read_text(encoding="utf-8")) == json.loads(alone.stdout)
