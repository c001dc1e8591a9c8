"""Pydantic v2 models of the project dossier: structural validation only.

Types, enumerations, dates and unknown keys are checked here. Almost every field is optional:
whether something is *missing* depends on the project's stage and impact, and that is for the
rule pack to judge (see ``rules/``). Every field names the APP requirement(s) behind it in
``app_refs``; ``docs/dossier.md`` is generated from these models (``python -m ddtapp.dossier.docgen``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Maturity = Literal["in_development", "pilot", "operational", "retired", "abandoned"]
Stage = Literal["engage", "evolve", "embed"]
Regime = Literal["law_enforcement", "general"]
Tier = Literal["minimal", "moderate", "high", "very_high"]
TechnologyType = Literal[
    "live_facial_recognition",
    "retrospective_facial_recognition",
    "operator_initiated_facial_recognition",
    "other_biometrics",
    "individual_risk_scoring",
    "predictive_mapping",
    "automated_decision_making",
    "dashboard",
    "other",
]
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
    "other",
]
DocumentStatus = Literal["not_started", "draft", "in_review", "approved", "published", "superseded"]
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


def f(description: str, *app_refs: str, default: Any = None, **kw: Any) -> Any:
    """A documented, optional field citing the APP requirement(s) behind it."""
    extra = {"app_refs": list(app_refs)} if app_refs else None
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


class Document(Model):
    """A document the APP asks for at a stage ("Documents to be completed")."""

    type: DocumentType | None = f("What the document is, as the APP's 'Documents to be completed' names it.")
    title: str | None = f("Its title.")
    status: DocumentStatus | None = f("not_started, draft, in_review, approved, published or superseded.")
    version: str | None = f("Version or revision.")
    date: dt.date | None = f("Date of this version (approved or published).")
    review_date: dt.date | None = f("When it is next due for review.", "ENG-LEGAL-18", "GOV-RISK-02")
    location: str | None = f("Path in the policy repository or URL where the document is kept.")


class GateDecision(Model):
    """The decision at a stage gate, taken by the decision maker the APP names."""

    decision_maker: Person | None = f("Who decided; their role must be the one the APP names for this gate.")
    date: dt.date | None = f("Date of the decision.")
    outcome: GateOutcome | None = f("pending, proceed, proceed_with_conditions, revisit or stop.")
    question_answered: str | None = f("The decision maker's answer to the APP's question to proceed for this gate.")
    rationale: str | None = f("Why the decision was taken.")
    conditions: list[str] = f("Conditions attached to a proceed_with_conditions decision.", default_factory=list)
    advice_from: list[Person] = f(
        "Whose input was taken (e.g. the DPO and SIRO where the APP asks for it).", default_factory=list
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


# ---------------------------------------------------------------- the tool


class DataInput(Model):
    name: str | None = f("Name of the data source, e.g. 'Niche RMS crime records'.", "GOV-TRANS-02")
    description: str | None = f("What the data is.")
    source: DataSource | None = f("internal_police, other_public_sector or private_sector (FOI question 4).")
    personal_data: bool | None = f("Whether it holds personal data.")
    update: UpdateMode | None = f("manual (a person enters or uploads it) or live_feed (automated real-time feed).")
    frequency: str | None = f("For manual updates, how often (e.g. 'weekly').")


class Output(Model):
    name: str | None = f("What the tool produces, e.g. 'risk score (low/medium/high)'.")
    signifies: str | None = f("What the output is taken to indicate, precisely: risk of what, within what time.")


class DecisionSupported(Model):
    decision: str | None = f("The decision the tool supports or triggers, e.g. 'where to send patrols'.")
    about: str | None = f("About whom or what the decision is made.")


class Training(Model):
    provided: bool | None = f("Whether users are trained before use (FOI question 9).", "AIG-MON-04")
    content: str | None = f("What the training consists of.")
    provider: str | None = f("Who provides it.")
    provider_type: Literal["in_house", "external"] | None = f("in_house or external.")
    recipients: str | None = f("Who receives it.")
    materials: list[Document] = f("Training manuals or materials.", default_factory=list)


class Dates(Model):
    development_start: dt.date | None = f("When development began.", "ENG-LEGAL-13")
    pilot_start: dt.date | None = f("When a pilot began.")
    pilot_end: dt.date | None = f("When a pilot ended.")
    deployment: dt.date | None = f("When first deployed for operational use.", "ENG-LEGAL-14")
    end: dt.date | None = f("When operational use, or development, ended.")
    planned_launch: dt.date | None = f("Expected launch date of a tool still in development (FOI question 12).")
    planned_launch_type: Literal["pilot", "operational"] | None = f("Whether that launch is a pilot or operational.")


class Ending(Model):
    """Why a tool was stopped or abandoned (FOI questions 11 and 13)."""

    decided_on: dt.date | None = f("When the decision to stop or abandon was made.")
    reasons: str | None = f("The reasons.")
    decided_by: Person | None = f("Who decided.")


class Supplier(Model):
    name: str | None = f("Supplier or developer of the technology.")
    role: str | None = f("What the supplier does (develops, hosts, maintains).")
    procurement_route: str | None = f("How it was procured (framework, tender, in-house).")
    data_access: str | None = f("What access the supplier has to force data.")


class Tool(Model):
    """The tool's identity and the facts behind the FOI request's 13 questions."""

    name: str | None = f("The tool's name (FOI question 1).", "GOV-TRANS-02")
    reference: str | None = f("The force's register reference for the tool.", "GOV-TRANS-02")
    force: str | None = f("The force that develops or deploys it.")
    owner: Person | None = f("The project lead (information asset owner for the project).", "GOV-RISK-01")
    senior_responsible_owner: Person | None = f("The senior leader accountable for the tool.", "GOV-GOVN-01")
    maturity: Maturity | None = f("in_development, pilot, operational, retired or abandoned (FOI question 2).")
    problem: str | None = f("The problem or opportunity the tool addresses.", "ENG-PRIO-01")
    purpose: str | None = f(
        "Why it is developed or deployed: the intended policy purpose (FOI question 3).", "GOV-TRANS-03"
    )
    description: str | None = f("How the tool works, in plain words.")
    technology_types: list[TechnologyType] = f("What kind of DDT it is; several may apply.", default_factory=list)
    technology_other: str | None = f("What the technology is, when technology_types includes 'other'.")
    supplier: Supplier | None = f("Who supplies or develops it.", "EMB-PURCH-05")
    data_inputs: list[DataInput] = f(
        "Data sources used as inputs (FOI question 4).", "EVO-DESIGN-03", default_factory=list
    )
    outputs: list[Output] = f("What it produces and what that signifies (FOI question 5).", default_factory=list)
    decisions: list[DecisionSupported] = f(
        "Decisions supported or triggered, and about whom (FOI question 6).", default_factory=list
    )
    users: list[str] = f("Intended users, e.g. 'custody sergeants' (FOI question 7).", default_factory=list)
    training: Training | None = f("Training for users (FOI question 9).")
    dates: Dates | None = f("Key dates (FOI questions 10 and 12).")
    ending: Ending | None = f("Why use or development stopped (FOI questions 11 and 13).")
    contact: str | None = f(
        "Public contact for questions about the tool (transparency record, Tier 1).", "GOV-TRANS-03"
    )
    website: str | None = f("Public web page about the tool.", "GOV-TRANS-03")


# ---------------------------------------------------------------- facts that set what the APP asks


class AutomatedDecisions(Model):
    solely_automated: bool | None = f(
        "True only if a decision is taken with no meaningful human involvement. An advisory output that a person "
        "genuinely weighs before deciding is not solely automated.",
        "ENG-LEGAL-21",
    )
    effect: Literal["none", "legal", "similarly_significant"] | None = f(
        "The effect of such decisions on the person: none, legal, or similarly_significant.", "ENG-LEGAL-22"
    )
    description: str | None = f("Which decisions are automated and how.")
    human_review: str | None = f("How a person reviews outputs before acting on them.", "GOV-PRIV-04")


class Scale(Model):
    people_per_year: int | None = f("Roughly how many people the tool processes data about in a year.", ge=0)
    geography: Literal["local", "force_wide", "regional", "national"] | None = f("Where it is used.")


class Processing(Model):
    """The facts that decide which law applies and how much the APP asks."""

    regime: Regime | None = f("law_enforcement (Part 3 DPA 2018) or general (UK GDPR) processing.", "ENG-LEGAL-11")
    personal_data: bool | None = f("Whether the tool processes personal data.", "ENG-LEGAL-09")
    special_category_data: bool | None = f(
        "Special category data (UK GDPR Art 9) or sensitive processing (DPA s35(8)).", "ENG-LEGAL-10"
    )
    biometric_data: bool | None = f("Whether biometric data is processed.", "ENG-LEGAL-10")
    biometric_identification: bool | None = f(
        "Whether biometric data is used to uniquely identify people.", "ENG-LEGAL-10"
    )
    deployment: Literal["overt", "covert"] | None = f("overt or covert. The APP covers overt use only.", "GOV-SCOPE-03")
    public_space_surveillance: bool | None = f("Live monitoring of people in public spaces.", "GOV-SCOPE-01")
    automated_decisions: AutomatedDecisions | None = f("Automated decision making.", "ENG-LEGAL-21")
    individual_profiling: bool | None = f(
        "Whether it scores, profiles or predicts about named individuals.", "GOV-SCOPE-01"
    )
    groups_affected: list[str] = f(
        "Who is affected: suspects, victims, witnesses, the public in an area...", default_factory=list
    )
    children: bool | None = f("Whether children's data is processed or children are affected.", "GOV-SCOPE-01")
    vulnerable_people: bool | None = f("Whether vulnerable people are affected.", "GOV-SCOPE-01")
    scale: Scale | None = f("How many people, where.", "GOV-SCOPE-01")
    contentious: bool | None = f(
        "Whether the technology is contentious with the public or communities.", "GOV-SCOPE-02", "ENG-STAKE-03"
    )
    innovative: bool | None = f("Whether it uses innovative technology (e.g. AI or machine learning).", "ENG-LEGAL-19")
    machine_learning: bool | None = f("Whether it uses a trained machine-learning model.", "EVO-VALID-02")


class Impact(Model):
    """The tier the force declares. ddtapp computes its own from the facts (``--explain-tier``)."""

    declared_tier: Tier | None = f("minimal, moderate, high or very_high, as the force assesses it.", "GOV-SCOPE-01")
    justification: str | None = f("Why, when the declared tier is lower than the computed one.", "GOV-SCOPE-01")


# ---------------------------------------------------------------- governance (cross-cutting)


class GovernanceArrangements(Model):
    covers: list[Literal["procurement", "deployment_policy", "evaluation"]] = f(
        "What the internal governance covers.", "GOV-GOVN-01", default_factory=list
    )
    chief_constable_oversight: str | None = f("How the chief constable oversees the tool.", "GOV-GOVN-02")
    pcc_oversight: str | None = f("How the PCC (or equivalent) oversees it.", "GOV-GOVN-02")
    independence: str | None = f("How decisions are kept independent and accountable.", "GOV-GOVN-03")
    ethics_oversight: str | None = f(
        "Which ethics committee or advisory structure oversees it, and how.", "GOV-GOVN-04"
    )


class RiskManagement(Model):
    process: str | None = f("How risks are scoped, mapped, identified and addressed.", "GOV-RISK-01")
    last_reassessed: dt.date | None = f("When the risks were last reassessed.", "GOV-RISK-02")
    change_of_use: str | None = f("How changes of proposed use are caught and sent back to Engage.", "GOV-RISK-03")


class SimilarityThreshold(Model):
    value: float | None = f(
        "The configured similarity threshold (the point at which a comparison alerts).", "GOV-PRIV-06"
    )
    rationale: str | None = f("Why that threshold was chosen.", "GOV-PRIV-06")
    evidence: list[Document] = f(
        "Evidence behind it, e.g. the demographic test report at that threshold.",
        "GOV-PRIV-06",
        "ENG-LEGAL-25",
        default_factory=list,
    )


class PersonOfInterestDatabase(Model):
    name: str | None = f("The database or watchlist.", "GOV-PRIV-05")
    inclusion_criteria: str | None = f("Who may be placed on it: the categories of person, precisely.", "GOV-PRIV-05")
    authorisation: str | None = f("Who authorises each watchlist, and at what rank.", "GOV-PRIV-02")
    data_origin_audit_trail: str | None = f("How the origin of every entry's data is recorded.", "GOV-PRIV-05")
    retention: str | None = f("How long entries are kept and when they are deleted.", "GOV-PRIV-07")


class UsageParameters(Model):
    how: str | None = f("How the tool may be used.", "GOV-PRIV-03")
    when: str | None = f("When it may be used (e.g. which events, times, durations).", "GOV-PRIV-03")
    where: str | None = f("Where it may be used: the location criteria for a deployment.", "GOV-PRIV-03")


class Authoriser(Model):
    name: str | None = f("Named individual who authorises use.", "GOV-PRIV-02")
    role: Role | None = f("Their role.")
    level_of_authority: str | None = f("What they may authorise.", "GOV-PRIV-02")


class HumanInTheLoop(Model):
    role: str | None = f("The role that acts on the tool's outputs.", "GOV-PRIV-04")
    responsibilities: str | None = f("What the role checks and decides before any action.", "GOV-PRIV-04")
    training: str | None = f("Training the role receives.")


class DataProtectionManagement(Model):
    responsible: str | None = f("Who manages data protection obligations.", "GOV-PRIV-07")
    storage: str | None = f("Storage.", "GOV-PRIV-07")
    retention: str | None = f("Retention periods.", "GOV-PRIV-07")
    deletion: str | None = f("Deletion and destruction.", "GOV-PRIV-07")
    subject_access: str | None = f("Subject access requests.", "GOV-PRIV-07")
    cybersecurity: str | None = f("Cybersecurity.", "GOV-PRIV-07")
    logging: str | None = f("Logging of collection, consultation, disclosure and erasure (DPA s62).", "GOV-PRIV-07")


class PrivacyPolicy(Model):
    """The privacy and data governance policy and its ten minimum contents (GOV-PRIV-02..11)."""

    document: Document | None = f("The policy document itself.", "GOV-PRIV-01")
    authorisers: list[Authoriser] = f(
        "Named individuals who authorise use, with their level of authority.", "GOV-PRIV-02", default_factory=list
    )
    usage_parameters: UsageParameters | None = f("How, when and where the tool may be used.", "GOV-PRIV-03")
    human_in_the_loop: list[HumanInTheLoop] = f(
        "Roles performing any human-in-the-loop function.", "GOV-PRIV-04", default_factory=list
    )
    person_of_interest_databases: list[PersonOfInterestDatabase] = f(
        "Person-of-interest databases (for facial recognition, the watchlists): basis and audit trail.",
        "GOV-PRIV-05",
        default_factory=list,
    )
    similarity_threshold: SimilarityThreshold | None = f("Facial recognition similarity threshold.", "GOV-PRIV-06")
    data_protection: DataProtectionManagement | None = f(
        "How data protection obligations are managed, by whom.", "GOV-PRIV-07"
    )
    equality_issues: str | None = f(
        "How Equality Act issues are identified, reported to the developer and corrected.", "GOV-PRIV-08"
    )
    privacy_vulnerabilities: str | None = f(
        "How privacy vulnerabilities are reported to the provider and corrected.", "GOV-PRIV-09"
    )
    includes_dpia: bool | None = f("Whether the completed DPIA is included in the policy.", "GOV-PRIV-10")
    npcc_data_governance_principles: str | None = f(
        "How the NPCC Data Governance Principles for Datasets are adhered to.", "GOV-PRIV-11"
    )


class WorkingGroupMember(Model):
    name: str | None = f("Name.")
    role: Role | None = f("Role in the group.", "GOV-DAWG-05", "GOV-DAWG-06", "GOV-DAWG-07")
    organisation: str | None = f("Organisation, for members from outside the force.")
    external: bool | None = f("Whether the member is an external expert.", "GOV-DAWG-12")
    vetting_level: str | None = f("Vetting level for external experts (see the Vetting APP).", "GOV-DAWG-12")
    data_sharing_agreement: bool | None = f(
        "Whether an external expert has signed a data-sharing agreement.", "GOV-DAWG-12"
    )


class WorkingGroup(Model):
    """The data analytics working group (GOV-DAWG)."""

    scope: Literal["project", "force_wide"] | None = f("A project-specific or force-wide group.", "GOV-DAWG-01")
    function: str | None = f(
        "What the group does: advice, challenge, authorising proposals.", "GOV-DAWG-02", "GOV-DAWG-03"
    )
    reviews_business_justification: bool | None = f(
        "Whether the group reviewed and authorised the business justification and proposal.", "GOV-DAWG-04"
    )
    members: list[WorkingGroupMember] = f("Members.", "GOV-DAWG-05", "GOV-DAWG-06", "GOV-DAWG-07", default_factory=list)
    expertise_available: list[
        Literal["equalities_law", "system_developers", "community", "governance", "media_and_communications"]
    ] = f("Expertise the group can draw on.", "GOV-DAWG-08", default_factory=list)
    independent_input: str | None = f("Independent input from academia or civil society, or why not.", "GOV-DAWG-09")
    external_review: str | None = f("External expertise brought in, e.g. independent peer review.", "GOV-DAWG-10")
    meetings: list[Engagement] = f("Meetings held.", "GOV-DAWG-03", default_factory=list)


class Transparency(Model):
    on_force_register: bool | None = f("Whether the tool is on the force's internal list of DDTs.", "GOV-TRANS-02")
    programme_lead: Person | None = f("The programme lead over all the force's DDT projects, if any.", "GOV-TRANS-01")
    published: Engagement | None = f("Where and when project details were made public.", "GOV-TRANS-03")
    benefits_communicated: str | None = f("How intended benefits were communicated.", "GOV-TRANS-04")
    benefits_monitoring: str | None = f("How benefits will be monitored over time.", "GOV-TRANS-04")
    risks_communicated: str | None = f("How risks and their mitigation were communicated.", "GOV-TRANS-04")
    transparency_record: Document | None = f("The Algorithmic Transparency Recording Standard record.", "EVO-VALID-01")


class Communications(Model):
    proactive: str | None = f(
        "Proactive communications about the tool, its use, results and next steps.", "GOV-COMMS-01"
    )
    insights_shared: str | None = f("Insights shared across the force and policing.", "GOV-COMMS-02")


class NationalLandscape(Model):
    consistency: str | None = f("How the tool fits the national landscape and does not duplicate work.", "GOV-NAT-01")
    npcc_science_innovation_committee: Engagement | None = f(
        "Engagement with the NPCC Science and Innovation Committee.", "GOV-NAT-02"
    )
    home_office_pppt: Engagement | None = f("Engagement with Home Office PPPT.", "GOV-NAT-03")
    npcc_portfolio: Engagement | None = f("Engagement with the NPCC board or portfolio for the product.", "GOV-NAT-04")
    practice_shared: str | None = f("How practice was shared (DDaTCC, committees, partners).", "GOV-NAT-05")
    ada_network: Engagement | None = f("Attendance at Advanced Data Analytics Network meetings.", "GOV-NAT-06")


class RegulatorEngagement(Model):
    body: (
        Literal["biometrics_and_surveillance_camera_commissioner", "ico", "ehrc", "forensic_science_regulator", "other"]
        | None
    ) = f("The regulator.", "GOV-REG-01")
    date: dt.date | None = f("When.")
    summary: str | None = f("Codes or guidance considered, and the outcome.", "GOV-REG-01")


class Governance(Section):
    """Governance of DDT development (cross-cutting): gate, arrangements and the subsections under it."""

    arrangements: GovernanceArrangements | None = f("Internal governance arrangements.", "GOV-GOVN-01")
    risk_management: RiskManagement | None = f("Risk management.", "GOV-RISK-01")
    privacy_policy: PrivacyPolicy | None = f("Privacy and data governance policy.", "GOV-PRIV-01")
    working_group: WorkingGroup | None = f("Data analytics working group.", "GOV-DAWG-01")
    transparency: Transparency | None = f("Transparency.", "GOV-TRANS-02")
    communications: Communications | None = f("Communications.", "GOV-COMMS-01")
    national_landscape: NationalLandscape | None = f("National landscape.", "GOV-NAT-01")
    regulators: list[RegulatorEngagement] = f(
        "Engagement with other regulatory bodies.", "GOV-REG-01", default_factory=list
    )


# ---------------------------------------------------------------- Engage


class OptionConsidered(Model):
    option: str | None = f("An option considered.", "ENG-PRIO-02")
    assessment: str | None = f("How it was assessed and why chosen or rejected.", "ENG-PRIO-03")


class Prioritisation(Section):
    options_considered: list[OptionConsidered] = f(
        "Options found by scanning the environment.", "ENG-PRIO-02", default_factory=list
    )
    green_book: str | None = f("How the HM Treasury Green Book informed the option assessment.", "ENG-PRIO-03")
    five_case_model: str | None = f("How the business case follows the Five Case Model.", "ENG-PRIO-04")
    strategic_fit: str | None = f("How the tool fits alongside other demands and strategic objectives.", "ENG-PRIO-05")
    digital_maturity: str | None = f("The benefit given the force's digital maturity.", "ENG-PRIO-06")
    desirability: str | None = f("NPCC S&T strategy criterion: desirability.", "ENG-PRIO-07")
    feasibility: str | None = f("NPCC S&T strategy criterion: feasibility.", "ENG-PRIO-07")
    viability: str | None = f("NPCC S&T strategy criterion: viability.", "ENG-PRIO-07")


class EngagementActivity(Model):
    audience: (
        Literal["public", "community_leaders", "interest_groups", "partners", "colleagues", "academia", "industry"]
        | None
    ) = f("Who was engaged.", "ENG-STAKE-02", "ENG-STAKE-03", "ENG-STAKE-08")
    channel: str | None = f("How (survey, public meeting, focus group, online consultation...).", "ENG-STAKE-04")
    date: dt.date | None = f("When.")
    participants: int | None = f("How many took part.", ge=0)
    summary: str | None = f("What was heard.")


class CommunityFeedback(Model):
    date: dt.date | None = f("When feedback was given to communities.", "ENG-STAKE-05")
    results: str | None = f("The results of the engagement, as fed back.", "ENG-STAKE-05")
    actions: str | None = f("Actions taken in response.", "ENG-STAKE-05")
    reasons_no_action: str | None = f("Reasons where no action was taken.", "ENG-STAKE-05")


class StakeholderEngagement(Section):
    evidence_reviewed: list[str] = f(
        "Evidence, research and advice sought and considered.", "ENG-STAKE-01", "ENG-STAKE-09", default_factory=list
    )
    activities: list[EngagementActivity] = f(
        "Engagement and consultation carried out.", "ENG-STAKE-02", "ENG-STAKE-03", "ENG-STAKE-04", default_factory=list
    )
    inclusive_and_accessible: str | None = f(
        "How engagement was made inclusive and accessible to everyone.", "ENG-STAKE-06"
    )
    representative: str | None = f("How engagement represented the force's communities.", "ENG-STAKE-07")
    two_way: str | None = f("How engagement was meaningful, two-way and fair.", "ENG-STAKE-04")
    feedback: CommunityFeedback | None = f("Feedback given to communities.", "ENG-STAKE-05")
    police_science_council: str | None = f("Work with the Police Science Council on partners.", "ENG-STAKE-10")


class LegalBasis(Model):
    policing_powers: str | None = f("The legal basis (statute or common law power) for the tool's use.", "ENG-LEGAL-03")
    shared_with_stakeholders: dt.date | None = f(
        "When the legal basis was shared with key stakeholders.", "ENG-LEGAL-03"
    )
    roles_and_responsibilities: str | None = f(
        "Procedures, roles and responsibilities under the legal framework.", "ENG-LEGAL-01"
    )
    force_policies: list[Document] = f(
        "Force policies showing how use complies with the law.", "ENG-LEGAL-02", default_factory=list
    )


class Alternative(Model):
    alternative: str | None = f("A less intrusive means considered.", "ENG-LEGAL-05")
    why_rejected: str | None = f("Why it would not achieve the same outcome.", "ENG-LEGAL-05")


class HumanRights(Model):
    articles_engaged: list[Article] = f(
        "ECHR articles engaged (2, 3, 8, 9, 10, 11, 14...).", "ENG-LEGAL-06", default_factory=list
    )
    interference: str | None = f("How the tool may interfere with those rights.", "ENG-LEGAL-04")
    necessity: str | None = f("Why the interference is necessary (crime prevention, public safety).", "ENG-LEGAL-04")
    proportionality: str | None = f("Why it is proportionate.", "ENG-LEGAL-04")
    alternatives_considered: list[Alternative] = f(
        "Less intrusive alternatives considered.", "ENG-LEGAL-05", default_factory=list
    )
    legal_advice: Engagement | None = f("Legal advice taken when Articles 8-11 are engaged.", "ENG-LEGAL-07")


class SensitiveProcessing(Model):
    strictly_necessary: str | None = f("Why the sensitive processing is strictly necessary (DPA s35).", "ENG-LEGAL-10")
    schedule_8_condition: str | None = f("The DPA 2018 Schedule 8 condition relied on (Part 3).", "ENG-LEGAL-10")
    article_9_condition: str | None = f("The UK GDPR Art 9 condition relied on (general processing).", "ENG-LEGAL-11")
    appropriate_policy_document: Document | None = f("The appropriate policy document (DPA s42).", "ENG-LEGAL-10")
    legal_advice_on_exemptions: Engagement | None = f(
        "Legal advice where extensions or exemptions may apply.", "ENG-LEGAL-12"
    )


class DataProtection(Model):
    lawful_basis: str | None = f("The lawful basis for processing personal data.", "ENG-LEGAL-09")
    sensitive_processing: SensitiveProcessing | None = f(
        "Sensitive processing / special category data.", "ENG-LEGAL-10"
    )
    dpo_advice_on_dpia_need: Engagement | None = f("The DPO's advice on whether a DPIA is needed.", "ENG-LEGAL-17")
    ico_data_analytics_toolkit: str | None = f("How the ICO toolkit for data analytics was considered.", "ENG-LEGAL-19")


class IcoSteps(Model):
    """The ICO DPIA template's seven steps: a short account of each."""

    need: str | None = f("Step 1: the need for a DPIA.", "ENG-LEGAL-13")
    processing: str | None = f("Step 2: nature, scope, context and purposes of the processing.", "ENG-LEGAL-13")
    consultation: str | None = f(
        "Step 3: consultation with individuals, internally, processors and experts.", "ENG-LEGAL-13"
    )
    necessity_and_proportionality: str | None = f("Step 4: necessity and proportionality.", "ENG-LEGAL-13")
    risks: str | None = f("Step 5: risks identified and assessed (see risk_register).", "ENG-LEGAL-13")
    measures: str | None = f("Step 6: measures to reduce risk.", "ENG-LEGAL-13")
    sign_off: str | None = f("Step 7: sign-off and outcomes (see sign_off).", "ENG-LEGAL-13")


class S64Contents(Model):
    """What a Part 3 DPIA must contain (DPA 2018 s64(3))."""

    description_of_processing: str | None = f("(a) A general description of the envisaged processing.", "ENG-LEGAL-16")
    risks_to_rights: str | None = f(
        "(b) An assessment of the risks to the rights and freedoms of data subjects.", "ENG-LEGAL-16"
    )
    measures: str | None = f("(c) The measures envisaged to address those risks.", "ENG-LEGAL-16")
    safeguards: str | None = f(
        "(d) Safeguards, security measures and mechanisms to protect the data and demonstrate compliance.",
        "ENG-LEGAL-16",
    )


class DpoAdvice(Model):
    given_by: Person | None = f("The DPO who advised.", "ENG-LEGAL-17")
    date: dt.date | None = f("When.")
    summary: str | None = f("The advice.")
    outcome: Literal["accepted", "overruled", "partly_accepted"] | None = f("Whether it was accepted or overruled.")
    decided_by: Person | None = f("Who accepted or overruled it.")
    reasons_if_overruled: str | None = f("Reasons, required if the advice was overruled.")


class PriorConsultation(Model):
    regulator: str | None = f("The Information Commissioner (s65 / Art 36).")
    date: dt.date | None = f("When the regulator was consulted.")
    outcome: str | None = f("The regulator's response.")


class DpiaReview(Model):
    date: dt.date | None = f("When the DPIA was reviewed.", "ENG-LEGAL-14", "ENG-LEGAL-15")
    trigger: Literal["trial_to_deployment", "change_of_aims", "scheduled", "other"] | None = f(
        "Why it was reviewed.", "ENG-LEGAL-14", "ENG-LEGAL-15"
    )
    summary: str | None = f("What the review found.")


class Dpia(Model):
    """The data protection impact assessment's content."""

    completed: dt.date | None = f("When the DPIA was completed.", "ENG-LEGAL-13", "ENG-LEGAL-16")
    screening: list[str] = f(
        "Screening criteria met (ICO and EDPB high-risk indicators).", "ENG-LEGAL-13", default_factory=list
    )
    ico_steps: IcoSteps | None = f("The ICO template's steps (general processing).", "ENG-LEGAL-13")
    s64: S64Contents | None = f("The four s64(3) contents (law-enforcement processing).", "ENG-LEGAL-16")
    ico_harms_taxonomy: bool | None = f(
        "Whether the ICO overview of data protection harms and taxonomy were used.", "ENG-LEGAL-18"
    )
    reviews: list[DpiaReview] = f("Reviews of the DPIA.", "ENG-LEGAL-14", "ENG-LEGAL-15", default_factory=list)
    aims_changed: dt.date | None = f("When the project's aims last changed significantly.", "ENG-LEGAL-15")
    prior_consultation: PriorConsultation | None = f(
        "Prior consultation with the regulator (s65 / Art 36).", "ENG-LEGAL-16"
    )


class S50Safeguards(Model):
    notification: str | None = f("How the data subject is told a solely automated decision was taken.", "ENG-LEGAL-22")
    reconsideration: str | None = f(
        "How they can ask for reconsideration or a new, not solely automated, decision.", "ENG-LEGAL-22"
    )


class AutomatedDecisionSafeguards(Model):
    authorised_by_law: str | None = f(
        "The law that requires or authorises the solely automated decision.", "ENG-LEGAL-22"
    )
    s50_safeguards: S50Safeguards | None = f("DPA 2018 s50 safeguards (Part 3).", "ENG-LEGAL-22")
    article_22_condition: Literal["contract", "authorised_by_law", "explicit_consent"] | None = f(
        "The UK GDPR Art 22(2) condition relied on (general processing).", "ENG-LEGAL-21"
    )
    article_22_safeguards: str | None = f(
        "Art 22(3) safeguards: human intervention, contest the decision.", "ENG-LEGAL-21"
    )
    quality_procedures: str | None = f(
        "Procedures for ambiguity in data quality, reliability or transparency.", "ENG-LEGAL-23"
    )


class DemographicTest(Model):
    date: dt.date | None = f("When the test ran.", "ENG-LEGAL-25")
    characteristics: list[ProtectedCharacteristic] = f(
        "Protected characteristics tested across.", "ENG-LEGAL-25", default_factory=list
    )
    method: str | None = f("How the test was done (data set, sample size, tester).", "ENG-LEGAL-25")
    on_force_data: bool | None = f("Whether the test used the force's own data.", "EVO-VALID-02")
    independent: bool | None = f("Whether the test was carried out independently of the supplier.")
    similarity_threshold: float | None = f("For facial recognition: the threshold the test ran at.", "GOV-PRIV-06")
    results: str | None = f("The results, by group: error rates, false positives and negatives.", "ENG-LEGAL-25")
    disparity_found: bool | None = f("Whether a statistically significant disparity was found.", "ENG-LEGAL-25")
    actions: str | None = f("What was done about any disparity.", "GOV-PRIV-08")
    report: Document | None = f("The test report.", "ENG-LEGAL-25")


class Psed(Model):
    """Public sector equality duty (Equality Act 2010 s149)."""

    elimination_measures: str | None = f(
        "What is done to eliminate discrimination, harassment and victimisation.", "ENG-LEGAL-24"
    )
    demographic_testing: list[DemographicTest] = f(
        "Testing against demographic groups, with results.", "ENG-LEGAL-25", default_factory=list
    )
    record_keeping: str | None = f("How record-keeping reflects the PSED.", "ENG-LEGAL-26")
    review_procedure: str | None = f("How internal scrutiny and review reflect the PSED.", "ENG-LEGAL-26")


class LegalFramework(Section):
    legal_basis: LegalBasis | None = f("Legal basis.", "ENG-LEGAL-03")
    human_rights: HumanRights | None = f("Human rights.", "ENG-LEGAL-04")
    data_protection: DataProtection | None = f("Data protection.", "ENG-LEGAL-09")
    dpia: Dpia | None = f("The DPIA's content.", "ENG-LEGAL-13", "ENG-LEGAL-16")
    automated_decisions: AutomatedDecisionSafeguards | None = f("Automated decision safeguards.", "ENG-LEGAL-21")
    psed: Psed | None = f("Public sector equality duty.", "ENG-LEGAL-24")


class EthicsAdvice(Model):
    body: Literal["local_data_ethics_board", "national_data_ethics_board", "legal_department", "other"] | None = f(
        "Who advised.", "ENG-ETH-01"
    )
    date: dt.date | None = f("When.")
    advice: str | None = f("The advice.", "ENG-ETH-01")
    response: str | None = f("How the project responded.", "ENG-ETH-03")


class EthicalContext(Section):
    advice: list[EthicsAdvice] = f(
        "Advice from ethics boards and legal departments.", "ENG-ETH-01", default_factory=list
    )
    principles_considered: str | None = f(
        "How the ethics framework's governing principles were considered and the answers agreed.", "ENG-ETH-03"
    )


class ProceduralFairness(Model):
    considered: str | None = f("How procedural fairness strengthens legitimacy and fairness.", "ENG-PF-01")
    access_to_data_points: str | None = f(
        "How people can see the information and data points used in their case.", "ENG-PF-02"
    )
    explanation: str | None = f("How people can get an explanation of how a decision was reached.", "ENG-PF-03")
    challenge: str | None = f("How people can challenge accuracy, relevance or fairness.", "ENG-PF-03")
    transparency: str | None = f("How use of the tool is communicated to those affected.", "ENG-PF-04")
    notification: str | None = f("How people are told the tool informed a decision about them.", "ENG-PF-05")
    accessibility: str | None = f("How these routes are fair, non-discriminatory and accessible.", "ENG-PF-06")


class Engage(Model):
    prioritisation: Prioritisation | None = f("Prioritisation.")
    stakeholder_engagement: StakeholderEngagement | None = f("Stakeholder engagement and environmental scanning.")
    legal_framework: LegalFramework | None = f("Legal framework.")
    ethical_context: EthicalContext | None = f("Ethical context.")
    procedural_fairness: ProceduralFairness | None = f("Procedural fairness.")


# ---------------------------------------------------------------- Evolve and Embed


class TrainingData(Model):
    description: str | None = f("The training data.", "EVO-DESIGN-03")
    quality: str | None = f("How its quality was assessed.", "EVO-DESIGN-03")
    lawfully_acquired: str | None = f("How it was legally acquired.", "EVO-DESIGN-03")


class ForceDataTest(Model):
    date: dt.date | None = f("When.", "EVO-VALID-02")
    results: str | None = f("Results on the force's own data.", "EVO-VALID-02")


class Design(Section):
    problem_restated: str | None = f("The problem from Engage, restated.", "EVO-DESIGN-01")
    approaches_considered: list[str] = f(
        "Types of approach and solution considered.", "EVO-DESIGN-02", default_factory=list
    )
    training_data: TrainingData | None = f("Training data.", "EVO-DESIGN-03")
    resources: str | None = f("Technology and people resources to use and not use.", "EVO-DESIGN-03")
    constraints_and_tradeoffs: str | None = f("Constraints and trade-offs.", "EVO-DESIGN-04")
    challenge: str | None = f("Challenge built into development, e.g. red-teaming.", "EVO-DESIGN-06")
    force_data_testing: ForceDataTest | None = f("Testing on the force's own data.", "EVO-VALID-02")


class Evolve(Model):
    design: Design | None = f("Design stage.")


class PurchasingStrategy(Section):
    approach: Literal["develop", "buy", "combined"] | None = f("Develop, buy, or a combination.", "EMB-PURCH-05")
    components_and_resources: str | None = f(
        "Components, resources, support and delivery mechanisms needed.", "EMB-PURCH-05"
    )
    technology_code_of_practice: str | None = f(
        "How the HM Government Technology Code of Practice was followed.", "EMB-PURCH-05"
    )
    addresses_issue: str | None = f("Answer to the gate: does the DDT address the issue?", "EMB-PURCH-05")
    value_for_money: str | None = f("Answer to the gate: does the DDT represent value for money?", "EMB-PURCH-05")


class Embed(Model):
    purchasing_strategy: PurchasingStrategy | None = f("Purchasing strategy.")


# ---------------------------------------------------------------- risk register, sign-off, waivers


class Risk(Model):
    """One risk (ICO DPIA steps 5 and 6)."""

    id: str | None = f("Short reference, e.g. R1.")
    description: str | None = f("The risk: its source and potential impact on individuals.", "GOV-RISK-01")
    likelihood: Likelihood | None = f("remote, possible or probable.", "GOV-RISK-01")
    severity: Severity | None = f("minimal, significant or severe.", "GOV-RISK-01")
    overall: RiskLevel | None = f("low, medium or high.", "GOV-RISK-01")
    measures: str | None = f("Options to reduce or eliminate it.", "GOV-RISK-01")
    effect: RiskEffect | None = f("eliminated, reduced or accepted.", "GOV-RISK-01")
    residual: RiskLevel | None = f("Residual risk: low, medium or high.", "GOV-RISK-01")
    approved: bool | None = f("Whether the measure is approved.", "GOV-RISK-01")
    owner: str | None = f("Who owns the risk.")


class SignOff(Model):
    """ICO DPIA step 7: sign-off and outcomes."""

    measures_approved_by: Person | None = f("Who approved the measures.", "ENG-LEGAL-16")
    residual_risks_approved_by: Person | None = f("Who approved the residual risks.", "ENG-LEGAL-16")
    dpo_advice: DpoAdvice | None = f("The DPO's advice and whether it was accepted or overruled.", "ENG-LEGAL-17")
    consultation_responses_reviewed_by: Person | None = f("Who reviewed consultation responses.", "ENG-STAKE-05")
    kept_under_review_by: Person | None = f("Who keeps the DPIA under review.", "ENG-LEGAL-18")


class Waiver(Model):
    """A recorded, approved and time-limited decision to accept a finding."""

    rule: str = f("The rule id waived, e.g. DPIA-004.", default=...)
    path: str | None = f("Limit the waiver to findings at this dossier path.")
    reason: str = f("Why the finding is accepted (required).", default=...)
    approver: Person | None = f("Who approved the waiver (name and role).")
    expires: dt.date | None = f("When the waiver stops working.")


class Dossier(Model):
    """A project dossier for one data-driven technology."""

    schema_version: Literal[1] = f("Version of the dossier format. This is version 1.", default=...)
    tool: Tool | None = f("The tool and the FOI facts about it.")
    processing: Processing | None = f("Facts that decide which law applies and how much the APP asks.")
    impact: Impact | None = f("The force's declared impact tier.", "GOV-SCOPE-01")
    stage: Stage | None = f("The APP stage the project has reached: engage, evolve or embed.", "GOV-SCOPE-04")
    governance: Governance | None = f("Governance of DDT development (cross-cutting).", "GOV-GOVN-01")
    engage: Engage | None = f("The Engage stage.", "GOV-SCOPE-04")
    evolve: Evolve | None = f("The Evolve stage.", "GOV-SCOPE-04")
    embed: Embed | None = f("The Embed stage.", "GOV-SCOPE-04")
    risk_register: list[Risk] = f(
        "Risks to individuals' rights and freedoms (ICO DPIA steps 5-6).", "GOV-RISK-01", default_factory=list
    )
    sign_off: SignOff | None = f("DPIA sign-off (ICO DPIA step 7).", "ENG-LEGAL-16")
    waivers: list[Waiver] = f(
        "Findings the force has accepted, with reason, approver and expiry.", default_factory=list
    )
