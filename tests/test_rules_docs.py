"""Rule documentation, coverage of the APP catalogue, and generated files kept up to date."""

from __future__ import annotations

import io
import json

from ddtapp.commands.explain import explain
from ddtapp.commands.rules import coverage, coverage_markdown, coverage_stats, print_rules
from ddtapp.dossier.docgen import json_schema, render, rules_markdown
from tests.conftest import ROOT


def test_every_must_is_enforced_and_most_shoulds(pack):
    rows = coverage(pack)
    stats = coverage_stats(rows)
    # every MUST a tool dossier can show is enforced; the rest say why not (a force-level duty, GOV-NAT-06)
    unenforced = [r.id for r in rows if r.modality == "MUST" and not r.rules]
    assert all(pack.catalogue[r].not_checkable for r in unenforced), unenforced
    assert stats["MUST"][0] >= stats["MUST"][1] - 1, unenforced
    enforced, total = stats["SHOULD"]
    assert enforced / total >= 0.85, f"{enforced}/{total} SHOULDs enforced"


def test_every_unenforced_requirement_says_why(pack):
    missing = [r.id for r in coverage(pack) if not r.rules and not r.not_checkable]
    assert missing == []


def test_coverage_file_is_up_to_date(pack):
    assert (ROOT / "rules" / "COVERAGE.md").read_text(encoding="utf-8") == coverage_markdown(pack), (
        "regenerate: ddtapp rules --coverage --format markdown > rules/COVERAGE.md"
    )


def test_dossier_docs_are_up_to_date():
    assert (ROOT / "docs" / "dossier.md").read_text(encoding="utf-8") == render(), (
        "regenerate: python -m ddtapp.dossier.docgen"
    )


def test_rules_reference_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate: python -m ddtapp.dossier.docgen"
    )


def test_every_rule_help_link_resolves_to_its_heading_in_the_rules_reference(pack):
    """Reports link each rule to docs/rules.md#<id lower-cased>. GitHub's heading anchor is the heading
    text lower-cased, punctuation other than '-' and '_' dropped, spaces as '-', and '-1', '-2'... added to
    repeats: so each rule needs a heading that is exactly its id, and no earlier heading with that anchor."""
    import re

    from ddtapp.reporters.common import INPUT_RULE_ID, help_uri

    headings = re.findall(r"^#{1,6} (.+)$", rules_markdown(), flags=re.MULTILINE)

    def anchor(text: str) -> str:
        return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")

    anchors = [anchor(h) for h in headings]
    for rule_id in [r.id for r in pack.rules] + [INPUT_RULE_ID]:
        fragment = help_uri(rule_id).rsplit("#", 1)[1]
        assert fragment == rule_id.lower()
        assert f"{rule_id}" in headings, rule_id
        assert anchors.count(fragment) == 1, rule_id


def test_generated_and_report_docs_pass_the_markdown_linter():
    """pymarkdown (GFM tables on; MD013 line length off, as generated text is not wrapped). Its time grows
    with the square of a document's length (40 s for rules.md at once), so rules.md is linted in pieces
    of about 80 lines cut at headings, each after a stand-in title (MD041, MD001). Repeated headings
    across pieces are what the help-link test above rules out."""
    import re

    from pymarkdown.api import PyMarkdownApi

    def lint(name: str, text: str) -> list[str]:
        api = PyMarkdownApi().enable_extension_by_identifier("markdown-tables").disable_rule_by_identifier("md013")
        return [f"{name}:{f.line_number} {f.rule_id} {f.rule_description}" for f in api.scan_string(text).scan_failures]

    failures = []
    for name in ("report-formats.md", "json-report.md"):
        failures += lint(name, (ROOT / "docs" / name).read_text(encoding="utf-8"))
    pieces, piece = [], ""
    for part in re.split(r"(?m)^(?=#{2,3} )", rules_markdown()):
        if piece and piece.count("\n") + part.count("\n") > 80:
            pieces.append(piece)
            piece = ""
        piece += part
    pieces.append(piece)
    assert len(pieces) > 10
    for i, piece in enumerate(pieces):
        text = piece if i == 0 else "# Rules reference\n\n## (continued)\n\n" + piece
        failures += lint(f"rules.md piece {i}", text.rstrip("\n") + "\n")
    assert failures == []


def test_dossier_json_schema_is_up_to_date():
    from ddtapp.dossier.structure import SCHEMA_FILE

    for copy in (ROOT / "docs" / "dossier.schema.json", SCHEMA_FILE):
        assert copy.read_text(encoding="utf-8") == json_schema(), (
            f"{copy} is stale; regenerate: python -m ddtapp.dossier.docgen"
        )


def test_every_rule_cites_known_app_requirements_and_a_short_quote(pack):
    for rule in pack.rules:
        assert all(ref in pack.catalogue for ref in rule.spec.app_refs)
        # a rule enforcing no APP requirement says what it rests on instead (listed in rules/COVERAGE.md)
        b = rule.spec.basis
        assert rule.spec.app_refs or (b and (b.statute or b.case_law or b.guidance or b.practice)), rule.id
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
    for part in (
        "FRT-006: Watchlist inclusion criteria",
        "Why (APP)",
        "GOV-PRIV-05",
        "How to fix",
        "Passes",
        "Fails (finding at line 9)",
        "Bridges",
    ):
        assert part in text


def test_every_built_in_rule_has_a_basis_and_every_error_a_binding_one(pack):
    from ddtapp.pack.basis import binding_sources

    for rule in pack.rules:
        assert rule.spec.basis is not None, rule.id
        if rule.severity == "error":
            assert binding_sources(rule.basis, pack.modality), rule.id


def test_explain_and_rules_json_show_the_basis_with_its_dates(pack):
    out = io.StringIO()
    explain(pack, "FRT-006", out)
    text = out.getvalue()
    assert "Basis (binding)" in text
    assert (
        "case law: R (Bridges) v Chief Constable of South Wales Police [2020] EWCA Civ 1058 (decided 2020-08-11)"
        in text
    )
    out = io.StringIO()
    print_rules(pack, "json", out)
    rules = {r["id"]: r for r in json.loads(out.getvalue())}
    basis = rules["DPIA-002"]["basis"]
    assert {"act": "UK GDPR", "section": "Art 35", "from": "2021-01-01", "until": None, "regime": "general"} in basis[
        "statute"
    ]
    assert basis["binding"] is True
    assert rules["SCOPE-001"]["basis"]["binding"] is False and rules["SCOPE-001"]["severity"] == "warning"
