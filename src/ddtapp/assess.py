"""Derive the facts that decide what the APP asks: regime, impact tier, stage.

The impact tier is computed from recorded facts with weights and thresholds kept as data in
``rules/impact-tiers.yaml``. The force's declared tier can raise the tier the rules apply (a force
may choose to follow the APP more fully); a declared tier below the computed
one is applied only on the data protection officer's recorded reasons, one tier lower at most and never below
a factor's floor (``justified_lower`` and ``floor`` in the same file); otherwise it is reported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ddtapp.dossier.consistency import as_date
from ddtapp.frozen import frozen
from ddtapp.pack.checks import TIERS, Context, resolve, walk
from ddtapp.pack.records import PHASES
from ddtapp.pack.rulepack import STAGE_ORDER, RulePack

FACIAL_RECOGNITION = {
    "live_facial_recognition",
    "retrospective_facial_recognition",
    "operator_initiated_facial_recognition",
}


#: The dossier fields each fact a tier factor can read (``facts.NAME``) is derived from, as ``assess`` below
#: derives it: what the impact tier rests on when a factor reads a fact rather than a field.
FACT_SOURCES: dict[str, tuple[str, ...]] = {
    "stage": ("stage",),
    "regime": ("processing.regime",),
    "maturity": ("tool.maturity",),
    "technology": ("tool.technology_types",),
    "facial_recognition": ("tool.technology_types",),
    "live_facial_recognition": ("tool.technology_types",),
    "personal_data": ("processing.personal_data",),
    "sensitive_processing": (
        "processing.special_category_data",
        "processing.biometric_identification",
        "tool.technology_types",
    ),
    "app_in_force": (),
    "solely_automated_significant": ("processing.automated_decisions",),
    "deployed": ("tool.maturity",),
    "phase": ("tool.maturity", "tool.pauses"),
    "paused": ("tool.pauses",),
    "paused_on": ("tool.pauses",),
    "paused_for": ("tool.pauses",),
    "models_record": ("tool.models",),
    "active": ("tool.maturity",),
    "large_scale": ("processing.scale.people_per_year",),
    "staff_only": ("processing.staff_only",),
    "algorithmic": ("tool.models", "processing.machine_learning", "tool.technology_types"),
    "matches_sources": (
        "processing.data_matching",
        "tool.data_inputs[*].personal_data",
        "tool.data_inputs[*].origin",
    ),
    "coercive_powers": ("tool.decisions[*].powers",),
}
#: Where the force may raise the tier it follows.
DECLARED_TIER = "impact.declared_tier"


class UnknownFact(ValueError):
    """A tier factor reads a fact :data:`FACT_SOURCES` does not trace to dossier fields."""


@frozen
class FactorResult:
    id: str
    label: str
    weight: int
    matched: bool


@frozen
class Assessment:
    stage: str
    stage_index: int
    stage_recorded: bool
    regime: str | None
    computed_tier: str
    declared_tier: str | None
    tier: str
    score: int
    factors: tuple[FactorResult, ...]
    tier_version: int
    facts: dict[str, Any]
    #: the reasons, when a declared tier below the computed one is applied (justified by the DPO)
    tier_justification: str | None = None
    #: tool.maturity when it is one of the known values (reports say "retired" rather than "gate ready")
    maturity: str | None = None
    #: the day use was paused, while a pause recorded in tool.pauses has begun and use has not resumed by the
    #: day checked (ISO date); the tool's phase is then ``paused`` (reports say so, rather than "gate ready")
    paused_on: str | None = None

    @property
    def phase(self) -> str | None:
        """The maturity, or ``paused`` while use is paused (what ``applies_while`` is judged on)."""
        return "paused" if self.paused_on else self.maturity

    @property
    def tier_index(self) -> int:
        return TIERS.index(self.tier)


def _get(data: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(k)
    return data


def _sensitive(data: dict[str, Any], techs: list[Any]) -> bool:
    """Sensitive processing (DPA 2018 s35(8)) or special category data (UK GDPR Art 9(1)): special category
    data, or biometric data processed "for the purpose of uniquely identifying an individual" (s35(8)(b),
    Art 9(1)): a facial recognition search does that whatever the dossier's flags say (Bridges [2019] EWHC
    2341 (Admin) at [133]); biometric data alone, for another purpose, does not."""
    if _get(data, "processing", "special_category_data") is True:
        return True
    if _get(data, "processing", "biometric_identification") is True:
        return True
    return any(t in FACIAL_RECOGNITION for t in techs)


def tier_basis(pack: RulePack) -> tuple[str, ...]:
    """Every dossier field the impact tier is derived from, as publication patterns (``list[*].key``): the
    fields every tier factor reads, whether it matched or not (a tier says something about each of them),
    and the declared tier. Raises :class:`UnknownFact` for a fact not traced to fields."""
    # the declared tier, and the DPO's justification that lets a lower one apply
    out: dict[str, None] = dict.fromkeys((DECLARED_TIER, "impact.justified_by", "impact.justification"))
    for factor in pack.tier_factors:
        tree = factor.when_tree
        if tree is None:
            continue
        for node, base in walk(tree):
            for _key, p in node.paths:
                path = resolve(p, base).replace("[]", "[*]")
                if path == "facts" or path.startswith("facts."):
                    name = path.split(".")[1] if "." in path else ""
                    if name not in FACT_SOURCES:
                        raise UnknownFact(f"tier factor {factor.spec.id} reads facts.{name}, not traced to fields")
                    out.update(dict.fromkeys(FACT_SOURCES[name]))
                else:
                    out[path] = None
    return tuple(out)


def _significant(automated: Any, regime: Any) -> bool:
    """A significant decision based solely on automated processing: a legal or similarly significant effect
    (UK GDPR Art 22A(1)); under Part 3 only an adverse one (DPA 2018 s50A(1)(b): "an adverse legal effect" or "a
    similarly significant adverse effect"; s49(2)(a) before it). A decision recorded as not adverse is not
    significant for law-enforcement processing; an unrecorded ``adverse`` counts as adverse."""
    if not isinstance(automated, dict) or automated.get("solely_automated") is not True:
        return False
    if automated.get("effect") not in ("legal", "similarly_significant"):
        return False
    return not (regime == "law_enforcement" and automated.get("adverse") is False)


def _algorithmic(data: dict[str, Any], techs: list[Any]) -> bool:
    """Whether the tool runs an algorithm on its data: it has a model, uses machine learning, or is of a kind
    other than a dashboard. A dossier that records no technology type and no model counts as algorithmic."""
    if _get(data, "tool", "models") or _get(data, "processing", "machine_learning") is True:
        return True
    return not techs or any(t != "dashboard" for t in techs)


def open_pause(data: dict[str, Any], today: dt.date) -> dict[str, Any] | None:
    """The pause in ``tool.pauses`` that had begun on or before ``today`` with use not resumed by then (the latest,
    should there be more), or None. A retired or abandoned tool is not paused: it has stopped."""
    if _get(data, "tool", "maturity") in ("retired", "abandoned"):
        return None
    found: tuple[dt.date, dict[str, Any]] | None = None
    for pause in _get(data, "tool", "pauses") or []:
        if not isinstance(pause, dict):
            continue
        start, end = as_date(pause.get("paused_on")), as_date(pause.get("resumed_on"))
        begun = start is not None and start <= today and (end is None or end > today)
        if begun and start is not None and (found is None or start > found[0]):
            found = (start, pause)
    return {**found[1], "paused_on": found[0].isoformat()} if found else None


def assess(data: dict[str, Any], pack: RulePack, today: dt.date) -> Assessment:
    recorded = data.get("stage")
    stage_recorded = recorded in ("engage", "evolve", "embed")
    stage = str(recorded) if stage_recorded else "engage"
    techs = _get(data, "tool", "technology_types") or []
    automated = _get(data, "processing", "automated_decisions") or {}
    pause = open_pause(data, today)
    paused_on = pause["paused_on"] if pause else None
    facts: dict[str, Any] = {
        "stage": stage,
        "regime": _get(data, "processing", "regime"),
        "maturity": _get(data, "tool", "maturity"),
        # the maturity, or paused while use is paused: what a rule's applies_while is judged on
        "phase": "paused" if paused_on else _get(data, "tool", "maturity"),
        "paused": paused_on is not None,
        "paused_on": paused_on,
        # why (the pause's reason_kind): what resuming needs depends on it (PAUSE-001/002)
        "paused_for": pause.get("reason_kind") if pause else None,
        # what the models in use record of what a test must match (version, configuration, threshold): a test
        # that does not record one of them cannot show it tested the tool as used (TEST-005)
        "models_record": _models_record(data),
        "technology": list(techs),
        "facial_recognition": any(t in FACIAL_RECOGNITION for t in techs),
        "live_facial_recognition": "live_facial_recognition" in techs,
        "personal_data": _get(data, "processing", "personal_data") is True,
        "sensitive_processing": _sensitive(data, techs),
        # the APP (rules/law.yaml) was published by --today: before, no rule rests on it
        "app_in_force": today.isoformat() >= pack.law.app_published,
        "solely_automated_significant": _significant(automated, _get(data, "processing", "regime")),
        "deployed": _get(data, "tool", "maturity") in ("operational", "retired"),
        # Retired and abandoned tools are records now: periodic reviews and next-stage asks no longer apply.
        "active": _get(data, "tool", "maturity") not in ("retired", "abandoned"),
        # Only the force's own staff are affected: public and partner engagement is not asked.
        "staff_only": _get(data, "processing", "staff_only") is True,
        # An algorithm shapes the output (a model, score, rule set or optimiser), as opposed to counts shown on
        # a dashboard: what the Algorithmic Transparency Recording Standard records. Unknown counts as yes.
        "algorithmic": _algorithmic(data, techs),
        "matches_sources": _matches_sources(data),
        "coercive_powers": any(
            p != "none"
            for d in _get(data, "tool", "decisions") or []
            if isinstance(d, dict)
            for p in d.get("powers") or []
        ),
        "large_scale": isinstance(_get(data, "processing", "scale", "people_per_year"), int)
        and _get(data, "processing", "scale", "people_per_year") > 10_000,
    }
    root = {**data, "facts": facts}
    ctx = Context(root=root, today=today)
    results = []
    score = 0
    for factor in pack.tier_factors:
        matched = factor.when.ok(ctx, root)  # exactly not when(ctx, root, ""), building no path
        spec = factor.spec
        results.append(_factor_result(spec.id, spec.label, spec.weight, matched))
        if matched:
            score += spec.weight
    computed = pack.tiers[0].id
    for threshold in pack.tiers:
        if score >= threshold.min_score:
            computed = threshold.id
    declared = _get(data, "impact", "declared_tier")
    declared = declared if declared in TIERS else None
    tier: str = computed
    if declared is not None and TIERS.index(declared) > TIERS.index(computed):
        tier = declared
    below = declared is not None and TIERS.index(declared) < TIERS.index(computed)
    floors = [f.spec.floor for f, r in zip(pack.tier_factors, results, strict=True) if r.matched and f.spec.floor]
    floor = max((TIERS.index(t) for t in floors), default=0)
    accepted = below and _justified_lower(data, pack, TIERS.index(computed) - TIERS.index(str(declared)))
    accepted = accepted and TIERS.index(str(declared)) >= floor
    if accepted:
        tier = str(declared)
    facts["computed_tier"] = computed
    facts["declared_tier"] = declared
    facts["tier"] = tier
    facts["declared_below_computed"] = below
    facts["lower_tier_accepted"] = accepted
    return Assessment(
        stage,
        STAGE_ORDER[stage],
        stage_recorded,
        facts["regime"],
        computed,
        declared,
        tier,
        score,
        tuple(results),
        pack.tier_version,
        facts,
        str(_get(data, "impact", "justification")).strip() if accepted else None,
        facts["maturity"] if facts["maturity"] in PHASES else None,
        paused_on,
    )


#: Each factor's result, matched or not, as built once: the same record for every dossier (building it again
#: for every factor of every dossier cost ~0.01 ms a dossier; a frozen record is safe to share)
_FACTOR_RESULTS: dict[tuple[str, str, int, bool], FactorResult] = {}


def _factor_result(factor_id: str, label: str, weight: int, matched: bool) -> FactorResult:
    key = (factor_id, label, weight, matched)
    found = _FACTOR_RESULTS.get(key)
    if found is None:
        found = _FACTOR_RESULTS[key] = FactorResult(factor_id, label, weight, matched)
    return found


def _justified_lower(data: dict[str, Any], pack: RulePack, steps: int) -> bool:
    """Whether a declared tier ``steps`` below the computed one is justified as ``rules/impact-tiers.yaml`` asks:
    reasons recorded, given by a named person in one of its roles (the DPO), and not too many tiers lower."""
    rule = pack.justified_lower
    by = _get(data, "impact", "justified_by")
    reasons = _get(data, "impact", "justification")
    return (
        isinstance(reasons, str)
        and bool(reasons.strip())
        and isinstance(by, dict)
        and bool(str(by.get("name") or "").strip())
        and by.get("role") in rule.roles
        and steps <= rule.max_steps
    )


def _models_record(data: dict[str, Any]) -> list[str]:
    """Which of version, configuration and threshold some model in use (``in_use`` not false) records."""
    models = [m for m in _get(data, "tool", "models") or [] if isinstance(m, dict) and m.get("in_use") is not False]
    found = []
    for key in ("version", "configuration"):
        if any(isinstance(m.get(key), str) and m[key].strip() for m in models):
            found.append(key)
    if any(isinstance(m.get("threshold"), dict) and m["threshold"].get("value") is not None for m in models):
        found.append("threshold")
    return found


def _matches_sources(data: dict[str, Any]) -> bool:
    """Whether records are matched across data sources: as the force records it (processing.data_matching), else
    personal data from two or more different origins among the tool's data inputs."""
    recorded = _get(data, "processing", "data_matching")
    if isinstance(recorded, bool):
        return recorded
    inputs = [i for i in _get(data, "tool", "data_inputs") or [] if isinstance(i, dict) and i.get("personal_data")]
    return len({i.get("origin") for i in inputs if isinstance(i.get("origin"), str)}) >= 2
