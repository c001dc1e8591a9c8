"""``ddtapp migrate`` and reading older dossiers: version 1 becomes version 2 with its comments, key order and
quoting kept; what cannot be mapped is listed at its line; migrating again changes nothing; ``check`` reads a
version 1 dossier in memory and says once that ``migrate`` will rewrite it."""

from __future__ import annotations

from ddtapp.dossier.migrate import STEPS, migrate_data
from ddtapp.dossier.version import SCHEMA_VERSION
from ddtapp.loading.yaml_loader import load_text
from tests.conftest import EXAMPLES, run_text
from tests.helpers import V1, run


def _migrate(tmp_path, capsys, text=V1, *extra):
    path = tmp_path / "lfr.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["migrate", str(path), *extra], capsys)
    return path, code, out, err


def test_a_version_1_dossier_is_rewritten_keeping_comments_order_and_quoting(tmp_path, capsys):
    path, code, _, err = _migrate(tmp_path, capsys)
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    for line in V1.splitlines():
        if "#" in line:
            assert line.split("#", 1)[1] in text, line  # every comment is kept
    assert text.startswith("# A version 1 dossier") and "schema_version: 2\n" in text
    assert 'name: "Westshire LFR"   # quoted on purpose' in text
    assert "description: 'Persons of possible interest for intelligence purposes'" in text
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top == ["schema_version", "stage", "tool", "governance", "engage", "evolve", "validation", "risk_register"]
    data = load_text(text, "lfr.yaml").data
    tests = data["validation"]["tests"]
    assert [t["purpose"] for t in tests] == [["demographic"], ["accuracy"]]
    assert tests[0]["threshold"] == 0.6 and tests[0]["summary"].startswith("A higher false alert rate")
    assert tests[0]["disparities"] == [{"action": "Noted; will monitor."}]
    assert "demographic_testing" not in data["engage"]["legal_framework"]["psed"]
    assert "force_data_testing" not in data["evolve"]["design"]
    category = data["governance"]["privacy_policy"]["person_of_interest_databases"][0]["categories"][0]
    assert category == {"category": "other", "description": "Persons of possible interest for intelligence purposes"}


def test_what_could_not_be_mapped_is_listed_at_its_line(tmp_path, capsys):
    path, _, out, _ = _migrate(tmp_path, capsys)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert f"{path}: migrated from schema version 1 to 2" in out
    notes = [line.strip() for line in out.splitlines() if "not mapped structurally" in line]
    assert len(notes) == 5  # watchlist text; tester unknown; the disparity's decision; two tests' versions
    watchlist = next(n for n in notes if "watchlist criteria" in n)
    line = int(watchlist.split(":")[1])
    assert lines[line - 1].strip() == "- category: other"


def test_migrating_twice_changes_nothing(tmp_path, capsys):
    path, *_ = _migrate(tmp_path, capsys)
    once = path.read_bytes()
    code, out, _ = run(["migrate", str(path)], capsys)
    assert code == 0 and "already schema version 2, unchanged" in out
    assert path.read_bytes() == once
    for example in sorted(EXAMPLES.glob("*.yaml")):  # the examples are current already
        before = example.read_bytes()
        code, out, _ = run(["migrate", str(example), "--dry-run"], capsys)
        assert code == 0 and "unchanged" in out and example.read_bytes() == before


def test_the_migrated_dossier_gets_the_findings_check_gives_the_original(tmp_path, capsys, pack):
    in_memory = run_text(pack, V1)
    path, *_ = _migrate(tmp_path, capsys)
    on_disk = run_text(pack, path.read_text(encoding="utf-8"))
    assert sorted((f.rule_id, f.path) for f in in_memory.findings) == sorted(
        (f.rule_id, f.path) for f in on_disk.findings
    )
    rules = {f.rule_id for f in on_disk.findings}
    assert {"WATCH-001", "PSED-006", "FRT-009"} <= rules  # the free text is flagged, not passed


def test_findings_on_a_version_1_dossier_point_at_the_lines_written(pack):
    result = run_text(pack, V1)
    watch = next(f for f in result.findings if f.rule_id == "WATCH-001")
    assert V1.splitlines()[watch.line - 1].strip().startswith("inclusion_criteria:")
    disparity = next(f for f in result.findings if f.rule_id == "PSED-006")
    assert V1.splitlines()[disparity.line - 1].strip().startswith("actions:")


def test_out_writes_elsewhere_and_dash_prints(tmp_path, capsys):
    target = tmp_path / "v2.yaml"
    path, code, out, _ = _migrate(tmp_path, capsys, V1, "--out", str(target))
    assert code == 0 and path.read_text(encoding="utf-8") == V1
    assert "schema_version: 2" in target.read_text(encoding="utf-8")
    code, out, err = run(["migrate", str(path), "--out", "-"], capsys)
    assert code == 0 and out == target.read_text(encoding="utf-8") and "migrated" in err


def test_a_dossier_with_errors_is_reported_and_left_alone(tmp_path, capsys):
    bad = V1.replace("  maturity: operational", "  maturity: operatonal")
    path, code, _, err = _migrate(tmp_path, capsys, bad)
    assert code == 2 and path.read_text(encoding="utf-8") == bad
    assert f"{path}:8:3:" in err and "operational" in err
    broken = "schema_version: 1\ntool: [\n"
    path, code, _, err = _migrate(tmp_path, capsys, broken)
    assert code == 2 and path.read_text(encoding="utf-8") == broken and "YAML syntax error" in err


def test_check_reads_version_1_and_says_once_to_migrate(tmp_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(V1, encoding="utf-8")
    code, _, err = run(["check", str(tmp_path), "--today", "2026-11-21"], capsys)
    assert code == 1  # findings, not a schema error
    assert err.count("ddtapp migrate") == 1 and "2 dossiers use an older schema_version" in err


def test_the_chain_of_steps_reaches_the_current_version():
    assert sorted(STEPS) == list(range(1, SCHEMA_VERSION))
    assert migrate_data({"schema_version": SCHEMA_VERSION}) is None
    assert migrate_data({"schema_version": 99}) is None
    data = {"schema_version": 1, "stage": "engage"}
    migration = migrate_data(data)
    assert migration is not None and migration.from_version == 1 and data == {"schema_version": 2, "stage": "engage"}


def test_the_benchmark_corpus_checks_without_a_schema_error(tmp_path, capsys):
    from tests.helpers import bench_generator

    bench_generator().write_corpus(tmp_path / "bench", 30, 5)
    code, _, err = run(["check", str(tmp_path / "bench"), "--today", "2026-11-21", "--format", "json"], capsys)
    assert code in (0, 1), err
