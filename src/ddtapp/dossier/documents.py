"""Where a dossier records documents, and the one type a document may leave unwritten.

Every place in the schema that holds a :class:`~ddtapp.dossier.base.Document` (a section's ``documents``
list, the privacy policy's ``document``, a transparency record, an evaluation's report...) is found by
walking the validated dossier, so a field added to the schema is found without a list to keep up to date.
The register, the FOI answer and the drafts' ``documents_of(type)`` all read documents through
:func:`documents_of`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ddtapp.dossier.base import Document
from ddtapp.dossier.names import PRIVACY_POLICY_DOCUMENT, PRIVACY_POLICY_TYPE


def documents_of(dossier: BaseModel, base: str = "") -> Iterator[tuple[str, Document]]:
    """Every document recorded anywhere in the dossier, with its dossier path, in the dossier's field order.

    The privacy policy's own document is typed :data:`PRIVACY_POLICY_TYPE` when its type is not written,
    as ``check`` reads it."""
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
