"""What a cold ``ddtapp check`` of one ordinary dossier imports: only what the check needs; and what a cold
``ddtapp register`` imports: no Typer, Click, Rich, Pydantic or ruamel.yaml either.

A pre-commit hook or a CI step starts ddtapp once a file or a commit, often without a bytecode cache, where
every module is compiled from its source each run: each module a plain check does not need is time lost
(``docs/performance.md``, cold start). The modules below are each imported only on the branch that needs
them; these tests hold them there, and show that the branch still imports them when it runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ddtapp.commands.sign import SignOptions, run_sign
from tests.conftest import EXAMPLES

#: Modules a check of a dossier without a bound sign-off, reported to stdout, must not import, and why not.
NOT_IMPORTED = {
    "typer": "the quick path reads a plain command line (ddtapp.commands.quick)",
    "click": "the same",
    "rich": "a progress bar, for ten or more dossiers in a terminal only",
    "pydantic": "the rule pack comes from its cache; a dossier that passes the structure check is not validated",
    "ddtapp.dossier.validate": "the same",
    "ddtapp.commands.app": "the Typer app",
    "ddtapp.changes.table": "compiled only for a dossier with a sign-off bound to its facts",
    "ddtapp.changes.fingerprint": "the same",
    "ddtapp.changes.diff": "the same",
    "difflib": "the same",
    "hashlib": "the pack cache hashes with CPython's own BLAKE2b (hashlib would load OpenSSL)",
    "_hashlib": "the same",
    "tempfile": "the result log moves to a temporary file only past SPOOL_BYTES",
    "shutil": "the same",
    "ddtapp.output.safe_write": "only a report written to a file needs it",
    "signal": "ddtapp.cli catches SIGTERM with the _signal module's own functions",
    "ruamel.yaml": "the loader composes with PyYAML's C composer; ruamel.yaml is for round-trip editing",
    "_ruamel_yaml": "the same",
}

SCRIPT = """
import json, sys
from ddtapp.cli import main
sys.argv = ["ddtapp", *sys.argv[1:], "--today", "2026-11-21"]
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules(tmp_path: Path, *args: str) -> set[str]:
    """The modules a ``ddtapp ARGS`` process imported, run a second time (the first writes the rule pack's
    cache)."""
    env = {"DDTAPP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "", "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
        )
    said = json.loads(proc.stdout.splitlines()[-1])
    assert said["code"] in (0, 1), proc.stderr
    return set(said["modules"])


#: Modules a register of a folder of dossiers, written to stdout, must not import.
NOT_IMPORTED_BY_REGISTER = {
    name: NOT_IMPORTED[name]
    for name in ("typer", "click", "rich", "pydantic", "ddtapp.dossier.validate", "ddtapp.commands.app")
} | {
    "ruamel": "the loader composes with PyYAML's C composer; ruamel.yaml is for round-trip editing",
    "_ruamel_yaml": "the same",
    "pydantic_core": "the same as pydantic",
    "ddtapp.output.safe_write": "only a register written to a file needs it",
}


def test_a_plain_check_of_one_dossier_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    dossier = tmp_path / "dossier.yaml"
    shutil.copy(EXAMPLES / "live-facial-recognition.yaml", dossier)
    imported = _modules(tmp_path, "check", str(dossier))
    assert "ddtapp.checker.engine" in imported and "ddtapp.changes.signoffs" in imported  # it did check
    loaded = {name: why for name, why in NOT_IMPORTED.items() if name in imported}
    assert not loaded, loaded


def test_what_a_branch_needs_is_still_imported_on_that_branch(tmp_path: Path) -> None:
    """A dossier with sign-offs bound to its facts is judged by the fingerprints (STALE-001), and a report
    written to a file is written through safe_write: the modules left out above come back when needed."""
    dossier = tmp_path / "dossier.yaml"
    shutil.copy(EXAMPLES / "live-facial-recognition.yaml", dossier)
    assert run_sign(SignOptions(dossier=str(dossier), every=True)) == 0
    imported = _modules(tmp_path, "check", str(dossier), "--format", f"json:{tmp_path / 'out.json'}")
    assert {"ddtapp.changes.fingerprint", "ddtapp.changes.table", "ddtapp.output.safe_write"} <= imported
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_a_plain_register_imports_no_typer_rich_or_pydantic(tmp_path: Path) -> None:
    folder = tmp_path / "dossiers"
    folder.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, folder)
    for output_format in ("markdown", "csv", "json"):
        imported = _modules(tmp_path, "register", str(folder), "--jobs", "1", "-f", output_format)
        assert "ddtapp.force.register" in imported  # it did make the register
        loaded = {name: why for name in imported for top, why in NOT_IMPORTED_BY_REGISTER.items() if _in(name, top)}
        assert not loaded, (output_format, loaded)


def test_a_register_written_to_a_file_still_writes_it(tmp_path: Path) -> None:
    """The spreadsheet's writer and safe_write, left out above, come back when a register is written to a file."""
    out = tmp_path / "register.xlsx"
    imported = _modules(tmp_path, "register", str(EXAMPLES / "demand-dashboard.yaml"), "-f", "xlsx", "-o", str(out))
    assert "ddtapp.output.safe_write" in imported and "typer" not in imported
    assert out.read_bytes()[:2] == b"PK"


def _in(module: str, package: str) -> bool:
    """Whether ``module`` is ``package`` or inside it."""
    return module == package or module.startswith(package + ".")
