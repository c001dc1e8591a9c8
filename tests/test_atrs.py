"""The algorithmic transparency record: ATRS 4.0's Summary Information (Tier 1) and Tier 2's eight sheets,
with the template's reference numbers and field names in its order, and its spreadsheet
(``render --doc algorithmic-transparency-record --to xlsx`` or ``csv``), read back with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from ruamel.yaml import YAML

from ddtapp.documents.atrs import TEMPLATE_FILE, record_rows, tab_name, template_rows, to_spreadsheet
from tests.conftest import EXAMPLES
from tests.helpers import run

DOC = "algorithmic-transparency-record"
SECTIONS = (
    "## Tier 1: Summary Information",
    "## Tier 2: Detailed Information",
    "### 2.1 Owner and Responsibility",
    "### 2.2 Description and Rationale",
    "### 2.3 Deployment Context",
    "### 2.4.1 Tool Specification",
    "### 2.4.2 Model Specification",
    "### 2.4.3 Development Data Specification",
    "### 2.4.4 Operational Data Specification",
    "### 2.5 Risks, Mitigations and Impact Assessments",
)
#: The references and field names the ATRS v4.0 guidance prints (co-cddo/algorithmic-transparency-recording-
#: standard, "ATRS Guidance for v4.0"): the record must use them, in this order.
V4_GUIDANCE_FIELDS = (
    ("1.2", "Description"),
    ("2.1.4", "Third party involvement"),
    ("2.1.4.1", "Third party"),
    ("2.1.4.2", "Companies House Number"),
    ("2.1.4.3", "Third party role"),
    ("2.1.4.4", "Procurement procedure type"),
    ("2.1.4.5", "Third party data access terms"),
    ("2.2.1", "Detailed description"),
    ("2.3.1", "Integration into broader operational process"),
    ("2.4.1.2", "System-level input"),
    ("2.4.1.3", "System-level output"),
    ("2.4.2.1", "Model name"),
    ("2.4.2.6", "Model architecture"),
    ("2.4.2.8", "Datasets and their purposes"),
)


def record(example: str, capsys) -> str:
    code_, out, err = run(
        ["render", str(EXAMPLES / f"{example}.yaml"), "--doc", DOC, "--stdout", "--today", "2026-11-21"], capsys
    )
    assert code_ == 0, err
    return out


@pytest.mark.parametrize("example", ["live-facial-recognition", "risk-scoring-engage", "demand-dashboard"])
def test_record_has_the_atrs_4_sections_in_order(example, capsys):
    text = record(example, capsys)
    positions = [text.index(f"\n{s}") for s in SECTIONS]
    assert positions == sorted(positions)
    # the v4.0 names, not the old ones
    for old in (
        "External supplier",
        "Decision-making process",
        "| Scope |",
        "Dataset purposes",
        "Provided information",
    ):
        assert old not in text
    rows = record_rows(text)
    tier1 = [r.field for r in rows if r.sheet == "Summary Information"]
    assert tier1 == ["Name", "Description", "Website URL", "Contact email", "Organisation name", "Phase", "Region"]
    fields = [(r.ref, r.field) for r in rows]
    # every reference the guidance prints carries the guidance's field name
    assert [f for f in V4_GUIDANCE_FIELDS if f in fields] == [f for f in V4_GUIDANCE_FIELDS if f[0] in dict(fields)]
    assert ("2.4.1.2", "System-level input") in fields and ("1.2", "Description") in fields
    # references, where given, rise through each sheet in the template's order
    refs = [tuple(int(n) for n in r.ref.split(".")) for r in rows if r.ref]
    assert refs == sorted(refs)


def test_third_party_fields_and_phase(capsys):
    lfr = record("live-facial-recognition", capsys)
    for ref, name in V4_GUIDANCE_FIELDS[2:7]:
        assert f"| {ref} | {name} |" in lfr
    dashboard = record("demand-dashboard", capsys)
    assert "| 2.1.4 | Third party involvement | No: the dossier records no third party |" in dashboard
    assert "| | Phase | Production |" in dashboard
    # no trained model: the model and development data sections say so, with no gaps
    assert "Not applicable: the tool uses no trained machine-learning model." in dashboard
    rows = {r.ref: r for r in record_rows(dashboard)}
    assert rows["2.4.2"].entry.startswith("Not applicable") and rows["2.4.2"].field == "Model Specification"
    assert rows["2.4.2"].sheet == "Model Specification" and "2.4.2.1" not in rows


def test_xlsx_has_a_sheet_per_part_with_header_filters_and_frozen_panes(tmp_path, capsys):
    out_dir = tmp_path / "o"
    args = ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(out_dir), "--to", "xlsx"]
    code_, _out, err = run([*args, "--today", "2026-11-21"], capsys)
    assert code_ == 0, err
    assert sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) == [f"{DOC}.xlsx"]
    book = openpyxl.load_workbook(out_dir / f"{DOC}.xlsx")
    assert book.sheetnames == [
        "Summary Information",
        "Owner and Responsibility",
        "Description and Rationale",
        "Deployment Context",
        "Tool Specification",
        "Model Specification",
        "Development Data Specification",
        "Operational Data Specification",
        "Risks, Mitigations and Impact",
    ]
    tier1 = book["Summary Information"]
    assert [c.value for c in tier1[1]] == ["Reference number", "Attribute", "Name", "Entry"]
    assert tier1[1][0].font.bold and tier1.freeze_panes == "A2" and tier1.auto_filter.ref == "A1:D8"
    assert [c.value for c in tier1[2]] == ["1.1", "name", "Name", "Custody Reoffending Risk Score"]
    gap = next(row for row in tier1.iter_rows(min_row=2) if row[2].value == "Website URL")
    assert gap[3].value.startswith("GAP: public web page") and gap[3].fill.fgColor.rgb.endswith("FFFF00")
    first = (out_dir / f"{DOC}.xlsx").read_bytes()
    assert run([*args, "--today", "2026-11-21"], capsys)[0] == 0
    assert (out_dir / f"{DOC}.xlsx").read_bytes() == first  # unchanged: the same bytes


def test_csv_has_a_byte_order_mark_and_the_full_section_titles(capsys):
    text = record("live-facial-recognition", capsys)
    data = to_spreadsheet(text, dt.date(2026, 11, 21), "csv")
    assert data.startswith(b"\xef\xbb\xbfSheet,Reference number,Attribute,Name,Entry\r\n")
    assert b'\r\n"Risks, Mitigations and Impact Assessments",2.5.1,impact_assessment,Impact assessment,' in data


def test_spreadsheet_formats_are_only_for_the_record(tmp_path, capsys):
    args = ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(tmp_path / "o")]
    code_, _out, err = run([*args, "--to", "xlsx", "--doc", "dpia"], capsys)
    assert code_ == 2 and "'dpia' has none" in err
    assert not (tmp_path / "o").exists()


def test_tab_names_fit_excel():
    assert tab_name("Risks, Mitigations and Impact Assessments") == "Risks, Mitigations and Impact"
    assert tab_name("Development Data Specification") == "Development Data Specification"  # 30: as it is
    assert len(tab_name("x" * 40)) == 31


def test_xlsx_dates_are_dates():
    from ddtapp.documents.sheets import Sheet, to_xlsx

    data = to_xlsx([Sheet("S", ("When",), [(dt.date(2026, 3, 1),)])], dt.date(2026, 11, 21), "t")
    cell = openpyxl.load_workbook(io.BytesIO(data))["S"]["A2"]
    assert cell.value == dt.datetime(2026, 3, 1) and cell.number_format == "dd/mm/yyyy"


def test_one_model_specification_sheet_per_model():
    """The template asks for its Model Specification sheet to be duplicated for each model."""
    draft = "\n".join(
        [
            "# Algorithmic transparency record: X",
            "",
            "### 2.4.1 Tool Specification",
            "",
            "| Ref | Field | Entry |",
            "| --- | --- | --- |",
            "| 2.4.1.5 | Models | A; B |",
            "",
            *(
                line
                for name in ("A", "B")
                for line in (
                    f"### 2.4.2 Model Specification: {name}",
                    "",
                    "| Ref | Field | Entry |",
                    "| --- | --- | --- |",
                    f"| 2.4.2.1 | Model name | {name} |",
                    "",
                )
            ),
            "## Annex: gaps in this draft",
            "",
            "| # | Where | What |",
            "| --- | --- | --- |",
            "| 1 | here | that |",
        ]
    )
    rows = record_rows(draft)
    assert [(r.sheet, r.ref, r.entry) for r in rows] == [
        ("Tool Specification", "2.4.1.5", "A; B"),
        ("Model Specification", "2.4.2.1", "A"),
        ("Model Specification (2)", "2.4.2.1", "B"),
    ]
    book = openpyxl.load_workbook(io.BytesIO(to_spreadsheet(draft, dt.date(2026, 11, 21), "xlsx")))
    assert book.sheetnames == ["Tool Specification", "Model Specification", "Model Specification (2)"]


def _reference() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("example", ["live-facial-recognition", "risk-scoring-engage", "demand-dashboard"])
def test_workbook_is_the_atrs_4_template_field_for_field(tmp_path, capsys, example):
    """Read with openpyxl, every sheet of the workbook is a sheet of the ATRS 4.0 template (the reference data
    copied from the standard's publisher), with its columns, and holds exactly that sheet's fields: reference
    number, attribute and name, in the template's order, none missing and none added."""
    ref = _reference()
    columns = ref["columns"]
    expected = {
        (s.get("tab") or s["name"]): [(f["ref"] or None, f["attribute"], f["name"]) for f in s["fields"]]
        for s in ref["sheets"]
    }
    out_dir = tmp_path / "o"
    args = ["render", str(EXAMPLES / f"{example}.yaml"), "--out", str(out_dir), "--to", "xlsx", "--today", "2026-11-21"]
    assert run(args, capsys)[0] == 0
    book = openpyxl.load_workbook(out_dir / f"{DOC}.xlsx")
    assert book.sheetnames == list(expected)  # one model at most in the examples: one Model Specification
    for sheet in book.worksheets:
        assert [c.value for c in sheet[1]] == columns
        cells = [tuple(c.value for c in row[:3]) for row in sheet.iter_rows(min_row=2)]
        assert cells == expected[sheet.title], sheet.title
        assert all(row[3].value for row in sheet.iter_rows(min_row=2))  # every field answered, a GAP or N/A
    data = to_spreadsheet(record(example, capsys), dt.date(2026, 11, 21), "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == ["Sheet", *columns]
    full = {s["name"]: expected[s.get("tab") or s["name"]] for s in ref["sheets"]}
    assert [r[0] for r in rows[1:]] == [name for name in full for _ in full[name]]
    assert [(r[1] or None, r[2], r[3]) for r in rows[1:]] == [f for name in full for f in full[name]]


def test_a_section_not_needed_has_every_field_marked_n_a():
    draft = "\n".join(
        ["# Algorithmic transparency record: X", "", "### 2.4.2 Model Specification", "", "Not applicable: no model."]
    )
    rows = template_rows(record_rows(draft))
    model = next(s for s in _reference()["sheets"] if s["name"] == "Model Specification")
    assert [(r.ref, r.attribute, r.name) for r in rows] == [
        (f["ref"], f["attribute"], f["name"]) for f in model["fields"]
    ]
    assert rows[0].entry == "N/A: no model." and {r.entry for r in rows[1:]} == {"N/A"}


def test_reference_data_names_its_sources():
    text = TEMPLATE_FILE.read_text(encoding="utf-8")
    assert "co-cddo/algorithmic-transparency-recording-standard" in text
    assert "9b076c4044aba7349523d4f232888156b1fbcbc4" in text
    for sheet in _reference()["sheets"]:
        assert len(sheet.get("tab") or sheet["name"]) <= 31
        for f in sheet["fields"]:
            assert f["source"] and f["attribute"] == f["attribute"].lower().replace(" ", "_")
