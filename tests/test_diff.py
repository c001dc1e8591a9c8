"""``ddtapp diff``: the structural diff, the change-control table, the reviews a significant change
triggers, and the exit code CI holds a merge on."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ddtapp.changes import paths
from ddtapp.changes.compare import compare
from ddtapp.changes.diff import diff
from ddtapp.changes.table import load_table
from ddtapp.commands.diff import DiffOptions, run_diff
from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import Loaded
from tests.conftest import EXAMPLES
from tests.helpers import data_of, dump, lower_threshold

LFR = EXAMPLES / "live-facial-recognition.yaml"
DASHBOARD = EXAMPLES / "demand-dashboard.yaml"
RISK = EXAMPLES / "risk-scoring-engage.yaml"
DAY = dt.date(2026, 12, 1)


def run(tmp_path: Path, old: Any, new: Any, fmt: str = "json", today: dt.date = DAY, **kw: Any) -> tuple[int, Any]:
    a, b = dump(old, tmp_path / "old.yaml"), dump(new, tmp_path / "new.yaml")
    out = tmp_path / f"report.{fmt}"
    code = run_diff(DiffOptions(files=[str(a), str(b)], today=today, output_format=fmt, output=str(out), **kw))
    text = out.read_text(encoding="utf-8")
    return code, json.loads(text) if fmt == "json" else text


def changes_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["dossiers"][0]["changes"]


def reviews_of(report: dict[str, Any]) -> dict[str, bool]:
    return {r["review"]: r["recorded"] for r in report["dossiers"][0]["reviews"]}


# -- the structural diff ----------------------------------------------------------------------------


def test_diff_reports_field_changes_additions_and_removals() -> None:
    old = {"a": {"b": 1, "c": "x"}, "gone": True}
    new = {"a": {"b": 2, "c": "x", "d": [1]}}
    found = [(paths.text_of(c.path), c.kind, c.old, c.new) for c in diff(old, new)]
    assert found == [("a.b", "changed", 1, 2), ("a.d", "added", None, [1]), ("gone", "removed", True, None)]


def test_an_item_inserted_in_a_list_is_one_addition() -> None:
    old = {"xs": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}
    new = {"xs": [{"name": "a"}, {"name": "new"}, {"name": "b"}, {"name": "c"}]}
    assert [(paths.text_of(c.path), c.kind) for c in diff(old, new)] == [("xs[1]", "added")]


def test_an_edited_item_is_compared_field_by_field_and_an_unlike_one_is_replaced() -> None:
    item = {"name": "Custody records", "source": "internal_police", "personal_data": True, "update": "manual"}
    edited = {**item, "source": "private_sector"}
    assert [paths.text_of(c.path) for c in diff({"xs": [item]}, {"xs": [edited]})] == ["xs[0].source"]
    other = {"name": "Social media posts", "source": "private_sector", "update": "live_feed"}
    assert [c.kind for c in diff({"xs": [item]}, {"xs": [other]})] == ["removed", "added"]


def test_true_and_one_are_different_values() -> None:
    assert [c.kind for c in diff({"a": 1}, {"a": True})] == ["changed"]
    assert diff({"a": 1}, {"a": 1}) == []


# -- path patterns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("tool.purpose", ("tool", "purpose"), True),
        ("tool.data_inputs[]", ("tool", "data_inputs", 2, "source"), True),
        ("tool.data_inputs[]", ("tool", "data_inputs"), False),
        ("**.gate", ("engage", "legal_framework", "gate", "date"), True),
        ("*.*.gate.date", ("engage", "legal_framework", "gate", "date"), True),
        ("docs[type=dpia].date", ("docs", 0, "date"), True),
        ("docs[type=dpia].date", ("docs", 1, "date"), False),
    ],
)
def test_pattern_covers(pattern: str, path: tuple[Any, ...], expected: bool) -> None:
    root = {"docs": [{"type": "dpia"}, {"type": "eia"}]}
    assert paths.covers(paths.parse(pattern), path, (root,)) is expected


@pytest.mark.parametrize("bad", ["", "a..b", "a[x]", "a.b c", "[]x", ".a"])
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(paths.PatternError):
        paths.parse(bad)


def test_select_reaches_every_match() -> None:
    data = {"e": {"s": {"gate": {"date": 1}}, "t": {"gate": {"date": 2}}}, "g": {"gate": {"date": 3}}}
    assert sorted(v for _p, v in paths.select(data, paths.parse("**.gate.date"))) == [1, 2, 3]


# -- the examples: a significant change names itself and its reviews, and holds the merge -------------


REVIEWS = {"dpia_review", "revalidation", "risk_reassessment", "transparency_update"}


def test_threshold_change_triggers_dpia_review_and_retest_until_recorded(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    lower_threshold(new)
    code, report = run(tmp_path, old, new)
    assert code == 1
    by_path = {c["path"]: c for c in changes_of(report)}
    change = by_path["governance.privacy_policy.similarity_threshold.value"]
    assert change["class"] == "significant" and change["change"] == "threshold"
    assert change["description"] == "Similarity threshold changed from 0.64 to 0.6"
    assert by_path["tool.models[0].threshold.value"]["change"] == "model-threshold"
    assert reviews_of(report) == dict.fromkeys(REVIEWS, False)
    # the reviews, dated after the change, are recorded: the merge may go ahead
    legal = new["engage"]["legal_framework"]
    legal["dpia"]["reviews"].append({"date": DAY, "trigger": "change_of_aims", "summary": "Threshold 0.6"})
    test = copy.deepcopy(new["validation"]["tests"][0])
    test.update(date=DAY, threshold=0.6, id="RETEST-2026")
    new["validation"]["tests"].append(test)
    new["governance"]["risk_management"]["last_reassessed"] = DAY
    code, report = run(tmp_path, old, new)
    assert code == 1 and reviews_of(report) == {**dict.fromkeys(REVIEWS, True), "transparency_update": False}
    new["governance"]["transparency"]["transparency_record"]["date"] = DAY
    code, report = run(tmp_path, old, new)
    assert code == 0 and all(reviews_of(report).values())
    significant = {c["path"] for c in changes_of(report) if c["class"] == "significant"}
    assert significant == {"governance.privacy_policy.similarity_threshold.value", "tool.models[0].threshold.value"}


def test_a_review_dated_before_the_change_does_not_count(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    lower_threshold(new)
    new["engage"]["legal_framework"]["dpia"]["reviews"].append({"date": dt.date(2026, 11, 30), "trigger": "other"})
    code, report = run(tmp_path, old, new)
    assert code == 1 and reviews_of(report)["dpia_review"] is False


@pytest.mark.parametrize("example", [LFR, DASHBOARD, RISK], ids=lambda p: p.stem)
def test_new_data_source_in_each_example(tmp_path: Path, example: Path) -> None:
    old = data_of(example)
    new = copy.deepcopy(old)
    new["tool"]["data_inputs"].append(
        {"name": "Partner agency referrals", "source": "other_public_sector", "personal_data": True, "update": "manual"}
    )
    new["processing"]["personal_data"] = old["processing"].get("personal_data")  # unchanged
    code, report = run(tmp_path, old, new)
    (change,) = changes_of(report)
    assert (change["change"], change["kind"], change["class"]) == ("data-source", "added", "significant")
    assert change["description"] == "Data source added: name 'Partner agency referrals'"
    assert "transparency_update" in change["triggers"] and "gate_decision" in change["triggers"]
    # a DPIA review only where the tool processes personal data
    assert ("dpia_review" in change["triggers"]) is (old["processing"].get("personal_data") is True)
    assert code == 1


@pytest.mark.parametrize("example", [LFR, RISK], ids=lambda p: p.stem)
def test_new_supplier_or_model_triggers_revalidation(tmp_path: Path, example: Path) -> None:
    old = data_of(example)
    new = copy.deepcopy(old)
    new["tool"].setdefault("supplier", {})["name"] = "Another Analytics plc"
    new["processing"]["machine_learning"] = True
    code, report = run(tmp_path, old, new)
    supplier = next(c for c in changes_of(report) if c["path"] == "tool.supplier.name" or c["path"] == "tool.supplier")
    assert supplier["class"] == "significant" and "revalidation" in supplier["triggers"]
    assert code == 1


@pytest.mark.parametrize("example", [LFR, DASHBOARD, RISK], ids=lambda p: p.stem)
def test_minor_changes_exit_0(tmp_path: Path, example: Path) -> None:
    old = data_of(example)
    new = copy.deepcopy(old)
    new["tool"]["contact"] = "someone.else@force.police.example"
    new["tool"]["description"] = new["tool"].get("description", "") + " Reworded."
    new["tool"]["purpose"] = new["tool"]["purpose"].rstrip(".") + "!"  # a small edit to the purpose is wording
    code, report = run(tmp_path, old, new)
    assert code == 0
    assert {c["class"] for c in changes_of(report)} == {"minor"}
    assert report["dossiers"][0]["reviews"] == []


def test_a_new_purpose_is_significant(tmp_path: Path) -> None:
    old = data_of(DASHBOARD)
    new = copy.deepcopy(old)
    new["tool"]["purpose"] = "Predict where burglaries will happen next week and send patrols there."
    code, report = run(tmp_path, old, new)
    (change,) = changes_of(report)
    assert change["class"] == "significant" and change["change"] == "purpose" and code == 1


def test_special_category_data_added_but_not_removed(tmp_path: Path) -> None:
    old = data_of(RISK)
    old["processing"]["special_category_data"] = False
    new = copy.deepcopy(old)
    new["processing"]["special_category_data"] = True
    code, report = run(tmp_path, old, new)
    assert changes_of(report)[0]["change"] == "sensitive-data" and code == 1
    code, report = run(tmp_path, new, old)
    assert changes_of(report)[0]["class"] == "minor" and code == 0


def test_regime_and_automated_effect_and_watchlist(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["processing"]["regime"] = "general"
    new["processing"]["automated_decisions"]["effect"] = "similarly_significant"
    new["governance"]["privacy_policy"]["person_of_interest_databases"][0]["categories"].append(
        {"category": "other", "description": "Anyone of interest to the force."}
    )
    _code, report = run(tmp_path, old, new)
    assert {c["change"] for c in changes_of(report)} == {"regime", "automated-decisions", "watchlist-categories"}


def test_text_and_markdown_name_the_change_and_reviews(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["governance"]["privacy_policy"]["similarity_threshold"]["value"] = 0.6
    _code, text = run(tmp_path, old, new, fmt="text")
    assert "significant  Similarity threshold changed from 0.64 to 0.6" in text
    assert "DPIA review: NOT recorded on or after 2026-12-01" in text
    _code, md = run(tmp_path, old, new, fmt="markdown")
    assert "| **significant** | Similarity threshold changed from 0.64 to 0.6 |" in md
    assert "| DPIA review | **not recorded** on or after 2026-12-01" in md
    _code, again = run(tmp_path, old, new, fmt="markdown")
    assert again == md


def test_markdown_cells_are_escaped(tmp_path: Path) -> None:
    old = data_of(DASHBOARD)
    new = copy.deepcopy(old)
    new["tool"]["contact"] = "a|b <script>"
    _code, md = run(tmp_path, old, new, fmt="markdown")
    assert "a\\|b \\<script\\>" in md


# -- the date of the change -------------------------------------------------------------------------


def test_change_log_date_wins_over_today(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["governance"]["privacy_policy"]["similarity_threshold"]["value"] = 0.6
    new["tool"]["changes"] = [{"date": dt.date(2026, 9, 1), "kind": "threshold_change", "to_version": "0.6"}]
    new["engage"]["legal_framework"]["dpia"]["reviews"].append({"date": dt.date(2026, 9, 2), "trigger": "other"})
    a = compare(load_table(), Loaded("old", old), Loaded("new", new), DAY)
    assert (a.change_date, a.change_date_source) == (dt.date(2026, 9, 1), "the dossier's change log")
    assert {r.id: r.recorded for r in a.reviews}["dpia_review"] is True
    # an entry OLD already has does not date this change
    old["tool"]["changes"] = copy.deepcopy(new["tool"]["changes"])
    a = compare(load_table(), Loaded("old", old), Loaded("new", new), DAY)
    assert (a.change_date, a.change_date_source) == (DAY, "--today")
    # a table without a change log
    text = Path(load_table().source).read_text(encoding="utf-8")
    custom = tmp_path / "table.yaml"
    custom.write_text(text.replace('change_log: ["tool.changes[].date"]', "change_log: []"), encoding="utf-8")
    del old["tool"]["changes"]
    a = compare(load_table(custom), Loaded("old", old), Loaded("new", new), DAY)
    assert (a.change_date, a.change_date_source) == (DAY, "--today")


# -- bad input ----------------------------------------------------------------------------------------


def test_bad_table_is_located(tmp_path: Path) -> None:
    text = load_table().source
    bad = (
        Path(text)
        .read_text(encoding="utf-8")
        .replace(
            "triggers: [dpia_review, revalidation, risk_reassessment, transparency_update]",
            "triggers: [dpia_reveiw]",
            1,
        )
    )
    custom = tmp_path / "table.yaml"
    custom.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_table(custom)
    assert "no review called dpia_reveiw" in str(info.value) and "table.yaml:" in str(info.value)
    custom.write_text(
        Path(text).read_text(encoding="utf-8").replace("tool.contact,", "tool..contact,"), encoding="utf-8"
    )
    with pytest.raises(InputError, match="bad path pattern"):
        load_table(custom)


def test_not_a_mapping_is_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    dump(data_of(DASHBOARD), tmp_path / "b.yaml")
    with pytest.raises(InputError, match="must be a mapping"):
        run_diff(DiffOptions(files=[str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")], today=DAY))


def test_diff_cli_exit_codes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ddtapp.cli import app

    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["governance"]["privacy_policy"]["similarity_threshold"]["value"] = 0.6
    a, b = dump(old, tmp_path / "a.yaml"), dump(new, tmp_path / "b.yaml")
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(a), str(b), "--today", "2026-12-01"])
    assert result.exit_code == 1 and "Similarity threshold" in result.stdout
    result = runner.invoke(app, ["diff", str(a), str(a)])
    assert result.exit_code == 0 and "no changes" in result.stdout
    result = runner.invoke(app, ["diff", str(a), str(b), "--format", "xml"])
    assert result.exit_code == 2


def test_schema_version_2_model_changes_are_significant(tmp_path: Path) -> None:
    """The diff works on plain data, so version 2's models, change log and tests are classified too."""
    old = data_of(LFR)
    old["tool"]["models"] = [{"name": "Matcher", "version": "5.2", "threshold": {"value": 0.64}, "in_use": True}]
    new = copy.deepcopy(old)
    new["tool"]["models"][0]["version"] = "6.0"
    new["tool"].setdefault("changes", []).append(
        {"date": dt.date(2026, 10, 1), "kind": "software_update", "to_version": "6.0"}
    )
    code, report = run(tmp_path, old, new)
    by_path = {c["path"]: c for c in changes_of(report)}
    assert by_path["tool.models[0].version"]["change"] == "model"
    assert by_path["tool.models[0].version"]["description"] == "Model or its version changed from '5.2' to '6.0'"
    assert [c["class"] for p, c in by_path.items() if p.startswith("tool.changes")] == ["minor"]
    assert report["dossiers"][0]["change_date"] == "2026-10-01" and code == 1
    new["validation"] = {"tests": [{"date": dt.date(2026, 10, 3), "version": "6.0", "threshold": 0.64}]}
    _code, report = run(tmp_path, old, new)
    assert reviews_of(report)["revalidation"] is True


def test_schema_version_2_watchlists_and_locations(tmp_path: Path) -> None:
    old = data_of(LFR)
    db = old["governance"]["privacy_policy"]["person_of_interest_databases"][0]
    db["categories"] = [{"category": "wanted_on_warrant", "description": "Wanted on warrant."}]
    db["under_18s"] = "excluded"
    old["governance"]["privacy_policy"]["usage_parameters"]["location_bases"] = [{"basis": "crime_hotspot"}]
    new = copy.deepcopy(old)
    new_db = new["governance"]["privacy_policy"]["person_of_interest_databases"][0]
    new_db["categories"][0]["description"] = "Wanted on a warrant."  # wording
    new_db["categories"].append({"category": "intelligence_interest"})
    new_db["under_18s"] = "included"
    new["governance"]["privacy_policy"]["usage_parameters"]["location_bases"].append(
        {"basis": "specific_event_or_threat"}
    )
    _code, report = run(tmp_path, old, new)
    found = {(c["change"], c["class"]) for c in changes_of(report)}
    assert found == {
        ("wording", "minor"),
        ("watchlist-categories", "significant"),
        ("watchlist-under-18s", "significant"),
        ("deployment-criteria", "significant"),
    }


def test_a_dpia_or_eia_approved_again_after_the_change_counts_as_its_review(tmp_path: Path) -> None:
    old = data_of(LFR)
    new = copy.deepcopy(old)
    new["processing"]["groups_affected"].append("children at the venue")
    _code, report = run(tmp_path, old, new)
    assert reviews_of(report)["dpia_review"] is False and reviews_of(report)["eia_refresh"] is False
    new["sign_off"]["measures_approved_on"] = DAY  # the DPIA's measures approved again
    eia = next(
        d for d in new["engage"]["stakeholder_engagement"]["documents"] if d["type"] == "equality_impact_assessment"
    )
    eia["approved_on"] = DAY
    _code, report = run(tmp_path, old, new)
    assert reviews_of(report)["dpia_review"] is True and reviews_of(report)["eia_refresh"] is True
