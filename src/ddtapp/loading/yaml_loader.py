"""Load YAML as plain data, with a map from dotted paths to 1-based line and column.

Why not ``YAML(typ='rt')``: round-trip loading costs ~36 ms for a 400-line dossier; composing
nodes with libyaml's C composer (:mod:`ddtapp.loading.compose`: PyYAML's, else ruamel.yaml.clib's) and
building plain Python data ourselves costs ~2 ms and keeps every mark we need. Building the data ourselves
also lets us treat YAML as data only: every tag outside the YAML core schema is refused (so
``!!python/object`` cannot build an object), duplicate keys are errors, aliases are bounded so an expansion
bomb stops early, and nesting depth and file size are capped.

Positions are found on demand: the loader keeps the composed node tree (every node holds its mark) and
:class:`Positions` walks it for the few paths a finding points at, instead of building a path for every
node of every dossier (~0.5 ms a dossier, for about five positions used).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from ddtapp.errors import InputError, Problem
from ddtapp.frozen import mutable
from ddtapp.loading import compose
from ddtapp.loading.compose import YamlError, YamlSyntaxError, _compose, _scalar
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
from ddtapp.loading.nodes import MAP, MERGE, SCALAR_TAGS, SEQ, STR, MappingNode, Node, ScalarNode, SequenceNode
from ddtapp.loading.safe_read import display_path, read_capped

#: What every ``key: #text`` line holds (``ddtapp.loading.yaml_messages.hash_values`` looks at those lines)
_COMMENT_AFTER_COLON = re.compile(r":[ \t]+#")


Position = tuple[int, int]


@mutable
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
        the last match in document order, else ``found``. A loop down the usual mappings and lists (a call a
        step cost a quarter of locating a finding); recursion, bounded by the path's length, only where a key
        holds a separator."""
        keys_of, size = self._keys, len(path)
        while True:
            if isinstance(node, MappingNode):
                if start and path[start] != ".":
                    return found
                prefix = start + (start > 0)  # past the '.' after the parent's path
                indexed = keys_of.get(id(node))
                if indexed is None:
                    indexed = keys_of[id(node)] = _key_index(node)
                keys, odd = indexed
                if odd:
                    return self._seek_odd(node, keys, path, prefix, found)
                # the usual mapping: the key is the text up to the next '.' or '['
                dot, bracket = path.find(".", prefix), path.find("[", prefix)
                end = bracket if dot < 0 or 0 <= bracket < dot else dot
                if end < 0:
                    end = size
                i = keys.get(path[prefix:end])
                if i is None:
                    return found
                knode, node = node.args[1][i]
                if end == size:
                    m = knode.args[2]
                    return (m.line + 1, m.column + 1)
                start = end
            elif isinstance(node, SequenceNode) and start < size and path[start] == "[":
                close = path.find("]", start)
                digits = path[start + 1 : close]
                if close < 0 or not (digits.isascii() and digits.isdigit()) or str(int(digits)) != digits:
                    return found
                index = int(digits)
                items = node.args[1]
                if index >= len(items):
                    return found
                node = items[index]
                if close + 1 == size:
                    m = node.args[2]
                    return (m.line + 1, m.column + 1)
                start = close + 1
            else:
                return found

    def _seek_odd(
        self, node: MappingNode, keys: dict[str, int], path: str, prefix: int, found: Position | None
    ) -> Position | None:
        """:meth:`_seek` in a mapping where a key holds '.' or '[': the key is the text up to the end or to any
        later separator, each tried in document order."""
        ends = [m.start() for m in _PATH_SEP.finditer(path, prefix)]
        ends.append(len(path))
        entries = sorted(i for e in ends if (i := keys.get(path[prefix:e])) is not None)
        for i in entries:
            knode, vnode = node.args[1][i]
            end = prefix + len(_key_text(knode))
            if end == len(path):
                m = knode.args[2]
                found = (m.line + 1, m.column + 1)
            else:
                found = self._seek(vnode, path, end, found)
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
    keys = {_key_text(k): i for i, (k, _) in enumerate(node.args[1])}
    return keys, _PATH_SEP.search("".join(keys)) is not None


def _walk(node: Node, path: str, out: dict[str, Position], depth: int) -> None:
    """Every path under ``node`` with its position, in document order (``Positions.items()``)."""
    if depth > MAX_DEPTH:  # pragma: no cover - the builder refused deeper nesting already
        return
    if isinstance(node, MappingNode):
        for knode, vnode in node.args[1]:
            sub = f"{path}.{_key_text(knode)}" if path else _key_text(knode)
            m = knode.args[2]
            out[sub] = (m.line + 1, m.column + 1)
            _walk(vnode, sub, out, depth + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.args[1]):
            sub = f"{path}[{i}]"
            m = item.args[2]
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
    m = compose.BACKEND.too_deep(text, MAX_DEPTH)
    if m is not None:
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


def load_text(text: str, name: str) -> Loaded:
    check_nesting(text, name)
    try:
        node = _compose(text)
    except YamlSyntaxError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        # in plain words, on the line of the mistake, with the change to make (ddtapp.loading.yaml_messages)
        from ddtapp.loading.yaml_messages import explain

        cm = exc.context_mark
        line, col, message, hint = explain(
            text, line, col, exc.problem or "", exc.context or "", cm.line + 1 if cm is not None else None
        )
        raise InputError([Problem(name, line, col, f"YAML syntax error: {message}", hint=hint)]) from None
    except YamlError as exc:
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
            raise self.too_many(node)
        if self.seen is not None:
            self.count_alias(node)
        args = node.args
        tag = args[0]
        kind = type(node)  # the composer makes exactly these
        if kind is ScalarNode:
            value = args[1]
            return value if tag is STR else self.scalar(node, tag, value)
        if kind is MappingNode:
            if tag is not MAP:
                self.check_collection_tag(node, tag, MAP)
            return self.mapping(node, depth + 1)
        if kind is SequenceNode:
            if tag is not SEQ:
                self.check_collection_tag(node, tag, SEQ)
            return self.sequence(node, depth + 1)
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - the composer makes only these three

    def mapping(self, node: Node, depth: int) -> dict[str, Any]:
        """A mapping's data: its keys (text, each once) and values (built at ``depth``)."""
        out: dict[str, Any] = {}
        # A value that is plain text is taken here as build() would take it (counted, not nested too deep,
        # no alias to count), without the call: building a dossier's data costs 0.28 ms, not 0.33.
        texts = depth <= MAX_DEPTH and self.seen is None
        for knode, vnode in node.args[1]:
            ktag, key, _, _, _ = knode.args
            if ktag is not STR:
                key = self.key(knode)
            if key in out:
                first = next(k for k, _ in node.args[1] if _key_text(k) == key).args[2].line + 1
                raise self.fail(
                    knode,
                    f"duplicate key '{key}' (first defined on line {first})",
                    hint="Remove or rename one of them.",
                )
            vtag, value, _, _, _ = vnode.args
            if texts and vtag is STR and type(vnode) is ScalarNode:
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise self.too_many(vnode)
                out[key] = value
            else:
                out[key] = self.build(vnode, depth)
        return out

    def sequence(self, node: Node, depth: int) -> list[Any]:
        """A sequence's data: its items, built at ``depth``."""
        items: list[Any] = []
        texts = depth <= MAX_DEPTH and self.seen is None  # (as for a mapping's values, above)
        for item in node.args[1]:
            tag, value, _, _, _ = item.args
            if texts and tag is STR and type(item) is ScalarNode:
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise self.too_many(item)
                items.append(value)
            else:
                items.append(self.build(item, depth))
        return items

    def too_many(self, node: Node) -> InputError:
        return self.fail(
            node,
            f"the file holds more than {MAX_NODES:,} values (mappings, lists and scalars)",
            hint="A dossier needs a few thousand; record what a reader needs and link to the rest "
            "(docs/security.md lists the limits).",
        )

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

    def check_collection_tag(self, node: Node, tag: str, allowed: str) -> None:
        """A mapping or list with an explicit tag: only its own core tag (``!!map``, ``!!seq``) is allowed."""
        if tag != allowed:
            raise self.fail(
                node, f"tag {_short(tag)} is not allowed", hint="Remove the tag; files ddtapp reads hold plain data."
            )

    def key(self, knode: Node) -> str:
        """A key that is not plain text: a number, a date, ``true`` or ``null`` (as ``str()`` of its value),
        or a text with an explicit tag; a collection or a merge key (``<<``) is refused."""
        if not isinstance(knode, ScalarNode):
            raise self.fail(knode, "a key must be a plain value, not a list or mapping")
        tag, value, _, _, _ = knode.args
        if tag == STR:
            return str(value)
        if tag == MERGE:
            raise self.fail(knode, "merge keys ('<<') are not supported", hint="Write the keys out.")
        return str(self.scalar(knode, tag, value))

    def scalar(self, node: Node, tag: str, value: str) -> Any:
        if tag not in SCALAR_TAGS:
            raise self.fail(
                node,
                f"tag {_short(tag)} is not allowed",
                hint="Files ddtapp reads hold plain data; tags that build objects are refused.",
            )
        return _scalar(value, tag)


def _key_text(knode: Node) -> str:
    """A mapping key as the loaded data has it: its text, or ``str()`` of its value (``1``, ``True``)."""
    tag, value, _, _, _ = knode.args
    return value if tag == STR else str(_scalar(value, tag))


def _short(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
