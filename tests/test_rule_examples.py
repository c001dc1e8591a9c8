"""Every rule's own examples: the passing dossier does not raise it; the failing one raises it at
the stated line. The examples are also what ``ddtapp explain`` shows, so they are kept true here."""

from __future__ import annotations

import datetime as dt

import pytest

from ddtapp.checker.engine import prepare_dossier
from ddtapp.loading.yaml_loader import load_text
from ddtapp.pack.rulepack import Rule, load_pack
from tests.conftest import TODAY, run_text

PACK = load_pack()
RULES = [r for r in PACK.rules]


def _day(rule: Rule) -> dt.date:
    """The day a rule's examples are judged at: their own (a rule of a law since replaced), else the tests'."""
    assert rule.spec.examples is not None
    return dt.date.fromisoformat(rule.spec.examples.today) if rule.spec.examples.today else TODAY


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_passes_on_its_passing_example(rule):
    assert rule.spec.examples is not None
    result = run_text(PACK, rule.spec.examples.passing, today=_day(rule))
    fired = [f for f in result.findings if f.rule_id == rule.id and f.status == "open"]
    assert fired == [], f"{rule.id} fired on its passing example at {[(f.line, f.path) for f in fired]}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_its_failing_example_at_the_stated_line(rule):
    assert rule.spec.examples is not None
    result = run_text(PACK, rule.spec.examples.failing, today=_day(rule))
    fired = [f for f in result.findings if f.rule_id == rule.id and f.status == "open"]
    assert fired, f"{rule.id} did not fire (as an open finding) on its failing example"
    assert any(f.line == rule.spec.examples.fail_line for f in fired), (
        f"{rule.id} fired at lines {[f.line for f in fired]} ({[f.path for f in fired]}), "
        f"expected line {rule.spec.examples.fail_line}"
    )


def _examples(rule: Rule) -> list[tuple[str, str]]:
    from ddtapp.commands.explain import what_to_write

    ex = rule.spec.examples
    assert ex is not None
    snippet = what_to_write(ex.failing, ex.passing)
    return [("pass", ex.passing), ("fail", ex.failing)] + (
        [("what to write", "schema_version: 2\n" + "\n".join(snippet) + "\n")] if snippet else []
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_are_the_current_schema_and_valid_as_pasted(rule):
    """What ``explain`` shows can be pasted into a current dossier and checked: each example (and the "What to
    write" lines, under a version line) is the current schema_version, passes the structure check (an
    InputError is exit 2), and needs no migration."""
    from ddtapp.dossier.migrate import migrate_data, version_of
    from ddtapp.dossier.version import SCHEMA_VERSION
    from ddtapp.errors import InputError

    for kind, text in _examples(rule):
        loaded = load_text(text, f"{rule.id}-{kind}.yaml")
        assert version_of(loaded.data) == SCHEMA_VERSION, f"{rule.id} {kind}: not schema_version {SCHEMA_VERSION}"
        assert migrate_data(loaded.data) is None, f"{rule.id} {kind}: still needs migrating"
        try:
            prepare_dossier(loaded)
        except InputError as exc:
            pytest.fail(f"{rule.id} {kind} example is not a valid dossier: {exc}")


def test_every_rules_quick_test_agrees_with_its_paths_on_every_example():
    """The checker asks a rule's ``when`` and ``check`` only whether they pass (``ok``), and for the paths only
    of a check that fails: over every rule's passing and failing examples, with the memo of paths read and
    without, ``ok`` is exactly "no path fails" for every rule's condition and check."""
    from ddtapp.assess import assess
    from ddtapp.pack.checks import Context

    compiled = [(r.id, c) for r in RULES for c in (r.when, r.check) if c is not None]
    asked = failed = 0
    for rule in RULES:
        assert rule.spec.examples is not None
        for text in (rule.spec.examples.passing, rule.spec.examples.failing):
            loaded = load_text(text, f"{rule.id}.yaml")
            prepare_dossier(loaded)
            day = _day(rule)
            a = assess(loaded.data, PACK, day)
            root = {**loaded.data, "facts": a.facts}
            memo: dict[str, object] = {}
            for rule_id, c in compiled:
                for ctx in (Context(root, day, a.tier_index, memo), Context(root, day, a.tier_index)):
                    paths = c.run(ctx, root, "")
                    assert c.ok(ctx, root) is (not paths), (rule_id, rule.id, paths)
                    asked, failed = asked + 1, failed + bool(paths)
    assert failed and asked - failed  # both answers were given
