"""A paused tool, the threshold in use and what a test recorded (rules/app/85-pauses-thresholds.yaml): each
rule's further branches (its own examples, run by test_rule_examples.py, cover one passing and one failing
dossier), the paused phase in the assessment, the report's verdict and the register, and applies_while."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import textwrap

import pytest

from ddtapp.pack import applicability
from tests.conftest import TODAY, run_text
from tests.helpers import run

PAUSED = """
schema_version: 2
stage: embed
processing: {personal_data: true}
tool:
  name: Paused matcher
  maturity: operational
  pauses:
    - {paused_on: 2026-09-01, reason_kind: REASON}
"""

#: (case, rule, dossier, the line it fires at or None where it must not fire)
CASES: list[tuple[str, str, str, int | None]] = [
    ("a pause for a policy review needs no re-test", "PAUSE-001", PAUSED.replace("REASON", "policy_review"), None),
    (
        "a pause for a policy review still needs a DPIA review",
        "PAUSE-002",
        PAUSED.replace("REASON", "policy_review"),
        7,
    ),
    ("a pause for a software fault needs a re-test", "PAUSE-001", PAUSED.replace("REASON", "software_fault"), 7),
    (
        "a pause for a software fault needs no DPIA review",
        "PAUSE-002",
        PAUSED.replace("REASON", "software_fault"),
        None,
    ),
    (
        "no DPIA review asked of a tool without personal data",
        "PAUSE-002",
        PAUSED.replace("REASON", "bias_concern").replace("personal_data: true", "personal_data: false"),
        None,
    ),
    (
        "a resumed pause is not judged by PAUSE-001 (CHANGE-004 judges it)",
        "PAUSE-001",
        PAUSED.replace("REASON", "bias_concern}").replace("bias_concern}}", "bias_concern, resumed_on: 2026-10-01}"),
        None,
    ),
    (
        "THRESH-001: a model at the supplier's default in a high-impact tool",
        "THRESH-001",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: high}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, setting: supplier_default}
        """,
        7,
    ),
    (
        "THRESH-001: the force's reasons for keeping the default pass",
        "THRESH-001",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: high}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, setting: supplier_default, rationale: At 0.7 the force's own test met its bar.}
        """,
        None,
    ),
    (
        "THRESH-001: a model no longer in use is not judged",
        "THRESH-001",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: high}
        tool:
          models:
            - {name: Old model, in_use: false, threshold: {value: 0.7, setting: supplier_default}}
        """,
        None,
    ),
    (
        "THRESH-001: not asked below high tier",
        "THRESH-001",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, setting: supplier_default}
        """,
        None,
    ),
    (
        "THRESH-002: the similarity threshold changed after the last test",
        "THRESH-002",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        governance:
          privacy_policy:
            similarity_threshold: {value: 0.6, set_on: 2026-05-01}
        validation:
          tests:
            - {date: 2026-02-01, threshold: 0.64}
        """,
        6,
    ),
    (
        "THRESH-002: a test at the threshold before it took effect is its evidence",
        "THRESH-002",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        governance:
          privacy_policy:
            similarity_threshold: {value: 0.6, set_on: 2026-05-01}
        validation:
          tests:
            - {date: 2026-02-01, threshold: 0.6}
        """,
        None,
    ),
    (
        "THRESH-003: a superseded test is history",
        "THRESH-003",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        governance:
          privacy_policy:
            similarity_threshold:
              value: 0.64
              operating_target: {metric: false_alert_rate, maximum: 0.001}
        validation:
          tests:
            - {date: 2026-07-01, threshold: 0.64, superseded: true, results: [{metric: false_alert_rate, value: 0.004}]}
        """,
        None,
    ),
    (
        "THRESH-003: a test at another threshold is not judged against this one's target",
        "THRESH-003",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        governance:
          privacy_policy:
            similarity_threshold:
              value: 0.64
              operating_target: {metric: false_alert_rate, maximum: 0.001}
        validation:
          tests:
            - {date: 2026-07-01, threshold: 0.6, results: [{metric: false_alert_rate, value: 0.004}]}
        """,
        None,
    ),
    (
        "THRESH-003: a test of a model at its threshold that misses the model's operating target",
        "THRESH-003",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, operating_target: {metric: precision, minimum: 0.8}}
        validation:
          tests:
            - {date: 2026-07-01, model: Risk model, threshold: 0.7, results: [{metric: precision, value: 0.6}]}
        """,
        7,
    ),
    (
        "THRESH-003: a model's test at another threshold is not judged against this one's target",
        "THRESH-003",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, operating_target: {metric: precision, minimum: 0.8}}
        validation:
          tests:
            - {date: 2026-07-01, model: Risk model, threshold: 0.5, results: [{metric: precision, value: 0.6}]}
        """,
        None,
    ),
    (
        "THRESH-003: a model's test that meets its target passes",
        "THRESH-003",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models:
            - name: Risk model
              threshold: {value: 0.7, operating_target: {metric: precision, minimum: 0.8}}
        validation:
          tests:
            - {date: 2026-07-01, model: Risk model, threshold: 0.7, results: [{metric: precision, value: 0.85}]}
        """,
        None,
    ),
    (
        "TEST-005: a superseded test need not record what it tested",
        "TEST-005",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models: [{name: Matcher, version: "5.2", threshold: {value: 0.64}}]
        validation:
          tests: [{date: 2026-04-01, superseded: true}]
        """,
        None,
    ),
    (
        "TEST-005: what the model does not record, the test need not",
        "TEST-005",
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models: [{name: Matcher, version: "5.2"}]
        validation:
          tests: [{date: 2026-04-01, version: "5.2"}]
        """,
        None,
    ),
    (
        "TEST-002: a test that records no configuration does not count for a configured model",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models: [{name: Matcher, version: "5.2", configuration: one camera per lane, threshold: {value: 0.64}}]
        validation:
          tests: [{date: 2026-04-01, version: "5.2", threshold: 0.64}]
        """,
        4,
    ),
    (
        "TEST-002: a test of the configuration in use counts",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models: [{name: Matcher, version: "5.2", configuration: one camera per lane, threshold: {value: 0.64}}]
        validation:
          tests: [{date: 2026-04-01, version: "5.2", configuration: one camera per lane, threshold: 0.64}]
        """,
        None,
    ),
]


@pytest.mark.parametrize("rule_id, text, line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_branch(pack, rule_id, text, line):
    result = run_text(pack, textwrap.dedent(text).lstrip("\n"))
    fired = [f.line for f in result.findings if f.rule_id == rule_id and f.status == "open"]
    assert fired == ([] if line is None else [line]), [(f.rule_id, f.path) for f in result.findings]


def test_a_test_missing_two_things_is_one_finding_at_each_naming_it(pack):
    text = textwrap.dedent(
        """
        schema_version: 2
        stage: embed
        impact: {declared_tier: moderate}
        tool:
          models: [{name: Matcher, version: "5.2", configuration: one camera per lane, threshold: {value: 0.64}}]
        validation:
          tests:
            - date: 2026-04-01
              configuration: one camera per lane
        """
    ).lstrip("\n")
    found = [f for f in run_text(pack, text).findings if f.rule_id == "TEST-005"]
    assert [f.path for f in found] == ["validation.tests[0].threshold", "validation.tests[0].version"]
    assert [f.kind for f in found] == ["deficient", "deficient"]
    assert "does not record the threshold it tested" in found[0].message
    assert "does not record the version it tested" in found[1].message


def test_the_phase_is_paused_from_the_day_use_paused_until_it_resumes(pack):
    text = PAUSED.replace("REASON", "bias_concern}").replace("bias_concern}}", "bias_concern, resumed_on: 2026-10-01}")
    on = {
        dt.date(2026, 8, 31): (None, "operational"),
        dt.date(2026, 9, 1): ("2026-09-01", "paused"),
        dt.date(2026, 9, 30): ("2026-09-01", "paused"),
        dt.date(2026, 10, 1): (None, "operational"),
    }
    for day, (since, phase) in on.items():
        a = run_text(pack, text, today=day).assessment
        assert (a.paused_on, a.phase, a.facts["phase"]) == (since, phase, phase), day
    retired = text.replace("maturity: operational", "maturity: retired")
    assert run_text(pack, retired, today=dt.date(2026, 9, 15)).assessment.phase == "retired"


def test_a_rule_for_live_use_only_is_not_asked_while_paused(pack):
    result = run_text(pack, PAUSED.replace("REASON", "bias_concern"))
    rule = pack.rules[0]
    live_only = dataclasses.replace(rule, phases=frozenset({"pilot", "operational"}))
    tier, day = result.assessment.tier_index, TODAY.isoformat()
    assert not applicability.asked(pack, live_only, "paused", tier, day, None)
    assert applicability.asked(pack, live_only, "operational", tier, day, None)
    assert applicability.asked(pack, rule, "paused", tier, day, None)  # the default applies_while includes paused
    assert not applicability.asked(pack, pack.rule("PAUSE-001"), "operational", tier, day, None)


def test_the_report_says_paused_and_whether_use_may_resume(tmp_path, capsys):
    path = tmp_path / "d.yaml"
    path.write_text(PAUSED.replace("REASON", "bias_concern").lstrip("\n"), encoding="utf-8")
    argv = ["check", str(path), "--today", "2026-11-21", "--select", "PAUSE", "--color", "never"]
    code, out, _ = run(argv, capsys)
    assert code == 1
    assert "Stage: Embed · Paused since 2026-09-01 · " in out
    assert "Paused: Embed gate not ready to resume" in out and "gate: ready" not in out
    ready = PAUSED.replace("REASON", "bias_concern") + textwrap.dedent(
        """
        validation:
          tests: [{date: 2026-10-01, conducted_by: independent}]
        engage:
          legal_framework:
            dpia:
              reviews: [{date: 2026-10-02, trigger: resumption}]
        """
    )
    path.write_text(ready.lstrip("\n"), encoding="utf-8")
    code, out, _ = run(argv, capsys)
    assert code == 0 and "Paused: Embed gate ready to resume" in out
    code, out, _ = run([*argv[:-2], "--format", "json"], capsys)
    (entry,) = json.loads(out)["files"]
    assert (entry["phase"], entry["paused_on"]) == ("paused", "2026-09-01")


def test_the_register_says_since_when_a_tool_is_paused(tmp_path, capsys):
    (tmp_path / "d.yaml").write_text(PAUSED.replace("REASON", "bias_concern").lstrip("\n"), encoding="utf-8")
    code, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21", "--format", "json"], capsys)
    assert code == 0
    (tool,) = json.loads(out)["tools"]
    assert (tool["maturity"], tool["paused_on"]) == ("operational", "2026-09-01")
    _, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21", "--format", "markdown"], capsys)
    assert "| Maturity | operational (paused since 1 September 2026) |" in out


def test_the_stage_gate_report_says_paused_and_not_ready_to_resume(tmp_path, capsys):
    path = tmp_path / "d.yaml"
    path.write_text(PAUSED.replace("REASON", "bias_concern").lstrip("\n"), encoding="utf-8")
    code, _, err = run(["render", str(path), "--today", "2026-11-21", "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err
    report = (tmp_path / "out" / "stage-gate-report.md").read_text(encoding="utf-8")
    assert "Maturity: operational; use paused since 2026-09-01." in report
    assert "**Paused; not ready to resume.**" in report and "**Ready to decide.**" not in report
