"""Regression tests for the second hostile-input review (issue 21): nesting, amplification, quadratic work.

Each reproducer runs ddtapp in a child process in a temporary folder, with a time limit and a memory limit
(tests/hostile_run.py), so that a regression fails here instead of hanging or exhausting CI.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from ddtapp.output.markdown_text import inline
from tests.hostile_run import TODAY, ddtapp, example, files_in, one_located, python, with_field

DEEP = 30_000


def _deep_flow(tmp_path: Path, name: str = "deep.yaml") -> Path:
    p = tmp_path / name
    p.write_text("schema_version: 2\ntool: " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")
    return p


def test_deep_flow_nesting_is_a_located_error_not_a_crash(tmp_path):
    _deep_flow(tmp_path)
    ran = ddtapp(tmp_path, "check", "deep.yaml", "--today", TODAY)
    assert ran.code == 2, ran.err
    assert "nesting is deeper than 64 levels" in one_located(ran.out + ran.err, "deep.yaml")


def test_deep_block_nesting_is_a_located_error_not_a_crash(tmp_path):
    (tmp_path / "deep.yaml").write_text("schema_version: 2\ntool:\n" + "- " * DEEP + "x\n", encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "deep.yaml", "--today", TODAY)
    assert ran.code == 2
    assert "deep.yaml:3:" in one_located(ran.out + ran.err, "deep.yaml")


@pytest.mark.parametrize("command", ["register", "foi", "render"])
def test_deep_nesting_in_every_command(tmp_path, command):
    _deep_flow(tmp_path)
    args = [command, "deep.yaml", "--today", TODAY] + (["--out", "drafts"] if command == "render" else [])
    ran = ddtapp(tmp_path, *args)
    assert ran.code == 2, ran.err
    one_located(ran.err, "deep.yaml")
    assert not (tmp_path / "drafts").exists()


def test_deep_nesting_among_many_dossiers_in_a_parallel_run_finishes(tmp_path):
    text = example()
    for i in range(70):
        (tmp_path / f"d{i:02}.yaml").write_text(text, encoding="utf-8")
    _deep_flow(tmp_path)
    ran = ddtapp(tmp_path, "check", ".", "--jobs", "2", "--today", TODAY, "-f", "json:report.json", seconds=60)
    assert ran.code == 2, ran.err
    assert "nesting is deeper" in one_located(ran.err, "deep.yaml")
    assert (tmp_path / "report.json").stat().st_size > 0


def test_a_worker_that_dies_is_that_dossiers_failure_and_the_run_finishes(tmp_path):
    """A crash the loader cannot stop (here a worker killed outright) is reported against the dossier it was
    checking, with exit code 3, and every other dossier is still checked."""
    text = example()
    for i in range(40):
        (tmp_path / f"d{i:02}.yaml").write_text(text, encoding="utf-8")
    code = """
import os, signal, sys
import datetime as dt
from ddtapp.checker import batch
from ddtapp.errors import exit_code_for
from ddtapp.pack.rulepack import load_pack
real = batch.check_one
def deadly(path, *args):
    if path.endswith("d17.yaml"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, *args)
batch.check_one = deadly
files = sorted(str(p) for p in __import__("pathlib").Path(".").glob("d*.yaml"))
out = list(batch.check_many(files, load_pack(), dt.date(2026, 11, 21), jobs=2))
assert len(out) == 40, len(out)
bad = [(f, p) for f, (r, p) in zip(files, out) if r is None]
assert [f for f, _ in bad] == ["d17.yaml"], bad
assert "worker process checking this dossier died" in bad[0][1][0].message
assert exit_code_for(bad[0][1]) == 3
print("ok")
"""
    ran = python(tmp_path, code, seconds=60)
    assert ran.out.strip() == "ok", ran.err


def _alias_bomb(tmp_path: Path, text_size: int, aliases: int) -> None:
    body = with_field(example(), "description", "&b " + "a" * text_size)
    body += "notes: [" + ",".join(["*b"] * aliases) + "]\n"
    (tmp_path / "bomb.yaml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize("command", ["check", "register", "foi", "render"])
def test_scalar_aliases_count_against_the_alias_budget(tmp_path, command):
    _alias_bomb(tmp_path, 800_000, 250_000)
    assert (tmp_path / "bomb.yaml").stat().st_size < 2 * 1024 * 1024
    args = [command, "bomb.yaml", "--today", TODAY] + (["--out", "drafts"] if command == "render" else [])
    if command == "register":
        args += ["--format", "csv"]
    ran = ddtapp(tmp_path, *args)
    assert ran.code == 2, ran.err
    assert "aliases expand to more than" in one_located(ran.out + ran.err, "bomb.yaml")


def test_a_small_file_cannot_amplify_through_scalar_aliases(tmp_path):
    _alias_bomb(tmp_path, 10_000, 200)  # 11.9 KB that expanded to a 2 MB CSV
    ran = ddtapp(tmp_path, "register", "bomb.yaml", "--today", TODAY, "--format", "csv")
    assert ran.code == 2
    assert len(ran.out) < 100_000


def test_the_email_branch_of_the_link_pattern_is_linear():
    for text in ("a" * 40_000, "a@" * 20_000, "a@" + "a" * 40_000, "a." * 20_000, "x@" + "a-" * 20_000):
        start = time.perf_counter()
        inline(text)
        assert time.perf_counter() - start < 0.5, text[:10]
    assert inline("write to dpo@eastvale.police.uk.") == "write to <dpo@eastvale.police.uk>."


def test_a_very_long_purpose_renders_quickly(tmp_path):
    (tmp_path / "d.yaml").write_text(with_field(example(), "purpose", "a" * 200_000), encoding="utf-8")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--today", TODAY, "--out", "drafts")
    assert ran.code in (0, 1), ran.err
    assert files_in(tmp_path / "drafts")


def test_no_temporary_file_is_left(tmp_path):
    _deep_flow(tmp_path)
    shutil.copy(tmp_path / "deep.yaml", tmp_path / "deep2.yaml")
    before = files_in(tmp_path)
    ddtapp(tmp_path, "check", ".", "--today", TODAY, "-f", "sarif:out.sarif")
    assert files_in(tmp_path) - before <= {"out.sarif"}
