"""bench/generate.py: the benchmark's dossiers are deterministic, about 400 lines, valid, and varied enough
that rules fire on some of them but not all. (The benchmark itself is not a test: nothing here is timed.)"""

from __future__ import annotations

import collections

import pytest

from ddtapp.checker.engine import check_loaded
from ddtapp.dossier.models import Dossier
from ddtapp.dossier.validate import validate
from ddtapp.loading.yaml_loader import load_text
from tests.conftest import TODAY
from tests.helpers import bench_generator

COUNT = 20
SEED = 7


generate = bench_generator()


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return dict(generate.corpus(COUNT, SEED))


@pytest.fixture(scope="module")
def results(corpus, pack):
    out = {}
    for name, text in corpus.items():
        loaded = load_text(text, name)
        validate(Dossier, loaded)  # raises InputError (exit 2 in `ddtapp check`) on any schema problem
        out[name] = check_loaded(loaded, pack, TODAY)
    return out


def test_the_generator_writes_the_benchmarks_date():
    assert generate.TODAY == TODAY


def test_same_seed_same_bytes_and_a_smaller_corpus_is_a_prefix(corpus, tmp_path):
    written = generate.write_corpus(tmp_path / "again", COUNT, SEED)
    assert [p.name for p in written] == sorted(corpus)
    assert {p.name: p.read_bytes() for p in written} == {n: t.encode("utf-8") for n, t in corpus.items()}
    assert dict(generate.corpus(5, SEED)) == {n: corpus[n] for n in sorted(corpus)[:5]}


def test_another_seed_gives_other_dossiers(corpus):
    other = dict(generate.corpus(3, SEED + 1))
    assert all(other[name] != corpus[name] for name in other)


def test_the_command_line_writes_the_files(tmp_path, corpus):
    assert generate.main(["--count", "3", "--seed", str(SEED), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(corpus)[:3]
    assert (tmp_path / "ddt-00000.yaml").read_text(encoding="utf-8") == corpus["ddt-00000.yaml"]


def test_dossiers_are_about_400_lines(corpus):
    for name, text in corpus.items():
        assert 350 <= text.count("\n") <= 450, name


def test_dossiers_vary(corpus, results):
    types = {t for r in results.values() for t in r.loaded.data["tool"]["technology_types"]}
    stages = {r.assessment.stage for r in results.values()}
    tiers = {r.assessment.tier for r in results.values()}
    assert len(types) >= 4 and len(stages) >= 2 and len(tiers) >= 2, (types, stages, tiers)
    assert len({r.loaded.data["tool"]["force"] for r in results.values()}) >= 5


def test_rules_fire_on_some_dossiers_but_not_all(results):
    open_findings = {name: [f for f in r.findings if f.status == "open"] for name, r in results.items()}
    failing = [n for n, fs in open_findings.items() if any(f.severity in ("error", "warning") for f in fs)]
    with_errors = [n for n, fs in open_findings.items() if any(f.severity == "error" for f in fs)]
    assert 0 < len(with_errors) <= len(failing) < len(results)
    rules = collections.Counter(f.rule_id for fs in open_findings.values() for f in fs)
    assert len(rules) >= 15, rules


def test_a_dossier_without_seeded_gaps_is_ready_for_its_gate(corpus, results):
    complete = [n for n, text in corpus.items() if "Seeded gaps: none" in text.splitlines()[2]]
    assert complete
    for name in complete:
        leftover = [(f.rule_id, f.path) for f in results[name].findings if f.status == "open"]
        assert leftover == [], name
