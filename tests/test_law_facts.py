"""Issue 15, the law the pack did not check: external parties' vetting and agreements (WG-013), reasons of
substance for overruling the DPO (SIGN-002), and the recorded data protection facts (processors, retention,
information to data subjects, criminal offence data, the appropriate policy document under Schedule 1,
international transfers), each rule with a dossier on which it fires (rule id and line) and one on which it
does not, judged by the regime of the dossier and the law of the day."""

from __future__ import annotations

import datetime as dt

from tests.conftest import run_text

BASE = """\
schema_version: 2
stage: engage
tool:
  name: T
  force: Example Constabulary
  owner: {name: A. Lead, role: project_lead}
  maturity: in_development
"""
BASE_LINES = BASE.count("\n")


def found(pack, text: str, day: str = "2026-11-21", stage: str = "engage") -> dict[str, list[tuple[str, int]]]:
    """Open findings by rule: (severity, line within ``text``)."""
    result = run_text(pack, BASE.replace("stage: engage", f"stage: {stage}") + text, today=dt.date.fromisoformat(day))
    out: dict[str, list[tuple[str, int]]] = {}
    for f in result.findings:
        if f.status == "open":
            out.setdefault(f.rule_id, []).append((f.severity, f.line - BASE_LINES))
    return out


# ---------------------------------------------------------------- WG-013: everyone outside the force with access

WG = """\
governance:
  working_group:
    members:
      - {name: A. Analyst, role: analyst, external: false}
    external_parties:
      - name: Dr P. Shah
        organisation: University of Exampleshire
        kind: evaluator
        data_access: personal_data
        vetting_level: NPPV 2
"""


def test_wg_013_an_external_evaluator_with_access_needs_an_agreement(pack):
    assert found(pack, WG)["WG-013"] == [("error", 6)]  # the evaluator's entry


def test_wg_013_an_evaluator_vetted_and_bound_passes(pack):
    signed = WG + "        data_sharing_agreement: true\n"
    assert "WG-013" not in found(pack, signed)
    by_document = WG + "        agreement: {type: data_sharing_agreement, status: approved, date: 2026-03-01}\n"
    assert "WG-013" not in found(pack, by_document)


def test_wg_013_an_unvetted_red_team_is_found_and_a_party_without_access_is_not(pack):
    red_team = WG.replace("kind: evaluator", "kind: red_team").replace("        vetting_level: NPPV 2\n", "")
    red_team += "        data_sharing_agreement: true\n"
    assert found(pack, red_team)["WG-013"] == [("error", 6)]
    no_access = WG.replace("data_access: personal_data", "data_access: none")
    no_access = no_access.replace("        vetting_level: NPPV 2\n", "")
    assert "WG-013" not in found(pack, no_access)


def test_wg_013_still_checks_external_members(pack):
    text = """\
governance:
  working_group:
    members:
      - {name: Dr M. Green, role: academic, external: true, vetting_level: NPPV 2}
"""
    assert found(pack, text)["WG-013"] == [("error", 4)]
    assert "WG-013" not in found(pack, text.replace("NPPV 2}", "NPPV 2, data_sharing_agreement: true}"))


# ---------------------------------------------------------------- SIGN-002: a reason engages with the advice

DPO = """\
processing:
  personal_data: true
  regime: law_enforcement
sign_off:
  dpo_advice:
    given_by: {name: C. Morgan, role: dpo}
    summary: Run the bias tests on the force's own custody images before the pilot goes live.
    outcome: overruled
    decided_by: {name: ACC D. Rees, role: chief_officer}
"""


def test_sign_002_pilot_timetable_is_not_a_reason(pack):
    for reason in (
        "Pilot timetable",
        "Cost.",
        "Operational need; decided by the chief officer.",
        "The pilot must not be delayed, the go-live date was agreed with the supplier.",
    ):
        got = found(pack, DPO + f"    reasons_if_overruled: {reason}\n")
        assert got["SIGN-002"] == [("warning", 10)], reason


def test_sign_002_a_reason_that_never_touches_the_advice_is_found(pack):
    text = DPO + "    reasons_if_overruled: The public expect modern policing and officers welcome the new system.\n"
    assert found(pack, text)["SIGN-002"] == [("warning", 10)]


def test_sign_002_a_reason_that_answers_the_advice_passes(pack):
    reason = (
        "The supplier's bias tests used 40,000 custody-style images from three UK forces; the force's own images"
        " will be tested in the first month of the pilot, with alerts reviewed by two officers until then."
    )
    assert "SIGN-002" not in found(pack, DPO + f"    reasons_if_overruled: {reason}\n")


def test_sign_002_missing_reasons_are_found(pack):
    assert found(pack, DPO)["SIGN-002"] == [("warning", 5)]


def test_sign_001_is_an_error(pack):
    text = """\
processing:
  personal_data: true
  regime: law_enforcement
engage:
  legal_framework:
    documents:
      - {type: dpia, status: draft}
"""
    assert found(pack, text)["SIGN-001"][0][0] == "error"


# ---------------------------------------------------------------- recorded data protection facts


def _dp(regime: str, body: str, extra: str = "") -> str:
    text = f"processing:\n  personal_data: true\n  regime: {regime}\n{extra}"
    return text + "engage:\n  legal_framework:\n    data_protection:\n" + body


def test_data_007_a_processor_needs_a_contract_with_the_statutory_terms(pack):
    body = "      processors:\n        - name: Example Vision Ltd\n          processing: Hosts the service.\n"
    assert found(pack, _dp("law_enforcement", body))["DATA-007"] == [("error", 8)]  # the processor's entry
    with_contract = body + "          contract: {type: other, status: approved, date: 2026-01-12}\n"
    assert found(pack, _dp("general", with_contract + "          statutory_terms: false\n"))["DATA-007"] == [
        ("error", 11)
    ]
    assert "DATA-007" not in found(pack, _dp("general", with_contract + "          statutory_terms: true\n"))


def test_data_007_cites_s59_for_part_3_and_article_28_otherwise(pack):
    body = "      processors:\n        - name: Example Vision Ltd\n"
    for regime, cited, day in (
        ("law_enforcement", "DPA 2018 s59", "2026-11-21"),
        ("general", "UK GDPR Art 28", "2026-11-21"),
        ("general", "GDPR (EU) 2016/679 Art 28", "2019-06-01"),
    ):
        result = run_text(pack, BASE + _dp(regime, body), today=dt.date.fromisoformat(day))
        (f,) = [f for f in result.findings if f.rule_id == "DATA-007"]
        assert cited in f.basis, (regime, day, f.basis)
    # before 25 May 2018 neither Part 3 nor the GDPR was in force: the DPA 1998's seventh principle was
    before = run_text(pack, BASE + _dp("law_enforcement", body), today=dt.date(2018, 4, 1))
    (f,) = [f for f in before.findings if f.rule_id == "DATA-007"]
    assert f.basis == ("DPA 1998 Sch 1 Pt II paras 11-12",) and "Sch 1 Pt II paras 11-12" in f.message
    assert "s59" not in f.message and "Art 28" not in f.message


def test_before_25_may_2018_the_dpa_1998_duties_and_nothing_later(pack):
    text = _dp(
        "general",
        "      processors:\n        - name: Example Vision Ltd\n"
        "      sensitive_processing: {schedule_1_paragraph: 6}\n",
        "  criminal_offence_data: true\n  special_category_data: true\n",
    )
    result = run_text(pack, BASE.replace("stage: engage", "stage: evolve") + text, today=dt.date(2017, 6, 1))
    by_rule = {f.rule_id: f for f in result.findings if f.status == "open"}
    assert {"DATA-007", "DATA-008", "DATA-010"} <= set(by_rule)
    assert by_rule["DATA-008"].basis == ("DPA 1998 Sch 1 Pt I para 5",)
    assert "s29" in by_rule["DATA-010"].message and "s44" not in by_rule["DATA-010"].message
    # s39(2)'s periodic review, Art 10 and Schedule 1 came with the DPA 2018 and the GDPR
    assert not {"DATA-009", "DATA-011", "DATA-012"} & set(by_rule)


def test_data_008_retention_period_from_the_dossier_or_the_privacy_policy(pack):
    assert found(pack, _dp("law_enforcement", "      lawful_basis: s35\n"))["DATA-008"] == [("error", 6)]
    assert "DATA-008" not in found(pack, _dp("general", "      retention: {period: 12 months}\n"))
    policy = "governance:\n  privacy_policy:\n    data_protection:\n      retention: Outputs kept 12 months.\n"
    assert "DATA-008" not in found(pack, _dp("general", "      lawful_basis: x\n", extra="") + policy)


def test_data_009_periodic_review_is_asked_of_part_3_processing_only(pack):
    body = "      retention:\n        period: 12 months.\n"
    assert found(pack, _dp("law_enforcement", body), stage="evolve")["DATA-009"] == [("error", 7)]
    assert "DATA-009" not in found(pack, _dp("general", body), stage="evolve")
    reviewed = body + "        review_interval: Every six months under MoPI.\n"
    assert "DATA-009" not in found(
        pack, _dp("law_enforcement", reviewed + "        next_review: 2027-01-01\n"), stage="evolve"
    )
    assert found(pack, _dp("mixed", reviewed + "        next_review: 2026-01-01\n"), stage="evolve")["DATA-009"] == [
        ("error", 10)
    ]


def test_data_009_and_010_are_coming_up_at_engage(pack):
    result = run_text(pack, BASE + _dp("law_enforcement", "      lawful_basis: s35\n"))
    coming = {f.rule_id for f in result.findings if f.status == "coming_up"}
    assert {"DATA-009", "DATA-010"} <= coming


def test_data_010_information_to_data_subjects_or_a_recorded_restriction(pack):
    assert found(pack, _dp("law_enforcement", "      privacy_notice: {published: true}\n"), stage="evolve")[
        "DATA-010"
    ] == [("error", 7)]
    published = "      privacy_notice: {published: true, location: 'https://www.example.police.uk/privacy'}\n"
    assert "DATA-010" not in found(pack, _dp("general", published), stage="evolve")
    restricted = "      privacy_notice: {restrictions: 'Notice delayed while an investigation is live (s44(4)).'}\n"
    assert "DATA-010" not in found(pack, _dp("law_enforcement", restricted), stage="evolve")


def test_data_011_criminal_offence_data_under_the_general_regime(pack):
    flag = "  criminal_offence_data: true\n"
    assert found(pack, _dp("general", "      lawful_basis: x\n", flag))["DATA-011"] == [("error", 7)]
    assert "DATA-011" not in found(pack, _dp("law_enforcement", "      lawful_basis: x\n", flag))
    basis = "      sensitive_processing: {article_10_basis: 'Sch 1 para 1: employment (staff vetting).'}\n"
    assert "DATA-011" not in found(pack, _dp("general", basis, flag))


def test_data_012_a_schedule_1_condition_that_needs_a_policy_document(pack):
    flags = "  special_category_data: true\n"
    needs = "      sensitive_processing:\n        schedule_1_paragraph: 6\n"
    assert found(pack, _dp("general", needs, flags))["DATA-012"] == [("error", 8)]
    # para 2 (health or social care) needs none
    assert "DATA-012" not in found(pack, _dp("general", needs.replace(": 6", ": 2"), flags))
    # Part 3 processing has its own (s42, DP-004)
    assert "DATA-012" not in found(pack, _dp("law_enforcement", needs, flags))
    approved = needs + "        appropriate_policy_document: {type: appropriate_policy_document, status: approved}\n"
    assert "DATA-012" not in found(pack, _dp("general", approved, flags))
    draft = approved.replace("approved}", "draft}")
    assert found(pack, _dp("general", draft, "  criminal_offence_data: true\n"))["DATA-012"] == [("error", 10)]


# ---------------------------------------------------------------- each rule cites what it enforces


def test_rules_cite_only_what_they_enforce(pack):
    refs = {r.id: r.spec.app_refs for r in pack.rules}
    # waivers are ddtapp's own mechanism, prior consultation is the law's, reasons for overruling the DPO the
    # ICO template's: none enforces an APP requirement, so none pads the APP's coverage
    for rule_id in ("WAIVER-001", "WAIVER-002", "WAIVER-003", "WAIVER-004", "DPIA-015", "SIGN-002"):
        assert refs[rule_id] == [], rule_id
    assert "ENG-LEGAL-16" not in refs["HR-008"] and "ENG-LEGAL-13" not in refs["SIGN-003"]
    assert refs["DATA-003"] == ["ENG-LEGAL-09"]  # transfers: processing complies with the law, not "do a DPIA"


def test_coverage_lists_judgements_and_rules_beyond_the_app(pack):
    from ddtapp.commands.rules import coverage, coverage_markdown

    text = coverage_markdown(pack)
    judged = text.split("## Presence checked, judgement left to people", 1)[1].split("## Rules beyond the APP")[0]
    assert "| STAKE-013 | ENG-STAKE-07 |" in judged and "| SIGN-002 | - |" in judged
    beyond = text.split("## Rules beyond the APP", 1)[1]
    assert "| WAIVER-001 |" in beyond and "| DPIA-015 |" in beyond and "DPA 2018 s65" in beyond
    # a rule beyond the APP is counted against no APP requirement
    assert all("WAIVER-001" not in row.rules and "DPIA-015" not in row.rules for row in coverage(pack))


def test_a_rule_beyond_the_app_is_explained_and_reported_without_an_empty_citation(pack, capsys):
    from tests.helpers import run

    code, out, _ = run(["explain", "DPIA-015"], capsys)
    assert code == 0 and "not an APP requirement" in out and '""' not in out
    result = run_text(pack, BASE + RISK_HIGH)
    (f,) = [f for f in result.findings if f.rule_id == "DPIA-015"]
    assert f.app_refs == () and "DPA 2018 s65" in f.basis


RISK_HIGH = """\
processing:
  personal_data: true
  regime: law_enforcement
risk_register:
  - {id: R1, description: Wrongful arrest on a false match., likelihood: possible, severity: severe, overall: high}
"""


# ---------------------------------------------------------------- s50A and Art 22A: what a significant decision is


def _adm(regime: str, adverse: str) -> str:
    return (
        "processing:\n  personal_data: true\n"
        f"  regime: {regime}\n  special_category_data: true\n"
        "  automated_decisions:\n    solely_automated: true\n    effect: legal\n"
        f"    adverse: {adverse}\n"
    )


TOP = 1 - BASE_LINES  # a finding about a section the dossier does not have is reported at its first line


def test_part_3_counts_only_adverse_effects_as_significant(pack):
    # s50A(1)(b): "an adverse legal effect" or "a similarly significant adverse effect"
    adverse = found(pack, _adm("law_enforcement", "true"))
    assert adverse["ADM-010"] == [("error", TOP)] and "ADM-011" in adverse
    benign = found(pack, _adm("law_enforcement", "false"))
    assert not {"ADM-010", "ADM-011"} & set(benign)
    # not recorded: taken as adverse
    unknown = _adm("law_enforcement", "null")
    assert "ADM-010" in found(pack, unknown)


def test_the_uk_gdpr_counts_any_legal_or_similarly_significant_effect(pack):
    # Art 22A(1)(b): "a legal effect" or "a similarly significant effect", adverse or not
    benign = found(pack, _adm("general", "false"))
    assert benign["ADM-012"] == [("error", TOP)] and "ADM-013" in benign


def test_data_003_a_transfer_needs_its_mechanism_and_where_it_goes(pack):
    body = "      international_transfers:\n        outside_uk: true\n"
    assert found(pack, _dp("general", body + "        countries: [United States]\n"))["DATA-003"] == [("error", 7)]
    no_country = body + "        mechanism: International data transfer agreement with the supplier.\n"
    assert found(pack, _dp("law_enforcement", no_country))["DATA-003"] == [("error", 7)]
    both = no_country + "        countries: [United States]\n"
    assert "DATA-003" not in found(pack, _dp("law_enforcement", both))
    assert "DATA-003" not in found(pack, _dp("general", "      international_transfers: {outside_uk: false}\n"))


def test_sign_002_advice_recorded_only_by_reference_judges_the_reason_alone(pack):
    text = DPO.replace(
        "summary: Run the bias tests on the force's own custody images before the pilot goes live.",
        "summary: See memo DPO/2026/14.",
    )
    reason = "    reasons_if_overruled: The public expect modern policing and officers welcome the new system.\n"
    assert "SIGN-002" not in found(pack, text + reason)  # nothing to engage with: the reason has substance
    assert found(pack, text + "    reasons_if_overruled: Pilot timetable.\n")["SIGN-002"] == [("warning", 10)]


def test_explain_says_what_a_presence_check_cannot_judge(capsys):
    from tests.helpers import run

    code, out, _ = run(["explain", "STAKE-013"], capsys)
    assert code == 0 and "What it cannot judge" in out and "judgement on the evidence" in out
    code, out, _ = run(["explain", "DP-001"], capsys)
    assert code == 0 and "What it cannot judge" not in out
