"""`ddtapp check` over many files: folders, globs, broken files, several reports in one run,
configuration files, and progress on stderr."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ddtapp.loading.discover import discover, looks_like_dossier
from tests.helpers import CLEAN, WARNS, run

BROKEN = CLEAN.replace("  force: Example Constabulary\n", "  force: [unclosed\n")
NOT_A_DOSSIER = "stages:\n  - deploy\nscript: [echo hi]\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A force's policy repository: dossiers in folders, other YAML beside them, an archive."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DDTAPP_CONFIG", raising=False)
    monkeypatch.delenv("DDTAPP_FAIL_ON", raising=False)
    files = {
        "dossiers/dashboard.yaml": CLEAN,
        "dossiers/custody/risk.yml": WARNS,
        "dossiers/archive/old.yaml": WARNS,
        "dossiers/.hidden/secret.yaml": WARNS,
        "dossiers/notes.txt": "not yaml",
        ".gitlab-ci.yml": NOT_A_DOSSIER,
        "rules/force.yaml": "rules: []\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _files(result) -> list[str]:
    return [Path(f).as_posix() for f in result.files]


def test_a_folder_is_searched_recursively_for_dossiers_only(repo):
    found = discover(["."])
    assert _files(found) == ["dossiers/archive/old.yaml", "dossiers/custody/risk.yml", "dossiers/dashboard.yaml"]
    assert sorted(Path(s).as_posix() for s in found.skipped) == [".gitlab-ci.yml", "rules/force.yaml"]


def test_exclude_patterns_leave_out_files_and_folders(repo):
    assert _files(discover(["dossiers"], exclude=["archive/*"])) == [
        "dossiers/custody/risk.yml",
        "dossiers/dashboard.yaml",
    ]
    assert _files(discover(["dossiers"], exclude=["archive"])) == [
        "dossiers/custody/risk.yml",
        "dossiers/dashboard.yaml",
    ]
    assert _files(discover(["dossiers"], include=["*.yml"])) == ["dossiers/custody/risk.yml"]


def test_globs_are_expanded_and_a_glob_matching_nothing_is_a_problem(repo):
    assert _files(discover(["dossiers/**/*.yml"])) == ["dossiers/custody/risk.yml"]
    found = discover(["nowhere/**/*.yaml"])
    assert found.files == [] and found.problems[0].message == "no YAML file matches this pattern"


def test_a_named_file_is_always_checked_unless_dossiers_only(repo):
    assert _files(discover([".gitlab-ci.yml"])) == [".gitlab-ci.yml"]
    assert discover([".gitlab-ci.yml"], dossiers_only=True).files == []
    assert _files(discover(["dossiers/dashboard.yaml", "./dossiers/dashboard.yaml"])) == ["dossiers/dashboard.yaml"]


def test_the_dossier_sniff_needs_both_top_level_keys(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("schema_version: 2\nnested:\n  tool: x\n", encoding="utf-8")
    assert not looks_like_dossier(p)
    p.write_text("# c\nschema_version: 2\ntool:\n  name: x\n", encoding="utf-8")
    assert looks_like_dossier(p)


def test_one_broken_file_does_not_stop_the_others_and_the_exit_code_is_the_worst(repo, capsys):
    (repo / "dossiers/broken.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, err = run(["check", "dossiers", "-f", "json", "--fail-on", "warning", "--today", "2026-11-21"], capsys)
    assert code == 2
    report = json.loads(out)
    assert [Path(f["file"]).as_posix() for f in report["files"]] == [
        "dossiers/archive/old.yaml",
        "dossiers/custody/risk.yml",
        "dossiers/dashboard.yaml",
    ]
    assert [Path(e["file"]).as_posix() for e in report["errors"]] == ["dossiers/broken.yaml"]
    # located where the unclosed '[' was opened, not where the parser gave up
    assert (report["errors"][0]["line"], report["errors"][0]["column"]) == (5, 10)
    assert "a list opened with '[' on line 5 is not closed" in report["errors"][0]["message"]
    assert "dossiers/broken.yaml:5:10:" in err.replace(os.sep, "/")


def test_exit_code_without_broken_files_reflects_findings(repo, capsys):
    assert run(["check", "dossiers", "--fail-on", "warning", "--no-color"], capsys)[0] == 1
    assert run(["check", "dossiers/dashboard.yaml", "--fail-on", "warning"], capsys)[0] == 0


def test_no_dossiers_found_is_exit_2_with_advice(repo, capsys):
    code, _, err = run(["check", "rules"], capsys)
    assert code == 2 and "no dossiers found in rules" in err


def test_dossiers_only_with_only_other_yaml_is_clean(repo, capsys):
    code, out, err = run(["check", "--dossiers-only", ".gitlab-ci.yml", "rules/force.yaml"], capsys)
    assert (code, out, err) == (0, "", "")


def test_several_formats_in_one_run(repo, capsys):
    code, out, err = run(
        [
            "check",
            "dossiers",
            "-f",
            "json:out/r.json",
            "-f",
            "text",
            "-f",
            "json:out/again.json",
            "--no-color",
            "--today",
            "2026-11-21",
        ],
        capsys,
    )
    assert code == 0, err
    assert "3 dossiers checked" in out
    first = (repo / "out/r.json").read_text(encoding="utf-8")
    assert json.loads(first)["files"][0]["tool"] == "Aggregate demand dashboard"
    assert first == (repo / "out/again.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["-f", "xml"], "'xml' is not one of text, json"),
        (["-f", "json:"], "give a file after the colon"),
        (["-f", "json", "-f", "text", "-o", "r.json"], "--output goes with exactly one format"),
        (["-f", "json:r.json", "-f", "text:r.json"], "two formats would be written to r.json"),
    ],
)
def test_bad_format_specs_are_usage_errors(repo, capsys, argv, message):
    code, _, err = run(["check", "dossiers", *argv], capsys)
    assert code == 2 and message in err
    assert not (repo / "r.json").exists()


def test_output_still_works_with_one_format(repo, capsys):
    code, out, _ = run(["check", "dossiers/dashboard.yaml", "-f", "json", "-o", "r.json"], capsys)
    assert code == 0 and out == ""
    assert json.loads((repo / "r.json").read_text(encoding="utf-8"))["version"] == 1


def test_progress_is_silent_when_not_a_terminal(repo, capsys, monkeypatch):
    monkeypatch.setattr("ddtapp.commands.check.PROGRESS_MIN_FILES", 1)
    code, _, err = run(["check", "dossiers", "-f", "json"], capsys)
    assert code == 0 and err == ""


def test_progress_can_be_forced_and_goes_to_stderr(repo, capsys):
    code, out, err = run(["check", "dossiers", "-f", "json", "--progress"], capsys)
    assert code == 0
    assert "checking" in err and "3/3" in err
    json.loads(out)  # stdout holds only the report


def test_progress_is_off_in_ci_even_on_a_terminal(repo, monkeypatch):
    import datetime as dt
    import sys

    from ddtapp.commands.check import CheckOptions, _show_progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    opts = CheckOptions(paths=["."], today=dt.date(2026, 11, 21))
    monkeypatch.delenv("CI", raising=False)
    assert _show_progress(opts, 50) is True
    assert _show_progress(opts, 2) is False
    monkeypatch.setenv("CI", "true")
    assert _show_progress(opts, 50) is False


def test_parallel_checking_gives_the_same_report_as_serial(repo, capsys):
    for i in range(40):
        (repo / f"dossiers/many/d{i:02d}.yaml").parent.mkdir(exist_ok=True)
        (repo / f"dossiers/many/d{i:02d}.yaml").write_text(WARNS if i % 3 else CLEAN, encoding="utf-8")
    (repo / "dossiers/many/broken.yaml").write_text(BROKEN, encoding="utf-8")
    serial = run(["check", "dossiers", "-f", "json", "-j", "1", "--today", "2026-11-21"], capsys)
    parallel = run(["check", "dossiers", "-f", "json", "-j", "2", "--today", "2026-11-21"], capsys)
    assert serial[0] == parallel[0] == 2
    assert serial[1] == parallel[1]
    assert len(json.loads(parallel[1])["files"]) == 43


def test_jobs_are_automatic_only_when_there_are_enough_dossiers(monkeypatch):
    from ddtapp.checker import batch

    monkeypatch.setattr(batch, "available_cpus", lambda: 2)
    assert batch.jobs_for(5) == 1
    assert batch.jobs_for(batch.PARALLEL_MIN_FILES - 1) == 1
    assert batch.jobs_for(1000) == 2
    assert batch.jobs_for(1000, requested=1) == 1
    assert batch.jobs_for(3, requested=8) == 3


def test_an_internal_error_in_a_worker_is_exit_3(repo, capsys, monkeypatch):
    from ddtapp.checker import batch

    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "check_file", boom)
    code, _, err = run(["check", "dossiers", "-j", "2"], capsys)
    assert code == 3 and "internal error (RuntimeError)" in err


def test_a_parallel_run_holds_a_bounded_window_of_results(monkeypatch):
    """However many dossiers there are, the parent hands out only a few chunks ahead of the one it reads,
    so the results waiting for their turn (and so its memory) do not grow with the run."""
    import concurrent.futures
    import datetime as dt

    from ddtapp.checker import batch
    from ddtapp.pack.rulepack import load_pack

    handed = []

    class Counting(concurrent.futures.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            handed.append(1)
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    files = [f"missing-{i:03d}.yaml" for i in range(40 * batch.CHUNK)]  # each one a quick input problem
    ahead = []
    for read, (kept, problems) in enumerate(batch.check_many(files, load_pack(), dt.date(2026, 11, 21), jobs=2), 1):
        assert kept is None and problems
        ahead.append(len(handed) * batch.CHUNK - read)
    assert len(ahead) == len(files) and len(handed) == 40
    assert max(ahead) < (2 * batch.AHEAD + 1) * batch.CHUNK  # all at once would be 639


def test_the_collector_runs_every_few_dossiers_while_they_are_checked_and_as_before_after(monkeypatch):
    """Automatic collection is held back while dossiers are checked (it walked each dossier's live tree
    again and again); cyclic garbage is still collected every COLLECT_EVERY dossiers, and the collector is
    as it was once the run ends, or stops early."""
    import gc

    from ddtapp.checker import batch

    def outcomes():
        for i in range(5 * batch.COLLECT_EVERY):
            assert not gc.isenabled()
            cycle: list[object] = [i]
            cycle.append(cycle)  # garbage only the collector can free
            del cycle
            yield None, []

    assert gc.isenabled()
    uncollected = []
    for _ in batch._collected_sparingly(outcomes()):
        alive = [o for o in gc.get_objects(generation=0) if isinstance(o, list) and o and o[-1] is o]
        uncollected.append(len(alive))
    assert gc.isenabled() and len(uncollected) == 5 * batch.COLLECT_EVERY
    assert 0 < max(uncollected) <= batch.COLLECT_EVERY  # bounded: never more than a few dossiers' garbage

    def large():  # each dossier leaves a ring of 1,000 objects
        for _ in range(3 * batch.COLLECT_EVERY):
            ring: list[object] = [[] for _ in range(1000)]
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                a.append(b)  # type: ignore[attr-defined]
            del ring
            yield None, []

    monkeypatch.setattr(batch, "SURVIVORS_MAX", 500)  # so much garbage is collected at once
    rings = []
    for _ in batch._collected_sparingly(large()):
        rings.append(sum(1 for o in gc.get_objects(generation=0) if isinstance(o, list) and len(o) == 1))
    assert max(rings) <= 1000  # one dossier's ring at most
    stopped = batch._collected_sparingly(outcomes())
    next(stopped)
    assert not gc.isenabled()
    stopped.close()  # the run stops early (an error, Ctrl-C)
    assert gc.isenabled()


def test_one_job_asked_for_does_not_import_multiprocessing():
    """``--jobs 1`` is one process whatever multiprocessing says: its import (32 M instructions) is spared."""
    import subprocess
    import sys

    code = (
        "import sys; from ddtapp.checker.batch import jobs_for; "
        "print(jobs_for(1000, 1), jobs_for(2, 1), 'multiprocessing' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "1", "False"]
