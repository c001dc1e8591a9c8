"""The records of the rule pack's files, as Pydantic validates them when a file is read from its YAML and as
the pack cache (:mod:`ddtapp.pack.cache`) stores them: rules and overrides (``app/*.yaml`` and a force's
``--rules``), stages and sections (``stages.yaml``), impact tiers (``impact-tiers.yaml``) and the APP
catalogue (``catalogue.yaml``). :mod:`ddtapp.pack.rulepack` compiles them into the pack."""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal, get_args

from ddtapp.frozen import frozen
from ddtapp.pack.basis import Basis, DatedText, ISODate

# The pack's records are plain frozen dataclasses, cheap to build: a cold ``ddtapp check`` builds them
# from the pack cache without importing Pydantic. Pydantic validates them (through a TypeAdapter, in
# ``ddtapp.dossier.validate``) only when a pack file is read from its YAML. ``metadata`` holds Pydantic's field
# constraints; ``__pydantic_config__`` forbids unknown keys.
_STRICT = {"extra": "forbid"}
_record = frozen(kw_only=True)

Severity = Literal["error", "warning", "info"]
Stage = Literal["governance", "engage", "evolve", "embed"]
Due = Literal["engage", "evolve", "embed"]
Tier = Literal["minimal", "moderate", "high", "very_high"]
#: The tool's phase: its maturity (``tool.maturity``), or ``paused`` while a pause it records (``tool.pauses``)
#: has begun and use has not resumed by the day checked. A rule applies while the tool is in a phase it lists.
Phase = Literal["in_development", "pilot", "operational", "paused", "retired", "abandoned"]
PHASES: tuple[str, ...] = get_args(Phase)
#: the maturities of a tool still being developed or used (a dossier that records none is judged as one)
ACTIVE_PHASES = frozenset({"in_development", "pilot", "operational"})


def phase_words(phases: frozenset[str]) -> str:
    """A rule's maturities in words, in lifecycle order: 'in development, pilot, operational'."""
    return ", ".join(p.replace("_", " ") for p in PHASES if p in phases)


#: The built-in rules about each section's stage gate and documents (``ddtapp.pack.gates`` evaluates them).
GateBuiltin = Literal[
    "gate_decision",
    "gate_blocked",
    "gate_decision_maker",
    "gate_question",
    "documents_present",
    "documents_approved",
    "documents_review",
    "documents_deficient",
]
#: What a rule may name as its ``builtin`` (a check written in code, not in the check language).
Builtin = Literal[
    "unused_waiver",
    "waiver_not_accepted",
    GateBuiltin,
    "stale_sign_off",
    "publication_undecided",
    "publication_secret_repeated",
]


@_record
class RuleExamples:
    __pydantic_config__ = _STRICT
    passing: str = field(metadata={"alias": "pass", "description": "A dossier on which the rule does not fire."})
    failing: str = field(metadata={"alias": "fail", "description": "A dossier on which it fires."})
    fail_line: int = field(metadata={"ge": 1, "description": "The line the failing dossier's finding points at."})
    today: ISODate | None = field(
        default=None, metadata={"description": "The day the examples are judged at (default: the tests' day)."}
    )


@_record
class RuleSpec:
    __pydantic_config__ = _STRICT
    id: str
    title: str
    severity: Severity
    section: str
    due: Due | None = None
    min_tier: Tier = "minimal"
    when: dict[str, Any] | None = None
    check: dict[str, Any] | None = None
    builtin: Builtin | None = None
    path: str | None = None
    kind: Literal["missing", "deficient", "out_of_date", "inconsistent"] = "missing"
    message: str
    remediation: str
    #: the APP requirements the rule enforces; empty for a rule that enforces law or practice the APP does not state
    #: (its basis then says what it rests on)
    app_refs: list[str]
    app_section: str
    quote: str
    legislation: list[str] = field(default_factory=list)
    basis: Basis | None = None
    dated: list[DatedText] = field(default_factory=list)
    #: false for a rule enforcing a statutory prohibition: no waiver can accept its findings
    waivable: bool = True
    #: where the APP asks for a judgement (is the engagement meaningful, the reason good, the account
    #: sufficient) and the rule can only check that something is recorded: what it checks, and what it leaves
    #: to the DPO and decision maker (``rules/COVERAGE.md`` lists these)
    judgement: str | None = None
    #: the tool's maturities in which the rule applies (default: its section's, else the pack's)
    applies_while: list[Phase] | None = None
    examples: RuleExamples | None = None


@_record
class Override:
    __pydantic_config__ = _STRICT
    rule: str
    severity: Severity | None = None
    disabled: bool = False


@_record
class RuleFile:
    __pydantic_config__ = _STRICT
    rules: list[RuleSpec] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)


@_record
class StageSpec:
    __pydantic_config__ = _STRICT
    id: str
    name: str
    summary: str


@_record
class SectionSpec:
    __pydantic_config__ = _STRICT
    id: str
    name: str
    stage: Stage
    due: Due
    catalogue: str
    dossier_path: str
    objective: str = ""
    decision_maker: str = ""
    decision_maker_roles: list[str] = field(default_factory=list)
    question: str = ""
    advice: str = ""
    documents: list[str] = field(default_factory=list)
    #: a document the section lists that is not asked when a condition (check language) holds, e.g. no
    #: procurement contract for a tool the force develops itself
    documents_unless: dict[str, dict[str, Any]] = field(default_factory=dict)
    gate_refs: list[str] = field(default_factory=list)
    document_refs: list[str] = field(default_factory=list)
    #: the tool's maturities in which the section's rules apply (default: the pack's ``applies_while``)
    applies_while: list[Phase] | None = None


@_record
class StagesFile:
    __pydantic_config__ = _STRICT
    stages: list[StageSpec]
    sections: list[SectionSpec]
    #: the maturities in which a rule applies unless its section or the rule says otherwise
    applies_while: list[Phase] = field(default_factory=lambda: ["in_development", "pilot", "operational"])


@_record
class TierFactorSpec:
    __pydantic_config__ = _STRICT
    id: str
    label: str
    weight: int = field(metadata={"ge": 0})
    when: dict[str, Any]
    #: the lowest tier a justified declaration can bring a tool with this factor to
    floor: Tier | None = None


@_record
class JustifiedLower:
    """When a declared tier below the computed one is applied: justified (impact.justification) by someone in
    one of ``roles`` (impact.justified_by), and at most ``max_steps`` tiers below the computed one."""

    __pydantic_config__ = _STRICT
    roles: list[str] = field(default_factory=lambda: ["dpo"])
    max_steps: int = field(default=1, metadata={"ge": 0})


@_record
class TierThreshold:
    __pydantic_config__ = _STRICT
    id: Tier
    min_score: int = field(metadata={"ge": 0})


@_record
class TiersFile:
    __pydantic_config__ = _STRICT
    version: int
    tiers: list[TierThreshold]
    factors: list[TierFactorSpec]
    justified_lower: JustifiedLower = field(default_factory=JustifiedLower)
    #: the rules every DDT is asked at minimal tier (with the rules resting on law in force that day)
    every_ddt: list[str] = field(default_factory=list)


@_record
class CatalogueEntry:
    __pydantic_config__ = _STRICT
    id: str
    modality: Literal["MUST", "SHOULD", "MAY", "INFO", "GUIDANCE"]
    summary: str
    not_checkable: str | None = None


@_record
class CatalogueFile:
    __pydantic_config__ = _STRICT
    requirements: list[CatalogueEntry]
