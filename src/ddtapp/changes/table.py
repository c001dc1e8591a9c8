"""The change-control table (``rules/change-control.yaml``): which changes to a dossier are significant
for the law or the APP, which reviews each triggers, and where a dossier records those reviews.

It is data, validated on load like the rest of the rule pack; the patterns are those of
:mod:`ddtapp.changes.paths`. Nothing in it can run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ddtapp.changes import paths
from ddtapp.errors import InputError, Problem
from ddtapp.loading.yaml_loader import Loaded
from ddtapp.pack.basis import Basis
from ddtapp.resources import rules_dir

FILE_NAME = "change-control.yaml"
REFERENCE = "docs/change-control.md"
_STRICT = {"extra": "forbid"}
_record = dataclass(frozen=True, kw_only=True)

ChangeKind = Literal["added", "removed", "changed"]


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
    triggers: list[str] = field(default_factory=list)
    why: str = ""
    app_refs: list[str] = field(default_factory=list)


@_record
class SignOffSpec:
    """A kind of sign-off, where a dossier records it, and the facts it covers (bound by a fingerprint)."""

    __pydantic_config__ = _STRICT
    id: str
    name: str
    at: list[str] = field(metadata={"min_length": 1, "description": "Patterns of the signed-off mappings."})
    covers: dict[str, list[str]] = field(
        metadata={"min_length": 1, "description": "The facts it covers: a name in words -> their path patterns."}
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


@dataclass(frozen=True)
class Row:
    spec: ChangeSpec
    patterns: tuple[tuple[paths.Step, ...], ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    reviews: dict[str, ReviewSpec]
    review_patterns: dict[str, tuple[tuple[paths.Step, ...], ...]]
    review_conditions: dict[str, tuple[tuple[paths.Step, ...], ...]]
    change_log: tuple[tuple[paths.Step, ...], ...]
    source: str
    sign_offs: list[SignOffSpec] = field(default_factory=list)


def _compile(loaded: Loaded, where: str, pattern: str) -> tuple[paths.Step, ...]:
    try:
        return paths.parse(pattern)
    except paths.PatternError as exc:
        line, col = loaded.locate(where)
        raise InputError([Problem(loaded.file, line, col, str(exc), path=where, hint=f"See {REFERENCE}.")]) from None


def _check_refs(loaded: Loaded, spec: ChangeControlFile, catalogue: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def add(where: str, message: str) -> None:
        line, col = loaded.locate(where)
        problems.append(Problem(loaded.file, line, col, message, path=where))

    for i, review in enumerate(spec.reviews):
        unknown = [r for r in review.app_refs if r not in catalogue]
        if unknown:
            add(f"reviews[{i}].app_refs", f"review {review.id}: {', '.join(unknown)} are not in the APP catalogue")
    review_ids = {r.id for r in spec.reviews}
    for i, sign_off in enumerate(spec.sign_offs):
        unknown = [r for r in sign_off.app_refs if r not in catalogue]
        if unknown:
            add(
                f"sign_offs[{i}].app_refs", f"sign-off {sign_off.id}: {', '.join(unknown)} are not in the APP catalogue"
            )
        places = [(f"at[{j}]", p) for j, p in enumerate(sign_off.at)]
        places += [(f"covers.{name}[{j}]", p) for name, ps in sign_off.covers.items() for j, p in enumerate(ps)]
        for key, pattern in places:
            try:
                paths.parse(pattern)
            except paths.PatternError as exc:
                add(f"sign_offs[{i}].{key}", str(exc))
    for i, row in enumerate(spec.changes):
        unknown = [r for r in row.app_refs if r not in catalogue]
        if unknown:
            add(f"changes[{i}].app_refs", f"change {row.id}: {', '.join(unknown)} are not in the APP catalogue")
        missing = [t for t in row.triggers if t not in review_ids]
        if missing:
            add(f"changes[{i}].triggers", f"change {row.id}: no review called {', '.join(missing)}")
        if row.significance == "minor" and row.triggers:
            add(f"changes[{i}].triggers", f"change {row.id}: a minor change triggers no review")
        if row.significance == "significant" and not row.triggers:
            add(f"changes[{i}].triggers", f"change {row.id}: name the reviews a significant change triggers")
    return problems


def load_table(path: Path | None = None) -> Table:
    """The built-in table, or the one at ``path``; InputError (located) when it is not valid."""
    from ddtapp.pack.cache import read_records
    from ddtapp.pack.rulepack import CatalogueFile

    base = rules_dir()
    file = path or base / FILE_NAME
    loaded, spec = read_records(file, ChangeControlFile, "change-control table", REFERENCE)
    _cat_loaded, cat = read_records(base / "catalogue.yaml", CatalogueFile, "rule pack file", REFERENCE)
    problems = _check_refs(loaded, spec, {c.id for c in cat.requirements})
    if problems:
        raise InputError(problems)
    rows = tuple(
        Row(row, tuple(_compile(loaded, f"changes[{i}].paths[{j}]", p) for j, p in enumerate(row.paths)))
        for i, row in enumerate(spec.changes)
    )
    review_patterns = {
        r.id: tuple(_compile(loaded, f"reviews[{i}].recorded_by[{j}]", p) for j, p in enumerate(r.recorded_by))
        for i, r in enumerate(spec.reviews)
    }
    conditions = {
        r.id: tuple(_compile(loaded, f"reviews[{i}].applies_if[{j}]", p) for j, p in enumerate(r.applies_if))
        for i, r in enumerate(spec.reviews)
    }
    log = tuple(_compile(loaded, f"change_log[{j}]", p) for j, p in enumerate(spec.change_log))
    return Table(rows, {r.id: r for r in spec.reviews}, review_patterns, conditions, log, str(file), spec.sign_offs)
