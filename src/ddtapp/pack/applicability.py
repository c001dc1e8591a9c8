"""Which rules and documents a pack asks of a dossier, before its stage and a rule's own ``when``: the
tool's phase (its maturity, or paused; ``applies_while``: of the rule, else of its section, else of
the pack, in ``rules/stages.yaml``), its impact tier (``min_tier``; at minimal tier only what every DDT is asked,
``every_ddt`` in ``rules/impact-tiers.yaml``, and what rests on law in force), the day (a rule resting on
nothing in force is not asked), and a section's ``documents_unless`` (a document not asked of this tool).

The checker and the drafts' rule index both ask here, so a draft never names a rule the checker would not
apply (see docs/rule-packs.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ddtapp.errors import InputError, Located, Problem
from ddtapp.pack import checks
from ddtapp.pack.basis import OnDay
from ddtapp.pack.records import ACTIVE_PHASES, PHASES, RuleSpec, SectionSpec

if TYPE_CHECKING:
    from ddtapp.pack.rulepack import Rule, RulePack


def phases_of(spec: RuleSpec, section: SectionSpec, pack_default: Iterable[str]) -> frozenset[str]:
    """The tool's phases in which a rule applies: its own ``applies_while``, else its section's, else the
    pack's."""
    return frozenset(spec.applies_while or section.applies_while or pack_default)


def asked(pack: RulePack, rule: Rule, phase: Any, tier_index: int, day: str, regime: str | None) -> bool:
    """Whether ``rule`` is asked of a dossier, before its stage and its ``when``: not disabled; resting on
    something in force on ``day``; of the tool's phase (``applies_while``: its maturity, or ``paused``; a
    maturity not recorded is judged as an active tool); from its impact tier, and at minimal tier only when
    every DDT is asked it (``every_ddt``) or it rests on a statute or case in force that day."""
    if rule.id in pack.disabled or rule.min_tier_index > tier_index:
        return False
    if not (frozenset({phase}) if phase in PHASES else ACTIVE_PHASES) & rule.phases:
        return False  # e.g. a design-stage duty of a retired tool
    on = rule.on(day, regime)
    return on.applies and (tier_index > 0 or rule.every_ddt or on.legal)


#: One rule a dossier is asked, with what it says on the day: the rule, its text and basis on the day, and its
#: severity then (a finding not yet due is "info" instead).
Asked = tuple["Rule", OnDay, str]


def plan(pack: RulePack, phase: Any, tier_index: int, day: str, regime: str | None, horizon: int) -> tuple[Asked, ...]:
    """The rules of ``pack`` asked of a dossier of this phase, tier and regime on ``day`` (:func:`asked`) that are
    due by the stage index ``horizon``, in the pack's order: worked out once for each such combination and
    kept with the pack (a run over many dossiers has only a few), not asked rule by rule for every dossier."""
    key = (phase if phase in PHASES else None, tier_index, day, regime, horizon)
    found = pack.plans.get(key)
    if found is None:
        if len(pack.plans) >= _MAX_PLANS:  # many days or regimes in one process (a long test run): start again
            pack.plans.clear()
        # asked(), its tests in the order of their cost, over the rules in force that day (worked out once)
        phases = frozenset({phase}) if phase in PHASES else ACTIVE_PHASES
        found = pack.plans[key] = tuple(
            (rule, on, severity)
            for rule, on, severity in _in_force(pack, day, regime)
            if rule.due_index <= horizon
            and rule.min_tier_index <= tier_index
            and not phases.isdisjoint(rule.phases)
            and (tier_index > 0 or rule.every_ddt or on.legal)
        )
    return found


#: One rule of a plan as the checker runs it: its ``when``'s test and its check's (each None when it has none:
#: a rule without a check is built in), the rule, its words on the day and its severity then.
Step = tuple[Any, Any, "Rule", OnDay, str]


def steps(pack: RulePack, phase: Any, tier_index: int, day: str, regime: str | None, horizon: int) -> tuple[Step, ...]:
    """:func:`plan`, each rule with the ``ok`` of its ``when`` and of its check beside it, kept with the plan: the
    checker's loop over ~195 rules a dossier reads no attribute of a rule that passes (~10 bytecodes a rule)."""
    plan_of = plan(pack, phase, tier_index, day, regime, horizon)
    key = ("steps", id(plan_of))
    found = pack.plans.get(key)
    if found is None or found[0] is not plan_of:
        found = pack.plans[key] = (
            plan_of,
            tuple(
                (
                    rule.when.ok if rule.when is not None else None,
                    rule.check.ok if rule.check is not None else None,
                    rule,
                    on,
                    severity,
                )
                for rule, on, severity in plan_of
            ),
        )
    return found[1]


def _in_force(pack: RulePack, day: str, regime: str | None) -> tuple[Asked, ...]:
    """The rules of ``pack`` not disabled whose basis is in force on ``day`` for ``regime``, with their words
    and severity that day: what every plan of that day starts from (kept with the plans)."""
    key = (day, regime)
    found = pack.plans.get(key)
    if found is None:
        found = pack.plans[key] = tuple(
            (rule, on, rule.severity_on(day, regime))
            for rule in pack.rules
            if rule.id not in pack.disabled and (on := rule.on(day, regime)).applies
        )
    return found


_MAX_PLANS = 256


def documents_not_asked(pack: RulePack, section: SectionSpec, ctx: checks.Context) -> frozenset[str]:
    """The documents ``section`` lists that are not asked of this dossier (its ``documents_unless``)."""
    unless = section.documents_unless
    return frozenset(t for t in unless if pack.documents_unless[(section.id, t)].ok(ctx, ctx.root))


def document_conditions(source: Located, sections: list[SectionSpec]) -> dict[tuple[str, str], checks.Compiled]:
    """Each section's ``documents_unless``, compiled; a document it names must be one the section lists."""
    out: dict[tuple[str, str], checks.Compiled] = {}
    for i, section in enumerate(sections):
        for doc_type, spec in section.documents_unless.items():
            where = f"sections[{i}].documents_unless.{doc_type}"
            if doc_type not in section.documents:
                raise InputError(
                    [Problem.at(source, where, f"section {section.id}: {doc_type} is not one of its documents")]
                )
            compiled = checks.compile_in(source, where, section.id, spec)
            assert compiled is not None
            out[(section.id, doc_type)] = compiled
    return out


def mark_every_ddt(rules: Mapping[str, Rule], source: Located, every_ddt: list[str]) -> None:
    """Mark the rules asked of every DDT. A listed rule must exist and apply from minimal tier; a built-in rule
    from minimal tier must be listed, or rest on statute or case law (the law does not scale with the tier)."""
    problems = []
    for i, rule_id in enumerate(every_ddt):
        rule = rules.get(rule_id)
        if rule is None or rule.spec.min_tier != "minimal":
            why = "is not a rule of the pack" if rule is None else f"applies from tier {rule.spec.min_tier}"
            problems.append(Problem.at(source, f"every_ddt[{i}]", f"every_ddt: {rule_id} {why}"))
        else:
            rule.every_ddt = True
    for rule in rules.values():
        basis = rule.basis
        if rule.spec.min_tier == "minimal" and not rule.every_ddt and not (basis.statute or basis.case_law):
            problems.append(
                Problem.at(
                    source,
                    "every_ddt",
                    f"rule {rule.id} applies from minimal tier but rests on no statute or case law and is not in "
                    "every_ddt",
                    hint=f"Add {rule.id} to every_ddt, or give it min_tier: moderate ({rule.source}).",
                )
            )
    if problems:
        raise InputError(problems)
