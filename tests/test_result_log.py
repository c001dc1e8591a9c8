"""The run's results kept out of memory (ddtapp.checker.result_log), and reports written beside their target
before they are put in place (ddtapp.output.safe_write.PendingFile)."""

from __future__ import annotations

import os

import pytest

from ddtapp.checker import result_log
from ddtapp.checker.result_log import ResultLog
from ddtapp.output.safe_write import PendingFile
from tests.conftest import EXAMPLES, TODAY
from tests.helpers import run


@pytest.fixture
def results(pack):
    from ddtapp.checker.engine import check_file

    return [check_file(p, pack, TODAY).slim() for p in sorted(EXAMPLES.glob("*.yaml"))]


def test_the_log_gives_back_what_was_appended_in_order_as_often_as_asked(results):
    with ResultLog() as log:
        assert len(log) == 0 and list(log) == [] and not log
        for r in results * 3:
            log.append(r)
        assert len(log) == 3 * len(results) and log
        first, second = list(log), list(log)
        assert first == second == results * 3
        # two passes at once (a reporter inside another's loop) do not disturb each other
        pairs = [(a.file, b.file) for a in log for b in log]
        assert pairs == [(a.file, b.file) for a in results * 3 for b in results * 3]
        log.append(results[0])  # appending after reading
        assert list(log)[-1] == results[0] and len(log) == 3 * len(results) + 1


def test_a_large_log_moves_to_a_temporary_file(results, monkeypatch):
    monkeypatch.setattr(result_log, "SPOOL_BYTES", 10_000)
    with ResultLog(results * 20) as log:
        assert log._results._on_disk  # on disk, not in memory
        assert list(log) == results * 20


def test_the_text_reports_parts_are_kept_beside_the_results_in_order(results):
    parts = [(f"part {i}\n", i, 2 * i, 0, f"R-{i:03d}" if i % 2 else None) for i in range(len(results))]
    parts[0] = ('\n\nline › \ud800 \\n "q"\n', 1, 0, 0, "R\n1")  # kept as it is, whatever it holds
    with ResultLog() as log:
        assert log.texts() is None
        for result, part in zip(results, parts, strict=True):
            log.append(result, part)
        assert list(log.texts() or ()) == parts
        assert list(log.texts() or ()) == parts  # as often as a reporter needs
        log.append(results[0])  # a result without its part: no parts for the run
        assert log.texts() is None


def test_a_log_that_only_counts_keeps_the_texts_and_refuses_to_be_read_back(results):
    parts = [(f"part {i}\n", i, 0, 0, None) for i in range(len(results))]
    with ResultLog() as log:
        log.count_only()
        assert list(log.texts() or [None]) == []  # none yet (every dossier unreadable): no part to read
        for result, part in zip(results, parts, strict=True):
            log.append(result, part)
        assert len(log) == len(results) and log and log._results._end == 0  # nothing encoded
        assert list(log.texts() or ()) == parts
        with pytest.raises(RuntimeError):
            list(log)
        with pytest.raises(ValueError):
            log.append(results[0])  # without its text, the text report would miss it
    with ResultLog(results[:1]) as log, pytest.raises(ValueError):
        log.count_only()  # too late: a result is kept already


def test_only_a_run_whose_every_report_is_plain_text_counts_its_results(monkeypatch, capsys):
    """A run with another report (or the statistics) keeps its results: they are read back."""
    counted = []
    monkeypatch.setattr(ResultLog, "count_only", lambda self: counted.append(True))
    dossier = str(sorted(EXAMPLES.glob("*.yaml"))[0])
    day = ["--no-config", "--today", TODAY.isoformat()]
    run(["check", *day, dossier], capsys)
    assert counted == [True]
    run(["check", *day, "--format", "text", "--format", "json", dossier], capsys)
    run(["check", *day, "--statistics", dossier], capsys)
    assert counted == [True]


def test_a_pending_file_replaces_its_target_only_on_commit(tmp_path):
    target = tmp_path / "out" / "report.json"
    first = PendingFile(target)
    first.handle.write("one\n")
    assert not target.exists()
    first.commit()
    assert target.read_text(encoding="utf-8") == "one\n"
    second = PendingFile(target)
    second.handle.write("two\n")
    second.discard()
    assert target.read_text(encoding="utf-8") == "one\n"
    assert sorted(os.listdir(target.parent)) == ["report.json"]


def test_a_report_that_cannot_be_written_leaves_the_others_untouched(tmp_path, capsys):
    good = tmp_path / "good.sarif"
    good.write_text("old\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    dossier = str(EXAMPLES / "live-facial-recognition.yaml")
    code, _, err = run(["check", dossier, "-f", f"sarif:{good}", "-f", f"json:{blocker / 'sub' / 'r.json'}"], capsys)
    assert code == 2 and "cannot write the json report to" in err
    assert good.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["file", "good.sarif"]  # no temporary file left behind


def test_a_folder_or_the_same_file_twice_is_refused_before_anything_is_written(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    dossier = str(EXAMPLES / "live-facial-recognition.yaml")
    code, _, err = run(["check", dossier, "-f", "sarif:out.sarif", "-f", "json:reports"], capsys)
    assert code == 2 and "reports is a folder" in err
    code, _, err = run(["check", dossier, "-f", "sarif:out.json", "-f", "json:./out.json"], capsys)
    assert code == 2 and "two formats would be written to" in err
    assert sorted(os.listdir(tmp_path)) == ["reports"]


def test_the_log_holds_plain_json_that_gives_back_the_same_result_even_for_hostile_text(results):
    from dataclasses import replace

    from ddtapp.checker.result_log import decode, encode

    nasty = '\x00\x1b[31m\udcff \u2028 "quoted" {a: [1]}'
    first = next(r for r in results if r.findings)
    hostile = replace(
        first, findings=(replace(first.findings[0], message=nasty, waiver_reason=nasty), *first.findings[1:])
    )
    raw = encode(hostile.slim())
    assert raw.isascii() and raw.count(b"\n") == 0
    assert decode(raw) == hostile.slim()
    with ResultLog([hostile]) as log:
        assert list(log) == [hostile.slim()]
