"""``--show-settings``: each setting in force and where it came from, for every command that reads dossiers
(apart from :mod:`ddtapp.commands.settings`, which every check imports: only this option prints them)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from ddtapp.commands.config import Config, repository_root
from ddtapp.commands.settings import Settings
from ddtapp.errors import EXIT_OK
from ddtapp.output.neutralise import neutralise


def root_shown(config: Config) -> str:
    """The repository root, as ``--show-settings`` shows it."""
    found = config.root or repository_root(Path.cwd().resolve())
    return str(found) if found else "(not in a git repository)"


def input_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """``--show-settings``' first rows, for every command that reads dossiers: which configuration, which
    dossiers, which rule packs."""
    return [
        ("configuration file", settings.config.source or "(none found)", ""),
        ("repository root", root_shown(settings.config), ""),
        ("paths", ", ".join(settings.paths) or "(none)", settings.origin["paths"]),
        ("include", ", ".join(settings.include) or "*.yaml, *.yml", settings.origin["include"]),
        ("exclude", ", ".join(settings.exclude) or "(none)", settings.origin["exclude"]),
        (
            "rules",
            ", ".join(map(str, settings.rule_settings.rules)) or "(built-in pack only)",
            settings.origin["rules"],
        ),
    ]


def show_settings(settings: Settings, out: IO[str]) -> int:
    """``--show-settings``: each setting's value and where it came from, then exit 0 (checks nothing)."""
    rs = settings.rule_settings
    rows = [
        *input_rows(settings),
        ("select", ", ".join(rs.select) or "(every rule)", settings.origin["select"]),
        ("ignore", ", ".join(rs.ignore) or "(none)", settings.origin["ignore"]),
        (
            "severity",
            ", ".join(f"{k}={v}" for k, v in sorted(rs.severity.items())) or "(as in the pack)",
            settings.origin["severity"],
        ),
        ("fail-on", settings.fail_on, settings.origin["fail-on"]),
        ("format", ", ".join(settings.formats) or "text", settings.origin["format"]),
    ]
    print_rows(rows, out)
    return EXIT_OK


def print_rows(rows: list[tuple[str, str, str]], out: IO[str]) -> None:
    """``--show-settings``' table: key, value and (when known) where the value came from."""
    width = max(len(k) for k, _, _ in rows)
    for key, value, where in rows:
        # paths and rule ids as given (a folder's name, a configuration's words): shown, never obeyed
        shown = neutralise(f"{value}" + (f"   (from {where})" if where else ""))
        out.write(f"{key:<{width}}  {shown}\n")
