"""Helpers the test modules share (tests import from here, never from each other)."""

from __future__ import annotations

import sys
from pathlib import Path

from ddtapp.cli import main

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
