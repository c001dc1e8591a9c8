"""Helpers shared by the machine-format reporters (SARIF, JUnit, GitHub, GitLab, Markdown).

One place for: the rule help link, the artifact path, finding fingerprints, the order of importance,
the "where is the full report" pointer, and text cleaning. Nothing here depends on a format.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str
from typing import IO, Any

from ddtapp import HOMEPAGE
from ddtapp.checker.engine import Result
from ddtapp.checker.findings import FAIL_ON_RANK, SEVERITY_RANK, Finding
from ddtapp.errors import Problem
from ddtapp.output.markdown_text import escape, inline, literal_start
from ddtapp.pack.rulepack import Rule, RulePack
from ddtapp.reporters import Report

#: The rule id under which every format reports an input problem (a dossier that could not be loaded or
#: validated). It cannot clash with a pack rule: pack rule ids end in a 3-digit number.
INPUT_RULE_ID = "DDTAPP-INPUT"
INPUT_RULE_TITLE = "Dossier could not be read"
#: Version of the fingerprint recipe. Change the recipe only with a new key, so that CI systems that
#: track findings across runs (GitHub code scanning, GitLab code quality, baselines) are not reset silently.
FINGERPRINT_KEY = "ddtapp/v1"
RULES_DOC = f"{HOMEPAGE}/blob/main/docs/rules.md"


# --- links -------------------------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower-cased, punctuation other than ``-`` and ``_``
    removed, each space a ``-`` (github-slugger). ``DPIA-001`` -> ``dpia-001``."""
    text = heading.strip().lower()
    text = "".join(ch for ch in text if ch in "-_ " or unicodedata.category(ch)[0] in "LNM")
    return text.replace(" ", "-")


@functools.lru_cache(maxsize=1024)  # a report asks it for every finding, of a few hundred rule ids
def help_uri(rule_id: str) -> str:
    """The rule's entry in ``docs/rules.md``, whose heading is the rule id itself."""
    return f"{RULES_DOC}#{github_anchor(rule_id)}"


# --- paths and text ----------------------------------------------------------------------------------


def artifact_path(file: str) -> str:
    """The dossier's path as given, with forward slashes and no leading ``./``: what CI systems match
    against the files of the repository (they resolve relative paths from the repository root)."""
    path = file.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")


def clean(text: str) -> str:
    """Replace characters no report format can carry (C0/C1 controls other than tab, CR and LF, lone
    surrogates, non-characters; XML 1.0 forbids most of them) with U+FFFD. Dossier text can hold them
    through YAML escapes such as ``"\\x07"``."""
    return _CONTROL.sub("\ufffd", text)


def one_line(text: str) -> str:
    """``clean`` and fold every line break and tab into a space."""
    return _BREAKS.sub(" ", clean(text))


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def md_escape(text: str) -> str:
    """Text as literal Markdown on one line (ddtapp's one escaper, :func:`ddtapp.output.markdown_text.inline`,
    after :func:`clean`): it can neither break a table row nor inject HTML, links or mentions."""
    return inline(clean(text), links=False)


def md_prose(text: str) -> str:
    """Like ``md_escape`` but keeps well-formed inline code spans (for the rule pack's own text, whose
    remediation quotes commands such as `ddtapp check --explain-tier`). Not for table cells."""
    parts = _CODE_SPAN.split(" ".join(one_line(text).split()))
    return literal_start("".join(part if _CODE_SPAN.fullmatch(part) else escape(part) for part in parts))


def problem_text(p: Problem) -> str:
    """A problem's rendering without its ``file:line:col: `` prefix."""
    return p.render()[len(f"{p.file}:{p.line}:{p.column}: ") :]


def template_text(message: str) -> str:
    """A rule's message template for a reader: ``{section}`` -> ``<section>``."""
    return re.sub(r"\{(\w+)\}", lambda m: "<" + m.group(1).replace("_", " ") + ">", message)


# --- findings ----------------------------------------------------------------------------------------

#: Order of importance of a finding for formats that show only the first few.
STATUS_RANK = {"open": 0, "coming_up": 1, "waived": 2}


@dataclass(frozen=True)
class Item:
    """One finding with what every reporter needs beside it: its dossier, its position in the run and
    its stable fingerprint."""

    result: Result
    finding: Finding
    file_index: int
    order: int
    fingerprint: str


def fingerprint(*parts: str) -> str:
    """sha256 of the recipe key and the parts, NUL-separated (a part cannot forge a boundary)."""
    data = "\0".join((FINGERPRINT_KEY, *parts)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def fingerprints(keys: Sequence[tuple[str, ...]], tiebreaks: Sequence[str]) -> list[str]:
    """Stable, unique fingerprints for a run's items.

    An item's identity is its key: for a finding (file, dossier path, rule id), never a line number, so
    inserting lines above a finding keeps its fingerprint. Two items with the same key (one rule fires
    twice at one path, e.g. DOC-001 for two missing documents of a section) are told apart by their
    tiebreak (the message, which names the document), and if that is equal too, by their occurrence
    number in the run's (deterministic) order. A key that occurs once keeps the plain fingerprint, so
    only a second finding at the same path and rule changes the fingerprints of that path and rule.
    """
    counts: dict[tuple[str, ...], int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for key, tie in zip(keys, tiebreaks, strict=True):
        if counts[key] == 1:
            out.append(fingerprint(*key))
            continue
        full = (*key, tie)
        n = seen.get(full, 0)
        seen[full] = n + 1
        out.append(fingerprint(*full) if n == 0 else fingerprint(*full, str(n)))
    # A tiebreak-plus-occurrence fingerprint can in theory equal another's; make the run's set unique.
    used: set[str] = set()
    for i, fp in enumerate(out):
        while fp in used:
            fp = fingerprint(fp, "dup")
        used.add(fp)
        out[i] = fp
    return out


def finding_key(f: Finding) -> tuple[str, str, str]:
    return (artifact_path(f.file), f.path, f.rule_id)


def items(report: Report, include_waived: bool) -> Iterator[Item]:
    """Every finding of the run, in report order (dossiers as given, findings in the engine's order),
    each with its fingerprint, one dossier at a time (a run's results are not all in memory).
    Fingerprints are computed over each dossier's findings, waived ones included, so a finding's
    fingerprint does not depend on ``--show-waived``; as they hash the dossier's path, they are unique
    across the run too."""
    order = 0
    for file_index, result in enumerate(report.results):
        found = result.findings
        fps = fingerprints([finding_key(f) for f in found], [f.message for f in found])
        for f, fp in zip(found, fps, strict=True):
            if include_waived or f.status != "waived":
                yield Item(result, f, file_index, order, fp)
            order += 1


def problem_fingerprints(problems: Sequence[Problem]) -> list[str]:
    """Fingerprints of input problems: file, dossier path (if any) and message, never the line."""
    return fingerprints(
        [(artifact_path(p.file), p.path, INPUT_RULE_ID, p.message) for p in problems], ["" for _ in problems]
    )


def importance(item: Item) -> tuple[int, int, int, int, int, str, str]:
    """Sort key, most important first: open before coming-up before waived, then error > warning > info,
    then the run's order (dossier as given, line, column, rule)."""
    f = item.finding
    return (STATUS_RANK[f.status], -SEVERITY_RANK[f.severity], item.file_index, f.line, f.column, f.rule_id, f.path)


def counts_as_failure(f: Finding, fail_on: str) -> bool:
    """Whether the finding fails the run at ``--fail-on`` (as ``summary.fails``, for one finding)."""
    return f.status == "open" and SEVERITY_RANK[f.severity] >= FAIL_ON_RANK[fail_on]


def every_section(rule: Rule) -> bool:
    """Gate and document rules apply to every stage section (their own section is nominal)."""
    from ddtapp.pack.gates import GATE_BUILTINS

    return rule.spec.builtin in GATE_BUILTINS


def rule_where(pack: RulePack, rule: Rule) -> str:
    """Where a rule applies, for a reader: ``Engage › Legal framework`` or ``every stage section``."""
    if every_section(rule):
        return "every stage section"
    return f"{stage_name(pack, rule.section.stage)} › {rule.section.name}"


def stage_name(pack: RulePack, stage_id: str) -> str:
    return next((s.name for s in pack.stages if s.id == stage_id), stage_id)


def next_stage_name(pack: RulePack, stage_id: str) -> str:
    """The stage after ``stage_id``: when "coming up" findings fall due."""
    order = [s.id for s in pack.stages]
    if stage_id not in order:
        return stage_id
    return pack.stages[min(order.index(stage_id) + 1, len(order) - 1)].name


def full_report_pointer(report: Report, this_format: str) -> str | None:
    """Where the rest of this run's report is, from ``report.destinations``: the files written by the
    other formats first, then stdout. ``None`` when this format is the run's only output."""
    files: list[str] = []
    stdout: list[str] = []
    for fmt, path in report.destinations:
        if fmt == this_format:
            continue
        if path == "-":
            stdout.append(f"the {fmt} output in this log")
        else:
            files.append(f"{path} ({fmt})")
    places = unique(files + stdout)
    return "; ".join(places) if places else None


def unique(values: Iterable[str]) -> list[str]:
    """Distinct values in first-seen order."""
    return list(dict.fromkeys(values))


# --- streamed JSON -----------------------------------------------------------------------------------


class JsonList:
    """A list in a JSON document whose items are made while the document is written (see ``write_json``).
    The items themselves are plain JSON values."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def write_json(out: IO[str], value: Any, level: int = 0) -> None:
    """Write ``value`` exactly as ``json.dump(value, out, indent=2, ensure_ascii=False)`` would, except that
    a ``JsonList`` anywhere in it is written item by item, so that a report of thousands of dossiers is
    never held whole in memory."""
    pad = "  " * level
    if isinstance(value, JsonList):
        empty = True
        for item in value.items:
            out.write(("[\n" if empty else ",\n") + pad + "  ")
            out.write(json_text(item, pad + "  "))
            empty = False
        out.write("[]" if empty else "\n" + pad + "]")
    elif isinstance(value, (dict, list)) and value and _streams(value):
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        pairs = value.items() if isinstance(value, dict) else ((None, v) for v in value)
        for i, (key, inner) in enumerate(pairs):
            out.write((opening + "\n" if i == 0 else ",\n") + pad + "  ")
            if key is not None:
                out.write(json.dumps(key, ensure_ascii=False) + ": ")
            write_json(out, inner, level + 1)
        out.write("\n" + pad + closing)
    else:
        out.write(json_text(value, pad))


def json_text(value: Any, pad: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, each line after the first indented
    by ``pad`` as well. The standard library writes indented JSON with its pure-Python encoder (its C one
    cannot indent), through a generator a level: this writes the same text in half the time (a SARIF report
    0.45 -> 0.23 ms a dossier), which matters in a report of thousands of dossiers."""
    parts: list[str] = []
    _json(value, pad, parts)
    return "".join(parts)


def _json(value: Any, pad: str, parts: list[str]) -> None:
    # the order of json.encoder's own tests: bool before int, a str or int subclass as its base type
    if isinstance(value, str):
        parts.append(_json_str(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_json_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = pad + "  "
        sep = "[\n" + inner
        for item in value:
            parts.append(sep)
            sep = ",\n" + inner
            _json(item, inner, parts)
        parts.append("\n" + pad + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = pad + "  "
        sep = "{\n" + inner
        for key, item in value.items():
            parts.append(sep + _json_str(key if isinstance(key, str) else _json_key(key)) + ": ")
            sep = ",\n" + inner
            _json(item, inner, parts)
        parts.append("\n" + pad + "}")
    else:
        parts.append(json.dumps(value))  # not JSON: json's own TypeError


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _json_key(key: Any) -> str:
    """A key that is not text, as json writes it (a float, bool, None or int), or json's TypeError."""
    if isinstance(key, float):
        return _json_float(key)
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


_INFINITY = float("inf")


def _streams(value: Any) -> bool:
    if isinstance(value, JsonList):
        return True
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list):
        return any(_streams(v) for v in value)
    return False
