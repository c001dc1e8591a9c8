"""Check operators that relate one part of the dossier to another (their syntax is in the SYNTAX table of
``ddtapp.pack.checks``, their evaluators here). They judge substance: whether a test was of the version in
use, whether a change was followed by a re-test, whether results meet the force's own acceptance criteria.

  some_related: {path: P, match: {K: Q}, match_if_given: {K: Q}, on_or_after: {K: Q}, on_or_before: {K: Q},
                 check: {..}}
      some item of the list P relates to the current base: for each ``match`` pair, where the base has
      a value at Q the item's value at K equals it; for each ``match_if_given`` pair, where both have a
      value they are equal; for each ``on_or_after`` (``on_or_before``) pair, where the base has a date at
      Q the item's date at K is on or after (before) it; for each ``outside`` pair, the item's results at K
      fall outside the base's criterion (or list of criteria) at Q, as ``meets_criteria`` judges them; and
      the item passes ``check``. Fails at the base when none does.
  meets_criteria: {results: P, criteria: Q}
      every result in the list P (items with metric, metric_name, value, characteristic, group) meets
      each criterion in the list Q that names its metric (minimum, maximum), and the results of one
      characteristic spread no wider than the criterion's max_group_difference. Fails at each result
      outside a criterion. Q may also be one criterion (a mapping), such as a threshold's operating target.

As elsewhere in the language: paths are dotted, ``$.`` starts at the dossier root, and nothing is
evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ddtapp.dossier.consistency import as_date
from ddtapp.pack.checks import _MISSING, PASS, Compiled, Context, Node, Path


def _pairs(node: Node, key: str) -> list[tuple[Path, Path]]:
    """The (item key, base path) pairs of one argument (checked by the parser)."""
    return [(Path(k), Path(v)) for k, v in (node.params.get(key) or {}).items()]


def _value(path: Path, ctx: Context, base: Any) -> Any:
    value = path.get(ctx, base)
    return None if value is _MISSING or value is None or value == "" else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    return str(a).strip() == str(b).strip() if isinstance(a, str) or isinstance(b, str) else a == b


def _dated(pairs: list[tuple[Path, Path]], ctx: Context, item: Any, base: Any, later: bool) -> bool:
    """Whether the item's date at each K is on or after (``later``) or on or before the base's date at Q."""
    for k, q in pairs:
        bound = as_date(_value(q, ctx, base))
        if bound is not None:
            day = as_date(_value(k, ctx, item))
            if day is None or (day < bound if later else day > bound):
                return False
    return True


def _some_related(node: Node) -> Compiled:
    from ddtapp.pack.operators import compile_node

    items_path = node.path()
    match, given = _pairs(node, "match"), _pairs(node, "match_if_given")
    after, before = _pairs(node, "on_or_after"), _pairs(node, "on_or_before")
    outside = _pairs(node, "outside")
    sub_ok = compile_node(node.children[0]).ok

    def related(ctx: Context, item: Any, base: Any) -> bool:
        for k, q in match:
            want = _value(q, ctx, base)
            if want is not None and not _same(_value(k, ctx, item), want):
                return False
        for k, q in given:
            want, have = _value(q, ctx, base), _value(k, ctx, item)
            if want is not None and have is not None and not _same(have, want):
                return False
        if not (_dated(after, ctx, item, base, later=True) and _dated(before, ctx, item, base, later=False)):
            return False
        for k, q in outside:  # the item's results at K fall outside the base's criterion (or criteria) at Q
            results, criteria = k.get(ctx, item), q.get(ctx, base)
            criteria = [criteria] if isinstance(criteria, dict) else criteria
            if not isinstance(results, list) or not isinstance(criteria, list):
                return False
            if not any(_breaches(results, c) for c in criteria if isinstance(c, dict)):
                return False
        return True

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        items = items_path.get(ctx, base)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and related(ctx, item, base) and sub_ok(ctx, item):
                    return PASS
        return (bp,) if bp else (items_path.full(bp),)

    return Compiled(run)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _metric_key(item: dict[str, Any]) -> tuple[Any, Any]:
    return item.get("metric"), (item.get("metric_name") or None) if item.get("metric") == "other" else None


def _breaches(results: list[Any], criterion: dict[str, Any]) -> list[int]:
    """Indexes of the results that fall outside one criterion."""
    key = _metric_key(criterion)
    low, high = _number(criterion.get("minimum")), _number(criterion.get("maximum"))
    spread = _number(criterion.get("max_group_difference"))
    bad: list[int] = []
    groups: dict[Any, list[tuple[float, int]]] = {}
    for i, result in enumerate(results):
        if not isinstance(result, dict) or _metric_key(result) != key:
            continue
        value = _number(result.get("value"))
        if value is None:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            bad.append(i)
        if result.get("characteristic"):
            groups.setdefault(result["characteristic"], []).append((value, i))
    if spread is not None:
        for members in groups.values():
            if len(members) > 1 and max(members)[0] - min(members)[0] > spread + 1e-12:
                worst = max(members) if high is not None or low is None else min(members)
                bad.append(worst[1])
    return bad


MET, NOT_MET, NO_CRITERION = "met", "not met", "no criterion"


def _applies(criterion: dict[str, Any], result: dict[str, Any]) -> bool:
    """Whether a criterion sets a bar for this result: its metric, and a minimum or maximum, or (for a result
    by group) a largest gap between groups."""
    if _metric_key(criterion) != _metric_key(result):
        return False
    bounded = _number(criterion.get("minimum")) is not None or _number(criterion.get("maximum")) is not None
    spread = _number(criterion.get("max_group_difference"))
    return bounded or (bool(result.get("characteristic")) and spread is not None)


def judge_results(results: list[Any], criteria: list[Any]) -> list[str]:
    """Each result against the force's acceptance criteria, as ``meets_criteria`` judges it (one judgement for
    TEST-003 and the drafts' results tables): ``not met`` for a result outside a criterion (beyond its minimum
    or maximum, or the worst group where groups spread wider than the criterion accepts), ``met`` for one a
    criterion sets a bar for, ``no criterion`` otherwise (and for a result with no value)."""
    crits = [c for c in criteria if isinstance(c, dict)] if isinstance(criteria, list) else []
    items = results if isinstance(results, list) else []
    bad = {i for c in crits for i in _breaches(items, c)}
    verdicts = []
    for i, result in enumerate(items):
        if not isinstance(result, dict) or _number(result.get("value")) is None:
            verdicts.append(NO_CRITERION)
        elif i in bad:
            verdicts.append(NOT_MET)
        else:
            verdicts.append(MET if any(_applies(c, result) for c in crits) else NO_CRITERION)
    return verdicts


def criterion_words(result: Any, criteria: list[Any]) -> str:
    """The force's acceptance criteria for a result's metric, in words ("at most 0.0005", "at least 0.8;
    groups within 0.05"); "none set" where no criterion sets a bar for it."""

    def shown(value: Any) -> str | None:
        number = _number(value)
        return None if number is None else f"{number:g}"

    if not isinstance(result, dict):
        return "none set"
    words: list[str] = []
    for c in criteria:
        if not isinstance(c, dict) or not _applies(c, result):
            continue
        low, high = shown(c.get("minimum")), shown(c.get("maximum"))
        spread = shown(c.get("max_group_difference")) if result.get("characteristic") else None
        words += [f"at least {low}"] if low else []
        words += [f"at most {high}"] if high else []
        words += [f"groups within {spread}"] if spread else []
    return "; ".join(words) or "none set"


def _meets_criteria(node: Node) -> Compiled:
    results_path, criteria_path = node.path("results"), node.path("criteria")

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        results, criteria = results_path.get(ctx, base), criteria_path.get(ctx, base)
        if isinstance(criteria, dict):  # one criterion: a threshold's operating target
            criteria = [criteria]
        if not isinstance(results, list) or not isinstance(criteria, list):
            return PASS
        prefix = results_path.full(bp)
        bad: list[int] = []
        for criterion in criteria:
            if isinstance(criterion, dict):
                bad.extend(i for i in _breaches(results, criterion) if i not in bad)
        return tuple(f"{prefix}[{i}].value" for i in sorted(bad))

    return Compiled(run)


#: The relation operators' evaluators, added to :data:`ddtapp.pack.operators` (their syntax is in SYNTAX).
BUILDERS: dict[str, Callable[[Node], Compiled]] = {
    "some_related": _some_related,
    "meets_criteria": _meets_criteria,
}
