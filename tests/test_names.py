"""One set of document display names, covering every document type a dossier can record."""

from __future__ import annotations

from typing import get_args

from ddtapp.dossier.base import DocumentType
from ddtapp.dossier.names import DOCUMENT_NAMES
from ddtapp.force.register import DOCUMENT_TYPE_NAMES
from ddtapp.pack import gates
from ddtapp.pack.rulepack import load_pack


def test_every_document_type_has_one_display_name():
    assert list(DOCUMENT_NAMES) == list(get_args(DocumentType))
    assert gates.DOCUMENT_NAMES is DOCUMENT_NAMES and DOCUMENT_TYPE_NAMES is DOCUMENT_NAMES


def test_every_document_a_gate_asks_for_has_a_name():
    pack = load_pack()
    asked = {d for s in pack.sections.values() for d in s.documents}
    assert asked <= set(DOCUMENT_NAMES)
