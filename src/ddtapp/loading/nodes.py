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


class Node(BaseException):
    """What every node has, as the composer made it: ``args``, that is ``(tag, value, start_mark, end_mark,
    style)`` (``flow_style`` for a collection): the resolved tag, the value (text, a list of nodes, or a list
    of key and value node pairs) and the marks (``line`` and ``column``, 0-based) of its start and end. The
    composer sets a collection's ``end_mark`` after its last item; the one in ``args`` is None.

    Why an exception class: the composer makes ~1,250 nodes a dossier, and an exception's constructor (C)
    keeps its arguments as they come, where a class with an ``__init__`` in Python cost ~1,600 instructions a
    node (``ddtapp check`` of 100 dossiers: 3,219 -> 3,177 million instructions, callgrind). The loader reads
    ``args`` (a tuple: as fast as an attribute); the named properties below are for the rest. A node is
    never raised."""

    __slots__ = ()

    #: the kind, as PyYAML's and ruamel's node classes name it (the resolver is handed the class)
    id = "node"

    @property
    def tag(self) -> str:
        return self.args[0]

    @property
    def value(self) -> Any:
        return self.args[1]

    @property
    def start_mark(self) -> Any:
        return self.args[2]


class ScalarNode(Node):
    """A scalar: its text as written (after quotes and escapes)."""

    __slots__ = ()
    id = "scalar"

    @property
    def end_mark(self) -> Any:
        return self.args[3]

    @property
    def style(self) -> Any:
        return self.args[4]


class _Collection(Node):
    """A sequence or a mapping: the composer fills ``value`` and sets ``end_mark`` after the last item."""

    __slots__ = ("end_mark",)


class SequenceNode(_Collection):
    """A sequence: its items' nodes."""

    __slots__ = ()
    id = "sequence"


class MappingNode(_Collection):
    """A mapping: its (key node, value node) pairs in document order."""

    __slots__ = ()
    id = "mapping"
