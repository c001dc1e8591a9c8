"""Terminal report with Rich: a header per dossier, findings grouped by APP stage and section,
and a summary saying whether the current stage's gate is ready. Colour and width as
``ddtapp.output.terminal`` decides (``--color``, NO_COLOR, FORCE_COLOR; wrapped at a terminal's width)."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.markup import escape as _escape

from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.output.neutralise import neutralise
from ddtapp.output.terminal import console_for
from ddtapp.output.terminal import say as _say
from ddtapp.reporters import Report
from ddtapp.reporters.summary import REGIME_NAMES, TIER_NAMES, Summary

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def escape(value: object) -> str:
    """Text from a dossier or a rule pack, shown literally: no Rich markup, no terminal control, no CI
    workflow command (ddtapp.output.neutralise)."""
    return _escape(neutralise(value))


def report(rep: Report, out: IO[str]) -> None:
    console = console_for(out, rep.color)
    for problem in rep.problems:
        _say(console, f"[bold red]ddtapp:[/] {escape(problem.render())}", hang=2)
    errors = warnings = infos = 0
    example = None
    for result in rep.results:
        s = _one(console, rep, result)
        errors, warnings, infos = errors + s.errors, warnings + s.warnings, infos + s.infos
        example = example or next((f.rule_id for f in result.findings if _shown(rep, f)), None)
    unread = len({p.file for p in rep.problems})
    if len(rep.results) + unread > 1:
        _say(
            console,
            f"[bold]{_plural(len(rep.results), 'dossier')} checked[/]"
            + (f", {_plural(unread, 'dossier')} could not be read" if unread else "")
            + f": {errors} errors, {warnings} warnings, {infos} info.",
        )
    if example:
        _say(
            console,
            f"[dim]To see how to fix a finding, run: ddtapp explain RULE-ID (e.g. ddtapp explain {example}).[/]",
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _shown(rep: Report, f: Finding) -> bool:
    """Whether a finding is listed: waived ones only with --show-waived; with --quiet, open errors only."""
    if rep.quiet:
        return f.status == "open" and f.severity == "error"
    return f.status != "waived" or rep.show_waived


def _one(console: Console, rep: Report, result: Result) -> Summary:
    s = Summary.of(result)
    if rep.quiet and not s.errors:
        return s
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
        tier_note += f"; lower tier on the DPO's justification: {escape(a.tier_justification)}"
    _say(console, f"[bold]{escape(result.tool_name)}[/]  [dim]{escape(result.file)}[/]")
    _say(
        console,
        f"Stage: {stage_name}{'' if a.stage_recorded else ' (not recorded)'} · Regime: {regime} · "
        f"Impact tier: {tier}{tier_note}",
        indent=2,
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
    shown = [f for f in result.findings if _shown(rep, f)]
    current = None
    for f in shown:
        if f.status == "coming_up":
            continue
        key = (f.stage, f.section)
        if key != current:
            current = key
            section = rep.pack.sections[f.section]
            stage = next(s.name for s in rep.pack.stages if s.id == f.stage)
            _say(console, f"[bold]{escape(stage)} › {escape(section.name)}[/]", indent=2)
        _finding(console, f)
    upcoming = [f for f in shown if f.status == "coming_up"]
    if upcoming:
        order = [st.id for st in rep.pack.stages]
        next_id = order[min(order.index(a.stage) + 1, len(order) - 1)]
        next_stage = next(st.name for st in rep.pack.stages if st.id == next_id)
        console.print(f"  [bold]Coming up at {next_stage}[/] [dim](info; does not fail the run)[/]")
        current_section = None
        for f in upcoming:
            if f.section != current_section:
                current_section = f.section
                console.print(f"   [dim]{rep.pack.sections[f.section].name}[/]")
            _finding(console, f)
    if not shown:
        console.print("  [green]No findings.[/]")
    console.print()
    gate = f"[green]{stage_name} gate: ready[/]" if s.gate_ready else f"[red]{stage_name} gate: not ready[/]"
    if a.maturity in ("retired", "abandoned"):  # no gate is ahead of a stopped tool: is its record complete?
        ended = a.maturity.capitalize()
        gate = f"[green]{ended}: record complete[/]" if s.gate_ready else f"[red]{ended}: record not complete[/]"
    waived = f", {s.waived} waived" + ("" if rep.show_waived or not s.waived else " (--show-waived)")
    _say(
        console,
        f"{s.errors} errors, {s.warnings} warnings, {s.infos} info, {s.coming_up} coming up{waived} · {gate}",
        2,
    )
    console.print()
    return s


def _finding(console: Console, f: Finding) -> None:
    sev = "waived" if f.status == "waived" else f.severity
    style = "dim" if f.status == "waived" else SEVERITY_STYLE[f.severity]
    refs = ", ".join(f.app_refs)
    _say(
        console,
        f"{escape(f.file)}:{f.line}:{f.column}  [{style}]{sev:<7}[/] [bold]{escape(f.rule_id)}[/]  "
        f"{escape(f.message)} [dim]\\[{refs}][/]",
        indent=4,
    )
    _say(console, f"[dim]at {escape(f.path or '(top)')}[/]", indent=6, wrap=False)  # a path is one word
    if f.basis:
        _say(console, f"[dim]basis: {escape('; '.join(f.basis))}[/]", indent=6)
    if f.status == "waived" and f.waiver_reason:
        _say(console, f"[dim]waived: {escape(f.waiver_reason)}[/]", indent=6)
