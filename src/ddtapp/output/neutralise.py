"""Text for a terminal or a CI log: what a dossier, rule pack or file name says is shown, never obeyed.

A tool name, an unknown key, a file name or a rule message reaches the text report and stderr. There, an
escape sequence (``ESC[2J``, an OSC 8 link, a cursor move) would drive the terminal, a bidirectional
override would reorder the line, a new line would start a line of its own, and a line that starts with
``::`` is a GitHub Actions workflow command (``::stop-commands::``, ``::add-mask::``, ``::error::``), as
``##vso[`` is for Azure Pipelines and ``##teamcity[`` for TeamCity. Everything here turns such characters
into visible escapes (``\\x1b``, ``\\n``, ``\\u202e``) and defuses a line that a CI runner would read as a
command by putting a backslash before it. The machine formats (JSON, SARIF, JUnit, github) escape for
their own syntax and do not use this.
"""

from __future__ import annotations

import functools
import re

__all__ = ["defuse", "neutralise", "neutralise_block"]

#: C0 and C1 controls and DEL, lone surrogates (from a file name that is not UTF-8), bidirectional controls,
#: line and paragraph separators and the byte-order mark.
_UNSAFE = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"


@functools.cache
def _unsafe(block: bool) -> re.Pattern[str]:
    """The characters shown as escapes (in a block, new lines and tabs are kept): compiled on first use, as
    most checks say nothing that needs it (the two patterns are ~1 ms of a cold start)."""
    if block:
        return re.compile(
            f"[{_UNSAFE.replace(chr(0) + '-' + chr(0x1F), chr(0) + '-' + chr(8) + chr(11) + '-' + chr(0x1F))}]"
        )
    return re.compile(f"[{_UNSAFE}]")


#: Where a CI runner looks for a command: a line starting (after blanks) with ``::``, or ``##vso[``,
#: ``##teamcity[`` and the old ``##[`` anywhere.
_COMMAND_LINE = re.compile(r"^([ \t]*)(?=::)", re.MULTILINE)
_COMMAND_ANYWHERE = re.compile(r"##(?=(?:vso|teamcity)?\[)", re.IGNORECASE)


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def defuse(text: str) -> str:
    """``text`` with every line a CI runner would read as a command made inert (a backslash before it)."""
    if "::" in text:
        text = _COMMAND_LINE.sub(r"\1\\", text)
    if "##" in text:
        text = _COMMAND_ANYWHERE.sub("#\\\\#", text)
    return text


def neutralise(value: object) -> str:
    """One line of text, safe for a terminal and a CI log: control characters (new lines included) shown as
    escapes, and a leading ``::`` defused."""
    text = str(value)
    return defuse(_unsafe(False).sub(_visible, text))


def neutralise_block(value: object) -> str:
    """Several lines (a message with a hint on its own line): new lines and tabs kept, every other control
    shown as an escape, and each line a CI runner would read as a command defused."""
    return defuse(_unsafe(True).sub(_visible, str(value)))
