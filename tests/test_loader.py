"""Loading YAML with positions, and refusing broken or hostile input with a located message."""

from __future__ import annotations

import datetime as dt

import pytest

from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import MAX_FILE_BYTES, load_bytes, load_text


def test_positions_are_one_based_key_positions():
    loaded = load_text("schema_version: 2\ntool:\n  name: X\n  users:\n    - analysts\n    - sergeants\n", "d.yaml")
    assert loaded.positions["tool"] == (2, 1)
    assert loaded.positions["tool.name"] == (3, 3)
    assert loaded.positions["tool.users[1]"] == (6, 7)


def test_missing_key_locates_nearest_existing_parent():
    loaded = load_text("schema_version: 2\ntool:\n  name: X\n", "d.yaml")
    assert loaded.locate("tool.owner.name") == (2, 1)
    assert loaded.locate("engage.legal_framework.dpia") == (1, 1)


def test_scalars_are_typed_by_yaml_core_schema():
    loaded = load_text("a: 2025-03-01\nb: yes\nc: true\nd: 0.64\ne: ~\nf: '2025-03-01'\n", "d.yaml")
    assert loaded.data == {"a": dt.date(2025, 3, 1), "b": "yes", "c": True, "d": 0.64, "e": None, "f": "2025-03-01"}


def _problem(text: str | bytes):
    with pytest.raises(InputError) as exc:
        load_bytes(text.encode() if isinstance(text, str) else text, "bad.yaml")
    assert len(exc.value.problems) == 1
    return exc.value.problems[0]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: [1\n", 2, 1, "YAML syntax error"),
        ("a:\n\tb: 1\n", 2, 1, "tabs"),
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first defined on line 1)"),
        ("", 1, 1, "empty"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
        (
            "a: !!python/object/apply:os.system ['echo hi']\n",
            1,
            4,
            "tag !!python/object/apply:os.system is not allowed",
        ),
        ("a: !custom x\n", 1, 4, "tag !custom is not allowed"),
        ("a: b: c\n", 1, 5, "YAML syntax error"),
    ],
)
def test_broken_yaml_gives_one_located_problem(text, line, column, words):
    problem = _problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.render()


def test_invalid_utf8_names_line_and_column():
    problem = _problem(b"a: 1\nb: caf\xe9\n")
    assert (problem.line, problem.column) == (2, 7)
    assert "not valid UTF-8" in problem.message


def test_binary_file_is_refused():
    assert "binary" in _problem(b"\x89PNG\r\n\x1a\n\x00\x00").message


def test_alias_bomb_stops_early():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    assert "aliases expand to more than" in _problem("\n".join(lines) + "\n").message


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    assert "nesting" in _problem(text).message


def test_oversized_input_is_refused():
    assert "limit" in _problem(b"a: 1\n" + b"#" * MAX_FILE_BYTES).message


def test_merge_keys_are_refused():
    assert "merge keys" in _problem("base: &b {x: 1}\nother:\n  <<: *b\n").message
