"""The dossier as a template sees it (``Field``), and the gaps a draft records (``Draft``, each a ``Gap``).

``d.tool.purpose`` in a template is a ``Field``: it knows its dossier path and its place in the dossier's
schema (``ddtapp.dossier.models``). Printed, a recorded value comes out as literal Markdown text
(``markdown_text.inline``); a missing one comes out as a visible placeholder naming the dossier path and
the rule that asks for it (``RuleIndex``), and is recorded in the ``Draft`` as a ``Gap`` for the
"Gaps in this draft" summary. A key that is not in the schema is an error naming the template line.
Every name here that a template must not reach starts with ``_``, which Jinja's sandbox refuses.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, Literal, Union

from jinja2.exceptions import TemplateRuntimeError, UndefinedError
from pydantic import BaseModel

from ddtapp.checker.engine import Result, regime_of
from ddtapp.documents.gaps import Gap
from ddtapp.dossier.models import Document, Engagement, Person
from ddtapp.dossier.names import DOCUMENT_NAMES
from ddtapp.force.register import format_date as uk_date
from ddtapp.loading.yaml_loader import join_path
from ddtapp.output.markdown_text import Md, inline
from ddtapp.pack import applicability
from ddtapp.pack.checks import Context, asked_paths, is_empty
from ddtapp.pack.rulepack import RulePack
from ddtapp.reporters.summary import REGIME_NAMES, TIER_NAMES

#: Where ``Gaps in this draft`` goes. A template places it with ``{{ gaps_summary() }}``; without it the
#: summary goes after the document's first heading. NUL never survives the YAML loader or ``inline``.
GAPS_SENTINEL = "\x00ddtapp-gaps\x00"
#: ``{{ gaps_summary(false) }}``: this document has no annex of gaps (one sent outside the force, whose
#: gaps a companion document lists).
GAPS_OMITTED = "\x00ddtapp-no-gaps\x00"

# ----------------------------------------------------------------------------- labels

#: How enumerated dossier values read in a document. Anything not listed reads with spaces for underscores.
LABELS: dict[Any, str] = {
    **REGIME_NAMES,
    **TIER_NAMES,
    # (a document of type "other" is named in its sentence; "other" alone is also a technology type)
    **{kind: name for kind, name in DOCUMENT_NAMES.items() if kind != "other"},
    "engage": "Engage",
    "evolve": "Evolve",
    "embed": "Embed",
    "governance": "Governance (cross-cutting)",
    "internal_police": "internal police data",
    "other_public_sector": "external public-sector data",
    "private_sector": "private-sector data",
    "live_feed": "automated live data feed",
    "manual": "manual updates by a user",
    "dpo": "data protection officer",
    "siro": "senior information risk owner",
    "pcc": "police and crime commissioner",
    "ico": "Information Commissioner's Office (ICO)",
    "ehrc": "Equality and Human Rights Commission (EHRC)",
    "biometrics_and_surveillance_camera_commissioner": "Biometrics and Surveillance Camera Commissioner",
    "forensic_science_regulator": "Forensic Science Regulator",
    "local_data_ethics_board": "local data ethics board",
    "national_data_ethics_board": "national data ethics board",
    "similarly_significant": "similarly significant",
    "trial_to_deployment": "trial to deployment",
    "algorithmic_transparency_record": "algorithmic transparency record",
    "demographic_test_report": "demographic test report",
    "appropriate_policy_document": "appropriate policy document (DPA 2018 s42)",
    "force_policy": "force policy",
    "data_sharing_agreement": "data-sharing agreement",
    "in_house": "in-house",
    "force_wide": "force-wide",
    2: "Article 2 (right to life)",
    3: "Article 3 (prohibition of torture and inhuman or degrading treatment)",
    5: "Article 5 (right to liberty and security)",
    6: "Article 6 (right to a fair trial)",
    8: "Article 8 (right to respect for private and family life)",
    9: "Article 9 (freedom of thought, conscience and religion)",
    10: "Article 10 (freedom of expression)",
    11: "Article 11 (freedom of assembly and association)",
    14: "Article 14 (prohibition of discrimination)",
}


def label(value: Any) -> str:
    """How an enumerated value reads in a document: ``law_enforcement`` -> ``law enforcement (Part 3 DPA 2018)``."""
    if isinstance(value, Field):
        value = value._value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (str, int)) and value in LABELS:
        return LABELS[value]
    return str(value).replace("_", " ")


# ----------------------------------------------------------------------------- gaps and the rules behind them


class RuleIndex:
    """Which rule asks for a dossier path: the checker's findings first (they apply to this dossier),
    then the rule pack's checks that name the path (only rules whose ``when`` holds for this dossier)."""

    def __init__(self, result: Result, pack: RulePack, today: dt.date):
        self._by_path: dict[str, list[str]] = {}
        rank = {"open": 0, "coming_up": 1, "waived": 2}
        for f in sorted(result.findings, key=lambda f: rank.get(f.status, 3)):
            ids = self._by_path.setdefault(f.path, [])
            if f.rule_id not in ids:
                ids.append(f.rule_id)
        self._static: dict[str, list[str]] = {}
        #: The rules that apply to this dossier: not disabled, at its impact tier, their ``when`` holding.
        self.applicable: list[Any] = []
        facts = result.assessment.facts
        ctx = Context(
            root={**result.loaded.data, "facts": facts}, today=dt.date.min, tier_index=result.assessment.tier_index
        )
        phase, day, regime = facts.get("phase"), today.isoformat(), regime_of(result.loaded.data)
        for rule in pack.rules:
            if not applicability.asked(pack, rule, phase, result.assessment.tier_index, day, regime):
                continue
            if rule.when is not None and rule.when(ctx, ctx.root, ""):
                continue  # the rule does not apply to this dossier
            self.applicable.append(rule)
            asked = asked_paths(rule.check_tree) if rule.check_tree else []
            paths = [p for p in asked if not p.startswith("facts.") and p != "facts"]
            if rule.spec.path:
                paths.insert(0, rule.spec.path)
            for p in paths:
                ids = self._static.setdefault(p, [])
                if rule.id not in ids:
                    ids.append(rule.id)

    def rules_for(self, path: str) -> tuple[str, ...]:
        if not path:
            return ()
        exact = self._by_path.get(path)
        if exact:
            return tuple(exact)
        below = _collect(self._by_path, path)
        if below:
            return below
        general = re.sub(r"\[\d+\]", "[]", path)
        exact = self._static.get(general)
        if exact:
            return tuple(exact)
        # A missing group's fields are asked for; a missing list's items' fields only once it has items.
        return _collect(self._static, general, items=False)


def _collect(index: dict[str, list[str]], path: str, items: bool = True) -> tuple[str, ...]:
    out: list[str] = []
    for p in sorted(index):
        if p.startswith(path + ".") or (items and p.startswith(path + "[")):
            out.extend(r for r in index[p] if r not in out)
    return tuple(out)


def in_words(what: str, path: str) -> str:
    """How a draft names a missing field to its reader: the field's description as a phrase (``when the
    DPIA was completed``), never its dossier path; the path's last name in words when there is no
    description."""
    text = " ".join(what.split()).rstrip(".")
    if not text:
        last = re.sub(r"\[(\d+)\]", "", path.rsplit(".", 1)[-1]) if path else "a fact"
        return last.replace("_", " ")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return text


class Draft:
    """One document being rendered: records its gaps, and writes their placeholders."""

    def __init__(self, index: RuleIndex):
        self._index = index
        self._gaps: dict[tuple[str, str], Gap] = {}
        self._plain: dict[str, str] = {}

    @property
    def gaps(self) -> list[Gap]:
        return list(self._gaps.values())

    def _record(self, path: str, what: str, rules: tuple[str, ...], marker: str, plain: str = "") -> Md:
        if (path, marker) not in self._gaps:
            self._gaps[(path, marker)] = Gap(path, what, rules, marker=marker, plain=plain)
        if plain:
            self._plain[marker] = plain
        return Md(marker)

    def plain(self, marker: str) -> str:
        """A placeholder as plain text (escaped again when printed)."""
        return self._plain.get(marker, marker)

    def missing(self, path: str, what: str, note: str = "", rules: tuple[str, ...] | None = None) -> Md:
        """The placeholder for a dossier path that holds nothing the document can use: the field in
        words and the rules that ask for it (the path goes to the annex, not into the text)."""
        rules = self._index.rules_for(path) if rules is None else rules
        words = " ".join(note.split()).rstrip(".") if note else in_words(what, path)  # a note is already a phrase
        asked = f" ({', '.join(rules)})" if rules else ""
        text = f"**GAP:** {inline(words)}{asked}"
        plain = f"GAP: {words}{asked}"
        return self._record(path, note or what, rules, text, plain)

    # -- the helpers templates call (bound to this draft; they are the only way to make a gap by hand)

    def gap(self, target: Any, what: str, rules: Any = None) -> Md:
        """A gap at a dossier path that is present but lacks something, e.g. a document of one type in a
        section's ``documents``: ``{{ gap(d.engage.legal_framework.documents, "the DPIA") }}``. The rules
        that ask for it are looked up by path, unless given: a rule id or a list of them, or an empty list
        for "no rule asks for it"."""
        path = target._path if isinstance(target, Field) else str(target)
        if not isinstance(what, str) or not what.strip():
            raise TemplateRuntimeError("gap() needs a description of what is missing")
        ids: tuple[str, ...] | None
        if rules is None:
            ids = None
        elif isinstance(rules, str):
            ids = (rules,) if rules else ()
        else:
            ids = tuple(str(r) for r in rules)
        return self.missing(path, what, note=what, rules=ids)

    def not_in_dossier(self, what: str) -> Md:
        """A gap for something the document needs but the dossier format has no field for."""
        if not isinstance(what, str) or not what.strip():
            raise TemplateRuntimeError("not_in_dossier() needs a description of what is missing")
        text = f"**GAP:** {inline(what)} (not in the dossier; complete by hand)"
        return self._record("", what, (), text)

    def gaps_summary(self, show: bool = True) -> Md:
        return Md(GAPS_SENTINEL if show else GAPS_OMITTED)


# ----------------------------------------------------------------------------- the dossier as templates see it


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _shape(annotation: Any) -> tuple[str, Any]:
    """("model", cls) | ("list", item annotation) | ("literal", None) | ("value", None)."""
    ann = _unwrap(annotation)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "model", ann
    origin = typing.get_origin(ann)
    if origin is list:
        args = typing.get_args(ann)
        return "list", args[0] if args else Any
    if origin is Literal:
        return "literal", None
    return "value", None


def _plain(value: Any, literal: bool) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        day = uk_date(value.date())
        return day if value.time() == dt.time() else f"{day} {value.time().isoformat()}"
    if isinstance(value, dt.date):
        return uk_date(value)
    if literal:
        return label(value)
    return str(value)


class Field:
    """A place in the dossier, as a template sees it: its dossier path, its value, its schema.

    ``{{ f }}`` prints the value as Markdown text, or a gap placeholder if it is missing.
    ``{% if f %}`` is true when the value is recorded (a non-empty string or list, any number or boolean).
    ``{% for x in f %}`` walks a list's items, each a Field (``risk_register[0]``, ...).
    ``f.key`` / ``f["key"]`` is a child Field; a key the schema does not have is an error.
    ``f == "value"`` compares the value."""

    __slots__ = ("_annotation", "_description", "_draft", "_path", "_value")

    def __init__(self, draft: Draft, path: str, value: Any, annotation: Any, description: str):
        self._draft = draft
        self._path = path
        self._value = value
        self._annotation = annotation
        self._description = description

    # -- navigation

    def __getattr__(self, name: str) -> Field:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._child(name)

    def __getitem__(self, key: Any) -> Field:
        if isinstance(key, bool):
            raise TemplateRuntimeError(f"{self._where()}: index with a whole number or a field name")
        if isinstance(key, int):
            kind, item = _shape(self._annotation)
            if kind != "list":
                raise TemplateRuntimeError(f"{self._where()} is not a list; it cannot be indexed")
            values = self._value if isinstance(self._value, list) else []
            value = values[key] if -len(values) <= key < len(values) else None
            index = key if key >= 0 else len(values) + key
            return Field(self._draft, f"{self._path}[{index}]", value, item, self._description)
        if isinstance(key, str):
            return self._child(key)
        raise TemplateRuntimeError(f"{self._where()}: index with a whole number or a field name")

    def _child(self, name: str) -> Field:
        kind, model = _shape(self._annotation)
        if kind != "model":
            what = "a list" if kind == "list" else "a single value"
            raise UndefinedError(f"{self._where()} is {what}; it has no field '{name}'")
        spec = model.model_fields.get(name)
        if spec is None:
            raise UndefinedError(
                f"the dossier has no field '{join_path(self._path, name)}' (docs/dossier.md lists every field)"
            )
        value = self._value.get(name) if isinstance(self._value, dict) else None
        return Field(self._draft, join_path(self._path, name), value, spec.annotation, spec.description or "")

    def __iter__(self) -> Iterator[Field]:
        kind, item = _shape(self._annotation)
        if kind != "list":
            raise TemplateRuntimeError(f"{self._where()} is not a list; loop over a list field")
        values = self._value if isinstance(self._value, list) else []
        for i, v in enumerate(values):
            yield Field(self._draft, f"{self._path}[{i}]", v, item, self._description)

    def __len__(self) -> int:
        kind, _ = _shape(self._annotation)
        if kind != "list":
            raise TemplateRuntimeError(f"{self._where()} is not a list; it has no length")
        return len(self._value) if isinstance(self._value, list) else 0

    def _where(self) -> str:
        return self._path or "the dossier"

    # -- tests

    def __bool__(self) -> bool:
        return not is_empty(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Field):
            other = other._value
        return bool(self._value == other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __lt__(self, other: object) -> bool:
        mine = self._value
        theirs = other._value if isinstance(other, Field) else other
        return _sort_key(mine) < _sort_key(theirs)

    def __hash__(self) -> int:
        try:
            return hash(self._value)
        except TypeError:
            return hash(self._path)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Field):
            item = item._value
        if isinstance(self._value, (list, str)):
            return item in self._value
        return False

    # -- output

    def __str__(self) -> str:
        """Plain text, for Jinja's string filters; a missing value still shows (and records) its gap."""
        if not self:
            return self._draft.plain(self._markdown())
        kind, _ = _shape(self._annotation)
        if kind in ("model", "list"):
            return str(self._markdown())
        return _plain(self._value, kind == "literal")

    def _markdown(self) -> Md:
        if not self:
            return self._draft.missing(self._path, self._description)
        kind, inner = _shape(self._annotation)
        if kind == "value" or kind == "literal":
            return inline(_plain(self._value, kind == "literal"))
        if kind == "list":
            item_kind, item_model = _shape(inner)
            if item_kind == "model" and item_model is not Person:
                raise TemplateRuntimeError(
                    f"{self._path} is a list of groups of fields; loop over it and print their fields"
                )
            return Md(", ".join(item._markdown() for item in self))
        if inner is Person:
            return _person(self)
        if inner is Document:
            return _document(self)
        if inner is Engagement:
            return _engagement(self)
        raise TemplateRuntimeError(f"{self._path or 'the dossier'} is a group of fields; print its fields one by one")


def _sort_key(value: Any) -> tuple[int, str, Any]:
    if is_empty(value):
        return (0, "", "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, "number", value)
    if isinstance(value, dt.date):
        return (1, "date", value.isoformat())
    return (1, type(value).__name__, str(value))


def _person(f: Field) -> Md:
    text = f.name._markdown()
    if f.title:
        text = Md(f"{text}, {f.title._markdown()}")
    if f.role:
        text = Md(f"{text} ({f.role._markdown()})")
    return text


def _document(f: Field) -> Md:
    name = f.title._markdown() if f.title else (f.type._markdown() if f.type else f.title._markdown())
    details = []
    if f.version:
        details.append(Md(f"version {f.version._markdown()}"))
    if f.status:
        details.append(f.status._markdown())
    if f.date:
        details.append(Md(f"dated {f.date._markdown()}"))
    if f.review_date:
        details.append(Md(f"review due {f.review_date._markdown()}"))
    text = Md(f"{name} ({', '.join(details)})") if details else name
    if f.location:
        text = Md(f"{text}, at {f.location._markdown()}")
    return text


def _engagement(f: Field) -> Md:
    text = Md(f"{f.date._markdown()}: {f.summary._markdown()}")
    if f.reference:
        text = Md(f"{text} (reference: {f.reference._markdown()})")
    return text


def has_field(holder: Field, name: str) -> bool:
    """Whether the schema gives ``holder`` a field called ``name`` (e.g. a section's ``gate``)."""
    kind, model = _shape(holder._annotation)
    return kind == "model" and name in model.model_fields


_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_at(root: Field, path: str) -> Field:
    """The Field at a dossier path such as ``engage.legal_framework.documents[2]``."""
    here = root
    for name, index in _PATH_STEP.findall(path):
        here = here[int(index)] if index else here[name]
    return here
