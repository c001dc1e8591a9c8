"""Governance of DDT development (cross-cutting): arrangements, risk management, the privacy and data
governance policy, the working group, transparency, communications, national landscape and regulators.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ddtapp.dossier.base import Document, Engagement, Model, Person, Role, Section, f
from ddtapp.dossier.lifecycle import Threshold

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


WatchlistCategoryKind = Literal[
    "wanted_on_warrant",
    "unlawfully_at_large",
    "suspected_of_offence",
    "missing_or_at_risk",
    "risk_of_harm",
    "subject_to_order",
    "victim_or_witness",
    "stolen_or_linked_vehicle",
    "vehicle_documents_offence",
    "test_volunteers",
    "intelligence_interest",
    "other",
]
OffenceSeriousness = Literal["any", "recordable", "either_way", "indictable", "serious"]
LocationBasisKind = Literal[
    "intelligence_watchlisted_expected",
    "crime_hotspot",
    "specific_event_or_threat",
    "protective_security",
    "search_for_named_person",
    "officer_discretion",
    "other",
]
Rank = Literal[
    "sergeant",
    "inspector",
    "chief_inspector",
    "superintendent",
    "chief_superintendent",
    "assistant_chief_constable",
    "deputy_chief_constable",
    "chief_constable",
    "police_staff",
    "other",
]


class WatchlistCategory(Model):
    """One category of person (or vehicle) who may be put on a watchlist or hotlist."""

    category: WatchlistCategoryKind | None = f(
        "wanted_on_warrant, unlawfully_at_large, suspected_of_offence, missing_or_at_risk, risk_of_harm, "
        "subject_to_order (bail, court order or notification requirements), victim_or_witness, "
        "stolen_or_linked_vehicle, vehicle_documents_offence, test_volunteers; intelligence_interest and other "
        "leave discretion and need a justification.",
        "GOV-PRIV-05",
    )
    offence_seriousness: OffenceSeriousness | None = f(
        "For suspected_of_offence (and wanted_on_warrant), the least serious qualifying offence (any, "
        "recordable, either_way, indictable or serious).",
        "GOV-PRIV-05",
    )
    description: str | None = f("The category as the policy words it.", "GOV-PRIV-05")
    justification: str | None = f(
        "Why the category is necessary and how discretion within it is limited (required for "
        "intelligence_interest and other).",
        "GOV-PRIV-05",
    )


class ImageSource(Model):
    source: str | None = f("Where watchlist images come from, e.g. 'custody images (force custody system)'.")
    max_age_months: int | None = f("The oldest image that may be used, in months.", "GOV-PRIV-05", ge=0)


class PersonOfInterestDatabase(Model):
    name: str | None = f("The database, watchlist or hotlist.", "GOV-PRIV-05")
    categories: list[WatchlistCategory] = f(
        "Who (or which vehicles) may be placed on it, each category from a fixed vocabulary.",
        "GOV-PRIV-05",
        default_factory=list,
    )
    size_limit: int | None = f("The most entries a watchlist may hold for one deployment.", "GOV-PRIV-05", ge=0)
    image_sources: list[ImageSource] = f(
        "Where images come from and how old they may be.", "GOV-PRIV-05", default_factory=list
    )
    reviewed_before_each_deployment: bool | None = f(
        "Whether the watchlist is rebuilt or reviewed, and approved, before each deployment.", "GOV-PRIV-05"
    )
    under_18s: Literal["excluded", "included_with_safeguards", "included"] | None = f(
        "Whether children may be placed on it (excluded, included_with_safeguards or included).", "GOV-PRIV-05"
    )
    under_18s_policy: str | None = f("The safeguards or policy for under-18s.", "GOV-PRIV-05")
    authorisation: str | None = f("Who authorises each watchlist, and at what rank.", "GOV-PRIV-02")
    data_origin_audit_trail: str | None = f("How the origin of every entry's data is recorded.", "GOV-PRIV-05")
    retention: str | None = f("How long entries are kept and when they are deleted.", "GOV-PRIV-07")


class LocationBasis(Model):
    """One ground on which a place may be chosen for a deployment."""

    basis: LocationBasisKind | None = f(
        "intelligence_watchlisted_expected (intelligence that people on the watchlist are expected there), "
        "crime_hotspot, specific_event_or_threat, protective_security, search_for_named_person; "
        "officer_discretion and other need a justification.",
        "GOV-PRIV-03",
    )
    description: str | None = f("The basis as the policy words it.", "GOV-PRIV-03")
    justification: str | None = f(
        "Why the basis is necessary and how discretion is limited (required for officer_discretion and other).",
        "GOV-PRIV-03",
    )


class UsageParameters(Model):
    how: str | None = f("How the tool may be used.", "GOV-PRIV-03")
    when: str | None = f("When it may be used (e.g. which events, times, durations).", "GOV-PRIV-03")
    where: str | None = f("Where it may be used: the location criteria for a deployment.", "GOV-PRIV-03")
    location_bases: list[LocationBasis] = f(
        "The grounds on which a deployment location may be chosen.", "GOV-PRIV-03", default_factory=list
    )
    authorising_rank: Rank | None = f(
        "The lowest rank that may authorise a deployment (e.g. superintendent).", "GOV-PRIV-02", "GOV-PRIV-03"
    )


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
    similarity_threshold: Threshold | None = f("Facial recognition similarity threshold.", "GOV-PRIV-06")
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


class ExternalParty(Model):
    """Someone outside the force who sees the tool's data without sitting on the working group: an independent
    evaluator, a peer reviewer, a red team, an auditor, a supplier's staff with access (GOV-DAWG-12: "All
    external experts must have signed a data-sharing agreement and be vetted to the appropriate level")."""

    name: str | None = f("The person or team.", "GOV-DAWG-12")
    organisation: str | None = f("Their organisation.", "GOV-DAWG-12")
    kind: Literal["evaluator", "peer_reviewer", "red_team", "auditor", "supplier", "academic", "other"] | None = f(
        "What they do: evaluator, peer_reviewer, red_team, auditor, supplier, academic or other.", "GOV-DAWG-12"
    )
    data_access: Literal["none", "aggregate_only", "personal_data"] | None = f(
        "What force data they see: none, aggregate_only (no personal data) or personal_data.", "GOV-DAWG-12"
    )
    vetting_level: str | None = f("The vetting level they hold (see the Vetting APP).", "GOV-DAWG-12")
    data_sharing_agreement: bool | None = f(
        "Whether they have signed a data-sharing (or data access) agreement.", "GOV-DAWG-12"
    )
    agreement: Document | None = f("The agreement itself, with its date and where it is kept.", "GOV-DAWG-12")


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
    external_parties: list[ExternalParty] = f(
        "Everyone outside the force, beyond the group's members, who has access to the tool's data: evaluators,"
        " peer reviewers, red teams, auditors, suppliers' staff.",
        "GOV-DAWG-12",
        default_factory=list,
    )


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
