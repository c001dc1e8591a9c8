"""Markdown summary, for ``$GITHUB_STEP_SUMMARY`` (``--format markdown:$GITHUB_STEP_SUMMARY``) or a
merge-request / pull-request comment.

Layout: a heading; one verdict line (passes or fails at ``--fail-on``, with the run's totals); a table
with one row per dossier (tool, stage, impact tier, errors, warnings, info, coming up, waived, gate
ready); a table of the files that could not be read; then, per dossier with findings, a table of its
findings (severity, rule id linked to the rule's entry in ``docs/rules.md``, message, ``file:line``), most
important first. Coming-up findings are listed after the open ones; waived ones only with
``--show-waived`` (as in the text report).

Large runs are capped: at most ``MAX_ROWS_PER_DOSSIER`` finding rows per dossier and ``MAX_ROWS`` in all,
with a note saying how many were left out and where the full report is. (GitHub takes at most 1 MiB of
step summary per step; a comment is limited to about 1 MB.)

Every piece of dossier text (tool names, paths, file names, messages, waiver reasons, input problems) is
escaped with ``common.md_escape``: it cannot break a table row, start HTML, a link, an image, a mention
or math, and line breaks become spaces. The output passes pymarkdown's lint (tables extension on;
line length off, as generated table rows cannot be wrapped).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from ddtapp.checker.engine import Result
from ddtapp.output.words import plural
from ddtapp.reporters import Report
from ddtapp.reporters.common import (
    Item,
    artifact_path,
    full_report_pointer,
    help_uri,
    importance,
    items,
    md_escape,
    next_stage_name,
    problem_text,
    stage_name,
)
from ddtapp.reporters.summary import TIER_NAMES, Summary, fails

MAX_ROWS_PER_DOSSIER = 50
MAX_ROWS = 200
#: How much of the findings sections stays in memory (they are written before the table above them is)
#: before it moves to a temporary file.
SPOOL_BYTES = 2 * 1024 * 1024
DOSSIER_TABLE_HEAD = (
    "| dossier | tool | stage | impact tier | errors | warnings | info | coming up | waived | gate ready |",
    "| --- | --- | --- | --- | --: | --: | --: | --: | --: | --- |",
)
#: The run's counts in the verdict line, summed over the dossiers' ``Summary``.
COUNTS = ("errors", "warnings", "infos", "coming_up", "waived")


def report(rep: Report, out: IO[str]) -> None:
    """Write the summary as it is made, in two passes over the results and one dossier at a time: the
    first writes the findings sections to a spooled temporary file and counts the verdict's totals, the
    second writes the table of dossiers; then the spooled sections are copied after it."""
    with tempfile.SpooledTemporaryFile(
        max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="", errors="surrogatepass"
    ) as sections:
        totals, failing = _findings(rep, sections)
        text = _Text(out)
        text.lines(["# ddtapp: APP dossier check", "", _verdict(rep, totals, failing), ""])
        if rep.results:
            text.lines(DOSSIER_TABLE_HEAD)
            for result in rep.results:
                a = result.assessment
                s = Summary.of(result)
                stage = stage_name(rep.pack, a.stage) + ("" if a.stage_recorded else " (not recorded)")
                text.lines(
                    [
                        _row(
                            md_escape(artifact_path(result.file)),
                            md_escape(result.tool_name),
                            md_escape(stage),
                            TIER_NAMES.get(a.tier, a.tier),
                            str(s.errors),
                            str(s.warnings),
                            str(s.infos),
                            str(s.coming_up),
                            str(s.waived),
                            "yes" if s.gate_ready else "no",
                        )
                    ]
                )
            text.lines([""])
        if rep.problems:
            text.lines(
                [
                    "## Could not be read",
                    "",
                    "These files were not checked. Fix them and run ddtapp again.",
                    "",
                    "| file | line | problem |",
                    "| --- | --: | --- |",
                ]
            )
            text.lines(
                _row(md_escape(artifact_path(p.file)), str(p.line), md_escape(problem_text(p))) for p in rep.problems
            )
            text.lines([""])
        sections.seek(0)
        while chunk := sections.read(64 * 1024):
            text.write(chunk)
        text.end()


class _Text:
    """The report's text, written as it comes, with its trailing line breaks held back so that it ends with
    exactly one: what ``"\\n".join(lines).rstrip("\\n") + "\\n"`` gives for the whole list of lines."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.held = 0  # line breaks at the end of what was written so far, not written yet

    def write(self, text: str) -> None:
        body = text.rstrip("\n")
        if body:
            self.out.write("\n" * self.held + body)
            self.held = len(text) - len(body)
        else:
            self.held += len(text)

    def lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line + "\n")

    def end(self) -> None:
        self.out.write("\n")


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _verdict(report: Report, totals: dict[str, int], failing: int) -> str:
    sums = (
        f"{plural(totals['errors'], 'error')}, {plural(totals['warnings'], 'warning')}, "
        f"{totals['infos']} info, {totals['coming_up']} coming up at the next stage, "
        f"{totals['waived']} waived"
    )
    checked = f"{plural(len(report.results), 'dossier')} checked against the APP on {report.today}"
    if report.problems:
        unread = len({p.file for p in report.problems})
        word = f"**Fails**: {plural(unread, 'file')} could not be read"
        if failing:
            verb = "fails" if failing == 1 else "fail"
            word += f", and {failing} of the dossiers checked {verb} at `--fail-on {report.fail_on}`"
    elif failing:
        word = f"**Fails** at `--fail-on {report.fail_on}`: {failing} of {plural(len(report.results), 'dossier')}"
    else:
        word = f"**Passes** at `--fail-on {report.fail_on}`"
    return f"{word}. {checked}: {sums}."


def _label(report: Report, it: Item) -> str:
    f = it.finding
    if f.status == "waived":
        return "waived"
    if f.status == "coming_up":
        return f"coming up at {next_stage_name(report.pack, it.result.assessment.stage)}"
    return f.severity


def _by_dossier(its: Iterable[Item]) -> Iterator[list[Item]]:
    """The items of each dossier that has any, a dossier at a time."""
    group: list[Item] = []
    for it in its:
        if group and it.file_index != group[0].file_index:
            yield group
            group = []
        group.append(it)
    if group:
        yield group


def _findings(report: Report, out: IO[str]) -> tuple[dict[str, int], int]:
    """Write the findings sections (lines ending with a line break), in one pass over the run's findings,
    and return the verdict's totals and how many dossiers fail at ``--fail-on`` (a dossier without findings
    adds nothing to either)."""
    totals = dict.fromkeys(COUNTS, 0)
    failing = 0
    budget = MAX_ROWS
    left_total = 0
    headings: dict[str, int] = {}
    for group in _by_dossier(items(report, include_waived=True)):
        s = Summary.of(group[0].result)
        for key in COUNTS:
            totals[key] += getattr(s, key)
        failing += fails(group[0].result, report.fail_on)
        shown, left = _section(report, group, budget, headings, out)
        budget -= shown
        left_total += left
        del group  # the dossier's results, before the next one is read
    if left_total:
        where = full_report_pointer(report, "markdown")
        tail = (
            f" The full report: {md_escape(where)}."
            if where
            else " Run ddtapp check locally, or add --format sarif:ddtapp.sarif, for the full report."
        )
        out.write(
            f"This summary lists at most {MAX_ROWS_PER_DOSSIER} findings per dossier and {MAX_ROWS} in all; "
            f"{plural(left_total, 'finding')} {'was' if left_total == 1 else 'were'} left out.{tail}\n\n"
        )
    return totals, failing


def _section(report: Report, group: list[Item], budget: int, headings: dict[str, int], out: IO[str]) -> tuple[int, int]:
    """Write a dossier's section (none if it has no finding to list), at most ``budget`` rows of it, and
    return (how many rows were written, how many of its findings were left out)."""
    its = sorted((it for it in group if report.show_waived or it.finding.status != "waived"), key=importance)
    if not its:
        return 0, 0
    heading = _heading(its[0].result, headings)
    shown = its[: max(0, min(MAX_ROWS_PER_DOSSIER, budget))]
    lines = [heading, ""]
    if shown:
        lines += ["| severity | rule | finding | where |", "| --- | --- | --- | --- |"]
        for it in shown:
            f = it.finding
            message = f.message + (f" (waived: {f.waiver_reason})" if f.status == "waived" else "")
            lines.append(
                _row(
                    md_escape(_label(report, it)),
                    f"[{md_escape(f.rule_id)}]({help_uri(f.rule_id)})",
                    md_escape(message)
                    + f" (at {md_escape(f.path or '(top)')})"
                    + (f" Basis: {md_escape('; '.join(f.basis))}." if f.basis else ""),
                    f"{md_escape(artifact_path(f.file))}:{f.line}",
                )
            )
        lines.append("")
    left = len(its) - len(shown)
    if left:
        lines += [f"{plural(left, 'more finding')} of this dossier {'is' if left == 1 else 'are'} not listed here.", ""]
    out.write("".join(line + "\n" for line in lines))
    return len(shown), left


def _heading(result: Result, seen: dict[str, int]) -> str:
    """A dossier's section heading, numbered from its second use (``seen`` counts the headings so far)."""
    text = f"{md_escape(result.tool_name)} ({md_escape(artifact_path(result.file))})"
    seen[text] = seen.get(text, 0) + 1
    return f"## {text}" + (f" ({seen[text]})" if seen[text] > 1 else "")
