"""Who approved a DPIA's measures and residual risks and when (sign_off.*_approved_on), and who approved an
EIA, HRIA or CIA and when (a document's approved_by and approved_on): recorded in the dossier, filled into
the drafts' approval tables, a **GAP** where the dossier does not say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ddtapp.checker.engine import check_file
from ddtapp.documents.render import CheckedDossier, available_documents, make_environment, render_document
from ddtapp.dossier.migrate import migrate_data
from ddtapp.dossier.models import Dossier
from tests.conftest import EXAMPLES, TODAY
from tests.helpers import run, write_dossier

ASSESSMENTS = {
    "equality-impact-assessment": ("equality_impact_assessment", "engage.stakeholder_engagement"),
    "human-rights-impact-assessment": ("human_rights_impact_assessment", "engage.legal_framework"),
    "community-impact-assessment": ("community_impact_assessment", "engage.stakeholder_engagement"),
}
APPROVER = {"name": "ACC Jo Bloggs", "role": "senior_leader"}


def _lfr() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((EXAMPLES / "live-facial-recognition.yaml").read_text("utf-8"))
    return data


def _render(tmp_path: Path, pack, data: dict[str, Any], doc: str) -> Any:
    result = check_file(write_dossier(tmp_path, "d.yaml", data), pack, TODAY)
    return render_document(make_environment(), available_documents()[doc], CheckedDossier(result, pack, TODAY))


def _rows(text: str, first_cell: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith(f"| {first_cell}")
    ]


def test_dpia_step_7_dates_come_from_the_sign_off(tmp_path, pack):
    data = _lfr()
    text = _render(tmp_path, pack, data, "dpia").text
    assert _rows(text, "Measures approved by")[0][1:3] == ["ACC Daniel Okafor (senior leader)", "1 August 2025"]
    assert _rows(text, "Residual risks approved by")[0][1:3] == ["ACC Daniel Okafor (senior leader)", "1 August 2025"]
    assert "measures: ACC Daniel Okafor, 1 August 2025; residual risks: ACC Daniel Okafor, 1 August 2025" in text
    del data["sign_off"]["measures_approved_on"]
    r = _render(tmp_path, pack, data, "dpia")
    assert _rows(r.text, "Measures approved by")[0][2] == "**GAP:** when the measures were approved"
    assert [g.path for g in r.gaps if "approved" in g.path] == ["sign_off.measures_approved_on"]


@pytest.mark.parametrize("doc", sorted(ASSESSMENTS))
def test_assessment_approval_table_is_filled_from_the_document(tmp_path, pack, doc):
    kind, section = ASSESSMENTS[doc]
    data = _lfr()
    holder = data["engage"][section.split(".")[1]]
    record = {"type": kind, "title": "Assessment A", "status": "approved", "review_date": dt.date(2027, 3, 1)}
    holder["documents"] = [d for d in holder.get("documents", []) if d.get("type") != kind]
    holder["documents"].append({**record, "approved_by": APPROVER, "approved_on": dt.date(2026, 2, 3)})
    holder["documents"].append({"type": kind, "title": "Assessment B", "status": "approved"})
    holder["documents"].append({"type": kind, "title": "Assessment C", "status": "draft"})
    for other in data["engage"].values():  # the example records some assessments at a second gate too
        if isinstance(other, dict) and other is not holder and "documents" in other:
            other["documents"] = [d for d in other["documents"] if d.get("type") != kind]
    r = _render(tmp_path, pack, data, doc)
    a, b, c = (_rows(r.text, f"Assessment {x}")[0] for x in "ABC")
    assert a == ["Assessment A", "approved", "ACC Jo Bloggs (senior leader)", "3 February 2026", "1 March 2027"]
    assert b[2].startswith("**GAP:** who approved this version") and b[3].startswith("**GAP:** when this version")
    assert c[2:4] == ["not yet approved", "not yet approved"]  # a draft is approved by nobody yet: no gap
    assert "approved by ACC Jo Bloggs on 3 February 2026" in r.text.split("\n\n", 2)[1]  # document control table
    gap_paths = [g.path for g in r.gaps if g.path.endswith(("approved_by", "approved_on"))]
    assert len(gap_paths) == 2 and all(".documents[" in p for p in gap_paths)


def test_no_assessment_recorded_says_so_without_a_second_gap(tmp_path, pack, capsys):
    data = _lfr()
    for section in data["engage"].values():
        if isinstance(section, dict) and "documents" in section:
            section["documents"] = [d for d in section["documents"] if d.get("type") != "community_impact_assessment"]
    text = _render(tmp_path, pack, data, "community-impact-assessment").text
    assert _rows(text, "No community impact assessment is recorded")[0][1:] == [
        "not started",
        "not yet approved",
        "not yet approved",
        "not set yet",
    ]


def test_approval_fields_are_validated_with_a_located_error(tmp_path, capsys):
    data = _lfr()
    data["sign_off"]["residual_risks_approved_on"] = "last Tuesday"
    code, out, err = run(["check", str(write_dossier(tmp_path, "d.yaml", data))], capsys)
    said = out + err
    assert code == 2 and "'last Tuesday' is not a valid date (at sign_off.residual_risks_approved_on)" in said
    assert "d.yaml:" in said and "Traceback" not in said


def test_a_migrated_v1_dossier_has_no_approval_dates(tmp_path):
    v1 = {
        "schema_version": 1,
        "tool": {"name": "T"},
        "sign_off": {"measures_approved_by": {"name": "A", "role": "senior_leader"}},
        "engage": {"stakeholder_engagement": {"documents": [{"type": "equality_impact_assessment"}]}},
    }
    assert migrate_data(v1) is not None  # in place
    migrated = Dossier.model_validate(v1)
    assert migrated.sign_off is not None and migrated.sign_off.measures_approved_on is None
    assert migrated.sign_off.residual_risks_approved_on is None
    assert migrated.engage is not None and migrated.engage.stakeholder_engagement is not None
    doc = migrated.engage.stakeholder_engagement.documents[0]
    assert doc.approved_by is None and doc.approved_on is None
