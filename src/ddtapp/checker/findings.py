"""Findings: small frozen records that sort and compare."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ddtapp.frozen import frozen

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
#: ``--fail-on`` levels: the lowest severity that fails the run ("never" fails nothing).
FAIL_ON_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3, "never": 99}

Status = Literal["open", "coming_up", "waived"]


@frozen(order=True, slots=True)
class Finding:
    """One thing the APP still asks of this project, located in the dossier."""

    file: str
    line: int
    column: int
    rule_id: str
    severity: Severity
    message: str
    path: str
    section: str
    stage: str
    app_refs: tuple[str, ...] = ()
    status: Status = "open"
    kind: str = field(default="missing", compare=False)
    waiver_reason: str = field(default="", compare=False)
    #: what the rule rests on, as the law stood on the day checked (APP, statute, case law, guidance, practice)
    basis: tuple[str, ...] = field(default=(), compare=False)

    @property
    def counts(self) -> bool:
        """Whether the finding can fail the run (coming-up and waived findings cannot)."""
        return self.status == "open"
