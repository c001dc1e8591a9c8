"""The plain text report's findings (``ddtapp.reporters.text._plain_finding``) remember each text they
neutralise: held here to what Rich writes for the same finding, and to neutralising each text afresh, on
awkward texts (CI commands, controls, non-ASCII, lone surrogates, long texts, a ``str`` subclass), the first
time, from memory, and while the memory is let go again and again."""

from __future__ import annotations

import io
import itertools

import pytest

from ddtapp.checker.findings import Finding
from ddtapp.output.terminal import console_for
from ddtapp.reporters import text
from tests.helpers import EVIL_VALUE


class Shouting(str):
    """A ``str`` subclass whose ``str()`` is not its value: never answered from memory."""

    def __str__(self) -> str:
        return self.upper()


AWKWARD = [
    "",
    "plain words",
    "a:b",
    "x::",
    "::add-mask::x",
    "  ::indented",
    "#",
    "##vso[task]",
    "a ##[x",
    "line\nbreak",
    "tab\there",
    "\x1b[2J",
    "\x7f\x85",
    "café",
    "\u202eevil",
    "\ud800",
    "x" * 600,
    "::" + "y" * 600,
    EVIL_VALUE,
    Shouting("shout ::x"),
]


def findings() -> list[Finding]:
    made = []
    texts = itertools.cycle(AWKWARD)
    for i, (status, basis, refs) in enumerate(
        itertools.product(
            ("open", "waived", "coming_up"),
            ((), ("",), ("APP X (MUST)", "::y"), ("a", "b")),
            ((), ("GOV-1", "GOV-2")),
        )
    ):
        for _ in range(len(AWKWARD)):
            made.append(
                Finding(
                    file="dossiers/a.yaml" if i % 2 else "dossiers/::b.yaml",
                    line=i + 1,
                    column=3,
                    rule_id=next(texts),
                    severity=("error", "warning", "info")[i % 3],
                    message=next(texts),
                    path=next(texts) if i % 4 else "",
                    section="s",
                    stage="t",
                    app_refs=refs,
                    status=status,  # type: ignore[arg-type]
                    waiver_reason=next(texts) if i % 3 else "",
                    basis=tuple(next(texts) if b == "::y" else b for b in basis),
                )
            )
    return made


def afresh(f: Finding) -> str:
    """The finding as written before texts were remembered: each neutralised on its own."""
    p = text._plain_text
    sev = "waived" if f.status == "waived" else f.severity
    refs = ", ".join(f.app_refs)
    refs = f" [{refs}]" if refs else ""
    out = f"    {p(f.file)}:{f.line}:{f.column}  {sev:<7} {p(f.rule_id)}  {p(f.message)}{refs}\n"
    out += f"      at {p(f.path or '(top)')}\n"
    if f.basis:
        out += f"      basis: {p('; '.join(f.basis))}\n"
    if f.status == "waived" and f.waiver_reason:
        out += f"      waived: {p(f.waiver_reason)}\n"
    return out


def plain(fs: list[Finding]) -> list[str]:
    written: list[str] = []
    w = text._Plain(written.append)
    for f in fs:
        text._plain_finding(w, f)
    return written


@pytest.mark.parametrize("entries_max", [text._Neutralised.ENTRIES_MAX, 3])
def test_remembered_texts_are_written_as_neutralised_afresh_and_as_rich_writes(monkeypatch, entries_max):
    monkeypatch.setattr(text._Neutralised, "ENTRIES_MAX", entries_max)
    monkeypatch.setattr(text, "_NEUTRALISED", text._Neutralised())
    fs = findings()
    expected = [afresh(f) for f in fs]
    assert plain(fs) == expected  # the first time
    assert plain(fs) == expected  # from memory
    assert len(text._NEUTRALISED) <= entries_max
    # Rich writes a text that ends in a backslash differently (its markup escapes it; as on main)
    same = [(f, e) for f, e in zip(fs, expected, strict=True) if "\\\n" not in e and "\\ [" not in e]
    assert len(same) > len(fs) // 2
    rich = io.StringIO()
    writer = text._Rich(console_for(rich, False))
    for f, _ in same:
        text._finding(writer, f)
    assert rich.getvalue() == "".join(e for _, e in same)


def test_the_memory_is_bounded_and_keeps_no_long_text(monkeypatch):
    monkeypatch.setattr(text, "_NEUTRALISED", text._Neutralised())
    seen = text._NEUTRALISED
    assert seen["a ::b"] == "a ::b" and "a ::b" in seen
    assert seen["::b"] == "\\::b"
    long = "z" * (text._Neutralised.TEXT_MAX + 1)
    assert seen[long] == long and long not in seen
    for i in range(text._Neutralised.ENTRIES_MAX * 2):
        assert seen[f"t{i}"] == f"t{i}"
    assert len(seen) <= text._Neutralised.ENTRIES_MAX


def test_the_summary_counts_in_one_pass_what_five_passes_counted():
    from ddtapp.checker.engine import Result
    from ddtapp.reporters.summary import Summary

    fs = findings()
    for n in range(0, len(fs), 7):
        some = tuple(fs[n : n + 11 + n % 5])
        result = Result("a.yaml", None, None, some)  # type: ignore[arg-type]
        open_ = [f for f in some if f.status == "open"]
        errors = sum(1 for f in open_ if f.severity == "error")
        warnings = sum(1 for f in open_ if f.severity == "warning")
        assert Summary.of(result) == Summary(
            errors=errors,
            warnings=warnings,
            infos=sum(1 for f in open_ if f.severity == "info"),
            coming_up=sum(1 for f in some if f.status == "coming_up"),
            waived=sum(1 for f in some if f.status == "waived"),
            gate_ready=errors == 0 and warnings == 0,
        )
