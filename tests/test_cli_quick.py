"""The quick path of ``ddtapp check`` (ddtapp.commands.quick): a plain command line is read as Typer reads it,
the same function gets the same values, and everything it does not read is left to Typer, which then says and
does exactly what it always did."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from ddtapp.cli import app
from ddtapp.commands import check_cli, quick
from ddtapp.commands.check import check
from tests.conftest import EXAMPLES
from tests.helpers import run

LFR = str(EXAMPLES / "live-facial-recognition.yaml")
ENGAGE = str(EXAMPLES / "risk-scoring-engage.yaml")
TODAY = ["--today", "2026-11-21"]

#: Command lines the quick path reads (after ``ddtapp check``).
READ = [
    [LFR],
    [LFR, *TODAY],
    [*TODAY, LFR, ENGAGE],
    [LFR, "--today=2026-11-21", "--fail-on=WARNING", "--no-config"],
    [LFR, "-f", "json", "--format", "sarif:out.sarif", "-f", "text", "--output", "-"],
    [LFR, "-o", "report.txt", "--today", "2026-01-01", "--today", "2026-11-21"],
    [LFR, "--jobs", "007", "-j", "2"],
    [LFR, "--progress", "--no-progress", "--quiet", "-q", "--statistics", "--show-waived", "--explain-tier"],
    [LFR, "--color", "always", "--no-color", "--dossiers-only"],
    [LFR, "--select", "FRT", "--select", "DPIA", "--ignore", "FRT-004", "--disable", "X", "--severity", "A=error"],
    [LFR, "--exclude", "*.yml", "--exclude", "old/"],
    ["-", "--format", "-x"],  # a value that looks like an option is the option's value, as Click takes it
    [LFR, "--format="],
    ["--fail-on", "bogus", LFR],
    [],
]

#: Command lines left to Typer.
LEFT = [
    ["--help"],
    [LFR, "-h"],
    [LFR, "--bogus"],
    [LFR, "-qv"],
    [LFR, "-fjson"],
    [LFR, "--", "-x.yaml"],
    [LFR, "--verbose"],
    [LFR, "-v"],
    [LFR, "--show-settings"],
    [LFR, "--rules", "rules"],
    [LFR, "--config", "c.yaml"],
    [LFR, "--quiet=1"],
    [LFR, "--today"],
    [LFR, "--jobs", "-1"],
    [LFR, "--jobs", " 5"],
    [LFR, "--jobs", "٣"],
    [LFR, "--jobs", "9" * 19],
    [LFR, "--traceback"],
    [LFR, "-1"],
]


def _typers(argv: list[str], monkeypatch) -> tuple[object, dict[str, object]]:
    """What Typer's ``check_command`` calls ``check`` with for ``ddtapp check argv``."""
    seen: list[tuple[object, dict[str, object]]] = []

    def record(dossiers: object, **options: object) -> int:
        seen.append((dossiers, options))
        return 0

    monkeypatch.setattr(check_cli, "check", record)
    result = CliRunner().invoke(app, ["check", *argv])
    assert result.exit_code == 0 and len(seen) == 1, result.output
    return seen[0]


def _with_defaults(options: dict[str, object]) -> dict[str, object]:
    defaults = {name: p.default for name, p in inspect.signature(check).parameters.items() if p.default is not p.empty}
    return defaults | options


@pytest.mark.parametrize("argv", READ)
def test_typer_calls_the_check_with_what_the_quick_path_reads(argv, monkeypatch):
    monkeypatch.delenv("DDTAPP_FAIL_ON", raising=False)
    monkeypatch.delenv("DDTAPP_CONFIG", raising=False)
    found = quick.arguments(["check", *argv])
    assert found is not None, argv
    dossiers, options = _typers(argv, monkeypatch)
    assert found[0] == dossiers
    assert _with_defaults(found[1]) == _with_defaults(options)


@pytest.mark.parametrize("argv", LEFT)
def test_everything_else_is_left_to_typer(argv, monkeypatch):
    monkeypatch.delenv("DDTAPP_FAIL_ON", raising=False)
    monkeypatch.delenv("DDTAPP_CONFIG", raising=False)
    assert quick.parse(["check", *argv]) is None


@pytest.mark.parametrize("argv", [["rules"], ["render", LFR], ["--traceback", "check", LFR], ["schema"], []])
def test_other_commands_and_the_groups_options_are_typers(argv):
    assert quick.parse(argv) is None


@pytest.mark.parametrize("variable", ["DDTAPP_FAIL_ON", "DDTAPP_CONFIG", "_DDTAPP_COMPLETE", "_DD_COMPLETE"])
def test_what_typer_reads_from_the_environment_is_left_to_typer(variable, monkeypatch):
    monkeypatch.setenv(variable, "warning")
    assert quick.parse(["check", LFR]) is None
    monkeypatch.setenv(variable, "")
    assert quick.parse(["check", LFR]) is not None  # Click takes an empty variable as not set


def test_every_option_of_check_is_read_or_left_on_purpose():
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    spellings = set()
    for param in command.params:
        if param.param_type_name != "option":
            assert param.name == "paths" and param.nargs == -1
            continue
        for name in (*param.opts, *param.secondary_opts):
            spellings.add(name)
            if name in quick.LEFT_TO_TYPER:
                continue
            assert name in quick.CHECK_OPTIONS, f"{name}: read it in ddtapp.commands.quick, or leave it to Typer"
            parameter, kind = quick.CHECK_OPTIONS[name]
            assert parameter == param.name, name
            if param.is_flag:
                assert kind == ("off" if name in param.secondary_opts else "on"), name
                assert param.envvar is None
            else:
                whole, low, high, clamp = _number(param)
                wanted = "each" if param.multiple else "count" if whole else "one"
                assert kind == wanted, name
                assert param.nargs == 1, name
                assert not param.envvar or param.envvar in quick._TYPERS_ENVIRONMENT, name
                if kind == "count":
                    assert low == 0 and high is None, name
                    assert not clamp, name
    assert set(quick.CHECK_OPTIONS) <= spellings
    assert set(quick.LEFT_TO_TYPER) - {"-h", "--help"} <= spellings


def _number(param: Any) -> tuple[bool, Any, Any, bool]:
    """Whether an option takes a whole number, its least and greatest value and whether it clamps, as the
    Typer in use declares them (Typer 0.29 keeps them on the option; Typer 0.13 on a Click IntRange type)."""
    if hasattr(param, "type_descriptor"):
        return param.type_descriptor.annotation is int, param.min, param.max, param.type_descriptor.parameter_info.clamp
    kind = param.type
    whole = kind.name in ("integer", "integer range")
    return whole, getattr(kind, "min", None), getattr(kind, "max", None), bool(getattr(kind, "clamp", False))


#: Command lines whose whole outcome (exit code, standard output and error) is compared with and without the
#: quick path: plain ones, and ones whose usage error the quick path hands to Typer.
OUTCOMES = [
    [LFR, *TODAY],
    [LFR, ENGAGE, *TODAY, "--no-config", "-f", "json", "-f", "text"],
    [ENGAGE, *TODAY, "--fail-on", "never", "--quiet", "--statistics"],
    [ENGAGE, *TODAY, "--format", "markdown", "--show-waived", "--explain-tier", "--color", "never"],
    [LFR, *TODAY, "--fail-on", "bogus"],
    [LFR, *TODAY, "--format", "bogus"],
    [LFR, "--today", "2026-13-01"],
    [LFR, *TODAY, "--color", "sometimes"],
    [LFR, *TODAY, "--select", "NOPE"],
    [LFR, *TODAY, "--severity", "FRT-004=loud"],
    [LFR, *TODAY, "--ignore", ","],
    [LFR, *TODAY, "-o", "x.txt", "-f", "json", "-f", "text"],
    [*TODAY],
    ["/nonexistent/d.yaml", *TODAY],
]


@pytest.mark.parametrize("argv", OUTCOMES)
def test_the_quick_path_says_and_does_what_typer_does(argv, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DDTAPP_FAIL_ON", raising=False)
    monkeypatch.delenv("DDTAPP_CONFIG", raising=False)
    assert quick.parse(["check", *argv]) is not None
    quickly = run(["check", *argv], capsys)
    monkeypatch.setattr(quick, "run", lambda argv: None)
    assert run(["check", *argv], capsys) == quickly
