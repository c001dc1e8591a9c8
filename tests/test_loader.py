"""Loading YAML with positions, and refusing broken or hostile input with a located message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddtapp.errors import InputError
from ddtapp.loading.limits import MAX_FILE_BYTES
from ddtapp.loading.yaml_loader import load_bytes, load_text


def test_positions_are_one_based_key_positions(composer):
    loaded = load_text("schema_version: 2\ntool:\n  name: X\n  users:\n    - analysts\n    - sergeants\n", "d.yaml")
    assert loaded.positions["tool"] == (2, 1)
    assert loaded.positions["tool.name"] == (3, 3)
    assert loaded.positions["tool.users[1]"] == (6, 7)


def test_missing_key_locates_nearest_existing_parent(composer):
    loaded = load_text("schema_version: 2\ntool:\n  name: X\n", "d.yaml")
    assert loaded.locate("tool.owner.name") == (2, 1)
    assert loaded.locate("engage.legal_framework.dpia") == (1, 1)


def test_scalars_are_typed_by_yaml_core_schema(composer):
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
        ("a: [1\n", 1, 4, "YAML syntax error: a list opened with '[' on line 1 is not closed"),
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
def test_broken_yaml_gives_one_located_problem(text, line, column, words, composer):
    problem = _problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.render()


def test_invalid_utf8_names_line_and_column(composer):
    problem = _problem(b"a: 1\nb: caf\xe9\n")
    assert (problem.line, problem.column) == (2, 7)
    assert "not valid UTF-8" in problem.message


def test_binary_file_is_refused(composer):
    assert "binary" in _problem(b"\x89PNG\r\n\x1a\n\x00\x00").message


def test_alias_bomb_stops_early(composer):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    assert "aliases expand to more than" in _problem("\n".join(lines) + "\n").message


def test_deep_nesting_is_refused(composer):
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    assert "nesting" in _problem(text).message


@pytest.mark.parametrize("before", ["", "é€ 💥: x\n"])
def test_deep_flow_nesting_is_refused_at_the_level_past_the_limit(before, composer):
    """Past libyaml's own limit too (1,000 flow levels in libyaml 0.2.6, which then stops before it has given
    the events that lead there): the same message at the 65th level, the root mapping being the first."""
    problem = _problem(before + "a: " + "[" * 1200 + "]" * 1200 + "\n")
    assert (problem.line, problem.column) == (1 + before.count("\n"), 3 + 64)
    assert problem.message == "nesting is deeper than 64 levels"


def test_oversized_input_is_refused(composer):
    assert "limit" in _problem(b"a: 1\n" + b"#" * MAX_FILE_BYTES).message


def test_merge_keys_are_refused(composer):
    assert "merge keys" in _problem("base: &b {x: 1}\nother:\n  <<: *b\n").message


# ------------------------------------------------------------ positions found on demand


def _eager(text: str) -> dict[str, tuple[int, int]]:
    """Every path's position as the loader once built them, one per node in document order (the later of two
    keys that spell the same path wins)."""
    from ddtapp.loading.compose import _compose
    from ddtapp.loading.nodes import MappingNode, SequenceNode
    from ddtapp.loading.yaml_loader import _key_text

    out: dict[str, tuple[int, int]] = {}

    def walk(node, path):
        if isinstance(node, MappingNode):
            for k, v in node.value:
                sub = f"{path}.{_key_text(k)}" if path else _key_text(k)
                out[sub] = (k.start_mark.line + 1, k.start_mark.column + 1)
                walk(v, sub)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                out[f"{path}[{i}]"] = (item.start_mark.line + 1, item.start_mark.column + 1)
                walk(item, f"{path}[{i}]")

    walk(_compose(text), "")
    return out


AWKWARD = [
    "a:\n  b: 1\n  c: [x, {d: 2}]\n",
    # a key with a dot spells the same path as a nested key: the later one in the document wins
    "a.b: 1\na:\n  b: 2\n",
    "a:\n  b: 2\na.b: 1\n",
    "x[0]: 1\nx:\n  - 2\n",
    # keys that are not text are paths by str() of their value
    "1: a\n0x10: b\ntrue: c\nnull: d\n2026-01-01: e\n3.5: f\n",
    # an empty key, at the top and below
    '"": top\nm:\n  "": below\n',
    # aliases: the same nodes under two paths
    "a: &x {k: [1, {z: 2}]}\nb: *x\n",
    "- a\n- [b, [c, d]]\n- {e: f}\n",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_positions_on_demand_answer_as_a_position_for_every_node_would(text, composer):
    eager = _eager(text)
    positions = load_text(text, "x.yaml").positions
    for path, pos in eager.items():
        assert positions.get(path) == pos, path
        assert path in positions
    for missing in ("zz", "a.zz", "a[0]", "a.b[9]", "[7]", "a.b.c.d", "m..", "[01]", "a[", "a.b]"):
        if missing not in eager:
            assert positions.get(missing) is None, missing
            assert missing not in positions
    assert dict(positions.items()) == eager


_KEYS = st.text(alphabet="ab.[]0", min_size=1, max_size=4)  # (an empty key: AWKWARD)
_TREES = st.recursive(
    st.sampled_from(["x", 1, None]),
    lambda inner: st.dictionaries(_KEYS, inner, max_size=4) | st.lists(inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4), st.lists(_KEYS, max_size=3))
def test_positions_on_demand_of_keys_that_hold_separators(tree, extra):
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    buf = io.StringIO()
    yaml.dump(tree, buf)
    text = buf.getvalue()
    eager = _eager(text)
    positions = load_text(text, "x.yaml").positions
    for path, pos in eager.items():
        assert positions.get(path) == pos, path
    for path in [*eager, ""]:
        for tail in extra:
            probe = f"{path}.{tail}" if path else tail
            assert positions.get(probe) == eager.get(probe), probe


def test_positions_on_demand_of_a_real_dossier(tmp_path, composer):
    from tests.conftest import ROOT

    for example in sorted((ROOT / "examples").glob("*.yaml")):
        text = example.read_text(encoding="utf-8")
        eager = _eager(text)
        positions = load_text(text, example.name).positions
        assert all(positions[path] == pos for path, pos in eager.items())
        assert len(positions) == len(eager)


def test_moved_paths_keep_their_old_positions_as_a_migration_moves_them():
    from ddtapp.dossier.migrate import remap_positions

    text = "old:\n  a: 1\n  b: [x, y]\nkeep: 2\nnew2: 3\n"
    moves = [("old", "new"), ("new.b", "newer"), ("keep", "new2")]
    eager = _eager(text)
    remap_positions(eager, moves)
    positions = load_text(text, "x.yaml").positions
    positions.move(moves)
    assert dict(positions.items()) == eager
    for path, pos in eager.items():
        assert positions.get(path) == pos, path
    assert positions.get("newer[1]") == (3, 10)
    assert positions.get("new2") == (5, 1)  # written in the file: a move does not replace it


@pytest.mark.parametrize(
    "value",
    [
        "",
        "~",
        "null",
        "Null",
        "true",
        "False",
        "yes",
        "no",
        "on",
        "0",
        "-12",
        "+3",
        "0x1F",
        "0o17",
        "017",
        "1_000",
        "3.5",
        "-.5",
        ".inf",
        "-.Inf",
        ".NaN",
        "1e3",
        "2026-11-21",
        "2026-11-21T10:00:00Z",
        "2026-1-1",
        "<<",
        "=",
        "!x",
        "&a",
        "*a",
        "text",
        "Tuesday",
        "5 days",
        "1.2.3",
        "tRUE",
        "~x",
        "-",
        # a pattern's `$` matches before a final line break too (a plain scalar never ends in one)
        "true\n",
        "~\n",
        "7\n",
        "\n",
        "\n\n",
    ],
)
def test_the_quick_resolver_tags_every_plain_scalar_as_ruamels_yaml_12_resolver_does(value):
    from ruamel.yaml import nodes
    from ruamel.yaml.resolver import VersionedResolver

    from ddtapp.loading.compose import _Yaml12Resolver
    from ddtapp.loading.nodes import MappingNode, ScalarNode, SequenceNode

    ours, ruamels = _Yaml12Resolver(), VersionedResolver()  # ruamel's: YAML 1.2 unless a document says 1.1
    for implicit in ((True, False), (False, True), (False, False)):
        assert ours.resolve(ScalarNode, value, implicit) == str(ruamels.resolve(nodes.ScalarNode, value, implicit))
    for kind, theirs in ((MappingNode, nodes.MappingNode), (SequenceNode, nodes.SequenceNode)):
        assert ours.resolve(kind, None, (True, False)) == str(ruamels.resolve(theirs, None, (True, False)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-._:eExXoObB tTrRuUfFaAlLsSnN~<=!&*Zyz\n", max_size=12))
def test_the_quick_resolver_agrees_with_ruamels_on_any_plain_scalar(value):
    from ruamel.yaml import nodes
    from ruamel.yaml.resolver import VersionedResolver

    from ddtapp.loading.compose import _Yaml12Resolver
    from ddtapp.loading.nodes import ScalarNode

    expected = str(VersionedResolver().resolve(nodes.ScalarNode, value, (True, False)))
    assert _Yaml12Resolver().resolve(ScalarNode, value, (True, False)) == expected


@pytest.mark.parametrize("value", ["true", "yes", "0x1F", "1e3", "~", "", "2026-11-21", "<<", "text"])
def test_every_composer_tags_a_plain_scalar_as_ruamels_yaml_12_resolver_does(value, composer):
    from ruamel.yaml import nodes
    from ruamel.yaml.resolver import VersionedResolver

    from ddtapp.loading.compose import _compose

    root = _compose(f"k: {value}\nq: '{value}'\n")
    assert root is not None
    (_, plain), (_, quoted) = root.value
    assert plain.tag == str(VersionedResolver().resolve(nodes.ScalarNode, value, (True, False)))
    assert quoted.tag == "tag:yaml.org,2002:str"


def test_aliases_are_counted_whenever_the_text_has_an_anchor(composer):
    # '&' inside text is not an anchor: nothing to count, the same data
    assert load_text("a: R&D\nb: [x, y]\n", "d.yaml").data == {"a": "R&D", "b": ["x", "y"]}
    assert load_text("a: &x [1, 2]\nb: *x\n", "d.yaml").data == {"a": [1, 2], "b": [1, 2]}
    lines = ["a0: &a0 [" + ", ".join(["x"] * 100) + "]"]
    lines += [f"a{i}: [{', '.join(['*a0'] * 10)}]" for i in range(1, 12)]
    assert "aliases expand to more than" in _problem("\n".join(lines) + "\n").message


@pytest.mark.parametrize("limit", [150, 200, 201, 400, 1000, 1300])
@pytest.mark.parametrize("flow", [0, 1, 10, 500, 1200])
@pytest.mark.parametrize("prefix", [0, 50, 99, 100, 101, 300, 700])
@pytest.mark.parametrize("first", [True, False])
def test_the_quick_nesting_bound_decides_as_the_measured_one(limit, flow, prefix, first):
    from ddtapp.loading.limits import nesting_bound, nesting_within

    deep = "- ? " * (prefix // 4) + " " * (prefix % 4) + "x: 1"
    lines = ["a: 1", "b:\r  c: " + "[" * flow, "d: text"]
    lines.insert(0 if first else 2, deep)
    text = "\n".join(lines) + "\n"
    assert nesting_within(text, limit) == (nesting_bound(text) <= limit)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t:#-'\"ab\n\r\x0b", max_size=40))
def test_a_text_without_colon_blanks_hash_holds_no_hash_value(text):
    from ddtapp.loading.yaml_loader import _COMMENT_AFTER_COLON
    from ddtapp.loading.yaml_messages import _HASH_VALUE

    if _COMMENT_AFTER_COLON.search(text) is None:
        assert not any(_HASH_VALUE.match(line) for line in text.splitlines())


@pytest.mark.parametrize("library", ["pyyaml", "ruamel"])
def test_the_composer_gets_the_librarys_node_classes_back_after_every_load(library):
    from ddtapp.loading.compose import YamlSyntaxError
    from tests.conftest import COMPOSERS

    if library == "pyyaml":
        import yaml
        from yaml import _yaml as module

        own = (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)

        def plain_load(text):
            return yaml.load(text, Loader=yaml.CSafeLoader)
    else:
        import _ruamel_yaml as module
        from ruamel.yaml import YAML
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        own = (ScalarNode, SequenceNode, MappingNode)
        plain_load = YAML(typ="safe").load
    backend = COMPOSERS[library]
    backend.compose("a: [1, {b: c}]\n")
    with pytest.raises(YamlSyntaxError):
        backend.compose("a: [1, {b: c}\n")
    assert (module.ScalarNode, module.SequenceNode, module.MappingNode) == own
    assert plain_load("a: [1, {b: 2026-01-02}]\n") == {"a": [1, {"b": dt.date(2026, 1, 2)}]}


def test_a_check_composes_with_pyyamls_c_composer_and_does_not_import_ruamel():
    """PyYAML (with its C extension) is a dependency: a cold `ddtapp check` composes with it and never imports
    ruamel.yaml, whose import from source costs twice PyYAML's (it is for round-trip editing only)."""
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    code = (
        "import atexit, runpy, sys\n"
        "def report():\n"
        "    from ddtapp.loading.compose import parser_name\n"
        "    found = sorted(m for m in sys.modules if m.startswith(('ruamel', '_ruamel')))\n"
        "    sys.stderr.write(f'@@ {parser_name()} {found} {\"ddtapp.loading.yaml_loader\" in sys.modules}')\n"
        "atexit.register(report)\n"
        "runpy.run_module('ddtapp', run_name='__main__')\n"
    )
    argv = ["check", str(EXAMPLES / "demand-dashboard.yaml"), "--today", "2026-11-21", "--no-config"]
    ran = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.split("@@ ")[-1] == "C (PyYAML, libyaml) [] True"


def test_the_python_composer_loads_as_the_c_composers(monkeypatch):
    """Without either C extension, ruamel.yaml composes in Python and its nodes are copied into ddtapp's:
    the same data and positions for every example and awkward text, and the same refusals."""
    from ddtapp.loading import compose
    from ddtapp.loading.compose_ruamel import ruamel_backend
    from tests.conftest import ROOT

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    texts += [*AWKWARD, "a: !!str 1\nb: !!int '7'\nc: !!map {d: !!seq [x]}\n"]
    quick = [load_text(text, "x.yaml") for text in texts]
    refused = ("a: !!set {x}\n", "a: !!python/none x\n", "? [k]\n: v\n", "a: 1\na: 2\n", "<<: {a: 1}\n")
    quick_errors = []
    for text in refused:
        with pytest.raises(InputError) as error:
            load_text(text, "x.yaml")
        quick_errors.append(error.value.problems)
    monkeypatch.setattr(compose, "BACKEND", ruamel_backend(pure=True))
    assert compose.parser_name() == "pure Python (ruamel.yaml)"
    for text, loaded in zip(texts, quick, strict=True):
        plain = load_text(text, "x.yaml")
        assert plain.data == loaded.data
        assert dict(plain.positions.items()) == dict(loaded.positions.items())
    for text, problems in zip(refused, quick_errors, strict=True):
        with pytest.raises(InputError) as plain_error:
            load_text(text, "x.yaml")
        assert plain_error.value.problems == problems, text


@pytest.mark.parametrize(
    ("blocked", "parser"),
    [
        ("yaml", "C (ruamel.yaml.clib)"),
        ("yaml._yaml", "C (ruamel.yaml.clib)"),
        ("yaml _ruamel_yaml", "pure Python (ruamel.yaml)"),
    ],
)
def test_without_pyyamls_c_extension_ruamel_composes(blocked, parser):
    """PyYAML not installed, or without its C extension (a pure-Python install): ruamel.yaml.clib's C composer
    loads; without that either, ruamel.yaml's in Python. The same data, positions and refusals."""
    import json
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    code = (
        "import json, sys\n"
        f"for name in {blocked.split()!r}:\n"
        "    sys.modules[name] = None  # import fails, as when it is not installed\n"
        "from ddtapp.errors import InputError\n"
        "from ddtapp.loading.compose import parser_name\n"
        "from ddtapp.loading.yaml_loader import load_text\n"
        "loaded = load_text(open(sys.argv[1], encoding='utf-8').read(), 'x.yaml')\n"
        "try:\n"
        "    load_text('a: 1\\nb: [2\\n', 'x.yaml')\n"
        "except InputError as exc:\n"
        "    refused = exc.problems[0].render()\n"
        "print(json.dumps([parser_name(), len(loaded.positions), loaded.positions['tool.name'], refused]))\n"
    )
    example = EXAMPLES / "demand-dashboard.yaml"
    ran = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True)
    expected = load_text(example.read_text(encoding="utf-8"), "x.yaml")
    with pytest.raises(InputError) as refused:
        load_text("a: 1\nb: [2\n", "x.yaml")
    assert json.loads(ran.stdout) == [
        parser,
        len(expected.positions),
        list(expected.positions["tool.name"]),
        refused.value.problems[0].render(),
    ]


def _shape(node) -> object:
    """A node tree as plain tuples: kind, tag, start, and the text (with its style: plain is '' in C, None in
    Python, and its end), items or pairs."""
    from ddtapp.loading.nodes import MappingNode, ScalarNode

    start = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        end = (node.end_mark.line, node.end_mark.column)
        return ("scalar", node.tag, start, node.value, node.style or None, end)
    if isinstance(node, MappingNode):
        return ("mapping", node.tag, start, [(_shape(k), _shape(v)) for k, v in node.value])
    return ("sequence", node.tag, start, [_shape(item) for item in node.value])


def test_the_nodes_the_c_composers_make_are_the_nodes_the_python_composer_copies(composer):
    """The C composer makes each node with the exception class's constructor (no Python code, its arguments
    kept in ``args``): the same kinds, tags, texts and marks as ruamel's composer in Python gives, copied."""
    from ddtapp.loading.compose import _compose
    from ddtapp.loading.compose_ruamel import ruamel_backend
    from tests.conftest import ROOT

    pure = ruamel_backend(pure=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    texts += [*AWKWARD, "a: !!str 1\nb: !!int '7'\nc: !!map {d: !!seq [x]}\ne: |\n  x\nf: 'y'\n"]
    for text in texts:
        assert _shape(_compose(text)) == _shape(pure.compose(text))
