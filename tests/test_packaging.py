"""The wheel carries the rule pack and templates, and the installed tool works from any directory.

Built offline: ``pip wheel --no-build-isolation --no-deps`` with the hatchling the test extras
install, then installed with ``--no-index --no-deps --target`` into a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
hatchling = pytest.importorskip("hatchling", reason="hatchling (from the test extras) builds the wheel offline")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (whl,) = out.glob("ddtapp-*.whl")
    return whl


def test_wheel_carries_rule_pack_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "ddtapp/rules/stages.yaml",
        "ddtapp/rules/impact-tiers.yaml",
        "ddtapp/rules/catalogue.yaml",
        "ddtapp/rules/app/00-scope.yaml",
        "ddtapp/cli.py",
    ):
        assert name in names
    assert any(n.startswith("ddtapp/templates/") for n in names)
    rule_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.yaml")}
    assert {f"ddtapp/{n}" for n in rule_files} <= names


def test_installed_wheel_checks_an_example_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    dossier = elsewhere / "d.yaml"
    dossier.write_text("schema_version: 2\nstage: engage\ntool:\n  name: Wheel check\n", encoding="utf-8")
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r}); import ddtapp.resources as r; "
        f"assert str(r.rules_dir()).startswith({str(target)!r}), r.rules_dir(); "
        "from ddtapp.cli import main; sys.argv = ['ddtapp', 'check', 'd.yaml', '--today', '2026-11-21']; main()"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # SCOPE-002: force, owner and maturity missing
    assert "SCOPE-002" in proc.stdout
