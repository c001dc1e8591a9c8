"""A supplier's access to the data as structured facts (WG-013, DATA-007, SUPP-001), legal advice on qualified
rights asked in proportion (HR-006), and the citations read from the statutes' text: SIGN-001 (DPA 2018
ss70(1), 71(1)(b); Art 35(2)) and ADM-010 (both conditions of DPA 2018 s50B). Each branch is a dossier (schema
version 2), the rule, and the line it fires at, or None where it must not fire."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from ddtapp.dossier.migrate import Migration, v1_to_v2
from tests.conftest import run_text

SUPPLIER = """
schema_version: 2
stage: engage
processing: {personal_data: true, regime: law_enforcement}
tool:
  supplier:
    name: Example Vision Ltd
    data_access: Remote support access to the live system, on request.
    ACCESS
"""

CASES: list[tuple[str, str, str, int | None]] = [
    (
        "a supplier that sees personal data is an external party to vet",
        "WG-013",
        SUPPLIER.replace("ACCESS", "personal_data_access: personal_data"),
        8,
    ),
    (
        "a supplier listed as an external party, vetted and bound, passes",
        "WG-013",
        SUPPLIER.replace("ACCESS", "personal_data_access: personal_data")
        + textwrap.dedent(
            """
            governance:
              working_group:
                external_parties:
                  - {name: Support desk, organisation: Example Vision Ltd, kind: supplier, data_access: personal_data,
                     vetting_level: NPPV 2, data_sharing_agreement: true}
            """
        ),
        None,
    ),
    (
        "the supplier listed but not vetted is the listed party's finding",
        "WG-013",
        SUPPLIER.replace("ACCESS", "personal_data_access: personal_data")
        + textwrap.dedent(
            """
            governance:
              working_group:
                external_parties:
                  - {name: Support desk, kind: supplier, data_access: personal_data, data_sharing_agreement: true}
            """
        ),
        13,
    ),
    (
        "a supplier seeing only aggregates needs no vetting here",
        "WG-013",
        SUPPLIER.replace("ACCESS", "personal_data_access: aggregate_only"),
        None,
    ),
    (
        "a supplier recorded as a processor needs a processor entry with its contract",
        "DATA-007",
        SUPPLIER.replace("ACCESS", "processor: true"),
        8,
    ),
    (
        "a supplier that sees personal data is a processor even if not flagged",
        "DATA-007",
        SUPPLIER.replace("ACCESS", "personal_data_access: personal_data"),
        8,
    ),
    (
        "the supplier's processor entry, with the statutory terms, passes",
        "DATA-007",
        SUPPLIER.replace("ACCESS", "processor: true")
        + textwrap.dedent(
            """
            engage:
              legal_framework:
                data_protection:
                  processors:
                    - name: Example Vision Ltd
                      processing: Remote support of the live system.
                      contract: {type: other, title: Data processing agreement, status: approved}
                      statutory_terms: true
            """
        ),
        None,
    ),
    (
        "words alone about the supplier's access are a warning",
        "SUPP-001",
        SUPPLIER.replace("    ACCESS\n", ""),
        7,
    ),
    (
        "no supplier access recorded at all asks nothing",
        "SUPP-001",
        SUPPLIER.replace("    data_access: Remote support access to the live system, on request.\n", "").replace(
            "    ACCESS\n", ""
        ),
        None,
    ),
]

HR = """
schema_version: 2
stage: engage
impact: {declared_tier: TIER}
processing: {personal_data: true, regime: law_enforcement}
engage:
  legal_framework:
    human_rights:
      articles_engaged: [8]
"""

CASES += [
    (
        "HR-006: legal advice on a qualified right is asked from moderate tier",
        "HR-006",
        HR.replace("TIER", "moderate"),
        7,
    ),
    (
        "HR-006: not asked of a minimal-tier tool (the APP's ask, not s6's)",
        "HR-006",
        HR.replace("TIER", "minimal"),
        None,
    ),
]

ADM = """
schema_version: 2
stage: engage
processing:
  personal_data: true
  regime: law_enforcement
  special_category_data: true
  automated_decisions: {solely_automated: true, effect: legal}
engage:
  legal_framework:
    automated_decisions:
      CONDITION
"""

CASES += [
    (
        "ADM-010: a decision based entirely on data given with explicit consent meets s50B(2)",
        "ADM-010",
        ADM.replace("CONDITION", "s50b_condition: explicit_consent"),
        None,
    ),
    (
        "ADM-010: the law named meets s50B(3)",
        "ADM-010",
        ADM.replace("CONDITION", "authorised_by_law: Section 1 of the Example Act 2026"),
        None,
    ),
    (
        "ADM-010: 'authorised by law' without naming the law meets neither",
        "ADM-010",
        ADM.replace("CONDITION", "s50b_condition: authorised_by_law"),
        10,
    ),
]


@pytest.mark.parametrize("rule_id, text, line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_branch(pack, rule_id, text, line):
    result = run_text(pack, text.lstrip("\n"))
    fired = [f.line for f in result.findings if f.rule_id == rule_id and f.status == "open"]
    assert fired == ([] if line is None else [line]), [(f.rule_id, f.path, f.line) for f in result.findings]


@pytest.mark.parametrize(
    "regime, day, cited",
    [
        ("law_enforcement", dt.date(2026, 11, 21), "DPA 2018 ss70(1), 71(1)(b)"),
        ("general", dt.date(2026, 11, 21), "UK GDPR Art 35(2)"),
        ("general", dt.date(2019, 6, 1), "GDPR (EU) 2016/679 Art 35(2)"),
    ],
)
def test_sign_001_cites_the_provision_that_asks_for_the_dpos_advice(pack, regime, day, cited):
    text = textwrap.dedent(
        f"""
        schema_version: 2
        stage: engage
        processing: {{personal_data: true, regime: {regime}}}
        engage:
          legal_framework:
            documents: [{{type: dpia, status: draft}}]
        """
    ).lstrip("\n")
    (finding,) = [f for f in run_text(pack, text, today=day).findings if f.rule_id == "SIGN-001"]
    assert cited in finding.basis, finding.basis


def test_migration_notes_a_supplier_whose_access_is_words_only():
    data = {"schema_version": 1, "tool": {"supplier": {"name": "X", "data_access": "Remote support to live data"}}}
    m = Migration(1)
    v1_to_v2(data, m)
    assert [path for path, _ in m.notes] == ["tool.supplier"]
    assert "personal_data_access" in m.notes[0][1]
    assert data["tool"]["supplier"]["data_access"] == "Remote support to live data"  # the words are kept


def test_a_supplier_that_comes_to_see_personal_data_is_a_significant_change(tmp_path):
    """Change control (rules/change-control.yaml): the supplier's staff newly seeing the personal data is a new
    recipient of it, to assess in the DPIA and take back to the gate."""
    import copy
    import io
    import json

    from ruamel.yaml import YAML

    from ddtapp.commands.diff import DiffOptions, run_diff
    from ddtapp.loading.yaml_loader import load_file
    from tests.conftest import EXAMPLES

    old = copy.deepcopy(load_file(EXAMPLES / "live-facial-recognition.yaml").data)
    new = copy.deepcopy(old)
    new["tool"]["supplier"]["personal_data_access"] = "personal_data"
    paths = []
    for name, data in (("old", old), ("new", new)):
        buf = io.StringIO()
        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        yaml.dump(data, buf)
        (tmp_path / f"{name}.yaml").write_text(buf.getvalue(), encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.yaml"))
    out = tmp_path / "r.json"
    run_diff(DiffOptions(files=paths, today=dt.date(2026, 12, 1), output_format="json", output=str(out)))
    (change,) = json.loads(out.read_text(encoding="utf-8"))["dossiers"][0]["changes"]
    assert (change["path"], change["class"], change["change"]) == (
        "tool.supplier.personal_data_access",
        "significant",
        "supplier-access",
    )
