"""One tool's public record, laid out as an ATRS 4.0 record (Tier 1 summary, Tier 2 sections 1-8), built
from a *redacted* dossier (``redaction.redact``): every value here is text that the mode may show, and
every withheld field is a note saying under which exemption and why. Templates get these views only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ddtapp.force.publication import EXEMPTIONS, Mode, Withheld
from ddtapp.force.redaction import Redacted

MONTHS = (
    "January February March April May June July August September October November December".split()  # noqa: SIM905
)
NOT_RECORDED = "Not recorded"
MARKING_NAMES = {"public": "Public", "restricted": "Restricted", "undecided": "Not yet marked", "secret": "Secret"}


@dataclass(frozen=True)
class Note:
    """A withheld field as the site shows it."""

    text: str  # "Withheld under section 31 (law enforcement) of the Freedom of Information Act 2000"
    reasons: tuple[str, ...]
    exemptions: tuple[str, ...]

    @property
    def short(self) -> str:
        """The note without the Act's name, where space is short (a table cell, a list item)."""
        return self.text.replace(" of the Freedom of Information Act 2000", "")


@dataclass(frozen=True)
class Row:
    label: str
    items: tuple[str, ...] = ()  # the shown text, one paragraph or list item each
    note: Note | None = None  # the whole field withheld
    marking: str = ""  # internal site: the field's marking, as words
    missing: bool = False  # the dossier does not record it
    href: str = ""  # a web address or email address to link the text to


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class DocumentRow:
    name: str
    title: str
    status: str
    date: str
    review_date: str
    note: Note | None = None


@dataclass(frozen=True)
class ToolRecord:
    slug: str
    name: str
    reference: str
    summary: str
    organisation: str
    phase: str
    tier: str  # "" when withheld (tier_note) or not assessed
    technologies: str
    tier1: Section
    tier2: tuple[Section, ...]
    documents: tuple[DocumentRow, ...]
    withheld_count: int
    withheld_by: tuple[tuple[str, int], ...]  # ("under section 40 (personal information)", number of fields)
    tier_note: Note | None = None  # the impact tier withheld, since a field it is derived from is


def words(value: str) -> str:
    """An enumeration value as words: ``internal_police`` -> ``Internal police``."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def date_text(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def note_of(w: Withheld) -> Note:
    if w.marking == "undecided" and not w.exemptions:
        return Note("Withheld: not yet cleared for publication", w.reasons, ())
    if w.exemptions:
        under = " and ".join(EXEMPTIONS.get(e, e) for e in w.exemptions)
        text = f"Withheld under {under} of the Freedom of Information Act 2000"
    else:
        text = "Withheld: not part of the published record"
    return Note(text, w.reasons, w.exemptions)


def text(value: Any) -> str:
    """One shown value as text; a withheld one inside a shown block as a short bracketed note."""
    if isinstance(value, Withheld):
        return f"[{note_of(value).short}]"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_text(value.date())
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{words(str(k))}: {text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


Formatter = Callable[[Any], str]


def person(p: Any) -> str:
    """``Supt Priya Raman, Superintendent (project lead)``, the name left out where withheld."""
    if not isinstance(p, dict):
        return text(p)
    name = p.get("name")
    shown = name if isinstance(name, str) else ""
    role = words(str(p["role"])) if isinstance(p.get("role"), str) else ""
    title = p.get("title") if isinstance(p.get("title"), str) else ""
    desc = ", ".join(x for x in (title, role.lower() if title else role) if x)
    if shown:
        return f"{shown} ({desc})" if desc else shown
    return desc or text(name)


def pair(key: str, detail: str, joiner: str = ": ") -> Formatter:
    """``KEY: DETAIL`` (or another joiner) for one item of a list of blocks."""

    def fmt(item: Any) -> str:
        if not isinstance(item, dict):
            return text(item)
        head, tail = item.get(key), item.get(detail)
        if head is None:
            return text(tail)
        if tail is None:
            return text(head)
        first = text(head)
        return f"{first}{'' if first.endswith('.') and joiner.startswith('.') else joiner}{text(tail)}"

    return fmt


class RecordBuilder:
    """Rows for one redacted dossier."""

    def __init__(self, redacted: Redacted, mode: Mode) -> None:
        self.r = redacted
        self.mode = mode

    def get(self, path: str) -> Any:
        node: Any = self.r.data
        for part in re.findall(r"\[\d+\]|[^.\[]+", path):
            if isinstance(node, Withheld):
                return node
            if part.startswith("["):
                i = int(part[1:-1])
                node = node[i] if isinstance(node, list) and i < len(node) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
        return node

    def marking(self, path: str) -> str:
        if self.mode != "internal":
            return ""
        return MARKING_NAMES[self.r.marking_under(path)]

    def row(self, label: str, path: str, fmt: Formatter = text) -> Row:
        value = self.get(path)
        if isinstance(value, Withheld):
            return Row(label, note=note_of(value), marking=self.marking(path))
        if value in (None, "", [], {}):
            return Row(label, missing=True)
        if isinstance(value, list):
            items = tuple(
                f"One item {note_of(v).text[0].lower()}{note_of(v).text[1:]}" if isinstance(v, Withheld) else fmt(v)
                for v in value
            )
            return Row(label, items, marking=self.marking(path))
        return Row(label, (fmt(value),), marking=self.marking(path))

    def link(self, label: str, path: str) -> Row:
        """A row whose text is a web page (https) or an email address, linked; anything else as text."""
        row = self.row(label, path)
        value = row.items[0] if len(row.items) == 1 else ""
        if re.fullmatch(r"https://[^\s\"'<>]+", value):
            return replace(row, href=value)
        if re.fullmatch(r"[^@\s\"'<>:/]+@[A-Za-z0-9.-]+", value):
            return replace(row, href=f"mailto:{value}")
        return row

    def fixed(self, label: str, value: str) -> Row:
        return Row(label, (value,)) if value else Row(label, missing=True)


def phase(maturity: Any) -> str:
    """The ATRS 4.0 phase from the dossier's maturity, as the transparency record draft (``render``) gives it.
    A pilot is a beta; the dossier does not say whether private or public, so neither is claimed."""
    if isinstance(maturity, Withheld):
        return ""
    return {
        "in_development": "Development",
        "pilot": "Beta (pilot)",
        "operational": "Production",
        "retired": "Retired",
        "abandoned": "Retired (abandoned before deployment)",
    }.get(str(maturity), "")


def sections(b: RecordBuilder, region: str) -> tuple[Section, tuple[Section, ...]]:
    """Tier 1 and the eight Tier 2 sections of ATRS 4.0."""
    ph = phase(b.get("tool.maturity"))
    maturity = b.get("tool.maturity")
    phase_row = (
        Row("Phase", note=note_of(maturity), marking=b.marking("tool.maturity"))
        if isinstance(maturity, Withheld)
        else replace(b.fixed("Phase", ph), marking=b.marking("tool.maturity") if ph else "")
    )
    tier1 = Section(
        "tier-1",
        "Tier 1: summary information",
        (
            b.row("Name", "tool.name"),
            b.row("Short description", "tool.purpose"),
            b.link("Website", "tool.website"),
            b.link("Contact email", "tool.contact"),
            b.row("Organisation", "tool.force"),
            phase_row,
            b.fixed("Region", region),
        ),
    )
    tier2 = tuple(Section(sid, title, tuple(b.row(*row) for row in rows)) for sid, title, rows in TIER_2)
    return tier1, tier2


def _test(item: Any) -> str:
    if not isinstance(item, dict):
        return text(item)
    parts = [text(item.get("date")) if item.get("date") is not None else ""]
    for key in ("conducted_by", "version", "threshold", "characteristics", "method", "summary"):
        if item.get(key) not in (None, "", []):
            parts.append(f"{words(key)}: {text(item[key])}")
    return "; ".join(p for p in parts if p)


#: ATRS 4.0's eight Tier 2 sections: id, title and rows, each row a label, the dossier path it shows and how to
#: write a value (default: as text).
TIER_2: tuple[tuple[str, str, tuple[tuple[Any, ...], ...]], ...] = (
    (
        "owner",
        "1. Owner and responsibility",
        (
            ("Organisation", "tool.force"),
            ("Senior responsible owner", "tool.senior_responsible_owner", person),
            ("Project lead", "tool.owner", person),
            ("Third party", "tool.supplier.name"),
            ("Third party's role", "tool.supplier.role"),
            ("Procurement procedure", "tool.supplier.procurement_route"),
            ("Third party's access to data", "tool.supplier.data_access"),
        ),
    ),
    (
        "rationale",
        "2. Description and rationale",
        (
            ("Detailed description", "tool.description"),
            ("The problem it addresses", "tool.problem"),
            ("Benefits", "governance.transparency.benefits_communicated"),
            ("How the benefits are monitored", "governance.transparency.benefits_monitoring"),
            ("Alternatives considered", "engage.prioritisation.options_considered", pair("option", "assessment")),
            ("Strategic fit", "engage.prioritisation.strategic_fit"),
        ),
    ),
    (
        "deployment",
        "3. Deployment context",
        (
            ("Decisions it informs", "tool.decisions", pair("decision", "about", ". About: ")),
            ("Users", "tool.users"),
            ("How it is used", "governance.privacy_policy.usage_parameters.how"),
            ("When it is used", "governance.privacy_policy.usage_parameters.when"),
            ("Where it is used", "governance.privacy_policy.usage_parameters.where"),
            ("Human review", "processing.automated_decisions.human_review"),
            ("People in the loop", "governance.privacy_policy.human_in_the_loop", pair("role", "responsibilities")),
            ("Training for users", "tool.training.content"),
            ("How to challenge an outcome", "engage.procedural_fairness.challenge"),
            ("How people are told", "engage.procedural_fairness.notification"),
        ),
    ),
    (
        "tool",
        "4. Tool specification",
        (
            ("Kind of technology", "tool.technology_types", words),
            ("System-level input", "tool.data_inputs", pair("name", "description")),
            ("System-level output", "tool.outputs", pair("name", "signifies")),
            ("Uses machine learning", "processing.machine_learning"),
            ("Automated decisions", "processing.automated_decisions.description"),
        ),
    ),
    (
        "model",
        "5. Model specification",
        (
            ("Similarity threshold", "governance.privacy_policy.similarity_threshold.value"),
            ("Why this threshold", "governance.privacy_policy.similarity_threshold.rationale"),
            (
                "Watchlists",
                "governance.privacy_policy.person_of_interest_databases",
                pair("name", "size_limit", joiner=": at most "),
            ),
            ("Tests", "validation.tests", _test),
        ),
    ),
    (
        "development-data",
        "6. Development data specification",
        (
            ("Training data", "evolve.design.training_data.description"),
            ("Its quality", "evolve.design.training_data.quality"),
            ("How it was acquired", "evolve.design.training_data.lawfully_acquired"),
            ("Acceptance criteria", "validation.acceptance_criteria", pair("metric", "rationale")),
        ),
    ),
    (
        "operational-data",
        "7. Operational data specification",
        (
            ("Personal data", "processing.personal_data"),
            ("Special category data", "processing.special_category_data"),
            ("Biometric data", "processing.biometric_data"),
            ("People affected", "processing.groups_affected"),
            ("People a year", "processing.scale.people_per_year"),
            ("Storage", "governance.privacy_policy.data_protection.storage"),
            ("Retention", "governance.privacy_policy.data_protection.retention"),
            ("Security", "governance.privacy_policy.data_protection.cybersecurity"),
        ),
    ),
    (
        "risks",
        "8. Risks, mitigations and impact assessments",
        (
            ("Legal basis", "engage.legal_framework.data_protection.lawful_basis"),
            ("Necessity", "engage.legal_framework.human_rights.necessity"),
            ("Proportionality", "engage.legal_framework.human_rights.proportionality"),
            ("Risks", "risk_register", pair("description", "residual", ". Residual risk: ")),
            ("Mitigations", "risk_register", pair("id", "measures")),
            ("Risks communicated", "governance.transparency.risks_communicated"),
        ),
    ),
)
