"""The substance rules' further branches (each rule's own examples, run by test_rule_examples.py, cover one
passing and one failing dossier): each case is a dossier, the rule, and the line it must fire at, or None
where it must not fire."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from ddtapp.pack.checks import Context, compile_check
from tests.conftest import TODAY, run_text

CASES: list[tuple[str, str, str, int | None]] = [
    (
        "watchlist category 'other' without a justification",
        "WATCH-001",
        """
        schema_version: 2
        stage: embed
        governance:
          privacy_policy:
            person_of_interest_databases:
              - name: ANPR hotlist
                categories:
                  - {category: other, description: Any vehicle of interest to an officer}
        """,
        8,
    ),
    (
        "a justified intelligence category passes",
        "WATCH-001",
        """
        schema_version: 2
        stage: embed
        governance:
          privacy_policy:
            person_of_interest_databases:
              - name: Subjects
                categories:
                  - {category: intelligence_interest, justification: Only B2-graded links to a named operation.}
        """,
        None,
    ),
    (
        "wanted on warrant without the offences' seriousness",
        "WATCH-002",
        """
        schema_version: 2
        stage: embed
        governance:
          privacy_policy:
            person_of_interest_databases:
              - name: Watchlist
                categories:
                  - {category: wanted_on_warrant}
        """,
        8,
    ),
    (
        "LFR watchlist not reviewed before each deployment",
        "WATCH-003",
        """
        schema_version: 2
        stage: embed
        tool:
          technology_types: [live_facial_recognition]
        governance:
          privacy_policy:
            person_of_interest_databases:
              - name: Watchlist
                size_limit: 500
                image_sources: [{source: custody, max_age_months: 36}]
                reviewed_before_each_deployment: false
                under_18s: excluded
        """,
        11,
    ),
    (
        "LFR watchlist without its image sources or under-18s policy",
        "WATCH-003",
        """
        schema_version: 2
        stage: embed
        tool:
          technology_types: [live_facial_recognition]
        governance:
          privacy_policy:
            person_of_interest_databases:
              - name: Watchlist
                size_limit: 500
                reviewed_before_each_deployment: true
        """,
        8,
    ),
    (
        "location basis 'other' without a justification",
        "LOC-001",
        """
        schema_version: 2
        stage: embed
        governance:
          privacy_policy:
            usage_parameters:
              location_bases:
                - {basis: other, description: Wherever a policing need arises}
        """,
        7,
    ),
    (
        "the threshold in use was not tested",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models:
            - {name: M, version: "2", threshold: {value: 0.6}, in_use: true}
        validation:
          tests:
            - {date: 2026-04-01, version: "2", threshold: 0.64}
        """,
        5,
    ),
    (
        "a test of another configuration does not count",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models:
            - {name: M, version: "2", configuration: two cameras, in_use: true}
        validation:
          tests:
            - {date: 2026-04-01, model: M, version: "2", configuration: one camera}
        """,
        5,
    ),
    (
        "a superseded test of the version in use does not count",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models:
            - {name: M, version: "2", in_use: true}
        validation:
          tests:
            - {date: 2026-04-01, version: "2", superseded: true}
        """,
        5,
    ),
    (
        "a model no longer in use needs no test",
        "TEST-002",
        """
        schema_version: 2
        stage: embed
        tool:
          models:
            - {name: M, version: "1", in_use: false}
        validation:
          tests:
            - {date: 2026-04-01, version: "2"}
        """,
        None,
    ),
    (
        "a result below the force's minimum",
        "TEST-003",
        """
        schema_version: 2
        stage: embed
        validation:
          acceptance_criteria:
            - {metric: true_positive_rate, minimum: 0.8}
          tests:
            - date: 2026-04-01
              results:
                - {metric: true_positive_rate, value: 0.72}
        """,
        9,
    ),
    (
        "groups further apart than the force accepts, each within its bar",
        "TEST-003",
        """
        schema_version: 2
        stage: embed
        validation:
          acceptance_criteria:
            - {metric: true_positive_rate, minimum: 0.8, max_group_difference: 0.05}
          tests:
            - date: 2026-04-01
              results:
                - {metric: true_positive_rate, characteristic: sex, group: female, value: 0.82}
                - {metric: true_positive_rate, characteristic: sex, group: male, value: 0.93}
        """,
        9,
    ),
    (
        "a failing test superseded by a later one",
        "TEST-003",
        """
        schema_version: 2
        stage: embed
        validation:
          acceptance_criteria:
            - {metric: true_positive_rate, minimum: 0.8}
          tests:
            - date: 2026-01-01
              superseded: true
              results: [{metric: true_positive_rate, value: 0.72}]
            - date: 2026-04-01
              results: [{metric: true_positive_rate, value: 0.86}]
        """,
        None,
    ),
    (
        "a change marked not significant needs no re-test",
        "CHANGE-002",
        """
        schema_version: 2
        stage: embed
        tool:
          maturity: operational
          changes:
            - {date: 2026-03-01, kind: software_update, significant: false, assessment: Security patch only.}
        """,
        None,
    ),
    (
        "a change of another kind marked significant needs a re-test",
        "CHANGE-002",
        """
        schema_version: 2
        stage: embed
        tool:
          maturity: pilot
          changes:
            - {date: 2026-03-01, kind: new_use, significant: true}
        """,
        6,
    ),
    (
        "a change in development is not yet a change to a tool in use",
        "CHANGE-002",
        """
        schema_version: 2
        stage: evolve
        tool:
          maturity: in_development
          changes:
            - {date: 2026-03-01, kind: retrained_model}
        """,
        None,
    ),
    (
        "a test after the resumption does not count",
        "CHANGE-004",
        """
        schema_version: 2
        stage: embed
        tool:
          pauses:
            - {paused_on: 2026-01-10, reason_kind: bias_concern, resumed_on: 2026-02-20}
        validation:
          tests: [{date: 2026-03-01}]
        """,
        5,
    ),
    (
        "a pause not yet ended",
        "CHANGE-004",
        """
        schema_version: 2
        stage: embed
        tool:
          pauses:
            - {paused_on: 2026-01-10, reason_kind: bias_concern}
        """,
        None,
    ),
    (
        "support with conditions and no response",
        "ETH-006",
        """
        schema_version: 2
        stage: engage
        engage:
          ethical_context:
            advice:
              - {body: local_data_ethics_board, outcome: support_with_conditions, conditions: [Publish the criteria]}
        """,
        6,
    ),
    (
        "a disparity accepted with no one named as deciding",
        "PSED-006",
        """
        schema_version: 2
        stage: engage
        validation:
          tests:
            - date: 2026-05-12
              disparities:
                - {characteristic: age, decision: accepted, rationale: Not significant.}
        """,
        7,
    ),
    (
        "a disparity with no decision",
        "PSED-006",
        """
        schema_version: 2
        stage: engage
        validation:
          tests:
            - date: 2026-05-12
              disparities:
                - {characteristic: race, groups: false alerts 0.4% v 0.1%}
        """,
        7,
    ),
    (
        "data from another organisation that is not personal data",
        "DATA-001",
        """
        schema_version: 2
        stage: evolve
        tool:
          data_inputs:
            - {name: Licensing premises list, origin: local_authority, personal_data: false}
        """,
        None,
    ),
    (
        "benefits not yet due for measurement",
        "BEN-001",
        """
        schema_version: 2
        stage: embed
        tool:
          maturity: operational
          dates: {deployment: 2026-06-01}
        benefits:
          - {benefit: Faster location of wanted people}
        """,
        None,
    ),
    (
        "a deficient document that has since been superseded",
        "DOC-004",
        """
        schema_version: 2
        stage: engage
        engage:
          legal_framework:
            documents:
              - type: dpia
                status: superseded
                reviews: [{reviewer: court, date: 2020-08-11, outcome: deficient, lacked: [Article 8 assessment]}]
        """,
        None,
    ),
]


@pytest.mark.parametrize("rule_id, text, line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_branch(pack, rule_id, text, line):
    result = run_text(pack, textwrap.dedent(text).lstrip("\n"))
    fired = [f for f in result.findings if f.rule_id == rule_id and f.status == "open"]
    if line is None:
        assert fired == [], [(f.line, f.path) for f in fired]
    else:
        assert [f.line for f in fired] == [line], [(f.line, f.path) for f in fired]


def test_a_deficient_document_names_its_reviewer_and_what_it_lacked(pack):
    text = textwrap.dedent(
        """
        schema_version: 2
        stage: engage
        engage:
          legal_framework:
            documents:
              - type: equality_impact_assessment
                status: approved
                reviews:
                  - {reviewer: ethics_panel, date: 2026-01-05, outcome: deficient}
        """
    ).lstrip("\n")
    (finding,) = [f for f in run_text(pack, text).findings if f.rule_id == "DOC-004"]
    assert finding.kind == "deficient" and finding.severity == "error"
    assert "equality impact assessment (EIA) was found deficient by the ethics panel on 2026-01-05" in finding.message
    assert finding.message.endswith("what it lacked is not recorded.")


def test_a_document_recorded_as_not_held_is_still_missing_and_says_so(pack):
    text = textwrap.dedent(
        """
        schema_version: 2
        stage: engage
        impact: {declared_tier: moderate}
        engage:
          ethical_context:
            documents:
              - {type: ethics_panel_documentation, status: not_held}
        """
    ).lstrip("\n")
    findings = [f for f in run_text(pack, text).findings if f.path.startswith("engage.ethical_context.documents")]
    assert [(f.rule_id, f.line) for f in findings] == [("DOC-001", 7)]
    assert "ethics panel documentation (recorded as not held)" in findings[0].message


def _run(spec: dict, root: dict) -> tuple[str, ...]:
    return compile_check(spec)(Context(root=root, today=TODAY), root, "")


def test_some_related_matches_on_the_bases_values_and_dates():
    root = {"m": [{"v": "2", "d": "2026-03-01"}], "t": [{"v": "2", "d": "2026-02-01"}, {"v": "1", "d": "2026-04-01"}]}
    dated = {"present": "d"}

    def each(**related: Any) -> dict[str, Any]:
        return {"each": {"path": "m", "check": {"some_related": {"path": "$.t", "check": dated, **related}}}}

    assert _run(each(match={"v": "v"}), root) == ()
    assert _run(each(match={"v": "v"}, on_or_after={"d": "d"}), root) == ("m[0]",)
    assert _run(each(on_or_before={"d": "d"}), root) == ()
    assert _run(each(match_if_given={"v": "v", "x": "v"}), root) == ()


def test_meets_criteria_reports_each_result_outside_the_bar():
    root = {
        "c": [{"metric": "false_positive_rate", "maximum": 0.01}],
        "r": [{"metric": "false_positive_rate", "value": 0.02}, {"metric": "precision", "value": 0.1}],
    }
    assert _run({"meets_criteria": {"results": "r", "criteria": "c"}}, root) == ("r[0].value",)
