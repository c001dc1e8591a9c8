"""What every command that reads dossiers is given, without Typer: the dossier set (which dossiers, which
rules, which configuration), the date to judge against, and the settings in force.

``ddtapp.commands.options`` declares these options for Typer (and re-exports what is here); this module
imports neither Typer nor any command's options, so that ``ddtapp check`` on plain values can run without
them (``ddtapp.cli``'s quick path). Usage errors are still Typer's ``BadParameter``, built when one is raised.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ddtapp.frozen import frozen

if TYPE_CHECKING:
    from ddtapp.commands.settings import Flags, Settings


def bad_parameter(text: str, option: str) -> Exception:
    """Typer's usage error for ``option`` (imported only when there is one to raise)."""
    import typer

    return typer.BadParameter(text, param_hint=option)


@frozen
class DossierSet:
    """What the options every command that reads dossiers shares gave: which dossiers, which rules, which
    configuration (None: not given). A command takes them all as one parameter,
    ``dossiers: DossierSet = NOT_GIVEN``, under the decorator ``dossier_set``, which puts the options in
    that parameter's place in what Typer sees (and so in ``--help``)."""

    paths: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: list[str] | None = None
    rules: list[Path] | None = None
    exclude: list[str] | None = None
    config: Path | None = None
    no_config: bool = False
    show_settings: bool = False

    def settings(self, *, show: bool = True, fail_on: str | None = None, formats: list[str] | None = None) -> Settings:
        """The settings in force: the configuration merged with the environment and these options (and the
        command's own ``fail_on`` and ``formats``). With ``--show-settings`` (and ``show``), print them and
        stop."""
        from ddtapp.commands.settings import Flags

        flags = Flags.given(
            paths=self.paths,
            rules=self.rules,
            severity=self.severity,
            select=self.select,
            ignore=self.ignore,
            exclude=self.exclude,
            fail_on=fail_on,
            formats=formats,
        )
        return settings_in_force(self.config, self.no_config, flags, show=show and self.show_settings)


#: The default of a command's ``dossiers`` parameter (its options' defaults: nothing given).
NOT_GIVEN = DossierSet()


def parse_today(value: str | None) -> dt.date:
    """``--today``, else ``$DDTAPP_TODAY``, else today."""
    if value is None:
        env = os.environ.get("DDTAPP_TODAY")
        if env:
            value = env
        else:
            return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_parameter(f"'{value}' is not a date; use YYYY-MM-DD", "--today") from None


def settings_in_force(config: Path | None, no_config: bool, flags: Flags, *, show: bool = False) -> Settings:
    """The configuration in force, merged with the environment and the command's flags; with ``show``
    (``--show-settings``), print them and stop."""
    from ddtapp.commands.config import resolve
    from ddtapp.commands.settings import merge

    settings = merge(resolve(str(config) if config else None, use_config=not no_config), flags)
    if show:
        import typer

        from ddtapp.commands.show_settings import show_settings

        raise typer.Exit(show_settings(settings, sys.stdout))
    return settings


def targets(settings: Settings) -> list[str]:
    """The dossiers to read: the paths given, else the configuration's; a usage error if neither."""
    if not settings.paths:
        raise bad_parameter("give one or more dossiers, folders or globs, or set 'paths' in .ddtapp.yaml", "PATH")
    return list(settings.paths)
