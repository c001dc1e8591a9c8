"""Retired and abandoned tools (issue 15, item 5): asked what still applies to them (why and when they stopped,
what became of their data, subject access to what is kept, where their records are, the register), never the
design-stage or deployment duties. Which rules apply in which maturity is data: ``applies_while``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ddtapp.checker.engine import check_file
from tests.conftest import EXAMPLES, ROOT, TODAY, run_text

DOSSIERS = ROOT / "tests" / "data" / "dossiers"


def _open(result) -> list[tuple[str, int]]:
    return sorted((f.rule_id, f.line) for f in result.findings if f.status == "open")


def _variant(tmp_path: Path, source: Path, replacements: list[tuple[str, str]]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / source.name
    out.write_text(text, encoding="utf-8")
    return out


# ------------------------------------------------------------------ the data: which rules a stopped tool gets

#: Every built-in rule asked of a retired tool. A rule added to this list (by `applies_while` in the pack) is a
#: decision that it still applies once a tool has stopped; this test makes that decision visible.
STILL_APPLIES = {
    "SCOPE-002",  # the tool's identity
    "SCOPE-003",  # its problem and purpose (FOI question 3)
    "SCOPE-004",  # the processing facts: which law applied to its data
    "SCOPE-005",  # covert use is outside the APP
    "TRANS-001",  # on the force's list of DDTs
    "PUB-002",  # a secret never repeated in a published field
    "WAIVER-001",
    "WAIVER-002",
    "WAIVER-003",
    "WAIVER-004",
    "END-001",  # why and when it stopped
    "END-002",  # what became of its personal data
    "END-003",  # destroyed: when and how
    "END-004",  # kept: what, why, and until a review date
    "END-005",  # subject access to what is kept
    "END-006",  # where its records are kept
}


def test_the_rules_a_retired_or_abandoned_tool_is_asked_are_exactly_what_still_applies(pack):
    for maturity in ("retired", "abandoned"):
        assert {r.id for r in pack.rules if maturity in r.phases} == STILL_APPLIES
    # and the ending rules are asked of no tool still being developed or used
    ending = {r.id for r in pack.rules if r.section.id == "ending"}
    for maturity in ("in_development", "pilot", "operational"):
        assert not ending & {r.id for r in pack.rules if maturity in r.phases}


def test_a_full_lfr_dossier_once_retired_gets_only_what_still_applies(pack, tmp_path):
    path = _variant(
        tmp_path,
        EXAMPLES / "live-facial-recognition.yaml",
        [
            ("  maturity: operational", "  maturity: retired"),
            ("    deployment: 2025-09-01", "    deployment: 2025-09-01\n    end: 2026-10-01"),
        ],
    )
    findings = check_file(path, pack, TODAY).findings
    assert {f.rule_id for f in findings} == {"END-001", "END-002", "END-006"}


# ------------------------------------------------------------------ a retired ANPR-derived tool

ANPR = DOSSIERS / "retired-anpr-matcher.yaml"


def test_retired_anpr_matcher_is_asked_only_about_subject_access_and_its_records(pack):
    result = check_file(ANPR, pack, TODAY)
    assert _open(result) == [("END-005", 60), ("END-006", 54)]
    assert {f.path for f in result.findings} == {"tool.ending.data.subject_access", "tool.ending.records_kept"}


def test_retired_tool_without_the_fate_of_its_data_is_told(pack, tmp_path):
    text = ANPR.read_text(encoding="utf-8")
    start, end = text.index("    data:\n"), text.index("\nprocessing:")
    path = tmp_path / "anpr.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = check_file(path, pack, TODAY)
    assert ("END-002", 54) in _open(result)
    (finding,) = [f for f in result.findings if f.rule_id == "END-002"]
    assert finding.severity == "error" and "DPA 2018 s39" in finding.basis


def test_retired_tool_without_the_reason_it_stopped_is_told(pack, tmp_path):
    path = _variant(
        tmp_path,
        ANPR,
        [
            (
                "    reasons: >-\n      The National ANPR Service now matches reads against local hotlists within"
                " seconds, so the local matcher\n      duplicated it; the supplier's support for the software ended"
                " in March 2024.\n",
                "",
            )
        ],
    )
    assert ("END-001", 54) in _open(check_file(path, pack, TODAY))


def test_destroyed_data_without_a_date_is_told(pack, tmp_path):
    path = _variant(tmp_path, ANPR, [("      destroyed_on: 2024-05-14\n", "")])
    assert ("END-003", 60) in _open(check_file(path, pack, TODAY))


def test_retained_data_past_its_review_date_is_told(pack, tmp_path):
    path = _variant(tmp_path, ANPR, [("      review_date: 2027-05-14", "      review_date: 2025-05-14")])
    result = check_file(path, pack, TODAY)
    assert ("END-004", 70) in _open(result)
    assert [f.severity for f in result.findings if f.rule_id == "END-004"] == ["error"]


def test_retired_tool_judged_before_2018_cites_the_dpa_1998(pack, tmp_path):
    path = _variant(tmp_path, ANPR, [("      outcome: partly_retained\n", "")])
    result = check_file(path, pack, dt.date(2017, 6, 1))
    (finding,) = [f for f in result.findings if f.rule_id == "END-002"]
    assert "DPA 1998 Sch 1 Pt 1 para 5" in finding.basis
    assert "DPA 2018" not in " ".join(finding.basis) and "DPA 1998" in finding.message


# ------------------------------------------------------------------ abandoned tools

PILOT = DOSSIERS / "abandoned-pilot.yaml"


def test_abandoned_pilot_with_everything_recorded_has_no_findings(pack):
    assert check_file(PILOT, pack, TODAY).findings == ()


def test_abandoned_pilot_that_held_live_data_is_asked_what_became_of_it(pack, tmp_path):
    text = PILOT.read_text(encoding="utf-8")
    start, end = text.index("    data:\n"), text.index("    records_kept:")
    path = tmp_path / "pilot.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert _open(check_file(path, pack, TODAY)) == [("END-002", 46)]


ABANDONED_IN_DEVELOPMENT = """\
schema_version: 2
stage: engage
tool:
  name: Custody Reoffending Risk Score
  reference: DDT-2026-004
  force: Example Constabulary
  owner: {name: DI Sam Holt, role: project_lead}
  maturity: abandoned
  problem: Diversion schemes reach the wrong people.
  purpose: Score adults in custody for their likelihood of reoffending, to offer diversion.
  technology_types: [individual_risk_scoring]
  dates: {development_start: 2026-01-12, end: 2026-06-30}
  ending:
    decided_on: 2026-06-24
    reasons: The ethics board advised against proceeding before any data was extracted; the force agreed.
    data: {outcome: none_held}
    records_kept: Project file in the records management system, six years.
processing:
  regime: law_enforcement
  personal_data: true
  special_category_data: true
  vulnerable_people: true
  machine_learning: true
"""


def test_abandoned_before_any_data_is_asked_nothing_about_data_or_deployment(pack):
    result = run_text(pack, ABANDONED_IN_DEVELOPMENT)
    assert result.assessment.tier == "high"
    assert _open(result) == []  # no DPIA, engagement, data or deployment questions


def test_an_unrecorded_maturity_is_judged_as_a_tool_in_use(pack):
    text = ABANDONED_IN_DEVELOPMENT.replace("  maturity: abandoned\n", "")
    ids = {f.rule_id for f in run_text(pack, text).findings}
    assert "SCOPE-002" in ids and "DPIA-001" in ids and not any(i.startswith("END-") for i in ids)
    # an ending recorded without a maturity is not enough to ask what a stopped tool is asked
    assert "END-002" not in {f.rule_id for f in run_text(pack, text.replace("{outcome: none_held}", "{}")).findings}


def test_the_report_of_a_stopped_tool_says_whether_its_record_is_complete_not_its_gate(capsys):
    from tests.helpers import run

    _code, out, _err = run(["check", str(ANPR), str(PILOT), "--today", "2026-11-21", "--color", "never"], capsys)
    assert "· Retired: record not complete" in out and "· Abandoned: record complete" in out
    assert "gate: " not in out
