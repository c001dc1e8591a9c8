"""Composing with ruamel.yaml, where PyYAML's C extension is not installed (:mod:`ddtapp.loading.compose`):
ruamel.yaml.clib's C composer (the same libyaml composer as PyYAML's, forked) with ddtapp's resolver and node
classes, or, without ruamel.yaml.clib either, ruamel.yaml's composer in Python, whose nodes are copied into
ddtapp's. Imported only then (and by the tests, which run the loader over every composer).
"""

from __future__ import annotations

import sys
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ruamel_events
from ruamel.yaml import nodes as ruamel_nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.main import CParser
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from ddtapp.loading.compose import _Backend, _c_backend, _Yaml12Resolver, mapped
from ddtapp.loading.nodes import MAP, SEQ, STR, MappingNode, Node, ScalarNode, SequenceNode


def ruamel_backend(pure: bool = False) -> _Backend:
    """ruamel.yaml.clib's C composer, or ruamel.yaml's in Python if that is not installed (or ``pure``)."""
    module = sys.modules.get(CParser.__module__) if CParser is not None else None
    known = (
        ("ScalarNode", ruamel_nodes.ScalarNode),
        ("SequenceNode", ruamel_nodes.SequenceNode),
        ("MappingNode", ruamel_nodes.MappingNode),
    )
    if pure or module is None or not all(getattr(module, n, None) is c for n, c in known):
        return _Backend("pure Python (ruamel.yaml)", _compose_pure, _too_deep_pure)
    return _c_backend("C (ruamel.yaml.clib)", module, CParser, MarkedYAMLError, YAMLError, ruamel_events)


class _RuamelResolver(VersionedResolver):
    """ddtapp's YAML 1.2 resolver in the shape ruamel's composer in Python takes (it asks the resolver for
    the document's version, and builds its own nodes from the tag names this gives)."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """ddtapp's tag, as the :class:`Tag` ruamel's composer takes."""
        name = _Yaml12Resolver.resolve(self, kind, value, implicit)  # type: ignore[arg-type]
        tag = _TAGS.get(name)
        if tag is None:
            tag = _TAGS[name] = Tag(suffix=name)
        return tag

    descend_resolver = _Yaml12Resolver.descend_resolver  # type: ignore[assignment]
    ascend_resolver = _Yaml12Resolver.ascend_resolver  # type: ignore[assignment]


_TAGS: dict[str, Tag] = {}
_yaml = YAML(typ="safe", pure=True)
_yaml.Resolver = _RuamelResolver
#: the shared tag names, so that a copied node's resolved tag is the very string the builder tests for
_SHARED = {STR: STR, MAP: MAP, SEQ: SEQ}


def _compose_pure(text: str) -> Node | None:
    try:
        root = _yaml.compose(text)
    except YAMLError as exc:
        raise mapped(exc, MarkedYAMLError) from None
    finally:
        _yaml.doc_infos.clear()  # ruamel appends one per compose and never clears it
    return None if root is None else _copied(root)


def _copied(root: Any) -> Node:
    """ruamel's node tree as ddtapp's nodes (an alias stays one node met twice), without recursion."""
    made: dict[int, Node] = {}

    def node_of(old: Any) -> tuple[Node, bool]:
        new = made.get(id(old))
        if new is not None:
            return new, False
        ctag = old.ctag
        tag = ctag.suffix if ctag.handle is None else str(ctag)
        tag = _SHARED.get(tag, tag)
        if isinstance(old, ruamel_nodes.ScalarNode):
            new = ScalarNode(tag, old.value, old.start_mark, old.end_mark, old.style)
        elif isinstance(old, ruamel_nodes.MappingNode):
            new = MappingNode(tag, [], old.start_mark, old.end_mark, old.flow_style)
        else:
            new = SequenceNode(tag, [], old.start_mark, old.end_mark, old.flow_style)
        if not isinstance(new, ScalarNode):
            new.end_mark = old.end_mark  # a collection's end mark is its slot, as the C composers set it
        made[id(old)] = new
        return new, True

    top, _ = node_of(root)
    stack = [(root, top)]
    while stack:
        old, new = stack.pop()
        if isinstance(old, ruamel_nodes.MappingNode):
            for key, value in old.value:
                (k, k_new), (v, v_new) = node_of(key), node_of(value)
                new.value.append((k, v))
                stack.extend((o, n) for o, n, fresh in ((key, k, k_new), (value, v, v_new)) if fresh)
        elif isinstance(old, ruamel_nodes.SequenceNode):
            for item in old.value:
                n, fresh = node_of(item)
                new.value.append(n)
                if fresh:
                    stack.append((item, n))
    return top


def _too_deep_pure(text: str, limit: int) -> Any:
    depth = 0
    try:
        for event in _yaml.parse(text):
            if isinstance(event, ruamel_events.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return event.start_mark
            elif isinstance(event, ruamel_events.CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None  # a syntax error: composing stops at the same place and reports it
    finally:
        _yaml.doc_infos.clear()
    return None
