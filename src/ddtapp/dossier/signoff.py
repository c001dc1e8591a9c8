"""What a sign-off approved: a fingerprint of the facts it covered, written by ``ddtapp sign``.

A gate decision, the DPIA sign-off, an approved waiver and the transparency record's clearance can
carry one. Which facts each kind of sign-off covers is data in the rule pack
(``rules/change-control.yaml``, ``sign_offs``); ``check`` reports a sign-off whose facts have changed
since as stale, naming them. It binds an approval to facts, not to a person: who signed is the git
history's job, and no cryptographic identity is claimed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr


class FactsFingerprint(BaseModel):
    """The facts a sign-off covered, as digests (``ddtapp sign`` writes this; do not edit it by hand)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str | None = Field(
        default=None,
        description="SHA-256 of the canonical JSON of every covered fact's values (hex).",
        json_schema_extra={"app_refs": ["GOV-RISK-02", "ENG-LEGAL-15"]},
    )
    facts: dict[str, StrictStr | list[StrictStr]] = Field(
        default_factory=dict,
        description="Per covered fact (its name in the rule pack), the first 12 hex digits of the SHA-256 of its "
        "values, or for a fact held in list items (data sources, models, outputs) of each item's values: how check "
        "names what changed.",
    )
    values: dict[str, StrictBool | StrictInt | StrictFloat | StrictStr | list[StrictStr]] = Field(
        default_factory=dict,
        description="The approved values of the facts whose change counts only for some values (a flag set to "
        "true, a figure growing tenfold, a wider area) or only as an item added (a technology type, a group of "
        "people), by dotted path: the change-control table judges a change of them as diff does.",
    )
