"""One configuration for every command that checks (check, register, foi, render), its trust rules (issue 21
#2: found only up to the repository's root, naming only paths inside it), rule choice as ruff chooses
(--select/--ignore by id or prefix) and --show-settings. Through the installed console script."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.console import ddtapp, needs_script

pytestmark = needs_script

TODAY = "--today=2026-11-21"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A force's policy repository inside a shared folder: ``shared/repo`` with ``.git``."""
    root = tmp_path / "shared" / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "dossiers").mkdir()
    shutil.copy(EXAMPLES / "risk-scoring-engage.yaml", root / "dossiers" / "risk.yaml")
    return root


def _check_counts(root: Path, *extra: str) -> dict[str, int]:
    proc = ddtapp("check", "-f", "json", TODAY, *extra, cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    summary = json.loads(proc.stdout)["files"][0]["summary"]
    return {k: summary[k] for k in ("error", "warning", "info")}


def _register_counts(root: Path, *extra: str) -> dict[str, int]:
    proc = ddtapp("register", "-f", "json", TODAY, *extra, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout)["tools"][0]["open_findings"])


def test_register_and_check_give_the_same_counts_under_a_configuration(repo):
    plain = _check_counts(repo, "dossiers")
    (repo / ".ddtapp.yaml").write_text(
        "paths: [dossiers]\ndisable: [DPIA-001]\nignore: [STAKE]\nseverity: {DP-003: info}\n", encoding="utf-8"
    )
    configured = _check_counts(repo)  # plain `ddtapp check`: the configured paths
    assert configured == _register_counts(repo)  # plain `ddtapp register` too
    assert configured != plain
    assert configured["info"] == plain["info"] + 1  # DP-003 made info
    # the same from a subfolder of the repository
    (repo / "sub").mkdir()
    assert _check_counts(repo / "sub") == configured == _register_counts(repo / "sub")


def test_foi_and_render_use_the_configured_rules(repo):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nselect: [DPIA-001]\n", encoding="utf-8")
    foi = ddtapp("foi", TODAY, cwd=repo)
    assert foi.returncode == 0, foi.stderr
    assert "risk" in foi.stderr or "read 1 dossier" in foi.stderr
    shown = ddtapp("render", "dossiers/risk.yaml", "--show-settings", cwd=repo)
    assert shown.returncode == 0 and "DPIA-001   (from .ddtapp.yaml" in shown.stdout.replace(str(repo) + "/", "")


def test_select_and_ignore_by_prefix(repo):
    ids = {
        f["rule_id"]
        for f in json.loads(ddtapp("check", "dossiers", "-f", "json", TODAY, "--select", "dpia", cwd=repo).stdout)[
            "files"
        ][0]["findings"]
    }
    assert ids and all(i.startswith("DPIA-") for i in ids)
    proc = ddtapp("check", "dossiers", "-f", "json", TODAY, "--select", "DPIA", "--ignore", "DPIA-00", cwd=repo)
    ids = {f["rule_id"] for f in json.loads(proc.stdout)["files"][0]["findings"]}
    assert all(not i.startswith("DPIA-00") for i in ids)


def test_an_unknown_selector_is_an_error_with_a_suggestion(repo):
    proc = ddtapp("check", "dossiers", TODAY, "--select", "DPAI", cwd=repo)
    assert proc.returncode == 2
    assert "no rule has this id or starts with it. Did you mean 'DPIA'?" in proc.stderr


def test_an_unknown_selector_in_the_configuration_is_located_there(repo):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\ndisable:\n  - DPIA\n  - DPIX\n", encoding="utf-8")
    proc = ddtapp("check", TODAY, cwd=repo)
    assert proc.returncode == 2 and not proc.stderr.startswith("Usage:")
    assert proc.stderr.startswith("ddtapp: ") and ".ddtapp.yaml:4:5: ignore 'DPIX': no rule has this id" in proc.stderr
    assert "Did you mean 'DPIA'?" in proc.stderr
    # on the command line, the same is a usage error naming the option
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\n", encoding="utf-8")
    typed = ddtapp("check", TODAY, "--ignore", "DPIA,DPIX", cwd=repo)
    assert typed.returncode == 2 and typed.stderr.startswith("Usage: ddtapp check ")
    assert "Error: Invalid value for --ignore: 'DPIX': no rule has this id" in typed.stderr


def test_show_settings_says_where_each_value_came_from(repo):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nfail-on: warning\n", encoding="utf-8")
    proc = ddtapp("check", "--show-settings", "--ignore", "NAT-006", cwd=repo, DDTAPP_FAIL_ON="info")
    assert proc.returncode == 0, proc.stderr
    lines = {line.split()[0]: line for line in proc.stdout.splitlines()}
    assert lines["paths"].endswith("(from .ddtapp.yaml)") or ".ddtapp.yaml)" in lines["paths"]
    assert "info" in lines["fail-on"] and "$DDTAPP_FAIL_ON" in lines["fail-on"]
    assert "NAT-006" in lines["ignore"] and "--ignore" in lines["ignore"]
    assert "(from default)" in lines["format"]
    assert str(repo) in proc.stdout  # the repository root
    assert "Aggregate" not in proc.stdout and "DPIA" not in proc.stdout  # nothing was checked


# ----------------------------------------------------------------------------- trust (issue 21 #2)


def test_a_configuration_above_the_repository_does_not_apply(repo):
    shared = repo.parent
    (shared / ".ddtapp.yaml").write_text('paths: [repo/dossiers]\nformat: ["text:../pwned.txt"]\n', encoding="utf-8")
    proc = ddtapp("check", "--show-settings", cwd=repo)
    assert "(none found)" in proc.stdout
    proc = ddtapp("check", TODAY, cwd=repo)
    assert proc.returncode == 2 and "give one or more dossiers" in proc.stderr
    assert not (shared.parent / "pwned.txt").exists()


def test_outside_a_repository_only_the_working_folders_own_configuration_applies(tmp_path):
    (tmp_path / ".ddtapp.yaml").write_text("fail-on: never\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    assert "(none found)" in ddtapp("check", "--show-settings", cwd=tmp_path / "work").stdout
    assert ".ddtapp.yaml" in ddtapp("check", "--show-settings", cwd=tmp_path).stdout


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ('paths: [dossiers]\nformat: ["text:/tmp/elsewhere/report.txt"]\n', "format[0]"),
        ('paths: [dossiers]\nformat: [json, "sarif:../../r.sarif"]\n', "format[1]"),
        ("paths: [dossiers]\nrules: [../../rules]\n", "rules[0]"),
        ("paths: [dossiers, ../../other/*.yaml]\n", "paths[1]"),
        ("paths: [dossiers]\nrules: [/etc]\n", "rules[0]"),
        ("paths: [dossiers]\nreference-doc: ../../house.docx\n", "reference-doc"),
    ],
    ids=["absolute-destination", "relative-destination", "rules", "paths-glob", "absolute-rules", "reference-doc"],
)
def test_a_configuration_may_name_only_paths_inside_its_repository(repo, config, key):
    (repo / ".ddtapp.yaml").write_text(config, encoding="utf-8")
    before = sorted(os.listdir(repo.parent.parent))
    for command in (["check"], ["register"], ["foi"], ["render", "dossiers/risk.yaml", "-o", "drafts"]):
        proc = ddtapp(*command, TODAY, cwd=repo)
        assert proc.returncode == 2, (command, proc.stderr)
        assert f".ddtapp.yaml:{config.count(chr(10), 0, 0) + (2 if key != 'paths[1]' else 1)}:" in proc.stderr
        assert "is outside" in proc.stderr and f"(at {key})" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert sorted(os.listdir(repo.parent.parent)) == before


def test_a_symlink_out_of_the_repository_is_outside_it(repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", repo / "reports")
    (repo / ".ddtapp.yaml").write_text('paths: [dossiers]\nformat: ["text:reports/r.txt"]\n', encoding="utf-8")
    proc = ddtapp("check", TODAY, cwd=repo)
    assert proc.returncode == 2 and "is outside" in proc.stderr
    assert os.listdir(tmp_path / "elsewhere") == []


def test_a_destination_outside_the_repository_can_still_be_given_on_the_command_line(repo, tmp_path):
    (repo / ".ddtapp.yaml").write_text('paths: [dossiers]\nformat: ["json:reports/r.json"]\n', encoding="utf-8")
    proc = ddtapp("check", TODAY, cwd=repo)
    assert proc.returncode == 1 and (repo / "reports" / "r.json").is_file()
    target = tmp_path / "out.sarif"
    proc = ddtapp("check", TODAY, "-f", f"sarif:{target}", cwd=repo)
    assert proc.returncode == 1 and target.is_file()


def test_pyproject_paths_are_held_to_the_same_rule(repo):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ddtapp]\npaths = ["dossiers"]\nrules = ["/etc"]\n', encoding="utf-8"
    )
    proc = ddtapp("check", TODAY, cwd=repo)
    assert proc.returncode == 2 and "pyproject.toml:6:" in proc.stderr and "is outside" in proc.stderr
