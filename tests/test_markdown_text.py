"""ddtapp's one Markdown escaper against hostile dossier text: whatever a dossier holds, it renders as that
text in a paragraph, a list item, a table cell or a heading, and never as HTML, a link, an image, a mention,
emphasis, code, a list, a heading or a broken table. The register, FOI answers and reports use the same
escaper (without autolinks)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ddtapp.force.register import Escaped, md_table
from ddtapp.force.register import md as register_md
from ddtapp.output.markdown_text import Md, _inline_slow, escape, inline
from ddtapp.reporters.common import clean, md_escape

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](http://evil.example) and ![img](http://evil.example/x.png)",
    "| a | b |\n|---|---|",
    "# heading",
    "- list item",
    "1. ordered",
    "2) ordered",
    "+ plus",
    "= underline",
    ": definition",
    "> quote",
    "*emph* _emph_ **strong** ~~strike~~ `code` ``code``",
    "&copy; &#x41; &lt;",
    "@police-force please look",
    "$x^2$ and {#id .class}",
    "back\\slash at the end\\",
    "line one\n\nline two\r\n- item",
    "\x07bell\x1bescape\x7f",
    "a\u2028b\u2029c",
]

ACTIVE = {
    "html_inline",
    "html_block",
    "link_open",
    "image",
    "em_open",
    "strong_open",
    "s_open",
    "code_inline",
    "code_block",
    "fence",
    "bullet_list_open",
    "ordered_list_open",
    "heading_open",
    "blockquote_open",
    "hr",
}


def _tokens(markdown: str) -> set[str]:
    parsed = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    return {t.type for tok in parsed for t in [tok, *(tok.children or [])]}


def _hrefs(markdown: str) -> list[str]:
    parsed = MarkdownIt("commonmark").parse(markdown)
    return [c.attrs["href"] for tok in parsed if tok.children for c in tok.children if c.type == "link_open"]


def _text(markdown: str) -> str:
    parsed = MarkdownIt("commonmark").parse(markdown)
    return "".join(c.content for tok in parsed if tok.children for c in tok.children if c.type == "text")


def _cell(markdown: str) -> list[list[str]]:
    table = f"| a | b |\n| --- | --- |\n| {markdown} | x |\n"
    parsed = MarkdownIt("commonmark").enable("table").parse(table)
    return [[t.content for t in parsed if t.type == "inline"]]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("links", [True, False])
def test_hostile_text_stays_text(text, links):
    out = inline(text, links=links)
    # draft documents link a web address written in the dossier, as written: nothing else becomes a link
    assert not _tokens(out) & (ACTIVE - {"link_open"} if links else ACTIVE), out
    assert all(href in text for href in _hrefs(out))
    assert "\n" not in out
    if not links:
        assert _text(out) == " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text).split())
    (cells,) = _cell(out)
    assert len(cells) == 4  # two headers, then this cell and "x": no column added or lost


@given(st.text())
def test_any_text_stays_text(text):
    out = inline(text, links=False)
    assert not _tokens(out) & ACTIVE, out
    assert len(_cell(out)[0]) == 4


def test_documents_link_addresses_and_reports_do_not():
    assert inline("see https://example.org/x.") == "see <https://example.org/x>."
    assert inline("see https://example.org/x.", links=False) == "see https://example.org/x."


@pytest.mark.parametrize("text", HOSTILE)
def test_one_escaper_for_documents_register_foi_and_reports(text):
    assert register_md(text) == inline(text, links=False)
    assert md_escape(text) == inline(clean(text), links=False)


def test_escape_makes_every_active_character_literal():
    assert escape("a*b_c`d[e]f<g>h|i#j&k$l~m^n@o!p{q}r\\s") == (
        "a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\|i\\#j\\&k\\$l\\~m\\^n\\@o\\!p\\{q\\}r\\\\s"
    )


#: Characters that matter to ``inline``: every active one, list and heading starts, digits (ASCII and not),
#: every kind of Unicode white space, control and format characters, and the makings of a link.
AWKWARD_CHARACTERS = (
    "\\`*_[]<>|#&$~^@!{}-+=:.)( 0123456789\u00b2\u0663abcXYZé/"
    "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000"
    "\x00\x07\x1b\x7f\xad\u200b\ufeff"
)
AWKWARD = st.text(st.one_of(st.sampled_from(AWKWARD_CHARACTERS), st.characters()), max_size=30)


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "",
        " ",
        "plain words",
        "two  spaces",
        " leading",
        "trailing ",
        "no\u00a0break",
        "ideographic\u3000space",
        "12. item",
        "12 items",
        "1234567890. not a list",
        "\u00b2. superscript",
        "\u0663. Arabic-Indic three",
        "http://example.org",
        "ftp://example.org",
        "name@example.org",
        "-",
        "soft\xadhyphen",
    ],
)
@pytest.mark.parametrize("links", [True, False])
def test_fast_path_is_the_slow_path(text, links):
    assert inline(text, links) == _inline_slow(text, links)


@given(AWKWARD, st.booleans())
def test_fast_path_is_the_slow_path_on_awkward_text(text, links):
    out = inline(text, links)
    assert type(out) is Md
    assert out == _inline_slow(text, links)


@pytest.mark.parametrize("value", [0, 7, 12, -3, 2.5, None, True, Md("a *b*"), Md("plain")])
def test_fast_path_is_the_slow_path_on_values(value):
    assert inline(value) == _inline_slow(str(value), True)
    assert inline(value, links=False) == _inline_slow(str(value), False)


@given(st.lists(st.lists(st.one_of(AWKWARD, st.integers()), min_size=2, max_size=2), max_size=6))
def test_register_tables_escape_each_cell_as_md(rows):
    escaped = Escaped()
    twice = md_table(("a", "b"), rows, escaped=escaped) + md_table(("a", "b"), rows, escaped=escaped)
    expected = ["| a | b |", "| --- | --- |", *(f"| {register_md(x)} | {register_md(y)} |" for x, y in rows)]
    assert twice == expected + expected
    assert md_table(("a", "b"), rows) == expected
