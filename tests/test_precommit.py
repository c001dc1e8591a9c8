""".pre-commit-hooks.yaml, run for real through pre-commit, offline.

pre-commit clones the hook repository, makes a virtualenv and runs ``pip install .`` in it, exactly as
it would for a force that lists this repository in its .pre-commit-config.yaml. Offline, because:

* the hook repository is a git repository in tmp_path holding a copy of this working tree (uncommitted
  and untracked files included, .gitignore honoured), so what is tested is the code as it is now;
* pip finds the build backend and every dependency in a wheelhouse repacked from this environment's
  installed distributions (tests/wheelhouse.py), with ``PIP_NO_INDEX=1``, pip's configuration files
  ignored, and a dead proxy so that any request that slips through fails at once instead of waiting;
* pre-commit's store (PRE_COMMIT_HOME), pip's cache, virtualenv's app data, ddtapp's rule-pack cache and
  git's configuration all live in tmp_path, so the user's own are neither used nor changed.

The environment is built once per module (``pre-commit install-hooks``; about 5-15 s) and every test
reuses it. The config is docs/ci/pre-commit-config.yaml, the one the documentation tells a force to
copy, with its ``repo`` and ``rev`` pointed at the local copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, ROOT, TODAY
from tests.wheelhouse import build_wheelhouse

pytest.importorskip("pre_commit", reason="pre-commit (from the test extras) runs the hook")
pytest.importorskip("virtualenv", reason="pre-commit makes the hook's environment with virtualenv")
if shutil.which("git") is None or not (ROOT / ".git").exists():  # pragma: no cover
    pytest.skip("needs git, and a git checkout of ddtapp to copy the working tree from", allow_module_level=True)

HOOK_ID = "ddtapp"
DOCS_CONFIG = ROOT / "docs" / "ci" / "pre-commit-config.yaml"

#: A dossier with two errors (SCOPE-002, SCOPE-004) whatever the date.
FAILING = "schema_version: 2\nstage: engage\ntool:\n  name: Pre-commit check\n"
#: YAML that is not a dossier. Checked as one, it is an input error (exit 2): a missing
#: schema_version and an unknown key. The hook must pass it over.
NOT_A_DOSSIER = "# the force's list of meetings\nmeetings:\n  - date: 2026-11-02\n    room: B12\n"


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"git {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def _working_tree_files() -> list[str]:
    """This repository's files as they are now: tracked and untracked, less what .gitignore ignores.

    Read-only: ``git ls-files`` neither writes the index nor touches the working tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # e.g. GIT_DIR inside a git hook
    proc = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    names = sorted({n for n in proc.stdout.split("\0") if n})
    return [n for n in names if (ROOT / n).is_file()]  # a tracked file deleted in the tree is left out


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build backend and every runtime dependency, as wheels repacked from this environment."""
    wheels = tmp_path_factory.mktemp("wheelhouse")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build_wheelhouse(
        [*pyproject["build-system"]["requires"], *pyproject["project"]["dependencies"]],
        wheels,
        exclude=[pyproject["project"]["name"]],
    )
    return wheels


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> dict[str, str]:
    """Environment for git, pre-commit, virtualenv, pip and the hook: isolated, offline, dated."""
    home = tmp_path_factory.mktemp("precommit-env")
    gitconfig = home / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = ddtapp tests\n\temail = tests@ddtapp.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    drop = ("PIP_", "VIRTUALENV_", "PRE_COMMIT", "GIT_", "DDTAPP_")
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.upper().startswith(drop)
        and k.upper()
        not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NO_PROXY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}
    }
    dead_proxy = "http://127.0.0.1:9"  # the discard port: nothing listens, so a stray request fails at once
    return {
        **base,
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "PRE_COMMIT_COLOR": "never",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_CACHE_DIR": str(home / "pip-cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "VIRTUALENV_OVERRIDE_APP_DATA": str(home / "virtualenv"),
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "http_proxy": dead_proxy,
        "https_proxy": dead_proxy,
        "HTTP_PROXY": dead_proxy,
        "HTTPS_PROXY": dead_proxy,
        "NO_COLOR": "1",
        "DDTAPP_CACHE_DIR": str(home / "ddtapp-cache"),  # the hook's rule-pack cache
        # The hook is run without --today, as a force runs it; the date comes from here so that the
        # clean example stays clean whatever day the tests run.
        "DDTAPP_TODAY": TODAY.isoformat(),
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this working tree as it is now; returns its path and commit."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _working_tree_files():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "--no-verify", "-m", "ddtapp working tree under test", cwd=repo, env=env)
    return repo, _git("rev-parse", "HEAD", cwd=repo, env=env).strip()


def _config_text(hook_repo: tuple[Path, str]) -> str:
    """docs/ci/pre-commit-config.yaml with the ddtapp repository pointed at the local copy."""
    yaml = YAML()
    config = yaml.load(DOCS_CONFIG.read_text(encoding="utf-8"))
    ours = [r for r in config["repos"] if "ddtapp" in str(r.get("repo", ""))]
    assert len(ours) == 1, "docs/ci/pre-commit-config.yaml should list the ddtapp repository once"
    assert [h["id"] for h in ours[0]["hooks"]] == [HOOK_ID]
    ours[0]["repo"], ours[0]["rev"] = str(hook_repo[0]), hook_repo[1]
    out = StringIO()
    yaml.dump(config, out)
    return out.getvalue()


def _make_project(path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> Path:
    """A force's policy repository: a clean dossier, a failing one, other YAML, and the config."""
    path.mkdir(parents=True, exist_ok=True)
    dossiers = path / "dossiers"
    dossiers.mkdir()
    shutil.copy2(EXAMPLES / "demand-dashboard.yaml", dossiers / "clean.yaml")
    (dossiers / "failing.yaml").write_text(FAILING, encoding="utf-8")
    (path / "meetings.yaml").write_text(NOT_A_DOSSIER, encoding="utf-8")
    (path / "NOTES.md").write_text("Not YAML: pre-commit does not pass it to the hook.\n", encoding="utf-8")
    (path / ".pre-commit-config.yaml").write_text(_config_text(hook_repo), encoding="utf-8")
    _git("init", "-q", cwd=path, env=env)
    return path


def _pre_commit(*args: str, cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, hook_repo: tuple[Path, str], env: dict[str, str]) -> None:
    """Build the hook's environment once (clone, virtualenv, pip install) for every test to reuse."""
    project = _make_project(tmp_path_factory.mktemp("install") / "project", hook_repo, env)
    proc = _pre_commit("install-hooks", cwd=project, env=env, timeout=600)
    log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"  # pre-commit's own log of a failed install
    assert proc.returncode == 0, proc.stdout + proc.stderr + (log.read_text() if log.exists() else "")


@pytest.fixture()
def project(tmp_path: Path, installed: None, hook_repo: tuple[Path, str], env: dict[str, str]) -> Path:
    return _make_project(tmp_path / "project", hook_repo, env)


def _run_hook(project: Path, env: dict[str, str], *files: str) -> tuple[int, str]:
    # --verbose: show the hook's output when it passes too
    proc = _pre_commit("run", HOOK_ID, "--verbose", "--color", "never", "--files", *files, cwd=project, env=env)
    return proc.returncode, proc.stdout + proc.stderr


def test_manifest_is_valid_for_pre_commit():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # raises InvalidManifestError if not
    assert hook["id"] == HOOK_ID
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"] and hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts, "the entry must be a console script this package installs"


def test_clean_dossier_passes(project, env):
    code, out = _run_hook(project, env, "dossiers/clean.yaml")
    assert code == 0, out
    assert "Passed" in out


def test_failing_dossier_fails_with_its_rule_ids(project, env):
    code, out = _run_hook(project, env, "dossiers/failing.yaml")
    assert code == 1, out
    assert "Failed" in out
    assert "- exit code: 1" in out, out  # findings (1), not an input (2) or internal (3) error
    assert "SCOPE-002" in out and "SCOPE-004" in out
    assert "dossiers/failing.yaml" in out


def test_yaml_that_is_not_a_dossier_is_passed_over(project, env):
    code, out = _run_hook(project, env, "meetings.yaml")
    assert code == 0, out
    assert "Passed" in out  # the hook ran on it (types: [yaml]) ...
    assert "schema_version" not in out  # ... and ddtapp did not check it as a dossier


def test_files_that_are_not_yaml_are_not_passed_to_the_hook(project, env):
    code, out = _run_hook(project, env, "NOTES.md")
    assert code == 0, out
    assert "(no files to check)Skipped" in out


def test_many_files_are_checked_in_one_run(project, env):
    """require_serial: without it pre-commit splits 8 files into chunks run in parallel (one per CPU,
    at least 4 files each), giving several reports and letting a --format NAME:PATH file be overwritten."""
    names = []
    for i in range(8):
        name = f"dossiers/copy-{i}.yaml"
        shutil.copy2(EXAMPLES / "demand-dashboard.yaml", project / name)
        names.append(name)
    code, out = _run_hook(project, env, *names)
    assert code == 0, out
    assert out.count("dossiers checked") == 1 and "8 dossiers checked" in out, out


def test_git_commit_is_refused_until_the_dossier_is_fixed(project, env):
    """What a force sees: `pre-commit install`, then `git commit` with everything staged. The hook gets
    every staged YAML file (.pre-commit-config.yaml and meetings.yaml too) and reports only the
    failing dossier."""
    proc = _pre_commit("install", cwd=project, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _git("add", "-A", cwd=project, env=env)
    commit = subprocess.run(
        ["git", "commit", "-m", "Add dossiers"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "SCOPE-002" in out and "dossiers/failing.yaml" in out
    assert "meetings.yaml" not in out and ".pre-commit-config.yaml:" not in out
    assert "2 dossiers checked" in out  # the two dossiers, in one run; the other YAML files passed over
    assert (
        subprocess.run(
            ["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=project, env=env, capture_output=True
        ).returncode
        != 0
    ), "the commit should not have been made"

    shutil.copy2(EXAMPLES / "demand-dashboard.yaml", project / "dossiers" / "failing.yaml")
    _git("add", "-A", cwd=project, env=env)
    commit = subprocess.run(
        ["git", "commit", "-m", "Add dossiers"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "Passed" in commit.stdout + commit.stderr
