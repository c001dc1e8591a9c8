"""``ddtapp render``: golden drafts for every document of every example, gaps, escaping, the sandbox,
force templates, safe writes, --stdout, --to docx.

Golden files live in tests/golden/render/<example>/<document>.md. After an intended change to a template
or to the examples, regenerate them and review the diff:

    UPDATE_GOLDEN=1 /work/venv/bin/python -m pytest tests/test_render.py -q
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ddtapp.checker.engine import check_file
from ddtapp.documents import output as render_output
from ddtapp.documents.output import MANIFEST, write_drafts
from ddtapp.documents.render import (
    BUILTIN_ORDER,
    CheckedDossier,
    available_documents,
    make_environment,
    render_document,
)
from ddtapp.errors import InputError
from ddtapp.output.markdown_text import code, heading, inline, paragraphs
from tests.conftest import EXAMPLES, ROOT, TODAY
from tests.helpers import run

GOLDEN = ROOT / "tests" / "golden" / "render"
EXAMPLE_NAMES = ("live-facial-recognition", "risk-scoring-engage", "demand-dashboard")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
#: The only lint rule switched off: MD013 (line length). A draft's lines are paragraphs and table rows of
#: dossier text; GFM table rows cannot be wrapped, and wrapping prose would only move the line breaks.
LINT_DISABLED = ("md013",)
GAP_MARK = re.compile(r"\*\*GAP:\*\*")


def checked(pack, name: str, text: str | None = None, tmp_path: Path | None = None) -> CheckedDossier:
    if text is None:
        result = check_file(EXAMPLES / f"{name}.yaml", pack, TODAY, display=f"examples/{name}.yaml")
    else:
        assert tmp_path is not None
        p = tmp_path / f"{name}.yaml"
        p.write_text(text, encoding="utf-8")
        result = check_file(p, pack, TODAY, display=f"{name}.yaml")
    return CheckedDossier(result, pack, TODAY)


@pytest.fixture(scope="module")
def rendered(pack) -> dict[tuple[str, str], object]:
    env = make_environment()
    sources = available_documents()
    out = {}
    for name in EXAMPLE_NAMES:
        job = checked(pack, name)
        for doc in sources:
            out[(name, doc)] = render_document(env, sources[doc], job)
    return out


def lint(text: str) -> list[str]:
    from pymarkdown.api import PyMarkdownApi

    api = PyMarkdownApi()
    for rule in LINT_DISABLED:
        api.disable_rule_by_identifier(rule)
    result = api.scan_string(text)
    return [
        f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description} {f.extra_error_information or ''}"
        for f in result.scan_failures
    ]


def html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


# ----------------------------------------------------------------------------- golden files


def test_every_builtin_document_has_a_template():
    assert tuple(available_documents()) == BUILTIN_ORDER


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("doc", BUILTIN_ORDER)
def test_golden(rendered, name, doc):
    text = rendered[(name, doc)].text
    golden = GOLDEN / name / f"{doc}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name}/{doc}.md differs from its golden file; if the change is intended, run "
        "UPDATE_GOLDEN=1 python -m pytest tests/test_render.py and review the diff"
    )


def test_no_stale_golden_files():
    found = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    expected = {f"{n}/{d}.md" for n in EXAMPLE_NAMES for d in BUILTIN_ORDER}
    assert found == expected


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("doc", BUILTIN_ORDER)
def test_drafts_pass_markdown_lint(rendered, name, doc):
    assert lint(rendered[(name, doc)].text) == []


def test_cli_output_matches_golden_files_and_is_byte_identical(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    for run_dir in ("a", "b"):
        code_, out, err = run(
            ["render", "examples/risk-scoring-engage.yaml", "--out", str(tmp_path / run_dir), "--today", "2026-11-21"],
            capsys,
        )
        assert code_ == 0, err
        assert err == ""
        assert out.count("wrote") == len(BUILTIN_ORDER)
    for doc in BUILTIN_ORDER:
        a = (tmp_path / "a" / f"{doc}.md").read_bytes()
        assert a == (tmp_path / "b" / f"{doc}.md").read_bytes()
        assert a == (GOLDEN / "risk-scoring-engage" / f"{doc}.md").read_bytes()
    assert (tmp_path / "a" / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()


# ----------------------------------------------------------------------------- gaps


ANNEX = "## Annex: gaps in this draft"


def _gap_table(text: str) -> list[list[str]]:
    section = text.split(ANNEX, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| #", "| --"))]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("doc", BUILTIN_ORDER)
def test_every_placeholder_is_in_the_gaps_summary(rendered, name, doc):
    r = rendered[(name, doc)]
    text = r.text
    if doc == "foi-answer":  # sent to the requester: no annex, no dossier path, no GAP (the notes have them)
        assert ANNEX not in text and "`" not in text and "GAP" not in text and not r.gaps
        return
    # reader first: the document opens with its content, and the list of gaps is the last section
    assert text.count(ANNEX) == 1 and "\n## " not in text.split(ANNEX, 1)[1]
    body = text.split(ANNEX, 1)[0]
    # no dossier path or dossier file outside the annex
    for g in r.gaps:
        if g.path:
            assert f"`{g.path}`" not in body
    assert ".yaml" not in body
    markers = {g.marker for g in r.gaps}
    # every GAP in the body is one of the recorded gaps, and every recorded gap is in the body
    assert len(GAP_MARK.findall(body)) >= len(r.gaps)
    for g in r.gaps:
        assert g.marker in body
    stripped = body
    for m in sorted(markers, key=len, reverse=True):
        stripped = stripped.replace(m, "")
    assert "GAP:" not in stripped
    rows = _gap_table(text)
    assert len(rows) == len(r.gaps)
    for row, g in zip(rows, r.gaps, strict=True):
        if g.path:
            assert row[3] == f"`{g.path}`"
        assert row[4] == (", ".join(g.rules) if g.rules else ("no rule" if g.path else "complete by hand"))
    if r.gaps:
        assert f"This draft has {len(r.gaps)} gap" in text
    else:
        assert "None: the dossier records everything this draft uses." in text


def test_missing_dpia_contents_name_the_field_and_the_rule(rendered):
    text = rendered[("risk-scoring-engage", "dpia")].text
    assert (
        "| (c) | The measures envisaged to address those risks | **GAP:** "
        "(c) The measures envisaged to address those risks (DPIA-007) |" in text
    )
    assert "| (d) |" in text and "demonstrate compliance (DPIA-008)" in text
    assert "Reasons: **GAP:** reasons, required if the advice was overruled (SIGN-002)" in text
    # R2 in the risk register has no measures: the step 6 row shows four gaps, each naming RREG-002
    assert "| R2 | **GAP:** options to reduce or eliminate it (RREG-002) |" in text
    rows = {row[3]: row for row in _gap_table(text)}
    assert rows["`engage.legal_framework.dpia.s64.measures`"][1] == "Part 3 DPA 2018: what section 64(3) requires"
    assert rows["`engage.legal_framework.dpia.s64.measures`"][2] == "(c) The measures envisaged to address those risks."


def test_passing_example_dpia_has_only_the_gaps_the_dossier_format_cannot_hold(rendered):
    r = rendered[("live-facial-recognition", "dpia")]
    assert [g.path for g in r.gaps] == []  # approval dates, minimisation and transfers are all recorded
    for heading_ in (
        "## Part 3 DPA 2018: what section 64(3) requires",
        "## Step 1: Identify the need for a DPIA",
        "## Step 2: Describe the processing",
        "## Step 3: Consultation process",
        "## Step 4: Assess necessity and proportionality",
        "## Step 5: Identify and assess risks",
        "## Step 6: Identify measures to reduce risk",
        "## Step 7: Sign off and record outcomes",
    ):
        assert heading_ in r.text
    assert "| R4 | Watchlist images retained or misused beyond the deployment. | remote | significant | low |" in r.text
    assert "| Residual risks approved by | ACC Daniel Okafor (senior leader) |" in r.text
    # the document control table: the sign-off names, and the DPIA document's approval and its date
    assert "DPO advice accepted: ACC Daniel Okafor; DPIA approved, dated 1 August 2025 |" in r.text
    assert "| Measures approved by | ACC Daniel Okafor (senior leader) | 1 August 2025 |" in r.text


def test_stage_gate_report_lists_every_open_finding_of_the_stage(pack, rendered):
    job = checked(pack, "risk-scoring-engage")
    text = rendered[("risk-scoring-engage", "stage-gate-report")].text
    assert text.startswith("# Engage stage gate report: Custody Reoffending Risk Score\n")
    # the decision maker reads the decision asked first, then what is ready, then what is missing
    order = [text.index(h) for h in ("## The decision asked", "## What is ready", "## What is missing")]
    assert order == sorted(order)
    assert (
        "- **Legal framework**: Does the proposed DDT comply with current legislation and regulators' guidance? "
        "Recorded: **GAP:** the gate decision for this section (GATE-001)" in text
    )
    assert "- **Prioritisation**: " in text
    assert "Recorded: proceed, ACC Fiona Grant (senior leader), 1 April 2026." in text
    # what blocks the gate (errors) is in the body, by section; with 26 open findings, the rest is in an annex
    missing, annex = text.split("## What is missing", 1)[1].split("## Annex: what should also be resolved", 1)
    for section in ("Stakeholder engagement and environmental scanning", "Legal framework"):
        assert f"\n### {section}\n" in missing and f"\n### Should also resolve: {section}\n" in annex
    assert "Ethical context\n" not in missing and "\n### Should also resolve: Ethical context\n" in annex
    open_ = [f for f in job.result.findings if f.status == "open"]
    assert len(open_) == 26
    for f in open_:
        assert f"({f.rule_id})" in (missing if f.severity == "error" else annex)
        assert f"`{f.path}`" not in text.split("## Annex: gaps", 1)[0]
    assert all("**Must resolve:**" in line for line in missing.splitlines() if line.startswith("- "))
    assert "**Must resolve:** The DPIA lacks the measures envisaged" in missing
    flat = " ".join(text.split())
    assert "13 errors open at this stage, which must be resolved before the gate, and 13 warnings" in flat
    assert (
        "13 further findings do not block the gate (Stakeholder engagement and environmental scanning 6, "
        "Legal framework 6, Ethical context 1)" in missing
    )
    assert "- Legal framework: CRRS DPIA v0.3 (draft, dated 20 October 2026)" in text
    assert (
        "Communications (1); Design stage (11); Legal framework (2); National landscape (1); Transparency (5)." in text
    )
    assert "line " not in text and ".yaml" not in text


def test_stage_gate_report_lists_a_few_findings_in_full_in_the_body(pack):
    """With twelve open findings or fewer, the warnings are in the body too, and there is no annex of them."""
    job = checked(pack, "lfr-resumed-after-update")
    text = render_document(make_environment(), available_documents()["stage-gate-report"], job).text
    open_ = [f for f in job.result.findings if f.status == "open"]
    assert 0 < len(open_) <= 12 and {f.severity for f in open_} == {"error", "warning"}
    missing = text.split("## What is missing", 1)[1].split("## Annex", 1)[0]
    for f in open_:
        prefix = "**Must resolve:**" if f.severity == "error" else "Should resolve:"
        assert f"- {prefix} {pack.sections[f.section].name}: " in missing and f"({f.rule_id})" in missing
    assert "## Annex: what should also be resolved" not in text and "further finding" not in text


def test_proportionality_minimal_tool_is_not_asked_for_assessments(rendered):
    eia = rendered[("demand-dashboard", "equality-impact-assessment")].text
    assert "**Proportionality.** At this tool's impact tier (minimal)" in eia
    assert "**Proportionality.**" not in rendered[("risk-scoring-engage", "equality-impact-assessment")].text
    gate = rendered[("demand-dashboard", "stage-gate-report")].text
    assert "**Ready to decide.**" in gate
    assert "(DOC-001)" not in gate


def test_foi_answer_uses_the_foi_module(pack, rendered):
    from ddtapp.force.foi import QUESTIONS, answer_tool

    for name in EXAMPLE_NAMES:
        text = rendered[(name, "foi-answer")].text
        notes = rendered[(name, "foi-officer-notes")]
        answers = answer_tool(checked(pack, name).result, pack)
        for q, a in zip(QUESTIONS, answers.answers, strict=True):
            assert f"\n## {q.number}. {q.title}\n" in text
            if not a.applies:
                assert f"Not asked of this tool: {a.why_not}" in text
            for g in a.gaps:  # each gap is in the officer's notes, its dossier field in their annex
                assert f"`{g.path}`" in notes.text.split("## Annex: gaps", 1)[1]
                assert f"`{g.path}`" not in text
        for _title, where in answers.locations:
            assert where not in text or where == "not recorded"
    risk = rendered[("risk-scoring-engage", "foi-answer")].text
    assert "Development began: 1 September 2026" in risk
    assert "Not asked of this tool: Asked only of tools currently or formerly in operational use" in risk


# ----------------------------------------------------------------------------- dossier text is data

HOSTILE = """schema_version: 1
stage: engage
tool:
  name: "Tool | with # pipes *and* _marks_"
  force: "<script>alert(1)</script> Constabulary"
  owner: {name: "[Click](javascript:alert(1))", role: project_lead}
  maturity: in_development
  problem: "| a | b |\\n|---|---|\\n| c | d |"
  purpose: "# Not a heading\\n- not a list\\n1. not a list\\n---\\n> not a quote\\n```\\nnot code\\n```"
  description: "Line one\\n\\n    indented code?\\n\\n&copy; &amp; `code` \\\\ back\\\\slash ~~strike~~ $x$ ![img](http://x/y.png)"
  technology_types: [individual_risk_scoring]
  data_inputs:
    - {name: "A | B", source: internal_police, personal_data: true, update: manual, frequency: "<b>daily</b>"}
processing:
  regime: law_enforcement
  personal_data: true
risk_register:
  - {id: "R|1", description: "x | y", likelihood: possible, severity: severe, overall: high, measures: "- m\\n- n"}
"""


def test_markdown_in_dossier_text_cannot_break_tables_headings_or_make_html(pack, tmp_path):
    job = checked(pack, "hostile", HOSTILE, tmp_path)
    env = make_environment()
    for doc, source in available_documents().items():
        text = render_document(env, source, job).text
        assert lint(text) == [], doc
        out = html(text)
        assert "<script" not in out and "<b>" not in out and "<img" not in out and '<a href="javascript' not in out
        assert "<code>not code" not in out and "<pre>" not in out and "<blockquote>\n<p>not a quote" not in out
        assert out.count("<h1>") == 1
        assert "&amp;copy;" in out or "&copy;" not in text  # the entity stays text
        for table in re.findall(r"<table>.*?</table>", out, flags=re.S):
            head = re.search(r"<thead>\s*<tr>(.*?)</tr>", table, flags=re.S).group(1)
            width = head.count("<th")
            for row in re.findall(r"<tbody>.*?</tbody>", table, flags=re.S):
                for tr in re.findall(r"<tr>(.*?)</tr>", row, flags=re.S):
                    assert tr.count("<td") == width, (doc, tr)
    dpia = render_document(env, available_documents()["dpia"], job).text
    assert dpia.startswith("# Data protection impact assessment: Tool \\| with \\# pipes \\*and\\* \\_marks\\_\n")
    assert "| Tool | Tool \\| with \\# pipes \\*and\\* \\_marks\\_ |" in dpia
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Constabulary" in html(dpia)


def test_inline_escaping():
    assert inline("a|b") == "a\\|b"
    assert inline("# x") == "\\# x"
    assert inline("- x") == "\\- x"
    assert inline("+ x") == "\\+ x"
    assert inline("12. x") == "12\\. x"
    assert inline("2026-10-20 meeting") == "2026-10-20 meeting"
    assert inline("line\nnext\n\n  more") == "line next more"
    assert inline("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert inline("[a](b)") == "\\[a\\](b)"
    assert inline("`x` *y* _z_ ~w~ $m$ &amp; \\") == "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~ \\$m\\$ \\&amp; \\\\"
    assert inline("see https://x.example/a_b. Then") == "see <https://x.example/a_b>. Then"
    assert inline("mail dpo@force.example.") == "mail <dpo@force.example>."
    assert inline("bell\x07 nul\x00") == "bell nul"
    assert heading("Title.") == "Title" and heading("A # b!") == "A \\# b"
    assert paragraphs("one\ntwo\n\n\nthree |") == "one two\n\nthree \\|"
    assert code("a`b") == "``a`b``" and code("x|y") == "`x\\|y`"


# ----------------------------------------------------------------------------- templates: strict, sandboxed


def force_templates(tmp_path: Path, files: dict[str, str]) -> Path:
    d = tmp_path / "force-templates"
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "template, line, words",
    [
        ("# T\n\n{{ d.tool.nmae }}\n", 3, "the dossier has no field 'tool.nmae'"),
        ("# T\n{{ tool_nmae }}\n", 2, "'tool_nmae' is undefined"),
        ("# T\n\n\n{% if d.tool.name %}\nx\n", 5, "template syntax error"),
        ("# T\n{{ d.tool.name.first }}\n", 2, "tool.name is a single value; it has no field 'first'"),
        ("# T\n{% for x in d.tool.name %}{% endfor %}\n", 2, "tool.name is not a list"),
        ("# T\n{{ d.tool }}\n", 2, "tool is a group of fields"),
    ],
)
def test_a_broken_template_is_an_input_error_naming_file_and_line(tmp_path, capsys, template, line, words):
    templates = force_templates(tmp_path, {"dpia.md.j2": template})
    code_, out, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--doc",
            "dpia",
            "--stdout",
            "--templates",
            str(templates),
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code_ == 2
    assert out == ""
    assert f"{templates / 'dpia.md.j2'}:{line}:1: " in err
    assert words in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "payload",
    [
        "{{ d.__class__ }}",
        "{{ d._draft }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ gap.__self__ }}",
        "{{ documents_of.__globals__ }}",
        "{% set x = [] %}{{ x.append(1) }}",
    ],
)
def test_templates_run_sandboxed(tmp_path, capsys, payload):
    templates = force_templates(tmp_path, {"dpia.md.j2": "# T\n" + payload + "\n"})
    code_, out, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--doc",
            "dpia",
            "--stdout",
            "--templates",
            str(templates),
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code_ == 2, out
    assert "dpia.md.j2:2:1: template error: access to attribute" in err
    assert "is unsafe (templates run sandboxed: they read data, they cannot run code)" in err
    assert "Traceback" not in err


def test_templates_cannot_read_files_through_links(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET\n")
    templates = force_templates(tmp_path, {"leak.md.j2": '# X\n{% include "_leak.md.j2" %}\n'})
    (templates / "_leak.md.j2").symlink_to(secret)
    code_, out, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--doc",
            "leak",
            "--stdout",
            "--templates",
            str(templates),
        ],
        capsys,
    )
    assert code_ == 2 and "SECRET" not in out + err
    assert "_leak.md.j2:1:1: is a symbolic link to a file outside the template folder" in err


def test_force_templates_override_and_add_documents(tmp_path, capsys):
    templates = force_templates(
        tmp_path,
        {
            "dpia.md.j2": "# Force DPIA: {{ tool_name | heading }}\n\n{{ gaps_summary() }}\n\n"
            "Purpose: {{ d.tool.purpose }}\n"
            "Contact: {{ d.tool.contact }}\n",
            "board-summary.md.j2": "{% set title = 'Board summary' %}{% set completed_by = 'the board clerk' %}"
            "{% include 'builtin/_header.md.j2' %}Tier: {{ assessment.tier }}\n",
            "_partial.md.j2": "not a document",
        },
    )
    out_dir = tmp_path / "out"
    code_, _out, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--out",
            str(out_dir),
            "--templates",
            str(templates),
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code_ == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == sorted([MANIFEST, *(f"{d}.md" for d in BUILTIN_ORDER), "board-summary.md"])
    dpia = (out_dir / "dpia.md").read_text()
    assert dpia.startswith("# Force DPIA: Custody Reoffending Risk Score\n\n")
    annex = dpia.split("## Annex: gaps in this draft\n", 1)[1]  # a force's template gets the annex at the end too
    assert (
        "| 1 | Force DPIA: Custody Reoffending Risk Score | Public contact" in annex and "| `tool.contact` |" in annex
    )
    board = (out_dir / "board-summary.md").read_text()
    assert board.startswith("# Board summary: Custody Reoffending Risk Score\n") and "Tier: high" in board
    assert lint(dpia) == [] and lint(board) == []
    # a built-in document not overridden is unchanged
    assert (out_dir / "equality-impact-assessment.md").read_bytes() == (
        GOLDEN / "risk-scoring-engage" / "equality-impact-assessment.md"
    ).read_bytes().replace(
        b"`examples/risk-scoring-engage.yaml`", f"`{EXAMPLES / 'risk-scoring-engage.yaml'}`".encode()
    )


def test_fields_work_with_jinja_filters_and_tests(tmp_path, capsys):
    template = "\n".join(
        [
            "# Fields",
            "",
            "- upper: {{ d.tool.name | upper }}",
            "- length: {{ d.tool.data_inputs | length }}",
            "- first: {{ (d.tool.data_inputs | first).name }}",
            "- selectattr: {{ d.risk_register | selectattr('approved') | map(attribute='id') | join(', ') }}",
            "- sort: {{ d.tool.data_inputs | sort(attribute='name') | map(attribute='name') | join('; ') }}",
            "- in: {{ 14 in d.engage.legal_framework.human_rights.articles_engaged }}",
            "- equals: {{ d.processing.regime == 'law_enforcement' }}",
            "- missing test: {{ d.tool.contact is missing }}",
            "- missing printed: {{ d.tool.contact }}",
            "- missing through a string filter: {{ d.tool.website | lower }}",
            "- optional: {{ d.tool.website | optional('none published') }}",
            "- label: {{ d.processing.regime | label }}; {{ 'very_high' | label }}",
            "- path: {{ d.risk_register[1].measures | path }}",
            "",
        ]
    )
    templates = force_templates(tmp_path, {"fields.md.j2": template})
    code_, out, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--doc",
            "fields",
            "--stdout",
            "--templates",
            str(templates),
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code_ == 0, err
    assert "- upper: CUSTODY REOFFENDING RISK SCORE\n" in out
    assert "- length: 3\n" in out
    assert "- first: Custody records\n" in out
    assert "- selectattr: R1\n" in out
    assert "- sort: Custody records; Local authority children's services flags; Police National Computer" in out
    assert "- in: Yes\n- equals: Yes\n- missing test: Yes\n" in out  # a boolean prints as Yes or No
    assert "- missing printed: **GAP:** public contact for questions about the tool" in out
    assert "- missing through a string filter: gap: public web page about the tool\n" in out
    assert "- optional: none published\n" in out
    assert "- label: law enforcement (Part 3 DPA 2018); very high\n" in out
    assert "- path: `risk_register[1].measures`\n" in out
    annex = out.split("## Annex: gaps in this draft")[1]
    assert "| 1 | Fields | Public contact" in annex and "`tool.contact`" in annex and "`tool.website`" in annex


def test_a_template_whose_name_cannot_be_a_file_name_is_refused(tmp_path, capsys):
    templates = force_templates(tmp_path, {"Board Summary.md.j2": "# x\n"})
    code_, _, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--out",
            str(tmp_path / "o"),
            "--templates",
            str(templates),
        ],
        capsys,
    )
    assert code_ == 2
    assert "'Board Summary' cannot be a document name" in err
    assert not (tmp_path / "o").exists()


def test_a_broken_template_writes_nothing(tmp_path, capsys):
    templates = force_templates(tmp_path, {"foi-answer.md.j2": "# x\n{{ nope }}\n"})
    out_dir = tmp_path / "o"
    code_, _, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--out",
            str(out_dir),
            "--templates",
            str(templates),
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code_ == 2 and "foi-answer.md.j2:2:1" in err
    assert not out_dir.exists()


# ----------------------------------------------------------------------------- safe writes


def test_a_hand_edited_draft_is_not_overwritten_without_force(tmp_path, capsys):
    out_dir = tmp_path / "drafts"
    args = ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(out_dir), "--today", "2026-11-21"]
    assert run(args, capsys)[0] == 0
    manifest = json.loads((out_dir / MANIFEST).read_text())
    assert set(manifest["files"]) == {f"{d}.md" for d in BUILTIN_ORDER}
    # a second run with nothing changed rewrites nothing
    code_, out, _ = run(args, capsys)
    assert code_ == 0 and out.count("unchanged") == len(BUILTIN_ORDER)
    dpia = out_dir / "dpia.md"
    edited = dpia.read_text() + "\nThe DPO's notes.\n"
    dpia.write_text(edited)
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    code_, out, err = run([*args, "--today", "2026-11-22"], capsys)
    assert code_ == 2
    assert f"{dpia}: not overwritten: it has been edited since ddtapp wrote it" in err
    assert "--force" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before  # nothing written, not even the others
    code_, out, err = run([*args, "--force"], capsys)
    assert code_ == 0, err
    assert "The DPO's notes." not in dpia.read_text()
    assert json.loads((out_dir / MANIFEST).read_text())["files"]["dpia.md"] == render_output.sha256(dpia.read_bytes())


def test_a_file_ddtapp_did_not_write_is_not_overwritten(tmp_path, capsys):
    out_dir = tmp_path / "drafts"
    out_dir.mkdir()
    (out_dir / "dpia.md").write_text("The force's own DPIA.\n")
    code_, _, err = run(
        ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(out_dir), "--doc", "dpia"], capsys
    )
    assert code_ == 2
    assert "not overwritten: ddtapp did not write it (it is not in .ddtapp-render.json)" in err
    assert (out_dir / "dpia.md").read_text() == "The force's own DPIA.\n"
    assert not (out_dir / MANIFEST).exists()


def test_an_interrupted_write_is_not_mistaken_for_a_hand_edit(tmp_path, monkeypatch):
    out_dir = tmp_path / "o"
    write_drafts(out_dir, {"a.md": b"one\n", "b.md": b"one\n"}, force=False)
    real = render_output.write_atomic_bytes
    calls = []

    def fail_second(path, data):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(render_output, "write_atomic_bytes", fail_second)
    with pytest.raises(InputError, match="No space left on device"):
        write_drafts(out_dir, {"a.md": b"two\n", "b.md": b"two\n"}, force=False)
    assert (out_dir / "a.md").read_bytes() == b"two\n" and (out_dir / "b.md").read_bytes() == b"one\n"
    assert not list(out_dir.glob(".*.tmp"))  # no temporary file left behind
    monkeypatch.setattr(render_output, "write_atomic_bytes", real)
    written = write_drafts(out_dir, {"a.md": b"two\n", "b.md": b"two\n"}, force=False)
    assert [w.changed for w in written] == [False, True]
    files = json.loads((out_dir / MANIFEST).read_text())["files"]
    assert files == {"a.md": render_output.sha256(b"two\n"), "b.md": render_output.sha256(b"two\n")}


@pytest.mark.parametrize("name", ["../evil.md", "sub/dir.md", ".ddtapp-render.json", "..", ""])
def test_output_stays_inside_out(tmp_path, name):
    with pytest.raises(InputError, match="cannot be written"):
        write_drafts(tmp_path / "o", {name: b"x"}, force=True)
    assert not (tmp_path / "evil.md").exists()


def test_unknown_document_and_traversal_names_are_refused(tmp_path, capsys):
    code_, _, err = run(
        [
            "render",
            str(EXAMPLES / "risk-scoring-engage.yaml"),
            "--out",
            str(tmp_path / "o"),
            "--doc",
            "../../etc/passwd",
        ],
        capsys,
    )
    assert code_ == 2
    assert "no document called '../../etc/passwd'. Documents: dpia, stage-gate-report" in err
    assert not (tmp_path / "o").exists()


def test_out_must_be_a_folder(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    code_, _, err = run(["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(tmp_path / "f")], capsys)
    assert code_ == 2 and "--out must be a folder" in err


def test_bad_dossier_is_an_input_error_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntool:\n  name: [unclosed\n")
    code_, _, err = run(["render", str(bad), "--out", str(tmp_path / "o")], capsys)
    assert code_ == 2
    assert f"{bad}:" in err and "YAML syntax error" in err
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------------------- --stdout


def test_stdout_prints_exactly_one_document(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code_, out, err = run(
        ["render", "examples/live-facial-recognition.yaml", "--doc", "dpia", "--stdout", "--today", "2026-11-21"],
        capsys,
    )
    assert code_ == 0, err
    assert out == (GOLDEN / "live-facial-recognition" / "dpia.md").read_text()
    for argv, words in (
        (["--stdout"], "exactly one --doc"),
        (["--stdout", "--doc", "dpia", "--doc", "foi-answer"], "exactly one --doc"),
        (["--stdout", "--doc", "dpia", "--to", "docx"], "--stdout prints Markdown"),
        ([], "--out DIR"),
        (["--out", str(tmp_path), "--to", "pdf"], "--to: 'pdf' is not one of md, docx"),
    ):
        code_, out, err = run(["render", "examples/live-facial-recognition.yaml", *argv], capsys)
        assert code_ == 2 and words in err and out == "", argv


def test_documents_of_finds_a_document_wherever_the_dossier_records_it(tmp_path, capsys):
    """``documents_of(type)`` is every document of that type the dossier records (docs/render.md): a
    section's ``documents`` list and a document kept in a field of its own alike, with the privacy policy's
    own document typed as ``check`` reads it when its type is not written."""
    text = (EXAMPLES / "risk-scoring-engage.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    dpia:\n      ico_harms_taxonomy: true\n",
        "    dpia:\n      ico_harms_taxonomy: true\n"
        "      privacy_impact_assessment:\n"
        "        {type: privacy_impact_assessment, title: Custody PIA 2016, status: approved}\n",
        1,
    )
    dossier = tmp_path / "d.yaml"
    dossier.write_text(text, encoding="utf-8")
    template = (
        "# T\n\n"
        "- pia: {% for x in documents_of('privacy_impact_assessment') %}{{ x.title }} at {{ x | path }}{% endfor %}\n"
        "- dpia: {% for x in documents_of('dpia') %}{{ x.title }}{% endfor %}\n"
    )
    templates = force_templates(tmp_path, {"docs.md.j2": template})
    argv = ["render", str(dossier), "--doc", "docs", "--stdout", "--templates", str(templates), "--today", TODAY]
    code_, out, err = run(argv, capsys)
    assert code_ == 0, err
    assert "- pia: Custody PIA 2016 at `engage.legal_framework.dpia.privacy_impact_assessment`" in out
    assert "- dpia: CRRS DPIA v0.3\n" in out


def test_assessments_fill_from_the_dossier_what_it_records(rendered):
    """The PSED's three aims, and an assessment's approval (status, date, who approved it and when), come from
    the dossier; who approved it is a gap where the dossier does not say, and only once it is approved."""
    eia = rendered[("live-facial-recognition", "equality-impact-assessment")]
    assert "- Advancing equality of opportunity: Alerts and stops are monitored by group" in eia.text
    assert "- Fostering good relations: Each deployment is explained beforehand" in eia.text
    assert (
        "| Draft for review | approved, dated 1 November 2024, approved by ACC Daniel Okafor on 1 November 2024 |"
        in eia.text
    )
    assert (
        "| equality impact assessment | approved | ACC Daniel Okafor (senior leader) | 1 November 2024 | "
        "31 January 2027 |" in eia.text
    )
    draft = rendered[("risk-scoring-engage", "equality-impact-assessment")]
    assert "| equality impact assessment | draft | not yet approved | not yet approved |" in draft.text
    assert "| Draft for review | none yet |" in draft.text
    assert not [g for g in draft.gaps if "approved" in g.path]
    paths = {g.path for g in draft.gaps}
    psed = "engage.legal_framework.psed."
    assert {psed + "equality_of_opportunity", psed + "good_relations"} <= paths
    for doc in ("human-rights-impact-assessment", "community-impact-assessment"):
        r = rendered[("live-facial-recognition", doc)]
        assert "| Draft for review | approved, dated 1 November 2024 |" in r.text
        assert "| approved | **GAP:** who approved this version (name and role) | **GAP:** when this version" in r.text
        assert sorted(g.path.rsplit(".", 1)[1] for g in r.gaps if "approved" in g.path) == [
            "approved_by",
            "approved_on",
        ]


def test_transparency_record_takes_each_model_s_task_and_predictors(rendered):
    risk = rendered[("risk-scoring-engage", "algorithmic-transparency-record")].text
    assert "| Model task | Scores the likelihood of a recordable charge within two years (low, medium, high). |" in risk
    predictors = "age, previous arrests, previous charges, current offence type, time since last offence"
    assert f"| Model input | {predictors} |" in risk
    lfr = rendered[("live-facial-recognition", "algorithmic-transparency-record")].text
    assert "| Model input | Live camera feed; Custody images for the watchlist |" in lfr  # no predictors: its inputs
