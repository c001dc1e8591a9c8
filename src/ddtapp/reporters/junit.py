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

from ddtapp.engine import Result
from ddtapp.errors import Problem
from ddtapp.reporters import Report
from ddtapp.reporters.common import (Item, clean, counts_as_failure, help_uri, items, next_stage_name, problem_text,
                                     unique)
from ddtapp.reporters.summary import Summary

LOAD_CASE = "load and validate"


def build(report: Report) -> ET.Element:
    root = ET.Element("testsuites", name="ddtapp")
    by_result: dict[int, list[Item]] = {}
    for it in items(report, include_waived=True):
        by_result.setdefault(it.file_index, []).append(it)
    for i, result in enumerate(report.results):
        _dossier_suite(root, report, result, by_result.get(i, []))
    problems_by_file: dict[str, list[Problem]] = {}
    for p in report.problems:
        problems_by_file.setdefault(p.file, []).append(p)
    for file, problems in problems_by_file.items():
        _problem_suite(root, file, problems)
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    return root


def report(rep: Report, out: IO[str]) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(build(rep), encoding="unicode"))
    out.write("\n")


def _suite(root: ET.Element, file: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=clean(file))


def _case(suite: ET.Element, file: str, name: str, line: int | None = None) -> ET.Element:
    attrs = {"name": clean(name), "classname": clean(file), "file": clean(file), "time": "0"}
    if line is not None:
        attrs["line"] = str(line)
    return ET.SubElement(suite, "testcase", attrs)


def _dossier_suite(root: ET.Element, report: Report, result: Result, its: list[Item]) -> None:
    suite = _suite(root, result.file)
    a = result.assessment
    s = Summary.of(result)
    props = ET.SubElement(suite, "properties")
    for name, value in (("tool", result.tool_name), ("stage", a.stage), ("impact_tier", a.tier),
                        ("gate_ready", "true" if s.gate_ready else "false"), ("fail_on", report.fail_on),
                        ("today", report.today)):
        ET.SubElement(props, "property", name=name, value=clean(str(value)))
    _case(suite, result.file, LOAD_CASE, 1)
    names: dict[str, int] = {}
    for it in its:
        f = it.finding
        base = f"{f.rule_id} at {f.path or '(top)'}"
        names[base] = names.get(base, 0) + 1
        case = _case(suite, f.file, base if names[base] == 1 else f"{base} ({names[base]})", f.line)
        where = f"{f.file}:{f.line}:{f.column}"
        details = "\n".join([
            f"{where}: {f.severity} {f.rule_id}: {f.message}",
            f"at {f.path or '(top)'}",
            f"APP: {', '.join(f.app_refs)}",
            *([f"How to fix: {rule.spec.remediation}"] if (rule := report.pack.rule(f.rule_id)) else []),
            f"More: {help_uri(f.rule_id)}",
        ])
        if f.status == "waived":
            ET.SubElement(case, "skipped", message=clean(f"waived: {f.waiver_reason or 'no reason given'}"))
        elif f.status == "coming_up":
            due = next_stage_name(report.pack, result.assessment.stage)
            ET.SubElement(case, "skipped", message=clean(f"coming up at {due}: {f.message}"))
        elif counts_as_failure(f, report.fail_on):
            el = ET.SubElement(case, "failure", message=clean(f"{f.rule_id}: {f.message}"), type=f.severity)
            el.text = clean(details)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = clean(f"{f.severity} (below --fail-on {report.fail_on}; does not fail the run)\n{details}")


def _problem_suite(root: ET.Element, file: str, problems: list[Problem]) -> None:
    suite = _suite(root, file)
    case = _case(suite, file, LOAD_CASE, problems[0].line)
    first = problem_text(problems[0])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    el = ET.SubElement(case, "error", message=clean(first + more), type="input")
    el.text = clean("\n".join(unique(p.render() for p in problems)))


def _count(root: ET.Element, suites: list[ET.Element]) -> None:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
