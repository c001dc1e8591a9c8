"""The algorithmic transparency record as the standard's spreadsheet (ATRS 4.0), from the rendered draft.

The draft (``templates/algorithmic-transparency-record.md.j2``) sets out each part of the standard as a
heading and a table of its fields (``| Field | Entry |``). This module reads that draft back, so that the
Markdown, the Word file and the spreadsheet always say the same thing: one worksheet for Tier 1 and one
for each of the eight sections of Tier 2, each row a field with its reference number (1.1, 2.1.1, ...)
and its entry (a worksheet's name is the section's title, cut at a word to Excel's 31 characters;
the CSV gives the full title). A section the tool does not need (no trained model) is one row saying so. Every gap stays
visible in its cell as **GAP**; the draft's annex and document control table are not part of the record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markdown_it.token import Token

from ddtapp.documents.sheets import Sheet, to_csv, to_xlsx
from ddtapp.documents.word import markdown_parser

DOCUMENT = "algorithmic-transparency-record"
HEADER = ("Reference", "Field", "Entry")
CSV_HEADER = ("Section", "Reference", "Field", "Entry")
#: Words a worksheet's name does not end on when the section's title is cut to Excel's 31 characters.
_DANGLING = {"and", "or", "of", "the", "a"}
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\s+(.*)$")
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
    """A section's title as a worksheet name: at most 31 characters, cut at a word."""
    words = title.split()
    while len(" ".join(words)) > 31 or (words and words[-1].lower() in _DANGLING):
        words.pop()
    return " ".join(words).rstrip(",;:") or title[:31]


def _section(title: str) -> tuple[str, str] | None:
    """A heading's (sheet name, reference prefix), or None for a heading that is not a part of the record."""
    tier = _TIER.match(title)
    if tier:
        return (f"Tier {tier.group(1)} - {tier.group(2)[:1].upper()}{tier.group(2)[1:]}", tier.group(1))
    numbered = _NUMBERED.match(title)
    if numbered:
        return (title, numbered.group(1))
    return None


def record_rows(markdown: str) -> list[RecordRow]:
    """The record's fields, section by section, from the rendered draft."""
    tokens = markdown_parser().parse(markdown)
    rows: list[RecordRow] = []
    section: tuple[str, str] | None = None
    count = 0
    in_table = False
    cells: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            section, count = _section(plain_text(tokens[i + 1].children or [])), 0
        elif section is None:
            continue
        elif token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline" and in_table:
            cells.append(plain_text(token.children or []))
        elif token.type == "tr_close" and cells and cells != ["Field", "Entry"]:
            count += 1
            rows.append(RecordRow(section[0], f"{section[1]}.{count}", cells[0], " ".join(cells[1:])))
        elif token.type == "inline" and tokens[i - 1].type == "paragraph_open" and count == 0:
            count += 1
            title = section[0].split(" ", 1)[-1]
            rows.append(RecordRow(section[0], f"{section[1]}.{count}", title, plain_text(token.children or [])))
    return rows


def to_spreadsheet(markdown: str, today: dt.date, fmt: str) -> bytes:
    """The record as ``xlsx`` (a worksheet per part of the standard) or ``csv`` (one table)."""
    rows = record_rows(markdown)
    if fmt == "csv":
        return to_csv(CSV_HEADER, [(r.sheet, r.ref, r.field, r.entry) for r in rows])
    sheets: dict[str, list[tuple[str, str, str]]] = {}
    for r in rows:
        sheets.setdefault(r.sheet, []).append((r.ref, r.field, r.entry))
    return to_xlsx(
        [
            Sheet(tab_name(name), HEADER, body, widths=(11, 42, 100), wrap=frozenset({1, 2}))
            for name, body in sheets.items()
        ],
        today,
        "Algorithmic transparency record",
    )
