"""Reading a dossier's history from git: old versions with ``git show REV:./path`` and commit dates
with ``git log``. Every call is an argument list (no shell), with ``--`` before paths; a revision that
looks like an option is refused before git sees it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from ddtapp.errors import InputError

#: Longest a git call may take before ddtapp gives up on it.
TIMEOUT_SECONDS = 60


class GitError(Exception):
    """git is missing, the folder is not a repository, or a call failed."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed or not on PATH")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(  # a fixed executable and an argument list, never a shell
            [exe, *args], cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=env
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {args[0]} failed: {exc}") from None


def check_revision(rev: str, cwd: Path) -> str:
    """The commit id of ``rev``; InputError (exit 2) when it is not a commit of the repository at ``cwd``."""
    if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
        raise InputError(f"--since: '{rev}' is not a git revision. Give a branch, tag or commit, e.g. origin/main.")
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd)
        if top.returncode != 0:
            raise InputError(f"--since needs a git repository, and {cwd} is not in one.")
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    except GitError as exc:
        raise InputError(f"--since: {exc}.") from None
    if found.returncode != 0:
        raise InputError(
            f"--since: '{rev}' is not a commit of this repository. "
            "Fetch it first (in CI: a checkout with fetch-depth: 0, or git fetch origin main)."
        )
    return found.stdout.decode().strip()


def show(rev: str, file: Path) -> bytes | None:
    """The file's bytes at ``rev`` (a commit id), or None when the file was not in that commit."""
    result = _git(["show", f"{rev}:./{file.name}"], file.parent)
    if result.returncode != 0:
        return None
    return result.stdout


def commit_date(file: Path, rev: str | None = None) -> dt.date | None:
    """The committer date of the last commit (up to ``rev``, or HEAD) that touched ``file``, when the file
    as it stands is that commit's version (no uncommitted edits when ``rev`` is None); else None."""
    try:
        if rev is None:
            dirty = _git(["status", "--porcelain", "--", file.name], file.parent)
            if dirty.returncode != 0 or dirty.stdout.strip():
                return None
        args = ["log", "-1", "--format=%cs", *([rev] if rev else []), "--", file.name]
        result = _git(args, file.parent)
    except GitError:
        return None
    text = result.stdout.decode().strip()
    if result.returncode != 0 or not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def removed_files(rev: str, targets: list[str], cwd: Path) -> list[str]:
    """Files under ``targets`` (folders or files, relative to ``cwd``) that were in ``rev`` and are gone
    now, as paths relative to ``cwd``, in order."""
    result = _git(["diff", "--name-only", "--no-renames", "--diff-filter=D", "--relative", rev, "--", *targets], cwd)
    if result.returncode != 0:
        raise GitError(result.stderr.decode(errors="replace").strip() or "git diff failed")
    return sorted(line for line in result.stdout.decode().splitlines() if line.endswith((".yaml", ".yml")))


def show_path(rev: str, relative: str, cwd: Path) -> bytes | None:
    """A file's bytes at ``rev`` by its path relative to ``cwd`` (None when absent)."""
    result = _git(["show", f"{rev}:./{relative}"], cwd)
    return result.stdout if result.returncode == 0 else None
