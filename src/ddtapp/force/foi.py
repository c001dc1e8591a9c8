"""Answers to the FOI request on digital decision tools, drawn from project dossiers.

The request (``docs/foi.md``) asks 13 numbered questions of up to ten tools, and the names and policy
purposes of any others. This module holds the per-tool logic and the request's selection rule; the
command ``ddtapp foi`` (``commands/foi.py``) renders a whole response, and a template may render one
tool's answers.

Public API
----------
``QUESTIONS``
    The 13 :class:`Question` s: ``number``, ``title`` (short), ``text`` (the request's words) and
    ``applies_to`` (``"all"``, ``"operational"`` for questions 9-11, ``"development_or_pilot"`` for 12-13).
``answer_tool(result, pack=None) -> ToolAnswers``
    The 13 answers for one checked dossier (an :class:`ddtapp.checker.engine.Result`). Pass the rule pack the
    dossier was checked with, so that a gap can name the rule that asks for the missing field; without
    it the built-in pack is used.
``select_tools(tools) -> Selection``
    The request's selection rule over a force's tools: which (at most ten) get detailed answers, in
    which order, and which are only listed by name and policy purpose.

Every value is plain text (``str``, tuples of ``str``) or a date, never pre-escaped Markdown or HTML:
the renderer escapes. Nothing is invented: a fact the dossier does not record is shown as
:data:`NOT_RECORDED` in the answer and listed as a :class:`Gap` naming the dossier field (and the rule
that asks for it, when one does).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ddtapp.checker.engine import Result
from ddtapp.dossier.models import Dates, Ending, Tool
from ddtapp.errors import Problem
from ddtapp.force.register import (
    DOCUMENT_TYPE_NAMES,
    SOURCE_NAMES,
    STATUS_NAMES,
    documents_of,
    dossier_of,
    format_date,
    md,
    md_table,
    one_line,
    text_or_none,
)
from ddtapp.pack.checks import referenced_paths
from ddtapp.pack.rulepack import RulePack

__all__ = [
    "DETAIL_LIMIT",
    "NOT_RECORDED",
    "QUESTIONS",
    "Answer",
    "Gap",
    "Question",
    "Selected",
    "Selection",
    "Table",
    "ToolAnswers",
    "answer_tool",
    "documents_of",
    "foi_category",
    "format_date",
    "render_response",
    "select_tools",
]

#: Shown in an answer where the dossier does not record a fact; the matching :class:`Gap` says which field.
NOT_RECORDED = "not recorded"
#: The request's limit on tools given detailed answers.
DETAIL_LIMIT = 10

AppliesTo = Literal["all", "operational", "development_or_pilot"]


# ---------------------------------------------------------------- the questions


@dataclass(frozen=True)
class Question:
    """One numbered question of the request."""

    number: int
    #: A short title for headings, e.g. "Data inputs".
    title: str
    #: The request's own words.
    text: str
    #: Which tools it is asked of: every tool, tools currently or formerly in operational use (9-11), or tools
    #: in development or pilot, or formerly so but never deployed (12-13).
    applies_to: AppliesTo


QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "Name",
        "Supply the name(s) of each tool, including any tool(s) which are no longer used (or were "
        "developed and/or piloted but never deployed).",
        "all",
    ),
    Question(
        2,
        "Stage of maturity",
        "Please specify the stage of maturity of each tool in terms of the following "
        "three possibilities (i) currently in operational use or formerly deployed for operational use (ii) currently "
        "under development or was developed in the past but never deployed (iii) currently being piloted or was "
        "piloted in the past, but never deployed.",
        "all",
    ),
    Question(
        3,
        "Reasons and policy purpose",
        "Explain the reason(s) why your organisation decided to develop and/or "
        "deploy each tool, including the intended policy purpose(s) of the tool.",
        "all",
    ),
    Question(
        4,
        "Data inputs",
        "Identify the data sources used as 'inputs' to the tool and indicate whether this data "
        "has been collected from internal police data sources, external public-sector data sources, or external "
        "data sources made available by private-sector organisations. Please further indicate whether the tool is "
        "updated with new data on a manual basis, by a human user responsible for inputting data (including how "
        "frequently this usually occurs), or if it is updated on a real-time basis using an automated live data "
        "feed.",
        "all",
    ),
    Question(
        5,
        "Outputs and what they signify",
        "Identify the output(s) that each tool produces/produced in order to "
        "serve its intended policy purpose, and what these outputs are taken to indicate or signify.",
        "all",
    ),
    Question(
        6,
        "Decisions supported or triggered",
        "Indicate the kind(s) of decision(s) each tool supports/supported "
        "or triggers/triggered and about whom or what.",
        "all",
    ),
    Question(7, "Intended users", "Identify the intended user(s) of each tool.", "all"),
    Question(
        8,
        "Additional documents",
        "List and provide electronic copies of any additional documents or "
        "information relating to each tool, including training materials, briefing papers, reports, performance "
        "evaluations and technical documents; impact assessments and risk assessments; and legal documents on "
        "the legal authorisation or legal basis for using each tool.",
        "all",
    ),
    Question(
        9,
        "Training",
        "Please indicate whether in relation to each tool, users receive any training about "
        "tool-use, indicating what that training consists (or consisted) of, who provides this training "
        "(including whether this is in-house or external), and who receives training.",
        "operational",
    ),
    Question(
        10,
        "Period of operational use",
        "Indicate the time-period during which each tool was, or had been, in "
        "operational use, identifying the date(s) when each tool was first deployed (and when its use was ended, "
        "if applicable).",
        "operational",
    ),
    Question(
        11,
        "Decision to stop operational use",
        "If your organisation later decided to stop the tool's "
        "operational use, can you please further explain your reason(s) for doing so, and indicate when that "
        "decision was made?",
        "operational",
    ),
    Question(
        12,
        "Period of development or piloting",
        "Indicate the time period during which development or piloting "
        "for each tool took place/has been taking place, including when development or the pilot began, the "
        "expected/planned launch date for tools still under development, and whether the launch will be on a "
        "pilot basis or for operational use.",
        "development_or_pilot",
    ),
    Question(
        13,
        "Decision to abandon or not deploy",
        "If your organisation later decided to abandon the development "
        "of a tool or decided not to deploy that tool for operational use following a pilot period, can you "
        "please further explain your reason(s) for doing so, and indicate when that decision was made.",
        "development_or_pilot",
    ),
)

#: Why a question is not asked of a tool, by ``applies_to``.
_NOT_ASKED = {
    "operational": "Asked only of tools currently or formerly in operational use; this tool has not been deployed "
    "for operational use.",
    "development_or_pilot": "Asked only of tools in development or pilot, or formerly so but never deployed; this "
    "tool has been deployed for operational use.",
}


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class Gap:
    """A fact the question needs that the dossier does not record."""

    #: The dossier field, e.g. ``tool.dates.deployment`` or ``tool.data_inputs[1].source``.
    path: str
    #: What is missing, in plain words.
    what: str
    #: The rule that asks for the field and fires on this dossier, or None when no rule asks for it.
    rule: str | None
    #: Where to add it: the line and column of the field, or of its nearest recorded parent (1-based).
    line: int
    column: int


@dataclass(frozen=True)
class Table:
    """Rows of plain-text cells (a missing cell holds :data:`NOT_RECORDED`)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Answer:
    """One question's answer for one tool."""

    number: int
    title: str
    #: Whether the request asks this question of this tool.
    applies: bool
    #: When ``applies`` is false: why not, in plain words.
    why_not: str | None
    #: The answer: plain-text sentences or list items, in order (empty when the question does not apply).
    text: tuple[str, ...]
    #: For questions 4, 5, 6 and 8, the items as a table (data sources, outputs, decisions, documents).
    table: Table | None
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class ToolAnswers:
    """One tool's answers, and the facts the selection rule ranks it by."""

    file: str
    #: The tool's name; the file's stem when the dossier records none (question 1 then has a gap).
    name: str
    reference: str | None
    maturity: str | None
    #: The policy purpose, for the list of tools not given detailed answers.
    purpose: str | None
    #: Currently or formerly in operational use (maturity operational or retired).
    deployed: bool
    #: When first deployed for operational use (``tool.dates.deployment``).
    deployment: dt.date | None
    #: The most recent of ``tool.dates.development_start`` and ``tool.dates.pilot_start``.
    development_or_pilot_start: dt.date | None
    answers: tuple[Answer, ...]

    def answer(self, number: int) -> Answer:
        return self.answers[number - 1]

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Every gap, question by question (a field missing for two questions is listed twice)."""
        return tuple(g for a in self.answers for g in a.gaps)

    @property
    def sort_key(self) -> tuple[str, str, int, str, str]:
        """The tie-break: name (case-insensitive, then exact), then reference (none first), then file."""
        return (self.name.casefold(), self.name, 0 if self.reference is None else 1, self.reference or "", self.file)


@functools.lru_cache(maxsize=1)
def _default_pack() -> RulePack:
    from ddtapp.pack.rulepack import load_pack

    return load_pack()


_ASKING: dict[int, tuple[RulePack, frozenset[str], dict[str, tuple[str, ...]]]] = {}


def _rules_asking(pack: RulePack) -> dict[str, tuple[str, ...]]:
    """Each ``tool.*`` field a rule's check asks for, with those rules' ids (worked out once per pack)."""
    cached = _ASKING.get(id(pack))
    if cached is not None and cached[0] is pack and cached[1] == frozenset(pack.disabled):
        return cached[2]
    index: dict[str, set[str]] = {}
    for rule in pack.rules:
        if rule.check_tree is None or rule.id in pack.disabled:
            continue
        for path in referenced_paths(rule.check_tree):
            if path.startswith(("tool.", "$.tool.")):
                index.setdefault(path.removeprefix("$."), set()).add(rule.id)
    out = {path: tuple(sorted(ids)) for path, ids in index.items()}
    _ASKING[id(pack)] = (pack, frozenset(pack.disabled), out)  # holding the pack keeps its id from being reused
    return out


class _Gaps:
    """Collects one answer's gaps, naming the rule that asks for each field where one fires on this dossier."""

    def __init__(self, result: Result, asking: dict[str, tuple[str, ...]]):
        self.result = result
        self.asking = asking
        self.fired = {f.rule_id for f in result.findings}
        self.items: list[Gap] = []
        # the first rule id (in sort order) at each path: one pass, not one over every finding per gap
        # (20,000 documents made 20,000 gaps against 20,000 findings: 110 s)
        self.at_path: dict[str, str] = {}
        for f in result.findings:
            if f.path not in self.at_path or f.rule_id < self.at_path[f.path]:
                self.at_path[f.path] = f.rule_id

    def rule_for(self, path: str) -> str | None:
        if path in self.at_path:
            return self.at_path[path]
        for rule_id in self.asking.get(path, ()):
            if rule_id in self.fired:
                return rule_id
        return None

    def add(self, path: str, what: str, rule: str | None = None) -> str:
        line, col = self.result.loaded.locate(path)
        self.items.append(Gap(path, what, rule or self.rule_for(path), line, col))
        return NOT_RECORDED

    def value(self, text: str | None, path: str, what: str) -> str:
        """The recorded text on one line, or NOT_RECORDED with a gap for ``path``."""
        return one_line(text) if text is not None and text.strip() else self.add(path, what)

    def date(self, day: dt.date | None, path: str, what: str) -> str:
        """The date as a letter writes it, or NOT_RECORDED with a gap for ``path``."""
        return format_date(day) if day is not None else self.add(path, what)

    def take(self) -> tuple[Gap, ...]:
        out, self.items = tuple(self.items), []
        return out


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def foi_category(tool: Tool) -> str:
    """Question 2's answer: which of the request's three possibilities the tool is."""
    dates = tool.dates
    piloted = dates is not None and (dates.pilot_start is not None or dates.pilot_end is not None)
    return (
        {
            "operational": "(i) currently in operational use",
            "retired": "(i) formerly deployed for operational use, no longer in use",
            "in_development": "(ii) currently under development",
            "pilot": "(iii) currently being piloted",
            "abandoned": (
                "(iii) piloted in the past, but never deployed"
                if piloted
                else "(ii) developed in the past, but never deployed"
            ),
        }[tool.maturity]
        if tool.maturity
        else NOT_RECORDED
    )


def answer_tool(result: Result, pack: RulePack | None = None) -> ToolAnswers:
    """The request's 13 answers for one checked dossier.

    ``pack``: the rule pack the dossier was checked with (default: the built-in pack), used to name the rule
    that asks for a missing field. Questions 9-11 apply only to tools currently or formerly in operational use
    (maturity ``operational`` or ``retired``); 12-13 only to the others (in development, pilot, abandoned).
    When the maturity is not recorded, neither group can be asked, and question 2 shows the gap.
    """
    dossier = dossier_of(result)
    tool = dossier.tool or Tool()
    gaps = _Gaps(result, _rules_asking(pack if pack is not None else _default_pack()))
    dates = tool.dates
    deployed = tool.maturity in ("operational", "retired")
    answers: list[Answer] = []

    def done(number: int, text: Iterable[str], table: Table | None = None) -> None:
        q = QUESTIONS[number - 1]
        answers.append(Answer(number, q.title, True, None, tuple(text), table, gaps.take()))

    def skipped(number: int, why: str) -> None:
        q = QUESTIONS[number - 1]
        answers.append(Answer(number, q.title, False, why, (), None, ()))

    # 1. Name
    done(1, [gaps.value(tool.name, "tool.name", "the tool's name")])

    # 2. Stage of maturity
    if tool.maturity is None:
        done(
            2,
            [
                gaps.add(
                    "tool.maturity", "the tool's maturity (in development, pilot, operational, retired or abandoned)"
                )
            ],
        )
    else:
        done(2, [foi_category(tool)])

    # 3. Reasons and policy purpose
    reason = gaps.value(
        tool.problem,
        "tool.problem",
        "the problem or opportunity the tool addresses (the reason for developing or deploying it)",
    )
    purpose = gaps.value(tool.purpose, "tool.purpose", "the tool's intended policy purpose")
    done(3, [f"Reason: {reason}", f"Policy purpose: {purpose}"])

    # 4. Data inputs
    rows: list[tuple[str, ...]] = []
    if not tool.data_inputs:
        gaps.add("tool.data_inputs", "the data sources used as inputs")
    for i, item in enumerate(tool.data_inputs):
        base = f"tool.data_inputs[{i}]"
        name = gaps.value(item.name, f"{base}.name", "the data source's name")
        source = (
            SOURCE_NAMES[item.source]
            if item.source
            else gaps.add(
                f"{base}.source",
                "whether the data is internal police, external public-sector or external private-sector data",
            )
        )
        if item.update == "live_feed":
            update = "real time, by an automated live data feed"
        elif item.update == "manual":
            freq = gaps.value(item.frequency, f"{base}.frequency", "how often the data is entered or uploaded by hand")
            update = f"manually, by a person ({freq})"
        else:
            update = gaps.add(f"{base}.update", "whether the data is updated by hand or by an automated live feed")
        rows.append((name, source, update))
    lead = (
        f"{len(rows)} data source{'s' if len(rows) != 1 else ''}."
        if rows
        else "The data sources are " + NOT_RECORDED + "."
    )
    done(
        4,
        [lead],
        Table(("Data source", "Where the data comes from", "How it is updated"), tuple(rows)) if rows else None,
    )

    def listed(
        number: int,
        items: list[Any],
        base: str,
        missing: str,
        noun: str,
        one: str,
        many: str,
        columns: tuple[tuple[str, str, str], ...],
    ) -> None:
        """A question answered by a list in the dossier: one table row per item, a gap per missing cell."""
        if not items:
            gaps.add(base, missing)
        rows = [
            tuple(gaps.value(getattr(item, attr), f"{base}[{i}].{attr}", missing) for attr, _, missing in columns)
            for i, item in enumerate(items)
        ]
        lead = f"{len(rows)} {one if len(rows) == 1 else many}." if rows else f"The {noun} are {NOT_RECORDED}."
        done(number, [lead], Table(tuple(header for _, header, _ in columns), tuple(rows)) if rows else None)

    # 5. Outputs
    listed(
        5,
        tool.outputs,
        "tool.outputs",
        "the outputs the tool produces",
        "outputs",
        "output",
        "outputs",
        (
            ("name", "Output", "what the output is"),
            ("signifies", "What it is taken to indicate or signify", "what the output is taken to indicate or signify"),
        ),
    )
    # 6. Decisions
    listed(
        6,
        tool.decisions,
        "tool.decisions",
        "the decisions the tool supports or triggers",
        "decisions supported",
        "decision",
        "decisions",
        (
            ("decision", "Decision supported or triggered", "the decision supported or triggered"),
            ("about", "About whom or what", "about whom or what the decision is made"),
        ),
    )

    # 7. Users
    users = [one_line(u) for u in tool.users if not _blank(u)]
    if not users:
        users = [gaps.add("tool.users", "the tool's intended users")]
    done(7, users)

    # 8. Documents (those held: a document not yet started is not listed)
    rows = []
    for path, doc in documents_of(dossier):
        if doc.status == "not_started":
            continue
        # One gap per document, naming every field it lacks (a document's fields are filled in together).
        missing = [
            key
            for key, absent in (
                ("type", doc.type is None),
                ("title", _blank(doc.title)),
                ("status", doc.status is None),
                ("location", _blank(doc.location)),
            )
            if absent
        ]
        if missing:
            words = {
                "type": "type",
                "title": "title",
                "status": "status",
                "location": "location (where it is kept, to provide a copy)",
            }
            named = [words[k] for k in missing]
            what = "the document's " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0])
            gaps.add(f"{path}.{missing[0]}" if len(missing) == 1 else path, what)
        rows.append(
            (
                DOCUMENT_TYPE_NAMES.get(doc.type, doc.type) if doc.type else NOT_RECORDED,
                text_or_none(doc.title) or NOT_RECORDED,
                STATUS_NAMES[doc.status] if doc.status else NOT_RECORDED,
                text_or_none(doc.location) or NOT_RECORDED,
            )
        )
    if rows:
        done(
            8,
            [f"{len(rows)} document{'s' if len(rows) != 1 else ''}."],
            Table(("Type", "Title", "Status", "Location"), tuple(rows)),
        )
    else:
        doc_rules = sorted({f.rule_id for f in result.findings if f.path.endswith((".documents", ".document"))})
        gaps.add(
            "*.documents",
            "any document about the tool (each section's documents list)",
            doc_rules[0] if doc_rules else None,
        )
        done(8, ["No document is recorded in the dossier."])

    # 9-11: operational use only; 12-13: development or pilot, never deployed
    if tool.maturity is None:
        why = "The tool's maturity is not recorded (tool.maturity), so it cannot be said whether this question applies."
        for n in range(9, 14):
            skipped(n, why)
    elif deployed:
        _training(tool, gaps, done)
        _operational_period(tool, gaps, done)
        _stop(tool, gaps, done)
        skipped(12, _NOT_ASKED["development_or_pilot"])
        skipped(13, _NOT_ASKED["development_or_pilot"])
    else:
        for n in (9, 10, 11):
            skipped(n, _NOT_ASKED["operational"])
        _development_period(tool, gaps, done)
        _abandon(tool, gaps, done)

    starts = [d for d in (dates.development_start, dates.pilot_start) if d is not None] if dates else []
    return ToolAnswers(
        file=result.file,
        name=text_or_none(tool.name) or result.tool_name,
        reference=text_or_none(tool.reference),
        maturity=tool.maturity,
        purpose=text_or_none(tool.purpose),
        deployed=deployed,
        deployment=dates.deployment if dates else None,
        development_or_pilot_start=max(starts) if starts else None,
        answers=tuple(answers),
    )


Done = Callable[..., None]


def _training(tool: Tool, gaps: _Gaps, done: Done) -> None:
    t = tool.training
    if t is None or t.provided is None:
        done(9, [gaps.add("tool.training.provided", "whether users are trained in using the tool")])
        return
    if t.provided is False:
        done(9, ["Users do not receive training about using the tool."])
        return
    content = gaps.value(t.content, "tool.training.content", "what the training consists of")
    provider = gaps.value(t.provider, "tool.training.provider", "who provides the training")
    kind = {"in_house": "in-house", "external": "external"}.get(t.provider_type or "") or gaps.add(
        "tool.training.provider_type", "whether the training is provided in-house or externally"
    )
    recipients = gaps.value(t.recipients, "tool.training.recipients", "who receives the training")
    text = [
        "Users receive training about using the tool.",
        f"What it consists of: {content}",
        f"Who provides it: {provider} ({kind})",
        f"Who receives it: {recipients}",
    ]
    if t.materials:
        text.append(f"Training materials: {len(t.materials)} (listed under question 8).")
    done(9, text)


def _operational_period(tool: Tool, gaps: _Gaps, done: Done) -> None:
    d = tool.dates
    first = gaps.date(
        d.deployment if d else None, "tool.dates.deployment", "when the tool was first deployed for operational use"
    )
    text = [f"First deployed for operational use: {first}"]
    if tool.maturity == "retired":
        text.append(
            "Operational use ended: " + gaps.date(d.end if d else None, "tool.dates.end", "when operational use ended")
        )
    else:
        text.append("Still in operational use.")
    done(10, text)


def _no_decision(ending: Ending | None) -> bool:
    return ending is None or (ending.decided_on is None and _blank(ending.reasons))


def _stop(tool: Tool, gaps: _Gaps, done: Done) -> None:
    ending = tool.ending
    if tool.maturity != "retired" and _no_decision(ending):
        done(11, ["No decision to stop the tool's operational use is recorded; it is still in operational use."])
        return
    reasons = gaps.value(
        ending.reasons if ending else None, "tool.ending.reasons", "the reasons for stopping the tool's operational use"
    )
    when = gaps.date(
        ending.decided_on if ending else None, "tool.ending.decided_on", "when the decision to stop was made"
    )
    done(11, [f"Reasons: {reasons}", f"Decision made: {when}"])


def _development_period(tool: Tool, gaps: _Gaps, done: Done) -> None:
    d = tool.dates or Dates()
    text = []
    # When development or the pilot began: a tool in development needs the first, a pilot the second, an
    # abandoned tool either.
    if d.development_start or tool.maturity == "in_development" or (tool.maturity == "abandoned" and not d.pilot_start):
        text.append(
            "Development began: "
            + gaps.date(d.development_start, "tool.dates.development_start", "when development began")
        )
    if d.pilot_start or tool.maturity == "pilot":
        text.append("Pilot began: " + gaps.date(d.pilot_start, "tool.dates.pilot_start", "when the pilot began"))
    if d.pilot_end:
        text.append(f"Pilot ended: {format_date(d.pilot_end)}")
    if tool.maturity == "abandoned":
        text.append(
            "Development or pilot ended: " + gaps.date(d.end, "tool.dates.end", "when development or the pilot ended")
        )
    elif tool.maturity == "in_development":
        text.append(
            "Expected launch date: "
            + gaps.date(d.planned_launch, "tool.dates.planned_launch", "the expected launch date")
        )
        basis = {"pilot": "on a pilot basis", "operational": "for operational use"}.get(d.planned_launch_type or "")
        text.append(
            "Launch basis: "
            + (
                basis
                or gaps.add(
                    "tool.dates.planned_launch_type", "whether the launch will be a pilot or for operational use"
                )
            )
        )
    elif d.planned_launch:  # a pilot with a planned launch: reported when recorded, not asked
        basis = {"pilot": " (a further pilot)", "operational": " (for operational use)"}.get(
            d.planned_launch_type or "", ""
        )
        text.append(f"Expected launch date: {format_date(d.planned_launch)}{basis}")
    done(12, text)


def _abandon(tool: Tool, gaps: _Gaps, done: Done) -> None:
    ending = tool.ending
    if tool.maturity != "abandoned" and _no_decision(ending):
        continuing = "development" if tool.maturity == "in_development" else "the pilot"
        done(
            13,
            [f"No decision to abandon development or not to deploy the tool is recorded; {continuing} is continuing."],
        )
        return
    reasons = gaps.value(
        ending.reasons if ending else None,
        "tool.ending.reasons",
        "the reasons for abandoning the tool or not deploying it",
    )
    when = gaps.date(ending.decided_on if ending else None, "tool.ending.decided_on", "when the decision was made")
    done(13, [f"Reasons: {reasons}", f"Decision made: {when}"])


# ---------------------------------------------------------------- the selection rule


@dataclass(frozen=True)
class Selected:
    """A tool given detailed answers, with why it ranks where it does."""

    tool: ToolAnswers
    #: Plain words: "deployed 1 March 2023", or why it is ranked last in its group.
    basis: str


@dataclass(frozen=True)
class Selection:
    """The request's selection rule applied to a force's tools."""

    #: ``"all"`` (ten or fewer tools in total), ``"most_recently_deployed"`` (more than ten deployed), or
    #: ``"deployed_then_development_or_pilot"`` (ten or fewer deployed, topped up with the most recent others).
    rule: str
    #: The rule as applied, in plain words, for the cover note.
    explanation: str
    #: Tools given detailed answers: deployed ones first, most recently deployed first, then the others, most
    #: recently put into development or piloted first.
    detailed: tuple[Selected, ...]
    #: Every other tool, to list by name and policy purpose, by name.
    listed: tuple[ToolAnswers, ...]
    total: int
    deployed: int


def _rank_deployed(tool: ToolAnswers) -> tuple:
    # Most recent first; a tool with no deployment date last among deployed tools. Ties: name, reference, file.
    day = tool.deployment
    return (day is None, -(day.toordinal()) if day else 0, tool.sort_key)


def _rank_other(tool: ToolAnswers) -> tuple:
    day = tool.development_or_pilot_start
    return (day is None, -(day.toordinal()) if day else 0, tool.sort_key)


def _basis_deployed(tool: ToolAnswers) -> str:
    if tool.deployment is None:
        return (
            "deployed for operational use, but the deployment date is not recorded (tool.dates.deployment), "
            "so it is ranked after every dated deployed tool"
        )
    return f"deployed {format_date(tool.deployment)}"


def _basis_other(tool: ToolAnswers) -> str:
    if tool.development_or_pilot_start is None:
        return (
            "neither a development nor a pilot start date is recorded (tool.dates.development_start, "
            "tool.dates.pilot_start), so it is ranked after every dated tool in development or pilot"
        )
    return f"put into development or piloted {format_date(tool.development_or_pilot_start)}"


def _number(n: int) -> str:
    return {10: "ten"}.get(n, str(n))


def select_tools(tools: Sequence[ToolAnswers], limit: int = DETAIL_LIMIT) -> Selection:
    """Apply the request's selection rule.

    * Ten or fewer tools in total: every tool gets detailed answers.
    * More than ten deployed for operational use (currently or formerly: ``operational`` or ``retired``): the
      ten most recently deployed, by ``tool.dates.deployment``.
    * Otherwise every deployed tool, topped up to ten with the others (in development, pilot, abandoned, or of
      unrecorded maturity) most recently put into development or piloted: the later of
      ``tool.dates.development_start`` and ``tool.dates.pilot_start``.

    Ties on a date are broken by name (case-insensitively), then reference, then file. A tool without the date
    its group is ranked by comes after every dated tool of that group; no date is ever assumed. The tools not
    selected are listed by name. The result does not depend on the order of ``tools``.
    """
    deployed = sorted((t for t in tools if t.deployed), key=_rank_deployed)
    others = sorted((t for t in tools if not t.deployed), key=_rank_other)
    total = len(tools)
    if total <= limit:
        rule = "all"
        explanation = f"As there are {_number(limit)} or fewer tools in total, every tool is given detailed answers."
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed] + [Selected(t, _basis_other(t)) for t in others]
    elif len(deployed) > limit:
        rule = "most_recently_deployed"
        explanation = (
            f"More than {_number(limit)} tools ({len(deployed)}) have been deployed for operational use, so "
            f"detailed answers are given for the {_number(limit)} most recently deployed (including any "
            "no longer in use); every other tool is listed by name and policy purpose."
        )
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed[:limit]]
    else:
        rule = "deployed_then_development_or_pilot"
        room = limit - len(deployed)
        explanation = (
            f"{len(deployed)} tool{'s have' if len(deployed) != 1 else ' has'} been deployed for "
            f"operational use ({_number(limit)} or fewer), so detailed answers are given for "
            f"{'all of them' if deployed else 'none on that ground'} and for the {room} tool"
            f"{'s' if room != 1 else ''} most recently put into development or piloted (including any "
            "never deployed); every other tool is listed by name and policy purpose."
        )
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed] + [
            Selected(t, _basis_other(t)) for t in others[:room]
        ]
    picked = {id(s.tool) for s in chosen}
    listed = sorted((t for t in tools if id(t) not in picked), key=lambda t: t.sort_key)
    return Selection(rule, explanation, tuple(chosen), tuple(listed), total, len(deployed))


# ---------------------------------------------------------------- the whole response


_COUNT_ORDER = (
    ("operational", "currently in operational use"),
    ("retired", "formerly in operational use"),
    ("pilot", "being piloted"),
    ("in_development", "in development"),
    ("abandoned", "abandoned before deployment"),
    (None, "of unrecorded maturity"),
)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _gap_line(tool: ToolAnswers, gap: Gap, number: int | None) -> str:
    """One gap as a Markdown list item's text: the dossier path is a code span (paths are ddtapp's own,
    made of field names and indices); everything else is escaped."""
    where = md(f"{tool.file}:{gap.line}:{gap.column}")
    asked = f"; asked by rule {md(gap.rule)}" if gap.rule else "; no rule asks for it"
    lead = f"Question {number}: " if number else ""
    return f"{lead}{md(gap.what)}: record `{gap.path}` ({where}{asked})."


def render_response(
    tools: Sequence[ToolAnswers],
    today: dt.date,
    problems: Sequence[Problem] = (),
    scope: Sequence[str] = (),
    out_of_scope: int = 0,
) -> str:
    """The draft response, in Markdown, for an FOI officer to edit: a cover note (the selection rule applied,
    the counts, the date), detailed answers for the selected tools, then every other tool by name and policy
    purpose. Notes meant only for the officer (gaps, unreadable dossiers) are marked to be deleted before
    sending. ``scope``: the request's scope in plain words when it covers only some tools."""
    selection = select_tools(tools)
    lines = ["# Freedom of Information request: digital decision tools", ""]
    lines += [
        md(
            f"Draft response prepared on {format_date(today)} from the force's project dossiers for its "
            f"data-driven technologies. Every answer below is drawn from a dossier; where a dossier does not "
            f'record a fact, the answer says "{NOT_RECORDED}".'
        ),
        "",
    ]
    counts = {key: sum(1 for t in tools if t.maturity == key) for key, _ in _COUNT_ORDER}
    described = ", ".join(f"{n} {label}" for (key, label) in _COUNT_ORDER if (n := counts[key]))
    lines += ["## The tools covered and how they were selected", ""]
    total = f"The force has {_plural(len(tools), 'tool')}" + (f": {described}." if described else ".")
    if scope:
        total = (
            f"Within the scope of this request ({'; '.join(scope)}), the force has "
            f"{_plural(len(tools), 'tool')}" + (f": {described}." if described else ".")
        )
    lines += [md(total), "", md(selection.explanation), ""]
    if selection.detailed:
        lines += [md("Detailed answers are given for these tools, in this order:"), ""]
        lines += [f"{i}. {md(s.tool.name)}: {md(s.basis)}." for i, s in enumerate(selection.detailed, 1)]
        lines.append("")
    lines += [
        md(
            "Tools deployed on the same date, or put into development or piloted on the same date, are "
            "ordered by name, then by reference. A date that is not recorded is never assumed."
        ),
        "",
    ]
    gaps_total = sum(len(s.tool.gaps) for s in selection.detailed) + sum(
        1 for t in selection.listed if t.purpose is None
    )
    notes = [
        f"{_plural(gaps_total, 'fact')} the request asks for {'is' if gaps_total == 1 else 'are'} not recorded "
        "in the dossiers; each is listed under its tool with the dossier field to fill in."
    ]
    if scope:
        notes.append(
            f"{_plural(out_of_scope, 'other tool')} in the dossiers {'is' if out_of_scope == 1 else 'are'} "
            "outside the scope given and not mentioned in this response."
        )
    broken = sorted({p.file for p in problems})
    if broken:
        whose = "its tool is" if len(broken) == 1 else "their tools are"
        notes.append(
            f"{_plural(len(broken), 'dossier')} could not be read, so {whose} missing from this response: "
            + ", ".join(broken)
            + ". Fix them and run ddtapp foi again."
        )
    lines += ["> **Note for the FOI officer (delete before sending).** " + md(" ".join(notes)), ""]
    for i, chosen in enumerate(selection.detailed, 1):
        tool = chosen.tool
        lines += [f"## Tool {i}: {md(tool.name)}" + (f" ({md(tool.reference)})" if tool.reference else ""), ""]
        for answer in tool.answers:
            lines += [f"### {answer.number}. {md(answer.title)}", ""]
            if not answer.applies:
                lines += [md(f"Not asked of this tool. {answer.why_not}"), ""]
                continue
            if len(answer.text) == 1 or answer.table is not None:
                lines += [md(t) for t in answer.text]
            else:
                lines += [f"- {md(t)}" for t in answer.text]
            lines.append("")
            if answer.table is not None:
                lines += [*md_table(answer.table.columns, answer.table.rows), ""]
        if tool.gaps:
            lines += ["#### Not recorded (note for the FOI officer; delete before sending)", ""]
            lines += [f"- {_gap_line(tool, g, a.number)}" for a in tool.answers for g in a.gaps]
            lines.append("")
    if selection.listed:
        lines += ["## Other tools: name and policy purpose", ""]
        lines += [
            *md_table(
                ("Tool", "Reference", "Policy purpose"),
                [(t.name, t.reference or "", t.purpose or NOT_RECORDED) for t in selection.listed],
            ),
            "",
        ]
        missing = [(t, g) for t in selection.listed for g in t.answer(3).gaps if g.path == "tool.purpose"]
        if missing:
            lines += ["#### Not recorded (note for the FOI officer; delete before sending)", ""]
            lines += [f"- {md(t.name)}: {_gap_line(t, g, None)}" for t, g in missing]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
