"""Counted words in ddtapp's messages and documents ("1 dossier", "3 dossiers"): the one ``plural``."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``n`` and ``word``, or its plural (``many``, else ``word`` + "s") unless ``n`` is 1; ``grouped``: the
    digits in thousands (``1,234``), as ``diff``'s summary counts changes."""
    return (f"{n:,}" if grouped else f"{n}") + f" {word if n == 1 else (many or word + 's')}"
