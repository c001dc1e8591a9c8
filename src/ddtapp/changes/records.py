"""The change-control table's records (``rules/change-control.yaml``), as validated on load and kept in the
rule-pack cache: the rows of significant and minor changes, the reviews they trigger, and the kinds of
sign-off bound to the facts they approved.

Apart from :mod:`ddtapp.changes.table` (which compiles their patterns for ``diff`` and the stale sign-off
rule) so that loading the rule pack does not import the table's code: a check compiles the table only for a
dossier that has a sign-off bound to its facts.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from ddtapp.frozen import frozen
from ddtapp.pack.basis import Basis

FILE_NAME = "change-control.yaml"
REFERENCE = "docs/change-control.md"
_STRICT = {"extra": "forbid"}
_record = frozen(kw_only=True)

ChangeKind = Literal["added", "removed", "changed"]


@_record
class TestedOn:
    """What a record of a review must have been run on to count: for each item ``in_use`` reaches (left out
    when it has the ``unless`` values), the record's key equals the item's value at the path (``match``:
    where the item has one; ``match_if_given``: where both have one) -- TEST-002's pairing."""

    __pydantic_config__ = _STRICT
    in_use: str
    unless: dict[str, Any] = field(default_factory=dict)
    match: dict[str, str] = field(default_factory=dict)
    match_if_given: dict[str, str] = field(default_factory=dict)


@_record
class ReviewSpec:
    """A review a significant change can trigger, and where the dossier records that it took place."""

    __pydantic_config__ = _STRICT
    id: str
    name: str
    recorded_by: list[str] = field(metadata={"min_length": 1, "description": "Patterns of the review's dates."})
    how: str
    app_refs: list[str] = field(metadata={"min_length": 1})
    applies_if: list[str] = field(
        default_factory=list,
        metadata={"description": "Patterns of facts: the review applies when one of them is true (always when empty)."},
    )
    tested_on: list[TestedOn] = field(
        default_factory=list,
        metadata={"description": "A record counts only when it ran on the tool as it now is (see TestedOn)."},
    )
    basis: Basis | None = None


@_record
class ChangeSpec:
    """A row of the table: changes at these paths are of this class and trigger these reviews."""

    __pydantic_config__ = _STRICT
    id: str
    label: str
    paths: list[str] = field(metadata={"min_length": 1})
    significance: Literal["significant", "minor"] = field(metadata={"alias": "class"})
    kinds: list[ChangeKind] = field(default_factory=lambda: ["added", "removed", "changed"])
    to: list[Any] | None = None
    wording_if_alike: float | None = field(
        default=None,
        metadata={
            "ge": 0,
            "le": 1,
            "description": "A text edit at least this alike (difflib ratio) is wording: the row does not apply.",
        },
    )
    grows_by: float | None = field(
        default=None,
        metadata={
            "ge": 1,
            "description": "Only a number that grows to at least this many times its old value (and above it).",
        },
    )
    order: list[Any] | None = field(
        default=None, metadata={"description": "Only a value that moves later in this list than the old one."}
    )
    triggers: list[str] = field(default_factory=list)
    why: str = ""
    app_refs: list[str] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        """Whether the row applies only to some values (so a fingerprint keeps the value, not its digest)."""
        return self.to is not None or self.grows_by is not None or self.order is not None


@_record
class SignOffSpec:
    """A kind of sign-off, where a dossier records it, and the facts it covers (bound by a fingerprint)."""

    __pydantic_config__ = _STRICT
    id: str
    name: str
    at: list[str] = field(metadata={"min_length": 1, "description": "Patterns of the signed-off mappings."})
    approves: list[str] = field(
        metadata={
            "min_length": 1,
            "description": "The reviews it stands for: it covers the facts whose significant change triggers one.",
        }
    )
    app_refs: list[str] = field(default_factory=list)


@_record
class ChangeControlFile:
    __pydantic_config__ = _STRICT
    version: int
    change_log: list[str] = field(default_factory=list)
    reviews: list[ReviewSpec]
    changes: list[ChangeSpec]
    sign_offs: list[SignOffSpec] = field(default_factory=list)
