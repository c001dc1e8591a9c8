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

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ddtapp.errors import Problem
from ddtapp.output.words import plural
from ddtapp.reporters import Report
from ddtapp.reporters.common import (
    Item,
    artifact_path,
    clean,
    full_report_pointer,
    help_uri,
    importance,
    items,
    next_stage_name,
    problem_text,
)
from ddtapp.reporters.summary import Summary

#: Annotations GitHub shows per step, per level (actions/toolkit#734).
STEP_LIMIT = 10
LEVELS = ("error", "warning", "notice")
#: A finding's annotation level, by its severity.
LEVEL_OF = {"error": "error", "warning": "warning", "info": "notice"}


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
    props = ",".join(
        f"{k}={escape_property(v)}"
        for k, v in (
            ("file", artifact_path(a.file)),
            ("line", str(max(a.line, 1))),
            ("col", str(max(a.column, 1))),
            ("title", a.title),
        )
    )
    return f"::{a.level} {props}::{escape_data(a.message)}"


def _problem(p: Problem) -> Annotation:
    return Annotation("error", p.file, p.line, p.column, "ddtapp: dossier could not be read", problem_text(p))


def _finding(report: Report, it: Item) -> Annotation:
    f = it.finding
    rule = report.pack.rule(f.rule_id)
    title = f"{f.rule_id}: {rule.spec.title}" if rule else f.rule_id
    if f.status == "coming_up":
        title = f"Coming up at {next_stage_name(report.pack, it.result.assessment.stage)}: {title}"
    app = f" · APP {', '.join(f.app_refs)}" if f.app_refs else ""
    message = f"{f.message}\nat {f.path or '(top)'}{app} · {help_uri(f.rule_id)}"
    if f.basis:
        message += f"\nbasis: {'; '.join(f.basis)}"
    return Annotation(LEVEL_OF[f.severity], f.file, f.line, f.column, title, message, f.status == "coming_up")


def plan(counts: dict[str, int], limit: int = STEP_LIMIT) -> tuple[str | None, dict[str, int]]:
    """(the pointer's level or None, how many of each level are shown), given how many annotations of each
    level the run could make: at most ``limit`` per level, one slot of a level kept for the pointer when
    anything is left out."""
    if all(n <= limit for n in counts.values()):
        return None, dict.fromkeys(LEVELS, limit)
    pointer = "warning" if counts["error"] > limit or counts["warning"] > limit else "notice"
    return pointer, {level: limit - (level == pointer) for level in LEVELS}


def select(every: list[Annotation], limit: int = STEP_LIMIT) -> tuple[list[Annotation], list[Annotation], str | None]:
    """(shown, left out, the pointer's level or None) of a list of annotations, most important first
    (as ``Selection`` chooses them one at a time)."""
    by_level = {level: [a for a in every if a.level == level] for level in LEVELS}
    pointer, caps = plan({level: len(v) for level, v in by_level.items()}, limit)
    if pointer is None:
        return every, [], None
    shown = [a for level in LEVELS for a in by_level[level][: caps[level]]]
    left = [a for level in LEVELS for a in by_level[level][caps[level] :]]
    return shown, left, pointer


class Selection:
    """The annotations of a run chosen one at a time, in memory that does not grow with the run: per level
    the first ``limit`` by their key (the order of importance; keys must be distinct), and how many of each
    level there are, coming-up ones apart. What ``select`` gives for the same annotations sorted by key."""

    def __init__(self, limit: int = STEP_LIMIT) -> None:
        self.limit = limit
        self.best: dict[str, list[tuple[tuple, Annotation]]] = {level: [] for level in LEVELS}  # sorted by key
        self.total = dict.fromkeys(LEVELS, 0)
        self.coming = dict.fromkeys(LEVELS, 0)

    def offer(self, level: str, key: tuple, coming_up: bool, make: Callable[[], Annotation]) -> None:
        """Count an annotation, and keep it (made by ``make``, only if kept) if it is among the first
        ``limit`` of its level so far."""
        self.total[level] += 1
        self.coming[level] += coming_up
        best = self.best[level]
        if len(best) < self.limit or key < best[-1][0]:
            best.insert(bisect.bisect([k for k, _ in best], key), (key, make()))
            del best[self.limit :]

    def choose(self) -> tuple[list[Annotation], str | None, dict[str, int], int]:
        """(shown, the pointer's level or None, how many of each level were left out other than coming-up
        ones, how many coming-up ones were left out)."""
        pointer, caps = plan(self.total, self.limit)
        shown: list[Annotation] = []
        left: dict[str, int] = {}
        coming_left = 0
        for level in LEVELS:
            kept = [a for _, a in self.best[level][: caps[level]]]
            shown += kept
            coming = self.coming[level] - sum(a.coming_up for a in kept)
            left[level] = self.total[level] - len(kept) - coming
            coming_left += coming
        return shown, pointer, left, coming_left


def pointer_message(report: Report, left: dict[str, int], coming: int) -> str:
    """The pointer's text: ``left`` counts, per level, the annotations left out other than coming-up ones;
    ``coming`` the coming-up ones left out."""
    total = sum(left.values()) + coming
    parts = [plural(left["error"], "error"), plural(left["warning"], "warning"), plural(left["notice"], "notice")]
    kinds = ", ".join(p for p, k in zip(parts, LEVELS, strict=True) if left[k])
    if coming:
        kinds = (kinds + " and " if kinds else "") + f"{coming} coming up at the next stage"
    head = (
        f"ddtapp: {total} more {'finding was' if total == 1 else 'findings were'} left out ({kinds}): "
        f"GitHub shows at most {STEP_LIMIT} annotations of each level per step."
    )
    where = full_report_pointer(report, "github")
    if where:
        return f"{head} Full report: {where}."
    return (
        f"{head} For the full report add --format sarif:ddtapp.sarif (and upload it with "
        "github/codeql-action/upload-sarif) or --format markdown:$GITHUB_STEP_SUMMARY, "
        "or run ddtapp check locally."
    )


def report(rep: Report, out: IO[str]) -> None:
    """One pass over the run's findings: input problems first (as errors), then every finding not waived,
    keyed by its importance and, between equals, its place in the run (as a stable sort would order them);
    the run's counts as running totals."""
    chosen = Selection()
    for n, p in enumerate(rep.problems):
        chosen.offer("error", (0, n), False, functools.partial(_problem, p))
    totals = dict.fromkeys(("errors", "warnings", "infos", "coming_up", "waived"), 0)
    dossier = -1
    for it in items(rep, include_waived=True):
        if it.file_index != dossier:  # a dossier's first finding: count its findings (one without has none)
            dossier = it.file_index
            s = Summary.of(it.result)
            for key in totals:
                totals[key] += getattr(s, key)
        f = it.finding
        if f.status != "waived":
            chosen.offer(
                LEVEL_OF[f.severity],
                (1, importance(it), it.order),
                f.status == "coming_up",
                functools.partial(_finding, rep, it),
            )
    shown, pointer, left, coming = chosen.choose()
    for a in shown:
        out.write(command(a) + "\n")
    if pointer:
        out.write(
            f"::{pointer} title={escape_property('ddtapp: annotations truncated')}::"
            f"{escape_data(pointer_message(rep, left, coming))}\n"
        )
    out.write(
        f"ddtapp: {plural(len(rep.results), 'dossier')} checked, {len(rep.problems)} input "
        f"{'problem' if len(rep.problems) == 1 else 'problems'}: {plural(totals['errors'], 'error')}, "
        f"{plural(totals['warnings'], 'warning')}, {totals['infos']} info, "
        f"{totals['coming_up']} coming up, {totals['waived']} waived; "
        f"{len(shown)} shown as annotations.\n"
    )
