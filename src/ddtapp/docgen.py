"""Generate ``docs/dossier.md`` from the dossier models: every field, its type, what it records and
the APP requirement behind it. Run ``python -m ddtapp.docgen`` after changing ``dossier.py``; a test
fails while the committed file is out of date."""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ddtapp import HOMEPAGE
from ddtapp.dossier import SCHEMA_VERSION, Dossier

#: Where the published schema lives (its "$id"); `ddtapp schema` prints the same text.
SCHEMA_URL = HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/docs/dossier.schema.json"

INTRO = f"""# The project dossier format (schema version {SCHEMA_VERSION})

A dossier is one YAML file describing one data-driven technology (DDT): what it is, the facts that
decide what the College of Policing APP asks of it, and the evidence for each APP stage section.
This page, and the JSON Schema `docs/dossier.schema.json`, are generated from the models in
`src/ddtapp/dossier.py` (`python -m ddtapp.docgen`).

How to read it:

- Every field is optional to the schema, except `schema_version`. What is *missing* depends on the
  project's stage and impact tier, and is reported by the rule pack (`ddtapp check`), not as a schema
  error. A key that is not listed here is a schema error, with a "did you mean …?" suggestion.
- **APP** names the requirement(s) in the APP catalogue behind the field (see `ddtapp rules` and
  `rules/COVERAGE.md`). FOI question numbers refer to the FOI request on digital decision tools that
  `ddtapp foi` answers.
- Dates are `YYYY-MM-DD`. Lists are YAML lists. A "Document" records a document: type, title, status
  (not_started, draft, in_review, approved, published, superseded), version, date, review_date, location.
- Add `# yaml-language-server: $schema=...` at the top of a dossier to get completion in editors.

Examples: `examples/` holds complete dossiers, each with a header saying what `ddtapp check` reports.
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {"str": "text", "int": "whole number", "float": "number", "bool": "true/false", "date": "date"}.get(
        getattr(annotation, "__name__", str(annotation)), str(annotation))


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            for inner in _inner(field.annotation):
                walk(inner)

    walk(root)
    return seen


def _inner(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_inner(arg))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    parts = [INTRO]
    for model in _models(Dossier):
        parts.append(f"\n## {model.__name__}\n")
        doc = (model.__doc__ or "").strip()
        if doc and not doc.startswith("Usage docs"):
            parts.append(doc + "\n")
        parts.append("\n| key | type | what it records | APP |\n| --- | --- | --- | --- |\n")
        for name, field in model.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            refs = ", ".join(extra.get("app_refs", []) or [])  # type: ignore[arg-type]
            required = " (required)" if field.is_required() else ""
            parts.append(f"| `{name}`{required} | {_cell(_type_name(field.annotation))} | "
                         f"{_cell(field.description or '')} | {refs} |\n")
    return "".join(parts)


def json_schema() -> str:
    """The dossier's JSON Schema (draft 2020-12), for editors' YAML language servers."""
    import json

    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_URL
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    (docs / "dossier.md").write_text(render(), encoding="utf-8")
    (docs / "dossier.schema.json").write_text(json_schema(), encoding="utf-8")
    print(f"wrote {docs / 'dossier.md'} and {docs / 'dossier.schema.json'}")


if __name__ == "__main__":
    main()
