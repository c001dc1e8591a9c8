"""Find the dossiers to check: from files, directories (searched recursively) and glob patterns.

* A file named on the command line is always checked (like ruff and yamllint), unless
  ``dossiers_only`` is set, when a YAML file that is not a dossier is skipped (the pre-commit hook
  passes every staged YAML file).
* A directory is searched recursively for files matching the ``include`` patterns (default
  ``*.yaml`` and ``*.yml``) and not matching an ``exclude`` pattern. Hidden folders and the usual
  build and environment folders are never entered. Only dossiers are picked up: a policy repository
  holds other YAML (CI files, rule packs) that is not ours to check.
* A glob (``policy/**/*.yaml``) is expanded; the files it finds are treated like a directory's.

A dossier is recognised by its top-level keys ``schema_version`` and ``tool``, read from the text
without parsing it, so that discovery stays cheap on large repositories.

Patterns are matched with :func:`fnmatch.fnmatch` against the path relative to the folder searched
(forward slashes) and against the file name; ``*`` also matches ``/``, so ``archive/*`` excludes a
whole folder.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import sys
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from ddtapp.errors import Problem
from ddtapp.frozen import mutable
from ddtapp.loading.safe_read import display_path, not_regular
from ddtapp.output.neutralise import neutralise

DEFAULT_INCLUDE: tuple[str, ...] = ("*.yaml", "*.yml")
#: Folders never searched: version control, virtual environments, caches and build output.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "build",
        "dist",
        "site-packages",
    }
)
_GLOB_CHARS = re.compile(r"[*?[]")
_SCHEMA_KEY = re.compile(rb"^schema_version[ \t]*:", re.MULTILINE)
_TOOL_KEY = re.compile(rb"^tool[ \t]*:", re.MULTILINE)
#: How much of a file the dossier sniff reads. The two keys open every dossier ddtapp writes.
SNIFF_BYTES = 256 * 1024


@mutable
class Discovery:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: YAML files passed over because they are not dossiers.
    skipped: list[str] = field(default_factory=list)


def looks_like_dossier(path: str | Path) -> bool:
    """Whether the file has the top-level keys ``schema_version`` and ``tool``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return True  # let the loader report why it cannot be read
    return bool(_SCHEMA_KEY.search(head) and _TOOL_KEY.search(head))


def _matches(rel: str, patterns: tuple[str, ...] | list[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _unreadable(problems: list[Problem]) -> Callable[[OSError], None]:
    """os.walk's error handler: a folder that cannot be listed fails the run instead of passing unseen."""

    def report(exc: OSError) -> None:
        problems.append(
            Problem(
                display_path(exc.filename or "."),
                1,
                1,
                f"cannot read this folder ({exc.strerror or type(exc).__name__}); the dossiers in it were not checked",
                hint="Make the folder readable, or leave it out with --exclude.",
            )
        )

    return report


def _walk(
    root: str, include: tuple[str, ...], exclude: tuple[str, ...], problems: list[Problem] | None = None
) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=_unreadable([] if problems is None else problems)):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIPPED_DIRS and not _matches(rel_dir + d, exclude)
        )
        for name in sorted(filenames):
            rel = rel_dir + name
            if _matches(rel, include) and not _matches(rel, exclude):
                found.append(os.path.join(dirpath, name))
    return sorted(found, key=lambda p: p.replace(os.sep, "/"))


def discover(
    paths: list[str],
    include: tuple[str, ...] | list[str] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] | list[str] = (),
    dossiers_only: bool = False,
) -> Discovery:
    """Expand ``paths`` into the dossier files to check, in a stable order, without duplicates."""
    include, exclude = tuple(include), tuple(exclude)
    out = Discovery()
    seen: set[str] = set()

    def add(path: str, explicit: bool) -> None:
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            return
        seen.add(key)
        kind = not_regular(path)
        if kind and not explicit:
            # a FIFO would block the sniff, a device never end it: pass over it, and say so
            print(
                f"ddtapp: skipped {neutralise(display_path(path))}: it is {kind}, not a regular file", file=sys.stderr
            )
            out.skipped.append(path)
            return
        if kind:
            out.files.append(path)  # named on the command line: the loader refuses it, located
            return
        if (not explicit or dossiers_only) and not looks_like_dossier(path):
            out.skipped.append(path)
            return
        out.files.append(path)

    for arg in paths:
        if os.path.isdir(arg):
            for path in _walk(arg, include, exclude, out.problems):
                add(path, explicit=False)
        elif os.path.exists(arg) or not _GLOB_CHARS.search(arg):
            add(arg, explicit=True)  # a missing file is reported by the loader, with its hint
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            files = [
                m
                for m in matches
                if os.path.isfile(m)
                and _matches(m.replace(os.sep, "/"), include)
                and not _matches(m.replace(os.sep, "/"), exclude)
            ]
            for m in matches:
                if os.path.isdir(m):
                    files.extend(_walk(m, include, exclude, out.problems))
            if not files:
                out.problems.append(
                    Problem(
                        arg,
                        1,
                        1,
                        "no YAML file matches this pattern",
                        hint="Check the pattern; quote it so that the shell does not expand it.",
                    )
                )
            for path in files:
                add(path, explicit=False)
    return out
