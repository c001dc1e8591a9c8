"""The validated dossier is what flows on: a value of another type than the schema's (the text ``no`` for
a boolean) is one located error with exit 2 that says what to write, the same in check, render, register
and foi, and the JSON Schema refuses it too. Before, Pydantic's lax mode let ``no`` through ``check`` while
the rules read the text: ``personal_data: yes`` silently dropped DPIA-001, and ``render`` blamed a
built-in template for ``children: no``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, ROOT
from tests.helpers import run

#: (example, the line as written, the line with a value of the wrong type, the message, the hint)
CASES = {
    "children-no": (
        "demand-dashboard.yaml",
        "  children: false\n",
        "  children: no\n",
        "expected true or false, got str 'no'",
        "Write true or false.",
    ),
    "personal_data-yes": (
        "risk-scoring-engage.yaml",
        "  personal_data: true\n",
        "  personal_data: yes\n",
        "expected true or false, got str 'yes'",
        "Write true or false.",
    ),
    "people_per_year-quoted": (
        "risk-scoring-engage.yaml",
        "people_per_year: 9000,",
        'people_per_year: "9000",',
        "expected a whole number, got str '9000'",
        "Write a whole number without quotes, such as 12000.",
    ),
    "name-a-number": (
        "risk-scoring-engage.yaml",
        "  name: Custody Reoffending Risk Score\n",
        "  name: 5\n",
        "expected text, got int 5",
        "Quote the value if it is meant as text.",
    ),
}


def _broken(tmp_path: Path, case: str) -> tuple[Path, int, str, str]:
    example, right, wrong, message, hint = CASES[case]
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    assert text.count(right) >= 1, (example, right)
    at = text.index(right)
    text = text[:at] + text[at:].replace(right, wrong, 1)
    line = text.count("\n", 0, at) + 1
    path = tmp_path / "in" / "d.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path, line, message, hint


def _argv(command: str, path: Path, tmp_path: Path) -> list[str]:
    extra = {"render": ["--out", str(tmp_path / "out")], "register": ["-o", str(tmp_path / "out")]}
    return [command, str(path), "--today", "2026-11-21", *extra.get(command, [])]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "render", "register", "foi"])
def test_a_value_of_the_wrong_type_is_one_located_error(tmp_path, capsys, command, case):
    path, line, message, hint = _broken(tmp_path, case)
    code, out, err = run(_argv(command, path, tmp_path), capsys)
    assert code == 2, (out, err)
    said = out + err
    assert "Traceback" not in said and "template" not in said
    located = [row for row in said.splitlines() if f"d.yaml:{line}:" in row]
    assert len(located) == 1, said
    assert message in located[0] and hint in located[0]
    if command == "render":
        assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_json_schema_refuses_the_same_values(tmp_path, case):
    path, _, _, _ = _broken(tmp_path, case)
    data = json.loads(json.dumps(YAML(typ="safe", pure=True).load(path), default=str))
    schema = json.loads((ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors, "the JSON Schema accepts what check refuses"


def test_every_error_is_reported_at_once(tmp_path, capsys):
    text = (EXAMPLES / "risk-scoring-engage.yaml").read_text(encoding="utf-8")
    text = text.replace("personal_data: true", "personal_data: yes", 1).replace("geography: force_wide", "geography: x")
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(["check", str(path), "-f", "json", "-o", str(tmp_path / "r.json")], capsys)
    assert code == 2, err
    errors = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["errors"]
    assert sorted(e["message"] for e in errors) == [
        "'x' is not an allowed value",
        "expected true or false, got str 'yes'",
    ]


def test_a_quoted_date_is_still_a_date(tmp_path, capsys):
    """The JSON Schema allows a quoted date, and the rules read it: not a coercion to refuse."""
    example = EXAMPLES / "risk-scoring-engage.yaml"
    text = example.read_text(encoding="utf-8")
    assert "review_date: 2027-02-01}" in text
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("review_date: 2027-02-01}", 'review_date: "2027-02-01"}'), encoding="utf-8")
    code, out, err = run(["check", str(path), "--today", "2026-11-21", "-f", "json"], capsys)
    expected_code, expected, _ = run(["check", str(example), "--today", "2026-11-21", "-f", "json"], capsys)
    assert (code, out.replace(str(path), "X")) == (expected_code, expected.replace(str(example), "X")), err
