"""The legal review's fixes (issue 15, item 4): each with a dossier on which the corrected rule fires and
one on which it does not."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.conftest import run_text

BASE = """\
schema_version: 1
stage: engage
tool:
  name: T
  force: Example Constabulary
  owner: {name: A. Lead, role: project_lead}
  maturity: in_development
"""


def open_ids(pack, text: str, day: str = "2026-11-21") -> dict[str, str]:
    result = run_text(pack, BASE + text, today=dt.date.fromisoformat(day))
    return {f.rule_id: f.severity for f in result.findings if f.status == "open"}


def test_dpia_002_is_large_scale_special_category_or_high_risk(pack):
    small = "processing:\n  personal_data: true\n  regime: general\n  special_category_data: true\n"
    large = small + "  scale: {people_per_year: 50000}\n"
    assert "DPIA-002" not in open_ids(pack, small)  # Art 35(3)(b) needs large scale; Art 35(1) a high risk
    assert open_ids(pack, large)["DPIA-002"] == "error"


RISK = """\
processing:
  personal_data: true
  regime: law_enforcement
risk_register:
  - {id: R1, description: Wrongful arrest on a false match., likelihood: possible, severity: severe, overall: high,
     measures: Human review of every alert., effect: reduced, residual: medium, approved: false}
"""


def test_dpia_015_turns_on_high_risk_without_measures_whatever_its_approval(pack):
    assert open_ids(pack, RISK)["DPIA-015"] == "error"
    consulted = RISK + (
        "engage:\n  legal_framework:\n    dpia:\n      prior_consultation:\n"
        "        {regulator: Information Commissioner, date: 2026-01-10, outcome: No objection.}\n"
    )
    assert "DPIA-015" not in open_ids(pack, consulted)
    assert "DPIA-015" not in open_ids(pack, RISK.replace("overall: high", "overall: medium"))


FRS = """\
  technology_types: [retrospective_facial_recognition]
processing:
  personal_data: true
  regime: law_enforcement
"""


def test_a_facial_recognition_search_is_sensitive_processing_without_the_flags(pack):
    found = open_ids(pack, FRS)
    assert {"DP-002", "DP-003", "DP-004"} <= set(found)


def test_biometric_data_alone_is_not_processed_to_uniquely_identify(pack):
    text = "processing:\n  personal_data: true\n  regime: law_enforcement\n  biometric_data: true\n"
    assert not {"DP-002", "DP-003", "DP-004"} & set(open_ids(pack, text))
    identifying = text + "  biometric_identification: true\n"
    assert {"DP-002", "DP-003", "DP-004"} <= set(open_ids(pack, identifying))


def test_hr_002_and_hr_008_article_8_not_engaged_is_an_error(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: law_enforcement\n"
        "engage:\n  legal_framework:\n    human_rights:\n      articles_engaged: [14]\n"
        "    dpia:\n      completed: 2026-01-01\n      article_8_engaged: false\n"
    )
    found = open_ids(pack, text)
    assert found["HR-002"] == "error" and found["HR-008"] == "error"
    fixed = text.replace("[14]", "[8, 14]").replace("article_8_engaged: false", "article_8_engaged: true")
    assert not {"HR-002", "HR-008"} & set(open_ids(pack, fixed))


def test_sign_001_is_an_error_when_a_dpia_is_carried_out_and_sign_002_a_warning(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: general\n"
        "engage:\n  legal_framework:\n    documents:\n      - {type: dpia, title: DPIA, status: draft}\n"
        "sign_off:\n  dpo_advice:\n    given_by: {name: C. Morgan, role: dpo}\n    date: 2026-02-24\n"
    )
    assert open_ids(pack, text)["SIGN-001"] == "error"
    no_dpia = text.replace("      - {type: dpia, title: DPIA, status: draft}\n", "      []\n").replace(
        "    documents:\n      []\n", "    documents: []\n"
    )
    assert "SIGN-001" not in open_ids(pack, no_dpia)
    overruled = text + "    summary: A DPIA is needed now.\n    outcome: overruled\n"
    assert open_ids(pack, overruled)["SIGN-002"] == "warning"


@pytest.mark.parametrize("rule", ["ADM-006", "ADM-007"])
def test_article_22_prohibition_and_safeguards_are_errors_while_article_22_stood(pack, rule):
    text = (
        "processing:\n  personal_data: true\n  regime: general\n"
        "  automated_decisions: {solely_automated: true, effect: legal}\n"
    )
    if rule == "ADM-007":
        text += "engage:\n  legal_framework:\n    automated_decisions: {article_22_condition: contract}\n"
    assert open_ids(pack, text, "2025-12-01")[rule] == "error"
    assert rule not in open_ids(pack, text, "2026-11-21")


def test_priv_004_logs_are_a_duty_at_every_tier(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: law_enforcement\n"
        "governance:\n  privacy_policy:\n    data_protection: {retention: Six months.}\n"
    )
    assert open_ids(pack, text)["PRIV-004"] == "error"
    logged = text.replace("{retention: Six months.}", "{retention: Six months., logging: Every search is logged.}")
    assert "PRIV-004" not in open_ids(pack, logged)


def test_senior_leaders_network_attendance_is_not_a_finding_on_a_tool(pack):
    assert pack.rule("NAT-006") is None and pack.rule("NAT-007") is None
    assert pack.catalogue["GOV-NAT-06"].not_checkable


def test_psed_001_asks_all_three_aims_and_not_applicable_is_no_answer(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: law_enforcement\n"
        "engage:\n  legal_framework:\n    psed:\n      elimination_measures: Outcomes monitored by group.\n"
    )
    assert open_ids(pack, text)["PSED-001"] == "error"
    all_three = (
        text + "      equality_of_opportunity: Accessible routes to challenge.\n      good_relations: IAG reviews.\n"
    )
    assert "PSED-001" not in open_ids(pack, all_three)
    assert "PSED-001" in open_ids(pack, all_three.replace("IAG reviews.", "Not applicable"))


WAIVED = """\
processing:
  personal_data: true
  regime: law_enforcement
waivers:
  - rule: {rule}
    reason: Supplier says it is fine.
    approver: {{name: A. User, role: {role}}}
    expires: 2027-03-01
"""


def _statuses(pack, rule: str, role: str) -> tuple[str | None, bool]:
    result = run_text(pack, BASE + WAIVED.format(rule=rule, role=role))
    status = next((f.status for f in result.findings if f.rule_id == rule), None)
    return status, any(f.rule_id == "WAIVER-004" for f in result.findings)


def test_a_waiver_of_a_rule_resting_on_law_needs_an_approver_with_authority(pack):
    assert _statuses(pack, "DP-001", "tool_user") == ("open", True)
    assert _statuses(pack, "DP-001", "dpo") == ("waived", False)
    narrowed = dataclasses.replace(pack, waiver_approvers=("siro",))  # a force's configuration narrows the roles
    assert _statuses(narrowed, "DP-001", "dpo") == ("open", True)


def test_a_statutory_prohibition_cannot_be_waived(pack):
    text = "  technology_types: [retrospective_facial_recognition]\n" + WAIVED.format(rule="DP-003", role="siro")
    result = run_text(pack, BASE + text)
    assert next(f.status for f in result.findings if f.rule_id == "DP-003") == "open"
    assert any(f.rule_id == "WAIVER-004" and "prohibition" in f.message for f in result.findings)


def test_a_stop_or_revisit_gate_holds_the_project_until_a_later_decision(pack):
    gate = (
        "processing:\n  personal_data: false\n  regime: general\n"
        "engage:\n  legal_framework:\n    gate: {decision_maker: {name: P. Lead, role: project_lead}, "
        "date: 2026-05-01, outcome: stop, question_answered: 'No.'}\n"
    )
    assert open_ids(pack, gate)["GATE-004"] == "warning"
    assert "GATE-004" not in open_ids(pack, gate.replace("outcome: stop", "outcome: proceed"))
    assert "GATE-004" in open_ids(pack, gate.replace("outcome: stop", "outcome: revisit"))


def test_the_dpos_reasoned_advice_that_no_dpia_is_needed_is_honoured_and_shown(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: law_enforcement\n"
        "engage:\n  legal_framework:\n    data_protection:\n"
        "      dpo_advice_on_dpia_need: {date: 2026-02-20, summary: Duty rota names only; no DPIA needed.}\n"
        "      dpia_needed: false\n"
    )
    found = open_ids(pack, text)
    assert "DPIA-001" not in found and found["DPIA-016"] == "info"
    result = run_text(pack, BASE + text)
    shown = next(f for f in result.findings if f.rule_id == "DPIA-016")
    assert shown.path.endswith("dpo_advice_on_dpia_need.summary")
    # not where the law requires a DPIA: sensitive processing is likely to be high risk (s64(1))
    sensitive = text.replace(
        "  regime: law_enforcement\n", "  regime: law_enforcement\n  special_category_data: true\n"
    )
    assert "DPIA-001" in open_ids(pack, sensitive) and "DPIA-016" not in open_ids(pack, sensitive)


def test_waiver_approvers_come_from_the_configuration(tmp_path):
    from ddtapp.commands.config import load_config

    path = tmp_path / ".ddtapp.yaml"
    path.write_text("waiver-approvers: [siro, chief_officer]\n", encoding="utf-8")
    assert load_config(path).waiver_approvers == ("siro", "chief_officer")
