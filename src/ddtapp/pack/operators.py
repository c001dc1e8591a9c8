"""How each operator of the check language evaluates: a parsed check (:class:`ddtapp.pack.checks.Node`)
turned into Python closures, once per rule pack (a :class:`~ddtapp.pack.checks.Compiled`). Its ``run``
takes the evaluation context, the current base (the dossier root, or a list item inside ``each``/``some``)
and the base's dossier path, and returns the paths that fail: an empty tuple means pass. Its ``ok`` takes
the context and the base and says only whether the check passes (exactly ``not run(...)``), building no
path; composite operators ask their children's ``ok`` first and their ``run`` only for one that fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ddtapp.dossier.consistency import as_date
from ddtapp.pack.checks import (
    _MISSING,
    PASS,
    TIERS,
    Compiled,
    Context,
    Node,
    Path,
    Test,
    level_paths,
    months_before,
)

#: The value at a path from a base (``_MISSING`` when it is not there): :meth:`Path.get`, specialised.
Getter = Callable[[Context, Any], Any]


def compile_node(node: Node) -> Compiled:
    return _BUILDERS[node.op](node)


def getter(p: Path) -> Getter:
    """``p.get`` specialised to the path's shape, as fast as the shape allows (same values): a key of the
    base read directly (a dictionary read costs what the memo's would); a longer path from the root
    through the context's :class:`~ddtapp.pack.checks.PathMemo`, one subscript, worked out on a miss from its
    parent's value, memoised in turn (the rules read ~440 paths from the root of a dossier, ~160 of them
    different, most under a few parents)."""
    parts = p.parts
    if len(parts) == 1:
        (key,) = parts
        if p.absolute:

            def get_root_key(ctx: Context, base: Any) -> Any:
                root = ctx.root
                return root.get(key, _MISSING) if isinstance(root, dict) else _MISSING

            return get_root_key

        def get_key(ctx: Context, base: Any) -> Any:
            return base.get(key, _MISSING) if isinstance(base, dict) else _MISSING

        return get_key
    text, walk = p.text, p.walk
    if p.absolute:

        def get_absolute(ctx: Context, base: Any) -> Any:
            memo = ctx.memo
            return memo[text] if memo is not None else walk(ctx.root)

        return get_absolute

    def get_path(ctx: Context, base: Any) -> Any:
        root = ctx.root
        if base is root:
            memo = ctx.memo
            return memo[text] if memo is not None else walk(root)
        for part in parts:
            if not isinstance(base, dict):
                return _MISSING
            base = base.get(part, _MISSING)
        return base

    return get_path


def _at(p: Path, ok: Test) -> Compiled:
    """A check that fails at the path ``p`` (from the base) when ``ok`` says no."""
    full = p.full

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if ok(ctx, base) else (full(bp),)

    return Compiled(run, ok)


def _leaf(node: Node, passes: Callable[[Any], bool]) -> Compiled:
    """An operator that tests the value at its path (``passes(value)``) and fails at that path."""
    p = node.path()
    get = getter(p)
    return _at(p, lambda ctx, base: passes(get(ctx, base)))


def _present(node: Node) -> Compiled:
    p = node.path()
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:
        v = get(ctx, base)
        return v is not _MISSING and v is not None

    return _at(p, ok)


def _non_empty(node: Node) -> Compiled:
    p = node.path()
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:  # not is_empty(value), inline: the commonest test of all
        v = get(ctx, base)
        if v is None or v is _MISSING:
            return False
        if isinstance(v, str):
            return bool(v.strip())
        if isinstance(v, (list, dict)):
            return bool(v)
        return True

    return _at(p, ok)


def _is_true(node: Node) -> Compiled:
    p = node.path()
    get, full = getter(p), p.full

    def ok(ctx: Context, base: Any) -> bool:
        return get(ctx, base) is True

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if get(ctx, base) is True else (full(bp),)

    return Compiled(run, ok)


def _equals(node: Node) -> Compiled:
    value = node.params["value"]
    return _leaf(node, lambda v: bool(v == value))


def _one_of(node: Node) -> Compiled:
    values = tuple(node.params["values"])
    return _leaf(node, lambda v: v is not _MISSING and v in values)


def _min_items(node: Node) -> Compiled:
    n = node.params["n"]
    return _leaf(node, lambda v: isinstance(v, list) and len(v) >= n)


def _contains(node: Node) -> Compiled:
    value = node.params["value"]
    return _leaf(node, lambda v: isinstance(v, list) and value in v)


def _contains_set(all_: bool) -> Callable[[Node], Compiled]:
    def build(node: Node) -> Compiled:
        values = tuple(node.params["values"])
        if all_:
            return _leaf(node, lambda v: isinstance(v, list) and all(x in v for x in values))
        return _leaf(node, lambda v: isinstance(v, list) and any(x in v for x in values))

    return build


def _within_months(node: Node) -> Compiled:
    p, months = node.path(), node.params["months"]
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:
        d = as_date(get(ctx, base))
        return d is not None and d >= months_before(ctx.today, months)

    return _at(p, ok)


def _not_past(node: Node) -> Compiled:
    p = node.path()
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:
        d = as_date(get(ctx, base))
        return d is not None and d >= ctx.today

    return _at(p, ok)


def _date_order(node: Node) -> Compiled:
    first = node.path("before")
    get_first, get_second = getter(first), getter(node.path("after"))

    def ok(ctx: Context, base: Any) -> bool:
        d1, d2 = as_date(get_first(ctx, base)), as_date(get_second(ctx, base))
        return d1 is None or d2 is None or d1 <= d2

    return _at(first, ok)


def _document(node: Node) -> Compiled:
    doc_type = node.params["type"]
    statuses = tuple(node.params.get("status") or ())
    current = bool(node.params.get("current", False))
    p = node.path("in")
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:
        docs = get(ctx, base)
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
                return True
        return False

    return _at(p, ok)


def _tier_at_least(node: Node) -> Compiled:
    n = TIERS.index(node.params["tier"])

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if ctx.tier_index >= n else ("impact",)

    return Compiled(run, lambda ctx, base: ctx.tier_index >= n)


def _children(node: Node) -> list[Compiled]:
    return [compile_node(c) for c in node.children]


def _all_ok(node: Node) -> Callable[[Context, Any], bool]:
    """Whether every child passes (``all`` and ``every`` alike)."""
    oks = [c.ok for c in _children(node)]

    def ok(ctx: Context, base: Any) -> bool:
        for sub in oks:  # noqa: SIM110 (a loop: all() over a generator costs a generator a call)
            if not sub(ctx, base):
                return False
        return True

    return ok


def _all(node: Node) -> Compiled:
    subs = _children(node)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        for sub in subs:  # the findings of the first that fails
            if not sub.ok(ctx, base):
                return sub.run(ctx, base, bp)
        return PASS

    return Compiled(run, _all_ok(node))


def _every(node: Node) -> Compiled:
    """As ``all``, but the findings of every failing check, not only of the first: a test that records neither
    its version nor its threshold is one finding at each."""
    subs = _children(node)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        failed: list[str] = []
        for sub in subs:
            if not sub.ok(ctx, base):
                failed.extend(sub.run(ctx, base, bp))
        return tuple(failed)

    return Compiled(run, _all_ok(node))


def _any(node: Node) -> Compiled:
    subs = _children(node)
    oks = [sub.ok for sub in subs]
    first = subs[0].run

    def ok(ctx: Context, base: Any) -> bool:
        for sub in oks:  # noqa: SIM110 (as in all)
            if sub(ctx, base):
                return True
        return False

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        # when none passes, the findings of the first alternative (what the rule asks first)
        return PASS if ok(ctx, base) else first(ctx, base, bp)

    return Compiled(run, ok)


def _not(node: Node) -> Compiled:
    (child,) = node.children
    sub = compile_node(child).ok
    # a finding of a negated check points at the first path the check asks for
    target = next(level_paths(child), None)

    def ok(ctx: Context, base: Any) -> bool:
        return not sub(ctx, base)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        if not sub(ctx, base):
            return PASS
        return (target.full(bp) if target is not None else bp or "",)

    return Compiled(run, ok)


def _each(node: Node) -> Compiled:
    p, sub = node.path(), compile_node(node.children[0])
    get, full = getter(p), p.full
    sub_ok, sub_run = sub.ok, sub.run

    def ok(ctx: Context, base: Any) -> bool:
        items = get(ctx, base)
        if isinstance(items, list):
            for item in items:
                if not sub_ok(ctx, item):
                    return False
        return True

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = get(ctx, base)
        if not isinstance(items, list):
            return PASS
        prefix = full(bp)
        failed: list[str] = []
        for i, item in enumerate(items):
            if not sub_ok(ctx, item):  # an item's path only for an item that fails
                failed.extend(sub_run(ctx, item, f"{prefix}[{i}]"))
        return tuple(failed)

    return Compiled(run, ok)


def _some(node: Node) -> Compiled:
    p, sub_ok = node.path(), compile_node(node.children[0]).ok
    get = getter(p)

    def ok(ctx: Context, base: Any) -> bool:
        items = get(ctx, base)
        if isinstance(items, list):
            for item in items:
                if sub_ok(ctx, item):
                    return True
        return False

    return _at(p, ok)


def _equals_path(node: Node) -> Compiled:
    p, q = node.path(), node.path("other")
    get, get_other = getter(p), getter(q)

    def ok(ctx: Context, base: Any) -> bool:
        v = get(ctx, base)
        return v is not _MISSING and v is not None and bool(v == get_other(ctx, base))

    return _at(p, ok)


#: Every operator of :data:`ddtapp.pack.checks.SYNTAX`, evaluated (tests/test_checks.py checks both agree).
_BUILDERS: dict[str, Callable[[Node], Compiled]] = {
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
