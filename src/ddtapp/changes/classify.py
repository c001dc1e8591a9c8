"""Classify a dossier's changes with the change-control table, and judge whether each review they
trigger has been recorded since.

A change is classified by the first row of the table that covers its path (rows are ordered specific
first). A mapping or list added or removed whole is classified by its own path and by every value
inside it, and is significant when any of those is: a new data input is significant because of its
``source`` even when the table has no row for the input itself.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.diff import RawChange, canonical
from ddtapp.changes.table import Row, Table, TestedOn
from ddtapp.pack.basis import describe

DEFAULT_LABEL = "Other detail"


@dataclass(frozen=True)
class Change:
    raw: RawChange
    significance: str  # "significant" or "minor"
    row_id: str
    label: str
    triggers: tuple[str, ...]
    app_refs: tuple[str, ...]
    why: str

    @property
    def path(self) -> str:
        return paths.text_of(self.raw.path)


@dataclass(frozen=True)
class ReviewStatus:
    id: str
    name: str
    how: str
    app_refs: tuple[str, ...]
    triggered_by: tuple[str, ...]  # paths of the changes
    latest: dt.date | None  # the latest recorded date of the review, if any
    recorded: bool
    basis: tuple[str, ...] = ()  # what the review rests on, one line each


@dataclass
class Assessment:
    changes: list[Change]
    change_date: dt.date
    change_date_source: str
    reviews: list[ReviewStatus] = field(default_factory=list)

    @property
    def outstanding(self) -> list[ReviewStatus]:
        return [r for r in self.reviews if not r.recorded]


def _row_for(
    table: Table, path: paths.Concrete, kind: str, value: Any, roots: tuple[Any, ...], old_value: Any = None
) -> Row | None:
    """The first row covering ``path`` for this kind of change and new ``value`` (``old_value``: the old
    value of a changed one, for rows that treat a small edit as wording, or count only growth)."""
    old_text = old_value
    for row in table.rows:
        spec = row.spec
        if kind not in spec.kinds:
            continue
        if spec.to is not None and (kind == "removed" or not any(_same(value, v) for v in spec.to)):
            continue
        if spec.grows_by is not None and not _grows(old_value, value, spec.grows_by):
            continue
        if spec.order is not None and not _later(old_value, value, spec.order):
            continue
        if spec.wording_if_alike is not None and _reworded(old_text, value, spec.wording_if_alike):
            continue
        if any(paths.covers(p, path, roots) for p in row.patterns):
            return row
    return None


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _grows(old: Any, new: Any, factor: float) -> bool:
    """A number that grows to at least ``factor`` times the old one, and above it (a first figure, or one
    from nothing, is not growth: there is nothing to compare it with)."""
    a, b = _number(old), _number(new)
    return a is not None and b is not None and a > 0 and b > a and b >= factor * a


def _later(old: Any, new: Any, order: list[Any]) -> bool:
    """A value later in ``order`` than the old one (a wider area)."""
    rank = {canonical(v): i for i, v in enumerate(order)}
    a, b = rank.get(canonical(old)), rank.get(canonical(new))
    return a is not None and b is not None and b > a


def _reworded(old: Any, new: Any, ratio: float) -> bool:
    if not (isinstance(old, str) and isinstance(new, str)):
        return False
    return difflib.SequenceMatcher(None, " ".join(old.split()), " ".join(new.split()), autojunk=False).ratio() >= ratio


def _candidates(raw: RawChange) -> Iterable[tuple[paths.Concrete, Any]]:
    """The change's own path, then (for a mapping or list added or removed whole) every value inside."""
    value = raw.new if raw.kind != "removed" else raw.old
    yield raw.path, value
    if isinstance(value, dict | list):
        yield from paths.leaves(value, raw.path)


def classify(table: Table, raw: RawChange, old: Any, new: Any) -> Change:
    roots = (old, new)
    first: Row | None = None
    significant: list[Row] = []
    for path, value in _candidates(raw):
        row = _row_for(table, path, raw.kind, value, roots, raw.old if raw.kind == "changed" else None)
        if row is None:
            continue
        first = first or row
        if row.spec.significance == "significant" and row not in significant:
            significant.append(row)
    chosen = significant[0] if significant else first
    if chosen is None:
        return Change(raw, "minor", "", DEFAULT_LABEL, (), (), "")
    triggers: list[str] = []
    refs: list[str] = []
    for row in significant:
        triggers += [t for t in row.spec.triggers if t not in triggers]
        refs += [r for r in row.spec.app_refs if r not in refs]
    if not significant:
        refs = list(chosen.spec.app_refs)
    return Change(
        raw, chosen.spec.significance, chosen.spec.id, chosen.spec.label, tuple(triggers), tuple(refs), chosen.spec.why
    )


def _dates(data: Any, patterns: Iterable[tuple[paths.Step, ...]]) -> list[tuple[str, dt.date]]:
    found: list[tuple[str, dt.date]] = []
    for pattern in patterns:
        for at, value in paths.select(data, pattern):
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                found.append((paths.text_of(at), value))
    return found


def change_log_date(table: Table, old: Any, new: Any) -> dt.date | None:
    """The latest date of a change-log entry that NEW records and OLD does not."""
    before = {canonical(v) for _p, v in _entries(old, table)}
    dates = [v for p, v in _entries(new, table) if canonical(v) not in before]
    return max(dates) if dates else None


def _entries(data: Any, table: Table) -> list[tuple[str, dt.date]]:
    return _dates(data, table.change_log)


def assess_reviews(
    table: Table, changes: list[Change], old: Any, new: Any, change_date: dt.date, old_date: dt.date | None
) -> list[ReviewStatus]:
    """Each review the significant changes trigger, in the table's order, with whether NEW records it
    on or after ``change_date`` -- or records it newly (absent from OLD) on or after ``old_date``, the
    date of the old version, when that is known (a review committed with the change it answers). A
    review with ``tested_on`` counts only records that ran on the tool as it now is."""
    by_review: dict[str, list[Change]] = {}
    for change in changes:
        for review_id in change.triggers:
            by_review.setdefault(review_id, []).append(change)
    statuses = []
    for review_id, spec in table.reviews.items():
        if review_id not in by_review:
            continue
        patterns = table.review_patterns[review_id]
        now = _dates(new, patterns)
        before = set(_dates(old, patterns))
        latest = max((d for _p, d in now), default=None)
        counting = [
            p for p, d in now if d >= change_date or (old_date is not None and (p, d) not in before and d >= old_date)
        ]
        records = [_record_of(new, p) for p in counting]
        recorded = bool(counting) and _tested_on(table, review_id, new, records, by_review[review_id])
        basis = tuple(describe(spec.basis)) if spec.basis else ()
        statuses.append(
            ReviewStatus(
                review_id,
                spec.name,
                spec.how,
                tuple(spec.app_refs),
                tuple(c.path for c in by_review[review_id]),
                latest,
                recorded,
                basis,
            )
        )
    return statuses


def _record_of(data: Any, date_path: str) -> Any:
    """The mapping that holds a review's date (the test, the DPIA review, the gate)."""
    node = data
    for key in paths.concrete(date_path)[:-1]:
        if isinstance(node, dict) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _at(item: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        item = item.get(key) if isinstance(item, dict) else None
    return None if item == "" else item


def _related(record: Any, item: Any, spec: TestedOn) -> bool:
    """TEST-002's pairing: the record's key equals the item's value (``match``: where the item has one;
    ``match_if_given``: where both have one)."""
    from ddtapp.pack.relations import _same as same_value

    if not isinstance(record, dict):
        return False
    for key, where in spec.match.items():
        want = _at(item, where)
        if want is not None and not (_at(record, key) is not None and same_value(_at(record, key), want)):
            return False
    for key, where in spec.match_if_given.items():
        want, have = _at(item, where), _at(record, key)
        if want is not None and have is not None and not same_value(have, want):
            return False
    return True


def _tested_on(table: Table, review_id: str, new: Any, records: list[Any], changes: list[Change]) -> bool:
    """Whether the records (dated after the change) ran on the tool as it now is: for each ``tested_on``
    entry, every item in use that a change touched (else every item in use) has a record related to it."""
    for spec, steps in table.tested_on.get(review_id, ()):
        items = [
            (at, item)
            for at, item in paths.select(new, steps)
            if isinstance(item, dict) and not any(_same(item.get(k), v) for k, v in spec.unless.items())
        ]
        touched = [(at, item) for at, item in items if any(c.raw.path[: len(at)] == at for c in changes)]
        for _at_path, item in touched or items:
            if not any(_related(r, item, spec) for r in records):
                return False
    return True
