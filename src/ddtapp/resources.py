"""Where the built-in rule pack and templates live: inside the installed package, or in the
source checkout (``rules/`` and ``templates/`` at the repository root) when run from source."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    packaged = _HERE / name
    if packaged.is_dir():
        return packaged
    source = _HERE.parent.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"ddtapp's built-in {name}/ folder is missing from the installation ({packaged})")


def rules_dir() -> Path:
    return _find("rules")


def templates_dir() -> Path:
    return _find("templates")
