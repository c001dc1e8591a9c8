"""The real command line: exit codes, messages, output, and the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ddtapp import __version__
from tests.helpers import CLEAN, run, write


def test_version(capsys):
    assert run(["--version"], capsys) == (0, f"ddtapp {__version__}\n", "")


def test_clean_dossier_exits_zero(tmp_path, capsys):
    code, out, _err = run(["check", write(tmp_path, CLEAN), "--today", "2026-11-21"], capsys)
    assert code == 0, out
    assert "Engage gate: ready" in out
    assert "\x1b[" not in out  # no colour when not a terminal


def test_error_finding_exits_one(tmp_path, capsys):
    # SCOPE-002 rests on ddtapp's practice and the APP's SHOULD: a warning, failing the run at --fail-on warning
    text = CLEAN.replace("  force: Example Constabulary\n", "")
    path = write(tmp_path, text)
    assert run(["check", path, "--today", "2026-11-21"], capsys)[0] == 0
    code, out, _ = run(["check", path, "--today", "2026-11-21", "--fail-on", "warning"], capsys)
    assert code == 1
    assert "SCOPE-002" in out and ":3:1" in out


def test_fail_on_warning_and_never(tmp_path, capsys):
    text = CLEAN.replace("  purpose: Show demand by beat.\n", "")
    path = write(tmp_path, text)
    assert run(["check", path, "--today", "2026-11-21"], capsys)[0] == 0
    assert run(["check", path, "--today", "2026-11-21", "--fail-on", "warning"], capsys)[0] == 1
    broken = write(tmp_path, CLEAN.replace("  force: Example Constabulary\n", ""), "e.yaml")
    assert run(["check", broken, "--today", "2026-11-21", "--fail-on", "never"], capsys)[0] == 0


def test_missing_file_exits_two_with_one_line(tmp_path, capsys):
    code, out, err = run(["check", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2
    assert "nope.yaml:1:1: file not found" in out + err
    assert "Traceback" not in out + err


def test_bad_yaml_exits_two_naming_line_and_column(tmp_path, capsys):
    code, out, err = run(["check", write(tmp_path, "schema_version: 2\ntool: [\n")], capsys)
    assert code == 2
    assert "d.yaml:3:1: YAML syntax error" in out
    assert "Traceback" not in out + err


def test_schema_error_exits_two_with_suggestion(tmp_path, capsys):
    code, out, _ = run(["check", write(tmp_path, CLEAN.replace("  maturity:", "  maturty:"))], capsys)
    assert code == 2
    assert "d.yaml:7:3: unknown key 'maturty' (at tool.maturty). Did you mean 'maturity'?" in out


def test_bad_option_values_exit_two(tmp_path, capsys):
    path = write(tmp_path, CLEAN)
    assert run(["check", path, "--fail-on", "sometimes"], capsys)[0] == 2
    assert run(["check", path, "--today", "yesterday"], capsys)[0] == 2
    assert run(["check", path, "--format", "xml"], capsys)[0] == 2


def test_json_output_has_versioned_shape(tmp_path, capsys):
    text = CLEAN.replace("  force: Example Constabulary\n", "")
    argv = ["check", write(tmp_path, text), "--format", "json", "--today", "2026-11-21", "--fail-on", "warning"]
    code, out, _ = run(argv, capsys)
    data = json.loads(out)
    assert code == 1 and data["version"] == 1 and data["today"] == "2026-11-21"
    (f,) = data["files"]
    assert f["impact_tier"] == "minimal" and f["regime"] == "general"
    first = f["findings"][0]
    assert (first["rule_id"], first["line"], first["column"], first["path"]) == ("SCOPE-002", 3, 1, "tool.force")
    assert first["app_refs"] == ["GOV-TRANS-02"] and first["status"] == "open"
    assert first["basis"][0] == "APP GOV-TRANS-02 (SHOULD)" and first["basis"][1].startswith("ddtapp practice: ")


def test_output_file_is_written_whole(tmp_path, capsys):
    out_file = tmp_path / "report.json"
    code, out, _ = run(
        ["check", write(tmp_path, CLEAN), "-f", "json", "-o", str(out_file), "--today", "2026-11-21"], capsys
    )
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())["files"][0]["tool"] == "Aggregate demand dashboard"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unwritable_output_is_an_input_error_and_writes_nothing(tmp_path, capsys):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    code, _out, err = run(["check", write(tmp_path, CLEAN), "-f", "json", "-o", str(blocker / "r.json")], capsys)
    assert code == 2
    assert "cannot write the json report to" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml", "not-a-dir"]


def test_same_input_and_date_give_identical_output(tmp_path, capsys):
    path = write(tmp_path, CLEAN.replace("  purpose: Show demand by beat.\n", ""))
    first = run(["check", path, "--today", "2026-11-21", "-f", "json"], capsys)
    second = run(["check", path, "--today", "2026-11-21", "-f", "json"], capsys)
    assert first == second


def test_explain_tier_shows_each_fact(tmp_path, capsys):
    _code, out, _ = run(["check", write(tmp_path, CLEAN), "--explain-tier", "--today", "2026-11-21"], capsys)
    assert "Impact tier, fact by fact:" in out
    assert "Processes personal data" in out and "= 0 → minimal" in out


def test_internal_error_exits_three_without_traceback(tmp_path, capsys, monkeypatch):
    import ddtapp.checker.batch as batch

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "check_file", boom)
    code, _out, err = run(["check", write(tmp_path, CLEAN)], capsys)
    assert code == 3
    assert "internal error (RuntimeError)" in err and "Traceback" not in err
    code, _out, err = run(["--traceback", "check", write(tmp_path, CLEAN)], capsys)
    assert code == 3 and "Traceback" in err


def _console_script() -> str | None:
    found = shutil.which("ddtapp", path=str(Path(sys.executable).parent))
    return found


@pytest.mark.skipif(_console_script() is None, reason="ddtapp console script is not installed beside this Python")
def test_installed_console_script_runs_from_any_directory(tmp_path):
    dossier = write(tmp_path, CLEAN)
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [_console_script(), "check", dossier, "--today", "2026-11-21"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Aggregate demand dashboard" in proc.stdout
    proc = subprocess.run(
        [_console_script(), "check", str(tmp_path / "missing.yaml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2 and "file not found" in proc.stdout + proc.stderr


def test_reports_are_written_readable_by_others_not_0600(tmp_path, capsys):
    out = tmp_path / "r.json"
    code, _, _ = run(["check", write(tmp_path, CLEAN), "-f", "json", "-o", str(out)], capsys)
    umask = os.umask(0)
    os.umask(umask)
    assert code == 0 and out.stat().st_mode & 0o777 == 0o666 & ~umask
