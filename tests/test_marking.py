"""The one-walk marking (force/marking.py) decides every field as the field-by-field reading of the rules
does: for each dotted path, the dossier's own patterns, most specific first, then the defaults in order, a
default's ``when`` judged on the block at every prefix its pattern matches. The reading below is that rule
written plainly (as publication.py did it before the walk), and every public function is compared with it
on the examples, generated dossiers, hand-made edge cases and random trees."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddtapp.force.marking import Automaton
from ddtapp.force.publication import (
    MIN_SECRET_LENGTH,
    PUBLICATION_KEY,
    UNDECIDED,
    Condition,
    Default,
    Marker,
    Marking,
    builtin_defaults,
    check_marks,
    dossier_markings,
    join_path,
    leaves,
    marked_leaves,
    parse_defaults,
    prefix_ends,
    secret_repeats,
    split_path,
    undecided_paths,
    valid_pattern,
)
from ddtapp.loading.yaml_loader import load_file
from tests.helpers import ROOT, bench_generator

TODAY = dt.date(2026, 11, 21)
DAYS = (TODAY, dt.date(2020, 1, 1), dt.date(2031, 6, 1))


# ----------------------------------------------------------------------------- the plain reading


def _node(data: Any, segments: tuple[str, ...]) -> Any:
    node = data
    for seg in segments:
        if seg.startswith("["):
            i = int(seg[1:-1])
            node = node[i] if isinstance(node, list) and i < len(node) else None
        else:
            node = node.get(seg) if isinstance(node, dict) else None
    return node


def _specificity(pattern: str) -> tuple[int, int, str]:
    segments = split_path(pattern)
    return (sum(1 for s in segments if s not in ("*", "**", "[*]")), len(segments), pattern)


def plain_marking(data: Any, today: dt.date, defaults: tuple[Default, ...], path: str) -> Marking:
    segments = split_path(path)
    own = sorted(dossier_markings(data).values(), key=lambda m: _specificity(m.pattern))
    for marking in reversed(own):
        if next(prefix_ends(split_path(marking.pattern), segments), None) is not None:
            return marking
    for d in defaults:
        for k in prefix_ends(d.segments, segments):
            node = _node(data, segments[:k])
            block = node if isinstance(node, dict) else _node(data, segments[: k - 1])
            if d.when is None or d.when.holds(block, today):
                level = "undecided" if d.marking == "decide" else d.marking
                return Marking(level, d.exemption, d.reason, "default", d.pattern)
    return UNDECIDED


def plain_marked(data: Any, today: dt.date, defaults: tuple[Default, ...]) -> list[tuple[str, Any, Marking]]:
    return [(path, value, plain_marking(data, today, defaults, path)) for path, value in leaves(data)]


def plain_secret_repeats(data: Any, marked: list[tuple[str, Any, Marking]]) -> list[str]:
    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    secrets, public = set(), []
    for path, value, marking in marked:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        text = norm(str(value))
        if marking.marking == "secret" and len(text) >= MIN_SECRET_LENGTH:
            secrets.add(text)
        elif marking.marking == "public":
            public.append((path, text))
    for pattern, marking in dossier_markings(data).items():
        if marking.reason:
            public.append((f"{join_path(PUBLICATION_KEY, pattern)}.reason", norm(marking.reason)))
    return [p for p, text in public if any(s in text for s in secrets)]


def assert_same(data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> None:
    """Every public function agrees with the plain reading on this dossier."""
    rules = builtin_defaults() if defaults is None else defaults
    expected = plain_marked(data, today, rules)
    assert marked_leaves(data, today, defaults) == expected
    secret = any(m.marking == "secret" for _, _, m in expected)
    assert check_marks(data, today, defaults) == (
        expected if secret else [(p, v, m) for p, v, m in expected if m.marking == "undecided"]
    )
    marker = Marker(data, today, defaults)
    assert marker.all() == {path: marking for path, _, marking in expected}
    assert undecided_paths(data, today, defaults) == [p for p, _, m in expected if m.marking == "undecided"]
    assert secret_repeats(data, today, defaults) == plain_secret_repeats(data, expected)
    # paths that are no field: blocks, and paths the dossier does not hold
    blocks = {path.rpartition(".")[0] for path, _, _ in expected} | {"tool", "nowhere.name", "deployments[7]"}
    for path in sorted(blocks):
        assert marker.of(path) == plain_marking(data, today, rules, path), path


# ----------------------------------------------------------------------------- real and generated dossiers

OWN = {
    "tool": {"marking": "restricted", "exemption": "s31", "reason": "Covert tool."},
    "tool.name": {"marking": "public"},
    "**.name": {"marking": "secret", "exemption": "s24", "reason": "Security."},
    "risk_register[*].measures": {"marking": "public"},
    "governance.documents[0]": {"marking": "secret", "exemption": "s31", "reason": "A plan."},
    "**.deployments[*].date": {"marking": "public"},
    "*.legal_framework": {"marking": "restricted", "exemption": "s30", "reason": "Advice."},
}


def _examples() -> list[Any]:
    return [load_file(p).data for p in sorted((ROOT / "examples").glob("*.yaml"))]


@pytest.mark.parametrize("today", DAYS)
def test_the_examples_are_marked_as_field_by_field(today):
    for data in _examples():
        assert_same(data, today)
        assert_same({**data, PUBLICATION_KEY: OWN}, today)


@pytest.fixture(scope="module")
def generated() -> list[Any]:
    from ddtapp.loading.yaml_loader import load_text

    return [load_text(text, name).data for name, text in bench_generator().corpus(24, 7)]


def test_generated_dossiers_are_marked_as_field_by_field(generated):
    for i, data in enumerate(generated):
        today = DAYS[i % len(DAYS)]
        assert_same(data, today)
        own = {**data, PUBLICATION_KEY: {k: v for j, (k, v) in enumerate(OWN.items()) if (i + j) % 3}}
        assert_same(own, today)  # each dossier its own markings: the automaton of one is not another's


def test_a_force_s_own_defaults_are_marked_as_field_by_field(generated):
    defaults = parse_defaults(
        [
            {"path": "**", "marking": "restricted", "when": {"key": "role", "present": True}},
            {"path": "**.deployments[*].*", "marking": "secret", "when": {"key": "date", "date": "future"}},
            {"path": "*.*[*]", "marking": "decide", "when": {"key": "status", "in": ["draft", "approved"]}},
            {"path": "sign_off[*].**", "marking": "secret", "when": {"key": "date", "date": "past"}},
            {"path": "tool.*", "marking": "public"},
            {"path": "**.name.**", "marking": "secret"},
            {"path": "governance.documents[1]", "marking": "restricted"},
            {"path": "risk_register", "marking": "public"},
        ]
    )
    for data in generated[:8]:
        assert_same(data, TODAY, defaults)
        assert_same({**data, PUBLICATION_KEY: OWN}, dt.date(2031, 1, 1), defaults)


# ----------------------------------------------------------------------------- edge cases by hand


def _edgy() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "tool": {
            "name": "Northshire LFR",
            "owner": {"name": "Insp Jo Price", "role": "project_lead"},
            "sro": {"name": "ACC Dan Okafor", "role": "senior_leader"},
            "empty": {"name": "Nobody", "role": ""},
            "a.b": "a key with a dot",
            "x[0]": "a key that looks like an index",
            "[3]": {"name": "in a key made of a bracket", "role": "pcc"},
            "": {"name": "under an empty key", "publication": "not the block"},
            7: {"name": "under a number", "role": "chief_constable"},
            True: "under a yes",
            dt.date(2026, 1, 1): "under a date",
            "nul\x00key": {"name": "the old separator", "role": "senior_leader"},
            "bracket]": "a closing bracket only",
            "names": {"name": {"name": {"name": "nested names"}, "role": "pcc"}, "role": "staff"},
        },
        "deployments": [
            {"date": dt.date(2026, 11, 1), "location": "Market Square", "watchlist_size": 812},
            {"date": dt.date(2026, 12, 5), "location": "Arena", "start": dt.date(2026, 12, 5)},
            {"start": dt.date(2027, 1, 1), "nested": {"deployments": [{"date": dt.date(2030, 1, 1), "n": 1}]}},
            "a scalar item",
            [["a list in a list"]],
            None,
        ],
        "governance": {
            "documents": [{"type": "dpia", "location": "intranet/dpia.pdf"}, {"type": "eia", "location": None}],
            "privacy_policy": {"data_protection": {"cybersecurity": "Pen tested.", "retention": "31 days"}},
            "empty": {},
            "none": [],
        },
        "risk_register": [{"id": "R1", "measures": "Two-stage review of every alert, Northshire LFR"}],
        "sign_off": [{"values": {"deployments[x]": "a key whose bracket is no index", "deployments": "flat"}}],
        "waivers": [{"rule": "GOV-01", "reason": "Accepted."}],
        "": {"publication": "left out, as the block is", "kept": 1},
    }


EDGE_OWN: dict[str, Any] = {
    # more specific than the defaults, and less
    "tool.sro.name": {"marking": "secret", "exemption": "s24", "reason": "Covert role for Northshire LFR."},
    "tool": {"marking": "restricted", "exemption": "s31", "reason": "Covert tool."},
    "deployments[1]": {"marking": "public", "reason": "Announced in advance."},
    "deployments[*].location": {"marking": "restricted", "exemption": "s31", "reason": "Where."},
    "**.nested.**": {"marking": "secret", "exemption": "s31", "reason": "Nested."},
    "governance.documents[*]": {"marking": "public"},
    "*.privacy_policy": {"marking": "public"},
    "**[*]": {"marking": "restricted", "exemption": "s40", "reason": "Every item."},
    "tool..bad": {"marking": "public"},  # not well-formed: left out
    "tool.owner": {"marking": "open"},  # not a marking: left out
}


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("own", [None, EDGE_OWN, {"**": {"marking": "public"}}, {"tool.name": {"marking": "secret"}}])
def test_hand_made_edge_cases_are_marked_as_field_by_field(today, own):
    data = _edgy()
    if own is not None:
        data[PUBLICATION_KEY] = own
    assert_same(_without_bad_index(data), today)
    defaults = parse_defaults(
        [
            {"path": "**", "marking": "secret", "when": {"key": "start", "date": "future"}},
            {"path": "**.**.name", "marking": "public", "when": {"key": "role", "in": ["pcc"]}},
            {"path": "tool.*", "marking": "restricted", "when": {"key": "role", "present": True}},
            {"path": "*[*][*]", "marking": "decide"},
            {"path": "deployments[2].*.deployments[0]", "marking": "public"},
            {"path": "**.deployments[*]", "marking": "secret", "when": {"key": "date", "date": "past"}},
            {"path": "*", "marking": "public"},
        ]
    )
    assert_same(_without_bad_index(data), today, defaults)


def _without_bad_index(data: dict[str, Any]) -> dict[str, Any]:
    """The plain reading took a bracketed key for a list index and stopped on it (a traceback)."""
    out = copy.deepcopy(data)
    del out["sign_off"][0]["values"]["deployments[x]"]
    return out


def test_a_key_whose_bracket_is_no_index_is_marked_without_a_traceback():
    data = _edgy()
    with pytest.raises(ValueError):
        plain_marked(data, TODAY, builtin_defaults())  # how it was
    marked = dict((p, m) for p, _, m in marked_leaves(data, TODAY))
    assert marked["sign_off[0].values.deployments[x]"].pattern == "**.deployments[*]"
    assert marked["sign_off[0].values.deployments[x]"].marking == "public"  # no date in the future to read


def test_the_dossier_is_read_once_and_each_path_the_same_whichever_way_it_is_asked():
    data = _edgy()
    marker = Marker(data, TODAY)
    assert marker.of("deployments[1].location").marking == "secret"
    assert marker.of("tool.a.b") == marker.of("tool.a.b")  # a key with a dot: the path, split again
    assert marker.of("tool.7.name").pattern == "tool"  # under a number key no role is found: not "**.name"


# ----------------------------------------------------------------------------- random trees and patterns

_KEYS = st.sampled_from(["a", "b", "name", "role", "date", "deployments", "a.b", "x[1]", "[0]", "", 3, "\x00", "y]"])
_SCALARS = st.sampled_from(["senior_leader", "pcc", "staff", "", "Some text here", 5, True, None])
_DATES = st.sampled_from([dt.date(2020, 1, 1), TODAY, dt.date(2030, 1, 1)])
_TREES = st.recursive(
    _SCALARS | _DATES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=14,
)
_PATTERNS = st.lists(st.sampled_from(["a", "b", "name", "deployments", "*", "**", "[*]", "[0]", "[1]"]), max_size=4)
_WHEN = st.one_of(
    st.none(),
    st.builds(Condition, st.sampled_from(["role", "date"]), st.just(("pcc", "senior_leader"))),
    st.builds(Condition, st.sampled_from(["role", "date"]), present=st.just(True)),
    st.builds(Condition, st.just("date"), date=st.sampled_from(["past", "future"])),
)


def _pattern(segments: list[str]) -> str:
    text = ""
    for s in segments:
        text += s if s.startswith("[") and text else f".{s}" if text else s
    return text


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(_KEYS, _TREES, max_size=5),
    st.lists(st.tuples(_PATTERNS, _WHEN, st.sampled_from(["public", "secret", "decide"])), max_size=5),
    st.lists(st.tuples(_PATTERNS, st.sampled_from(["public", "restricted", "secret"])), max_size=3),
    _DATES,
)
def test_random_trees_and_patterns_are_marked_as_field_by_field(tree, rules, own, today):
    defaults = tuple(
        Default(p, split_path(p), level, "s31", "r", when)  # type: ignore[arg-type]
        for p, when, level in ((_pattern(s), w, lv) for s, w, lv in rules)
        if valid_pattern(p)
    )
    tree[PUBLICATION_KEY] = {_pattern(s): {"marking": level, "reason": "Some text"} for s, level in own}
    assert_same(tree, today, defaults)


@settings(max_examples=300, deadline=None)
@given(_PATTERNS, st.lists(st.sampled_from(["a", "name", "[0]", "[12]", "x", "\x00", "y]"]), max_size=6))
def test_a_pattern_matches_where_the_segment_walk_does(pattern, segments):
    automaton = Automaton([(tuple(pattern), None, "marked")], None)
    state = automaton.first()
    for seg in segments:
        state = state and automaton.onward(state, int(seg[1:-1]) if seg[1:-1].isdigit() else seg)
    walk = next(prefix_ends(tuple(pattern), tuple(segments)), None) is not None
    assert (state is not None and state.mark == "marked") == walk


def test_reading_the_examples_does_not_depend_on_what_was_read_before(tmp_path: Path):
    first = [marked_leaves(d, TODAY) for d in _examples()]
    again = [marked_leaves(d, TODAY) for d in reversed(_examples())]
    assert first == list(reversed(again))
    # the survey's plans, kept on the states for the next dossiers, answer the same in any order
    surveyed = [check_marks(d, TODAY) for d in _examples()]
    assert surveyed == list(reversed([check_marks(d, TODAY) for d in reversed(_examples())]))
    assert surveyed == [[m for m in marked if m[2].marking == "undecided"] for marked in first]


def test_the_automata_kept_for_the_next_dossiers_stay_bounded(monkeypatch):
    from ddtapp.force import publication

    data = _without_bad_index(_edgy())
    for i in range(40):  # each dossier its own markings
        data[PUBLICATION_KEY] = {f"tool.field_{i}": {"marking": "public"}}
        assert_same(data, TODAY)
        assert len(publication._OWN) <= 32
    first = Marker(data, TODAY)._defaults
    assert Marker(data, TODAY)._defaults is first  # the defaults' steps serve the next dossier
    monkeypatch.setattr(publication, "MAX_STEPS", 10)
    assert first.size > 10 and Marker(data, TODAY)._defaults is not first  # too many steps kept: start again


def test_the_publication_block_is_left_out_of_every_dossier_of_the_same_shape():
    """The survey's plans are kept by a mapping's shape across dossiers, so they hold the first dossier's key
    objects: the publication key is left out by value, not identity (review: a second dossier with the same
    keys, held in other string objects, had its publication block surveyed)."""

    def dossier() -> dict[str, Any]:
        key = "".join(["publi", "cation"])  # an equal key, a new string object each time, as loaded dossiers have
        return {"tool": {"name": "X"}, key: {"zzz": "value"}}

    assert [[path for path, *_ in Marker(dossier(), TODAY).for_check()] for _ in range(3)] == [[], [], []]
