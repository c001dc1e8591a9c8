"""The rule-pack cache: parsed pack files by content hash, never stale, never trusted over the YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddtapp import __version__
from ddtapp.errors import InputError
from ddtapp.pack.cache import PackCache, _digest
from ddtapp.pack.rulepack import load_pack

BAD_RULE = """rules:
  - id: FORCE-001
    title: t
    severity: error
    section: scope
    check: {present: tool.reference}
    message: m
    remediation: r
    app_refs: [NOT-AN-APP-REF]
    app_section: s
    quote: q
    basis: {force_policy: p}
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DDTAPP_CACHE_DIR", str(folder))
    monkeypatch.delenv("DDTAPP_NO_CACHE", raising=False)
    return folder


def _edit(cache_file: Path, change, redigest: bool = False) -> None:
    """Edit every entry's data in place with ``change(key, data)``; ``redigest`` also recomputes the entry's
    digest, as someone who knows the format would (so that only the shape check stands in the way)."""
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    for key, entry in entries.items():
        data = json.loads(entry["text"])
        change(key, data)
        entry["text"] = json.dumps(data)
        if redigest:
            entry["digest"] = _digest(key, entry["text"])
    cache_file.write_text(json.dumps(entries), encoding="utf-8")


def _signature(pack):
    return [(r.id, r.severity, r.spec.message, r.due_index, r.min_tier_index) for r in pack.rules]


def test_the_second_load_comes_from_the_cache_and_is_the_same_pack(cache):
    first = load_pack()
    cache_file = cache / f"rulepack-{__version__}.json"
    assert cache_file.is_file()
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    # stages, impact tiers, catalogue, law and the change-control table, and every rule file
    assert len(entries) == 5 + len(list((Path(__file__).parent.parent / "rules" / "app").glob("*.yaml")))
    store = PackCache(cache)
    assert store.entries == entries
    second = load_pack()
    assert _signature(second) == _signature(first)
    assert [f.spec for f in second.tier_factors] == [f.spec for f in first.tier_factors]
    assert second.change_control == first.change_control and first.change_control is not None


def test_a_changed_file_is_parsed_again(cache, tmp_path):
    force = tmp_path / "force"
    force.mkdir()
    rule = BAD_RULE.replace("NOT-AN-APP-REF", "GOV-TRANS-02")
    (force / "r.yaml").write_text(rule, encoding="utf-8")
    assert load_pack([force]).rule("FORCE-001").spec.message == "m"
    (force / "r.yaml").write_text(rule.replace("message: m", "message: changed"), encoding="utf-8")
    assert load_pack([force]).rule("FORCE-001").spec.message == "changed"


def test_an_invalid_pack_is_reported_at_its_line_with_or_without_cache(cache, tmp_path):
    load_pack()  # the built-in files are now cached
    force = tmp_path / "force"
    force.mkdir()
    (force / "r.yaml").write_text(BAD_RULE, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as exc:
            load_pack([force])
        assert exc.value.problems[0].line == 9 and "NOT-AN-APP-REF" in exc.value.text


def test_a_tampered_cache_cannot_change_the_rules(cache):
    load_pack()
    cache_file = cache / f"rulepack-{__version__}.json"

    def spoil(_key, data):
        if "rules" in data:
            data["rules"][0]["app_refs"] = ["NOT-AN-APP-REF"]  # invalid: the pack is rebuilt from YAML

    _edit(cache_file, spoil)
    pack = load_pack()
    assert all(ref != "NOT-AN-APP-REF" for r in pack.rules for ref in r.spec.app_refs)


def test_an_entry_whose_text_does_not_match_its_digest_is_not_used(cache):
    load_pack()
    cache_file = cache / f"rulepack-{__version__}.json"

    def reword(_key, data):
        for rule in data.get("rules", []):
            rule["message"] = "edited in the cache"  # the right shape: only the digest stands in the way

    _edit(cache_file, reword)
    assert all(r.spec.message != "edited in the cache" for r in load_pack().rules)


def test_a_corrupt_or_unwritable_cache_is_ignored(cache, tmp_path, monkeypatch):
    cache.mkdir(parents=True)
    (cache / f"rulepack-{__version__}.json").write_text("{not json", encoding="utf-8")
    assert load_pack().rule("SCOPE-003") is not None
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DDTAPP_CACHE_DIR", str(blocker / "sub"))
    assert load_pack().rule("SCOPE-003") is not None


def test_no_cache_bypasses_it(cache, monkeypatch):
    monkeypatch.setenv("DDTAPP_NO_CACHE", "1")
    load_pack()
    assert not cache.exists()


def test_an_entry_that_does_not_rebuild_is_read_from_the_yaml(cache):
    first = load_pack()
    cache_file = cache / f"rulepack-{__version__}.json"
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    kinds = ("StagesFile", "TiersFile", "CatalogueFile", "LawFile", "ChangeControlFile", "RuleFile")
    assert all(key.split(":")[0] in kinds for key in entries)
    assert all(len(key.split(":")) == 3 for key in entries)  # record type, its classes' shape, file hash
    spoilers = [
        lambda rule: "not a rule",
        lambda rule: {**rule, "severity": "fatal"},
        lambda rule: {**rule, "min_tier": 7},
        lambda rule: {**rule, "app_refs": None},
        lambda rule: {k: v for k, v in rule.items() if k != "due"},
        lambda rule: {**rule, "when": "text"},
    ]
    n = [0]

    def spoil(key, data):
        if key.startswith("RuleFile:"):  # what no ddtapp writes, one way per rule file
            data["rules"][0] = spoilers[n[0] % len(spoilers)](data["rules"][0])
            n[0] += 1
        elif key.startswith("StagesFile:"):
            data["sections"][0]["no_such_field"] = 1
        elif key.startswith("TiersFile:"):
            data["tiers"][0]["min_score"] = True

    _edit(cache_file, spoil, redigest=True)  # digests that match: the shape check alone refuses them
    store = PackCache(cache)
    second = load_pack()
    assert _signature(second) == _signature(first)
    assert [s.id for s in second.sections.values()] == [s.id for s in first.sections.values()]
    assert store.entries != json.loads(cache_file.read_text(encoding="utf-8"))  # rewritten from the YAML


def test_a_cache_hit_builds_the_same_records_as_the_yaml(cache, monkeypatch):
    cached = load_pack(), load_pack()
    monkeypatch.setenv("DDTAPP_NO_CACHE", "1")
    fresh = load_pack()
    for pack in cached:
        assert [r.spec for r in pack.rules] == [r.spec for r in fresh.rules]
        assert pack.sections == fresh.sections and pack.stages == fresh.stages
        assert pack.catalogue == fresh.catalogue and pack.tiers == fresh.tiers


def test_the_records_types_are_read_as_typing_reads_them():
    """The cache resolves each annotation's text once (quicker than ``typing.get_type_hints`` class by class, on
    every cold check): the same types, so the same keys and the same checks of an entry's shape."""
    import dataclasses
    import typing

    from ddtapp.changes import records as change_records
    from ddtapp.pack import basis, records
    from ddtapp.pack.cache import _hints

    classes = [
        c
        for module in (records, basis, change_records)
        for c in vars(module).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == module.__name__
    ]
    assert len(classes) > 20
    for c in classes:
        expected = typing.get_type_hints(c)
        assert {name: repr(t) for name, t in _hints(c).items()} == {
            f.name: repr(expected[f.name]) for f in dataclasses.fields(c)
        }
