"""Sign-offs bound to the facts they approved.

A sign-off's fingerprint is the SHA-256 of the canonical JSON (sorted keys, no spaces, dates as ISO text)
of the values of every fact its kind covers -- ``{fact name: {pattern: [[path, value], ...]}}`` over the
rule pack's ``covers``, patterns that reach no value left out -- with runs of white space in text
collapsed (a re-wrapped line is not a new fact) and any fingerprint inside a value left out. Beside it,
each named fact's own digest (12 hex digits), so that ``check`` can name what changed. It proves nothing
about who signed: that is the git history's job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.diff import canonical
from ddtapp.changes.table import SignOffSpec

FIELD = "facts_fingerprint"
#: Hex digits kept of each fact's own digest: enough to tell values apart, short enough to read.
FACT_DIGITS = 12


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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != FIELD}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def covered(data: Any, pattern: str) -> list[list[Any]]:
    """The fact's values: ``[[path, value], ...]`` for every place the pattern reaches, in document order."""
    return [[paths.text_of(at), _plain(v)] for at, v in paths.select(data, _steps(pattern)) if v is not None]


def _sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def fingerprint(data: Any, covers: dict[str, list[str]]) -> dict[str, Any]:
    """``{"sha256": ..., "facts": {fact name: digest}}`` of the facts ``covers`` names."""
    # a pattern that reaches nothing is left out, so that a pack adding patterns for facts a dossier does
    # not record (e.g. schema version 2's) leaves its fingerprints as they were
    values = {name: {p: v for p in patterns if (v := covered(data, p))} for name, patterns in covers.items()}
    return {
        "sha256": _sha256(values),
        "facts": {name: _sha256(v)[:FACT_DIGITS] for name, v in values.items()},
    }


def sign_offs(data: Any, specs: list[SignOffSpec]) -> Iterator[SignOff]:
    """Every sign-off the dossier records, of every kind, in the table's order (each place once)."""
    seen: set[paths.Concrete] = set()
    for spec in specs:
        for pattern in spec.at:
            for at, node in paths.select(data, _steps(pattern)):
                if isinstance(node, dict) and at not in seen:
                    seen.add(at)
                    yield SignOff(spec, at, node)


def changed_facts(sign_off: SignOff, data: Any) -> list[str] | None:
    """None when the sign-off carries no fingerprint or its facts are unchanged; else what changed."""
    recorded = sign_off.node.get(FIELD)
    if not isinstance(recorded, dict):
        return None
    now = fingerprint(data, sign_off.spec.covers)
    if recorded.get("sha256") == now["sha256"]:
        return None
    facts = recorded.get("facts")
    before: dict[str, Any] = facts if isinstance(facts, dict) else {}
    changed = [p for p, digest in now["facts"].items() if before.get(p) != digest]
    changed += [f"{p} (no longer covered)" for p in before if p not in now["facts"]]
    return changed or ["the fingerprint does not match its facts (edited by hand?)"]


def stale(data: Any, specs: list[SignOffSpec]) -> Iterator[tuple[SignOff, list[str]]]:
    for sign_off in sign_offs(data, specs):
        changed = changed_facts(sign_off, data)
        if changed is not None:
            yield sign_off, changed
