"""Table-driven unit tests of the impact tier derivation (rules/impact-tiers.yaml through ddtapp.assess) and
of the built-in gate rules (ddtapp.pack.gates.evaluate), one row per case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ddtapp.assess import assess
from ddtapp.pack import gates
from ddtapp.pack.rulepack import RulePack, SectionSpec

TODAY = dt.date(2026, 11, 21)


def _dossier(
    processing: dict[str, Any],
    types: tuple[str, ...] = ("dashboard",),
    tool: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "stage": "engage",
        "tool": {"name": "T", "technology_types": list(types), **(tool or {})},
        "processing": processing,
        **extra,
    }


DPO = {"name": "Dana Price", "role": "dpo"}


#: (what the row shows, the dossier, the factors that hold, the score, the computed tier, the tier applied)
TIERS = [
    ("nothing personal", _dossier({"personal_data": False}), [], 0, "minimal", "minimal"),
    ("personal data alone", _dossier({"personal_data": True}), ["personal-data"], 1, "minimal", "minimal"),
    (
        "personal data, special category",
        _dossier({"personal_data": True, "special_category_data": True}),
        ["personal-data", "special-category"],
        3,
        "moderate",
        "moderate",
    ),
    (
        "live facial recognition by its type alone",
        _dossier({"personal_data": True}, types=("live_facial_recognition",)),
        ["personal-data", "biometric-identification", "live-public-surveillance", "mass-collection"],
        10,
        "high",
        "high",
    ),
    (
        "ANPR by its type alone collects data about the public at large",
        _dossier({"personal_data": True}, types=("automatic_number_plate_recognition",)),
        ["personal-data", "mass-collection"],
        3,
        "moderate",
        "moderate",
    ),
    (
        "personal data from two origins is matched across sources",
        _dossier(
            {"personal_data": True},
            tool={
                "data_inputs": [
                    {"name": "Custody records", "origin": "own_force", "personal_data": True},
                    {"name": "Council housing records", "origin": "local_authority", "personal_data": True},
                ]
            },
        ),
        ["personal-data", "data-matching"],
        2,
        "moderate",
        "moderate",
    ),
    (
        "a coercive power may follow the output",
        _dossier(
            {"personal_data": True},
            tool={"decisions": [{"decision": "Whether to stop the vehicle", "powers": ["vehicle_stop"]}]},
        ),
        ["personal-data", "coercive-powers"],
        3,
        "moderate",
        "moderate",
    ),
    (
        "solely automated with a legal effect",
        _dossier(
            {"personal_data": True, "automated_decisions": {"solely_automated": True, "effect": "legal"}},
        ),
        ["personal-data", "solely-automated-significant"],
        5,
        "moderate",
        "moderate",
    ),
    (
        "solely automated without a significant effect",
        _dossier({"personal_data": True, "automated_decisions": {"solely_automated": True, "effect": "none"}}),
        ["personal-data"],
        1,
        "minimal",
        "minimal",
    ),
    (
        "large scale by people a year",
        _dossier({"personal_data": True, "scale": {"people_per_year": 10_001}}),
        ["personal-data", "large-scale"],
        2,
        "moderate",
        "moderate",
    ),
    (
        "national geography alone is not large scale",
        _dossier({"personal_data": True, "scale": {"geography": "national"}}),
        ["personal-data"],
        1,
        "minimal",
        "minimal",
    ),
    (
        "predictive mapping targets places, with no personal data",
        _dossier({"personal_data": False}, types=("predictive_mapping",)),
        ["place-targeting"],
        2,
        "moderate",
        "moderate",
    ),
    (
        "cameras in public places collect data about the public at large",
        _dossier({"personal_data": True, "public_space_surveillance": True}),
        ["personal-data", "live-public-surveillance", "mass-collection"],
        6,
        "high",
        "high",
    ),
    (
        "10,000 people a year is not large scale",
        _dossier({"personal_data": True, "scale": {"people_per_year": 10_000}}),
        ["personal-data"],
        1,
        "minimal",
        "minimal",
    ),
    (
        "everything at once",
        _dossier(
            {
                "personal_data": True,
                "special_category_data": True,
                "biometric_identification": True,
                "public_space_surveillance": True,
                "automated_decisions": {"solely_automated": True, "effect": "similarly_significant"},
                "individual_profiling": True,
                "children": True,
                "vulnerable_people": True,
                "scale": {"geography": "national", "people_per_year": 1_000_000},
                "contentious": True,
                "machine_learning": True,
            }
        ),
        [
            "personal-data",
            "special-category",
            "biometric-identification",
            "live-public-surveillance",
            "solely-automated-significant",
            "individual-profiling",
            "children",
            "vulnerable-people",
            "large-scale",
            "mass-collection",
            "contentious",
            "innovative",
        ],
        26,
        "very_high",
        "very_high",
    ),
    (
        "a declared tier above the computed one applies",
        _dossier({"personal_data": True}, impact={"declared_tier": "high"}),
        ["personal-data"],
        1,
        "minimal",
        "high",
    ),
    (
        "a declared tier below the computed one does not",
        _dossier({"personal_data": True, "special_category_data": True}, impact={"declared_tier": "minimal"}),
        ["personal-data", "special-category"],
        3,
        "moderate",
        "moderate",
    ),
    (
        "a declared tier one below, justified by the DPO, applies",
        _dossier(
            {"personal_data": True, "special_category_data": True},
            impact={"declared_tier": "minimal", "justification": "A yes/no flag.", "justified_by": DPO},
        ),
        ["personal-data", "special-category"],
        3,
        "moderate",
        "minimal",
    ),
    (
        "a declared tier two below, justified by the DPO, does not",
        _dossier(
            {"personal_data": True, "special_category_data": True, "vulnerable_people": True, "children": True},
            impact={"declared_tier": "minimal", "justification": "Aggregated.", "justified_by": DPO},
        ),
        ["personal-data", "special-category", "children", "vulnerable-people"],
        7,
        "high",
        "high",
    ),
    (
        "a justified tier below a factor's floor does not",
        _dossier(
            {"personal_data": True, "biometric_identification": True, "contentious": True},
            impact={"declared_tier": "moderate", "justification": "Rare searches.", "justified_by": DPO},
        ),
        ["personal-data", "biometric-identification", "contentious"],
        7,
        "high",
        "high",
    ),
]


@pytest.mark.parametrize(("name", "data", "holding", "score", "computed", "tier"), TIERS, ids=[t[0] for t in TIERS])
def test_impact_tier(pack: RulePack, name, data, holding, score, computed, tier):
    a = assess(data, pack, TODAY)
    assert [f.id for f in a.factors if f.matched] == holding
    assert (a.score, a.computed_tier, a.tier) == (score, computed, tier)


def test_the_table_covers_every_factor_and_tier(pack: RulePack):
    assert {f for row in TIERS for f in row[2]} == {f.spec.id for f in pack.tier_factors}
    assert {row[4] for row in TIERS} == {t.id for t in pack.tiers}


SECTION = SectionSpec(
    id="legal_framework",
    name="Legal framework",
    stage="engage",
    due="engage",
    catalogue="ENG-LEGAL",
    dossier_path="engage.legal_framework",
    decision_maker="the SIRO or DPO",
    decision_maker_roles=["siro", "dpo"],
    question="Is the use lawful?",
    documents=["dpia", "equality_impact_assessment"],
)
PRIVACY = SectionSpec(
    id="privacy_policy",
    name="Privacy policy",
    stage="governance",
    due="engage",
    catalogue="GOV-PRIV",
    dossier_path="governance.privacy_policy",
    documents=["privacy_and_data_governance_policy"],
)
DECIDED = {"outcome": "proceed", "date": TODAY, "decision_maker": {"name": "A. Siro", "role": "siro"}}


def _legal(**section: Any) -> dict[str, Any]:
    return {"engage": {"legal_framework": section}}


def _doc(kind: str, status: str = "approved", review: dt.date | None = dt.date(2027, 1, 1)) -> dict[str, Any]:
    return {"type": kind, "status": status, "review_date": review}


#: (the gate rule, what the row shows, the section, the dossier, the (path, fields) pairs that fail)
GATES = [
    ("gate_decision", "no gate recorded", SECTION, {}, [("engage.legal_framework.gate", {})]),
    (
        "gate_decision",
        "pending",
        SECTION,
        _legal(gate={"outcome": "pending", "date": TODAY}),
        [("engage.legal_framework.gate", {})],
    ),
    (
        "gate_decision",
        "decided without a date",
        SECTION,
        _legal(gate={"outcome": "stop"}),
        [("engage.legal_framework.gate", {})],
    ),
    ("gate_decision", "decided", SECTION, _legal(gate=DECIDED), []),
    (
        "gate_decision_maker",
        "the wrong role",
        SECTION,
        _legal(gate={**DECIDED, "decision_maker": {"name": "B", "role": "analyst"}}),
        [("engage.legal_framework.gate.decision_maker", {"roles": "the SIRO or DPO"})],
    ),
    (
        "gate_decision_maker",
        "no name",
        SECTION,
        _legal(gate={**DECIDED, "decision_maker": {"role": "dpo"}}),
        [("engage.legal_framework.gate.decision_maker", {"roles": "the SIRO or DPO"})],
    ),
    ("gate_decision_maker", "not decided yet: not asked", SECTION, _legal(gate={"outcome": "pending"}), []),
    ("gate_decision_maker", "the right role", SECTION, _legal(gate=DECIDED), []),
    (
        "gate_question",
        "the question not answered",
        SECTION,
        _legal(gate=DECIDED),
        [("engage.legal_framework.gate", {"question": "Is the use lawful?"})],
    ),
    ("gate_question", "answered", SECTION, _legal(gate={**DECIDED, "question_answered": "Yes: s35."}), []),
    ("gate_decision", "a section without a gate question has no gate", PRIVACY, {}, []),
    (
        "documents_present",
        "none recorded",
        SECTION,
        {},
        [
            ("engage.legal_framework.documents", {"document": "data protection impact assessment (DPIA)"}),
            ("engage.legal_framework.documents", {"document": "equality impact assessment (EIA)"}),
        ],
    ),
    (
        "documents_present",
        "both recorded",
        SECTION,
        _legal(documents=[_doc("dpia"), _doc("equality_impact_assessment")]),
        [],
    ),
    (
        "documents_present",
        "the privacy policy's own document, its type not written",
        PRIVACY,
        {"governance": {"privacy_policy": {"document": {"status": "approved"}}}},
        [],
    ),
    (
        "documents_approved",
        "a draft only",
        SECTION,
        _legal(documents=[_doc("dpia", "draft"), _doc("equality_impact_assessment")]),
        [("engage.legal_framework.documents[0].status", {"document": "data protection impact assessment (DPIA)"})],
    ),
    ("documents_approved", "not recorded: not this rule's", SECTION, {}, []),
    (
        "documents_review",
        "review date passed",
        SECTION,
        _legal(documents=[_doc("dpia", review=dt.date(2026, 1, 1))]),
        [("engage.legal_framework.documents[0].review_date", {"document": "data protection impact assessment (DPIA)"})],
    ),
    (
        "documents_review",
        "no review date",
        SECTION,
        _legal(documents=[_doc("dpia", review=None)]),
        [("engage.legal_framework.documents[0]", {"document": "data protection impact assessment (DPIA)"})],
    ),
    ("documents_review", "a draft is not reviewed yet", SECTION, _legal(documents=[_doc("dpia", "draft", None)]), []),
    (
        "gate_blocked",
        "stop holds the project at the gate",
        SECTION,
        _legal(gate={**DECIDED, "outcome": "stop"}),
        [("engage.legal_framework.gate.outcome", {"outcome": "stop"})],
    ),
    (
        "gate_blocked",
        "revisit holds it too",
        SECTION,
        _legal(gate={**DECIDED, "outcome": "revisit"}),
        [("engage.legal_framework.gate.outcome", {"outcome": "revisit"})],
    ),
    ("gate_blocked", "proceed", SECTION, _legal(gate=DECIDED), []),
    (
        "documents_deficient",
        "the latest review found the DPIA deficient",
        SECTION,
        _legal(
            documents=[
                {
                    **_doc("dpia"),
                    "reviews": [
                        {"reviewer": "dpo", "date": dt.date(2026, 1, 5), "outcome": "adequate"},
                        {
                            "reviewer": "regulator",
                            "date": dt.date(2026, 6, 1),
                            "outcome": "deficient",
                            "lacked": ["the watchlist criteria"],
                        },
                    ],
                }
            ]
        ),
        [
            (
                "engage.legal_framework.documents[0].reviews[1].outcome",
                {
                    "document": "data protection impact assessment (DPIA)",
                    "reviewer": "the regulator",
                    "date": " on 2026-06-01",
                    "lacked": "the watchlist criteria",
                },
            )
        ],
    ),
    (
        "documents_deficient",
        "a later review found it adequate",
        SECTION,
        _legal(
            documents=[
                {
                    **_doc("dpia"),
                    "reviews": [
                        {"reviewer": "dpo", "date": dt.date(2026, 1, 5), "outcome": "deficient"},
                        {"reviewer": "dpo", "date": dt.date(2026, 6, 1), "outcome": "adequate"},
                    ],
                }
            ]
        ),
        [],
    ),
]


@pytest.mark.parametrize(("kind", "name", "section", "data", "failing"), GATES, ids=[f"{g[0]}: {g[1]}" for g in GATES])
def test_gate_rule(kind, name, section, data, failing):
    assert list(gates.evaluate(kind, data, section, TODAY)) == failing


def test_the_table_covers_every_gate_rule():
    assert {g[0] for g in GATES} == set(gates.GATE_BUILTINS)


def test_every_builtin_a_rule_may_name_is_run_and_used_once_named(pack):
    """The gate builtins are named once (``GateBuiltin`` in the pack's records); every name a rule pack may
    write after ``builtin:`` is one the checker runs, and a built-in rule uses it."""
    from typing import get_args

    from ddtapp.force.publication import CHECKS
    from ddtapp.pack.records import Builtin

    names = get_args(Builtin)
    assert len(names) == len(set(names))
    run = set(gates.GATE_BUILTINS) | set(CHECKS) | {"stale_sign_off", "unused_waiver", "waiver_not_accepted"}
    assert set(names) == run
    assert {r.spec.builtin for r in pack.rules if r.spec.builtin} == run


def test_a_document_recorded_at_another_gate_is_not_missing_here():
    data = _legal(documents=[_doc("dpia")])
    assert (
        list(
            gates.evaluate(
                "documents_present", data, SECTION, TODAY, recorded_elsewhere=frozenset({"equality_impact_assessment"})
            )
        )
        == []
    )
    assert (
        list(
            gates.evaluate(
                "documents_present", data, SECTION, TODAY, skip_documents=frozenset({"equality_impact_assessment"})
            )
        )
        == []
    )


def test_section_gates_read_each_sections_documents_once_and_know_what_is_recorded_elsewhere(pack):
    """``section_gates`` (made once a dossier for every gate rule): a type recorded in this section alone is
    not "elsewhere"; one recorded in another section, or in this and another, is; a section the caller does
    not look at (None) has no gate but its documents still count for the others."""
    engage, legal, ethics = (pack.sections[s] for s in ("stakeholder_engagement", "legal_framework", "ethical_context"))
    data = {
        "engage": {
            "stakeholder_engagement": {"documents": [_doc("x"), _doc("y"), "not a document"]},
            "legal_framework": {"documents": [_doc("y"), _doc("z")]},
            "ethical_context": {"documents": [_doc("w")]},
        }
    }
    asked = {engage.id: frozenset({"q"}), legal.id: frozenset()}
    found = gates.section_gates(data, [engage, legal, ethics], TODAY, lambda s: asked.get(s.id))
    assert [(g.section.id, g.skip, g.elsewhere) for g in found] == [
        (engage.id, frozenset({"q"}), frozenset({"y", "z", "w"})),
        (legal.id, frozenset(), frozenset({"x", "y", "w"})),
    ]
    assert [i for i, _ in found[0].docs] == [0, 1] and [d["type"] for _, d in found[1].docs] == ["y", "z"]


@pytest.mark.parametrize(("kind", "name", "section", "data", "failing"), GATES, ids=[f"{g[0]}: {g[1]}" for g in GATES])
def test_a_gate_rule_is_asked_of_every_section_where_it_finds_something(kind, name, section, data, failing):
    """The checker asks a gate rule only of the sections that have what it needs (``NEEDS``: a question, a
    document asked, a document recorded): every section where the rule finds something is among them."""
    gate = gates.Gate(data, section, TODAY, frozenset(), frozenset(), gates._documents(data, section))
    asked = gates.by_need([gate], lambda g: g)[gates.NEEDS[kind]]
    if failing:
        assert asked == [gate]
    assert set(gates.NEEDS) == set(gates.GATE_BUILTINS)


def test_every_gate_rule_finds_something_in_its_table():
    assert {g[0] for g in GATES if g[4]} == set(gates.GATE_BUILTINS)


def test_a_section_with_nothing_a_gate_rule_reads_has_no_gate(pack):
    """A section that asks no question, lists no document and records none has no gate (no gate rule can
    find anything there); one that records a document has one (``documents_deficient`` reads it)."""
    scope = pack.sections["scope"]
    assert not scope.question and not scope.documents
    everything = frozenset[str]()
    assert gates.section_gates({"tool": {}}, [scope], TODAY, lambda s: everything) == []
    found = gates.section_gates({"tool": {"documents": [_doc("x")]}}, [scope], TODAY, lambda s: everything)
    assert [g.section.id for g in found] == ["scope"]
