"""The fast structural look (ddtapp.dossier.structure) may only ever be stricter than the Pydantic models:
whatever it accepts, Pydantic accepts; what it refuses goes to Pydantic for the verdict and messages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ddtapp.dossier.models import Dossier
from ddtapp.dossier.structure import _compile, _ok, _schema, conforms
from ddtapp.loading.yaml_loader import load_bytes, load_file, load_text
from tests.conftest import EXAMPLES
from tests.helpers import CLEAN, mutated_text


def _pydantic_accepts(data) -> bool:
    try:
        Dossier.model_validate(data)
    except ValidationError:
        return False
    return True


def test_every_example_takes_the_fast_path():
    for example in sorted(EXAMPLES.glob("*.yaml")):
        data = load_file(example).data
        assert conforms(data), example.name
        assert _pydantic_accepts(data)


@pytest.mark.parametrize(
    "text",
    [
        CLEAN.replace("tool:\n", "tool:\n  maturity_typo: x\n", 1),  # unknown key
        CLEAN.replace("personal_data: false", "personal_data: 'maybe'"),  # text for a yes/no
        CLEAN.replace("stage: engage", "stage: engaged"),  # not an allowed value
        CLEAN.replace("date: 2026-01-10", "date: 2026-13-10"),  # not a date
    ],
)
def test_what_is_wrong_is_refused_by_both(text):
    data = load_text(text, "d.yaml").data
    assert not conforms(data)
    assert not _pydantic_accepts(data)


@pytest.mark.parametrize(
    "text",
    [
        CLEAN.replace("date: 2026-01-10", "date: '2026-01-10'"),  # a quoted date
        CLEAN.replace("personal_data: false", "personal_data: 'no'"),  # a yes/no written as text
    ],
)
def test_what_only_coercion_makes_valid_is_left_to_pydantic(text, capsys):
    data = load_text(text, "d.yaml").data
    assert not conforms(data)
    assert _pydantic_accepts(data)


def test_an_unknown_schema_keyword_is_never_taken_as_a_pass():
    _, defs = _schema()
    assert not _ok("x", {"type": "string", "pattern": "^y$"}, defs)
    assert not _ok("x", {"$ref": "#/$defs/NoSuchModel"}, defs)
    assert not _ok(True, {"type": "integer"}, defs)  # a bool is not an int here
    assert not _ok(dt.datetime(2026, 1, 1, 12), {"type": "string", "format": "date"}, defs)


def _same_as_interpreted(data) -> None:
    """conforms() runs the schema compiled into closures; it must answer as interpreting the schema does."""
    schema, defs = _schema()
    assert conforms(data) == _ok(data, schema, defs)


def test_the_compiled_check_answers_as_the_interpreted_schema_on_edge_values():
    schema, defs = _schema()
    for value in [float("nan"), -1, 0, 2.5, True, None, [], {}, "x", dt.date(2026, 1, 1), [float("nan")]]:
        for sub in [*defs.values(), schema, {}, {"type": "number"}, {"type": "integer", "minimum": 0}]:
            assert _compile(sub, defs, {})(value) == _ok(value, sub, defs), (value, sub)


def test_the_compiled_check_answers_as_the_interpreted_schema_on_every_property():
    # a property checked by its type alone, "X or nothing", or by X's own test; required keys present or not
    schema, defs = _schema()
    values = [None, True, 0, -1, 2.5, float("nan"), "x", "engage", dt.date(2026, 1, 1), [], ["x"], [None], {}]
    for sub in [*defs.values(), schema]:
        props = sub.get("properties", {})
        test = _compile(sub, defs, {})
        for key in props:
            for value in values:
                for base in ({}, dict.fromkeys(sub.get("required", ()), "x")):
                    data = {**base, key: value}
                    assert test(data) == _ok(data, sub, defs), (key, value, base)


HYPOTHESIS = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 20)
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | st.dates()
    | st.sampled_from(
        [
            "engage",
            "law_enforcement",
            "operational",
            "dpia",
            "approved",
            "2026-01-01",
            "high",
            "very_high",
            "live_facial_recognition",
        ]
    )
)
KEYS = st.sampled_from(
    [
        "tool",
        "stage",
        "processing",
        "engage",
        "governance",
        "evolve",
        "embed",
        "impact",
        "waivers",
        "risk_register",
        "sign_off",
        "name",
        "maturity",
        "documents",
        "type",
        "status",
        "date",
        "review_date",
        "gate",
        "outcome",
        "regime",
        "personal_data",
        "scale",
        "people_per_year",
        "legal_framework",
        "human_rights",
        "articles_engaged",
        "technology_types",
        "declared_tier",
        "x",
    ]
)
SHAPES = st.recursive(SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(KEYS, c, max_size=4), max_leaves=25)


@HYPOTHESIS
@given(body=st.dictionaries(KEYS, SHAPES, max_size=6))
def test_fast_acceptance_implies_pydantic_acceptance_on_any_shape(body):
    data = {"schema_version": 2, **body}
    _same_as_interpreted(data)
    if conforms(data):
        assert _pydantic_accepts(data), data


@HYPOTHESIS
@given(payload=mutated_text())
def test_fast_acceptance_implies_pydantic_acceptance_on_mutated_dossiers(payload):
    try:
        data = load_bytes(payload, "d.yaml").data
    except Exception:  # not loadable at all: nothing to compare
        return
    _same_as_interpreted(data)
    if conforms(data):
        assert _pydantic_accepts(data)


@HYPOTHESIS
@given(data=st.data())
def test_fast_acceptance_implies_pydantic_acceptance_on_valid_dossiers_with_one_change(data):
    base = load_file(data.draw(st.sampled_from(sorted(EXAMPLES.glob("*.yaml"))))).data
    # change one leaf somewhere to some other scalar
    node, path = base, []
    while isinstance(node, (dict, list)) and node:
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
        path.append(key)
        if not isinstance(node[key], (dict, list)) or data.draw(st.booleans()):
            node[key] = data.draw(SCALARS)
            break
        node = node[key]
    _same_as_interpreted(base)
    if conforms(base):
        assert _pydantic_accepts(base), path
