"""Sign-offs bound to the facts they approved.

Which facts a kind of sign-off covers comes from the one change-control table (``rules/change-control.yaml``)
that ``ddtapp diff`` classifies with: a sign-off ``approves`` some reviews (the DPIA sign-off the DPIA
review, a gate decision a new gate decision, ...), and covers every fact whose *significant* change
triggers one of them. Each value in the dossier belongs to the first row of the table that would class a
change of it (as ``diff`` does), so a value a minor row claims -- wording, contacts, a review recorded --
is covered by no sign-off, and a minor change leaves every sign-off current.

A fingerprint holds, per fact (named by its row's label), the first 12 hex digits of the SHA-256 of the
canonical JSON of its values, and the SHA-256 of them all. Text is compared with runs of white space
collapsed; text in a row that treats a small edit as wording (``wording_if_alike``) is compared by its
words alone (case and punctuation folded), as a digest cannot say how alike two texts are. The few facts
whose change counts only for some values (``to``, ``grows_by``, ``order``: a flag set to true, a yearly
figure growing tenfold, a wider area) are kept as values instead, and a change of them is classed by the
table itself: 9,000 people a year becoming 12,000 leaves a sign-off current, becoming 90,000 makes it
stale, exactly as ``diff`` says. It proves nothing about who signed: that is the git history's job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.diff import RawChange, canonical
from ddtapp.changes.table import ChangeKind, Row, SignOffSpec, Table

FIELD = "facts_fingerprint"
#: Hex digits kept of each fact's own digest: enough to tell values apart, short enough to read.
FACT_DIGITS = 12
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class SignOff:
    spec: SignOffSpec
    path: paths.Concrete
    node: dict[str, Any]

    @property
    def where(self) -> str:
        return paths.text_of(self.path)


@lru_cache(maxsize=256)
def _steps(pattern: str) -> tuple[paths.Step, ...]:
    return paths.parse(pattern)


def _plain(value: Any, words_only: bool = False) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v, words_only) for k, v in value.items() if k != FIELD}
    if isinstance(value, list):
        return [_plain(v, words_only) for v in value]
    if isinstance(value, str):
        text = _PUNCTUATION.sub(" ", value.casefold()) if words_only else value
        return " ".join(text.split())
    return value


def _sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def _owner(table: Table, path: paths.Concrete, roots: tuple[Any, ...]) -> Row | None:
    """The row that classes a change of the value at ``path``: the first that covers it and counts a change
    in place; else (a list item, added or removed whole) the first whose pattern reaches the item itself."""
    for row in table.rows:
        if "changed" in row.spec.kinds and any(paths.covers(p, path, roots) for p in row.patterns):
            return row
    parent = path[:-1]
    for row in table.rows:
        if any(paths.covers(p, path, roots) and not paths.covers(p, parent, roots) for p in row.patterns):
            return row
    return None


@dataclass
class Facts:
    """The dossier's values that some significant row owns: digested ones by row, measured ones by path."""

    digested: dict[str, list[tuple[Row, list[Any]]]] = field(default_factory=dict)  # label -> (row, [path, value])
    measured: dict[str, tuple[Row, paths.Concrete, Any]] = field(default_factory=dict)  # path text -> ...


def facts_of(table: Table, data: Any) -> Facts:
    """Every value a significant row of the table owns, found once for all the dossier's sign-offs."""
    roots = (data,)
    seen: set[paths.Concrete] = set()
    out = Facts()
    for row in table.rows:
        if row.spec.significance != "significant":
            continue
        for pattern in row.patterns:
            for at, node in paths.select(data, pattern):
                for leaf, value in paths.leaves(node, at):
                    if value is None or leaf in seen or isinstance(value, dict | list):
                        continue
                    seen.add(leaf)
                    owner = _owner(table, leaf, roots)
                    if owner is None or owner.spec.significance != "significant":
                        continue
                    if owner.spec.measured:
                        out.measured[paths.text_of(leaf)] = (owner, leaf, value)
                    else:
                        entry = [paths.text_of(leaf), _plain(value, owner.spec.wording_if_alike is not None)]
                        out.digested.setdefault(owner.spec.label, []).append((owner, entry))
    return out


def _kept(row: Row, value: Any) -> bool:
    """Whether a measured value goes into the fingerprint: one of ``to`` (a flag set to false is not kept,
    so a fact set to true later is new), else every number or place in an ``order``."""
    if row.spec.to is not None:
        return any(type(value) is type(v) and value == v for v in row.spec.to)
    return True


def fingerprint(table: Table, data: Any, spec: SignOffSpec, facts: Facts | None = None) -> dict[str, Any]:
    """``{"sha256": ..., "facts": {label: digest}, "values": {path: value}}`` of what ``spec`` covers."""
    facts = facts if facts is not None else facts_of(table, data)
    rows = set(map(id, table.covered_rows(spec)))
    values: dict[str, list[Any]] = {}
    for label, entries in facts.digested.items():
        mine = sorted((entry for row, entry in entries if id(row) in rows), key=lambda e: e[0])
        if mine:  # by path: the order keys are written in is no fact
            values[label] = mine
    measured = {p: v for p, (row, _at, v) in facts.measured.items() if id(row) in rows and _kept(row, v)}
    out: dict[str, Any] = {
        "sha256": _sha256(values),
        "facts": {label: _sha256(v)[:FACT_DIGITS] for label, v in values.items()},
    }
    if measured:
        out["values"] = measured
    return out


def sign_offs(data: Any, specs: list[SignOffSpec]) -> Iterator[SignOff]:
    """Every sign-off the dossier records, of every kind, in the table's order (each place once)."""
    seen: set[paths.Concrete] = set()
    for spec in specs:
        for pattern in spec.at:
            for at, node in paths.select(data, _steps(pattern)):
                if isinstance(node, dict) and at not in seen:
                    seen.add(at)
                    yield SignOff(spec, at, node)


def _measured_changes(table: Table, sign_off: SignOff, data: Any, facts: Facts, before: dict[str, Any]) -> list[str]:
    """The labels of the measured facts whose change since the sign-off the table classes as significant
    for a review the sign-off stands for."""
    from ddtapp.changes.classify import classify

    covered = set(map(id, table.covered_rows(sign_off.spec)))
    mine = {p: (at, v) for p, (row, at, v) in facts.measured.items() if id(row) in covered}
    out: list[str] = []
    for text in dict.fromkeys([*before, *(p for p, (at, v) in mine.items() if _kept(facts.measured[p][0], v))]):
        if text in facts.measured and text not in mine:
            continue  # a value another kind of sign-off covers
        at, new = mine.get(text, (None, None))
        old = before.get(text)
        if type(old) is type(new) and old == new:
            continue
        kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
        change = classify(table, RawChange(at or paths.concrete(text), kind, old, new), data, data)
        if change.significance == "significant" and set(change.triggers) & set(sign_off.spec.approves):
            out.append(change.label)
    return out


def changed_facts(table: Table, sign_off: SignOff, data: Any, facts: Facts | None = None) -> list[str] | None:
    """None when the sign-off carries no fingerprint or its facts are unchanged; else what changed."""
    recorded = sign_off.node.get(FIELD)
    if not isinstance(recorded, dict):
        return None
    facts = facts if facts is not None else facts_of(table, data)
    now = fingerprint(table, data, sign_off.spec, facts)
    changed: list[str] = []
    if recorded.get("sha256") != now["sha256"]:
        listed = recorded.get("facts")
        before: dict[str, Any] = listed if isinstance(listed, dict) else {}
        changed = [in_words(p) for p in dict.fromkeys([*now["facts"], *before]) if before.get(p) != now["facts"].get(p)]
        changed = changed or ["the fingerprint does not match its facts (edited by hand?)"]
    kept = recorded.get("values")
    for label in _measured_changes(table, sign_off, data, facts, kept if isinstance(kept, dict) else {}):
        if in_words(label) not in changed:
            changed.append(in_words(label))
    return changed or None


def in_words(label: str) -> str:
    """A row's label as it reads inside a sentence: 'Data source' -> 'data source' ('DPIA' kept)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def stale(table: Table, data: Any) -> Iterator[tuple[SignOff, list[str]]]:
    facts: Facts | None = None
    for sign_off in sign_offs(data, table.sign_offs):
        if not isinstance(sign_off.node.get(FIELD), dict):
            continue
        facts = facts or facts_of(table, data)
        changed = changed_facts(table, sign_off, data, facts)
        if changed is not None:
            yield sign_off, changed
