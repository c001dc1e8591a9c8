"""Building blocks of the dossier models: the enumerations, the field helper ``f``, the base ``Model``
and the shared pieces (person, document, gate decision, engagement, section).

The models are structural validation only: types, enumerations, dates and unknown keys are checked here.
Almost every field is optional: whether something is *missing* depends on the project's stage and impact,
and that is for the rule pack to judge (see ``rules/``). Every field names the APP requirement(s) behind it
in ``app_refs``; ``docs/dossier.md`` is generated from these models (``python -m ddtapp.dossier.docgen``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from ddtapp.dossier.kinds import Maturity as Maturity
from ddtapp.dossier.kinds import Regime as Regime
from ddtapp.dossier.kinds import Stage as Stage
from ddtapp.dossier.kinds import TechnologyType as TechnologyType
from ddtapp.dossier.kinds import Tier as Tier
from ddtapp.dossier.signoff import FactsFingerprint

if TYPE_CHECKING:
    from pydantic.json_schema import JsonDict

DataSource = Literal["internal_police", "other_public_sector", "private_sector"]
UpdateMode = Literal["manual", "live_feed"]
DocumentType = Literal[
    "governance_schematic",
    "governance_minutes",
    "community_impact_assessment",
    "equality_impact_assessment",
    "human_rights_impact_assessment",
    "dpia",
    "ethics_panel_documentation",
    "project_design_report",
    "procurement_contract",
    "business_case",
    "purchasing_strategy",
    "landscape_review",
    "privacy_and_data_governance_policy",
    "appropriate_policy_document",
    "legal_advice",
    "demographic_test_report",
    "algorithmic_transparency_record",
    "data_sharing_agreement",
    "training_materials",
    "performance_evaluation",
    "force_policy",
    "privacy_impact_assessment",
    "other",
]
DocumentStatus = Literal["not_started", "draft", "in_review", "approved", "published", "superseded", "not_held"]
ReviewerKind = Literal[
    "dpo",
    "ethics_panel",
    "internal_audit",
    "external_audit",
    "regulator",
    "court",
    "legal_adviser",
    "equalities_adviser",
    "independent_reviewer",
    "other",
]
ReviewOutcome = Literal["adequate", "adequate_with_conditions", "deficient"]
GateOutcome = Literal["pending", "proceed", "proceed_with_conditions", "revisit", "stop"]
Role = Literal[
    "chief_constable",
    "chief_officer",
    "senior_leader",
    "project_lead",
    "programme_lead",
    "pcc",
    "dpo",
    "siro",
    "analyst",
    "statistician",
    "tool_user",
    "output_user",
    "operational_user",
    "legal_adviser",
    "equalities_adviser",
    "ethics_adviser",
    "information_security_officer",
    "system_developer",
    "communications",
    "community_representative",
    "academic",
    "civil_society",
    "governance",
    "external_expert",
    "other",
]
Likelihood = Literal["remote", "possible", "probable"]
Severity = Literal["minimal", "significant", "severe"]
RiskLevel = Literal["low", "medium", "high"]
RiskEffect = Literal["eliminated", "reduced", "accepted"]
Article = Literal[2, 3, 5, 6, 8, 9, 10, 11, 14]
ProtectedCharacteristic = Literal[
    "age",
    "disability",
    "gender_reassignment",
    "marriage_and_civil_partnership",
    "pregnancy_and_maternity",
    "race",
    "religion_or_belief",
    "sex",
    "sexual_orientation",
]


def one_of(kind: Any) -> str:
    """A ``Literal`` type's values as a description lists them, ``a, b or c``: written once, in the type."""
    *first, last = (str(v) for v in get_args(kind))
    return f"{', '.join(first)} or {last}" if first else last


def f(description: str, *app_refs: str, default: Any = None, **kw: Any) -> Any:
    """A documented, optional field citing the APP requirement(s) behind it."""
    extra: JsonDict | None = {"app_refs": list(app_refs)} if app_refs else None
    if "default_factory" not in kw:
        kw["default"] = default
    return Field(description=description, json_schema_extra=extra, **kw)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, str_strip_whitespace=False)


# ---------------------------------------------------------------- shared pieces


class Person(Model):
    """Someone named in the dossier."""

    name: str | None = f("Full name.")
    role: Role | None = f("Their role as the APP names it (project_lead, dpo, siro, senior_leader, ...).")
    title: str | None = f("Job title in the force, e.g. 'Deputy Chief Constable'.")


class DocumentReview(Model):
    """A review of a document by someone other than its author: the DPO, an ethics panel, an auditor,
    the regulator or a court. A document found deficient is not a missing document: it exists, and
    what it lacked is recorded here."""

    reviewer: ReviewerKind | None = f(
        "Who reviewed it (dpo, ethics_panel, internal_audit, external_audit, regulator, court, legal_adviser, "
        "equalities_adviser, independent_reviewer or other)."
    )
    reviewer_name: str | None = f(
        "The reviewer's name or body, e.g. 'Court of Appeal' or 'West Midlands ethics committee'."
    )
    date: dt.date | None = f("When the review's finding was given.")
    outcome: ReviewOutcome | None = f(f"{one_of(ReviewOutcome)}.")
    lacked: list[str] = f(
        "What the reviewer found missing or wrong, one item each (required when the outcome is deficient).",
        default_factory=list,
    )
    conditions: list[str] = f("Conditions attached to an adequate_with_conditions outcome.", default_factory=list)
    reference: str | None = f("Judgment, report, minutes or letter reference.")


class Document(Model):
    """A document the APP asks for at a stage ("Documents to be completed")."""

    type: DocumentType | None = f("What the document is, as the APP's 'Documents to be completed' names it.")
    title: str | None = f("Its title.")
    status: DocumentStatus | None = f(
        "not_started, draft, in_review, approved, published or superseded; not_held when the force states that no "
        "such document exists (its answer to an FOI request), as distinct from one not recorded yet."
    )
    version: str | None = f("Version or revision.")
    date: dt.date | None = f("Date of this version (approved or published).")
    review_date: dt.date | None = f("When it is next due for review.", "ENG-LEGAL-18", "GOV-RISK-02")
    location: str | None = f("Path in the policy repository or URL where the document is kept.")
    approved_by: Person | None = f("Who approved this version (name and role).", "ENG-LEGAL-16")
    approved_on: dt.date | None = f("When this version was approved.", "ENG-LEGAL-16")
    reviews: list[DocumentReview] = f(
        "Reviews of this document by the DPO, an ethics panel, an auditor, the regulator or a court.",
        "ENG-LEGAL-18",
        default_factory=list,
    )
    facts_fingerprint: FactsFingerprint | None = f(
        "For a clearance (e.g. of the transparency record): the facts it covered, written by `ddtapp sign`.",
        "GOV-TRANS-03",
    )


class GateDecision(Model):
    """The decision at a stage gate, taken by the decision maker the APP names."""

    decision_maker: Person | None = f("Who decided; their role must be the one the APP names for this gate.")
    date: dt.date | None = f("Date of the decision.")
    outcome: GateOutcome | None = f(f"{one_of(GateOutcome)}.")
    question_answered: str | None = f("The decision maker's answer to the APP's question to proceed for this gate.")
    rationale: str | None = f("Why the decision was taken.")
    conditions: list[str] = f("Conditions attached to a proceed_with_conditions decision.", default_factory=list)
    advice_from: list[Person] = f(
        "Whose input was taken (e.g. the DPO and SIRO where the APP asks for it).", default_factory=list
    )
    facts_fingerprint: FactsFingerprint | None = f(
        "The facts the decision covered, written by `ddtapp sign`: check reports the decision stale when they change.",
        "GOV-RISK-03",
    )


class Engagement(Model):
    """A recorded contact with a body (a committee, regulator, network)."""

    date: dt.date | None = f("When.")
    summary: str | None = f("What was discussed or advised, and the outcome.")
    reference: str | None = f("Minutes, letter or reference number.")


class Section(Model):
    """Fields every APP stage section has."""

    documents: list[Document] = f("The section's documents to be completed.", default_factory=list)
    gate: GateDecision | None = f("The gate decision for this section.")
