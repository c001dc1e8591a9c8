"""Testing and validation (schema version 2): the force's own acceptance criteria, and every test of the
tool with who ran it, on what, and what it found, per metric and per demographic group.

A test is judged against the force's criteria by the rules: who ran it (the force, an independent body
or the supplier: *Bridges* asks the force to satisfy itself "either directly or by way of independent
verification"), whether it tested the version, configuration and threshold in use, whether its results
meet the criteria, and what was decided about any disparity between groups, and by whom.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ddtapp.dossier.base import Document, Model, Person, ProtectedCharacteristic, f, one_of

Metric = Literal[
    "true_positive_rate",
    "false_positive_rate",
    "false_negative_rate",
    "false_alert_rate",
    "precision",
    "accuracy",
    "auc",
    "calibration_error",
    "other",
]
Tester = Literal["force", "independent", "supplier"]
ValidationPurpose = Literal["accuracy", "demographic", "operational_evaluation"]
DisparityDecision = Literal["mitigated", "accepted", "use_restricted", "tool_withdrawn", "monitor", "pending"]


class AcceptanceCriterion(Model):
    """The force's own bar for one metric: the worst result it will accept, and the largest gap between groups."""

    metric: Metric | None = f(
        f"{one_of(Metric)}.",
        "ENG-LEGAL-25",
        "AIG-MON-02",
    )
    metric_name: str | None = f("The metric's name when metric is other, e.g. 'Brier score'.")
    minimum: float | None = f("The lowest acceptable value (for rates where higher is better).", "AIG-MON-02")
    maximum: float | None = f("The highest acceptable value (for error rates).", "AIG-MON-02")
    max_group_difference: float | None = f(
        "The largest acceptable difference between the best and worst demographic group on this metric, in the "
        "metric's own units (e.g. 0.02 for two percentage points).",
        "ENG-LEGAL-25",
        ge=0,
    )
    rationale: str | None = f("Why this bar, and who set it.", "ENG-LEGAL-25")


class MeasuredResult(Model):
    """One measured value: overall, or for one demographic group."""

    metric: Metric | None = f("The metric measured (as in acceptance_criteria).", "ENG-LEGAL-25")
    metric_name: str | None = f("The metric's name when metric is other.")
    value: float | None = f("The measured value, as a proportion (0.03, not 3%).", "ENG-LEGAL-25")
    characteristic: ProtectedCharacteristic | None = f(
        "For a result by group, the protected characteristic (race, sex, age, ...). Empty for an overall result.",
        "ENG-LEGAL-25",
    )
    group: str | None = f("For a result by group, the group, e.g. 'Black', 'female', 'under 25'.", "ENG-LEGAL-25")
    sample_size: int | None = f("How many cases this value rests on.", ge=0)


class Disparity(Model):
    """A difference between groups that the test found, and what was decided about it, by whom."""

    characteristic: ProtectedCharacteristic | None = f("The characteristic the groups differ by.", "ENG-LEGAL-25")
    metric: Metric | None = f("The metric on which they differ.", "ENG-LEGAL-25")
    groups: str | None = f("Which groups, and by how much, e.g. 'false alert rate 0.4% Black v 0.1% white'.")
    statistically_significant: bool | None = f("Whether the difference was statistically significant.")
    action: str | None = f("What was done about it (threshold changed, model retrained, use restricted...).")
    decision: DisparityDecision | None = f(
        "What was decided (mitigated, e.g. threshold raised and re-tested, accepted (with reasons), "
        "use_restricted, tool_withdrawn); monitor or pending leave it unresolved.",
        "ENG-LEGAL-25",
        "GOV-PRIV-08",
    )
    decided_by: Person | None = f("Who decided (name and role).", "GOV-PRIV-08")
    date: dt.date | None = f("When it was decided.")
    rationale: str | None = f("Why, including for an accepted disparity why it is justified.", "GOV-PRIV-08")


class ValidationTest(Model):
    """One test of the tool: accuracy, demographic (by group) or an operational evaluation."""

    id: str | None = f("A short reference for the test, e.g. 'NPL-2023'.")
    date: dt.date | None = f("When the test ran (or its report was issued).", "ENG-LEGAL-25", "EVO-VALID-02")
    purpose: list[ValidationPurpose] = f(
        "What it tested (accuracy, demographic with results by group, operational_evaluation).",
        "ENG-LEGAL-25",
        "EVO-VALID-02",
        default_factory=list,
    )
    conducted_by: Tester | None = f(
        "Who ran it (the force, an independent body, or the supplier). A supplier's own test is assurance, "
        "not the force's verification.",
        "ENG-LEGAL-25",
        "AIG-EVAL-01",
    )
    tester: str | None = f("The organisation that ran it, e.g. 'National Physical Laboratory'.")
    model: str | None = f("Which of tool.models it tested (its name), when the tool has several.")
    version: str | None = f("The software or model version tested.", "AIG-MON-03")
    configuration: str | None = f("The configuration tested (settings that affect results, other than the threshold).")
    threshold: float | None = f("The threshold or similarity setting the test ran at.", "GOV-PRIV-06")
    setting: Literal["lab", "operational"] | None = f("lab (controlled) or operational (live deployments).")
    on_force_data: bool | None = f("Whether the test used the force's own data.", "EVO-VALID-02", "AIG-VV-03")
    data: str | None = f("What the test data was, and how representative it is of the people the tool meets.")
    sample_size: int | None = f("How many people, images or cases the test covered.", ge=0)
    characteristics: list[ProtectedCharacteristic] = f(
        "Protected characteristics tested across.", "ENG-LEGAL-25", default_factory=list
    )
    method: str | None = f("How the test was done.", "ENG-LEGAL-25")
    results: list[MeasuredResult] = f(
        "Results per metric, overall and per demographic group.", "ENG-LEGAL-25", default_factory=list
    )
    summary: str | None = f("The results in words, as the report states them.", "ENG-LEGAL-25")
    disparities: list[Disparity] = f(
        "Differences between groups found, and what was decided about each.", "ENG-LEGAL-25", default_factory=list
    )
    report: Document | None = f("The test report.", "ENG-LEGAL-25")
    superseded: bool | None = f(
        "True when a later test (of a changed version, threshold or use) replaces this one, so that its results "
        "no longer describe the tool in use. Keep the old test: it is the history."
    )


class Validation(Model):
    """Testing and validation: the force's acceptance criteria and every test."""

    acceptance_criteria: list[AcceptanceCriterion] = f(
        "The force's own bar for each metric, set before testing.", "ENG-LEGAL-25", "AIG-MON-02", default_factory=list
    )
    tests: list[ValidationTest] = f(
        "Every test of the tool, whoever ran it, including demographic tests and tests on the force's data.",
        "ENG-LEGAL-25",
        "EVO-VALID-02",
        default_factory=list,
    )
