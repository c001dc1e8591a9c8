"""Draft documents from a checked dossier: Jinja templates run in a sandbox over dossier data.

The one mechanism every template uses is ``render_fields.Field``: the dossier as the template sees it.
A recorded value prints as literal Markdown text; a missing one prints as a visible **GAP** placeholder
naming the dossier path and the rule that asks for it, and is listed under "Gaps in this draft" at the
top of the document. A template cannot print a blank where the dossier is silent, nor forget a gap in
the summary; a key the dossier's schema does not have is an error naming the template line.

Templates are data. Every template, built-in or a force's own (``--templates DIR``), runs in Jinja's
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: no attribute starting with ``_``, no Python
internals, no changing lists or dicts, and no way from a Field back to the objects behind it. Nothing a
template prints is trusted as Markdown unless ddtapp made it (``markdown_text.Md``): ``finalize`` escapes
everything else.

This module builds the names templates use (``template_context``: docs/render.md lists them), finds the
templates (built-in, overridden or added by ``--templates``), renders one document, and reports a broken
template as ``file:line`` (an input error, exit 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ddtapp.checker.engine import Result
from ddtapp.checker.findings import Finding
from ddtapp.documents.environment import (  # re-exported: where templates come from, and their sandbox
    BUILTIN_ORDER as BUILTIN_ORDER,
)
from ddtapp.documents.environment import (
    DOC_NAME as DOC_NAME,
)
from ddtapp.documents.environment import (
    TEMPLATE_FAILURES,
    TEMPLATE_SUFFIX,
    TemplateSource,
    template_error,
)
from ddtapp.documents.environment import (  # ddtapp site (force/site.py) loads its templates with it
    _ContainedLoader as _ContainedLoader,
)
from ddtapp.documents.environment import (
    available_documents as available_documents,
)
from ddtapp.documents.environment import (
    make_environment as make_environment,
)
from ddtapp.documents.fields import (
    GAPS_OMITTED,
    GAPS_SENTINEL,
    Draft,
    Field,
    Gap,
    RuleIndex,
    field_at,
    has_field,
    uk_date,
)
from ddtapp.documents.sandbox import render_limited
from ddtapp.dossier.documents import distinct_documents, documents_of
from ddtapp.dossier.models import Document, Dossier
from ddtapp.output.markdown_text import code, inline
from ddtapp.output.words import plural
from ddtapp.pack import applicability, gates
from ddtapp.pack.checks import Context, Node, walk
from ddtapp.pack.relations import criterion_words, judge_results
from ddtapp.pack.rulepack import STAGE_ORDER, RulePack, SectionSpec
from ddtapp.reporters.summary import REGIME_NAMES, TIER_NAMES, Summary

#: The heading of the annex that lists a draft's gaps.
GAPS_HEADING = "Annex: gaps in this draft"


# ----------------------------------------------------------------------------- views of the checker's results


@dataclass(frozen=True)
class FindingView:
    rule_id: str
    severity: str
    status: str
    message: str
    path: str
    file: str
    line: int
    column: int
    section: str
    section_name: str
    stage: str
    app_refs: str
    waiver_reason: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class DocumentEvidence:
    """One document the APP lists for a section, and what the dossier records of it."""

    type: str
    name: str
    recorded: tuple[Field, ...]  # recorded in this section
    elsewhere: str  # name of another section that records it, if this one does not
    documents_field: Field  # where to record it
    rules: tuple[str, ...]  # rules that ask for it
    asked: bool  # whether the rule pack asks this dossier for it (the APP is proportionate)


@dataclass(frozen=True)
class SectionView:
    id: str
    name: str
    stage: str
    objective: str
    decision_maker: str
    question: str
    advice: str
    has_gate: bool
    gate_asked: bool  # whether the rule pack asks this dossier for the gate decision
    gate: Field | None  # the recorded gate decision (None where the section has no gate)
    documents: tuple[DocumentEvidence, ...]
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class AssessmentView:
    stage: str
    stage_name: str
    stage_recorded: bool
    regime: str
    law_enforcement: bool
    tier: str
    computed_tier: str
    declared_tier: str
    score: int
    facts: dict[str, Any]


@dataclass
class CheckedDossier:
    """Everything rendering needs about one checked dossier, prepared once for all its documents."""

    result: Result
    pack: RulePack
    today: dt.date
    index: RuleIndex = field(init=False)
    _foi: Any = field(init=False, default=None)
    _documents: list[tuple[str, Document]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.index = RuleIndex(self.result, self.pack, self.today)

    @functools.cached_property
    def context(self) -> Context:
        """The rules' evaluation context for this dossier (the data with its derived facts)."""
        data = self.result.loaded.data if isinstance(self.result.loaded.data, dict) else {}
        a = self.result.assessment
        return Context(root={**data, "facts": a.facts}, today=self.today, tier_index=a.tier_index)

    @property
    def documents(self) -> list[tuple[str, Document]]:
        """Every document the dossier records, with its path (``ddtapp.dossier.documents``), found once."""
        if self._documents is None:
            from ddtapp.force.register import dossier_of

            self._documents = list(documents_of(dossier_of(self.result)))
        return self._documents

    @functools.cached_property
    def distinct_documents(self) -> list[tuple[str, Document]]:
        """Each document once, however many places record it (``ddtapp.dossier.documents``)."""
        return distinct_documents(self.documents)

    @property
    def foi(self) -> Any:
        """The FOI request's 13 answers for this tool (``ddtapp.force.foi``), worked out once."""
        if self._foi is None:
            from ddtapp.force.foi import answer_tool

            self._foi = answer_tool(self.result, self.pack)
        return self._foi


def _finding_view(f: Finding, pack: RulePack) -> FindingView:
    section = pack.sections.get(f.section)
    return FindingView(
        f.rule_id,
        f.severity,
        f.status,
        f.message,
        f.path,
        f.file,
        f.line,
        f.column,
        f.section,
        section.name if section else f.section,
        f.stage,
        ", ".join(f.app_refs),
        f.waiver_reason,
    )


def _section_view(
    section: SectionSpec, root: Field, job: CheckedDossier, findings: list[FindingView], recorded: dict[str, set[str]]
) -> SectionView:
    pack = job.pack
    holder = root
    for part in section.dossier_path.split("."):
        holder = holder[part]
    applicable = {r.spec.builtin for r in job.index.applicable if r.spec.builtin}
    documents: list[DocumentEvidence] = []
    not_asked = applicability.documents_not_asked(pack, section, job.context)
    for doc_type in section.documents:
        if doc_type in not_asked:
            continue  # e.g. no procurement contract for a tool the force develops itself
        name = gates.DOCUMENT_NAMES.get(doc_type, doc_type)
        if section.id == "privacy_policy":
            doc_field = holder.document
            matches: tuple[Field, ...] = (doc_field,) if doc_field else ()
            where = doc_field
        else:
            where = holder.documents
            matches = tuple(d for d in where if d.type == doc_type)
        elsewhere = ""
        if not matches:
            others = sorted(recorded.get(doc_type, set()) - {section.id}, key=lambda s: pack.section_order.get(s, 0))
            if others:
                elsewhere = pack.sections[others[0]].name
        rules = document_rules(job, doc_type)
        documents.append(DocumentEvidence(doc_type, name, matches, elsewhere, where, rules, bool(rules)))
    has_gate = bool(section.question) and has_field(holder, "gate")
    return SectionView(
        id=section.id,
        name=section.name,
        stage=section.stage,
        objective=section.objective,
        decision_maker=section.decision_maker,
        question=section.question,
        advice=section.advice,
        has_gate=has_gate,
        gate_asked=has_gate and "gate_decision" in applicable,
        gate=holder.gate if has_field(holder, "gate") else None,
        documents=tuple(documents),
        findings=tuple(f for f in findings if f.section == section.id),
    )


def template_context(job: CheckedDossier, draft: Draft) -> dict[str, Any]:
    """The names every template can use (see docs/render.md)."""
    result, pack = job.result, job.pack
    data = result.loaded.data if isinstance(result.loaded.data, dict) else {}
    root = Field(draft, "", data, Dossier, "The project dossier.")
    a = result.assessment
    findings = [_finding_view(f, pack) for f in result.findings]
    open_findings = [f for f in findings if f.status == "open"]
    recorded = gates.recorded_types(data, pack.sections.values())
    stage_name = next((s.name for s in pack.stages if s.id == a.stage), a.stage)
    gate_sections = [s for s in pack.sections.values() if s.stage == a.stage]
    cross_cutting = [s for s in pack.sections.values() if s.stage == "governance" and s.question]
    summary = Summary.of(result)

    def view(s: SectionSpec) -> SectionView:
        return _section_view(s, root, job, open_findings, recorded)

    def documents_of(doc_type: str) -> list[Field]:
        """Every document of this type the dossier records, wherever it records it, in the dossier's order;
        the same document recorded in two places (the EIA at Stakeholder engagement and Legal framework) once,
        as its best record (``distinct_documents``)."""
        return [field_at(root, path) for path, doc in job.distinct_documents if doc.type == doc_type]

    def judged(test: Field) -> list[tuple[Field, str, str]]:
        """A test's results, each with the force's criterion for its metric in words and whether the result
        meets it (met, not met, no criterion), as TEST-003 judges it (``ddtapp.pack.relations``)."""
        criteria = root.validation.acceptance_criteria._value
        criteria = criteria if isinstance(criteria, list) else []
        results = test.results
        verdicts = judge_results(results._value if isinstance(results._value, list) else [], criteria)
        return [(r, criterion_words(r._value, criteria), v) for r, v in zip(results, verdicts, strict=True)]

    return {
        "d": root,
        "judged": judged,
        "tool_name": result.tool_name,
        "today": uk_date(job.today),
        "dossier_file": result.file,
        "assessment": AssessmentView(
            stage=a.stage,
            stage_name=stage_name,
            stage_recorded=a.stage_recorded,
            regime=REGIME_NAMES.get(a.regime or "", "not recorded"),
            law_enforcement=a.regime in ("law_enforcement", "mixed"),
            tier=TIER_NAMES.get(a.tier, a.tier),
            computed_tier=TIER_NAMES.get(a.computed_tier, a.computed_tier),
            declared_tier=TIER_NAMES.get(a.declared_tier or "", "not declared"),
            score=a.score,
            facts={k: v for k, v in a.facts.items() if isinstance(v, (bool, str, int)) or v is None},
        ),
        "findings": findings,
        "open_findings": open_findings,
        "coming_up": [f for f in findings if f.status == "coming_up"],
        "waived": [f for f in findings if f.status == "waived"],
        "summary": summary,
        "gate_sections": [view(s) for s in gate_sections],
        "cross_cutting_sections": [view(s) for s in cross_cutting],
        "documents_of": documents_of,
        "document_asked": lambda doc_type: document_asked(job, str(doc_type)),
        "document_rules": lambda doc_type: document_rules(job, str(doc_type)),
        "foi": job.foi,
        "foi_questions": _foi_questions(),
        "gap": draft.gap,
        "not_in_dossier": draft.not_in_dossier,
        "gaps_summary": draft.gaps_summary,
    }


def _asks_document(tree: Node, doc_type: str) -> bool:
    """A check asks for a document of this type (not one it asks to be absent)."""
    return any(n.op == "document" and n.params["type"] == doc_type for n, _ in walk(tree, negated=False))


def document_rules(job: CheckedDossier, doc_type: str) -> tuple[str, ...]:
    """The rules that ask this dossier for a document of this type by its current stage, those that fired
    first. Empty when none does: the APP is proportionate, and a minimal-impact tool is not asked for every
    assessment."""
    stage_index = max(job.result.assessment.stage_index, 1)
    asking: list[str] = []
    for rule in job.index.applicable:
        if rule.spec.builtin == "documents_present":
            if doc_type != "dpia" and any(
                doc_type in s.documents and STAGE_ORDER[s.due] <= stage_index for s in job.pack.sections.values()
            ):
                asking.append(rule.id)
        elif rule.check_tree is not None and _asks_document(rule.check_tree, doc_type):
            asking.append(rule.id)
    fired = {f.rule_id for f in job.result.findings}
    return tuple(sorted(dict.fromkeys(asking), key=lambda r: (r not in fired, asking.index(r))))


def document_asked(job: CheckedDossier, doc_type: str) -> bool:
    return bool(document_rules(job, doc_type))


def _foi_questions() -> tuple[Any, ...]:
    from ddtapp.force.foi import QUESTIONS

    return QUESTIONS


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    text: str
    gaps: tuple[Gap, ...]


def render_document(env: jinja2.Environment, source: TemplateSource, job: CheckedDossier) -> RenderedDocument:
    """Render one document. Template problems raise InputError naming the template file and line."""
    draft = Draft(job.index)
    try:
        template = env.get_template(source.path.name)
        body = render_limited(env, template, template_context(job, draft))
    except TEMPLATE_FAILURES as exc:
        raise template_error(exc, source.path, TEMPLATE_SUFFIX) from None
    text, gaps = _finish(body, draft)
    return RenderedDocument(source.name, text, gaps)


def _finish(body: str, draft: Draft) -> tuple[str, tuple[Gap, ...]]:
    """Tidy the Markdown, place the gaps summary, and find the heading each gap first appears under."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    text = re.sub(r"(?<=[^\n])\n(?=#{1,6} )", "\n\n", text)  # a heading always has a blank line above
    omitted = GAPS_OMITTED in text
    text = text.replace(GAPS_OMITTED, "")
    if GAPS_SENTINEL not in text and not omitted:  # reader first: the list of gaps is an annex at the end
        text = text + "\n" + GAPS_SENTINEL + "\n"
    lowered = text.lower()
    seen: dict[str, int] = {}

    def position(g: Gap) -> int:
        start = seen.get(g.marker, 0)
        pos = text.find(g.marker, start)
        if pos < 0 and g.plain:  # printed through a string filter (e.g. | upper): escaped, perhaps recased
            pos = lowered.find(inline(g.plain).lower(), start)
        if pos >= 0:
            seen[g.marker] = pos + 1
        return pos

    headings = [(m.start(), m.group(1)) for m in re.finditer(r"^#{1,6} (.*)$", text, flags=re.M)]
    placed = []
    for g in draft.gaps:
        pos = position(g)
        section = ""
        for start, title in headings:
            if start <= pos:
                section = title
        placed.append((pos, dataclasses.replace(g, section=section)))
    gaps = [g for _, g in sorted(placed, key=lambda pg: pg[0])]
    summary = _gaps_summary(gaps)
    text = text.replace(GAPS_SENTINEL, summary, 1).replace(GAPS_SENTINEL, "")
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return text, tuple(gaps)


def _gaps_summary(gaps: list[Gap]) -> str:
    out = [f"## {GAPS_HEADING}", ""]
    if not gaps:
        out.append("None: the dossier records everything this draft uses.")
        return "\n".join(out)
    n = len(gaps)
    out.append(
        f"This draft has {plural(n, 'gap')}: {'places' if n != 1 else 'a place'} where the "
        "dossier does not record what the document needs. Each is marked **GAP** where it falls. Record "
        "the missing facts in the dossier field named here and render again, or complete the document by hand."
    )
    out += [
        "",
        "| # | Where in this draft | What to record | Dossier field | Asked for by |",
        "| --- | --- | --- | --- | --- |",
    ]
    for i, g in enumerate(gaps, 1):
        where = g.section or "(top)"
        path = code(g.path) if g.path else "not in the dossier format"
        rules = ", ".join(g.rules) if g.rules else ("complete by hand" if not g.path else "no rule")
        out.append(f"| {i} | {where} | {inline(g.what)} | {path} | {rules} |")
    return "\n".join(out)
