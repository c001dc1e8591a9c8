"""Facts that are each well-formed but cannot all be true together: a pause resumed before it began, a result
for a demographic group that does not say which group, a change or a test naming a model the tool does not
have, an error rate written as a percentage. The schema cannot say these (each value is valid alone), and a
rule would judge the dossier on facts that contradict each other, so every command that reads a dossier
refuses it here, once, with each problem located and what to write (exit code 2), as it refuses a schema
error: ``check``, ``render``, ``register``, ``foi``, ``sign`` and ``migrate`` alike
(:func:`ddtapp.checker.engine.validate_dossier`).

What is *not* refused here, on purpose: a review dated before its document's date (a DPO reviews a draft,
and the approved version that answers the review is dated later); a deficient review that does not say
what was lacking (the force may not know: DOC-004 reports it so); dates in the future; and anything whose
absence is a finding (that is for the rules, judged at the dossier's stage and tier).

The checks read the dossier as loaded (after the structural check), so that a value of the wrong type has
already been refused; they never raise on a shape they do not expect.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from ddtapp.errors import InputError, Problem
from ddtapp.loading.yaml_loader import Loaded

#: Metrics recorded as a proportion from 0 to 1 (the schema says "0.03, not 3%"): a larger value is a
#: percentage written by mistake. A calibration error or another metric has no such bound.
PROPORTIONS = frozenset(
    {
        "true_positive_rate",
        "false_positive_rate",
        "false_negative_rate",
        "false_alert_rate",
        "precision",
        "accuracy",
        "auc",
    }
)

#: (path, message, hint)
Inconsistency = tuple[str, str, str]


def check_consistency(loaded: Loaded) -> None:
    """Raise InputError listing every inconsistency of ``loaded``'s dossier, located, in file order."""
    found = list(inconsistencies(loaded.data))
    if not found:
        return
    problems = []
    for path, message, hint in found:
        line, col = loaded.locate(path)
        problems.append(Problem(loaded.file, line, col, message, path=path, hint=hint))
    problems.sort(key=lambda p: (p.line, p.column))
    raise InputError(problems)


def inconsistencies(data: Any) -> Iterator[Inconsistency]:
    if not isinstance(data, dict):
        return
    tool = _map(data.get("tool"))
    models = [str(m["name"]).strip() for m in _items(tool.get("models")) if _text(m.get("name"))]
    yield from _pauses(_items(tool.get("pauses")))
    yield from _named_models("tool.changes", _items(tool.get("changes")), models, "change")
    validation = _map(data.get("validation"))
    tests = _items(validation.get("tests"))
    yield from _named_models("validation.tests", tests, models, "test")
    for i, test in _indexed(validation.get("tests")):
        for j, result in _indexed(test.get("results")):
            yield from _result(f"validation.tests[{i}].results[{j}]", result)
    for i, criterion in _indexed(validation.get("acceptance_criteria")):
        yield from _criterion(f"validation.acceptance_criteria[{i}]", criterion)
    for where, threshold in _thresholds(data, tool):
        target = _map(threshold.get("operating_target"))
        if target:
            yield from _criterion(f"{where}.operating_target", target)


# ------------------------------------------------------------------------------------------ the checks


def _pauses(pauses: list[dict[str, Any]]) -> Iterator[Inconsistency]:
    """A pause resumed before it began; an earlier pause still open, or not yet resumed, when a later one began."""
    dated: list[tuple[dt.date, int, dt.date | None]] = []
    for i, pause in enumerate(pauses):
        start, end = as_date(pause.get("paused_on")), as_date(pause.get("resumed_on"))
        if start is not None and end is not None and end < start:
            yield (
                f"tool.pauses[{i}].resumed_on",
                f"use resumed on {end.isoformat()}, before the pause began on {start.isoformat()}",
                "Write the date use resumed (on or after paused_on), or correct paused_on.",
            )
            continue
        if start is not None:
            dated.append((start, i, end))
    dated.sort()
    for (start, i, end), (later, k, _) in itertools.pairwise(dated):
        if end is None:
            yield (
                f"tool.pauses[{i}]",
                f"the pause that began on {start.isoformat()} has no resumed_on, but another pause "
                f"(tool.pauses[{k}]) began on {later.isoformat()}: use must have resumed in between",
                "Record resumed_on for the earlier pause, or merge the two pauses into one.",
            )
        elif end > later:
            yield (
                f"tool.pauses[{i}].resumed_on",
                f"this pause ran until {end.isoformat()}, after the next pause (tool.pauses[{k}]) began on "
                f"{later.isoformat()}: pauses cannot overlap",
                "Correct the dates, or merge the two pauses into one.",
            )


def _named_models(where: str, items: list[dict[str, Any]], models: list[str], what: str) -> Iterator[Inconsistency]:
    """A change or test that names a model the tool does not list (only judged when tool.models lists some)."""
    if not models:
        return
    names = ", ".join(f"'{m}'" for m in models)
    for i, item in enumerate(items):
        name = item.get("model")
        if _text(name) and str(name).strip() not in models:
            yield (
                f"{where}[{i}].model",
                f"this {what} names the model '{str(name).strip()}', which is not among the tool's models ({names})",
                "Write the model's name exactly as in tool.models[].name, or add the model to tool.models "
                "(a replaced model stays listed, with in_use: false).",
            )


def _result(where: str, result: dict[str, Any]) -> Iterator[Inconsistency]:
    characteristic, group = result.get("characteristic"), result.get("group")
    if _text(characteristic) and not _text(group):
        yield (
            f"{where}.characteristic",
            f"a result for the characteristic '{characteristic}' does not say for which group",
            "Add group (e.g. group: Black, or group: under 25), or remove characteristic for an overall result.",
        )
    elif _text(group) and not _text(characteristic):
        yield (
            f"{where}.group",
            f"a result for the group '{group}' does not say which protected characteristic the group is of",
            "Add characteristic (race, sex, age, disability, ...), or remove group for an overall result.",
        )
    yield from _metric_name(where, result)
    yield from _proportion(where, result, ("value",))


def _criterion(where: str, criterion: dict[str, Any]) -> Iterator[Inconsistency]:
    yield from _metric_name(where, criterion)
    yield from _proportion(where, criterion, ("minimum", "maximum", "max_group_difference"))
    low, high = _number(criterion.get("minimum")), _number(criterion.get("maximum"))
    if low is not None and high is not None and low > high:
        yield (
            f"{where}.minimum",
            f"the minimum ({low:g}) is above the maximum ({high:g}), so no result could meet the criterion",
            "Give the lowest acceptable value as minimum and the highest as maximum (an error rate usually "
            "needs only a maximum).",
        )


def _metric_name(where: str, item: dict[str, Any]) -> Iterator[Inconsistency]:
    if item.get("metric") == "other" and not _text(item.get("metric_name")):
        yield (
            f"{where}.metric",
            "the metric is 'other' but its name is not given, so results and criteria cannot be matched to it",
            "Add metric_name (e.g. metric_name: Brier score), written the same way wherever the metric appears.",
        )


def _proportion(where: str, item: dict[str, Any], keys: tuple[str, ...]) -> Iterator[Inconsistency]:
    if item.get("metric") not in PROPORTIONS:
        return
    for key in keys:
        value = _number(item.get(key))
        if value is not None and not 0 <= value <= 1:
            yield (
                f"{where}.{key}",
                f"{item['metric']} is a proportion from 0 to 1, but {key} is {value:g}",
                f"Write it as a proportion: {value / 100:g} for {value:g}%.",
            )


# ------------------------------------------------------------------------------------------ walking the dossier


def _thresholds(data: dict[str, Any], tool: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    policy = _map(_map(data.get("governance")).get("privacy_policy"))
    if _map(policy.get("similarity_threshold")):
        yield "governance.privacy_policy.similarity_threshold", _map(policy.get("similarity_threshold"))
    for i, model in _indexed(tool.get("models")):
        if _map(model.get("threshold")):
            yield f"tool.models[{i}].threshold", _map(model.get("threshold"))


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []


def _indexed(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def as_date(value: Any) -> dt.date | None:
    """A date the YAML gave as a date, a date and time, or ISO text; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
