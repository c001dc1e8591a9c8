"""The stage gate report fits its reader: at most two A4 pages before its annexes, for every example.

A decision maker reads the decision asked, what is ready and what is missing; the detail (findings that
do not block the gate, the APP's objectives and advisers, the gaps) is in annexes after it. Two tests hold
the length: one lays the Word file's body out with a deterministic estimate (word-wrapped lines at the
house style's font sizes, table rows at their column widths), which runs anywhere; the other (slow, and
only where LibreOffice is installed) converts the Word file to PDF and finds the page the first annex
starts on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.helpers import run

EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A4 less 2 cm margins, in mm.
BODY_WIDTH_MM, BODY_HEIGHT_MM = 170.0, 257.0
#: Line height and average character width (mm) of Arial at each size the house style uses; space after
#: a paragraph; the extra space before a heading. Measured from LibreOffice's layout of ddtapp's drafts.
LINE_MM = {20.0: 8.1, 15.0: 6.1, 13.0: 5.3, 11.5: 4.7, 11.0: 4.5, 10.0: 4.1}
CHAR_MM = {20.0: 3.9, 15.0: 2.9, 13.0: 2.5, 11.5: 2.1, 11.0: 1.85, 10.0: 1.75}
AFTER_MM, HEADING_BEFORE_MM, BULLET_INDENT_MM, CELL_PADDING_MM = 2.1, 4.9, 6.4, 2.6
STYLE_SIZE = {"Title": 20.0, "Heading1": 15.0, "Heading2": 13.0, "Heading3": 11.5}


def wrapped_lines(text: str, width_mm: float, char_mm: float) -> int:
    """How many lines greedy word wrap makes of ``text`` in a column ``width_mm`` wide."""
    per_line = max(int(width_mm / char_mm), 1)
    lines, used = 1, 0
    for word in text.split():
        need = len(word) if used == 0 else used + 1 + len(word)
        if need <= per_line:
            used = need
        else:  # the word starts a new line (unless the line is empty), and one longer than a line breaks inside
            lines += (1 if used else 0) + (len(word) - 1) // per_line
            used = len(word) % per_line or per_line
    return lines


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else "Normal"


def body_height_mm(document_xml: bytes) -> float:
    """The estimated height (mm) of the document's body up to its first annex heading."""
    from lxml import etree

    blocks = list(etree.fromstring(document_xml).find(f"{W}body"))
    height = 0.0
    for i, block in enumerate(blocks):
        if block.tag == f"{W}p":
            style, text = _style(block), _text(block)
            if style.startswith("Heading") and text.startswith("Annex"):
                break
            size = STYLE_SIZE.get(style, 11.0)
            width = BODY_WIDTH_MM - (BULLET_INDENT_MM if style.startswith("List") else 0)
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            # A list's items are set close (Word's contextual spacing): space only after the last one.
            contextual = style.startswith("List") and following is not None and _style(following) == style
            height += wrapped_lines(text, width, CHAR_MM[size]) * LINE_MM[size] + (0 if contextual else AFTER_MM)
            if style.startswith("Heading"):
                height += HEADING_BEFORE_MM
        elif block.tag == f"{W}tbl":
            widths = [int(c.get(f"{W}w")) * 25.4 / 1440 for c in block.iter(f"{W}gridCol")]
            for row in block.iter(f"{W}tr"):
                cells = row.findall(f"{W}tc")
                height += (
                    max(
                        wrapped_lines(_text(c), w - CELL_PADDING_MM, CHAR_MM[10.0])
                        for c, w in zip(cells, widths, strict=False)
                    )
                    * LINE_MM[10.0]
                    + 0.6
                )
    return height


def render_docx(tmp_path: Path, capsys, example: str) -> Path:
    out = tmp_path / example
    args = ["render", str(EXAMPLES / f"{example}.yaml"), "--doc", "stage-gate-report", "--to", "docx"]
    code_, _out, err = run([*args, "--out", str(out), "--today", "2026-11-21", "--no-config"], capsys)
    assert code_ == 0, err
    return out / "stage-gate-report.docx"


def test_wrapped_lines_wraps_at_words():
    assert wrapped_lines("", 100, 2) == 1
    assert wrapped_lines("aaaa bbbb", 20, 2) == 1  # 9 characters in a 10-character line
    assert wrapped_lines("aaaa bbbb cc", 20, 2) == 2
    assert wrapped_lines("a" * 25, 20, 2) == 3  # a word longer than the line breaks inside it
    assert wrapped_lines("bb " + "a" * 25, 20, 2) == 4


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_stage_gate_report_body_fits_two_pages(tmp_path, capsys, example):
    import zipfile

    with zipfile.ZipFile(render_docx(tmp_path, capsys, example)) as z:
        height = body_height_mm(z.read("word/document.xml"))
    # Headings kept with their next paragraph leave the foot of a page empty, and the estimate runs about
    # 4% short of LibreOffice's layout: the body must fill at most 93% of two pages' height.
    assert height <= 2 * BODY_HEIGHT_MM * 0.93, f"{example}: the body runs to {height / BODY_HEIGHT_MM:.2f} pages"


def test_the_estimate_sees_a_long_body(tmp_path, capsys):
    """The estimate is not blind: the whole report, annexes and all (four pages in LibreOffice), is over two."""
    import zipfile

    with zipfile.ZipFile(render_docx(tmp_path, capsys, "risk-scoring-engage")) as z:
        xml = z.read("word/document.xml")
    # Turning every annex heading into a body heading counts the annexes too: that is well over two pages.
    whole = re.sub(rb"(<w:t[^>]*>)Annex", rb"\1Part", xml)
    assert body_height_mm(whole) > 2 * BODY_HEIGHT_MM


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="needs LibreOffice and poppler")
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_stage_gate_report_body_fits_two_pages_in_libreoffice(tmp_path, capsys, example):
    docx = render_docx(tmp_path, capsys, example)
    profile = tmp_path / "lo-profile"
    convert = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*convert, "--outdir", str(docx.parent), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = docx.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    first_annex = next(i for i, page in enumerate(pages, 1) if re.search(r"^\s*Annex: ", page, re.MULTILINE))
    assert first_annex <= 2 or (first_annex == 3 and re.match(r"\s*OFFICIAL\s*Annex: ", pages[2])), (
        f"{example}: the first annex starts on page {first_annex}"
    )
