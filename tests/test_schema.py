"""`ddtapp schema`: the JSON Schema editors use, checked with a real validator (check-jsonschema)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.helpers import CLEAN, run


def _validate(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schema") / "dossier.schema.json"
    proc = subprocess.run([sys.executable, "-m", "ddtapp", "schema", "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


def test_schema_prints_the_published_schema(capsys):
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert out == (ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8")


def test_every_example_validates_with_check_jsonschema(schema_file):
    examples = sorted(EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 3
    proc = _validate(schema_file, *examples)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_example_points_editors_at_the_schema():
    for example in sorted(EXAMPLES.glob("*.yaml")):
        first = example.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/dossier.schema.json", example.name


def test_a_misspelt_key_fails_the_schema_as_it_fails_check(schema_file, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLEAN.replace("  purpose:", "  purpse:"), encoding="utf-8")
    proc = _validate(schema_file, bad)
    assert proc.returncode == 1
    assert "purpse" in proc.stdout + proc.stderr
    code, _, err = run(["check", str(bad), "-f", "json"], capsys)
    assert code == 2 and "Did you mean 'purpose'?" in err


def test_a_clean_dossier_validates(schema_file, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(CLEAN, encoding="utf-8")
    assert _validate(schema_file, good).returncode == 0


def test_schema_to_an_unwritable_path_is_exit_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(["schema", "-o", str(blocker / "s.json")], capsys)
    assert code == 2 and "cannot write the schema" in err


def test_a_description_that_lists_a_fields_values_takes_them_from_its_type():
    """The values a field takes are written once, in its Literal type; a description that lists them is
    made from the type, so a value added to the type is listed too."""
    from typing import Literal

    from ddtapp.dossier.base import one_of
    from ddtapp.dossier.models import GateDecision, Risk

    assert one_of(Literal["only"]) == "only"
    assert one_of(Literal["low", "medium", "high"]) == "low, medium or high"
    assert Risk.model_fields["residual"].description == "Residual risk: low, medium or high."
    assert GateDecision.model_fields["outcome"].description == (
        "pending, proceed, proceed_with_conditions, revisit or stop."
    )
