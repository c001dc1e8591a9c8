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

from typing import IO

from ddtapp.engine import Result
from ddtapp.reporters import Report
from ddtapp.reporters.common import (Item, artifact_path, full_report_pointer, help_uri, importance, items, md_escape,
                                     next_stage_name, plural, problem_text, stage_name)
from ddtapp.reporters.summary import TIER_NAMES, Summary, fails

MAX_ROWS_PER_DOSSIER = 50
MAX_ROWS = 200


def render(report: Report) -> str:
    lines: list[str] = ["# ddtapp: APP dossier check", ""]
    sums = [Summary.of(r) for r in report.results]
    lines += [_verdict(report, sums), ""]
    if report.results:
        lines += ["| dossier | tool | stage | impact tier | errors | warnings | info | coming up | waived | gate ready |",
                  "| --- | --- | --- | --- | --: | --: | --: | --: | --: | --- |"]
        for result, s in zip(report.results, sums, strict=True):
            a = result.assessment
            stage = stage_name(report.pack, a.stage) + ("" if a.stage_recorded else " (not recorded)")
            lines.append(_row(md_escape(artifact_path(result.file)), md_escape(result.tool_name), md_escape(stage),
                              TIER_NAMES.get(a.tier, a.tier), str(s.errors), str(s.warnings), str(s.infos),
                              str(s.coming_up), str(s.waived), "yes" if s.gate_ready else "no"))
        lines.append("")
    if report.problems:
        lines += ["## Could not be read", "",
                  "These files were not checked. Fix them and run ddtapp again.", "",
                  "| file | line | problem |", "| --- | --: | --- |"]
        for p in report.problems:
            lines.append(_row(md_escape(artifact_path(p.file)), str(p.line), md_escape(problem_text(p))))
        lines.append("")
    lines += _findings(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def report(rep: Report, out: IO[str]) -> None:
    out.write(render(rep))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _verdict(report: Report, sums: list[Summary]) -> str:
    failing = sum(1 for r in report.results if fails(r, report.fail_on))
    totals = (f"{plural(sum(s.errors for s in sums), 'error')}, {plural(sum(s.warnings for s in sums), 'warning')}, "
              f"{sum(s.infos for s in sums)} info, {sum(s.coming_up for s in sums)} coming up at the next stage, "
              f"{sum(s.waived for s in sums)} waived")
    checked = f"{plural(len(report.results), 'dossier')} checked against the APP on {report.today}"
    if report.problems:
        unread = len({p.file for p in report.problems})
        word = f"**Fails**: {plural(unread, 'file')} could not be read"
        if failing:
            word += f", and {failing} of the dossiers checked {'fails' if failing == 1 else 'fail'} at `--fail-on {report.fail_on}`"
    elif failing:
        word = f"**Fails** at `--fail-on {report.fail_on}`: {failing} of {plural(len(report.results), 'dossier')}"
    else:
        word = f"**Passes** at `--fail-on {report.fail_on}`"
    return f"{word}. {checked}: {totals}."


def _label(report: Report, it: Item) -> str:
    f = it.finding
    if f.status == "waived":
        return "waived"
    if f.status == "coming_up":
        return f"coming up at {next_stage_name(report.pack, it.result.assessment.stage)}"
    return f.severity


def _findings(report: Report) -> list[str]:
    by_file: dict[int, list[Item]] = {}
    for it in items(report, include_waived=report.show_waived):
        by_file.setdefault(it.file_index, []).append(it)
    lines: list[str] = []
    budget = MAX_ROWS
    left_total = 0
    headings: dict[str, int] = {}
    for i, result in enumerate(report.results):
        its = sorted(by_file.get(i, []), key=importance)
        if not its:
            continue
        heading = _heading(result, headings)
        shown = its[:max(0, min(MAX_ROWS_PER_DOSSIER, budget))]
        budget -= len(shown)
        lines += [heading, ""]
        if shown:
            lines += ["| severity | rule | finding | where |", "| --- | --- | --- | --- |"]
            for it in shown:
                f = it.finding
                message = f.message + (f" (waived: {f.waiver_reason})" if f.status == "waived" else "")
                lines.append(_row(md_escape(_label(report, it)), f"[{md_escape(f.rule_id)}]({help_uri(f.rule_id)})",
                                  md_escape(message) + f" (at {md_escape(f.path or '(top)')})",
                                  f"{md_escape(artifact_path(f.file))}:{f.line}"))
            lines.append("")
        left = len(its) - len(shown)
        if left:
            left_total += left
            lines += [f"{plural(left, 'more finding')} of this dossier {'is' if left == 1 else 'are'} not listed here.",
                      ""]
    if left_total:
        where = full_report_pointer(report, "markdown")
        tail = (f" The full report: {md_escape(where)}." if where else
                " Run ddtapp check locally, or add --format sarif:ddtapp.sarif, for the full report.")
        lines += [f"This summary lists at most {MAX_ROWS_PER_DOSSIER} findings per dossier and {MAX_ROWS} in all; "
                  f"{plural(left_total, 'finding')} {'was' if left_total == 1 else 'were'} left out.{tail}", ""]
    return lines


def _heading(result: Result, seen: dict[str, int]) -> str:
    text = f"{md_escape(result.tool_name)} ({md_escape(artifact_path(result.file))})"
    seen[text] = seen.get(text, 0) + 1
    return f"## {text}" + (f" ({seen[text]})" if seen[text] > 1 else "")
