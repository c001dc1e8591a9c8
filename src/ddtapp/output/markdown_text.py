"""Dossier text as Markdown *data*: escaping for the places a draft document puts it.

This is ddtapp's one Markdown escaper: draft documents, the register, FOI answers and the Markdown, SARIF
and other reports all escape dossier text here (``tests/test_markdown_text.py`` tries hostile text on it).

A dossier's free text is written by people, not by ddtapp. Put as it is into Markdown, a ``|`` breaks a
table row, a leading ``#`` or ``-`` turns a sentence into a heading or a list, ``<script>`` becomes HTML,
``[x](y)`` a link and ``*`` emphasis. Every value a template prints therefore goes through ``inline``
(the template environment's ``finalize`` does it; see ``ddtapp.documents.render``): it keeps the words and makes
every Markdown-active character literal, in any context: a paragraph, a list item, a table cell or a
heading. Text that is already Markdown (ddtapp's own placeholders, joined lists) is marked with ``Md``
and passes through unchanged.

CommonMark lets any ASCII punctuation character be escaped with a backslash, so an escape is always
safe; we escape only the characters that can start or end a construct, to keep the source readable.
"""

from __future__ import annotations

import re

__all__ = ["Md", "code", "escape", "heading", "inline", "literal_start", "paragraphs"]


class Md(str):
    """Markdown that ddtapp produced: printed as it is, never escaped again."""

    __slots__ = ()


#: Characters escaped wherever they stand. ``#`` is escaped everywhere because an ATX heading drops a
#: trailing ``#`` run; ``|`` because it ends a table cell (GFM honours ``\\|`` even in a cell); ``&`` so
#: that ``&copy;`` stays text; ``$``, ``~`` and ``^`` for maths, strikethrough and pandoc's super- and
#: subscripts (``--to docx``); ``@`` so that no renderer makes a mention of it (GitHub notifies the
#: person), ``!``, ``{`` and ``}`` for images and attribute lists.
_ALWAYS = frozenset("\\`*_[]<>|#&$~^@!{}")
#: C0 control characters other than tab and newline, and DEL: never meaningful in a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: A bare web address or e-mail address. It becomes an autolink (``<...>``), which Markdown linters
#: prefer to a bare URL (MD034) and inside which backslash escapes do not apply. It stops at characters
#: that would end or break an autolink or a table cell. The e-mail branch starts only where a run of
#: address characters starts (the look-behind), so a long run without ``@`` is scanned once, not once
#: from every position in it (which was quadratic: 2.6 s for 40,000 letters).
_LINK = re.compile(
    r"https?://[^\s<>|`\\\[\]\"]+|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_TRAILING = ".,;:!?)'\""
#: What makes a line a list item, a heading underline or a thematic break when it starts the text.
_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])")


#: Any one of :data:`_ALWAYS` (most values hold none: searched for first, then escaped in one pass in C).
_ACTIVE = re.compile("[" + re.escape("".join(sorted(_ALWAYS))) + "]")


def escape(text: str) -> str:
    """Every Markdown-active character of ``text`` made literal (nothing else changes)."""
    return _ACTIVE.sub(r"\\\g<0>", text) if _ACTIVE.search(text) else text


def literal_start(text: str) -> str:
    """``text`` (escaped already) with a start that could begin a list, an underline or a definition
    (``-``, ``+``, ``=``, ``:``, ``1.``) made literal."""
    if text[:1] in ("-", "+", "=", ":"):
        return "\\" + text
    if not text[:1].isdigit():  # a digit that \d matches is a digit to isdigit
        return text
    return _LEADING_NUMBER.sub(r"\1\\\2", text, count=1)


#: First characters that :func:`literal_start` may escape, or that :func:`inline` would strip (a space).
_RISKY_START = frozenset("-+=: ")


def inline(value: object, links: bool = True) -> Md:
    """One line of literal text, safe in a paragraph, a list item, a table cell or a heading.

    Runs of white space (new lines included) become one space, so a value can never end a table row
    or start a new block. ``links``: a web or e-mail address becomes an autolink (draft documents, which
    a DPO edits and a linter reads); without, it stays text (reports, the register and FOI answers, which
    are published as they are: no link in them comes from a dossier).

    Most values are plain words (a name, a status, "not recorded"): nothing to escape, single spaces, a
    first character that cannot start a list and no web address. They are returned as they are, without
    the slow path's six passes (the register calls this ~105 times a tool: 0.38 s of a 0.56 s Markdown
    render of 1,000 tools under cProfile). ``tests/test_markdown_text.py`` holds the fast path to the slow
    one (:func:`_inline_slow`) on awkward text."""
    text = str(value)
    # isprintable(): no control character and no white space but the space (white space is a Unicode
    # "Separator" or "Other" character, which Python counts as not printable, the space excepted)
    if (
        text
        and text.isprintable()
        and not _ACTIVE.search(text)
        and "  " not in text
        and text[0] not in _RISKY_START
        and text[-1] != " "
        and not (text[0].isdigit() and _LEADING_NUMBER.match(text))
        and not (links and "://" in text)
    ):
        return Md(text)
    return _inline_slow(text, links)


def _inline_slow(text: str, links: bool) -> Md:
    """:func:`inline` for any text: control characters dropped, white space collapsed, links made autolinks
    (``links``), active characters escaped, and a start that could begin a block made literal."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    text = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text) if links else ():
        link = m.group(0)
        trimmed = link.rstrip(_TRAILING)
        if not trimmed or ("@" not in trimmed and "://" not in trimmed):
            continue
        out.append(escape(text[pos : m.start()]))
        out.append(f"<{trimmed}>")
        pos = m.start() + len(trimmed)
    out.append(escape(text[pos:]))
    return Md(literal_start("".join(out)))


def heading(value: object) -> Md:
    """Literal text for a heading: one line, without the trailing punctuation Markdown linters reject
    in headings (MD026)."""
    text = " ".join(_CONTROL.sub("", str(value)).split()).rstrip(".,;:!")
    return inline(text)


def paragraphs(value: object) -> Md:
    """Literal text that keeps its paragraphs (blank-line separated): for a block of its own, never
    inside a table, list item or heading."""
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    return Md("\n\n".join(inline(b) for b in blocks))


def code(value: object) -> Md:
    """An inline code span, e.g. a dossier path. The fence is longer than any backtick run inside."""
    text = " ".join(_CONTROL.sub("", str(value)).split()).replace("|", "\\|")
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")
