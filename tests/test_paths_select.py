"""``changes.paths.select`` (one recursive function filling a list, a key step looked up before a child is
entered) finds what the plain generator it replaced found, in the same order, on awkward data too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ddtapp.changes import paths
from ddtapp.loading.yaml_loader import load_file

ROOT = Path(__file__).resolve().parents[1]


def _reference(node: Any, steps: tuple[paths.Step, ...], at: paths.Concrete = ()) -> Iterator[tuple[Any, Any]]:
    if not steps:
        yield at, node
        return
    step, rest = steps[0], steps[1:]
    if step.kind == "key":
        if isinstance(node, dict) and step.key in node:
            yield from _reference(node[step.key], rest, (*at, step.key))
        return
    if step.kind == "deep":
        yield from _reference(node, rest, at)
        for key, child in paths._children(node):
            yield from _reference(child, steps, (*at, key))
        return
    for key, child in paths._children(node):
        if paths._step_matches(step, key, child):
            yield from _reference(child, rest, (*at, key))


PATTERNS = [
    "governance.gate",
    "*.*.gate",
    "sign_off",
    "waivers[]",
    "governance.transparency.transparency_record",
    "**",
    "**.gate",
    "**.gate.date",
    "*",
    "*.*",
    "*.*.*",
    "*.**.name",
    "**.*",
    "tool.data_inputs[]",
    "tool.data_inputs[].source",
    "tool.data_inputs[origin=partner]",
    "**.documents[type=dpia].status",
    "*.documents[]",
    "a[].b[]",
    "a[k=1].b",
    "a[k=true]",
]

AWKWARD: list[Any] = [
    None,
    5,
    "text",
    [],
    {},
    [{"gate": 1}, None, {"a": {"gate": 2}}],
    {"a": [{"k": 1, "b": [1, {"b": 2}]}, {"k": "1"}, {"k": True, "b": None}, 3], "gate": {"gate": {"gate": 0}}},
    {"a": {"b": {"gate": None}, "c": [], "d": {"gate": [1]}}, 1: {"x": {"gate": 3}}, "e": {"f": 1}},
    {"documents": [{"type": "dpia", "status": "approved"}, {"type": "eia"}], "x": {"documents": [{"type": "dpia"}]}},
    {"d": dt.date(2026, 1, 2), "tool": {"data_inputs": [{"origin": "partner", "source": "s"}, {"source": None}]}},
]


def _dossiers() -> list[Any]:
    files = sorted((ROOT / "examples").rglob("*.yaml"))[:30]
    return [load_file(f).data for f in files]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_select_finds_what_the_plain_generator_found(pattern: str) -> None:
    steps = paths.parse(pattern)
    for data in [*AWKWARD, *_dossiers()]:
        for node in (data, {"x": data}, [data, data]):
            got, want = list(paths.select(node, steps)), list(_reference(node, steps))
            assert [at for at, _ in got] == [at for at, _ in want]
            assert all(a is b for (_, a), (_, b) in zip(got, want, strict=True))
