"""How each operator of the check language evaluates: a parsed check (:class:`ddtapp.pack.checks.Node`)
turned into a Python closure, once per rule pack. Each closure takes the evaluation context, the
current base (the dossier root, or a list item inside ``each``/``some``) and the base's dossier path,
and returns the paths that fail: an empty tuple means pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ddtapp.dossier.consistency import as_date
from ddtapp.pack.checks import (
    _MISSING,
    PASS,
    TIERS,
    Check,
    Context,
    Node,
    is_empty,
    level_paths,
    months_before,
)


def compile_node(node: Node) -> Check:
    return _BUILDERS[node.op](node)


def _present(node: Node) -> Check:
    p = node.path()
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = get(ctx, base)
        return PASS if v is not _MISSING and v is not None else (full(bp),)

    return run


def _non_empty(node: Node) -> Check:
    p = node.path()
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return (full(bp),) if is_empty(get(ctx, base)) else PASS

    return run


def _is_true(node: Node) -> Check:
    p = node.path()
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if get(ctx, base) is True else (full(bp),)

    return run


def _equals(node: Node) -> Check:
    p, value = node.path(), node.params["value"]
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if get(ctx, base) == value else (full(bp),)

    return run


def _one_of(node: Node) -> Check:
    p, values = node.path(), tuple(node.params["values"])
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = get(ctx, base)
        return PASS if v is not _MISSING and v in values else (full(bp),)

    return run


def _min_items(node: Node) -> Check:
    p, n = node.path(), node.params["n"]
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = get(ctx, base)
        return PASS if isinstance(v, list) and len(v) >= n else (full(bp),)

    return run


def _contains(node: Node) -> Check:
    p, value = node.path(), node.params["value"]
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = get(ctx, base)
        return PASS if isinstance(v, list) and value in v else (full(bp),)

    return run


def _contains_set(all_: bool) -> Callable[[Node], Check]:
    def build(node: Node) -> Check:
        p, values = node.path(), tuple(node.params["values"])
        get, full = p.get, p.full

        def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
            v = get(ctx, base)
            if not isinstance(v, list):
                return (full(bp),)
            ok = all(x in v for x in values) if all_ else any(x in v for x in values)
            return PASS if ok else (full(bp),)

        return run

    return build


def _within_months(node: Node) -> Check:
    p, months = node.path(), node.params["months"]
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d = as_date(get(ctx, base))
        return PASS if d is not None and d >= months_before(ctx.today, months) else (full(bp),)

    return run


def _not_past(node: Node) -> Check:
    p = node.path()
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d = as_date(get(ctx, base))
        return PASS if d is not None and d >= ctx.today else (full(bp),)

    return run


def _date_order(node: Node) -> Check:
    first, second = node.path("before"), node.path("after")

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d1, d2 = as_date(first.get(ctx, base)), as_date(second.get(ctx, base))
        if d1 is None or d2 is None:
            return PASS
        return PASS if d1 <= d2 else (first.full(bp),)

    return run


def _document(node: Node) -> Check:
    doc_type = node.params["type"]
    statuses = tuple(node.params.get("status") or ())
    current = bool(node.params.get("current", False))
    p = node.path("in")

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        docs = p.get(ctx, base)
        if isinstance(docs, list):
            for doc in docs:
                if not isinstance(doc, dict) or doc.get("type") != doc_type:
                    continue
                if statuses and doc.get("status") not in statuses:
                    continue
                if current:
                    review = as_date(doc.get("review_date"))
                    if review is not None and review < ctx.today:
                        continue
                return PASS
        return (p.full(bp),)

    return run


def _tier_at_least(node: Node) -> Check:
    n = TIERS.index(node.params["tier"])

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if ctx.tier_index >= n else ("impact",)

    return run


def _all(node: Node) -> Check:
    subs = [compile_node(c) for c in node.children]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        for sub in subs:
            failed = sub(ctx, base, bp)
            if failed:
                return failed
        return PASS

    return run


def _every(node: Node) -> Check:
    """As ``all``, but the findings of every failing check, not only of the first: a test that records neither
    its version nor its threshold is one finding at each."""
    subs = [compile_node(c) for c in node.children]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        failed: list[str] = []
        for sub in subs:
            failed.extend(sub(ctx, base, bp))
        return tuple(failed)

    return run


def _any(node: Node) -> Check:
    subs = [compile_node(c) for c in node.children]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        first: tuple[str, ...] = PASS
        for sub in subs:
            failed = sub(ctx, base, bp)
            if not failed:
                return PASS
            if not first:
                first = failed
        return first

    return run


def _not(node: Node) -> Check:
    (child,) = node.children
    sub = compile_node(child)
    # a finding of a negated check points at the first path the check asks for
    target = next(level_paths(child), None)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        if sub(ctx, base, bp):
            return PASS
        return (target.full(bp) if target is not None else bp or "",)

    return run


def _each(node: Node) -> Check:
    p, sub = node.path(), compile_node(node.children[0])
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = get(ctx, base)
        if not isinstance(items, list):
            return PASS
        prefix = full(bp)
        failed: list[str] = []
        for i, item in enumerate(items):
            failed.extend(sub(ctx, item, f"{prefix}[{i}]"))
        return tuple(failed)

    return run


def _some(node: Node) -> Check:
    p, sub = node.path(), compile_node(node.children[0])
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = get(ctx, base)
        prefix = full(bp)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if not sub(ctx, item, f"{prefix}[{i}]"):
                    return PASS
        return (prefix,)

    return run


def _equals_path(node: Node) -> Check:
    p, q = node.path(), node.path("other")
    get, full = p.get, p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v, w = get(ctx, base), q.get(ctx, base)
        return PASS if v is not _MISSING and v is not None and v == w else (full(bp),)

    return run


#: Every operator of :data:`ddtapp.pack.checks.SYNTAX`, evaluated (tests/test_checks.py checks both agree).
_BUILDERS: dict[str, Callable[[Node], Check]] = {
    "present": _present,
    "non_empty": _non_empty,
    "is_true": _is_true,
    "equals": _equals,
    "one_of": _one_of,
    "min_items": _min_items,
    "contains": _contains,
    "contains_all": _contains_set(True),
    "contains_any": _contains_set(False),
    "within_months": _within_months,
    "not_past": _not_past,
    "date_order": _date_order,
    "document": _document,
    "tier_at_least": _tier_at_least,
    "all": _all,
    "any": _any,
    "every": _every,
    "not": _not,
    "each": _each,
    "some": _some,
    "equals_path": _equals_path,
}


def _add_relations() -> None:
    from ddtapp.pack.relations import BUILDERS

    _BUILDERS.update(BUILDERS)
    from ddtapp.pack.reasons import BUILDERS as REASONS

    _BUILDERS.update(REASONS)


_add_relations()
OPERATORS = tuple(sorted(_BUILDERS))
