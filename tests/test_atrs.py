"""The algorithmic transparency record: ATRS 4.0's Tier 1 and eight Tier 2 sections, and its spreadsheet
(``render --doc algorithmic-transparency-record --to xlsx`` or ``csv``), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from ddtapp.documents.atrs import record_rows, tab_name, to_spreadsheet
from tests.conftest import EXAMPLES
from tests.test_cli import run

DOC = "algorithmic-transparency-record"
SECTIONS = (
    "## Tier 1: summary information",
    "### 2.1 Owner and responsibility",
    "### 2.2 Description and rationale",
    "### 2.3 Deployment context",
    "### 2.4 Tool specification",
    "### 2.5 Model specification",
    "### 2.6 Development data specification",
    "### 2.7 Operational data specification",
    "### 2.8 Risks, mitigations and impact assessments",
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
    positions = [text.index(f"\n{s}\n") for s in SECTIONS]
    assert positions == sorted(positions)
    # the v4.0 names, not the old ones
    assert "External supplier" not in text and "Decision-making process" not in text
    tier1 = [r.field for r in record_rows(text) if r.ref.startswith("1.")]
    assert tier1 == ["Name", "Description", "Website URL", "Contact email", "Organisation", "Phase", "Region"]


def test_third_party_fields_and_phase(capsys):
    lfr = record("live-facial-recognition", capsys)
    for name in ("Third party", "Companies House number", "Third party role", "Procurement procedure type"):
        assert f"| {name} |" in lfr
    dashboard = record("demand-dashboard", capsys)
    assert "| Third party involvement | No: the dossier records no third party |" in dashboard
    assert "| Phase | production |" in dashboard
    # no trained model: the model and development data sections say so, with no gaps
    assert "Not applicable: the tool uses no trained machine-learning model." in dashboard
    rows = {r.ref: r for r in record_rows(dashboard)}
    assert rows["2.5.1"].entry.startswith("Not applicable") and rows["2.5.1"].field == "Model specification"


def test_xlsx_has_a_sheet_per_part_with_header_filters_and_frozen_panes(tmp_path, capsys):
    out_dir = tmp_path / "o"
    args = ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(out_dir), "--to", "xlsx"]
    code_, _out, err = run([*args, "--today", "2026-11-21"], capsys)
    assert code_ == 0, err
    assert sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) == [f"{DOC}.xlsx"]
    book = openpyxl.load_workbook(out_dir / f"{DOC}.xlsx")
    assert book.sheetnames == [
        "Tier 1 - Summary information",
        "2.1 Owner and responsibility",
        "2.2 Description and rationale",
        "2.3 Deployment context",
        "2.4 Tool specification",
        "2.5 Model specification",
        "2.6 Development data",
        "2.7 Operational data",
        "2.8 Risks, mitigations",
    ]
    tier1 = book["Tier 1 - Summary information"]
    assert [c.value for c in tier1[1]] == ["Reference", "Field", "Entry"]
    assert tier1[1][0].font.bold and tier1.freeze_panes == "A2" and tier1.auto_filter.ref == "A1:C8"
    assert [c.value for c in tier1[2]] == ["1.1", "Name", "Custody Reoffending Risk Score"]
    gap = next(row for row in tier1.iter_rows(min_row=2) if row[1].value == "Website URL")
    assert gap[2].value.startswith("GAP: public web page") and gap[2].fill.fgColor.rgb.endswith("FFFF00")
    first = (out_dir / f"{DOC}.xlsx").read_bytes()
    assert run([*args, "--today", "2026-11-21"], capsys)[0] == 0
    assert (out_dir / f"{DOC}.xlsx").read_bytes() == first  # unchanged: the same bytes


def test_csv_has_a_byte_order_mark_and_the_full_section_titles(capsys):
    text = record("live-facial-recognition", capsys)
    data = to_spreadsheet(text, dt.date(2026, 11, 21), "csv")
    assert data.startswith(b"\xef\xbb\xbfSection,Reference,Field,Entry\r\n")
    assert b"2.8 Risks, mitigations and impact assessments" in data


def test_spreadsheet_formats_are_only_for_the_record(tmp_path, capsys):
    args = ["render", str(EXAMPLES / "risk-scoring-engage.yaml"), "--out", str(tmp_path / "o")]
    code_, _out, err = run([*args, "--to", "xlsx", "--doc", "dpia"], capsys)
    assert code_ == 2 and "'dpia' has none" in err
    assert not (tmp_path / "o").exists()


def test_tab_names_fit_excel():
    assert tab_name("2.8 Risks, mitigations and impact assessments") == "2.8 Risks, mitigations"
    assert len(tab_name("x" * 40)) == 31


def test_xlsx_dates_are_dates():
    from ddtapp.documents.sheets import Sheet, to_xlsx

    data = to_xlsx([Sheet("S", ("When",), [(dt.date(2026, 3, 1),)])], dt.date(2026, 11, 21), "t")
    cell = openpyxl.load_workbook(io.BytesIO(data))["S"]["A2"]
    assert cell.value == dt.datetime(2026, 3, 1) and cell.number_format == "dd/mm/yyyy"
