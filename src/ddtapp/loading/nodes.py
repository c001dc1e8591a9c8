"""The nodes ddtapp's composer makes (:mod:`ddtapp.loading.compose`): a scalar, a sequence and a mapping, each
with its resolved tag (a name such as ``tag:yaml.org,2002:str``), its value and where it starts and ends in the
text. Both C composers ddtapp can use (PyYAML's and ruamel.yaml.clib's, the same libyaml) make each node by
calling ``ScalarNode(tag, value, start_mark, end_mark, style)`` (``flow_style`` for a collection) on the class
they find by that name in their module; these classes take exactly that call.

A resolved implicit tag is one of the shared names below (the builder tells text apart by identity); an
explicit tag (``!!str``, ``!custom``) is the composer's own string, told apart by its value.
"""

from __future__ import annotations

from typing import Any

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP})


class Node:
    """What every node has: the tag, the value (text, a list of nodes, or a list of key and value node
    pairs) and the marks (``line`` and ``column``, 0-based) of its start and end."""

    __slots__ = ("end_mark", "start_mark", "tag", "value")

    #: the kind, as PyYAML's and ruamel's node classes name it (the resolver is handed the class)
    id = "node"

    tag: str
    value: Any
    start_mark: Any
    end_mark: Any


class ScalarNode(Node):
    """A scalar: its text as written (after quotes and escapes)."""

    __slots__ = ("style",)
    id = "scalar"

    def __init__(self, tag: str, value: str, start_mark: Any = None, end_mark: Any = None, style: Any = None):
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style


class _Collection(Node):
    """A sequence or a mapping: the composer fills ``value`` and sets ``end_mark`` after the last item."""

    __slots__ = ("flow_style",)

    def __init__(
        self, tag: str, value: list[Any], start_mark: Any = None, end_mark: Any = None, flow_style: Any = None
    ):
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.flow_style = flow_style


class SequenceNode(_Collection):
    """A sequence: its items' nodes."""

    __slots__ = ()
    id = "sequence"


class MappingNode(_Collection):
    """A mapping: its (key node, value node) pairs in document order."""

    __slots__ = ()
    id = "mapping"
