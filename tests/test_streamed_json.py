"""common.write_json writes what json.dump(indent=2, ensure_ascii=False) writes, byte for byte, with
lists streamed item by item."""

from __future__ import annotations

import enum
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ddtapp.reporters.common import JsonList, json_text, write_json

LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _streamed(value, choices):
    """``value`` with some of its lists (those whose items hold no further stream) made JsonLists."""
    if isinstance(value, dict):
        return {k: _streamed(v, choices) for k, v in value.items()}
    if isinstance(value, list):
        if choices.draw(st.booleans()):
            return JsonList(iter(value))
        return [_streamed(v, choices) for v in value]
    return value


@given(VALUES, st.data())
def test_streamed_json_is_json_dump(value, data):
    out = io.StringIO()
    write_json(out, _streamed(value, data))
    assert out.getvalue() == json.dumps(value, indent=2, ensure_ascii=False)


def test_an_empty_stream_and_nested_streams():
    out = io.StringIO()
    write_json(out, {"a": JsonList(iter([])), "b": [{"c": JsonList(iter([{"d": [1, {}]}, "x"]))}], "e": {}})
    assert out.getvalue() == json.dumps({"a": [], "b": [{"c": [{"d": [1, {}]}, "x"]}], "e": {}}, indent=2)


KEYS = st.text(max_size=5) | st.integers() | st.floats() | st.booleans() | st.none()
ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(ANY, st.sampled_from(["", "  ", "      "]))
def test_json_text_is_json_dumps_at_any_indent(value, pad):
    """json_text (the reporters' quicker writer): what json.dumps(indent=2, ensure_ascii=False) writes, NaN,
    infinities, tuples and keys that are not text included, each line after the first indented by ``pad``."""
    assert json_text(value, pad) == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)


class _Level(enum.IntEnum):
    HIGH = 3


class _Text(str):
    def __repr__(self) -> str:
        return "not this"


def test_json_text_writes_hostile_text_and_subclasses_as_json_does():
    value = {
        "ctl": '\x00\x1b[31m\u2028\u2029\ud800\ufffe"\\/\t',
        _Text("k"): [_Level.HIGH, _Text("v"), (), {}, [], True, 1.5e300, -0.0],
        None: float("-inf"),
        2.5: float("nan"),
    }
    assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{"a": object()}, [{1, 2}], {("a",): 1}, {"a": b"bytes"}])
def test_json_text_refuses_what_json_refuses_with_the_same_error(value):
    with pytest.raises(TypeError) as ours:
        json_text(value)
    with pytest.raises(TypeError) as theirs:
        json.dumps(value, indent=2, ensure_ascii=False)
    assert str(ours.value) == str(theirs.value)
