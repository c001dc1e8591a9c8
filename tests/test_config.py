"""Configuration: .ddtapp.yaml or [tool.ddtapp] in pyproject.toml, found by walking up; --config,
$DDTAPP_CONFIG and --no-config; flags and environment override the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddtapp.commands.config import find_config, load_config
from ddtapp.errors import InputError
from tests.helpers import CLEAN, WARNS, run

FORCE_RULE = """rules:
  - id: FORCE-001
    title: Tool reference recorded
    severity: error
    section: scope
    check: {present: tool.reference}
    message: The force register reference is not recorded.
    remediation: Add tool.reference.
    app_refs: [GOV-TRANS-02]
    app_section: Transparency
    quote: An internal list of DDTs.
    basis: {force_policy: Force register procedure}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    for var in ("DDTAPP_CONFIG", "DDTAPP_FAIL_ON", "DDTAPP_TODAY"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / ".git").mkdir()  # the repository's root: configuration is looked for up to here
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "dossiers/warns.yaml").write_text(WARNS, encoding="utf-8")
    (tmp_path / "dossiers/clean.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "policy/rules").mkdir(parents=True)
    (tmp_path / "policy/rules/force.yaml").write_text(FORCE_RULE, encoding="utf-8")
    (tmp_path / "sub/deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rule_ids(out: str) -> list[str]:
    return sorted(f["rule_id"] for file in json.loads(out)["files"] for f in file["findings"])


def test_paths_and_fail_on_come_from_the_config(repo, capsys):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nfail-on: warning\n", encoding="utf-8")
    code, out, _ = run(["check", "-f", "json"], capsys)
    assert code == 1  # SCOPE-003 is a warning, and fail-on is warning
    assert len(json.loads(out)["files"]) == 2


def test_the_config_is_found_by_walking_up_and_its_paths_are_relative_to_it(repo, capsys, monkeypatch):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers/warns.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(repo / "sub" / "deeper")
    assert find_config(Path.cwd()) == repo / ".ddtapp.yaml"
    code, out, _ = run(["check", "-f", "json"], capsys)
    assert code == 0
    assert [Path(f["file"]).as_posix() for f in json.loads(out)["files"]] == ["../../dossiers/warns.yaml"]


def test_rules_severity_and_disable_from_the_config(repo, capsys):
    (repo / ".ddtapp.yaml").write_text(
        "rules: [policy/rules]\nseverity: {scope-003: error}\ndisable: [FORCE-001]\n", encoding="utf-8"
    )
    code, out, _ = run(["check", "dossiers/warns.yaml", "-f", "json"], capsys)
    assert code == 1 and _rule_ids(out) == ["SCOPE-003"]
    finding = json.loads(out)["files"][0]["findings"][0]
    assert finding["severity"] == "error"
    # a flag wins over the file, and --disable adds to it
    code, out, _ = run(["check", "dossiers/warns.yaml", "-f", "json", "--severity", "SCOPE-003=info"], capsys)
    assert code == 0 and json.loads(out)["files"][0]["findings"][0]["severity"] == "info"
    code, out, _ = run(["check", "dossiers/warns.yaml", "-f", "json", "--disable", "SCOPE-003"], capsys)
    assert _rule_ids(out) == []


def test_the_force_rules_from_the_config_apply(repo, capsys):
    (repo / ".ddtapp.yaml").write_text("rules: [policy/rules]\n", encoding="utf-8")
    code, out, _ = run(["check", "dossiers/clean.yaml", "-f", "json"], capsys)
    assert code == 1 and _rule_ids(out) == ["FORCE-001"]


def test_environment_and_flags_override_the_file(repo, capsys, monkeypatch):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nfail-on: warning\n", encoding="utf-8")
    monkeypatch.setenv("DDTAPP_FAIL_ON", "error")
    assert run(["check", "-f", "json"], capsys)[0] == 0
    assert run(["check", "-f", "json", "--fail-on", "info"], capsys)[0] == 1


def test_pyproject_tool_table(repo, capsys):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "policy"\n\n[tool.ddtapp]\npaths = ["dossiers"]\n'
        'fail-on = "warning"\nexclude = ["clean.yaml"]\n',
        encoding="utf-8",
    )
    code, out, _ = run(["check", "-f", "json"], capsys)
    assert code == 1
    assert [Path(f["file"]).name for f in json.loads(out)["files"]] == ["warns.yaml"]


def test_a_pyproject_without_the_table_is_not_a_config(repo):
    (repo / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    assert find_config(repo) is None


def test_dot_ddtapp_yaml_wins_over_pyproject_in_the_same_folder(repo):
    (repo / "pyproject.toml").write_text('[tool.ddtapp]\npaths = ["x"]\n', encoding="utf-8")
    (repo / ".ddtapp.yaml").write_text("paths: [y]\n", encoding="utf-8")
    assert find_config(repo) == repo / ".ddtapp.yaml"


def test_explicit_config_and_no_config(repo, capsys, monkeypatch):
    (repo / ".ddtapp.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (repo / "other.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert run(["check", "dossiers/warns.yaml", "-f", "json"], capsys)[0] == 1
    assert run(["check", "dossiers/warns.yaml", "-f", "json", "--config", "other.yaml"], capsys)[0] == 0
    monkeypatch.setenv("DDTAPP_CONFIG", "other.yaml")
    assert run(["check", "dossiers/warns.yaml", "-f", "json"], capsys)[0] == 0
    (repo / ".ddtapp.yaml").write_text("fail-on: warning\npaths: [nothing-here]\n", encoding="utf-8")
    monkeypatch.delenv("DDTAPP_CONFIG")
    assert run(["check", "dossiers/warns.yaml", "-f", "json", "--no-config"], capsys)[0] == 0


def test_format_list_in_the_config(repo, capsys):
    (repo / ".ddtapp.yaml").write_text('paths: [dossiers]\nformat: [json, "json:reports/r.json"]\n', encoding="utf-8")
    code, out, _ = run(["check"], capsys)
    assert code == 0
    assert json.loads(out) == json.loads((repo / "reports/r.json").read_text(encoding="utf-8"))


def test_a_misspelt_key_is_located_with_a_suggestion(repo, capsys):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nfail_onn: warning\n", encoding="utf-8")
    code, _, err = run(["check"], capsys)
    assert code == 2
    assert ".ddtapp.yaml:2:1: unknown key 'fail_onn'" in err and "Did you mean 'fail_on'?" in err


def test_a_bad_value_and_bad_toml_are_located(repo):
    (repo / ".ddtapp.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_config(repo / ".ddtapp.yaml")
    assert exc.value.problems[0].line == 1 and "'sometimes' is not an allowed value" in exc.value.text
    (repo / "pyproject.toml").write_text('[tool.ddtapp]\npaths = ["x"\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_config(repo / "pyproject.toml")
    assert "not valid TOML" in exc.value.text and exc.value.problems[0].line >= 2
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ddtapp]\nfail-on = "often"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as exc:
        load_config(repo / "pyproject.toml")
    problem = exc.value.problems[0]
    assert problem.line == 5 and problem.path == "tool.ddtapp.fail-on"


def test_a_config_file_cannot_run_code(repo):
    (repo / ".ddtapp.yaml").write_text("paths: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_config(repo / ".ddtapp.yaml")
    assert exc.value.problems[0].line == 1


def test_missing_explicit_config_is_exit_2(repo, capsys):
    code, _, err = run(["check", "dossiers", "--config", "nope.yaml"], capsys)
    assert code == 2 and "configuration file not found" in err


def test_no_paths_anywhere_is_a_usage_error(repo, capsys):
    code, _, err = run(["check"], capsys)
    assert code == 2 and "set 'paths' in .ddtapp.yaml" in err


def test_a_key_given_under_both_spellings_is_named_once(repo, capsys):
    (repo / ".ddtapp.yaml").write_text("paths: [dossiers]\nfail-on: warning\nfail_on: error\n", encoding="utf-8")
    code, _, err = run(["check"], capsys)
    assert code == 2 and "given twice, under two spellings" in err and "Did you mean" not in err


def test_every_key_is_in_the_reference():
    """docs/configuration.md's table names every key the file may hold (a key it leaves out is one a force
    cannot find)."""
    import dataclasses

    from ddtapp.commands.config_file import ConfigModel

    table = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for f in dataclasses.fields(ConfigModel):
        key = f.metadata.get("alias", f.name)
        assert f"| `{key}`" in table or f"(or `{key}`)" in table, key
