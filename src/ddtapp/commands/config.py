"""Project configuration: ``.ddtapp.yaml``, or ``[tool.ddtapp]`` in ``pyproject.toml``.

Found by walking up from the working directory to the repository root (the folder holding ``.git``; the
nearest folder holding either file wins; in one folder ``.ddtapp.yaml`` wins over ``pyproject.toml``);
outside a repository only the working directory itself is looked in. Or named with ``--config`` /
``$DDTAPP_CONFIG``. ``--no-config`` ignores it. Paths in the file are relative to the file's folder.

Trust: a configuration may name only paths inside its root (the repository holding it, or else its own
folder): dossiers, rule packs and report destinations. A report written elsewhere must be asked for on the
command line. So a ``.ddtapp.yaml`` in a shared folder above a repository never applies to it, and one in
a repository cannot load rules from, or write reports to, anywhere outside it (docs/security.md).

Precedence, lowest first: built-in defaults, the configuration file, environment variables, flags.

    # .ddtapp.yaml
    paths: [dossiers/]              # what `ddtapp check` checks when no PATH is given
    include: ["*.yaml", "*.yml"]    # which files a folder search picks up
    exclude: ["archive/*"]          # files and folders a folder search leaves out
    rules: [policy/rules]           # the force's own rule packs
    severity: {FRT-004: warning}    # change a rule's severity
    disable: [GOV-012]              # switch rules off (ids or prefixes; `ignore` is the same)
    waiver-approvers: [siro, dpo, chief_officer, chief_constable]   # who may waive a finding resting on law
    select: [GOV, DPIA-001]         # only these rules (ids or prefixes)
    fail-on: warning                # lowest severity that fails the run
    format: [text, "sarif:ddtapp.sarif"]
    protective-marking: OFFICIAL    # the marking on each page of `render --to docx`
    reference-doc: house/ddt.docx   # the force's Word template for `render --to docx`
    force-name: Northshire Police   # the force's name in the header of `ddtapp site`
    region: North West              # the force's region, for the ATRS Tier 1 record
    site-out: public-site           # the folder `ddtapp site` writes
    site-stylesheet: house/site.css # the force's own CSS, loaded after the site's
    site-logo: house/crest.svg      # the force's logo on every page of the site
    site-logo-alt: Northshire Police crest

The file is data like a dossier: loaded by the same safe loader (no tags, no code), validated with
"did you mean" suggestions for misspelt keys.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from ddtapp.frozen import frozen
from ddtapp.loading.safe_read import refuse_unless_regular

CONFIG_FILE = ".ddtapp.yaml"
PYPROJECT = "pyproject.toml"
REFERENCE = "docs/configuration.md"
#: Where a dotted key of the file stands: (line, column).
Locate = Callable[[str], tuple[int, int]]


@frozen
class Config:
    """A loaded configuration, with its paths made relative to the working directory."""

    source: str | None = None
    paths: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    waiver_approvers: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    fail_on: str | None = None
    format: tuple[str, ...] = ()
    protective_marking: str | None = None
    reference_doc: str | None = None
    force_name: str | None = None
    region: str | None = None
    site_out: str | None = None
    site_stylesheet: str | None = None
    site_logo: str | None = None
    site_logo_alt: str | None = None
    #: The folder the configuration's paths must stay inside (see :func:`root_of`).
    root: Path | None = None
    #: The keys the file set.
    keys: frozenset[str] = frozenset()
    #: Where each ``select``, ``disable`` and ``ignore`` entry stands in the file (line, column), by the
    #: entry as ``select``/``disable`` hold it: an entry that names no rule is reported there.
    where: dict[str, tuple[int, int]] = field(default_factory=dict)


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (a folder, or a worktree's file)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def root_of(config_file: Path) -> Path:
    """The folder a configuration's paths must stay inside: its repository's root, else its own folder."""
    folder = config_file.resolve().parent
    return repository_root(folder) or folder


def find_config(start: Path) -> Path | None:
    """The nearest ``.ddtapp.yaml`` or ``pyproject.toml`` with ``[tool.ddtapp]``, walking up from ``start``
    no further than its repository's root (only ``start`` itself outside a repository)."""
    root = repository_root(start)
    folders = [start]
    if root is not None:
        folders += [f for f in start.parents if f == root or root in f.parents]
    for folder in folders:
        candidate = folder / CONFIG_FILE
        # a FIFO, a device or a link to /dev/zero or to nothing is refused (exit 2), never silently passed over
        refuse_unless_regular(candidate, str(candidate), "configuration file")
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        refuse_unless_regular(pyproject, str(pyproject), "configuration file")
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


_TOOL_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool\s*\.\s*ddtapp\s*[\].]", re.MULTILINE)


def _has_tool_table(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:  # a regular file (is_file): the first 2 MB are plenty to find the table
            head = fh.read(2 * 1024 * 1024)
        return bool(_TOOL_TABLE.search(head.decode("utf-8", errors="replace")))
    except OSError:
        return False


def load_config(path: Path) -> Config:
    """Load and validate one configuration file; an unusable file raises InputError (exit 2). (The model of
    the file and its reading are in ``ddtapp.commands.config_file``, imported only when there is a file.)"""
    from ddtapp.commands.config_file import load_config as load

    return load(path)


def resolve(explicit: str | None, use_config: bool = True, cwd: Path | None = None) -> Config:
    """The configuration in force: ``--config`` / ``$DDTAPP_CONFIG``, else the nearest file, else none."""
    if not use_config:
        return Config()
    explicit = explicit or os.environ.get("DDTAPP_CONFIG") or None
    if explicit:
        return load_config(Path(explicit))
    found = find_config((cwd or Path.cwd()).resolve())
    return load_config(found) if found else Config()
