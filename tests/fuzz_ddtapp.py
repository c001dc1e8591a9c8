"""Coverage-guided fuzzing of the loader and the reporters.

Each input is a file's bytes. It goes through what ``ddtapp check`` does with a dossier: the YAML loader
(size, NUL, UTF-8, nesting pre-scan, tags, aliases, duplicate keys), validation, the rules, and every
report format; its text also goes through the Markdown escaping and the terminal neutraliser. Bad input
must end as ``InputError`` (exit 2); anything else escaping is a crash, and the fuzzer stops on it.

Long run (atheris, one core: a million inputs took 1,349 s of CPU, 68 minutes on a busy machine; the corpus
folder keeps what it found; docs/security.md logs the runs)::

    .venv/bin/pip install atheris
    mkdir -p .fuzz-corpus && cp examples/*.yaml .fuzz-corpus/
    nice -n 19 .venv/bin/python tests/fuzz_ddtapp.py .fuzz-corpus -runs=1000000 -max_len=8192 \
        -rss_limit_mb=2048 -timeout=20

``DDTAPP_FUZZ=loader`` fuzzes the loader and the text escaping only (about 30 times as many inputs a
second). ``tests/test_fuzz.py`` runs a short atheris session (when atheris is installed) and feeds the same target
with Hypothesis on every test run.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from typing import Any

TODAY = dt.date(2026, 11, 21)
_state: dict[str, Any] = {}


def _pack() -> Any:
    if "pack" not in _state:
        from ddtapp.pack.rulepack import load_pack

        _state["pack"] = load_pack()
    return _state["pack"]


def one_input(data: bytes, every_format: bool = False) -> None:
    """Run one input through the loader, the checker and a reporter (chosen by the input's length, or every
    one); InputError is the only way out."""
    from ddtapp.checker.engine import check_loaded, validate_dossier
    from ddtapp.errors import InputError
    from ddtapp.loading.yaml_loader import load_bytes
    from ddtapp.output.markdown_text import inline, paragraphs
    from ddtapp.output.neutralise import neutralise, neutralise_block
    from ddtapp.reporters import FORMATS, Report, get_reporter

    text = data.decode("utf-8", "replace")
    for shown in (neutralise(text), neutralise_block(text)):
        assert "\x1b" not in shown and "\x9b" not in shown
    inline(text)
    paragraphs(text)
    try:
        loaded = load_bytes(data, "fuzz.yaml")
        if _state.get("loader_only"):
            return
        validate_dossier(loaded)
    except InputError as exc:
        assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems), exc.text
        for p in exc.problems:
            assert "\n" not in p.shown() and "\x1b" not in p.shown()
        return
    pack = _pack()
    result = check_loaded(loaded, pack, TODAY)
    report = Report([result.slim()], [], pack, TODAY.isoformat(), "error", True, True, False, ())
    formats = FORMATS if every_format else (FORMATS[len(data) % len(FORMATS)],)  # one a run keeps it fast
    for fmt in formats:
        get_reporter(fmt)(report, io.StringIO())


def main() -> None:  # pragma: no cover - the fuzzer's entry point
    import atheris

    with atheris.instrument_imports(include=["ddtapp"]):
        import ddtapp.checker.engine
        import ddtapp.loading.yaml_loader
        import ddtapp.output.markdown_text
        import ddtapp.output.neutralise
        import ddtapp.reporters  # noqa: F401
    _state["loader_only"] = os.environ.get("DDTAPP_FUZZ") == "loader"
    _pack()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
