"""The quick path of ``ddtapp check`` and ``ddtapp register`` (ddtapp.commands.quick): a plain command line is
read as Typer reads it, the same function gets the same values, and everything it does not read is left to
Typer, which then says and does exactly what it always did."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ddtapp import cli
from ddtapp.cli import app
from ddtapp.commands import quick
from tests.conftest import EXAMPLES
from tests.helpers import run

LFR = str(EXAMPLES / "live-facial-recognition.yaml")
ENGAGE = str(EXAMPLES / "risk-scoring-engage.yaml")
TODAY = ["--today", "2026-11-21"]

#: Command lines the quick path reads (after ``ddtapp COMMAND``).
READ = {
    "check": [
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
    ],
    "register": [
        [LFR],
        [LFR, *TODAY],
        [*TODAY, LFR, ENGAGE, "--jobs", "1"],
        [LFR, "-f", "csv", "--format", "json", "-o", "register.json", "--output=-"],
        [LFR, "--format=xlsx", "--output", "r.xlsx", "-j", "0", "--jobs=3"],
        [LFR, "--tier", "high", "--tier=Very High", "--overdue", "--overdue"],
        [LFR, "--maturity", "pilot", "--maturity=operational", "--type", "dashboard", "--type", "-x"],
        [LFR, "--select", "FRT", "--ignore", "FRT-004", "--disable", "X", "--severity", "A=error", "--no-config"],
        [LFR, "--exclude", "*.yml", "--exclude=old/", "--today", "2026-01-01", "--today", "2026-11-21"],
        ["-", "--format", "-x", "--tier="],
        ["--maturity", "bogus", LFR],
        [],
    ],
}

#: Command lines left to Typer by every command of the quick path (after ``ddtapp COMMAND``).
LEFT_BY_EACH = [
    ["--help"],
    [LFR, "-h"],
    [LFR, "--bogus"],
    [LFR, "--", "-x.yaml"],
    [LFR, "--show-settings"],
    [LFR, "--rules", "rules"],
    [LFR, "--config", "c.yaml"],
    [LFR, "--today"],
    [LFR, "--jobs", "-1"],
    [LFR, "--jobs", " 5"],
    [LFR, "-j", "٣"],
    [LFR, "--jobs", "9" * 19],
    [LFR, "--traceback"],
    [LFR, "-1"],
]

#: And by one command.
LEFT = {
    "check": [[LFR, "-qv"], [LFR, "-fjson"], [LFR, "--verbose"], [LFR, "-v"], [LFR, "--quiet=1"]],
    "register": [
        [LFR, "-fcsv"],
        [LFR, "--verbose"],  # check's, not register's: Typer says so
        [LFR, "--fail-on", "never"],
        [LFR, "--overdue=1"],
        [LFR, "--no-overdue"],
        [LFR, "--tier"],
        [LFR, "-j", "1.5"],
    ],
}

CASES = [(command, argv) for command, lines in READ.items() for argv in lines]
LEFT_CASES = [(command, argv) for command, lines in LEFT.items() for argv in [*LEFT_BY_EACH, *lines]]


def test_every_command_of_the_quick_path_has_cases():
    assert set(READ) == set(LEFT) == set(quick.COMMANDS)


def _function(command: str) -> Callable[..., int]:
    """The function the quick path calls for ``command``."""
    module, name = quick.COMMANDS[command].function
    return getattr(importlib.import_module(module), name)


def _typers_module(command: str) -> Any:
    """The module of Typer's command ``command`` (``ddtapp.cli.COMMANDS``), which calls the same function."""
    module = importlib.import_module(f"ddtapp.commands.{cli.COMMANDS[command][0]}")
    name = quick.COMMANDS[command].function[1]
    assert getattr(module, name) is _function(command), f"{command}: Typer's command calls another function"
    return module


def _typers(command: str, argv: list[str]) -> tuple[object, dict[str, object]] | None:
    """What Typer's command calls the function with for ``ddtapp COMMAND argv``; None if it stops before."""
    seen: list[tuple[object, dict[str, object]]] = []

    def record(dossiers: object, **options: object) -> int:
        seen.append((dossiers, options))
        return 0

    with mock.patch.object(_typers_module(command), quick.COMMANDS[command].function[1], record):
        result = CliRunner().invoke(app, [command, *argv])
    if not seen:
        return None
    assert result.exit_code == 0 and len(seen) == 1, result.output
    return seen[0]


def _with_defaults(command: str, options: dict[str, object]) -> dict[str, object]:
    parameters = inspect.signature(_function(command)).parameters.items()
    return {name: p.default for name, p in parameters if p.default is not p.empty} | options


def _same_as_typer(command: str, argv: list[str]) -> None:
    found = quick.arguments([command, *argv])
    assert found is not None, argv
    typers = _typers(command, argv)
    assert typers is not None, f"Typer refuses {argv}, which the quick path reads"
    assert found[0] == typers[0]
    assert _with_defaults(command, found[1]) == _with_defaults(command, typers[1])


@pytest.fixture(autouse=True)
def _nothing_typer_reads_from_the_environment(monkeypatch):
    for command in quick.COMMANDS.values():
        for variable in command.environment:
            monkeypatch.delenv(variable, raising=False)


@pytest.mark.parametrize(("command", "argv"), CASES)
def test_typer_calls_the_function_with_what_the_quick_path_reads(command, argv):
    _same_as_typer(command, argv)


#: Pieces of command lines: every spelling of every option (read or left), values that look like options,
#: hold an equals sign or nothing at all, numbers plain and not, and paths.
_AWKWARD = ["", "-", "--", "-x", "a=b", "=", "007", "1", "-1", " 2", "٣", "é", "FRT-004=warning", "high", "csv"]


def _pieces(command: str) -> st.SearchStrategy[list[str]]:
    spellings = sorted({*quick.COMMANDS[command].options, *quick.COMMANDS[command].left} - {"-h", "--help"})
    token = st.one_of(
        st.sampled_from(spellings),
        st.builds(lambda name, value: f"{name}={value}", st.sampled_from(spellings), st.sampled_from(_AWKWARD)),
        st.sampled_from(_AWKWARD),
        st.sampled_from([LFR, ENGAGE, "d.yaml", "dir/"]),
    )
    return st.lists(token, max_size=8)


@pytest.mark.parametrize("command", sorted(quick.COMMANDS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_command_line_the_quick_path_reads_is_read_as_typer_reads_it(command, data):
    argv = data.draw(_pieces(command))
    if quick.arguments([command, *argv]) is not None:
        _same_as_typer(command, argv)


@pytest.mark.parametrize(("command", "argv"), LEFT_CASES)
def test_everything_else_is_left_to_typer(command, argv):
    assert quick.parse([command, *argv]) is None


@pytest.mark.parametrize(
    "argv", [["rules"], ["render", LFR], ["foi", LFR], ["--traceback", "check", LFR], ["schema"], []]
)
def test_other_commands_and_the_groups_options_are_typers(argv):
    assert quick.parse(argv) is None


@pytest.mark.parametrize(
    ("command", "variable"),
    [(c, v) for c, about in quick.COMMANDS.items() for v in (*about.environment, "_DDTAPP_COMPLETE", "_DD_COMPLETE")],
)
def test_what_typer_reads_from_the_environment_is_left_to_typer(command, variable, monkeypatch):
    monkeypatch.setenv(variable, "warning")
    assert quick.parse([command, LFR]) is None
    monkeypatch.setenv(variable, "")
    assert quick.parse([command, LFR]) is not None  # Click takes an empty variable as not set


def test_what_typer_does_not_read_for_a_command_stays_quick(monkeypatch):
    monkeypatch.setenv("DDTAPP_FAIL_ON", "warning")  # check's --fail-on; register has none
    assert quick.parse(["register", LFR]) is not None


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_every_option_of_the_command_is_read_or_left_on_purpose(name):
    about = quick.COMMANDS[name]
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    spellings = set()
    environment = set()
    for param in command.params:
        if param.envvar:
            environment.add(param.envvar)
        if param.param_type_name != "option":
            assert param.name == "paths" and param.nargs == -1
            continue
        for spelling in (*param.opts, *param.secondary_opts):
            spellings.add(spelling)
            if spelling in about.left:
                continue
            assert spelling in about.options, f"{spelling}: read it in ddtapp.commands.quick, or leave it to Typer"
            parameter, kind = about.options[spelling]
            assert parameter == param.name, spelling
            if param.is_flag:
                assert kind == ("off" if spelling in param.secondary_opts else "on"), spelling
            else:
                whole, low, high, clamp = _number(param)
                wanted = "each" if param.multiple else "count" if whole else "one"
                assert kind == wanted, spelling
                assert param.nargs == 1, spelling
                if kind == "count":
                    assert low == 0 and high is None, spelling
                    assert not clamp, spelling
    assert set(about.options) <= spellings
    assert set(about.left) - {"-h", "--help"} <= spellings
    assert environment == set(about.environment)
    assert set(inspect.signature(_function(name)).parameters) >= {p for p, _ in about.options.values()} - {
        *quick._DOSSIER_SET
    }


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
OUTCOMES = {
    "check": [
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
    ],
    "register": [
        [LFR, *TODAY],
        [str(EXAMPLES), *TODAY, "-f", "csv", "--jobs", "1"],
        [str(EXAMPLES), *TODAY, "-f", "JSON", "--tier", "high", "--overdue"],
        [str(EXAMPLES), *TODAY, "--maturity", "Operational", "--type", "dashboard", "--no-config"],
        [str(EXAMPLES), *TODAY, "--select", "FRT", "--ignore", "FRT-004", "--severity", "FRT-001=info"],
        [LFR, *TODAY, "-f", "bogus"],
        [LFR, *TODAY, "--format", "xlsx"],
        [LFR, *TODAY, "--format", "xlsx", "-o", "-"],
        [LFR, *TODAY, "--tier", "hihg"],
        [LFR, *TODAY, "--maturity", "nope"],
        [LFR, *TODAY, "--type", "facial_recognition", "--type", "dashbord"],
        [LFR, "--today", "2026-13-01"],
        [LFR, "--today", ""],
        [LFR, *TODAY, "--select", "NOPE"],
        [LFR, *TODAY, "--severity", "FRT-004=loud"],
        [LFR, *TODAY, "--ignore", ","],
        [LFR, *TODAY, "-o", "x.md"],
        [LFR, *TODAY, "-f", "xlsx", "-o", "x.xlsx"],
        [LFR, *TODAY, "-o", "missing/x.md"],
        [*TODAY],
        ["/nonexistent/d.yaml", *TODAY],
    ],
}


@pytest.mark.parametrize(("command", "argv"), [(c, argv) for c, lines in OUTCOMES.items() for argv in lines])
def test_the_quick_path_says_and_does_what_typer_does(command, argv, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert quick.parse([command, *argv]) is not None
    quickly = run([command, *argv], capsys)
    monkeypatch.setattr(quick, "run", lambda argv: None)
    assert run([command, *argv], capsys) == quickly
