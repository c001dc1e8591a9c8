"""Regression tests for the second hostile-input review (issue 21): injection, odd files, secrets, the cache,
templates, force packs, exit codes. Each reproducer runs ddtapp in a child process in a temporary folder
with a time and a memory limit (tests/hostile_run.py); FIFOs and device nodes are made there."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from pathlib import Path

import pytest

from ddtapp import __version__
from ddtapp.output.neutralise import neutralise, neutralise_block
from tests.hostile_run import TODAY, ddtapp, example, files_in, one_located, with_field

# ----------------------------------------------------------------- 5: terminal and CI-log injection


def test_a_tool_name_cannot_start_a_workflow_command_or_drive_the_terminal(tmp_path):
    name = '"::stop-commands::x\\e[2J\\e]8;;http://evil\\a link\\e]8;;\\a"'
    (tmp_path / "d.yaml").write_text(with_field(example(), "name", name), encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY)
    assert ran.code in (0, 1), ran.err
    assert "\x1b" not in ran.out and "\x07" not in ran.out
    assert not any(line.lstrip().startswith("::") for line in ran.out.splitlines())
    assert "\\::stop-commands::x\\x1b[2J" in ran.out


def test_an_unknown_key_with_a_new_line_stays_on_its_line(tmp_path):
    text = example().replace("  purpose:", '  "bad\\n::error::forged": 1\n  purpose:', 1)
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    for args in (["-f", "json:out.json"], []):
        ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, *args)
        assert ran.code == 2
        assert not any(line.lstrip().startswith("::") for line in (ran.out + ran.err).splitlines())
        assert "bad\\n::error::forged" in one_located(ran.out + ran.err, "d.yaml")


def test_a_file_name_with_escapes_is_shown_not_obeyed(tmp_path):
    (tmp_path / "a\x1b[2Jb\n::warning::x.yaml").write_text("- not a dossier\n", encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "a\x1b[2Jb\n::warning::x.yaml", "-f", "json:r.json", "--today", TODAY)
    assert ran.code == 2
    assert "\x1b" not in ran.err and "\\x1b[2Jb\\n::warning::x.yaml" in ran.err


def test_the_neutraliser():
    assert neutralise("::add-mask::x") == "\\::add-mask::x"
    assert neutralise("a\nb\r\t\x00\x9b\u202e\ud8ff") == "a\\nb\\r\\t\\x00\\x9b\\u202e\\ud8ff"
    assert neutralise_block("one\n  ::error::two\n##vso[task.x]") == "one\n  \\::error::two\n#\\#vso[task.x]"
    assert neutralise("a :: b") == "a :: b"  # only a line's start is a command


def test_a_force_rule_message_cannot_forge_annotations_in_the_text_report(tmp_path):
    pack = tmp_path / "force"
    pack.mkdir()
    (pack / "force.yaml").write_text(
        "rules:\n  - id: NSP-X-001\n    title: t\n    severity: warning\n    section: scope\n"
        '    check: {is_true: tool.nothing}\n    message: "fine\\n::error file=x::forged\\e[31m"\n'
        "    remediation: r\n    app_refs: [GOV-GOVN-01]\n    app_section: s\n    quote: q\n",
        encoding="utf-8",
    )
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--rules", "force", "--today", TODAY)
    assert ran.code == 0, ran.err
    assert "fine\\n::error file=x::forged\\x1b[31m" in ran.out
    assert not any(line.lstrip().startswith("::") for line in ran.out.splitlines())


# ----------------------------------------------------------------- 6: file names that are not UTF-8


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "gitlab", "markdown"])
def test_a_file_name_that_is_not_utf8(tmp_path, fmt):
    os.makedirs(tmp_path / "p")
    (tmp_path / "p" / os.fsdecode(b"r\xff.yaml")).write_text(example("risk-scoring-engage"), encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "p", "-f", f"{fmt}:report", "--today", TODAY)
    assert ran.code == 1, ran.err
    text = (tmp_path / "report").read_bytes().decode("utf-8")  # valid UTF-8
    assert "xff.yaml" in text  # the name as reports show it (the bad byte written as \\xff)


# ----------------------------------------------------------------- 7: long lists are linear


def _waivers(n: int) -> str:
    waivers = "".join(f"  - {{rule: DPIA-00{i % 9 + 1}, path: x{i}, reason: r{i}}}\n" for i in range(n))
    return example("risk-scoring-engage") + "waivers:\n" + waivers


def _documents(n: int) -> str:
    text = example("live-facial-recognition")
    at = text.index("  documents:\n", text.index("governance:")) + len("  documents:\n")
    docs = "".join(f"    - {{type: governance_minutes, title: m{k}, status: approved}}\n" for k in range(n))
    return text[:at] + docs + text[at:]


@pytest.mark.parametrize("command", ["check", "render", "register"])
@pytest.mark.parametrize("make", [lambda: _waivers(30_000), lambda: _documents(20_000)], ids=["waivers", "documents"])
def test_thirty_thousand_waivers_or_twenty_thousand_documents_are_over_the_value_limit(tmp_path, command, make):
    """Linear, but 6 to 11 s of CPU in render (140,000 to 210,000 values): refused at once by the loader's
    documented limit on values in a file (MAX_NODES, docs/security.md), at the value past it."""
    (tmp_path / "d.yaml").write_text(make(), encoding="utf-8")
    extra = ["--out", "o"] if command == "render" else []
    ran = ddtapp(tmp_path, command, "d.yaml", "--today", TODAY, *extra, seconds=60)  # about 1.7 s of CPU
    assert ran.code == 2, ran.err[-500:]
    assert "holds more than 25,000 values" in one_located(ran.err + ran.out, "d.yaml")
    assert not (tmp_path / "o").exists()


def test_documents_up_to_the_value_limit_render(tmp_path):
    """3,300 documents, just under the limit: every document renders (about 2.3 s of CPU on the machine this
    was measured on; the time limit here allows for a loaded CI runner)."""
    (tmp_path / "d.yaml").write_text(_documents(3_300), encoding="utf-8")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--out", "o", "--today", TODAY, seconds=60)
    assert ran.code in (0, 1), ran.err[-500:]
    assert len(list((tmp_path / "o").glob("*.md"))) == 8


def test_the_register_entry_is_linear_in_documents(tmp_path):
    """register compared each document with every earlier one through pydantic's __eq__ (12.8 s of CPU at
    4,000 documents, minutes at 20,000); the same document recorded twice is still listed once."""
    import time

    from ddtapp.checker.engine import check_file
    from ddtapp.force.register import entry_of
    from ddtapp.pack.rulepack import load_pack

    text = _documents(3_300)
    at = text.index("    - {type: governance_minutes, title: m0,")
    (tmp_path / "d.yaml").write_text(
        text[:at] + "    - {type: governance_minutes, title: m7, status: approved}\n" + text[at:]
    )
    result = check_file(tmp_path / "d.yaml", load_pack(), dt.date(2026, 11, 21))
    started = time.process_time()
    entry = entry_of(result, dt.date(2026, 11, 21))
    assert time.process_time() - started < 2.0  # about 0.1 s; quadratic, about 8 s
    titles = [d.title for d in entry.documents]
    assert titles.count("m7") == 1 and titles.count("m3299") == 1


# ----------------------------------------------------------------- 8: FIFOs, devices, /dev/zero


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _zero_device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # the /dev/zero device, made in the test folder
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize("make", [_fifo, _zero_device])
def test_a_dossier_that_is_a_fifo_or_a_device_is_refused(tmp_path, make):
    make(tmp_path / "d.yaml")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json:r.json")
    assert ran.code == 2
    assert "not a regular file" in one_located(ran.err, "d.yaml")


def test_a_link_to_a_device_is_refused(tmp_path):
    _zero_device(tmp_path / "zero")
    (tmp_path / "d.yaml").symlink_to(tmp_path / "zero")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json:r.json")
    assert ran.code == 2
    assert "character device" in ran.err


def test_discovery_skips_a_fifo_and_says_so(tmp_path):
    (tmp_path / "good.yaml").write_text(example(), encoding="utf-8")
    _fifo(tmp_path / "pipe.yaml")
    ran = ddtapp(tmp_path, "check", ".", "--today", TODAY)
    assert ran.code == 0, ran.err
    assert "skipped ./pipe.yaml: it is a FIFO (named pipe), not a regular file" in ran.err


def test_a_fifo_among_force_rules_or_templates_or_as_the_manifest(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "rules").mkdir()
    _fifo(tmp_path / "rules" / "force.yaml")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--rules", "rules", "--today", TODAY)
    assert ran.code == 2 and "not a regular file" in ran.err
    (tmp_path / "t").mkdir()
    _fifo(tmp_path / "t" / "x.md.j2")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY)
    assert ran.code == 2 and "not a regular file" in ran.err
    (tmp_path / "o2").mkdir()
    _fifo(tmp_path / "o2" / ".ddtapp-render.json")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--out", "o2", "--today", TODAY)
    assert ran.code == 2 and "not a manifest" in ran.err


def _zero_link(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def _dangling_link(path: Path) -> Path:
    path.symlink_to(path.with_name("nowhere"))
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "a FIFO (named pipe)"),
        (_zero_link, "a character device"),
        (_dangling_link, "a symbolic link to nothing"),
    ],
)
@pytest.mark.parametrize("name", [".ddtapp.yaml", "pyproject.toml"])
def test_a_configuration_that_is_not_a_regular_file_is_refused(tmp_path, make, kind, name):
    """Found by the walk-up, it is refused with one located message and exit 2: not read (a FIFO would block,
    /dev/zero never ends) and not passed over as if there were no configuration."""
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    make(tmp_path / name)
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json:r.json")
    assert ran.code == 2, ran.err
    assert f"{name}:1:1: is {kind}" in one_located(ran.err, name)
    assert len(ran.err.strip().splitlines()) == 1 and not (tmp_path / "r.json").exists()
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "--no-config")  # and only it is refused
    assert ran.code == 0, ran.err


def test_a_configuration_given_by_path_that_is_a_fifo_is_refused(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    _fifo(tmp_path / "c.yaml")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "--config", "c.yaml")
    assert ran.code == 2
    assert "c.yaml:1:1: is a FIFO (named pipe), not a regular file" in one_located(ran.err, "c.yaml")


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("dpia.md.j2", _zero_link, "is a character device, not a regular file"),  # overrides a built-in one
        ("extra.md.j2", _zero_link, "is a character device, not a regular file"),
        ("_partial.md.j2", _fifo, "is a FIFO (named pipe), not a regular file"),
        ("dpia.md.j2", _dangling_link, "is a symbolic link to nothing"),
    ],
)
def test_a_force_template_that_is_not_a_regular_file_is_refused(tmp_path, name, make, says):
    """Not read, and not silently replaced by ddtapp's own template of the same name: exit 2, one message,
    nothing written."""
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    make(tmp_path / "t" / name)
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY)
    assert ran.code == 2, ran.err
    assert f"{name}:1:1: {says}" in one_located(ran.err, name) and f"t/{name}:1:1:" in ran.err
    assert len(ran.err.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


def test_a_force_template_linked_out_of_its_folder_is_refused(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "elsewhere.md.j2").write_text("# mine\n", encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "dpia.md.j2").symlink_to(tmp_path / "elsewhere.md.j2")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY)
    assert ran.code == 2, ran.err
    assert "dpia.md.j2:1:1: is a symbolic link to a file outside the template folder" in ran.err
    assert not (tmp_path / "o").exists()


def test_a_cache_that_is_a_fifo_or_dev_zero_is_ignored(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    _fifo(cache / f"rulepack-{__version__}.json")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, env={"DDTAPP_CACHE_DIR": str(cache)})
    assert ran.code == 0, ran.err
    os.unlink(cache / f"rulepack-{__version__}.json")
    (cache / f"rulepack-{__version__}.json").symlink_to("/dev/zero")  # read with a cap, or refused
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, env={"DDTAPP_CACHE_DIR": str(cache)})
    assert ran.code == 0, ran.err


# ----------------------------------------------------------------- 9: secrets are not echoed


def test_a_non_mapping_file_is_not_quoted(tmp_path):
    secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END-----\n"
    (tmp_path / "key").write_text(secret, encoding="utf-8")
    (tmp_path / "d.yaml").symlink_to(tmp_path / "key")
    for fmt in ("text", "github", "sarif", "junit", "json"):
        ran = ddtapp(tmp_path, "check", "d.yaml", "-f", fmt, "--today", TODAY)
        assert ran.code == 2
        assert "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" not in ran.out + ran.err
        assert "BEGIN OPENSSH" not in ran.out + ran.err


# ----------------------------------------------------------------- 11: the rule-pack cache is not trusted


def test_a_cache_entry_edited_to_disable_a_rule_is_not_used(tmp_path):
    (tmp_path / "d.yaml").write_text(example("risk-scoring-engage"), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"DDTAPP_CACHE_DIR": str(cache)}
    first = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json", env=env)
    cache_file = cache / f"rulepack-{__version__}.json"
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    rule_ids = [r["id"] for e in entries.values() for r in json.loads(e["text"]).get("rules", [])]
    fired = {f["rule_id"] for d in json.loads(first.out)["files"] for f in d["findings"]} & set(rule_ids)
    target = sorted(fired)[0]
    for entry in entries.values():
        data = json.loads(entry["text"])
        if "overrides" in data:
            data["overrides"].append({"rule": target, "severity": None, "disabled": True})
            entry["text"] = json.dumps(data, separators=(",", ":"), sort_keys=True)
    cache_file.write_text(json.dumps(entries), encoding="utf-8")
    second = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json", env=env)
    assert second.out == first.out


def test_a_deeply_nested_cache_is_ignored(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / f"rulepack-{__version__}.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, env={"DDTAPP_CACHE_DIR": str(cache)})
    assert ran.code == 0, ran.err


def test_a_cache_others_can_write_is_not_read(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"DDTAPP_CACHE_DIR": str(cache)}
    ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, env=env)
    from ddtapp.pack.cache import PackCache

    assert PackCache(cache).entries
    cache.chmod(0o777)
    assert not PackCache(cache).entries


# ----------------------------------------------------------------- 12: templates


NEVER_ENDS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TEMPLATE_ATTACKS = [
    "{{ 'a' * 10**10 }}",
    "{{ 'a' | center(10**10) }}",
    "{{ '%0999999999d' | format(1) }}",
    "{{ '{:099999999}'.format(1) }}",
    "{{ 'a'.ljust(10**10) }}",
    NEVER_ENDS,
    "{{ range(10**9) | list }}",
    "{{ 1 / 0 }}",
    "{{ 'abc' | truncate(-1) }}",
    "{{ (1e400) | int }}",
    "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{{ ('a' * 100000) | replace('a', 'a' * 100000) }}",
    "{{ [1, 2] | slice(10**9) | list }}",
]


@pytest.mark.parametrize("body", [b for b in TEMPLATE_ATTACKS if b != NEVER_ENDS])  # that one: below
def test_a_template_cannot_exhaust_resources_or_crash(tmp_path, body):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x.md.j2").write_text("# X\n\n" + body + "\n", encoding="utf-8")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY, seconds=40)
    assert ran.code == 2, ran.err
    assert "template error" in one_located(ran.err, "t/x.md.j2")
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.md"))


def test_a_template_that_never_ends_is_stopped_on_cpu_time(tmp_path):
    """Nested range(100000) loops are stopped after MAX_SECONDS of CPU time (they ran 10 s of the clock,
    more than 8 s of CPU on a busy machine); CPU time, so a loaded machine cannot fail an honest template."""
    import resource

    from ddtapp.documents.sandbox import MAX_SECONDS

    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x.md.j2").write_text("# X\n\n" + NEVER_ENDS + "\n", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # about 5 s of CPU; the clock allows for a CI runner shared by many jobs (measured: 40 s at load 12)
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY, seconds=90)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert ran.code == 2, ran.err
    assert f"took more than {MAX_SECONDS} seconds of CPU time" in one_located(ran.err, "t/x.md.j2")
    assert after.ru_utime - before.ru_utime < MAX_SECONDS + 3  # start-up and the dossier's check


def test_a_huge_or_unreadable_template(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    with open(tmp_path / "t" / "x.md.j2", "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # a sparse 300 MB file
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY)
    assert ran.code == 2 and "limit" in one_located(ran.err, "x.md.j2")


def test_a_template_name_with_a_new_line_is_refused(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x\n.md.j2").write_text("# X\n", encoding="utf-8")
    ran = ddtapp(tmp_path, "render", "d.yaml", "--templates", "t", "--out", "o", "--today", TODAY)
    assert ran.code == 2, ran.err
    assert "cannot be a document name" in ran.err
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------- 13: force rule packs


def _force(tmp_path: Path, check: str) -> None:
    (tmp_path / "force").mkdir(exist_ok=True)
    (tmp_path / "force" / "force.yaml").write_text(
        "rules:\n  - id: NSP-X-001\n    title: t\n    severity: warning\n    section: scope\n"
        f"    check: {check}\n    message: m\n"
        "    remediation: r\n    app_refs: [GOV-GOVN-01]\n    app_section: s\n    quote: q\n",
        encoding="utf-8",
    )


def test_nested_each_over_root_paths_is_refused(tmp_path):
    inner = "{is_true: x}"
    for _ in range(4):
        inner = f"{{each: {{path: $.tool.users, check: {inner}}}}}"
    _force(tmp_path, inner)
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--rules", "force", "--today", TODAY)
    assert ran.code == 2
    assert "cannot be inside another each or some" in one_located(ran.err, "force/force.yaml")


def test_within_months_is_bounded_when_the_pack_is_loaded(tmp_path):
    _force(tmp_path, "{within_months: {path: tool.dates.live, months: 1000000}}")
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--rules", "force", "--today", TODAY)
    assert ran.code == 2
    assert "months must be a whole number from 0 to 1200" in one_located(ran.err, "force/force.yaml")


# ----------------------------------------------------------------- 14, 15: exit codes, unreadable folders


@pytest.mark.parametrize("command", ["check", "register", "foi", "render"])
def test_the_first_day_of_the_calendar(tmp_path, command):
    (tmp_path / "d.yaml").write_text(example("risk-scoring-engage"), encoding="utf-8")
    extra = ["--out", "o"] if command == "render" else []
    ran = ddtapp(tmp_path, command, "d.yaml", "--today", "0001-01-01", *extra)
    assert ran.code in (0, 1, 2), ran.err


def test_a_folder_that_cannot_be_read_fails_the_run(tmp_path, monkeypatch):
    """Simulated (a test running as root can read any folder): os.walk's error reaches the report."""
    from ddtapp.loading import discover

    (tmp_path / "ok").mkdir()
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover.discover([str(tmp_path)])
    (problem,) = found.problems
    assert problem.file.endswith("locked") and "cannot read this folder" in problem.message


def test_no_temporary_files_anywhere(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    before = files_in(tmp_path)
    ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "sarif:s.json", "-f", "junit:j.xml")
    assert files_in(tmp_path) - before == {"s.json", "j.xml"}


# ----------------------------------------------------------------- 16: Ctrl-C and a killed parent


def _many(tmp_path: Path, n: int = 300) -> None:
    text = example()
    for i in range(n):
        (tmp_path / f"d{i:03}.yaml").write_text(text, encoding="utf-8")


def _marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_ctrl_c_in_a_parallel_check_and_a_killed_parent(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    _many(tmp_path)
    mark = f"DDTAPP_TEST_MARK={os.getpid()}-{time.monotonic_ns()}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1], "DDTAPP_NO_CACHE": "1"}
    argv = [sys.executable, "-m", "ddtapp", "check", ".", "--jobs", "2", "--today", TODAY, "-f", "json:r.json"]
    for sig in (signal.SIGINT, signal.SIGKILL):
        proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while len(_marked_processes(mark)) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)  # until the workers are forked
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=20)
        text = err.decode("utf-8", "replace")
        assert "Traceback" not in text and "BrokenPipeError" not in text, text
        if sig == signal.SIGINT:
            assert proc.returncode in (130, 0, 1), text
        for _ in range(100):  # the workers die with their parent
            if not _marked_processes(mark):
                break
            time.sleep(0.1)
        assert not _marked_processes(mark)


# ----------------------------------------------------------------- 18: schema_version, configuration limits


@pytest.mark.parametrize("value", ["true", "1.0", "'1'"])
def test_schema_version_is_the_number_one(tmp_path, value):
    text = re.sub(r"^schema_version: \d+", f"schema_version: {value}", example(), flags=re.M)
    (tmp_path / "d.yaml").write_text(text, "utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY, "-f", "json:r.json")
    assert ran.code == 2
    assert "schema_version must be a whole number" in one_located(ran.err, "d.yaml")


def test_deeply_nested_pyproject_toml(tmp_path):
    (tmp_path / "d.yaml").write_text(example(), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.ddtapp]\nx = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    ran = ddtapp(tmp_path, "check", "d.yaml", "--today", TODAY)
    assert ran.code == 2
    assert "nesting is too deep" in one_located(ran.err, "pyproject.toml")
