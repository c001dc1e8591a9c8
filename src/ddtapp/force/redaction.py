"""Redaction: the dossier with every field a mode may not show replaced by a :class:`Withheld` note that
carries the marking, exemption and reason, never the value; a block whose fields are all withheld becomes one
note. The site's templates get only the redacted tree. Which field is marked how is ``publication.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ddtapp.force.publication import (
    PUBLICATION_KEY,
    Default,
    Level,
    Marker,
    Marking,
    Mode,
    Withheld,
    prefix_ends,
    shown,
    split_path,
)
from ddtapp.loading.yaml_loader import join_path


@dataclass(frozen=True)
class Redacted:
    """The dossier as a site may show it: withheld values replaced by :class:`Withheld` notes, and the
    marking of every field still shown."""

    data: Any
    markings: dict[str, Marking]
    withheld: dict[str, Marking]

    def marking_under(self, path: str) -> Level:
        """The most restricted marking among the shown fields at or inside ``path``."""
        order = ("public", "undecided", "restricted", "secret")
        found = "public"
        for p, m in self.markings.items():
            inside = p == path or p.startswith(path + ".") or p.startswith(path + "[")
            if inside and order.index(m.marking) > order.index(found):
                found = m.marking
        return found  # type: ignore[return-value]


def _note(marking: Marking) -> Withheld:
    reason = marking.reason if marking.marking != "undecided" else ""
    return Withheld(marking.marking, (marking.exemption,) if marking.exemption else (), (reason,) if reason else ())


def _merge(notes: list[Withheld]) -> Withheld:
    levels = {n.marking for n in notes}
    level: Level = "secret" if "secret" in levels else "undecided" if levels == {"undecided"} else "restricted"
    exemptions = tuple(sorted({e for n in notes for e in n.exemptions}))
    reasons = tuple(dict.fromkeys(r for n in notes for r in n.reasons))
    return Withheld(level, exemptions, reasons)


def redact(data: Any, mode: Mode, today: dt.date, defaults: tuple[Default, ...] | None = None) -> Redacted:
    """The dossier with every field this mode may not show replaced by a note. Nothing withheld survives:
    the value is dropped here, before any template runs."""
    marker = Marker(data, today, defaults)
    kept: dict[str, Marking] = {}
    withheld: dict[str, Marking] = {}

    def walk(node: Any, path: str) -> Any:
        if isinstance(node, dict):
            items = {str(k): walk(v, join_path(path, str(k))) for k, v in node.items() if path or k != PUBLICATION_KEY}
            return _collapse(items, list(items.values()))
        if isinstance(node, list):
            out = [walk(v, join_path(path, i)) for i, v in enumerate(node)]
            return _collapse(out, out)
        if node is None or not path:
            return node
        marking = marker.of(path)
        if shown(marking, mode):
            kept[path] = marking
            return node
        withheld[path] = marking
        return _note(marking)

    tree = walk(data, "")
    return Redacted(tree, kept, withheld)


def withheld_among(redacted: Redacted, patterns: tuple[str, ...]) -> Withheld | None:
    """One note for every withheld field at or inside any of ``patterns`` (None when none is withheld): for
    a value derived from those fields, such as the impact tier, which shows as much as the fields do."""
    pats = [split_path(p) for p in patterns]
    hits = [
        m
        for path, m in redacted.withheld.items()
        if any(next(prefix_ends(pat, split_path(path)), None) is not None for pat in pats)
    ]
    return _merge([_note(m) for m in hits]) if hits else None


def _collapse(container: Any, children: list[Any]) -> Any:
    notes = [c for c in children if isinstance(c, Withheld)]
    if children and len(notes) == len(children):
        return _merge(notes)
    return container
