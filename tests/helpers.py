"""Helpers the test modules share (tests import from here, never from each other)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from ddtapp.checker.engine import Result
from ddtapp.cli import main
from ddtapp.errors import InputError, Problem
from ddtapp.loading.yaml_loader import load_file, load_text
from tests.conftest import EXAMPLES, ROOT

CLEAN = (
    "schema_version: 2\nstage: engage\ntool:\n  name: Aggregate demand dashboard\n  force: Example Constabulary\n"
    "  owner: {name: A. Analyst, role: project_lead}\n  maturity: operational\n"
    "  problem: Duty inspectors cannot see demand.\n  purpose: Show demand by beat.\n"
    "  technology_types: [dashboard]\nprocessing:\n  personal_data: false\n  regime: general\n"
    "engage:\n  legal_framework:\n    data_protection:\n"
    "      dpo_advice_on_dpia_need: {date: 2026-01-10, summary: No personal data; no DPIA needed.}\n"
)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    old = sys.argv
    sys.argv = ["ddtapp", *argv]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "d.yaml") -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


# ---- from tests/test_register.py

_yaml = YAML(typ="safe", pure=True)


_yaml.default_flow_style = False


def dossier(
    name: str | None,
    maturity: str | None,
    *,
    reference: str | None = None,
    deployment: dt.date | None = None,
    development_start: dt.date | None = None,
    pilot_start: dt.date | None = None,
    pilot_end: dt.date | None = None,
    end: dt.date | None = None,
    purpose: str | None = "auto",
    types: tuple[str, ...] = ("dashboard",),
    stage: str = "engage",
    tool: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A small valid dossier with the given identity, maturity and dates (absent when None)."""
    t: dict[str, Any] = {
        "force": "Example Constabulary",
        "owner": {"name": "A. Lead", "role": "project_lead"},
        "problem": "Demand is hard to see.",
        "technology_types": list(types),
    }
    if name is not None:
        t["name"] = name
    if reference is not None:
        t["reference"] = reference
    if maturity is not None:
        t["maturity"] = maturity
    if purpose is not None:
        t["purpose"] = f"Purpose of {name}." if purpose == "auto" else purpose
    dates = {
        k: v
        for k, v in (
            ("development_start", development_start),
            ("pilot_start", pilot_start),
            ("pilot_end", pilot_end),
            ("deployment", deployment),
            ("end", end),
        )
        if v
    }
    if dates:
        t["dates"] = dates
    t.update(tool or {})
    d: dict[str, Any] = {
        "schema_version": 1,
        "stage": stage,
        "tool": t,
        "processing": {"personal_data": False, "regime": "general"},
    }
    d.update(extra or {})
    return d


def write_dossier(folder: Path, filename: str, data: dict[str, Any]) -> Path:
    path = folder / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    _yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


D = dt.date


HOSTILE = [
    "Pipe | in name",
    "Line\nbreak",
    "# Not a heading",
    "<script>alert(1)</script>",
    "**bold** _it_ `code`",
    "[link](http://x)",
    "- not a list",
    "1. not ordered",
    "back\\slash",
    "&amp; entity",
    "~~strike~~",
]


def _table_rows(text: str, index: int) -> list[list[str]]:
    """The cells of the ``index``-th table, as a CommonMark + GFM-tables parser reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, rows, row = [], None, None
    for tok in tokens:
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append("".join(c.content if c.type in ("text", "code_inline") else "" for c in tok.children or []))
        elif tok.type == "tr_close" and rows is not None and row is not None:
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            tables.append(rows)
            rows = None
    return tables[index]


def lint_markdown(text: str) -> list[str]:
    """Problems a real Markdown linter finds (pymarkdown), apart from line length and repeated headings (every
    tool's section has the same headings)."""
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi().disable_rule_by_identifier("md013").disable_rule_by_identifier("md024")
    return [
        f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}"
        for f in api.scan_string(text).scan_failures
    ]


# ---- from tests/test_check_many.py

WARNS = CLEAN.replace("  purpose: Show demand by beat.\n", "")  # SCOPE-003, a warning, at line 3


# ---- from tests/test_hostile.py

EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]


@st.composite
def mutated_text(draw) -> bytes:
    """An example dossier with bytes inserted, deleted or flipped, or lines shuffled."""
    base = draw(st.sampled_from([*EXAMPLE_TEXTS, CLEAN])).encode("utf-8")
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["insert", "delete", "flip", "dup_line", "indent"]))
        if op == "insert":
            data[pos:pos] = draw(
                st.sampled_from(
                    [
                        b":",
                        b"-",
                        b" ",
                        b"\t",
                        b"[",
                        b"{",
                        b"&a ",
                        b"*a",
                        b"!!",
                        b"'",
                        b'"',
                        b"\n",
                        b"#",
                        b"\xff",
                        b"\x00",
                        b"---\n",
                        b"? ",
                        b"|",
                    ]
                )
            )
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 20))]
        elif op == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif op == "dup_line":
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end == -1 else end + 1
            data[end:end] = data[start:end]
        else:
            start = data.rfind(b"\n", 0, pos) + 1
            data[start:start] = b"  "
    return bytes(data)


# ---- from tests/test_reporters.py

RISK = "risk-scoring-engage.yaml"


#: Text that would break every format if it were not escaped: table pipes, code, HTML, emphasis, links,
#: a workflow command, percent escapes, property separators, a newline, a control character, a
#: mention, math, non-ASCII letters and a trailing backslash.
EVIL = (
    '"Evil | pipe `tick` <script>alert(1)</script> *b* _u_ [l](http://x) ::error::boom %0A %25 , : '
    '\\n second line \\x07 @here $x$ ünï 名前 \\\\"'
)


EVIL_FILE = "dossiers/we|rd `n`, a:b %25 <x>.yaml"


#: EVIL as the dossier holds it once loaded.
EVIL_VALUE: str = load_text(f"v: {EVIL}\n", "v.yaml").data["v"]


def hostile_text() -> str:
    text = (
        CLEAN.replace("  name: Aggregate demand dashboard\n", f"  name: {EVIL}\n")
        .replace("  force: Example Constabulary\n", "")
        .replace("  purpose: Show demand by beat.\n", "")
    )
    return text + (
        f"waivers:\n  - rule: SCOPE-003\n    reason: {EVIL}\n"
        "    approver: {name: C. Chief, role: senior_leader}\n    expires: 2027-01-31\n"
    )


def broken_problems() -> list[Problem]:
    with pytest.raises(InputError) as exc:
        load_text("schema_version: 1\ntool: [unclosed\n", "broken.yaml")
    return exc.value.problems


HOSTILE_PROBLEM = Problem(
    EVIL_FILE, 4, 2, "unknown key 'a|b <script>'\n::error::x %25 `c`", path="tool.a|b", hint="Did you mean *name*?"
)


def many(result: Result, times: int) -> Result:
    return dataclasses.replace(result, findings=result.findings * times)


def risk(examples) -> Result:
    return next(r for r in examples if r.file.endswith(RISK))


def data_of(path: Path) -> dict[str, Any]:
    """A dossier's data, to change and write again (``dump``)."""
    return copy.deepcopy(load_file(path).data)


def dump(data: Any, path: Path) -> Path:
    """``data`` written as block-style YAML to ``path``."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buf = io.StringIO()
    yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def lower_threshold(d: dict[str, Any], value: float = 0.6) -> None:
    """The LFR example records its threshold twice (the policy's and the matcher's): a force changes both."""
    d["governance"]["privacy_policy"]["similarity_threshold"]["value"] = value
    d["tool"]["models"][0]["threshold"]["value"] = value


def bench_generator() -> Any:
    """``bench/generate.py``, the benchmark's dossier generator, loaded once as a module."""
    name = "bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


# ---- from tests/test_migrate.py

V1 = """\
# A version 1 dossier, as forces wrote them before schema version 2.
schema_version: 1
stage: embed  # the stage reached

tool:
  name: "Westshire LFR"   # quoted on purpose
  technology_types: [live_facial_recognition]
  maturity: operational

governance:
  privacy_policy:
    person_of_interest_databases:
      - name: Deployment watchlist
        # who may be added
        inclusion_criteria: 'Persons of possible interest for intelligence purposes'
        retention: 24 hours

engage:
  legal_framework:
    psed:
      elimination_measures: Monitoring by group.
      demographic_testing:
        - date: 2025-05-20  # the supplier's test
          characteristics: [race, sex]
          independent: false
          similarity_threshold: 0.6
          results: >-
            A higher false alert rate for Black women.
          disparity_found: true
          actions: Noted; will monitor.

evolve:
  design:
    force_data_testing: {date: 2025-06-01, results: Tested on force data.}

risk_register:
  - {id: R1, description: Misidentification.}
"""


# ---- from tests/test_diff_git.py


def git(repo: Path, *args: str, date: str = "2026-10-01T12:00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()
