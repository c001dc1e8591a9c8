"""The machine-format reporters (SARIF, JUnit, GitHub annotations, GitLab Code Quality, Markdown), built
from real checks of the examples and of a dossier full of hostile text, plus input problems.

Real validators wherever one exists: the official SARIF 2.1.0 schema (jsonschema, offline), an XML
parser, pymarkdown's linter and markdown-it's GFM table parser."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from markdown_it import MarkdownIt
from pymarkdown.api import PyMarkdownApi

from ddtapp import HOMEPAGE
from ddtapp.checker.engine import Result, check_file
from ddtapp.reporters import FORMATS, Report, get_reporter
from ddtapp.reporters import github as gh
from ddtapp.reporters import markdown as md
from ddtapp.reporters.common import clean, fingerprints
from tests.conftest import EXAMPLES, ROOT, TODAY, run_text
from tests.helpers import (
    EVIL_FILE,
    EVIL_VALUE,
    HOSTILE_PROBLEM,
    RISK,
    broken_problems,
    hostile_text,
    many,
    risk,
)

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def examples(pack) -> list[Result]:
    return [check_file(EXAMPLES / name, pack, TODAY, display=f"examples/{name}") for name in EXAMPLE_NAMES]


@pytest.fixture(scope="module")
def hostile(pack) -> Result:
    return run_text(pack, hostile_text(), name=EVIL_FILE)


def make_report(pack, results, problems=(), **kw) -> Report:
    return Report(results=list(results), problems=list(problems), pack=pack, today=TODAY.isoformat(), **kw)


def render(fmt: str, report: Report) -> str:
    out = io.StringIO()
    get_reporter(fmt)(report, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def full(pack, examples, hostile) -> Report:
    """Every example, the hostile dossier, a real YAML syntax error and a hostile input problem."""
    return make_report(pack, [*examples, hostile], [*broken_problems(), HOSTILE_PROBLEM])


# --- every format --------------------------------------------------------------------------------------


def test_formats_are_registered_text_and_json_first():
    assert FORMATS == ("text", "json", "sarif", "junit", "github", "gitlab", "markdown")
    for fmt in FORMATS:
        assert callable(get_reporter(fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(pack, fmt):
    """Two independent checks of the same input give byte-identical reports."""

    def once() -> str:
        results = [check_file(EXAMPLES / n, pack, TODAY, display=f"examples/{n}") for n in EXAMPLE_NAMES]
        results.append(run_text(pack, hostile_text(), name=EVIL_FILE))
        return render(
            fmt,
            make_report(
                pack, results, [*broken_problems(), HOSTILE_PROBLEM], destinations=(("text", "-"), (fmt, "out"))
            ),
        )

    first, second = once(), once()
    assert first == second
    assert first.endswith("\n")


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab", "markdown"])
def test_input_problems_appear_in_every_format(pack, fmt):
    report = make_report(pack, [], broken_problems())
    out = render(fmt, report)
    assert "broken.yaml" in out and "YAML syntax error" in out


# --- SARIF ---------------------------------------------------------------------------------------------


def sarif(report: Report) -> dict:
    return json.loads(render("sarif", report))


def assert_valid_sarif(doc: dict) -> None:
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_sarif_validates_against_the_official_schema(pack, full):
    assert_valid_sarif(sarif(full))
    assert_valid_sarif(sarif(make_report(pack, [])))  # an empty run too


def test_sarif_schema_check_can_fail(pack, full):
    """The validator really checks: a result without its required message is refused."""
    doc = sarif(full)
    del doc["runs"][0]["results"][0]["message"]
    with pytest.raises(AssertionError):
        assert_valid_sarif(doc)


def test_sarif_results_have_regions_rules_and_help(full, examples):
    run = sarif(full)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = sum(1 for r in full.results for f in r.findings if f.status != "waived")
    assert len(run["results"]) == findings + len(full.problems)
    for res in run["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] == region["startLine"] and region["endColumn"] > region["startColumn"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["ddtapp/v1"]
    assert [r["id"] for r in rules[:-1]] == sorted(r["id"] for r in rules[:-1])
    assert rules[-1]["id"] == "DDTAPP-INPUT"
    for rule in rules:
        assert rule["helpUri"] == f"{HOMEPAGE}/blob/main/docs/rules.md#{rule['id'].lower()}"
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
    dpia = next(r for r in rules if r["id"] == "DPIA-001")
    assert "ENG-LEGAL-16" in dpia["help"]["markdown"] and "How to fix" in dpia["help"]["markdown"]
    assert dpia["properties"]["appRefs"] == ["ENG-LEGAL-16"] and "engage" in dpia["properties"]["tags"]


def test_sarif_statuses_levels_and_suppressions(full):
    assert "waived" not in {r["properties"]["status"] for r in sarif(full)["runs"][0]["results"]}
    run = sarif(dataclasses.replace(full, show_waived=True))["runs"][0]
    by_status: dict[str, list[dict]] = {}
    for res in run["results"]:
        by_status.setdefault(res["properties"]["status"], []).append(res)
    assert {r["level"] for r in by_status["coming_up"]} == {"note"}
    assert {r["properties"]["dueAt"] for r in by_status["coming_up"]} == {"Evolve"}
    (waived,) = by_status["waived"]
    assert waived["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": clean(EVIL_VALUE)}]
    assert all("suppressions" not in r for r in by_status["open"])
    problems = by_status["input_error"]
    assert [p["ruleId"] for p in problems] == ["DDTAPP-INPUT"] * 2 and {p["level"] for p in problems} == {"error"}
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_uris_are_relative_with_forward_slashes(pack, hostile):
    result = dataclasses.replace(hostile, file=".\\dossiers\\sub\\d.yaml")
    result = dataclasses.replace(
        result, findings=tuple(dataclasses.replace(f, file=result.file) for f in result.findings)
    )
    run = sarif(make_report(pack, [result]))["runs"][0]
    loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "dossiers/sub/d.yaml", "uriBaseId": "%SRCROOT%", "index": 0}
    hostile_uri = sarif(make_report(pack, [hostile]))["runs"][0]["artifacts"][0]["location"]["uri"]
    assert hostile_uri == "dossiers/we%7Crd%20%60n%60%2C%20a%3Ab%20%2525%20%3Cx%3E.yaml"


def fps(doc: dict) -> dict[tuple[str, str, str], list[str]]:
    out: dict[tuple[str, str, str], list[str]] = {}
    for res in doc["runs"][0]["results"]:
        key = (res["ruleId"], res["properties"].get("dossierPath", ""), res["message"]["text"])
        out.setdefault(key, []).append(res["partialFingerprints"]["ddtapp/v1"])
    return out


def lines(doc: dict) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in doc["runs"][0]["results"]]


def test_fingerprints_survive_lines_moving(pack):
    text = (EXAMPLES / RISK).read_text(encoding="utf-8")
    before = run_text(pack, text, name=f"examples/{RISK}")
    after = run_text(pack, "# a new comment\n\n#\n" + text, name=f"examples/{RISK}")
    a, b = sarif(make_report(pack, [before])), sarif(make_report(pack, [after]))
    assert fps(a) == fps(b)
    # every finding moved down 3 lines, except those at the top of the file (a path with no existing parent)
    assert [x + 3 if x > 1 else 1 for x in lines(a)] == lines(b) != lines(a)
    ga = {i["fingerprint"] for i in json.loads(render("gitlab", make_report(pack, [before])))}
    gb = {i["fingerprint"] for i in json.loads(render("gitlab", make_report(pack, [after])))}
    assert ga == gb


def test_fingerprints_depend_on_file_path_and_rule(pack):
    text = (EXAMPLES / RISK).read_text(encoding="utf-8")
    a = fps(sarif(make_report(pack, [run_text(pack, text, name="a.yaml")])))
    b = fps(sarif(make_report(pack, [run_text(pack, text, name="b.yaml")])))
    assert a.keys() == b.keys() and not {f for v in a.values() for f in v} & {f for v in b.values() for f in v}
    # "./a.yaml" is the same file as "a.yaml"
    c = fps(sarif(make_report(pack, [run_text(pack, text, name="./a.yaml")])))
    assert a == c


def test_two_findings_of_one_rule_at_one_path_get_distinct_fingerprints(examples, pack):
    doc = sarif(make_report(pack, [risk(examples)]))
    docs = [
        r
        for r in doc["runs"][0]["results"]
        if r["ruleId"] == "DOC-001" and r["properties"]["dossierPath"] == "engage.stakeholder_engagement.documents"
    ]
    assert len(docs) == 2
    assert docs[0]["partialFingerprints"] != docs[1]["partialFingerprints"]
    all_fps = [r["partialFingerprints"]["ddtapp/v1"] for r in doc["runs"][0]["results"]]
    assert len(all_fps) == len(set(all_fps))


def test_fingerprint_tiebreaks():
    keys = [("f", "p", "R"), ("f", "p", "R"), ("f", "p", "R"), ("f", "q", "R")]
    out = fingerprints(keys, ["m1", "m2", "m2", "m3"])
    assert len(set(out)) == 4
    # a unique key's fingerprint does not depend on its message
    assert fingerprints([("f", "q", "R")], ["other"])[0] == out[3]


# --- GitLab --------------------------------------------------------------------------------------------

CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality(full):
    issues = json.loads(render("gitlab", full))
    jsonschema.validate(issues, CODE_QUALITY)
    fp = [i["fingerprint"] for i in issues]
    assert len(fp) == len(set(fp))
    open_or_coming = sum(1 for r in full.results for f in r.findings if f.status != "waived")
    assert len(issues) == open_or_coming + len(full.problems)
    sev = {}
    for i in issues:
        sev.setdefault(i["severity"], set()).add(i["check_name"])
    assert sev["blocker"] == {"DDTAPP-INPUT"}
    assert "WG-013" in sev["critical"] and "GATE-001" in sev["major"] and "TRANS-002" in sev["info"]
    assert "SCOPE-003" not in {i["check_name"] for i in issues}  # waived
    wg = next(i for i in issues if i["check_name"] == "WG-013")
    assert wg["location"] == {"path": f"examples/{RISK}", "lines": {"begin": 199}}
    hostile = [i for i in issues if i["location"]["path"] == EVIL_FILE]
    assert {i["check_name"] for i in hostile} == {"SCOPE-002", "DDTAPP-INPUT"}


# --- GitHub --------------------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::([^\r\n]*)$")


def unescape(value: str) -> str:
    return value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    *cmds, summary = out.rstrip("\n").split("\n")
    assert summary.startswith("ddtapp: ") and "::" not in summary
    parsed = []
    for line in cmds:
        m = COMMAND.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        parsed.append((m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))))
    return parsed


def test_github_annotations_escape_hostile_text(pack, hostile):
    report = make_report(pack, [hostile], [HOSTILE_PROBLEM], show_waived=True)
    cmds = commands(render("github", report))
    # the problem, SCOPE-002 (a warning: it rests on practice); the waived SCOPE-003 is left out
    assert [c[0] for c in cmds] == ["error", "warning"]
    problem, finding = cmds
    assert problem[1]["file"] == finding[1]["file"] == EVIL_FILE
    assert problem[1]["line"] == "4" and problem[1]["col"] == "2"
    assert problem[2].startswith(clean(HOSTILE_PROBLEM.message))
    assert finding[1]["title"].startswith("SCOPE-002: ") and finding[1]["line"] == "3"


def test_github_orders_by_importance_within_limits(pack, examples):
    *cmds, pointer = commands(render("github", make_report(pack, examples)))  # 12 errors: one pointer
    assert pointer[1] == {"title": "ddtapp: annotations truncated"}
    levels = [c[0] for c in cmds]
    assert levels == sorted(levels, key=["error", "warning", "notice"].index)
    assert levels.count("error") == 10 and levels.count("warning") <= 10 and levels.count("notice") <= 10
    errors = [c for c in cmds if c[0] == "error"]
    assert all(c[1]["title"][:1].isalpha() for c in errors)
    assert errors[0][1] == {
        "file": "examples/lfr-resumed-after-update.yaml",
        "line": "89",
        "col": "7",
        "title": "TEST-002: The version, configuration or threshold in use was not tested",
    }


def test_github_truncates_at_the_limits_and_points_to_the_full_report(pack, examples):
    big = many(risk(examples), 3)  # 39 errors, 39 warnings, 54 coming up
    report = make_report(
        pack, [big], destinations=(("github", "-"), ("sarif", "ddtapp.sarif"), ("markdown", "summary.md"))
    )
    cmds = commands(render("github", report))
    levels = [c[0] for c in cmds]
    assert (levels.count("error"), levels.count("warning"), levels.count("notice")) == (10, 10, 10)
    pointer = cmds[-1]
    assert pointer[0] == "warning" and pointer[1] == {"title": "ddtapp: annotations truncated"}
    left = 39 + 40 + 60 - 30
    assert f"{left} more findings were left out (29 errors, 30 warnings and 50 coming up" in pointer[2]
    assert "Full report: ddtapp.sarif (sarif); summary.md (markdown)." in pointer[2]


def test_github_pointer_without_another_report_says_how_to_get_one(pack, examples):
    cmds = commands(render("github", make_report(pack, [many(risk(examples), 2)])))
    assert "--format sarif:ddtapp.sarif" in cmds[-1][2] and "run ddtapp check locally" in cmds[-1][2]


def test_github_limit_edges():
    def ann(level, n):
        return [gh.Annotation(level, "f.yaml", i + 1, 1, "T", "m") for i in range(n)]

    shown, left, pointer = gh.select(ann("error", 10) + ann("warning", 10) + ann("notice", 10))
    assert len(shown) == 30 and not left and pointer is None
    shown, left, pointer = gh.select(ann("error", 11) + ann("warning", 10))
    assert pointer == "warning" and [a.level for a in left] == ["error", "warning"]
    assert sum(a.level == "warning" for a in shown) == 9  # one warning slot is the pointer's
    shown, left, pointer = gh.select(ann("error", 2) + ann("notice", 12))
    assert pointer == "notice" and len(left) == 3 and sum(a.level == "notice" for a in shown) == 9


def test_github_escaping_rules():
    assert gh.escape_data("100% a\r\nb::c") == "100%25 a%0D%0Ab::c"
    assert gh.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


# --- JUnit ---------------------------------------------------------------------------------------------


def junit(report: Report) -> ET.Element:
    text = render("junit", report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def count(el: ET.Element, child: str) -> int:
    return sum(1 for c in el.iter("testcase") if c.find(child) is not None)


def test_junit_parses_and_counts_match(full):
    root = junit(full)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [*(r.file for r in full.results), "broken.yaml", EVIL_FILE]
    for el in (root, *suites):
        assert int(el.get("tests")) == len(list(el.iter("testcase")))
        for kind, attr in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            assert int(el.get(attr)) == count(el, kind), (el.get("name"), attr)
    r = risk(full.results)
    suite = next(s for s in suites if s.get("name") == r.file)
    assert int(suite.get("tests")) == len(r.findings) + 1  # + "load and validate"
    assert int(suite.get("failures")) == 13 and int(suite.get("skipped")) == 20
    assert int(root.get("errors")) == 2  # broken.yaml and the hostile problem's file


def test_junit_failures_follow_fail_on_and_carry_file_line(pack, examples):
    r = risk(examples)
    at_warning = junit(make_report(pack, [r], fail_on="warning"))
    assert count(at_warning, "failure") == 26
    at_never = junit(make_report(pack, [r], fail_on="never"))
    assert count(at_never, "failure") == 0 and count(at_never, "system-out") == 26
    case = next(
        c for c in at_warning.iter("testcase") if c.get("name") == "DPIA-001 at engage.legal_framework.documents"
    )
    failure = case.find("failure")
    assert case.get("file") == f"examples/{RISK}" and case.get("line") == "247"
    assert failure.get("type") == "error" and failure.text.startswith(f"examples/{RISK}:247:5: error DPIA-001")
    assert f"{HOMEPAGE}/blob/main/docs/rules.md#dpia-001" in failure.text
    names = [c.get("name") for c in at_warning.iter("testcase")]
    assert len(names) == len(set(names))  # two DOC-001 at one path are told apart


def test_junit_hostile_text_and_problems(pack, hostile):
    root = junit(make_report(pack, [hostile], [HOSTILE_PROBLEM]))
    suite = root.find("testsuite")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["tool"] == clean(EVIL_VALUE)  # newline kept, control character replaced
    skipped = next(c for c in suite.iter("testcase") if c.find("skipped") is not None).find("skipped")
    assert skipped.get("message") == "waived: " + clean(EVIL_VALUE)
    error = root.findall("testsuite")[1].find("testcase/error")
    assert error.get("type") == "input" and "a|b <script>" in error.get("message")


# --- Markdown ------------------------------------------------------------------------------------------


def lint(text: str) -> list[str]:
    """pymarkdown with GFM tables on; MD013 (line length) off, as generated table rows cannot wrap."""
    api = PyMarkdownApi().enable_extension_by_identifier("markdown-tables").disable_rule_by_identifier("md013")
    result = api.scan_string(text)
    return [f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}" for f in result.scan_failures]


def tables(text: str) -> list[list[list[str]]]:
    """Each GFM table as rows of cell texts, parsed by markdown-it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    out: list[list[list[str]]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            out.append([])
        elif tok.type == "tr_open":
            row = []
            out[-1].append(row)
        elif tok.type in ("th_open", "td_open"):
            assert row is not None
            row.append(tokens[i + 1].content if tokens[i + 1].type == "inline" else "")
    return out


def test_markdown_passes_the_linter(pack, full, examples):
    assert lint(render("markdown", full)) == []
    assert lint(render("markdown", make_report(pack, examples, show_waived=True))) == []
    assert lint(render("markdown", make_report(pack, []))) == []


def test_markdown_linter_can_fail():
    assert lint("# Title\n\n\n\nText.\n")  # MD012, multiple blank lines


def test_markdown_hostile_text_cannot_break_tables_or_inject(pack, hostile):
    text = render("markdown", make_report(pack, [hostile], [HOSTILE_PROBLEM], show_waived=True))
    found = tables(text)
    assert len(found) == 3  # dossiers, could not be read, findings
    for table in found:
        assert len({len(row) for row in table}) == 1, table
        assert len(table) >= 2
    dossiers, _problems, findings = found
    # (the table parser unescapes "\\|" before the cell's inline content is parsed)
    assert dossiers[1][0] == md.md_escape(EVIL_FILE).replace("\\|", "|")
    assert dossiers[1][1] == md.md_escape(clean(EVIL_VALUE)).replace("\\|", "|")
    assert len(findings) == 3 and findings[2][0] == "waived"
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    kinds = {child.type for tok in tokens if tok.children for child in tok.children}
    assert not kinds & {"html_inline", "image"}
    assert not {tok.type for tok in tokens} & {"html_block", "fence", "code_block", "bullet_list_open"}
    hrefs = {
        child.attrs.get("href") for tok in tokens if tok.children for child in tok.children if child.type == "link_open"
    }
    assert hrefs == {f"{HOMEPAGE}/blob/main/docs/rules.md#scope-002", f"{HOMEPAGE}/blob/main/docs/rules.md#scope-003"}
    assert "<script>" not in text and "\x07" not in text
    assert lint(text) == []


def test_markdown_summary_table_and_verdict(pack, examples):
    text = render("markdown", make_report(pack, examples))
    assert text.startswith("# ddtapp: APP dossier check\n\n**Fails** at `--fail-on error`: 2 of 4 dossiers.")
    summary = tables(text)[0]
    assert summary[0] == [
        "dossier",
        "tool",
        "stage",
        "impact tier",
        "errors",
        "warnings",
        "info",
        "coming up",
        "waived",
        "gate ready",
    ]
    row = next(r for r in summary if r[0] == f"examples/{RISK}")
    assert row[1:] == ["Custody Reoffending Risk Score", "Engage", "high", "13", "13", "0", "20", "0", "no"]
    assert "**Passes** at `--fail-on never`" in render("markdown", make_report(pack, examples, fail_on="never"))
    findings = tables(text)[1]
    assert findings[1][0] == "error" and findings[1][3] == "examples/lfr-resumed-after-update.yaml:89"
    assert findings[1][1] == f"[TEST-002]({HOMEPAGE}/blob/main/docs/rules.md#test-002)"


def test_markdown_caps_huge_runs_with_a_note(pack, examples, monkeypatch):
    monkeypatch.setattr(md, "MAX_ROWS", 60)
    big = many(risk(examples), 2)  # 92 findings
    text = render("markdown", make_report(pack, [big, big], destinations=(("markdown", "-"), ("json", "r.json"))))
    rows = sum(len(t) - 1 for t in tables(text)[1:])
    assert rows == 60  # 50 of the first dossier, 10 of the second
    assert "42 more findings of this dossier are not listed here." in text
    assert "82 more findings of this dossier are not listed here." in text
    assert "124 findings were left out. The full report: r.json (json)." in text
    assert lint(text) == []


# --- through the command line --------------------------------------------------------------------------


def test_cli_writes_valid_sarif(capsys):
    from tests.helpers import run

    code, out, _ = run(["check", str(EXAMPLES / RISK), "--today", TODAY.isoformat(), "--format", "sarif"], capsys)
    assert code == 1
    doc = json.loads(out)
    assert_valid_sarif(doc)
    assert doc["runs"][0]["results"]
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith(f"examples/{RISK}")


# --- docs ----------------------------------------------------------------------------------------------


def test_json_report_doc_lists_every_key_and_the_shape_version(pack, examples, hostile):
    from ddtapp.reporters.json import SHAPE_VERSION, report

    buf = io.StringIO()
    report(make_report(pack, [*examples, hostile], broken_problems(), show_waived=True), buf)
    doc = json.loads(buf.getvalue())
    keys: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc)
    assert "waiver_reason" in keys and "hint" in keys
    text = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    assert f"# The JSON report (shape version {SHAPE_VERSION})" in text
    assert sorted(k for k in keys if f"| `{k}` |" not in text) == []


def test_report_formats_doc_has_a_section_per_format():
    text = (ROOT / "docs" / "report-formats.md").read_text(encoding="utf-8")
    assert [f for f in FORMATS if f"\n## {f}\n" not in text] == []


# --- the plain text writer -----------------------------------------------------------------------------


@pytest.mark.parametrize("options", [{}, {"show_waived": True, "explain_tier": True}, {"quiet": True}])
def test_plain_text_is_what_rich_prints_to_a_pipe_byte_for_byte(full, options):
    """Plain text is written without Rich; it must be exactly what the Rich console writes for a pipe,
    hostile text and input problems included, and the same when made a dossier at a time (the worker's
    chunks) and only joined."""
    from ddtapp.output.terminal import console_for
    from ddtapp.reporters import text

    report = dataclasses.replace(full, **options)
    plain = render("text", report)
    rich_out = io.StringIO()
    writer = text._Rich(console_for(rich_out, False))
    for problem in report.problems:
        writer.say(f"{writer.style('bold red', 'ddtapp:')} {writer.text(problem.render())}", hang=2)
    for result in report.results:
        text._one(writer, report, result)
    assert plain.startswith(rich_out.getvalue())
    joined = render("text", dataclasses.replace(report, texts=[text.chunk(report, r) for r in report.results]))
    assert joined == plain
