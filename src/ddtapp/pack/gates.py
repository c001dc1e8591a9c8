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
from typing import Any, get_args

from ddtapp.dossier.consistency import as_date
from ddtapp.dossier.names import DOCUMENT_NAMES, PRIVACY_POLICY_TYPE
from ddtapp.frozen import frozen
from ddtapp.pack.records import GateBuiltin

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
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


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


#: One section's failing (path, message fields) pairs of one built-in gate rule.
Failures = Iterator[tuple[str, dict[str, str]]]


@frozen
class Gate:
    """What a built-in gate rule looks at in one section: the dossier, the day, the documents of the
    section that are not asked of this tool, those recorded in another section, and the section's
    documents (index, document). Made once a dossier for each section (:func:`section_gates`), and shared
    by every gate rule (:func:`failures`)."""

    data: dict[str, Any]
    section: Any
    today: dt.date
    skip: frozenset[str]
    elsewhere: frozenset[str]
    docs: list[tuple[int, dict[str, Any]]]

    @property
    def base(self) -> str:
        return str(self.section.dossier_path)

    @functools.cached_property
    def record(self) -> Any:
        """The gate's decision record (None when the section asks no question to proceed), read once."""
        return _get(self.data, f"{self.base}.gate") if self.section.question else None

    def decision(self) -> Any:
        """The gate's decision record (None when the section asks no question to proceed)."""
        return self.record

    def decided(self) -> dict[str, Any] | None:
        """The gate's decision once one is made (not pending)."""
        gate = self.decision()
        return gate if isinstance(gate, dict) and gate.get("outcome") not in (None, "pending") else None

    def documents(self) -> Iterator[tuple[str, str, list[tuple[int, dict[str, Any]]]]]:
        """Each document type the section asks of this tool, its name, and the section's documents."""
        docs = self.docs
        for doc_type in self.section.documents:
            if doc_type not in self.skip:
                yield doc_type, DOCUMENT_NAMES.get(doc_type, doc_type), docs


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
    yield from _RULES[kind](Gate(data, section, today, skip_documents, recorded_elsewhere, _documents(data, section)))


def section_gates(
    data: dict[str, Any], sections: Iterable[Any], today: dt.date, asked: Callable[[Any], frozenset[str] | None]
) -> list[Gate]:
    """The :class:`Gate` of each section for which ``asked(section)`` gives the documents not asked of this
    tool (None: the section is not looked at), in order. Every section's documents are read once, for
    both its own gate and the others' "recorded elsewhere"."""
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
        skip = asked(section)
        if skip is not None:  # recorded elsewhere: every type recorded but those recorded here alone
            elsewhere = every - only[section.id] if section.id in only else every
            out.append(Gate(data, section, today, skip, elsewhere, docs[section.id]))
    return out


def failures(kind: str, gate: Gate) -> Failures:
    """:func:`evaluate` for a section's :class:`Gate` made once a dossier."""
    return _RULES[kind](gate)


def _gate_decision(g: Gate) -> Failures:
    """A decision is recorded, with its date."""
    gate = g.decision()
    if g.section.question and (g.decided() is None or not gate.get("date")):
        yield f"{g.base}.gate", {}


def _gate_blocked(g: Gate) -> Failures:
    """Stop and revisit hold the project at this gate until a later decision replaces them."""
    gate = g.decided()
    if gate is not None and gate.get("outcome") in ("stop", "revisit"):
        yield f"{g.base}.gate.outcome", {"outcome": str(gate.get("outcome"))}


def _gate_decision_maker(g: Gate) -> Failures:
    """The decision is made by a named decision maker of a role the APP names."""
    gate = g.decided()
    if gate is None:
        return
    maker = gate.get("decision_maker")
    if not isinstance(maker, dict):
        maker = {}
    if not maker.get("name") or maker.get("role") not in g.section.decision_maker_roles:
        yield f"{g.base}.gate.decision_maker", {"roles": g.section.decision_maker}


def _gate_question(g: Gate) -> Failures:
    """The decision answers the gate's question."""
    gate = g.decided()
    if gate is not None and not str(gate.get("question_answered") or "").strip():
        yield f"{g.base}.gate", {"question": g.section.question}


def _held(docs: list[tuple[int, dict[str, Any]]], doc_type: str) -> list[tuple[int, dict[str, Any]]]:
    """The section's documents of ``doc_type`` the force holds (not recorded as not held)."""
    return [(i, d) for i, d in docs if d.get("type") == doc_type and d.get("status") != "not_held"]


def _documents_present(g: Gate) -> Failures:
    """Each document the section lists is held (here, or in another section)."""
    for doc_type, name, docs in g.documents():
        if _held(docs, doc_type) or doc_type in g.elsewhere:
            continue
        recorded = [i for i, d in docs if d.get("type") == doc_type]  # each recorded as not held
        if recorded:
            yield _doc_path(g.section, recorded[0]), {"document": f"{name} (recorded as not held)"}
        else:
            where = "document" if g.section.id == "privacy_policy" else "documents"
            yield f"{g.base}.{where}", {"document": name}


def _documents_approved(g: Gate) -> Failures:
    """Each document held is approved or published (one version of it is enough)."""
    for doc_type, name, docs in g.documents():
        held = _held(docs, doc_type)
        if held and not any(d.get("status") in FINISHED for _, d in held):
            yield f"{_doc_path(g.section, held[0][0])}.status", {"document": name}


def _documents_review(g: Gate) -> Failures:
    """Each approved or published document has a review date that has not passed."""
    for doc_type, name, docs in g.documents():
        for i, d in _held(docs, doc_type):
            if d.get("status") not in FINISHED:
                continue
            review = as_date(d.get("review_date"))
            if review is None or review < g.today:
                yield (
                    (f"{_doc_path(g.section, i)}.review_date" if review else _doc_path(g.section, i)),
                    {"document": name},
                )


def latest_review(doc: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """The most recent review of a document (by date; undated reviews count in the order written)."""
    reviews = [(i, r) for i, r in enumerate(doc.get("reviews") or []) if isinstance(r, dict)]
    if not reviews:
        return None
    return max(reviews, key=lambda ir: (as_date(ir[1].get("date")) or dt.date.min, ir[0]))


def _documents_deficient(g: Gate) -> Failures:
    """Each document of the section whose latest review found it deficient, naming reviewer and gaps."""
    for i, doc in g.docs:
        latest = None if doc.get("status") in ("superseded", "not_held") else latest_review(doc)
        if latest is not None and latest[1].get("outcome") == "deficient":
            k, review = latest
            yield f"{_doc_path(g.section, i)}.reviews[{k}].outcome", _deficiency(doc, review)


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
