"""The change-control table (``rules/change-control.yaml``): which changes to a dossier are significant
for the law or the APP, which reviews each triggers, and where a dossier records those reviews.

It is data, validated on load like the rest of the rule pack (its records: :mod:`ddtapp.changes.records`);
the patterns are those of :mod:`ddtapp.changes.paths`. Nothing in it can run code.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from ddtapp.changes import paths
from ddtapp.changes.records import (
    FILE_NAME,
    REFERENCE,
    ChangeControlFile,
    ChangeKind,
    ChangeSpec,
    ReviewSpec,
    SignOffSpec,
    TestedOn,
)
from ddtapp.errors import InputError, Problem
from ddtapp.frozen import frozen
from ddtapp.loading.yaml_loader import Loaded
from ddtapp.resources import rules_dir

__all__ = [
    "FILE_NAME",
    "REFERENCE",
    "ChangeControlFile",
    "ChangeKind",
    "ChangeSpec",
    "ReviewSpec",
    "Row",
    "SignOffSpec",
    "Table",
    "TestedOn",
    "compile_table",
    "load_table",
]


@frozen
class Row:
    spec: ChangeSpec
    patterns: tuple[tuple[paths.Step, ...], ...]


@frozen
class Table:
    rows: tuple[Row, ...]
    reviews: dict[str, ReviewSpec]
    review_patterns: dict[str, tuple[tuple[paths.Step, ...], ...]]
    review_conditions: dict[str, tuple[tuple[paths.Step, ...], ...]]
    change_log: tuple[tuple[paths.Step, ...], ...]
    source: str
    sign_offs: list[SignOffSpec] = field(default_factory=list)
    tested_on: dict[str, tuple[tuple[TestedOn, tuple[paths.Step, ...]], ...]] = field(default_factory=dict)

    def covered_rows(self, sign_off: SignOffSpec) -> tuple[Row, ...]:
        """The significant rows whose change triggers a review this kind of sign-off stands for."""
        return tuple(
            r
            for r in self.rows
            if r.spec.significance == "significant" and any(t in sign_off.approves for t in r.spec.triggers)
        )


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
        missing = [r for r in sign_off.approves if r not in review_ids]
        if missing:
            add(f"sign_offs[{i}].approves", f"sign-off {sign_off.id}: no review called {', '.join(missing)}")
        for key, pattern in [(f"at[{j}]", p) for j, p in enumerate(sign_off.at)]:
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
    """The built-in table, or the one at ``path``; InputError (located) when it is not valid.

    The built-in table and catalogue come from the rule-pack cache when ``check`` has stored them (no
    Pydantic); this never writes the cache, whose entries are the last ``check``'s."""
    from ddtapp.pack.cache import PackCache, cache_dir, read_records
    from ddtapp.pack.rulepack import CatalogueFile

    base = rules_dir()
    file = path or base / FILE_NAME
    store = PackCache(cache_dir()) if path is None else None
    read = store.load if store is not None and store.file is not None else read_records
    loaded, spec = read(file, ChangeControlFile, "change-control table", REFERENCE)
    _cat_loaded, cat = read(base / "catalogue.yaml", CatalogueFile, "rule pack file", REFERENCE)
    problems = _check_refs(loaded, spec, {c.id for c in cat.requirements})
    if problems:
        raise InputError(problems)
    return compile_table(spec, str(file), loaded)


def compile_table(spec: ChangeControlFile, source: str, loaded: Loaded | None = None) -> Table:
    """The table with its patterns parsed (``loaded`` locates a bad one; the rule pack's copy has been
    checked when its file was loaded)."""

    def compiled(where: str, pattern: str) -> tuple[paths.Step, ...]:
        if loaded is not None:
            return _compile(loaded, where, pattern)
        return paths.parse(pattern)

    rows = tuple(
        Row(row, tuple(compiled(f"changes[{i}].paths[{j}]", p) for j, p in enumerate(row.paths)))
        for i, row in enumerate(spec.changes)
    )
    review_patterns = {
        r.id: tuple(compiled(f"reviews[{i}].recorded_by[{j}]", p) for j, p in enumerate(r.recorded_by))
        for i, r in enumerate(spec.reviews)
    }
    conditions = {
        r.id: tuple(compiled(f"reviews[{i}].applies_if[{j}]", p) for j, p in enumerate(r.applies_if))
        for i, r in enumerate(spec.reviews)
    }
    tested_on = {
        r.id: tuple((t, compiled(f"reviews[{i}].tested_on[{j}].in_use", t.in_use)) for j, t in enumerate(r.tested_on))
        for i, r in enumerate(spec.reviews)
    }
    log = tuple(compiled(f"change_log[{j}]", p) for j, p in enumerate(spec.change_log))
    return Table(
        rows, {r.id: r for r in spec.reviews}, review_patterns, conditions, log, source, spec.sign_offs, tested_on
    )
