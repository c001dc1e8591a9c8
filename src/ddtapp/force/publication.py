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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ddtapp.errors import InputError, Problem
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


@dataclass(frozen=True)
class Marking:
    """How one field is marked, and who said so (``dossier``, ``default`` or ``""`` when nothing did)."""

    marking: Level
    exemption: str = ""
    reason: str = ""
    source: str = ""
    pattern: str = ""


UNDECIDED = Marking("undecided")


@dataclass(frozen=True)
class Withheld:
    """What the site shows in place of withheld fields: why, never what."""

    marking: Level
    exemptions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def exemption_text(self) -> str:
        return " and ".join(EXEMPTIONS.get(e, e) for e in self.exemptions)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


#: What :func:`_matches` joins a path's segments with: a character no dotted path of a dossier holds (a path
#: that does hold it is matched segment by segment instead).
_SEP = "\x00"


@functools.lru_cache(maxsize=4096)
def _prefix_regex(pat: tuple[str, ...]) -> re.Pattern[str]:
    """``pat`` as a regular expression over a path's segments joined and ended by :data:`_SEP`, matching
    where :func:`prefix_ends` yields anything: one pass of C code instead of a generator per segment."""
    parts = []
    for head in pat:
        if head == "**":
            parts.append(f"(?:[^{_SEP}]*{_SEP})*")
        elif head == "[*]":
            parts.append(f"\\[[^{_SEP}]*{_SEP}")
        elif head == "*":
            parts.append(f"[^\\[{_SEP}][^{_SEP}]*{_SEP}")
        else:
            parts.append(re.escape(head) + _SEP)
    return re.compile("".join(parts))


def _matches(pat: tuple[str, ...], segments: tuple[str, ...], joined: str | None) -> bool:
    """Whether ``pat`` matches a prefix of ``segments`` (``joined``: :func:`_joined` of them)."""
    if joined is None:
        return next(prefix_ends(pat, segments), None) is not None
    return _prefix_regex(pat).match(joined) is not None


def _any_of(patterns: list[tuple[str, ...]]) -> re.Pattern[str]:
    """One expression for several patterns, each alternative a group: the first alternative that matches is
    the first pattern in the list that matches, and ``lastindex`` says which (never matches when empty)."""
    if not patterns:
        return re.compile("(?!)")
    return re.compile("|".join(f"({_prefix_regex(p).pattern})" for p in patterns))


def _joined(path: str, segments: tuple[str, ...]) -> str | None:
    return None if _SEP in path else _SEP.join(segments) + _SEP


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
    node = data
    for seg in segments:
        if seg.startswith("["):
            i = int(seg[1:-1])
            node = node[i] if isinstance(node, list) and i < len(node) else None
        else:
            node = node.get(seg) if isinstance(node, dict) else None
    return node


_Candidates = tuple[list[tuple[tuple[str, ...], Marking]], list[Default], re.Pattern[str], re.Pattern[str]]


class Marker:
    """Decides the marking of every field of one dossier."""

    def __init__(self, data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> None:
        self.data = data
        self.today = today
        self.defaults = builtin_defaults() if defaults is None else defaults
        own = dossier_markings(data)
        self.own = sorted(((split_path(p), m) for p, m in own.items()), key=lambda pm: _specificity(pm[1].pattern))
        self.own.reverse()  # most specific first
        self._candidates: dict[str, _Candidates] = {}
        self._made: dict[int, Marking] = {}  # each default's marking, made once (by the default's id)

    def _default_holds(self, d: Default, segments: tuple[str, ...]) -> bool:
        if d.when is None:
            return True
        for k in prefix_ends(d.segments, segments):
            node = _node(self.data, segments[:k])
            block = node if isinstance(node, dict) else _node(self.data, segments[: k - 1])
            if d.when.holds(block, self.today):
                return True
        return False

    def of(self, path: str) -> Marking:
        segments = split_path(path)
        joined = _joined(path, segments)
        first = segments[0] if segments else ""
        found = self._candidates.get(first) or self._candidates_for(first)
        own, defaults, own_any, default_any = found
        start = 0
        if joined is not None:  # one regular expression finds the first pattern that matches
            hit = own_any.match(joined)
            if hit is not None:
                return own[hit.lastindex - 1][1]  # type: ignore[operator]
            hit = default_any.match(joined)
            if hit is None:
                return UNDECIDED
            start = hit.lastindex - 1  # type: ignore[operator]
        else:
            for pat, marking in own:
                if _matches(pat, segments, joined):
                    return marking
        for d in defaults[start:]:
            if not _matches(d.segments, segments, joined) or not self._default_holds(d, segments):
                continue
            made = self._made.get(id(d))
            if made is None:
                level = "undecided" if d.marking == "decide" else d.marking
                made = self._made[id(d)] = Marking(level, d.exemption, d.reason, "default", d.pattern)
            return made
        return UNDECIDED

    def _candidates_for(self, first: str) -> _Candidates:
        """The dossier's own patterns and the defaults, each in its order, that can match a path whose first
        segment is ``first`` (the others cannot), and each list as one regular expression whose first
        matching alternative is the first pattern that matches: worked out once for each first segment."""

        def can(pat: tuple[str, ...]) -> bool:
            return not pat or pat[0] == "**" or _matches(pat[:1], (first,), _joined(first, (first,)))

        own = [o for o in self.own if can(o[0])]
        defaults = [d for d in self.defaults if can(d.segments)]
        got = self._candidates[first] = (
            own,
            defaults,
            _any_of([p for p, _ in own]),
            _any_of([d.segments for d in defaults]),
        )
        return got

    def all(self) -> dict[str, Marking]:
        return {path: self.of(path) for path, _ in leaves(self.data)}


def shown(marking: Marking, mode: Mode) -> bool:
    if mode == "public":
        return marking.marking == "public"
    return marking.marking != "secret"


# ----------------------------------------------------------------------------- what `check` reports


#: Every scalar of a dossier with its dotted path and its marking (:func:`marked_leaves`).
MarkedLeaves = list[tuple[str, Any, Marking]]


def marked_leaves(data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None) -> MarkedLeaves:
    """Every field of the dossier marked, once: what PUB-001 and PUB-002 both read (the check marks a
    dossier once for the two, not once for each)."""
    marker = Marker(data, today, defaults)
    return [(path, value, marker.of(path)) for path, value in leaves(data)]


def undecided_paths(
    data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None, marked: MarkedLeaves | None = None
) -> list[str]:
    """Fields no marking decides (PUB-001)."""
    if marked is None:
        marked = marked_leaves(data, today, defaults)
    return [p for p, _, marking in marked if marking.marking == "undecided"]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def secret_repeats(
    data: Any, today: dt.date, defaults: tuple[Default, ...] | None = None, marked: MarkedLeaves | None = None
) -> list[str]:
    """Public fields that repeat the text of a secret one (PUB-002): marking the secret field hides
    nothing while its value stands in a public one."""
    if marked is None:
        marked = marked_leaves(data, today, defaults)
    secrets: set[str] = set()
    public: list[tuple[str, str]] = []
    for path, value, marking in marked:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        text = _norm(str(value))
        level = marking.marking
        if level == "secret" and len(text) >= MIN_SECRET_LENGTH:
            secrets.add(text)
        elif level == "public":
            public.append((path, text))
    # the reasons in the publication block are printed on the public site too
    for pattern, marking in dossier_markings(data).items():
        if marking.reason:
            public.append((f"{join_path(PUBLICATION_KEY, pattern)}.reason", _norm(marking.reason)))
    return [p for p, text in public if any(s in text for s in secrets)]


#: The builtin rules' names (rules/app/20-governance.yaml), and the function that finds their paths from the
#: dossier, the day and its fields marked once (:func:`marked_leaves`).
CHECKS: dict[str, Callable[[Any, dt.date, None, MarkedLeaves], list[str]]] = {
    "publication_undecided": undecided_paths,
    "publication_secret_repeated": secret_repeats,
}
