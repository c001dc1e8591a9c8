"""Proportionality and lifecycle: findings a DPO would call wrong must not appear."""

from __future__ import annotations

from pathlib import Path

from ddtapp.checker.engine import check_file
from tests.conftest import EXAMPLES, TODAY, run_text


def _variant(tmp_path: Path, name: str, replacements: list[tuple[str, str]]) -> Path:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def test_a_document_the_app_lists_at_two_gates_is_recorded_once(pack, tmp_path):
    # The EIA is listed at Stakeholder engagement and at Legal framework: one approved EIA serves both.
    path = _variant(
        tmp_path,
        "live-facial-recognition.yaml",
        [
            (
                "      - {type: equality_impact_assessment, status: approved, "
                "date: 2024-11-01, review_date: 2027-01-31}\n"
                "    gate:\n      decision_maker: {name: Supt Priya Raman, role: project_lead}\n      date: 2024-12-01",
                "    gate:\n      decision_maker: {name: Supt Priya Raman, role: project_lead}\n      date: 2024-12-01",
            )
        ],
    )
    text = path.read_text(encoding="utf-8")
    assert text.count("type: equality_impact_assessment") == 1
    assert [f for f in check_file(path, pack, TODAY).findings if f.status == "open"] == []


def test_retired_tool_gets_no_coming_up_or_review_date_findings(pack, tmp_path):
    path = _variant(
        tmp_path,
        "live-facial-recognition.yaml",
        [
            ("  maturity: operational", "  maturity: retired"),
            ("    deployment: 2025-09-01", "    deployment: 2025-09-01\n    end: 2026-10-01"),
        ],
    )
    later = TODAY.replace(year=TODAY.year + 2)
    findings = check_file(path, pack, later).findings
    assert [f for f in findings if f.status == "coming_up"] == []
    assert [
        f.rule_id for f in findings if f.rule_id in ("DOC-003", "DPIA-013", "RISK-002", "WG-005", "NAT-007", "DP-006")
    ] == []


def test_abandoned_project_has_nothing_coming_up(pack, tmp_path):
    path = _variant(tmp_path, "risk-scoring-engage.yaml", [("  maturity: in_development", "  maturity: abandoned")])
    assert [f for f in check_file(path, pack, TODAY).findings if f.status == "coming_up"] == []


def test_scale_without_personal_data_does_not_raise_the_tier(pack, tmp_path):
    path = _variant(
        tmp_path, "demand-dashboard.yaml", [("  scale: {geography: local}", "  scale: {geography: force_wide}")]
    )
    result = check_file(path, pack, TODAY)
    assert result.assessment.computed_tier == "minimal"
    assert result.findings == ()


def test_no_engagement_is_one_gap_not_four(pack):
    text = (
        "schema_version: 2\nstage: engage\nimpact: {declared_tier: high}\n"
        "processing: {personal_data: true, regime: law_enforcement, contentious: true}\n"
        "engage:\n  stakeholder_engagement:\n    evidence_reviewed: [HMICFRS report]\n"
    )
    ids = {f.rule_id for f in run_text(pack, text).findings if f.path.startswith("engage.stakeholder_engagement.")}
    assert "STAKE-002" in ids
    assert not ids & {"STAKE-005", "STAKE-012", "STAKE-013"}


def test_dpia_trial_to_deployment_review_not_asked_of_a_tool_never_trialled(pack):
    text = (
        "schema_version: 2\nstage: embed\ntool: {maturity: operational, dates: {deployment: 2025-10-01}}\n"
        "processing: {personal_data: true, regime: law_enforcement}\n"
        "engage:\n  legal_framework:\n    documents:\n"
        "      - {type: dpia, status: approved, date: 2025-09-01, review_date: 2027-09-01}\n"
    )
    assert "DPIA-011" not in {f.rule_id for f in run_text(pack, text).findings}


# Six ordinary tools, as a force would record them; the tier a DPO would sign for each.
TOOLS = {
    # force-wide, but a few hundred staff: not large scale, minimal impact
    "staff rota optimiser": (
        "  technology_types: [other]\nprocessing:\n  personal_data: true\n  regime: general\n"
        "  scale: {people_per_year: 600, geography: force_wide}\n",
        "minimal",
    ),
    # every passing vehicle, read by cameras in public places: systematic monitoring of public places on a
    # large scale (Art 35(3)(c)'s words), a high impact whatever the force's size
    "force-wide ANPR": (
        "  technology_types: [other]\nprocessing:\n  personal_data: true\n  regime: law_enforcement\n"
        "  public_space_surveillance: true\n  scale: {people_per_year: 2000000, geography: force_wide}\n",
        "high",
    ),
    # maps that send patrols to places: weight without any personal data
    "place-based predictive mapping": (
        "  technology_types: [predictive_mapping]\nprocessing:\n  personal_data: false\n  regime: law_enforcement\n"
        "  contentious: true\n",
        "moderate",
    ),
    "aggregate demand dashboard": (
        "  technology_types: [dashboard]\nprocessing:\n  personal_data: false\n  regime: general\n"
        "  scale: {geography: force_wide}\n",
        "minimal",
    ),
    "custody risk score": (
        "  technology_types: [individual_risk_scoring]\nprocessing:\n  personal_data: true\n"
        "  regime: law_enforcement\n  special_category_data: true\n  vulnerable_people: true\n"
        "  machine_learning: true\n  scale: {people_per_year: 15000}\n",
        "high",
    ),
    "live facial recognition": (
        "  technology_types: [live_facial_recognition]\nprocessing:\n  personal_data: true\n"
        "  regime: law_enforcement\n  biometric_identification: true\n  public_space_surveillance: true\n"
        "  contentious: true\n  scale: {people_per_year: 400000}\n",
        "very_high",
    ),
}


def test_six_ordinary_tools_get_the_tier_a_dpo_would_sign(pack):
    head = "schema_version: 1\nstage: engage\ntool:\n  name: T\n  force: F\n  maturity: in_development\n"
    tiers = {name: run_text(pack, head + text).assessment.tier for name, (text, _) in TOOLS.items()}
    assert tiers == {name: tier for name, (_, tier) in TOOLS.items()}
    rota = run_text(pack, head + TOOLS["staff rota optimiser"][0]).assessment
    assert "large-scale" not in {f.id for f in rota.factors if f.matched}  # geography alone is not scale
