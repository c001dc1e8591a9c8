"""One tool's answers to the FOI request's 13 questions, from its checked dossier: one function per question."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from ddtapp.checker.engine import Result
from ddtapp.documents.gaps import Gap
from ddtapp.dossier.documents import distinct_documents, documents_of
from ddtapp.dossier.models import Dates, Ending, Tool
from ddtapp.force.foi_model import _NOT_ASKED, NOT_RECORDED, QUESTIONS, Answer, Table, ToolAnswers
from ddtapp.force.register import (
    DOCUMENT_TYPE_NAMES,
    SOURCE_NAMES,
    STATUS_NAMES,
    dossier_of,
    format_date,
    one_line,
    text_or_none,
)
from ddtapp.output.words import plural
from ddtapp.pack.checks import referenced_paths
from ddtapp.pack.rulepack import RulePack


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
        asked = rule or self.rule_for(path)
        self.items.append(Gap(path, what, (asked,) if asked else (), line, col))
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


Done = Callable[..., None]


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
    answers: list[Answer] = []

    def done(number: int, text: Iterable[str], table: Table | None = None) -> None:
        q = QUESTIONS[number - 1]
        answers.append(Answer(number, q.title, True, None, tuple(text), table, gaps.take()))

    def skipped(number: int, why: str) -> None:
        q = QUESTIONS[number - 1]
        answers.append(Answer(number, q.title, False, why, (), None, ()))

    for answer in (_name, _maturity, _reasons, _inputs, _outputs, _decisions, _users):
        answer(tool, gaps, done)
    documents = _documents(dossier, gaps, done)
    _later_questions(tool, gaps, done, skipped)
    dates = tool.dates
    starts = [d for d in (dates.development_start, dates.pilot_start) if d is not None] if dates else []
    return ToolAnswers(
        file=result.file,
        name=text_or_none(tool.name) or result.tool_name,
        reference=text_or_none(tool.reference),
        maturity=tool.maturity,
        purpose=text_or_none(tool.purpose),
        deployed=tool.maturity in ("operational", "retired"),
        deployment=dates.deployment if dates else None,
        development_or_pilot_start=max(starts) if starts else None,
        answers=tuple(answers),
        locations=documents,
    )


def _name(tool: Tool, gaps: _Gaps, done: Done) -> None:
    done(1, [gaps.value(tool.name, "tool.name", "the tool's name")])


def _maturity(tool: Tool, gaps: _Gaps, done: Done) -> None:
    if tool.maturity is None:
        what = "the tool's maturity (in development, pilot, operational, retired or abandoned)"
        done(2, [gaps.add("tool.maturity", what)])
    else:
        done(2, [foi_category(tool)])


def _reasons(tool: Tool, gaps: _Gaps, done: Done) -> None:
    reason = gaps.value(
        tool.problem,
        "tool.problem",
        "the problem or opportunity the tool addresses (the reason for developing or deploying it)",
    )
    purpose = gaps.value(tool.purpose, "tool.purpose", "the tool's intended policy purpose")
    done(3, [f"Reason: {reason}", f"Policy purpose: {purpose}"])


def _update(item: Any, base: str, gaps: _Gaps) -> str:
    if item.update == "live_feed":
        return "real time, by an automated live data feed"
    if item.update == "manual":
        freq = gaps.value(item.frequency, f"{base}.frequency", "how often the data is entered or uploaded by hand")
        return f"manually, by a person ({freq})"
    return gaps.add(f"{base}.update", "whether the data is updated by hand or by an automated live feed")


def _inputs(tool: Tool, gaps: _Gaps, done: Done) -> None:
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
        rows.append((name, source, _update(item, base, gaps)))
    lead = f"{plural(len(rows), 'data source')}." if rows else "The data sources are " + NOT_RECORDED + "."
    table = Table(("Data source", "Where the data comes from", "How it is updated"), tuple(rows)) if rows else None
    done(4, [lead], table)


def _listed(
    number: int,
    items: list[Any],
    base: str,
    missing: str,
    words: tuple[str, str, str],
    columns: tuple[tuple[str, str, str], ...],
    gaps: _Gaps,
    done: Done,
) -> None:
    """A question answered by a list in the dossier: one table row per item, a gap per missing cell.
    ``words``: the list's noun, and one item's and several items' names."""
    noun, one, many = words
    if not items:
        gaps.add(base, missing)
    rows = [
        tuple(gaps.value(getattr(item, attr), f"{base}[{i}].{attr}", what) for attr, _, what in columns)
        for i, item in enumerate(items)
    ]
    lead = f"{len(rows)} {one if len(rows) == 1 else many}." if rows else f"The {noun} are {NOT_RECORDED}."
    done(number, [lead], Table(tuple(header for _, header, _ in columns), tuple(rows)) if rows else None)


def _outputs(tool: Tool, gaps: _Gaps, done: Done) -> None:
    _listed(
        5,
        tool.outputs,
        "tool.outputs",
        "the outputs the tool produces",
        ("outputs", "output", "outputs"),
        (
            ("name", "Output", "what the output is"),
            ("signifies", "What it is taken to indicate or signify", "what the output is taken to indicate or signify"),
        ),
        gaps,
        done,
    )


def _decisions(tool: Tool, gaps: _Gaps, done: Done) -> None:
    _listed(
        6,
        tool.decisions,
        "tool.decisions",
        "the decisions the tool supports or triggers",
        ("decisions supported", "decision", "decisions"),
        (
            ("decision", "Decision supported or triggered", "the decision supported or triggered"),
            ("about", "About whom or what", "about whom or what the decision is made"),
        ),
        gaps,
        done,
    )


def _users(tool: Tool, gaps: _Gaps, done: Done) -> None:
    users = [one_line(u) for u in tool.users if not _blank(u)]
    if not users:
        users = [gaps.add("tool.users", "the tool's intended users")]
    done(7, users)


_DOCUMENT_WORDS = {
    "type": "type",
    "title": "title",
    "status": "status",
    "location": "location (where it is kept, to provide a copy)",
}


def _document_gap(path: str, doc: Any, gaps: _Gaps) -> None:
    """One gap per document, naming every field it lacks (a document's fields are filled in together)."""
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
    if not missing:
        return
    named = [_DOCUMENT_WORDS[k] for k in missing]
    label = text_or_none(doc.title) or (DOCUMENT_TYPE_NAMES.get(doc.type, doc.type) if doc.type else "a document")
    what = f"{label}: its " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0])
    gaps.add(f"{path}.{missing[0]}" if len(missing) == 1 else path, what)


def _documents(dossier: Any, gaps: _Gaps, done: Done) -> tuple[tuple[str, str], ...]:
    """Question 8: each document held, once (a document recorded in two places is one document:
    ``distinct_documents``); a document
    not yet started is not held. Returns each listed document's title and where it is kept, for the FOI
    officer's notes (a location is internal: it never goes into the response)."""
    rows: list[tuple[str, ...]] = []
    locations: list[tuple[str, str]] = []
    for path, doc in distinct_documents(documents_of(dossier)):  # each once, wherever it is recorded
        if doc.status == "not_started":
            continue
        held = doc.status != "not_held"  # the force's answer that no such document exists: nothing to provide
        if held:
            _document_gap(path, doc, gaps)
        kind = DOCUMENT_TYPE_NAMES.get(doc.type, doc.type) if doc.type else NOT_RECORDED
        title = text_or_none(doc.title) or NOT_RECORDED
        rows.append((kind, title, STATUS_NAMES.get(doc.status, doc.status) if doc.status else NOT_RECORDED))
        where = (text_or_none(doc.location) or NOT_RECORDED) if held else "not held"
        locations.append((text_or_none(doc.title) or kind, where))
    if rows:
        done(
            8,
            [f"{plural(len(rows), 'document')}."],
            Table(("Type", "Title", "Status"), tuple(rows)),
        )
    else:
        doc_rules = sorted({f.rule_id for f in gaps.result.findings if f.path.endswith((".documents", ".document"))})
        gaps.add(
            "*.documents",
            "any document about the tool (each section's documents list)",
            doc_rules[0] if doc_rules else None,
        )
        done(8, ["No document is recorded in the dossier."])
    return tuple(locations)


def _later_questions(tool: Tool, gaps: _Gaps, done: Done, skipped: Callable[[int, str], None]) -> None:
    """Questions 9-11 for tools in operational use (now or formerly); 12-13 for the others."""
    if tool.maturity is None:
        why = "The tool's maturity is not recorded, so it cannot be said whether this question applies."
        for n in range(9, 14):
            skipped(n, why)
    elif tool.maturity in ("operational", "retired"):
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
