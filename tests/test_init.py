"""`ddtapp init`: the scaffold validates, `check` on it reports exactly the gaps a new project has, at the
scaffold's own lines, and every key carries its description and APP requirements from the models."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

from ddtapp.checker.engine import Result, check_file
from ddtapp.documents.scaffold import NOT_WRITTEN, ONLY_FOR, STAGES, TECHNOLOGY_TYPES, TYPE_FACTS, render
from ddtapp.dossier import models as dossier_models
from ddtapp.dossier.docgen import SCHEMA_URL
from ddtapp.loading.yaml_loader import load_text
from ddtapp.pack.rulepack import load_pack
from tests.conftest import ROOT, TODAY, run_text
from tests.helpers import run

FACIAL = ("live_facial_recognition", "retrospective_facial_recognition", "operator_initiated_facial_recognition")
#: (technology types, stage) combinations checked end to end through the command line.
COMBOS = [
    (["live_facial_recognition"], "engage"),
    (["retrospective_facial_recognition"], "evolve"),
    (["operator_initiated_facial_recognition"], "embed"),
    (["individual_risk_scoring"], "engage"),
    (["predictive_mapping", "automated_decision_making"], "evolve"),
    (["dashboard"], "embed"),
    (["other", "other_biometrics"], "engage"),
]
KEY = re.compile(r"^ *(?:- )?([a-z_][a-z0-9_]*):(?: |$)")
REF = re.compile(r"\b(?:GOV|ENG|EVO|EMB|AIG)-[A-Z]+-\d{2}\b")


def _argv(types: list[str], stage: str) -> list[str]:
    return [a for t in types for a in ("--type", t)] + ["--stage", stage]


def _init(tmp_path: Path, capsys, types: list[str], stage: str, *extra: str, name: str = "d.yaml") -> Path:
    target = tmp_path / name
    code, out, err = run(["init", str(target), *_argv(types, stage), *extra], capsys)
    assert code == 0, err
    assert f"Wrote {target}" in out
    return target


def _check(path: Path) -> Result:
    return check_file(path, load_pack(), TODAY)


def _same(finding) -> tuple:
    """A finding, without where it is (the two files being compared have different lines)."""
    return (finding.rule_id, finding.path, finding.severity, finding.status, finding.message)


def _prune(value):
    """The scaffold's data without its empty placeholders: what a person would write by hand."""
    if isinstance(value, dict):
        kept = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _dump(data) -> str:
    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buf)
    return buf.getvalue()


def _strip_comments(line: str) -> str:
    """A line with every layer of comment marker removed: a commented-out key reads as a key."""
    while True:
        m = re.match(r"^( *)# ?(.*)$", line)
        if not m:
            return line
        line = m.group(1) + m.group(2)


def _descriptions() -> dict[str, list[tuple[str, list[str]]]]:
    """Every field name in the dossier models -> [(description, app_refs), ...]."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for model in vars(dossier_models).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__.startswith("ddtapp.dossier."):
            for name, field in model.model_fields.items():
                extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
                out.setdefault(name, []).append((field.description or "", list(extra.get("app_refs") or [])))
    return out


def _uncomment_block(text: str, key_line: str) -> str:
    """Uncomment the keys under ``key_line`` (one layer), as a user starting that block would."""
    lines = text.split("\n")
    start = lines.index(key_line)
    column = len(key_line) - len(key_line.lstrip()) + 2
    i = start + 1
    while i < len(lines) and lines[i][column : column + 2] == "# " and not lines[i][:column].strip():
        lines[i] = lines[i][:column] + lines[i][column + 2 :]
        i += 1
    assert i > start + 1, "no commented keys under the block"
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the scaffold and check


@pytest.mark.parametrize("types,stage", COMBOS, ids=["+".join(t) + "@" + s for t, s in COMBOS])
def test_check_on_the_scaffold_reports_exactly_the_hand_written_gaps(tmp_path, capsys, types, stage):
    path = _init(tmp_path, capsys, types, stage, "--name", "Test Tool")
    result = _check(path)  # (a) raises InputError on any YAML or schema error
    assert result.assessment.stage == stage and result.assessment.stage_recorded
    assert result.findings, "a new project always has gaps"
    # (b) The same facts written by hand, without the scaffold's empty placeholders.
    by_hand = tmp_path / "by-hand.yaml"
    by_hand.write_text(_dump(_prune(load_text(path.read_text(encoding="utf-8"), "x").data)), encoding="utf-8")
    assert sorted(map(_same, result.findings)) == sorted(map(_same, _check(by_hand).findings))
    # The command line agrees: findings (exit 1), not an input error (exit 2).
    code, out, _ = run(["check", str(path), "--today", TODAY.isoformat(), "--no-config"], capsys)
    assert code == 1 and "SCOPE-002" in out


@pytest.mark.parametrize("tech", TECHNOLOGY_TYPES)
@pytest.mark.parametrize("stage", STAGES)
def test_no_type_or_stage_gets_findings_from_the_placeholders(pack, tech, stage):
    text = render([tech], stage, pack)
    hand = _dump(_prune(load_text(text, "x").data))
    assert sorted(map(_same, run_text(pack, text).findings)) == sorted(map(_same, run_text(pack, hand).findings))


def test_a_hand_written_lfr_dossier_gets_the_same_findings_as_the_scaffold(pack):
    scaffold = render(["live_facial_recognition"], "engage", pack, name="Northshire LFR")
    by_hand = (
        "schema_version: 2\nstage: engage\ntool:\n  name: Northshire LFR\n"
        "  technology_types: [live_facial_recognition]\nprocessing:\n  personal_data: true\n"
        "  special_category_data: true\n  biometric_data: true\n  biometric_identification: true\n"
    )
    assert sorted(map(_same, run_text(pack, scaffold).findings)) == sorted(map(_same, run_text(pack, by_hand).findings))


def test_a_block_written_with_empty_keys_would_change_the_findings(pack):
    """Why blocks the rules test as a whole are written with their keys commented out."""
    text = render(["individual_risk_scoring"], "engage", pack)
    assert "  arrangements:  # empty until you start it: uncomment the keys below" in text
    before = {f.rule_id for f in run_text(pack, text).findings}
    started = _uncomment_block(text, "  arrangements:  # empty until you start it: uncomment the keys below")
    after = {f.rule_id for f in run_text(pack, started).findings}
    assert "GOV-001" in before and "GOV-001" not in after
    assert {"GOV-002", "GOV-003", "GOV-004", "GOV-005"} <= after - before


def test_findings_point_at_the_scaffolds_own_keys(pack, tmp_path, capsys):
    path = _init(tmp_path, capsys, ["live_facial_recognition"], "evolve")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    rt = YAML(typ="rt").load(text)  # positions from ruamel's round-trip loader, not ddtapp's
    exact = 0
    findings = _check(path).findings
    for f in findings:
        node, where, complete = rt, (1, 1), True
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", f.path):
            if part.startswith("[") or not isinstance(node, dict) or part not in node:
                complete = False
                break
            line, col = node.lc.key(part)
            where, node = (line + 1, col + 1), node[part]
        assert (f.line, f.column) == where, f
        target = lines[f.line - 1]
        if complete:  # the field is written: the finding is on its key
            exact += 1
            assert target.lstrip().startswith(f.path.rsplit(".", 1)[-1] + ":"), f
        elif where == (1, 1):  # a later stage's section, not written yet: only "coming up" findings
            assert f.status == "coming_up" and f.path.split(".")[0] not in rt, f
        else:  # the field sits in a block left empty: the finding is on the block's key
            assert target.endswith("# empty until you start it: uncomment the keys below"), f
    assert exact >= 30 and exact > len(findings) / 2


def test_a_new_lfr_project_at_engage_meets_the_facial_recognition_and_dpia_rules(tmp_path, capsys):
    path = _init(tmp_path, capsys, ["live_facial_recognition"], "engage")
    found = {f.rule_id for f in _check(path).findings if f.status == "open"}
    frt = {"FRT-001", "FRT-005", "FRT-009", "FRT-010", "FRT-011"}  # threshold, watchlists, where, how/when, HITL
    dpia = {"RREG-001"}  # the risk register (SIGN-001 waits for a DPIA to advise on; DPIA-001 for the regime)
    source = {
        name: {r["id"] for r in YAML(typ="safe").load((ROOT / "rules" / "app" / name).read_text())["rules"]}
        for name in ("40-facial-recognition.yaml", "30-dpia.yaml")
    }
    assert frt <= source["40-facial-recognition.yaml"] and dpia <= source["30-dpia.yaml"]
    assert frt <= found and dpia <= found
    assert {"HR-001", "DP-001", "PSED-002", "SCOPE-004"} <= found  # Convention rights, lawful basis, bias testing
    # The regime is not guessed; once the user records it, the Part 3 DPIA and sensitive-processing
    # duties appear, on the scaffold's line for the documents.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n  regime:\n", "\n  regime: law_enforcement\n", 1), encoding="utf-8")
    after = {f.rule_id: f for f in _check(path).findings}
    assert {"DPIA-001", "DP-002", "DP-003", "DP-004"} <= set(after)
    line = text.split("\n")[after["DPIA-001"].line - 1]
    assert line == "    documents: []" and after["DPIA-001"].path == "engage.legal_framework.documents"


def test_only_facial_recognition_scaffolds_have_the_facial_recognition_blocks(pack):
    lfr = render(["live_facial_recognition"], "engage", pack)
    dashboard = render(["dashboard"], "engage", pack)
    assert lfr.count("similarity_threshold:") == 1  # the policy's (a test records its threshold for any type)
    assert "similarity_threshold" not in dashboard and "Facial recognition:" not in dashboard
    assert not any(f.rule_id.startswith("FRT-") for f in run_text(pack, dashboard).findings)
    assert "technology_other:" in render(["other"], "engage", pack) and "technology_other:" not in lfr
    assert "ending:" not in lfr  # a new project has not been stopped


def test_facts_that_follow_from_the_type_are_pre_filled_and_marked(pack):
    lfr = render(["live_facial_recognition"], "engage", pack).split("\n")
    filled = [i for i, line in enumerate(lfr) if line.endswith(": true")]
    assert [lfr[i].strip() for i in filled] == [
        "personal_data: true",
        "special_category_data: true",
        "biometric_data: true",
        "biometric_identification: true",
    ]
    for i in filled:
        block = " ".join(line.strip("# ") for line in lfr[i - 3 : i])
        assert "Pre-filled from the technology type (live_facial_recognition:" in block
    for tech in ("predictive_mapping", "dashboard", "automated_decision_making", "other"):
        text = render([tech], "engage", pack)
        assert "Pre-filled" not in text and not any(line.endswith(": true") for line in text.split("\n"))
    # Every pre-filled fact is a true/false field of the processing facts.
    for facts in TYPE_FACTS.values():
        for path in facts:
            section, name = path.split(".")
            assert (
                section == "processing"
                and typing.get_args(dossier_models.Processing.model_fields[name].annotation)[0] is bool
            )


@pytest.mark.parametrize(
    "stage,present,absent",
    [
        ("engage", ["governance", "engage"], ["evolve", "embed"]),
        ("evolve", ["governance", "engage", "evolve"], ["embed"]),
        ("embed", ["governance", "engage", "evolve", "embed"], []),
    ],
)
def test_sections_follow_the_stage(pack, stage, present, absent):
    keys = set(load_text(render(["predictive_mapping"], stage, pack), "x").data)
    assert set(present) <= keys and not set(absent) & keys
    assert {"schema_version", "stage", "tool", "processing", "impact", "risk_register", "sign_off", "waivers"} <= keys


# ----------------------------------------------------------------------------- comments


def test_every_key_has_its_description_and_app_refs_from_the_models(pack):
    described = _descriptions()
    text = render(["live_facial_recognition"], "embed", pack)
    lines = [_strip_comments(line) for line in text.split("\n")]
    keys = blocks = 0
    for i, line in enumerate(lines):
        m = KEY.match(line)
        if not m:
            continue
        keys += 1
        j, block = i - 1, []
        while j >= 0 and lines[j].strip() and not KEY.match(lines[j]) and lines[j].strip() != "-":
            block.insert(0, lines[j].strip())
            j -= 1
        comment = " ".join(block)
        matches = [(d, refs) for d, refs in described[m.group(1)] if d and comment.startswith(d)]
        assert matches, f"line {i + 1}: {text.split(chr(10))[i]!r} has no description above it"
        refs = re.search(r"\[APP ([^\]]+)\]", comment)
        assert any((refs.group(1).split(", ") if refs else []) == r for _, r in matches), f"line {i + 1}"
        blocks += 1
    live = _count_keys(load_text(text, "x").data)
    assert live == sum(1 for line in text.split("\n") if KEY.match(line))  # the keys YAML reads are all counted
    assert keys == blocks and keys > live > 250  # every key, written or commented out, is described


def _count_keys(node) -> int:
    if isinstance(node, dict):
        return len(node) + sum(_count_keys(v) for v in node.values())
    if isinstance(node, list):
        return sum(_count_keys(v) for v in node)
    return 0


def test_every_app_ref_in_the_comments_is_in_the_catalogue(pack):
    for types, stage in COMBOS:
        refs = set(REF.findall(render(types, stage, pack)))
        assert len(refs) > 60
        assert refs <= set(pack.catalogue), refs - set(pack.catalogue)


def test_only_for_and_not_written_name_real_fields():
    for key in [*ONLY_FOR, *NOT_WRITTEN]:
        model, name = key.split(".")
        assert name in getattr(dossier_models, model).model_fields, key
    for types in ONLY_FOR.values():
        assert types <= set(TECHNOLOGY_TYPES)


# ----------------------------------------------------------------------------- the command


def test_output_is_deterministic(tmp_path, capsys, monkeypatch):
    first = _init(tmp_path, capsys, ["live_facial_recognition", "dashboard"], "evolve", name="a.yaml")
    monkeypatch.setenv("DDTAPP_TODAY", "2031-01-01")
    monkeypatch.chdir(tmp_path)
    second = _init(tmp_path, capsys, ["live_facial_recognition", "dashboard"], "evolve", name="b.yaml")
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")


def test_dash_prints_to_stdout_and_writes_nothing(tmp_path, capsys, monkeypatch, pack):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["init", "-", "--type", "dashboard", "--stage", "engage", "--name", "Demand"], capsys)
    assert (code, err) == (0, "")
    assert out == render(["dashboard"], "engage", pack, name="Demand")
    assert list(tmp_path.iterdir()) == []


def test_default_path_and_overwrite_protection(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["init", "--type", "dashboard", "--stage", "engage"], capsys)[0] == 0
    target = tmp_path / "dossier.yaml"
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    target.write_text("schema_version: 2\n", encoding="utf-8")
    code, out, err = run(["init", "--type", "dashboard", "--stage", "engage"], capsys)
    assert code == 2 and out == ""
    assert (
        err == "ddtapp: dossier.yaml already exists; ddtapp init does not overwrite it. "
        "Use --force to replace it, or give another path.\n"
    )
    assert target.read_text(encoding="utf-8") == "schema_version: 2\n"
    assert run(["init", "--type", "dashboard", "--stage", "engage", "--force"], capsys)[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.yaml"]  # no temporary files left


def test_a_folder_or_unwritable_path_is_exit_2_and_writes_nothing(tmp_path, capsys):
    code, _, err = run(["init", str(tmp_path), "--type", "dashboard", "--stage", "engage", "--force"], capsys)
    assert code == 2 and "is a folder" in err and "Traceback" not in err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(["init", str(blocker / "d.yaml"), "--type", "dashboard", "--stage", "engage"], capsys)
    assert code == 2 and f"cannot write {blocker / 'd.yaml'}" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_unknown_type_suggests_and_lists_the_types(tmp_path, capsys):
    code, out, err = run(
        ["init", str(tmp_path / "d.yaml"), "--type", "live_facial_recogniton", "--stage", "engage"], capsys
    )
    assert code == 2 and out == "" and err.startswith("Usage: ") and err.count("Error: ") == 1
    listed = ", ".join(TECHNOLOGY_TYPES)
    assert f"'live_facial_recogniton' is not one of {listed}. Did you mean 'live_facial_recognition'?" in err
    assert not (tmp_path / "d.yaml").exists()


def test_other_bad_options_are_exit_2_with_one_message(tmp_path, capsys):
    target = str(tmp_path / "d.yaml")
    code, _, err = run(["init", target, "--type", "dashboard", "--stage", "evolv"], capsys)
    assert code == 2 and "'evolv' is not one of engage, evolve, embed. Did you mean 'evolve'?" in err
    code, _, err = run(["init", target, "--stage", "engage"], capsys)
    assert code == 2 and "--type: give the technology type" in err
    assert run(["init", target, "--type", "dashboard"], capsys)[0] == 2  # --stage is required
    code, _, err = run(["init", target, "--type", "dashboard", "--stage", "engage", "--name", "A\nB"], capsys)
    assert code == 2 and "line break or control character (U+000A)" in err
    code, _, err = run(["init", target, "--type", "dashboard", "--stage", "engage", "--name", "  "], capsys)
    assert code == 2 and "--name: the name is empty" in err
    assert not Path(target).exists()
    assert "Traceback" not in err


def test_types_and_stage_are_read_leniently(tmp_path, capsys):
    path = _init(tmp_path, capsys, ["Live-Facial-Recognition", "live_facial_recognition"], "ENGAGE")
    data = load_text(path.read_text(encoding="utf-8"), "x").data
    assert data["tool"]["technology_types"] == ["live_facial_recognition"] and data["stage"] == "engage"


def test_schema_line_points_at_the_published_schema_or_the_given_one(tmp_path, capsys, pack):
    assert render(["dashboard"], "engage", pack).split("\n")[0] == f"# yaml-language-server: $schema={SCHEMA_URL}"
    import json

    assert json.loads((ROOT / "docs" / "dossier.schema.json").read_text(encoding="utf-8"))["$id"] == SCHEMA_URL
    path = _init(tmp_path, capsys, ["dashboard"], "engage", "--schema", "../dossier.schema.json")
    assert path.read_text(encoding="utf-8").split("\n")[0] == "# yaml-language-server: $schema=../dossier.schema.json"


def test_scaffolds_validate_with_check_jsonschema(tmp_path, capsys):
    files = [
        _init(tmp_path, capsys, types, stage, "--name", "Tool: 'quoted' # name", name=f"{i}.yaml")
        for i, (types, stage) in enumerate(COMBOS)
    ]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(ROOT / "docs" / "dossier.schema.json"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The validator is not vacuous: a misspelt key in a scaffold fails it.
    bad = tmp_path / "bad.yaml"
    bad.write_text(files[0].read_text(encoding="utf-8").replace("\n  maturity:\n", "\n  maturty:\n"), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(ROOT / "docs" / "dossier.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "maturty" in proc.stdout + proc.stderr


def test_a_force_rule_that_tests_a_block_is_respected(tmp_path, capsys):
    force = tmp_path / "force-rules"
    force.mkdir()
    (force / "comms.yaml").write_text(
        "rules:\n  - id: FORCE-COMMS-001\n    title: Communications plan\n    severity: warning\n"
        "    section: communications\n    when: {non_empty: governance.communications}\n"
        "    check: {non_empty: governance.communications.proactive}\n"
        "    message: A communications block is started without proactive communications.\n"
        "    remediation: Describe them.\n    app_refs: [GOV-COMMS-01]\n    app_section: Communications\n"
        "    quote: proactive communications\n",
        encoding="utf-8",
    )
    plain = _init(tmp_path, capsys, ["dashboard"], "engage", name="plain.yaml").read_text(encoding="utf-8")
    path = _init(tmp_path, capsys, ["dashboard"], "engage", "--rules", str(force), name="force.yaml")
    text = path.read_text(encoding="utf-8")
    assert "  communications:\n" in plain
    assert "  communications:  # empty until you start it: uncomment the keys below\n" in text
    pack = load_pack([force])
    hand = _dump(_prune(load_text(text, "x").data))
    assert sorted(map(_same, run_text(pack, text).findings)) == sorted(map(_same, run_text(pack, hand).findings))


_PACK = load_pack()


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\ufeff\ufffe\uffff"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
def test_any_one_line_name_is_kept_exactly(name):
    text = render(["dashboard"], "engage", _PACK, name=name)
    assert load_text(text, "x").data["tool"]["name"] == name


def test_docs_say_what_check_reports_on_a_new_scaffold(pack):
    doc = (ROOT / "docs" / "init.md").read_text(encoding="utf-8")
    lfr = run_text(pack, render(["live_facial_recognition"], "engage", pack))
    dashboard = run_text(pack, render(["dashboard"], "engage", pack))
    assert f"(impact tier {lfr.assessment.tier}) gets {len(lfr.findings)} findings" in doc
    assert f"A dashboard at Engage gets {len(dashboard.findings)}." in doc
    named = set(re.findall(r"\b[A-Z]+-\d{3}\b", doc.split("## What `check` then reports")[1]))
    assert named - {"DPIA-001", "DP-002", "DP-003", "DP-004"} <= {f.rule_id for f in lfr.findings}
