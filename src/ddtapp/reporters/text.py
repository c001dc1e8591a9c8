"""Terminal report: a header per dossier, findings grouped by APP stage and section, and a summary
saying whether the current stage's gate is ready. Colour and width as ``ddtapp.output.terminal`` decides
(``--color``, NO_COLOR, FORCE_COLOR; wrapped at a terminal's width).

Two writers make the same report. Plain text (a pipe, a file, a CI log: no colour, no wrapping) is
written directly, without importing Rich; colour or a terminal's wrapping go through a Rich console.
Each dossier's part of a plain report can be made on its own (:func:`chunk`), in the worker process
that checked the dossier, so that the process writing the report only joins the parts
(``Report.texts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.output.neutralise import neutralise
from ddtapp.output.terminal import _is_terminal, colour_wanted
from ddtapp.output.words import plural
from ddtapp.reporters import Report
from ddtapp.reporters.summary import REGIME_NAMES, TIER_NAMES, Summary

if TYPE_CHECKING:
    from rich.console import Console

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
#: One dossier's part of a plain report: its text, its open errors, warnings and info, and the first
#: rule id it lists (for the closing "ddtapp explain" hint), or None.
Chunk = tuple[str, int, int, int, "str | None"]


def escape(value: object) -> str:
    """Text from a dossier or a rule pack, shown literally: no Rich markup, no terminal control, no CI
    workflow command (ddtapp.output.neutralise)."""
    from rich.markup import escape as _escape

    text = _escape(neutralise(value))
    # A final backslash would escape the markup tag that follows it ("[bold]x\\[/]" printed "x[/]"): Rich
    # doubles it since 13.x; done here too so that every Rich that pyproject.toml allows (13.0 up) writes the same.
    if text.endswith("\\") and not text.endswith("\\\\"):
        text += "\\"
    return text


class _Plain:
    """Writes lines as they are: what the Rich console prints for a pipe or a file, byte for byte."""

    bracket = "["  # an opening square bracket, as markup would need it written

    def __init__(self, write: Any) -> None:
        self.write = write
        self.file: str | None = None  # the last finding's file, and its text (:func:`_plain_finding`)
        self.file_text = ""

    @staticmethod
    def text(value: object) -> str:
        return _plain_text(value)

    @staticmethod
    def style(style: str, text: str) -> str:
        return text

    def say(self, text: str, indent: int = 0, hang: int = 4, wrap: bool = True) -> None:
        self.write(" " * indent + text + "\n")

    def print(self, text: str = "") -> None:
        self.write(text + "\n")


class _Rich:
    """Writes Rich markup to a console: colour, and wrapping at a terminal's width."""

    bracket = "\\["

    def __init__(self, console: Console) -> None:
        self.console = console

    @staticmethod
    def text(value: object) -> str:
        return escape(value)

    @staticmethod
    def style(style: str, text: str) -> str:
        return f"[{style}]{text}[/]"

    def say(self, text: str, indent: int = 0, hang: int = 4, wrap: bool = True) -> None:
        from ddtapp.output.terminal import say

        say(self.console, text, indent, hang, wrap)

    def print(self, text: str = "") -> None:
        if text:
            self.console.print(text)
        else:
            self.console.print()


_Writer = _Plain | _Rich


def _plain_text(value: object) -> str:
    """:func:`neutralise`, with the answer for the usual text (printable ASCII, no ``::`` or ``##``: nothing
    to change) found without a regular expression: a plain report neutralises ~70 texts a dossier."""
    if type(value) is str and value.isascii() and value.isprintable() and "::" not in value and "##" not in value:
        return value
    return neutralise(value)


def plain(rep: Report, out: IO[str]) -> bool:
    """Whether the text report to ``out`` is plain: no colour and not a terminal (nothing to wrap)."""
    return not colour_wanted(rep.color, out) and not _is_terminal(out)


def report(rep: Report, out: IO[str]) -> None:
    if plain(rep, out):
        w: _Writer = _Plain(out.write)
        chunks: Iterable[Chunk] = rep.texts if rep.texts is not None else (chunk(rep, r) for r in rep.results)
    else:
        from ddtapp.output.terminal import console_for

        w = _Rich(console_for(out, rep.color))
        chunks = (_one(w, rep, r) for r in rep.results)
    for problem in rep.problems:
        w.say(f"{w.style('bold red', 'ddtapp:')} {w.text(problem.render())}", hang=2)
    errors = warnings = infos = 0
    example = None
    for text, e, wn, i, first in chunks:
        out.write(text)
        errors, warnings, infos = errors + e, warnings + wn, infos + i
        example = example or first
    unread = len({p.file for p in rep.problems})
    if len(rep.results) + unread > 1:
        w.say(
            w.style("bold", f"{plural(len(rep.results), 'dossier')} checked")
            + (f", {plural(unread, 'dossier')} could not be read" if unread else "")
            + f": {errors} errors, {warnings} warnings, {infos} info.",
        )
    if example:
        w.say(
            w.style(
                "dim", f"To see how to fix a finding, run: ddtapp explain RULE-ID (e.g. ddtapp explain {example})."
            ),
        )


def chunk(rep: Report, result: Result) -> Chunk:
    """One dossier's part of the plain report (for ``Report.texts``), made on its own."""
    buffer: list[str] = []
    return _one(_Plain(buffer.append), rep, result, buffer)


def _listed(rep: Report, findings: tuple[Finding, ...]) -> list[Finding]:
    """The findings listed: waived ones only with --show-waived; with --quiet, open errors only (the test
    chosen once a dossier, not called once a finding)."""
    if rep.quiet:
        return [f for f in findings if f.status == "open" and f.severity == "error"]
    if rep.show_waived:
        return list(findings)
    return [f for f in findings if f.status != "waived"]


def _one(w: _Writer, rep: Report, result: Result, buffer: list[str] | None = None) -> Chunk:
    """Write one dossier's part (to ``buffer`` when given, and then returned as the chunk's text)."""
    s = Summary.of(result)
    shown = _listed(rep, result.findings)
    if not (rep.quiet and not s.errors):
        _dossier(w, rep, result, s, shown)
    return ("".join(buffer) if buffer else ""), s.errors, s.warnings, s.infos, shown[0].rule_id if shown else None


def _dossier(w: _Writer, rep: Report, result: Result, s: Summary, shown: list[Finding]) -> None:
    a = result.assessment
    stage_name = next(s.name for s in rep.pack.stages if s.id == a.stage)
    regime = REGIME_NAMES.get(a.regime or "", "not recorded")
    tier = TIER_NAMES[a.tier]
    tier_note = (
        f" (computed {TIER_NAMES[a.computed_tier]}, score {a.score})"
        if a.tier != a.computed_tier
        else f" (score {a.score})"
    )
    if a.tier_justification:
        tier_note += f"; lower tier on the DPO's justification: {w.text(a.tier_justification)}"
    w.say(f"{w.style('bold', w.text(result.tool_name))}  {w.style('dim', w.text(result.file))}")
    w.say(
        f"Stage: {stage_name}{'' if a.stage_recorded else ' (not recorded)'}"
        + (f" · Paused since {a.paused_on}" if a.paused_on else "")
        + f" · Regime: {regime} · Impact tier: {tier}{tier_note}",
        indent=2,
    )
    if rep.explain_tier:
        w.print("  Impact tier, fact by fact:")
        for factor in a.factors:
            mark = w.style("green", "+") if factor.matched else w.style("dim", "·")
            pts = f"+{factor.weight}" if factor.matched else f" {factor.weight}"
            w.print(f"    {mark} {pts:>3}  {w.text(factor.label)}")
        thresholds = ", ".join(f"{TIER_NAMES[t.id]} ≥ {t.min_score}" for t in rep.pack.tiers)
        w.print(
            f"    = {a.score} → {TIER_NAMES[a.computed_tier]}   "
            + w.style("dim", f"(thresholds: {thresholds}; weights version {a.tier_version})")
        )
        if a.declared_tier:
            w.print(f"    declared tier: {TIER_NAMES[a.declared_tier]} → tier applied: {tier}")
    w.print()
    finding: Callable[[Any, Finding], None] = _plain_finding if isinstance(w, _Plain) else _finding
    current = None
    for f in shown:
        if f.status == "coming_up":
            continue
        key = (f.stage, f.section)
        if key != current:
            current = key
            section = rep.pack.sections[f.section]
            stage = next(s.name for s in rep.pack.stages if s.id == f.stage)
            w.say(w.style("bold", f"{w.text(stage)} › {w.text(section.name)}"), indent=2)
        finding(w, f)
    upcoming = [f for f in shown if f.status == "coming_up"]
    if upcoming:
        order = [st.id for st in rep.pack.stages]
        next_id = order[min(order.index(a.stage) + 1, len(order) - 1)]
        next_stage = next(st.name for st in rep.pack.stages if st.id == next_id)
        w.print(f"  {w.style('bold', f'Coming up at {next_stage}')} {w.style('dim', '(info; does not fail the run)')}")
        current_section = None
        for f in upcoming:
            if f.section != current_section:
                current_section = f.section
                w.print(f"   {w.style('dim', rep.pack.sections[f.section].name)}")
            finding(w, f)
    if not shown:
        w.print(f"  {w.style('green', 'No findings.')}")
    w.print()
    gate = (
        w.style("green", f"{stage_name} gate: ready")
        if s.gate_ready
        else w.style("red", f"{stage_name} gate: not ready")
    )
    if a.paused_on:  # use is paused: the question is whether it may resume, not whether the gate is passed
        gate = (
            w.style("green", f"Paused: {stage_name} gate ready to resume")
            if s.gate_ready
            else w.style("red", f"Paused: {stage_name} gate not ready to resume")
        )
    if a.maturity in ("retired", "abandoned"):  # no gate is ahead of a stopped tool: is its record complete?
        ended = a.maturity.capitalize()
        gate = (
            w.style("green", f"{ended}: record complete")
            if s.gate_ready
            else w.style("red", f"{ended}: record not complete")
        )
    waived = f", {s.waived} waived" + ("" if rep.show_waived or not s.waived else " (--show-waived)")
    w.say(f"{s.errors} errors, {s.warnings} warnings, {s.infos} info, {s.coming_up} coming up{waived} · {gate}", 2)
    w.print()


def _finding(w: _Writer, f: Finding) -> None:
    sev = "waived" if f.status == "waived" else f.severity
    style = "dim" if f.status == "waived" else SEVERITY_STYLE[f.severity]
    refs = ", ".join(f.app_refs)
    w.say(
        f"{w.text(f.file)}:{f.line}:{f.column}  {w.style(style, f'{sev:<7}')} {w.style('bold', w.text(f.rule_id))}  "
        f"{w.text(f.message)}" + (f" {w.style('dim', f'{w.bracket}{refs}]')}" if refs else ""),
        indent=4,
    )
    w.say(w.style("dim", f"at {w.text(f.path or '(top)')}"), indent=6, wrap=False)  # a path is one word
    if f.basis:
        w.say(w.style("dim", f"basis: {w.text('; '.join(f.basis))}"), indent=6)
    if f.status == "waived" and f.waiver_reason:
        w.say(w.style("dim", f"waived: {w.text(f.waiver_reason)}"), indent=6)


class _Neutralised(dict[str, str]):
    """Each text a finding shows, neutralised (:func:`_plain_text`), remembered: rule ids, messages, paths and
    bases repeat from dossier to dossier (342 distinct texts in the 2,481 findings of 200 generated dossiers),
    and a dictionary look-up is a third of the instructions of looking at every character of a text again
    (``isprintable``): 21.8k -> 7.4k instructions a finding, 0.45% of ``check``. Bounded: only texts of at
    most :data:`TEXT_MAX` characters are kept, and all are let go once :data:`ENTRIES_MAX` are: at worst ~10 MB
    (a neutralised text can be six times its text, as escapes), ~0.1 MB on generated dossiers."""

    TEXT_MAX = 500
    ENTRIES_MAX = 2048

    def __missing__(self, text: str) -> str:
        plain = _plain_text(text)
        if len(text) <= self.TEXT_MAX:
            if len(self) >= self.ENTRIES_MAX:
                self.clear()
            self[text] = plain
        return plain


_NEUTRALISED = _Neutralised()


def _plain_finding(w: _Plain, f: Finding) -> None:
    """:func:`_finding` for a plain writer, written at once: no markup to apply or lines to wrap, and the
    file, the same for every finding of a dossier, neutralised once (0.12 -> 0.06 ms a dossier, corpus200;
    ``tests/test_reporters.py`` holds it to the same bytes as Rich writes), the other texts as remembered
    (:class:`_Neutralised`; only for texts that are ``str`` itself, whose look-up can only find the same text)."""
    if f.file is not w.file:
        w.file, w.file_text = f.file, _plain_text(f.file)
    rule_id, message, path = f.rule_id, f.message, f.path or "(top)"
    if type(rule_id) is str and type(message) is str and type(path) is str:
        seen = _NEUTRALISED
        rule_id, message, path = seen[rule_id], seen[message], seen[path]
    else:
        rule_id, message, path = _plain_text(rule_id), _plain_text(message), _plain_text(path)
    refs = ", ".join(f.app_refs)
    waived = f.status == "waived"
    text = (
        f"    {w.file_text}:{f.line}:{f.column}  {'waived' if waived else f.severity:<7} {rule_id}  {message}"
        f"{f' [{refs}]' if refs else ''}\n      at {path}\n"
    )
    if f.basis:
        text += f"      basis: {_NEUTRALISED['; '.join(f.basis)]}\n"
    if waived and f.waiver_reason:
        text += f"      waived: {_plain_text(f.waiver_reason)}\n"
    w.write(text)
