"""The register (``ddtapp register``) as senior readers and tools read it.

Markdown (a page), CSV and xlsx (spreadsheets) are for people: every value in plain words (``in
development``, ``very high``, never ``in_development`` or ``very_high``), the project lead and the senior
responsible owner by name, dates as a letter writes them (spreadsheets keep real dates), each document
once, and no dossier path or dossier file name. The CSV starts with a UTF-8 byte-order mark so that Excel
reads its accents. JSON is for tools: codes, dossier files and paths, ISO dates (``docs/register.md``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ddtapp import __version__
from ddtapp.force.register import (
    MATURITY_NAMES,
    REGISTER_VERSION,
    STATUS_NAMES,
    Entry,
    Escaped,
    Register,
    format_date,
    md,
    md_table,
    one_line,
)
from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural
from ddtapp.reporters.summary import TIER_NAMES

if TYPE_CHECKING:  # the spreadsheets' module (and zipfile) loads only for --format csv or xlsx
    from ddtapp.documents.sheets import Cell, Sheet

NOT_RECORDED = "not recorded"


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _stage_name(entry: Entry) -> str:
    name = entry.stage.capitalize()
    return name if entry.stage_recorded else f"{name} (not recorded; assumed)"


def _pair(first: str | None, second: str | None, joiner: str) -> str:
    return f"{first or NOT_RECORDED}{joiner}{second or NOT_RECORDED}"


def _findings(entry: Entry) -> str:
    return f"{plural(entry.errors, 'error')}, {plural(entry.warnings, 'warning')}, {entry.infos} for information"


def _maturity(entry: Entry) -> str:
    """The maturity, and while use is paused, since when: a paused tool is not in use, whatever its maturity."""
    name = MATURITY_NAMES.get(entry.maturity or "", NOT_RECORDED)
    return f"{name} (paused since {format_date(entry.paused_on)})" if entry.paused_on else name


def _technology(entry: Entry) -> str:
    return "; ".join(t.replace("_", " ") for t in entry.technology_types) or NOT_RECORDED


def _review_document(entry: Entry) -> str:
    """The document whose review is due next, by name (never its dossier path)."""
    for d in entry.documents:
        if d.path == entry.next_review_path:
            return d.label()
    return ""


def _next_review(entry: Entry) -> str:
    if not entry.active:
        return "no longer reviewed (" + ("retired" if entry.maturity == "retired" else "abandoned") + ")"
    if entry.next_review is None:
        return "none recorded"
    what = _review_document(entry)
    return format_date(entry.next_review) + (" (overdue)" if entry.overdue else "") + (f": {what}" if what else "")


def _intro(reg: Register) -> list[str]:
    forces = sorted({e.force for e in reg.entries if e.force})
    lines = [
        md(
            "The force's internal list of the data-driven technologies it is developing and/or deploying "
            f"(APP GOV-TRANS-02), built from its project dossiers. Review dates are judged against "
            f"{format_date(reg.today)}."
        )
        + (" Force: " + md(", ".join(forces)) + "." if forces else ""),
        "",
    ]
    count = plural(len(reg.entries), "tool")
    if reg.filters.active:
        left = plural(reg.filtered_out, "other tool")
        lines.append(md(f"{count} with {'; '.join(reg.filters.describe())} ({left} left out by the filters)."))
    else:
        lines.append(md(f"{count}."))
    overdue = sum(1 for e in reg.entries if e.overdue)
    if overdue:
        lines += ["", md(f"{plural(overdue, 'tool')} with an overdue document review.")]
    return [*lines, ""]


def _summary_table(reg: Register, escaped: Escaped) -> list[str]:
    return md_table(
        (
            "Reference",
            "Tool",
            "Project lead",
            "Senior responsible owner",
            "Maturity",
            "APP stage",
            "Impact tier",
            "Errors",
            "Warnings",
            "Next review due",
        ),
        [
            (
                e.reference or "",
                e.name,
                e.owner or NOT_RECORDED,
                e.senior_responsible_owner or NOT_RECORDED,
                _maturity(e),
                _stage_name(e),
                TIER_NAMES[e.tier],
                e.errors,
                e.warnings,
                _next_review(e),
            )
            for e in reg.entries
        ],
        numeric=(7, 8),
        escaped=escaped,
    )


def _entry_section(e: Entry, escaped: Escaped) -> list[str]:
    lines = [f"## {escaped[e.name]}" + (f" ({escaped[e.reference]})" if e.reference else ""), ""]
    rows = [
        ("Reference", e.reference or NOT_RECORDED),
        ("Force", e.force or NOT_RECORDED),
        ("Project lead", e.owner or NOT_RECORDED),
        ("Senior responsible owner", e.senior_responsible_owner or NOT_RECORDED),
        ("Maturity", _maturity(e)),
        ("Technology", _technology(e)),
        ("Purpose", e.purpose or NOT_RECORDED),
        ("Data sources", "; ".join(d.label() for d in e.data_sources) or NOT_RECORDED),
        ("Outputs", "; ".join(_pair(n, s, ": ") for n, s in e.outputs) or NOT_RECORDED),
        ("Decisions supported", "; ".join(_pair(d, a, ", about ") for d, a in e.decisions) or NOT_RECORDED),
        ("Users", "; ".join(e.users) or NOT_RECORDED),
        ("APP stage", _stage_name(e)),
        ("Impact tier", TIER_NAMES[e.tier]),
        ("Open findings", _findings(e)),
        ("Next review due", _next_review(e)),
    ]
    lines += [*md_table(("Field", "Value"), rows, escaped=escaped), ""]
    if e.documents:
        docs = [
            (
                d.label(),
                STATUS_NAMES.get(d.status or "", NOT_RECORDED),
                (format_date(d.review_date) + (" (overdue)" if d.overdue else "")) if d.review_date else NOT_RECORDED,
                d.location or NOT_RECORDED,
            )
            for d in e.documents
        ]
        lines += md_table(("Document", "Status", "Review date", "Location"), docs, escaped=escaped)
    else:
        lines.append("No document is recorded.")
    return [*lines, ""]


def render_markdown(reg: Register) -> str:
    escaped = Escaped()  # each text escaped once for the whole page
    head = ["# Internal list of data-driven technologies", "", *_intro(reg)]
    if reg.entries:
        head += [*_summary_table(reg, escaped), ""]
    # each section joined as soon as it is made: 1,000 tools make a 3 MB page of ~100,000 lines, which
    # as separate strings took twice the page's memory
    sections = ["\n".join(head)]
    sections += ("\n".join(_entry_section(e, escaped)) for e in reg.entries)
    if reg.problems:
        unread = [f"- {md(p.render())}" for p in reg.problems]
        sections.append(
            "\n".join(
                [
                    "## Dossiers that could not be read",
                    "",
                    "These dossiers are not on the list above until they are fixed:",
                    "",
                    *unread,
                    "",
                ]
            )
        )
    return page(sections)


def page(sections: list[str]) -> str:
    """``"\\n".join(sections).rstrip("\\n") + "\\n"`` (one new line at the end), made in one copy of the page,
    not three. ``sections`` is changed."""
    while sections and not sections[-1].rstrip("\n"):
        sections.pop()
    if not sections:
        return "\n"
    sections[-1] = sections[-1].rstrip("\n")
    sections.append("")
    return "\n".join(sections)


# ---------------------------------------------------------------- spreadsheets

#: The register's columns in CSV and xlsx, in order. Multi-valued cells are joined with "; ".
CSV_COLUMNS = (
    "Reference",
    "Tool",
    "Force",
    "Project lead",
    "Senior responsible owner",
    "Maturity",
    "Technology",
    "Purpose",
    "Data sources",
    "Outputs",
    "Decisions supported",
    "Users",
    "APP stage",
    "Impact tier",
    "Open errors",
    "Open warnings",
    "Open for information",
    "Documents",
    "Next review due",
    "Overdue",
)
DOCUMENT_COLUMNS = ("Reference", "Tool", "Document", "Status", "Review date", "Overdue", "Location")
#: A spreadsheet runs a cell that starts with one of these as a formula: such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    text = neutralise(one_line(value))  # printed to a terminal or a CI log too: shown, never obeyed
    return "'" + text if text.startswith(_FORMULA_START) else text


def _documents_cell(e: Entry) -> str:
    return "; ".join(
        f"{d.label()} ({STATUS_NAMES.get(d.status or '', 'status not recorded')}"
        + (f", review {format_date(d.review_date)}" if d.review_date else "")
        + (", overdue" if d.overdue else "")
        + ")"
        for d in e.documents
    )


def _row(e: Entry) -> tuple[Cell, ...]:
    return tuple(
        _cell(v)
        for v in (
            e.reference or "",
            e.name,
            e.force or "",
            e.owner or "",
            e.senior_responsible_owner or "",
            _maturity(e),
            "; ".join(t.replace("_", " ") for t in e.technology_types),
            e.purpose or "",
            "; ".join(d.label() for d in e.data_sources),
            "; ".join(_pair(n, s, ": ") for n, s in e.outputs),
            "; ".join(_pair(d, a, ", about ") for d, a in e.decisions),
            "; ".join(e.users),
            _stage_name(e),
            TIER_NAMES[e.tier],
            e.errors,
            e.warnings,
            e.infos,
            _documents_cell(e),
            e.next_review,
            "Yes" if e.overdue else "No",
        )
    )


def _document_rows(reg: Register) -> list[tuple[Cell, ...]]:
    return [
        tuple(
            _cell(v)
            for v in (
                e.reference or "",
                e.name,
                d.label(),
                STATUS_NAMES.get(d.status or "", NOT_RECORDED),
                d.review_date,
                "Yes" if d.overdue else "No",
                d.location or "",
            )
        )
        for e in reg.entries
        for d in e.documents
    ]


def render_csv(reg: Register) -> str:
    """The register as CSV for Excel; the byte-order mark is the text's first character."""
    from ddtapp.documents.sheets import to_csv

    return to_csv(CSV_COLUMNS, [_row(e) for e in reg.entries]).decode("utf-8")


def render_xlsx(reg: Register) -> bytes:
    """The register as an Excel workbook: the tools, and their documents (one row each)."""
    from ddtapp.documents.sheets import Sheet, to_xlsx

    widths = (12, 28, 18, 22, 22, 16, 22, 50, 40, 40, 40, 24, 14, 12, 8, 8, 8, 60, 14, 9)
    sheets: Sequence[Sheet] = (
        Sheet("Register", CSV_COLUMNS, [_row(e) for e in reg.entries], widths, frozenset({7, 8, 9, 10, 17})),
        Sheet("Documents", DOCUMENT_COLUMNS, _document_rows(reg), (12, 28, 50, 12, 14, 9, 40), frozenset({2})),
    )
    return to_xlsx(sheets, reg.today, "Internal list of data-driven technologies")


# ---------------------------------------------------------------- JSON (for tools)


def entry_json(e: Entry) -> dict[str, Any]:
    return {
        "file": e.file,
        "reference": e.reference,
        "name": e.name,
        "force": e.force,
        "owner": e.owner,
        "senior_responsible_owner": e.senior_responsible_owner,
        "maturity": e.maturity,
        "paused_on": e.paused_on.isoformat() if e.paused_on else None,
        "technology_types": list(e.technology_types),
        "purpose": e.purpose,
        "data_sources": [
            {"name": d.name, "source": d.source, "update": d.update, "frequency": d.frequency} for d in e.data_sources
        ],
        "outputs": [{"name": n, "signifies": s} for n, s in e.outputs],
        "decisions": [{"decision": d, "about": a} for d, a in e.decisions],
        "users": list(e.users),
        "app_stage": e.stage,
        "app_stage_recorded": e.stage_recorded,
        "impact_tier": e.tier,
        "open_findings": {"error": e.errors, "warning": e.warnings, "info": e.infos},
        "documents": [
            {
                "path": d.path,
                "type": d.type,
                "title": d.title,
                "status": d.status,
                "review_date": _iso(d.review_date) or None,
                "location": d.location,
                "overdue": d.overdue,
            }
            for d in e.documents
        ],
        "next_review": (
            {"date": e.next_review.isoformat(), "document": e.next_review_path, "overdue": e.overdue}
            if e.next_review
            else None
        ),
        "active": e.active,
    }


def render_json(reg: Register) -> str:
    doc = {
        "register_version": REGISTER_VERSION,
        "generator": f"ddtapp {__version__}",
        "today": reg.today.isoformat(),
        "filters": reg.filters.to_json(),
        "count": len(reg.entries),
        "filtered_out": reg.filtered_out,
        "tools": [entry_json(e) for e in reg.entries],
        "unreadable": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": p.message,
                "path": p.path or None,
                "hint": p.hint or None,
            }
            for p in reg.problems
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_RENDERERS: dict[str, Callable[[Register], str | bytes]] = {
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "xlsx": render_xlsx,
}


def render(reg: Register, output_format: str) -> str | bytes:
    return _RENDERERS[output_format](reg)
