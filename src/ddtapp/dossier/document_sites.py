"""Where a dossier records documents, read from its validated data without building the Pydantic models.

:func:`ddtapp.dossier.documents.documents_of` walks the typed dossier. ``register`` (and ``foi``'s scope) need
only the documents and the tool of each dossier that ``check`` has already validated, so they read them from
the plain data: :func:`documents_in` gives the same documents, with the same paths, in the same order, as
plain mappings. The order is the models' field order, which the JSON Schema does not keep (its properties are
sorted), so the places that can hold a document are a small table generated from the models,
``document-sites.json`` beside this module (``python -m ddtapp.dossier.docgen`` writes it; a test fails while
it is stale).

Plain data is read only where it stands for exactly what the models would build: a dossier whose data has a
shape the table does not follow, or a date written as text (which the models turn into a date), raises
:class:`NotPlain`, and the caller builds the models instead.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ddtapp.dossier.names import PRIVACY_POLICY_DOCUMENT, PRIVACY_POLICY_TYPE

SITES_FILE = Path(__file__).with_name("document-sites.json")
#: The table's name for a document (the model :class:`ddtapp.dossier.base.Document`).
DOCUMENT = "Document"
#: A field the table cannot follow in plain data (a union of models, a mapping of them).
WHOLE = "*"

#: One field of a model: its name, its key in the data, the model it holds (None for a value that is not
#: one, :data:`WHOLE`), whether a list of them, and whether its default holds a model.
Site = tuple[str, str, str | None, bool, bool]


class NotPlain(Exception):
    """The data has a shape (or a value) that only the models read as ``check`` does: build them."""


#: One field of a document or of a record it holds: its name, its key in the data, its default, the model it
#: holds (None for a value that is not one) and whether a list of them.
Field = tuple[str, str, Any, str | None, bool]


@lru_cache(maxsize=1)
def _table() -> tuple[str, dict[str, tuple[Site, ...]], dict[str, frozenset[str]], dict[str, tuple[Field, ...]]]:
    table = json.loads(SITES_FILE.read_text(encoding="utf-8"))
    sites = {name: [tuple(site) for site in rows] for name, rows in table["models"].items()}
    # only the fields that can lead to a document are walked (a record that cannot hold one is passed over)
    leads = {DOCUMENT, WHOLE}
    while True:
        more = {name for name, rows in sites.items() if any(row[2] in leads for row in rows)} - leads
        if not more:
            break
        leads |= more
    models = {name: tuple(row for row in rows if row[2] in leads) for name, rows in sites.items()}
    dates = {name: frozenset(fields) for name, fields in table["dates"].items()}
    fields = {name: tuple(tuple(row) for row in rows) for name, rows in table["fields"].items()}
    return table["root"], models, dates, fields


def documents_in(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every document recorded in a validated dossier's data, with its dossier path, in the models' field order:
    what :func:`ddtapp.dossier.documents.documents_of` gives for the typed dossier, as mappings (the privacy
    policy's own document typed :data:`PRIVACY_POLICY_TYPE` when its type is not written)."""
    if not isinstance(data, dict):
        raise NotPlain
    root, models, _dates, _fields = _table()
    out: list[tuple[str, dict[str, Any]]] = []
    _walk(models, root, data, "", out)
    return out


def _walk(
    models: dict[str, tuple[Site, ...]], model: str, data: dict[str, Any], base: str, out: list[tuple[str, Any]]
) -> None:
    """The documents under ``data`` (a record of ``model`` at ``base``) added to ``out``: a plain recursion, and
    a path made only for a field the data has (a generator a level, and every path, cost ~40% of ``register``'s
    reading of a dossier)."""
    for name, key, target, many, holds in models.get(model, ()):
        if key not in data:
            if holds:
                raise NotPlain  # a default that holds models: not seen in the data
            continue
        value = data[key]
        if target is None or value is None:
            continue
        if target == WHOLE or (many and not isinstance(value, list)):
            raise NotPlain
        path = f"{base}.{name}" if base else name
        for sub, item in enumerate(value) if many else ((None, value),):
            if not isinstance(item, dict):
                raise NotPlain
            where = path if sub is None else f"{path}[{sub}]"
            if target == DOCUMENT:
                plain_dates(DOCUMENT, item)
                if where == PRIVACY_POLICY_DOCUMENT and item.get("type") is None:
                    item = {**item, "type": PRIVACY_POLICY_TYPE}
                out.append((where, item))
            else:
                _walk(models, target, item, where, out)


def plain_dates(model: str, item: dict[str, Any]) -> None:
    """Raise :class:`NotPlain` when a date field of ``model`` holds text (the JSON Schema lets a quoted date
    through; the model would turn it into a date), here or in the records it holds."""
    for key, dated, target, many in _dates_and_records(model):
        value = item.get(key)
        if value is None:
            continue
        if dated and not isinstance(value, dt.date):
            raise NotPlain
        if target is not None:
            for sub in value if many and isinstance(value, list) else (value,):
                if isinstance(sub, dict):
                    plain_dates(target, sub)


@cache
def _dates_and_records(model: str) -> tuple[tuple[str, bool, str | None, bool], ...]:
    """The fields of ``model`` that :func:`plain_dates` reads (its dates and the records it holds), each as its
    key, whether a date, the model it holds and whether a list of them."""
    _root, _models, dates, fields = _table()
    dated = dates.get(model, frozenset())
    return tuple(
        (key, name in dated, target, many)
        for name, key, _default, target, many in fields[model]
        if name in dated or target is not None
    )


def full(model: str, item: dict[str, Any]) -> dict[str, Any]:
    """A record of ``model`` (a document, or a record a document holds) as the model's ``model_dump()`` gives it:
    every field by its name, in the model's order, a field left out as its default, the records it holds
    likewise. ``item`` is validated data whose dates are dates (:func:`plain_dates`)."""
    names, keys, others = _shape(model)
    out = dict(zip(names, map(item.get, keys), strict=True))  # every field, None when left out
    for name, key, default, target, many in others:
        value = out[name]
        if value is None:
            if default is not None and key not in item:
                out[name] = type(default)()  # the default (the table's is shared)
        elif target is not None:
            out[name] = [full(target, v) for v in value] if many else full(target, value)
    return out


@cache
def _shape(model: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Field, ...]]:
    """For :func:`full`: the names and keys of ``model``'s fields, and the fields that are not read as they
    stand (a default other than None, or a record): read field by field, a document took twice as long."""
    rows = _table()[3][model]
    others = tuple(row for row in rows if row[2] is not None or row[3] is not None)
    return tuple(row[0] for row in rows), tuple(row[1] for row in rows), others


def defaults(model: str) -> dict[str, Any]:
    """Each field of ``model`` (a document, or a record a document holds) by name, with its default."""
    return {name: default for name, _key, default, _target, _many in _table()[3][model]}


def sites_table() -> str:
    """The table's text, from the models (for ``ddtapp.dossier.docgen``)."""
    from pydantic import BaseModel

    from ddtapp.dossier.base import Document
    from ddtapp.dossier.models import Dossier

    models: dict[str, list[Site]] = {}
    dates: dict[str, list[str]] = {}

    def add(model: type[BaseModel]) -> None:
        if model.__name__ in models:
            return
        sites: list[Site] = []
        models[model.__name__] = sites
        dates[model.__name__] = [name for name, info in model.model_fields.items() if _is_date(info.annotation)]
        for name, info in model.model_fields.items():
            try:
                target, many = _model_of(info.annotation, BaseModel)
            except _Whole:
                target, many = None, False
                held = [a for a in _flat(info.annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
                name_of: str | None = WHOLE if any(_can_hold(a, Document, BaseModel) for a in held) else None
            else:
                name_of = None if target is None else target.__name__
            default = info.get_default(call_default_factory=True)
            holds = isinstance(default, BaseModel) or (isinstance(default, list) and bool(default))
            if name_of is not None or holds:  # a field that holds no model is passed over by the walk
                sites.append((name, info.alias or name, name_of, many, holds))
            if target is not None:
                add(target)

    add(Dossier)
    assert Document.__name__ == DOCUMENT

    def inside(model: str) -> set[str]:  # the models a record of ``model`` can hold, itself included
        seen = {model}
        for site in models.get(model, []):
            if site[2] not in (None, WHOLE) and site[2] not in seen:
                seen |= inside(site[2])
        return seen

    def fields_of(model: type[BaseModel]) -> list[tuple[str, str, Any, str | None, bool]]:
        rows = []
        for name, info in model.model_fields.items():
            target, many = _model_of(info.annotation, BaseModel)
            default = info.get_default(call_default_factory=True)
            assert default in (None, [], {}), (model.__name__, name, default)  # kept as JSON
            rows.append((name, info.alias or name, default, None if target is None else target.__name__, many))
            if target is not None and target.__name__ not in held:
                held[target.__name__] = fields_of(target)
        return rows

    held: dict[str, list[tuple[str, str, Any, str | None, bool]]] = {}
    held[Document.__name__] = fields_of(Document)
    table = {
        "root": Dossier.__name__,
        # every field of a document and of the records it holds: a record read as the model would hold it
        "fields": held,
        "models": {m: s for m, s in models.items() if s},
        # dates are checked inside documents only: the rest of a document's dossier is not read as plain data
        "dates": {m: dates[m] for m in sorted(inside(DOCUMENT)) if dates[m]},
    }
    return json.dumps(table, indent=1, sort_keys=True) + "\n"


class _Whole(Exception):
    pass


def _can_hold(model: type, document: type, base: type, seen: frozenset[type] = frozenset()) -> bool:
    """Whether a record of ``model`` can hold a ``document`` anywhere inside it."""
    if model is document:
        return True
    if model in seen:
        return False
    return any(
        isinstance(a, type) and issubclass(a, base) and _can_hold(a, document, base, seen | {model})
        for info in model.model_fields.values()  # type: ignore[attr-defined]
        for a in _flat(info.annotation)
    )


def _is_date(annotation: Any) -> bool:
    from typing import get_args

    return annotation is dt.date or any(_is_date(a) for a in get_args(annotation))


def _model_of(annotation: Any, base: type) -> tuple[type | None, bool]:
    """The model a field holds (None for a value that is not one) and whether it holds a list of them; a
    field of any other shape (a union of models, a mapping of them) raises :class:`_Whole`."""
    from typing import get_args

    args = [a for a in get_args(annotation) if a is not type(None)]
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation, False
    if getattr(annotation, "__origin__", None) is list and args:
        inner, nested = _model_of(args[0], base)
        if nested:
            raise _Whole
        return inner, inner is not None
    if len(args) == 1 and getattr(annotation, "__origin__", None) is not list:  # X | None
        return _model_of(args[0], base)
    if any(isinstance(a, type) and issubclass(a, base) for a in _flat(annotation)):
        raise _Whole
    return None, False


def _flat(annotation: Any) -> Iterator[Any]:
    from typing import get_args

    yield annotation
    for arg in get_args(annotation):
        yield from _flat(arg)
