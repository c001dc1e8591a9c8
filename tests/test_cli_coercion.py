"""ddtapp's command line turns plain values into Python values without Pydantic (ddtapp.commands.coercion),
and gives exactly what Typer's own coercion gives, for every option of every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from ddtapp.commands import coercion as cli_coercion

if not cli_coercion.typer_known(typer.__version__):
    pytest.skip(
        f"ddtapp.commands.coercion knows Typer {cli_coercion.KNOWN_TYPER} (its private hook); this is Typer "
        f"{typer.__version__}, where ddtapp leaves Typer's own coercion alone",
        allow_module_level=True,
    )

# (Typer's private modules exist only in the known range)
import typer.main
from typer import core
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from ddtapp import cli

ROOT = Path(__file__).resolve().parent.parent

SAMPLES = [
    None,
    "",
    "text",
    "a\udcff",
    "0",
    "7",
    "007",
    "-1",
    " 5",
    "5_0",
    "1e3",
    "٣",
    "²",
    "9" * 18,
    "9" * 19,
    "1" * 4301,
    0,
    3,
    -1,
    True,
    False,
    2.5,
    ("a", "b"),
    ["7", "8"],
    ("7", "-1"),
    (),
    ["x", 1],
]


def _parameters():
    group = typer.main.get_command(cli.app)
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        ctx = Context(command)
        for param in [*command.params, command.get_help_option(ctx)]:
            if isinstance(param, core._TyperParameter):
                yield f"{command.name} {param.name}", command, param


PARAMETERS = list(_parameters())


def _outcome(runtime, value, param, ctx):
    try:
        got = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return ("error", exc.format_message())
    return ("value", type(got).__name__, repr(got))


def test_the_hook_is_installed_on_this_typer():
    # If this fails after a Typer upgrade, Typer moved its private coercion hook: ddtapp still works
    # (install() changes nothing), but every run builds Pydantic adapters again (~80 ms of cold start).
    hook = core._TyperParameter.get_runtime_param
    assert cli_coercion.install() is True
    assert core._TyperParameter.get_runtime_param is hook  # installed once, at import of ddtapp.cli
    assert hook.__module__ == "ddtapp.commands.coercion"


def test_a_typer_whose_hook_changed_is_left_alone(monkeypatch):
    from typer import _coercion

    hook = core._TyperParameter.get_runtime_param
    monkeypatch.setattr(_coercion.RuntimeParam, "__abstractmethods__", frozenset({"_coerce_value", "other"}))
    assert cli_coercion.install() is False
    assert core._TyperParameter.get_runtime_param is hook


def test_every_command_has_its_options_covered():
    names = {name.split()[0] for name, _, _ in PARAMETERS}
    assert {"check", "rules", "explain", "schema", "register", "foi", "init", "render"} <= names
    assert len(PARAMETERS) > 50


@pytest.mark.parametrize(("name", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_plain_coercion_gives_what_typer_gives(name, command, param):
    ctx = Context(command)
    ours = core._TyperParameter.get_runtime_param(param)
    typers = build_runtime_param(param.type_descriptor)
    assert type(ours).__name__ in ("PlainRuntimeParam", type(typers).__name__)
    for value in SAMPLES:
        if param.multiple or param.nargs == -1:
            value = value if isinstance(value, (list, tuple)) or value is None else (value,)
        assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx), (name, value)


def test_plain_values_skip_typers_adapters_and_others_use_them():
    _, command, jobs = next(p for p in _parameters() if p[0] == "check jobs")  # fresh: nothing cached yet
    ctx = Context(command)
    runtime = core._TyperParameter.get_runtime_param(jobs)
    assert runtime.coerce("4", param=jobs, ctx=ctx) == 4 and runtime.typer_param == []
    with pytest.raises(BadParameter, match="greater than or equal to 0"):
        runtime.coerce("-1", param=jobs, ctx=ctx)
    assert len(runtime.typer_param) == 1


def test_a_plain_check_runs_without_typer_and_others_without_pydantic(tmp_path):
    """A plain check (as a pre-commit hook or CI step runs it) imports neither Typer nor Pydantic nor Rich;
    one that Typer reads (here for $DDTAPP_FAIL_ON, an option's environment variable) imports Typer, and still
    not Pydantic (whose adapters Typer would build for every option), Jinja2 or Rich."""
    script = (
        "import sys\n"
        "from ddtapp.cli import main\n"
        "sys.argv = ['ddtapp', 'check', *sys.argv[1:], '--today', '2026-11-21']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(__import__('json').dumps({'code': code, 'modules': sorted(m for m in sys.modules if m.split('.')[0] "
        "in ('pydantic', 'pydantic_core', 'jinja2', 'typer', 'rich', 'click'))}))\n"
    )
    dossier = str(ROOT / "examples" / "live-facial-recognition.yaml")
    env = {"DDTAPP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "", "PYTHONDONTWRITEBYTECODE": "1"}
    seen = {}
    for name, extra in {"plain": {}, "typer": {"DDTAPP_FAIL_ON": "error"}}.items():
        for _ in range(2):  # the first run writes the rule pack's cache
            proc = subprocess.run(
                [sys.executable, "-c", script, dossier],
                capture_output=True,
                text=True,
                env=env | extra,
                cwd=tmp_path,
            )
        seen[name] = json.loads(proc.stdout.splitlines()[-1])
        assert seen[name]["code"] == 0, proc.stderr
    assert seen["plain"]["modules"] == []
    assert "typer" in seen["typer"]["modules"] and "typer._adapters" not in seen["typer"]["modules"]
    assert not [m for m in seen["typer"]["modules"] if m.split(".")[0] not in ("typer",)], seen["typer"]
