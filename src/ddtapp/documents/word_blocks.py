"""The blocks of a Word draft that come from Markdown's inline text and tables (see ``ddtapp.documents.word``)."""

from __future__ import annotations

import math
from typing import Any

from markdown_it.token import Token

#: Shading of a table's header row, and the colour of table borders.
HEADER_FILL = "D9E2F3"
BORDER_COLOUR = "7F7F7F"


# ----------------------------------------------------------------------------- inline text


def add_inline(paragraph: Any, children: list[Token]) -> None:
    """Runs for one inline token's children: text, bold, italic, code spans and links."""
    bold = italic = False
    link: str | None = None
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            link = None
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline", "html_inline"):
            _run(paragraph, child.content, bold, italic, code=kind == "code_inline", link=link)


def _run(paragraph: Any, text: str, bold: bool, italic: bool, code: bool, link: str | None) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    if link is not None and link.startswith(("http://", "https://", "mailto:")):
        run = _hyperlink(paragraph, text, link)
    else:
        run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if code:
        run.font.name = "Consolas"
    if bold and text.startswith("GAP"):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if link is not None:
        run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        run.underline = True


def _hyperlink(paragraph: Any, text: str, url: str) -> Any:
    """A run inside a real Word hyperlink (python-docx has no API for adding one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), rel)
    paragraph._p.append(element)
    r = OxmlElement("w:r")
    element.append(r)
    run = Run(r, paragraph)
    run.text = text
    return run


# ----------------------------------------------------------------------------- tables


def column_widths(rows: list[list[str]], total_mm: float) -> list[float]:
    """Each column's width in mm: shared by how much text the column holds (the square root of its
    longest cell, so one long cell does not starve the others), never narrower than its longest word."""
    columns = max((len(r) for r in rows), default=0)
    if not columns:
        return []
    want: list[float] = []
    floor: list[float] = []
    for c in range(columns):
        cells = [r[c] for r in rows if c < len(r)]
        longest = max((len(t) for t in cells), default=1)
        word = max((len(w) for t in cells for w in t.split()), default=1)
        want.append(math.sqrt(max(longest, 2)))
        floor.append(min(word, 18) * 2.2 + 5)  # ~2 mm a character at 10 pt, plus the padding
    share = sum(want)
    widths = [max(total_mm * w / share, f) for w, f in zip(want, floor, strict=True)]
    if sum(floor) >= total_mm:  # even the longest words do not fit: every column gives up alike
        return [f * total_mm / sum(floor) for f in floor]
    # the columns wider than their longest word give up the overflow, in proportion to their spare width,
    # so that no column is squeezed below its longest word (a header such as "Sample size" broke mid-word)
    over = sum(widths) - total_mm
    spare = [w - f for w, f in zip(widths, floor, strict=True)]
    room = sum(spare)
    return [w - over * x / room if room else w for w, x in zip(widths, spare, strict=True)]


def add_table(document: Any, rows: list[list[list[Token]]], header_rows: int) -> None:
    from docx.shared import Mm, Pt

    columns = max((len(r) for r in rows), default=0)
    if not columns:
        return
    table = document.add_table(rows=len(rows), cols=columns)
    table.autofit = False
    texts = [["".join(c.content for c in cell) for cell in row] for row in rows]
    section = document.sections[-1]
    usable = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    widths = column_widths(texts, usable)
    _table_borders(table, usable)
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        if r < header_rows:
            _repeat_header(table.rows[r])
        for c in range(columns):
            cell = cells[c]
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            add_inline(paragraph, row[c] if c < len(row) else [])
            for run in paragraph.runs:
                run.font.size = Pt(10)
                if r < header_rows:
                    run.bold = True
            if r < header_rows:
                _shade(cell, HEADER_FILL)
    _grid(table, widths)
    document.add_paragraph()


def _table_borders(table: Any, width_mm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), BORDER_COLOUR)
        borders.append(element)
    tbl_pr.append(borders)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(width_mm * 1440 / 25.4)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _grid(table: Any, widths: list[float]) -> None:
    from docx.oxml.ns import qn

    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(round(width * 1440 / 25.4)))


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
