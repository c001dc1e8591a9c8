"""Every text a command prints to a terminal or a CI log shows what a file name, a dossier key or value, or a
force rule pack says, and never obeys it: no raw control character (a new line that starts a line of its
own, ``ESC[2J``, an OSC 8 link, a bell) and no line that a CI runner reads as a workflow command (``::``).
Swept through the installed console script, command by command, in a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.console import DOSSIER, ddtapp, env, needs_script

pytestmark = needs_script

#: A new line then a workflow command, clear screen, an OSC 8 link (ended by ST) and a bell: no NUL and no
#: slash, so it can be (part of) a file name.
HOSTILE = "x\n::error::pwned\x1b[2J\x1b]8;;x\x1b\\link\x1b]8;;\x1b\\\x07z"
#: Characters that must never reach the terminal raw (tab and line feed are layout; every other C0
#: control, DEL and the C1 controls are not).
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TODAY = "--today=2026-11-21"


def assert_neutral(proc: subprocess.CompletedProcess[str], what: str) -> None:
    for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        raw = RAW.search(text)
        assert raw is None, f"{what}: raw {raw.group()!r} on {stream}: {text[:400]!r}"
        command = [line for line in text.splitlines() if line.lstrip().startswith("::")]
        assert not command, f"{what}: a workflow command on {stream}: {command}"
    assert proc.returncode in (0, 1, 2), f"{what}: exit {proc.returncode}: {proc.stderr[-400:]}"


def hostile_pack(folder: Path) -> Path:
    pack = folder / "force-rules"
    pack.mkdir()
    (pack / "force.yaml").write_text(
        "rules:\n"
        "  - id: NSP-TRAIN-001\n"
        f"    title: {_quoted('Users trained ' + HOSTILE)}\n"
        "    severity: error\n"
        "    section: scope\n"
        "    check: {is_true: tool.training.provided}\n"
        f"    message: {_quoted('Train them. ' + HOSTILE)}\n"
        f"    remediation: {_quoted('Record tool.training. ' + HOSTILE)}\n"
        "    app_refs: [GOV-GOVN-01]\n"
        "    app_section: Force policy\n"
        '    quote: "Senior leaders should establish appropriate internal governance arrangements"\n'
        '    basis: {force_policy: "DDT policy 4.2: users are trained before use"}\n',
        encoding="utf-8",
    )
    return pack


def _quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (escapes for every control character)."""
    out = "".join(
        c if c.isprintable() and c not in '"\\' else ("\\" + c if c in '"\\' else f"\\x{ord(c):02x}") for c in text
    )
    return f'"{out}"'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / f"{HOSTILE}.yaml").write_text(DOSSIER, encoding="utf-8")
    named = DOSSIER.replace("name: Aggregate demand dashboard", f"name: {_quoted(HOSTILE)}")
    (tmp_path / "named.yaml").write_text(named, encoding="utf-8")
    (tmp_path / "keyed.yaml").write_text(
        named + f"publication:\n  {_quoted('tool.' + HOSTILE)}: {{marking: public}}\n", encoding="utf-8"
    )
    (tmp_path / "rekeyed.yaml").write_text(
        named + f"publication:\n  {_quoted('tool.' + HOSTILE)}: {{marking: public, reason: Asked.}}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_every_command_shows_hostile_names_and_text_without_obeying_them(folder: Path):
    hostile = f"{HOSTILE}.yaml"
    pack = str(hostile_pack(folder))
    runs = {
        "check file name": ("check", hostile, TODAY, "--show-waived"),
        "check tool name": ("check", "named.yaml", TODAY),
        "check unknown key": ("check", "keyed.yaml", TODAY),
        "check verbose": ("check", hostile, TODAY, "-v", "--fail-on", "never"),
        "check statistics": ("check", hostile, TODAY, "--statistics", "--rules", pack),
        "check force pack": ("check", hostile, TODAY, "--rules", pack),
        "check missing file": ("check", f"missing{HOSTILE}.yaml", TODAY),
        "rules force pack": ("rules", "--rules", pack),
        "explain force rule": ("explain", "NSP-TRAIN-001", "--rules", pack),
        "explain unknown rule": ("explain", HOSTILE),
        "register": ("register", hostile, "named.yaml", TODAY),
        "register csv": ("register", "named.yaml", TODAY, "-f", "csv"),
        "foi": ("foi", hostile, "named.yaml", TODAY),
        "site": ("site", hostile, "named.yaml", TODAY, "-o", f"site{HOSTILE}"),
        "render": ("render", hostile, TODAY, "-o", f"drafts{HOSTILE}"),
        "render stdout": ("render", "named.yaml", TODAY, "--stdout", "--doc", "dpia"),
        "render unknown doc": ("render", hostile, TODAY, "--doc", HOSTILE),
        "foi notes": ("foi", hostile, TODAY, "--notes", f"notes{HOSTILE}.md"),
        "show settings": ("check", hostile, "--show-settings", "--rules", pack, "--exclude", HOSTILE),
        "sign": ("sign", hostile),
        "init": ("init", "-t", "dashboard", "-s", "engage", f"new{HOSTILE}.yaml"),
        "init exists": ("init", "-t", "dashboard", "-s", "engage", hostile),
        "init bad type": ("init", "-t", HOSTILE, "-s", "engage", "other.yaml"),
        "schema": ("schema", "-o", f"schema{HOSTILE}.json"),
        "diff two files": ("diff", "named.yaml", hostile, TODAY),
        "diff keys": ("diff", "keyed.yaml", "rekeyed.yaml", TODAY),
        "diff keys markdown": ("diff", "keyed.yaml", "rekeyed.yaml", TODAY, "-f", "markdown"),
        "select unknown": ("check", hostile, TODAY, "--select", HOSTILE),
        "severity bad": ("check", hostile, TODAY, "--severity", HOSTILE),
        "format bad": ("check", hostile, TODAY, "-f", HOSTILE),
        "unknown option": ("check", f"--{HOSTILE}"),
        "unknown command": (HOSTILE,),
    }
    configured = folder / f"config{HOSTILE}"  # a configuration in a folder with a hostile name
    configured.mkdir()
    (configured / ".ddtapp.yaml").write_text("paths: [d.yaml]\n", encoding="utf-8")
    (configured / "d.yaml").write_text(DOSSIER, encoding="utf-8")
    in_configured = {
        "check -v configured": ("check", TODAY, "-v"),
        "check show configured": ("check", "--show-settings"),
        "register show configured": ("register", "--show-settings"),
    }
    failed = []
    for what, argv in [*runs.items(), *in_configured.items()]:
        try:
            assert_neutral(ddtapp(*argv, cwd=configured if what in in_configured else folder), what)
        except AssertionError as exc:
            failed.append(str(exc))
    assert not failed, "\n".join(failed)


def test_migrate_shows_hostile_file_names(folder: Path):
    from tests.helpers import V1

    (folder / f"old{HOSTILE}.yaml").write_text(V1, encoding="utf-8")
    for argv in (("--dry-run",), ()):
        assert_neutral(ddtapp("migrate", f"old{HOSTILE}.yaml", *argv, cwd=folder), "migrate")
    (folder / f"bad{HOSTILE}.yaml").write_text("tool: [\n", encoding="utf-8")
    assert_neutral(ddtapp("migrate", f"bad{HOSTILE}.yaml", cwd=folder), "migrate bad")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_since_shows_hostile_file_names(folder: Path):
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
            cwd=folder,
            env={**env(), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)},
            capture_output=True,
            check=True,
        )

    git("init", "-q")
    git("add", f"{HOSTILE}.yaml", "named.yaml")
    git("commit", "-q", "-m", "base")
    changed = DOSSIER.replace("Show demand by beat.", "Show demand by ward.")
    (folder / f"{HOSTILE}.yaml").write_text(changed, encoding="utf-8")
    (folder / f"new{HOSTILE}.yaml").write_text(DOSSIER, encoding="utf-8")
    os.remove(folder / "named.yaml")
    for fmt in ("text", "markdown"):
        assert_neutral(ddtapp("diff", "--since", "HEAD", ".", TODAY, "-f", fmt, cwd=folder), f"diff --since {fmt}")
