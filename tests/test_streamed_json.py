"""common.write_json writes what json.dump(indent=2, ensure_ascii=False) writes, byte for byte, with
lists streamed item by item."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from ddtapp.reporters.common import JsonList, write_json

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
