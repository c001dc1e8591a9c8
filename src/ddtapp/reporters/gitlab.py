"""GitLab Code Quality report (``artifacts:reports:codequality``): a JSON array of issues, each
``{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}``, shown in the merge
request's Code Quality widget and, on paid tiers, in the diff.

- ``severity``: input problem -> ``blocker`` (the dossier could not be checked at all); open error ->
  ``critical``; open warning -> ``major``; open info -> ``minor``; a *coming-up* finding (due at the next
  stage, never fails the run) -> ``info``. Waived findings are left out whatever ``--show-waived`` says:
  the widget is a list of things to fix, and Code Quality has no notion of an accepted exception.
- ``check_name`` is the rule id (``DDTAPP-INPUT`` for an input problem); ``description`` is the message with
  the rule id and the dossier path, which the widget shows in one line.
- ``fingerprint`` is GitLab's identity of an issue between the source and target branch: a sha256 of file +
  dossier path + rule id, never the line, and unique within the report (``common.fingerprints`` tells
  apart two findings of one rule at one path). An input problem's is file + dossier path + message.
- ``location.path`` is the dossier path as given, with forward slashes (relative to the repository root
  when ddtapp runs there, as in CI); ``lines.begin`` is the finding's line.
- Same input, byte-identical output: report order, no timestamps.
"""

from __future__ import annotations

from itertools import chain
from typing import IO, Any

from ddtapp.reporters import Report
from ddtapp.reporters.common import (
    INPUT_RULE_ID,
    Item,
    JsonList,
    artifact_path,
    clean,
    items,
    one_line,
    problem_fingerprints,
    problem_text,
    write_json,
)

SEVERITY = {"error": "critical", "warning": "major", "info": "minor"}


def build(report: Report) -> JsonList:
    """The issues, made one dossier at a time as the report is written (``common.write_json``)."""
    return JsonList(
        chain(
            (
                _issue(
                    INPUT_RULE_ID,
                    f"{one_line(problem_text(p))} [{INPUT_RULE_ID}: dossier could not be read]",
                    fp,
                    "blocker",
                    p.file,
                    p.line,
                )
                for p, fp in zip(report.problems, problem_fingerprints(report.problems), strict=True)
            ),
            (_finding_issue(it) for it in items(report, include_waived=False)),
        )
    )


def _finding_issue(it: Item) -> dict[str, Any]:
    f = it.finding
    severity = "info" if f.status == "coming_up" else SEVERITY[f.severity]
    where = f"{f.rule_id} at {f.path or '(top)'}" + (", coming up at the next stage" if f.status == "coming_up" else "")
    basis = f" Basis: {'; '.join(f.basis)}." if f.basis else ""
    return _issue(f.rule_id, f"{one_line(f.message)} [{where}]{basis}", it.fingerprint, severity, f.file, f.line)


def _issue(check: str, description: str, fingerprint: str, severity: str, file: str, line: int) -> dict[str, Any]:
    return {
        "description": clean(description),
        "check_name": check,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": clean(artifact_path(file)), "lines": {"begin": max(line, 1)}},
    }


def report(rep: Report, out: IO[str]) -> None:
    write_json(out, build(rep))
    out.write("\n")
