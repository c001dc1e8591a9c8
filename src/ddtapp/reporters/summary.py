"""Counts and gate readiness shared by every reporter."""

from __future__ import annotations

from ddtapp.checker.engine import Result
from ddtapp.checker.findings import FAIL_ON_RANK, SEVERITY_RANK
from ddtapp.frozen import frozen


@frozen
class Summary:
    errors: int
    warnings: int
    infos: int
    coming_up: int
    waived: int
    gate_ready: bool

    @classmethod
    def of(cls, result: Result) -> Summary:
        open_ = [f for f in result.findings if f.status == "open"]
        errors = sum(1 for f in open_ if f.severity == "error")
        warnings = sum(1 for f in open_ if f.severity == "warning")
        return cls(
            errors=errors,
            warnings=warnings,
            infos=sum(1 for f in open_ if f.severity == "info"),
            coming_up=sum(1 for f in result.findings if f.status == "coming_up"),
            waived=sum(1 for f in result.findings if f.status == "waived"),
            gate_ready=errors == 0 and warnings == 0,
        )


def fails(result: Result, fail_on: str) -> bool:
    threshold = FAIL_ON_RANK[fail_on]
    return any(f.status == "open" and SEVERITY_RANK[f.severity] >= threshold for f in result.findings)


REGIME_NAMES = {
    "law_enforcement": "law enforcement (Part 3 DPA 2018)",
    "general": "general (UK GDPR)",
    "mixed": "mixed (Part 3 DPA 2018 and UK GDPR)",
}
TIER_NAMES = {"minimal": "minimal", "moderate": "moderate", "high": "high", "very_high": "very high"}
