"""Waivers accept a finding (counted, shown with --show-waived); an expired one stops working and is
itself a finding; one that matches nothing is reported."""

from __future__ import annotations

from tests.conftest import run_text
from tests.helpers import CLEAN, run, write

NO_PURPOSE = CLEAN.replace("  purpose: Show demand by beat.\n", "")


def waiver(expires: str, path: str | None = None, rule: str = "SCOPE-003") -> str:
    at = f"    path: {path}\n" if path else ""
    return (
        f"waivers:\n  - rule: {rule}\n{at}    reason: Purpose agreed at the board; write-up due.\n"
        f"    approver: {{name: C. Chief, role: senior_leader}}\n    expires: {expires}\n"
    )


def statuses(pack, text):
    return sorted((f.rule_id, f.status) for f in run_text(pack, text).findings)


def test_valid_waiver_accepts_the_finding(pack):
    assert statuses(pack, NO_PURPOSE + waiver("2027-01-31")) == [("SCOPE-003", "waived")]


def test_waiver_limited_to_a_path(pack):
    assert statuses(pack, NO_PURPOSE + waiver("2027-01-31", path="tool.purpose")) == [("SCOPE-003", "waived")]
    assert statuses(pack, NO_PURPOSE + waiver("2027-01-31", path="tool.problem")) == [
        ("SCOPE-003", "open"),
        ("WAIVER-003", "open"),
    ]


def test_expired_waiver_stops_working_and_is_reported(pack):
    result = run_text(pack, NO_PURPOSE + waiver("2026-11-20"))
    assert sorted((f.rule_id, f.status) for f in result.findings) == [("SCOPE-003", "open"), ("WAIVER-001", "open")]
    (expired,) = [f for f in result.findings if f.rule_id == "WAIVER-001"]
    assert expired.path == "waivers[0].expires" and expired.line == 21


def test_waiver_matching_nothing_is_reported(pack):
    assert statuses(pack, CLEAN + waiver("2027-01-31")) == [("WAIVER-003", "open")]


def test_waived_findings_are_counted_and_shown_on_request(tmp_path, capsys):
    path = write(tmp_path, NO_PURPOSE + waiver("2027-01-31"))
    code, out, _ = run(["check", path, "--today", "2026-11-21", "--fail-on", "warning"], capsys)
    assert code == 0 and "1 waived (--show-waived)" in out and "SCOPE-003" not in out
    code, out, _ = run(["check", path, "--today", "2026-11-21", "--show-waived"], capsys)
    assert "SCOPE-003" in out and "waived: Purpose agreed at the board" in out
