"""Documents read from a validated dossier's plain data (``register``, ``foi``'s scope) are the documents the
models give: the same paths, order and values, the same duplicates; the models are built where plain data
would differ (a quoted date)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from ddtapp.dossier.document_sites import SITES_FILE, NotPlain, documents_in, same_document, sites_table
from ddtapp.dossier.documents import documents_of
from ddtapp.dossier.models import Dossier
from ddtapp.loading.yaml_loader import load_text
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def _generated(count: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("bench_generate_sites", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return [text for _name, text in module.corpus(count, 11)]


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(Path(EXAMPLES).glob("*.yaml"))] + _generated(25)


def test_the_committed_table_is_up_to_date():
    assert SITES_FILE.read_text(encoding="utf-8") == sites_table(), (
        f"{SITES_FILE} is stale; regenerate: python -m ddtapp.dossier.docgen"
    )


@pytest.mark.parametrize("text", _texts())
def test_plain_documents_are_the_models_documents(text):
    data = load_text(text, "d.yaml").data
    typed = [(path, doc.model_dump(exclude_unset=True)) for path, doc in documents_of(Dossier.model_validate(data))]
    plain = documents_in(data)
    assert [p for p, _ in plain] == [p for p, _ in typed]
    for (path, doc), (_, model) in zip(plain, typed, strict=True):
        assert {k: v for k, v in doc.items() if k in model} == model, path


def test_a_quoted_date_in_a_document_needs_the_models():
    data = {"schema_version": 2, "governance": {"documents": [{"type": "dpia", "review_date": "2026-01-10"}]}}
    with pytest.raises(NotPlain):
        documents_in(data)
    data["governance"]["documents"][0]["review_date"] = dt.date(2026, 1, 10)
    assert documents_in(data) == [("governance.documents[0]", {"type": "dpia", "review_date": dt.date(2026, 1, 10)})]
    reviewed = {"type": "dpia", "reviews": [{"date": "2026-01-10"}]}
    with pytest.raises(NotPlain):
        documents_in({"schema_version": 2, "governance": {"documents": [reviewed]}})


def test_the_privacy_policy_document_is_typed_as_check_reads_it():
    data = {"schema_version": 2, "governance": {"privacy_policy": {"document": {"title": "Policy"}}}}
    assert documents_in(data) == [
        ("governance.privacy_policy.document", {"title": "Policy", "type": "privacy_and_data_governance_policy"})
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"title": "A"}, {"title": "A"}, True),
        ({"title": "A"}, {"title": "A", "status": None, "reviews": []}, True),  # defaults written out
        ({"title": "A"}, {"title": "B"}, False),
        ({"title": "A", "reviews": [{"outcome": "adequate"}]}, {"reviews": [{"outcome": "adequate"}], "title": "A"}, 1),
        ({"title": "A", "reviews": [{"lacked": []}]}, {"title": "A", "reviews": [{}]}, True),
        ({"title": "A", "facts_fingerprint": {}}, {"title": "A"}, False),  # a fingerprint, even empty, is not none
        ({"title": "A", "facts_fingerprint": {"facts": {}}}, {"title": "A", "facts_fingerprint": {}}, True),
    ],
)
def test_the_same_document_as_the_models_say(a, b, same):
    from ddtapp.dossier.base import Document

    assert (Document.model_validate(a) == Document.model_validate(b)) is bool(same)
    assert same_document(a, b) is bool(same)
