"""Pydantic v2 models of the project dossier: structural validation only. The public entry point:
every model and enumeration is importable from here, whichever module under ``ddtapp.dossier`` defines it.

Types, enumerations, dates and unknown keys are checked here. Almost every field is optional:
whether something is *missing* depends on the project's stage and impact, and that is for the
rule pack to judge (see ``rules/``). Every field names the APP requirement(s) behind it in
``app_refs``; ``docs/dossier.md`` is generated from these models (``python -m ddtapp.dossier.docgen``).

Modules: ``base`` (enumerations, field helper, shared pieces, document reviews), ``tool`` (the tool and processing
facts), ``evaluation`` (acceptance criteria and tests), ``lifecycle`` (models, thresholds, changes, pauses, benefits),
``governance``, ``engage``, ``evolve_embed``, and this module (risk register, sign-off, waivers, the dossier).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import field_validator

from ddtapp.dossier.base import (
    Article,
    DataSource,
    Document,
    DocumentReview,
    DocumentStatus,
    DocumentType,
    Engagement,
    GateDecision,
    GateOutcome,
    Likelihood,
    Maturity,
    Model,
    Person,
    ProtectedCharacteristic,
    Regime,
    ReviewerKind,
    ReviewOutcome,
    RiskEffect,
    RiskLevel,
    Role,
    Section,
    Severity,
    Stage,
    TechnologyType,
    Tier,
    UpdateMode,
    f,
    one_of,
)
from ddtapp.dossier.engage import (
    Alternative,
    AutomatedDecisionSafeguards,
    CommunityFeedback,
    DataProtection,
    Disclosure,
    Dpia,
    DpiaReview,
    DpoAdvice,
    Engage,
    EngagementActivity,
    EthicalContext,
    EthicsAdvice,
    HumanRights,
    IcoSteps,
    InternationalTransfers,
    LegalBasis,
    LegalFramework,
    OptionConsidered,
    PriorConsultation,
    Prioritisation,
    PrivacyNotice,
    ProceduralFairness,
    Processor,
    Psed,
    Retention,
    S50Safeguards,
    S64Contents,
    SensitiveProcessing,
    StakeholderEngagement,
)
from ddtapp.dossier.evaluation import (
    AcceptanceCriterion,
    Disparity,
    DisparityDecision,
    MeasuredResult,
    Metric,
    Tester,
    Validation,
    ValidationPurpose,
    ValidationTest,
)
from ddtapp.dossier.evolve_embed import (
    Design,
    Embed,
    Evolve,
    PurchasingStrategy,
    TrainingData,
)
from ddtapp.dossier.governance import (
    Authoriser,
    Communications,
    DataProtectionManagement,
    ExternalParty,
    Governance,
    GovernanceArrangements,
    HumanInTheLoop,
    ImageSource,
    LocationBasis,
    LocationBasisKind,
    NationalLandscape,
    OffenceSeriousness,
    PersonOfInterestDatabase,
    PrivacyPolicy,
    Rank,
    RegulatorEngagement,
    RiskManagement,
    Transparency,
    UsageParameters,
    WatchlistCategory,
    WatchlistCategoryKind,
    WorkingGroup,
    WorkingGroupMember,
)
from ddtapp.dossier.lifecycle import (
    AlgorithmModel,
    Benefit,
    BenefitMeasurement,
    Change,
    ChangeKind,
    Pause,
    PauseReason,
    Threshold,
)
from ddtapp.dossier.publication import Publication
from ddtapp.dossier.signoff import FactsFingerprint
from ddtapp.dossier.tool import (
    AutomatedDecisions,
    DataInput,
    DataOrigin,
    Dates,
    DecisionSupported,
    Ending,
    Impact,
    Output,
    Processing,
    Scale,
    Supplier,
    Tool,
    Training,
)
from ddtapp.dossier.version import SCHEMA_VERSION

# ---------------------------------------------------------------- risk register, sign-off, waivers


class Risk(Model):
    """One risk (ICO DPIA steps 5 and 6)."""

    id: str | None = f("Short reference, e.g. R1.")
    description: str | None = f("The risk: its source and potential impact on individuals.", "GOV-RISK-01")
    likelihood: Likelihood | None = f(f"{one_of(Likelihood)}.", "GOV-RISK-01")
    severity: Severity | None = f(f"{one_of(Severity)}.", "GOV-RISK-01")
    overall: RiskLevel | None = f(f"{one_of(RiskLevel)}.", "GOV-RISK-01")
    measures: str | None = f("Options to reduce or eliminate it.", "GOV-RISK-01")
    effect: RiskEffect | None = f(f"{one_of(RiskEffect)}.", "GOV-RISK-01")
    residual: RiskLevel | None = f(f"Residual risk: {one_of(RiskLevel)}.", "GOV-RISK-01")
    approved: bool | None = f("Whether the measure is approved.", "GOV-RISK-01")
    owner: str | None = f("Who owns the risk.")


class SignOff(Model):
    """ICO DPIA step 7: sign-off and outcomes."""

    measures_approved_by: Person | None = f("Who approved the measures.", "ENG-LEGAL-16")
    measures_approved_on: dt.date | None = f("When the measures were approved.", "ENG-LEGAL-16")
    residual_risks_approved_by: Person | None = f("Who approved the residual risks.", "ENG-LEGAL-16")
    residual_risks_approved_on: dt.date | None = f("When the residual risks were approved.", "ENG-LEGAL-16")
    dpo_advice: DpoAdvice | None = f("The DPO's advice and whether it was accepted or overruled.", "ENG-LEGAL-17")
    consultation_responses_reviewed_by: Person | None = f("Who reviewed consultation responses.", "ENG-STAKE-05")
    kept_under_review_by: Person | None = f("Who keeps the DPIA under review.", "ENG-LEGAL-18")
    facts_fingerprint: FactsFingerprint | None = f(
        "The facts the DPIA sign-off covered, written by `ddtapp sign`: check reports it stale when they change.",
        "ENG-LEGAL-15",
    )


class Waiver(Model):
    """A recorded, approved and time-limited decision to accept a finding."""

    rule: str = f("The rule id waived, e.g. DPIA-004.", default=...)
    path: str | None = f("Limit the waiver to findings at this dossier path.")
    reason: str = f("Why the finding is accepted (required).", default=...)
    approver: Person | None = f("Who approved the waiver (name and role).")
    expires: dt.date | None = f("When the waiver stops working.")
    facts_fingerprint: FactsFingerprint | None = f(
        "The facts the waiver was approved on, written by `ddtapp sign`: check reports it stale when they change.",
        "GOV-RISK-02",
    )


class Dossier(Model):
    """A project dossier for one data-driven technology."""

    schema_version: Literal[2] = f(
        "Version of the dossier format. This is version 2; `ddtapp migrate` rewrites a version 1 dossier.",
        default=...,
    )
    tool: Tool | None = f("The tool and the FOI facts about it.")
    processing: Processing | None = f("Facts that decide which law applies and how much the APP asks.")
    impact: Impact | None = f("The force's declared impact tier.", "GOV-SCOPE-01")
    stage: Stage | None = f(f"The APP stage the project has reached: {one_of(Stage)}.", "GOV-SCOPE-04")
    governance: Governance | None = f("Governance of DDT development (cross-cutting).", "GOV-GOVN-01")
    engage: Engage | None = f("The Engage stage.", "GOV-SCOPE-04")
    evolve: Evolve | None = f("The Evolve stage.", "GOV-SCOPE-04")
    embed: Embed | None = f("The Embed stage.", "GOV-SCOPE-04")
    validation: Validation | None = f(
        "Testing and validation, the force's acceptance criteria and every test, with results by group.",
        "ENG-LEGAL-25",
        "EVO-VALID-02",
    )
    benefits: list[Benefit] = f(
        "Intended benefits, how each is measured, and what monitoring shows.", "GOV-TRANS-04", default_factory=list
    )
    risk_register: list[Risk] = f(
        "Risks to individuals' rights and freedoms (ICO DPIA steps 5-6).", "GOV-RISK-01", default_factory=list
    )
    sign_off: SignOff | None = f("DPIA sign-off (ICO DPIA step 7).", "ENG-LEGAL-16")
    waivers: list[Waiver] = f(
        "Findings the force has accepted, with reason, approver and expiry.", default_factory=list
    )
    publication: Publication | None = f(
        "How fields are marked for publication: a dotted path ([*] every list item, * any key, ** any depth) "
        "-> {marking: public | restricted | secret, exemption, reason}. Fields not named here follow "
        "rules/publication-defaults.yaml.",
        "GOV-TRANS-03",
    )

    @field_validator("schema_version", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        """``true`` and ``1.0`` equal 1 in Python, and Pydantic's Literal would take them: a version is a
        whole number, written ``2``."""
        if type(value) is not int:
            raise ValueError(f"schema_version must be a whole number (this format is 2), not {value!r}"[:120])
        return value


__all__ = [
    "SCHEMA_VERSION",
    "AcceptanceCriterion",
    "AlgorithmModel",
    "Alternative",
    "Article",
    "Authoriser",
    "AutomatedDecisionSafeguards",
    "AutomatedDecisions",
    "Benefit",
    "BenefitMeasurement",
    "Change",
    "ChangeKind",
    "Communications",
    "CommunityFeedback",
    "DataInput",
    "DataOrigin",
    "DataProtection",
    "DataProtectionManagement",
    "DataSource",
    "Dates",
    "DecisionSupported",
    "Design",
    "Disclosure",
    "Disparity",
    "DisparityDecision",
    "Document",
    "DocumentReview",
    "DocumentStatus",
    "DocumentType",
    "Dossier",
    "Dpia",
    "DpiaReview",
    "DpoAdvice",
    "Embed",
    "Ending",
    "Engage",
    "Engagement",
    "EngagementActivity",
    "EthicalContext",
    "EthicsAdvice",
    "Evolve",
    "ExternalParty",
    "GateDecision",
    "GateOutcome",
    "Governance",
    "GovernanceArrangements",
    "HumanInTheLoop",
    "HumanRights",
    "IcoSteps",
    "ImageSource",
    "Impact",
    "InternationalTransfers",
    "LegalBasis",
    "LegalFramework",
    "Likelihood",
    "LocationBasis",
    "LocationBasisKind",
    "Maturity",
    "MeasuredResult",
    "Metric",
    "Model",
    "NationalLandscape",
    "OffenceSeriousness",
    "OptionConsidered",
    "Output",
    "Pause",
    "PauseReason",
    "Person",
    "PersonOfInterestDatabase",
    "PriorConsultation",
    "Prioritisation",
    "PrivacyNotice",
    "PrivacyPolicy",
    "ProceduralFairness",
    "Processing",
    "Processor",
    "ProtectedCharacteristic",
    "Psed",
    "PurchasingStrategy",
    "Rank",
    "Regime",
    "RegulatorEngagement",
    "Retention",
    "ReviewOutcome",
    "ReviewerKind",
    "Risk",
    "RiskEffect",
    "RiskLevel",
    "RiskManagement",
    "Role",
    "S50Safeguards",
    "S64Contents",
    "Scale",
    "Section",
    "SensitiveProcessing",
    "Severity",
    "SignOff",
    "Stage",
    "StakeholderEngagement",
    "Supplier",
    "TechnologyType",
    "Tester",
    "Threshold",
    "Tier",
    "Tool",
    "Training",
    "TrainingData",
    "Transparency",
    "UpdateMode",
    "UsageParameters",
    "Validation",
    "ValidationPurpose",
    "ValidationTest",
    "Waiver",
    "WatchlistCategory",
    "WatchlistCategoryKind",
    "WorkingGroup",
    "WorkingGroupMember",
    "f",
]
