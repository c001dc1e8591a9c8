"""``ddtapp register``: the force's internal list of DDTs, built from a synthetic repository of dossiers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ddtapp.checker.engine import check_file
from ddtapp.force.register import REGISTER_VERSION, Filters, build_register, entry_of, md
from ddtapp.force.register_render import CSV_COLUMNS, page
from ddtapp.reporters.summary import Summary
from tests.conftest import TODAY
from tests.helpers import HOSTILE, D, _table_rows, dossier, lint_markdown, run, write_dossier


def doc(type_: str, title: str, review: dt.date | None, status: str = "approved", location: str | None = None):
    out: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if review:
        out["review_date"] = review
    if location:
        out["location"] = location
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A force's policy repository: four tools of different maturities, tiers and types, one overdue."""
    root = tmp_path / "policy"
    write_dossier(
        root,
        "dashboard.yaml",
        dossier(
            "Demand Dashboard",
            "operational",
            reference="DDT-001",
            deployment=D(2023, 3, 1),
            tool={
                "data_inputs": [
                    {"name": "Incident counts", "source": "internal_police", "update": "live_feed"},
                    {
                        "name": "Council CCTV list",
                        "source": "other_public_sector",
                        "update": "manual",
                        "frequency": "weekly",
                    },
                ],
                "outputs": [{"name": "Counts by beat", "signifies": "Current demand"}],
                "decisions": [{"decision": "Where to send units", "about": "Beats"}],
                "users": ["Duty inspectors", "Control room"],
            },
            extra={
                "governance": {
                    "documents": [
                        doc("governance_schematic", "Schematic", D(2026, 6, 1)),
                        doc("governance_minutes", "Minutes", D(2027, 1, 1), status="draft"),
                    ]
                },
                "engage": {
                    "legal_framework": {
                        "documents": [
                            doc("dpia", "DPIA v2", D(2027, 5, 1), location="policy/dpia.pdf"),
                            doc("equality_impact_assessment", "Old EIA", D(2020, 1, 1), status="superseded"),
                        ]
                    }
                },
            },
        ),
    )
    write_dossier(
        root,
        "lfr.yaml",
        dossier(
            "Live Facial Recognition",
            "pilot",
            reference="DDT-002",
            pilot_start=D(2026, 2, 1),
            stage="evolve",
            types=("live_facial_recognition",),
            extra={
                "processing": {
                    "personal_data": True,
                    "regime": "law_enforcement",
                    "biometric_data": True,
                    "biometric_identification": True,
                    "public_space_surveillance": True,
                    "special_category_data": True,
                }
            },
        ),
    )
    write_dossier(
        root,
        "old/hotspots.yaml",
        dossier(
            "Hotspot Map",
            "retired",
            reference="DDT-003",
            deployment=D(2019, 1, 1),
            end=D(2022, 1, 1),
            types=("predictive_mapping",),
            extra={"governance": {"documents": [doc("governance_schematic", "Old schematic", D(2021, 1, 1))]}},
        ),
    )
    write_dossier(
        root,
        "risk.yaml",
        dossier(
            "Risk Score",
            "in_development",
            reference="DDT-004",
            development_start=D(2026, 5, 1),
            types=("individual_risk_scoring",),
            extra={"processing": {"personal_data": True, "regime": "law_enforcement", "individual_profiling": True}},
        ),
    )
    (root / "ci.yaml").write_text("jobs: {}\n", encoding="utf-8")  # not a dossier: passed over
    return root


def test_entry_holds_the_register_fields(repo: Path, pack):
    result = check_file(repo / "dashboard.yaml", pack, TODAY)
    e = entry_of(result, TODAY)
    assert (e.name, e.reference, e.maturity, e.force) == (
        "Demand Dashboard",
        "DDT-001",
        "operational",
        "Example Constabulary",
    )
    assert e.purpose == "Purpose of Demand Dashboard."
    assert [d.label() for d in e.data_sources] == [
        "Incident counts (internal police data, live feed)",
        "Council CCTV list (external public-sector data, manual, weekly)",
    ]
    assert e.outputs == (("Counts by beat", "Current demand"),)
    assert e.decisions == (("Where to send units", "Beats"),)
    assert e.users == ("Duty inspectors", "Control room")
    assert (e.stage, e.tier) == ("engage", result.assessment.tier)
    s = Summary.of(result)
    assert (e.errors, e.warnings, e.infos) == (s.errors, s.warnings, s.infos)
    assert [(d.path, d.review_date, d.overdue) for d in e.documents] == [
        ("governance.documents[0]", D(2026, 6, 1), True),
        ("governance.documents[1]", D(2027, 1, 1), False),  # a draft's review date is not in force
        ("engage.legal_framework.documents[0]", D(2027, 5, 1), False),
        ("engage.legal_framework.documents[1]", D(2020, 1, 1), False),  # superseded
    ]
    # The next review is the earliest review date of a document in force (approved or published).
    assert (e.next_review, e.next_review_path, e.overdue) == (D(2026, 6, 1), "governance.documents[0]", True)


def test_retired_tool_is_not_reviewed_any_more(repo: Path, pack):
    e = entry_of(check_file(repo / "old/hotspots.yaml", pack, TODAY), TODAY)
    assert e.active is False
    assert (e.next_review, e.overdue) == (None, False)
    assert e.documents[0].overdue is False


def test_markdown_register_lists_every_tool_by_name(repo: Path, tmp_path: Path, capsys):
    out = tmp_path / "register.md"
    code, stdout, err = run(["register", str(repo), "--today", "2026-11-21", "--output", str(out)], capsys)
    assert (code, stdout, err) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Internal list of data-driven technologies\n")
    rows = _table_rows(text, 0)
    assert [r[1] for r in rows[1:]] == ["Demand Dashboard", "Hotspot Map", "Live Facial Recognition", "Risk Score"]
    assert rows[0] == [
        "Reference",
        "Tool",
        "Project lead",
        "Senior responsible owner",
        "Maturity",
        "APP stage",
        "Impact tier",
        "Errors",
        "Warnings",
        "Next review due",
    ]
    assert rows[1][0] == "DDT-001" and rows[1][9].startswith("1 June 2026 (overdue)")
    assert rows[2][9] == "no longer reviewed (retired)"
    assert "ci.yaml" not in text
    # for senior readers: plain words, no codes, no dossier paths or files
    for code_word in ("in_development", "very_high", "live_facial", "governance.", "documents[", ".yaml"):
        assert code_word not in text, code_word


def test_csv_shape(repo: Path, capsys):
    code, out, _ = run(["register", str(repo), "--today", "2026-11-21", "--format", "csv"], capsys)
    assert code == 0
    assert out.startswith("\ufeffReference,")  # a byte-order mark: Excel reads the accents as UTF-8
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 5 and all(len(r) == len(CSV_COLUMNS) for r in rows)
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["Tool"] == "Demand Dashboard" and first["Reference"] == "DDT-001"
    assert first["Users"] == "Duty inspectors; Control room"
    assert first["Data sources"].split("; ") == [
        "Incident counts (internal police data, live feed)",
        "Council CCTV list (external public-sector data, manual, weekly)",
    ]
    assert (first["Next review due"], first["Overdue"]) == ("2026-06-01", "Yes")
    assert "dashboard.yaml" not in out and "_" not in first["Maturity"] + first["Impact tier"]
    assert out.endswith("\r\n")


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path: Path, capsys):
    write_dossier(tmp_path, "a.yaml", dossier('=HYPERLINK("http://x")', "pilot", purpose="+1 and more"))
    _, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21", "-f", "csv"], capsys)
    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))[1], strict=True))
    assert row["Tool"] == '\'=HYPERLINK("http://x")'
    assert row["Purpose"] == "'+1 and more"


def test_json_shape(repo: Path, capsys):
    code, out, _ = run(["register", str(repo), "--today", "2026-11-21", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["register_version"] == REGISTER_VERSION == 1
    assert set(data) == {
        "register_version",
        "generator",
        "today",
        "filters",
        "count",
        "filtered_out",
        "tools",
        "unreadable",
    }
    assert (data["today"], data["count"], data["filtered_out"], data["unreadable"]) == ("2026-11-21", 4, 0, [])
    tool = data["tools"][0]
    assert set(tool) == {
        "file",
        "reference",
        "name",
        "force",
        "owner",
        "senior_responsible_owner",
        "maturity",
        "paused_on",
        "technology_types",
        "purpose",
        "data_sources",
        "outputs",
        "decisions",
        "users",
        "app_stage",
        "app_stage_recorded",
        "impact_tier",
        "open_findings",
        "documents",
        "next_review",
        "active",
    }
    assert tool["next_review"] == {"date": "2026-06-01", "document": "governance.documents[0]", "overdue": True}
    assert tool["data_sources"][1] == {
        "name": "Council CCTV list",
        "source": "other_public_sector",
        "update": "manual",
        "frequency": "weekly",
    }
    assert set(tool["open_findings"]) == {"error", "warning", "info"}
    assert tool["documents"][0] == {
        "path": "governance.documents[0]",
        "type": "governance_schematic",
        "title": "Schematic",
        "status": "approved",
        "review_date": "2026-06-01",
        "location": None,
        "overdue": True,
    }


@pytest.mark.parametrize(
    "argv, names",
    [
        (["--maturity", "operational", "--maturity", "retired"], ["Demand Dashboard", "Hotspot Map"]),
        (["--maturity", "in-development"], ["Risk Score"]),
        (
            ["--type", "live_facial_recognition", "--type", "predictive_mapping"],
            ["Hotspot Map", "Live Facial Recognition"],
        ),
        (["--overdue"], ["Demand Dashboard"]),
        (["--maturity", "pilot", "--overdue"], []),
    ],
)
def test_filters(repo: Path, capsys, argv, names):
    code, out, _ = run(["register", str(repo), "--today", "2026-11-21", "-f", "json", *argv], capsys)
    data = json.loads(out)
    assert code == 0
    assert [t["name"] for t in data["tools"]] == names
    assert data["filtered_out"] == 4 - len(names)


def test_tier_filter_means_that_tier_or_higher(repo: Path, capsys):
    _, out, _ = run(["register", str(repo), "--today", "2026-11-21", "-f", "json"], capsys)
    tiers = {t["name"]: t["impact_tier"] for t in json.loads(out)["tools"]}
    order = ["minimal", "moderate", "high", "very_high"]
    assert len(set(tiers.values())) >= 2  # the fixture spans tiers, so the filter has something to cut
    for tier in order:
        _, out, _ = run(["register", str(repo), "--today", "2026-11-21", "-f", "json", "--tier", tier], capsys)
        kept = [t["name"] for t in json.loads(out)["tools"]]
        assert kept == sorted(n for n, t in tiers.items() if order.index(t) >= order.index(tier))


def test_filters_say_what_they_did_in_markdown(repo: Path, capsys):
    _, out, _ = run(["register", str(repo), "--today", "2026-11-21", "--overdue"], capsys)
    assert "1 tool with an overdue document review (3 other tools left out by the filters)." in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--tier", "hi"], "--tier: 'hi' is not one of minimal, moderate, high, very_high."),
        (
            ["--maturity", "live"],
            "--maturity: 'live' is not one of in_development, pilot, operational, retired, abandoned.",
        ),
        (["--type", "lfr"], "--type: 'lfr' is not one of"),
        (["--format", "xml"], "--format: 'xml' is not one of markdown, csv, json, xlsx."),
    ],
)
def test_bad_option_values_exit_two(repo: Path, capsys, argv, message):
    code, out, err = run(["register", str(repo), *argv], capsys)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_broken_dossier_is_reported_and_skipped(repo: Path, tmp_path: Path, capsys):
    broken = repo / "broken.yaml"
    broken.write_text("schema_version: 1\ntool:\n  name: Broken\n  maturity: [\n", encoding="utf-8")
    invalid = write_dossier(repo, "invalid.yaml", dossier("Invalid", "deployed"))
    out = tmp_path / "reg.json"
    code, stdout, err = run(["register", str(repo), "--today", "2026-11-21", "-f", "json", "-o", str(out)], capsys)
    assert code == 2 and stdout == ""
    lines = err.splitlines()
    assert any(line.startswith(f"ddtapp: {broken}:5:1: ") for line in lines), err
    assert any(line.startswith(f"ddtapp: {invalid}:") and "tool.maturity" in line for line in lines), err
    assert lines[-1] == "ddtapp: 2 dossiers could not be read and were left out."
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [t["name"] for t in data["tools"]] == [
        "Demand Dashboard",
        "Hotspot Map",
        "Live Facial Recognition",
        "Risk Score",
    ]
    assert {u["file"] for u in data["unreadable"]} == {str(broken), str(invalid)}


def test_broken_dossier_is_named_in_the_markdown_register(repo: Path, capsys):
    (repo / "broken.yaml").write_text("schema_version: 1\ntool: {name: [\n", encoding="utf-8")
    code, out, _ = run(["register", str(repo), "--today", "2026-11-21"], capsys)
    assert code == 2
    assert "## Dossiers that could not be read" in out and "broken.yaml:" in out


def test_no_dossier_found_is_an_input_error(tmp_path: Path, capsys):
    (tmp_path / "ci.yaml").write_text("jobs: {}\n", encoding="utf-8")
    code, out, err = run(["register", str(tmp_path)], capsys)
    assert code == 2 and out == ""
    assert "no dossier found in" in err


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
def test_deterministic_whatever_the_order_of_paths(repo: Path, tmp_path: Path, capsys, fmt):
    files = sorted(str(p) for p in repo.rglob("*.yaml") if p.name != "ci.yaml")
    outputs = []
    for i, order in enumerate([files, list(reversed(files)), files]):
        target = tmp_path / f"out{i}"
        code, _, _ = run(["register", *order, "--today", "2026-11-21", "-f", fmt, "-o", str(target)], capsys)
        assert code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_equal_names_are_ordered_by_reference_then_file(tmp_path: Path, pack):
    paths = [
        write_dossier(tmp_path, "b.yaml", dossier("Same", "pilot", reference="R-2")),
        write_dossier(tmp_path, "a.yaml", dossier("Same", "pilot", reference="R-2")),
        write_dossier(tmp_path, "c.yaml", dossier("same", "pilot", reference="R-1")),
        write_dossier(tmp_path, "d.yaml", dossier("Same", "pilot")),
    ]
    reg = build_register([check_file(p, pack, TODAY) for p in paths], TODAY)
    assert [(e.name, e.reference, Path(e.file).name) for e in reg.entries] == [
        ("Same", None, "d.yaml"),
        ("Same", "R-2", "a.yaml"),
        ("Same", "R-2", "b.yaml"),
        ("same", "R-1", "c.yaml"),
    ]


def test_user_text_cannot_break_markdown_tables(tmp_path: Path, capsys):
    for i, name in enumerate(HOSTILE):
        write_dossier(
            tmp_path, f"t{i:02}.yaml", dossier(name, "pilot", reference=f"R|{i}", purpose=name, tool={"users": [name]})
        )
    code, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21"], capsys)
    assert code == 0
    rows = _table_rows(out, 0)
    assert len(rows) == len(HOSTILE) + 1 and all(len(r) == 10 for r in rows)
    expected = sorted(" ".join(n.split()) for n in HOSTILE)
    assert sorted(r[1] for r in rows[1:]) == expected  # read back exactly: nothing formatted, nothing lost
    assert "<script>" not in out
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1  # "# Not a heading" stayed text
    assert not any(
        t.type
        in (
            "html_inline",
            "html_block",
            "link_open",
            "em_open",
            "strong_open",
            "bullet_list_open",
            "ordered_list_open",
            "s_open",
        )
        for t in tokens
        for t in [t, *(t.children or [])]
    )


def test_md_escapes_line_starts():
    assert md("- x") == "\\- x"
    assert md("+ x") == "\\+ x"
    assert md("12. x") == "12\\. x"
    assert md("a\n\nb | c") == "a b \\| c"


def test_filters_parse_normalises_and_rejects():
    f = Filters.parse(["Operational", "in development"], "Very-High", ["dashboard"], True)
    assert (f.maturity, f.min_tier, f.types, f.overdue) == (
        ("in_development", "operational"),
        "very_high",
        ("dashboard",),
        True,
    )
    assert not Filters().active and f.active


def test_rule_pack_is_loaded_once_for_many_dossiers(tmp_path: Path, capsys, monkeypatch):
    import ddtapp.pack.rulepack as cmd  # the settings load the pack through this module

    calls = []
    real = cmd.load_pack

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cmd, "load_pack", counting)
    for i in range(25):
        write_dossier(tmp_path, f"d{i:02}.yaml", dossier(f"Tool {i:02}", "pilot", pilot_start=D(2025, 1, i + 1)))
    code, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21", "-f", "json"], capsys)
    assert code == 0 and json.loads(out)["count"] == 25
    assert len(calls) == 1


def test_markdown_register_passes_a_markdown_linter(repo: Path, capsys):
    for i, name in enumerate(HOSTILE):
        write_dossier(repo, f"h{i:02}.yaml", dossier(name, "operational", purpose=name))
    (repo / "broken.yaml").write_text("schema_version: 1\ntool: {name: [\n", encoding="utf-8")
    _, out, _ = run(["register", str(repo), "--today", "2026-11-21"], capsys)
    assert lint_markdown(out) == []


def test_unwritable_output_is_an_input_error(repo: Path, tmp_path: Path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run(["register", str(repo), "--today", "2026-11-21", "-o", str(blocker / "reg.md")], capsys)
    assert code == 2 and out == ""
    assert f"cannot write to {blocker / 'reg.md'}" in err and "Traceback" not in err


def test_parallel_collection_gives_the_same_register(tmp_path, pack):
    import functools
    import shutil

    from ddtapp.force.collect import collect
    from ddtapp.force.register import entry_of, register_of, render
    from tests.conftest import EXAMPLES

    for i in range(4):
        for example in sorted(EXAMPLES.glob("*.yaml")):
            shutil.copy(example, tmp_path / f"{i}-{example.name}")
    (tmp_path / "broken.yaml").write_text("schema_version: 1\ntool: [\n", encoding="utf-8")
    keep = functools.partial(entry_of, today=TODAY)
    serial = collect([str(tmp_path)], pack, TODAY, keep=keep, jobs=1)
    parallel = collect([str(tmp_path)], pack, TODAY, keep=keep, jobs=2)
    assert len(parallel.results) == 4 * len(list(EXAMPLES.glob("*.yaml"))) and len(parallel.problems) == 1
    for fmt in ("markdown", "csv", "json"):
        assert render(register_of(serial.results, TODAY, problems=serial.problems), fmt) == render(
            register_of(parallel.results, TODAY, problems=parallel.problems), fmt
        )


def test_xlsx_register_opens_with_header_filters_frozen_panes_and_dates(repo: Path, tmp_path: Path, capsys):
    import openpyxl

    out = tmp_path / "register.xlsx"
    code, stdout, err = run(["register", str(repo), "--today", "2026-11-21", "-f", "xlsx", "-o", str(out)], capsys)
    assert (code, stdout, err) == (0, "", "")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Register", "Documents"]
    sheet = book["Register"]
    assert tuple(c.value for c in sheet[1]) == CSV_COLUMNS and sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:T5"
    first = {h: c.value for h, c in zip(CSV_COLUMNS, sheet[2], strict=True)}
    assert first["Tool"] == "Demand Dashboard" and first["Overdue"] == "Yes"
    assert first["Next review due"] == dt.datetime(2026, 6, 1)  # a date, shown as 01/06/2026
    assert sheet.cell(2, CSV_COLUMNS.index("Next review due") + 1).number_format == "dd/mm/yyyy"
    assert isinstance(first["Open errors"], int)
    docs = book["Documents"]
    assert [c.value for c in docs[1]][:3] == ["Reference", "Tool", "Document"]
    code, _, err = run(["register", str(repo), "--today", "2026-11-21", "-f", "xlsx"], capsys)
    assert code == 2 and "give -o FILE.xlsx" in err


def test_register_lists_a_document_recorded_at_two_gates_once(tmp_path: Path, capsys):
    eia = doc("equality_impact_assessment", "EIA", D(2027, 1, 1))
    data = dossier(
        "Tool",
        "pilot",
        extra={"engage": {"stakeholder_engagement": {"documents": [eia]}, "legal_framework": {"documents": [eia]}}},
    )
    write_dossier(tmp_path, "t.yaml", data)
    _, out, _ = run(["register", str(tmp_path), "--today", "2026-11-21", "-f", "json"], capsys)
    assert [d["title"] for d in json.loads(out)["tools"][0]["documents"]] == ["EIA"]


def test_counts_read_as_english(repo: Path, capsys):
    _, out, _ = run(["register", str(repo), "--today", "2026-11-21"], capsys)
    assert "1 tool with an overdue document review." in out
    assert re.search(r"\| Open findings \| \d+ errors?, \d+ warnings?, \d+ for information \|", out)
    assert " 1 errors" not in out and " 1 warnings" not in out


def test_collect_takes_what_it_keeps_out_of_the_collectors_sight(monkeypatch):
    """Every result kept lives to the end of the run: collect freezes them (after a collection) every
    SETTLE_EVERY results, so full collections do not walk them again and again."""
    import gc

    from ddtapp.force import collect as collecting
    from ddtapp.pack.rulepack import load_pack
    from tests.conftest import ROOT

    kept = [{"a": [i]} for i in range(50)]  # live objects, tracked by the collector
    before = gc.get_freeze_count()
    collecting._settle()
    assert gc.get_freeze_count() >= before + len(kept)
    monkeypatch.setattr(collecting, "SETTLE_EVERY", 2)
    settled: list[int] = []
    monkeypatch.setattr(collecting, "_settle", lambda: settled.append(gc.get_freeze_count()))
    got = collecting.collect([str(ROOT / "examples")], load_pack(), dt.date(2026, 11, 21), jobs=1)
    assert len(got.results) == 4
    assert len(settled) == 2


@given(st.lists(st.text(st.sampled_from("a \n"), max_size=4), max_size=5))
def test_page_is_the_sections_joined_with_one_new_line_at_the_end(sections):
    assert page(list(sections)) == "\n".join(sections).rstrip("\n") + "\n"
