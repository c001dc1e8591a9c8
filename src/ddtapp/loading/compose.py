"""Composing YAML text into nodes, quickly and as YAML 1.2: libyaml's parser and composer (C) with ddtapp's own
resolver and node classes (:mod:`ddtapp.loading.nodes`). :mod:`ddtapp.loading.yaml_loader` builds plain data
and positions from the nodes this gives; this module knows only how to compose.

The C composer is PyYAML's (``yaml._yaml.CParser``) when it is installed with its C extension: importing PyYAML
from source costs about half what ruamel.yaml does (a cold ``ddtapp check`` without a bytecode cache does not
import ruamel.yaml at all; it stays for round-trip editing). Without it, ruamel.yaml.clib's C composer (the
same libyaml) or, last, ruamel.yaml in Python (:mod:`ddtapp.loading.compose_ruamel`). Each raises
:class:`YamlSyntaxError` or :class:`YamlError`, whatever the library's own exception classes.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ddtapp.loading.nodes import (
    BOOL,
    FLOAT,
    INT,
    MAP,
    MAPPINGS,
    NULL,
    SCALARS,
    SEQ,
    SEQUENCES,
    STR,
    MappingNode,
    Node,
    ScalarNode,
    plain_tag,
)


class _Yaml12Resolver:
    """The resolver for every node without an explicit tag, pinned to YAML 1.2 (so
    ``yes``/``no`` stay text, as in every dossier; a ``%YAML 1.1`` directive does not switch ddtapp to YAML 1.1
    rules). ddtapp has no path resolvers, so the composer's calls around each node to track the path do nothing.
    The C composers use only its two path methods: their ``resolve`` is a look-up in C (:func:`_c_backend`);
    its own ``resolve`` serves the pure-Python ruamel path and the tests that hold the look-up to it.
    """

    # The composer calls these two around every node (``descend_resolver(parent, index)`` and
    # ``ascend_resolver()``) for path resolvers, which ddtapp has none of: built-ins that take the same
    # arguments and do nothing with them cost half a Python method (~0.15 ms of a 400-line dossier).
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node without an explicit tag: a plain scalar's by YAML 1.2 (:func:`plain_tag`), any
        other scalar text, a collection a map or a sequence. The same tags as ruamel's resolver gives. (The C
        composers look the tag up in C instead: :func:`_c_backend`.)"""
        if kind is ScalarNode or kind.id == "scalar":
            return plain_tag(value) if implicit[0] else STR
        return MAP if kind is MappingNode or kind.id == "mapping" else SEQ


class YamlSyntaxError(Exception):
    """A syntax error where the parser stopped: its words and marks (``line``, ``column``, 0-based), as every
    YAML library's ``MarkedYAMLError`` has them."""

    def __init__(self, problem: str | None, problem_mark: Any, context: str | None, context_mark: Any):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = problem_mark
        self.context = context
        self.context_mark = context_mark


class YamlError(Exception):
    """Any other error the parser reports (a character YAML does not allow), in the library's words."""


def mapped(exc: Exception, marked: type[Exception]) -> Exception:
    """The library's exception as ddtapp's: one with marks (``marked``, the library's ``MarkedYAMLError``) as
    :class:`YamlSyntaxError`, any other as :class:`YamlError` with the library's message."""
    if isinstance(exc, marked):
        return YamlSyntaxError(
            getattr(exc, "problem", None),
            getattr(exc, "problem_mark", None),
            getattr(exc, "context", None),
            getattr(exc, "context_mark", None),
        )
    return YamlError(str(exc))


class _Backend:
    """One way to compose: its name (:func:`parser_name`), ``compose(text)`` (the root node or None) and
    ``too_deep(text, limit)`` (the start mark of the first collection nested deeper than ``limit``, walked
    as parser events, which keep their own stack; None if there is none or the text stops at a syntax error)."""

    __slots__ = ("compose", "name", "too_deep")

    def __init__(self, name: str, compose: Callable[[str], Node | None], too_deep: Callable[[str, int], Any]):
        self.name = name
        self.compose = compose
        self.too_deep = too_deep


def _pyyaml_backend() -> _Backend | None:
    """PyYAML's C composer, or None without PyYAML or its C extension."""
    try:
        import yaml
        from yaml import _yaml as c_module
    except ImportError:
        return None
    known = (("ScalarNode", yaml.ScalarNode), ("SequenceNode", yaml.SequenceNode), ("MappingNode", yaml.MappingNode))
    if not all(getattr(c_module, name, None) is cls for name, cls in known):  # pragma: no cover - another PyYAML
        return None
    return _c_backend(
        "C (PyYAML, libyaml)", c_module, c_module.CParser, yaml.MarkedYAMLError, yaml.YAMLError, yaml.events
    )


def _c_backend(
    name: str, module: Any, c_parser: type, marked: type[Exception], errors: type[Exception], events: ModuleType
) -> _Backend:
    """A C composer (PyYAML's or ruamel.yaml.clib's: the same code, forked) run with ddtapp's resolver and node
    classes. It makes each node by calling the node class it finds by name in its own module namespace:
    ddtapp's are set there while it composes and the library's own put back at once (anything else in the
    process that uses the library still builds the library's nodes, between two composes: the swap is for the
    whole process, so another thread composing with the same library meanwhile would get ddtapp's; ddtapp
    composes in one thread).

    What is set there is not the class itself but :data:`~ddtapp.loading.nodes.SCALARS` (``SEQUENCES``,
    ``MAPPINGS``): a dict that makes the node when called. The composer hands it to ``resolve(kind, value,
    implicit)`` for every node without an explicit tag, and ``resolve`` is :meth:`dict.get`: the tag is looked
    up in C, with no Python call (a collection's always; a scalar's when its text is one known to be text),
    else the node keeps ``implicit`` and the loader resolves it (:func:`~ddtapp.loading.nodes.resolved`).
    A Python ``resolve`` cost ~2,200 instructions a node, ~1,250 nodes a dossier."""
    own = (module.ScalarNode, module.SequenceNode, module.MappingNode)

    class _Composer(c_parser, _Yaml12Resolver):
        """libyaml's parser and the library's composer (C) with ddtapp's resolver, one class made once. The
        resolver keeps no state, so it needs no setting up."""

        resolve = staticmethod(dict.get)  # type: ignore[assignment]

    def compose(text: str) -> Node | None:
        composer = _Composer(text)
        module.ScalarNode, module.SequenceNode, module.MappingNode = SCALARS, SEQUENCES, MAPPINGS
        try:
            return composer.get_single_node()
        except errors as exc:
            raise mapped(exc, marked) from None
        finally:
            module.ScalarNode, module.SequenceNode, module.MappingNode = own
            composer.dispose()

    start, end = events.CollectionStartEvent, events.CollectionEndEvent

    def walk(text: str, limit: int) -> Any:
        parser = c_parser(text)
        depth = 0
        try:
            while (event := parser.get_event()) is not None:
                if isinstance(event, start):
                    depth += 1
                    if depth > limit:
                        return event.start_mark
                elif isinstance(event, end):
                    depth -= 1
        finally:
            parser.dispose()
        return None

    def too_deep(text: str, limit: int) -> Any:
        try:
            return walk(text, limit)
        except errors as exc:
            mark = getattr(exc, "problem_mark", None)
            if mark is None or "maximum nesting depth" not in (getattr(exc, "problem", None) or ""):
                return None  # a syntax error: composing stops at the same place and reports it
        # libyaml 0.2.6 (in PyYAML's newer wheels) stops at 1,000 levels of flow nesting, before it has given the
        # events that lead there (it reads ahead to see whether a '[' starts a key): the text before that point
        # holds them.
        try:
            return walk(text[: mark.index], limit)  # (the index counts characters, as the text does)
        except errors:
            return None

    return _Backend(name, compose, too_deep)


def _backend() -> _Backend:
    found = _pyyaml_backend()
    if found is None:
        from ddtapp.loading.compose_ruamel import ruamel_backend

        found = ruamel_backend()
    return found


#: The composer in use (tests set another: ``ddtapp.loading.compose_ruamel``)
BACKEND: _Backend = _backend()


def _compose(text: str) -> Node | None:
    """``text``'s node tree (None for a text without a document), composed by the composer in use; raises
    :class:`YamlSyntaxError` or :class:`YamlError`."""
    return BACKEND.compose(text)


def parser_name() -> str:
    """Which YAML parser runs: 'C (PyYAML, libyaml)', 'C (ruamel.yaml.clib)' or 'pure Python (ruamel.yaml)'."""
    return BACKEND.name


def _scalar(value: str, tag: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema (plus dates), given its resolved tag."""
    if tag == STR:
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        try:
            return int(value.replace("_", ""), 0) if value[:2].lower() in ("0x", "0o") else int(value.replace("_", ""))
        except ValueError:
            return value
    if tag == FLOAT:
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
