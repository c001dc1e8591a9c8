"""Load YAML as plain data, with a map from dotted paths to 1-based line and column.

Why not ``YAML(typ='rt')``: round-trip loading costs ~36 ms for a 400-line dossier; composing
nodes with the C parser (``ruamel.yaml.clib``) and building plain Python data ourselves costs
~3 ms and keeps every mark we need. Building the data ourselves also lets us treat YAML as data
only: every tag outside the YAML core schema is refused (so ``!!python/object`` cannot build an
object), duplicate keys are errors, aliases are bounded so an expansion bomb stops early, and
nesting depth and file size are capped.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from ddtapp.errors import InputError, Problem
from ddtapp.loading.safe_read import display_path, read_capped

#: Largest file ddtapp will read. A 400-line dossier is ~20 KB; 2 MB leaves a 100x margin.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Deepest nesting of mappings and sequences. The dossier format needs fewer than 10.
MAX_DEPTH = 64
#: Most nodes an alias may expand to across a file (defends against "billion laughs").
MAX_ALIAS_NODES = 10_000
#: Most characters of text aliases may repeat across a file: an alias of a long scalar counts its length,
#: so that one 800 KB text aliased 250,000 times cannot make a report without end.
MAX_ALIAS_CHARS = 1_000_000
#: Nesting the C parser is allowed to see without the event pre-scan. It recurses once a level (and slows
#: quadratically with flow depth), overflowing the stack at about 25,000 levels; below this bound it is safe.
_SAFE_PARSER_DEPTH = 1000
#: A line's leading indentation and compact block indicators (``- - ``, ``? ``, ``: ``): where a block
#: collection can start.
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}


Position = tuple[int, int]


@dataclass
class Loaded:
    """A loaded YAML file: its data, and where each dotted path's key stands (1-based)."""

    file: str
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)

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


class _Yaml12Resolver(VersionedResolver):
    """ruamel's resolver, pinned to YAML 1.2 (so ``yes``/``no`` stay text, as in every dossier).

    The stock resolver works out the document's YAML version for every scalar through a chain of
    ``try/except AttributeError`` (``processing_version``), which was a fifth of the load time; a
    ``%YAML 1.1`` directive therefore does not switch ddtapp to YAML 1.1 rules.
    """

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


_yaml = YAML(typ="safe", pure=False)
_yaml.Resolver = _Yaml12Resolver


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


def nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth of ``text``, in one cheap pass: a flow collection needs a ``[``
    or ``{``, and a block collection starts after a line's indentation and compact indicators, at least one
    column deeper every two levels."""
    flow = text.count("[") + text.count("{")
    block = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    return flow + 2 * block + 2


def check_nesting(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the C parser composes (and recurses into) it.

    Only text whose cheap bound passes ``_SAFE_PARSER_DEPTH`` is walked, as parser events (the parser
    keeps its own stack, so the walk cannot overflow) and only until the limit is passed."""
    if nesting_bound(text) <= _SAFE_PARSER_DEPTH:
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
        try:
            node = _yaml.compose(text)
        finally:
            _yaml.doc_infos.clear()  # ruamel appends one per compose and never clears it
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
    loaded = Loaded(name, None)
    builder = _Builder(name, loaded.positions)
    loaded.data = builder.build(node, "", 0)
    if "#" in text:  # `key: #text` is a comment, so the key is empty: say so rather than load it silently
        from ddtapp.loading.yaml_messages import hash_values

        mistakes = hash_values(text, loaded.data, loaded.positions)
        if mistakes:
            raise InputError([Problem(name, line, col, message, hint=hint) for line, col, message, hint in mistakes])
    return loaded


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    __slots__ = ("alias_budget", "alias_chars", "name", "positions", "seen")

    def __init__(self, name: str, positions: dict[str, Position]):
        self.name = name
        self.positions = positions
        self.alias_budget = MAX_ALIAS_NODES
        self.alias_chars = MAX_ALIAS_CHARS
        self.seen: set[int] = set()

    def fail(self, node: Node, message: str, hint: str = "") -> InputError:
        m = node.start_mark
        return InputError([Problem(self.name, m.line + 1, m.column + 1, message, hint=hint)])

    def build(self, node: Node, path: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting is deeper than {MAX_DEPTH} levels")
        nid = id(node)
        if nid in self.seen:
            # The same node again: an alias. Charge its size (nodes and characters) against the budgets.
            nodes, chars = _count(node, self.alias_budget + 1, self.alias_chars + 1)
            self.alias_budget -= nodes
            self.alias_chars -= chars
            if self.alias_budget < 0 or self.alias_chars < 0:
                raise self.fail(
                    node,
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes or {MAX_ALIAS_CHARS:,} characters",
                    hint="Write the values out instead of using anchors and aliases.",
                )
        else:
            self.seen.add(nid)
        tag = _tag(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, tag)
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise self.fail(
                    node,
                    f"tag {_short(tag)} is not allowed",
                    hint="Remove the tag; files ddtapp reads hold plain data.",
                )
            out: dict[str, Any] = {}
            positions = self.positions
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    raise self.fail(knode, "a key must be a plain value, not a list or mapping")
                ktag = _tag(knode)
                if ktag == "tag:yaml.org,2002:merge":
                    raise self.fail(knode, "merge keys ('<<') are not supported", hint="Write the keys out.")
                key = self.scalar(knode, ktag)
                if not isinstance(key, str):
                    key = str(key)
                if key in out:
                    first = positions.get(join_path(path, key), (0, 0))[0]
                    raise self.fail(
                        knode,
                        f"duplicate key '{key}' (first defined on line {first})",
                        hint="Remove or rename one of them.",
                    )
                sub = f"{path}.{key}" if path else key
                m = knode.start_mark
                positions[sub] = (m.line + 1, m.column + 1)
                out[key] = self.build(vnode, sub, depth + 1)
            return out
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise self.fail(
                    node,
                    f"tag {_short(tag)} is not allowed",
                    hint="Remove the tag; files ddtapp reads hold plain data.",
                )
            items = []
            positions = self.positions
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                m = item.start_mark
                positions[sub] = (m.line + 1, m.column + 1)
                items.append(self.build(item, sub, depth + 1))
            return items
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - the composer makes only these three

    def scalar(self, node: ScalarNode, tag: str) -> Any:
        value = node.value
        if tag == _STR:
            return value
        if tag not in _SCALAR_TAGS:
            raise self.fail(
                node,
                f"tag {_short(tag)} is not allowed",
                hint="Files ddtapp reads hold plain data; tags that build objects are refused.",
            )
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            try:
                return (
                    int(value.replace("_", ""), 0) if value[:2].lower() in ("0x", "0o") else int(value.replace("_", ""))
                )
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


def _count(node: Node, limit: int, char_limit: int) -> tuple[int, int]:
    """Number of nodes under ``node`` and characters of their text, stopping once a limit is passed."""
    total = chars = 0
    stack = [node]
    while stack and total <= limit and chars <= char_limit:
        n = stack.pop()
        total += 1
        if isinstance(n, ScalarNode):
            chars += len(n.value)
        elif isinstance(n, MappingNode):
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
    return total, chars
