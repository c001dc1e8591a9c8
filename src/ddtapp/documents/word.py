"""Word (.docx) from a rendered Markdown draft, with python-docx: nothing to install beyond ddtapp.

ddtapp's drafts use a small part of Markdown (headings, paragraphs, bullet lists, pipe tables, bold,
code spans, links), all of it made by ddtapp's own templates and escaper. markdown-it-py reads it as
CommonMark with tables (the same reading the tests and the Markdown linter use), and this module lays
each block out in Word the way a force's documents look:

- A4 with 2 cm margins (or the page of the force's own template, ``--reference-doc``);
- the protective marking (``OFFICIAL`` unless configured) at the top and bottom of every page, as the
  Government Security Classifications ask, and "Page X of Y" in the footer (Word's PAGE and NUMPAGES
  fields, which Word and LibreOffice fill in when they lay the document out);
- the document's title in Word's Title style and its sections in Heading 1, 2, 3, so that the
  navigation pane and a table of contents find them;
- tables with borders, a repeated shaded header row, and column widths shared out by how much each
  column holds;
- every **GAP** highlighted, so that a reader sees at a glance what is still to be completed.

The same draft and date give the same bytes: the package's timestamps and core properties are set
from ``--today``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ddtapp.documents.sheets import fixed_zip_timestamps
from ddtapp.documents.word_blocks import add_inline, add_table
from ddtapp.errors import InputError

#: A4, with 2 cm margins: the page of most police force documents.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 20
#: The house font when no reference document gives one: Arial, as most forces' templates use.
HOUSE_FONT = "Arial"
DEFAULT_MARKING = "OFFICIAL"


@dataclass(frozen=True)
class WordOptions:
    """How the Word file looks: the protective marking, the force's own template, the date it carries."""

    title: str
    today: dt.date
    marking: str = DEFAULT_MARKING
    reference_doc: Path | None = None
    author: str = "ddtapp"


def markdown_parser() -> MarkdownIt:
    """CommonMark with pipe tables: how every reader of ddtapp's Markdown reads it."""
    return MarkdownIt("commonmark").enable("table")


def to_word(markdown: str, options: WordOptions) -> bytes:
    """One Markdown draft as the bytes of a .docx file."""
    document = _open(options.reference_doc)
    builder = _Builder(document)
    if options.reference_doc is None:
        _house_style(document)
    _page(document, options.reference_doc is None)
    _header_and_footer(document, options.marking)
    builder.build(markdown_parser().parse(markdown))
    _core_properties(document, options)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_timestamps(buffer.getvalue(), options.today)


def _open(reference: Path | None) -> Any:
    """A new document from python-docx's template, or from the force's template emptied of its body."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if reference is None:
        return docx.Document()
    if not reference.is_file():
        raise InputError(f"{reference}: --reference-doc must be a Word file (.docx), and it was not found.")
    try:
        document = docx.Document(str(reference))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            f"{reference}: --reference-doc is not a Word document ddtapp can read ({exc}). Save the force's "
            "template as a Word document (.docx, not .dotx or .doc) and give that."
        ) from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


# ----------------------------------------------------------------------------- page, styles, header, footer


def _house_style(document: Any) -> None:
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = HOUSE_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _east_asian_font(normal)
    sizes = {"Title": 20, "Heading 1": 15, "Heading 2": 13, "Heading 3": 11.5, "Heading 4": 11}
    for name, size in sizes.items():
        style = styles[name]
        style.font.name = HOUSE_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
        style.paragraph_format.space_before = Pt(14 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        _east_asian_font(style)


def _east_asian_font(style: Any) -> None:
    """python-docx sets only the ASCII font; theme fonts would otherwise win for some characters."""
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), HOUSE_FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _page(document: Any, house: bool) -> None:
    """A4 portrait with 2 cm margins; a force's template keeps its own page."""
    if not house:
        return
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
        section.header_distance = section.footer_distance = Mm(10)


def _header_and_footer(document: Any, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        top = _first_empty_or_new(header, first=True)
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.add_run(marking).bold = True
        footer = section.footer
        footer.is_linked_to_previous = False
        page = _first_empty_or_new(footer, first=False)
        page.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page.add_run("Page ")
        _field(page, "PAGE", "1")
        page.add_run(" of ")
        _field(page, "NUMPAGES", "1")
        bottom = footer.add_paragraph()
        bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
        bottom.add_run(marking).bold = True


def _first_empty_or_new(part: Any, first: bool) -> Any:
    """The header's or footer's empty paragraph, or a new one (before a template's own content at the top)."""
    paragraphs = part.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0]._p.xpath(".//w:drawing"):
        return paragraphs[0]
    if first and paragraphs:
        return paragraphs[0].insert_paragraph_before()
    return part.add_paragraph()


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _core_properties(document: Any, options: WordOptions) -> None:
    moment = dt.datetime.combine(options.today, dt.time())
    props = document.core_properties
    props.title = options.title
    props.author = options.author
    props.last_modified_by = options.author
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.keywords = options.marking
    props.comments = "Draft written by ddtapp from a project dossier."


# ----------------------------------------------------------------------------- blocks


class _Builder:
    """Walks markdown-it's tokens and adds each block to the document."""

    def __init__(self, document: Any):
        self.document = document
        self.lists: list[str] = []  # "bullet" / "ordered", innermost last
        self.quoted = 0  # inside a block quote (the FOI request's own words)
        self.handlers = {
            "heading_open": self._heading,
            "paragraph_open": self._paragraph,
            "bullet_list_open": self._list_open,
            "ordered_list_open": self._list_open,
            "bullet_list_close": self._list_close,
            "ordered_list_close": self._list_close,
            "table_open": self._table,
            "fence": self._code_block,
            "code_block": self._code_block,
            "hr": self._rule,
            "blockquote_open": self._quote,
            "blockquote_close": self._quote,
        }

    def build(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            handler = self.handlers.get(tokens[i].type)
            i = handler(tokens, i) if handler is not None else i + 1

    def _style(self, name: str, fallback: str = "Normal") -> Any:
        styles = self.document.styles
        return styles[name] if _has_style(styles, name) else styles[fallback]

    def _heading(self, tokens: list[Token], i: int) -> int:
        level = int(tokens[i].tag[1:])
        name = "Title" if level == 1 else f"Heading {min(level - 1, 9)}"
        paragraph = self.document.add_paragraph(style=self._heading_style(name, level))
        add_inline(paragraph, tokens[i + 1].children or [])
        return i + 3

    def _heading_style(self, name: str, level: int) -> Any:
        styles = self.document.styles
        if _has_style(styles, name):
            return styles[name]
        from docx.enum.style import WD_STYLE_TYPE

        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.bold = True
        _outline_level(style, max(level - 2, 0))
        return style

    def _paragraph(self, tokens: list[Token], i: int) -> int:
        if self.lists:
            kind = self.lists[-1]
            depth = len(self.lists)
            name = ("List Bullet" if kind == "bullet" else "List Number") + (f" {depth}" if depth > 1 else "")
            style = self._style(name, self._style("List Bullet" if kind == "bullet" else "List Number").name)
            paragraph = self.document.add_paragraph(style=style)
            if style.name == "Normal":
                paragraph.add_run("• " if kind == "bullet" else "")
        elif self.quoted:
            paragraph = self.document.add_paragraph(style=self._style("Quote"))
        else:
            paragraph = self.document.add_paragraph()
        add_inline(paragraph, tokens[i + 1].children or [])
        return i + 3

    def _quote(self, tokens: list[Token], i: int) -> int:
        self.quoted += 1 if tokens[i].type == "blockquote_open" else -1
        return i + 1

    def _list_open(self, tokens: list[Token], i: int) -> int:
        self.lists.append("bullet" if tokens[i].type == "bullet_list_open" else "ordered")
        return i + 1

    def _list_close(self, tokens: list[Token], i: int) -> int:
        self.lists.pop()
        return i + 1

    def _code_block(self, tokens: list[Token], i: int) -> int:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(tokens[i].content.rstrip("\n"))
        run.font.name = "Consolas"
        run.font.size = Pt(9)
        return i + 1

    def _rule(self, tokens: list[Token], i: int) -> int:
        self.document.add_paragraph()
        return i + 1

    def _table(self, tokens: list[Token], i: int) -> int:
        rows: list[list[list[Token]]] = []
        header_rows = 0
        in_head = False
        j = i + 1
        while tokens[j].type != "table_close":
            kind = tokens[j].type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
            elif kind == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif kind == "inline":
                rows[-1].append(tokens[j].children or [])
            j += 1
        add_table(self.document, rows, header_rows)
        return j + 1


def _has_style(styles: Any, name: str) -> bool:
    try:
        styles[name]
    except KeyError:
        return False
    return True


def _outline_level(style: Any, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)
