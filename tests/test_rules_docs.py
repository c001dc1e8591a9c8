"""Rule documentation, coverage of the APP catalogue, and generated files kept up to date."""

from __future__ import annotations

import io
import json

from ddtapp.commands.rules import coverage, coverage_markdown, coverage_stats, explain, print_rules
from ddtapp.docgen import json_schema, render
from tests.conftest import ROOT


def test_every_must_is_enforced_and_most_shoulds(pack):
    rows = coverage(pack)
    stats = coverage_stats(rows)
    assert stats["MUST"][0] == stats["MUST"][1], [r.id for r in rows if r.modality == "MUST" and not r.rules]
    enforced, total = stats["SHOULD"]
    assert enforced / total >= 0.85, f"{enforced}/{total} SHOULDs enforced"


def test_every_unenforced_requirement_says_why(pack):
    missing = [r.id for r in coverage(pack) if not r.rules and not r.not_checkable]
    assert missing == []


def test_coverage_file_is_up_to_date(pack):
    assert (ROOT / "rules" / "COVERAGE.md").read_text(encoding="utf-8") == coverage_markdown(pack), \
        "regenerate: ddtapp rules --coverage --format markdown > rules/COVERAGE.md"


def test_dossier_docs_are_up_to_date():
    assert (ROOT / "docs" / "dossier.md").read_text(encoding="utf-8") == render(), \
        "regenerate: python -m ddtapp.docgen"


def test_dossier_json_schema_is_up_to_date():
    assert (ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8") == json_schema(), \
        "regenerate: python -m ddtapp.docgen"


def test_every_rule_cites_known_app_requirements_and_a_short_quote(pack):
    for rule in pack.rules:
        assert rule.spec.app_refs and all(ref in pack.catalogue for ref in rule.spec.app_refs)
        assert len(rule.spec.quote.split()) <= 25, rule.id


def test_rules_json_lists_every_rule(pack):
    out = io.StringIO()
    print_rules(pack, "json", out)
    data = json.loads(out.getvalue())
    assert [r["id"] for r in data] == [r.id for r in pack.rules]
    assert len({r["id"] for r in data}) == len(data)


def test_explain_shows_why_fix_and_both_examples(pack):
    out = io.StringIO()
    explain(pack, "frt-006", out)
    text = out.getvalue()
    for part in ("FRT-006: Watchlist inclusion criteria", "Why (APP)", "GOV-PRIV-05", "How to fix", "Passes",
                 "Fails (finding at line 9)", "Bridges"):
        assert part in text
