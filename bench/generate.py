"""Generate realistic synthetic project dossiers for the benchmark (and for tests).

    python bench/generate.py --count 1000 --seed 1 --out /tmp/dossiers

writes ``ddt-00000.yaml`` ... ``ddt-00999.yaml``: about 400 lines each, in the format of
``docs/dossier.md``, like ``examples/live-facial-recognition.yaml`` (complete) and
``examples/risk-scoring-engage.yaml`` (with gaps).

How a dossier is made:

* A **profile** picks the kind of technology (dashboards, individual risk scoring, hotspot mapping,
  live, retrospective and operator-initiated facial recognition, mobile fingerprints, ANPR analytics,
  network analysis, automated triage, speech transcription, a workforce dashboard under UK GDPR) with
  its own facts, data, outputs, options and risks.
* The dossier is first built **complete**: every section is filled in, consistently with the stage,
  maturity, regime and impact tier, with dates that are valid on the benchmark's ``--today``
  (:data:`TODAY`). A complete dossier has no open errors or warnings (its gate is ready); an Engage or
  Evolve project may still have "coming up" items for its next stage.
* Then a seeded number of **gaps** is applied (none for about a third of the dossiers; a few for
  most; many for some): a draft DPIA, a past review date, a missing gate decision, an external expert
  without a data-sharing agreement, an expired waiver... so that the rule pack's rules fire. Each gap
  is a small named edit (see :data:`GAPS`); the dossier's header comment lists the ones applied.
* Finally, realistic list items (meetings, risks, evidence, engagement, DPIA reviews) are added until
  the file reaches its target length (380 to 420 lines).

Every dossier is valid against the schema (``ddtapp check`` never exits 2 on them). The output is
deterministic: dossier ``i`` of seed ``s`` depends only on ``(s, i)``, so a corpus of 100 is the first
100 files of a corpus of 5,000, byte for byte. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The date the dossiers are written for: the benchmark runs ``ddtapp check --today 2026-11-21``.
TODAY = dt.date(2026, 11, 21)
#: Each dossier's length is drawn from this range (lines), then reached by adding list items.
TARGET_LINES = (380, 420)


# ====================================================================== YAML output


class Flow(dict):
    """A mapping written in flow style: ``{name: A. Person, role: dpo}``."""


class FlowSeq(list):
    """A sequence written in flow style: ``[race, sex, age]``."""


_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}
#: Longer strings are written as folded block scalars (``>-``), wrapped at this width.
FOLD_AT = 110
WRAP = 104


def _scalar(value: Any, flow: bool = False) -> str:
    if isinstance(value, str):
        return _string(value, flow)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _string(str(value), flow)


@functools.lru_cache(maxsize=8192)
def _string(s: str, flow: bool) -> str:
    plain = (
        s
        and s == s.strip()
        and "\n" not in s
        and "\t" not in s
        and s[0] not in "-?:,[]{}#&*!|>'\"%@`+."
        and not s[0].isdigit()
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
        and s.lower() not in _RESERVED
        and not (flow and any(c in s for c in ",[]{}:"))  # ruamel's flow scalars end at any ':'.
    )
    return s if plain else json.dumps(s, ensure_ascii=False)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value, flow=True)


def _entry(head: str, value: Any, indent: int, out: list[str]) -> None:
    if isinstance(value, (Flow, FlowSeq)) or (isinstance(value, (dict, list)) and not value):
        out.append(f"{head} {_inline(value)}")
    elif isinstance(value, dict):
        out.append(head)
        _mapping(value, indent + 2, out)
    elif isinstance(value, list):
        out.append(head)
        _sequence(value, indent + 2, out)
    elif isinstance(value, str) and len(value) > FOLD_AT:
        out.append(f"{head} >-")
        pad = " " * (indent + 2)
        out.extend(
            pad + line for line in textwrap.wrap(value, WRAP - indent, break_long_words=False, break_on_hyphens=False)
        )
    else:
        out.append(f"{head} {_scalar(value)}")


def _mapping(mapping: dict[str, Any], indent: int, out: list[str], first: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate((k, v) for k, v in mapping.items() if v is not None):
        _entry(f"{first if i == 0 and first is not None else pad}{key}:", value, indent, out)


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and not isinstance(item, Flow) and item:
            _mapping(item, indent + 2, out, first=pad + "- ")
        else:
            out.append(f"{pad}- {_inline(item) if isinstance(item, (dict, list)) else _scalar(item)}")


def dump(data: dict[str, Any], header: list[str]) -> str:
    """The dossier as YAML text: block style, with :class:`Flow` parts inline, after a comment header."""
    out = [f"# {line}".rstrip() for line in header]
    _mapping(data, 0, out)
    return "\n".join(out) + "\n"


# ====================================================================== vocabulary

FORCES = (
    "Northshire Police",
    "Westmere Constabulary",
    "Eastvale Police",
    "Southmoor Police",
    "Kingsbridge Constabulary",
    "Avonford Police",
    "Dunmere Constabulary",
    "Harrowfield Police",
    "Fenmarsh Constabulary",
    "Greystone Police",
    "Marchwood Police",
    "Thornbury Constabulary",
    "Lowvale Police",
    "Ashcombe Constabulary",
    "Redcliffe Police",
    "Wyvern Valley Police",
)
FIRST_NAMES = (
    "Priya",
    "Daniel",
    "Hannah",
    "Mark",
    "Joanne",
    "Sarah",
    "Alan",
    "Ruth",
    "Tom",
    "Fiona",
    "Amira",
    "Lee",
    "Gwen",
    "Ian",
    "Ken",
    "Kerry",
    "Olu",
    "Siân",
    "Gareth",
    "Mei",
    "Aisha",
    "Connor",
    "Bethan",
    "Ravi",
    "Zoë",
    "Patrick",
    "Naomi",
    "Imran",
    "Claire",
    "Marcus",
    "Ewan",
    "Leah",
    "Yusuf",
    "Grace",
    "Dominic",
    "Chloé",
    "Seán",
    "Harriet",
    "Kwame",
    "Rebecca",
)
SURNAMES = (
    "Raman",
    "Okafor",
    "Lee",
    "Evans",
    "Price",
    "Collins",
    "Marsh",
    "Adeyemi",
    "Hughes",
    "Grant",
    "Shah",
    "Carter",
    "Morris",
    "Reed",
    "Obi",
    "Walsh",
    "Bennett",
    "Kaur",
    "Lloyd",
    "Chen",
    "O'Neill",
    "Fraser",
    "Mensah",
    "Jones",
    "Patel",
    "Whitfield",
    "Novak",
    "Hussain",
    "Doyle",
    "McAllister",
    "Pritchard",
    "Achterberg",
    "Nwosu",
    "Sutherland",
    "Haddad",
    "Kowalski",
)
LEAD_TITLES = (
    ("Supt", "Superintendent, Operational Support"),
    ("Ch Insp", "Chief Inspector, Criminal Justice"),
    ("DCI", "Detective Chief Inspector, Intelligence"),
    ("Insp", "Inspector, Force Control Room"),
    ("Dr", "Head of Analytics"),
    ("", "Digital Transformation Lead"),
    ("DSupt", "Detective Superintendent, Public Protection"),
)
SRO_TITLES = (
    ("ACC", "Assistant Chief Constable"),
    ("DCC", "Deputy Chief Constable"),
    ("T/ACC", "Temporary Assistant Chief Constable"),
    ("", "Director of Intelligence"),
)
BOARDS = (
    "DDT Board",
    "Data and Technology Board",
    "Digital Assurance Board",
    "Data Board",
    "Strategic Data Governance Board",
)
ETHICS_BODIES = (
    "{short} Data Ethics Committee",
    "{short} Independent Data Ethics Panel",
    "Regional Data Ethics Advisory Board",
)
UNIVERSITIES = (
    "University of {short}",
    "{short} Metropolitan University",
    "Midlands Institute of Criminology",
    "Open Policing Research Centre",
)
AREAS = (
    "the city centre",
    "the night-time economy district",
    "the stadium approaches",
    "the main rail interchange",
    "the town centre",
    "the harbour district",
    "the retail park corridor",
    "the university quarter",
)
SUPPLIERS = (
    "Example Vision Ltd",
    "Clearline Analytics",
    "Brightwater Data Systems",
    "Northgate Insight",
    "Ordinal Labs",
    "Fenwick Software",
    "Kestrel Intelligence",
    "Harbourview Technologies",
)


# ====================================================================== technology profiles


@dataclass(frozen=True)
class Profile:
    """One kind of data-driven technology: what it is, the facts that set the law and the tier, and the
    words its dossier uses. ``facts`` gives each processing fact's probability of being true."""

    key: str
    weight: float
    types: tuple[str, ...]
    names: tuple[str, ...]
    problems: tuple[str, ...]
    purposes: tuple[str, ...]
    descriptions: tuple[str, ...]
    inputs: tuple[dict[str, Any], ...]
    outputs: tuple[tuple[str, str], ...]
    decisions: tuple[tuple[str, str], ...]
    users: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    alternatives: tuple[tuple[str, str], ...]
    risks: tuple[tuple[str, str], ...]
    groups: tuple[str, ...]
    facts: dict[str, float]
    technology_other: str | None = None
    general_regime: float = 0.05
    solely_automated: float = 0.0
    effects: tuple[str, ...] = ("none",)
    geography: tuple[str, ...] = ("force_wide",)
    people: tuple[int, int] = (1_000, 50_000)
    threshold: tuple[float, ...] = ()
    watchlist: bool = False
    approach: tuple[str, ...] = ("buy", "develop", "combined")


def _p(**kw: Any) -> Profile:
    return Profile(**kw)


PROFILES: tuple[Profile, ...] = (
    _p(
        key="demand-dashboard",
        weight=0.10,
        types=("dashboard",),
        names=("Live Demand Dashboard", "Response Demand Board", "Control Room Overview", "Beat Demand Monitor"),
        problems=(
            "Duty inspectors cannot see, at a glance, where open incidents are building up across the force.",
            "Response demand shifts between districts during a shift and resources are moved too late.",
        ),
        purposes=(
            "Show open incidents and available units by beat so that duty inspectors move resources to where "
            "demand is.",
            "Give supervisors a single view of demand against available units, refreshed every five minutes.",
        ),
        descriptions=(
            "A Power BI dashboard refreshed every five minutes from counts of open incidents and available "
            "units by beat.",
            "A browser dashboard that aggregates command-and-control counts by district "
            "and grade, with no names, addresses or narratives.",
        ),
        inputs=(
            {
                "name": "Command and control incident counts",
                "description": "Number of open incidents by beat and grade; no names, addresses or narratives.",
                "source": "internal_police",
                "personal_data": False,
                "update": "live_feed",
            },
            {
                "name": "Duty management unit availability",
                "description": "Units on duty and their status.",
                "source": "internal_police",
                "personal_data": False,
                "update": "live_feed",
            },
        ),
        outputs=(
            (
                "Incident and unit counts by beat",
                "Current demand relative to available units; it says nothing about any person.",
            ),
        ),
        decisions=(("Where to move available response units", "Beats (places), not people"),),
        users=("Duty inspectors", "Control room supervisors", "Resource coordinators"),
        options=(
            ("Hourly demand reports by email", "Too slow to act on within a shift."),
            ("A dashboard from existing command-and-control data", "Chosen: no new data, low cost."),
            ("Buying a commercial demand-management suite", "Costed; far more than the problem justifies."),
        ),
        alternatives=(("Radio updates from the control room", "Does not give a force-wide picture."),),
        risks=(
            (
                "Counts are misread as a measure of individual officers' performance.",
                "Dashboard shows beats and units only; briefing on its purpose.",
            ),
            (
                "Stale data leads to resources being moved to the wrong beat.",
                "Refresh time shown on screen; alert if the feed stops.",
            ),
        ),
        groups=("the public in each beat",),
        facts={"personal_data": 0.0, "special_category_data": 0.0, "contentious": 0.0, "innovative": 0.1},
        general_regime=0.1,
        geography=("local", "force_wide"),
        people=(0, 0),
        approach=("develop",),
    ),
    _p(
        key="workforce-dashboard",
        weight=0.05,
        types=("dashboard",),
        names=("Workforce Wellbeing Dashboard", "Officer Welfare Insight", "Absence and Wellbeing Monitor"),
        problems=(
            "Supervisors learn of rising sickness absence and overtime in their teams only after officers "
            "have gone off sick.",
        ),
        purposes=(
            "Give line managers an early view of absence, overtime and rest-day cancellations in their "
            "teams so that they can offer welfare support.",
        ),
        descriptions=(
            "A dashboard built on the HR and duty systems that shows, for each team, absence days, "
            "overtime hours and cancelled rest days, with drill-down to named officers for their "
            "line manager only.",
        ),
        inputs=(
            {
                "name": "HR absence records",
                "description": "Sickness absence spells with reason codes.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "daily",
            },
            {
                "name": "Duty management system",
                "description": "Hours worked, overtime and rest days.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
        ),
        outputs=(
            (
                "Team wellbeing indicators",
                "Absence, overtime and cancelled rest days against the force "
                "average; they say nothing about an officer's conduct.",
            ),
        ),
        decisions=(
            (
                "Whether a line manager offers a welfare conversation or occupational health referral",
                "Officers and staff in the manager's team",
            ),
        ),
        users=("Line managers", "Occupational health advisers", "HR business partners"),
        options=(
            ("Monthly HR reports", "Too late to act early."),
            ("A dashboard on existing HR and duty data", "Chosen; no new data collected."),
        ),
        alternatives=(("Team-level figures only, with no drill-down", "Managers could not see who needed support."),),
        risks=(
            (
                "Health data is seen by people with no need to know.",
                "Role-based access; drill-down for the line manager only; access logged.",
            ),
            ("Indicators are used for performance or misconduct decisions.", "Policy forbids it; audited quarterly."),
        ),
        groups=("police officers and staff",),
        facts={"personal_data": 1.0, "special_category_data": 1.0, "contentious": 0.2, "innovative": 0.0},
        general_regime=1.0,
        geography=("force_wide",),
        people=(2_000, 9_000),
        approach=("develop",),
    ),
    _p(
        key="risk-scoring",
        weight=0.14,
        types=("individual_risk_scoring",),
        names=(
            "Custody Reoffending Risk Score",
            "Domestic Abuse Risk Triage",
            "Missing Person Risk Model",
            "Serious Violence Risk Indicator",
            "Harm Assessment Risk Tool",
        ),
        problems=(
            "Custody sergeants decide on out-of-court disposals without a consistent view of the person's "
            "likelihood of reoffending, so diversion schemes reach the wrong people.",
            "Domestic abuse reports graded standard risk are reviewed too late when risk is escalating.",
            "Reports of missing people are risk-assessed inconsistently between shifts and districts.",
        ),
        purposes=(
            "Help decision makers identify, consistently, the people who most need a protective or diversionary "
            "intervention, by estimating a risk that an officer then weighs.",
            "Prioritise reviews by specialist officers of cases where the risk of serious harm is highest.",
        ),
        descriptions=(
            "A gradient-boosted model trained on five years of records produces a score of low, medium or "
            "high. The score is advice: an officer decides, and records any disagreement.",
            "A logistic regression model, with its coefficients published, ranks open cases for review by "
            "a specialist officer; it never closes or downgrades a case.",
        ),
        inputs=(
            {
                "name": "Custody records",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
                "description": "Detention history and custody record fields.",
            },
            {
                "name": "Police National Computer offending history",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
                "description": "Convictions and cautions.",
            },
            {
                "name": "Local authority children's services flags",
                "source": "other_public_sector",
                "personal_data": True,
                "update": "manual",
                "frequency": "monthly",
                "description": "Whether the person is known to children's services.",
            },
        ),
        outputs=(
            (
                "Risk score (low, medium, high)",
                "Estimated likelihood of the outcome the model predicts within "
                "two years; it is not a finding about the person.",
            ),
        ),
        decisions=(
            (
                "Whether to offer a diversion scheme, or which cases a specialist reviews first",
                "Adults in custody, or people named in reports",
            ),
        ),
        users=("Custody sergeants", "Public protection unit reviewers", "Missing person coordinators"),
        options=(
            ("Structured professional judgement checklist", "Cheaper but inconsistent between districts."),
            ("Machine-learning risk score", "Chosen for consistency; to be tested for bias."),
            ("More supervisory review of every case", "Not affordable at current demand."),
        ),
        alternatives=(
            ("Structured professional judgement checklist", "Inconsistent between officers in the pilot audit."),
            ("Manual review of every case by a specialist", "Not possible at current demand."),
        ),
        risks=(
            ("The score is biased against a protected group.", "Bias testing before pilot and quarterly after."),
            ("Officers over-rely on the score.", "Score shown as advice only; disagreement recorded and audited."),
            ("Inputs are out of date and the score is wrong.", "Data quality checks on every refresh."),
        ),
        groups=("adults detained in custody", "victims and suspects named in reports"),
        facts={
            "personal_data": 1.0,
            "special_category_data": 0.7,
            "individual_profiling": 1.0,
            "children": 0.2,
            "vulnerable_people": 0.8,
            "contentious": 0.8,
            "innovative": 0.9,
            "machine_learning": 0.8,
        },
        effects=("similarly_significant", "none"),
        people=(3_000, 40_000),
        approach=("develop", "combined"),
    ),
    _p(
        key="hotspot-mapping",
        weight=0.12,
        types=("predictive_mapping",),
        names=("Burglary Hotspot Forecast", "Knife Crime Hotspot Map", "Patrol Priority Mapper", "Harm Spot Forecast"),
        problems=(
            "Patrols are allocated by habit rather than by where harm is likely to occur in the coming week.",
            "Neighbourhood teams cannot see which streets are at rising risk of burglary.",
        ),
        purposes=(
            "Forecast the small areas where recorded crime is most likely in the coming week so that "
            "supervisors can plan visible patrols.",
        ),
        descriptions=(
            "A kernel density model over three years of geocoded crime records forecasts 250-metre cells at "
            "highest risk each week; cells, not people, are scored.",
            "A near-repeat victimisation model flags streets near recent burglaries for seven days.",
        ),
        inputs=(
            {
                "name": "Recorded crime (geocoded)",
                "description": "Offence type, time and location, without names.",
                "source": "internal_police",
                "personal_data": False,
                "update": "live_feed",
            },
            {
                "name": "Calls for service",
                "description": "Incident locations and grades.",
                "source": "internal_police",
                "personal_data": False,
                "update": "live_feed",
            },
        ),
        outputs=(
            (
                "Weekly hotspot map",
                "Cells where recorded crime is forecast to be highest next week; it says nothing about any person.",
            ),
        ),
        decisions=(("Where supervisors plan visible patrols", "Places (map cells), not people"),),
        users=("Neighbourhood sergeants", "Patrol planners"),
        options=(
            ("Analyst-drawn hotspot maps each month", "Too slow; varies by analyst."),
            ("Automated weekly forecast", "Chosen."),
            ("Commercial predictive policing product", "Costly and not explainable."),
        ),
        alternatives=(("Monthly analyst maps", "Do not respond to near-repeat patterns within a week."),),
        risks=(
            (
                "Feedback loop: more patrols record more crime in the same areas.",
                "Forecasts use victim-reported offences only; audited yearly.",
            ),
            ("Over-policing of deprived neighbourhoods.", "Community scrutiny panel reviews patrol data by area."),
        ),
        groups=("residents and visitors in forecast areas",),
        facts={
            "personal_data": 0.3,
            "special_category_data": 0.0,
            "contentious": 0.5,
            "innovative": 0.6,
            "machine_learning": 0.4,
        },
        geography=("force_wide", "local"),
        people=(20_000, 200_000),
    ),
    _p(
        key="lfr",
        weight=0.08,
        types=("live_facial_recognition",),
        names=(
            "{short} LFR",
            "Live Facial Recognition (city centre)",
            "Project Sentinel LFR",
            "Night-time Economy LFR",
        ),
        problems=(
            "Wanted offenders for serious violent and sexual offences evade arrest in {area}; officers "
            "cannot recognise them among large crowds.",
            "People wanted on warrant travel through {area} on event days and are rarely located by briefings alone.",
        ),
        purposes=(
            "Locate people wanted on warrant for serious offences, and missing people at risk of serious "
            "harm, at pre-planned overt deployments in {area}.",
        ),
        descriptions=(
            "Cameras on a marked van compare faces passing in front of them with a watchlist built for "
            "each deployment. An alert is reviewed by a trained officer before anyone is approached; "
            "faces that do not match are deleted immediately.",
        ),
        inputs=(
            {
                "name": "Live camera feed",
                "description": "Video of people passing the deployment van.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
            {
                "name": "Custody images for the watchlist",
                "description": "Images of people meeting the watchlist criteria.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "Rebuilt within 24 hours before each deployment",
            },
        ),
        outputs=(
            (
                "Alert",
                "The system scores a passing face at or above the similarity threshold against a "
                "watchlist image. It is a possible match only; it is not an identification.",
            ),
        ),
        decisions=(
            (
                "Whether an officer speaks to the person to confirm who they are",
                "Members of the public passing the deployment",
            ),
        ),
        users=("LFR engagement officers", "LFR operators", "Silver commander"),
        options=(
            (
                "More officers on foot patrol with wanted-person briefings",
                "Costed; far fewer wanted people located per officer hour.",
            ),
            ("Retrospective facial recognition only", "Does not locate people before they leave the area."),
            ("Live facial recognition", "Chosen, subject to the evaluation."),
        ),
        alternatives=(
            ("Officer patrols with briefings", "Found far fewer wanted people in the pilot comparison."),
            ("Retrospective facial recognition only", "Does not locate a person while still present."),
        ),
        risks=(
            (
                "Misidentification leads to a wrongful stop of a member of the public.",
                "Two-stage human review; fixed threshold.",
            ),
            (
                "Unequal error rates discriminate against a protected group.",
                "Independent demographic testing; quarterly monitoring.",
            ),
            (
                "Chilling effect on lawful assembly and expression.",
                "Location criteria exclude protests; advance publicity.",
            ),
            ("Watchlist images retained beyond the deployment.", "Automatic deletion within 24 hours; audit."),
        ),
        groups=("members of the public in the deployment area", "people on the watchlist"),
        facts={
            "personal_data": 1.0,
            "special_category_data": 1.0,
            "biometric_data": 1.0,
            "biometric_identification": 1.0,
            "public_space_surveillance": 1.0,
            "children": 0.1,
            "vulnerable_people": 0.6,
            "contentious": 1.0,
            "innovative": 1.0,
            "machine_learning": 1.0,
        },
        geography=("force_wide", "local", "regional"),
        people=(50_000, 600_000),
        threshold=(0.6, 0.62, 0.64, 0.66, 0.7),
        watchlist=True,
        approach=("buy",),
    ),
    _p(
        key="rfr",
        weight=0.07,
        types=("retrospective_facial_recognition",),
        names=("Retrospective Facial Search", "Image Identification Service", "RFR Custody Search"),
        problems=(
            "Investigators cannot identify suspects captured on CCTV and doorbell footage, and many volume "
            "crimes are closed with no suspect.",
        ),
        purposes=(
            "Identify suspects in still images from crime scenes by searching the custody image database, "
            "as an investigative lead only.",
        ),
        descriptions=(
            "A trained image examiner submits a still to the search; the system returns up to 20 candidate "
            "custody images ranked by similarity, which the examiner compares before any lead is "
            "passed on.",
        ),
        inputs=(
            {
                "name": "Custody image database",
                "description": "Images taken on arrest under PACE.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
            {
                "name": "Probe images from investigations",
                "description": "Stills from CCTV and other footage.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "per case",
            },
        ),
        outputs=(
            (
                "Candidate list",
                "Custody images most similar to the probe image; candidates are leads, not identifications.",
            ),
        ),
        decisions=(
            (
                "Whether an examiner passes a candidate to the investigator as a lead",
                "People whose images are in the custody database",
            ),
        ),
        users=("Image examiners", "Investigators"),
        options=(
            ("Circulating stills internally", "Slow and rarely successful."),
            ("Retrospective facial recognition", "Chosen."),
        ),
        alternatives=(("Circulating images to officers", "Identifies few suspects and circulates images widely."),),
        risks=(
            ("A wrong candidate is treated as an identification.", "Examiner comparison; leads need corroboration."),
            (
                "Custody images of people never charged are searched.",
                "Images of people not charged are deleted under the retention review.",
            ),
        ),
        groups=("people in the custody image database", "suspects in investigations"),
        facts={
            "personal_data": 1.0,
            "special_category_data": 1.0,
            "biometric_data": 1.0,
            "biometric_identification": 1.0,
            "contentious": 0.8,
            "innovative": 1.0,
            "machine_learning": 1.0,
            "vulnerable_people": 0.3,
        },
        people=(5_000, 60_000),
        threshold=(0.55, 0.6, 0.65),
        watchlist=False,
        approach=("buy",),
    ),
    _p(
        key="oifr",
        weight=0.05,
        types=("operator_initiated_facial_recognition",),
        names=("Mobile Identity Check", "Operator Initiated Facial Recognition", "OIFR App"),
        problems=(
            "Officers cannot confirm the identity of people who will not or cannot give their details, and "
            "arrests are made only to establish identity.",
        ),
        purposes=(
            "Let an officer confirm, with the person's image and at the roadside, whether a person who "
            "refuses their details is on a watchlist of wanted or missing people.",
        ),
        descriptions=(
            "A phone app takes one photograph, compares it with a small watchlist and shows any possible "
            "match to the officer, who confirms it by other means.",
        ),
        inputs=(
            {
                "name": "Photograph taken by the officer",
                "description": "One image of the person's face.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "per use",
            },
            {
                "name": "Watchlist of wanted and missing people",
                "description": "Custody images meeting the criteria.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "daily",
            },
        ),
        outputs=(("Possible match", "A watchlist image scores above the threshold; the officer must confirm it."),),
        decisions=(("Whether to arrest, or to confirm identity another way", "People stopped by officers"),),
        users=("Response officers", "Neighbourhood officers"),
        options=(
            ("Arrest to establish identity", "Intrusive and costly."),
            ("Fingerprint scanner", "Only for people with records."),
        ),
        alternatives=(("Arrest to confirm identity", "Far more intrusive than a single image check."),),
        risks=(
            (
                "Officers use the app on people who have given their details.",
                "Policy limits use; every search is logged and reviewed.",
            ),
            ("False matches lead to wrongful arrest.", "Match is a lead only; identity confirmed another way."),
        ),
        groups=("people stopped by officers",),
        facts={
            "personal_data": 1.0,
            "special_category_data": 1.0,
            "biometric_data": 1.0,
            "biometric_identification": 1.0,
            "contentious": 1.0,
            "innovative": 1.0,
            "machine_learning": 1.0,
            "vulnerable_people": 0.5,
        },
        people=(500, 8_000),
        threshold=(0.6, 0.64, 0.68),
        watchlist=True,
        approach=("buy",),
    ),
    _p(
        key="mobile-fingerprint",
        weight=0.05,
        types=("other_biometrics",),
        names=("Mobile Fingerprint Identification", "Biometric Roadside Check"),
        problems=("Officers at the roadside cannot confirm the identity of people who give false details.",),
        purposes=(
            "Confirm a person's identity against national fingerprint records when they are reasonably "
            "suspected of an offence and give no or doubtful details.",
        ),
        descriptions=(
            "A handheld scanner reads two fingerprints and checks them against IDENT1 and the immigration "
            "database; prints are not stored on the device.",
        ),
        inputs=(
            {
                "name": "Fingerprints taken at the roadside",
                "description": "Two index fingerprints.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "per use",
            },
            {
                "name": "IDENT1 national fingerprint database",
                "description": "Searched, not copied.",
                "source": "other_public_sector",
                "personal_data": True,
                "update": "live_feed",
            },
        ),
        outputs=(("Identity result", "Name and record reference of a matching record, or no match."),),
        decisions=(("Whether the person's identity is confirmed", "People reasonably suspected of an offence"),),
        users=("Roads policing officers", "Response officers"),
        options=(("Arrest and fingerprint in custody", "Detains people only to confirm identity."),),
        alternatives=(("Arrest to take fingerprints in custody", "Far more intrusive."),),
        risks=(("Use on people not suspected of an offence.", "Statutory test in the app; searches audited."),),
        groups=("people stopped on suspicion of an offence",),
        facts={
            "personal_data": 1.0,
            "special_category_data": 1.0,
            "biometric_data": 1.0,
            "biometric_identification": 1.0,
            "contentious": 0.5,
            "innovative": 0.2,
            "vulnerable_people": 0.3,
        },
        people=(1_000, 15_000),
        approach=("buy",),
    ),
    _p(
        key="anpr",
        weight=0.07,
        types=("other",),
        technology_other="ANPR analytics: convoy and pattern analysis",
        names=("ANPR Convoy Analysis", "Vehicle Pattern Analytics", "ANPR Investigative Search"),
        problems=(
            "Analysts spend days manually searching ANPR reads to find vehicles travelling with a suspect "
            "vehicle in serious crime investigations.",
        ),
        purposes=(
            "Find vehicles that repeatedly travel with a vehicle of interest in a serious crime "
            "investigation, as an investigative lead.",
        ),
        descriptions=(
            "An analytics layer over the National ANPR Service returns vehicles seen within 60 seconds of a "
            "vehicle of interest at three or more cameras in a chosen period.",
        ),
        inputs=(
            {
                "name": "National ANPR Service reads",
                "description": "Number plate reads with time and camera.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
        ),
        outputs=(("Convoy candidates", "Vehicles repeatedly seen near the vehicle of interest; leads only."),),
        decisions=(("Which vehicles an investigator enquires about", "Registered keepers and drivers of vehicles"),),
        users=("Intelligence analysts", "Major crime investigators"),
        options=(("Manual search of ANPR reads", "Takes days per investigation."),),
        alternatives=(("Manual searches by analysts", "Too slow for live investigations."),),
        risks=(
            (
                "Innocent drivers are treated as associates of a suspect.",
                "Candidates are leads; authorisation per search.",
            ),
        ),
        groups=("drivers and keepers of vehicles",),
        facts={
            "personal_data": 1.0,
            "public_space_surveillance": 0.3,
            "individual_profiling": 0.4,
            "contentious": 0.6,
            "innovative": 0.5,
        },
        people=(100_000, 900_000),
        geography=("force_wide", "regional"),
    ),
    _p(
        key="network-analysis",
        weight=0.07,
        types=("other",),
        technology_other="Social network analysis of organised crime groups",
        names=("Organised Crime Network Analysis", "County Lines Network Mapper", "Criminal Network Insight"),
        problems=(
            "Investigators cannot see how members of organised crime groups and county lines networks "
            "connect across separate intelligence records.",
        ),
        purposes=(
            "Map links between people in organised crime investigations so that analysts can identify "
            "key individuals and safeguarding needs, including exploited children.",
        ),
        descriptions=(
            "A graph database links people, phones, vehicles and addresses from intelligence and crime "
            "records; analysts query it and centrality scores are shown as one input to assessment.",
        ),
        inputs=(
            {
                "name": "Intelligence records",
                "description": "Graded intelligence logs.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
            {
                "name": "Telephone communications data",
                "description": "Obtained under the IPA 2016 per case.",
                "source": "private_sector",
                "personal_data": True,
                "update": "manual",
                "frequency": "per case",
            },
        ),
        outputs=(
            (
                "Network map and centrality scores",
                "How closely a person is linked in the recorded network; not a measure of criminality.",
            ),
        ),
        decisions=(
            (
                "Which people investigators prioritise, and who is referred for safeguarding",
                "People in intelligence records",
            ),
        ),
        users=("Intelligence analysts", "Serious and organised crime investigators"),
        options=(("Analyst-drawn i2 charts", "Slow; not kept up to date."),),
        alternatives=(("Manual charting by analysts", "Cannot keep up with the volume of intelligence."),),
        risks=(
            ("People are labelled as gang members on weak links.", "Scores never used alone; review panel."),
            ("Exploited children are treated as offenders.", "Safeguarding referral route built in."),
        ),
        groups=("people in intelligence records", "children at risk of exploitation"),
        facts={
            "personal_data": 1.0,
            "special_category_data": 0.6,
            "individual_profiling": 1.0,
            "children": 0.7,
            "vulnerable_people": 0.8,
            "contentious": 0.9,
            "innovative": 0.7,
            "machine_learning": 0.3,
        },
        people=(2_000, 20_000),
        watchlist=True,
    ),
    _p(
        key="crime-triage",
        weight=0.10,
        types=("automated_decision_making",),
        names=("Online Crime Report Triage", "Solvability Screening Tool", "Crime Allocation Assistant"),
        problems=(
            "Online crime reports wait days for a human to decide whether they will be investigated, and "
            "similar cases are treated differently.",
        ),
        purposes=(
            "Screen online reports of volume crime against published solvability factors so that reports "
            "with leads reach an investigator quickly.",
        ),
        descriptions=(
            "A rules engine with a text classifier checks each report for solvability factors (a named "
            "suspect, CCTV, forensic opportunities); reports without any are filed pending new "
            "information, and the victim is told why.",
        ),
        inputs=(
            {
                "name": "Online crime reports",
                "description": "Victims' reports through the force website.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
            {
                "name": "Crime recording system",
                "description": "Linked crimes and previous reports.",
                "source": "internal_police",
                "personal_data": True,
                "update": "live_feed",
            },
        ),
        outputs=(("Allocation decision", "Investigate, or file pending new information, with the factors found."),),
        decisions=(("Whether a volume crime report is investigated", "Victims of volume crime"),),
        users=("Crime management unit", "Victims (told the outcome)"),
        options=(
            ("Manual screening by the crime management unit", "Slow and inconsistent."),
            ("Rules engine with human review", "Chosen."),
        ),
        alternatives=(("Screening every report by hand", "Takes three days on average; victims wait."),),
        risks=(
            ("A solvable crime is filed by mistake.", "Victims can ask for review; monthly dip sampling."),
            (
                "Text classifier performs worse on reports written in English as a second language.",
                "Tested by language group; low-confidence reports go to a person.",
            ),
        ),
        groups=("victims of volume crime",),
        facts={
            "personal_data": 1.0,
            "special_category_data": 0.3,
            "vulnerable_people": 0.4,
            "contentious": 0.3,
            "innovative": 0.8,
            "machine_learning": 0.6,
        },
        solely_automated=0.4,
        effects=("similarly_significant", "none"),
        people=(20_000, 120_000),
        approach=("develop", "combined"),
    ),
    _p(
        key="transcription",
        weight=0.05,
        types=("other",),
        technology_other="Speech-to-text transcription of interviews and body-worn video",
        names=("Interview Transcription Service", "BWV Transcription", "Evidence Transcriber"),
        problems=("Officers spend hours typing transcripts of interviews and body-worn video for case files.",),
        purposes=(
            "Produce draft transcripts of recorded interviews and footage for an officer to check and correct "
            "before use in a case file.",
        ),
        descriptions=(
            "A speech recognition model running in the force's cloud tenancy produces a draft transcript "
            "with timestamps; the officer corrects it against the recording.",
        ),
        inputs=(
            {
                "name": "Recorded interviews and body-worn video",
                "description": "Audio of interviews and incidents.",
                "source": "internal_police",
                "personal_data": True,
                "update": "manual",
                "frequency": "per case",
            },
        ),
        outputs=(("Draft transcript", "Machine text of the recording; not evidence until checked."),),
        decisions=(("What the officer includes in the case file", "Suspects, victims and witnesses"),),
        users=("Investigators", "Case file builders"),
        options=(("Typing by officers", "Costly in officer time."), ("External transcription agency", "Slow.")),
        alternatives=(("Manual transcription", "Takes officers away from investigation."),),
        risks=(
            (
                "Errors in the transcript change the meaning of evidence.",
                "Officer checks every transcript against the recording.",
            ),
            ("Lower accuracy for some accents.", "Accuracy tested by accent group."),
        ),
        groups=("suspects, victims and witnesses",),
        facts={
            "personal_data": 1.0,
            "special_category_data": 0.5,
            "vulnerable_people": 0.5,
            "innovative": 1.0,
            "machine_learning": 1.0,
            "contentious": 0.1,
        },
        people=(5_000, 50_000),
        approach=("buy", "combined"),
    ),
)


# ====================================================================== the dossier


@dataclass
class Cast:
    lead: dict[str, Any]
    sro: dict[str, Any]
    dpo: dict[str, Any]
    siro: dict[str, Any]
    others: dict[str, dict[str, Any]] = field(default_factory=dict)


class Ctx:
    """Everything one dossier is made from: its random stream, profile, people, facts and dates."""

    def __init__(self, seed: int, index: int):
        # A string seed is hashed with SHA-512: the same on every platform and Python run.
        self.rng = random.Random(f"ddtapp-bench:{seed}:{index}")
        self.seed, self.index = seed, index
        self._names: set[str] = set()
        self.tests: list[dict[str, Any]] = []
        #: the supplier's name and what force data its staff can see (none, personal_data)
        self.supplier: tuple[str, str] = ("", "none")

    def pick(self, options: Any) -> Any:
        return options[self.rng.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, lo: int, hi: int, base: dt.date = TODAY) -> dt.date:
        return base + dt.timedelta(days=self.rng.randint(lo, hi))

    def small(self, mapping: dict[str, Any]) -> dict[str, Any]:
        """A small mapping, mostly written inline (as the examples do), sometimes as a block."""
        return Flow(mapping) if self.chance(0.75) else dict(mapping)

    def t(self, text: str) -> str:
        return text.format(**self.words)

    def tp(self, options: tuple[str, ...]) -> str:
        return self.t(self.pick(options))

    def name(self) -> str:
        while True:
            full = f"{self.pick(FIRST_NAMES)} {self.pick(SURNAMES)}"
            if full not in self._names:
                self._names.add(full)
                return full

    def person(self, role: str, prefix: str = "", title: str | None = None) -> dict[str, Any]:
        name = f"{prefix} {self.name()}".strip()
        out: dict[str, Any] = {"name": name, "role": role}
        if title:
            out["title"] = title
        return out


def _pick_profile(ctx: Ctx) -> Profile:
    total = sum(p.weight for p in PROFILES)
    x = ctx.rng.random() * total
    for profile in PROFILES:
        x -= profile.weight
        if x < 0:
            return profile
    return PROFILES[-1]


def _tier(facts: dict[str, Any], types: list[str]) -> str:
    """The tier ddtapp computes from these facts (mirrors rules/impact-tiers.yaml, version 2)."""
    fr = any(t.endswith("facial_recognition") for t in types)
    auto = facts.get("automated_decisions") or {}
    scale = facts.get("scale") or {}
    score = sum(
        (
            1 if facts.get("personal_data") else 0,
            2 if facts.get("special_category_data") else 0,
            4 if facts.get("biometric_identification") or fr else 0,
            3 if facts.get("public_space_surveillance") or "live_facial_recognition" in types else 0,
            4 if auto.get("solely_automated") and auto.get("effect") in ("legal", "similarly_significant") else 0,
            2 if facts.get("individual_profiling") or "individual_risk_scoring" in types else 0,
            2 if facts.get("children") else 0,
            2 if facts.get("vulnerable_people") else 0,
            1
            if facts.get("personal_data")
            and (
                scale.get("geography") in ("force_wide", "regional", "national")
                or (scale.get("people_per_year") or 0) > 10_000
            )
            else 0,
            2 if facts.get("contentious") else 0,
            1 if facts.get("innovative") or facts.get("machine_learning") else 0,
        )
    )
    return "very_high" if score >= 12 else "high" if score >= 6 else "moderate" if score >= 2 else "minimal"


TIERS = ("minimal", "moderate", "high", "very_high")
STAGES = ("engage", "evolve", "embed")


def _timeline(ctx: Ctx) -> None:
    """Stage, maturity and the timeline (all relative to TODAY), set on ``ctx``."""
    stage = ctx.stage = ctx.pick(("engage",) * 7 + ("evolve",) * 5 + ("embed",) * 8)
    if stage == "engage":
        maturity = "in_development"
        dev = ctx.day(-200, -15)
    elif stage == "evolve":
        maturity = ctx.pick(("in_development", "in_development", "pilot"))
        dev = ctx.day(-700, -240)
    else:
        maturity = ctx.pick(("operational",) * 14 + ("pilot",) * 3 + ("retired",) * 2 + ("abandoned",))
        dev = ctx.day(-1800, -520)
    ctx.maturity, ctx.dev = maturity, dev
    ctx.active = maturity not in ("retired", "abandoned")
    dates: dict[str, Any] = {"development_start": dev}
    if maturity in ("pilot", "operational", "retired") or (maturity == "abandoned" and ctx.chance(0.5)):
        dates["pilot_start"] = ctx.day(80, 200, dev)
        if maturity != "pilot":
            dates["pilot_end"] = ctx.day(60, 150, dates["pilot_start"])
    if maturity in ("operational", "retired"):
        dates["deployment"] = ctx.day(20, 90, dates["pilot_end"])
    if maturity in ("retired", "abandoned"):
        dates["end"] = ctx.day(-150, -20)
    if maturity == "in_development":
        dates["planned_launch"] = ctx.day(60, 420)
        dates["planned_launch_type"] = ctx.pick(("pilot", "pilot", "operational"))
    ctx.dates = dates


def build(ctx: Ctx) -> dict[str, Any]:
    """A complete dossier (no open errors or warnings) for this context's profile, stage and dates."""
    prof = ctx.profile = _pick_profile(ctx)
    force = ctx.pick(FORCES)
    short = force.split()[0]
    ctx.words = {"force": force, "short": short, "area": ctx.pick(AREAS), "board": ctx.pick(BOARDS)}
    ctx.words["ethics"] = ctx.t(ctx.pick(ETHICS_BODIES))
    ctx.words["uni"] = ctx.t(ctx.pick(UNIVERSITIES))
    ctx.words["tool"] = ctx.tp(prof.names)
    ctx.domain = short.lower() + ".police.example"

    _timeline(ctx)
    stage, maturity, dates = ctx.stage, ctx.maturity, ctx.dates

    # --- the facts that decide the law and the tier
    regime = ctx.regime = "general" if ctx.chance(prof.general_regime) else "law_enforcement"
    facts = {k: ctx.chance(v) for k, v in prof.facts.items()}
    personal = ctx.personal = bool(facts.get("personal_data"))
    if not personal:
        facts["special_category_data"] = False
    solely = ctx.chance(prof.solely_automated)
    effect = ctx.pick(prof.effects)
    if not personal:
        solely, effect = False, "none"
    ctx.solely_significant = solely and effect in ("legal", "similarly_significant")
    ctx.fr = any(t.endswith("facial_recognition") for t in prof.types)
    ctx.sensitive = any(facts.get(k) for k in ("special_category_data", "biometric_data", "biometric_identification"))
    ctx.ml = bool(facts.get("machine_learning"))
    people = ctx.rng.randint(*prof.people) if prof.people[1] else None
    processing: dict[str, Any] = {"regime": regime, "personal_data": personal}
    for key in ("special_category_data", "biometric_data", "biometric_identification"):
        processing[key] = bool(facts.get(key))
    processing["deployment"] = "overt"
    if "public_space_surveillance" in facts:
        processing["public_space_surveillance"] = facts["public_space_surveillance"]
    processing["automated_decisions"] = {
        "solely_automated": solely,
        "effect": effect,
        "description": (
            "Reports without any solvability factor are filed automatically; the victim is told why "
            "and can ask for a review."
            if solely
            else "No decision is automated; the output informs a person who decides."
        ),
        "human_review": ctx.pick(
            (
                "A trained officer reviews every output with the full record before any action is taken.",
                "The decision maker weighs the output with other information and records the reasons for the decision.",
                "A supervisor dip-samples outputs each week, and any output can be referred for a second opinion.",
            )
        ),
    }
    processing["individual_profiling"] = bool(facts.get("individual_profiling"))
    processing["groups_affected"] = FlowSeq(prof.groups)
    processing["children"] = bool(facts.get("children"))
    processing["vulnerable_people"] = bool(facts.get("vulnerable_people"))
    scale: dict[str, Any] = {}
    if people:
        scale["people_per_year"] = people
    scale["geography"] = ctx.pick(prof.geography)
    processing["scale"] = Flow(scale)
    processing["contentious"] = bool(facts.get("contentious"))
    processing["innovative"] = bool(facts.get("innovative"))
    processing["machine_learning"] = ctx.ml
    ctx.tier = _tier(processing, list(prof.types))
    ctx.tier_index = TIERS.index(ctx.tier)

    cast = ctx.cast = Cast(
        lead=ctx.person("project_lead", *ctx.pick(LEAD_TITLES)),
        sro=ctx.person("senior_leader", *ctx.pick(SRO_TITLES)),
        dpo=ctx.person("dpo"),
        siro=ctx.person("siro", ctx.pick(("Ch Supt", "", "Director"))),
    )
    for role in (
        "analyst",
        "statistician",
        "operational_user",
        "equalities_adviser",
        "programme_lead",
        "legal_adviser",
    ):
        cast.others[role] = ctx.person(role)
    cast.others["academic"] = ctx.person("academic", "Dr")

    data: dict[str, Any] = {"schema_version": 2, "stage": stage}
    data["tool"] = _tool(ctx, maturity, dates)
    data["processing"] = processing
    declared = ctx.tier
    if ctx.chance(0.15) and ctx.tier_index < 3:
        declared = TIERS[ctx.tier_index + 1]  # a force may declare a higher tier than the facts give
    data["impact"] = {"declared_tier": declared}
    if ctx.chance(0.4):
        data["impact"]["justification"] = ctx.t("Assessed by the {board} against the force's DDT impact criteria.")
    data["governance"] = _governance(ctx)
    data["engage"] = _engage(ctx)
    data["evolve"] = _evolve(ctx)
    data.update(_validation(ctx))
    embed = _embed(ctx)
    if embed:
        data["embed"] = embed
    data["risk_register"] = _risks(ctx)
    _consult_on_high_risk(ctx, data)
    data["sign_off"] = _sign_off(ctx)
    return data


def _validation(ctx: Ctx) -> dict[str, Any]:
    """The tests made while building Engage and Evolve, under ``validation`` with the force's criteria."""
    if not ctx.tests:
        return {}
    criteria = [Flow(metric="false_positive_rate", maximum=0.05, max_group_difference=0.02)]
    return {"validation": {"acceptance_criteria": criteria, "tests": ctx.tests}}


def _consult_on_high_risk(ctx: Ctx, data: dict[str, Any]) -> None:
    """A DPIA whose register shows a high risk before measures goes to the ICO first (s65, Art 36)."""
    dpia = data.get("engage", {}).get("legal_framework", {}).get("dpia")
    if isinstance(dpia, dict) and any(r.get("overall") == "high" for r in data["risk_register"]):
        dpia["prior_consultation"] = {
            "regulator": "Information Commissioner",
            "date": ctx.dev - dt.timedelta(days=14),
            "outcome": "No objection; advice on the measures adopted.",
        }


def _doc(
    ctx: Ctx,
    doc_type: str,
    title: str | None = None,
    when: dt.date | None = None,
    status: str | None = None,
    location: bool = True,
) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": doc_type}
    if title or ctx.chance(0.5):
        doc["title"] = title or ctx.t(doc_type.replace("_", " ").capitalize() + " ({tool})")
    doc["status"] = status or ctx.pick(("approved", "approved", "published"))
    if ctx.chance(0.4):
        doc["version"] = f"{ctx.rng.randint(1, 4)}.{ctx.rng.randint(0, 9)}"
    doc["date"] = when or ctx.day(-400, -30)
    doc["review_date"] = ctx.day(40, 700)
    if location and ctx.chance(0.6):
        doc["location"] = f"policy/{ctx.profile.key}/{doc_type.replace('_', '-')}.pdf"
    return ctx.small(doc)


def _gate(ctx: Ctx, maker: dict[str, Any], when: dt.date, answer: str, advice: bool = False) -> dict[str, Any]:
    gate: dict[str, Any] = {"decision_maker": Flow({"name": maker["name"], "role": maker["role"]}), "date": when}
    outcome = ctx.pick(("proceed",) * 4 + ("proceed_with_conditions",))
    gate["outcome"] = outcome
    gate["question_answered"] = answer
    if ctx.chance(0.6):
        gate["rationale"] = ctx.pick(
            (
                "Evidence reviewed at the board; no open actions.",
                "The risks are understood and the mitigation plan is owned by the project lead.",
                "Conditions from the last review have been met.",
            )
        )
    if outcome == "proceed_with_conditions":
        gate["conditions"] = FlowSeq(
            ctx.rng.sample(
                [
                    "Publish the usage criteria",
                    "Report monitoring quarterly",
                    "Review the DPIA before any change of scope",
                    "Repeat the bias test after retraining",
                ],
                2,
            )
        )
    if advice:
        gate["advice_from"] = [
            Flow({"name": ctx.cast.dpo["name"], "role": "dpo"}),
            Flow({"name": ctx.cast.siro["name"], "role": "siro"}),
        ]
    return gate


def _tool(ctx: Ctx, maturity: str, dates: dict[str, Any]) -> dict[str, Any]:
    prof, cast = ctx.profile, ctx.cast
    tool: dict[str, Any] = {
        "name": ctx.words["tool"],
        "reference": f"DDT-{ctx.dev.year}-{ctx.index % 1000:03d}",
        "force": ctx.words["force"],
        "owner": ctx.small(cast.lead),
        "senior_responsible_owner": ctx.small(cast.sro),
        "maturity": maturity,
        "problem": ctx.tp(prof.problems),
        "purpose": ctx.tp(prof.purposes),
        "description": ctx.tp(prof.descriptions),
        "technology_types": FlowSeq(prof.types),
    }
    if prof.technology_other:
        tool["technology_other"] = prof.technology_other
    supplier = ctx.pick(SUPPLIERS)
    tool["supplier"] = {
        "name": ctx.words["force"] + " Data Science Team" if prof.approach == ("develop",) else supplier,
        "role": ctx.pick(
            (
                "Supplies and maintains the software; hosts nothing.",
                "Develops and supports the model.",
                "Hosts the service in a UK data centre under contract.",
            )
        ),
        "procurement_route": ctx.pick(
            (
                "Home Office framework call-off",
                "Open tender",
                "In-house development",
                "Crown Commercial Service G-Cloud",
            )
        ),
    }
    # the supplier's access in words, and as the facts WG-013 and DATA-007 read (a force's own team is not external)
    words, access = ctx.pick(
        (
            ("None; the system runs on force infrastructure.", "none"),
            ("Support staff with NPPV 2 vetting may access logs under supervision.", "personal_data"),
            ("Pseudonymised data only, under the data processing agreement.", "personal_data"),
        )
    )
    access = "none" if prof.approach == ("develop",) else access
    tool["supplier"].update({"data_access": words, "personal_data_access": access})
    if access == "personal_data":
        tool["supplier"]["processor"] = True
    ctx.supplier = (tool["supplier"]["name"], access)
    tool["data_inputs"] = [dict(i) for i in prof.inputs]
    tool["outputs"] = [{"name": n, "signifies": s} for n, s in prof.outputs]
    tool["decisions"] = [{"decision": d, "about": a} for d, a in prof.decisions]
    tool["users"] = FlowSeq(prof.users)
    tool["training"] = {
        "provided": True,
        "content": ctx.pick(
            (
                "Two-day course on the system, its error rates, the policy and human-review duties; annual refresher.",
                "A half-day workshop on reading the output and its limits, and an e-learning module.",
                "A 30-minute briefing and a user guide.",
            )
        ),
        "provider": ctx.pick(("Force Operational Training", "The supplier's trainers", "The force analytics team")),
        "provider_type": ctx.pick(("in_house", "external")),
        "recipients": "Every user before first use.",
    }
    tool["dates"] = dict(dates)
    if maturity in ("retired", "abandoned"):
        tool["ending"] = {
            "decided_on": dates["end"],
            "reasons": ctx.pick(
                (
                    "The evaluation did not show enough benefit to justify the cost.",
                    "Replaced by a national service.",
                    "The supplier withdrew the product.",
                )
            ),
            "decided_by": Flow({"name": ctx.cast.sro["name"], "role": "senior_leader"}),
        }
    tool["contact"] = f"dataethics@{ctx.domain}"
    tool["website"] = f"https://www.{ctx.domain}/ddt/{ctx.profile.key}"
    return tool


def _governance(ctx: Ctx) -> dict[str, Any]:
    cast, dev = ctx.cast, ctx.dev
    gov: dict[str, Any] = {
        "documents": [
            _doc(ctx, "governance_schematic", ctx.t("{board} governance schematic")),
            _doc(ctx, "governance_minutes", ctx.t("{board} minutes"), ctx.day(-90, -5)),
        ],
        "gate": _gate(
            ctx,
            cast.sro,
            ctx.day(-120, -40, dev),
            ctx.t("Yes. The {board}, chaired by the DCC, oversees the tool; its schematic and minutes are kept."),
        ),
        "arrangements": {
            "covers": FlowSeq(["procurement", "deployment_policy", "evaluation"]),
            "chief_constable_oversight": ctx.t(
                "The {board} reports quarterly to the Chief Constable's Management Board."
            ),
            "pcc_oversight": ctx.pick(
                (
                    "The PCC's office attends the board and receives each quarterly report.",
                    "The PCC's chief executive sits on the board.",
                )
            ),
            "independence": ctx.pick(
                (
                    "Operational decisions sit with commanders; the board, which has independent "
                    "members, scrutinises them.",
                    "Two independent members sit on the board.",
                )
            ),
            "ethics_oversight": ctx.t("The {ethics} reviews each change to the policy and the annual evaluation."),
        },
        "risk_management": {
            "process": "Risks are scoped and mapped in the DPIA risk register, owned by the project lead and "
            "reviewed at every board.",
            "last_reassessed": ctx.day(-300, -5),
            "change_of_use": "Any change of purpose or scope returns the project to Engage for a fresh DPIA "
            "and ethics review.",
        },
        "privacy_policy": _privacy_policy(ctx),
        "working_group": _working_group(ctx),
        "transparency": {
            "on_force_register": True,
            "programme_lead": Flow({"name": cast.others["programme_lead"]["name"], "role": "programme_lead"}),
            "published": ctx.small(
                {
                    "date": ctx.day(-20, 120, dev),
                    "summary": "Policy, DPIA summary and evaluation published",
                    "reference": f"https://www.{ctx.domain}/ddt",
                }
            ),
            "benefits_communicated": ctx.pick(
                (
                    "Published the evaluation's results before go-live.",
                    "Benefits set out in the public consultation document.",
                )
            ),
            "benefits_monitoring": ctx.pick(
                ("Quarterly public report of use and outcomes.", "Annual evaluation published on the force website.")
            ),
            "risks_communicated": "The published DPIA summary sets out each risk and its mitigation.",
            "transparency_record": _doc(ctx, "algorithmic_transparency_record", "ATRS record", location=False),
        },
        "communications": {
            "proactive": ctx.pick(
                (
                    "Each deployment is announced on social media the day before.",
                    "Use and results are reported in the force's quarterly newsletter and website.",
                )
            ),
            "insights_shared": ctx.pick(
                (
                    "Lessons shared through the NPCC portfolio and the College practice bank.",
                    "Shared at the regional analytics network.",
                )
            ),
        },
        "national_landscape": {
            "consistency": "Checked with the NPCC portfolio; no duplication with other forces' work.",
            "npcc_science_innovation_committee": ctx.small(
                {"date": ctx.day(-300, -150, dev), "summary": "Presented the proposal."}
            ),
            "home_office_pppt": ctx.small({"date": ctx.day(-280, -120, dev), "summary": "No national duplicate."}),
            "npcc_portfolio": ctx.small({"date": ctx.day(-260, -100, dev), "summary": "Engaged the portfolio lead."}),
            "practice_shared": "Shared the evaluation through DDaTCC and the Science and Innovation Committee.",
            "ada_network": ctx.small(
                {
                    "date": ctx.day(-320, -10),
                    "summary": ctx.t("{short}'s programme lead attended the Advanced Data Analytics Network meeting."),
                }
            ),
        },
        "regulators": _regulators(ctx),
    }
    if ctx.stage == "engage" and ctx.chance(0.5):
        # not due until Evolve: a draft record is "coming up", not a finding
        gov["transparency"]["transparency_record"]["status"] = "draft"
    return gov


def _privacy_policy(ctx: Ctx) -> dict[str, Any]:
    cast = ctx.cast
    policy: dict[str, Any] = {
        "document": _doc(ctx, "privacy_and_data_governance_policy", ctx.t("{tool} policy")),
        "authorisers": [
            ctx.small(
                {
                    "name": cast.lead["name"],
                    "role": "project_lead",
                    "level_of_authority": "Authorises each use and its parameters",
                }
            ),
            ctx.small(
                {
                    "name": cast.sro["name"],
                    "role": "senior_leader",
                    "level_of_authority": "Approves the policy and any change of scope",
                }
            ),
        ],
        "usage_parameters": {
            "how": ctx.pick(
                (
                    "From a marked van with signage at every approach; uniformed officers present throughout.",
                    "Only through the force system, by trained users, with the output shown beside the "
                    "record it relates to.",
                    "By trained users on force devices only.",
                )
            ),
            "when": ctx.pick(
                (
                    "Pre-planned deployments of up to 12 hours.",
                    "Only for the purpose set out in the policy.",
                    "During the working day, on open cases only.",
                )
            ),
            "where": ctx.t(
                "Only where a current intelligence assessment supports it, approved in writing by a "
                "superintendent; never outside places of worship, health services or schools in {area}."
            )
            if ctx.fr or ctx.profile.key == "anpr"
            else ctx.pick(("Force premises and force devices only.", "Across the force area.")),
        },
        "human_in_the_loop": [
            {
                "role": ctx.pick(ctx.profile.users),
                "responsibilities": ctx.pick(
                    (
                        "Reviews every output and takes no action on it alone.",
                        "Compares the output with the source record and decides; records any disagreement.",
                    )
                ),
                "training": "Trained before first use.",
            }
        ],
    }
    if ctx.fr or ctx.profile.key == "anpr":
        policy["usage_parameters"]["location_bases"] = [
            Flow(
                basis="intelligence_watchlisted_expected",
                description="A current intelligence assessment shows people on the watchlist are likely to be there.",
            )
        ]
        policy["usage_parameters"]["authorising_rank"] = "superintendent"
    if ctx.profile.watchlist and ctx.fr:
        policy["person_of_interest_databases"] = [
            {
                "name": "Deployment watchlist",
                "categories": [
                    Flow(
                        category="wanted_on_warrant",
                        offence_seriousness="serious",
                        description="Wanted on warrant for serious violent, sexual or weapons offences.",
                    ),
                    Flow(
                        category="suspected_of_offence",
                        offence_seriousness="serious",
                        description="Wanted for arrest for serious violent, sexual or weapons offences.",
                    ),
                    Flow(category="missing_or_at_risk", description="Missing people at high risk of serious harm."),
                ],
                "size_limit": 2000,
                "image_sources": [Flow(source="Force custody images", max_age_months=60)],
                "reviewed_before_each_deployment": True,
                "under_18s": "included_with_safeguards",
                "authorisation": "The authorising superintendent, for each deployment; destroyed at its end.",
                "data_origin_audit_trail": "Each entry records its source system, the criterion met and the officer "
                "who added it.",
                "retention": "Deleted within 24 hours after the deployment ends.",
            }
        ]
    elif ctx.profile.watchlist:
        policy["person_of_interest_databases"] = [
            {
                "name": "Network subjects of interest",
                "categories": [
                    {
                        "category": "intelligence_interest",
                        "description": "People linked by graded intelligence to an open organised crime investigation.",
                        "justification": "Only links graded B2 or better to a named investigation, each approved by "
                        "the senior investigating officer.",
                    }
                ],
                "authorisation": "The senior investigating officer, reviewed monthly by a detective superintendent.",
                "data_origin_audit_trail": "Each link records the intelligence log or crime record it came from.",
                "retention": "Reviewed at the close of the investigation; links without a basis are deleted.",
            }
        ]
    if ctx.fr:
        ctx.threshold = ctx.pick(ctx.profile.threshold)
        policy["similarity_threshold"] = {
            "value": ctx.threshold,
            "rationale": f"At {ctx.threshold} the independent evaluation found no statistically significant "
            "difference in true or false positive rates by sex or ethnicity.",
            "evidence": [_doc(ctx, "demographic_test_report", f"Independent evaluation at {ctx.threshold}")],
        }
    if ctx.personal:
        policy["data_protection"] = {
            "responsible": "Force Data Protection Officer, with the project lead",
            "storage": ctx.pick(("Force data centre only; no cloud processing.", "The force's UK cloud tenancy.")),
            "retention": ctx.pick(
                (
                    "Outputs kept 31 days for audit, then deleted.",
                    "Kept with the source record under the force retention schedule.",
                )
            ),
            "deletion": "Automatic, logged, audited monthly by Information Management.",
            "subject_access": "Handled by the Data Protection Office within one month.",
            "cybersecurity": "Penetration tested before go-live and annually; ISO 27001 controls.",
            "logging": "All access, searches and deletions are logged (DPA 2018 s62).",
        }
    policy["equality_issues"] = (
        "Disparities found in monitoring are reported to the developer within five working "
        "days, and use pauses until they are corrected."
    )
    policy["privacy_vulnerabilities"] = "Reported to the supplier under the contract's security schedule."
    policy["includes_dpia"] = ctx.personal
    policy["npcc_data_governance_principles"] = "The data governance plan maps each NPCC principle to a control."
    return policy


def _working_group(ctx: Ctx) -> dict[str, Any]:
    o = ctx.cast.others
    members = [
        ctx.small({"name": o["statistician"]["name"], "role": "statistician"}),
        ctx.small({"name": o["analyst"]["name"], "role": "analyst"}),
        ctx.small({"name": o["operational_user"]["name"], "role": "operational_user"}),
        ctx.small({"name": ctx.cast.dpo["name"], "role": "dpo"}),
        ctx.small({"name": ctx.cast.siro["name"], "role": "siro"}),
        ctx.small(
            {
                "name": o["academic"]["name"],
                "role": "academic",
                "organisation": ctx.words["uni"],
                "external": True,
                "vetting_level": ctx.pick(("NPPV 2", "NPPV 3")),
                "data_sharing_agreement": True,
            }
        ),
    ]
    if ctx.chance(0.5):
        members.insert(3, ctx.small({"name": o["equalities_adviser"]["name"], "role": "equalities_adviser"}))
    group: dict[str, Any] = {
        "scope": ctx.pick(("force_wide", "project")),
        "function": "Advises on and challenges every DDT; reviewed and authorised the proposal and business case.",
        "reviews_business_justification": True,
        "members": members,
        "expertise_available": FlowSeq(
            ["equalities_law", "system_developers", "community", "governance", "media_and_communications"]
        ),
        "independent_input": ctx.t("Independent academic input from {uni}."),
        "external_review": ctx.pick(
            (
                "The evaluation protocol was peer reviewed by an independent statistician.",
                "The model card was reviewed by a second university.",
            )
        ),
        "meetings": [
            ctx.small(
                {
                    "date": ctx.day(-200, -3),
                    "summary": ctx.pick(
                        (
                            "Reviewed the quarter's outputs and monitoring.",
                            "Reviewed the design and the bias-testing plan.",
                            "Reviewed the evaluation results.",
                        )
                    ),
                }
            )
        ],
    }
    name, access = ctx.supplier
    if access == "personal_data":  # the supplier's support staff see personal data: vetted, bound by agreement
        group["external_parties"] = [
            Flow(
                {
                    "name": "Supplier support desk",
                    "organisation": name,
                    "kind": "supplier",
                    "data_access": "personal_data",
                    "vetting_level": "NPPV 2",
                    "data_sharing_agreement": True,
                }
            )
        ]
    return group


def _regulators(ctx: Ctx) -> list[dict[str, Any]]:
    regs = [
        ctx.small(
            {
                "body": "ico",
                "date": ctx.day(-240, -60, ctx.dev),
                "summary": "Considered the ICO guidance on AI and data protection.",
            }
        ),
        ctx.small(
            {
                "body": "ehrc",
                "date": ctx.day(-240, -60, ctx.dev),
                "summary": "Considered EHRC guidance on the PSED and AI.",
            }
        ),
    ]
    if ctx.profile.facts.get("biometric_data") or ctx.profile.facts.get("public_space_surveillance"):
        regs.insert(
            0,
            ctx.small(
                {
                    "body": "biometrics_and_surveillance_camera_commissioner",
                    "date": ctx.day(-240, -60, ctx.dev),
                    "summary": "Considered the Surveillance Camera Code; the Commissioner reviewed the policy.",
                }
            ),
        )
    return regs


def _engage(ctx: Ctx) -> dict[str, Any]:
    prof, cast, dev = ctx.profile, ctx.cast, ctx.dev
    engage: dict[str, Any] = {}
    engage["prioritisation"] = {
        "gate": _gate(
            ctx,
            cast.sro,
            ctx.day(-320, -200, dev),
            "Yes. It fits the force's priorities and was the best-value option assessed.",
        ),
        "options_considered": [ctx.small({"option": o, "assessment": a}) for o, a in prof.options],
        "green_book": "Options appraised with the Green Book's cost-benefit method.",
        "five_case_model": "The business case follows the Five Case Model.",
        "strategic_fit": ctx.pick(
            (
                "Fits the Police and Crime Plan's priorities.",
                "Supports the force's digital strategy and the PCC's plan.",
            )
        ),
        "digital_maturity": "The force runs comparable systems and has a trained analytics team.",
        "desirability": ctx.pick(("Users asked for it in the discovery work.", "Public survey support of 64%.")),
        "feasibility": "Data is available in existing systems.",
        "viability": ctx.pick(("Funded for three years.", "Funded from the transformation budget.")),
    }
    engage["stakeholder_engagement"] = {
        "documents": [
            _doc(ctx, t)
            for t in ("community_impact_assessment", "equality_impact_assessment", "human_rights_impact_assessment")
        ],
        "gate": _gate(
            ctx,
            cast.lead,
            ctx.day(-40, -10, dev),
            "Yes. Benefits outweigh the risks, with the mitigation plan in the DPIA.",
            advice=True,
        ),
        "evidence_reviewed": [
            "Independent evaluations by other UK forces",
            "Published research on bias in similar tools",
            "College of Policing APP on data-driven technologies",
        ],
        "activities": [
            ctx.small(
                {
                    "audience": "public",
                    "channel": "Online survey",
                    "date": ctx.day(-200, -60, dev),
                    "participants": ctx.rng.randint(300, 3000),
                    "summary": "Support, with concerns about accuracy and retention.",
                }
            ),
            ctx.small(
                {
                    "audience": "community_leaders",
                    "channel": "Independent Advisory Group meetings",
                    "date": ctx.day(-200, -60, dev),
                    "participants": ctx.rng.randint(10, 40),
                    "summary": "Asked for published criteria.",
                }
            ),
            ctx.small(
                {
                    "audience": "interest_groups",
                    "channel": "Round table with civil liberties groups",
                    "date": ctx.day(-200, -60, dev),
                    "participants": ctx.rng.randint(5, 20),
                    "summary": "Concerns about scope creep.",
                }
            ),
            ctx.small(
                {
                    "audience": "colleagues",
                    "channel": "Staff survey and briefings",
                    "date": ctx.day(-200, -60, dev),
                    "participants": ctx.rng.randint(50, 800),
                    "summary": "Support, with training requests.",
                }
            ),
            ctx.small(
                {
                    "audience": "partners",
                    "channel": "Community safety partnership meeting",
                    "date": ctx.day(-200, -60, dev),
                    "participants": ctx.rng.randint(10, 40),
                    "summary": "Asked for quarterly reports.",
                }
            ),
        ],
        "inclusive_and_accessible": "Easy-read and five community languages; BSL at public meetings; accessible "
        "online survey (WCAG 2.2 AA).",
        "representative": "Survey sample weighted to the census; targeted sessions with under-represented groups.",
        "two_way": "Each concern was answered in the published consultation response.",
        "feedback": {
            "date": ctx.day(-30, -5, dev),
            "results": "Published the consultation report.",
            "actions": "Criteria narrowed and retention shortened in response.",
            "reasons_no_action": "Requests to stop all use were not adopted; reasons published.",
        },
        "police_science_council": "Worked with the Police Science Council to identify an independent evaluator.",
    }
    engage["legal_framework"] = _legal(ctx)
    engage["ethical_context"] = {
        "documents": [_doc(ctx, "ethics_panel_documentation", ctx.t("{ethics} minutes and decision log"))],
        "gate": _gate(
            ctx,
            cast.lead,
            ctx.day(-50, -20, dev),
            ctx.t("Yes. The {ethics}'s principles were considered and its conditions adopted."),
        ),
        "advice": [
            ctx.small(
                {
                    "body": "local_data_ethics_board",
                    "date": ctx.day(-60, -30, dev),
                    "advice": "Support subject to published criteria and monitoring.",
                    "response": "Both adopted.",
                }
            ),
            ctx.small(
                {
                    "body": "legal_department",
                    "date": ctx.day(-90, -40, dev),
                    "advice": "Lawful within the policy's limits.",
                    "response": "Adopted.",
                }
            ),
        ],
        "principles_considered": ctx.t("Each of the {ethics}'s principles is answered in the decision log."),
    }
    engage["procedural_fairness"] = {
        "considered": "Published policy and an accessible complaints route support legitimacy.",
        "access_to_data_points": "People can see the data used about them through a subject access request.",
        "explanation": "The decision maker explains the output and the human check before any action.",
        "challenge": "Complaints through Professional Standards or the IOPC.",
        "transparency": ctx.pick(
            ("Signage and advance publicity.", "Notices and the force website describe the tool.")
        ),
        "notification": "People are told the tool informed a decision about them, and how to challenge it.",
        "accessibility": "Leaflets in easy-read and five languages; complaints online, by phone or in person.",
    }
    return engage


def _processors(ctx: Ctx) -> dict[str, Any]:
    """The supplier's processor entry, when its staff see the personal data (it processes it for the force)."""
    name, access = ctx.supplier
    if access != "personal_data":
        return {}
    entry = {
        "name": name,
        "processing": "Supports the live system, with access to the data it holds.",
        "contract": Flow({"type": "other", "title": "Data processing agreement", "status": "approved"}),
        "statutory_terms": True,
    }
    return {"processors": [entry]}


def _legal(ctx: Ctx) -> dict[str, Any]:
    cast, dev, personal, le = ctx.cast, ctx.dev, ctx.personal, ctx.regime == "law_enforcement"
    dpia_done = ctx.day(-60, -10, dev)
    docs = []
    if personal:
        docs.append(_doc(ctx, "dpia", ctx.t("{tool} DPIA v" + str(ctx.rng.randint(1, 5))), dpia_done))
    docs.append(_doc(ctx, "equality_impact_assessment"))
    legal: dict[str, Any] = {
        "documents": docs,
        "gate": _gate(
            ctx,
            cast.lead,
            ctx.day(-10, -1, dev),
            "Yes. Force lawyers and the DPO confirm compliance with the DPA 2018, HRA 1998 and Equality Act 2010.",
        ),
        "legal_basis": {
            "policing_powers": (
                "Common law policing powers to prevent and detect crime, within the DPA 2018 Part 3."
                if le
                else "The force's powers as an employer and UK GDPR Article 6(1)(e)."
            ),
            "shared_with_stakeholders": ctx.day(-60, -20, dev),
            "roles_and_responsibilities": "Set out in the policy's responsibilities annex.",
            "force_policies": [_doc(ctx, "force_policy", ctx.t("{tool} policy"), location=False)],
        },
        "human_rights": {
            "articles_engaged": FlowSeq(sorted([*ctx.rng.sample([10, 11], ctx.rng.randint(0, 2)), 8, 14])),
            "interference": "Processing people's data interferes with Article 8 and risks discrimination (Article 14).",
            "necessity": "Needed for the policing purpose set out in the business case.",
            "proportionality": "Targeted use, short retention and human review of every output.",
            "alternatives_considered": [
                ctx.small({"alternative": a, "why_rejected": w}) for a, w in ctx.profile.alternatives
            ],
            "legal_advice": ctx.small(
                {
                    "date": ctx.day(-90, -30, dev),
                    "summary": "Force solicitors advised on Articles 8 and 14; advice adopted.",
                    "reference": f"LEGAL-{dev.year}-{ctx.rng.randint(10, 999)}",
                }
            ),
        },
    }
    dp: dict[str, Any] = {
        "lawful_basis": (
            "Law enforcement processing under DPA 2018 Part 3 (s31 purposes)."
            if le
            else "UK GDPR Article 6(1)(e): a task in the public interest."
        )
    }
    if ctx.sensitive:
        sp: dict[str, Any] = {
            "strictly_necessary": "The sensitive processing is the only means of achieving the purpose."
        }
        if le:
            sp["schedule_8_condition"] = "Schedule 8 paragraph 1 (statutory purposes; substantial public interest)."
            sp["appropriate_policy_document"] = _doc(
                ctx, "appropriate_policy_document", "Appropriate policy document (s42)", location=False
            )
        else:
            sp["article_9_condition"] = "Article 9(2)(b) with DPA 2018 Schedule 1 paragraph 1 (employment)."
            if ctx.profile.facts.get("biometric_data"):
                sp["legal_advice_on_exemptions"] = ctx.small(
                    {"date": ctx.day(-90, -30, dev), "summary": "No exemption applies."}
                )
        dp["sensitive_processing"] = sp
    dp["dpo_advice_on_dpia_need"] = ctx.small(
        {
            "date": ctx.day(-120, -70, dev),
            "summary": (
                "A DPIA is required (high-risk processing)."
                if personal
                else "No personal data, so no DPIA is needed; revisit if any identifying field is added."
            ),
        }
    )
    dp["ico_data_analytics_toolkit"] = "Worked through the ICO data analytics toolkit at project start."
    if personal:
        dp["data_minimisation"] = (
            "Only the fields the tool needs are taken; outputs are deleted on the retention schedule."
        )
        dp.update(_processors(ctx))
    legal["data_protection"] = dp
    if personal:
        dpia: dict[str, Any] = {
            "completed": dpia_done,
            "screening": FlowSeq(
                ctx.rng.sample(
                    ["innovative technology", "large scale", "sensitive data", "profiling", "vulnerable data subjects"],
                    3,
                )
            ),
        }
        if le:
            dpia["s64"] = {
                "description_of_processing": "Section 2 describes the collection, use, retention and deletion.",
                "risks_to_rights": "Section 5 assesses risks of error, discrimination and misuse.",
                "measures": "Section 6 sets out human review, access control and retention limits.",
                "safeguards": "Section 7 covers security, logging under s62, access control and audit.",
            }
        else:
            dpia["ico_steps"] = {
                "need": "High-risk processing of special category data.",
                "processing": "Section 2: nature, scope, context and purposes.",
                "consultation": "Staff networks, unions and the DPO were consulted.",
                "necessity_and_proportionality": "Only the data needed; drill-down limited to line managers.",
                "risks": "Section 5 and the risk register.",
                "measures": "Section 6: access control, audit and training.",
                "sign_off": "Signed off by the SIRO with the DPO's advice.",
            }
        dpia["ico_harms_taxonomy"] = True
        reviews = []
        if "pilot_start" in ctx.dates and ctx.maturity in ("operational", "retired"):
            reviews.append(
                ctx.small(
                    {
                        "date": ctx.day(-20, -1, ctx.dates["deployment"]),
                        "trigger": "trial_to_deployment",
                        "summary": "Updated with the pilot's results before deployment.",
                    }
                )
            )
        reviews.append(
            ctx.small(
                {"date": ctx.day(-300, -10), "trigger": "scheduled", "summary": "Annual review; no change in risk."}
            )
        )
        dpia["reviews"] = reviews
        legal["dpia"] = dpia
    if "automated_decision_making" in ctx.profile.types or ctx.solely_significant:
        ad: dict[str, Any] = {}
        if ctx.solely_significant:
            if le:
                ad["authorised_by_law"] = (
                    "The Code of Practice for Victims of Crime and the force's crime allocation "
                    "policy, under common law powers."
                )
                ad["s50_safeguards"] = {
                    "notification": "The victim is told by email that the decision was automated.",
                    "reconsideration": "The victim can ask, within one month, for a person to reconsider it.",
                }
            else:
                ad["article_22_condition"] = "authorised_by_law"
                ad["authorised_by_law"] = "The force's statutory functions."
                ad["article_22_safeguards"] = "Human intervention on request; the decision can be contested."
        ad["quality_procedures"] = "Low-confidence and ambiguous reports go to a person; data quality is audited."
        legal["automated_decisions"] = ad
    psed: dict[str, Any] = {
        "elimination_measures": "Demographic testing before use and monitoring of outcomes by protected "
        "characteristic.",
        "equality_of_opportunity": "Outcomes are monitored so that no group bears more of the tool's effects; "
        "the policy is published in accessible formats.",
        "good_relations": "Results are discussed with the independent advisory group each quarter.",
    }
    needs_testing = personal and (
        ctx.profile.facts.get("individual_profiling")
        or ctx.sensitive
        or set(ctx.profile.types) & {"individual_risk_scoring", "automated_decision_making", "other_biometrics"}
        or ctx.ml
    )
    if needs_testing:
        disparity = ctx.chance(0.3)
        test: dict[str, Any] = {
            "date": ctx.day(-150, -20, dev),
            "purpose": FlowSeq(["accuracy", "demographic"]),
            "characteristics": FlowSeq(
                ["race", "sex", *ctx.rng.sample(["age", "disability", "religion_or_belief"], ctx.rng.randint(0, 2))]
            ),
            "method": ctx.t("Independent evaluation by {uni} on a representative sample."),
            "on_force_data": True,
        }
        test["conducted_by"] = "independent" if ctx.chance(0.8) else "force"
        if ctx.fr:
            test["threshold"] = ctx.threshold
        test["summary"] = (
            "A small difference in error rates by age, not statistically significant by race or sex."
            if disparity
            else "No statistically significant differences in error rates by group."
        )
        if disparity:
            test["disparities"] = [
                {
                    "characteristic": "age",
                    "metric": "false_positive_rate",
                    "statistically_significant": False,
                    "decision": "accepted",
                    "decided_by": Flow({"name": ctx.cast.sro["name"], "role": "senior_leader"}),
                    "action": "Threshold and inputs fixed; any change requires a fresh test.",
                    "rationale": "Not statistically significant; monitored quarterly by age.",
                }
            ]
        ctx.tests.append(test)
    psed["record_keeping"] = "Outputs and outcomes are recorded with demographic fields for PSED monitoring."
    psed["review_procedure"] = "The working group reviews the monitoring quarterly and reports to the board."
    legal["psed"] = psed
    return legal


def _evolve(ctx: Ctx) -> dict[str, Any]:
    prof, dev = ctx.profile, ctx.dev
    design: dict[str, Any] = {}
    if ctx.stage != "engage" or ctx.chance(0.3):
        design["documents"] = [
            _doc(ctx, "project_design_report", when=ctx.day(10, 60, dev) if ctx.stage != "engage" else None)
        ]
    if ctx.stage != "engage":
        design["gate"] = _gate(
            ctx,
            ctx.cast.lead,
            ctx.day(20, 90, dev),
            "Yes. Benefits outweigh the risks; the mitigation plan is in the DPIA.",
            advice=True,
        )
    design["problem_restated"] = ctx.tp(prof.problems)
    design["approaches_considered"] = FlowSeq([o for o, _ in prof.options][:3] or ["Do nothing", "Adopt the tool"])
    if len(design["approaches_considered"]) < 2:
        design["approaches_considered"].append("Do nothing")
    if ctx.ml:
        design["training_data"] = {
            "description": ctx.pick(
                (
                    "The supplier's model; no force data is used for training.",
                    "Five years of the force's records, with protected characteristics removed.",
                )
            ),
            "quality": "Completeness and accuracy checked by the analytics team.",
            "lawfully_acquired": "Acquired under the force's data protection policy; verified by due diligence.",
        }
    design["resources"] = "Analytics team time, existing systems and training; no new data collected."
    design["constraints_and_tradeoffs"] = ctx.pick(
        (
            "A higher threshold reduces false alerts at the cost of missed matches.",
            "Simpler models are easier to explain but a little less accurate; explainability was preferred.",
        )
    )
    design["challenge"] = "An independent red team tested the policy and the system before the pilot."
    if ctx.ml or ctx.stage != "engage":
        ctx.tests.append(
            ctx.small(
                {
                    "date": ctx.day(-100, -10, dev) if ctx.stage == "engage" else ctx.day(30, 120, dev),
                    "purpose": FlowSeq(["accuracy"]),
                    "conducted_by": "force",
                    "on_force_data": True,
                    "summary": "Tested on the force's own data in the evaluation.",
                }
            )
        )
    return {"design": design}


def _embed(ctx: Ctx) -> dict[str, Any] | None:
    if ctx.stage == "engage":
        return None
    ps: dict[str, Any] = {}
    if ctx.stage == "embed":
        before = ctx.dates.get("deployment") or ctx.dates.get("pilot_start") or ctx.dates.get("end") or ctx.dev
        ps["documents"] = [
            _doc(ctx, t, when=ctx.day(-120, -30, before))
            for t in ("procurement_contract", "business_case", "purchasing_strategy", "landscape_review")
        ]
        ps["gate"] = _gate(
            ctx,
            ctx.cast.lead,
            ctx.day(-25, -5, before),
            "Yes. The evaluation shows it addresses the issue; the business case shows value for money.",
        )
    ps["approach"] = ctx.pick(ctx.profile.approach)
    ps["components_and_resources"] = "Software licence, hosting, user training and evaluation."
    ps["technology_code_of_practice"] = "The Technology Code of Practice assessment is in the business case."
    if ctx.stage == "embed":
        ps["addresses_issue"] = "The evaluation showed the intended benefit in the pilot."
        ps["value_for_money"] = "Cost per outcome is well below the alternative's."
    return {"purchasing_strategy": ps}


def _risk(ctx: Ctx, n: int, description: str, measures: str) -> dict[str, Any]:
    likelihood = ctx.pick(("remote", "possible", "probable"))
    severity = ctx.pick(("minimal", "significant", "severe"))
    overall = {"remote": "low", "possible": "medium", "probable": "high"}[likelihood]
    if severity == "severe" and overall == "low":
        overall = "medium"
    return ctx.small(
        {
            "id": f"R{n}",
            "description": description,
            "likelihood": likelihood,
            "severity": severity,
            "overall": overall,
            "measures": measures,
            "effect": ctx.pick(("reduced", "reduced", "eliminated")),
            "residual": ctx.pick(("low", "low", "medium")),
            "approved": True,
            "owner": ctx.pick(("Project lead", "DPO", "SIRO", "Silver commander")),
        }
    )


EXTRA_RISKS = (
    ("Data is accessed by staff with no business need.", "Role-based access; monthly audit of logs."),
    ("The supplier changes the product without notice.", "Contract requires notice and re-testing."),
    ("Public trust falls if use is not explained.", "Proactive communications and published reports."),
    ("Outputs are shared outside the force without a legal basis.", "Sharing only under a recorded agreement."),
    ("The tool's performance drifts over time.", "Quarterly performance monitoring against the baseline."),
    ("Users are not trained before use.", "Accounts are issued only after training is recorded."),
)


def _risks(ctx: Ctx) -> list[dict[str, Any]]:
    pool = list(ctx.profile.risks) + list(ctx.rng.sample(EXTRA_RISKS, 2))
    return [_risk(ctx, i + 1, d, m) for i, (d, m) in enumerate(pool)]


def _sign_off(ctx: Ctx) -> dict[str, Any]:
    cast = ctx.cast
    outcome = ctx.pick(("accepted", "accepted", "accepted", "partly_accepted"))
    advice: dict[str, Any] = {
        "given_by": Flow({"name": cast.dpo["name"], "role": "dpo"}),
        "date": ctx.day(-20, -2, ctx.dev),
        "summary": ctx.pick(
            (
                "Proceed; keep the threshold fixed and publish monitoring.",
                "Proceed once the retention schedule is confirmed.",
                "Proceed; review the DPIA after the pilot.",
            )
        ),
        "outcome": outcome,
        "decided_by": Flow({"name": cast.sro["name"], "role": "senior_leader"}),
    }
    if outcome == "partly_accepted":
        advice["reasons_if_overruled"] = "A shorter retention period would prevent the annual audit the PCC asked for."
    return {
        "measures_approved_by": ctx.small({"name": cast.sro["name"], "role": "senior_leader"}),
        "residual_risks_approved_by": ctx.small({"name": cast.sro["name"], "role": "senior_leader"}),
        "dpo_advice": advice,
        "consultation_responses_reviewed_by": ctx.small({"name": cast.lead["name"], "role": "project_lead"}),
        "kept_under_review_by": ctx.small({"name": cast.dpo["name"], "role": "dpo"}),
    }


# ====================================================================== gaps


def get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def drop(data: Any, path: str) -> bool:
    head, _, last = path.rpartition(".")
    holder = get(data, head) if head else data
    if isinstance(holder, dict) and last in holder:
        del holder[last]
        return True
    return False


def _stage_docs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stage document recorded in a section's ``documents`` list."""
    out = []
    for path in (
        "governance",
        "engage.stakeholder_engagement",
        "engage.legal_framework",
        "engage.ethical_context",
        "evolve.design",
        "embed.purchasing_strategy",
    ):
        out.extend(d for d in get(data, path + ".documents") or [] if d.get("type") != "dpia")
    return out


def _gates(data: dict[str, Any], ctx: Ctx) -> list[dict[str, Any]]:
    paths = [
        "governance",
        "engage.prioritisation",
        "engage.stakeholder_engagement",
        "engage.legal_framework",
        "engage.ethical_context",
    ]
    if ctx.stage != "engage":
        paths.append("evolve.design")
    return [holder for holder in (get(data, p) for p in paths) if isinstance(holder, dict) and "gate" in holder]


def _set_docs(data: dict[str, Any], ctx: Ctx, **changes: Any) -> None:
    doc = ctx.pick(_stage_docs(data))
    doc.update(changes)


def _drop_doc(data: dict[str, Any], ctx: Ctx) -> None:
    holders = [get(data, p) for p in ("engage.stakeholder_engagement", "engage.ethical_context", "governance")]
    docs = ctx.pick([h for h in holders if h.get("documents")])["documents"]
    docs.pop(ctx.rng.randrange(len(docs)))


def _drop_gate(data: dict[str, Any], ctx: Ctx) -> None:
    del ctx.pick(_gates(data, ctx))["gate"]


def _gate_set(ctx: Ctx, data: dict[str, Any], **changes: Any) -> None:
    gate = ctx.pick(_gates(data, ctx))["gate"]
    for key, value in changes.items():
        if value is None:
            gate.pop(key, None)
        else:
            gate[key] = value


def _dpia_docs(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in get(data, "engage.legal_framework.documents") or [] if d.get("type") == "dpia"]


def _drop_dpia(data: dict[str, Any], ctx: Ctx) -> None:
    docs = get(data, "engage.legal_framework.documents")
    docs[:] = [d for d in docs if d.get("type") != "dpia"]


def _external(data: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in data["governance"]["working_group"]["members"] if m.get("external"))


def _old_meetings(data: dict[str, Any], ctx: Ctx) -> None:
    for m in data["governance"]["working_group"]["meetings"]:
        m["date"] = ctx.day(-900, -400)


def _drop_audiences(data: dict[str, Any], ctx: Ctx) -> None:
    acts = data["engage"]["stakeholder_engagement"]["activities"]
    acts[:] = [a for a in acts if a["audience"] not in ("community_leaders", "interest_groups")]


def _declare_low(data: dict[str, Any], ctx: Ctx, justified: bool) -> None:
    data["impact"]["declared_tier"] = TIERS[ctx.tier_index - 1]
    if justified:
        data["impact"]["justification"] = "Outputs are reviewed by a person before any action is taken."
    else:
        data["impact"].pop("justification", None)


def _waiver(
    ctx: Ctx, rule: str, expires: dt.date | None, approver: bool = True, path: str | None = None
) -> dict[str, Any]:
    w: dict[str, Any] = {"rule": rule}
    if path:
        w["path"] = path
    w["reason"] = ctx.pick(
        (
            "Accepted by the board until the next review; work is scheduled.",
            "The document is being rewritten after the pilot and will be approved next quarter.",
            "Agreed with the DPO as a temporary measure.",
        )
    )
    if approver:
        w["approver"] = Flow({"name": ctx.cast.sro["name"], "role": "senior_leader"})
    if expires:
        w["expires"] = expires
    return w


def _add_waiver(data: dict[str, Any], waiver: dict[str, Any]) -> None:
    data.setdefault("waivers", []).append(waiver)


def _threshold_mismatch(data: dict[str, Any], ctx: Ctx) -> None:
    for t in data["validation"]["tests"]:
        if "threshold" in t:
            t["threshold"] = round(ctx.threshold - 0.04, 2)


def _apd_past(data: dict[str, Any], ctx: Ctx) -> None:
    get(data, "engage.legal_framework.data_protection.sensitive_processing.appropriate_policy_document")[
        "review_date"
    ] = ctx.day(-200, -2)


def _trial_review(data: dict[str, Any], ctx: Ctx) -> None:
    reviews = data["engage"]["legal_framework"]["dpia"]["reviews"]
    reviews[:] = [r for r in reviews if r.get("trigger") != "trial_to_deployment"]


@dataclass(frozen=True)
class Gap:
    """A realistic shortcoming: ``applies`` says whether it makes sense here, ``apply`` edits the dossier.
    ``rule`` is the rule it is meant to trigger (used to write a waiver for it)."""

    name: str
    rule: str
    applies: Callable[[Ctx, dict[str, Any]], bool]
    apply: Callable[[Ctx, dict[str, Any]], Any]


def _always(ctx: Ctx, data: dict[str, Any]) -> bool:
    return True


def _personal(ctx: Ctx, data: dict[str, Any]) -> bool:
    return ctx.personal


def _le_personal(ctx: Ctx, data: dict[str, Any]) -> bool:
    return ctx.personal and ctx.regime == "law_enforcement"


GAPS: tuple[Gap, ...] = (
    Gap("dpia-missing", "DPIA-001", _le_personal, lambda c, d: _drop_dpia(d, c)),
    Gap("dpia-draft", "DPIA-001", _personal, lambda c, d: [x.update(status="draft") for x in _dpia_docs(d)]),
    Gap(
        "dpia-s64-incomplete",
        "DPIA-007",
        _le_personal,
        lambda c, d: [
            drop(d, "engage.legal_framework.dpia.s64.measures"),
            drop(d, "engage.legal_framework.dpia.s64.safeguards"),
        ],
    ),
    Gap(
        "dpia-ico-steps-incomplete",
        "DPIA-010",
        lambda c, d: c.personal and c.regime == "general",
        lambda c, d: [
            drop(d, "engage.legal_framework.dpia.ico_steps.consultation"),
            drop(d, "engage.legal_framework.dpia.ico_steps.sign_off"),
        ],
    ),
    Gap(
        "dpia-after-development",
        "DPIA-004",
        _personal,
        lambda c, d: d["engage"]["legal_framework"]["dpia"].update(completed=c.day(20, 90, c.dev)),
    ),
    Gap(
        "dpia-no-trial-review",
        "DPIA-011",
        lambda c, d: c.personal and c.maturity in ("operational", "retired"),
        lambda c, d: _trial_review(d, c),
    ),
    Gap(
        "document-review-overdue",
        "DOC-003",
        lambda c, d: c.tier_index >= 1 and c.active and bool(_stage_docs(d)),
        lambda c, d: _set_docs(d, c, review_date=c.day(-300, -1)),
    ),
    Gap(
        "document-draft",
        "DOC-002",
        lambda c, d: c.tier_index >= 1 and bool(_stage_docs(d)),
        lambda c, d: _set_docs(d, c, status="draft"),
    ),
    Gap("document-missing", "DOC-001", lambda c, d: c.tier_index >= 1, lambda c, d: _drop_doc(d, c)),
    Gap("gate-missing", "GATE-001", lambda c, d: c.tier_index >= 1, lambda c, d: _drop_gate(d, c)),
    Gap(
        "gate-pending",
        "GATE-001",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: _gate_set(c, d, outcome="pending", date=None),
    ),
    Gap(
        "gate-wrong-decision-maker",
        "GATE-002",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: _gate_set(c, d, decision_maker=Flow({"name": c.cast.dpo["name"], "role": "dpo"})),
    ),
    Gap(
        "gate-question-unanswered",
        "GATE-003",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: _gate_set(c, d, question_answered=None),
    ),
    Gap("external-expert-no-dsa", "WG-013", _always, lambda c, d: _external(d).pop("data_sharing_agreement")),
    Gap(
        "dpo-overruled-no-reasons",
        "SIGN-002",
        _personal,
        lambda c, d: [
            d["sign_off"]["dpo_advice"].update(outcome="overruled"),
            d["sign_off"]["dpo_advice"].pop("reasons_if_overruled", None),
        ],
    ),
    Gap(
        "no-demographic-testing",
        "PSED-002",
        lambda c, d: bool(get(d, "validation.tests")),
        lambda c, d: drop(d, "validation"),
    ),
    Gap(
        "disparity-without-action",
        "PSED-006",
        lambda c, d: bool(get(d, "validation.tests")),
        lambda c, d: [
            t.update(disparities=[{"characteristic": "race", "decision": "monitor", "action": "Noted; will monitor."}])
            for t in d["validation"]["tests"]
        ],
    ),
    Gap(
        "proportionality-not-argued",
        "HR-003",
        _always,
        lambda c, d: drop(d, "engage.legal_framework.human_rights.proportionality"),
    ),
    Gap(
        "alternative-not-explained",
        "HR-005",
        _always,
        lambda c, d: d["engage"]["legal_framework"]["human_rights"]["alternatives_considered"][0].pop("why_rejected"),
    ),
    Gap(
        "no-schedule-8-condition",
        "DP-003",
        lambda c, d: c.sensitive and c.regime == "law_enforcement",
        lambda c, d: drop(d, "engage.legal_framework.data_protection.sensitive_processing.schedule_8_condition"),
    ),
    Gap(
        "no-appropriate-policy-document",
        "DP-004",
        lambda c, d: c.sensitive and c.regime == "law_enforcement",
        lambda c, d: drop(d, "engage.legal_framework.data_protection.sensitive_processing.appropriate_policy_document"),
    ),
    Gap(
        "appropriate-policy-document-overdue",
        "DP-006",
        lambda c, d: (
            c.active
            and bool(get(d, "engage.legal_framework.data_protection.sensitive_processing.appropriate_policy_document"))
        ),
        lambda c, d: _apd_past(d, c),
    ),
    Gap(
        "no-article-9-condition",
        "DP-007",
        lambda c, d: c.sensitive and c.regime == "general",
        lambda c, d: drop(d, "engage.legal_framework.data_protection.sensitive_processing.article_9_condition"),
    ),
    Gap(
        "risk-without-measures",
        "RREG-002",
        _personal,
        lambda c, d: [r.pop(k, None) for r in [c.pick(d["risk_register"])] for k in ("measures", "effect")],
    ),
    Gap(
        "working-group-not-meeting",
        "WG-005",
        lambda c, d: c.tier_index >= 1 and c.active,
        lambda c, d: _old_meetings(d, c),
    ),
    Gap(
        "risks-not-reassessed",
        "RISK-002",
        lambda c, d: c.tier_index >= 1 and c.active,
        lambda c, d: d["governance"]["risk_management"].update(last_reassessed=c.day(-800, -380)),
    ),
    Gap(
        "engagement-not-inclusive",
        "STAKE-012",
        _always,
        lambda c, d: drop(d, "engage.stakeholder_engagement.inclusive_and_accessible"),
    ),
    Gap(
        "engagement-not-representative",
        "STAKE-013",
        _always,
        lambda c, d: drop(d, "engage.stakeholder_engagement.representative"),
    ),
    Gap(
        "no-feedback-to-communities",
        "STAKE-009",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: drop(d, "engage.stakeholder_engagement.feedback"),
    ),
    Gap(
        "no-community-engagement",
        "STAKE-005",
        lambda c, d: c.tier_index >= 2 or bool(d["processing"]["contentious"]),
        lambda c, d: _drop_audiences(d, c),
    ),
    Gap(
        "declared-tier-too-low",
        "TIER-001",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: _declare_low(d, c, justified=False),
    ),
    Gap(
        "declared-tier-low-justified",
        "TIER-002",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: _declare_low(d, c, justified=True),
    ),
    Gap("waiver-expired", "WAIVER-001", _always, lambda c, d: _add_waiver(d, _waiver(c, "DOC-003", c.day(-200, -5)))),
    Gap("waiver-unused", "WAIVER-003", _always, lambda c, d: _add_waiver(d, _waiver(c, "SCOPE-003", c.day(30, 300)))),
    Gap(
        "waiver-unapproved",
        "WAIVER-002",
        _always,
        lambda c, d: _add_waiver(d, _waiver(c, "COMMS-001", c.day(30, 300), approver=False)),
    ),
    Gap(
        "threshold-without-evidence",
        "FRT-003",
        lambda c, d: c.fr,
        lambda c, d: drop(d, "governance.privacy_policy.similarity_threshold.evidence"),
    ),
    Gap(
        "threshold-not-tested",
        "FRT-004",
        lambda c, d: c.fr and bool(get(d, "validation.tests")),
        lambda c, d: _threshold_mismatch(d, c),
    ),
    Gap(
        "no-location-criteria",
        "FRT-009",
        lambda c, d: "live_facial_recognition" in c.profile.types,
        lambda c, d: drop(d, "governance.privacy_policy.usage_parameters.location_bases"),
    ),
    Gap(
        "watchlist-without-criteria",
        "FRT-006",
        lambda c, d: c.fr and c.profile.watchlist,
        lambda c, d: d["governance"]["privacy_policy"]["person_of_interest_databases"][0].pop("categories"),
    ),
    Gap("no-purpose", "SCOPE-003", _always, lambda c, d: drop(d, "tool.purpose")),
    Gap("no-stage", "SCOPE-001", lambda c, d: c.stage == "engage", lambda c, d: drop(d, "stage")),
    Gap(
        "covert",
        "SCOPE-005",
        lambda c, d: c.profile.key in ("anpr", "network-analysis"),
        lambda c, d: d["processing"].update(deployment="covert"),
    ),
    Gap(
        "not-published",
        "TRANS-002",
        lambda c, d: c.tier_index >= 2,
        lambda c, d: [drop(d, "governance.transparency.published"), drop(d, "tool.website")],
    ),
    Gap(
        "no-proactive-communications",
        "COMMS-001",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: drop(d, "governance.communications.proactive"),
    ),
    Gap(
        "no-training-data",
        "DESIGN-004",
        lambda c, d: c.ml and c.tier_index >= 1 and c.stage != "engage",
        lambda c, d: drop(d, "evolve.design.training_data"),
    ),
    Gap(
        "transparency-record-draft",
        "VALID-002",
        lambda c, d: c.tier_index >= 1 and c.stage != "engage",
        lambda c, d: d["governance"]["transparency"]["transparency_record"].update(status="draft"),
    ),
    Gap(
        "no-s50-safeguards",
        "ADM-005",
        lambda c, d: c.solely_significant and c.regime == "law_enforcement",
        lambda c, d: drop(d, "engage.legal_framework.automated_decisions.s50_safeguards"),
    ),
    Gap(
        "no-challenge-route",
        "PF-004",
        lambda c, d: c.personal and c.tier_index >= 1,
        lambda c, d: [
            drop(d, "engage.procedural_fairness.challenge"),
            drop(d, "engage.procedural_fairness.notification"),
        ],
    ),
    Gap(
        "ethics-advice-unanswered",
        "ETH-004",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: d["engage"]["ethical_context"]["advice"][0].pop("response"),
    ),
    Gap(
        "no-technology-code",
        "PURCH-003",
        lambda c, d: c.stage == "embed" and c.tier_index >= 1,
        lambda c, d: drop(d, "embed.purchasing_strategy.technology_code_of_practice"),
    ),
    Gap(
        "no-commissioner",
        "REG-002",
        lambda c, d: c.tier_index >= 2 and (c.fr or bool(d["processing"].get("public_space_surveillance"))),
        lambda c, d: d["governance"].update(
            regulators=[
                r
                for r in d["governance"]["regulators"]
                if r["body"] != "biometrics_and_surveillance_camera_commissioner"
            ]
        ),
    ),
    Gap(
        "no-access-logging",
        "PRIV-004",
        _le_personal,
        lambda c, d: drop(d, "governance.privacy_policy.data_protection.logging"),
    ),
    Gap(
        "no-green-book",
        "PRIO-003",
        lambda c, d: c.tier_index >= 1,
        lambda c, d: [drop(d, "engage.prioritisation.green_book"), drop(d, "engage.prioritisation.five_case_model")],
    ),
)


def _gap_count(ctx: Ctx) -> int:
    x = ctx.rng.random()
    if x < 0.32:
        return 0  # complete
    if x < 0.57:
        return ctx.rng.randint(1, 2)
    if x < 0.87:
        return ctx.rng.randint(3, 6)
    return ctx.rng.randint(8, 14)  # a project with many gaps, like examples/risk-scoring-engage.yaml


def apply_gaps(ctx: Ctx, data: dict[str, Any]) -> list[str]:
    """Apply a seeded number of applicable gaps; sometimes waive one of them. Returns their names."""
    applied: list[Gap] = []
    for _ in range(_gap_count(ctx)):
        options = [g for g in GAPS if g not in applied and g.applies(ctx, data)]
        if not options:
            break
        gap = ctx.pick(options)
        gap.apply(ctx, data)
        applied.append(gap)
    names = [g.name for g in applied]
    waivable = [g for g in applied if not g.rule.startswith(("WAIVER", "TIER", "SCOPE-001"))]
    if waivable and ctx.chance(0.2):
        gap = ctx.pick(waivable)
        _add_waiver(data, _waiver(ctx, gap.rule, ctx.day(30, 400)))
        names.append(f"waived:{gap.rule}")
    return names


# ====================================================================== length


PAD_MINUTES = (
    "Reviewed the quarter's outputs and monitoring.",
    "Agreed the evaluation plan.",
    "Reviewed complaints and subject access requests.",
    "Approved the revised training package.",
    "Considered the supplier's change request.",
    "Reviewed the demographic monitoring.",
)
PAD_SOURCES = (
    "Home Office guidance on DDT procurement",
    "ICO audit findings on police analytics",
    "Ada Lovelace Institute research on public attitudes",
    "Alan Turing Institute ethics guidance",
    "HMICFRS inspection of data use",
    "Evaluation from a neighbouring force",
    "NPCC Data Governance Principles for Datasets",
    "CDEI review into bias in algorithmic decisions",
)
PAD_CHANNELS = (
    ("academia", "University seminar"),
    ("industry", "Supplier market engagement day"),
    ("colleagues", "Federation and union briefing"),
    ("partners", "Local authority scrutiny panel"),
    ("colleagues", "Front-line user focus group"),
    ("academia", "Peer review workshop"),
)
PAD_INPUTS = ("Reference data: force boundaries", "Reference data: officer rota", "Audit log of previous outputs")


def _pad_item(ctx: Ctx, data: dict[str, Any]) -> Any:
    """Append one realistic list item that changes nothing the rules find, and return it."""
    while True:
        choice = ctx.rng.randrange(6)
        if choice == 0 and (meetings := get(data, "governance.working_group.meetings")):
            # a meeting over a year ago: WG-005 asks for a recent one, so this neither adds nor hides a finding
            item: Any = ctx.small({"date": ctx.day(-1000, -400), "summary": ctx.pick(PAD_MINUTES)})
            meetings.append(item)
        elif choice == 1 and (evidence := get(data, "engage.stakeholder_engagement.evidence_reviewed")):
            item = ctx.pick(PAD_SOURCES)
            evidence.append(item)
        elif choice == 2 and (activities := get(data, "engage.stakeholder_engagement.activities")):
            audience, channel = ctx.pick(PAD_CHANNELS)  # never the audiences STAKE-005 looks for
            item = ctx.small(
                {
                    "audience": audience,
                    "channel": channel,
                    "date": ctx.day(-300, -30, ctx.dev),
                    "participants": ctx.rng.randint(5, 120),
                    "summary": "Views recorded in the consultation log.",
                }
            )
            activities.append(item)
        elif choice == 3 and (reviews := get(data, "engage.legal_framework.dpia.reviews")):
            item = ctx.small(
                {"date": ctx.day(-700, -320), "trigger": "scheduled", "summary": "Scheduled review; minor updates."}
            )
            reviews.append(item)
        elif choice == 4 and (risks := data.get("risk_register")) and len(risks) < 14:
            item = _risk(ctx, len(risks) + 1, *ctx.pick(EXTRA_RISKS))
            risks.append(item)
        elif choice == 5 and (inputs := get(data, "tool.data_inputs")) and len(inputs) < 6:
            item = {
                "name": ctx.pick(PAD_INPUTS),
                "description": "Supporting reference data.",
                "source": "internal_police",
                "personal_data": False,
                "update": "manual",
                "frequency": ctx.pick(("monthly", "quarterly", "weekly")),
            }
            inputs.append(item)
        else:
            continue
        return item


def _compactable(data: dict[str, Any]) -> Iterator[tuple[list[Any], int]]:
    """Block mappings in lists that may be written inline instead, to shorten a long dossier."""
    for path in (
        "risk_register",
        "tool.data_inputs",
        "engage.stakeholder_engagement.activities",
        "governance.working_group.members",
        "tool.outputs",
        "tool.decisions",
        "engage.legal_framework.human_rights.alternatives_considered",
        "engage.prioritisation.options_considered",
        "governance.privacy_policy.human_in_the_loop",
        "validation.tests",
    ):
        for i, item in enumerate(get(data, path) or []):
            if isinstance(item, dict) and not isinstance(item, Flow):
                yield get(data, path), i


def _lines(item: Any) -> int:
    """How many lines a list item takes (near enough: folded text may wrap a little differently in place)."""
    out: list[str] = []
    _sequence([item], 0, out)
    return len(out)


def dossier(seed: int, index: int) -> str:
    """The text of dossier ``index`` of corpus ``seed``."""
    ctx = Ctx(seed, index)
    data = build(ctx)
    gaps = apply_gaps(ctx, data)
    target = ctx.rng.randint(*TARGET_LINES)
    header = [
        f"Synthetic dossier {index} of seed {seed}, written by bench/generate.py for the ddtapp benchmark.",
        f"Profile: {ctx.profile.key}; stage {ctx.stage}; maturity {ctx.maturity}; regime {ctx.regime}; "
        f"computed tier {ctx.tier}.",
        "Seeded gaps: " + (", ".join(gaps) if gaps else "none (complete for its stage)") + ".",
        "All facts are fictional.",
    ]
    lines = dump(data, header).count("\n")
    if lines > TARGET_LINES[1]:
        # too long: write some list items inline until it fits
        for items, i in list(_compactable(data)):
            before = _lines(items[i])
            items[i] = Flow((k, v) for k, v in items[i].items() if v is not None)
            lines -= before - 1
            if lines <= TARGET_LINES[1]:
                break
    while lines < target:
        lines += _lines(_pad_item(ctx, data))
    return dump(data, header)


def corpus(count: int, seed: int) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for dossiers 0 .. count-1 of ``seed``."""
    for i in range(count):
        yield f"ddt-{i:05d}.yaml", dossier(seed, i)


def write_corpus(out: Path, count: int, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in corpus(count, seed):
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100, help="how many dossiers (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write ddt-NNNNN.yaml into")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    paths = write_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} dossiers to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
