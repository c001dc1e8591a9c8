"""Documents read from a validated dossier's plain data (``register``) are the documents the models give: the
same paths, order and values, and the same records stand for the same documents (``distinct_records`` on the
plain records, ``distinct_documents`` on the models); the models are built where plain data would differ (a
quoted date)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from ddtapp.dossier.base import Document
from ddtapp.dossier.document_sites import DOCUMENT, SITES_FILE, NotPlain, documents_in, full, sites_table
from ddtapp.dossier.documents import distinct_documents, distinct_records, documents_of
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
    "item",
    [
        {"title": "A"},
        {"title": "A", "status": None, "reviews": []},
        {"title": "A", "reviews": [{"outcome": "adequate"}], "approved_by": {}},
        {"title": "A", "reviews": [{"lacked": []}], "facts_fingerprint": {}},
        {"title": "A", "facts_fingerprint": {"facts": {"b": "1", "a": ["2"]}, "values": {"x": 1.0, "y": True}}},
    ],
)
def test_a_plain_record_is_the_models_dump(item):
    assert full(DOCUMENT, item) == Document.model_validate(item).model_dump()


def _variants(docs: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The dossier's documents, each also recorded again in ways that are, or are not, the same document: the
    title in other case and spacing, further along, without its version or date, without a location or with
    another, untitled, with defaults written out."""
    out = list(docs)
    for i, (path, doc) in enumerate(docs):
        title = doc.get("title") or ""
        again = [
            {**doc, "title": f"  {title.upper()}  ."},
            {**doc, "status": "published", "location": None},
            {k: v for k, v in doc.items() if k not in ("version", "date")},
            {**doc, "version": "99", "location": "elsewhere"},
            {k: v for k, v in doc.items() if k != "title"},
            {**{k: v for k, v in doc.items() if k != "title"}, "reviews": [], "approved_by": {}},
            {**doc, "status": "draft", "reviews": [{"outcome": "deficient", "lacked": ["x"]}]},
        ]
        out.extend((f"{path}~{i}.{n}", d) for n, d in enumerate(again))
    return out


@pytest.mark.parametrize("text", _texts())
def test_plain_records_and_models_give_the_same_distinct_documents(text):
    data = load_text(text, "d.yaml").data
    records = _variants(documents_in(data))
    typed = distinct_documents([(path, Document.model_validate(doc)) for path, doc in records])
    plain = distinct_records([(path, full(DOCUMENT, doc)) for path, doc in records])
    assert not records or len(plain) < len(records)  # some records were one document
    assert [(path, doc.model_dump()) for path, doc in typed] == plain
