"""The conventions of the checkers CI maintainers already trust (ruff, Spectral, check-jsonschema), through
the installed console script: -h, completion, help in words, choices in any case with "did you mean",
-q/-v/--statistics, '-' for standard input, one error style, summaries that count files, and output that
fits a terminal and is never padded in a pipe."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.console import DOSSIER, ddtapp, in_terminal, needs_script

pytestmark = needs_script

TODAY = "--today=2026-11-21"
COMMANDS = ["check", "rules", "explain", "schema", "register", "foi", "init", "render", "diff", "site"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_in_words(command):
    short, long = ddtapp(command, "-h"), ddtapp(command, "--help")
    assert short.returncode == 0 and short.stdout == long.stdout
    from typer.core import TyperOption

    symbols = ("<list[", "<str>", "<int", "<Path", "range>", "{", "}")
    # a number's range ("x>=0") is worded away through a method later Typers have; at the floor (0.13) it shows
    ranges = ("x>=",) if hasattr(TyperOption, "_get_number_range_help_str") else ()
    for python_ish in (*symbols, *ranges):
        assert python_ish not in short.stdout, (command, python_ish)


def test_render_help_lists_every_document():
    from ddtapp.documents.render import available_documents

    text = " ".join(ddtapp("render", "-h").stdout.split())
    for name in available_documents():
        assert name in text.replace("- ", "-")


def test_shell_completion_completes_commands_and_choices(tmp_path):
    env = {"_DDTAPP_COMPLETE": "complete_bash", "COMP_WORDS": "ddtapp ch", "COMP_CWORD": "1"}
    assert ddtapp(cwd=tmp_path, **env).stdout.split() == ["check"]
    env = {"_DDTAPP_COMPLETE": "complete_bash", "COMP_WORDS": "ddtapp check --color al", "COMP_CWORD": "3"}
    assert ddtapp(cwd=tmp_path, **env).stdout.split() == ["always"]
    script = ddtapp("--show-completion", "bash", SHELL="/bin/bash")
    assert script.returncode == 0 and "_DDTAPP_COMPLETE" in script.stdout


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["check", "x.yaml", "--fail-on", "warnin"], "'warning'"),
        (["check", "x.yaml", "-f", "sarfi"], "'sarif'"),
        (["check", "x.yaml", "--color", "nevr"], "'never'"),
        (["check", "x.yaml", "--severity", "FRT-004=warnign"], "'warning'"),
        (["register", "x.yaml", "--tier", "hihg"], "'high'"),
        (["register", "x.yaml", "--maturity", "operationl"], "'operational'"),
        (["register", "x.yaml", "-f", "cvs"], "'csv'"),
        (["foi", "x.yaml", "--type", "dashbord"], "'dashboard'"),
        (["render", "x.yaml", "--to", "dcx", "-o", "out"], "'docx'"),
        (["rules", "-f", "jsno"], "'json'"),
        (["init", "-", "-t", "dashbord", "-s", "engage"], "'dashboard'"),
        (["init", "-", "-t", "dashboard", "-s", "evolv"], "'evolve'"),
        (["check", "x.yaml", "--ignore", "DPIX"], "'DPIA'"),
        (["check", "x.yaml", "--select", "FRT,DPAI"], "'DPIA'"),
        (["register", "x.yaml", "--ignore", "STAKE,DPAI-001"], "'DPIA-001'"),
    ],
)
def test_every_choice_suggests_what_was_meant_in_click_usage_style(argv, suggestion):
    proc = ddtapp(*argv)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"Usage: ddtapp {argv[0]}"), proc.stderr
    assert f"Did you mean {suggestion}?" in proc.stderr


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["render", "{d}", "--stdout"], "Error: --stdout prints one document"),
        (["render", "{d}"], "Error: say where to write the drafts with --out DIR"),
        (["render", "{d}", "--doc", "dpia", "--stdout", "--to", "docx"], "Error: --stdout prints Markdown"),
        (["render", "{d}", "-o", "{t}/o", "--stdout", "--doc", "dpia"], "Error: give either --out DIR or --stdout"),
        (["render", "{d}", "-o", "{t}/o", "--reference-doc", "{d}"], "Error: --reference-doc is the Word template"),
        (["render", "{d}", "-o", "{t}/o", "--to", "xlsx", "--doc", "dpia"], "Error: --to xlsx writes the spreadsheet"),
        (["render", "{d}", "-o", "{t}/o", "--doc", "dpai"], "Error: Invalid value for --doc: no document called"),
        (["render", "{d}", "-o", "{t}/o", "--templates", "{t}/none"], "Error: Invalid value for --templates: "),
        (["render", "{d}", "-o", "{t}/o", "--to", "docx", "--marking", "A\nB"], "Error: Invalid value for --marking"),
        (["init", "-", "--stage", "evolv", "-t", "dashboard"], "--stage: 'evolv' is not one of"),
        (["init", "-", "--stage", "evolve"], "Error: Invalid value for --type: give the technology type"),
        (["init", "-", "--stage", "evolve", "-t", "dashboard", "--name", " "], "Error: Invalid value for --name: "),
        (["register", "{d}", "-f", "xlsx"], "Error: --format xlsx writes a spreadsheet file: give -o FILE.xlsx."),
        (["diff", "{d}"], "Error: give two dossiers, OLD and NEW"),
        (["migrate", "{t}", "--out", "-"], "Error: --out takes exactly one dossier"),
    ],
)
def test_every_usage_error_is_in_click_usage_style(tmp_path, argv, words):
    """Options that do not go together, or a value a command refuses once it runs, are usage errors like
    Click's own: the usage line, where to find help, then the error; exit 2, never ddtapp's input style."""
    d = tmp_path / "d.yaml"
    d.write_text(DOSSIER, encoding="utf-8")
    (tmp_path / "e.yaml").write_text(DOSSIER, encoding="utf-8")
    dated = [TODAY] if argv[0] in ("render", "register", "diff") else []
    proc = ddtapp(*[a.format(d=d, t=tmp_path).replace("\\n", "\n") for a in argv], *dated)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"Usage: ddtapp {argv[0]} "), proc.stderr
    assert f"Try 'ddtapp {argv[0]} -h' for help." in proc.stderr
    assert words in proc.stderr
    assert "ddtapp: " not in proc.stderr and not proc.stdout
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{d}", "--fail-on", "Error", "-f", "SARIF"],
        ["check", "{d}", "--color", "NEVER", "--fail-on", "WARNING"],
        ["register", "{d}", "--tier", "High", "-f", "JSON", "--maturity", "Operational"],
        ["render", "{d}", "--doc", "DPIA", "--stdout", "--to", "MD"],
        ["rules", "-f", "JSON"],
    ],
)
def test_choices_are_matched_in_any_case(tmp_path, argv):
    d = tmp_path / "d.yaml"
    d.write_text(DOSSIER, encoding="utf-8")
    extra = [TODAY] if argv[0] != "rules" else []
    proc = ddtapp(*[a.format(d=d) for a in argv], *extra)
    assert proc.returncode in (0, 1), proc.stderr


def test_a_typo_in_init_is_worded_as_every_other_choice():
    """``init -t typo`` says what every choice says: ``'typo' is not one of ...``, in Click's usage style."""
    init = ddtapp("init", "-", "-t", "typo", "-s", "engage").stderr
    fail_on = ddtapp("check", "x.yaml", "--fail-on", "typo").stderr
    assert init.startswith("Usage: ddtapp init ") and fail_on.startswith("Usage: ddtapp check ")
    assert "Error: Invalid value for --type: 'typo' is not one of live_facial_recognition, " in init
    assert "Error: Invalid value for --fail-on: 'typo' is not one of error, " in fail_on


@pytest.mark.parametrize("command", ["check", "register"])
def test_rule_lists_may_be_comma_separated_as_ruff_takes_them(tmp_path, command):
    d = tmp_path / "d.yaml"
    shutil.copy(EXAMPLES / "risk-scoring-engage.yaml", d)

    def open_ids(*flags: str) -> list[str]:
        proc = ddtapp(command, str(d), TODAY, "-f", "json", *flags)
        assert proc.returncode in (0, 1), proc.stderr
        data = json.loads(proc.stdout)
        if command == "check":
            return sorted(f["rule_id"] for f in data["files"][0]["findings"] if f["status"] == "open")
        return [f"{level}={n}" for level, n in sorted(data["tools"][0]["open_findings"].items())]

    everything = open_ids()
    repeated = open_ids("--ignore", "DPIA", "--ignore", "STAKE", "--severity", "GOV-001=info")
    assert repeated != everything
    assert open_ids("--ignore", "DPIA,STAKE", "--severity", "GOV-001=info") == repeated
    assert open_ids("--ignore", " dpia , stake ", "--severity", "GOV-001=info") == repeated
    assert open_ids("--select", "DPIA,STAKE") == open_ids("--select", "DPIA", "--select", "STAKE")
    empty = ddtapp(command, str(d), TODAY, "--ignore", "DPIA,")
    assert empty.returncode == 2 and "Error: Invalid value for --ignore: an empty item in 'DPIA,'" in empty.stderr


def test_dash_reads_a_dossier_from_standard_input():
    proc = ddtapp("check", "-", "-f", "json", TODAY, stdin=DOSSIER)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["file"] == "stdin"
    bad = ddtapp("check", "-", TODAY, stdin="schema_version: 1\ntool: [\n")
    assert bad.returncode == 2 and "stdin:" in bad.stdout + bad.stderr
    proc = ddtapp("register", "-", "-f", "json", TODAY, stdin=DOSSIER)
    assert proc.returncode == 0 and json.loads(proc.stdout)["count"] == 1


def _two_dossiers(tmp_path: Path) -> Path:
    folder = tmp_path / "dossiers"
    folder.mkdir()
    shutil.copy(EXAMPLES / "risk-scoring-engage.yaml", folder / "risk.yaml")
    shutil.copy(EXAMPLES / "demand-dashboard.yaml", folder / "dashboard.yaml")
    return folder


def test_quiet_lists_errors_only_and_statistics_count_per_rule(tmp_path):
    folder = _two_dossiers(tmp_path)
    full = ddtapp("check", str(folder), TODAY).stdout
    quiet = ddtapp("check", str(folder), TODAY, "-q").stdout
    assert re.search(r"\bwarning\b", full) and not re.search(r"  warning ", quiet)
    assert quiet.count("  error   ") == full.count("  error   ") > 0
    assert "Coming up" in full and "Coming up" not in quiet
    stats = ddtapp("check", str(folder), TODAY, "--statistics")
    assert stats.returncode == 1
    data = json.loads(ddtapp("check", str(folder), TODAY, "-f", "json").stdout)
    open_ = [f["rule_id"] for file in data["files"] for f in file["findings"] if f["status"] == "open"]
    for line in stats.stdout.splitlines()[:-1]:
        count, rule_id = line.split()[:2]
        assert int(count) == open_.count(rule_id)
    assert stats.stdout.splitlines()[-1].startswith(f"{len(open_)} open findings from")


def test_verbose_says_what_was_checked_on_stderr(tmp_path):
    proc = ddtapp("check", str(_two_dossiers(tmp_path)), TODAY, "-v", "-f", "json")
    json.loads(proc.stdout)  # stdout is still the report alone
    assert "ddtapp: checked 2 dossiers" in proc.stderr and "ddtapp: configuration: none found" in proc.stderr


def test_the_summary_counts_files_and_problems_share_one_style(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntool:\n  name: [x\n  force: y\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(DOSSIER, encoding="utf-8")
    proc = ddtapp("check", str(bad), str(good), TODAY)
    assert proc.returncode == 2
    assert "1 dossier checked, 1 dossier could not be read" in proc.stdout
    assert re.search(rf"^ddtapp: {re.escape(str(bad))}:\d+:\d+: ", proc.stdout, re.MULTILINE)
    to_file = ddtapp("check", str(bad), TODAY, "-f", "json:" + str(tmp_path / "r.json"))
    assert re.match(rf"ddtapp: {re.escape(str(bad))}:\d+:\d+: ", to_file.stderr)


def test_check_points_to_explain():
    proc = ddtapp("check", str(EXAMPLES / "risk-scoring-engage.yaml"), TODAY)
    m = re.search(r"ddtapp explain RULE-ID \(e\.g\. ddtapp explain ([A-Z]+-\d+)\)", proc.stdout)
    assert m and ddtapp("explain", m.group(1)).returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_60_column_terminal_gets_lines_wrapped_between_words():
    # relative to the repository, so that where the clone lives (a long absolute path is one unbreakable word)
    # does not decide the width of the header line
    code, out = in_terminal(
        "check", "examples/risk-scoring-engage.yaml", TODAY, "--color", "never", columns=60, cwd=EXAMPLES.parent
    )
    assert code == 1
    lines = out.splitlines()
    long_paths = [line for line in lines if line.strip().startswith("at ")]  # a dossier path is never broken
    assert all(len(line) <= 60 for line in lines if line not in long_paths)
    words = set(
        re.findall(
            r"[A-Za-z]+", " ".join(ddtapp("check", str(EXAMPLES / "risk-scoring-engage.yaml"), TODAY).stdout.split())
        )
    )
    assert set(re.findall(r"[A-Za-z]+", out)) <= words  # no word was cut in two
    assert all(line == line.rstrip() for line in lines)


def test_statistics_in_a_60_column_terminal_wrap_titles_between_words():
    argv = ("check", str(EXAMPLES / "risk-scoring-engage.yaml"), TODAY, "--statistics")
    code, out = in_terminal(*argv, "--color", "never", columns=60)
    assert code == 1
    piped = ddtapp(*argv).stdout
    assert any(len(line) > 60 for line in piped.splitlines())  # a pipe gets each line whole
    assert all(len(line) <= 60 and line == line.rstrip() for line in out.splitlines())
    assert out.split() == piped.split()  # the same words in the same order: none cut in two


def test_piped_output_is_neither_wrapped_nor_padded():
    proc = ddtapp("check", str(EXAMPLES / "risk-scoring-engage.yaml"), TODAY, COLUMNS="60")
    assert any(len(line) > 120 for line in proc.stdout.splitlines())  # whole lines, whatever COLUMNS says
    assert all(line == line.rstrip() for line in proc.stdout.splitlines())
    for columns in ("60", "250"):
        rules = ddtapp("rules", COLUMNS=columns).stdout.splitlines()
        assert rules == ddtapp("rules").stdout.splitlines()  # a pipe gets the same whatever COLUMNS says
        assert all(line == line.rstrip() for line in rules)
        # not laid out into columns padded with spaces (only a line's own indent): each line as long as its words
        assert not [line for line in rules if "   " in line.lstrip(" ")]
        assert max(map(len, rules)) < 200


def test_rules_lists_every_id_whole():
    from ddtapp.pack.rulepack import load_pack

    ids = {r.id for r in load_pack().rules}
    for columns in ("60", "200"):
        first_column = {line.split()[0] for line in ddtapp("rules", COLUMNS=columns).stdout.splitlines() if line}
        assert ids <= first_column
    for columns in (60, 130):
        code, out = in_terminal("rules", columns=columns, NO_COLOR="1")
        assert code == 0
        lines = out.splitlines()
        assert ids <= {line.split()[0] for line in lines if line.strip()}
        assert all(len(line.rstrip()) <= columns for line in lines)
    # at 60 columns no word is cut in two: every word printed is a word of the piped (unwrapped) listing
    code, out = in_terminal("rules", columns=60, NO_COLOR="1")
    assert set(out.split()) <= set(ddtapp("rules").stdout.split())
