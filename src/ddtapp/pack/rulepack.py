"""The APP rule pack: rules, stages and impact tiers, as YAML data validated on load.

Layout of a pack folder:
  stages.yaml        the APP stages and sections with their gate fields
  impact-tiers.yaml  the impact tier's factors, weights and thresholds
  catalogue.yaml     every APP requirement ID, its modality, and why a requirement is not machine-checkable
  law.yaml           when the APP was published, and names of the law that change with the day
  app/*.yaml         the rules, ``rules: [...]``

A force's own pack (``--rules DIR``) holds ``*.yaml`` files with ``rules:`` (new rules) and
``overrides:`` (change a rule's severity, or disable it). Packs are data: the checks are compiled
from the fixed operator set in ``ddtapp.pack.checks``; nothing in a pack can run code.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ddtapp.changes.records import FILE_NAME as CHANGE_CONTROL_FILE
from ddtapp.changes.records import ChangeControlFile
from ddtapp.errors import InputError, Problem
from ddtapp.frozen import frozen, mutable
from ddtapp.loading.yaml_loader import Loaded
from ddtapp.pack import checks
from ddtapp.pack.applicability import document_conditions, mark_every_ddt, phases_of
from ddtapp.pack.basis import Basis, LawFile, OnDay, binding_sources, on_day
from ddtapp.pack.cache import PackCache, cache_dir, read_records
from ddtapp.pack.records import (
    Builtin,
    CatalogueEntry,
    CatalogueFile,
    Due,
    JustifiedLower,
    Override,
    RuleExamples,
    RuleFile,
    RuleSpec,
    SectionSpec,
    Severity,
    Stage,
    StagesFile,
    StageSpec,
    Tier,
    TierFactorSpec,
    TiersFile,
    TierThreshold,
)
from ddtapp.resources import rules_dir

if TYPE_CHECKING:
    from ddtapp.changes.table import Table

__all__ = [
    "REFERENCE",
    "STAGE_ORDER",
    "TIER_ORDER",
    "Builtin",
    "CatalogueEntry",
    "CatalogueFile",
    "Due",
    "Override",
    "Rule",
    "RuleExamples",
    "RuleFile",
    "RulePack",
    "RuleSpec",
    "SectionSpec",
    "Severity",
    "Stage",
    "StageSpec",
    "StagesFile",
    "Tier",
    "TierFactor",
    "TierFactorSpec",
    "TierThreshold",
    "TiersFile",
    "apply_overrides",
    "effective_basis",
    "load_pack",
]

LAW_TERM = re.compile(r"\{law:([^}]*)\}")
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3}$")
STAGE_ORDER = {"governance": 0, "engage": 1, "evolve": 2, "embed": 3}
TIER_ORDER = {t: i for i, t in enumerate(checks.TIERS)}
REFERENCE = "docs/rule-packs.md"
T = TypeVar("T")


@mutable
class Rule:
    spec: RuleSpec
    severity: str
    section: SectionSpec
    due_index: int
    min_tier_index: int
    when: checks.Compiled | None
    check: checks.Compiled | None
    source: str
    #: the tool's maturities in which the rule applies (its own ``applies_while``, its section's or the pack's)
    phases: frozenset[str] = frozenset()
    #: asked of every DDT, at minimal tier too (``every_ddt`` in rules/impact-tiers.yaml)
    every_ddt: bool = False
    #: the APP catalogue's modality of each requirement (shared by every rule of the pack)
    modality: dict[str, str] = field(default_factory=dict, repr=False)
    #: the pack's dates and names of the law (``rules/law.yaml``)
    law: LawFile = field(default_factory=lambda: LawFile(app_published="2025-06-17"), repr=False)
    _days: dict[str, OnDay] = field(default_factory=dict, repr=False)

    def on(self, day: str, regime: str | None = None) -> OnDay:
        """The rule as the law stood on ``day`` (ISO text) for processing under ``regime``: whether it
        applies, whether it binds, its basis as reports show it, and its message and remediation in that
        day's words."""
        key = f"{day}|{regime}"
        got = self._days.get(key)
        if got is None:
            s = self.spec
            text = (s.message, s.remediation, s.dated)
            got = self._days[key] = on_day(self.basis, self.modality, self.law, day, regime, text)
        return got

    def citations(self, day: str, regime: str | None = None) -> tuple[str, ...]:
        """The rule's basis as the law stood on ``day`` (ISO text), as reports show it."""
        return self.on(day, regime).citations

    def severity_on(self, day: str, regime: str | None = None) -> str:
        """The rule's severity on ``day``: an error of the pack whose binding basis was not yet (or no
        longer) in force is a warning. A force's own severity override stands."""
        if self.severity == "error" and self.spec.severity == "error" and not self.on(day, regime).binding:
            return "warning"
        return self.severity

    @property
    def id(self) -> str:
        return self.spec.id

    @functools.cached_property
    def basis(self) -> Basis:
        """The rule's basis, its APP part defaulting to the APP requirements the rule cites."""
        return effective_basis(self.spec)

    @functools.cached_property
    def when_tree(self) -> checks.Node | None:
        """``when``, parsed: what documents and ``init`` walk to see what the rule reads."""
        return checks.tree_of(self.spec.when)

    @functools.cached_property
    def check_tree(self) -> checks.Node | None:
        return checks.tree_of(self.spec.check)


@mutable
class TierFactor:
    spec: TierFactorSpec
    when: checks.Compiled

    @functools.cached_property
    def when_tree(self) -> checks.Node | None:
        return checks.tree_of(self.spec.when)


@frozen
class RulePack:
    """The rule pack as loaded, never changed after: a force's overrides make a new pack
    (:func:`apply_overrides`), so one pack can be cached (the FOI's rule lookup) and shared by reports."""

    rules: tuple[Rule, ...]
    stages: list[StageSpec]
    sections: dict[str, SectionSpec]
    tiers: list[TierThreshold]
    tier_factors: list[TierFactor]
    tier_version: int
    catalogue: dict[str, CatalogueEntry]
    law: LawFile
    disabled: frozenset[str] = frozenset()
    #: roles whose approval can waive a finding of a rule resting on statute or case law (configurable)
    waiver_approvers: tuple[str, ...] = ("siro", "dpo", "chief_officer", "chief_constable")
    #: The change-control table (rules/change-control.yaml): what is significant, and the sign-off kinds.
    change_control: ChangeControlFile | None = None
    #: (section id, document type) -> the compiled condition under which that document is not asked
    documents_unless: dict[tuple[str, str], checks.Compiled] = field(default_factory=dict)
    #: the maturities in which a rule applies unless its section or the rule says otherwise (stages.yaml)
    applies_while: tuple[str, ...] = ("in_development", "pilot", "operational", "paused")
    #: when a DPO-justified lower tier is applied (rules/impact-tiers.yaml)
    justified_lower: JustifiedLower = field(default_factory=JustifiedLower)
    #: Display order of sections (stages.yaml order), for sorting findings.
    section_order: dict[str, int] = field(init=False, repr=False, compare=False)
    #: Each APP requirement's modality (MUST, SHOULD, ...), for rules' bases.
    modality: dict[str, str] = field(init=False, repr=False, compare=False)
    #: The rules asked of a kind of dossier on a day (:func:`ddtapp.pack.applicability.plan`), kept as they are
    #: worked out; a new pack (overrides, ``dataclasses.replace``) starts with none.
    plans: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "section_order", {sid: i for i, sid in enumerate(self.sections)})
        object.__setattr__(self, "modality", {c.id: c.modality for c in self.catalogue.values()})

    @functools.cached_property
    def change_table(self) -> Table | None:
        """The change-control table compiled: the one table ``diff`` classifies with and STALE-001 reads."""
        if self.change_control is None:
            return None
        from ddtapp.changes.table import compile_table  # only a dossier with a bound sign-off needs it

        return compile_table(self.change_control, CHANGE_CONTROL_FILE)

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    @functools.cached_property
    def _by_id(self) -> dict[str, Rule]:
        """Each rule by its id (the first, were one written twice): reports look a rule up for every finding."""
        out: dict[str, Rule] = {}
        for r in self.rules:
            out.setdefault(r.spec.id, r)
        return out


def _rests_on_something(basis: Basis) -> bool:
    """Whether a basis names anything besides the APP: a rule enforcing no APP requirement needs it."""
    return bool(basis.statute or basis.case_law or basis.guidance or basis.practice or basis.force_policy)


def why_app(spec: RuleSpec) -> str:
    """What the rule enforces of the APP, in words: its requirement ids, section and quote, or that it enforces
    none (the law or practice it rests on is in its basis)."""
    if not spec.app_refs:
        where = f" ({spec.app_section})" if spec.app_section else ""
        return f"not an APP requirement{where}: see the basis"
    return f'{", ".join(spec.app_refs)} ({spec.app_section}): "{spec.quote}"'


def effective_basis(spec: RuleSpec) -> Basis:
    """``spec.basis`` with its APP part defaulting to ``spec.app_refs`` (the whole basis, without one)."""
    if spec.basis is None:
        return Basis(app=list(spec.app_refs))
    return spec.basis if spec.basis.app else replace(spec.basis, app=list(spec.app_refs))


def _load(path: Path, model: type[T], cache: PackCache | None) -> tuple[Loaded, T]:
    if cache is not None:
        return cache.load(path, model, "rule pack file", REFERENCE)
    return read_records(path, model, "rule pack file", REFERENCE)


def load_pack(extra_dirs: list[Path] | None = None, cache: bool = True) -> RulePack:
    """Load the built-in pack and the force's own packs (``--rules``), validated and compiled.

    Parsed pack files come from :mod:`ddtapp.pack.cache` when unchanged; an invalid pack is loaded
    again from its YAML so that every error names its line and column.
    """
    store = PackCache(cache_dir()) if cache else None
    if store is None or store.file is None:
        return _build(extra_dirs, None)
    try:
        pack = _build(extra_dirs, store)
    except InputError:
        if store.hits:
            return _build(extra_dirs, None)
        raise
    store.save()
    return pack


def _build(extra_dirs: list[Path] | None, cache: PackCache | None) -> RulePack:
    base = rules_dir()
    s_loaded, stages = _load(base / "stages.yaml", StagesFile, cache)
    t_loaded, tiers = _load(base / "impact-tiers.yaml", TiersFile, cache)
    _c_loaded, cat = _load(base / "catalogue.yaml", CatalogueFile, cache)
    _l_loaded, law = _load(base / "law.yaml", LawFile, cache)
    sections = {s.id: s for s in stages.sections}
    catalogue = {c.id: c for c in cat.requirements}
    for i, section in enumerate(stages.sections):
        unknown = [r for r in section.gate_refs + section.document_refs if r not in catalogue]
        if unknown:
            raise InputError(
                [
                    Problem.at(
                        s_loaded,
                        f"sections[{i}]",
                        f"section {section.id}: {', '.join(unknown)} are not in the APP catalogue",
                    )
                ]
            )
    unless = document_conditions(s_loaded, stages.sections)
    factors = []
    for i, factor in enumerate(tiers.factors):
        compiled = checks.compile_in(t_loaded, f"factors[{i}].when", factor.id, factor.when)
        assert compiled is not None
        factors.append(TierFactor(factor, compiled))

    change_control = None
    if (base / CHANGE_CONTROL_FILE).is_file():
        change_control = _load(base / CHANGE_CONTROL_FILE, ChangeControlFile, cache)[1]
    # the pack without its rules: what each rule file is checked against
    pack = RulePack(
        (),
        stages.stages,
        sections,
        sorted(tiers.tiers, key=lambda t: t.min_score),
        factors,
        tiers.version,
        catalogue,
        law,
        change_control=change_control,
        documents_unless=unless,
        applies_while=tuple(stages.applies_while),
        justified_lower=tiers.justified_lower,
    )
    rules: list[Rule] = []
    disabled: set[str] = set()
    for path in sorted((base / "app").glob("*.yaml")):
        _add_file(pack, rules, disabled, path, True, cache)
    mark_every_ddt({r.id: r for r in rules}, t_loaded, tiers.every_ddt)
    for d in extra_dirs or []:
        if not d.is_dir():
            raise InputError([Problem(str(d), 1, 1, "rule pack folder not found", hint="Check --rules.")])
        for path in sorted(d.glob("*.yaml")):
            _add_file(pack, rules, disabled, path, False, cache)
    return replace(pack, rules=tuple(rules), disabled=frozenset(disabled))


def _add_file(
    pack: RulePack, rules: list[Rule], disabled: set[str], path: Path, builtin: bool, cache: PackCache | None
) -> None:
    """The rules of one rule file added to ``rules`` (checked against ``pack``), its overrides applied."""
    loaded, rf = _load(path, RuleFile, cache)
    known = {r.id: r for r in rules}
    every_problem: list[Problem] = []  # of the whole file, reported together
    for i, spec in enumerate(rf.rules):
        where = f"rules[{i}]"
        problems = []
        if not RULE_ID.match(spec.id):
            problems.append(
                Problem.at(
                    loaded,
                    f"{where}.id",
                    f"rule id '{spec.id}': a rule id is upper-case words and a 3-digit number, e.g. DPIA-001",
                )
            )
        if spec.id in known:
            problems.append(
                Problem.at(loaded, f"{where}.id", f"rule {spec.id} is defined twice (also in {known[spec.id].source})")
            )
        if spec.section not in pack.sections:
            problems.append(
                Problem.at(
                    loaded,
                    f"{where}.section",
                    f"rule {spec.id}: unknown section '{spec.section}'",
                    hint=f"Use one of: {', '.join(pack.sections)}.",
                )
            )
        unknown_refs = [r for r in spec.app_refs if r not in pack.catalogue]
        if unknown_refs:
            problems.append(
                Problem.at(
                    loaded,
                    f"{where}.app_refs",
                    f"rule {spec.id}: app_refs {', '.join(unknown_refs)} are not in the APP catalogue",
                )
            )
        if not spec.app_refs and (spec.basis is None or not _rests_on_something(spec.basis)):
            problems.append(
                Problem.at(
                    loaded,
                    f"{where}.app_refs",
                    f"rule {spec.id}: app_refs is empty and the rule has no other basis",
                    hint="List the APP requirements it enforces, or give its basis (statute, case_law, guidance,"
                    " practice or force_policy).",
                )
            )
        if (spec.check is None) == (spec.builtin is None):
            problems.append(Problem.at(loaded, where, f"rule {spec.id}: give exactly one of 'check' or 'builtin'"))
        problems.extend(_basis_problems(loaded, where, spec, pack.catalogue, pack.law, builtin, pack.modality))
        if builtin and spec.examples is None:
            problems.append(
                Problem.at(loaded, where, f"rule {spec.id}: built-in rules need examples (pass, fail, fail_line)")
            )
        if problems:
            every_problem.extend(problems)
            continue
        section = pack.sections[spec.section]
        due = spec.due or section.due
        rule = Rule(
            spec=spec,
            severity=spec.severity,
            section=section,
            due_index=STAGE_ORDER[due],
            min_tier_index=TIER_ORDER[spec.min_tier],
            when=checks.compile_in(loaded, f"{where}.when", spec.id, spec.when),
            check=checks.compile_in(loaded, f"{where}.check", spec.id, spec.check),
            source=str(path.name) if builtin else str(path),
            phases=phases_of(spec, section, pack.applies_while),
            # a force's own rules are its own choice of what every DDT needs
            every_ddt=not builtin,
            modality=pack.modality,
            law=pack.law,
        )
        rules.append(rule)
        known[spec.id] = rule
    if every_problem:
        raise InputError(every_problem)
    _apply_file_overrides(disabled, loaded, rf.overrides, known)


def _apply_file_overrides(
    disabled: set[str], loaded: Loaded, overrides: list[Override], known: dict[str, Rule]
) -> None:
    for i, ov in enumerate(overrides):
        target = known.get(ov.rule)
        if target is None:
            raise InputError([Problem.at(loaded, f"overrides[{i}].rule", f"override names unknown rule '{ov.rule}'")])
        if ov.severity:
            target.severity = ov.severity
        if ov.disabled:
            disabled.add(ov.rule)


def _basis_problems(
    loaded: Loaded,
    where: str,
    spec: RuleSpec,
    catalogue: dict[str, CatalogueEntry],
    pack_law: LawFile,
    builtin: bool,
    modality: dict[str, str],
) -> list[Problem]:
    if spec.basis is None and builtin:
        return [Problem.at(loaded, where, f"rule {spec.id}: built-in rules need a basis (see {REFERENCE})")]
    if builtin and spec.basis is not None and spec.basis.force_policy:
        return [Problem.at(loaded, f"{where}.basis.force_policy", f"rule {spec.id}: force_policy is for force packs")]
    basis = effective_basis(spec)
    unknown = [r for r in basis.app if r not in catalogue]
    if unknown:
        return [
            Problem.at(
                loaded,
                f"{where}.basis.app",
                f"rule {spec.id}: basis.app {', '.join(unknown)} are not in the APP catalogue",
            )
        ]
    terms = {t.id for t in pack_law.terms}
    texts = [
        spec.message,
        spec.remediation,
        *(v.message or "" for v in spec.dated),
        *(v.remediation or "" for v in spec.dated),
    ]
    unknown_terms = sorted({t for text in texts for t in LAW_TERM.findall(text)} - terms)
    if unknown_terms:
        return [
            Problem.at(
                loaded,
                where,
                f"rule {spec.id}: {{law:{unknown_terms[0]}}} is not a term of rules/law.yaml",
                hint=f"Use one of: {', '.join(sorted(terms))}.",
            )
        ]
    if spec.severity == "error":
        return _error_needs_binding(loaded, f"{where}.severity", spec.id, basis, modality)
    return []


_BINDING_HINT = (
    "Make it a warning, or add to its basis the statute, case or APP MUST it rests on "
    "(in a force pack, or the force policy: basis: {force_policy: ...})."
)


def _unbound_error(rule_id: str, basis: Basis, modality: dict[str, str]) -> str | None:
    """Why ``rule_id`` cannot be an error, or None when its basis binds."""
    if binding_sources(basis, modality):
        return None
    return (
        f"rule {rule_id}: an error needs a binding basis (a statute, case law, an APP MUST or a force policy); "
        "guidance and practice give warnings at most"
    )


def _error_needs_binding(
    loaded: Loaded, where: str, rule_id: str, basis: Basis, modality: dict[str, str]
) -> list[Problem]:
    message = _unbound_error(rule_id, basis, modality)
    return [Problem.at(loaded, where, message, hint=_BINDING_HINT)] if message else []


def apply_overrides(pack: RulePack, severities: dict[str, str], disabled: list[str]) -> RulePack:
    """A new pack with the severity overrides and disabled rules from configuration or flags; ``pack``
    itself is left as it was (it may be cached, or shared by reports of another run)."""
    for rule_id in severities:
        if pack.rule(rule_id) is None:
            raise InputError(f"unknown rule '{rule_id}' in a severity override")
    for rule_id in disabled:
        if pack.rule(rule_id) is None:
            raise InputError(f"unknown rule '{rule_id}' in disabled rules")
    rules = tuple(dataclasses.replace(r, severity=severities[r.id]) if r.id in severities else r for r in pack.rules)
    return dataclasses.replace(pack, rules=rules, disabled=pack.disabled | frozenset(disabled))
