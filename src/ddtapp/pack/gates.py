"""Built-in rules about every section's stage gate and documents, driven by ``rules/stages.yaml``.

One rule id each, applied to every section the project has reached (and, as "coming up", to the
next stage's): the gate decision is recorded; by the decision maker the APP names; with the APP's
question to proceed answered; each document the APP lists is present, approved, and not past its
review date. The message names the section and document, so one rule serves every gate.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, get_args

from ddtapp.dossier.consistency import as_date
from ddtapp.dossier.names import DOCUMENT_NAMES, PRIVACY_POLICY_TYPE
from ddtapp.pack.records import GateBuiltin

T = TypeVar("T")
FINISHED = ("approved", "published")
GATE_BUILTINS: tuple[str, ...] = get_args(GateBuiltin)
REVIEWERS = {
    "dpo": "the data protection officer",
    "ethics_panel": "the ethics panel",
    "internal_audit": "internal audit",
    "external_audit": "an external auditor",
    "regulator": "the regulator",
    "court": "a court",
    "legal_adviser": "the legal adviser",
    "equalities_adviser": "the equalities adviser",
    "independent_reviewer": "an independent reviewer",
}


def _get(data: Any, dotted: str) -> Any:
    for part in _parts(dotted):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


@functools.lru_cache(maxsize=256)
def _parts(dotted: str) -> tuple[str, ...]:
    """A section's dossier path, split once: the gates read every section's documents for every dossier."""
    return tuple(dotted.split("."))


def _documents(data: dict[str, Any], section: Any) -> list[tuple[int, dict[str, Any]]]:
    holder = _get(data, section.dossier_path)
    if section.id == "privacy_policy":
        doc = holder.get("document") if isinstance(holder, dict) else None
        if not isinstance(doc, dict):
            return []
        # The policy's own document: its type is implied when not written.
        return [(-1, {"type": PRIVACY_POLICY_TYPE, **doc})]
    docs = holder.get("documents") if isinstance(holder, dict) else None
    return [(i, d) for i, d in enumerate(docs or []) if isinstance(d, dict)]


def recorded_types(data: dict[str, Any], sections: Any) -> dict[str, set[str]]:
    """Each document type recorded in the dossier, with the sections that record it."""
    return _recorded({section.id: _documents(data, section) for section in sections})


def _recorded(docs: dict[str, list[tuple[int, dict[str, Any]]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for sid, section_docs in docs.items():
        for _, doc in section_docs:
            doc_type = doc.get("type")
            if isinstance(doc_type, str):
                out.setdefault(doc_type, set()).add(sid)
    return out


def _doc_path(section: Any, index: int) -> str:
    if index < 0:
        return f"{section.dossier_path}.document"
    return f"{section.dossier_path}.documents[{index}]"


#: One section's failing (path, message fields) pairs of one built-in gate rule, in order.
Failures = list[tuple[str, dict[str, str]]]


class Gate:
    """What a built-in gate rule looks at in one section: the dossier, the day, the documents of the
    section that are not asked of this tool, those recorded in another section, and the section's
    documents (index, document). Made once a dossier for each section (:func:`section_gates`), and shared
    by every gate rule (:func:`failures`), so what they all read is read here once: the decision record,
    the decision once made, and the documents asked with their names."""

    __slots__ = ("asked", "base", "data", "docs", "elsewhere", "held", "record", "section", "settled", "skip", "today")

    def __init__(
        self,
        data: dict[str, Any],
        section: Any,
        today: dt.date,
        skip: frozenset[str],
        elsewhere: frozenset[str],
        docs: list[tuple[int, dict[str, Any]]],
    ):
        self.data, self.section, self.today = data, section, today
        self.skip, self.elsewhere, self.docs = skip, elsewhere, docs
        self.base = str(section.dossier_path)
        #: the gate's decision record (None when the section asks no question to proceed)
        self.record: Any = _get(data, f"{self.base}.gate") if section.question else None
        gate = self.record
        #: the decision once one is made (not pending)
        self.settled = gate if isinstance(gate, dict) and gate.get("outcome") not in (None, "pending") else None
        #: each document type the section asks of this tool, with its name
        self.asked = tuple((t, DOCUMENT_NAMES.get(t, t)) for t in section.documents if t not in skip)
        #: the section's documents of each type asked that the force holds (:func:`_held`)
        self.held = {t: _held(docs, t) for t, _ in self.asked}

    def decision(self) -> Any:
        """The gate's decision record (None when the section asks no question to proceed)."""
        return self.record

    def decided(self) -> dict[str, Any] | None:
        """The gate's decision once one is made (not pending)."""
        return self.settled

    def documents(self) -> Iterator[tuple[str, str, list[tuple[int, dict[str, Any]]]]]:
        """Each document type the section asks of this tool, its name, and the section's documents."""
        docs = self.docs
        for doc_type, name in self.asked:
            yield doc_type, name, docs


def evaluate(
    kind: str,
    data: dict[str, Any],
    section: Any,
    today: dt.date,
    skip_documents: frozenset[str] = frozenset(),
    recorded_elsewhere: frozenset[str] = frozenset(),
) -> Failures:
    """Failing (path, message fields) pairs of one built-in gate rule for one section.

    ``recorded_elsewhere``: document types recorded in another section. The APP lists some documents at
    more than one gate (the EIA at both Stakeholder engagement and Legal framework); one document serves
    both, so it is not reported missing at the second."""
    return _RULES[kind](Gate(data, section, today, skip_documents, recorded_elsewhere, _documents(data, section)))


def section_gates(
    data: dict[str, Any], sections: Iterable[Any], today: dt.date, asked: Callable[[Any], frozenset[str] | None]
) -> list[Gate]:
    """The :class:`Gate` of each section for which ``asked(section)`` gives the documents not asked of this
    tool (None: the section is not looked at), in order; none for a section that asks no question, lists no
    document and records none (most sections: no gate rule can find anything there). Every section's
    documents are read once, for both its own gate and the others' "recorded elsewhere"."""
    sections = list(sections)
    docs = {section.id: _documents(data, section) for section in sections}
    recorded = _recorded(docs)
    every = frozenset(recorded)
    only: dict[str, set[str]] = {}  # section id -> the types recorded in that section alone
    for doc_type, where in recorded.items():
        if len(where) == 1:
            only.setdefault(next(iter(where)), set()).add(doc_type)
    out = []
    for section in sections:
        if not (section.question or section.documents or docs[section.id]):
            continue
        skip = asked(section)
        if skip is not None:  # recorded elsewhere: every type recorded but those recorded here alone
            elsewhere = every - only[section.id] if section.id in only else every
            out.append(Gate(data, section, today, skip, elsewhere, docs[section.id]))
    return out


def failures(kind: str, gate: Gate) -> Failures:
    """:func:`evaluate` for a section's :class:`Gate` made once a dossier."""
    return _RULES[kind](gate)


def finder(kind: str) -> Callable[[Gate], Failures]:
    """:func:`failures` of one kind, looked up once (a gate rule asks it of every section)."""
    return _RULES[kind]


# Each rule below returns a list (most often the shared empty one, never changed): a generator cost more
# to make than most sections take to answer, and every gate rule asks every section.
_NONE: Failures = []


def _gate_decision(g: Gate) -> Failures:
    """A decision is recorded, with its date."""
    if g.section.question and (g.settled is None or not g.record.get("date")):
        return [(f"{g.base}.gate", {})]
    return _NONE


def _gate_blocked(g: Gate) -> Failures:
    """Stop and revisit hold the project at this gate until a later decision replaces them."""
    gate = g.settled
    if gate is not None and gate.get("outcome") in ("stop", "revisit"):
        return [(f"{g.base}.gate.outcome", {"outcome": str(gate.get("outcome"))})]
    return _NONE


def _gate_decision_maker(g: Gate) -> Failures:
    """The decision is made by a named decision maker of a role the APP names."""
    gate = g.settled
    if gate is None:
        return _NONE
    maker = gate.get("decision_maker")
    if not isinstance(maker, dict):
        maker = {}
    if not maker.get("name") or maker.get("role") not in g.section.decision_maker_roles:
        return [(f"{g.base}.gate.decision_maker", {"roles": g.section.decision_maker})]
    return _NONE


def _gate_question(g: Gate) -> Failures:
    """The decision answers the gate's question."""
    gate = g.settled
    if gate is not None and not str(gate.get("question_answered") or "").strip():
        return [(f"{g.base}.gate", {"question": g.section.question})]
    return _NONE


def _held(docs: list[tuple[int, dict[str, Any]]], doc_type: str) -> list[tuple[int, dict[str, Any]]]:
    """The section's documents of ``doc_type`` the force holds (not recorded as not held)."""
    return [(i, d) for i, d in docs if d.get("type") == doc_type and d.get("status") != "not_held"]


def _documents_present(g: Gate) -> Failures:
    """Each document the section lists is held (here, or in another section)."""
    out: Failures = []
    docs = g.docs
    for doc_type, name in g.asked:
        if g.held[doc_type] or doc_type in g.elsewhere:
            continue
        recorded = [i for i, d in docs if d.get("type") == doc_type]  # each recorded as not held
        if recorded:
            out.append((_doc_path(g.section, recorded[0]), {"document": f"{name} (recorded as not held)"}))
        else:
            where = "document" if g.section.id == "privacy_policy" else "documents"
            out.append((f"{g.base}.{where}", {"document": name}))
    return out


def _documents_approved(g: Gate) -> Failures:
    """Each document held is approved or published (one version of it is enough)."""
    out: Failures = []
    for doc_type, name in g.asked:
        held = g.held[doc_type]
        if held and not any(d.get("status") in FINISHED for _, d in held):
            out.append((f"{_doc_path(g.section, held[0][0])}.status", {"document": name}))
    return out


def _documents_review(g: Gate) -> Failures:
    """Each approved or published document has a review date that has not passed."""
    out: Failures = []
    for doc_type, name in g.asked:
        for i, d in g.held[doc_type]:
            if d.get("status") not in FINISHED:
                continue
            review = as_date(d.get("review_date"))
            if review is None or review < g.today:
                path = f"{_doc_path(g.section, i)}.review_date" if review else _doc_path(g.section, i)
                out.append((path, {"document": name}))
    return out


def latest_review(doc: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """The most recent review of a document (by date; undated reviews count in the order written)."""
    reviews = [(i, r) for i, r in enumerate(doc.get("reviews") or []) if isinstance(r, dict)]
    if not reviews:
        return None
    return max(reviews, key=lambda ir: (as_date(ir[1].get("date")) or dt.date.min, ir[0]))


def _documents_deficient(g: Gate) -> Failures:
    """Each document of the section whose latest review found it deficient, naming reviewer and gaps."""
    out: Failures = []
    for i, doc in g.docs:
        latest = None if doc.get("status") in ("superseded", "not_held") else latest_review(doc)
        if latest is not None and latest[1].get("outcome") == "deficient":
            k, review = latest
            out.append((f"{_doc_path(g.section, i)}.reviews[{k}].outcome", _deficiency(doc, review)))
    return out


def _reviewer(review: dict[str, Any]) -> str:
    """Who reviewed a document: the reviewer's name, else their role in words."""
    return str(review.get("reviewer_name") or REVIEWERS.get(review.get("reviewer") or "", "a reviewer"))


def _deficiency(doc: dict[str, Any], review: dict[str, Any]) -> dict[str, str]:
    """A deficient review in words: the document, who reviewed it, when, and what it lacked."""
    doc_type = str(doc.get("type") or "")
    day = as_date(review.get("date"))
    lacked = [str(x) for x in review.get("lacked") or [] if str(x).strip()]
    return {
        "document": DOCUMENT_NAMES.get(doc_type, str(doc.get("title") or doc_type or "document")),
        "reviewer": _reviewer(review),
        "date": f" on {day.isoformat()}" if day else "",
        "lacked": "; ".join(lacked) if lacked else "what it lacked is not recorded",
    }


#: What a section must have for each built-in gate rule to find anything there: a question to proceed (the
#: gate rules), documents asked of the tool, or documents recorded (``documents_deficient``).
NEEDS: dict[str, str] = {
    "gate_decision": "question",
    "gate_blocked": "question",
    "gate_decision_maker": "question",
    "gate_question": "question",
    "documents_present": "asked",
    "documents_approved": "asked",
    "documents_review": "asked",
    "documents_deficient": "recorded",
}


def by_need(found: list[T], gate: Callable[[T], Gate]) -> dict[str, list[T]]:
    """``found`` (each with its :class:`Gate`, ``gate(item)``) as :data:`NEEDS` sorts them, in order: a gate
    rule asks only the sections where it can find something (most sections ask no question and list no
    document)."""
    return {
        "question": [x for x in found if gate(x).section.question],
        "asked": [x for x in found if gate(x).asked],
        "recorded": [x for x in found if gate(x).docs],
    }


#: Each built-in gate rule (``GateBuiltin``) and what it finds.
_RULES: dict[str, Callable[[Gate], Failures]] = {
    "gate_decision": _gate_decision,
    "gate_blocked": _gate_blocked,
    "gate_decision_maker": _gate_decision_maker,
    "gate_question": _gate_question,
    "documents_present": _documents_present,
    "documents_approved": _documents_approved,
    "documents_review": _documents_review,
    "documents_deficient": _documents_deficient,
}
