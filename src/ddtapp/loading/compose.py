"""Composing YAML text into ruamel.yaml nodes, quickly and as YAML 1.2: libyaml's parser and ruamel.yaml.clib's
composer (C) with ddtapp's own resolver and node classes. :mod:`ddtapp.loading.yaml_loader` builds plain data
and positions from the nodes this gives; this module knows only how to compose.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
import sys
from types import ModuleType
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.main import CParser
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}


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
