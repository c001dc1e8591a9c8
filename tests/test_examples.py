"""Each example dossier yields exactly the findings its header promises.

A header lists every finding as ``#   <severity> <rule id> <dossier path> (line N)``, or says
``no findings``, and states the exit code."""

from __future__ import annotations

import re

import pytest

from ddtapp.checker.engine import check_file
from ddtapp.reporters.summary import fails
from tests.conftest import EXAMPLES, TODAY

FINDING = re.compile(r"^#\s+(error|warning|info)\s+([A-Z][A-Z0-9-]*-\d{3})\s+(\S+)\s+\(line (\d+)\)\s*$")
EXIT = re.compile(r"exit code (\d)")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def promised(path):
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    findings = sorted((m[2], m[1], m[3], int(m[4])) for m in map(FINDING.match, header) if m)
    codes = [int(m.group(1)) for line in header for m in [EXIT.search(line)] if m]
    none = any("no findings" in line for line in header)
    return findings, codes, none


def test_there_are_the_three_examples_the_readme_names():
    assert {p.name for p in EXAMPLE_FILES} >= {
        "live-facial-recognition.yaml",
        "risk-scoring-engage.yaml",
        "demand-dashboard.yaml",
    }


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_example_yields_exactly_the_findings_its_header_promises(pack, path):
    findings, codes, none = promised(path)
    assert codes, f"{path.name}: the header must state the exit code"
    assert findings or none, f"{path.name}: the header must list the findings or say 'no findings'"
    result = check_file(path, pack, TODAY)
    actual = sorted((f.rule_id, f.severity, f.path, f.line) for f in result.findings if f.status != "waived")
    assert actual == findings
    assert codes[0] == (1 if fails(result, "error") else 0)


def test_the_passing_lfr_example_is_very_high_impact_and_clean(pack):
    result = check_file(EXAMPLES / "live-facial-recognition.yaml", pack, TODAY)
    assert result.assessment.tier == "very_high" and result.assessment.computed_tier == "very_high"
    assert [f for f in result.findings if f.status == "open"] == []


def test_the_dashboard_is_minimal_impact(pack):
    result = check_file(EXAMPLES / "demand-dashboard.yaml", pack, TODAY)
    assert result.assessment.computed_tier == "minimal"


def test_gate_and_document_findings_cite_their_own_sections_requirements(pack):
    result = check_file(EXAMPLES / "risk-scoring-engage.yaml", pack, TODAY)
    refs = {(f.rule_id, f.section): f.app_refs for f in result.findings}
    assert refs[("GATE-001", "stakeholder_engagement")] == ("ENG-STAKE-01", "ENG-STAKE-02")
    assert refs[("GATE-001", "legal_framework")] == ("ENG-LEGAL-09", "ENG-LEGAL-02")
    assert refs[("DOC-001", "stakeholder_engagement")] == ("ENG-STAKE-02", "ENG-LEGAL-26")
    assert refs[("GATE-001", "design")] == ("EVO-DESIGN-04", "GOV-RISK-01")
