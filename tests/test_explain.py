"""``ddtapp explain``: filled in for the law of the day, wrapped to the terminal (never mid-word, never
padded when piped), and a "What to write" that really makes each rule's failing example pass."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from ruamel.yaml import YAML

from ddtapp.commands.explain import explain, fix_for
from ddtapp.pack.rulepack import Rule, load_pack
from tests.conftest import TODAY, run_text
from tests.console import ddtapp, in_terminal, needs_script

PACK = load_pack()
RULES = list(PACK.rules)
#: An unfilled placeholder: ``{section}`` or ``{law:gdpr}``, never a YAML flow mapping (``{name: X}``, ``{}``).
PLACEHOLDER = re.compile(r"\{[A-Za-z_]+(?::[^\s{}]*)?\}")


def _explained(rule_id: str, day: dt.date, width: int | None = None) -> str:
    out = io.StringIO()
    explain(PACK, rule_id, out, day, width)
    return out.getvalue()


@pytest.mark.parametrize("day", [dt.date(2018, 4, 1), dt.date(2020, 1, 1), TODAY, dt.date.today()], ids=str)
def test_no_rule_is_explained_with_an_unfilled_placeholder(day):
    left = {r.id: PLACEHOLDER.findall(_explained(r.id, day)) for r in RULES}
    assert {k: v for k, v in left.items() if v} == {}


def test_the_law_is_named_as_it_stood_on_the_day():
    assert "and the GDPR requires one" in _explained("DPIA-002", dt.date(2020, 1, 1))
    assert "and the UK GDPR requires one" in _explained("DPIA-002", TODAY)
    # a rule worded for a law since replaced names the law of its own days, whatever the day explained
    before = _explained("END-002", dt.date(2018, 4, 1))
    assert "(DPA 1998)" in before.split("Why (APP)")[0]
    assert "{law:" not in _explained("END-002", TODAY)


def _yaml_lines(rule: Rule) -> set[str]:
    ex = rule.spec.examples
    assert ex is not None
    fix = fix_for(ex.failing, ex.passing)
    return {f"    {line}" for line in [*ex.passing.splitlines(), *ex.failing.splitlines(), *fix.write, *fix.take_out]}


def _too_wide(text: str, rule: Rule, width: int) -> list[str]:
    """Lines wider than ``width`` other than YAML (never wrapped) and one word longer than a line (a dossier
    path, kept whole)."""
    yaml = _yaml_lines(rule)
    return [line for line in text.splitlines() if len(line) > width and line not in yaml and " " in line.strip()]


def test_every_rule_is_explained_within_60_columns_without_breaking_a_word():
    for rule in RULES:
        wide, whole = _explained(rule.id, TODAY, 60), _explained(rule.id, TODAY)
        assert _too_wide(wide, rule, 60) == [], rule.id
        assert wide.split() == whole.split(), rule.id  # the same words in the same order: none cut in two
        assert all(line == line.rstrip() for line in wide.splitlines()), rule.id


@needs_script
@pytest.mark.parametrize("rule_id", ["END-002", "DPIA-002", "FRT-006", "ADM-005", "DOC-001"])
def test_explain_in_a_60_column_terminal_fits_it(rule_id):
    rule = PACK.rule(rule_id)
    assert rule is not None
    code, out = in_terminal("explain", rule_id, "--today", "2026-11-21", columns=60, NO_COLOR="1", COLUMNS="60")
    assert code == 0
    assert _too_wide(out, rule, 60) == []
    assert out.split() == _explained(rule_id, TODAY).split()
    assert all(line == line.rstrip() for line in out.splitlines())


@needs_script
def test_piped_explain_is_neither_wrapped_nor_padded():
    proc = ddtapp("explain", "DPIA-002", "--today", "2026-11-21", COLUMNS="60")
    assert proc.returncode == 0
    assert proc.stdout == _explained("DPIA-002", TODAY)
    assert any(len(line) > 120 for line in proc.stdout.splitlines())  # whole lines, whatever COLUMNS says
    assert all(line == line.rstrip() for line in proc.stdout.splitlines())
    assert "the GDPR requires" in ddtapp("explain", "DPIA-002", "--today", "2020-01-01").stdout


def _merge(into: object, new: object) -> object:
    """Writing ``new`` into a dossier: a mapping's keys merged one by one, anything else replaced whole."""
    if isinstance(into, dict) and isinstance(new, dict):
        for key, value in new.items():
            into[key] = _merge(into[key], value) if key in into else value
        return into
    return new


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_what_to_write_makes_the_failing_example_pass(rule):
    ex = rule.spec.examples
    assert ex is not None
    fix = fix_for(ex.failing, ex.passing)
    safe = YAML(typ="safe")
    data = safe.load(ex.failing)
    if fix.write:
        data = _merge(data, safe.load("\n".join(fix.write)))
    else:  # the fix is to take something out, and explain says what
        assert fix.take_out, f"{rule.id}: explain gives no fix"
        for path in fix.take_out:
            *parents, last = path.split(".")
            node = data
            for key in parents:
                node = node[key]
            del node[last]
    out = io.StringIO()
    safe.dump(data, out)
    day = dt.date.fromisoformat(ex.today) if ex.today else TODAY
    fired = [f for f in run_text(PACK, out.getvalue(), today=day).findings if f.rule_id == rule.id]
    assert [f for f in fired if f.status == "open"] == [], f"{rule.id} still fires after What to write"
    text = _explained(rule.id, day)
    if fix.write:
        assert "".join(f"    {line}\n" for line in fix.write) in text
    else:
        assert "What to take out" in text and "What to write" not in text


def test_what_to_write_gives_each_changed_key_whole_under_its_parents():
    failing = (
        "schema_version: 2\nimpact: {declared_tier: minimal}\ntool:\n  name: X\n  force: Y\nwaivers:\n  - rule: A\n"
    )
    passing = (
        "schema_version: 2\nimpact: {declared_tier: high}\ntool:\n  name: X\n  force: Y\n  purpose: |\n    Two\n"
        "    lines.\nwaivers:\n  - rule: A\n    reason: R\n"
    )
    fix = fix_for(failing, passing)
    assert fix.write == [
        "impact: {declared_tier: high}",
        "tool:",
        "  purpose: |",
        "    Two",
        "    lines.",
        "waivers:",
        "  - rule: A",
        "    reason: R",
    ]
    assert fix.take_out == []
    assert fix_for(passing, failing).take_out == ["tool.purpose"]


def test_an_example_that_is_not_yaml_gets_no_fix_and_no_traceback():
    assert fix_for("a: [\n", "a: 1\n") == fix_for("a: 1\n", "a: [\n") == fix_for("a: 1\n", "a: 1\n")
    assert fix_for("a: 1\n", "a: 1\n").write == []


def test_the_rules_reference_names_the_law_as_it_stands_now():
    from ddtapp.dossier.docgen import rules_markdown

    text = rules_markdown()
    assert "{law:" not in text.replace("\\", "")
    assert "and the UK GDPR requires one before the processing" in text
