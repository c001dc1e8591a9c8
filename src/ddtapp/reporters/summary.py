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
        # counted by list.count, in C: five passes of Python over the findings were 7% of a register entry
        statuses = [f.status for f in result.findings]
        severities = [f.severity for f in result.findings if f.status == "open"]
        errors = severities.count("error")
        warnings = severities.count("warning")
        return cls(
            errors=errors,
            warnings=warnings,
            infos=severities.count("info"),
            coming_up=statuses.count("coming_up"),
            waived=statuses.count("waived"),
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
