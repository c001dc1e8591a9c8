"""Load YAML as plain data, with a map from dotted paths to 1-based line and column.

Why not ``YAML(typ='rt')``: round-trip loading costs ~36 ms for a 400-line dossier; composing
nodes with the C parser (``ruamel.yaml.clib``) and building plain Python data ourselves costs
~3 ms and keeps every mark we need. Building the data ourselves also lets us treat YAML as data
only: every tag outside the YAML core schema is refused (so ``!!python/object`` cannot build an
object), duplicate keys are errors, aliases are bounded so an expansion bomb stops early, and
nesting depth and file size are capped.

Positions are found on demand: the loader keeps the composed node tree (every node holds its mark) and
:class:`Positions` walks it for the few paths a finding points at, instead of building a path for every
node of every dossier (~0.5 ms a dossier, for about five positions used).
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.main import CParser
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

from ddtapp.errors import InputError, Problem
from ddtapp.loading.limits import (
    MAX_ALIAS_CHARS,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    SAFE_PARSER_DEPTH,
    count_nodes,
    nesting_within,
)
from ddtapp.loading.safe_read import display_path, read_capped

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}
#: What every ``key: #text`` line holds (``ddtapp.loading.yaml_messages.hash_values`` looks at those lines)
_COMMENT_AFTER_COLON = re.compile(r":[ \t]+#")


Position = tuple[int, int]


@dataclass
class Loaded:
    """A loaded YAML file: its data, and where each dotted path's key stands (1-based)."""

    file: str
    data: Any
    positions: Mapping[str, Position] = field(default_factory=dict)

    def locate(self, path: str) -> Position:
        """Line and column of ``path``'s key, or of its nearest existing parent."""
        positions = self.positions
        while True:
            pos = positions.get(path)
            if pos is not None:
                return pos
            if not path:
                return (1, 1)
            path = parent_path(path)


class Positions(Mapping[str, Position]):
    """Where each dotted path's key (or list item) stands, 1-based, found on demand in the composed tree.

    It answers exactly as a dict built for every node in document order would (``a.b``, ``a.b[2]``; a key
    that is not text is written as ``str()`` of its value; where two keys spell the same path, the later
    one in the document wins), with the moves of an in-memory migration on top (:meth:`move`). Only
    listing every path (``items()``, rare: the ``#``-value hint) walks the whole tree."""

    __slots__ = ("_found", "_keys", "_moves", "_root")

    def __init__(self, root: Node):
        self._root = root
        self._moves: list[tuple[str, str]] = []
        self._found: dict[str, Position | None] = {}
        #: per mapping node met so far (by id), each key's text -> the index of its entry (:func:`_key_index`)
        self._keys: dict[int, tuple[dict[str, int], bool]] = {}

    def move(self, moves: list[tuple[str, str]]) -> None:
        """Give each moved path (and everything under it) the position its old path had, unless the new
        path has one of its own; the old paths keep theirs (as ``ddtapp.dossier.migrate`` moves data)."""
        self._moves.extend(moves)
        self._found.clear()

    def get(self, path: str, default: Any = None) -> Any:
        found = self._found
        pos = found[path] if path in found else found.setdefault(path, self._find(path, len(self._moves)))
        return default if pos is None else pos

    def __getitem__(self, path: str) -> Position:
        pos = self.get(path)
        if pos is None:
            raise KeyError(path)
        return pos

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.get(path) is not None

    def _find(self, path: str, moves: int) -> Position | None:
        """The position of ``path`` after the first ``moves`` moves."""
        if moves == 0:
            return self._seek(self._root, path, 0, None)
        pos = self._find(path, moves - 1)
        if pos is None:
            old, new = self._moves[moves - 1]
            if path.startswith(new) and (len(path) == len(new) or path[len(new)] in ".["):
                pos = self._find(old + path[len(new) :], moves - 1)
        return pos

    def _seek(self, node: Node, path: str, start: int, found: Position | None) -> Position | None:
        """The position of ``path[start:]`` under ``node`` (``start`` at its separator, or 0 at the root):
        the last match in document order, else ``found``. Recursion is bounded by the path's length."""
        if isinstance(node, MappingNode):
            if start and path[start] != ".":
                return found
            prefix = start + (start > 0)  # past the '.' after the parent's path
            indexed = self._keys.get(id(node))
            if indexed is None:
                indexed = self._keys[id(node)] = _key_index(node)
            keys, odd = indexed
            if not odd:  # the usual mapping: the key is the text up to the next '.' or '['
                sep = _PATH_SEP.search(path, prefix)
                end = sep.start() if sep is not None else len(path)
                i = keys.get(path[prefix:end])
                if i is None:
                    return found
                knode, vnode = node.value[i]
                if end == len(path):
                    m = knode.start_mark
                    return (m.line + 1, m.column + 1)
                return self._seek(vnode, path, end, found)
            # a key may hold '.' or '[': it is the text up to the end or to any later one
            ends = [m.start() for m in _PATH_SEP.finditer(path, prefix)]
            ends.append(len(path))
            entries = sorted(i for e in ends if (i := keys.get(path[prefix:e])) is not None)
            for i in entries:
                knode, vnode = node.value[i]
                end = prefix + len(_key_text(knode))
                if end == len(path):
                    m = knode.start_mark
                    found = (m.line + 1, m.column + 1)
                else:
                    found = self._seek(vnode, path, end, found)
            return found
        if isinstance(node, SequenceNode) and start < len(path) and path[start] == "[":
            close = path.find("]", start)
            digits = path[start + 1 : close]
            if close < 0 or not (digits.isascii() and digits.isdigit()) or str(int(digits)) != digits:
                return found
            index = int(digits)
            if index >= len(node.value):
                return found
            item = node.value[index]
            if close + 1 == len(path):
                m = item.start_mark
                return (m.line + 1, m.column + 1)
            return self._seek(item, path, close + 1, found)
        return found

    def _all(self) -> dict[str, Position]:
        out: dict[str, Position] = {}
        _walk(self._root, "", out, 0)
        for old, new in self._moves:
            for path, pos in list(out.items()):
                if path == old:
                    out.setdefault(new, pos)
                elif path.startswith(old) and path[len(old)] in ".[":
                    out.setdefault(new + path[len(old) :], pos)
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"Positions({self._all()!r})"


#: What separates the steps of a path
_PATH_SEP = re.compile(r"[.\[]")


def _key_index(node: MappingNode) -> tuple[dict[str, int], bool]:
    """Each key's text -> the index of its entry (a loaded mapping's keys are unique: the builder refuses a
    duplicate), and whether some key holds a separator (a path may then split inside a key)."""
    keys = {(k.value if k.ctag is _STR_TAG else _key_text(k)): i for i, (k, _) in enumerate(node.value)}
    return keys, _PATH_SEP.search("".join(keys)) is not None


def _walk(node: Node, path: str, out: dict[str, Position], depth: int) -> None:
    """Every path under ``node`` with its position, in document order (``Positions.items()``)."""
    if depth > MAX_DEPTH:  # pragma: no cover - the builder refused deeper nesting already
        return
    if isinstance(node, MappingNode):
        for knode, vnode in node.value:
            sub = f"{path}.{_key_text(knode)}" if path else _key_text(knode)
            m = knode.start_mark
            out[sub] = (m.line + 1, m.column + 1)
            _walk(vnode, sub, out, depth + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            m = item.start_mark
            out[sub] = (m.line + 1, m.column + 1)
            _walk(item, sub, out, depth + 1)


def parent_path(path: str) -> str:
    """``a.b[2].c`` -> ``a.b[2]`` -> ``a.b`` -> ``a`` -> ``""``."""
    dot = path.rfind(".")
    bracket = path.rfind("[")
    cut = max(dot, bracket)
    return path[:cut] if cut > 0 else ""


def join_path(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def _core_table() -> dict[str, tuple[tuple[Tag, re.Pattern[str]], ...]]:
    """ruamel.yaml's YAML 1.2 implicit resolvers by a plain scalar's first character (``""`` for the empty
    scalar), in ruamel's order, each with one shared tag and its compiled pattern (ruamel wraps each
    pattern in a lazy proxy, which costs two Python calls a match)."""
    table: dict[str, list[tuple[Tag, re.Pattern[str]]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            pattern = re.compile(regexp.pattern, regexp.flags)
            for ch in first:
                table.setdefault(ch, []).append((_TAGS.setdefault(tag, Tag(suffix=tag)), pattern))
    return {ch: tuple(entries) for ch, entries in table.items()}


#: One tag object per resolved tag, shared by every node that has it (the builder tells them apart by identity)
_TAGS: dict[str, Tag] = {}
_STR_TAG = _TAGS[_STR] = Tag(suffix=_STR)
_MAP_TAG = _TAGS[_MAP] = Tag(suffix=_MAP)
_SEQ_TAG = _TAGS[_SEQ] = Tag(suffix=_SEQ)
_CORE_12 = _core_table()


class _Scalar(ScalarNode):
    """A scalar node as the C composer makes one, set up in one step: ruamel's constructor calls its base
    class's with keywords and tests the tag's type, a third of what composing a node costs in Python. The
    same attributes, the same values (the tag given as a name becomes a :class:`Tag`, as ruamel's does)."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, style: Any = None):
        self.ctag = tag if tag.__class__ is Tag else Tag(suffix=tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style
        self.comment = self.anchor = None


class _Sequence(SequenceNode):
    """A sequence node, set up in one step (:class:`_Scalar`)."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None):
        self.ctag = tag if tag.__class__ is Tag else Tag(suffix=tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style
        self.comment = self.anchor = None


class _Mapping(MappingNode):
    """A mapping node, set up in one step (:class:`_Scalar`)."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None):
        self.ctag = tag if tag.__class__ is Tag else Tag(suffix=tag)
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style
        self.comment = self.anchor = self.merge = None


class _Yaml12Resolver(VersionedResolver):
    """ruamel's resolver, pinned to YAML 1.2 (so ``yes``/``no`` stay text, as in every dossier), and quick:
    the C composer calls it for every node.

    The stock resolver works out the document's YAML version for every scalar through a chain of
    ``try/except AttributeError`` (``processing_version``) and looks its table up twice a scalar; a
    ``%YAML 1.1`` directive therefore does not switch ddtapp to YAML 1.1 rules. ddtapp has no path
    resolvers, so the composer's calls around each node to track the path do nothing.
    """

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)

    # The composer calls these two around every node (``descend_resolver(parent, index)`` and
    # ``ascend_resolver()``) for path resolvers, which ddtapp has none of: built-ins that take the same
    # arguments and do nothing with them cost half a Python method (~0.15 ms of a 400-line dossier).
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node without an explicit tag: a plain scalar's from the YAML 1.2 table by its first
        character (most are text, whose first character starts no other type: no pattern is tried), any
        other scalar text, a collection a map or a sequence. The same tags as ruamel's resolver gives."""
        if kind is _Scalar or kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _CORE_12.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _MAP_TAG if kind is _Mapping or kind is MappingNode else _SEQ_TAG


_yaml = YAML(typ="safe", pure=False)
_yaml.Resolver = _Yaml12Resolver


def _c_composer() -> ModuleType | None:
    """The module of the C composer (ruamel.yaml.clib's), which makes each node by calling the node class it
    finds by name in its own namespace; None if ruamel composes in Python (no C parser installed)."""
    if CParser is None or _yaml.Parser is not CParser:
        return None
    module = sys.modules.get(CParser.__module__)
    known = (("ScalarNode", ScalarNode), ("SequenceNode", SequenceNode), ("MappingNode", MappingNode))
    return module if module is not None and all(getattr(module, n, None) is c for n, c in known) else None


_C_COMPOSER: Any = _c_composer()  # (Any: the node classes are set on it by name)

if CParser is not None:

    class _Composer(CParser, _Yaml12Resolver):
        """libyaml's parser and ruamel.yaml.clib's composer (C) with ddtapp's resolver, one class made once:
        ruamel's ``YAML.compose`` makes a new class for every document, with a constructor ddtapp does not
        use (~0.1 ms a dossier). The resolver keeps no state, so it needs no setting up."""

        def __init__(self, text: str):
            CParser.__init__(self, text)


def _compose(text: str) -> Node | None:
    """``text``'s node tree, composed by ruamel.yaml.clib (C) with ddtapp's node classes, which are set in its
    module while it composes and ruamel's own put back at once (a YAML(typ="safe") elsewhere still builds
    with ruamel's); or by ruamel in Python if the C composer is not there."""
    module = _C_COMPOSER
    if module is None:
        try:
            return _yaml.compose(text)
        finally:
            _yaml.doc_infos.clear()  # ruamel appends one per compose and never clears it
    composer = _Composer(text)
    module.ScalarNode, module.SequenceNode, module.MappingNode = _Scalar, _Sequence, _Mapping
    try:
        return composer.get_single_node()
    finally:
        module.ScalarNode, module.SequenceNode, module.MappingNode = ScalarNode, SequenceNode, MappingNode
        composer.dispose()


def _tag(node: Node) -> str:
    """The node's resolved tag, without ruamel's per-node string building (a resolved implicit tag
    is the whole URI in ``suffix``; an explicit ``!!x`` has a handle and is expanded)."""
    ctag = node.ctag
    return ctag.suffix if ctag.handle is None else str(ctag)


def parser_name() -> str:
    """Which YAML parser runs: 'C (ruamel.yaml.clib)' or 'pure Python'."""
    return "C (ruamel.yaml.clib)" if "CParser" in getattr(_yaml.Parser, "__name__", "") else "pure Python"


def load_file(path: str | Path, display: str | None = None) -> Loaded:
    """Read and load one YAML file, or raise InputError naming the file, line and column."""
    name = display if display is not None else display_path(path)
    if Path(path).is_dir():
        raise InputError([Problem(name, 1, 1, "is a directory, not a YAML file", hint="Give a dossier file.")])
    raw = read_capped(path, MAX_FILE_BYTES, name, "YAML file")
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Loaded:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem(name, 1, 1, f"file is over the {MAX_FILE_BYTES:,}-byte limit")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError([Problem(name, line, 1, "this is a binary file, not YAML (it contains a NUL byte)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            [
                Problem(
                    name, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", hint="Save the file as UTF-8."
                )
            ]
        ) from None
    return load_text(text, name)


def check_nesting(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the C parser composes (and recurses into) it.

    Only text whose cheap bound passes ``SAFE_PARSER_DEPTH`` is walked, as parser events (the parser
    keeps its own stack, so the walk cannot overflow) and only until the limit is passed."""
    if nesting_within(text, SAFE_PARSER_DEPTH):
        return
    depth = 0
    try:
        for event in _yaml.parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    raise InputError(
                        [
                            Problem(
                                name,
                                m.line + 1,
                                m.column + 1,
                                f"nesting is deeper than {MAX_DEPTH} levels",
                                hint="Flatten the lists and mappings; a dossier needs fewer than 10 levels.",
                            )
                        ]
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return  # a syntax error: composing stops at the same place and reports it
    finally:
        _yaml.doc_infos.clear()


def load_text(text: str, name: str) -> Loaded:
    check_nesting(text, name)
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        # in plain words, on the line of the mistake, with the change to make (ddtapp.loading.yaml_messages)
        from ddtapp.loading.yaml_messages import explain

        cm = exc.context_mark
        line, col, message, hint = explain(
            text, line, col, exc.problem or "", exc.context or "", cm.line + 1 if cm is not None else None
        )
        raise InputError([Problem(name, line, col, f"YAML syntax error: {message}", hint=hint)]) from None
    except YAMLError as exc:
        raise InputError([Problem(name, 1, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, f"nesting is too deep (limit {MAX_DEPTH})")]) from None
    if node is None:
        raise InputError(
            [Problem(name, 1, 1, "the file is empty", hint="Start from `ddtapp init` or an example dossier.")]
        )
    data = _Builder(name, "&" in text).build(node, 0)
    loaded = Loaded(name, data, Positions(node))
    # `key: #text` is a comment, so the key is empty: say so rather than load it silently. Only a text with a
    # ':' then blanks then '#' can hold one (a comment line alone, as most dossiers open with, cannot).
    if "#" in text and _COMMENT_AFTER_COLON.search(text):
        from ddtapp.loading.yaml_messages import hash_values

        mistakes = hash_values(text, loaded.data, loaded.positions)
        if mistakes:
            raise InputError([Problem(name, line, col, message, hint=hint) for line, col, message, hint in mistakes])
    return loaded


class _Builder:
    """Turns composed nodes into dicts, lists and scalars (positions stay in the nodes: :class:`Positions`).

    A node's resolved tag is one of the resolver's shared tags (told apart by identity: text, the common
    case, costs no lookup), or an explicit tag, checked by its name."""

    __slots__ = ("alias_budget", "alias_chars", "name", "nodes", "seen")

    def __init__(self, name: str, anchors: bool = True):
        self.name = name
        self.nodes = 0
        self.alias_budget = MAX_ALIAS_NODES
        self.alias_chars = MAX_ALIAS_CHARS
        #: the nodes built so far (by id), to know an alias (the same node again); None when the text has
        #: no anchor (``&``), as then no node can be met twice
        self.seen: set[int] | None = set() if anchors else None

    def fail(self, node: Node, message: str, hint: str = "") -> InputError:
        m = node.start_mark
        return InputError([Problem(self.name, m.line + 1, m.column + 1, message, hint=hint)])

    def build(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting is deeper than {MAX_DEPTH} levels")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"the file holds more than {MAX_NODES:,} values (mappings, lists and scalars)",
                hint="A dossier needs a few thousand; record what a reader needs and link to the rest "
                "(docs/security.md lists the limits).",
            )
        if self.seen is not None:
            self.count_alias(node)
        ctag = node.ctag
        kind = type(node)  # the composer makes exactly these (ruamel's own if ruamel composes in Python)
        if kind is _Scalar or kind is ScalarNode:
            return node.value if ctag is _STR_TAG else self.scalar(node, _tag(node))
        if kind is _Mapping or kind is MappingNode:
            if ctag is not _MAP_TAG:
                self.check_collection_tag(node, _MAP)
            out: dict[str, Any] = {}
            depth += 1
            for knode, vnode in node.value:
                key = knode.value if knode.ctag is _STR_TAG else self.key(knode)
                if key in out:
                    first = next(k for k, _ in node.value if _key_text(k) == key).start_mark.line + 1
                    raise self.fail(
                        knode,
                        f"duplicate key '{key}' (first defined on line {first})",
                        hint="Remove or rename one of them.",
                    )
                out[key] = self.build(vnode, depth)
            return out
        if kind is _Sequence or kind is SequenceNode:
            if ctag is not _SEQ_TAG:
                self.check_collection_tag(node, _SEQ)
            depth += 1
            return [self.build(item, depth) for item in node.value]
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - the composer makes only these three

    def count_alias(self, node: Node) -> None:
        """Remember ``node``; met again (an alias), charge its size (nodes and characters) to the budgets."""
        seen = self.seen
        assert seen is not None
        nid = id(node)
        if nid not in seen:
            seen.add(nid)
            return
        nodes, chars = count_nodes(node, self.alias_budget + 1, self.alias_chars + 1)
        self.alias_budget -= nodes
        self.alias_chars -= chars
        if self.alias_budget < 0 or self.alias_chars < 0:
            raise self.fail(
                node,
                f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes or {MAX_ALIAS_CHARS:,} characters",
                hint="Write the values out instead of using anchors and aliases.",
            )

    def check_collection_tag(self, node: Node, allowed: str) -> None:
        """A mapping or list with an explicit tag: only its own core tag (``!!map``, ``!!seq``) is allowed."""
        tag = _tag(node)
        if tag != allowed:
            raise self.fail(
                node, f"tag {_short(tag)} is not allowed", hint="Remove the tag; files ddtapp reads hold plain data."
            )

    def key(self, knode: Node) -> str:
        """A key that is not plain text: a number, a date, ``true`` or ``null`` (as ``str()`` of its value),
        or a text with an explicit tag; a collection or a merge key (``<<``) is refused."""
        if not isinstance(knode, ScalarNode):
            raise self.fail(knode, "a key must be a plain value, not a list or mapping")
        ktag = _tag(knode)
        if ktag == _STR:
            return str(knode.value)
        if ktag == "tag:yaml.org,2002:merge":
            raise self.fail(knode, "merge keys ('<<') are not supported", hint="Write the keys out.")
        return str(self.scalar(knode, ktag))

    def scalar(self, node: Node, tag: str) -> Any:
        if tag not in _SCALAR_TAGS:
            raise self.fail(
                node,
                f"tag {_short(tag)} is not allowed",
                hint="Files ddtapp reads hold plain data; tags that build objects are refused.",
            )
        return _scalar(node.value, tag)


def _key_text(knode: Node) -> str:
    """A mapping key as the loaded data has it: its text, or ``str()`` of its value (``1``, ``True``)."""
    tag = _tag(knode)
    return knode.value if tag == _STR else str(_scalar(knode.value, tag))


def _scalar(value: str, tag: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema (plus dates), given its resolved tag."""
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        try:
            return int(value.replace("_", ""), 0) if value[:2].lower() in ("0x", "0o") else int(value.replace("_", ""))
        except ValueError:
            return value
    if tag == _FLOAT:
        low = value.lower()
        if low in (".nan",):
            return float("nan")
        if low in (".inf", "+.inf"):
            return float("inf")
        if low == "-.inf":
            return float("-inf")
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    # timestamp
    try:
        if len(value) == 10:
            return _dt.date.fromisoformat(value)
        return _dt.datetime.fromisoformat(value.replace("t", "T").replace(" ", "T", 1))
    except ValueError:
        return value


def _short(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
