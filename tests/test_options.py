"""``ddtapp.commands.options``: the options every command that reads dossiers shares are declared once and
gathered into one ``DossierSet`` (issue 13 (c)); each command sees them in the place of its ``dossiers``."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ddtapp import cli
from ddtapp.commands.options import DOSSIER_SET_OPTIONS, NOT_GIVEN, DossierSet, dossier_set

#: Each command that reads dossiers -> the dossier-set options it leaves out.
COMMANDS = {
    "check": (),
    "register": (),
    "foi": (),
    "render": ("paths", "exclude"),  # one dossier, its own argument
    "site": ("select", "ignore", "severity"),  # a site publishes every tool
}


@pytest.mark.parametrize(("name", "omitted"), COMMANDS.items())
def test_each_command_takes_the_dossier_set_options_once(name, omitted):
    command = typer.main.get_command(cli.app).commands[name]  # type: ignore[attr-defined]
    params = [p.name for p in command.params]
    wanted = [o for o in DOSSIER_SET_OPTIONS if o not in omitted]
    assert [p for p in params if p in DOSSIER_SET_OPTIONS] == wanted  # once each, in one order
    assert "dossiers" not in params


def _app(**omit: tuple[str, ...]) -> tuple[typer.Typer, list[object]]:
    seen: list[object] = []

    @dossier_set(**omit)
    def command(name: str = "x", dossiers: DossierSet = NOT_GIVEN, after: bool = False) -> None:
        seen.append((name, dossiers, after))

    app = typer.Typer()
    app.command()(command)
    app.command("other")(lambda: None)  # two commands, so Typer keeps the subcommand's name
    return app, seen


def test_the_options_given_arrive_as_one_dossier_set():
    app, seen = _app()
    args = ["command", "a.yaml", "--select", "FRT", "--ignore", "DPIA", "--severity", "FRT-004=warning"]
    args += ["--rules", "force", "--exclude", "old", "--config", "c.yaml", "--show-settings", "--after"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen == [
        (
            "x",
            DossierSet(
                paths=["a.yaml"],
                select=["FRT"],
                ignore=["DPIA"],
                severity=["FRT-004=warning"],
                rules=[Path("force")],
                exclude=["old"],
                config=Path("c.yaml"),
                no_config=False,
                show_settings=True,
            ),
            True,
        )
    ]


def test_none_given_is_not_given():
    app, seen = _app()
    assert CliRunner().invoke(app, ["command"]).exit_code == 0
    assert seen == [("x", NOT_GIVEN, False)]


def test_an_omitted_option_is_not_offered():
    app, seen = _app(omit=("select",))
    result = CliRunner().invoke(app, ["command", "--select", "FRT"])
    assert result.exit_code == 2
    assert "No such option: --select" in result.output
    assert seen == []


def test_a_command_without_dossiers_or_an_unknown_option_is_refused():
    with pytest.raises(TypeError, match="no parameter 'dossiers'"):
        dossier_set()(lambda name="x": None)
    with pytest.raises(ValueError, match="not options of a dossier set: colour"):
        dossier_set(omit=("colour",))
