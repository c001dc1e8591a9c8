"""``ddtapp diff --since REV`` in a real git repository made in a temporary folder: old versions come
from ``git show``, the date of a change from the commit that made it."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.helpers import data_of, dump, git, lower_threshold

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def ddtapp(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DDTAPP_TODAY": "2026-12-01"}
    return subprocess.run(
        [sys.executable, "-m", "ddtapp", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two dossiers committed on 2026-10-01 (the base), tagged ``base``."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "dossiers").mkdir()
    dump(data_of(EXAMPLES / "live-facial-recognition.yaml"), tmp_path / "dossiers" / "lfr.yaml")
    dump(data_of(EXAMPLES / "demand-dashboard.yaml"), tmp_path / "dossiers" / "dashboard.yaml")
    (tmp_path / "README.md").write_text("not a dossier\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "tag", "base")
    return tmp_path


def edit(repo: Path, name: str, change: Any) -> None:
    file = repo / "dossiers" / name
    data = copy.deepcopy(data_of(file))
    change(data)
    dump(data, file)


def test_since_reads_old_versions_from_git_and_dates_the_change_by_commit(repo: Path) -> None:
    edit(repo, "lfr.yaml", lower_threshold)
    edit(repo, "dashboard.yaml", lambda d: d["tool"].update(contact="new.contact@force.police.example"))
    git(repo, "commit", "-q", "-am", "threshold", date="2026-11-05T09:00:00")
    result = ddtapp(repo, "diff", "--since", "base", "dossiers", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    by_file = {Path(d["file"]).name: d for d in report["dossiers"]}
    assert set(by_file) == {"lfr.yaml", "dashboard.yaml"}
    lfr = by_file["lfr.yaml"]
    assert (lfr["change_date"], lfr["change_date_source"]) == ("2026-11-05", "git commit date")
    assert sorted(c["change"] for c in lfr["changes"]) == ["model-threshold", "threshold"]
    assert [c["class"] for c in by_file["dashboard.yaml"]["changes"]] == ["minor"]
    assert report["summary"] == {"dossiers_changed": 2, "significant": 2, "minor": 1, "reviews_outstanding": 4}


def test_reviews_committed_with_the_change_count(repo: Path) -> None:
    def lower_and_review(d: dict[str, Any]) -> None:
        lower_threshold(d)
        import datetime as dt

        day = dt.date(2026, 11, 2)  # done before the commit, after the base version
        legal = d["engage"]["legal_framework"]
        legal["dpia"]["reviews"].append({"date": day, "trigger": "other", "summary": "Threshold 0.6"})
        test = copy.deepcopy(d["validation"]["tests"][0])
        test.update(date=day, threshold=0.6)
        d["validation"]["tests"].append(test)
        d["governance"]["transparency"]["transparency_record"]["date"] = day
        d["governance"]["risk_management"]["last_reassessed"] = day

    edit(repo, "lfr.yaml", lower_and_review)
    git(repo, "commit", "-q", "-am", "threshold, reviewed", date="2026-11-05T09:00:00")
    result = ddtapp(repo, "diff", "--since", "base", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    (lfr,) = json.loads(result.stdout)["dossiers"]
    assert all(r["recorded"] for r in lfr["reviews"]) and len(lfr["reviews"]) == 4


def test_uncommitted_edits_are_dated_today_and_unchanged_files_are_left_out(repo: Path) -> None:
    edit(repo, "lfr.yaml", lower_threshold)  # not committed
    result = ddtapp(repo, "diff", "--since", "HEAD", "-f", "markdown")
    assert result.returncode == 1
    assert "lfr.yaml" in result.stdout and "dashboard.yaml" not in result.stdout
    assert "changed 2026-12-01 (from --today)" in result.stdout


def test_a_new_dossier_is_named_as_new(repo: Path) -> None:
    dump(data_of(EXAMPLES / "risk-scoring-engage.yaml"), repo / "dossiers" / "risk.yaml")
    result = ddtapp(repo, "diff", "--since", "base", "dossiers")
    assert result.returncode == 0
    assert "risk.yaml: new dossier (not in base)" in result.stdout


@pytest.mark.parametrize("rev", ["no-such-branch", "--output=/tmp/x", "HEAD~5"])
def test_bad_revision_is_exit_2_with_one_message(repo: Path, rev: str) -> None:
    result = ddtapp(repo, "diff", f"--since={rev}", "dossiers")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--since" in result.stderr


def test_outside_a_repository_is_exit_2(tmp_path: Path) -> None:
    dump(data_of(EXAMPLES / "demand-dashboard.yaml"), tmp_path / "d.yaml")
    env_home = tmp_path  # no repository above a fresh temporary folder
    result = ddtapp(env_home, "diff", "--since", "HEAD", "d.yaml")
    assert result.returncode == 2 and "git repository" in result.stderr


def test_file_mode_uses_the_new_files_commit_date(repo: Path) -> None:
    edit(repo, "lfr.yaml", lower_threshold)
    git(repo, "commit", "-q", "-am", "threshold", date="2026-11-05T09:00:00")
    old = repo / "old.yaml"
    old.write_bytes(subprocess.run(["git", "show", "base:dossiers/lfr.yaml"], cwd=repo, capture_output=True).stdout)
    result = ddtapp(repo, "diff", str(old), "dossiers/lfr.yaml", "-f", "json")
    assert json.loads(result.stdout)["dossiers"][0]["change_date"] == "2026-11-05"


def test_a_removed_dossier_is_named(repo: Path) -> None:
    git(repo, "rm", "-q", "dossiers/dashboard.yaml")
    git(repo, "commit", "-q", "-m", "retire the dashboard", date="2026-11-05T09:00:00")
    result = ddtapp(repo, "diff", "--since", "base", "dossiers")
    assert result.returncode == 0, result.stderr
    assert "dossiers/dashboard.yaml: dossier removed since base" in result.stdout
    assert "1 dossier removed" in result.stdout
    report = json.loads(ddtapp(repo, "diff", "--since", "base", "-f", "json").stdout)
    assert [(d["file"], d["status"]) for d in report["dossiers"]] == [("dossiers/dashboard.yaml", "removed")]
    # with every dossier gone (and their folder with them), the repository is still compared; README.md
    # was never a dossier
    git(repo, "rm", "-q", "dossiers/lfr.yaml")
    result = ddtapp(repo, "diff", "--since", "base")
    assert result.returncode == 0, result.stderr
    assert "2 dossiers removed" in result.stdout and "README" not in result.stdout
