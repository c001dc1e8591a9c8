"""Terminal report with Rich: a header per dossier, findings grouped by APP stage and section,
and a summary saying whether the current stage's gate is ready. No colour off a terminal or
with NO_COLOR set (Rich honours both)."""

from __future__ import annotations

import re
from typing import IO

from rich.console import Console
from rich.markup import escape as _escape

from ddtapp.checker.engine import Result
from ddtapp.output.neutralise import neutralise
from ddtapp.reporters import Report
from ddtapp.reporters.summary import REGIME_NAMES, TIER_NAMES, Summary

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def escape(value: object) -> str:
    """Text from a dossier or a rule pack, shown literally: no Rich markup, no terminal control, no CI
    workflow command (ddtapp.output.neutralise)."""
    return _escape(neutralise(value))


def report(rep: Report, out: IO[str]) -> None:
    console = Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        force_terminal=rep.color if rep.color else None,
        no_color=rep.color is False,
    )
    for problem in rep.problems:
        console.print(f"[bold red]error[/] {_escape(problem.shown())}")
    errors = warnings = infos = 0
    lines = _Lines(console)
    for result in rep.results:
        s = _one(lines, rep, result)  # type: ignore[arg-type]  # prints as a Console does
        lines.flush()
        errors, warnings, infos = errors + s.errors, warnings + s.warnings, infos + s.infos
    if len(rep.results) + len(rep.problems) > 1:
        console.print(
            f"[bold]{len(rep.results)} dossiers checked[/], {len(rep.problems)} could not be read: "
            f"{errors} errors, {warnings} warnings, {infos} info."
        )


#: A Rich markup tag, with the backslashes before it (an odd number escapes it), as rich.markup parses it.
_TAG = re.compile(r"(\\*)\[([a-z#/@][^\[]*?)]")


def _plain(markup: str) -> str:
    """What Rich prints for ``markup`` with no colour (as rich.markup.render parses it): tags dropped, an
    escaped tag kept as text, and ``\\[`` outside a tag printed as ``[``."""
    out: list[str] = []
    position = 0
    for m in _TAG.finditer(markup):
        out.append(markup[position : m.start()].replace("\\[", "["))
        half, escaped = divmod(len(m.group(1)), 2)
        out.append("\\" * half)
        if escaped:
            out.append(f"[{m.group(2)}]")
        position = m.end()
    out.append(markup[position:].replace("\\[", "["))
    return "".join(out)


class _Lines:
    """A dossier's lines of markup. Rich takes about 0.3 ms a line (a dossier with 90,000 findings took
    half a minute), so where there is no colour (a file, a pipe, a CI log) the lines are written as the
    plain text Rich would print; in a terminal Rich prints them, in one call."""

    def __init__(self, console: Console):
        self.console = console
        self.lines: list[str] = []
        self.plain = console.color_system is None and not console.is_terminal

    def print(self, markup: str = "") -> None:
        self.lines.append(markup)

    def flush(self) -> None:
        if not self.lines:
            return
        if self.plain:
            self.console.file.write("".join(_plain(line) + "\n" for line in self.lines))
        else:
            self.console.print("\n".join(self.lines))
        self.lines = []


def _one(console: Console, rep: Report, result: Result) -> Summary:
    a = result.assessment
    stage_name = next(s.name for s in rep.pack.stages if s.id == a.stage)
    regime = REGIME_NAMES.get(a.regime or "", "not recorded")
    tier = TIER_NAMES[a.tier]
    tier_note = (
        f" (computed {TIER_NAMES[a.computed_tier]}, score {a.score})"
        if a.tier != a.computed_tier
        else f" (score {a.score})"
    )
    console.print(f"[bold]{escape(result.tool_name)}[/]  [dim]{escape(result.file)}[/]")
    console.print(
        f"  Stage: {escape(stage_name)}{'' if a.stage_recorded else ' (not recorded)'} · Regime: {regime} · "
        f"Impact tier: {tier}{tier_note}"
    )
    if rep.explain_tier:
        console.print("  Impact tier, fact by fact:")
        for factor in a.factors:
            mark = "[green]+[/]" if factor.matched else "[dim]·[/]"
            pts = f"+{factor.weight}" if factor.matched else f" {factor.weight}"
            console.print(f"    {mark} {pts:>3}  {escape(factor.label)}")
        thresholds = ", ".join(f"{TIER_NAMES[t.id]} ≥ {t.min_score}" for t in rep.pack.tiers)
        console.print(
            f"    = {a.score} → {TIER_NAMES[a.computed_tier]}   [dim](thresholds: {thresholds}; "
            f"weights version {a.tier_version})[/]"
        )
        if a.declared_tier:
            console.print(f"    declared tier: {TIER_NAMES[a.declared_tier]} → tier applied: {tier}")
    console.print()
    shown = [f for f in result.findings if f.status != "waived" or rep.show_waived]
    current = None
    for f in shown:
        if f.status == "coming_up":
            continue
        key = (f.stage, f.section)
        if key != current:
            current = key
            section = rep.pack.sections[f.section]
            stage = next(s.name for s in rep.pack.stages if s.id == f.stage)
            console.print(f"  [bold]{escape(stage)} › {escape(section.name)}[/]")
        _finding(console, f)
    upcoming = [f for f in shown if f.status == "coming_up"]
    if upcoming:
        order = [st.id for st in rep.pack.stages]
        next_id = order[min(order.index(a.stage) + 1, len(order) - 1)]
        next_stage = next(st.name for st in rep.pack.stages if st.id == next_id)
        console.print(f"  [bold]Coming up at {escape(next_stage)}[/] [dim](info; does not fail the run)[/]")
        current_section = None
        for f in upcoming:
            if f.section != current_section:
                current_section = f.section
                console.print(f"   [dim]{escape(rep.pack.sections[f.section].name)}[/]")
            _finding(console, f)
    s = Summary.of(result)
    if not shown:
        console.print("  [green]No findings.[/]")
    console.print()
    name = escape(stage_name)
    gate = f"[green]{name} gate: ready[/]" if s.gate_ready else f"[red]{name} gate: not ready[/]"
    waived = f", {s.waived} waived" + ("" if rep.show_waived or not s.waived else " (--show-waived)")
    console.print(
        f"  {s.errors} errors, {s.warnings} warnings, {s.infos} info, {s.coming_up} coming up{waived} · {gate}"
    )
    console.print()
    return s


def _finding(console: Console, f) -> None:  # type: ignore[no-untyped-def]
    sev = "waived" if f.status == "waived" else f.severity
    style = "dim" if f.status == "waived" else SEVERITY_STYLE[f.severity]
    refs = ", ".join(f.app_refs)
    console.print(
        f"    {escape(f.file)}:{f.line}:{f.column}  [{style}]{sev:<7}[/] [bold]{escape(f.rule_id)}[/]  "
        f"{escape(f.message)} [dim]\\[{refs}][/]"
    )
    console.print(f"      [dim]at {escape(f.path or '(top)')}[/]")
    if f.basis:
        console.print(f"      [dim]basis: {escape('; '.join(f.basis))}[/]")
    if f.status == "waived" and f.waiver_reason:
        console.print(f"      [dim]waived: {escape(f.waiver_reason)}[/]")
