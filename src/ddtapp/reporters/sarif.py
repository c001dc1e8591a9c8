"""SARIF 2.1.0 report, for GitHub code scanning (``github/codeql-action/upload-sarif``) and any other
SARIF viewer. Validates against the official OASIS schema (tests/data/sarif-schema-2.1.0.json).

Choices, with the reason for each:

- **One run, rules that have a result.** ``tool.driver.rules`` lists each rule that has at least one
  result in this run (sorted by id), and every result names its rule by ``ruleId`` and ``ruleIndex``.
  Listing all ~190 rules of the pack would add some 440 KB to every report, clean ones included; the
  full list is ``ddtapp rules --format json`` and ``docs/rules.md``, where each rule's ``helpUri`` points.
  (``ruleIndex`` is therefore only valid within one report; ``ruleId`` is the stable key.)
- **Levels.** An open finding's severity is its level (``info`` -> ``note``). A *coming-up* finding (due at
  the next stage; it never fails the run) is a ``note`` with ``properties.status = "coming_up"`` and the
  stage it falls due at; the rule's own level stays in ``defaultConfiguration``.
- **Waived findings: with ``--show-waived``, as suppressed results.** SARIF has first-class suppressions
  (SARIF §3.35, meant for showing an auditor every result, fixed or deliberately accepted), so with
  ``--show-waived`` each waived finding is a result with ``suppressions: [{kind: "inSource", status:
  "accepted", justification: <the waiver's reason>}]``. ``inSource`` because a waiver is a construct of the
  analysed artifact's own format (the dossier's ``waivers:``), like a ``SuppressMessage`` attribute;
  ``external`` is for a separate store such as a database (§3.35.2). They are *not* included by default
  because GitHub code scanning, the main consumer, does not reliably honour
  ``suppressions``: a result that is suppressed after its alert was opened keeps the alert open
  (reported in several repositories, e.g. semgrep users stripping suppressed results before upload). Left
  out, a waived finding's alert closes. Viewers that honour suppressions get them with ``--show-waived``.
- **Input problems are results**, under the tool's own rule ``DDTAPP-INPUT`` (level ``error``), not
  ``toolExecutionNotifications``: SARIF §3.58 says conditions relevant to an artifact being analysed
  (a dossier that is not valid YAML, or breaks the schema) are results, while notifications are about the
  tool itself; and only results show in a pull request. ``invocations[0].executionSuccessful`` stays
  ``true``: ddtapp ran to completion and reported every input (GitHub has treated ``false`` as a reason to
  reject an upload, codeql-action#1316).
- **Locations.** Every result has a ``physicalLocation`` with a region (``startLine``, ``startColumn``, and
  an end on the same line covering the key that the dossier path ends at; GitHub drops results without a
  region). The URI is the dossier path as given, with forward slashes, relative to ``%SRCROOT%`` (the
  directory ddtapp ran in; absolute paths become ``file:`` URIs). The dossier path
  (``engage.legal_framework.dpia``) is the result's logical location.
- **Fingerprints.** ``partialFingerprints["ddtapp/v1"]`` is a sha256 of file + dossier path + rule id (never a
  line number), so a finding keeps its identity when lines move (see ``common.fingerprints``).
- **Deterministic.** No timestamps, GUIDs or absolute working directory; the run's date is in
  ``run.properties.today``. The same input gives byte-identical output.
"""

from __future__ import annotations

from itertools import chain
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any
from urllib.parse import quote

from ddtapp import HOMEPAGE, __version__
from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.errors import Problem
from ddtapp.loading.yaml_loader import parent_path
from ddtapp.pack.basis import describe
from ddtapp.pack.rulepack import Rule, RulePack, why_app
from ddtapp.reporters import Report
from ddtapp.reporters.common import (
    FINGERPRINT_KEY,
    INPUT_RULE_ID,
    INPUT_RULE_TITLE,
    Item,
    JsonList,
    artifact_path,
    clean,
    every_section,
    help_uri,
    items,
    md_escape,
    md_prose,
    next_stage_name,
    problem_fingerprints,
    problem_text,
    rule_where,
    template_text,
    unique,
    write_json,
)

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
#: GitHub's ``problem.severity`` rule property: error, warning or recommendation.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}


def build(report: Report) -> dict[str, Any]:
    """The SARIF log as one JSON value; its results are made one dossier at a time as it is written
    (``common.write_json``). A first pass over the run collects the rules and artifacts that come before them."""
    pack = report.pack
    rule_ids: set[str] = set()
    artifacts: dict[str, int] = {}
    for result in report.results:
        artifacts.setdefault(result.file, len(artifacts))
        rule_ids.update(f.rule_id for f in result.findings if report.show_waived or f.status != "waived")
    for p in report.problems:
        artifacts.setdefault(p.file, len(artifacts))
    rules = [_rule(pack, rule_id) for rule_id in sorted(rule_ids)]
    if report.problems:
        rules.append(_input_rule())
    index = {r["id"]: i for i, r in enumerate(rules)}

    located = {name: _artifact_location(name, i) for name, i in artifacts.items()}  # once a dossier, not a result
    results = chain(
        (_result(report, it, index, located) for it in items(report, include_waived=report.show_waived)),
        (
            _problem(p, fp, index, artifacts)
            for p, fp in zip(report.problems, problem_fingerprints(report.problems), strict=True)
        ),
    )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ddtapp",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": rules,
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The directory ddtapp check ran in (normally the repository root); "
                    "dossier paths are relative to it."
                }
            }
        },
        "artifacts": JsonList(
            {"location": _artifact_location(name, None), "roles": ["analysisTarget"], "mimeType": "application/yaml"}
            for name in artifacts
        ),
        "results": JsonList(results),
        "columnKind": "unicodeCodePoints",
        "properties": {"today": report.today, "failOn": report.fail_on},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def report(rep: Report, out: IO[str]) -> None:
    write_json(out, build(rep))
    out.write("\n")


# --- rules -------------------------------------------------------------------------------------------


def _rule(pack: RulePack, rule_id: str) -> dict[str, Any]:
    rule = pack.rule(rule_id)
    if rule is None:  # a finding from a rule the pack no longer has: describe it minimally
        return {
            "id": rule_id,
            "shortDescription": {"text": rule_id},
            "fullDescription": {"text": rule_id},
            "helpUri": help_uri(rule_id),
            "help": {"text": rule_id},
        }
    s = rule.spec
    return {
        "id": s.id,
        "name": _name(s.title),
        "shortDescription": {"text": clean(s.title)},
        "fullDescription": {"text": clean(template_text(s.message))},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "helpUri": help_uri(s.id),
        "help": {"text": help_text(rule, pack), "markdown": help_markdown(rule, pack)},
        "properties": {
            "tags": unique(
                [
                    "ddtapp",
                    *(["every-section"] if every_section(rule) else [rule.section.stage, rule.section.id]),
                    s.kind,
                ]
            ),
            **({} if every_section(rule) else {"stage": rule.section.stage, "section": rule.section.id}),
            "appRefs": list(s.app_refs),
            "appSection": s.app_section,
            "legislation": list(s.legislation),
            "basis": describe(rule.basis),
            "minTier": s.min_tier,
            "precision": "very-high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _name(title: str) -> str:
    """``Stage document present`` -> ``StageDocumentPresent`` (SARIF's ``name`` is an identifier)."""
    words = "".join(ch if ch.isalnum() else " " for ch in title).split()
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"


def help_text(rule: Rule, pack: RulePack) -> str:
    s = rule.spec
    parts = [
        f"{s.title}.",
        f"What it finds: {template_text(s.message)}",
        f"How to fix: {s.remediation}",
        f"Why (APP): {why_app(s)}",
    ]
    parts.append("Basis: " + "; ".join(describe(rule.basis)))
    if s.legislation:
        parts.append("Legislation: " + "; ".join(s.legislation))
    parts.append(f"Applies to: {rule_where(pack, rule)}. More: {help_uri(s.id)}")
    return clean("\n\n".join(parts))


def help_markdown(rule: Rule, pack: RulePack) -> str:
    s = rule.spec
    parts = [
        f"**{md_escape(s.title)}** ({md_escape(rule_where(pack, rule))})",
        f"**What it finds:** {md_escape(template_text(s.message))}",
        f"**How to fix:** {md_prose(s.remediation)}",
        (
            f"**Why (APP):** {md_escape(', '.join(s.app_refs))}, {md_escape(s.app_section)}:\n\n> {md_escape(s.quote)}"
            if s.app_refs
            else f"**Why (APP):** {md_escape(why_app(s))}"
        ),
    ]
    parts.append("**Basis:** " + "; ".join(md_escape(x) for x in describe(rule.basis)))
    if s.legislation:
        parts.append("**Legislation:** " + "; ".join(md_escape(x) for x in s.legislation))
    parts.append(f"[{md_escape(s.id)} in the rules reference]({help_uri(s.id)})")
    return clean("\n\n".join(parts))


def _input_rule() -> dict[str, Any]:
    text = (
        "The dossier could not be loaded: it is not readable YAML, or it breaks the dossier schema. "
        "ddtapp checked the other dossiers; fix this one and run again."
    )
    return {
        "id": INPUT_RULE_ID,
        "name": "DossierCouldNotBeRead",
        "shortDescription": {"text": INPUT_RULE_TITLE},
        "fullDescription": {"text": text},
        "defaultConfiguration": {"level": "error"},
        "helpUri": help_uri(INPUT_RULE_ID),
        "help": {
            "text": text + " The message says what is wrong and where.",
            "markdown": text + " The message says what is wrong and where.",
        },
        "properties": {"tags": ["ddtapp", "input"], "precision": "very-high", "problem.severity": "error"},
    }


# --- results -----------------------------------------------------------------------------------------


def _artifact_location(file: str, index: int | None) -> dict[str, Any]:
    """The location of a dossier; ``index`` into ``run.artifacts`` (None for the artifact's own entry)."""
    path = artifact_path(file)
    if PurePosixPath(path).is_absolute() or PureWindowsPath(file).is_absolute():
        uri = PureWindowsPath(file).as_uri() if PureWindowsPath(file).drive else PurePosixPath(path).as_uri()
        out: dict[str, Any] = {"uri": uri}
    else:
        out = {"uri": quote(path.encode("utf-8", "surrogateescape"), safe="/"), "uriBaseId": SRCROOT}
    if index is not None:
        out["index"] = index
    return out


def _region(line: int, column: int, length: int) -> dict[str, int]:
    line, column = max(line, 1), max(column, 1)
    return {"startLine": line, "startColumn": column, "endLine": line, "endColumn": column + max(length, 1)}


def key_length(result: Result, f: Finding) -> int:
    """Length of the key (or list item marker) the finding points at: the dossier path, or its nearest
    ancestor that exists, as ``Loaded.locate`` resolves it."""
    positions = result.loaded.positions
    path = f.path
    while path and path not in positions:
        path = parent_path(path)
    if not path or positions.get(path) != (f.line, f.column) or path.endswith("]"):
        return 1
    return len(path[max(path.rfind("."), path.rfind("]")) + 1 :])


def _result(report: Report, it: Item, index: dict[str, int], located: dict[str, dict[str, Any]]) -> dict[str, Any]:
    f = it.finding
    props: dict[str, Any] = {
        "dossierPath": f.path,
        "stage": f.stage,
        "section": f.section,
        "status": f.status,
        "kind": f.kind,
        "appRefs": list(f.app_refs),
        "basis": list(f.basis),
    }
    if f.status == "coming_up":
        props["dueAt"] = next_stage_name(report.pack, it.result.assessment.stage)
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "level": LEVEL[f.severity],
        "message": {"text": clean(f.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": located[f.file],
                    "region": _region(f.line, f.column, key_length(it.result, f)),
                },
                "logicalLocations": [{"fullyQualifiedName": clean(f.path) or "(top)"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: it.fingerprint},
        "properties": props,
    }
    if f.status == "waived":
        out["suppressions"] = [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": clean(f.waiver_reason) or "waived in the dossier",
            }
        ]
    return out


def _problem(p: Problem, fp: str, index: dict[str, int], art_index: dict[str, int]) -> dict[str, Any]:
    text = problem_text(p)
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": _artifact_location(p.file, art_index[p.file]),
            "region": _region(p.line, p.column, 1),
        }
    }
    if p.path:
        location["logicalLocations"] = [{"fullyQualifiedName": clean(p.path)}]
    return {
        "ruleId": INPUT_RULE_ID,
        "ruleIndex": index[INPUT_RULE_ID],
        "level": "error",
        "message": {"text": clean(text)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
        "properties": {**({"dossierPath": p.path} if p.path else {}), "status": "input_error"},
    }
