"""The Engage stage: prioritisation, stakeholder engagement, legal framework, ethical context and
procedural fairness.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ddtapp.dossier.base import Article, Document, Engagement, Model, Person, Section, f

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
    appropriate_policy_document: Document | None = f(
        "The appropriate policy document (DPA 2018 s42 for Part 3; Schedule 1 Part 4 for general processing where a"
        " Schedule 1 condition needs one).",
        "ENG-LEGAL-10",
    )
    schedule_1_paragraph: int | None = f(
        "General processing: the DPA 2018 Schedule 1 paragraph relied on for special category or criminal offence"
        " data, e.g. 1 (employment), 6 (statutory and government purposes), 10 (preventing or detecting unlawful"
        " acts), 18 (safeguarding). Paragraphs 1, 6-28, 35 and 36 need an appropriate policy document.",
        "ENG-LEGAL-11",
        ge=1,
    )
    article_10_basis: str | None = f(
        "General processing of criminal offence data: the official authority, or the Schedule 1 condition, relied"
        " on (UK GDPR Art 10; DPA 2018 s10(5)).",
        "ENG-LEGAL-09",
    )
    legal_advice_on_exemptions: Engagement | None = f(
        "Legal advice where extensions or exemptions may apply.", "ENG-LEGAL-12"
    )


class Disclosure(Model):
    """Personal data the force discloses or shares outward, and the agreement it rests on."""

    recipient: str | None = f("Who receives the data, e.g. 'local authority children's services'.", "GOV-PRIV-07")
    purpose: str | None = f("Why it is shared.", "GOV-PRIV-07")
    routine: bool | None = f("Whether it is routine (systematic) sharing rather than a one-off disclosure.")
    agreement: Document | None = f("The data sharing agreement, where the sharing is routine.", "GOV-PRIV-07")


class InternationalTransfers(Model):
    """Transfers of personal data outside the UK (UK GDPR Chapter V; DPA 2018 Part 3 Chapter 5)."""

    outside_uk: bool | None = f(
        "Whether any personal data is transferred (or accessed) outside the UK.", "ENG-LEGAL-13"
    )
    countries: list[str] = f("Where to.", default_factory=list)
    recipients: str | None = f("Who receives it (e.g. the supplier's support team, a cloud region).")
    mechanism: str | None = f(
        "The legal mechanism (adequacy regulations, appropriate safeguards (IDTA, addendum), or a "
        "special-circumstances condition under DPA 2018 s76).",
        "ENG-LEGAL-13",
    )


class Processor(Model):
    """Someone who processes the personal data on the force's behalf: a supplier hosting or supporting the tool,
    a cloud provider, an analytics contractor."""

    name: str | None = f("The processor.", "ENG-LEGAL-09")
    processing: str | None = f("What it does with the data (hosts, supports, analyses, deletes).", "ENG-LEGAL-09")
    contract: Document | None = f("The written contract or data processing agreement.", "ENG-LEGAL-09")
    statutory_terms: bool | None = f(
        "Whether the written contract sets out what the law requires of it: DPA 2018 s59(5) for Part 3 (subject"
        " matter, duration, nature and purpose, data and data subjects; the processor acts only on instructions,"
        " keeps it confidential, assists, deletes or returns the data at the end, makes information available);"
        " UK GDPR Art 28(3) otherwise.",
        "ENG-LEGAL-09",
    )


class Retention(Model):
    """How long the tool's personal data is kept (DPA 2018 s39; UK GDPR Art 5(1)(e))."""

    period: str | None = f(
        "How long each kind of data is kept, e.g. 'alerts 31 days; match records 12 months'.", "ENG-LEGAL-09"
    )
    review_interval: str | None = f(
        "How often the need to keep it is reviewed: the time limits for periodic review (DPA 2018 s39(2)).",
        "ENG-LEGAL-09",
    )
    next_review: dt.date | None = f("When that review is next due.", "ENG-LEGAL-09")


class PrivacyNotice(Model):
    """The information given to the people whose data the tool processes (DPA 2018 s44; UK GDPR Arts 13-14)."""

    published: bool | None = f("Whether the force's privacy notice covers this tool's processing.", "ENG-LEGAL-09")
    location: str | None = f("Where it is (a web address, or how people are given it).", "ENG-LEGAL-09")
    date: dt.date | None = f("When it was last updated.")
    restrictions: str | None = f(
        "Information withheld or delayed, and why (DPA 2018 s44(4), e.g. to avoid prejudicing an investigation;"
        " UK GDPR Art 14(5) or a Schedule 2 exemption).",
        "ENG-LEGAL-09",
    )


class DataProtection(Model):
    lawful_basis: str | None = f("The lawful basis for processing personal data.", "ENG-LEGAL-09")
    data_minimisation: str | None = f(
        "How only the data needed is collected and kept (e.g. non-matches deleted at once).", "ENG-LEGAL-13"
    )
    international_transfers: InternationalTransfers | None = f(
        "Transfers of personal data outside the UK.", "ENG-LEGAL-13"
    )
    disclosures: list[Disclosure] = f(
        "Disclosures and data sharing out of the force, with their agreements.", "GOV-PRIV-07", default_factory=list
    )
    processors: list[Processor] = f(
        "Processors: anyone processing the personal data on the force's behalf, with their contracts.",
        "ENG-LEGAL-09",
        default_factory=list,
    )
    retention: Retention | None = f(
        "How long the personal data is kept and how often that is reviewed.", "ENG-LEGAL-09"
    )
    privacy_notice: PrivacyNotice | None = f(
        "The information given to data subjects about the processing (privacy notice).", "ENG-LEGAL-09"
    )
    sensitive_processing: SensitiveProcessing | None = f(
        "Sensitive processing / special category data.", "ENG-LEGAL-10"
    )
    dpo_advice_on_dpia_need: Engagement | None = f("The DPO's advice on whether a DPIA is needed.", "ENG-LEGAL-17")
    dpia_needed: bool | None = f(
        "The DPO's conclusion: false when the DPO advised that no DPIA is needed, with the reasons in"
        " dpo_advice_on_dpia_need.summary. ddtapp then asks for no DPIA unless the law requires one (high risk).",
        "ENG-LEGAL-17",
    )
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
    trigger: (
        Literal["trial_to_deployment", "change_of_aims", "significant_change", "resumption", "scheduled", "other"]
        | None
    ) = f("Why it was reviewed.", "ENG-LEGAL-14", "ENG-LEGAL-15")
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
    article_8_engaged: bool | None = f(
        "Whether the DPIA records Article 8 ECHR (private life) as engaged by the processing.", "ENG-LEGAL-04"
    )
    reviews: list[DpiaReview] = f("Reviews of the DPIA.", "ENG-LEGAL-14", "ENG-LEGAL-15", default_factory=list)
    aims_changed: dt.date | None = f("When the project's aims last changed significantly.", "ENG-LEGAL-15")
    privacy_impact_assessment: Document | None = f(
        "A privacy impact assessment made under the Data Protection Act 1998, before 25 May 2018, kept as the "
        "historical record (it is not a DPA 2018 DPIA).",
        "ENG-LEGAL-13",
    )
    prior_consultation: PriorConsultation | None = f(
        "Prior consultation with the regulator (s65 / Art 36).", "ENG-LEGAL-16"
    )


class S50Safeguards(Model):
    """Part 3 safeguards for solely automated significant decisions: until 4 February 2026 DPA 2018 s50
    (notification, reconsideration); from 5 February 2026 s50C (information, representations, human
    intervention, contest: ``notification`` is the information)."""

    notification: str | None = f(
        "How the data subject is told about a solely automated decision (s50(2)(a); s50C: information).",
        "ENG-LEGAL-22",
    )
    reconsideration: str | None = f(
        "How they can ask for reconsideration or a new, not solely automated, decision (s50(2)(b)).", "ENG-LEGAL-22"
    )
    representations: str | None = f("How they can make representations about the decision (s50C).", "ENG-LEGAL-22")
    human_intervention: str | None = f("How they can obtain human intervention in the decision (s50C).", "ENG-LEGAL-22")
    contest: str | None = f("How they can contest the decision (s50C).", "ENG-LEGAL-22")


class AutomatedDecisionSafeguards(Model):
    authorised_by_law: str | None = f(
        "The law that requires or authorises the solely automated decision.", "ENG-LEGAL-22"
    )
    s50b_condition: Literal["explicit_consent", "authorised_by_law"] | None = f(
        "The DPA 2018 s50B condition relied on (Part 3, from 5 February 2026) for a solely automated significant"
        " decision based on sensitive processing: explicit_consent (the decision is based entirely on data the"
        " person gave explicit consent for) or authorised_by_law (name the law in authorised_by_law).",
        "ENG-LEGAL-22",
    )
    s50_safeguards: S50Safeguards | None = f(
        "DPA 2018 safeguards (Part 3): s50 until 4 February 2026, s50C from 5 February 2026.", "ENG-LEGAL-22"
    )
    article_22_condition: Literal["contract", "authorised_by_law", "explicit_consent"] | None = f(
        "The UK GDPR condition relied on (general processing): Art 22(2) until 4 February 2026; from 5 February"
        " 2026 Art 22B, for a decision based on special category data (with Art 9(2)(g) unless explicit consent).",
        "ENG-LEGAL-21",
    )
    article_22_safeguards: str | None = f(
        "The UK GDPR safeguards: Art 22(3) until 4 February 2026 (human intervention, expressing a view,"
        " contest); Art 22C from 5 February 2026 (information, representations, human intervention, contest).",
        "ENG-LEGAL-21",
    )
    quality_procedures: str | None = f(
        "Procedures for ambiguity in data quality, reliability or transparency.", "ENG-LEGAL-23"
    )


class Psed(Model):
    """Public sector equality duty (Equality Act 2010 s149). The tests themselves, with results by group, are
    recorded under ``validation``."""

    elimination_measures: str | None = f(
        "What is done to eliminate discrimination, harassment and victimisation (s149(1)(a)).", "ENG-LEGAL-24"
    )
    equality_of_opportunity: str | None = f(
        "How the force has regard to advancing equality of opportunity in the tool's use (s149(1)(b)).",
        "ENG-LEGAL-24",
    )
    good_relations: str | None = f(
        "How the force has regard to fostering good relations between groups (s149(1)(c)).", "ENG-LEGAL-24"
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
    outcome: Literal["support", "support_with_conditions", "advise_against", "no_view"] | None = f(
        "The advice's outcome (support, support_with_conditions, advise_against or no_view).", "ENG-ETH-01"
    )
    conditions: list[str] = f("Conditions attached to support_with_conditions.", "ENG-ETH-01", default_factory=list)
    response: str | None = f("How the project responded.", "ENG-ETH-03")
    response_by: Person | None = f("The decision maker who responded to the advice.", "ENG-ETH-03")
    response_date: dt.date | None = f("When they responded.", "ENG-ETH-03")
    response_outcome: Literal["accepted", "conditions_met", "partly_accepted", "not_accepted"] | None = f(
        "accepted, conditions_met, partly_accepted or not_accepted (with the reasons in response).", "ENG-ETH-03"
    )


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
