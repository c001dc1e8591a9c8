"""``render --to docx``: Word files written by ddtapp itself (python-docx), read back as their XML.

A4 pages, the protective marking in the header and footer, "Page X of Y" from Word's fields, the title
and headings in Word's own styles (the navigation pane), the document control table, bordered tables
whose columns fit their content, the force's own template, and the same bytes for the same dossier.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from ddtapp.documents.word import WordOptions, to_word
from ddtapp.documents.word_blocks import column_widths
from tests.conftest import EXAMPLES
from tests.test_cli import run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def render_docx(tmp_path: Path, capsys, *extra: str, example: str = "risk-scoring-engage", doc: str = "dpia"):
    out_dir = tmp_path / "o"
    args = ["render", str(EXAMPLES / f"{example}.yaml"), "--out", str(out_dir), "--to", "docx", "--doc", doc]
    code_, _out, err = run([*args, "--today", "2026-11-21", "--no-config", *extra], capsys)
    assert code_ == 0, err
    return out_dir / f"{doc}.docx"


@pytest.fixture
def no_pandoc(tmp_path, monkeypatch):
    """A PATH with nothing on it: Word files need nothing beyond ddtapp's own dependencies."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_docx_needs_no_pandoc_and_is_a4_with_marking_and_page_numbers(tmp_path, capsys, no_pandoc):
    docx = render_docx(tmp_path, capsys)
    xml = parts(docx)
    document = xml["word/document.xml"]
    page = re.search(r"<w:pgSz [^>]*/>", document)
    assert page and 'w:w="11906"' in page.group(0) and 'w:h="16838"' in page.group(0)  # A4 in twentieths of a point
    headers = [v for k, v in xml.items() if k.startswith("word/header")]
    footers = [v for k, v in xml.items() if k.startswith("word/footer")]
    assert any(">OFFICIAL<" in h for h in headers)
    footer = next(f for f in footers if "PAGE" in f)
    assert re.search(r"<w:t[^>]*>Page </w:t>", footer) and " PAGE " in footer and " NUMPAGES " in footer
    assert footer.index(" PAGE ") < footer.index(" NUMPAGES ") and ">OFFICIAL<" in footer
    assert 'w:fldCharType="begin"' in footer and 'w:fldCharType="end"' in footer


def test_docx_headings_use_word_styles_the_navigation_pane_shows(tmp_path, capsys):
    xml = parts(render_docx(tmp_path, capsys))
    document, styles = xml["word/document.xml"], xml["word/styles.xml"]
    assert re.search(r'<w:pStyle w:val="Title"/>.*?Data protection impact assessment: Custody', document, re.S)
    assert re.search(r'<w:pStyle w:val="Heading1"/>.*?Step 1: Identify the need for a DPIA', document, re.S)
    assert re.search(r'<w:pStyle w:val="Heading2"/>.*?Nature of the processing', document, re.S)
    heading1 = styles.split('w:styleId="Heading1"', 1)[1].split("</w:style>", 1)[0]
    assert '<w:outlineLvl w:val="0"/>' in heading1
    assert "**" not in document and "\\|" not in document  # Markdown was laid out, not copied


def test_docx_opens_with_the_document_control_table(tmp_path, capsys):
    document = parts(render_docx(tmp_path, capsys))["word/document.xml"]
    first_table = document.split("<w:tbl>", 2)[1]
    cells = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", first_table)
    assert cells[:5] == ["Version", "Date", "Author", "Status", "Approvals"]
    assert "21 November 2026" in cells and "DCI Tom Hughes" in cells and "Draft for review" in cells
    # the control table comes straight after the title, before the first section
    assert document.index("Version") < document.index("The project")


def test_docx_tables_have_borders_a_repeated_header_and_fitted_columns(tmp_path, capsys):
    document = parts(render_docx(tmp_path, capsys))["word/document.xml"]
    tables = document.split("<w:tbl>")[1:]
    assert len(tables) >= 8
    for table in tables:
        assert '<w:insideV w:val="single"' in table and '<w:top w:val="single"' in table
        assert '<w:tblHeader w:val="true"/>' in table
        assert 'w:fill="D9E2F3"' in table
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        assert abs(sum(widths) - 9638) <= len(widths)  # 170 mm between the margins
    # the gap annex: its "#" column is narrow, its "What to record" column wide
    annex = tables[-1]
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', annex)]
    assert widths[0] < widths[2] / 3


def test_docx_highlights_each_gap(tmp_path, capsys):
    document = parts(render_docx(tmp_path, capsys))["word/document.xml"]
    highlighted = re.findall(r'<w:highlight w:val="yellow"/>.*?<w:t[^>]*>([^<]*)</w:t>', document)
    assert highlighted and all(t.startswith("GAP") for t in highlighted)


def test_docx_is_byte_identical_for_the_same_dossier_and_date(tmp_path, capsys):
    first = render_docx(tmp_path / "a", capsys).read_bytes()
    second = render_docx(tmp_path / "b", capsys).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "o" / "dpia.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 21, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2026-11-21T00:00:00Z" in core and "DCI Tom Hughes" in core


def test_marking_from_the_flag_and_from_the_configuration(tmp_path, capsys, monkeypatch):
    docx = render_docx(tmp_path / "flag", capsys, "--marking", "OFFICIAL-SENSITIVE")
    assert any(">OFFICIAL-SENSITIVE<" in v for k, v in parts(docx).items() if k.startswith("word/header"))
    config = tmp_path / ".ddtapp.yaml"
    config.write_text("protective-marking: OFFICIAL-SENSITIVE [PERSONAL]\n", encoding="utf-8")
    out_dir = tmp_path / "cfg"
    args = ["render", str(EXAMPLES / "demand-dashboard.yaml"), "--out", str(out_dir), "--to", "docx", "--doc", "dpia"]
    code_, _, err = run([*args, "--config", str(config)], capsys)
    assert code_ == 0, err
    footer = "".join(v for k, v in parts(out_dir / "dpia.docx").items() if k.startswith("word/footer"))
    assert ">OFFICIAL-SENSITIVE [PERSONAL]<" in footer


def test_reference_doc_gives_the_forces_styles_and_page(tmp_path, capsys):
    import docx
    from docx.shared import Mm, Pt

    house = docx.Document()
    house.styles["Normal"].font.name = "Georgia"
    house.styles["Normal"].font.size = Pt(12)
    section = house.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)  # the force's own (Letter) page
    house.add_paragraph("Template body text that must not reach the draft")
    reference = tmp_path / "house.docx"
    house.save(str(reference))
    xml = parts(render_docx(tmp_path, capsys, "--reference-doc", str(reference)))
    assert 'w:ascii="Georgia"' in xml["word/styles.xml"]
    assert 'w:w="12240"' in xml["word/document.xml"]  # the template's page, not A4
    assert "Template body text" not in xml["word/document.xml"]
    assert any(">OFFICIAL<" in v for k, v in xml.items() if k.startswith("word/header"))


def test_reference_doc_that_is_not_word_is_a_clear_input_error(tmp_path, capsys):
    bad = tmp_path / "house.docx"
    bad.write_text("not a zip", encoding="utf-8")
    args = ["render", str(EXAMPLES / "demand-dashboard.yaml"), "--out", str(tmp_path / "o"), "--to", "docx"]
    code_, _out, err = run([*args, "--reference-doc", str(bad), "--no-config"], capsys)
    assert code_ == 2 and "--reference-doc is not a Word document" in err
    assert not (tmp_path / "o").exists()
    code_, _, err = run([*args[:-2], "--reference-doc", str(bad), "--no-config"], capsys)
    assert code_ == 2 and "--reference-doc is the Word template for --to docx" in err


def test_hostile_text_stays_text_in_word():
    markdown = "# T\n\nA \\*star\\* and \\| pipe and <https://example.org/x> and `code`\n\n"
    markdown += "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    data = to_word(markdown, WordOptions("T", dt.date(2026, 1, 2)))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "*star*" in document and "| pipe" in document
    assert "<w:hyperlink" in document and 'Target="https://example.org/x"' in rels


def test_column_widths_share_the_page_and_never_starve_a_column():
    widths = column_widths([["#", "What to record"], ["10", "a long sentence " * 10]], 170)
    assert abs(sum(widths) - 170) < 0.01
    assert widths[0] >= 9 and widths[1] > 120
    assert column_widths([], 170) == []
