"""Write a new project dossier (``ddtapp init``), every key commented with what it records and the APP
requirements behind it. The comments come from the Pydantic models (each field's description and
``app_refs``), as ``docs/dossier.md`` does, so the scaffold cannot drift from the format.

What is written:

- the facts the user gave (technology types, stage, name), and the facts that follow from a technology
  type with certainty (``TYPE_FACTS``), each marked as pre-filled in its comment;
- every section the project's stage has reached, as ``rules/stages.yaml`` dates them (Evolve and Embed
  only once the stage is there); fields that apply only to some technology types (``ONLY_FOR``) only for
  those types;
- everything else empty: ``null`` (nothing after the colon) or ``[]``.

Why some blocks are written with their keys commented out: every check reads ``null`` and ``[]``
exactly as it reads a missing key, but not an empty *block*. ``{non_empty: governance.privacy_policy}``
is true of a policy block whose keys are all empty, and turns on the rules about the policy's contents.
So a block, list or value that a check of the rule pack can tell apart from a missing key is written
empty, with its keys commented out under it. ``ddtapp check`` on the scaffold then reports exactly
what it reports for the same facts written by hand. The set is computed from the rule pack in use, so
a force's own rules (``--rules``) count too.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ddtapp import __version__
from ddtapp.assess import FACIAL_RECOGNITION
from ddtapp.dossier.models import SCHEMA_VERSION, Dossier, Stage, TechnologyType
from ddtapp.dossier.validate import validate
from ddtapp.errors import InputError
from ddtapp.loading.yaml_loader import load_text
from ddtapp.pack.checks import Node, resolve, walk
from ddtapp.pack.gates import DOCUMENT_NAMES
from ddtapp.pack.rulepack import STAGE_ORDER, RulePack

TECHNOLOGY_TYPES: tuple[str, ...] = typing.get_args(TechnologyType)
STAGES: tuple[str, ...] = typing.get_args(Stage)
#: Comment lines are wrapped to this width.
WIDTH = 100
#: A Literal's values are listed in a comment when there are at most this many (else docs/dossier.md).
MAX_LISTED_VALUES = 10

_FACIAL = {
    "processing.personal_data": "images of people's faces are personal data",
    "processing.biometric_data": "facial recognition processes facial biometric data",
    "processing.biometric_identification": "facial recognition compares faces in order to identify people",
    "processing.special_category_data": "biometric data used to identify people is special category data "
    "(UK GDPR Art 9) and sensitive processing (DPA 2018 s35(8)(b))",
}
#: Facts that follow from a technology type with certainty, with the reason given in the comment.
#: Only ``true`` facts: a type never rules a fact out. Not here, because a type does not settle them:
#: the regime (facial recognition may serve law enforcement or, e.g., safeguarding), public-space
#: surveillance (a live deployment may be on private premises), maturity and solely automated decisions.
TYPE_FACTS: dict[str, dict[str, str]] = {
    "live_facial_recognition": _FACIAL,
    "retrospective_facial_recognition": _FACIAL,
    "operator_initiated_facial_recognition": _FACIAL,
    "other_biometrics": {
        "processing.personal_data": "biometric data is personal data",
        "processing.biometric_data": "the tool processes biometric data",
    },
    "individual_risk_scoring": {
        "processing.personal_data": "a score about a named person is personal data",
        "processing.individual_profiling": "the tool scores individuals",
    },
}

#: Fields written only when one of these technology types is given ("Model.field").
#: The similarity threshold is the APP's one facial-recognition-only item (GOV-PRIV-06). Watchlists are
#: person-of-interest databases (GOV-PRIV-05, "where relevant"), which rule POI-001 checks for other
#: tools too, so they are written for every type.
ONLY_FOR: dict[str, frozenset[str]] = {
    "PrivacyPolicy.similarity_threshold": frozenset(FACIAL_RECOGNITION),
    "Tool.technology_other": frozenset({"other"}),
}
#: Fields a new dossier has no use for: why a tool was stopped or abandoned; the fingerprints of sign-offs.
NOT_WRITTEN: frozenset[str] = frozenset(
    # facts_fingerprint: written by `ddtapp sign` when a sign-off is given, never by hand
    {"Tool.ending", *(f"{m}.facts_fingerprint" for m in ("GateDecision", "SignOff", "Waiver", "Document"))}
)

#: Check operators that read an empty list exactly as a missing one.
_LIST_AS_ABSENT = frozenset(
    {"non_empty", "min_items", "contains", "contains_all", "contains_any", "each", "some", "document"}
)


# ----------------------------------------------------------------------------- what the rule pack tests


class _Tested:
    """The dossier paths the rule pack's checks read, and how, for deciding what may be written empty."""

    def __init__(self, pack: RulePack):
        self.ops: dict[str, set[str]] = {}
        self.compared_with_null: set[str] = set()
        trees = [t for rule in pack.rules for t in (rule.when_tree, rule.check_tree)]
        trees += [factor.when_tree for factor in pack.tier_factors]
        for tree in trees:
            if tree is not None:
                for node, base in walk(tree):
                    self._add(node, base)

    def _add(self, node: Node, base: str) -> None:
        """The paths one operator reads, each with how it reads it."""
        op = node.op
        if op == "min_items" and not node.params["n"] >= 1:
            op = "min_items_zero"
        for _, p in node.paths:
            path = resolve(p, base)
            self.ops.setdefault(path, set()).add(op)
            if (node.op == "equals" and node.params["value"] is None) or (
                node.op == "one_of" and None in node.params["values"]
            ):
                self.compared_with_null.add(path)

    def block(self, path: str) -> bool:
        """A check can tell an empty block at ``path`` from a missing one."""
        return path in self.ops

    def empty_list(self, path: str) -> bool:
        """A check can tell ``[]`` at ``path`` from a missing list."""
        return any(op not in _LIST_AS_ABSENT for op in self.ops.get(path, ()))

    def null(self, path: str) -> bool:
        """A check can tell ``null`` at ``path`` from a missing value."""
        return path in self.compared_with_null


# ----------------------------------------------------------------------------- annotations


def _args(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for arg in _args(annotation):
        if typing.get_origin(arg) is list:
            return _model_of(typing.get_args(arg)[0])
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(arg) is list for arg in _args(annotation))


def _scalar_of(annotation: Any) -> Any:
    arg = _args(annotation)[0]
    return typing.get_args(arg)[0] if typing.get_origin(arg) is list else arg


def _type_hint(annotation: Any, description: str) -> str:
    inner = _scalar_of(annotation)
    if typing.get_origin(inner) is Literal:
        values = [str(v) for v in typing.get_args(inner)]
        if all(re.search(rf"(?<![\w]){re.escape(v)}(?![\w])", description) for v in values):
            return ""
        if len(values) > MAX_LISTED_VALUES:
            return f"One of {len(values)} values listed in docs/dossier.md."
        return "One of: " + ", ".join(values) + "."
    if inner is dt.date:
        return "Date: YYYY-MM-DD."
    return ""


def _app_refs(field: FieldInfo) -> list[str]:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    refs = extra.get("app_refs") or []
    return [str(r) for r in refs] if isinstance(refs, list) else []


def _comment(text: str, pad: str, keep: str = "", shift: int = 0) -> list[str]:
    """``text`` as comment lines at ``pad``, wrapped to WIDTH once ``shift`` more columns of comment
    markers are added in front; ``keep`` (appended) is never broken."""
    width = max(40, WIDTH - len(pad) - 2 - shift)
    glued = keep.replace(" ", "\u00a0")  # textwrap breaks only at ASCII whitespace
    lines = textwrap.wrap(
        f"{text} {glued}" if text and glued else text or glued,
        width=width,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [f"{pad}# {line}".replace("\u00a0", " ") for line in lines]


def _comment_out(lines: Iterable[str], column: int) -> list[str]:
    """Comment lines out at ``column`` (every line is indented at least that far), so that an editor's
    "toggle comment" gives them back unchanged."""
    out = []
    for line in lines:
        assert line[:column].strip() == "", line
        out.append(f"{line[:column]}# {line[column:]}")
    return out


def quote(text: str) -> str:
    """``text`` as a YAML single-quoted scalar (the caller has refused line breaks and control characters)."""
    return "'" + text.replace("'", "''") + "'"


# ----------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, types_: tuple[str, ...], stage: str, pack: RulePack, name: str | None):
        self.types = types_
        self.stage_index = STAGE_ORDER[stage]
        self.tested = _Tested(pack)
        self.sections = {s.dossier_path: s for s in pack.sections.values()}
        self.values: dict[str, str] = {
            "schema_version": str(SCHEMA_VERSION),
            "stage": stage,
            "tool.technology_types": "[" + ", ".join(types_) + "]",
        }
        if name is not None:
            self.values["tool.name"] = quote(name)
        self.reasons: dict[str, str] = {}
        for tech in types_:
            for path, reason in TYPE_FACTS.get(tech, {}).items():
                self.values[path] = "true"
                self.reasons.setdefault(path, f"{tech}: {reason}")

    # -- what is written

    def _wanted(self, model: type[BaseModel], name: str, path: str | None) -> bool:
        key = f"{model.__name__}.{name}"
        if key in NOT_WRITTEN:
            return False
        if key in ONLY_FOR and not ONLY_FOR[key] & set(self.types):
            return False
        return path is None or not self._later_stage(path)

    def _later_stage(self, path: str) -> bool:
        """``path`` holds only sections due at a later stage than the project's (or sits in one)."""
        for section_path, section in self.sections.items():
            if path == section_path or path.startswith(section_path + "."):
                return STAGE_ORDER[section.due] > self.stage_index
        inside = [s for p, s in self.sections.items() if p.startswith(path + ".")]
        return bool(inside) and all(STAGE_ORDER[s.due] > self.stage_index for s in inside)

    def _holds_value(self, path: str) -> bool:
        return any(p.startswith(path + ".") for p in self.values)

    # -- rendering

    def dossier(self) -> list[str]:
        names = ["schema_version", "stage", *(n for n in Dossier.model_fields if n not in ("schema_version", "stage"))]
        out: list[str] = []
        for name in names:
            if not self._wanted(Dossier, name, name):
                continue
            if out and name != "stage":
                out.append("")
            out.extend(self._field(Dossier.model_fields[name], name, name, 0, True, 0))
        return out

    def _fields(self, model: type[BaseModel], path: str, indent: int, live: bool, shift: int) -> list[str]:
        out: list[str] = []
        for name, field in model.model_fields.items():
            sub = f"{path}.{name}" if path else name
            if self._wanted(model, name, sub if live else None):
                out.extend(self._field(field, name, sub, indent, live, shift))
        return out

    def _describe(self, field: FieldInfo, path: str, pad: str, live: bool, shift: int) -> list[str]:
        text = (field.description or "").strip()
        hint = _type_hint(field.annotation, text)
        if field.is_required() and "required" not in text.lower():
            hint = f"Required. {hint}".strip()
        refs = _app_refs(field)
        lines = _comment(f"{text} {hint}".strip(), pad, keep=f"[APP {', '.join(refs)}]" if refs else "", shift=shift)
        section = self.sections.get(path) if live else None
        if section is not None and section.question:
            lines += _comment(
                f"Gate decision maker: {section.decision_maker} Question to proceed: {section.question}",
                pad,
                shift=shift,
            )
        if section is not None and section.documents:
            names = ", ".join(DOCUMENT_NAMES.get(d, d) for d in section.documents)
            lines += _comment(f"Documents the APP asks for here: {names}.", pad, shift=shift)
        if live and path in self.reasons:
            lines += _comment(
                f"Pre-filled from the technology type ({self.reasons[path]}). Change it if it does not hold.",
                pad,
                shift=shift,
            )
        return lines

    def _field(self, field: FieldInfo, name: str, path: str, indent: int, live: bool, shift: int) -> list[str]:
        pad = " " * indent
        lines = self._describe(field, path, pad, live, shift)
        if live and path in self.values:
            return [*lines, f"{pad}{name}: {self.values[path]}"]
        model = _model_of(field.annotation)
        if _is_list(field.annotation):
            key = f"{pad}{name}: []"
            item = self._item(model, indent + 2, shift + 2) if model else []
            if live and self.tested.empty_list(path):
                return lines + _comment_out([key, *item], indent)
            return [*lines, key, *_comment_out(item, indent + 2)]
        if model is not None:
            empty = live and self.tested.block(path) and not self._holds_value(path)
            children = self._fields(model, path, indent + 2, live and not empty, shift + 2 if empty else shift)
            if empty:
                return [
                    *lines,
                    f"{pad}{name}:  # empty until you start it: uncomment the keys below",
                    *_comment_out(children, indent + 2),
                ]
            return [*lines, f"{pad}{name}:", *children]
        if live and self.tested.null(path):
            return lines + _comment_out([f"{pad}{name}:"], indent)
        return [*lines, f"{pad}{name}:"]

    def _item(self, model: type[BaseModel], indent: int, shift: int) -> list[str]:
        """One list item, its keys under a dash (written commented out, as an example to copy)."""
        return [f"{' ' * indent}-", *self._fields(model, "", indent + 2, False, shift)]


def _header(types_: tuple[str, ...], stage: str, schema_ref: str) -> list[str]:
    facial = any(t in FACIAL_RECOGNITION for t in types_)
    prefilled = any(TYPE_FACTS.get(t) for t in types_)
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "#",
        *_comment(
            f"Project dossier for a data-driven technology ({', '.join(types_)}) at the APP's "
            f"{stage.capitalize()} stage.",
            "",
        ),
        f"# Written by `ddtapp init` (ddtapp {__version__}); the format is documented in docs/dossier.md.",
        "#",
        "# How to fill it in:",
        "# - The comment above each key says what it records and, in [APP ...], the APP requirements",
        "#   behind it (`ddtapp rules --coverage` lists them).",
        "# - Empty values are null (nothing after the colon) or [] (an empty list). Leave empty what does",
        "#   not apply; `ddtapp check` says what the APP still asks at this stage.",
        "# - A block marked 'empty until you start it' has its keys commented out: ddtapp treats a block",
        "#   that is present as started, and then asks for all of it. Uncomment the keys when you start it.",
        "# - To add items to a list written [], delete the [] and uncomment the example item under it",
        "#   (one copy per item).",
    ]
    if prefilled:
        lines.append(
            "# - Values marked 'Pre-filled' follow from the technology type; correct them if they do not hold."
        )
    if facial:
        lines.append("# - Facial recognition: the similarity threshold and watchlists belong in the privacy and data")
        lines.append("#   governance policy (governance.privacy_policy), as Bridges v South Wales Police requires.")
    return lines


def render(
    types_: Iterable[str], stage: str, pack: RulePack, name: str | None = None, schema_ref: str | None = None
) -> str:
    """The scaffold's text. ``types_`` and ``stage`` must be valid (see ``TECHNOLOGY_TYPES``, ``STAGES``);
    ``name`` and ``schema_ref`` must be single lines without control characters."""
    from ddtapp.dossier.docgen import SCHEMA_URL

    chosen = tuple(dict.fromkeys(types_))
    if not chosen or any(t not in TECHNOLOGY_TYPES for t in chosen) or stage not in STAGES:
        raise ValueError(f"invalid technology types {chosen!r} or stage {stage!r}")
    writer = _Writer(chosen, stage, pack, name)
    text = "\n".join([*_header(chosen, stage, schema_ref or SCHEMA_URL), "", *writer.dossier()]) + "\n"
    _self_check(text, name)
    return text


def _self_check(text: str, name: str | None) -> None:
    """The scaffold must load, validate and keep the name exactly; anything else is a bug in this module."""
    try:
        loaded = load_text(text, "scaffold")
        validate(Dossier, loaded)
    except InputError as exc:  # pragma: no cover - a bug, reported as an internal error
        raise RuntimeError(f"ddtapp init produced an invalid dossier: {exc}") from None
    if name is not None and loaded.data["tool"]["name"] != name:  # pragma: no cover
        raise RuntimeError("ddtapp init did not keep the tool's name exactly")
