"""bench/run.py and bench/floors.py without timing anything: the loaders' "same data" check, the choice of
the loader ddtapp is judged against, and a report in which the optional parsers are missing (the test
environment does not install the `bench` extra; nothing here needs it)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

import pytest

from tests.conftest import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


floors = _load("floors")
run = _load("run")


def test_dates_compare_as_text_and_differences_are_named():
    ddtapp = {"a": dt.date(2026, 1, 2), "b": [1, {"c": dt.datetime(2026, 1, 2, 3, 4)}]}
    core = {"a": "2026-01-02", "b": [1, {"c": "2026-01-02 03:04:00"}]}
    assert floors.first_difference(floors.normalise(ddtapp), floors.normalise(core)) is None
    assert floors.first_difference({"a": 1}, {"a": True}) == "a: ddtapp 1, floor True"
    assert floors.first_difference({"a": [1, 2]}, {"a": [1]}) == "a: 2 items in ddtapp's data, 1 in the floor's"
    assert floors.first_difference({"a": 1}, {"b": 1}).startswith(".a: only in ddtapp")
    assert "..." in floors.first_difference({"a": "x" * 100}, {"a": "y"})


def test_the_loaders_that_need_only_ddtapp_give_its_data(tmp_path):
    (tmp_path / "a.yaml").write_text("a: 2026-01-02\nb: [yes, 0o17, .inf, ~]\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("x: {y: 'z'}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a dossier", encoding="utf-8")
    assert floors.verify("ddtapp-loader", tmp_path) == (2, 2, "")
    assert floors.verify("ddtapp-compose", tmp_path) == (0, 2, "builds nodes, not data")
    assert floors.run("ddtapp-compose", tmp_path) == 2


def test_a_loader_that_is_not_installed_is_skipped_with_a_note(monkeypatch, tmp_path, capsys):
    missing = floors.Floor("absent", "a parser that is not installed", "no_such_module_ddtapp", "no-such-dist", True)
    assert not missing.available()
    monkeypatch.setitem(floors.BY_NAME, "absent", missing)
    assert floors.main(["run", "absent", str(tmp_path)]) == 3
    assert "no-such-dist is not installed" in capsys.readouterr().err
    monkeypatch.setattr(run.floors, "FLOORS", [missing, floors.BY_NAME["ddtapp-loader"]])
    res = run.Results()
    cmds = run.floor_cmds(res, tmp_path, {}, tmp_path)
    assert [c.argv[-2] for c in cmds] == ["ddtapp-loader"]
    assert "no-such-dist is not installed" in res.missing["loader absent"]


def _cmd(label: str, cpu: float, wall: float | None = None, rss: int = 30 * run.MB) -> run.Cmd:
    cmd = run.Cmd(label, [label], {})
    cmd.runs.append(run.Run(wall if wall is not None else cpu, cpu, rss, 0))
    return cmd


def _results(loaders: dict[str, tuple[float, tuple[int, int, str]]]) -> run.Results:
    res = run.Results()
    res.corpus.update(mid="1000", seed="1", generated="1 s", lines="400 lines", findings="x", single="d.yaml")
    res.info.update(
        date="today",
        mode="quick",
        parser="C",
        memory="GNU time",
        ddtapp="ddtapp",
        python="CPython 3.11 (x)",
        platform="Linux",
        cpu="cpu",
        load_start="0",
        versions="v",
    )
    c = res.cmds
    c["python"] = _cmd("python", 0.01)
    c["check1"], c["check1_nocache"], c["yamllint"] = _cmd("c1", 0.15), _cmd("c1n", 0.3), _cmd("yl", 0.16)
    c["check1_nobc"], c["yamllint_nobc"] = _cmd("c1b", 0.3), _cmd("ylb", 0.2)
    for n in (100, 1000, 5000):
        c[f"check{n}"] = _cmd(f"check{n}", n * 0.005)
        c[f"floor{n}"] = _cmd(f"floor{n}", n * 0.003)
    c["check_jobs1"] = _cmd("jobs1", 5.0)
    c["cjs"] = _cmd("cjs", 30.0)
    for name, (cpu, same) in loaders.items():
        c[f"floor_{name}"] = _cmd(name, cpu)
        res.same[name] = same
    return res


def test_ddtapp_is_judged_against_the_fastest_loader_with_positions_that_gives_the_same_data():
    res = _results(
        {
            "ddtapp-loader": (2.0, (1000, 1000, "")),  # ddtapp itself: never the yardstick
            "ddtapp-compose": (1.0, (0, 1000, "builds nodes, not data")),
            "pyyaml-c-nodes": (3.0, (1000, 1000, "")),
            "pyyaml-c": (2.5, (999, 1000, "d.yaml: a: ddtapp 'no', floor False")),  # not the same data
            "yaml-rs": (0.5, (1000, 1000, "")),  # no positions
        }
    )
    assert run.fastest_floor(res, positions=True).label == "pyyaml-c-nodes"
    assert run.fastest_floor(res, positions=False).label == "yaml-rs"
    opts = run.Options(False, 5, 3, (100, 1000, 5000), 1, None, False)
    text = run.report(res, opts)
    row = next(line for line in text.splitlines() if "fastest loader that gives the same data with positions" in line)
    assert "| 1.67× | 1.67× | ≤ 1.5× that loader | **MISS** | **MISS** |" in row
    row = next(line for line in text.splitlines() if "against check-jsonschema (times faster)" in line)
    assert "| 6.00× | 6.00× | ≥ 5× faster | **PASS** | **PASS** |" in row
    assert "999 of 1,000 (first difference: d.yaml: a: ddtapp 'no', floor False)" in text


def test_a_report_without_the_optional_parsers_says_so_and_judges_nothing_against_them():
    res = _results({"ddtapp-loader": (2.0, (1000, 1000, ""))})
    res.missing["loader yaml-rs"] = "yaml-rs is not installed (`pip install -e '.[bench]'`)"
    opts = run.Options(False, 5, 3, (100, 1000, 5000), 1, None, False)
    text = run.report(res, opts)
    row = next(line for line in text.splitlines() if "fastest loader that gives the same data with positions" in line)
    assert "no such floor ran: not available" in row and "not measured" in row
    assert "- loader yaml-rs: yaml-rs is not installed" in text
    assert "| yaml-rs (Rust), `yaml_rs.loads` | yaml-rs | — | not installed |" in text


@pytest.mark.parametrize("name", [f.name for f in floors.FLOORS])
def test_every_loader_has_a_way_to_load(name):
    assert callable(floors.LOADERS[name])


def test_the_page_says_how_many_runs_each_corpus_had():
    """The middle corpus (1,000) is measured with --repeat like every other group; only larger corpora get
    --repeat-large (the page once said "3 at 1,000" of a run that ran 1,000 five times)."""
    opts = run.Options(False, 5, 3, (100, 1000), 1, None, False)
    assert run.runs_said(opts, [100, 1000], 1000) == "5 runs of each command"
    opts = run.Options(False, 5, 3, (100, 1000, 5000), 1, None, False)
    assert run.runs_said(opts, [100, 1000, 5000], 1000) == "5 runs of each command, 3 at 5,000 dossiers"
