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
        """Counted in one pass over the findings (five passes cost twice as much; every report asks it of
        every dossier)."""
        errors = warnings = infos = coming_up = waived = 0
        for f in result.findings:
            status = f.status
            if status == "open":
                severity = f.severity
                if severity == "error":
                    errors += 1
                elif severity == "warning":
                    warnings += 1
                elif severity == "info":
                    infos += 1
            elif status == "coming_up":
                coming_up += 1
            elif status == "waived":
                waived += 1
        return cls(errors, warnings, infos, coming_up, waived, errors == 0 and warnings == 0)


def fails(result: Result, fail_on: str) -> bool:
    threshold = FAIL_ON_RANK[fail_on]
    return any(f.status == "open" and SEVERITY_RANK[f.severity] >= threshold for f in result.findings)


REGIME_NAMES = {
    "law_enforcement": "law enforcement (Part 3 DPA 2018)",
    "general": "general (UK GDPR)",
    "mixed": "mixed (Part 3 DPA 2018 and UK GDPR)",
}
TIER_NAMES = {"minimal": "minimal", "moderate": "moderate", "high": "high", "very_high": "very high"}
