"""Messages a DPO can act on, through the installed console script: YAML mistakes explained in plain words
on the line of the mistake with the change to make; `key: #text` caught; `explain` filled in with the YAML to
write; the scaffold listing allowed values."""

from __future__ import annotations

import re

import pytest

from ddtapp.commands.explain import explain, what_to_write
from ddtapp.pack.rulepack import load_pack
from tests.console import ddtapp, needs_script

pytestmark = needs_script

HEAD = "schema_version: 1\nstage: engage\ntool:\n  name: Demand dashboard\n"


@pytest.mark.parametrize(
    ("body", "line", "words", "fix"),
    [
        (
            "  purpose: Show demand: by beat\n",
            5,
            "contains a colon followed by a space",
            'purpose: "Show demand: by beat"',
        ),
        ("  purpose: Note: see the annex\n", 5, "contains a colon followed by a space", '"Note: see the annex"'),
        ("  technology_types: []\n    - dashboard\n", 5, "says the list is empty", "Delete the '[]'"),
        ("  purpose: Show demand.\n   force: Example\n", 6, "indented more than the line above", "by 2 spaces"),
        ("  force: Example\n    owner: x\n  maturity: pilot\n", 6, "indented more than the line above", "by 2 spaces"),
        ("\tforce: Example\n", 5, "YAML does not allow tabs", "Replace the tab on line 5"),
        ("  purpose: 'It's the beat view'\n", 5, "single quote inside text", '"It\'s the beat view"'),
        ("  technology_types: [dashboard, other\n  force: X\n", 5, "opened with '[' on line 5 is not closed", "]"),
        ('  purpose: "Show demand\n  force: X\n', 5, "quote opened on line 5 is never closed", "closing quote"),
    ],
    ids=[
        "colon",
        "colon-note",
        "leftover-brackets",
        "deeper-indent",
        "deeper-indent-2",
        "tab",
        "apostrophe",
        "open-bracket",
        "open-quote",
    ],
)
def test_a_yaml_mistake_is_explained_in_plain_words_on_its_line(tmp_path, body, line, words, fix):
    path = tmp_path / "d.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    proc = ddtapp("check", str(path), "--today=2026-11-21", "-f", "json")
    assert proc.returncode == 2
    message = proc.stderr.strip()
    assert message.count("\n") == 0, message  # one line
    assert message.startswith(f"ddtapp: {path}:{line}:"), message
    assert words in message and fix in message
    for jargon in ("mapping values", "block mapping", "expected key", "scalar", "stream"):
        assert jargon not in message


def test_a_value_starting_with_hash_is_not_silently_empty(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(HEAD + "  reference: #DDT-1\n  force: Example\n", encoding="utf-8")
    proc = ddtapp("check", str(path), "--today=2026-11-21")
    assert proc.returncode == 2
    assert f"{path}:5:14: the value of 'reference' starts with '#'" in proc.stdout + proc.stderr
    assert 'reference: "#DDT-1"' in proc.stdout + proc.stderr
    # a real comment after a key, and '#' inside text, are left alone
    path.write_text(HEAD + "  reference:  # not known yet\n  purpose: 'Beats #1 to #4'\n", encoding="utf-8")
    assert "starts with '#'" not in ddtapp("check", str(path), "--today=2026-11-21").stderr


def test_explain_is_filled_in_for_every_rule_with_the_yaml_to_write(tmp_path):
    import io

    pack = load_pack()
    written = 0
    for rule in pack.rules:
        out = io.StringIO()
        explain(pack, rule.id, out)
        text = out.getvalue()
        assert not re.search(r"\{[a-z_]+\}", text), rule.id
        if rule.spec.examples and what_to_write(rule.spec.examples.failing, rule.spec.examples.passing):
            assert "What to write" in text, rule.id
            written += 1
    assert written >= len(pack.rules) * 0.8  # all but the rules whose fix is to take something out
    proc = ddtapp("explain", "doc-001")
    assert proc.returncode == 0 and "{section}" not in proc.stdout and "In a stage section" in proc.stdout
    snippet = proc.stdout.split("What to write", 1)[1].split("Passes", 1)[0]
    assert "type: governance_schematic" in snippet


def test_what_to_write_keeps_the_parents_of_each_added_line():
    failing = "schema_version: 1\ntool:\n  name: X\nengage:\n  legal_framework:\n    documents: []\n"
    passing = (
        "schema_version: 1\ntool:\n  name: X\nengage:\n  legal_framework:\n    documents:\n"
        "      - type: dpia\n        status: approved\n"
    )
    assert what_to_write(failing, passing) == [
        "engage:",
        "  legal_framework:",
        "    documents:",
        "      - type: dpia",
        "        status: approved",
    ]


def test_the_scaffold_lists_the_allowed_values():
    proc = ddtapp("init", "--stage", "engage", "--type", "dashboard", "-")
    assert proc.returncode == 0
    assert "values listed in docs/dossier.md" not in proc.stdout
    assert "algorithmic_transparency_record" in proc.stdout and "governance_schematic" in proc.stdout
