"""The tool over time (schema version 2): its models with their versions and thresholds, the change log,
pauses and resumptions, and the benefits it was meant to bring with whether monitoring shows them.

A change of model, a retrained model, a vendor software update, a changed threshold or a removed
predictor is recorded as a change; the rules then ask for a test of the new version and a DPIA review
dated after it, and a resumption after a pause asks the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ddtapp.dossier.base import Document, Model, Person, f, one_of
from ddtapp.dossier.evaluation import AcceptanceCriterion

ChangeKind = Literal[
    "new_model",
    "retrained_model",
    "software_update",
    "threshold_change",
    "predictor_added",
    "predictor_removed",
    "new_data_source",
    "configuration_change",
    "new_use",
    "other",
]
PauseReason = Literal["accuracy_concern", "bias_concern", "legal_challenge", "software_fault", "policy_review", "other"]


class Threshold(Model):
    """The point at which the tool alerts or flags: a similarity threshold, a risk score cut-off."""

    value: float | None = f(
        "The configured threshold (the point at which a comparison alerts, or a score is flagged).", "GOV-PRIV-06"
    )
    setting: Literal["supplier_default", "force_set"] | None = f(
        "Whether it is the supplier's default or a value the force set.", "GOV-PRIV-06"
    )
    operating_target: AcceptanceCriterion | None = f(
        "What the threshold is meant to achieve in operation, e.g. a false alert rate no higher than 1 in 6,000.",
        "GOV-PRIV-06",
        "AIG-MON-02",
    )
    set_on: dt.date | None = f("When this value took effect.")
    rationale: str | None = f("Why that threshold was chosen.", "GOV-PRIV-06")
    evidence: list[Document] = f(
        "Evidence behind it, e.g. the demographic test report at that threshold.",
        "GOV-PRIV-06",
        "ENG-LEGAL-25",
        default_factory=list,
    )


class AlgorithmModel(Model):
    """One model or algorithm inside the tool (a tool may have several, e.g. a detector and a matcher)."""

    name: str | None = f("The model's name, e.g. 'NeoFace M40 matcher' or 'HART random forest'.", "EVO-VALID-01")
    version: str | None = f("The version in use now.", "AIG-MON-03")
    task: str | None = f("What it does in the tool, e.g. 'face matching' or 'reoffending risk score'.")
    developer: str | None = f("Who built or trained it (the supplier, the force, a university).")
    configuration: str | None = f("The configuration in use, where it affects results.")
    threshold: Threshold | None = f("The threshold in use for this model.", "GOV-PRIV-06")
    predictors: list[str] = f(
        "The inputs (predictors) a scoring model uses, e.g. 'age', 'postcode'.", "EVO-DESIGN-03", default_factory=list
    )
    in_use: bool | None = f("Whether this model is in use now (false for a model since replaced).")


class Change(Model):
    """One entry of the change log."""

    date: dt.date | None = f("When the change took effect.", "GOV-RISK-03", "ENG-LEGAL-15")
    kind: ChangeKind | None = f(
        "new_model, retrained_model, software_update, threshold_change, predictor_added, predictor_removed, "
        "new_data_source, configuration_change, new_use or other.",
        "GOV-RISK-03",
        "AIG-MON-03",
    )
    model: str | None = f("Which model changed (its name in tool.models), when the tool has several.")
    from_version: str | None = f("Version (or value) before.")
    to_version: str | None = f("Version (or value) after.")
    description: str | None = f("What changed, in words.", "GOV-RISK-03")
    significant: bool | None = f(
        "Whether the change could alter accuracy, bias or the risks assessed. Every change of model, retraining, "
        "software update, threshold or predictor counts as significant unless this says false.",
        "ENG-LEGAL-15",
        "AIG-MON-02",
    )
    assessment: str | None = f("Why a change is judged not significant, when significant is false.", "ENG-LEGAL-15")


class Pause(Model):
    """A period when use of the tool was paused or suspended."""

    paused_on: dt.date | None = f("When use was paused.")
    reason_kind: PauseReason | None = f(f"{one_of(PauseReason)}.")
    reason: str | None = f("Why, in words.")
    resumed_on: dt.date | None = f("When use resumed (empty while still paused).")
    resumption_decided_by: Person | None = f("Who decided to resume.", "GOV-GOVN-01")
    resumption_basis: str | None = f("What the decision to resume rested on.", "GOV-RISK-03")


class BenefitMeasurement(Model):
    date: dt.date | None = f("When the benefit was measured.", "GOV-TRANS-04", "AIG-EVAL-01")
    value: str | None = f("What was measured, e.g. '23 arrests from 41 alerts in 12 deployments'.", "GOV-TRANS-04")
    realised: Literal["yes", "partly", "no", "too_early"] | None = f(
        "Whether the measurement shows the benefit realised (yes, partly, no, too_early).", "GOV-TRANS-04"
    )
    source: str | None = f("The evaluation or report it comes from.")


class Benefit(Model):
    """An intended benefit, how it is measured, and what monitoring has shown."""

    benefit: str | None = f("The intended benefit, e.g. 'locate wanted offenders faster'.", "GOV-TRANS-04")
    measure: str | None = f("How it is measured (the indicator).", "GOV-TRANS-04")
    baseline: str | None = f("The value before the tool, where known.")
    target: str | None = f("The value that would count as the benefit realised.")
    measurements: list[BenefitMeasurement] = f(
        "Each time the benefit was measured.", "GOV-TRANS-04", "AIG-EVAL-01", default_factory=list
    )
