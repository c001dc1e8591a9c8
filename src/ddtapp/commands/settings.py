"""One set of settings for every command that checks dossiers (``check``, ``register``, ``foi``, ``render``):
the configuration file merged with the environment and the flags, with where each value came from.

Precedence, lowest first: built-in defaults, the configuration file, environment variables, flags. Lists
that add (``rules``, ``disable``/``--ignore``, ``exclude``) add the flags' to the file's; ``paths``,
``select`` and ``format`` given on the command line replace the file's; a ``--severity`` wins per rule.

Rules are chosen as ruff chooses them: ``select`` (default: every rule) and ``ignore``, each a rule id or
a prefix of ids (``FRT`` is every facial recognition rule, ``DPIA-00`` the first nine DPIA rules), repeated
or separated by commas (``--ignore DPIA,STAKE``), as is ``--severity FRT-004=warning,DPIA-001=error``.
"""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddtapp.commands.choices import did_you_mean
from ddtapp.errors import InputError, Problem, UsageError
from ddtapp.frozen import frozen, mutable

if TYPE_CHECKING:  # imported only when a command loads them: `--help` and usage errors stay quick
    from ddtapp.commands.config import Config
    from ddtapp.pack.rulepack import RulePack

SEVERITIES = ("error", "warning", "info")


@frozen
class RuleSettings:
    """Which rule pack, which rules and at what severity."""

    rules: tuple[Path, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    waiver_approvers: tuple[str, ...] = ()  # empty: the pack's default roles
    #: the ``select`` and ``ignore`` entries typed on the command line (an unknown one is a usage error)
    typed: tuple[str, ...] = ()
    #: the configuration file, and where its entries stand in it (an unknown one is reported there)
    config_file: str | None = None
    config_where: dict[str, tuple[int, int]] = field(default_factory=dict)

    def load(self) -> RulePack:
        """The rule pack with the force's packs added, rules chosen, severities changed and the roles that
        may waive a finding resting on law (when the configuration names them)."""
        import dataclasses

        from ddtapp.pack.rulepack import apply_overrides, load_pack

        pack = load_pack(list(self.rules))
        where = _Where(self.typed, self.config_file, self.config_where)
        pack = apply_overrides(pack, self.severity, switched_off(pack, self.select, self.ignore, where))
        if self.waiver_approvers:
            pack = dataclasses.replace(pack, waiver_approvers=self.waiver_approvers)
        return pack


@frozen
class _Where:
    """Where a ``select`` or ``ignore`` entry came from: the command line, or a place in the configuration."""

    typed: tuple[str, ...] = ()
    file: str | None = None
    at: dict[str, tuple[int, int]] = field(default_factory=dict)


def _matching(pack: RulePack, selector: str, option: str, where: _Where) -> list[str]:
    ids = [r.id for r in pack.rules]
    wanted = selector.strip().upper()
    hits = [i for i in ids if i == wanted or i.startswith(wanted)] if wanted else []
    if not hits:
        prefixes = sorted({i.rsplit("-", 1)[0] for i in ids} | set(ids))
        why = f"no rule has this id or starts with it.{did_you_mean(wanted, prefixes)} `ddtapp rules` lists them."
        if selector in where.typed:  # from the command line: a usage error, in Click's style
            raise UsageError(f"'{selector}': {why}", f"--{option}")
        if where.file:  # from the configuration: located there
            line, column = where.at.get(wanted, (1, 1))
            raise InputError([Problem(where.file, line, column, f"{option} '{selector}': {why}")])
        raise InputError(f"{option} {selector}: {why}")
    return hits


def switched_off(
    pack: RulePack, select: tuple[str, ...], ignore: tuple[str, ...], where: _Where | None = None
) -> list[str]:
    """The ids of the rules that ``select`` leaves out or ``ignore`` names (by id or prefix); ``where`` says
    which came from the command line and where the others stand in the configuration."""
    where = where or _Where()
    off: dict[str, None] = {}
    if select:
        chosen = {i for s in select for i in _matching(pack, s, "select", where)}
        off.update((r.id, None) for r in pack.rules if r.id not in chosen)
    for s in ignore:
        off.update((i, None) for i in _matching(pack, s, "ignore", where))
    return list(off)


def listed(values: list[str] | tuple[str, ...], option: str) -> tuple[str, ...]:
    """A repeatable option's values, each of which may be a comma-separated list (``--ignore DPIA,STAKE``, as
    ruff takes them): the items; an empty item is a usage error."""
    items = tuple(item.strip() for value in values for item in value.split(","))
    if any(not item for item in items):
        raise UsageError(f"an empty item in {', '.join(map(repr, values))}: separate items by one comma each.", option)
    return items


@frozen
class Settings:
    """Everything a checking command takes from the configuration, the environment and its flags."""

    config: Config
    paths: tuple[str, ...]
    rule_settings: RuleSettings
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    fail_on: str
    formats: tuple[str, ...]
    #: key -> where its value came from: "default", the configuration file, "$VARIABLE" or "--flag"
    origin: dict[str, str]


@mutable
class Flags:
    """What the command line gave (None or empty: not given)."""

    paths: list[str] = field(default_factory=list)
    rules: list[Path] = field(default_factory=list)
    severity: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str | None = None
    formats: list[str] = field(default_factory=list)

    @classmethod
    def given(cls, fail_on: str | None = None, **lists: list[Any] | None) -> Flags:
        """The flags as Typer hands them over: a repeatable option not given is None."""
        return cls(fail_on=fail_on, **{name: list(values or []) for name, values in lists.items()})


def _parse_severities(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in listed(items, "--severity"):
        rule_id, _, level = item.partition("=")
        level = level.strip().lower()
        if level not in SEVERITIES or not rule_id.strip():
            import typer  # only for the error: a plain `ddtapp check` runs without Typer

            hint = did_you_mean(level, SEVERITIES) if level else ""
            raise typer.BadParameter(f"'{item}': write RULE-ID=error, warning or info.{hint}", param_hint="--severity")
        out[rule_id.strip().upper()] = level
    return out


def merge(cfg: Config, flags: Flags) -> Settings:
    """The settings in force (see the module's docstring for precedence)."""
    source = cfg.source or "default"
    origin: dict[str, str] = {}

    def came_from(key: str, flag: object, env: str | None = None, file_has: bool = False) -> None:
        if flag:
            origin[key] = f"--{key}" if key != "paths" else "command line"
        elif env and os.environ.get(env):
            origin[key] = f"${env}"
        elif file_has:
            origin[key] = source
        else:
            origin[key] = "default"

    came_from("paths", flags.paths, file_has=bool(cfg.paths))
    came_from("rules", flags.rules, file_has=bool(cfg.rules))
    came_from("severity", flags.severity, file_has=bool(cfg.severity))
    came_from("select", flags.select, file_has=bool(cfg.select))
    came_from("ignore", flags.ignore, file_has=bool(cfg.disable))
    came_from("exclude", flags.exclude, file_has=bool(cfg.exclude))
    came_from("include", None, file_has=bool(cfg.include))
    came_from("fail-on", flags.fail_on, "DDTAPP_FAIL_ON", file_has=bool(cfg.fail_on))
    came_from("format", flags.formats, file_has=bool(cfg.format))
    if origin["rules"] == "--rules" and cfg.rules:
        origin["rules"] = f"{source} and --rules"
    if origin["ignore"] == "--ignore" and cfg.disable:
        origin["ignore"] = f"{source} and --ignore"
    if origin["exclude"] == "--exclude" and cfg.exclude:
        origin["exclude"] = f"{source} and --exclude"
    if origin["severity"] == "--severity" and cfg.severity:
        origin["severity"] = f"{source} and --severity"
    severity = {**cfg.severity, **_parse_severities(flags.severity)}
    select = tuple(s.upper() for s in listed(flags.select, "--select"))
    ignore = tuple(s.upper() for s in listed(flags.ignore, "--ignore"))
    return Settings(
        config=cfg,
        paths=tuple(flags.paths or cfg.paths),
        rule_settings=RuleSettings(
            rules=(*cfg.rules, *flags.rules),
            severity=severity,
            select=select or cfg.select,
            ignore=(*cfg.disable, *ignore),
            waiver_approvers=cfg.waiver_approvers,
            typed=(*select, *ignore),
            config_file=cfg.source,
            config_where=cfg.where,
        ),
        include=cfg.include,
        exclude=(*cfg.exclude, *flags.exclude),
        fail_on=(flags.fail_on or os.environ.get("DDTAPP_FAIL_ON") or cfg.fail_on or "error").strip().lower(),
        formats=tuple(flags.formats or cfg.format),
        origin=origin,
    )
