"""JUnit XML report, for CI test-report views (GitLab ``artifacts:reports:junit``, Jenkins' JUnit
plugin, GitHub test-reporter actions such as mikepenz/action-junit-report or dorny/test-reporter).

Shape (the de-facto JUnit schema those tools read):

- ``<testsuites name="ddtapp">`` with the run's totals; one ``<testsuite>`` per dossier, named by its path,
  with ``<properties>`` (tool, stage, impact tier, gate readiness, the run's date).
- Every suite starts with the test case ``load and validate``: it passes for a dossier that was checked,
  and carries an ``<error>`` for a file that could not be loaded (an input problem; ``errors`` counts them),
  so a broken dossier is a visible red test, never a silently missing one.
- **One test case per finding**, not per rule: CI views list test cases, and a finding (rule + dossier
  path) is what someone has to fix; the engine does not report rules that passed. The case's
  ``classname`` is the dossier path and its ``name`` is ``RULE-ID at dossier.path``, with the ``file`` and
  ``line`` attributes that GitLab and the GitHub reporters use to link to the line.
- What fails is what fails the run: an open finding at or above ``--fail-on`` is a ``<failure>`` (type =
  its severity; the text gives ``file:line:col``, the dossier path, the APP references, how to fix it and
  the rule's help link). An open finding below ``--fail-on`` is a passing case whose ``<system-out>`` says
  what it is, so a pipeline is never marked failed (or, in Jenkins, unstable) by what ddtapp exits 0 on.
  A *coming-up* finding (next stage) and a waived finding are ``<skipped>`` with the reason; waived ones
  are listed whatever ``--show-waived`` says, as skipped tests are the format's own way to show an
  accepted exception.
- ``time="0"`` everywhere and no timestamps, so the same input gives byte-identical output. Text is
  escaped by ElementTree; characters XML 1.0 cannot carry (dossier text can hold control characters
  through YAML escapes) are replaced with U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.errors import Problem
from ddtapp.reporters import Report
from ddtapp.reporters.common import clean, counts_as_failure, help_uri, next_stage_name, problem_text, unique
from ddtapp.reporters.summary import Summary

LOAD_CASE = "load and validate"
#: The counts of a suite (and of the run), in the order they are written as attributes.
COUNTS = ("tests", "failures", "errors", "skipped")


def report(rep: Report, out: IO[str]) -> None:
    """Write the report a suite at a time, byte for byte what ``ET.indent`` and ``ET.tostring`` of the
    whole ``<testsuites>`` tree would give, holding one dossier's suite at a time. The run's totals are
    attributes of the root element, so they are written first: a first pass over the results counts them
    (the second one writes the suites)."""
    problems_by_file: dict[str, list[Problem]] = {}
    for p in rep.problems:
        problems_by_file.setdefault(p.file, []).append(p)
    root = ET.Element("testsuites", name="ddtapp")
    for key, value in _totals(rep, len(problems_by_file)).items():
        root.set(key, str(value))
    root.set("time", "0")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if not rep.results and not problems_by_file:
        out.write(ET.tostring(root, encoding="unicode") + "\n")  # <testsuites ... />
        return
    end = "</testsuites>"
    start = ET.tostring(root, encoding="unicode", short_empty_elements=False)  # <testsuites ...></testsuites>
    out.write(start[: -len(end)])
    for result in rep.results:
        _write_suite(out, _dossier_suite(rep, result))
    for file, problems in problems_by_file.items():
        _write_suite(out, _problem_suite(file, problems))
    out.write("\n" + end + "\n")


def _write_suite(out: IO[str], suite: ET.Element) -> None:
    """One ``<testsuite>`` as the whole tree's ``ET.indent`` would lay it out (a child of the root, level 1),
    after the whitespace that the root's text or the previous suite's tail would be (the last suite's tail
    is the newline before ``</testsuites>``)."""
    _count(suite)
    ET.indent(suite, level=1)
    out.write("\n  " + ET.tostring(suite, encoding="unicode"))


def _suite(file: str) -> ET.Element:
    return ET.Element("testsuite", name=clean(file))


def _case(suite: ET.Element, file: str, name: str, line: int | None = None) -> ET.Element:
    attrs = {"name": clean(name), "classname": clean(file), "file": clean(file), "time": "0"}
    if line is not None:
        attrs["line"] = str(line)
    return ET.SubElement(suite, "testcase", attrs)


def _outcome(f: Finding, fail_on: str) -> str:
    """What a finding's test case carries: ``skipped`` (waived or coming up), ``failure`` (fails the run at
    ``--fail-on``) or ``system-out`` (passes, with what it is). Shared by the suites and the run's totals."""
    if f.status in ("waived", "coming_up"):
        return "skipped"
    return "failure" if counts_as_failure(f, fail_on) else "system-out"


def _dossier_suite(report: Report, result: Result) -> ET.Element:
    suite = _suite(result.file)
    a = result.assessment
    s = Summary.of(result)
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("tool", result.tool_name),
        ("stage", a.stage),
        ("impact_tier", a.tier),
        ("gate_ready", "true" if s.gate_ready else "false"),
        ("fail_on", report.fail_on),
        ("today", report.today),
    ):
        ET.SubElement(props, "property", name=name, value=clean(str(value)))
    _case(suite, result.file, LOAD_CASE, 1)
    names: dict[str, int] = {}
    for f in result.findings:  # every finding, waived ones included, in the engine's order
        base = f"{f.rule_id} at {f.path or '(top)'}"
        names[base] = names.get(base, 0) + 1
        case = _case(suite, f.file, base if names[base] == 1 else f"{base} ({names[base]})", f.line)
        where = f"{f.file}:{f.line}:{f.column}"
        details = "\n".join(
            [
                f"{where}: {f.severity} {f.rule_id}: {f.message}",
                f"at {f.path or '(top)'}",
                *([f"APP: {', '.join(f.app_refs)}"] if f.app_refs else []),
                *([f"Basis: {'; '.join(f.basis)}"] if f.basis else []),
                *([f"How to fix: {rule.spec.remediation}"] if (rule := report.pack.rule(f.rule_id)) else []),
                f"More: {help_uri(f.rule_id)}",
            ]
        )
        outcome = _outcome(f, report.fail_on)
        if f.status == "waived":
            ET.SubElement(case, "skipped", message=clean(f"waived: {f.waiver_reason or 'no reason given'}"))
        elif outcome == "skipped":  # coming up
            due = next_stage_name(report.pack, result.assessment.stage)
            ET.SubElement(case, "skipped", message=clean(f"coming up at {due}: {f.message}"))
        elif outcome == "failure":
            el = ET.SubElement(case, "failure", message=clean(f"{f.rule_id}: {f.message}"), type=f.severity)
            el.text = clean(details)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = clean(f"{f.severity} (below --fail-on {report.fail_on}; does not fail the run)\n{details}")
    return suite


def _problem_suite(file: str, problems: list[Problem]) -> ET.Element:
    suite = _suite(file)
    case = _case(suite, file, LOAD_CASE, problems[0].line)
    first = problem_text(problems[0])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    el = ET.SubElement(case, "error", message=clean(first + more), type="input")
    el.text = clean("\n".join(unique(p.render() for p in problems)))
    return suite


def _count(suite: ET.Element) -> None:
    """A suite's counts, from its test cases, as its attributes."""
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for key, child in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        suite.set(key, str(sum(1 for c in cases if c.find(child) is not None)))
    suite.set("time", "0")


def _totals(report: Report, problem_files: int) -> dict[str, int]:
    """The run's counts, what ``_count`` gives summed over every suite, counted from the findings in one
    pass over the results (a dossier's suite: ``load and validate`` plus a case per finding, none an
    error; a suite per unreadable file: one case, an error)."""
    totals = dict.fromkeys(COUNTS, 0)
    for result in report.results:
        totals["tests"] += 1 + len(result.findings)
        for f in result.findings:
            outcome = _outcome(f, report.fail_on)
            if outcome != "system-out":
                totals["failures" if outcome == "failure" else "skipped"] += 1
    totals["tests"] += problem_files
    totals["errors"] += problem_files
    return totals
