"""Deciding the publication marking of every field of a dossier in one walk of its tree (who decides, and
what the patterns mean, is ``publication.py``).

The patterns that can mark a field are ranked: the dossier's own, most specific first, then the defaults in
file order. The first pattern that matches the field or a block holding it, and whose ``when`` holds on the
block it matched, decides. Walking down the tree, each node carries a :class:`State`: the best rank decided
at or above the node, and the patterns of a better rank that are partly matched, with the positions they
have reached in their segments; a pattern that can no longer win is dropped. A child's state follows from
its parent's state and the child's key alone, except where a pattern with a ``when`` has just matched: then
its condition is judged on the block (:class:`Pending`). So every step is worked out once and kept in an
:class:`Automaton`. The defaults' automaton serves every dossier of a run, so after the first few a field's
marking costs a dictionary look-up; the dossier's own patterns (few, and without conditions) have their own
automaton, stepped only where one of them is still in play. A field's dotted path is built once, on the way
down, from the keys: never split again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol


class Condition(Protocol):
    def holds(self, block: Any, today: dt.date) -> bool: ...


#: One pattern: its segments (``**``, ``*``, ``[*]`` or a literal), the condition it needs, if any, and the
#: marking it gives.
Pattern = tuple[tuple[str, ...], Condition | None, Any]
#: The patterns still in play at a node: each one's rank and the positions it has reached (ascending), by rank.
Live = tuple[tuple[int, tuple[int, ...]], ...]
#: Every scalar of a dossier with its dotted path and its marking, in document order.
Marked = list[tuple[str, Any, Any]]


class State:
    """Where the matching stands at one node: ``best`` is the rank that decides the node and everything
    inside it unless a better one matches deeper (the number of patterns while none does), ``mark`` its
    marking, ``live`` the better patterns that may still match deeper."""

    __slots__ = ("best", "items", "keys", "live", "mark", "pending", "plans")

    def __init__(self, best: int, live: Live, mark: Any) -> None:
        self.best = best
        self.live = live
        self.mark = mark
        self.keys: dict[str, State] = {}  # the state of a mapping's child, by its key
        self.items: dict[int, State] = {}  # the state of a list's item, by its index
        self.pending: dict[str | int, Pending] = {}  # the steps onto a child that judge a condition
        #: what :func:`survey_tree` must look at in a mapping or list of each shape met here (:data:`Plan`)
        self.plans: dict[Any, Plan] = {}


class Pending:
    """The step onto a node where patterns with a ``when`` have matched: the first of them (the best)
    whose condition holds on the block gives the state, ``otherwise`` when none does."""

    __slots__ = ("judged", "otherwise")

    def __init__(self, judged: tuple[tuple[Condition, State], ...], otherwise: State) -> None:
        self.judged = judged
        self.otherwise = otherwise

    def state(self, block: Any, today: dt.date) -> State:
        for when, state in self.judged:
            if when.holds(block, today):
                return state
        return self.otherwise


Step = State | Pending
#: What :func:`survey_tree` does at each child of a mapping or list of one shape that it cannot pass over:
#: (what, the child's key or index, its step, the text the child adds to the path), what being one of the
#: constants below.
Plan = list[tuple[int, Any, Any, str]]
#: What the caller of :func:`survey_tree` wants of a field marked so (``Automaton.interest``): nothing, the
#: field, or to stop (the survey cannot answer; mark every field instead).
PASS, TAKE, STOP = 0, 1, 2
#: What is at a child in a plan: a mapping, a list, a field, or a key that is not one whole path segment
#: (marked by its path, as in :func:`mark_tree`). Its step may be :class:`Pending`: judged on the dossier.
_MAP, _LIST, _FIELD, _ASIDE = 0, 1, 2, 3


def fits(head: str, segment: str) -> bool:
    """Whether one segment of a pattern (not ``**``) matches one segment of a path."""
    if head == "[*]":
        return segment.startswith("[")
    if head == "*":
        return not segment.startswith("[")
    return head == segment


def _closure(pattern: tuple[str, ...], positions: Sequence[int]) -> tuple[int, ...]:
    """The positions with, after each ``**``, the next one too (``**`` also matches no segment at all)."""
    out = set(positions)
    for j in positions:
        while j < len(pattern) and pattern[j] == "**":
            j += 1
            out.add(j)
    return tuple(sorted(out))


#: How many steps an automaton keeps before the next dossier starts a new one (memory stays bounded
#: whatever keys a run's dossiers hold).
MAX_STEPS = 100_000


class Automaton:
    """The states of one ranked list of patterns, made as walks reach them, and the steps between them."""

    def __init__(self, patterns: Sequence[Pattern], undecided: Any, interest: Callable[[Any], int] | None = None):
        self.patterns = tuple(patterns)
        #: what a survey wants of a field of each marking (:data:`PASS`, :data:`TAKE`, :data:`STOP`)
        self.interest = interest
        self.marks = (*(mark for _, _, mark in patterns), undecided)
        self.size = 0
        self._states: dict[tuple[int, Live], State] = {}
        #: The step onto the dossier itself (a pattern of only ``**`` matches it).
        self.start = self._settle(len(patterns), [(r, _closure(p[0], (0,))) for r, p in enumerate(patterns)])

    def step(self, state: State, key: str | int) -> Step:
        """The step to the child at ``key``: a list's index, or a mapping's key that is one whole segment of
        the child's dotted path. Worked out once and kept."""
        got = self.advance(state, f"[{key}]" if isinstance(key, int) else key)
        if isinstance(got, Pending):
            state.pending[key] = got
        elif isinstance(key, int):
            state.items[key] = got
        else:
            state.keys[key] = got
        self.size += 1
        return got

    def enter(self, state: State, key: str | int, node: Any, parent: Any, today: dt.date) -> State:
        """The state at the child ``node`` of ``parent`` whose step is not kept: one that judges a condition
        (on the child if it is a mapping, else on its parent), or one not worked out yet."""
        got = state.pending.get(key) or self.step(state, key)
        return got.state(node if isinstance(node, dict) else parent, today) if isinstance(got, Pending) else got

    def first(self) -> State | None:
        """For patterns without conditions: the state at the dossier (None if no pattern can match)."""
        return self._matching(self.start)

    def onward(self, state: State, key: str | int) -> State | None:
        """For patterns without conditions: the state at a child (None once no pattern can match there)."""
        got = state.keys.get(key) if isinstance(key, str) else state.items.get(key)
        return self._matching(got or self.step(state, key))

    @staticmethod
    def _matching(step: Step) -> State | None:
        assert isinstance(step, State), "only patterns without conditions"
        return step if step.live or step.mark is not None else None

    def advance(self, state: State, segment: str) -> Step:
        """The step from ``state`` over one path segment (not kept)."""
        moved = []
        for rank, positions in state.live:
            pattern = self.patterns[rank][0]
            reached = [
                j if pattern[j] == "**" else j + 1 for j in positions if pattern[j] == "**" or fits(pattern[j], segment)
            ]
            if reached:
                moved.append((rank, _closure(pattern, reached)))
        return self._settle(state.best, moved)

    def _settle(self, best: int, moved: list[tuple[int, tuple[int, ...]]]) -> Step:
        """The step onto a node, given the positions each pattern has reached there: a pattern at its end
        matches the node, and decides it at once unless it has a condition to judge."""
        judged = []
        for rank, positions in moved:
            if rank >= best:
                break
            pattern, when, _ = self.patterns[rank]
            if positions[-1] == len(pattern):
                if when is None:
                    best = rank
                    break
                judged.append((rank, when))
        otherwise = self._state(best, moved)
        if not judged:
            return otherwise
        return Pending(tuple((when, self._state(rank, moved)) for rank, when in judged), otherwise)

    def plan(self, state: State, keys: tuple[Any, ...] | None, types: tuple[type, ...]) -> Plan:
        """What :func:`survey_tree` must do in a mapping (``keys``) or a list (None) with values of ``types``
        at ``state``: nothing at a field the survey does not want, or in a container no better pattern can
        reach whose fields it does not want; kept on the state for the next mapping or list of that shape.
        Each entry names the child (its key, or its index in a list) and the text its path adds."""
        assert self.interest is not None
        plan: Plan = []
        for i, kind in enumerate(types):
            if kind is type(None):  # no field (as in mark_tree)
                continue
            what = _MAP if issubclass(kind, dict) else _LIST if issubclass(kind, list) else _FIELD
            if keys is None:
                child: Any = i
                text = f"[{i}]"
                step = state.items.get(i) or state.pending.get(i) or self.step(state, i)
            else:
                child = keys[i]
                text = f"{child}"
                if not plain(child):
                    plan.append((_ASIDE, child, None, text))
                    continue
                step = state.keys.get(child) or state.pending.get(child) or self.step(state, child)
            # a condition is judged only where an outcome matters (a person's name: public or restricted)
            outcomes = (*(s for _, s in step.judged), step.otherwise) if isinstance(step, Pending) else (step,)
            if any(self._matters(s, what != _FIELD) for s in outcomes):
                plan.append((what, child, step, text + "." if what == _MAP else text))
        state.plans[types if keys is None else (keys, types)] = plan
        self.size += len(types) + 1
        return plan

    def _matters(self, state: State, container: bool) -> bool:
        """Whether a survey must look at a child in ``state``: a field whose marking it wants (or must stop
        at), or a container where a better pattern may still match deeper."""
        assert self.interest is not None
        return self.interest(state.mark) != PASS or (container and bool(state.live))

    def _state(self, best: int, moved: list[tuple[int, tuple[int, ...]]]) -> State:
        """The state that ``best`` decides, with the better patterns that have not reached their end (the
        end has no step onward) kept in play: one object for each distinct state."""
        live = []
        for rank, positions in moved:
            if rank >= best:
                break
            onward = positions[:-1] if positions[-1] == len(self.patterns[rank][0]) else positions
            if onward:
                live.append((rank, onward))
        key = (best, tuple(live))
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = State(best, key[1], self.marks[best])
        return state


def plain(key: object) -> bool:
    """Whether a mapping's key is one whole segment of the dotted path it makes (a key with a dot or a
    bracket, an empty one or one that is not text splits differently, and is marked by its path)."""
    return isinstance(key, str) and key != "" and "." not in key and "[" not in key


def mark_tree(
    data: dict[Any, Any],
    defaults: Automaton,
    own: Automaton | None,
    today: dt.date,
    skip: str,
    aside: Callable[[Any, str], Marked],
) -> Marked:
    """Every scalar of ``data`` with its dotted path and marking, in document order, the top-level key
    ``skip`` left out. ``own`` holds the dossier's own patterns (no conditions; marking ``None`` where none
    matches), which win over the ``defaults``. What is under a key that is not :func:`plain` is marked by
    ``aside(node, its path)`` instead."""
    out: Marked = []
    add = out.append

    def down(value: dict[Any, Any] | list[Any], got: State, inner: State | None, path: str) -> None:
        if isinstance(value, dict):
            mapping(value, value.items(), got, inner, path + ".")
        else:
            sequence(value, got, inner, path)

    def mapping(
        node: dict[Any, Any], pairs: Iterable[tuple[Any, Any]], state: State, mine: State | None, prefix: str
    ) -> None:
        keys = state.keys
        for key, value in pairs:
            got = keys.get(key)
            if got is None:
                if not plain(key):
                    out.extend(aside(value, f"{prefix}{key}"))
                    continue
                got = defaults.enter(state, key, value, node, today)
            inner = mine and own.onward(mine, key)  # type: ignore[union-attr]
            if isinstance(value, (dict, list)):
                down(value, got, inner, prefix + key)
            elif value is not None:  # a field: most of the tree, so no call for it
                add((prefix + key, value, (inner and inner.mark) or got.mark))

    def sequence(node: list[Any], state: State, mine: State | None, prefix: str) -> None:
        items = state.items
        for i, value in enumerate(node):
            got = items.get(i) or defaults.enter(state, i, value, node, today)
            inner = mine and own.onward(mine, i)  # type: ignore[union-attr]
            if isinstance(value, (dict, list)):
                down(value, got, inner, f"{prefix}[{i}]")
            elif value is not None:
                add((f"{prefix}[{i}]", value, (inner and inner.mark) or got.mark))

    start = defaults.start
    root = start.state(data, today) if isinstance(start, Pending) else start
    pairs = [(key, value) for key, value in data.items() if key != skip]
    mapping(data, pairs, root, own.first() if own is not None else None, "")
    return out


class _Stopped(Exception):
    """A survey met a field it cannot answer for (:data:`STOP`)."""


def survey_tree(
    data: dict[Any, Any], defaults: Automaton, today: dt.date, skip: str, aside: Callable[[Any, str], Marked]
) -> Marked | None:
    """What :func:`mark_tree` gives (without a dossier's own patterns), only the fields whose marking
    ``defaults.interest`` wants (:data:`TAKE`), in document order; None if a field's marking says
    :data:`STOP`. The check wants only the undecided fields of a dossier (PUB-001), of ~500.

    A field's marking follows from its parent's state and its key, so what to do in a mapping or list
    follows from its state and its shape: its keys and the type of each value. That is worked out once
    (:meth:`Automaton.plan`) and kept on the state, so a field the check does not want, most of a dossier,
    costs no step of Python here: 0.31 -> 0.22 ms a dossier (corpus200; most of what is left is the
    mappings themselves, ~130 a dossier)."""
    start = defaults.start
    root = start.state(data, today) if isinstance(start, Pending) else start
    survey = _Survey(defaults, today, aside)
    try:
        survey.mapping(data, root, "", next((key for key in data if key == skip), _NO_KEY))
    except _Stopped:
        return None
    return survey.out


#: No key of a mapping (:meth:`_Survey.mapping` leaves out none).
_NO_KEY = object()


class _Survey:
    """One walk of :func:`survey_tree`."""

    def __init__(self, defaults: Automaton, today: dt.date, aside: Callable[[Any, str], Marked]) -> None:
        assert defaults.interest is not None, "a survey needs the automaton's interest"
        self.defaults = defaults
        self.interest = defaults.interest
        self.today = today
        self.aside = aside
        self.out: Marked = []

    def take(self, path: str, value: Any, mark: Any) -> None:
        wanted = self.interest(mark)
        if wanted == TAKE:
            self.out.append((path, value, mark))
        elif wanted == STOP:
            raise _Stopped

    def mapping(self, node: dict[Any, Any], state: State, prefix: str, omit: Any = _NO_KEY) -> None:
        """The fields wanted in a mapping (its key ``omit`` left out); ``prefix`` ends with its '.'. A child is
        read by its key (no list of the values is made), and its path grows by text the plan holds: the survey
        of 30 generated dossiers 45.2 -> 39.2 million instructions (callgrind)."""
        keys = tuple(node)
        shape = (keys, tuple(map(type, node.values())))
        plan = state.plans.get(shape)
        if plan is None:
            plan = self.defaults.plan(state, keys, shape[1])
        for what, key, step, text in plan:
            if key is omit:
                continue
            value = node[key]
            if type(step) is Pending:  # judged on the child if it is a mapping, else on this one (Automaton.enter)
                step = step.state(value if what == _MAP else node, self.today)
            if what == _MAP:
                self.mapping(value, step, prefix + text)
            elif what == _LIST:
                self.sequence(value, step, prefix + text)
            elif what == _FIELD:
                self.take(prefix + text, value, step.mark)
            else:
                for path, leaf, mark in self.aside(value, prefix + text):
                    self.take(path, leaf, mark)

    def sequence(self, node: list[Any], state: State, path: str) -> None:
        shape = tuple(map(type, node))
        plan = state.plans.get(shape)
        if plan is None:
            plan = self.defaults.plan(state, None, shape)
        for what, i, step, text in plan:
            value = node[i]
            if type(step) is Pending:
                step = step.state(value if what == _MAP else node, self.today)
            if what == _MAP:
                self.mapping(value, step, path + text)
            elif what == _LIST:
                self.sequence(value, step, path + text)
            else:
                self.take(path + text, value, step.mark)
