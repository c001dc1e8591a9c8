"""The rule pack's check language: a small, fixed set of safe operators.

A check is YAML data such as ``{non_empty: engage.legal_framework.legal_basis.policing_powers}`` or
``{all: [...]}``. ``compile_check`` turns it once into a Python closure; nothing is evaluated as
code, there are no loops the data can make unbounded, and the language cannot call functions.
A compiled check takes the evaluation context and the current base (the dossier root, or a list
item inside ``each``/``some``) and returns the dossier paths that fail: an empty tuple means pass.

Operators
  present: P                     the key exists and is not null
  non_empty: P                   present and not an empty string, list or mapping
  is_true: P                     the value is true
  equals: {path: P, value: V}    the value equals V
  one_of: {path: P, values: [..]}
  min_items: {path: P, n: N}     a list with at least N items
  contains: {path: P, value: V}  a list containing V
  contains_all / contains_any: {path: P, values: [..]}
  within_months: {path: P, months: N}      a date no older than N months before --today
  not_past: P                    a date that is today or later (a review date not passed)
  date_order: {before: P, after: Q}        P is on or before Q (passes if either is missing)
  document: {type: T, status: [..], in: P} a document of type T with one of the statuses
  tier_at_least: TIER            the effective impact tier is TIER or higher
  all: [..] / any: [..] / not: {..}
  each: {path: P, check: {..}}   every item passes (one finding per failing item)
  some: {path: P, check: {..}}   at least one item passes
  equals_path: {path: P, other: Q}         two values are equal

Paths are dotted (``a.b.c``). Inside ``each`` and ``some`` they are relative to the item; a path
starting with ``$.`` is always relative to the dossier root. ``facts.*`` holds the derived facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PASS: tuple[str, ...] = ()
TIERS = ("minimal", "moderate", "high", "very_high")
_MISSING = object()


@dataclass
class Context:
    root: dict[str, Any]
    today: dt.date
    tier_index: int = 0


Check = Callable[[Context, Any, str], tuple[str, ...]]


class CheckSyntaxError(ValueError):
    """A check that is not in the language. ``where`` is the operator path inside the check."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.where = where


# ----------------------------------------------------------------------------- paths


class Path:
    __slots__ = ("absolute", "parts", "text")

    def __init__(self, text: Any):
        if not isinstance(text, str) or not text.strip():
            raise CheckSyntaxError(f"a path must be dotted text, got {text!r}")
        self.absolute = text.startswith("$.")
        body = text[2:] if self.absolute else text
        parts = tuple(body.split("."))
        for part in parts:
            if not part or not (part.replace("_", "").isalnum()):
                raise CheckSyntaxError(f"bad path {text!r}: use dotted keys like a.b_c")
        self.text = body
        self.parts = parts

    def get(self, ctx: Context, base: Any) -> Any:
        node = ctx.root if self.absolute else base
        for part in self.parts:
            if not isinstance(node, dict):
                return _MISSING
            node = node.get(part, _MISSING)
            if node is _MISSING:
                return _MISSING
        return node

    def full(self, base_path: str) -> str:
        if self.absolute or not base_path:
            return self.text
        return f"{base_path}.{self.text}"


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


#: Longest ``within_months`` period (a century): more is a mistake, and would reach before year 1.
MAX_MONTHS = 1200


def months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    m += 1
    if y < dt.MINYEAR:  # before the calendar Python knows (``--today 0001-01-01``): the earliest day
        return dt.date.min
    last = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
        m - 1
    ]
    return dt.date(y, m, min(day.day, last))


def is_empty(value: Any) -> bool:
    """What ``non_empty`` fails on: missing, null, blank text, or an empty list or mapping. Drafts use the
    same test, so a placeholder shows exactly where a rule would find the field missing."""
    if value is None or value is _MISSING:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


# ----------------------------------------------------------------------------- compiler


def compile_check(spec: Any, where: str = "check") -> Check:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise CheckSyntaxError("a check is a mapping with exactly one operator, e.g. {present: a.b}", where)
    ((op, arg),) = spec.items()
    builder = _OPERATORS.get(op)
    if builder is None:
        raise CheckSyntaxError(f"unknown operator '{op}'; known: {', '.join(sorted(_OPERATORS))}", where)
    try:
        return builder(arg, f"{where}.{op}")
    except CheckSyntaxError as exc:
        if not exc.where:
            exc.where = f"{where}.{op}"
        raise


def referenced_paths(spec: Any) -> list[str]:
    """Every dossier path a check mentions, in order (used to point a finding somewhere)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        for op, arg in node.items():
            if op in _PATH_OPS and isinstance(arg, str):
                found.append(arg)
            elif isinstance(arg, dict) and op not in ("each", "some"):
                found.extend(v for k, v in arg.items() if k in ("path", "before", "in") and isinstance(v, str))
            elif isinstance(arg, dict):
                if isinstance(arg.get("path"), str):
                    found.append(arg["path"])
            elif isinstance(arg, list):
                walk(arg)
            if op == "not":
                walk(arg)

    walk(spec)
    return found


def _need(arg: Any, *keys: str) -> dict[str, Any]:
    if not isinstance(arg, dict):
        raise CheckSyntaxError(f"expects a mapping with {', '.join(keys)}")
    missing = [k for k in keys if k not in arg]
    if missing:
        raise CheckSyntaxError(f"is missing {', '.join(missing)}")
    return arg


def _allow(arg: dict[str, Any], *keys: str) -> None:
    extra = sorted(set(arg) - set(keys))
    if extra:
        raise CheckSyntaxError(f"does not take {', '.join(extra)}; it takes {', '.join(keys)}")


def _present(arg: Any, where: str) -> Check:
    p = Path(arg)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = p.get(ctx, base)
        return PASS if v is not _MISSING and v is not None else (p.full(bp),)

    return run


def _non_empty(arg: Any, where: str) -> Check:
    p = Path(arg)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return (p.full(bp),) if is_empty(p.get(ctx, base)) else PASS

    return run


def _is_true(arg: Any, where: str) -> Check:
    p = Path(arg)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if p.get(ctx, base) is True else (p.full(bp),)

    return run


def _equals(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "value")
    _allow(a, "path", "value")
    p, value = Path(a["path"]), a["value"]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if p.get(ctx, base) == value else (p.full(bp),)

    return run


def _one_of(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "values")
    _allow(a, "path", "values")
    if not isinstance(a["values"], list):
        raise CheckSyntaxError("values must be a list")
    p, values = Path(a["path"]), tuple(a["values"])

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = p.get(ctx, base)
        return PASS if v is not _MISSING and v in values else (p.full(bp),)

    return run


def _min_items(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "n")
    _allow(a, "path", "n")
    if not isinstance(a["n"], int) or a["n"] < 0:
        raise CheckSyntaxError("n must be a whole number")
    p, n = Path(a["path"]), a["n"]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = p.get(ctx, base)
        return PASS if isinstance(v, list) and len(v) >= n else (p.full(bp),)

    return run


def _contains(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "value")
    _allow(a, "path", "value")
    p, value = Path(a["path"]), a["value"]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v = p.get(ctx, base)
        return PASS if isinstance(v, list) and value in v else (p.full(bp),)

    return run


def _contains_set(all_: bool) -> Callable[[Any, str], Check]:
    def build(arg: Any, where: str) -> Check:
        a = _need(arg, "path", "values")
        _allow(a, "path", "values")
        if not isinstance(a["values"], list) or not a["values"]:
            raise CheckSyntaxError("values must be a non-empty list")
        p, values = Path(a["path"]), tuple(a["values"])

        def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
            v = p.get(ctx, base)
            if not isinstance(v, list):
                return (p.full(bp),)
            ok = all(x in v for x in values) if all_ else any(x in v for x in values)
            return PASS if ok else (p.full(bp),)

        return run

    return build


def _within_months(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "months")
    _allow(a, "path", "months")
    if not isinstance(a["months"], int) or isinstance(a["months"], bool) or not 0 <= a["months"] <= MAX_MONTHS:
        raise CheckSyntaxError(f"months must be a whole number from 0 to {MAX_MONTHS}")
    p, months = Path(a["path"]), a["months"]

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d = as_date(p.get(ctx, base))
        return PASS if d is not None and d >= months_before(ctx.today, months) else (p.full(bp),)

    return run


def _not_past(arg: Any, where: str) -> Check:
    p = Path(arg)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d = as_date(p.get(ctx, base))
        return PASS if d is not None and d >= ctx.today else (p.full(bp),)

    return run


def _date_order(arg: Any, where: str) -> Check:
    a = _need(arg, "before", "after")
    _allow(a, "before", "after")
    first, second = Path(a["before"]), Path(a["after"])

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        d1, d2 = as_date(first.get(ctx, base)), as_date(second.get(ctx, base))
        if d1 is None or d2 is None:
            return PASS
        return PASS if d1 <= d2 else (first.full(bp),)

    return run


def _document(arg: Any, where: str) -> Check:
    a = _need(arg, "type", "in")
    _allow(a, "type", "status", "in", "current")
    doc_type = a["type"]
    statuses = tuple(a.get("status") or ())
    current = bool(a.get("current", False))
    p = Path(a["in"])

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


def _tier_at_least(arg: Any, where: str) -> Check:
    if arg not in TIERS:
        raise CheckSyntaxError(f"tier must be one of {', '.join(TIERS)}")
    n = TIERS.index(arg)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return PASS if ctx.tier_index >= n else ("impact",)

    return run


def _children(arg: Any, where: str) -> list[Check]:
    if not isinstance(arg, list) or not arg:
        raise CheckSyntaxError("expects a non-empty list of checks")
    return [compile_check(c, f"{where}[{i}]") for i, c in enumerate(arg)]


def _all(arg: Any, where: str) -> Check:
    subs = _children(arg, where)

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        for sub in subs:
            failed = sub(ctx, base, bp)
            if failed:
                return failed
        return PASS

    return run


def _any(arg: Any, where: str) -> Check:
    subs = _children(arg, where)

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


def _not(arg: Any, where: str) -> Check:
    sub = compile_check(arg, where)
    paths = referenced_paths(arg)
    target = paths[0] if paths else ""
    absolute = target.startswith("$.")
    target = target[2:] if absolute else target

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        if sub(ctx, base, bp):
            return PASS
        return ((target if absolute or not bp else f"{bp}.{target}") if target else bp or "",)

    return run


def _not_nested_over_root(p: Path, where: str) -> None:
    """An ``each`` or ``some`` over a ``$.`` path inside another one runs its check once per pair (or
    triple...) of items: four levels over 130 items took minutes. Nesting over relative paths (an item's
    own list) stays linear in the dossier, and is allowed."""
    outer = [seg.split("[")[0] for seg in where.split(".")[:-1]]
    if p.absolute and ("each" in outer or "some" in outer):
        raise CheckSyntaxError(
            "an each or some over a '$.' path cannot be inside another each or some (its work would grow "
            "with the product of the lists); give it a path relative to the item, or check it separately"
        )


def _each(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "check")
    _allow(a, "path", "check")
    p = Path(a["path"])
    _not_nested_over_root(p, where)
    sub = compile_check(a["check"], f"{where}.check")

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = p.get(ctx, base)
        if not isinstance(items, list):
            return PASS
        prefix = p.full(bp)
        failed: list[str] = []
        for i, item in enumerate(items):
            failed.extend(sub(ctx, item, f"{prefix}[{i}]"))
        return tuple(failed)

    return run


def _some(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "check")
    _allow(a, "path", "check")
    p = Path(a["path"])
    _not_nested_over_root(p, where)
    sub = compile_check(a["check"], f"{where}.check")

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = p.get(ctx, base)
        prefix = p.full(bp)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if not sub(ctx, item, f"{prefix}[{i}]"):
                    return PASS
        return (prefix,)

    return run


def _equals_path(arg: Any, where: str) -> Check:
    a = _need(arg, "path", "other")
    _allow(a, "path", "other")
    p, q = Path(a["path"]), Path(a["other"])

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        v, w = p.get(ctx, base), q.get(ctx, base)
        return PASS if v is not _MISSING and v is not None and v == w else (p.full(bp),)

    return run


_OPERATORS: dict[str, Callable[[Any, str], Check]] = {
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
    "not": _not,
    "each": _each,
    "some": _some,
    "equals_path": _equals_path,
}
OPERATORS = tuple(sorted(_OPERATORS))
_PATH_OPS = {"present", "non_empty", "is_true", "not_past"}
