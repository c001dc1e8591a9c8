"""Where a dossier records documents, and the one type a document may leave unwritten.

Every place in the schema that holds a :class:`~ddtapp.dossier.base.Document` (a section's ``documents``
list, the privacy policy's ``document``, a transparency record, an evaluation's report...) is found by
walking the validated dossier, so a field added to the schema is found without a list to keep up to date.
The FOI answer and the drafts' ``documents_of(type)`` read documents through :func:`documents_of`; the
register reads the same documents from the validated data (:mod:`ddtapp.dossier.document_sites`), without
the models. Which records are one document is decided once, on plain records (:func:`distinct_records`), for
both: :func:`distinct_documents` is the same rule for the models. This module imports Pydantic only when
the models are used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ddtapp.dossier.names import PRIVACY_POLICY_DOCUMENT, PRIVACY_POLICY_TYPE

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ddtapp.dossier.base import Document


def documents_of(dossier: BaseModel, base: str = "") -> Iterator[tuple[str, Document]]:
    """Every document recorded anywhere in the dossier, with its dossier path, in the dossier's field order.

    The privacy policy's own document is typed :data:`PRIVACY_POLICY_TYPE` when its type is not written,
    as ``check`` reads it."""
    from pydantic import BaseModel

    from ddtapp.dossier.base import Document

    for name in type(dossier).model_fields:
        value = getattr(dossier, name)
        path = f"{base}.{name}" if base else name
        if isinstance(value, Document):
            if path == PRIVACY_POLICY_DOCUMENT and value.type is None:
                value = value.model_copy(update={"type": PRIVACY_POLICY_TYPE})
            yield path, value
        elif isinstance(value, BaseModel):
            yield from documents_of(value, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Document):
                    yield f"{path}[{i}]", item
                elif isinstance(item, BaseModel):
                    yield from documents_of(item, f"{path}[{i}]")


# ----------------------------------------------------------------------------- one document, recorded twice

#: How far along a document is: of two records of one document, the one further along describes it.
_STATUS_RANK = {
    None: 0,
    "not_started": 1,
    "draft": 2,
    "in_review": 3,
    "approved": 4,
    "published": 5,
    "superseded": 3,
    "not_held": 0,
}


def _words(value: str | None) -> str:
    """A title or version as it identifies a document: case, spacing and punctuation round it do not count."""
    return " ".join(value.casefold().split()).strip(" .,;:-") if value else ""


def document_identity(
    kind: object, title: object, version: object = None, day: object = None
) -> tuple[str, str, str, str] | None:
    """What makes two records one document: the same kind, the same title (case and spacing aside), and no
    different version or date. None when the record has no kind or no title: it is then only the same as a
    record equal in every field (nothing else says two untitled records are one document)."""
    name = _words(title if isinstance(title, str) else None)
    if not isinstance(kind, str) or not name:
        return None
    return (kind, name, _words(version if isinstance(version, str) else None), str(day or ""))


#: A document record as plain data: every field of :class:`~ddtapp.dossier.base.Document` by its name, as the
#: model's ``model_dump()`` gives it (``ddtapp.dossier.document_sites.full`` reads one from validated data).
Record = Mapping[str, Any]


def _rank(record: Record, defaults: Mapping[str, Any]) -> tuple[int, int, int]:
    """How well a record describes its document: further along, then with a location, then more fields filled
    in (a field that differs from its default and is not empty)."""
    filled = sum(1 for name, v in record.items() if v != defaults[name] and v not in (None, "", []))
    return (_STATUS_RANK.get(record["status"], 0), 1 if (record["location"] or "").strip() else 0, filled)


def _distinct(records: Sequence[Record]) -> list[tuple[int, str | None]]:
    """For each distinct document, in order (the rule is :func:`distinct_records`'s): the place of the record that
    stands for it and the location it takes from another record (None: its own)."""
    from ddtapp.dossier.document_sites import DOCUMENT, defaults

    fields = defaults(DOCUMENT)
    idents = [document_identity(r["type"], r["title"], r["version"], r["date"]) for r in records]
    variants: dict[tuple[str, str], set[tuple[str, str]]] = {}  # (kind, title) -> its (version, date)s, up to 3
    for ident in idents:
        if ident is not None:
            seen = variants.setdefault(ident[:2], set())
            if len(seen) < 3:
                seen.add(ident[2:])
    out: list[tuple[int, Record]] = []  # the place of the record standing for a document, and that record as it stands
    index: dict[object, int] = {}  # identity (or the whole record) -> its place in out
    for at, (record, ident) in enumerate(zip(records, idents, strict=True)):
        key: object = _whole(record) if ident is None else _settled(ident, variants[ident[:2]])
        place = index.get(key)
        if place is None:
            index[key] = len(out)
            out.append((at, record))
            continue
        kept_at, kept = out[place]
        best_at, best, other = (
            (at, record, kept) if _rank(record, fields) > _rank(kept, fields) else (kept_at, kept, record)
        )
        if not (best["location"] or "").strip() and (other["location"] or "").strip():
            best = {**best, "location": other["location"]}
        out[place] = (best_at, best)
    return [(at, None if best["location"] == records[at]["location"] else best["location"]) for at, best in out]


def _whole(record: Record) -> str:
    """A record as one value, equal for equal records (the key of a record without kind or title)."""
    return _AS_JSON.encode(record)


#: ``json.dumps(record, ensure_ascii=False, default=str)``'s encoder, made once (``dumps`` makes one a call).
_AS_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def distinct_records(records: Iterable[tuple[str, Record]]) -> list[tuple[str, Record]]:
    """Each document once, however many places the dossier records it (the DPIA in a section's documents and
    in the legal framework's; a test report in a section's evidence and in the test): records are one
    document when :func:`document_identity` says so, or when equal in every field. A record missing its
    version or date is the same document as the other records of its kind and title only where those give
    just one version and date (with two, it could be either: it stays apart). Of the records of one
    document the best one stands for it (further along, then with a location, then more fields filled in;
    the earlier record wins a tie) at its own path, in the place of the first; its location, if it has
    none, is the first location another record gives ("keep the best location")."""
    listed = list(records)
    return [
        (listed[best][0], listed[best][1] if taken is None else {**listed[best][1], "location": taken})
        for best, taken in _distinct([r for _, r in listed])
    ]


def distinct_documents(documents: Iterable[tuple[str, Document]]) -> list[tuple[str, Document]]:
    """:func:`distinct_records` for the models' documents."""
    listed = list(documents)
    return [
        (listed[best][0], listed[best][1] if taken is None else listed[best][1].model_copy(update={"location": taken}))
        for best, taken in _distinct([doc.model_dump() for _, doc in listed])
    ]


def _settled(ident: tuple[str, str, str, str], variants: set[tuple[str, str]]) -> tuple[str, str, str, str]:
    """The identity of a record missing its version or date: the one other (version, date) of its title
    that it does not contradict and that says more, when there are just two; else its own."""
    version, day = ident[2:]
    if (version and day) or len(variants) != 2:
        return ident
    (other,) = variants - {(version, day)}
    if (not version or version == other[0]) and (not day or day == other[1]) and other != (version, day):
        return (*ident[:2], *other)
    return ident
