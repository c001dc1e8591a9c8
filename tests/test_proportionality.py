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
