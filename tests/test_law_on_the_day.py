"""The law in force on the day: one dossier judged at three dates gets the findings and citations the law of
each day gives (issue 15). Before 25 May 2018 there is no Part 3 of the DPA 2018 (the DPA 1998 applied, and a
privacy impact assessment was the ICO's advice, not a duty); before 11 August 2020 no finding speaks of
Bridges; before 17 June 2025 no finding rests on the APP; from 5 February 2026 the DUAA 2025's
automated-decision sections apply."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ddtapp.checker.engine import check_loaded
from ddtapp.loading.yaml_loader import load_bytes
from tests.conftest import ROOT

# A retrospective facial recognition search at its first deployment, as a force would have recorded it: no
# biometric flags (the technology type says what it does), a watchlist without criteria, no DPIA, no
# lawful basis recorded, no demographic testing.
DOSSIER = """\
schema_version: 2
stage: engage
tool:
  name: Custody image search
  force: Example Constabulary
  owner: {name: DI A. Analyst, role: project_lead}
  maturity: pilot
  problem: Investigators cannot search custody images for an unknown suspect.
  purpose: Search custody images for a still from an investigation.
  technology_types: [retrospective_facial_recognition]
processing:
  personal_data: true
  regime: law_enforcement
governance:
  privacy_policy:
    person_of_interest_databases:
      - name: Custody image set
        data_origin_audit_trail: Force custody system extract log
"""


def findings(day: str, text: str = DOSSIER) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    from ddtapp.pack.rulepack import load_pack

    result = check_loaded(load_bytes(text.encode(), "d.yaml"), load_pack(), dt.date.fromisoformat(day))
    return {f.rule_id: (f.severity, f.message, f.basis) for f in result.findings if f.status == "open"}


def everything(found: dict[str, tuple[str, str, tuple[str, ...]]]) -> str:
    return "\n".join(f"{m} {' '.join(b)}" for _, m, b in found.values())


def test_before_part_3_the_dpa_1998_and_a_privacy_impact_assessment():
    found = findings("2018-04-01")
    text = everything(found)
    assert "DPA 2018" not in text and "Part 3" not in text and "GDPR" not in text
    assert "Bridges" not in text and "APP " not in text
    severity, message, basis = found["DPIA-001"]
    assert severity == "warning" and "privacy impact assessment" in message
    assert basis == ("guidance: ICO: Conducting privacy impact assessments code of practice",)
    severity, message, basis = found["DP-001"]
    assert severity == "error" and "Schedule 2" in message and "DPA 1998 Sch 1 Pt 1 para 1 and Sch 2" in basis
    severity, message, basis = found["FRT-006"]
    assert severity == "error" and "Art 8(2)" in message and basis == ("Human Rights Act 1998 s6 and Sch 1 Art 8",)


def test_after_part_3_before_bridges_and_the_app():
    found = findings("2020-01-01")
    text = everything(found)
    assert "Bridges" not in text and "APP " not in text and "DPA 1998" not in text
    severity, message, basis = found["DPIA-001"]
    assert severity == "error" and "s64(1) of the DPA 2018" in message and basis == ("DPA 2018 s64(1)",)
    # a facial recognition search is sensitive processing whatever the flags say (s35(8)(b))
    assert found["DP-003"][2] == ("DPA 2018 s35", "DPA 2018 Sch 8")
    assert "DPA 2018 s35" in found["DP-001"][2] and "GDPR (EU) 2016/679 Art 6" not in found["DP-001"][2]
    assert "Bridges" not in found["FRT-006"][1]


def test_today_the_app_bridges_and_the_dpa_2018():
    found = findings("2026-11-21")
    severity, message, basis = found["DPIA-001"]
    assert severity == "error" and "ENG-LEGAL-16" in message
    assert basis == ("APP ENG-LEGAL-16 (MUST)", "DPA 2018 s64(1)")
    severity, message, basis = found["FRT-006"]
    assert "Bridges" in message
    assert "R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058" in basis
    assert "DPA 1998" not in everything(found)
    # rules resting only on the APP appear once it is published
    assert len(found) > len(findings("2020-01-01"))


def test_general_processing_names_the_gdpr_of_the_day():
    text = DOSSIER.replace("regime: law_enforcement", "regime: general").replace(
        "technology_types: [retrospective_facial_recognition]", "technology_types: [dashboard]"
    )
    text = text.replace(
        "  personal_data: true\n",
        "  personal_data: true\n  special_category_data: true\n  scale: {people_per_year: 50000}\n",
    )
    before, after = findings("2020-01-01", text), findings("2026-11-21", text)
    assert "the GDPR requires" in before["DPIA-002"][1] and "UK GDPR" not in everything(before)
    assert "the UK GDPR requires" in after["DPIA-002"][1]
    assert "GDPR (EU) 2016/679 Art 35" in before["DPIA-002"][2] and "UK GDPR Art 35" in after["DPIA-002"][2]


def _statutes(pack) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(s.act, s.section) for r in pack.rules for s in r.basis.statute}


def test_every_statute_a_rule_cites_is_in_the_law_timeline(pack):
    """docs/law.md lists every dated provision the pack uses, with its source: each (Act, provision) pair of
    a rule's basis is a row of its timeline table, with the same dates."""
    law = (ROOT / "docs" / "law.md").read_text(encoding="utf-8")
    rows = {
        (m.group(1).strip(), m.group(2).strip()): (m.group(3).strip(), m.group(4).strip())
        for m in re.finditer(r"^\|([^|]+)\|([^|]+)\|([^|]*)\|([^|]*)\|", law, flags=re.MULTILINE)
    }
    for rule in pack.rules:
        for s in rule.basis.statute:
            assert (s.act, s.section) in rows, f"{rule.id}: {s.act} {s.section} is not in docs/law.md"
            start, end = rows[(s.act, s.section)]
            assert (start, end) == (s.from_ or "", s.until or ""), (
                f"{rule.id}: {s.label()} dates differ from docs/law.md"
            )
        for c in rule.basis.case_law:
            assert c.case in law and c.decided in law, rule.id


@pytest.mark.parametrize("day", ["2018-04-01", "2020-01-01", "2026-11-21"])
def test_the_examples_are_judged_without_error_at_each_day(day):
    from ddtapp.checker.engine import check_file
    from ddtapp.pack.rulepack import load_pack

    for path in sorted(Path(ROOT / "examples").glob("*.yaml")):
        check_file(path, load_pack(), dt.date.fromisoformat(day))


ADM = """\
schema_version: 2
stage: engage
tool:
  name: Automated notice issuer
  force: Example Constabulary
  owner: {name: A. Lead, role: project_lead}
  maturity: in_development
  technology_types: [automated_decision_making]
processing:
  personal_data: true
  regime: law_enforcement
  special_category_data: true
  automated_decisions:
    solely_automated: true
    effect: legal
engage:
  legal_framework:
    automated_decisions:
      s50_safeguards:
        notification: The notice says it was issued automatically.
        reconsideration: The notice explains how to ask an officer to review it.
"""


def test_automated_decisions_follow_the_duaa_2025_from_5_february_2026():
    """Before 5 February 2026: s49 (authorised by law) and s50 (notification, reconsideration). From then:
    s50B for a decision based on sensitive processing, and the s50C safeguards."""
    before, pre_app, after = findings("2026-02-04", ADM), findings("2020-01-01", ADM), findings("2026-11-21", ADM)
    assert before["ADM-004"][0] == "error" and "DPA 2018 ss49-50" in before["ADM-004"][2]
    assert pre_app["ADM-004"][2] == ("DPA 2018 ss49-50",)
    assert not {"ADM-010", "ADM-011"} & set(before)
    assert "ADM-004" not in after and "ADM-005" not in after
    assert after["ADM-010"][0] == "error" and after["ADM-010"][2] == ("APP ENG-LEGAL-22 (MUST)", "DPA 2018 s50B")
    assert "s50C" in after["ADM-011"][1]
    assert "ss49-50" not in everything(after) and "s50B" in after["ADM-010"][1]


def test_general_automated_decisions_follow_arts_22a_to_22d():
    text = ADM.replace("regime: law_enforcement", "regime: general").replace("  special_category_data: true\n", "")
    before, after = findings("2020-01-01", text), findings("2026-11-21", text)
    assert before["ADM-006"][0] == "error" and before["ADM-006"][2] == ("GDPR (EU) 2016/679 Art 22",)
    assert "ADM-013" not in before
    # without special category data Art 22B asks no condition; Art 22C's safeguards are asked of every such decision
    assert "ADM-006" not in after and "ADM-012" not in after
    assert after["ADM-013"][2] == ("APP ENG-LEGAL-21 (SHOULD)", "UK GDPR Arts 22A-22D")
    special = findings("2026-11-21", ADM.replace("regime: law_enforcement", "regime: general"))
    assert special["ADM-012"][0] == "error"
