"""Proportionality and lifecycle: findings a DPO would call wrong must not appear."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddtapp.checker.engine import check_file
from tests.conftest import EXAMPLES, ROOT, TODAY, run_text


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
                "date: 2024-11-01, review_date: 2027-01-31, "
                "approved_by: {name: ACC Daniel Okafor, role: senior_leader}, approved_on: 2024-11-01}\n"
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


# ------------------------------------------------------------------ the tier factors as a force records them

ANPR_AS_RECORDED = """\
schema_version: 2
stage: embed
tool:
  name: ANPR
  force: F
  maturity: operational
  technology_types: [automatic_number_plate_recognition]
  data_inputs:
    - {name: Reads from fixed cameras, origin: own_force, personal_data: true, update: live_feed}
    - {name: PNC vehicle records, origin: national_police_system, personal_data: true, update: live_feed}
  decisions:
    - decision: Whether to stop the vehicle
      about: Drivers of vehicles on a hotlist
      powers: [vehicle_stop, arrest, seizure]
processing:
  personal_data: true
  regime: law_enforcement
  scale: {people_per_year: 2000000, geography: force_wide}
"""


def test_anpr_written_with_its_technology_type_carries_weight(pack):
    # no public_space_surveillance flag: the technology type, the matching and the powers are enough
    a = run_text(pack, ANPR_AS_RECORDED).assessment
    matched = {f.id for f in a.factors if f.matched}
    assert {"mass-collection", "data-matching", "coercive-powers", "large-scale"} <= matched
    assert a.computed_tier == "high"


def test_powers_recorded_as_none_and_data_from_one_origin_add_nothing(pack):
    text = (
        ANPR_AS_RECORDED.replace("powers: [vehicle_stop, arrest, seizure]", "powers: [none]")
        .replace("origin: national_police_system", "origin: own_force")
        .replace("[automatic_number_plate_recognition]", "[other]")
    )
    matched = {f.id for f in run_text(pack, text).assessment.factors if f.matched}
    assert not matched & {"mass-collection", "data-matching", "coercive-powers"}
    # matching the force records itself counts, whatever the origins
    told = text.replace("  regime: law_enforcement\n", "  regime: law_enforcement\n  data_matching: true\n")
    assert "data-matching" in {f.id for f in run_text(pack, told).assessment.factors if f.matched}


def test_place_targeting_recorded_by_the_force_counts_without_predictive_mapping(pack):
    text = (
        "schema_version: 2\nstage: engage\ntool: {technology_types: [dashboard]}\n"
        "processing: {personal_data: false, regime: law_enforcement, place_targeting: true}\n"
    )
    a = run_text(pack, text).assessment
    assert "place-targeting" in {f.id for f in a.factors if f.matched} and a.computed_tier == "moderate"


# ------------------------------------------------------------------ a DPO-justified lower tier

ROTA = ROOT / "tests" / "data" / "dossiers" / "staff-rota-optimiser.yaml"


def test_staff_rota_optimiser_gets_the_dpo_justified_minimal_tier_with_its_reasons(pack):
    result = check_file(ROTA, pack, TODAY)
    a = result.assessment
    assert (a.computed_tier, a.tier) == ("moderate", "minimal")
    assert a.tier_justification and a.tier_justification.startswith("The only health data is a yes/no")
    # the law every tool processing personal data answers to (retention, telling people) applies at any tier;
    # legal advice on the Art 8 it engages is the APP's ask (HR-006), not the law's: from moderate tier
    assert sorted((f.rule_id, f.line, f.status) for f in result.findings) == [
        ("DATA-008", 84, "open"),
        ("DATA-010", 84, "open"),
        ("TIER-002", 72, "open"),
    ]


def _rota(tmp_path: Path, old: str, new: str) -> Path:
    text = ROTA.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / "rota.yaml"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_a_lower_tier_justified_by_someone_other_than_the_dpo_is_not_applied(pack, tmp_path):
    path = _rota(tmp_path, "{name: Dana Price, role: dpo}", "{name: Jo Fairbanks, role: project_lead}")
    result = check_file(path, pack, TODAY)
    assert result.assessment.tier == "moderate" and result.assessment.tier_justification is None
    assert ("TIER-001", 71) in [(f.rule_id, f.line) for f in result.findings]


def test_a_lower_tier_without_reasons_is_not_applied(pack, tmp_path):
    # the reasons are gone: only the DPO's name is left
    text = ROTA.read_text(encoding="utf-8")
    start, end = text.index("  justification: >-\n"), text.index("  justified_by:")
    path = tmp_path / "rota.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = check_file(path, pack, TODAY)
    assert result.assessment.tier == "moderate"
    assert [f.rule_id for f in result.findings if f.rule_id.startswith("TIER")] == ["TIER-001"]


def test_a_dpo_cannot_lower_the_tier_by_more_than_one_step(pack):
    text = (
        "schema_version: 2\nstage: engage\n"
        "processing: {personal_data: true, special_category_data: true, contentious: true, vulnerable_people: true}\n"
        "impact:\n  declared_tier: minimal\n  justification: Aggregated before use.\n"
        "  justified_by: {name: Dana Price, role: dpo}\n"
    )
    result = run_text(pack, text)
    assert (result.assessment.computed_tier, result.assessment.tier) == ("high", "high")
    assert [(f.rule_id, f.line) for f in result.findings if f.rule_id.startswith("TIER")] == [("TIER-001", 5)]
    one_step = run_text(pack, text.replace("declared_tier: minimal", "declared_tier: moderate"))
    assert one_step.assessment.tier == "moderate"


def test_a_dpo_cannot_bring_biometric_identification_below_high(pack):
    text = (
        "schema_version: 2\nstage: engage\ntool: {technology_types: [retrospective_facial_recognition]}\n"
        "processing: {personal_data: true, regime: law_enforcement, special_category_data: true}\n"
        "impact:\n  declared_tier: moderate\n  justification: Searches are rare and supervised.\n"
        "  justified_by: {name: Dana Price, role: dpo}\n"
    )
    result = run_text(pack, text)
    assert (result.assessment.computed_tier, result.assessment.tier) == ("high", "high")
    assert "TIER-001" in {f.rule_id for f in result.findings}


# ------------------------------------------------------------------ minimal tier: only what every DDT needs

MINIMAL = [
    ROOT / "tests" / "data" / "dossiers" / "minimal-caseload-dashboard.yaml",
    ROTA,
    EXAMPLES / "demand-dashboard.yaml",
]


def _asked_of_every_ddt(pack, finding, today) -> bool:
    rule = pack.rule(finding.rule_id)
    return rule.every_ddt or rule.on(today.isoformat(), "general").legal or rule.on(today.isoformat(), None).legal


def test_minimal_tier_tools_get_only_what_every_ddt_needs_and_the_law(pack):
    for path in MINIMAL:
        result = check_file(path, pack, TODAY)
        assert result.assessment.tier == "minimal", path
        stray = [f.rule_id for f in result.findings if not _asked_of_every_ddt(pack, f, TODAY)]
        assert stray == [], path
    dashboard = check_file(MINIMAL[0], pack, TODAY)
    assert [(f.rule_id, f.line) for f in dashboard.findings] == [("DPIA-003", 57), ("DATA-008", 58), ("DATA-010", 58)]


def test_a_thin_minimal_dossier_is_not_asked_the_apps_higher_tier_duties(pack):
    # data from a council without an agreement, engagement recorded without its write-up: at moderate tier
    # these raise DATA-001 and STAKE-012/013; at minimal tier only what every DDT needs and the law are asked
    text = (
        "schema_version: 2\nstage: evolve\n"
        "tool:\n  name: Beat demand forecast\n  force: F\n  owner: {name: A, role: project_lead}\n  maturity: pilot\n"
        "  problem: Demand peaks are missed.\n  purpose: Forecast calls per beat per shift.\n"
        "  technology_types: [other]\n"
        "  data_inputs:\n    - {name: Council event licences, origin: local_authority, personal_data: true}\n"
        "processing: {personal_data: true, regime: law_enforcement}\n"
        "engage:\n  stakeholder_engagement:\n    activities:\n"
        "      - {audience: public, channel: survey, date: 2026-03-01}\n"
        "  legal_framework:\n    data_protection:\n      dpo_advice_on_dpia_need:\n"
        "        {date: 2026-01-05, summary: Names of licence holders only; no DPIA.}\n"
    )
    minimal = run_text(pack, text)
    assert minimal.assessment.tier == "minimal"
    assert [f.rule_id for f in minimal.findings if not _asked_of_every_ddt(pack, f, TODAY)] == []
    moderate = run_text(pack, text.replace("stage: evolve\n", "stage: evolve\nimpact: {declared_tier: moderate}\n"))
    assert {"DATA-001", "STAKE-012", "STAKE-013"} <= {f.rule_id for f in moderate.findings}


def test_the_every_ddt_list_is_checked_when_the_pack_loads(tmp_path, monkeypatch):
    import shutil

    from ddtapp.errors import InputError
    from ddtapp.pack import rulepack

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    tiers = rules / "impact-tiers.yaml"
    tiers.write_text(tiers.read_text(encoding="utf-8").replace("  - SCOPE-001\n", ""), encoding="utf-8")
    monkeypatch.setattr(rulepack, "rules_dir", lambda: rules)
    with pytest.raises(InputError) as raised:
        rulepack.load_pack(cache=False)
    assert "rule SCOPE-001 applies from minimal tier" in str(raised.value)
