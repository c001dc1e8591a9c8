"""Every rule's own examples: the passing dossier does not raise it; the failing one raises it at
the stated line. The examples are also what ``ddtapp explain`` shows, so they are kept true here."""

from __future__ import annotations

import datetime as dt

import pytest

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
