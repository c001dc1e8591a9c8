"""Generate ``docs/dossier.md`` from the dossier models: every field, its type, what it records and
the APP requirement behind it. Run ``python -m ddtapp.dossier.docgen`` after changing the models under
``ddtapp/dossier/``; a test fails while the committed file is out of date."""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ddtapp import HOMEPAGE
from ddtapp.dossier.models import SCHEMA_VERSION, Dossier

#: Where the published schema lives (its "$id"); `ddtapp schema` prints the same text.
SCHEMA_URL = (
    HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/docs/dossier.schema.json"
)

INTRO = f"""# The project dossier format (schema version {SCHEMA_VERSION})

A dossier is one YAML file describing one data-driven technology (DDT): what it is, the facts that
decide what the College of Policing APP asks of it, and the evidence for each APP stage section.
This page, and the JSON Schema `docs/dossier.schema.json`, are generated from the models in
`src/ddtapp/dossier/models.py` (`python -m ddtapp.dossier.docgen`).

How to read it:

- Every field is optional to the schema, except `schema_version`. What is *missing* depends on the
  project's stage and impact tier, and is reported by the rule pack (`ddtapp check`), not as a schema
  error. A key that is not listed here is a schema error, with a "did you mean …?" suggestion.
- Facts that are valid each alone but cannot all be true are errors too, each at its line with what to
  write (`ddtapp.dossier.consistency`): a pause resumed before it began, or still open when a later one
  began; a change or test naming a model not in `tool.models`; a result for a group without its
  characteristic (or the reverse); a rate written as a percentage (3 for 0.03); a minimum above its
  maximum; a metric `other` without its `metric_name`.
- A pause in `tool.pauses` that has begun, and not resumed, by the day checked makes the tool *paused*:
  reports, the register and the stage gate report say so, and what resuming needs is asked.
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
    if origin is dict:
        return f"map of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin is typing.Annotated:
        return _type_name(args[0]) if args[0] is not str else "dotted path"
    if origin is Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {"str": "text", "int": "whole number", "float": "number", "bool": "true/false", "date": "date"}.get(
        getattr(annotation, "__name__", str(annotation)), str(annotation)
    )


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
            parts.append(
                f"| `{name}`{required} | {_cell(_type_name(field.annotation))} | "
                f"{_cell(field.description or '')} | {refs} |\n"
            )
    return "".join(parts)


def json_schema() -> str:
    """The dossier's JSON Schema (draft 2020-12), for editors' YAML language servers."""
    import json

    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_URL
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


RULES_INTRO = """# Rules reference

Every rule of the built-in APP rule pack (`rules/app/*.yaml`): what it finds, how to fix it, and the
APP requirement behind it. Generated by `python -m ddtapp.dossier.docgen`; a test fails while this file is out of
date. `ddtapp explain RULE-ID` shows the same with a passing and a failing example, and `ddtapp rules`
lists the rules with the severities in force (a force can change a severity or disable a rule with
`--severity`, `--disable` or its configuration; the severities here are the pack's defaults). Messages
name the law as it stands now (UK GDPR, not GDPR); `ddtapp explain RULE-ID --today DATE` words them, and
names the law, as on another day.

Each rule's heading is its id, so `docs/rules.md#dpia-001` is the rule DPIA-001: the SARIF `helpUri`,
the Markdown summary, JUnit failures and GitHub annotations link here. A rule applies from its impact
tier up; a finding of a rule due at the stage after the project's current one is reported as "coming
up" and does not fail the run.
"""


def rules_markdown() -> str:
    """``docs/rules.md``: one heading per rule, its id, so that ``common.help_uri`` links resolve."""
    from ddtapp.pack.basis import describe, law_words
    from ddtapp.pack.records import phase_words
    from ddtapp.pack.rulepack import load_pack, why_app
    from ddtapp.reporters.common import INPUT_RULE_ID, INPUT_RULE_TITLE, every_section, md_escape, md_prose, rule_where

    pack = load_pack()
    order = pack.section_order
    groups: list[tuple[str, str, list[Any]]] = []
    for stage in pack.stages:
        rules = [r for r in pack.rules if r.section.stage == stage.id and not every_section(r)]
        rules.sort(key=lambda r: order.get(r.section.id, len(order)))
        groups.append((stage.name, stage.summary, rules))
    groups.append(
        (
            "Every stage section",
            "Gate decisions and stage documents, checked for each section of the "
            "APP stages that is due; each finding cites that section's own APP requirements.",
            [r for r in pack.rules if every_section(r)],
        )
    )
    parts = [RULES_INTRO]
    for name, summary, rules in groups:
        if not rules:
            continue
        parts.append(f"\n## {md_escape(name)}\n\n{md_prose(summary)}\n")
        for rule in rules:
            s = rule.spec
            due = s.due or rule.section.due
            facts = [
                f"- Applies to: {md_escape(rule_where(pack, rule))}",
                *([] if every_section(rule) else [f"- Due at: {md_escape(due.capitalize())}"]),
                f"- From impact tier: {md_escape(s.min_tier.replace('_', ' '))}",
                f"- While the tool is: {phase_words(rule.phases)}",
                f"- Kind: {s.kind.replace('_', ' ')}",
            ]
            parts.append(f"\n### {s.id}\n\n**{md_escape(s.title)}** ({s.severity})\n\n" + "\n".join(facts) + "\n")
            parts.append(f"\nWhat it finds: {md_prose(_placeholders(law_words(s.message, rule.law, LATEST)))}\n")
            parts.append(f"\nHow to fix: {md_prose(law_words(s.remediation, rule.law, LATEST))}\n")
            parts.append(
                f"\nAPP: {md_escape(', '.join(s.app_refs))} ({md_prose(s.app_section)})\n\n> {md_prose(s.quote)}\n"
                if s.app_refs
                else f"\nAPP: {md_prose(why_app(s))}\n"
            )
            if s.legislation:
                parts.append("\nLegislation: " + "; ".join(md_prose(x) for x in s.legislation) + "\n")
            parts.append("\nBasis:\n\n" + "".join(f"- {md_escape(line)}\n" for line in describe(rule.basis)))
    parts.append(f"""
## Input errors

Not a rule of the pack: how reports show a file that could not be checked.

### {INPUT_RULE_ID}

**{INPUT_RULE_TITLE}** (error; the run exits with code 2)

The file is not readable YAML, or breaks the dossier schema (see `docs/dossier.md`). The message says
what is wrong and where; ddtapp checks the other dossiers of the run. SARIF reports it as a result of
this rule, JUnit as an `<error>` of the test case `load and validate`, GitHub as an error annotation and
GitLab as a `blocker` issue.
""")
    return "".join(parts)


#: A day after every span of rules/law.yaml: the law's names as they stand now, whatever day docs are built.
LATEST = "9999-12-31"


def _placeholders(message: str) -> str:
    from ddtapp.reporters.common import template_text

    return template_text(message)


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    (docs / "dossier.md").write_text(render(), encoding="utf-8")
    (docs / "dossier.schema.json").write_text(json_schema(), encoding="utf-8")
    (docs / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    # the copy `check` reads for its fast structural look (ddtapp.dossier.structure); shipped in the wheel
    from ddtapp.dossier.structure import SCHEMA_FILE

    SCHEMA_FILE.write_text(json_schema(), encoding="utf-8")
    # where documents sit, in field order, for reading them without the models (ddtapp.dossier.document_sites)
    from ddtapp.dossier.document_sites import SITES_FILE, sites_table

    SITES_FILE.write_text(sites_table(), encoding="utf-8")
    print(
        f"wrote {docs / 'dossier.md'}, {docs / 'dossier.schema.json'}, {docs / 'rules.md'}, {SCHEMA_FILE} "
        f"and {SITES_FILE}"
    )


if __name__ == "__main__":
    main()
