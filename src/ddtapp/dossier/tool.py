"""The tool's identity and the FOI facts about it, and the processing facts that set what the APP asks."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ddtapp.dossier.base import (
    DataSource,
    Document,
    Maturity,
    Model,
    Person,
    Regime,
    TechnologyType,
    Tier,
    UpdateMode,
    f,
    one_of,
)
from ddtapp.dossier.lifecycle import AlgorithmModel, Change, Pause

# ---------------------------------------------------------------- the tool


DataOrigin = Literal[
    "own_force",
    "other_force",
    "national_police_system",
    "commercial_data_broker",
    "health",
    "education",
    "local_authority",
    "other_public_sector",
    "open_source",
    "other",
]


class DataInput(Model):
    name: str | None = f("Name of the data source, e.g. 'Niche RMS crime records'.", "GOV-TRANS-02")
    description: str | None = f("What the data is.")
    source: DataSource | None = f(f"{one_of(DataSource)} (FOI question 4).")
    origin: DataOrigin | None = f(
        "Where the data comes from (own_force, other_force, national_police_system (PNC, PND, ...), "
        "commercial_data_broker, health, education, local_authority, other_public_sector, open_source or other).",
        "EVO-DESIGN-03",
    )
    system: str | None = f("The system it comes from, e.g. 'PND' or 'Experian Mosaic'.")
    sharing_agreement: Document | None = f(
        "The data sharing agreement (or information sharing agreement) under which data from another organisation "
        "is received.",
        "EVO-DESIGN-03",
    )
    personal_data: bool | None = f("Whether it holds personal data.")
    update: UpdateMode | None = f("manual (a person enters or uploads it) or live_feed (automated real-time feed).")
    frequency: str | None = f("For manual updates, how often (e.g. 'weekly').")


class Output(Model):
    name: str | None = f("What the tool produces, e.g. 'risk score (low/medium/high)'.")
    signifies: str | None = f("What the output is taken to indicate, precisely: risk of what, within what time.")


CoercivePower = Literal[
    "stop_and_search",
    "vehicle_stop",
    "arrest",
    "detention",
    "entry_and_search",
    "seizure",
    "other",
    "none",
]


class DecisionSupported(Model):
    decision: str | None = f("The decision the tool supports or triggers, e.g. 'where to send patrols'.")
    about: str | None = f("About whom or what the decision is made.")
    powers: list[CoercivePower] = f(
        "Coercive powers an officer may use on the strength of the output: stop_and_search, vehicle_stop, arrest, "
        "detention, entry_and_search, seizure or other; [none] when the output never leads to one (e.g. a "
        "staffing decision). They raise the impact tier.",
        "GOV-SCOPE-01",
        default_factory=list,
    )


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


class DataAfterEnd(Model):
    """What became of the personal data the tool held once it stopped: destroyed, or kept and why, until when
    (DPA 2018 s39; UK GDPR Art 5(1)(e)), and how people can still ask for it (DPA 2018 s45; UK GDPR Art 15)."""

    outcome: Literal["destroyed", "retained", "partly_retained", "none_held"] | None = f(
        "destroyed (all of it, including the supplier's copies), retained, partly_retained, or none_held (the tool "
        "never held personal data, e.g. abandoned before any was loaded).",
        "GOV-PRIV-07",
    )
    destroyed_on: dt.date | None = f(
        "When the data was destroyed (the last copy, where there were several).", "GOV-PRIV-07"
    )
    how_destroyed: str | None = f(
        "How it was destroyed and by whom, including copies held by the supplier or in backups.", "GOV-PRIV-07"
    )
    evidence: Document | None = f("Evidence of destruction, e.g. the supplier's certificate of destruction.")
    retained: str | None = f(
        "What is kept, where and why, e.g. 'alerts that led to arrests, in the crime records system as evidence'.",
        "GOV-PRIV-07",
    )
    review_date: dt.date | None = f(
        "When the need to keep the retained data is next reviewed, or when it is to be deleted (DPA 2018 s39(2)).",
        "GOV-PRIV-07",
    )
    subject_access: str | None = f(
        "How a subject access request about the retained data is answered now the tool has stopped: who holds it "
        "and who searches it.",
        "GOV-PRIV-07",
    )


class Ending(Model):
    """Why a tool was stopped or abandoned (FOI questions 11 and 13), and what still applies to it: its data and
    its records."""

    decided_on: dt.date | None = f("When the decision to stop or abandon was made.")
    reasons: str | None = f("The reasons.")
    decided_by: Person | None = f("Who decided.")
    data: DataAfterEnd | None = f("What became of the personal data the tool held.", "GOV-PRIV-07")
    records_kept: str | None = f(
        "Where the tool's records are kept now, and until when: the DPIA and other assessments, gate decisions, "
        "evaluations and audit logs, so that complaints, claims and FOI requests about its use can be answered.",
        "GOV-PRIV-07",
    )


class Supplier(Model):
    name: str | None = f("Supplier or developer of the technology.")
    role: str | None = f("What the supplier does (develops, hosts, maintains).")
    procurement_route: str | None = f("How it was procured (framework, tender, in-house).")
    data_access: str | None = f("What access the supplier has to force data, in words.")
    personal_data_access: Literal["none", "aggregate_only", "personal_data"] | None = f(
        "What force data the supplier's staff can see: none, aggregate_only (no personal data) or personal_data"
        " (e.g. remote support access to the live system, or hosting it). With personal_data, the supplier is an"
        " external party to vet and bind by agreement (governance.working_group.external_parties, kind supplier).",
        "GOV-DAWG-12",
    )
    processor: bool | None = f(
        "Whether the supplier processes the tool's personal data on the force's behalf (hosts it, supports the"
        " live system with access to it, analyses it): a processor, with a written contract carrying the terms"
        " the law requires (engage.legal_framework.data_protection.processors).",
        "ENG-LEGAL-09",
    )


class Tool(Model):
    """The tool's identity and the facts behind the FOI request's 13 questions."""

    name: str | None = f("The tool's name (FOI question 1).", "GOV-TRANS-02")
    reference: str | None = f("The force's register reference for the tool.", "GOV-TRANS-02")
    force: str | None = f("The force that develops or deploys it.")
    owner: Person | None = f("The project lead (information asset owner for the project).", "GOV-RISK-01")
    senior_responsible_owner: Person | None = f("The senior leader accountable for the tool.", "GOV-GOVN-01")
    maturity: Maturity | None = f(f"{one_of(Maturity)} (FOI question 2).")
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
    models: list[AlgorithmModel] = f(
        "The models or algorithms inside the tool, each with its version and threshold in use.",
        "EVO-VALID-01",
        default_factory=list,
    )
    changes: list[Change] = f(
        "The change log of new or retrained models, software updates, threshold and predictor changes.",
        "GOV-RISK-03",
        "AIG-MON-03",
        default_factory=list,
    )
    pauses: list[Pause] = f("Periods when use was paused or suspended, and resumptions.", default_factory=list)
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
    adverse: bool | None = f(
        "Whether that effect is, or can be, adverse to the person. Part 3 of the DPA 2018 counts only adverse"
        " effects as significant (s50A(1)(b); before 5 February 2026, s49(2)(a) for legal effects); the UK GDPR"
        " counts any legal or similarly significant effect (Art 22A(1)(b)).",
        "ENG-LEGAL-22",
    )
    description: str | None = f("Which decisions are automated and how.")
    human_review: str | None = f("How a person reviews outputs before acting on them.", "GOV-PRIV-04")


class Scale(Model):
    people_per_year: int | None = f("Roughly how many people the tool processes data about in a year.", ge=0)
    deployments_per_month: int | None = f(
        "Roughly how many times a month it is deployed or run (e.g. live facial recognition deployments, "
        "searches or scoring runs).",
        ge=0,
    )
    geography: Literal["local", "force_wide", "regional", "national"] | None = f("Where it is used.")


class Processing(Model):
    """The facts that decide which law applies and how much the APP asks."""

    regime: Regime | None = f(
        "law_enforcement (Part 3 DPA 2018), general (UK GDPR) processing, or mixed (both).", "ENG-LEGAL-11"
    )
    general_purposes: str | None = f(
        "For mixed processing, which processing is for general (non law-enforcement) purposes, e.g. staff "
        "vetting or civil proceedings.",
        "ENG-LEGAL-11",
    )
    personal_data: bool | None = f("Whether the tool processes personal data.", "ENG-LEGAL-09")
    special_category_data: bool | None = f(
        "Special category data (UK GDPR Art 9) or sensitive processing (DPA s35(8)).", "ENG-LEGAL-10"
    )
    criminal_offence_data: bool | None = f(
        "Whether personal data about criminal convictions and offences, or alleged offences, is processed"
        " (UK GDPR Art 10; DPA 2018 s11(2)). Matters for general processing; under Part 3 it is the ordinary case.",
        "ENG-LEGAL-09",
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
    staff_only: bool | None = f(
        "True when the tool concerns only the force's own officers and staff (a duty rota, workforce planning or "
        "an HR tool): no member of the public is a data subject or affected by its outputs. Engagement with the "
        "public and partners, and representing the force's communities, are then not asked; colleagues' views are.",
        "ENG-STAKE-02",
        "ENG-STAKE-08",
    )
    children: bool | None = f("Whether children's data is processed or children are affected.", "GOV-SCOPE-01")
    vulnerable_people: bool | None = f("Whether vulnerable people are affected.", "GOV-SCOPE-01")
    scale: Scale | None = f("How many people, where.", "GOV-SCOPE-01")
    place_targeting: bool | None = f(
        "Whether the output sends patrols, stops or other police attention to particular places or communities "
        "(a hotspot or risk map, a list of areas or groups), beyond showing where demand is now. Predictive "
        "mapping always does.",
        "GOV-SCOPE-01",
    )
    data_matching: bool | None = f(
        "Whether the tool matches or links records about the same people or vehicles across data sources (ANPR "
        "reads against the PNC and local hotlists; police records joined with council or health data). When "
        "not recorded, personal data from two or more origins (tool.data_inputs) counts as matching.",
        "GOV-SCOPE-01",
    )
    contentious: bool | None = f(
        "Whether the technology is contentious with the public or communities.", "GOV-SCOPE-02", "ENG-STAKE-03"
    )
    innovative: bool | None = f("Whether it uses innovative technology (e.g. AI or machine learning).", "ENG-LEGAL-19")
    machine_learning: bool | None = f("Whether it uses a trained machine-learning model.", "EVO-VALID-02")


class Impact(Model):
    """The tier the force declares. ddtapp computes its own from the facts (``--explain-tier``)."""

    declared_tier: Tier | None = f(f"{one_of(Tier)}, as the force assesses it.", "GOV-SCOPE-01")
    justification: str | None = f("Why, when the declared tier is lower than the computed one.", "GOV-SCOPE-01")
    justified_by: Person | None = f(
        "Who gave the justification. A lower tier justified by the data protection officer (role dpo) is applied, "
        "one tier below the computed one at most (rules/impact-tiers.yaml, justified_lower); otherwise ddtapp "
        "applies the computed tier.",
        "GOV-SCOPE-01",
    )
    justified_on: dt.date | None = f("When the justification was given.", "GOV-SCOPE-01")
