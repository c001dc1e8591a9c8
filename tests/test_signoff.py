"""Sign-offs bound to the facts they approved: ``ddtapp sign`` writes the fingerprint (keeping the
dossier's comments and layout), ``check`` reports STALE-001 when a covered fact changes afterwards,
not after a minor change, and re-approving makes it current again."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from ddtapp.changes.fingerprint import fingerprint
from ddtapp.changes.table import load_table
from ddtapp.checker.engine import check_file
from ddtapp.commands.sign import SignOptions, run_sign
from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import load_file
from ddtapp.pack.rulepack import load_pack
from tests.conftest import EXAMPLES, TODAY
from tests.helpers import data_of, dump, lower_threshold

PACK = load_pack()
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def stale_findings(path: Path) -> list[Any]:
    return [f for f in check_file(path, PACK, TODAY).findings if f.rule_id == "STALE-001"]


def signed_copy(tmp_path: Path, example: Path) -> Path:
    target = tmp_path / example.name
    target.write_bytes(example.read_bytes())
    assert run_sign(SignOptions(dossier=str(target), every=True)) == 0
    return target


def edit(path: Path, change: Any) -> None:
    """Change the dossier's data (fingerprints included, as they stand) and write it back."""
    data = copy.deepcopy(load_file(path).data)
    change(data)
    dump(data, path)


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_signing_adds_only_fingerprints_and_leaves_every_sign_off_current(tmp_path: Path, example: Path) -> None:
    target = signed_copy(tmp_path, example)
    before, after = example.read_text(encoding="utf-8"), target.read_text(encoding="utf-8")
    removed = set(before.splitlines()) - set(after.splitlines())
    # only a one-line {flow} sign-off opens out to take its fingerprint
    assert all(line.strip().startswith("transparency_record: {") for line in removed), removed
    signed = before.count("gate:") + before.count("\nsign_off:") + before.count("transparency_record:")
    assert after.count("facts_fingerprint:") == signed
    assert "# Example:" in after.splitlines()[2]  # the comments are kept
    assert stale_findings(target) == []


def test_a_significant_change_makes_each_sign_off_stale_naming_the_fact(tmp_path: Path) -> None:
    target = signed_copy(tmp_path, EXAMPLES / "live-facial-recognition.yaml")
    edit(target, lower_threshold)
    found = stale_findings(target)
    where = sorted(f.path for f in found)
    # the threshold is what the DPIA and the transparency record approved; a gate decision is not taken
    # again for it (the change-control table triggers no new gate decision), so gates stay current
    assert where == ["governance.transparency.transparency_record.facts_fingerprint", "sign_off.facts_fingerprint"]
    assert all("since changed: threshold, similarity threshold." in f.message for f in found)
    dpia = next(f for f in found if f.path == "sign_off.facts_fingerprint")
    assert dpia.message.startswith("The DPIA sign-off at sign_off was given for facts")
    assert dpia.line == load_file(target).locate("sign_off.facts_fingerprint")[0]


def test_a_minor_change_leaves_sign_offs_current(tmp_path: Path) -> None:
    target = signed_copy(tmp_path, EXAMPLES / "live-facial-recognition.yaml")

    def minor(d: dict[str, Any]) -> None:
        d["tool"]["contact"] = "lfr@northshire.police.example"
        d["tool"]["description"] += " Reworded."
        d["tool"]["purpose"] = "  " + d["tool"]["purpose"].replace(" ", "\n ")  # re-wrapped, same words

    edit(target, minor)
    assert stale_findings(target) == []


def test_re_approving_makes_it_current_again(tmp_path: Path) -> None:
    target = signed_copy(tmp_path, EXAMPLES / "risk-scoring-engage.yaml")
    edit(target, lambda d: d["tool"]["data_inputs"].append({"name": "Health records", "source": "other_public_sector"}))
    stale = {f.path.rsplit(".", 1)[0] for f in stale_findings(target)}
    assert stale and all("data source" in f.message for f in stale_findings(target))
    first = sorted(stale)[0]
    assert run_sign(SignOptions(dossier=str(target), at=[first])) == 0
    assert {f.path.rsplit(".", 1)[0] for f in stale_findings(target)} == stale - {first}


def test_an_approved_waiver_is_bound_too(tmp_path: Path) -> None:
    data = data_of(EXAMPLES / "demand-dashboard.yaml")
    data["waivers"] = [
        {
            "rule": "WG-001",
            "reason": "The dashboard shows counts only; the board agreed no working group review.",
            "approver": {"name": "C. Chief", "role": "senior_leader"},
            "expires": dt.date(2027, 3, 1),
        }
    ]
    target = dump(data, tmp_path / "d.yaml")
    assert run_sign(SignOptions(dossier=str(target), at=["waivers[0]"])) == 0
    assert stale_findings(target) == []
    edit(target, lambda d: d["processing"].update(personal_data=True, special_category_data=True))
    (finding,) = stale_findings(target)
    assert finding.path == "waivers[0].facts_fingerprint"
    assert "approved waiver" in finding.message
    assert "data protection regime, special category or biometric data" in finding.message


def test_a_hand_edited_fingerprint_is_stale(tmp_path: Path) -> None:
    target = signed_copy(tmp_path, EXAMPLES / "risk-scoring-engage.yaml")
    text = target.read_text(encoding="utf-8")
    i = text.index("sha256: ") + len("sha256: ")
    target.write_text(text[:i] + ("0" if text[i] != "0" else "1") + text[i + 1 :], encoding="utf-8")
    (finding,) = stale_findings(target)
    assert "does not match its facts" in finding.message


def test_the_fingerprint_is_sha256_of_canonical_json_of_the_covered_values() -> None:
    table = load_table()
    clearance = next(s for s in table.sign_offs if s.id == "transparency_clearance")
    data = {"schema_version": 2, "tool": {"purpose": "Find  Wanted people.", "contact": "x@force.example"}}
    # the purpose by its words (a small edit to it is wording); the contact is covered by no sign-off
    values = {"Purpose or aims": [[["tool.purpose", "find wanted people"]]]}
    expected = hashlib.sha256(json.dumps(values, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert fingerprint(table, data, clearance) == {
        "sha256": expected,
        "facts": {"Purpose or aims": expected_digest(values["Purpose or aims"][0])},
    }


def test_a_fact_held_in_list_items_has_a_digest_per_item() -> None:
    table = load_table()
    clearance = next(s for s in table.sign_offs if s.id == "transparency_clearance")
    inputs = [{"name": "A", "origin": "own_force"}, {"name": "B", "origin": "health"}]
    data = {"schema_version": 2, "tool": {"data_inputs": inputs}}
    digests = fingerprint(table, data, clearance)["facts"]["Data source"]
    assert digests == sorted([expected_digest([["origin", "own_force"]]), expected_digest([["origin", "health"]])])
    data["tool"]["data_inputs"] = inputs[::-1]  # the order items are written in is no fact
    assert fingerprint(table, data, clearance)["facts"]["Data source"] == digests


def expected_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:12]


def test_sign_without_options_lists_states_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "d.yaml"
    target.write_bytes((EXAMPLES / "risk-scoring-engage.yaml").read_bytes())
    before = target.read_bytes()
    assert run_sign(SignOptions(dossier=str(target))) == 0
    assert "engage.prioritisation.gate: gate decision: unbound" in capsys.readouterr().out
    assert target.read_bytes() == before
    assert run_sign(SignOptions(dossier=str(target), unbound=True)) == 0
    run_sign(SignOptions(dossier=str(target)))
    assert "unbound" not in capsys.readouterr().out.split("fingerprint written.")[-1]


def test_unknown_at_is_input_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "d.yaml"
    target.write_bytes((EXAMPLES / "risk-scoring-engage.yaml").read_bytes())
    with pytest.raises(InputError, match="no sign-off there"):
        run_sign(SignOptions(dossier=str(target), at=["engage.nowhere.gate"]))
    assert target.read_bytes() == (EXAMPLES / "risk-scoring-engage.yaml").read_bytes()


def test_every_sign_off_kind_covers_the_facts_of_the_reviews_it_stands_for() -> None:
    table = load_table()
    assert {s.id for s in table.sign_offs} == {"gate_decision", "dpia_sign_off", "waiver", "transparency_clearance"}
    for sign_off in table.sign_offs:
        rows = table.covered_rows(sign_off)
        assert rows and all(r.spec.significance == "significant" for r in rows)
        assert all(set(r.spec.triggers) & set(sign_off.approves) for r in rows)
    labels = {s.id: {r.spec.label for r in table.covered_rows(s)} for s in table.sign_offs}
    assert {"Threshold", "Similarity threshold", "Data source", "Scale"} <= labels["dpia_sign_off"]
    assert "Threshold" not in labels["gate_decision"] and "Authorising rank" in labels["gate_decision"]
    assert labels["waiver"] == {r.spec.label for r in table.rows if r.spec.significance == "significant"}


def test_a_fact_the_dossier_does_not_record_is_left_out() -> None:
    table = load_table()
    dpia = next(s for s in table.sign_offs if s.id == "dpia_sign_off")
    data = data_of(EXAMPLES / "demand-dashboard.yaml")
    assert "Model or its version" not in fingerprint(table, data, dpia)["facts"]


def test_a_layout_ddtapp_does_not_write_back_exactly_is_signed_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "odd.yaml"
    target.write_text(
        "schema_version: 2\nstage: engage\ntool:\n   name: Odd   # three-space indent\n"
        "   purpose:    Triage.\nengage:\n   prioritisation:\n      gate:\n         date: 2026-01-05\n"
        "         outcome: proceed\n",
        encoding="utf-8",
    )
    assert run_sign(SignOptions(dossier=str(target), unbound=True)) == 0
    assert "not one ddtapp writes back exactly" in capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert "# three-space indent" in text and "facts_fingerprint:" in text
    assert stale_findings(target) == []
