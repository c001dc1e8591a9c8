"""One document recorded in two places is listed once (issue 17, point 6; issue 14, FOI question 8): in the FOI
answer, the register in every format, the site and the drafts. Identity is the same kind and the same title
(case and spacing aside) with no different version or date; the record further along, with a location,
stands for it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
from ruamel.yaml import YAML

from ddtapp.checker.engine import check_file
from ddtapp.dossier.base import Document
from ddtapp.dossier.documents import distinct_documents, document_identity
from ddtapp.force.foi import answer_tool
from tests.conftest import EXAMPLES, TODAY
from tests.helpers import run, write_dossier

LFR = EXAMPLES / "live-facial-recognition.yaml"
REPORT = "Independent evaluation of operational LFR at 0.64"


def _lfr() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(LFR.read_text(encoding="utf-8"))
    return data


def hostile(tmp_path: Path, copies: int = 500) -> Path:
    """The LFR example with its DPIA recorded again and again in governance.documents (which comes first): in
    other case and spacing, still in draft, with an intranet location; plus a DPIA of the same title but another
    date (another document), and a force policy titled like the DPIA (another kind)."""
    data = _lfr()
    again = {
        "type": "dpia",
        "title": "  lfr   DPIA V4. ",
        "status": "draft",
        "date": dt.date(2025, 8, 1),
        "location": "https://intranet/dpia",
    }
    other_date = {"type": "dpia", "title": "LFR DPIA v4", "status": "superseded", "date": dt.date(2023, 1, 5)}
    other_kind = {"type": "force_policy", "title": "LFR DPIA v4", "status": "published"}
    data["governance"].setdefault("documents", []).extend([again] * copies + [other_date, other_kind])
    return write_dossier(tmp_path, "hostile.yaml", data)


def test_identity_is_kind_title_version_and_date():
    assert document_identity("dpia", "  LFR  dpia v4. ") == document_identity("dpia", "lfr dpia v4")
    assert document_identity("dpia", "LFR DPIA v4") != document_identity("force_policy", "LFR DPIA v4")
    assert document_identity("dpia", "LFR DPIA", "4") != document_identity("dpia", "LFR DPIA", "5")
    assert document_identity("dpia", None) is None and document_identity(None, "x") is None


def test_the_best_record_stands_for_the_document_and_keeps_a_location():
    def d(**kw: Any) -> Document:
        return Document(type="dpia", title="DPIA", **kw)

    draft = d(status="draft", location="sharepoint/dpia-draft")
    approved = d(status="approved", date=dt.date(2025, 8, 1))
    out = distinct_documents([("a.documents[0]", draft), ("b.documents[0]", approved)])
    # further along wins, in the place of the first; it had no location, so the other's is kept
    assert out == [("b.documents[0]", approved.model_copy(update={"location": "sharepoint/dpia-draft"}))]
    # two versions of one title: a record with neither is ambiguous, and stays apart
    v4, v5, bare = d(version="4"), d(version="5"), d(status="approved")
    assert len(distinct_documents([("x", v4), ("y", v5), ("z", bare)])) == 3
    # one version: a record without it is that document, wherever it comes
    assert distinct_documents([("z", bare), ("x", v4)]) == [("z", bare)]
    # untitled records are one document only when equal in every field
    u1, u2 = Document(type="business_case", status="approved"), Document(type="business_case", status="draft")
    assert len(distinct_documents([("x", u1), ("y", u1), ("z", u2)])) == 2


def test_lfr_example_lists_its_test_report_once_with_its_location(pack):
    t = answer_tool(check_file(LFR, pack, TODAY), pack)
    titles = [row[1] for row in t.answer(8).table.rows]
    assert titles.count(REPORT) == 1 and titles.count("LFR DPIA v4") == 1
    assert (REPORT, "policy/lfr/evaluation-2025.pdf") in t.locations  # the record with a location stands


def test_hostile_duplicate_foi_answer(tmp_path, pack):
    t = answer_tool(check_file(hostile(tmp_path), pack, TODAY), pack)
    rows = t.answer(8).table.rows
    dpias = [r for r in rows if r[0].endswith("(DPIA)")]
    assert dpias == [
        ("data protection impact assessment (DPIA)", "LFR DPIA v4", "approved"),
        ("data protection impact assessment (DPIA)", "LFR DPIA v4", "superseded"),
    ]
    assert [r for r in rows if r[1] == "LFR DPIA v4" and r[0] == "force policy"]  # another kind: its own row
    assert [r[1] for r in rows].count(REPORT) == 1
    assert ("LFR DPIA v4", "policy/lfr/dpia-v4.pdf") in t.locations  # the dated record's own location


def test_hostile_duplicate_register_in_every_format(tmp_path, capsys):
    path = hostile(tmp_path)
    args = ["register", str(path), "--today", TODAY.isoformat()]
    _, out, _ = run([*args, "-f", "json"], capsys)
    docs = json.loads(out)["tools"][0]["documents"]
    assert [(d["type"], d["title"]) for d in docs].count(("dpia", "LFR DPIA v4")) == 2
    assert [d["title"] for d in docs].count(REPORT) == 1
    _, out, _ = run([*args, "-f", "csv"], capsys)
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    documents = next(r for r in rows[1:] if r)  # one tool: its documents in one cell
    cell = next(c for c in documents if "LFR DPIA v4" in c)
    assert cell.count(REPORT) == 1 and cell.count("LFR DPIA v4") == 3  # two DPIAs and the force policy
    _, md, _ = run(args, capsys)
    assert md.count(REPORT) == 1
    book_path = tmp_path / "r.xlsx"
    assert run([*args, "-f", "xlsx", "-o", str(book_path)], capsys)[0] == 0
    sheet = openpyxl.load_workbook(book_path)["Documents"]
    cells = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert sum(REPORT in c for c in cells) == 1
    assert sum("LFR DPIA v4" in c for c in cells) == 3


def test_hostile_duplicate_site(tmp_path, capsys):
    out_dir = tmp_path / "site"
    assert run(["site", str(hostile(tmp_path)), "-o", str(out_dir), "--today", TODAY.isoformat()], capsys)[0] == 0
    page = next(p for p in out_dir.rglob("*.html") if "index" not in p.name).read_text(encoding="utf-8")
    assert page.count(REPORT) == 1
