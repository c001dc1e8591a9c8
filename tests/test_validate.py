"""Structural validation: located schema errors with "did you mean" suggestions."""

from __future__ import annotations

import pytest

from ddtapp.dossier.models import Dossier
from ddtapp.dossier.validate import validate
from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import load_text


def _problems(text: str):
    with pytest.raises(InputError) as exc:
        validate(Dossier, load_text(text, "d.yaml"))
    return exc.value.problems


def test_misspelled_key_suggests_the_right_one_at_its_line():
    (p,) = _problems("schema_version: 2\ntool:\n  name: X\n  maturty: pilot\n")
    assert (p.line, p.column, p.path) == (4, 3, "tool.maturty")
    assert p.message == "unknown key 'maturty'"
    assert p.hint == "Did you mean 'maturity'?"


def test_misspelled_nested_key_in_a_list_item():
    (p,) = _problems("schema_version: 2\nrisk_register:\n  - description: x\n    likelyhood: possible\n")
    assert (p.line, p.path) == (4, "risk_register[0].likelyhood")
    assert p.hint == "Did you mean 'likelihood'?"


def test_bad_enumeration_value_suggests_the_nearest():
    (p,) = _problems("schema_version: 2\ntool:\n  maturity: operationl\n")
    assert (p.line, p.column) == (3, 3)
    assert "'operationl' is not an allowed value" in p.message
    assert "operational" in p.hint


def test_bad_date_is_located():
    (p,) = _problems("schema_version: 2\ntool:\n  dates:\n    deployment: 31/02/2025\n")
    assert (p.line, p.path) == (4, "tool.dates.deployment")
    assert "YYYY-MM-DD" in p.hint


def test_wrong_shape_is_located():
    (p,) = _problems("schema_version: 2\ntool:\n  users: custody sergeants\n")
    assert p.path == "tool.users" and p.line == 3
    assert "expected a list" in p.message


def test_missing_schema_version_points_at_the_top():
    (p,) = _problems("tool:\n  name: X\n")
    assert (p.line, p.column) == (1, 1)
    assert "schema_version" in p.message


def test_root_must_be_a_mapping():
    (p,) = _problems("- a\n- b\n")
    assert "must be a mapping" in p.message


def test_several_errors_are_all_reported_in_line_order():
    problems = _problems("schema_version: 2\nstage: engag\ntool:\n  nmae: X\n")
    assert [(p.line, p.path) for p in problems] == [(2, "stage"), (4, "tool.nmae")]


def test_missing_content_is_not_a_schema_error():
    validate(Dossier, load_text("schema_version: 2\n", "d.yaml"))
