"""The loader's limits on what one file may cost (size, nesting, aliases, values) and the cheap measures
that enforce them before and while the YAML is composed (docs/security.md lists them)."""

from __future__ import annotations

import re

from ddtapp.loading.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Largest file ddtapp will read. A 400-line dossier is ~20 KB; 2 MB leaves a 100x margin.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Deepest nesting of mappings and sequences. The dossier format needs fewer than 10.
MAX_DEPTH = 64
#: Most nodes an alias may expand to across a file (defends against "billion laughs").
MAX_ALIAS_NODES = 10_000
#: Most characters of text aliases may repeat across a file: an alias of a long scalar counts its length,
#: so that one 800 KB text aliased 250,000 times cannot make a report without end.
MAX_ALIAS_CHARS = 1_000_000
#: Most values (mappings, lists and scalars, an alias counting what it repeats) one file may hold. The
#: largest example dossier holds about 1,600 and a rule-pack file about 3,400; each value costs the rules
#: and templates work, so a 2 MB file of 30,000 waivers or 20,000 documents (140,000 to 210,000 values,
#: 6 to 11 s of CPU in ``render``) is refused at once instead. Linear work, bounded.
MAX_NODES = 25_000
#: Nesting the C parser is allowed to see without the event pre-scan. It recurses once a level (and slows
#: quadratically with flow depth), overflowing the stack at about 25,000 levels; below this bound it is safe.
SAFE_PARSER_DEPTH = 1000
#: A line's leading indentation and compact block indicators (``- - ``, ``? ``, ``: ``): where a block
#: collection can start.
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
#: A line prefix at least this long is measured (:func:`nesting_bound`); a text whose lines all have shorter
#: ones is bounded without measuring each line (:func:`nesting_within`).
_LONG_PREFIX = 100
#: A line (after the first) whose prefix is at least ``_LONG_PREFIX`` long
_LONG_PREFIX_LINE = re.compile(rf"\n[ \t?:-]{{{_LONG_PREFIX}}}")


def nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth of ``text``, in one cheap pass: a flow collection needs a ``[``
    or ``{``, and a block collection starts after a line's indentation and compact indicators, at least one
    column deeper every two levels."""
    flow = text.count("[") + text.count("{")
    block = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    return flow + 2 * block + 2


def nesting_within(text: str, limit: int) -> bool:
    """Whether ``nesting_bound(text) <= limit``, in a tenth of its time on an ordinary file: when no line's
    prefix is ``_LONG_PREFIX`` long, the prefixes bound the nesting without measuring each of them."""
    flow = text.count("[") + text.count("{")
    if flow + 2 * (_LONG_PREFIX - 1) + 2 <= limit:
        first = _BLOCK_PREFIX.match(text)
        if (first is None or len(first.group()) < _LONG_PREFIX) and _LONG_PREFIX_LINE.search(text) is None:
            return True
    return nesting_bound(text) <= limit


def count_nodes(node: Node, limit: int, char_limit: int) -> tuple[int, int]:
    """Number of nodes under ``node`` and characters of their text, stopping once a limit is passed."""
    total = chars = 0
    stack = [node]
    while stack and total <= limit and chars <= char_limit:
        n = stack.pop()
        total += 1
        if isinstance(n, ScalarNode):
            chars += len(n.args[1])
        elif isinstance(n, MappingNode):
            for k, v in n.args[1]:
                stack.append(k)
                stack.append(v)
        elif isinstance(n, SequenceNode):
            stack.extend(n.args[1])
    return total, chars
