"""A configuration file read and checked: the keys it may hold (:class:`ConfigModel`, validated by Pydantic with
"did you mean" suggestions) and how its paths are made relative and kept inside its root. Imported only when a
configuration file is found or named (``ddtapp.commands.config``, which says what the file holds)."""

from __future__ import annotations

import os
import re
from dataclasses import field
from pathlib import Path
from typing import ClassVar, Literal

from ddtapp.commands.config import (
    _TOOL_TABLE,
    PYPROJECT,
    REFERENCE,
    Config,
    Locate,
    root_of,
)
from ddtapp.errors import InputError, Problem
from ddtapp.frozen import frozen
from ddtapp.loading.safe_read import refuse_unless_regular


@frozen(kw_only=True)
class ConfigModel:
    """The keys of ``.ddtapp.yaml`` and ``[tool.ddtapp]``.

    A plain dataclass, validated by Pydantic (``ddtapp.dossier.validate``) only when there is a file to read:
    most runs have none, and need not import Pydantic."""

    __pydantic_config__: ClassVar[dict[str, object]] = {
        "extra": "forbid",
        "populate_by_name": True,
    }

    paths: list[str] = field(
        default_factory=list,
        metadata={"description": "Dossiers, folders or globs checked when no PATH is given."},
    )
    include: list[str] = field(
        default_factory=list,
        metadata={"description": "Patterns of the files a folder search picks up."},
    )
    exclude: list[str] = field(
        default_factory=list,
        metadata={"description": "Patterns of files and folders a folder search leaves out."},
    )
    rules: list[str] = field(
        default_factory=list,
        metadata={"description": "Folders of the force's own rules."},
    )
    severity: dict[str, Literal["error", "warning", "info"]] = field(
        default_factory=dict,
        metadata={"description": "A rule id → its severity in this force."},
    )
    disable: list[str] = field(
        default_factory=list,
        metadata={"description": "Rules switched off, by id or prefix (as `ignore`)."},
    )
    ignore: list[str] = field(
        default_factory=list,
        metadata={"description": "Rules switched off, by id or prefix (as `disable`)."},
    )
    select: list[str] = field(
        default_factory=list,
        metadata={"description": "Only these rules, by id or prefix (default: every rule)."},
    )
    waiver_approvers: list[str] = field(
        default_factory=list,
        metadata={
            "alias": "waiver-approvers",
            "description": "Roles whose approval can waive a finding of a rule resting on statute or case law"
            " (default: siro, dpo, chief_officer, chief_constable).",
        },
    )
    fail_on: Literal["error", "warning", "info", "never"] | None = field(
        default=None,
        metadata={
            "alias": "fail-on",
            "description": "Lowest severity that fails the run.",
        },
    )
    format: list[str] = field(
        default_factory=list,
        metadata={"description": "Output formats, NAME or NAME:PATH."},
    )
    protective_marking: str | None = field(
        default=None,
        metadata={
            "alias": "protective-marking",
            "description": "The protective marking on each page of a Word draft (default OFFICIAL).",
        },
    )
    reference_doc: str | None = field(
        default=None,
        metadata={
            "alias": "reference-doc",
            "description": "The force's Word template (.docx) for Word drafts.",
        },
    )
    force_name: str | None = field(
        default=None,
        metadata={
            "alias": "force-name",
            "description": "The force's name in the transparency site's header.",
        },
    )
    region: str | None = field(
        default=None,
        metadata={"description": "The force's region, for the transparency site's ATRS Tier 1 record."},
    )
    site_out: str | None = field(
        default=None,
        metadata={
            "alias": "site-out",
            "description": "The folder `ddtapp site` writes the site to.",
        },
    )
    site_stylesheet: str | None = field(
        default=None,
        metadata={
            "alias": "site-stylesheet",
            "description": "The force's own CSS for the site, loaded after its own.",
        },
    )
    site_logo: str | None = field(
        default=None,
        metadata={
            "alias": "site-logo",
            "description": "The force's logo on every page of the site (PNG, SVG, ...).",
        },
    )
    site_logo_alt: str | None = field(
        default=None,
        metadata={
            "alias": "site-logo-alt",
            "description": "The logo's text alternative (default: the force's name).",
        },
    )


def _relative(base: Path, value: str) -> str:
    """A path from the config file, as the user would type it from the working directory."""
    if os.path.isabs(value):
        return value
    joined = os.path.normpath(base / value)
    try:
        return os.path.relpath(joined)
    except ValueError:  # another drive on Windows
        return joined


def load_config(path: Path) -> Config:
    """Load and validate one configuration file; an unusable file raises InputError (exit 2)."""
    name = str(path)
    refuse_unless_regular(path, name, "configuration file")
    if not path.is_file():
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "configuration file not found",
                    hint="Check the --config path or $DDTAPP_CONFIG.",
                )
            ]
        )
    if path.name == PYPROJECT or path.suffix == ".toml":
        model, keys, locate = _load_toml(path, name)
    else:
        from ddtapp.dossier.validate import validate
        from ddtapp.loading.yaml_loader import load_file

        loaded = load_file(path, name)
        model = ConfigModel() if loaded.data is None else validate(ConfigModel, loaded, "configuration", REFERENCE)
        keys = frozenset(str(k).replace("_", "-") for k in loaded.data or {})
        locate = loaded.locate
    base = path.parent
    root = root_of(path)
    _stay_inside(model, base, root, name, locate)
    where = {
        entry.strip().upper(): locate(f"{key}[{i}]")
        for key, entries in (
            ("select", model.select),
            ("ignore", model.ignore),
            ("disable", model.disable),
        )
        for i, entry in enumerate(entries)
    }
    return Config(
        source=name,
        paths=tuple(_relative(base, p) for p in model.paths),
        include=tuple(model.include),
        exclude=tuple(model.exclude),
        rules=tuple(Path(_relative(base, r)) for r in model.rules),
        severity={k.strip().upper(): level for k, level in model.severity.items()},
        waiver_approvers=tuple(model.waiver_approvers),
        disable=tuple(d.strip().upper() for d in (*model.disable, *model.ignore)),
        select=tuple(d.strip().upper() for d in model.select),
        fail_on=model.fail_on,
        format=tuple(_format_relative(base, f) for f in model.format),
        root=root,
        keys=keys,
        protective_marking=model.protective_marking,
        reference_doc=_relative(base, model.reference_doc) if model.reference_doc else None,
        force_name=model.force_name,
        region=model.region,
        site_out=_relative(base, model.site_out) if model.site_out else None,
        site_stylesheet=_relative(base, model.site_stylesheet) if model.site_stylesheet else None,
        site_logo=_relative(base, model.site_logo) if model.site_logo else None,
        site_logo_alt=model.site_logo_alt,
        where=where,
    )


def _format_relative(base: Path, spec: str) -> str:
    name, sep, dest = spec.partition(":")
    return f"{name}{sep}{_relative(base, dest)}" if sep and dest and dest != "-" else spec


_GLOB = re.compile(r"[*?\[]")


def _outside(base: Path, value: str, root: Path) -> bool:
    """Whether ``value`` (relative to ``base``; a glob is judged by the folders before its first wildcard)
    leads out of ``root``, following symlinks."""
    literal = value[: m.start()] if (m := _GLOB.search(value)) else value
    target = os.path.realpath(base / os.path.expanduser(literal or "."))
    root_real = os.path.realpath(root)
    return os.path.commonpath([target, root_real]) != root_real


_HINTS = {
    "format": "Write the report inside the repository, or name this destination with --format NAME:PATH on the "
    "command line.",
    "site-out": "Write the site inside the repository, or name this folder with --out on the command line.",
}


def _stay_inside(model: ConfigModel, base: Path, root: Path, name: str, locate: Locate) -> None:
    """Refuse a configuration that names a path outside its root (issue: a shared or hostile configuration
    could load rules from, or write reports to, anywhere the user can)."""
    problems: list[Problem] = []
    named = [("paths", i, p, "dossiers to check") for i, p in enumerate(model.paths)]
    named += [("rules", i, r, "rule packs") for i, r in enumerate(model.rules)]
    for i, spec in enumerate(model.format):
        _fmt, sep, dest = spec.partition(":")
        if sep and dest and dest != "-":
            named.append(("format", i, dest, "report destinations"))
    if model.reference_doc:
        named.append(("reference-doc", -1, model.reference_doc, "Word templates"))
    for key, value, what in (
        ("site-out", model.site_out, "site folders to write"),
        ("site-stylesheet", model.site_stylesheet, "stylesheets"),
        ("site-logo", model.site_logo, "logos"),
    ):
        if value:
            named.append((key, -1, value, what))
    for key, index, value, what in named:
        if _outside(base, value, root):
            at = f"{key}[{index}]" if index >= 0 else key
            line, col = locate(at)
            problems.append(
                Problem(
                    name,
                    line,
                    col,
                    f"'{value}' is outside {root}; a configuration may name only {what} inside the repository "
                    "it belongs to",
                    path=at,
                    hint=_HINTS.get(
                        key,
                        "Give a path inside the repository, or give this one on the command line.",
                    ),
                )
            )
    if problems:
        raise InputError(problems)


def _load_toml(path: Path, name: str) -> tuple[ConfigModel, frozenset[str], Locate]:
    import tomllib  # only when a pyproject.toml has a [tool.ddtapp] table: most runs read none

    from ddtapp.loading.limits import MAX_FILE_BYTES
    from ddtapp.loading.safe_read import read_capped

    text = read_capped(path, MAX_FILE_BYTES, name, "configuration file").decode("utf-8", errors="replace")
    try:
        doc = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once an array or inline table level
        raise InputError([Problem(name, 1, 1, "nesting is too deep for a configuration file")]) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        else:  # "(at end of document)"
            line, col = max(text.count("\n"), 1), 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    col,
                    f"not valid TOML: {message}",
                    hint="Fix the TOML syntax.",
                )
            ]
        ) from None
    prefix = ("tool", "ddtapp") if path.name == PYPROJECT else ()
    table = doc.get("tool", {}).get("ddtapp", {}) if prefix else doc
    header = _TOOL_TABLE.search(text)
    line = text.count("\n", 0, header.start()) + 1 if header else 1
    from pydantic import ValidationError

    from ddtapp.dossier.validate import describe_error, loc_to_path, validate_data

    def locate(dotted: str) -> tuple[int, int]:
        key = re.compile(rf"^[ \t]*\"?{re.escape(dotted.split('[')[0])}\"?[ \t]*=", re.MULTILINE)
        found = key.search(text, header.end() if header else 0)
        return (text.count("\n", 0, found.start()) + 1 if found else line), 1

    keys = frozenset(str(k).replace("_", "-") for k in table) if isinstance(table, dict) else frozenset()
    try:
        return validate_data(ConfigModel, table), keys, locate
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            message, hint = describe_error(ConfigModel, err, REFERENCE)
            key = (
                re.compile(
                    rf"^[ \t]*\"?{re.escape(str(err['loc'][0]))}\"?[ \t]*=",
                    re.MULTILINE,
                )
                if err["loc"]
                else None
            )
            found = key.search(text, header.end() if header else 0) if key else None
            at = text.count("\n", 0, found.start()) + 1 if found else line
            problems.append(
                Problem(
                    name,
                    at,
                    1,
                    message,
                    path=loc_to_path((*prefix, *err["loc"])),
                    hint=hint,
                )
            )
        raise InputError(problems) from None
