"""The check language, operator by operator (table-driven), and one tree that every reader walks: each
operator is known to the parser, the evaluator, the referenced/asked paths (FOI answers, draft documents),
``ddtapp init``'s "what does a check test" and a draft's "which rule asks for this document"."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from ddtapp.documents.render import _asks_document
from ddtapp.documents.scaffold import _Tested
from ddtapp.pack import operators
from ddtapp.pack.checks import (
    OPERATORS,
    SYNTAX,
    CheckSyntaxError,
    Context,
    asked_paths,
    compile_check,
    parse_check,
    referenced_paths,
    walk,
)

TODAY = dt.date(2026, 11, 21)
D1, D2 = dt.date(2026, 1, 1), dt.date(2026, 6, 1)

#: operator -> (check, a dossier that passes, one that fails, the paths the failing one is reported at).
#: A dossier's "_tier" is the impact tier index of the run.
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any], tuple[str, ...]]] = {
    "present": ({"present": "a.b"}, {"a": {"b": 0}}, {"a": {"b": None}}, ("a.b",)),
    "non_empty": ({"non_empty": "a.b"}, {"a": {"b": "x"}}, {"a": {"b": "  "}}, ("a.b",)),
    "is_true": ({"is_true": "a"}, {"a": True}, {"a": "yes"}, ("a",)),
    "equals": ({"equals": {"path": "a", "value": 3}}, {"a": 3}, {"a": 4}, ("a",)),
    "one_of": ({"one_of": {"path": "a", "values": [1, 2]}}, {"a": 2}, {}, ("a",)),
    "min_items": ({"min_items": {"path": "a", "n": 2}}, {"a": [1, 2]}, {"a": [1]}, ("a",)),
    "contains": ({"contains": {"path": "a", "value": "x"}}, {"a": ["x"]}, {"a": "x"}, ("a",)),
    "contains_all": ({"contains_all": {"path": "a", "values": ["x", "y"]}}, {"a": ["y", "x"]}, {"a": ["x"]}, ("a",)),
    "contains_any": ({"contains_any": {"path": "a", "values": ["x", "y"]}}, {"a": ["y"]}, {"a": ["z"]}, ("a",)),
    "within_months": (
        {"within_months": {"path": "d", "months": 12}},
        {"d": dt.date(2025, 11, 21)},
        {"d": dt.date(2025, 11, 20)},
        ("d",),
    ),
    "not_past": ({"not_past": "d"}, {"d": "2026-11-21"}, {"d": dt.date(2026, 11, 20)}, ("d",)),
    "date_order": (
        {"date_order": {"before": "a", "after": "$.b"}},
        {"a": D1, "b": D2},
        {"a": D2, "b": D1},
        ("a",),
    ),
    "document": (
        {"document": {"type": "dpia", "in": "docs", "status": ["approved"], "current": True}},
        {"docs": [{"type": "dpia", "status": "approved", "review_date": TODAY}]},
        {"docs": [{"type": "dpia", "status": "approved", "review_date": D2}, {"type": "eia", "status": "approved"}]},
        ("docs",),
    ),
    "tier_at_least": ({"tier_at_least": "high"}, {"_tier": 2}, {"_tier": 1}, ("impact",)),
    "all": ({"all": [{"present": "a"}, {"present": "b"}]}, {"a": 1, "b": 1}, {"a": 1}, ("b",)),
    "any": ({"any": [{"present": "a"}, {"present": "b"}]}, {"b": 1}, {}, ("a",)),
    "every": ({"every": [{"present": "a"}, {"present": "b"}]}, {"a": 1, "b": 1}, {}, ("a", "b")),
    "not": ({"not": {"present": "a.b"}}, {"a": {}}, {"a": {"b": 1}}, ("a.b",)),
    "each": (
        {"each": {"path": "l", "check": {"present": "k"}}},
        {"l": [{"k": 1}]},
        {"l": [{"k": 1}, {}, {"k": None}]},
        ("l[1].k", "l[2].k"),
    ),
    "some": ({"some": {"path": "l", "check": {"present": "k"}}}, {"l": [{}, {"k": 1}]}, {"l": [{}]}, ("l",)),
    "equals_path": ({"equals_path": {"path": "a", "other": "$.b"}}, {"a": 1, "b": 1}, {"a": 1, "b": 2}, ("a",)),
    "some_related": (
        {"some_related": {"path": "l", "match": {"v": "$.v"}, "on_or_after": {"d": "$.d"}, "check": {"present": "k"}}},
        {"v": 1, "d": D1, "l": [{"v": 2, "k": 1, "d": D2}, {"v": 1, "k": 1, "d": D2}]},
        {"v": 1, "d": D2, "l": [{"v": 2, "k": 1, "d": D2}, {"v": 1, "k": 1, "d": D1}, {"v": 1, "d": D2}]},
        ("l",),
    ),
    "meets_criteria": (
        {"meets_criteria": {"results": "r", "criteria": "$.c"}},
        {"c": [{"metric": "accuracy", "minimum": 0.8}], "r": [{"metric": "accuracy", "value": 0.9}]},
        {
            "c": [{"metric": "accuracy", "minimum": 0.8}],
            "r": [{"metric": "auc", "value": 0.5}, {"metric": "accuracy", "value": 0.7}],
        },
        ("r[1].value",),
    ),
    "reasoned": (
        {"reasoned": {"path": "r", "answers": "$.a", "min_words": 2, "not_reasons": ["pilot timetable", "cost"]}},
        {"a": "Test bias first.", "r": "Bias tested by the supplier on similar images."},
        {"a": "Test bias first.", "r": "The pilot timetable and the cost."},
        ("r",),
    ),
}


def _run(spec: dict[str, Any], data: dict[str, Any]) -> tuple[str, ...]:
    data = dict(data)
    tier = data.pop("_tier", 0)
    return compile_check(spec)(Context(root=data, today=TODAY, tier_index=tier), data, "")


def _written(spec: Any) -> set[str]:
    """The dossier paths written in a check (outside each/some), read from the YAML data itself."""
    if isinstance(spec, list):
        return {p for item in spec for p in _written(item)}
    if not isinstance(spec, dict):
        return set()
    found = set()
    for key, arg in spec.items():
        if isinstance(arg, str) and key in ("present", "non_empty", "is_true", "not_past", *_PATH_KEYS):
            found.add(arg.removeprefix("$."))
        else:
            found |= _written(arg)
    return found


_PATH_KEYS = ("path", "before", "after", "in", "other", "results", "criteria", "answers")


def test_every_operator_has_a_case_and_an_evaluator():
    assert set(CASES) == set(OPERATORS) == set(SYNTAX) == set(operators.OPERATORS)


def _ok(spec: dict[str, Any], data: dict[str, Any], memo: bool = True) -> bool:
    data = dict(data)
    tier = data.pop("_tier", 0)
    return compile_check(spec).ok(Context(root=data, today=TODAY, tier_index=tier, memo={} if memo else None), data)


@pytest.mark.parametrize("op", sorted(CASES))
def test_operator_passes_and_fails(op):
    spec, passing, failing, where = CASES[op]
    assert _run(spec, passing) == ()
    assert _run(spec, failing) == where
    # the quick test the checker asks first agrees, with the memo of paths read and without
    for memo in (True, False):
        assert _ok(spec, passing, memo) is True
        assert _ok(spec, failing, memo) is False


#: The operators whose cases read only the base (not the root through ``$.``, nor the tier).
_ITEM_OPS = sorted(op for op, case in CASES.items() if op != "tier_at_least" and "$." not in str(case[0]))


@pytest.mark.parametrize("op", _ITEM_OPS)
def test_operator_inside_each_agrees(op):
    """Inside ``each`` the base is an item: its paths are read from the item, and only the failing item gets
    its path; ``ok`` says the same as the paths do."""
    spec, passing, failing, where = CASES[op]
    wrapped = {"each": {"path": "$.items", "check": spec}}
    root = {"items": [passing, failing]}
    assert _run(wrapped, root) == tuple(f"items[1].{w}" for w in where)
    assert _ok(wrapped, root) is False and _ok(wrapped, {"items": [passing]}) is True


@pytest.mark.parametrize("op", sorted(CASES))
def test_every_walker_knows_the_operator(op):
    spec = CASES[op][0]
    tree = parse_check(spec)
    assert tree.op == op
    # every path the operator names is seen by init's "what does a check test"
    tested = _Tested(SimpleNamespace(rules=[SimpleNamespace(when_tree=None, check_tree=tree)], tier_factors=[]))
    assert set(tested.ops) == ({"l", "l[].k"} if op in ("each", "some", "some_related") else _written(spec))
    # a finding points at a path the check asks for, as draft documents and FOI answers look them up
    failed = _run(spec, CASES[op][2])
    asked = asked_paths(tree)
    referenced = referenced_paths(tree)
    for path in failed:
        general = path.replace("[1]", "[]").replace("[2]", "[]")
        inside = any(path.startswith(f"{a}[") for a in asked)  # a result within a list the check asks for
        assert path == "impact" or general in asked or inside, (path, asked)
        assert path == "impact" or op == "each" or path in referenced or inside, (path, referenced)
    # a draft knows which rule asks for a document
    assert _asks_document(tree, "dpia") is (op == "document")


def test_absent_values_a_check_only_compares_with_are_not_asked_for():
    tree = parse_check({"date_order": {"before": "a", "after": "b"}})
    assert referenced_paths(tree) == ["a"] and asked_paths(tree) == ["a"]
    assert _run({"date_order": {"before": "a", "after": "b"}}, {"a": D2}) == ()
    tree = parse_check({"equals_path": {"path": "a", "other": "b"}})
    assert referenced_paths(tree) == ["a"]


def test_walkers_follow_items_alternatives_and_negation():
    spec = {
        "all": [
            {"any": [{"present": "x"}, {"present": "y"}]},
            {"each": {"path": "$.l", "check": {"document": {"type": "dpia", "in": "docs"}}}},
            {"not": {"document": {"type": "eia", "in": "docs"}}},
        ]
    }
    tree = parse_check(spec)
    assert asked_paths(tree) == ["x", "l[].docs", "docs"]
    assert referenced_paths(tree) == ["x", "y", "docs"]
    assert _asks_document(tree, "dpia") and not _asks_document(tree, "eia")
    assert [n.op for n, _ in walk(tree, alternatives="first", negated=False)] == [
        "all",
        "any",
        "present",
        "each",
        "document",
        "not",
    ]


@pytest.mark.parametrize(
    ("spec", "message", "where"),
    [
        ({"present": "a", "non_empty": "b"}, "exactly one operator", "check"),
        ({"presnt": "a"}, "unknown operator 'presnt'", "check"),
        ({"present": "a..b"}, "bad path", "check.present"),
        ({"equals": {"path": "a"}}, "is missing value", "check.equals"),
        ({"equals": {"path": "a", "value": 1, "x": 2}}, "does not take x", "check.equals"),
        ({"one_of": {"path": "a", "values": 1}}, "values must be a list", "check.one_of"),
        ({"min_items": {"path": "a", "n": -1}}, "n must be a whole number", "check.min_items"),
        ({"contains_any": {"path": "a", "values": []}}, "non-empty list", "check.contains_any"),
        ({"tier_at_least": "huge"}, "tier must be one of", "check.tier_at_least"),
        ({"all": []}, "non-empty list of checks", "check.all"),
        ({"all": [{"present": "a"}, {"nope": 1}]}, "unknown operator 'nope'", "check.all[1]"),
        ({"each": {"path": "l", "check": {"present": 5}}}, "a path must be dotted text", "check.each.check.present"),
    ],
)
def test_syntax_errors_are_located(spec, message, where):
    with pytest.raises(CheckSyntaxError, match=message) as info:
        parse_check(spec)
    assert info.value.where == where


def test_some_related_outside_relates_an_item_whose_results_miss_the_bases_criterion():
    spec = {
        "some_related": {
            "path": "tests",
            "match": {"threshold": "t"},
            "outside": {"results": "target"},
            "check": {"present": "threshold"},
        }
    }
    target = {"metric": "precision", "minimum": 0.8}

    def test(value: float) -> dict[str, Any]:
        return {"threshold": 0.7, "results": [{"metric": "precision", "value": value}]}

    missing = {"t": 0.7, "target": target, "tests": [test(0.6)]}
    meeting = {"t": 0.7, "target": target, "tests": [test(0.9)]}
    assert _run(spec, missing) == ()  # related: a test at the threshold that misses the target
    assert _run(spec, meeting) == ("tests",)


_AWKWARD_ROOTS: list[Any] = [
    {},
    {"a": None},
    {"a": {"b": None}},
    {"a": {"b": {"c": 0}}, "x": [1, {"y": 2}]},
    {"a": [{"b": 1}], "b": "text", "c": {"d": {"e": {"f": []}}}},
    {"a": {"b": {"c": {"d": False}}}, "facts": {"tier": "high"}},
]
_PATHS = ["a", "a.b", "a.b.c", "a.b.c.d", "b.c", "x.y", "c.d.e.f", "c.d.e.f.g", "facts.tier", "facts.tier.x", "zz.a"]


@pytest.mark.parametrize("root", _AWKWARD_ROOTS)
def test_the_memo_of_paths_reads_what_a_walk_reads(root):
    """A PathMemo works a path out from its parent's value, kept: the same value as walking it from the root,
    in whatever order the paths are read (a parent first, or a child before its parent)."""
    from ddtapp.pack.checks import Path, PathMemo

    for order in (_PATHS, list(reversed(_PATHS))):
        memo = PathMemo(root)
        for text in order:
            assert memo[text] is Path(text).walk(root)
            for absolute in (f"$.{text}", text):  # the getters, from the root and from an item
                path = Path(absolute)
                for ctx in (Context(root=root, today=TODAY, memo={}), Context(root=root, today=TODAY)):
                    assert operators.getter(path)(ctx, root) is path.walk(root)
                    assert path.get(ctx, root) is path.walk(root)
                item = {"a": {"b": {"c": 1}}}
                ctx = Context(root=root, today=TODAY, memo=memo)
                want = path.walk(root) if path.absolute else path.walk(item)
                assert operators.getter(path)(ctx, item) is want
                assert path.get(ctx, item) is want
