"""GitHub Actions workflow commands: each finding becomes an annotation on its dossier line in the run
and the pull request, e.g. ``::error file=d.yaml,line=12,col=3,title=DPIA-001 ...::message``.

Annotations are a summary, not the report. GitHub shows at most 10 error, 10 warning and 10 notice
annotations per step (and 50 per job, counting other steps' annotations), silently dropping the rest
(actions/toolkit#734). So this reporter:

- emits the most important first: input problems and open errors as ``::error``, then open warnings as
  ``::warning``, then open info findings and then *coming-up* findings (due at the next stage; they never
  fail the run) as ``::notice``; within a level, in the run's order (dossier as given, line, column, rule);
- keeps within the per-step limits; when it has to leave findings out it uses the last slot of one level
  for a pointer, a ``::warning::`` if errors or warnings were left out (else a ``::notice::``), saying how
  many were left out and where the full report is: the other outputs of this run
  (``report.destinations``, e.g. ``ddtapp.sarif``), or, if there are none, how to get one
  (``--format sarif:ddtapp.sarif``, or run ``ddtapp check`` locally);
- leaves waived findings out (a waiver is an accepted exception; the SARIF and JUnit reports carry them);
- ends with one plain log line of counts (no dossier text, so it cannot inject a command).

Escaping follows actions/toolkit's ``command.ts``: in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in property values also ``:`` and ``,`` (``%3A``, ``%2C``). Other control characters are replaced
with U+FFFD, so no dossier text can end a line early, start a command of its own (``::add-mask::``,
``::stop-commands::``) or send terminal escapes to the log. Every output line starts with ``::``, except the
final counts line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from ddtapp.errors import Problem
from ddtapp.reporters import Report
from ddtapp.reporters.common import (Item, artifact_path, clean, full_report_pointer, help_uri, importance, items,
                                     next_stage_name, plural, problem_text)
from ddtapp.reporters.summary import Summary

#: Annotations GitHub shows per step, per level (actions/toolkit#734).
STEP_LIMIT = 10
LEVELS = ("error", "warning", "notice")


@dataclass(frozen=True)
class Annotation:
    level: str  # error | warning | notice
    file: str
    line: int
    column: int
    title: str
    message: str
    coming_up: bool = False


def escape_data(text: str) -> str:
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(a: Annotation) -> str:
    props = ",".join(f"{k}={escape_property(v)}" for k, v in (
        ("file", artifact_path(a.file)), ("line", str(max(a.line, 1))), ("col", str(max(a.column, 1))),
        ("title", a.title)))
    return f"::{a.level} {props}::{escape_data(a.message)}"


def annotations(report: Report) -> list[Annotation]:
    """Every annotation this run could make, most important first."""
    out = [_problem(p) for p in report.problems]
    for it in sorted(items(report, include_waived=False), key=importance):
        out.append(_finding(report, it))
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(out, key=lambda a: order[a.level])  # stable: keeps problems first and importance order


def _problem(p: Problem) -> Annotation:
    return Annotation("error", p.file, p.line, p.column, "ddtapp: dossier could not be read", problem_text(p))


def _finding(report: Report, it: Item) -> Annotation:
    f = it.finding
    rule = report.pack.rule(f.rule_id)
    title = f"{f.rule_id}: {rule.spec.title}" if rule else f.rule_id
    if f.status == "coming_up":
        title = f"Coming up at {next_stage_name(report.pack, it.result.assessment.stage)}: {title}"
    level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
    message = f"{f.message}\nat {f.path or '(top)'} · APP {', '.join(f.app_refs)} · {help_uri(f.rule_id)}"
    return Annotation(level, f.file, f.line, f.column, title, message, f.status == "coming_up")


def select(every: list[Annotation], limit: int = STEP_LIMIT) -> tuple[list[Annotation], list[Annotation], str | None]:
    """(shown, left out, the pointer's level or None): at most ``limit`` per level, one slot of a level
    kept for the pointer when anything is left out."""
    by_level = {level: [a for a in every if a.level == level] for level in LEVELS}
    if all(len(v) <= limit for v in by_level.values()):
        return every, [], None
    pointer = "warning" if len(by_level["error"]) > limit or len(by_level["warning"]) > limit else "notice"
    caps = {level: limit - (level == pointer) for level in LEVELS}
    shown = [a for level in LEVELS for a in by_level[level][:caps[level]]]
    left = [a for level in LEVELS for a in by_level[level][caps[level]:]]
    return shown, left, pointer


def pointer_message(report: Report, left: list[Annotation]) -> str:
    n = {level: sum(1 for a in left if a.level == level and not a.coming_up) for level in LEVELS}
    coming = sum(1 for a in left if a.coming_up)
    parts = [plural(n["error"], "error"), plural(n["warning"], "warning"), plural(n["notice"], "notice")]
    kinds = ", ".join(p for p, k in zip(parts, LEVELS) if n[k])
    if coming:
        kinds = (kinds + " and " if kinds else "") + f"{coming} coming up at the next stage"
    head = (f"ddtapp: {len(left)} more {'finding was' if len(left) == 1 else 'findings were'} left out ({kinds}): "
            f"GitHub shows at most {STEP_LIMIT} annotations of each level per step.")
    where = full_report_pointer(report, "github")
    if where:
        return f"{head} Full report: {where}."
    return (f"{head} For the full report add --format sarif:ddtapp.sarif (and upload it with "
            "github/codeql-action/upload-sarif) or --format markdown:$GITHUB_STEP_SUMMARY, "
            "or run ddtapp check locally.")


def report(rep: Report, out: IO[str]) -> None:
    shown, left, pointer = select(annotations(rep))
    for a in shown:
        out.write(command(a) + "\n")
    if pointer:
        out.write(f"::{pointer} title={escape_property('ddtapp: annotations truncated')}::"
                  f"{escape_data(pointer_message(rep, left))}\n")
    sums = [Summary.of(r) for r in rep.results]
    out.write(f"ddtapp: {plural(len(rep.results), 'dossier')} checked, {len(rep.problems)} input "
              f"{'problem' if len(rep.problems) == 1 else 'problems'}: {plural(sum(s.errors for s in sums), 'error')}, "
              f"{plural(sum(s.warnings for s in sums), 'warning')}, {sum(s.infos for s in sums)} info, "
              f"{sum(s.coming_up for s in sums)} coming up, {sum(s.waived for s in sums)} waived; "
              f"{len(shown)} shown as annotations.\n")
