"""JSON report. Shape version 1 (see docs/json-report.md); additions keep the version, changes bump it."""

from __future__ import annotations

from typing import IO, Any

from ddtapp import __version__
from ddtapp.checker.engine import Result
from ddtapp.reporters import Report
from ddtapp.reporters.common import JsonList, write_json
from ddtapp.reporters.summary import Summary

SHAPE_VERSION = 1


def build(report: Report) -> dict[str, Any]:
    """The report as one JSON value, its ``files`` made one dossier at a time as it is written."""
    return {
        "version": SHAPE_VERSION,
        "ddtapp": __version__,
        "today": report.today,
        "files": JsonList(_file(report, result) for result in report.results),
        "errors": [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message, "path": p.path, "hint": p.hint}
            for p in report.problems
        ],
    }


def _file(report: Report, result: Result) -> dict[str, Any]:
    a = result.assessment
    s = Summary.of(result)
    return {
        "file": result.file,
        "tool": result.tool_name,
        "stage": a.stage,
        "stage_recorded": a.stage_recorded,
        "phase": a.phase,
        "paused_on": a.paused_on,
        "regime": a.regime,
        "impact_tier": a.tier,
        "computed_tier": a.computed_tier,
        "declared_tier": a.declared_tier,
        "tier_justification": a.tier_justification,
        "tier_score": a.score,
        "gate_ready": s.gate_ready,
        "summary": {
            "error": s.errors,
            "warning": s.warnings,
            "info": s.infos,
            "coming_up": s.coming_up,
            "waived": s.waived,
        },
        "findings": [
            {
                "rule_id": f.rule_id,
                "severity": f.severity,
                "status": f.status,
                "kind": f.kind,
                "message": f.message,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "stage": f.stage,
                "section": f.section,
                "app_refs": list(f.app_refs),
                "basis": list(f.basis),
                **({"waiver_reason": f.waiver_reason} if f.status == "waived" else {}),
            }
            for f in result.findings
            if f.status != "waived" or report.show_waived
        ],
    }


def report(rep: Report, out: IO[str]) -> None:
    write_json(out, build(rep))
    out.write("\n")
