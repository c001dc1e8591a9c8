"""Change control through the installed console script, as a force or a CI job runs it: sign-offs cover
what they approved (and only that), ``diff`` classes a change with the same one table, reads dates and
validates its inputs as ``check`` does, and counts a re-test only when it ran on the tool as it now is."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ddtapp.changes.compare import compare
from ddtapp.changes.table import load_table
from ddtapp.loading.yaml_loader import Loaded
from tests.conftest import EXAMPLES
from tests.console import ddtapp, in_terminal, needs_script
from tests.helpers import V1, data_of, dump, lower_threshold

pytestmark = needs_script

LFR = EXAMPLES / "live-facial-recognition.yaml"
RISK = EXAMPLES / "risk-scoring-engage.yaml"
TODAY = "--today=2026-12-01"
DAY = dt.date(2026, 12, 1)
TABLE = load_table()
APPROVES = {s.name: set(s.approves) for s in TABLE.sign_offs}


def edited(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = copy.deepcopy(data_of(path))
    change(data)
    return dump(data, path)


def diff_json(tmp_path: Path, old: Any, new: Any) -> tuple[int, dict[str, Any]]:
    a, b = dump(old, tmp_path / "old.yaml"), dump(new, tmp_path / "new.yaml")
    done = ddtapp("diff", str(a), str(b), TODAY, "-f", "json")
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def kinds_of_sign_off(messages: dict[str, str]) -> set[str]:
    return {m.split(" at ", 1)[0].removeprefix("The ") for m in messages.values()}


# -- (b) the changes the audit found classed as minor are significant, and stale what they should ------


def _add_decision(d: dict[str, Any]) -> None:
    d["tool"]["decisions"].append({"decision": "Whether to arrest", "about": "People alerted on", "powers": ["arrest"]})


def _add_output(d: dict[str, Any]) -> None:
    d["tool"]["outputs"].append({"name": "Watchlist dwell-time report", "signifies": "Where people linger."})


def _scale_tenfold(d: dict[str, Any]) -> None:
    d["processing"]["scale"]["people_per_year"] = 4_000_000


def _deployments_tenfold(d: dict[str, Any]) -> None:
    d["processing"]["scale"]["deployments_per_month"] = 40


def _bigger_watchlist(d: dict[str, Any]) -> None:
    d["governance"]["privacy_policy"]["person_of_interest_databases"][0]["size_limit"] = 10000


def _lower_rank(d: dict[str, Any]) -> None:
    d["governance"]["privacy_policy"]["usage_parameters"]["authorising_rank"] = "inspector"


SIGNIFICANT = {
    "new-decision": (_add_decision, {"decisions"}),
    "new-output": (_add_output, {"outputs"}),
    "people-tenfold": (_scale_tenfold, {"scale"}),
    "deployments-tenfold": (_deployments_tenfold, {"scale"}),
    "watchlist-size-limit": (_bigger_watchlist, {"watchlist-size"}),
    "authorising-rank": (_lower_rank, {"authorising-rank"}),
}


def _with_deployments(d: dict[str, Any]) -> None:
    d["processing"]["scale"]["deployments_per_month"] = 4


@pytest.mark.parametrize("case", SIGNIFICANT, ids=list(SIGNIFICANT))
def test_each_is_significant_and_names_the_reviews_it_triggers(tmp_path: Path, case: str) -> None:
    change, rows = SIGNIFICANT[case]
    base = data_of(LFR)
    _with_deployments(base)
    new = copy.deepcopy(base)
    change(new)
    code, report = diff_json(tmp_path, base, new)
    changes = report["dossiers"][0]["changes"]
    assert code == 1
    assert {c["change"] for c in changes} == rows and {c["class"] for c in changes} == {"significant"}
    assert {"dpia_review", "transparency_update", "gate_decision"} <= {t for c in changes for t in c["triggers"]}
    names = {r["name"] for r in report["dossiers"][0]["reviews"]}
    assert {"DPIA review", "Transparency record update", "New gate decision"} <= names


def test_smaller_growth_is_minor_and_a_lower_limit_only_changes_the_published_account(tmp_path: Path) -> None:
    base = data_of(LFR)
    _with_deployments(base)
    new = copy.deepcopy(base)
    new["processing"]["scale"]["people_per_year"] = 3_900_000  # x9.75: under an order of magnitude
    new["processing"]["scale"]["deployments_per_month"] = 5
    code, report = diff_json(tmp_path, base, new)
    assert code == 0 and {c["class"] for c in report["dossiers"][0]["changes"]} == {"minor"}
    lower = copy.deepcopy(base)
    lower["governance"]["privacy_policy"]["person_of_interest_databases"][0]["size_limit"] = 500
    code, report = diff_json(tmp_path, base, lower)
    (change,) = report["dossiers"][0]["changes"]
    assert (change["change"], change["triggers"]) == ("watchlist-size-set", ["transparency_update"])


def _origin(d: dict[str, Any]) -> None:
    d["tool"]["data_inputs"][0]["origin"] = "commercial_data_broker"


def _lower_limit(d: dict[str, Any]) -> None:
    d["governance"]["privacy_policy"]["person_of_interest_databases"][0]["size_limit"] = 500


def _not_vulnerable(d: dict[str, Any]) -> None:
    d["processing"]["vulnerable_people"] = False  # narrower: not a risk the sign-offs did not weigh


#: What a sign-off covers, one dossier per case, checked in one run: the case, and the reviews whose
#: sign-offs must go stale (empty: a minor change leaves every sign-off current).
STALENESS: dict[str, tuple[Callable[[dict[str, Any]], None], set[str]]] = {
    "data-source-origin": (_origin, {"dpia_review", "transparency_update", "gate_decision"}),
    "contact": (lambda d: d["tool"].update(contact="someone.else@force.police.example"), set()),
    "description": (lambda d: d["tool"].update(description=d["tool"]["description"] + " Reworded."), set()),
    "data-source-name": (lambda d: d["tool"]["data_inputs"][0].update(name="Custody images (renamed)"), set()),
    "owner": (lambda d: d["tool"]["owner"].update(name="Ch Supt Someone Else"), set()),
    "scale-drift": (lambda d: d["processing"]["scale"].update(people_per_year=520000), set()),
    "lower-size-limit": (_lower_limit, {"transparency_update"}),
    "not-vulnerable": (_not_vulnerable, set()),
    "group-removed": (lambda d: d["processing"]["groups_affected"].pop(), set()),  # fewer people: not new
    "data-source-removed": (lambda d: d["tool"]["data_inputs"].pop(), {"transparency_update"}),
    "output-removed": (lambda d: d["tool"]["outputs"].clear(), set()),
    "group-added": (
        lambda d: d["processing"]["groups_affected"].insert(0, "children at the venue"),
        {"dpia_review", "transparency_update", "gate_decision"},
    ),
    **{case: (change, set()) for case, (change, _rows) in SIGNIFICANT.items()},
}


def test_sign_offs_go_stale_exactly_when_the_table_says_a_review_they_stand_for_is_triggered(
    tmp_path: Path,
) -> None:
    base = data_of(LFR)
    _with_deployments(base)
    signed = dump(base, tmp_path / "signed.yaml")
    assert ddtapp("sign", str(signed), "--all").returncode == 0
    folder = tmp_path / "cases"
    folder.mkdir()
    expected: dict[str, set[str]] = {}
    for case, (change, reviews) in STALENESS.items():
        target = folder / f"{case}.yaml"
        target.write_bytes(signed.read_bytes())
        edited(target, change)
        if case in SIGNIFICANT:  # the same table: the reviews diff says the change triggers
            a = compare(TABLE, Loaded("old", base), Loaded("new", data_of(target)), DAY)
            reviews = {t for c in a.changes for t in c.triggers}
        expected[case] = {name for name, approves in APPROVES.items() if approves & reviews} - {"approved waiver"}
    found = stale_by_file(folder)
    for case, kinds in expected.items():
        assert kinds_of_sign_off(found.get(f"{case}.yaml", {})) == kinds, case
    assert all("since changed: data source." in m for m in found["data-source-origin.yaml"].values())
    assert all("watchlist size limit" in m for m in found["lower-size-limit.yaml"].values())
    assert all("category of people affected" in m for m in found["group-added.yaml"].values())


def stale_by_file(folder: Path) -> dict[str, dict[str, str]]:
    done = ddtapp("check", str(folder), TODAY, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    out: dict[str, dict[str, str]] = {}
    for d in json.loads(done.stdout)["files"]:
        found = {f["path"].rsplit(".", 1)[0]: f["message"] for f in d["findings"] if f["rule_id"] == "STALE-001"}
        out[Path(d["file"]).name] = found
    return out


def test_the_table_is_the_one_copy() -> None:
    """No sign-off lists facts of its own: what it covers is read from the change rows."""
    text = Path(TABLE.source).read_text(encoding="utf-8")
    assert "covers:" not in text and "&approved_facts" not in text
    assert all(s.approves for s in TABLE.sign_offs)


# -- (c) quoted dates are dates ---------------------------------------------------------------------------


def test_a_quoted_review_date_counts_and_quoting_is_no_change(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    lower_threshold(new)
    marker = "2026-12-02"  # written quoted below: the YAML text "2026-12-02", which check reads as a date
    new["engage"]["legal_framework"]["dpia"]["reviews"].append({"date": marker, "trigger": "other"})
    retest = copy.deepcopy(new["validation"]["tests"][0])
    retest.update(id="RETEST", date=marker, threshold=0.6)
    new["validation"]["tests"].append(retest)
    new["governance"]["transparency"]["transparency_record"]["date"] = marker
    new["governance"]["risk_management"]["last_reassessed"] = marker
    a, b = dump(old, tmp_path / "old.yaml"), dump(new, tmp_path / "new.yaml")
    text = b.read_text(encoding="utf-8")
    assert text.count("'2026-12-02'") == 4  # quoted, as a person may write it
    assert ddtapp("check", str(b), TODAY).returncode in (0, 1)  # check takes the quoted dates
    done = ddtapp("diff", str(a), str(b), TODAY, "-f", "json")
    statuses = {r["review"]: r["recorded"] for r in json.loads(done.stdout)["dossiers"][0]["reviews"]}
    assert set(statuses) == {"dpia_review", "revalidation", "risk_reassessment", "transparency_update"}
    assert all(statuses.values()) and done.returncode == 0, statuses
    # the same dates, quoted in one version and not in the other, are no change
    plain = tmp_path / "plain.yaml"
    plain.write_text(text.replace("'2026-12-02'", "2026-12-02"), encoding="utf-8")
    done = ddtapp("diff", str(b), str(plain), TODAY)
    assert done.returncode == 0 and "no changes" in done.stdout, done.stdout


# -- (d) diff validates its inputs as check does -----------------------------------------------------------


def _broken_copy(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.yaml"
    good.write_bytes(RISK.read_bytes())
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("  personal_data: true\n", "  personal_data: yes\n", 1), encoding="utf-8")
    return good, bad


@pytest.mark.parametrize("which", ["old", "new"])
def test_a_malformed_dossier_is_checks_located_error_exit_2(tmp_path: Path, which: str) -> None:
    good, bad = _broken_copy(tmp_path)
    check = ddtapp("check", str(bad), TODAY)
    assert check.returncode == 2
    (message,) = [line for line in (check.stdout + check.stderr).splitlines() if f"{bad}:" in line]
    assert "Write true or false." in message
    args = [str(bad), str(good)] if which == "old" else [str(good), str(bad)]
    done = ddtapp("diff", *args, TODAY)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_since_reports_a_malformed_old_version_located_in_the_revision(tmp_path: Path) -> None:
    from tests.helpers import git

    good, bad = _broken_copy(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "d.yaml").write_bytes(bad.read_bytes())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "d.yaml").write_bytes(good.read_bytes())
    done = ddtapp("diff", "--since", "HEAD", ".", TODAY, cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "HEAD:./d.yaml:" in done.stderr and "Write true or false." in done.stderr
    # a malformed working copy too: both versions are named, each where it is wrong
    (repo / "d.yaml").write_text(bad.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    done = ddtapp("diff", "--since", "HEAD", ".", TODAY, cwd=repo)
    assert done.returncode == 2 and "HEAD:./d.yaml:" in done.stderr
    assert "\nddtapp: d.yaml:" in done.stderr or "ddtapp: ./d.yaml:" in done.stderr, done.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_since_migrates_a_version_1_history_and_validates_a_new_dossier(tmp_path: Path) -> None:
    from tests.helpers import git

    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "lfr.yaml").write_text(V1, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    assert ddtapp("migrate", str(tmp_path / "lfr.yaml")).returncode == 0  # rewritten in place, same facts
    done = ddtapp("diff", "--since", "HEAD", ".", TODAY, cwd=tmp_path)
    assert done.returncode == 0 and "0 dossiers changed" in done.stdout, done.stdout + done.stderr
    elsewhere = tmp_path.parent / f"{tmp_path.name}-copies"
    elsewhere.mkdir()
    _good, bad = _broken_copy(elsewhere)
    (tmp_path / "new.yaml").write_bytes(bad.read_bytes())  # not in the revision, and malformed
    done = ddtapp("diff", "--since", "HEAD", ".", TODAY, cwd=tmp_path)
    assert done.returncode == 2 and "new.yaml:" in done.stderr and "Write true or false." in done.stderr


def test_a_version_1_dossier_is_migrated_in_memory_like_check(tmp_path: Path) -> None:
    old = tmp_path / "v1.yaml"
    old.write_text(V1, encoding="utf-8")
    new = tmp_path / "v2.yaml"
    assert ddtapp("migrate", str(old), "--out", str(new)).returncode == 0
    done = ddtapp("diff", str(old), str(new), TODAY)
    assert done.returncode == 0 and "no changes" in done.stdout, done.stdout + done.stderr


# -- (e) a re-test counts only on the tool as it now is ---------------------------------------------------


def test_a_retest_at_the_old_threshold_is_not_a_retest(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    lower_threshold(new)
    retest = copy.deepcopy(new["validation"]["tests"][0])
    retest.update(id="RETEST", date=DAY)  # dated after the change, but at 0.64, the old threshold
    new["validation"]["tests"].append(retest)
    _code, report = diff_json(tmp_path, old, new)
    reviews = {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}
    assert reviews["revalidation"] is False
    retest["threshold"] = 0.6
    retest["version"] = "5.1"  # the new threshold, but an old version
    _code, report = diff_json(tmp_path, old, new)
    assert {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}["revalidation"] is False
    retest["version"] = "5.2"
    _code, report = diff_json(tmp_path, old, new)
    assert {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}["revalidation"] is True
    retest["date"] = dt.date(2026, 11, 1)  # on the new setting, but before the change
    _code, report = diff_json(tmp_path, old, new)
    assert {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}["revalidation"] is False


def test_a_new_version_needs_a_test_of_that_version(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["tool"]["models"][0]["version"] = "6.0"
    new["tool"]["changes"].append({"date": dt.date(2026, 11, 20), "kind": "software_update", "to_version": "6.0"})
    retest = copy.deepcopy(new["validation"]["tests"][0])
    retest.update(id="RETEST", date=DAY)  # of 5.2
    new["validation"]["tests"].append(retest)
    _code, report = diff_json(tmp_path, old, new)
    assert {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}["revalidation"] is False
    retest["version"] = "6.0"
    _code, report = diff_json(tmp_path, old, new)
    assert {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}["revalidation"] is True


# -- the text report: wrapped between words at a terminal, and what a dossier says is shown, not obeyed --


def test_text_wraps_at_60_columns_between_words(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    lower_threshold(new)
    a, b = dump(old, tmp_path / "old.yaml"), dump(new, tmp_path / "new.yaml")
    code, out = in_terminal("diff", str(a), str(b), TODAY, columns=60, COLUMNS="60")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) > 20
    for line in lines:  # a line is longer only when it is one word (a long dossier path) kept whole
        assert len(line) <= 60 or len(line.split()) == 1, line
    words = " ".join(out.split())
    assert "Review the DPIA against the change" in words  # words whole, in order, across the wraps
    piped = ddtapp("diff", str(a), str(b), TODAY, COLUMNS="60")
    assert any(len(line) > 100 for line in piped.stdout.splitlines())  # a pipe gets each line whole
    assert " ".join(piped.stdout.split()) == words


def test_file_names_and_keys_with_control_characters_are_shown_escaped(tmp_path: Path) -> None:
    old = data_of(LFR)
    old["sign_off"]["facts_fingerprint"] = {"sha256": "0" * 64, "facts": {"a": "1"}}
    new = copy.deepcopy(old)
    new["tool"]["data_inputs"][0]["system"] = "Custody\x1b[2J imaging\u202e system"
    new["sign_off"]["facts_fingerprint"]["facts"]["::error::x\x1b[2Jy"] = "2"  # a key, as written
    a = dump(old, tmp_path / "old.yaml")
    b = dump(new, tmp_path / "new\x1b]8;;x\x07.yaml")
    done = subprocess.run(
        [*_script(), "diff", str(a), str(b), TODAY], capture_output=True, text=True, check=False, env=_env()
    )
    assert done.returncode in (0, 1), done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "new\\x1b]8;;x\\x07.yaml" in done.stdout and "\\x1b[2J imaging\\u202e" in done.stdout
    assert "\u202e" not in done.stdout
    assert "facts.::error::x\\x1b[2Jy]" in done.stdout


def _script() -> list[str]:
    from tests.console import SCRIPT

    assert SCRIPT is not None
    return [SCRIPT]


def _env() -> dict[str, str]:
    from tests.console import env

    return env()
