"""Sign-offs bound to the facts they approved.

Which facts a kind of sign-off covers comes from the one change-control table (``rules/change-control.yaml``)
that ``ddtapp diff`` classifies with: a sign-off ``approves`` some reviews (the DPIA sign-off the DPIA
review, a gate decision a new gate decision, ...), and covers every fact whose *significant* change
triggers one of them. Each value in the dossier belongs to the first row of the table that would class a
change of it (as ``diff`` does), so a value a minor row claims -- wording, contacts, a review recorded --
is covered by no sign-off, and a minor change leaves every sign-off current.

A fingerprint holds, per fact (named by its row's label), the first 12 hex digits of the SHA-256 of the
canonical JSON of its values -- one per list item for a fact held in list items (data sources, models,
outputs), so that an item removed is told from one added or changed and judged by the table's removal
rows -- and the SHA-256 of them all. Text is compared with runs of white space collapsed; text in a row
that treats a small edit as wording (``wording_if_alike``) is compared by its words alone (case and
punctuation folded), as a digest cannot say how alike two texts are. The few facts whose change counts
only for some values (``to``, ``grows_by``, ``order``: a flag set to true, a yearly figure growing
tenfold, a wider area), and the items of lists that count only when added (a technology type, a group of
people), are kept as values instead, and a change of them is classed by the table itself: 9,000 people a
year becoming 12,000 leaves a sign-off current, becoming 90,000 makes it stale, exactly as ``diff`` says.
It proves nothing about who signed: that is the git history's job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.diff import RawChange, canonical
from ddtapp.changes.records import ChangeKind, SignOffSpec
from ddtapp.changes.signoffs import FIELD, SignOff, bound
from ddtapp.changes.table import Row, Table
from ddtapp.frozen import mutable

#: Hex digits kept of each fact's own digest: enough to tell values apart, short enough to read.
FACT_DIGITS = 12
_PUNCTUATION = re.compile(r"[^\w\s]")


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


@mutable
class Facts:
    """The dossier's values that some significant row owns: digested ones by row, measured ones by path."""

    #: label -> (row, the list item the value belongs to ('' outside lists), [path within the item, value])
    digested: dict[str, list[tuple[Row, str, list[Any]]]] = field(default_factory=dict)
    measured: dict[str, tuple[Row, paths.Concrete, Any]] = field(default_factory=dict)  # path text -> ...
    #: lists whose items a row counts only as added (or removed): a technology type, a group of people
    listed: dict[str, tuple[Row, paths.Concrete, list[Any]]] = field(default_factory=dict)


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
                    elif "changed" not in owner.spec.kinds and isinstance(leaf[-1], int):
                        at_list = paths.text_of(leaf[:-1])
                        out.listed.setdefault(at_list, (owner, leaf[:-1], []))[2].append(_plain(value))
                    else:
                        cut = max((i + 1 for i, k in enumerate(leaf) if isinstance(k, int)), default=0)
                        inside = paths.text_of(leaf[cut:]) if cut else paths.text_of(leaf)
                        entry = [inside, _plain(value, owner.spec.wording_if_alike is not None)]
                        out.digested.setdefault(owner.spec.label, []).append((owner, paths.text_of(leaf[:cut]), entry))
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
    digests: dict[str, str | list[str]] = {}
    for label, entries in facts.digested.items():
        items: dict[str, list[Any]] = {}
        for row, item, entry in entries:
            if id(row) in rows:
                items.setdefault(item, []).append(entry)
        if not items:
            continue
        # within an item by path, and the items in order of their content: the order keys or items are
        # written in is no fact, and an item's place in its list is not part of it
        groups = sorted((sorted(e, key=lambda e: e[0]) for e in items.values()), key=canonical)
        values[label] = groups
        if list(items) == [""]:
            digests[label] = _sha256(groups[0])[:FACT_DIGITS]
        else:  # one digest per list item, so that an item removed is told from one added or changed
            digests[label] = sorted(_sha256(g)[:FACT_DIGITS] for g in groups)
    measured: dict[str, Any] = {
        p: v for p, (row, _at, v) in facts.measured.items() if id(row) in rows and _kept(row, v)
    }
    measured.update({p: items for p, (row, _at, items) in facts.listed.items() if id(row) in rows})
    out: dict[str, Any] = {"sha256": _sha256(values), "facts": digests}
    if measured:
        out["values"] = measured
    return out


def _measured_changes(table: Table, sign_off: SignOff, data: Any, facts: Facts, before: dict[str, Any]) -> list[str]:
    """The labels of the measured facts whose change since the sign-off the table classes as significant
    for a review the sign-off stands for."""
    from ddtapp.changes.classify import classify

    covered = set(map(id, table.covered_rows(sign_off.spec)))
    mine = {p: (at, v) for p, (row, at, v) in facts.measured.items() if id(row) in covered}
    lists = {p: (at, items) for p, (row, at, items) in facts.listed.items() if id(row) in covered}
    out: list[str] = []
    for text, (where, items) in lists.items():
        approved = before.get(text)
        out += _item_changes(table, data, sign_off, where, approved if isinstance(approved, list) else [], items)
    for text in dict.fromkeys([*before, *(p for p, (at, v) in mine.items() if _kept(facts.measured[p][0], v))]):
        if text in lists or text in facts.listed:
            continue  # a list, judged item by item above
        if isinstance(before.get(text), list):  # a list of which nothing is left now
            out += _item_changes(table, data, sign_off, paths.concrete(text), before[text], [])
            continue
        if text in facts.measured and text not in mine:
            continue  # a value another kind of sign-off covers
        at, new = mine.get(text, (paths.concrete(text), None))
        old = before.get(text)
        if type(old) is type(new) and old == new:
            continue
        kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
        change = classify(table, RawChange(at, kind, old, new), data, data)
        if change.significance == "significant" and set(change.triggers) & set(sign_off.spec.approves):
            out.append(change.label)
    return out


def _item_changes(
    table: Table, data: Any, sign_off: SignOff, at: paths.Concrete, approved: list[Any], now: list[Any]
) -> list[str]:
    """The labels of items added to (or removed from) a list since the sign-off, where the table classes
    that as significant for a review the sign-off stands for."""
    from ddtapp.changes.classify import classify

    out = []
    was, is_ = {canonical(v) for v in approved}, {canonical(v) for v in now}
    moves: list[tuple[ChangeKind, int, Any]] = [("added", i, v) for i, v in enumerate(now) if canonical(v) not in was]
    moves += [("removed", i, v) for i, v in enumerate(approved) if canonical(v) not in is_]
    for kind, i, value in moves:
        old, new = (None, value) if kind == "added" else (value, None)
        change = classify(table, RawChange((*at, i), kind, old, new), data, data)
        if change.significance == "significant" and set(change.triggers) & set(sign_off.spec.approves):
            out.append(change.label)
    return out


def _as_list(digests: Any) -> list[Any]:
    return digests if isinstance(digests, list) else [] if digests is None else [digests]


def _digests_changed(table: Table, spec: SignOffSpec, label: str, before: Any, now: Any) -> bool:
    """Whether a digested fact changed as the table counts it: a value (or list item) that is new or
    changed, or one removed where a row of that fact counts a removal for a review the sign-off stands for
    (a data source removed: the published record; a watchlist category removed: nothing)."""
    was, is_ = _as_list(before), _as_list(now)
    if any(d not in was for d in is_):
        return True
    if not any(d not in is_ for d in was):
        return False
    return any(
        r.spec.label == label
        and r.spec.significance == "significant"
        and "removed" in r.spec.kinds
        and r.spec.to is None
        and set(r.spec.triggers) & set(spec.approves)
        for r in table.rows
    )


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
        if before == now["facts"]:
            changed = ["the fingerprint does not match its facts (edited by hand?)"]
        for label in dict.fromkeys([*now["facts"], *before]):
            if _digests_changed(table, sign_off.spec, label, before.get(label), now["facts"].get(label)):
                changed.append(in_words(label))
    kept = recorded.get("values")
    for label in _measured_changes(table, sign_off, data, facts, kept if isinstance(kept, dict) else {}):
        if in_words(label) not in changed:
            changed.append(in_words(label))
    return changed or None


def in_words(label: str) -> str:
    """A row's label as it reads inside a sentence: 'Data source' -> 'data source' ('DPIA' kept)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def stale(table: Table, data: Any, signed: list[SignOff] | None = None) -> Iterator[tuple[SignOff, list[str]]]:
    """Each sign-off bound to its facts (``signed``, when they have been found already) whose facts
    changed, with what changed."""
    facts: Facts | None = None
    for sign_off in bound(data, table.sign_offs) if signed is None else signed:
        facts = facts or facts_of(table, data)
        changed = changed_facts(table, sign_off, data, facts)
        if changed is not None:
            yield sign_off, changed
