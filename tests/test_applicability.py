"""Which rules and documents are asked of a dossier (``ddtapp.pack.applicability``): its parts one by one,
table-driven; then rules applied to the wrong kind of tool (issue 15, item 4): each corrected rule with a
dossier of the kind it is for, on which it fires at the stated line, and one of the kind it is not for, on
which it does not."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import load_text
from ddtapp.pack import applicability
from ddtapp.pack.checks import Context
from tests.conftest import TODAY, run_text

ACTIVE = frozenset({"in_development", "pilot", "operational"})


@dataclasses.dataclass
class _Rule:
    """What ``asked`` reads of a rule."""

    id: str = "X-001"
    min_tier_index: int = 0
    phases: frozenset[str] = ACTIVE
    every_ddt: bool = False
    applies: bool = True  # it rests on something in force on the day
    legal: bool = False  # it rests on a statute or case in force on the day

    def on(self, day: str, regime: str | None) -> SimpleNamespace:
        return SimpleNamespace(applies=self.applies, legal=self.legal)


@pytest.mark.parametrize(
    ("rule", "maturity", "tier_index", "disabled", "expected"),
    [
        (_Rule(), "operational", 1, set(), True),
        (_Rule(), "operational", 1, {"X-001"}, False),  # switched off
        (_Rule(min_tier_index=2), "operational", 1, set(), False),  # from a higher tier
        (_Rule(min_tier_index=2), "operational", 2, set(), True),
        (_Rule(), "retired", 1, set(), False),  # a design-stage duty of a retired tool
        (_Rule(phases=frozenset({"retired"})), "retired", 1, set(), True),
        (_Rule(phases=frozenset({"retired"})), "operational", 1, set(), False),
        (_Rule(), None, 1, set(), True),  # no maturity recorded: judged as an active tool
        (_Rule(phases=frozenset({"retired"})), None, 1, set(), False),
        (_Rule(), "not a maturity", 1, set(), True),
        (_Rule(applies=False), "operational", 3, set(), False),  # resting on nothing in force that day
        (_Rule(), "operational", 0, set(), False),  # minimal tier: not every DDT's, not law
        (_Rule(every_ddt=True), "operational", 0, set(), True),
        (_Rule(legal=True), "operational", 0, set(), True),
        (_Rule(legal=True, applies=False), "operational", 0, set(), False),
    ],
)
def test_asked(rule, maturity, tier_index, disabled, expected):
    pack = SimpleNamespace(disabled=disabled)
    assert applicability.asked(pack, rule, maturity, tier_index, "2026-12-04", None) is expected


@pytest.mark.parametrize(
    ("rule", "section", "expected"),
    [
        (["retired"], ["pilot"], {"retired"}),  # the rule's own
        (None, ["pilot"], {"pilot"}),  # else its section's
        (None, None, {"operational"}),  # else the pack's
    ],
)
def test_phases_of(rule, section, expected):
    spec = SimpleNamespace(applies_while=rule)
    sect = SimpleNamespace(applies_while=section)
    assert applicability.phases_of(spec, sect, ["operational"]) == expected


@pytest.mark.parametrize(
    ("approach", "not_asked"), [("develop", {"procurement_contract", "landscape_review"}), ("buy", set())]
)
def test_documents_not_asked(pack, approach, not_asked):
    section = pack.sections["purchasing_strategy"]
    ctx = Context(root={"embed": {"purchasing_strategy": {"approach": approach}}}, today=TODAY)
    assert applicability.documents_not_asked(pack, section, ctx) == not_asked


def test_a_document_condition_names_one_of_its_sections_documents():
    source = load_text("sections:\n  - id: s\n    documents_unless: {dpia: {}}\n", "stages.yaml")
    section = SimpleNamespace(id="s", documents=["eia"], documents_unless={"dpia": {"present": "x"}})
    with pytest.raises(InputError) as raised:
        applicability.document_conditions(source, [section])
    assert [p.render() for p in raised.value.problems] == [
        "stages.yaml:3:24: section s: dpia is not one of its documents (at sections[0].documents_unless.dpia)."
    ]


def test_every_ddt_names_rules_of_the_pack_that_apply_from_minimal_tier():
    source = load_text("every_ddt: [A-001, B-001]\n", "impact-tiers.yaml")
    minimal = SimpleNamespace(id="A-001", every_ddt=False, spec=SimpleNamespace(min_tier="minimal"), basis=None)
    with pytest.raises(InputError) as raised:
        applicability.mark_every_ddt({"A-001": minimal}, source, ["A-001", "B-001"])
    assert [p.message for p in raised.value.problems] == ["every_ddt: B-001 is not a rule of the pack"]
    assert minimal.every_ddt


@pytest.mark.parametrize("regime", [None, "law_enforcement", "general"])
@pytest.mark.parametrize("day", ["2018-01-01", TODAY.isoformat()])
def test_the_plan_of_a_kind_of_dossier_is_every_rule_asked_rule_by_rule(pack, regime, day):
    """``plan`` (worked out once a kind of dossier) lists exactly the rules ``asked`` says yes to and that are
    due by the horizon, in the pack's order, each with its words and severity on the day."""
    pack = dataclasses.replace(pack, disabled=frozenset({pack.rules[0].id}))
    seen = set()
    for phase in ("operational", "paused", "retired", None, "not a phase"):
        for tier_index in range(4):
            for horizon in range(1, 4):
                plan = applicability.plan(pack, phase, tier_index, day, regime, horizon)
                expected = [
                    r
                    for r in pack.rules
                    if r.due_index <= horizon and applicability.asked(pack, r, phase, tier_index, day, regime)
                ]
                assert [rule for rule, _, _ in plan] == expected
                assert all(on == r.on(day, regime) and sev == r.severity_on(day, regime) for r, on, sev in plan)
                assert applicability.plan(pack, phase, tier_index, day, regime, horizon) is plan  # kept
                seen.add(len(plan))
    assert len(seen) > 3 and pack.rules[0] not in [r for r, _, _ in plan]
    assert not dataclasses.replace(pack).plans  # a new pack starts with no plans


HEAD = """\
schema_version: 2
stage: embed
impact: {declared_tier: moderate}
tool:
  name: T
  force: Example Constabulary
  owner: {name: A. Lead, role: project_lead}
  maturity: operational
"""


def fired(pack, text: str, rule_id: str) -> list[tuple[int, str]]:
    """(line, path) of each open finding of ``rule_id`` on HEAD + ``text``."""
    result = run_text(pack, HEAD + text)
    return [(f.line, f.path) for f in result.findings if f.rule_id == rule_id and f.status == "open"]


# ------------------------------------------------------------------ LEGAL-004: policing powers


def test_legal_004_policing_powers_asked_of_law_enforcement_processing(pack):
    text = "processing:\n  personal_data: true\n  regime: law_enforcement\nengage:\n  legal_framework: {}\n"
    assert fired(pack, text, "LEGAL-004") == [(13, "engage.legal_framework.legal_basis.policing_powers")]


def test_legal_004_not_asked_of_a_uk_gdpr_back_office_tool(pack):
    text = "processing:\n  personal_data: true\n  regime: general\nengage:\n  legal_framework: {}\n"
    assert fired(pack, text, "LEGAL-004") == []


# ------------------------------------------------------------------ STAKE-003/004: public and partners

ENGAGED_STAFF = """\
engage:
  stakeholder_engagement:
    activities:
      - {audience: colleagues, channel: Staff survey and Police Federation consultation, date: 2026-02-20}
"""


def test_stake_003_004_public_and_partners_asked_of_a_tool_about_the_public(pack):
    text = "processing:\n  personal_data: true\n  regime: law_enforcement\n" + ENGAGED_STAFF
    assert fired(pack, text, "STAKE-003") == [(14, "engage.stakeholder_engagement.activities")]
    assert fired(pack, text, "STAKE-004") == [(14, "engage.stakeholder_engagement.activities")]


def test_stake_003_004_not_asked_of_a_staff_only_tool(pack):
    text = "processing:\n  personal_data: true\n  regime: general\n  staff_only: true\n" + ENGAGED_STAFF
    result = run_text(pack, HEAD + text)
    ids = {f.rule_id for f in result.findings if f.status == "open" and f.section == "stakeholder_engagement"}
    assert not ids & {"STAKE-002", "STAKE-003", "STAKE-004", "STAKE-005", "STAKE-009", "STAKE-013", "STAKE-016"}


def test_stake_016_a_staff_only_tool_still_hears_its_staff(pack):
    text = (
        "processing:\n  personal_data: true\n  regime: general\n  staff_only: true\n"
        "engage:\n  stakeholder_engagement:\n    evidence_reviewed: [Working Time Regulations guidance]\n"
    )
    assert fired(pack, text, "STAKE-016") == [(14, "engage.stakeholder_engagement")]
    assert fired(pack, text, "STAKE-002") == []


# ------------------------------------------------------------------ VALID-001/002: transparency record


def test_valid_001_transparency_record_asked_of_an_algorithmic_tool(pack):
    text = "processing:\n  personal_data: false\n  regime: law_enforcement\ngovernance:\n  transparency: {}\n"
    head = HEAD + "  technology_types: [predictive_mapping]\n"
    result = run_text(pack, head + text)
    got = [(f.line, f.path) for f in result.findings if f.rule_id == "VALID-001" and f.status == "open"]
    assert got == [(14, "governance.transparency.transparency_record")]


def test_valid_001_002_not_asked_of_a_dashboard_with_no_algorithm(pack):
    head = HEAD.replace("  maturity: operational\n", "  maturity: operational\n  technology_types: [dashboard]\n")
    text = (
        "processing:\n  personal_data: false\n  regime: law_enforcement\ngovernance:\n  transparency:\n"
        "    transparency_record: {type: algorithmic_transparency_record, status: draft}\n"
    )
    result = run_text(pack, head + text)
    assert not {f.rule_id for f in result.findings} & {"VALID-001", "VALID-002"}
    # a dashboard that embeds a model is algorithmic again
    with_model = head + "  models: [{name: Demand forecast, task: forecasts calls for the next shift}]\n" + text
    ids = {f.rule_id for f in run_text(pack, with_model).findings if f.status == "open"}
    assert "VALID-002" in ids


# ------------------------------------------------------------------ procurement documents


def _purchasing(approach: str) -> str:
    return (
        "processing:\n  personal_data: false\n  regime: general\n"
        f"embed:\n  purchasing_strategy:\n    approach: {approach}\n    documents:\n"
        "      - {type: business_case, status: approved, date: 2026-01-10, review_date: 2027-06-01}\n"
        "      - {type: purchasing_strategy, status: approved, date: 2026-01-10, review_date: 2027-06-01}\n"
    )


def test_procurement_contract_and_landscape_review_asked_of_a_bought_tool(pack):
    result = run_text(pack, HEAD + _purchasing("buy"))
    missing = [
        (f.line, f.message) for f in result.findings if f.rule_id == "DOC-001" and f.section == "purchasing_strategy"
    ]
    assert [line for line, _ in missing] == [15, 15]
    assert "procurement contract" in missing[0][1].lower() and "landscape review" in missing[1][1].lower()


def test_procurement_contract_and_landscape_review_not_asked_of_a_tool_the_force_builds(pack):
    result = run_text(pack, HEAD + _purchasing("develop"))
    assert [f for f in result.findings if f.section == "purchasing_strategy" and f.rule_id.startswith("DOC-")] == []


# ------------------------------------------------------------------ HITL-002: human review recorded

HITL = """\
  technology_types: [individual_risk_scoring]
processing:
  personal_data: true
  regime: law_enforcement
  automated_decisions:
    solely_automated: false
    effect: none
"""


def test_hitl_002_fires_when_no_human_review_is_recorded_anywhere(pack):
    text = HITL + "governance:\n  privacy_policy:\n    includes_dpia: true\n"
    assert fired(pack, text, "HITL-002") == [(17, "governance.privacy_policy.human_in_the_loop")]


def test_hitl_002_accepts_human_review_recorded_under_automated_decisions(pack):
    text = (
        HITL
        + "    human_review: The custody sergeant reads the score with the custody record and decides the referral.\n"
        + "governance:\n  privacy_policy:\n    includes_dpia: true\n"
    )
    assert fired(pack, text, "HITL-002") == []


def test_a_drafts_section_view_of_a_tool_the_force_builds_lists_no_procurement_contract(pack, tmp_path):
    # what templates see (docs/render.md: gate_sections[].documents) follows the same condition as the checker
    from ddtapp.checker.engine import check_file
    from ddtapp.documents.fields import Draft
    from ddtapp.documents.render import CheckedDossier, template_context

    listed = {}
    for approach in ("buy", "develop"):
        path = tmp_path / f"{approach}.yaml"
        path.write_text(HEAD + _purchasing(approach), encoding="utf-8")
        job = CheckedDossier(check_file(path, pack, TODAY), pack, TODAY)
        context = template_context(job, Draft(job.index))
        (section,) = [s for s in context["gate_sections"] if s.id == "purchasing_strategy"]
        listed[approach] = [d.type for d in section.documents]
    assert listed["buy"] == ["procurement_contract", "business_case", "purchasing_strategy", "landscape_review"]
    assert listed["develop"] == ["business_case", "purchasing_strategy"]


def test_the_steps_of_a_plan_are_its_rules_with_their_tests(pack):
    """``steps`` (what the checker loops over) is ``plan`` rule by rule, with the ``ok`` of each rule's ``when``
    and check beside it, kept with the plan."""
    for phase in ("operational", "paused", None):
        for tier_index in range(4):
            plan = applicability.plan(pack, phase, tier_index, TODAY.isoformat(), None, 3)
            steps = applicability.steps(pack, phase, tier_index, TODAY.isoformat(), None, 3)
            assert [(rule, on, severity) for _, _, rule, on, severity in steps] == list(plan)
            for when, ok, rule, _, _ in steps:
                assert when is (rule.when.ok if rule.when is not None else None)
                assert ok is (rule.check.ok if rule.check is not None else None)
            assert applicability.steps(pack, phase, tier_index, TODAY.isoformat(), None, 3) is steps  # kept
