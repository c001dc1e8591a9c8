"""The loader's two C composers, PyYAML's (ddtapp's first choice) and ruamel.yaml.clib's (the fallback where
PyYAML's C extension is missing), load the same text to the same data and positions, and refuse broken or
hostile text with the same message at the same line and column.

They run the same composer code on libyaml, but not the same libyaml: PyYAML's wheels carry libyaml 0.2.5
or later, ruamel.yaml.clib 0.1.7. The newer one reads a ``:`` or a ``?`` inside a plain scalar in a flow
collection (``{title: a:b}``, ``[what? x]``) as YAML 1.2 does, as part of the text, where 0.1.7 stopped
with a syntax error; and it refuses a ``,`` ``[`` ``]`` ``{`` ``}`` in a local tag as a syntax error, where
0.1.7 took it into the tag (which ddtapp then refused as a tag). The last tests pin those differences.
"""

from __future__ import annotations

import pytest

from ddtapp.errors import InputError
from ddtapp.loading import compose
from ddtapp.loading.yaml_loader import load_bytes
from tests.conftest import COMPOSERS, ROOT
from tests.test_hostile import HOSTILE_FILES
from tests.test_loader import AWKWARD

pytestmark = pytest.mark.skipif(len(COMPOSERS) < 2, reason="needs both PyYAML's and ruamel.yaml.clib's C composer")

HEAD = "schema_version: 1\nstage: engage\ntool:\n  name: Demand dashboard\n"

#: Broken text: every mistake the plain-words messages explain (tests/test_cli_messages.py), and more
BROKEN = [
    "a: [1\n",
    "a:\n\tb: 1\n",
    "a: 1\nb: 2\na: 3\n",
    "",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !custom x\n",
    "a: b: c\n",
    "a: &x 1\nb: &x 2\n",
    "a: *nope\n",
    "a: \x01\n",
    "a: \ud800\n".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "%YAML 1.2\n---\na: yes\n",
    "%YAML 1.1\n---\na: yes\n",
    "%YAML 1.3\n---\na: 1\n",
    "%TAG !e! tag:e.com,2000:\n---\na: !e!x 1\n",
    "- !<tag:yaml.org,2002:str> 5\n",
    "a: =\n",
    "<<: {a: 1}\n",
    "? [k]\n: v\n",
    "a: !!set {x}\n",
    "a: 'it's'\n",
    'a: "x\n',
    "k: [a, b\nc: 1\n",
    "a: {b\n",
    "a: 1\n b: 2\n",
    "a:\n  - x\n y: 2\n",
    "a: []\n  - x\n",
    "x\ny: 1\n",
    "a: #b\n",
    "a:\n- b\n-c\n",
    "---\n...\n",
    "a: |\n  text\n b: 1\n",
    "a: >\n text\n\tb\n",
    "a: [b, {c: d}, [e\n",
    "- a\n- b: c\n  d\n",
    HEAD + "  purpose: Show demand: by beat\n",
    HEAD + "  purpose: Note: see the annex\n",
    HEAD + "  technology_types: []\n    - dashboard\n",
    HEAD + "  purpose: Show demand.\n   force: Example\n",
    HEAD + "  force: Example\n    owner: x\n  maturity: pilot\n",
    HEAD + "\tforce: Example\n",
    HEAD + "  purpose: 'It's the beat view'\n",
    HEAD + "  technology_types: [dashboard, other\n  force: X\n",
    HEAD + '  purpose: "Show demand\n  force: X\n',
    HEAD + "  reference: #DDT-1\n  force: Example\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",
    "a: " + "[" * 1200 + "]" * 1200 + "\n",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)),
]


def _outcome(raw: bytes) -> tuple:
    try:
        loaded = load_bytes(raw, "x.yaml")
    except InputError as exc:
        return ("refused", [(p.line, p.column, p.message, p.hint) for p in exc.problems])
    return ("loaded", repr(loaded.data), dict(loaded.positions.items()))


def _every_composer(monkeypatch, raw: bytes) -> dict[str, tuple]:
    out = {}
    for name, backend in COMPOSERS.items():
        monkeypatch.setattr(compose, "BACKEND", backend)
        out[name] = _outcome(raw)
    return out


def _texts() -> list[bytes]:
    files = [*sorted((ROOT / "examples").glob("*.yaml")), *sorted((ROOT / "tests").rglob("*.yaml"))]
    texts = [path.read_bytes() for path in files]
    texts += [text.encode("utf-8") for text in (*AWKWARD, *BROKEN)]
    texts += [payload for payload, _ in HOSTILE_FILES.values()]
    return texts


@pytest.mark.parametrize("raw", _texts(), ids=range(len(_texts())))
def test_both_composers_load_and_refuse_alike(monkeypatch, raw):
    outcomes = _every_composer(monkeypatch, raw)
    assert outcomes["pyyaml"] == outcomes["ruamel"]


def test_the_examples_and_the_broken_texts_are_not_all_alike():
    """The comparison above is not vacuous: it holds valid dossiers and texts refused in many ways."""
    outcomes = [_outcome(raw) for raw in _texts()]
    refusals = [outcome[1][0][2] for outcome in outcomes if outcome[0] == "refused"]
    assert len(outcomes) - len(refusals) > 20  # loaded: every example, the awkward texts
    assert len({message.split(":")[0] for message in refusals}) > 15  # refused for a tag, a key, a limit...
    assert len({message for message in refusals if message.startswith("YAML syntax error")}) > 15


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: {title: Forc? e room}\n", {"a": {"title": "Forc? e room"}}),
        ("a: [what?x, y]\n", {"a": ["what?x", "y"]}),
        ("a: {title: a:b}\n", {"a": {"title": "a:b"}}),
        ("a: {summary:> text}\n", {"a": {"summary:> text": None}}),
    ],
)
def test_pyyaml_reads_a_colon_or_question_mark_in_flow_text_as_yaml_12_does(monkeypatch, text, data):
    outcomes = _every_composer(monkeypatch, text.encode("utf-8"))
    assert outcomes["pyyaml"][:2] == ("loaded", repr(data))
    assert outcomes["ruamel"][0] == "refused"  # libyaml 0.1.7: "found unexpected ':'" (or an unclosed '{')


def test_a_flow_indicator_in_a_local_tag_is_refused_by_both(monkeypatch):
    outcomes = _every_composer(monkeypatch, b"a: !foo,bar x\n")
    assert outcomes["pyyaml"][0] == outcomes["ruamel"][0] == "refused"
    assert "YAML syntax error" in outcomes["pyyaml"][1][0][2]
    assert outcomes["ruamel"][1][0][2] == "tag !foo,bar is not allowed"


def test_a_collection_has_its_end_mark_on_every_composer():
    """The pure-Python ruamel path copies its nodes into ddtapp's: a collection's end mark is set as the C
    composers set it (review: it was left in ``args`` only, and ``end_mark`` raised AttributeError)."""
    from ddtapp.loading.compose_ruamel import ruamel_backend

    text = "a:\n  - 1\n  - 2\nb: {c: 1}\n"
    ends = []
    for backend in (compose.BACKEND, ruamel_backend(), ruamel_backend(pure=True)):
        root = backend.compose(text)
        seq, flow = root.value[0][1], root.value[1][1]
        ends.append([(n.end_mark.line, n.end_mark.column) for n in (root, seq, flow)])
    assert ends[0] == ends[1] == ends[2]
