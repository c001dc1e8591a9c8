"""Where a dossier records its sign-offs, and which of them are bound to the facts they approved (carry a
fingerprint: :mod:`ddtapp.changes.fingerprint`).

Apart from the fingerprints themselves so that a check finds, cheaply, that a dossier binds no sign-off
(most do not) without importing or compiling what judges a bound one (the change-control table, digests,
the structural diff).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ddtapp.changes import paths
from ddtapp.changes.records import SignOffSpec
from ddtapp.frozen import frozen

FIELD = "facts_fingerprint"


@frozen
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


def sign_offs(data: Any, specs: list[SignOffSpec]) -> Iterator[SignOff]:
    """Every sign-off the dossier records, of every kind, in the table's order (each place once)."""
    seen: set[paths.Concrete] = set()
    for spec in specs:
        for pattern in spec.at:
            for at, node in paths.select(data, _steps(pattern)):
                if isinstance(node, dict) and at not in seen:
                    seen.add(at)
                    yield SignOff(spec, at, node)


def bound(data: Any, specs: list[SignOffSpec]) -> list[SignOff]:
    """The sign-offs that carry a fingerprint (a mapping at ``facts_fingerprint``), in the table's order."""
    return [s for s in sign_offs(data, specs) if isinstance(s.node.get(FIELD), dict)]
