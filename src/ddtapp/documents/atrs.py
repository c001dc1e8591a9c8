"""The algorithmic transparency record as the standard's spreadsheet (ATRS 4.0), from the rendered draft.

The draft (``templates/algorithmic-transparency-record.md.j2``) sets out each sheet of the ATRS 4.0
template as a heading and a table of its fields (``| Ref | Field | Entry |``). This module reads that draft
back, so that the Markdown, the Word file and the spreadsheet always say the same thing, and lays it out as
the template does: the sheets, and on each the fields with their reference number, attribute and name, as
the reference data ``atrs-4.0-template.yaml`` (beside this module) lists them from the standard's publisher
(its header says which source gives what). The workbook has the template's sheets in its order: Summary
Information (Tier 1), then Tier 2's Owner and Responsibility, Description and Rationale, Deployment
Context, Tool Specification, Model Specification (one sheet per model, the later ones named "Model
Specification (2)" and so on, as the template asks the sheet to be duplicated), Development Data
Specification, Operational Data Specification, and Risks, Mitigations and Impact Assessments (its tab
name cut at a word to Excel's 31 characters; the CSV gives it in full). A section the tool does not need
(no trained model) has every field, each "N/A" as the ATRS guidance asks, the first saying why. Every gap
stays visible in its cell as **GAP**; the draft's annex and document control table are not part of the
record.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ddtapp.documents.sheets import Sheet, to_csv, to_xlsx
from ddtapp.documents.word import markdown_parser

DOCUMENT = "algorithmic-transparency-record"
#: The standard's sheets and fields (reference data, with its sources): see its header.
TEMPLATE_FILE = Path(__file__).with_name("atrs-4.0-template.yaml")
TABLE_HEADER = ["Ref", "Field", "Entry"]
#: Words a worksheet's name does not end on when the section's title is cut to Excel's 31 characters.
_DANGLING = {"and", "or", "of", "the", "a"}
#: "2.4.2 Model Specification: NeoFace matcher" -> ("2.4.2", "Model Specification")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\s+([^:]*)(?::.*)?$")
#: "Tier 1: Summary Information" -> ("1", "Summary Information")
_TIER = re.compile(r"^Tier (\d+): (.*)$")


@dataclass(frozen=True)
class RecordRow:
    sheet: str
    ref: str
    field: str
    entry: str


def plain_text(children: list[Token]) -> str:
    """An inline token's text as a reader sees it: no Markdown, escapes undone."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def tab_name(title: str) -> str:
    """A sheet's title as a worksheet name: at most 31 characters, cut at a word."""
    words = title.split()
    while len(" ".join(words)) > 31 or (words and words[-1].lower() in _DANGLING):
        words.pop()
    return " ".join(words).rstrip(",;:") or title[:31]


def _section(title: str) -> tuple[str, str] | None:
    """A heading's (sheet title, reference number), or None for a heading that is not a sheet of the record."""
    tier = _TIER.match(title)
    if tier:
        return (tier.group(2), tier.group(1))
    numbered = _NUMBERED.match(title)
    if numbered:
        return (numbered.group(2).strip(), numbered.group(1))
    return None


def record_rows(markdown: str) -> list[RecordRow]:
    """The record's fields, sheet by sheet, from the rendered draft."""
    tokens = markdown_parser().parse(markdown)
    rows: list[RecordRow] = []
    seen: dict[str, int] = {}
    section: tuple[str, str] | None = None
    sheet = ""
    count = 0
    in_table = False
    cells: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            section, count = _section(plain_text(tokens[i + 1].children or [])), 0
            if section is not None:
                seen[section[0]] = seen.get(section[0], 0) + 1
                copies = seen[section[0]]
                sheet = section[0] if copies == 1 else f"{section[0]} ({copies})"
        elif section is None:
            continue
        elif token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline" and in_table:
            cells.append(plain_text(token.children or []))
        elif token.type == "tr_close" and cells and cells != TABLE_HEADER:
            count += 1
            rows.append(RecordRow(sheet, cells[0], cells[1], " ".join(cells[2:])))
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open" and count == 0:
            count += 1
            rows.append(RecordRow(sheet, section[1], section[0], plain_text(token.children or [])))
    return rows


@dataclass(frozen=True)
class TemplateField:
    ref: str
    attribute: str
    name: str


@dataclass(frozen=True)
class TemplateSheet:
    name: str
    tab: str
    fields: tuple[TemplateField, ...]


@functools.cache
def template() -> tuple[tuple[str, ...], tuple[TemplateSheet, ...]]:
    """The ATRS 4.0 template's columns and sheets, from the reference data."""
    from ruamel.yaml import YAML

    data: Any = YAML(typ="safe").load(TEMPLATE_FILE.read_text(encoding="utf-8"))
    sheets = tuple(
        TemplateSheet(
            str(sheet["name"]),
            str(sheet.get("tab") or sheet["name"]),
            tuple(TemplateField(str(f["ref"]), str(f["attribute"]), str(f["name"])) for f in sheet["fields"]),
        )
        for sheet in data["sheets"]
    )
    return tuple(str(c) for c in data["columns"]), sheets


@dataclass(frozen=True)
class SheetRow:
    sheet: str  # the sheet's full name ("Model Specification (2)" for a second model)
    tab: str  # its worksheet name, at most 31 characters
    ref: str
    attribute: str
    name: str
    entry: str


def _copy_of(sheet: str) -> tuple[str, str]:
    """("Model Specification", " (2)") for a duplicated sheet's name."""
    m = re.match(r"^(.*?)( \(\d+\))?$", sheet)
    return (m.group(1), m.group(2) or "") if m else (sheet, "")


def template_rows(rows: list[RecordRow]) -> list[SheetRow]:
    """The draft's rows laid out as the template's sheets and fields: each field's reference number,
    attribute and name as the reference data gives them. A sheet the draft marks not applicable (a single
    paragraph under its heading) has every field, each N/A, the first giving the reason. A field the
    reference data does not list (a force's own template may add one) keeps the draft's reference and name,
    with no attribute."""
    _columns, sheets = template()
    by_name = {s.name: s for s in sheets}
    out: list[SheetRow] = []
    grouped: dict[str, list[RecordRow]] = {}
    for r in rows:
        grouped.setdefault(r.sheet, []).append(r)
    for sheet, members in grouped.items():
        base, copy = _copy_of(sheet)
        spec = by_name.get(base)
        tab = tab_name((spec.tab if spec else base) + copy) if copy else tab_name(spec.tab if spec else base)
        if spec is not None and len(members) == 1 and members[0].field == base:  # not applicable
            reason = members[0].entry
            for i, f in enumerate(spec.fields):
                entry = f"N/A: {reason[0].lower()}{reason[1:]}" if i == 0 and reason else "N/A"
                entry = entry.replace("N/A: not applicable: ", "N/A: ")
                out.append(SheetRow(sheet, tab, f.ref, f.attribute, f.name, entry))
            continue
        fields = {f.name: f for f in spec.fields} if spec else {}
        for r in members:
            known = fields.get(r.field)
            ref, attribute, name = (known.ref, known.attribute, known.name) if known else (r.ref, "", r.field)
            out.append(SheetRow(sheet, tab, ref, attribute, name, r.entry))
    return out


def to_spreadsheet(markdown: str, today: dt.date, fmt: str) -> bytes:
    """The record as ``xlsx`` (the template's sheets) or ``csv`` (one table, with each row's sheet)."""
    columns, _sheets = template()
    rows = template_rows(record_rows(markdown))
    if fmt == "csv":
        return to_csv(("Sheet", *columns), [(r.sheet, r.ref, r.attribute, r.name, r.entry) for r in rows])
    sheets: dict[str, list[tuple[str, str, str, str]]] = {}
    for r in rows:
        sheets.setdefault(r.tab, []).append((r.ref, r.attribute, r.name, r.entry))
    return to_xlsx(
        [Sheet(tab, columns, body, widths=(11, 30, 36, 100), wrap=frozenset({2, 3})) for tab, body in sheets.items()],
        today,
        "Algorithmic transparency record",
    )
