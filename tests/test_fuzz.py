"""A short fuzz run of the loader and the reporters (tests/fuzz_ddtapp.py): coverage-guided with atheris when
it is installed, and with Hypothesis (random and mutated dossiers) on every run."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.fuzz_ddtapp import one_input
from tests.hostile_run import _run

SEEDS = [p.read_bytes() for p in sorted(EXAMPLES.glob("*.yaml"))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes(data):
    one_input(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.integers(0, 30_000), st.binary(max_size=64), st.integers(0, 64))
def test_mutated_dossiers_in_every_format(seed, at, insert, cut):
    at = at % (len(seed) + 1)
    one_input(seed[:at] + insert + seed[at + cut :], every_format=True)


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_a_short_coverage_guided_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in EXAMPLES.glob("*.yaml"):
        shutil.copy(p, corpus)
    harness = Path(__file__).with_name("fuzz_ddtapp.py")
    ran = _run([str(harness), str(corpus), "-runs=300", "-max_len=4096", "-seed=1"], tmp_path, 120, None)
    assert ran.code == 0, ran.err[-3000:]
    assert "Done 300 runs" in ran.err
