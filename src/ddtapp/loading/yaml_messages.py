"""YAML syntax errors in plain words, for the people who write dossiers: a DPO or a project lead, not a
programmer. The parser's own wording ("mapping values are not allowed in this context", "did not find
expected key (while parsing a block mapping...)") says where it gave up, not what was wrong. For the
common mistakes this module says what the line means to YAML, on the line where the mistake is, and the
exact change to make:

* a colon followed by a space inside unquoted text (``purpose: Show demand: by beat``);
* a line indented more, or less, than the keys beside it;
* a list written ``key: []`` and then given items below it;
* a tab used for indentation;
* a single quote inside text in single quotes, an unclosed quote or ``[``;
* a line in a list that is neither ``- item`` nor ``key: value``;
* ``key: #text``: YAML reads ``#`` after a space as the start of a comment, so the value is silently empty
  (not a syntax error: :func:`hash_values` finds it after loading).

Anything else keeps the parser's words, after "the YAML is not valid here".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: ``key: value`` at the start of a line: the key and where its value starts.
_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:- +)?(?P<key>[^\s#'\"][^:#]*?):(?:[ \t]+(?P<value>.*))?$")
_EMPTY_FLOW = re.compile(r"^(?P<indent>\s*)(?:- +)?(?P<key>[^\s#][^:#]*?):\s*(?P<flow>\[\]|\{\})\s*(?:#.*)?$")
#: ``key: #text``: a comment where a value was meant (``#`` straight after the space, no space after it).
_HASH_VALUE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#'\"][^:#]*?):[ \t]+#(?P<text>\S.*)$")

Explained = tuple[int, int, str, str]  # line, column, message, hint


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` with content (not blank, not only a comment)."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _quoted(value: str) -> str:
    return '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain(text: str, line: int, column: int, problem: str, context: str, context_line: int | None) -> Explained:
    """The plain-words message for a syntax error the parser reported at ``line``:``column`` (1-based)."""
    lines = text.splitlines()
    at = lines[line - 1] if 0 < line <= len(lines) else ""
    for explainer in (_tab, _colon_or_indent, _leftover_empty, _quote_or_bracket, _unmatched_key, _stray_line):
        found = explainer(lines, line, column, at, problem, context, context_line)
        if found is not None:
            return found
    if "expected a single document" in context:
        return line, column, "more than one YAML document in the file ('---')", "Keep one dossier per file."
    where = (
        f" ({context.strip()} that starts at line {context_line})"
        if context and context_line not in (None, line)
        else ""
    )
    return (
        line,
        column,
        f"the YAML is not valid here: {problem or context or 'invalid YAML'}{where}",
        "Fix the YAML syntax.",
    )


def _tab(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    if "\t" not in at and "cannot start any token" not in problem:
        return None
    if "\t" not in at:
        return None
    tab = at.index("\t") + 1
    return (
        line,
        tab,
        "a tab is used here for indentation; YAML does not allow tabs, only spaces",
        f"Replace the tab on line {line} with spaces (two spaces for each level).",
    )


def _colon_or_indent(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    if "mapping values are not allowed" not in problem:
        return None
    m = _KEY.match(at)
    first_colon = at.find(":")
    if m and m.group("value") is not None and column - 1 > first_colon >= 0:
        key, value = m.group("key"), m.group("value")
        return (
            line,
            column,
            f"the text after '{key}:' contains a colon followed by a space, which YAML reads as the start of "
            "another key",
            f"Put the whole text in double quotes: {key}: {_quoted(value)}",
        )
    prev = _previous(lines, line - 1)
    if prev is not None and _indent(at) > _indent(lines[prev]):
        key = at.strip().split(":")[0]
        above = lines[prev].strip().split(":")[0]
        return (
            line,
            1,
            f"this line is indented more than the line above it, so YAML reads '{key}' as part of the value of "
            f"'{above}' on line {prev + 1}",
            f"Indent '{key}:' by {_indent(lines[prev])} spaces, the same as '{above}:', if it belongs beside it.",
        )
    return None


def _leftover_empty(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    if "expected key" not in problem and "expected <block end>" not in problem and "mapping values" not in problem:
        return None
    prev = _previous(lines, line - 1)
    if prev is None:
        return None
    m = _EMPTY_FLOW.match(lines[prev])
    if not m or _indent(at) < _indent(lines[prev]) or not at.strip():
        return None
    kind = "list" if m.group("flow") == "[]" else "section"
    return (
        prev + 1,
        lines[prev].index(m.group("flow")) + 1,
        f"'{m.group('key')}: {m.group('flow')}' says the {kind} is empty, so the lines below it cannot be its items",
        f"Delete the '{m.group('flow')}' after '{m.group('key')}:' on line {prev + 1}.",
    )


def _unmatched_key(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    if "did not find expected key" not in problem or "block mapping" not in context:
        return None
    prev = _previous(lines, line - 1)
    if prev is None or not at.strip():
        return None
    siblings = [_indent(lines[i]) for i in range(line - 1) if lines[i].strip() and not lines[i].strip().startswith("#")]
    if _indent(at) in siblings:
        return None
    key = at.strip().split(":")[0]
    near = max((i for i in siblings if i < _indent(at)), default=0)
    return (
        line,
        1,
        f"this line is indented by {_indent(at)} spaces, which does not line up with any key above it",
        f"Indent '{key}' like the keys it belongs beside (for example {near} or "
        f"{_indent(lines[prev])} spaces); keys at one level need exactly the same indentation.",
    )


def _quote_or_bracket(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    opened = lines[cl - 1] if cl is not None and 0 < cl <= len(lines) else ""
    if "quoted scalar" in context and cl is not None:
        return (
            cl,
            max(opened.find('"') if '"' in opened else opened.find("'"), 0) + 1,
            f"a quote opened on line {cl} is never closed",
            "Add the closing quote at the end of the text (or remove the opening one).",
        )
    m = _KEY.match(at)
    if "did not find expected key" in problem and m and (m.group("value") or "").startswith("'") and at.count("'") > 2:
        return (
            line,
            column,
            "a single quote inside text that is itself in single quotes ends the text early",
            f"Write the text in double quotes instead: {m.group('key')}: "
            f"{_quoted(m.group('value')[1:-1] if m.group('value').endswith(chr(39)) else m.group('value'))}",
        )
    if "flow sequence" in context and cl is not None:
        return (
            cl,
            max(opened.find("["), 0) + 1,
            f"a list opened with '[' on line {cl} is not closed with ']'",
            "Close it on the same line, e.g. technology_types: [dashboard, other], or write one '- item' a line.",
        )
    if "flow mapping" in context and cl is not None:
        return cl, max(opened.find("{"), 0) + 1, f"a '{{' opened on line {cl} is not closed with '}}'", "Close it."
    return None


def _stray_line(
    lines: list[str], line: int, column: int, at: str, problem: str, context: str, cl: int | None
) -> Explained | None:
    if "could not find expected ':'" not in problem or cl is None or not 0 < cl <= len(lines):
        return None
    stray = lines[cl - 1].strip()
    return (
        cl,
        _indent(lines[cl - 1]) + 1,
        f"'{stray}' is neither 'key: value' nor a list item",
        "Add '- ' before it if it is another item of the list above, or write it as 'key: value'; if it "
        "continues the text above, put that text in quotes.",
    )


def hash_values(text: str, data: Any, positions: Mapping[str, tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Values that YAML read as empty because they start with ``#`` (``reference: #DDT-1``): each as
    (line, column, message, hint). Only keys whose loaded value is empty count, so text inside a block of
    text that merely looks like this is left alone."""
    found = []
    by_position = None
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HASH_VALUE.match(line)
        if not m:
            continue
        if by_position is None:
            by_position = {pos: path for path, pos in positions.items()}
        path = by_position.get((number, len(m.group("indent")) + 1 + (line.lstrip(" ").startswith("- ") and 2)))
        if path is None or _value(data, path) is not None:
            continue
        key = m.group("key")
        found.append(
            (
                number,
                line.index("#") + 1,
                f"the value of '{key}' starts with '#', so YAML reads it as a comment and '{key}' is empty",
                f"Put it in quotes: {key}: {_quoted('#' + m.group('text'))}",
            )
        )
    return found


_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _value(data: Any, path: str) -> Any:
    for name, index in _STEP.findall(path):
        try:
            data = data[int(index)] if index else data[name]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return data
