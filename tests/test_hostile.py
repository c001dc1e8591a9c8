"""Hostile and broken input, end to end through the command line: never a traceback, never code
execution, an exit code of 0, 1 or 2, and deterministic output for what is valid.

Property-based with Hypothesis. The default profile keeps CI fast; the long fuzz run is

    .venv/bin/python -m pytest tests/test_hostile.py --hypothesis-profile=fuzz -q

(see tests/conftest.py for the profiles).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddtapp.reporters import FORMATS
from tests.helpers import CLEAN, mutated_text, run

# Text a user might type, and text meant to break a report: Markdown, YAML, XML, GitHub workflow
# commands, terminal escapes, Rich markup, format placeholders, Jinja.
NASTY = [
    "|",
    "`",
    "*",
    "_",
    "[x](y)",
    "<script>",
    "&amp;",
    "::error::",
    "%0A",
    "\r",
    "\x1b[31m",
    "[bold]",
    "{section}",
    "{{ 7*7 }}",
    "{% raw %}",
    "#",
    "---",
    "!!python/object",
    "\u202e",
    "\u0000",
    "é",
    "💥",
    "&",
    "'",
    '"',
    "\\",
    "\t",
    "%",
    ",",
    ":",
    "${HOME}",
    "$(id)",
]
# Keys at which a dossier holds text that reports print.
TEXT_KEYS = ["tool.name", "tool.purpose", "tool.problem", "tool.force", "tool.owner.name"]

nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), min_size=1, max_size=6).map("".join)


def _yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029\ufeff" or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _with_text(base: str, key: str, value: str) -> str:
    leaf = key.rsplit(".", 1)[-1]
    lines = base.splitlines()
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(f"{leaf}:") and not stripped.startswith(f"{leaf}: {{"):
            indent = line[: len(line) - len(stripped)]
            lines[i] = f"{indent}{leaf}: {_yaml_quote(value)}"
            break
        if f"{{{leaf}: " in line or f"{{ {leaf}: " in line:
            head, _, rest = line.partition(f"{leaf}: ")
            tail = rest[rest.index(",") :] if "," in rest else rest[rest.index("}") :]
            lines[i] = f"{head}{leaf}: {_yaml_quote(value)}{tail}"
            break
    return "\n".join(lines) + "\n"


def _check(tmp_path: Path, capsys, payload: bytes, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "d.yaml"
    path.write_bytes(payload)
    return run(["check", str(path), "--today", "2026-11-21", "--no-config", "-j", "1", *extra], capsys)


HYPOTHESIS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)


@HYPOTHESIS
@given(payload=mutated_text())
def test_mutated_dossiers_never_crash(tmp_path, capsys, payload):
    code, _out, err = _check(tmp_path, capsys, payload, "-f", "json")
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err
    if code == 2:
        # one located line per problem: file:line:col
        assert err.startswith("ddtapp: "), err
        assert f"{tmp_path / 'd.yaml'}:" in err


@HYPOTHESIS
@given(key=st.sampled_from(TEXT_KEYS), value=nasty_text, fmt=st.sampled_from(FORMATS))
def test_hostile_text_in_every_format_is_data_and_deterministic(tmp_path, capsys, key, value, fmt):
    payload = _with_text(CLEAN, key, value).encode("utf-8")
    first = _check(tmp_path, capsys, payload, "-f", fmt)
    assert first[0] in (0, 1, 2), first[2]
    assert "Traceback" not in first[2] and "internal error" not in first[2]
    second = _check(tmp_path, capsys, payload, "-f", fmt)
    assert first == second


@HYPOTHESIS
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    ["tool", "stage", "processing", "engage", "name", "documents", "gate", "impact", "waivers", "x"]
                ),
                children,
                max_size=4,
            )
        ),
        max_leaves=20,
    )
)
def test_any_shape_of_data_is_a_finding_or_a_located_error(tmp_path, capsys, data):
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump({"schema_version": 2, "stage": "engage", "tool": data}, buf)
    code, _out, err = _check(tmp_path, capsys, buf.getvalue().encode("utf-8"), "-f", "json")
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err


# The explicit list of issue 7: each gets one located line, exit 2, in bounded time.
HOSTILE_FILES = {
    "syntax error": (b"tool:\n  name: [unclosed\nstage: engage\n", "YAML syntax error"),
    "tab indentation": (b"tool:\n\tname: x\n", "tabs"),
    "duplicate key": (b"schema_version: 2\nstage: engage\nstage: evolve\n", "duplicate key 'stage'"),
    "root not a mapping": (b"- a\n- b\n", "must be a mapping"),
    "empty file": (b"", "the file is empty"),
    "comments only": (b"# nothing here\n", "the file is empty"),
    "two documents": (b"schema_version: 2\n---\nschema_version: 2\n", "more than one YAML document"),
    "not UTF-8": (b"schema_version: 2\ntool:\n  name: caf\xe9\n", "UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "python object tag": (b"tool: !!python/object/apply:os.system ['touch /tmp/ddtapp-pwned']\n", "not allowed"),
    "unknown tag": (b"tool: !secret x\n", "not allowed"),
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "aliases expand",
    ),
    "deep nesting": (b"tool: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nest"),
    "too large": (b"schema_version: 2\n" + b"# padding\n" * 220_000, "limit"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_each_kind_of_hostile_yaml_is_one_located_line(tmp_path, capsys, name, composer):
    payload, words = HOSTILE_FILES[name]
    started = time.monotonic()
    code, out, err = _check(tmp_path, capsys, payload, "-f", "json")
    assert time.monotonic() - started < 10  # bounded: generous for a loaded CI machine
    assert code == 2, (name, out, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"ddtapp: {tmp_path / 'd.yaml'}:"), lines[0]
    assert words.lower() in lines[0].lower(), lines[0]
    assert not Path("/tmp/ddtapp-pwned").exists()


def test_a_very_long_line_is_just_data(tmp_path, capsys):
    long_purpose = "x" * 500_000
    code, _out, err = _check(
        tmp_path, capsys, _with_text(CLEAN, "tool.purpose", long_purpose).encode("utf-8"), "-f", "json"
    )
    assert code == 0, err
