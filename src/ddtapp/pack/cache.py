"""A cache of validated rule-pack files, so that a cold ``ddtapp check`` neither re-parses 300 KB of
YAML nor imports Pydantic to validate it again.

Each pack file's records (the dataclasses of :mod:`ddtapp.pack.records`, as validated by Pydantic) are
stored as JSON text under the record type's name and the BLAKE2b digest of the file's bytes, in one file per
ddtapp version: ``$DDTAPP_CACHE_DIR``, else ``$XDG_CACHE_HOME/ddtapp``, else ``~/.cache/ddtapp``. A
changed file has a new hash, so the cache never serves stale rules; a digest of the record classes'
fields and types is in the key too, so records stored by a ddtapp with other classes are never used. The
cache holds plain JSON data (no pickles, nothing that can run code). Only files that validated are
stored, so a hit rebuilds the records without validating again, checking only that each entry has the
shape this ddtapp stores (see :func:`build`); an entry that does not is ignored and its file read from
the YAML. The checks between files (known sections, APP references, unique rule ids) run on every
load, cached or not. Set ``DDTAPP_NO_CACHE=1`` to bypass the cache. An unreadable or unwritable cache
is ignored.

Data is cached only when it survives a JSON round trip unchanged (a YAML date, for example, would not).
Positions (line and column) are not cached: a pack that turns out to be invalid is loaded again from
its YAML so that the error names the right line.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ddtapp import __version__
from ddtapp.errors import InputError
from ddtapp.loading.limits import MAX_FILE_BYTES
from ddtapp.loading.safe_read import display_path, not_regular, read_capped
from ddtapp.loading.yaml_loader import Loaded, load_bytes, load_file

#: Largest cache file read: the built-in pack's cache is about 400 KB.
MAX_CACHE_BYTES = 16 * 1024 * 1024

try:  # CPython's own BLAKE2b: hashlib would load OpenSSL first (2-5 ms of a cold check), for ~0.5 MB hashed
    from _blake2 import blake2b
except ImportError:  # pragma: no cover (an interpreter without it)
    from hashlib import blake2b


def _hex(data: bytes) -> str:
    """The 256-bit BLAKE2b digest of ``data``, in hex."""
    return blake2b(data, digest_size=32).hexdigest()


T = TypeVar("T")


def cache_dir() -> Path | None:
    if os.environ.get("DDTAPP_NO_CACHE"):
        return None
    explicit = os.environ.get("DDTAPP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "ddtapp"


def read_records(path: Path, model: type[T], what: str, reference: str) -> tuple[Loaded, T]:
    """Parse and validate one pack file (no cache)."""
    from ddtapp.dossier.validate import validate

    loaded = load_file(path)
    return loaded, validate(model, loaded, what=what, reference=reference)


class PackCache:
    """Validated pack files by content hash. ``used`` records what this run needed; ``save`` keeps only that."""

    def __init__(self, folder: Path | None):
        self.file = folder / f"rulepack-{__version__}.json" if folder else None
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = 0
        if self.file is not None and _private(self.file):
            try:
                loaded = json.loads(read_capped(self.file, MAX_CACHE_BYTES, str(self.file), "rule-pack cache"))
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (InputError, ValueError, RecursionError):
                pass  # a cache that is not a regular file, too big, too deeply nested or not JSON: not used

    def load(self, path: Path, model: type[T], what: str, reference: str) -> tuple[Loaded, T]:
        """Like :func:`read_records`, from the cache when the file is unchanged.

        A cache hit has no positions (``Loaded.positions`` is empty): the caller loads the pack again
        without the cache when it finds a problem, so that the problem is located.
        """
        try:
            raw = read_capped(path, MAX_FILE_BYTES, display_path(path), what)
        except InputError:
            return read_records(path, model, what, reference)  # reports the error as the loader does
        key = f"{model.__name__}:{shape(model)}:{_hex(raw)}"  # type: ignore[arg-type]  # a class is hashable: python/mypy#11470
        entry = self.entries.get(key)
        text = entry.get("text") if isinstance(entry, dict) else None
        if isinstance(text, str) and entry.get("digest") == _digest(key, text):  # type: ignore[union-attr]
            try:
                record = build(model, json.loads(text))
            except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
                pass  # not what this ddtapp stored: read the YAML
            else:
                self.hits += 1
                self.used[key] = entry
                return Loaded(str(path), None), record
        from ddtapp.dossier.validate import validate

        loaded = load_bytes(raw, str(path))
        record = validate(model, loaded, what=what, reference=reference)
        data = dataclasses.asdict(record)
        try:
            text = json.dumps(data, separators=(",", ":"), sort_keys=True)
            if json.loads(text) == data:
                self.used[key] = {"digest": _digest(key, text), "text": text}
        except (TypeError, ValueError):
            pass
        return loaded, record

    def save(self) -> None:
        if self.file is None or self.used == self.entries:
            return
        if self.file.is_symlink() or not_regular(self.file):
            return  # a link, a FIFO or a device where the cache should be: neither replaced nor written to
        try:
            from ddtapp.output.safe_write import write_atomic

            write_atomic(self.file, json.dumps(self.used, separators=(",", ":"), sort_keys=True))
        except OSError:
            pass


def _digest(key: str, text: str) -> str:
    """The digest of an entry's JSON text, keyed with its cache key (and so with the pack file's content hash): an
    entry edited by hand, or moved to another file's key, no longer matches and is read from the YAML. The
    entry keeps its data as that text, so checking it is a hash of the text (no serialising on a hit)."""
    return _hex(f"{key}\n{text}".encode())


def _private(file: Path) -> bool:
    """Whether the cache file and its folder belong to this user and no other user can write them. A
    cache in a shared folder (another user's, or one anyone can write) is not read: its entries would
    stand in for the rule pack."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owner check; the per-user profile folder holds the cache
        return True
    try:
        for p in (file, file.parent):
            st = os.stat(p)
            if st.st_uid != getuid() or st.st_mode & 0o002:
                return False
    except OSError:
        return False
    return True


def build(model: type[T], data: Any) -> T:
    """``model`` (a dataclass) rebuilt from its ``dataclasses.asdict`` form, nested records included.

    Not a validation (Pydantic did that before the entry was stored), but a check that the entry has the
    shape this ddtapp stores: exactly the fields of ``model``, each of its declared kind (text, number,
    list, mapping, one of a Literal's values, or null where the type allows it). Anything else raises
    TypeError, and the caller reads the YAML instead. The check of each class is put together once a
    process from its fields' types (:func:`_builder`), not interpreted from them for every value."""
    return _builder(model)(data)  # type: ignore[arg-type]  # a class is hashable: python/mypy#11470


Convert = Callable[[Any], Any]


@functools.cache
def _builder(model: type) -> Convert:
    """A function that checks one entry's mapping against ``model``'s fields and builds the record."""
    hints = _hints(model)
    names = frozenset(hints)
    # A field of plain text, number, list or mapping is checked by its type alone: JSON gives exactly ``str``,
    # ``int``, ``float``, ``bool``, ``list`` or ``dict``, so ``type(value) is`` it (no call a value: the
    # pack's 9,000-odd values are a third of a cold check's rebuild). The others convert (nested records).
    exact: dict[str, type] = {}
    converters: dict[str, Convert] = {}
    # Every field is given, so a frozen record without __post_init__ or slots is its fields' values: set them
    # at once rather than through the generated __init__ (a guarded object.__setattr__ a field).
    plain = not hasattr(model, "__post_init__") and "__slots__" not in vars(model)
    new = object.__new__

    def build_record(data: Any) -> Any:
        if type(data) is not dict:
            raise TypeError(f"{model.__name__}: expected a mapping")
        if data.keys() != names:
            raise TypeError(f"{model.__name__}: fields {sorted(data)} are not {sorted(names)}")
        if not converters and not exact:  # made on first use, so that a record class may contain itself
            for name, hint in hints.items():
                convert = _converter(hint)
                kind = getattr(convert, "exact", None)
                if kind is not None:
                    exact[name] = kind
                else:
                    converters[name] = convert
        for name, value in data.items():  # the entry's mapping, just parsed, becomes the record's fields
            kind = exact.get(name)
            if kind is None:
                data[name] = converters[name](value)
            elif type(value) is not kind:
                raise TypeError(f"{model.__name__}.{name}: expected {kind.__name__}")
        if not plain:
            return model(**data)
        record: Any = new(model)
        record.__dict__.update(data)
        return record

    return build_record


def _converter(hint: Any) -> Convert:
    """The check (and conversion, for nested records) of one field's value of type ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        if not inner:
            return _none
        convert = _converter(inner[0])
        if type(None) not in args:
            return convert
        return lambda value: None if value is None else convert(value)
    if dataclasses.is_dataclass(hint):
        return _builder(hint)  # type: ignore[arg-type]
    if origin is list:
        if not args:
            return _of_type(list)
        item = _converter(args[0])
        if item is _any:
            return _of_type(list)
        checked = _plain_check(args[0])
        if checked is not None:
            return _list_of(checked)

        def convert_list(value: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError("expected a list")
            return [item(x) for x in value]

        return convert_list
    if origin is typing.Literal:

        def one_of(value: Any) -> Any:
            if value not in args:
                raise TypeError(f"{value!r} is not one of {args}")
            return value

        return one_of
    if hint is Any:
        return _any
    return _of_type(origin or hint)


def _any(value: Any) -> Any:
    return value


def _none(value: Any) -> Any:
    if value is not None:
        raise TypeError("expected null")
    return value


def _plain_check(hint: Any) -> type | None:
    """The type an item of ``hint`` must be when the item is checked by its type alone (text, a number)."""
    if typing.get_origin(hint) is None and isinstance(hint, type) and not dataclasses.is_dataclass(hint):
        return hint
    return None


def _is_a(value: Any, expected: type) -> bool:
    return isinstance(value, expected) and (expected is bool or not isinstance(value, bool))


def _of_type(expected: type) -> Convert:
    def check(value: Any) -> Any:
        if not _is_a(value, expected):
            raise TypeError(f"expected {getattr(expected, '__name__', expected)}")
        return value

    check.exact = expected  # type: ignore[attr-defined]  # a record's field of this type: see _builder
    return check


def _list_of(expected: type) -> Convert:
    def check(value: Any) -> Any:
        if not isinstance(value, list) or not all(_is_a(x, expected) for x in value):
            raise TypeError(f"expected a list of {expected.__name__}")
        return list(value)

    return check


@functools.cache
def _hints(model: type) -> dict[str, Any]:
    """The resolved types of ``model``'s fields, with type aliases (``Severity``) expanded: as
    ``typing.get_type_hints(model)`` gives them, each annotation's text resolved once in its module (the
    records' 140-odd fields have 60-odd texts; this runs on every cold check, to key and rebuild the cache)."""
    own: dict[str, Any] = {f.name: f.type for f in dataclasses.fields(model)}
    declared = vars(model).get("__annotations__", {})
    if any(
        not isinstance(text, str) or declared.get(name) is not text or any(n in vars(model) for n in _names(text))
        for name, text in own.items()
    ):  # types, a field of a base class, or a name the class itself defines: as typing reads them
        hints = typing.get_type_hints(model)
        return {name: hints[name] for name in own}
    return {name: _resolved(model.__module__, text) for name, text in own.items()}


@functools.cache
def _names(text: str) -> frozenset[str]:
    """The dotted names' first parts in an annotation's text (``list[Basis] | None``: list, Basis, None)."""
    return frozenset(re.findall(r"(?<![\w.'\"])[A-Za-z_]\w*", text))


@functools.cache
def _resolved(module: str, text: str) -> Any:
    """An annotation's text resolved in ``module``'s namespace, as ``typing.get_type_hints`` resolves it."""

    def holder() -> None: ...

    holder.__annotations__ = {"value": text}
    return typing.get_type_hints(holder, globalns=vars(sys.modules[module]))["value"]


@functools.cache
def shape(model: type) -> str:
    """A short digest of ``model``'s fields and their types, nested records included: part of each cache
    key, so that records stored by a ddtapp whose classes differ (a development build of the same
    version) are never rebuilt into today's classes."""
    parts = []
    for name, hint in _hints(model).items():
        parts.append(f"{name}:{hint!r}")
        for inner in (
            hint,
            *typing.get_args(hint),
            *(a for arg in typing.get_args(hint) for a in typing.get_args(arg)),
        ):
            if dataclasses.is_dataclass(inner):
                parts.append(shape(inner))  # type: ignore[arg-type]
    return _hex("\n".join(parts).encode())[:12]
