"""The nodes ddtapp's composer makes (:mod:`ddtapp.loading.compose`): a scalar, a sequence and a mapping, each
with its resolved tag (a name such as ``tag:yaml.org,2002:str``), its value and where it starts and ends in the
text. Both C composers ddtapp can use (PyYAML's and ruamel.yaml.clib's, the same libyaml) make each node by
calling ``ScalarNode(tag, value, start_mark, end_mark, style)`` (``flow_style`` for a collection) on the class
they find by that name in their module; these classes take exactly that call.

A resolved implicit tag is one of the shared names below (the builder tells text apart by identity); an
explicit tag (``!!str``, ``!custom``) is the composer's own string, told apart by its value. A C composer
gives a scalar whose text it did not find in :data:`SCALARS` its ``implicit`` pair instead, resolved when
read (:func:`resolved`).
"""

from __future__ import annotations

import re
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

# ruamel.yaml's YAML 1.2 implicit resolvers (``ruamel.yaml.resolver.implicit_resolvers``, the entries for 1.2),
# in the form that costs least for a plain scalar (tests/test_loader.py holds them to ruamel's resolver on any
# plain scalar). Its bool, null, merge, value and yaml patterns match exactly these words (``$`` also before a
# final line break, so a word with one too, but not a line break alone: ruamel tries no pattern on a scalar that
# starts with one):
_WORDS = {
    **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), BOOL),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), NULL),
    "<<": MERGE,
    "=": "tag:yaml.org,2002:value",
    **dict.fromkeys(("!", "&", "*"), "tag:yaml.org,2002:yaml"),
}
_WORDS.update({word + "\n": tag for word, tag in _WORDS.items() if word})
_WORD_FIRST = frozenset(word[:1] for word in _WORDS)
_WORD_LONGEST = max(map(len, _WORDS))
# Its float, int and timestamp patterns, tried in its order (the first to match gives the tag) as one pattern:
# a date or a number is one match, not up to three. With the words above (a dict look-up, not a pattern, for
# the many texts that start with t, f or n), composing a dossier costs 1.21 ms, not 1.40 (corpus200, best of 5).
_NUMBER = re.compile(
    r"""(?P<float>^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$)
    |(?P<int>^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$)
    |(?P<timestamp>^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$)""",
    re.X,
)
_NUMBER_TAGS = {"float": FLOAT, "int": INT, "timestamp": TIMESTAMP}
_NUMBER_FIRST = frozenset("-+.0123456789")  # what a float, an int or a timestamp can start with


def plain_tag(value: str) -> str:
    """A plain scalar's tag by YAML 1.2 (ruamel.yaml's resolver's): most are text, whose first character
    starts no other type, and nothing is tried."""
    first = value[:1]
    if first in _NUMBER_FIRST:
        found = _NUMBER.match(value)
        return STR if found is None else _NUMBER_TAGS[found.lastgroup]  # type: ignore[index]
    if first in _WORD_FIRST and len(value) <= _WORD_LONGEST:
        return _WORDS.get(value, STR)
    return STR


class Node(BaseException):
    """What every node has, as the composer made it: ``args``, that is ``(tag, value, start_mark, end_mark,
    style)`` (``flow_style`` for a collection): the tag (:func:`resolved`), the value (text, a list of nodes, or a list
    of key and value node pairs) and the marks (``line`` and ``column``, 0-based) of its start and end. The
    composer sets a collection's ``end_mark`` after its last item; read that, not ``args[3]`` (None from a C
    composer).

    Why an exception class: the composer makes ~1,250 nodes a dossier, and an exception's constructor (C)
    keeps its arguments as they come, where a class with an ``__init__`` in Python cost ~1,600 instructions a
    node (``ddtapp check`` of 100 dossiers: 3,220 -> 3,177 million instructions, callgrind). The loader reads
    ``args`` (a tuple: as fast as an attribute); the named properties below are for the rest. A node is
    never raised."""

    __slots__ = ()

    #: the kind, as PyYAML's and ruamel's node classes name it (the resolver is handed the class)
    id = "node"

    @property
    def tag(self) -> str:
        return resolved(self.args[0], self.args[1])

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

    end_mark: Any


class SequenceNode(_Collection):
    """A sequence: its items' nodes."""

    __slots__ = ()
    id = "sequence"


class MappingNode(_Collection):
    """A mapping: its (key node, value node) pairs in document order."""

    __slots__ = ()
    id = "mapping"


class _Kind(dict[str | None, str]):
    """What a C composer finds by a node class's name while ddtapp composes (:mod:`ddtapp.loading.compose`):
    called, it makes the node (``__call__`` is the node class: C, no Python); as the ``kind`` the composer
    hands to ``resolve`` (:meth:`dict.get`), it gives the tag: a collection's (under None), or a scalar's
    when its text is one the loader has met and knows to be text, plain or quoted (:func:`resolved`)."""

    __slots__ = ()


class _Scalars(_Kind):
    __slots__ = ()
    __call__ = ScalarNode


class _Sequences(_Kind):
    __slots__ = ()
    __call__ = SequenceNode


class _Mappings(_Kind):
    __slots__ = ()
    __call__ = MappingNode


#: texts known to be text (under any style) -> STR: a memo of the resolver, looked up in C
SCALARS = _Scalars()
SEQUENCES = _Sequences({None: SEQ})
MAPPINGS = _Mappings({None: MAP})
#: The most texts :data:`SCALARS` holds (then it starts again) and the longest: at most ~0.6 MB of ASCII texts
#: (~1.5 MB of emoji, the widest characters), however many files are loaded. Over generated dossiers, 88% of
#: the scalars are then found (keys, enumerated values).
MEMO_SIZE = 4096
MEMO_LONGEST = 64


def resolved(tag: Any, value: Any) -> str:
    """A node's tag from what the composer gave it: a name (explicit, a collection's, or a known text's), or
    for a scalar ``implicit``, the ``(plain, quoted)`` pair, when :data:`SCALARS` did not hold its text:
    then it is resolved here by YAML 1.2, and a short text that is text whatever its style is remembered."""
    if type(tag) is str:
        return tag
    plain = plain_tag(value)
    if plain is STR and len(value) <= MEMO_LONGEST:
        if len(SCALARS) >= MEMO_SIZE:
            SCALARS.clear()
        SCALARS[value] = STR
    return plain if tag[0] else STR
