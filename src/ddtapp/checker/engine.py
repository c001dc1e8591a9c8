"""Check one dossier: load -> validate -> assess -> rules -> findings (with waivers applied)."""

from __future__ import annotations

import datetime as dt
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from ddtapp.assess import Assessment, assess
from ddtapp.checker.findings import Finding
from ddtapp.dossier.consistency import as_date
from ddtapp.dossier.version import SCHEMA_VERSION
from ddtapp.frozen import frozen
from ddtapp.loading.yaml_loader import Loaded, load_file, parent_path
from ddtapp.pack import applicability, gates
from ddtapp.pack.basis import OnDay
from ddtapp.pack.checks import Context, PathMemo
from ddtapp.pack.gates import GATE_BUILTINS
from ddtapp.pack.rulepack import STAGE_ORDER, Rule, RulePack, SectionSpec


@frozen
class Result:
    file: str
    loaded: Loaded
    assessment: Assessment
    findings: tuple[Finding, ...]
    #: The schema version the dossier was written in, when ddtapp migrated it in memory to read it.
    migrated_from: int | None = None
    #: Whether this is already a slim result (:meth:`slim`), so that slimming it again costs nothing.
    is_slim: bool = field(default=False, compare=False, repr=False)

    @property
    def tool_name(self) -> str:
        tool = self.loaded.data.get("tool") or {}
        name = tool.get("name") if isinstance(tool, dict) else None
        return name or Path(self.file).stem

    def slim(self) -> Result:
        """This result without the dossier's data: the tool's name, the findings, and the positions of
        the keys the findings point at. A run over thousands of dossiers keeps only these, so that its
        memory does not grow with the size of every dossier."""
        if self.is_slim:
            return self
        positions = self.loaded.positions
        keep: dict[str, tuple[int, int]] = {}
        for f in self.findings:
            path = f.path
            while path and path not in positions:
                path = parent_path(path)
            if path:
                keep[path] = positions[path]
        tool = self.loaded.data.get("tool") if isinstance(self.loaded.data, dict) else None
        name = tool.get("name") if isinstance(tool, dict) else None
        data = {"tool": {"name": name}} if name else {}
        # the derived facts are the rules' input; reports need only the assessment's verdicts
        return Result(
            self.file,
            Loaded(self.loaded.file, data, keep),
            replace(self.assessment, facts={}),
            self.findings,
            self.migrated_from,
            is_slim=True,
        )


def check_file(path: str | Path, pack: RulePack, today: dt.date, display: str | None = None) -> Result:
    if str(path) == "-":  # standard input
        from ddtapp.loading.stdin import load_stdin

        loaded = load_stdin(display)
    else:
        loaded = load_file(path, display)
    migrated_from = prepare_dossier(loaded)
    result = check_loaded(loaded, pack, today)
    return replace(result, migrated_from=migrated_from) if migrated_from else result


def prepare_dossier(loaded: Loaded) -> int | None:
    """Migrate an older dossier in memory (returning the version it was written in), then validate it."""
    migrated_from = None
    if isinstance(loaded.data, dict) and loaded.data.get("schema_version") != SCHEMA_VERSION:
        from ddtapp.dossier.migrate import migrate_loaded

        migration = migrate_loaded(loaded)
        migrated_from = migration.from_version if migration else None
    validate_dossier(loaded)
    return migrated_from


def validate_dossier(loaded: Loaded) -> None:
    """Structural validation: the fast strict look first; the Pydantic models (built on first use) only
    when it says no, to give the located errors (a value Pydantic would coerce among them). Then the facts
    that are valid each alone but contradict each other (``ddtapp.dossier.consistency``)."""
    from ddtapp.dossier.consistency import check_consistency
    from ddtapp.dossier.structure import conforms

    if not conforms(loaded.data):
        from ddtapp.dossier.validate import validate_dossier as gate

        gate(loaded)
    check_consistency(loaded)  # facts valid alone that cannot all be true (a pause resumed before it began)


def check_loaded(loaded: Loaded, pack: RulePack, today: dt.date) -> Result:
    data = loaded.data
    assessment = assess(data, pack, today)
    root = {**data, "facts": assessment.facts}
    ctx = Context(root=root, today=today, tier_index=assessment.tier_index, memo=PathMemo(root))
    findings: list[Finding] = []
    builtins: list[Rule] = []
    stage_index = max(assessment.stage_index, 1)
    # A retired or abandoned tool goes no further: nothing is "coming up" for it.
    horizon = stage_index + 1 if assessment.facts["active"] else stage_index
    day, regime = today.isoformat(), regime_of(data)
    phase = assessment.facts["phase"]  # the maturity, or paused while use is paused
    marked = None  # the dossier's fields marked for publication: once, for every publication rule
    sections = None  # each section's gate as the gate rules see it: once, for every gate rule
    # the rules asked of this dossier (phase, tier, regime, day), due by the horizon: decided once a kind of dossier
    decided: dict[Any, bool] = {}  # each rule's `when`: one condition in many rules is decided once
    for when, ok, rule, on, severity in applicability.steps(pack, phase, ctx.tier_index, day, regime, horizon):
        if when is not None:
            passes = decided.get(when)
            if passes is None:
                passes = decided[when] = when(ctx, root)
            if not passes:
                continue
        if ok is None:
            builtin = rule.spec.builtin
            if builtin in GATE_BUILTINS:
                if sections is None:
                    sections = _gate_sections(data, pack, ctx, horizon)
                findings.extend(_gate_findings(loaded, rule, on, severity, sections, stage_index))
            elif builtin == "stale_sign_off":
                findings.extend(_stale_sign_offs(loaded, pack, rule, today))
            elif builtin and builtin.startswith("publication_"):
                from ddtapp.force.publication import CHECKS, check_marks

                coming_up = rule.due_index > stage_index
                if marked is None:
                    marked = check_marks(data, today)
                paths = CHECKS[builtin](data, today, None, marked)
                findings.extend(_found(loaded, rule, on, severity, p, coming_up) for p in paths)
            else:
                builtins.append(rule)
            continue
        if ok(ctx, root):  # most checks pass: their paths are built only for one that fails
            continue
        spec = rule.spec
        failed = rule.check.run(ctx, root, "")  # type: ignore[union-attr]
        coming_up = rule.due_index > stage_index
        named = "{field}" in spec.message
        for path in dict.fromkeys(spec.path or p for p in failed):
            message = _field_named(on.message, path) if named else None
            findings.append(_found(loaded, rule, on, severity, path, coming_up, message=message))
    findings = _apply_waivers(loaded, findings, builtins, today, pack)
    order = pack.section_order
    findings.sort(key=lambda f: (order.get(f.section, len(order)), f.line, f.column, f.rule_id, f.path))
    return Result(loaded.file, loaded, assessment, tuple(findings))


def _field_named(message: str, path: str) -> str:
    """``{field}`` in a rule's message: the key the finding is at, in words (``validation.tests[0].version``:
    "version"), so that one rule over several keys names the one that is missing."""
    key = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return message.replace("{field}", key.replace("_", " "))


#: A section the gate rules look at in a dossier: the section, the index of the stage it is due at, and its gate.
_GateSection = tuple[SectionSpec, int, gates.Gate]


def _gate_sections(data: dict[str, Any], pack: RulePack, ctx: Context, horizon: int) -> dict[str, list[_GateSection]]:
    """The sections due by ``horizon``, each with its :class:`~ddtapp.pack.gates.Gate`: the documents it asks
    that are not asked of this tool (its ``documents_unless``; the DPIA has rules of its own), and those
    recorded in another section; by what a gate rule needs of a section (:data:`~ddtapp.pack.gates.NEEDS`).
    Worked out once a dossier, not once for every gate rule and section."""

    def not_asked(section: SectionSpec) -> frozenset[str] | None:
        if STAGE_ORDER[section.due] > horizon:
            return None
        if not section.documents_unless:  # most sections: nothing to work out
            return _DPIA
        return applicability.documents_not_asked(pack, section, ctx) | _DPIA

    found = gates.section_gates(data, pack.sections.values(), ctx.today, not_asked)
    return gates.by_need([(g.section, STAGE_ORDER[g.section.due], g) for g in found], _the_gate)


def _the_gate(section: _GateSection) -> gates.Gate:
    return section[2]


def _gate_findings(
    loaded: Loaded, rule: Rule, on: OnDay, severity: str, sections: dict[str, list[_GateSection]], stage_index: int
) -> list[Finding]:
    out = []
    builtin = rule.spec.builtin or ""
    template = on.message
    gate_rule = builtin.startswith("gate")
    failures = gates.finder(builtin)
    for section, due, gate in sections[gates.NEEDS[builtin]]:
        for path, fields in failures(gate):
            fields = {"section": section.name, **fields}
            message = template
            for key, value in fields.items():
                message = message.replace("{" + key + "}", value)
            refs = section.gate_refs if gate_rule else section.document_refs
            out.append(
                _found(
                    loaded,
                    rule,
                    on,
                    severity,
                    path,
                    due > stage_index,
                    section=section,
                    message=message,
                    app_refs=tuple(refs) or None,
                )
            )
    return out


_DPIA = frozenset({"dpia"})


def regime_of(data: Any) -> str | None:
    """The dossier's processing regime, when it records a known one."""
    processing = data.get("processing") if isinstance(data, dict) else None
    regime = processing.get("regime") if isinstance(processing, dict) else None
    return regime if regime in ("law_enforcement", "general") else None


def _stale_sign_offs(loaded: Loaded, pack: RulePack, rule: Rule, today: dt.date) -> list[Finding]:
    """A sign-off whose covered facts changed after it was given: one finding at its fingerprint, naming
    the kind of sign-off and the facts that changed ({sign_off}, {changed} in the rule's message)."""
    control = pack.change_control
    if control is None or not control.sign_offs:
        return []
    from ddtapp.changes.signoffs import FIELD, bound

    signed = bound(loaded.data, control.sign_offs)
    if not signed:  # most dossiers: the change-control table is neither imported nor compiled for them
        return []
    from ddtapp.changes.fingerprint import stale

    table = pack.change_table
    assert table is not None
    out = []
    for sign_off, changed in stale(table, loaded.data, signed):
        message = rule.spec.message.replace("{sign_off}", f"{sign_off.spec.name} at {sign_off.where}")
        message = message.replace("{changed}", ", ".join(changed))
        out.append(_finding(loaded, rule, f"{sign_off.where}.{FIELD}", False, today, message=message))
    return out


def _finding(
    loaded: Loaded,
    rule: Rule,
    path: str,
    coming_up: bool,
    today: dt.date,
    section: SectionSpec | None = None,
    message: str | None = None,
    app_refs: tuple[str, ...] | None = None,
) -> Finding:
    day, regime = today.isoformat(), regime_of(loaded.data)
    on, severity = rule.on(day, regime), rule.severity_on(day, regime)
    return _found(loaded, rule, on, severity, path, coming_up, section, message, app_refs)


def _found(
    loaded: Loaded,
    rule: Rule,
    on: OnDay,
    severity: str,
    path: str,
    coming_up: bool,
    section: SectionSpec | None = None,
    message: str | None = None,
    app_refs: tuple[str, ...] | None = None,
) -> Finding:
    """A finding of ``rule`` at ``path``, with the rule's words (``on``) and ``severity`` on the day checked."""
    line, col = loaded.locate(path)
    section = section or rule.section
    spec = rule.spec
    return Finding(
        loaded.file,
        line,
        col,
        spec.id,
        "info" if coming_up else severity,  # type: ignore[arg-type]
        message or on.message,
        path,
        section.id,
        section.stage,
        app_refs or tuple(spec.app_refs),
        "coming_up" if coming_up else "open",
        kind=spec.kind,
        basis=on.citations,
    )


class _WaiverIndex:
    """The waivers in force, by rule id and path, so that matching a finding costs the length of its path and
    the waivers that name it, not the number of waivers (30,000 waivers against as many findings took minutes)."""

    def __init__(self, waivers: list[dict[str, Any]], today: dt.date):
        self.any_path: dict[Any, list[int]] = {}  # rule -> waivers with no path, in dossier order
        self.by_path: dict[tuple[Any, str], list[int]] = {}  # (rule, path) -> waivers for that path
        for i, w in enumerate(waivers):
            expires = as_date(w.get("expires"))
            if expires is not None and expires < today:
                continue
            rule, target = w.get("rule"), w.get("path")
            if not isinstance(rule, str):
                continue
            if not target:
                self.any_path.setdefault(rule, []).append(i)
            elif isinstance(target, str):
                self.by_path.setdefault((rule, target), []).append(i)

    def matching(self, rule_id: str, path: str) -> list[int]:
        """The waivers (in the dossier's order) for ``rule_id`` whose path is ``path`` or a parent of it."""
        found = list(self.any_path.get(rule_id, ()))
        if self.by_path:
            cuts = [k for k, ch in enumerate(path) if ch in ".["]
            for prefix in (path, *(path[:k] for k in cuts)):
                found.extend(self.by_path.get((rule_id, prefix), ()))
        return sorted(set(found))


def _apply_waivers(
    loaded: Loaded, findings: list[Finding], builtins: list[Rule], today: dt.date, pack: RulePack
) -> list[Finding]:
    waivers: list[dict[str, Any]] = [w for w in loaded.data.get("waivers") or [] if isinstance(w, dict)]
    if not waivers:
        return findings
    used = [False] * len(waivers)
    refused: dict[int, str] = {}  # waiver index -> why it cannot accept the finding it names
    index = _WaiverIndex(waivers, today)
    regime = regime_of(loaded.data)
    out: list[Finding] = []
    for f in findings:
        waived_by = None
        for i in index.matching(f.rule_id, f.path) if f.status == "open" else ():
            used[i] = True
            why = _refusal(waivers[i], pack.rule(f.rule_id), pack, today, regime)
            if why:
                refused[i] = why
                continue
            waived_by = i
            break
        if waived_by is None:
            out.append(f)
        else:
            out.append(replace(f, status="waived", waiver_reason=str(waivers[waived_by].get("reason") or "")))
    for rule in builtins:
        if rule.spec.builtin == "unused_waiver":
            for i, w in enumerate(waivers):
                expires = as_date(w.get("expires"))
                if not used[i] and not (expires is not None and expires < today):
                    out.append(_finding(loaded, rule, f"waivers[{i}]", False, today))
        elif rule.spec.builtin == "waiver_not_accepted":
            for i, why in refused.items():
                message = rule.on(today.isoformat(), regime_of(loaded.data)).message
                message = message.replace("{rule}", str(waivers[i].get("rule"))).replace("{why}", why)
                out.append(_finding(loaded, rule, f"waivers[{i}].approver", False, today, message=message))
    return out


def _waiver_matches(w: dict[str, Any], f: Finding, today: dt.date) -> bool:
    expires = as_date(w.get("expires"))
    if (expires is not None and expires < today) or w.get("rule") != f.rule_id:
        return False
    target = w.get("path")
    return not target or f.path == target or f.path.startswith(target + ".") or f.path.startswith(target + "[")


def _refusal(w: dict[str, Any], rule: Rule | None, pack: RulePack, today: dt.date, regime: str | None) -> str:
    """Why waiver ``w`` cannot accept a finding of ``rule``, or "" when it can. A statutory prohibition
    cannot be waived; a rule resting on statute or case law only by an approver whose role has the
    authority (``pack.waiver_approvers``), never the tool's own users."""
    if rule is None:
        return ""
    if not rule.spec.waivable:
        return "it enforces a statutory prohibition, which no waiver can set aside"
    if not rule.on(today.isoformat(), regime).legal:
        return ""
    approver = w.get("approver")
    role = approver.get("role") if isinstance(approver, dict) else None
    if role in pack.waiver_approvers:
        return ""
    roles = ", ".join(pack.waiver_approvers)
    return f"the rule rests on law, and a waiver needs an approver in one of the roles {roles} (not {role or 'none'})"
