"""The force's internal list of data-driven technologies (``ddtapp register``), built from its dossiers.

The APP asks the force to keep "an internal list of DDTs that the force is developing and/or deploying"
(GOV-TRANS-02). :func:`build_register` turns checked dossiers (:class:`ddtapp.checker.engine.Result`) into one
:class:`Entry` per tool; :func:`render` writes it as Markdown, CSV or JSON (``docs/register.md`` documents
each shape). ``collect.py`` finds and checks the dossiers it is built from.

Also here, shared with :mod:`ddtapp.force.foi`: reading a checked dossier, plain names for the dossier's
enumerations, and Markdown escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from sys import intern
from typing import TYPE_CHECKING, Any, get_args

from ddtapp.checker.engine import Result
from ddtapp.dossier.document_sites import DOCUMENT, NotPlain, documents_in, full
from ddtapp.dossier.documents import Record, distinct_records
from ddtapp.dossier.kinds import Maturity, TechnologyType
from ddtapp.dossier.names import DOCUMENT_NAMES
from ddtapp.errors import InputError, Problem
from ddtapp.frozen import frozen
from ddtapp.output.markdown_text import inline
from ddtapp.pack.checks import TIERS
from ddtapp.reporters.summary import TIER_NAMES, Summary

if TYPE_CHECKING:
    from ddtapp.dossier.models import Dossier

#: The version of the JSON shape (``register_version``); raised when a field changes meaning or goes away.
REGISTER_VERSION = 1
FORMATS = ("markdown", "csv", "json", "xlsx")
MATURITIES: tuple[str, ...] = get_args(Maturity)
TECHNOLOGY_TYPES: tuple[str, ...] = get_args(TechnologyType)
#: Document statuses whose review date is in force (as ``check`` judges review dates).
IN_FORCE = ("approved", "published")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date) -> str:
    """``1 March 2023``: the form a letter uses, the same in any locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


SOURCE_NAMES = {
    "internal_police": "internal police data",
    "other_public_sector": "external public-sector data",
    "private_sector": "external private-sector data",
}
MATURITY_NAMES = {
    "in_development": "in development",
    "pilot": "pilot",
    "operational": "operational",
    "retired": "retired (formerly operational)",
    "abandoned": "abandoned (never deployed)",
}
STATUS_NAMES = {
    "not_started": "not started",
    "draft": "draft",
    "in_review": "in review",
    "approved": "approved",
    "published": "published",
    "superseded": "superseded",
    # dossier v2: the force states that no such document exists (an FOI answer says "not held")
    "not_held": "not held",
}
#: Every document type's name (one table: ddtapp.dossier.names).
DOCUMENT_TYPE_NAMES = DOCUMENT_NAMES


def _tool_and_documents(result: Result) -> tuple[dict[str, Any], list[tuple[str, Record]]]:
    """The tool (as its data, a field left out is its default) and the documents (every field by name, as the
    models hold them) of a checked dossier, read from its validated data without building the models
    (``check_file`` has validated it already); the models are built when the data has a shape, or a value,
    that only they read as ``check`` does (a quoted date)."""
    data = result.loaded.data
    try:
        tool = data.get("tool") if isinstance(data, dict) else None
        if tool is not None and not isinstance(tool, dict):
            raise NotPlain
        return tool or {}, [(path, full(DOCUMENT, doc)) for path, doc in documents_in(data)]
    except NotPlain:
        from ddtapp.dossier.documents import documents_of

        dossier = dossier_of(result)
        typed = dossier.tool.model_dump(by_alias=True) if dossier.tool is not None else {}
        return typed, [(path, doc.model_dump()) for path, doc in documents_of(dossier)]


def dossier_of(result: Result) -> Dossier:
    """The typed dossier of a checked result (``check_file`` has validated it already)."""
    from ddtapp.dossier.models import Dossier

    return Dossier.model_validate(result.loaded.data)


def one_line(value: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces: every value in a register is one line."""
    return " ".join(value.split())


def text_or_none(value: str | None) -> str | None:
    """The text on one line, or None when it is missing or blank."""
    if value is None:
        return None
    words = value.split()
    return " ".join(words) if words else None


def shared(value: Any) -> Any:
    """A code (a document's type or status, a maturity...), a dossier path or a name as one string for every
    tool that has it (``sys.intern``): a register keeps each tool's entry to the end of the run, and these
    repeat from tool to tool (14 documents a tool: their types, statuses and paths were 3 kB of a 11 kB entry
    over 1,000 generated dossiers)."""
    return intern(value) if type(value) is str else value


# ---------------------------------------------------------------- Markdown escaping


def md(value: object) -> str:
    """Plain text made safe inside Markdown (a table cell, a list item or a paragraph): ddtapp's one
    escaper, :func:`ddtapp.output.markdown_text.inline`."""
    return inline(value, links=False)


class Escaped(dict[str, str]):
    """Cell texts made safe for Markdown (:func:`md`), each escaped once: ``escaped[text]``.

    A register repeats most of its cells (the field names, "not recorded", statuses, tiers, dates, the
    names of the people and documents that recur): 1,000 generated dossiers make 103,318 cells and 6,016
    distinct texts. Looking a cell up costs a tenth of escaping it; the texts live as long as the mapping
    (one render)."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        out = self[text] = md(text)
        return out


def md_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    escaped: Escaped | None = None,
) -> list[str]:
    """A GitHub-flavoured Markdown table, every cell escaped (through ``escaped``, when given, so that a
    text met in an earlier table is not escaped again)."""
    cell = (Escaped() if escaped is None else escaped).__getitem__
    lines = [
        "| " + " | ".join(map(cell, map(str, columns))) + " |",
        "| " + " | ".join("---:" if i in numeric else "---" for i in range(len(columns))) + " |",
    ]
    lines.extend("| " + " | ".join(map(cell, map(str, row))) + " |" for row in rows)
    return lines


# ---------------------------------------------------------------- the register


@frozen(slots=True)
class DocumentEntry:
    path: str
    type: str | None
    title: str | None
    status: str | None
    review_date: dt.date | None
    location: str | None
    #: In force (approved or published), its review date has passed, and the tool is still active.
    overdue: bool

    def label(self) -> str:
        kind = DOCUMENT_TYPE_NAMES.get(self.type, self.type) if self.type else "document of unrecorded type"
        return f"{kind}: {self.title}" if self.title else kind


@frozen(slots=True)
class DataSourceEntry:
    name: str | None
    source: str | None
    update: str | None
    frequency: str | None

    def label(self) -> str:
        where = SOURCE_NAMES.get(self.source or "", "source not recorded")
        how = {"live_feed": "live feed", "manual": "manual"}.get(self.update or "", "")
        if how == "manual" and self.frequency:
            how += f", {self.frequency}"
        return f"{self.name or 'unnamed'} ({where}{', ' + how if how else ''})"


@frozen(slots=True)
class Entry:
    """One tool on the register."""

    file: str
    name: str
    reference: str | None
    force: str | None
    maturity: str | None
    technology_types: tuple[str, ...]
    purpose: str | None
    data_sources: tuple[DataSourceEntry, ...]
    #: ``(output, what it signifies)``
    outputs: tuple[tuple[str | None, str | None], ...]
    #: ``(decision, about whom or what)``
    decisions: tuple[tuple[str | None, str | None], ...]
    users: tuple[str, ...]
    #: The project lead's and the senior responsible owner's names.
    owner: str | None
    senior_responsible_owner: str | None
    stage: str
    stage_recorded: bool
    tier: str
    errors: int
    warnings: int
    infos: int
    documents: tuple[DocumentEntry, ...]
    #: The earliest review date of the documents in force; None for a retired or abandoned tool.
    next_review: dt.date | None
    next_review_path: str | None
    overdue: bool
    #: Not retired or abandoned: periodic reviews still apply.
    active: bool
    #: While use is paused (a pause in tool.pauses begun and not resumed by the day of the register): its first day.
    paused_on: dt.date | None = None

    @property
    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.name.casefold(), self.name, 0 if self.reference is None else 1, self.reference or "", self.file)


def entry_of(result: Result, today: dt.date) -> Entry:
    """The register entry of one checked dossier."""
    tool, documents = _tool_and_documents(result)
    active = bool(result.assessment.facts.get("active"))
    docs: list[DocumentEntry] = []
    for path, doc in distinct_records(documents):  # one document recorded in two places is one document
        status, review_date = doc["status"], doc["review_date"]
        overdue = active and status in IN_FORCE and review_date is not None and review_date < today
        docs.append(
            DocumentEntry(
                intern(path),
                shared(doc["type"]),
                text_or_none(doc["title"]),
                shared(status),
                review_date,
                text_or_none(doc["location"]),
                overdue,
            )
        )
    due = (
        [(d.review_date, d.path) for d in docs if d.status in IN_FORCE and d.review_date is not None] if active else []
    )
    next_review, next_path = min(due) if due else (None, None)
    summary = Summary.of(result)
    owner, sro = tool.get("owner") or {}, tool.get("senior_responsible_owner") or {}
    return Entry(
        file=result.file,
        name=text_or_none(tool.get("name")) or result.tool_name,
        reference=text_or_none(tool.get("reference")),
        force=shared(text_or_none(tool.get("force"))),
        maturity=shared(tool.get("maturity")),
        technology_types=tuple(map(shared, tool.get("technology_types") or ())),
        purpose=text_or_none(tool.get("purpose")),
        data_sources=tuple(
            DataSourceEntry(
                text_or_none(d.get("name")),
                shared(d.get("source")),
                shared(d.get("update")),
                shared(text_or_none(d.get("frequency"))),
            )
            for d in tool.get("data_inputs") or ()
        ),
        outputs=tuple(
            (text_or_none(o.get("name")), text_or_none(o.get("signifies"))) for o in tool.get("outputs") or ()
        ),
        decisions=tuple(
            (text_or_none(d.get("decision")), text_or_none(d.get("about"))) for d in tool.get("decisions") or ()
        ),
        users=tuple(one_line(u) for u in tool.get("users") or () if u.strip()),
        owner=shared(text_or_none(owner.get("name"))),
        senior_responsible_owner=shared(text_or_none(sro.get("name"))),
        stage=result.assessment.stage,
        stage_recorded=result.assessment.stage_recorded,
        tier=result.assessment.tier,
        errors=summary.errors,
        warnings=summary.warnings,
        infos=summary.infos,
        documents=tuple(docs),
        next_review=next_review,
        next_review_path=next_path,
        overdue=next_review is not None and next_review < today,
        active=active,
        paused_on=dt.date.fromisoformat(result.assessment.paused_on) if result.assessment.paused_on else None,
    )


@frozen
class Filters:
    """Which tools a register (or the scope of an FOI response) covers. Empty means every tool.

    ``maturity`` and ``types`` match any of the values given; ``min_tier`` keeps tools whose impact tier
    (the tier the APP's rules apply: the higher of computed and declared) is that tier or higher;
    ``overdue`` keeps tools with a document in force whose review date is before ``--today``."""

    maturity: tuple[str, ...] = ()
    min_tier: str | None = None
    types: tuple[str, ...] = ()
    overdue: bool = False

    @classmethod
    def parse(
        cls, maturity: Sequence[str] = (), tier: str | None = None, types: Sequence[str] = (), overdue: bool = False
    ) -> Filters:
        """Check the values given on the command line, or raise an InputError naming the option."""

        def norm(value: str) -> str:
            return value.strip().lower().replace("-", "_").replace(" ", "_")

        problems = []
        m = tuple(sorted({norm(v) for v in maturity}))
        t = tuple(sorted({norm(v) for v in types}))
        for option, values, allowed in (("--maturity", m, MATURITIES), ("--type", t, TECHNOLOGY_TYPES)):
            for v in values:
                if v not in allowed:
                    problems.append(f"{option}: '{v}' is not one of {', '.join(allowed)}")
        min_tier = norm(tier) if tier is not None else None
        if min_tier is not None and min_tier not in TIERS:
            problems.append(f"--tier: '{tier}' is not one of {', '.join(TIERS)}")
        if problems:
            raise InputError("; ".join(problems) + ".")
        return cls(m, min_tier, t, overdue)

    @property
    def active(self) -> bool:
        return bool(self.maturity or self.min_tier or self.types or self.overdue)

    def matches(self, entry: Entry) -> bool:
        if self.maturity and entry.maturity not in self.maturity:
            return False
        if self.min_tier and TIERS.index(entry.tier) < TIERS.index(self.min_tier):
            return False
        if self.types and not set(entry.technology_types) & set(self.types):
            return False
        return not (self.overdue and not entry.overdue)

    def describe(self) -> list[str]:
        """The filters in plain words, one per filter."""
        out = []
        if self.maturity:
            out.append("maturity " + " or ".join(m.replace("_", " ") for m in self.maturity))
        if self.min_tier:
            out.append(f"impact tier {TIER_NAMES[self.min_tier]} or higher")
        if self.types:
            out.append("technology type " + " or ".join(t.replace("_", " ") for t in self.types))
        if self.overdue:
            out.append("an overdue document review")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "maturity": list(self.maturity),
            "min_tier": self.min_tier,
            "type": list(self.types),
            "overdue": self.overdue,
        }


#: Every tool (no filter given).
NO_FILTERS = Filters()


@frozen
class Register:
    today: dt.date
    filters: Filters
    entries: tuple[Entry, ...]
    #: Tools found but left out by the filters.
    filtered_out: int
    #: Dossiers that could not be read (each problem located: file, line, column).
    problems: tuple[Problem, ...]


def build_register(
    results: Sequence[Result], today: dt.date, filters: Filters = NO_FILTERS, problems: Sequence[Problem] = ()
) -> Register:
    """The register of the checked dossiers that pass ``filters``, by name, then reference, then file."""
    return register_of([entry_of(r, today) for r in results], today, filters, problems)


def register_of(
    entries: Sequence[Entry], today: dt.date, filters: Filters = NO_FILTERS, problems: Sequence[Problem] = ()
) -> Register:
    """The register of ``entries`` that pass ``filters``, by name, then reference, then file."""
    kept = sorted((e for e in entries if filters.matches(e)), key=lambda e: e.sort_key)
    problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
    return Register(today, filters, tuple(kept), len(entries) - len(kept), tuple(problems))


# ---------------------------------------------------------------- rendering (force/register_render.py)


def render(reg: Register, output_format: str) -> str | bytes:
    """The register as Markdown, CSV or JSON (text), or xlsx (bytes)."""
    from ddtapp.force.register_render import render as render_as

    return render_as(reg, output_format)
