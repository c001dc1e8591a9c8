"""Where reports and documents go: a device, a FIFO or a ``/proc/self/fd`` link is written to and never
replaced; a regular file is replaced atomically; no temporary file is left behind by a full disk or a
signal. Every test runs the installed console script; device nodes and FIFOs are made in a temporary
folder, never on system paths."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ddtapp.output import safe_write
from tests.console import DOSSIER, SCRIPT, ddtapp, env, needs_script

pytestmark = needs_script

ON_LINUX = sys.platform.startswith("linux")
TODAY = "--today=2026-11-21"


def _dossier(tmp_path: Path) -> str:
    path = tmp_path / "dossier.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    return str(path)


def _null_device(folder: Path, name: str = "null", minor: int = 3) -> Path:
    """A character device node like /dev/null (major 1, minor 3; /dev/full is minor 7), made in ``folder``:
    root only."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return node


def _is_same_device(node: Path) -> bool:
    st = os.lstat(node)
    return stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)


def _leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{d}", "-o", "{dev}"],
        ["check", "{d}", "-f", "text:{dev}"],
        ["check", "{d}", "-f", "json:{dev}", "-f", "sarif:{dev2}"],
        ["register", "{d}", "-o", "{dev}"],
        ["register", "{d}", "-f", "csv", "-o", "{dev}"],
        ["schema", "-o", "{dev}"],
        ["foi", "{d}", "-o", "{dev}"],
    ],
    ids=["check-o", "check-f-text", "check-two-formats", "register", "register-csv", "schema", "foi"],
)
def test_a_device_is_written_to_and_stays_a_device(tmp_path, args):
    out = tmp_path / "out"
    out.mkdir()
    dev = _null_device(out)
    dev2 = out / "null2"
    os.symlink(dev, dev2)  # a symlink to a device: the symlink stays, and so does the device
    d = _dossier(tmp_path)
    argv = [a.format(d=d, dev=dev, dev2=dev2) for a in args]
    proc = ddtapp(*argv, *([TODAY] if args[0] != "schema" else []), cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert _is_same_device(dev), "the device node was replaced"
    assert os.path.islink(dev2) and _is_same_device(Path(os.readlink(dev2)))
    assert sorted(os.listdir(out)) == ["null", "null2"]  # no temporary file left beside it


def test_a_render_draft_that_is_a_device_is_written_to_not_replaced(tmp_path):
    out = tmp_path / "drafts"
    out.mkdir()
    dev = _null_device(out, "dpia.md")
    argv = ("render", _dossier(tmp_path), "-o", str(out), "--doc", "dpia", TODAY)
    refused = ddtapp(*argv, cwd=tmp_path)  # ddtapp did not write it: left alone without --force
    assert refused.returncode == 2 and "not overwritten" in refused.stderr
    proc = ddtapp(*argv, "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _is_same_device(dev)
    assert _leftovers(out) == []


@pytest.mark.skipif(not ON_LINUX, reason="/proc/self/fd is Linux's")
def test_a_link_to_proc_self_fd_1_writes_to_standard_output(tmp_path):
    link = tmp_path / "stdout-link"
    os.symlink("/proc/self/fd/1", link)
    proc = ddtapp("check", _dossier(tmp_path), "-f", f"json:{link}", TODAY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["tool"]
    assert os.readlink(link) == "/proc/self/fd/1"
    proc = ddtapp("schema", "-o", "/proc/self/fd/1", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"]


def test_a_fifo_is_written_to_for_its_reader(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = ddtapp("check", _dossier(tmp_path), "-f", f"json:{fifo}", TODAY, cwd=tmp_path, timeout=30)
    reader.join(timeout=30)
    assert not reader.is_alive(), "the reader never got end of file"
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["files"][0]["tool"]
    assert _leftovers(tmp_path) == []


def test_a_regular_file_is_still_replaced_atomically(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    proc = ddtapp("check", _dossier(tmp_path), "-o", str(target), "-f", "json", TODAY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["tool"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [["register"], ["foi"]])
def test_dash_means_standard_output(tmp_path, command):
    proc = ddtapp(*command, _dossier(tmp_path), "-o", "-", TODAY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Aggregate demand dashboard" in proc.stdout
    assert not (tmp_path / "-").exists()


# ----------------------------------------------------------------------------- temporary files (issue 21 #10)


def _full_disk_after(limit: int):  # type: ignore[no-untyped-def]
    """A preexec_fn: files may grow to ``limit`` bytes, and writing past it fails (EFBIG) as on a full disk."""

    def limit_files() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_files


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_full_disk_leaves_no_temporary_file_and_says_so(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert SCRIPT is not None
    proc = subprocess.run(
        [SCRIPT, "check", _dossier(tmp_path), "-f", f"sarif:{out / 'r.sarif'}", "-f", f"json:{out / 'r.json'}", TODAY],
        capture_output=True,
        text=True,
        timeout=60,
        env=env(DDTAPP_NO_CACHE="1"),
        cwd=tmp_path,
        preexec_fn=_full_disk_after(300),
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "cannot write the sarif report" in proc.stderr
    assert os.listdir(out) == []  # neither report, nor any temporary file


def test_discard_removes_the_temporary_file_even_when_closing_fails(tmp_path):
    full = _null_device(tmp_path, "full", minor=7)  # like /dev/full: every write fails with ENOSPC
    out = tmp_path / "out"
    pending = safe_write.PendingFile(out / "r.json")
    pending.handle.write("x" * 5000)  # buffered, not yet written
    fd = os.open(full, os.O_WRONLY)
    os.dup2(fd, pending.handle.fileno())  # the temporary file's disk is now full
    os.close(fd)
    pending.discard()  # the last flush fails while closing; the file is removed all the same
    assert os.listdir(out) == []
    assert not safe_write._LIVE


def _wait_for(predicate, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("name", "code"), [("SIGTERM", 128 + 15), ("SIGHUP", 128 + 1), ("SIGINT", 130)], ids=["term", "hup", "int"]
)
def test_a_signal_while_reports_are_written_leaves_no_temporary_file(tmp_path, name, code):
    """The JSON report is written to its temporary file first; the text report then waits on a FIFO that no
    one reads, and the signal arrives while the temporary file exists."""
    out = tmp_path / "out"
    out.mkdir()
    fifo = tmp_path / "nobody-reads.fifo"
    os.mkfifo(fifo)
    assert SCRIPT is not None
    proc = subprocess.Popen(
        [SCRIPT, "check", _dossier(tmp_path), "-f", f"json:{out / 'r.json'}", "-f", f"text:{fifo}", TODAY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
        cwd=tmp_path,
    )
    try:
        _wait_for(lambda: _leftovers(out) != [])
        time.sleep(0.2)  # let it reach the FIFO
        proc.send_signal(getattr(signal, name))
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert os.listdir(out) == [], "a temporary file was left behind"
    assert "Traceback" not in err


def test_the_command_line_removes_a_temporary_file_an_interruption_left(tmp_path, monkeypatch):
    """The narrowest window: Ctrl-C after the temporary file is made and before the code that would remove
    it is entered. The command line removes every recorded temporary file on its way out."""
    from ddtapp import cli

    def interrupted(**_kwargs: object) -> None:
        safe_write._new_temp(tmp_path / "dpia.md")
        raise KeyboardInterrupt

    from ddtapp.commands import app as typer_app

    monkeypatch.setattr(typer_app, "app", interrupted)  # what cli.main runs for any command but a plain check
    monkeypatch.setattr("sys.argv", ["ddtapp", "render", "dossier.yaml"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 130
    assert os.listdir(tmp_path) == []
