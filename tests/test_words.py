"""``ddtapp.output.words.plural``: the one counted word of every message, report and document."""

from __future__ import annotations

import pytest

from ddtapp.output.words import plural


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1, "dossier"), {}, "1 dossier"),
        ((0, "dossier"), {}, "0 dossiers"),
        ((2, "process", "processes"), {}, "2 processes"),
        ((1, "process", "processes"), {}, "1 process"),
        ((1234, "review"), {}, "1234 reviews"),
        ((1234, "review"), {"grouped": True}, "1,234 reviews"),
        ((1, "significant change"), {"grouped": True}, "1 significant change"),
    ],
)
def test_plural(args, kwargs, expected):
    assert plural(*args, **kwargs) == expected


def test_no_module_counts_words_its_own_way():
    """A count written as ``{n} word{'s' if n != 1 else ''}`` beside ``plural`` is a second plural."""
    from pathlib import Path

    import ddtapp

    own = [
        f"{path.name}:{i}"
        for path in Path(ddtapp.__file__).parent.rglob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "'s' if" in line or '"s" if' in line or "def _plural" in line
    ]
    assert own == []
