"""Publication marking: which of a dossier's fields may be published (the dossier with everything else taken
out before any template sees it is ``redaction.py``).

Every field of a dossier is ``public``, ``restricted`` (the force's intranet, never the public site) or
``secret`` (never published, not even internally), with the reason for withholding drawn from the Freedom of
Information Act 2000 exemptions a force would cite (``EXEMPTIONS``).

Who decides, for one field:

1. the dossier's own ``publication:`` block, which maps dotted paths (``[*]`` for every item of a list,
   ``*`` for any one key, ``**`` for any depth) to ``{marking, exemption, reason}``; a path marks the field
   and everything inside it, and the most specific path that matches wins;
2. otherwise ``rules/publication-defaults.yaml``, read top to bottom: the first entry whose path matches and
   whose condition holds decides. A default may say ``decide``: the force must mark that field itself;
3. otherwise nothing decides, and the field is *undecided*.

An undecided field is withheld from the public site and shown on the intranet as "not yet marked";
``check`` reports it (PUB-001) for a tool the APP asks the force to publish. A secret value repeated inside
a public field is reported too (PUB-002), since withholding the field would not keep it secret.

Redaction (``redaction.py``) replaces each withheld value by a :class:`Withheld` note that carries the
marking, exemption and reason, never the value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from ddtapp.errors import InputError, Problem
from ddtapp.force.marking import (
    MAX_STEPS,
    PASS,
    STOP,
    TAKE,
    Automaton,
    Pattern,
    Pending,
    State,
    Step,
    mark_tree,
    survey_tree,
)
from ddtapp.frozen import frozen
from ddtapp.loading.yaml_loader import join_path, load_file
from ddtapp.resources import rules_dir

MARKINGS = ("public", "restricted", "secret")
#: Freedom of Information Act 2000 exemptions a marking can cite, with the words the site prints.
EXEMPTIONS: dict[str, str] = {
    "s23": "section 23 (bodies dealing with security matters)",
    "s24": "section 24 (national security)",
    "s30": "section 30 (investigations and proceedings)",
    "s31": "section 31 (law enforcement)",
    "s38": "section 38 (health and safety)",
    "s40": "section 40 (personal information)",
    "s43": "section 43 (commercial interests)",
}
#: A top-level key that is about publishing, not part of the record published.
PUBLICATION_KEY = "publication"
#: The shortest secret text PUB-002 looks for inside public fields: shorter values (a number, "Yes") recur
#: by chance.
MIN_SECRET_LENGTH = 6
_KEY = r"(\*\*|\*|[A-Za-z_][A-Za-z0-9_]*)(\[(\*|\d+)\])*"
_PATH = re.compile(rf"^{_KEY}(\.{_KEY})*$")
_SEGMENT = re.compile(r"\[[^\]]*\]|[^.\[]+")

Mode = Literal["public", "internal"]
Level = Literal["public", "restricted", "secret", "undecided"]


@frozen
class Marking:
    """How one field is marked, and who said so (``dossier``, ``default`` or ``""`` when nothing did)."""

    marking: Level
    exemption: str = ""
    reason: str = ""
    source: str = ""
    pattern: str = ""


UNDECIDED = Marking("undecided")


@frozen
class Withheld:
    """What the site shows in place of withheld fields: why, never what."""

    marking: Level
    exemptions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def exemption_text(self) -> str:
        return " and ".join(EXEMPTIONS.get(e, e) for e in self.exemptions)


@frozen
class Condition:
    """A default applies only when a key of the matched block (or of the block holding a matched field)
    is one of ``values``, is present at all, or is a date in the past or the future."""

    key: str
    values: tuple[str, ...] = ()
    present: bool = False
    date: Literal["past", "future", ""] = ""

    def holds(self, block: Any, today: dt.date) -> bool:
        if not isinstance(block, dict) or block.get(self.key) in (None, ""):
            return False
        value = block[self.key]
        if self.values:
            return str(value) in self.values
        if self.date:
            if not isinstance(value, dt.date):
                return False
            return value <= today if self.date == "past" else value > today
        return self.present


@frozen
class Default:
    pattern: str
    segments: tuple[str, ...]
    marking: Literal["public", "restricted", "secret", "decide"]
    exemption: str = ""
    reason: str = ""
    when: Condition | None = None


def split_path(path: str) -> tuple[str, ...]:
    """``a.b[2].c`` -> ``("a", "b", "[2]", "c")``."""
    return tuple(_SEGMENT.findall(path))


def valid_pattern(pattern: str) -> bool:
    return bool(_PATH.fullmatch(pattern))


def prefix_ends(pat: tuple[str, ...], path: tuple[str, ...], at: int = 0) -> Iterator[int]:
    """Every k such that ``pat`` matches ``path[:k]`` (a pattern marks a field and everything inside it)."""
    if not pat:
        yield at
        return
    head, rest = pat[0], pat[1:]
    if head == "**":
        for i in range(at, len(path) + 1):
            yield from prefix_ends(rest, path, i)
        return
    if at >= len(path):
        return
    seg = path[at]
    if head == "[*]":
        ok = seg.startswith("[")
    elif head == "*":
        ok = not seg.startswith("[")
    else:
        ok = head == seg
    if ok:
        yield from prefix_ends(rest, path, at + 1)


def _specificity(pattern: str) -> tuple[int, int, str]:
    segments = split_path(pattern)
    literal = sum(1 for s in segments if s not in ("*", "**", "[*]"))
    return (literal, len(segments), pattern)


# ----------------------------------------------------------------------------- reading markings and defaults


def _condition(raw: Any, where: str) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise ValueError(f"{where}: 'when' needs a 'key' and one of 'in', 'present' or 'date'")
    date = raw.get("date", "")
    if date not in ("", "past", "future"):
        raise ValueError(f"{where}: 'date' is 'past' or 'future'")
    values = tuple(str(v) for v in raw.get("in") or ())
    return Condition(raw["key"], values, bool(raw.get("present")), date)


def parse_defaults(entries: Any, file: str = "publication-defaults.yaml") -> tuple[Default, ...]:
    """The defaults file's ``defaults:`` list, checked: a bad entry is an input error naming its index."""
    if not isinstance(entries, list):
        raise InputError([Problem(file, 1, 1, "'defaults' must be a list of {path, marking, exemption, reason}")])
    out: list[Default] = []
    for i, e in enumerate(entries):
        where = f"defaults[{i}]"
        try:
            if not isinstance(e, dict) or not isinstance(e.get("path"), str) or not valid_pattern(e["path"]):
                raise ValueError(f"{where}: 'path' must be a dotted path ([*] for list items, * or ** as wildcards)")
            if e.get("marking") not in (*MARKINGS, "decide"):
                raise ValueError(f"{where}: 'marking' is public, restricted, secret or decide")
            if e.get("exemption") and e["exemption"] not in EXEMPTIONS:
                raise ValueError(f"{where}: 'exemption' is one of {', '.join(EXEMPTIONS)}")
            unknown = set(e) - {"path", "marking", "exemption", "reason", "when"}
            if unknown:
                raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r}")
            out.append(
                Default(
                    e["path"],
                    split_path(e["path"]),
                    e["marking"],
                    str(e.get("exemption") or ""),
                    str(e.get("reason") or ""),
                    _condition(e.get("when"), where),
                )
            )
        except ValueError as exc:
            raise InputError([Problem(file, 1, 1, str(exc))]) from None
    return tuple(out)


@functools.cache
def builtin_defaults() -> tuple[Default, ...]:
    path = rules_dir() / "publication-defaults.yaml"
    return parse_defaults(load_file(path).data.get("defaults"), str(path))


def load_defaults(path: Path | None) -> tuple[Default, ...]:
    if path is None:
        return builtin_defaults()
    loaded = load_file(path)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    return parse_defaults(data.get("defaults"), str(path))


def dossier_markings(data: Any) -> dict[str, Marking]:
    """The dossier's own ``publication:`` block (validated with the dossier; entries that are not
    well-formed are left out here, never guessed at)."""
    block = data.get(PUBLICATION_KEY) if isinstance(data, dict) else None
    out: dict[str, Marking] = {}
    if not isinstance(block, dict):
        return out
    for pattern, spec in block.items():
        if not isinstance(pattern, str) or not valid_pattern(pattern) or not isinstance(spec, dict):
            continue
        level = spec.get("marking")
        if level not in MARKINGS:
            continue
        exemption, reason = str(spec.get("exemption") or ""), str(spec.get("reason") or "")
        out[pattern] = Marking(level, exemption, reason, "dossier", pattern)
    return out


# ----------------------------------------------------------------------------- deciding each field


#: Every scalar of a dossier with its dotted path and its marking (:func:`marked_leaves`).
MarkedLeaves = list[tuple[str, Any, Marking]]


def leaves(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar in the dossier with its dotted path, the ``publication:`` block left out."""
    if isinstance(data, dict):
        for k, v in data.items():
            if not path and k == PUBLICATION_KEY:
                continue
            yield from leaves(v, join_path(path, str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from leaves(v, join_path(path, i))
    elif data is not None and path:
        yield path, data


def _node(data: Any, segments: tuple[str, ...]) -> Any:
    """The node at a path's segments (None where there is none: a key with a bracket in it, such as
    ``deployments[x]`` in a sign-off's values, makes a segment that is no list index)."""
    node = data
    for seg in segments:
        if seg.startswith("["):
            try:
                i = int(seg[1:-1])
            except ValueError:
                return None
            node = node[i] if isinstance(node, list) and i < len(node) else None
        else:
            node = node.get(seg) if isinstance(node, dict) else None
    return node


def _block(data: Any, segments: tuple[str, ...], k: int) -> Any:
    """The block a ``when`` reads for a pattern matching ``segments[:k]``: that node if it is a mapping,
    else the one holding it."""
    node = _node(data, segments[:k])
    return node if isinstance(node, dict) else _node(data, segments[: k - 1])


#: The automata kept for the next dossiers, each with what it was made from: the defaults' (by their id: the
#: entry holds them, so the id stays theirs) and, apart, those of dossiers' own markings (by the markings, most
#: specific first; a force's dossiers often share them).
_DEFAULTS: dict[object, tuple[object, Automaton]] = {}
_OWN: dict[object, tuple[object, Automaton]] = {}


def _kept(
    kept: dict[object, tuple[object, Automaton]], key: object, source: object, make: Callable[[], Automaton]
) -> Automaton:
    got = kept.get(key)
    if got is None or got[0] is not source or got[1].size > MAX_STEPS:
        if len(kept) >= 32:
            kept.clear()
        got = kept[key] = (source, make())
    return got[1]


def _defaults_automaton(defaults: tuple[Default, ...]) -> Automaton:
    def make() -> Automaton:
        patterns: list[Pattern] = []
        for d in defaults:
            level = "undecided" if d.marking == "decide" else d.marking
            patterns.append((d.segments, d.when, Marking(level, d.exemption, d.reason, "default", d.pattern)))
        return Automaton(patterns, UNDECIDED, _check_interest)

    return _kept(_DEFAULTS, id(defaults), defaults, make)


def _check_interest(marking: Marking) -> int:
    """What the check wants of a field (:func:`check_marks`): the undecided ones (PUB-001); a secret one means
    PUB-002 must compare texts, which needs every field."""
    level = marking.marking
    return TAKE if level == "undecided" else STOP if level == "secret" else PASS


def _own_automaton(own: tuple[Marking, ...]) -> Automaton | None:
    """The dossier's own markings, most specific first, as patterns (``None`` where none matches)."""
    if not own:
        return None
    return _kept(_OWN, own, None, lambda: Automaton([(split_path(m.pattern), None, m) for m in own], None))


class Marker:
    """Decides the marking of every field of one dossier: the dossier's own patterns, most specific first,
    then the defaults in order, in one walk of the tree (``marking.py``)."""

    def __init__(self, data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> None:
        self.data = data
        self.today = today
        self.defaults = builtin_defaults() if defaults is None else defaults
        own = sorted(dossier_markings(data).values(), key=lambda m: _specificity(m.pattern))
        own.reverse()  # most specific first
        self._own = _own_automaton(tuple(own))
        self._defaults = _defaults_automaton(self.defaults)
        self._fields: dict[str, Marking] | None = None

    def of(self, path: str) -> Marking:
        """The marking of a field, or of any dotted path (a block, or a path the dossier does not hold). The
        first question marks every field in one walk (so the dossier is read as it was then)."""
        if self._fields is None:
            self._fields = self.all()
        found = self._fields.get(path)
        return found if found is not None else self._of_path(path)

    def _of_path(self, path: str) -> Marking:
        """The marking of any dotted path, split into segments and found in the dossier segment by segment."""
        segments = split_path(path)

        def onto(step: Step, k: int) -> State:
            return step.state(_block(self.data, segments, k), self.today) if isinstance(step, Pending) else step

        for automaton in (self._own, self._defaults):
            if automaton is None:
                continue
            state = onto(automaton.start, 0)
            for k, segment in enumerate(segments, 1):
                state = onto(automaton.advance(state, segment), k)
            if state.mark is not None:  # the dossier's own, if one matches, else the defaults'
                return state.mark
        return UNDECIDED

    def marked(self) -> MarkedLeaves:
        """Every field with its value and marking, in document order (:func:`leaves`)."""
        if not isinstance(self.data, dict):
            return self._aside(self.data, "")
        return mark_tree(self.data, self._defaults, self._own, self.today, PUBLICATION_KEY, self._aside)

    def for_check(self) -> MarkedLeaves:
        """What PUB-001 and PUB-002 read (:func:`check_marks`)."""
        if self._own is None and isinstance(self.data, dict):
            found = survey_tree(self.data, self._defaults, self.today, PUBLICATION_KEY, self._aside)
            if found is not None:
                return found
        marked = self.marked()  # the dossier's own patterns are in play, or a field is secret
        if any(m.marking == "secret" for _, _, m in marked):
            return marked
        return [field for field in marked if field[2].marking == "undecided"]

    def _aside(self, node: Any, path: str) -> MarkedLeaves:
        """The fields in ``node`` at ``path``, each marked by its path (a key that is not one path segment)."""
        return [(p, value, self._of_path(p)) for p, value in leaves(node, path)]

    def all(self) -> dict[str, Marking]:
        return {path: marking for path, _, marking in self.marked()}


def shown(marking: Marking, mode: Mode) -> bool:
    if mode == "public":
        return marking.marking == "public"
    return marking.marking != "secret"


# ----------------------------------------------------------------------------- what `check` reports


def marked_leaves(data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> MarkedLeaves:
    """Every field of the dossier marked, once: what PUB-001 and PUB-002 both read (the check marks a
    dossier once for the two, not once for each)."""
    return Marker(data, today, defaults).marked()


def check_marks(data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> MarkedLeaves:
    """What PUB-001 and PUB-002 read of :func:`marked_leaves`, and all they read: the undecided fields, in
    document order, when no field is secret (so PUB-002 has no text to look for); else every field. The
    usual dossier (no ``publication:`` block of its own, no secret field) is surveyed without listing its
    ~500 fields (``marking.survey_tree``)."""
    return Marker(data, today, defaults).for_check()


def undecided_paths(
    data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None, marked: MarkedLeaves | None = None
) -> list[str]:
    """Fields no marking decides (PUB-001)."""
    if marked is None:
        marked = marked_leaves(data, today, defaults)
    return [p for p, _, marking in marked if marking.marking == "undecided"]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text(value: Any) -> str:
    """A field's text as PUB-002 compares it (empty for what is not text or a number)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return _norm(str(value))


def secret_repeats(
    data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None, marked: MarkedLeaves | None = None
) -> list[str]:
    """Public fields that repeat the text of a secret one (PUB-002): marking the secret field hides
    nothing while its value stands in a public one."""
    if marked is None:
        marked = marked_leaves(data, today, defaults)
    secrets = {
        text
        for _, value, marking in marked
        if marking.marking == "secret" and len(text := _text(value)) >= MIN_SECRET_LENGTH
    }
    if not secrets:  # most dossiers: no text to look for, and no public text to normalise
        return []
    public = [(path, _text(value)) for path, value, marking in marked if marking.marking == "public"]
    # the reasons in the publication block are printed on the public site too
    for pattern, marking in dossier_markings(data).items():
        if marking.reason:
            public.append((f"{join_path(PUBLICATION_KEY, pattern)}.reason", _norm(marking.reason)))
    shortest = min(map(len, secrets))
    return [p for p, text in public if len(text) >= shortest and any(s in text for s in secrets)]


#: The builtin rules' names (rules/app/20-governance.yaml), and the function that finds their paths from the
#: dossier, the day and its fields marked once (:func:`marked_leaves`).
CHECKS: dict[str, Callable[[Any, dt.date, None, MarkedLeaves], list[str]]] = {
    "publication_undecided": undecided_paths,
    "publication_secret_repeated": secret_repeats,
}
