"""The structural difference between two versions of a dossier, on plain data (any schema version).

Mappings are compared key by key. Lists are aligned with difflib on each item's canonical JSON, so an
item inserted in the middle is one addition rather than a change to every item after it; items in a
replaced run are paired in order and compared field by field. A mapping or list that appears or
disappears whole is one change at its own path.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from typing import Any, Literal

from ddtapp.changes.paths import Concrete
from ddtapp.frozen import frozen

Kind = Literal["added", "removed", "changed"]
_ABSENT: Any = object()


@frozen
class RawChange:
    """One difference: ``old`` is None when added, ``new`` is None when removed."""

    path: Concrete
    kind: Kind
    old: Any
    new: Any


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, dates as ISO text, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def _plain(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not plain data: {type(value).__name__}")


def diff(old: Any, new: Any) -> list[RawChange]:
    """Every difference from ``old`` to ``new``, in document order."""
    out: list[RawChange] = []
    _diff(old, new, (), out)
    return out


def _same(a: Any, b: Any) -> bool:
    # 1 == True and 0.0 == 0 in Python; a dossier distinguishes them
    return type(a) is type(b) and a == b


def _diff(old: Any, new: Any, at: Concrete, out: list[RawChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in new:
            if key in old:
                _diff(old[key], new[key], (*at, key), out)
            elif new[key] is not None:
                out.append(RawChange((*at, key), "added", None, new[key]))
        for key in old:
            if key not in new and old[key] is not None:
                out.append(RawChange((*at, key), "removed", old[key], None))
    elif isinstance(old, list) and isinstance(new, list):
        _diff_lists(old, new, at, out)
    elif _same(old, new):
        return
    elif old is None:
        out.append(RawChange(at, "added", None, new))
    elif new is None:
        out.append(RawChange(at, "removed", old, None))
    else:
        out.append(RawChange(at, "changed", old, new))


def _diff_lists(old: list[Any], new: list[Any], at: Concrete, out: list[RawChange]) -> None:
    a = [canonical(x) for x in old]
    b = [canonical(x) for x in new]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            _pair(old[i1 + k], new[j1 + k], (*at, j1 + k), out)
        for j in range(j1 + paired, j2):
            out.append(RawChange((*at, j), "added", None, new[j]))
        for i in range(i1 + paired, i2):
            out.append(RawChange((*at, i), "removed", old[i], None))


def _pair(old: Any, new: Any, at: Concrete, out: list[RawChange]) -> None:
    """Two items in the same place of a list: compared field by field when both are mappings (or lists)
    alike enough to be one item edited; otherwise one item removed and another added (a list of names
    does not 'change' a name, and a new data source in an old one's place is a new data source)."""
    if isinstance(old, dict | list) and type(old) is type(new) and _alike(old, new):
        _diff(old, new, at, out)
    else:
        out.append(RawChange(at, "removed", old, None))
        out.append(RawChange(at, "added", None, new))


#: How alike (difflib's ratio of their canonical JSON) two mappings must be to count as one item edited.
ALIKE = 0.6


def _alike(old: Any, new: Any) -> bool:
    return difflib.SequenceMatcher(None, canonical(old), canonical(new), autojunk=False).ratio() >= ALIKE
