"""A force's own rule pack (--rules DIR): adds rules, changes severities, disables rules; a bad pack
is an input error naming the file, line and rule; nothing in a pack can run code."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddtapp.errors import InputError
from ddtapp.pack.rulepack import apply_overrides, load_pack
from tests.conftest import run_text
from tests.helpers import CLEAN, run, write

FORCE_RULE = """rules:
  - id: NSP-TRAIN-001
    title: Users trained before use
    severity: error
    section: scope
    check: {is_true: tool.training.provided}
    message: The force requires training before any DDT is used.
    remediation: Record tool.training.
    app_refs: [GOV-GOVN-01]
    app_section: Force policy
    quote: "Senior leaders should establish appropriate internal governance arrangements"
    basis: {force_policy: "DDT policy 4.2: users are trained before use"}
"""


def pack_dir(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "force-rules"
    d.mkdir(exist_ok=True)
    (d / "force.yaml").write_text(text, encoding="utf-8")
    return d


def test_force_rule_is_added_and_fires_at_its_line(tmp_path):
    pack = load_pack([pack_dir(tmp_path, FORCE_RULE)])
    result = run_text(pack, CLEAN)
    (f,) = [f for f in result.findings if f.rule_id == "NSP-TRAIN-001"]
    assert (f.line, f.path, f.severity) == (3, "tool.training.provided", "error")


def test_force_pack_overrides_severity_and_disables(tmp_path):
    text = "overrides:\n  - {rule: SCOPE-003, severity: error}\n  - {rule: DP-010, disabled: true}\n"
    pack = load_pack([pack_dir(tmp_path, text)])
    dossier = CLEAN.replace("  purpose: Show demand by beat.\n", "").replace(
        "engage:\n  legal_framework:\n    data_protection:\n"
        "      dpo_advice_on_dpia_need: {date: 2026-01-10, summary: No personal data; no DPIA needed.}\n",
        "",
    )
    ids = {(f.rule_id, f.severity) for f in run_text(pack, dossier).findings}
    assert ("SCOPE-003", "error") in ids
    assert not any(rule_id == "DP-010" for rule_id, _ in ids)
    assert any(r == "DP-010" for r, _ in {(f.rule_id, f.severity) for f in run_text(load_pack(), dossier).findings})


def test_flags_override_severity_and_disable(tmp_path, capsys):
    path = write(tmp_path, CLEAN.replace("  purpose: Show demand by beat.\n", ""))
    assert run(["check", path, "--today", "2026-11-21"], capsys)[0] == 0
    assert run(["check", path, "--today", "2026-11-21", "--severity", "SCOPE-003=error"], capsys)[0] == 1
    code, out, _ = run(
        ["check", path, "--today", "2026-11-21", "--disable", "scope-003", "--fail-on", "warning"], capsys
    )
    assert code == 0 and "SCOPE-003" not in out
    assert run(["check", path, "--severity", "SCOPE-003=fatal"], capsys)[0] == 2
    assert run(["check", path, "--disable", "NOPE-001"], capsys)[0] == 2


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            FORCE_RULE.replace("check: {is_true: tool.training.provided}", "check: {eval: '1+1'}"),
            6,
            "rule NSP-TRAIN-001: unknown operator 'eval'",
        ),
        (FORCE_RULE.replace("section: scope", "section: nowhere"), 5, "rule NSP-TRAIN-001: unknown section 'nowhere'"),
        (FORCE_RULE.replace("app_refs: [GOV-GOVN-01]", "app_refs: [GOV-MADE-UP-99]"), 9, "not in the APP catalogue"),
        (FORCE_RULE.replace("id: NSP-TRAIN-001", "id: SCOPE-001"), 2, "rule SCOPE-001 is defined twice"),
        (FORCE_RULE.replace("severity: error", "severity: fatal"), 4, "'fatal' is not an allowed value"),
        (
            FORCE_RULE.replace(
                "    check: {is_true: tool.training.provided}\n",
                "    check: {is_true: tool.training.provided}\n    chek: 1\n",
            ),
            7,
            "unknown key 'chek'",
        ),
        (
            FORCE_RULE.replace(
                "check: {is_true: tool.training.provided}", "check: !!python/object/apply:os.system ['true']"
            ),
            6,
            "is not allowed",
        ),
        (
            FORCE_RULE.replace(
                "check: {is_true: tool.training.provided}",
                "check: {all: [{present: a}, {min_items: {path: b, n: -1}}]}",
            ),
            6,
            "n must be a whole number",
        ),
        ("overrides:\n  - {rule: NOPE-001, disabled: true}\n", 2, "unknown rule 'NOPE-001'"),
        (
            FORCE_RULE.replace("id: NSP-TRAIN-001", "id: nsp-train-1"),
            2,
            "a rule id is upper-case words and a 3-digit number",
        ),
        (
            FORCE_RULE.replace("app_refs: [GOV-GOVN-01]", "app_refs: []").replace(
                '    basis: {force_policy: "DDT policy 4.2: users are trained before use"}\n', ""
            ),
            9,
            "app_refs is empty and the rule has no other basis",
        ),
        (FORCE_RULE + "    examples: {pass: 'a: 1', fail: 'b: 2', fail_line: 0}\n", 13, "greater than or equal to 1"),
        (
            FORCE_RULE + "    examples: {pass: 'a: 1', fail: 'b: 2', fail_line: 1, fial: 'c: 3'}\n",
            13,
            "Did you mean 'fail'?",
        ),
        ("rules:\n  - just text\n", 2, "expected a mapping of keys, got str 'just text'"),
    ],
)
def test_bad_force_pack_names_file_line_and_rule(tmp_path, text, line, words):
    with pytest.raises(InputError) as exc:
        load_pack([pack_dir(tmp_path, text)])
    problem = exc.value.problems[0]
    assert problem.file.endswith("force.yaml")
    assert problem.line == line, problem.render()
    assert words in problem.render()


def test_bad_pack_through_the_cli_exits_two(tmp_path, capsys):
    bad = pack_dir(tmp_path, FORCE_RULE.replace("section: scope", "section: nowhere"))
    code, _out, err = run(["check", write(tmp_path, CLEAN), "--rules", str(bad)], capsys)
    assert code == 2 and "force.yaml:5:" in err and "Traceback" not in err


def test_unknown_rule_in_overrides_api_is_an_input_error():
    pack = load_pack()
    with pytest.raises(InputError):
        apply_overrides(pack, {"NOPE-001": "error"}, [])


def test_overrides_make_a_new_pack_and_leave_the_old_one_alone():
    pack = load_pack()
    first, second = pack.rules[0], pack.rules[1]
    before = (first.severity, set(pack.disabled))
    other = "info" if first.severity != "info" else "warning"
    changed = apply_overrides(pack, {first.id: other}, [second.id])
    assert (first.severity, set(pack.disabled)) == before
    assert changed.rule(first.id).severity == other and second.id in changed.disabled
    assert changed.rule(second.id) is second  # rules without an override are shared, not copied


def test_a_pack_cannot_be_changed_once_loaded():
    import dataclasses

    pack = load_pack()
    assert isinstance(pack.rules, tuple) and isinstance(pack.disabled, frozenset)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.waiver_approvers = ("siro",)


def test_every_bad_rule_of_a_file_is_reported_at_once(tmp_path):
    second = (
        FORCE_RULE.replace("rules:\n", "")
        .replace("NSP-TRAIN-001", "nsp-2")
        .replace("section: scope", "section: nowhere")
    )
    text = FORCE_RULE.replace("id: NSP-TRAIN-001", "id: nsp-1") + second
    with pytest.raises(InputError) as exc:
        load_pack([pack_dir(tmp_path, text)])
    found = [(p.line, p.message.split(":")[0]) for p in exc.value.problems]
    assert found == [(2, "rule id 'nsp-1'"), (13, "rule id 'nsp-2'"), (16, "rule nsp-2")], found


def test_an_error_needs_a_binding_basis(tmp_path: Path):
    """An error rests on statute, case law, an APP MUST or the force's own policy; a SHOULD alone gives a
    warning at most, and the refusal names the line of the severity."""
    text = FORCE_RULE.replace('    basis: {force_policy: "DDT policy 4.2: users are trained before use"}\n', "")
    with pytest.raises(InputError) as exc:
        load_pack([pack_dir(tmp_path, text)], cache=False)
    assert "force.yaml:4:" in str(exc.value) and "needs a binding basis" in str(exc.value)
    warning = text.replace("severity: error", "severity: warning")
    assert load_pack([pack_dir(tmp_path, warning)], cache=False).rule("NSP-TRAIN-001") is not None
    statute = text + "    basis:\n      statute:\n        - {act: DPA 2018, section: s62, from: 2018-05-25}\n"
    rule = load_pack([pack_dir(tmp_path, statute)], cache=False).rule("NSP-TRAIN-001")
    assert rule is not None and rule.citations("2018-05-24") == () and not rule.on("2018-05-24").applies
    assert rule.citations("2018-05-25") == ("DPA 2018 s62",)  # the APP is published on 2025-06-17
    assert rule.citations("2026-11-21") == ("APP GOV-GOVN-01 (SHOULD)", "DPA 2018 s62")
