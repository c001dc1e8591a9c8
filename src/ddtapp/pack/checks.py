"""The rule pack's check language: a small, fixed set of safe operators.

A check is YAML data such as ``{non_empty: engage.legal_framework.legal_basis.policing_powers}`` or
``{all: [...]}``. :func:`parse_check` reads it once into a small tree of :class:`Node` (operator,
paths, other arguments, child checks), checking it against :data:`SYNTAX`, the one table of the
operators. Everything that reads checks walks that tree: evaluation (:func:`compile_check`, in
:mod:`ddtapp.pack.operators`, turns it into a Python closure; nothing is evaluated as code, there are
no loops the data can make unbounded, and the language cannot call functions), :func:`referenced_paths`
(the FOI answer's "which rule asks for this"), :func:`asked_paths` (a draft document's), and
:func:`walk` (``ddtapp init``'s "what does a check test here", a draft's "which rule asks for this
document"). A compiled check takes the evaluation context and the current base (the dossier root, or
a list item inside ``each``/``some``) and returns the dossier paths that fail: an empty tuple means pass.

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
  every: [..]                    as all, but every failing check gives its findings (all stops at the first)
  each: {path: P, check: {..}}   every item passes (one finding per failing item)
  some: {path: P, check: {..}}   at least one item passes
  equals_path: {path: P, other: Q}         two values are equal
  some_related: {path: P, match: .., on_or_after: .., check: ..}   an item of P related to the base
  meets_criteria: {results: P, criteria: Q}                     results within the force's criteria
  (the last two relate one part of the dossier to another: see :mod:`ddtapp.pack.relations`)
  reasoned: {path: P, not_reasons: [..], min_words: N, answers: Q}
                                 a reason of substance, not only schedule, cost or convenience, that
                                 touches what it answers (see :mod:`ddtapp.pack.reasons`)

Paths are dotted (``a.b.c``). Inside ``each`` and ``some`` they are relative to the item; a path
starting with ``$.`` is always relative to the dossier root. ``facts.*`` holds the derived facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from typing import Any

from ddtapp.errors import InputError, Located, Problem
from ddtapp.frozen import frozen, mutable

PASS: tuple[str, ...] = ()
TIERS = ("minimal", "moderate", "high", "very_high")
_MISSING = object()
_UNSEEN = object()


class PathMemo(dict[str, Any]):
    """The value at each dotted path from ``root`` read so far (``_MISSING`` where there is none), by the
    path's text (``tool.owner.name``). A path not read yet is worked out on the read, from its parent's value
    (itself kept), by ``__missing__``: a read is one subscript, with no test for a miss in Python (the rules
    read ~440 paths a dossier, ~160 of them different: 15,400 of check's 71,000 bytecodes a dossier went on
    the look-ups before)."""

    __slots__ = ("root",)

    def __init__(self, root: Any, known: dict[str, Any] | None = None):
        super().__init__(known or ())
        self.root = root

    def __missing__(self, text: str) -> Any:
        head, dot, last = text.rpartition(".")
        node = self[head] if dot else self.root
        found = self[text] = node.get(last, _MISSING) if isinstance(node, dict) else _MISSING
        return found


@mutable
class Context:
    root: dict[str, Any]
    today: dt.date
    tier_index: int = 0
    #: The value at each path from the root read so far (the checker's, while it checks one dossier, whose
    #: data does not change meanwhile): many rules read the same keys. None: no memo. A plain dict given
    #: here is made a :class:`PathMemo` of the root (with what it holds).
    memo: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        memo = self.memo
        if memo is not None and not (type(memo) is PathMemo and memo.root is self.root):
            self.memo = PathMemo(self.root, memo)


Check = Callable[[Context, Any, str], tuple[str, ...]]
#: Whether a check passes at a base, without the paths that fail (:attr:`Compiled.ok`).
Test = Callable[[Context, Any], bool]


class Compiled:
    """A check turned into closures (:mod:`ddtapp.pack.operators`). Called as a :data:`Check`, it gives the
    paths that fail (an empty tuple: it passes); :attr:`ok` answers only whether it passes, always exactly
    ``not check(ctx, base, "")``, building no path: most checks pass (4 of 131 a dossier in a generated
    corpus), and an ``each`` gave every item its path (``tests[3]``) before asking whether it passed. The
    checker asks ``ok`` first, and for the paths only of a check that fails (the rules' checks, without
    their ``when``: 1.73 -> 1.33 million instructions a dossier, callgrind)."""

    __slots__ = ("ok", "run")

    def __init__(self, run: Check, ok: Test | None = None):
        self.run = run
        self.ok: Test = ok if ok is not None else (lambda ctx, base: not run(ctx, base, ""))

    def __call__(self, ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        return self.run(ctx, base, bp)


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
        root = ctx.root
        if self.absolute or base is root:
            memo = ctx.memo
            if memo is not None:  # a PathMemo (Context)
                return memo[self.text]
            base = root
        for part in self.parts:  # walk(base), inline: a check reads items' keys many times a dossier
            if not isinstance(base, dict):
                return _MISSING
            base = base.get(part, _MISSING)
        return base

    def walk(self, node: Any) -> Any:
        """The value at this path from ``node`` (_MISSING when it is not there)."""
        for part in self.parts:
            if not isinstance(node, dict):  # _MISSING too: a key not found ends the walk
                return _MISSING
            node = node.get(part, _MISSING)
        return node

    def full(self, base_path: str) -> str:
        if self.absolute or not base_path:
            return self.text
        return f"{base_path}.{self.text}"


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


# ----------------------------------------------------------------------------- the tree


@frozen
class Node:
    """One operator of a parsed check."""

    op: str
    #: The arguments that are dossier paths, by key (``path``, ``before``, ``after``, ``in``, ``other``),
    #: in the order :data:`SYNTAX` lists them; a bare-path operator's argument has the key ``path``.
    paths: tuple[tuple[str, Path], ...] = ()
    #: The other arguments (``value``, ``values``, ``n``, ``months``, ``type``, ``status``, ``current``, ``tier``).
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Child checks: the list of ``all``/``any``, the one of ``not``, the item check of ``each``/``some``.
    children: tuple[Node, ...] = ()
    #: Where the operator stands in the rule, for messages (``check.all[1].present``).
    where: str = ""

    def path(self, key: str = "path") -> Path:
        return dict(self.paths)[key]

    @property
    def syntax(self) -> Syntax:
        return SYNTAX[self.op]

    def asked(self) -> Iterator[Path]:
        """The paths this operator asks for (see :attr:`Syntax.asks`)."""
        for key, p in self.paths:
            if key in self.syntax.asks:
                yield p


@frozen
class Syntax:
    """How an operator is written, and which of its paths it asks for."""

    #: ``path`` (the argument is a dossier path), ``mapping`` (keyword arguments), ``checks`` (a list of
    #: checks), ``check`` (one check) or ``tier`` (an impact tier).
    form: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    #: Keys whose values are dossier paths.
    path_keys: tuple[str, ...] = ()
    #: Path keys the operator asks for: where its findings point. The others are values it only compares
    #: with (``date_order``'s ``after``: it passes when that is missing); ``each`` points at its items.
    asks: tuple[str, ...] = ("path",)
    #: ``each``/``some``: the child check runs on each item of the list at ``path``.
    items: bool = False
    #: Raises CheckSyntaxError for bad arguments (the mapping's shape is checked already).
    validate: Callable[[dict[str, Any]], None] | None = None


def _whole(key: str) -> Callable[[dict[str, Any]], None]:
    def check(a: dict[str, Any]) -> None:
        if not isinstance(a[key], int) or a[key] < 0:
            raise CheckSyntaxError(f"{key} must be a whole number")

    return check


def _months(a: dict[str, Any]) -> None:
    months = a["months"]
    if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= MAX_MONTHS:
        raise CheckSyntaxError(f"months must be a whole number from 0 to {MAX_MONTHS}")


def _a_list(a: dict[str, Any]) -> None:
    if not isinstance(a["values"], list):
        raise CheckSyntaxError("values must be a list")


def _a_non_empty_list(a: dict[str, Any]) -> None:
    if not isinstance(a["values"], list) or not a["values"]:
        raise CheckSyntaxError("values must be a non-empty list")


def _pair_maps(a: dict[str, Any], *keys: str) -> None:
    for key in keys:
        pairs = a.get(key, {})
        if not isinstance(pairs, dict) or not all(isinstance(k, str) for k in pairs):
            raise CheckSyntaxError(f"{key} must map an item's key to a path from the base")
        for k, v in pairs.items():
            Path(k)
            Path(v)


def _reasons(a: dict[str, Any]) -> None:
    if not isinstance(a["not_reasons"], list) or not all(isinstance(x, str) for x in a["not_reasons"]):
        raise CheckSyntaxError("not_reasons must be a list of phrases")
    n = a["min_words"]
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 50:
        raise CheckSyntaxError("min_words must be a whole number from 1 to 50")


def _mapping(*required: str, optional: tuple[str, ...] = (), asks: tuple[str, ...] = ("path",), **kw: Any) -> Syntax:
    keys = (*required, *optional)
    path_keys = tuple(k for k in keys if k in ("path", "before", "after", "in", "other"))
    return Syntax("mapping", required, optional, path_keys, asks, **kw)


SYNTAX: dict[str, Syntax] = {
    "present": Syntax("path", path_keys=("path",)),
    "non_empty": Syntax("path", path_keys=("path",)),
    "is_true": Syntax("path", path_keys=("path",)),
    "equals": _mapping("path", "value"),
    "one_of": _mapping("path", "values", validate=_a_list),
    "min_items": _mapping("path", "n", validate=_whole("n")),
    "contains": _mapping("path", "value"),
    "contains_all": _mapping("path", "values", validate=_a_non_empty_list),
    "contains_any": _mapping("path", "values", validate=_a_non_empty_list),
    "within_months": _mapping("path", "months", validate=_months),
    "not_past": Syntax("path", path_keys=("path",)),
    "date_order": _mapping("before", "after", asks=("before",)),
    "document": _mapping("type", "in", optional=("status", "current"), asks=("in",)),
    "tier_at_least": Syntax("tier", asks=()),
    "all": Syntax("checks", asks=()),
    "any": Syntax("checks", asks=()),
    "every": Syntax("checks", asks=()),
    "not": Syntax("check", asks=()),
    "each": _mapping("path", "check", asks=(), items=True),
    "some": _mapping("path", "check", items=True),
    "equals_path": _mapping("path", "other"),
    # Relations (ddtapp.pack.relations): the pairs of match, match_if_given, on_or_after and on_or_before map
    # an item's key to a path from the base; they are compared, not asked for.
    "some_related": Syntax(
        "mapping",
        ("path", "check"),
        ("match", "match_if_given", "on_or_after", "on_or_before", "outside"),
        ("path",),
        items=True,
        validate=lambda a: _pair_maps(a, "match", "match_if_given", "on_or_after", "on_or_before", "outside"),
    ),
    "meets_criteria": Syntax("mapping", ("results", "criteria"), (), ("results", "criteria"), asks=("results",)),
    # Substance of a recorded reason (ddtapp.pack.reasons): ``answers`` is compared with, not asked for.
    "reasoned": Syntax(
        "mapping", ("path", "not_reasons", "min_words"), ("answers",), ("path", "answers"), validate=_reasons
    ),
}
OPERATORS = tuple(sorted(SYNTAX))


def parse_check(spec: Any, where: str = "check") -> Node:
    """``spec`` (YAML data) as a tree of Nodes; raises CheckSyntaxError, located by ``where``."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise CheckSyntaxError("a check is a mapping with exactly one operator, e.g. {present: a.b}", where)
    ((op, arg),) = spec.items()
    syntax = SYNTAX.get(op)
    if syntax is None:
        raise CheckSyntaxError(f"unknown operator '{op}'; known: {', '.join(OPERATORS)}", where)
    at = f"{where}.{op}"
    try:
        return _parse(op, syntax, arg, at)
    except CheckSyntaxError as exc:
        if not exc.where:
            exc.where = at
        raise


def _parse(op: str, syntax: Syntax, arg: Any, at: str) -> Node:
    if syntax.form == "path":
        return Node(op, (("path", Path(arg)),), where=at)
    if syntax.form == "tier":
        if arg not in TIERS:
            raise CheckSyntaxError(f"tier must be one of {', '.join(TIERS)}")
        return Node(op, params={"tier": arg}, where=at)
    if syntax.form == "checks":
        if not isinstance(arg, list) or not arg:
            raise CheckSyntaxError("expects a non-empty list of checks")
        return Node(op, children=tuple(parse_check(c, f"{at}[{i}]") for i, c in enumerate(arg)), where=at)
    if syntax.form == "check":
        return Node(op, children=(parse_check(arg, at),), where=at)
    a = _need(arg, *syntax.required)
    _allow(a, *syntax.required, *syntax.optional)
    if syntax.validate is not None:
        syntax.validate(a)
    paths = tuple((k, Path(a[k])) for k in syntax.path_keys if k in a)
    if op in ("each", "some"):
        _not_nested_over_root(paths[0][1], at)
    children = (parse_check(a["check"], f"{at}.check"),) if syntax.items else ()
    params = {k: v for k, v in a.items() if k not in syntax.path_keys and k != "check"}
    return Node(op, paths, params, children, at)


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


def tree_of(spec: Any) -> Node | None:
    """A rule's ``check`` or ``when`` as a tree (None when it has none); the pack has parsed it once already."""
    return None if spec is None else parse_check(spec)


def compile_check(spec: Any, where: str = "check") -> Compiled:
    """``spec`` parsed and turned into its evaluator (see :mod:`ddtapp.pack.operators`)."""
    from ddtapp.pack.operators import compile_node

    return compile_node(parse_check(spec, where))


# ----------------------------------------------------------------------------- walkers


def resolve(p: Path, base: str) -> str:
    """A path as written in the dossier: ``base`` is ``""`` at the root, ``list[]`` inside ``each``/``some``."""
    return p.text if p.absolute or not base else f"{base}.{p.text}"


def walk(node: Node, base: str = "", *, alternatives: str = "all", negated: bool = True) -> Iterator[tuple[Node, str]]:
    """Every node of the tree with its base path (``list[]`` inside ``each``/``some``), depth first.

    ``alternatives="first"``: of an ``any``, only the first branch (what the rule asks; the others are
    alternatives that also satisfy it). ``negated=False``: not into ``not``."""
    yield node, base
    if node.op == "not" and not negated:
        return
    children = node.children[:1] if node.op == "any" and alternatives == "first" else node.children
    inner = f"{resolve(node.path(), base)}[]" if node.syntax.items else base
    for child in children:
        yield from walk(child, inner, alternatives=alternatives, negated=negated)


def level_paths(node: Node) -> Iterator[Path]:
    """The paths a check asks for at the level it is written, in order: a ``some`` gives its list, not its
    items' keys (relative to each item); values only compared with (``date_order``'s ``after``,
    ``equals_path``'s ``other``) are not asked for."""
    yield from node.asked()
    if not node.syntax.items:
        for child in node.children:
            yield from level_paths(child)


def referenced_paths(node: Node) -> list[str]:
    """:func:`level_paths` as written in the dossier (without ``$.``)."""
    return [p.text for p in level_paths(node)]


def asked_paths(node: Node) -> list[str]:
    """The dossier paths a check asks for, items' keys as ``list[].key``; of an ``any`` the first branch."""
    return [resolve(p, base) for n, base in walk(node, alternatives="first") for p in n.asked()]


def compile_in(source: Located, where: str, rule_id: str, spec: Any) -> Compiled | None:
    """``spec`` (None: no check) compiled, as ``where`` in the pack file ``source`` gives it for ``rule_id`` (a
    rule, a tier factor or a section); a syntax error is an input problem at its own key in that file.

    A check written the same way twice is compiled once (:data:`_COMPILED`): one object, which the checker
    asks once a dossier (a ``when`` in many rules: 156 asked a dossier, 98 of them different)."""
    if spec is None:
        return None
    key = repr(spec)  # the YAML data's repr is exact for its types (1, 1.0, True, "1" and dates all differ)
    found = _COMPILED.get(key)
    if found is not None:
        return found
    try:
        found = compile_check(spec, where.rsplit(".", 1)[-1])
    except CheckSyntaxError as exc:
        sub = exc.where.split(".", 1)[1] if "." in exc.where else ""
        at = f"{where}.{sub}" if sub else where
        raise InputError([Problem.at(source, at, f"rule {rule_id}: {exc}")]) from None
    if len(_COMPILED) >= _MAX_COMPILED:  # many packs in one process (a long test run): start again
        _COMPILED.clear()
    _COMPILED[key] = found
    return found


#: The checks the rule packs of this process compiled, by the text of their YAML data (:func:`compile_in`).
_COMPILED: dict[str, Compiled] = {}
_MAX_COMPILED = 4096
