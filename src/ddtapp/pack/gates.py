"""Built-in rules about every section's stage gate and documents, driven by ``rules/stages.yaml``.

One rule id each, applied to every section the project has reached (and, as "coming up", to the
next stage's): the gate decision is recorded; by the decision maker the APP names; with the APP's
question to proceed answered; each document the APP lists is present, approved, and not past its
review date. The message names the section and document, so one rule serves every gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, get_args

from ddtapp.dossier.names import DOCUMENT_NAMES, PRIVACY_POLICY_TYPE
from ddtapp.pack.checks import as_date
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
    out: dict[str, set[str]] = {}
    for section in sections:
        for _, doc in _documents(data, section):
            doc_type = doc.get("type")
            if isinstance(doc_type, str):
                out.setdefault(doc_type, set()).add(section.id)
    return out


def _doc_path(section: Any, index: int) -> str:
    if index < 0:
        return f"{section.dossier_path}.document"
    return f"{section.dossier_path}.documents[{index}]"


def evaluate(
    kind: str,
    data: dict[str, Any],
    section: Any,
    today: dt.date,
    skip_documents: frozenset[str] = frozenset(),
    recorded_elsewhere: frozenset[str] = frozenset(),
) -> Iterator[tuple[str, dict[str, str]]]:
    """Failing (path, message fields) pairs of one built-in gate rule for one section.

    ``recorded_elsewhere``: document types recorded in another section. The APP lists some documents at
    more than one gate (the EIA at both Stakeholder engagement and Legal framework); one document serves
    both, so it is not reported missing at the second."""
    if kind == "documents_deficient":
        yield from _deficient(data, section)
    elif kind.startswith("gate"):
        yield from _gate_failures(kind, data, section)
    else:
        yield from _document_failures(kind, data, section, today, skip_documents, recorded_elsewhere)


def _gate_failures(kind: str, data: dict[str, Any], section: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """The gate rules: a decision with a date, by a named decision maker of the right role, answering the
    gate's question."""
    if not section.question:
        return
    base = section.dossier_path
    gate = _get(data, f"{base}.gate")
    if kind == "gate_decision":
        if not isinstance(gate, dict) or gate.get("outcome") in (None, "pending") or not gate.get("date"):
            yield f"{base}.gate", {}
        return
    if not isinstance(gate, dict) or gate.get("outcome") in (None, "pending"):
        return
    if kind == "gate_blocked":
        # stop and revisit hold the project at this gate until a later decision replaces them
        if gate.get("outcome") in ("stop", "revisit"):
            yield f"{base}.gate.outcome", {"outcome": str(gate.get("outcome"))}
        return
    if kind == "gate_decision_maker":
        maker = gate.get("decision_maker")
        if not isinstance(maker, dict):
            maker = {}
        if not maker.get("name") or maker.get("role") not in section.decision_maker_roles:
            yield f"{base}.gate.decision_maker", {"roles": section.decision_maker}
    elif kind == "gate_question" and not str(gate.get("question_answered") or "").strip():
        yield f"{base}.gate", {"question": section.question}


def _document_failures(
    kind: str,
    data: dict[str, Any],
    section: Any,
    today: dt.date,
    skip_documents: frozenset[str],
    recorded_elsewhere: frozenset[str],
) -> Iterator[tuple[str, dict[str, str]]]:
    """The document rules: each document the section lists is present, approved and in review."""
    base = section.dossier_path
    docs = _documents(data, section)
    for doc_type in section.documents:
        if doc_type in skip_documents:
            continue
        name = DOCUMENT_NAMES.get(doc_type, doc_type)
        matching = [(i, d) for i, d in docs if d.get("type") == doc_type and d.get("status") != "not_held"]
        if kind == "documents_present":
            if not matching and doc_type not in recorded_elsewhere:
                held = [i for i, d in docs if d.get("type") == doc_type]
                yield (
                    _doc_path(section, held[0])
                    if held
                    else (f"{base}.documents" if section.id != "privacy_policy" else f"{base}.document"),
                    {"document": name + (" (recorded as not held)" if held else "")},
                )
        elif kind == "documents_approved":
            if matching and not any(d.get("status") in FINISHED for _, d in matching):
                i, _ = matching[0]
                yield f"{_doc_path(section, i)}.status", {"document": name}
        elif kind == "documents_review":
            for i, d in matching:
                if d.get("status") not in FINISHED:
                    continue
                review = as_date(d.get("review_date"))
                if review is None or review < today:
                    yield (
                        f"{_doc_path(section, i)}.review_date" if review else _doc_path(section, i),
                        {"document": name},
                    )


def latest_review(doc: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """The most recent review of a document (by date; undated reviews count in the order written)."""
    reviews = [(i, r) for i, r in enumerate(doc.get("reviews") or []) if isinstance(r, dict)]
    if not reviews:
        return None
    return max(reviews, key=lambda ir: (as_date(ir[1].get("date")) or dt.date.min, ir[0]))


def _deficient(data: dict[str, Any], section: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """Each document of the section whose latest review found it deficient, naming reviewer and gaps."""
    for i, doc in _documents(data, section):
        if doc.get("status") in ("superseded", "not_held"):
            continue
        latest = latest_review(doc)
        if latest is None or latest[1].get("outcome") != "deficient":
            continue
        k, review = latest
        doc_type = str(doc.get("type") or "")
        name = DOCUMENT_NAMES.get(doc_type, str(doc.get("title") or doc_type or "document"))
        reviewer = str(review.get("reviewer_name") or REVIEWERS.get(review.get("reviewer") or "", "a reviewer"))
        day = as_date(review.get("date"))
        lacked = [str(x) for x in review.get("lacked") or [] if str(x).strip()]
        yield (
            f"{_doc_path(section, i)}.reviews[{k}].outcome",
            {
                "document": name,
                "reviewer": reviewer,
                "date": f" on {day.isoformat()}" if day else "",
                "lacked": "; ".join(lacked) if lacked else "what it lacked is not recorded",
            },
        )
