"""The ready-to-copy CI configurations in docs/ci/ work with ddtapp as it is.

* Each file is valid for its system: the GitHub workflow and the GitLab job against the schemas that
  check-jsonschema vendors (offline), the pre-commit config against pre-commit's own schema.
* Every ``ddtapp check`` command in them (``run:``, ``script:``, the hook's ``entry`` and ``args``)
  parses with the CLI's own parser, so renaming or removing an option fails here.
* Each CI command, run as the CI system would run it in a force's repository, exits 0 on a clean
  dossier and 1 on a failing one, and in both cases writes the report files that the rest of the
  configuration uploads (SARIF, code quality, JUnit, the step summary).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from string import Template
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from ddtapp.cli import app
from tests.conftest import EXAMPLES, ROOT, TODAY

CI = ROOT / "docs" / "ci"
GITHUB = CI / "github-actions.yml"
GITLAB = CI / "gitlab-ci.yml"
PRECOMMIT_CONFIG = CI / "pre-commit-config.yaml"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

#: Keys whose values are shell: GitHub's `run`, GitLab's `script`, `before_script`, `after_script`.
SHELL_KEYS = frozenset({"run", "script", "before_script", "after_script"})
#: What ends a simple command in a shell line (shlex returns runs of these as one token).
OPERATOR_CHARS = frozenset("();<>|&")
FAILING = "schema_version: 2\nstage: engage\ntool:\n  name: CI check\n"


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def shell_scripts(node: Any) -> list[str]:
    """Every string under a shell key, anywhere in a loaded YAML document."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SHELL_KEYS and isinstance(value, str):
                found.append(value)
            elif key in SHELL_KEYS and isinstance(value, list):
                found.extend(v for v in value if isinstance(v, str))
            else:
                found.extend(shell_scripts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(shell_scripts(item))
    return found


def ddtapp_check_commands(script: str, command: str = "check") -> list[list[str]]:
    """The arguments after ``ddtapp check`` (or ``python -m ddtapp check``; another ``command`` if given)
    of each such command in a shell script: line continuations joined, quotes removed as the shell would,
    each simple command ending at an operator (``&&``, ``|``, ``;``, a redirection)."""
    commands: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        segment: list[str] = []
        for token in [*lexer, ";"]:
            if token and set(token) <= OPERATOR_CHARS:
                for i in range(len(segment) - 1):
                    if Path(segment[i]).name == "ddtapp" and segment[i + 1] == command:
                        commands.append(segment[i + 2 :])
                        break
                segment = []
            else:
                segment.append(token)
    return commands


def parse_check(args: list[str]) -> dict[str, Any]:
    """Parse ``ddtapp check ARGS`` with the CLI's own parser (nothing runs); the values by option name."""
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    try:
        ctx = command.make_context("check", list(args))
    except Exception as exc:  # the parser's UsageError: an unknown option, a missing value, a bad type
        pytest.fail(f"`ddtapp check {shlex.join(args)}` no longer parses: {exc}")
    by_option: dict[str, Any] = {}
    for param in command.params:
        for opt in [*param.opts, *getattr(param, "secondary_opts", [])]:
            by_option[opt] = ctx.params[param.name]
    return by_option


def destinations(args: list[str]) -> dict[str, str]:
    """Format name → destination ("-" for stdout) of a ``ddtapp check`` command."""
    return {name: path or "-" for name, _, path in (f.partition(":") for f in parse_check(args)["--format"] or [])}


def commands_in(path: Path) -> list[list[str]]:
    return [c for script in shell_scripts(load(path)) for c in ddtapp_check_commands(script)]


# -- the command-line extraction itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("ddtapp check .", [["."]]),
        ("pip install x && ddtapp check dossiers/ -f text | tee out.txt", [["dossiers/", "-f", "text"]]),
        ("python -m ddtapp check a.yaml \\\n  --fail-on warning; echo done", [["a.yaml", "--fail-on", "warning"]]),
        (
            'ddtapp check . --format "markdown:$GITHUB_STEP_SUMMARY" > log',
            [[".", "--format", "markdown:$GITHUB_STEP_SUMMARY"]],
        ),
        ("ddtapp rules\nddtapp explain FRT-004\necho 'ddtapp check'", []),
        ("/opt/venv/bin/ddtapp check x.yaml\nddtapp check y.yaml", [["x.yaml"], ["y.yaml"]]),
    ],
)
def test_ddtapp_check_commands_are_found_in_shell(script, expected):
    assert ddtapp_check_commands(script) == expected


def test_a_renamed_option_does_not_parse():
    with pytest.raises(pytest.fail.Exception, match="--fail-level"):
        parse_check([".", "--fail-level", "warning"])
    assert parse_check([".", "-f", "text", "--fail-on", "warning"])["--fail-on"] == "warning"


# -- every configuration is valid for its system --------------------------------------------------------


@pytest.mark.parametrize(("path", "schema"), [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")])
def test_ci_config_is_valid_for_its_system(path, schema):
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (test extras) holds the CI schemas")
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_commit_config_is_valid_and_names_the_hook():
    pytest.importorskip("pre_commit", reason="pre-commit (test extras) validates its own configuration")
    from pre_commit.clientlib import load_config, load_manifest

    config = load_config(str(PRECOMMIT_CONFIG))  # raises InvalidConfigError if not
    hook_ids = {h["id"] for h in load_manifest(str(MANIFEST))}
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/ddtapp/ddtapp"
    assert {h["id"] for h in repo["hooks"]} <= hook_ids


# -- every ddtapp command uses options the CLI has --------------------------------------------------------


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_ci_commands_parse_with_the_cli(path):
    commands = commands_in(path)
    assert commands, f"no `ddtapp check` command found in {path.name}"
    for args in commands:
        options = parse_check(args)
        # Review dates must be judged against the day of the run, or overdue reviews never show.
        assert options["--today"] is None, f"{path.name}: leave --today unset in CI"


def test_pre_commit_hook_command_parses_with_the_cli():
    manifest = load(MANIFEST)
    config = load(PRECOMMIT_CONFIG)
    extra = {h["id"]: h.get("args", []) for h in config["repos"][0]["hooks"]}
    for hook in manifest:
        program, check, *args = shlex.split(hook["entry"])
        assert (program, check) == ("ddtapp", "check")
        options = parse_check([*args, *extra.get(hook["id"], []), "staged.yaml"])  # pre-commit adds the files
        assert options["--dossiers-only"] is True
        assert options["--today"] is None


# -- run as CI runs them: exit codes, and the files the configuration uploads ------------------------------


def _force_repo(path: Path, failing: bool) -> Path:
    """A force's policy repository: a dossier in a folder, beside other YAML (a CI file)."""
    (path / "dossiers").mkdir(parents=True)
    if failing:
        (path / "dossiers" / "failing.yaml").write_text(FAILING, encoding="utf-8")
    else:
        shutil.copy2(EXAMPLES / "demand-dashboard.yaml", path / "dossiers" / "clean.yaml")
    shutil.copy2(GITLAB, path / ".gitlab-ci.yml")
    (path / "mkdocs.yml").write_text("site_name: Force policy\n", encoding="utf-8")
    return path


def _run_as_ci(args: list[str], cwd: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("DDTAPP_") and k != "DDTAPP_CACHE_DIR")}
    env.update(CI="true", NO_COLOR="1", DDTAPP_TODAY=TODAY.isoformat(), **extra_env)
    argv = [Template(a).safe_substitute(env) for a in args]  # $VAR and ${VAR}, as the shell expands them
    return subprocess.run(
        [sys.executable, "-m", "ddtapp", "check", *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(("failing", "exit_code"), [(False, 0), (True, 1)], ids=["clean", "failing"])
def test_github_workflow_writes_what_it_uploads(tmp_path, failing, exit_code):
    workflow = load(GITHUB)
    job = workflow["jobs"]["check"]
    assert job["permissions"]["security-events"] == "write"
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert len(uploads) == 1
    assert "always()" in uploads[0]["if"], "upload the SARIF report when the check step failed, too"
    (args,) = commands_in(GITHUB)
    dests = destinations(args)
    assert dests["sarif"] == uploads[0]["with"]["sarif_file"]
    assert dests["markdown"] == "$GITHUB_STEP_SUMMARY" and dests["github"] == "-"

    repo = _force_repo(tmp_path / "repo", failing)
    summary = tmp_path / "runner" / "step_summary.md"  # GitHub makes this file; it lives outside the checkout
    summary.parent.mkdir()
    summary.touch()
    proc = _run_as_ci(args, repo, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == exit_code, proc.stdout + proc.stderr
    sarif = json.loads((repo / uploads[0]["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert bool(sarif["runs"][0]["results"]) is failing
    assert summary.read_text(encoding="utf-8").strip()
    if failing:
        assert "::error file=dossiers/failing.yaml" in proc.stdout  # an annotation on the dossier line
        assert "SCOPE-002" in proc.stdout


@pytest.mark.parametrize(("failing", "exit_code"), [(False, 0), (True, 1)], ids=["clean", "failing"])
def test_gitlab_job_writes_what_it_uploads(tmp_path, failing, exit_code):
    job = load(GITLAB)["ddtapp"]
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always", "keep the reports' files when the job fails, which is when they matter"
    (args,) = commands_in(GITLAB)
    dests = destinations(args)
    assert dests["gitlab"] == artifacts["reports"]["codequality"]
    assert dests["junit"] == artifacts["reports"]["junit"]

    repo = _force_repo(tmp_path / "repo", failing)
    proc = _run_as_ci(args, repo, {"GITLAB_CI": "true"})
    assert proc.returncode == exit_code, proc.stdout + proc.stderr
    for name in artifacts["paths"]:
        assert (repo / name).is_file(), f"{name} is listed under artifacts:paths but was not written"
    quality = json.loads((repo / artifacts["reports"]["codequality"]).read_text(encoding="utf-8"))
    assert isinstance(quality, list) and bool(quality) is failing
    if failing:
        assert {"SCOPE-002", "SCOPE-004"} <= {issue["check_name"] for issue in quality}
        assert {issue["location"]["path"] for issue in quality} == {"dossiers/failing.yaml"}
    junit = ET.parse(repo / artifacts["reports"]["junit"]).getroot()
    assert (len(junit.findall(".//failure")) > 0) is failing


# -- docs/ci.md ------------------------------------------------------------------------------------------

DOC = ROOT / "docs" / "ci.md"


def _fenced_blocks(text: str, language: str) -> list[str]:
    from markdown_it import MarkdownIt

    return [t.content for t in MarkdownIt("commonmark").parse(text) if t.type == "fence" and t.info == language]


def test_ci_doc_quotes_the_commands_of_the_configurations():
    """The commands docs/ci.md shows are the ones the files run (so both change together), and the
    local hook it shows runs the same entry as the published one."""
    text = DOC.read_text(encoding="utf-8")
    shown = [c for block in _fenced_blocks(text, "sh") for c in ddtapp_check_commands(block)]
    assert shown, "docs/ci.md shows no ddtapp check command"
    assert sorted(shown) == sorted(commands_in(GITHUB) + commands_in(GITLAB))
    local_hooks = [
        h
        for block in _fenced_blocks(text, "yaml")
        for r in (YAML(typ="safe").load(block) or [])
        if isinstance(r, dict) and r.get("repo") == "local"
        for h in r["hooks"]
    ]
    (published,) = load(MANIFEST)
    assert [(h["id"], h["entry"]) for h in local_hooks] == [(published["id"], published["entry"])]


def test_ci_doc_is_clean_markdown_with_working_links():
    api = pytest.importorskip("pymarkdown.api", reason="pymarkdownlnt (test extras) lints Markdown")
    text = DOC.read_text(encoding="utf-8")
    # MD013 (line length) off, as in the rest of docs/
    linter = api.PyMarkdownApi().enable_extension_by_identifier("markdown-tables").disable_rule_by_identifier("md013")
    assert [f"{f.line_number}: {f.rule_description}" for f in linter.scan_string(text).scan_failures] == []
    from markdown_it import MarkdownIt

    links = [
        t.attrs["href"]
        for tok in MarkdownIt("commonmark").parse(text)
        if tok.type == "inline"
        for t in tok.children or []
        if t.type == "link_open"
    ]
    assert links
    for href in links:
        target, _, anchor = str(href).partition("#")
        if target:
            assert (DOC.parent / target).is_file(), f"docs/ci.md links to {href}, which does not exist"
        else:
            assert (
                f"\n## {anchor.replace('-', ' ')}" in text.lower()
                or f"\n### {anchor.replace('-', ' ')}" in text.lower()
            ), f"docs/ci.md links to #{anchor}, which is no heading"


# -- `ddtapp diff --since` on pull and merge requests -------------------------------------------------------


def diff_commands(path: Path) -> list[list[str]]:
    return [c for script in shell_scripts(load(path)) for c in ddtapp_check_commands(script, "diff")]


def parse_diff(args: list[str]) -> dict[str, Any]:
    """Parse ``ddtapp diff ARGS`` with the CLI's own parser (nothing runs); the values by option name."""
    command = typer.main.get_command(app).commands["diff"]  # type: ignore[attr-defined]
    try:
        ctx = command.make_context("diff", list(args))
    except Exception as exc:  # the parser's UsageError
        pytest.fail(f"`ddtapp diff {shlex.join(args)}` no longer parses: {exc}")
    return {opt: ctx.params[p.name] for p in command.params for opt in p.opts}


def _git(repo: Path, *args: str, date: str = "2026-10-01T12:00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "CI",
        "GIT_AUTHOR_EMAIL": "ci@example.invalid",
        "GIT_COMMITTER_NAME": "CI",
        "GIT_COMMITTER_EMAIL": "ci@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout.strip()


def _pull_request(path: Path, significant: bool) -> tuple[Path, str]:
    """A force's repository with a base commit and a pull request's commit on top: the threshold lowered
    (significant, no review recorded) or the contact changed (minor). Returns the repository and the base."""
    repo = _force_repo(path, failing=False)
    shutil.copy2(EXAMPLES / "live-facial-recognition.yaml", repo / "dossiers" / "lfr.yaml")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    lfr = repo / "dossiers" / "lfr.yaml"
    text = lfr.read_text(encoding="utf-8")
    old, new = ("      value: 0.64", "      value: 0.6") if significant else ("contact: dataethics@", "contact: lfr@")
    assert old in text
    lfr.write_text(text.replace(old, new), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "change", date="2026-11-05T09:00:00")
    return repo, base


def _run_diff_as_ci(commands: list[list[str]], cwd: Path, extra_env: dict[str, str]) -> list[int]:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("DDTAPP_") and k != "DDTAPP_CACHE_DIR")}
    env.update(CI="true", NO_COLOR="1", DDTAPP_TODAY=TODAY.isoformat(), **extra_env)
    codes = []
    for args in commands:
        argv = [Template(a).safe_substitute(env) for a in args]
        proc = subprocess.run(
            [sys.executable, "-m", "ddtapp", "diff", *argv], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        codes.append(proc.returncode)
    return codes


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_ci_diff_commands_parse_with_the_cli(path):
    commands = diff_commands(path)
    assert len(commands) == 2, f"{path.name}: the Markdown report, then the log's text report"
    for args in commands:
        options = parse_diff(args)
        assert options["--since"], f"{path.name}: compare with the pull request's base"
        assert options["--today"] is None
    formats = [parse_diff(a)["--format"] for a in commands]
    assert formats == ["markdown", "text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(("significant", "exit_code"), [(True, 1), (False, 0)], ids=["significant", "minor"])
def test_github_changes_job_writes_the_summary_and_holds_the_merge(tmp_path, significant, exit_code):
    job = load(GITHUB)["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'"
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "git show needs the base commit"
    step = next(s for s in job["steps"] if "ddtapp diff" in str(s.get("run", "")))
    assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    first, second = diff_commands(GITHUB)
    assert parse_diff(first)["--output"] == "$GITHUB_STEP_SUMMARY"

    repo, base = _pull_request(tmp_path / "repo", significant)
    summary = tmp_path / "runner" / "step_summary.md"
    summary.parent.mkdir()
    summary.touch()
    codes = _run_diff_as_ci([first, second], repo, {"BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(summary)})
    assert codes == [exit_code, exit_code]
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith("## ddtapp: changes to dossiers")
    if significant:
        assert "| **significant** | Similarity threshold changed from 0.64 to 0.6 |" in markdown
        assert "| DPIA review | **not recorded** on or after 2026-11-05" in markdown
    else:
        assert "| minor | Contact details changed" in markdown and "**significant**" not in markdown


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(("significant", "exit_code"), [(True, 1), (False, 0)], ids=["significant", "minor"])
def test_gitlab_changes_job_writes_what_it_exposes(tmp_path, significant, exit_code):
    job = load(GITLAB)["ddtapp-changes"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["variables"]["GIT_DEPTH"] == 0, "git show needs the base commit"
    assert job["artifacts"]["when"] == "always" and job["artifacts"]["expose_as"]
    first, second = diff_commands(GITLAB)
    assert [parse_diff(first)["--output"]] == job["artifacts"]["paths"]

    repo, base = _pull_request(tmp_path / "repo", significant)
    codes = _run_diff_as_ci([first, second], repo, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "GITLAB_CI": "true"})
    assert codes == [exit_code, exit_code]
    report = (repo / job["artifacts"]["paths"][0]).read_text(encoding="utf-8")
    assert ("Similarity threshold changed from 0.64 to 0.6" in report) is significant


def test_ci_doc_shows_the_diff_commands_of_the_configurations():
    text = DOC.read_text(encoding="utf-8")
    shown = [c for block in _fenced_blocks(text, "sh") for c in ddtapp_check_commands(block, "diff")]
    assert sorted(shown) == sorted(diff_commands(GITHUB) + diff_commands(GITLAB))
