"""Colour as no-color.org and force-color.org ask, and ``--color auto|always|never``: run through the
installed console script in a pseudo-terminal and in a pipe."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import EXAMPLES
from tests.console import ddtapp, in_terminal, needs_script

pytestmark = [needs_script, pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")]

ESC = "\x1b["


@pytest.fixture
def dossier(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text((EXAMPLES / "risk-scoring-engage.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)  # a dossier with errors: exit code 1


def check(dossier: str, *extra: str) -> list[str]:
    return ["check", dossier, "--today", "2026-11-21", *extra]


def test_a_terminal_gets_colour_by_default(dossier):
    code, out = in_terminal(*check(dossier))
    assert code == 1 and ESC in out and "Custody Reoffending Risk Score" in out


def test_no_color_in_a_terminal_prints_no_escape_code_at_all(dossier):
    code, out = in_terminal(*check(dossier), NO_COLOR="1")
    assert code == 1 and "Custody Reoffending Risk Score" in out
    assert "\x1b" not in out  # not even bold


def test_an_empty_no_color_is_ignored(dossier):
    _, out = in_terminal(*check(dossier), NO_COLOR="")
    assert ESC in out


def test_force_color_colours_a_pipe(dossier):
    plain = ddtapp(*check(dossier))
    assert plain.returncode == 1 and "\x1b" not in plain.stdout
    forced = ddtapp(*check(dossier), FORCE_COLOR="1")
    assert forced.returncode == 1 and ESC in forced.stdout
    assert "\x1b" not in ddtapp(*check(dossier), FORCE_COLOR="").stdout


def test_no_color_wins_over_force_color(dossier):
    assert "\x1b" not in ddtapp(*check(dossier), FORCE_COLOR="1", NO_COLOR="1").stdout


@pytest.mark.parametrize("spelling", ["always", "ALWAYS", "Always"])
def test_color_always_colours_a_pipe_whatever_the_environment(dossier, spelling):
    assert ESC in ddtapp(*check(dossier, "--color", spelling), NO_COLOR="1").stdout


def test_color_never_in_a_terminal_whatever_the_environment(dossier):
    _, out = in_terminal(*check(dossier, "--color", "never"), FORCE_COLOR="1")
    assert "\x1b" not in out
    _, out = in_terminal(*check(dossier, "--no-color"))
    assert "\x1b" not in out


def test_a_misspelt_color_is_a_usage_error_with_a_suggestion(dossier):
    proc = ddtapp(*check(dossier, "--color", "allways"))
    assert proc.returncode == 2
    assert "Did you mean 'always'?" in proc.stderr and "Usage: ddtapp check" in proc.stderr
