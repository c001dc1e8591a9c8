"""A cache of parsed rule-pack files, so that a cold ``ddtapp check`` does not re-parse 300 KB of YAML.

Each pack file's parsed data is stored as JSON under the SHA-256 of the file's bytes, in one file per
ddtapp version: ``$DDTAPP_CACHE_DIR``, else ``$XDG_CACHE_HOME/ddtapp``, else ``~/.cache/ddtapp``.
A changed file has a new hash, so the cache never serves stale rules. The cache holds plain JSON data
(no pickles, nothing that can run code), and what it returns is validated exactly like freshly parsed
YAML. Set ``DDTAPP_NO_CACHE=1`` to bypass it. An unreadable or unwritable cache is ignored.

Data is cached only when it survives a JSON round trip unchanged (a YAML date, for example, would not).
Positions (line and column) are not cached: a pack that turns out to be invalid is loaded again from
its YAML so that the error names the right line.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ddtapp import __version__
from ddtapp.yaml_loader import Loaded, load_bytes


def cache_dir() -> Path | None:
    if os.environ.get("DDTAPP_NO_CACHE"):
        return None
    explicit = os.environ.get("DDTAPP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "ddtapp"


class PackCache:
    """Parsed pack files by content hash. ``used`` records what this run needed; ``save`` keeps only that."""

    def __init__(self, folder: Path | None):
        self.file = folder / f"rulepack-{__version__}.json" if folder else None
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = 0
        if self.file is not None:
            try:
                loaded = json.loads(self.file.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (OSError, ValueError):
                pass

    def load(self, path: Path) -> Loaded:
        """Like :func:`ddtapp.yaml_loader.load_file`, from the cache when the file is unchanged."""
        from ddtapp.yaml_loader import load_file

        try:
            raw = path.read_bytes()
        except OSError:
            return load_file(path)  # reports the error as the loader does
        key = hashlib.sha256(raw).hexdigest()
        if key in self.entries:
            self.hits += 1
            self.used[key] = self.entries[key]
            return Loaded(str(path), self.entries[key])
        loaded = load_bytes(raw, str(path))
        try:
            if json.loads(json.dumps(loaded.data)) == loaded.data:
                self.used[key] = loaded.data
        except (TypeError, ValueError):
            pass
        return loaded

    def save(self) -> None:
        if self.file is None or self.used == self.entries:
            return
        try:
            from ddtapp.safe_write import write_atomic

            write_atomic(self.file, json.dumps(self.used, separators=(",", ":"), sort_keys=True))
        except OSError:
            pass
