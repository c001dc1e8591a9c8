"""The ddtapp benchmark: one command that measures everything issues 8 and 20 ask and prints one table.

    python bench/run.py              # the full run (several minutes; writes docs/performance.md)
    python bench/run.py --quick      # fewer repetitions, the 5,000-dossier corpus checked once
    python bench/run.py --no-write   # print the report only

Run it with the Python of an environment where ddtapp is installed (the README's set-up), with the
``bench`` extra next to it (``pip install -e '.[test,bench]'``: yamllint, check-jsonschema and the YAML
loaders of ``bench/floors.py``; any that is missing is listed as such). It
runs the ``ddtapp`` next to that interpreter (or ``python -m ddtapp``), never a copy of its own.

What it does, in a fresh temporary folder:

1. Generates a seeded corpus of 5,000 realistic dossiers with ``bench/generate.py`` (the corpora of 100
   and 1,000 are its first 100 and 1,000 files), and writes ddtapp's JSON Schema with
   ``ddtapp schema -o``.
2. Times every command as a separate child process, several times, interleaving the commands that are
   compared so that drift on a busy machine affects them alike. Wall time comes from
   ``time.perf_counter``; CPU time (user + system) and peak memory (``ru_maxrss``) from ``os.wait4`` on
   that one child, so every figure is per run. Each command is run once first, untimed (warm file
   cache, bytecode and the rule-pack cache).
3. Prints a Markdown report (summary table with ratios, targets and PASS/MISS; growth from 100 to
   1,000 to 5,000 dossiers; every raw measurement; the machine) and writes it to
   ``docs/performance.md``.

Children run with ``CI=1``, ``NO_COLOR=1``, stdin and stdout not terminals (no progress bars), in the
temporary folder (no configuration file applies), with ``--today 2026-11-21`` and their own
``DDTAPP_CACHE_DIR``. Medians are quoted; every ratio is of medians measured in the same run. Every
target is judged on CPU time and on wall time, and ddtapp is compared single-process with single-process
tools (``--jobs 1``). The loaders it is compared with are in ``bench/floors.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import floors  # noqa: E402  (bench/floors.py, next to this file)
import generate  # noqa: E402  (bench/generate.py, next to this file)

TODAY = generate.TODAY.isoformat()
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
MB = 1024 * 1024

#: The parse floor: read every dossier and compose it with the YAML parser ddtapp uses, and do nothing
#: else. It takes ddtapp's own composer (``ddtapp.loading.compose._compose``: libyaml's C composer, PyYAML's
#: or else ruamel.yaml.clib's, with ddtapp's YAML 1.2 resolver), so the floor moves with ddtapp's loader;
#: ruamel's default safe parser is the fallback if it goes.
PARSE_FLOOR = '''\
"""Parse floor: compose every dossier under a folder with the YAML parser ddtapp uses; nothing else."""
import os
import sys

try:
    from ddtapp.loading.compose import _compose as compose, parser_name  # the very composer ddtapp uses

    parser, origin = parser_name(), "ddtapp's composer, resolver _Yaml12Resolver"
except ImportError:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    compose = yaml.compose
    parser = "C (ruamel.yaml.clib)" if "CParser" in yaml.Parser.__name__ else "pure Python"
    origin = f"ruamel.yaml's default safe parser, resolver {yaml.Resolver.__name__}"
count = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(root, name), "rb") as fh:
                compose(fh.read().decode("utf-8"))
            count += 1
print(f"{parser}, {origin}; {count} files")
'''


# ====================================================================== running and timing


@dataclass
class Run:
    wall: float
    cpu: float
    rss: int  # bytes
    code: int


@dataclass
class Cmd:
    """One command line to time, with the exit codes that mean it worked."""

    label: str
    argv: list[str]
    env: dict[str, str]
    ok: tuple[int, ...] = (0,)
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss(self) -> float:
        return statistics.median(r.rss for r in self.runs)


class BenchError(RuntimeError):
    pass


GNU_TIME = "/usr/bin/time"


def gnu_time() -> bool:
    """Whether GNU time is there to report each child's peak memory (``%M``)."""
    with tempfile.NamedTemporaryFile("r") as out:
        try:
            subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", out.name, sys.executable, "-c", "pass"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            return int(out.read().split()[-1]) > 0
        except (OSError, subprocess.SubprocessError, ValueError, IndexError):
            return False


USE_GNU_TIME = False


def run_once(cmd: Cmd, cwd: Path) -> Run:
    """Run ``cmd`` once as its own child process: wall time, its CPU time and its peak memory.

    Peak memory: a child started by this (large) process inherits this process's high-water mark when
    it is forked (Linux keeps it across exec), so the child is started by GNU time, a small process,
    whose ``%M`` is the child's own peak. Without GNU time, ``ru_maxrss`` from ``os.wait4`` is used and
    this process's size is a floor under every figure. CPU time is from ``os.wait4`` either way (it
    includes the reaped grandchild's)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        argv = [GNU_TIME, "-f", "%M", "-o", peak.name, *cmd.argv] if USE_GNU_TIME else cmd.argv
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=cmd.env, cwd=cwd
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in cmd.ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise BenchError(f"{cmd.label}: exit code {code} (expected {cmd.ok})\n  {' '.join(cmd.argv)}\n{tail}")
        # GNU time writes "Command exited with non-zero status N" first when it does; %M is the last line
        rss_kb = int(peak.read().split()[-1]) if USE_GNU_TIME else usage.ru_maxrss
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb * 1024, code)


def runs_said(opts: Options, sizes: list[int], mid: int) -> str:
    """How many runs each command had: the corpora larger than the middle one (1,000) have fewer."""
    larger = [n for n in sizes if n > mid]
    if not larger:
        return f"{opts.repeat} runs of each command"
    return f"{opts.repeat} runs of each command, {opts.repeat_large} at {', '.join(f'{n:,}' for n in larger)} dossiers"


def measure(cmds: list[Cmd], repeat: int, cwd: Path, say: Callable[[str], None]) -> None:
    """Warm up each command once, then run them round-robin ``repeat`` times."""
    for cmd in cmds:
        run_once(cmd, cwd)
    for i in range(repeat):
        for cmd in cmds:
            cmd.runs.append(run_once(cmd, cwd))
        say(f"    run {i + 1}/{repeat}: " + ", ".join(f"{c.label} {fmt_time(c.runs[-1].wall)}" for c in cmds))


# ====================================================================== the tools


def find_tool(script: str, module: str) -> list[str] | None:
    """The console script next to this interpreter, else ``python -m module``, else one on PATH."""
    beside = Path(sys.executable).parent / script
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    if importlib.util.find_spec(module) is not None:
        return [sys.executable, "-m", module]
    found = shutil.which(script)
    return [found] if found else None


def output_of(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=600)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def version_of(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    # the bytecode cache is on (the warm-up run writes it) unless a row turns it off: a PYTHONDONTWRITEBYTECODE
    # inherited from the shell would otherwise compile ddtapp from source in every "cached" run
    for key in (
        "DDTAPP_NO_CACHE",
        "DDTAPP_TODAY",
        "DDTAPP_CONFIG",
        "DDTAPP_FAIL_ON",
        "FORCE_COLOR",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPYCACHEPREFIX",
    ):
        env.pop(key, None)
    env.update(CI="1", NO_COLOR="1", TERM="dumb", COLUMNS="100", DDTAPP_CACHE_DIR=str(cache))
    return env


# ====================================================================== formatting


def fmt_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def fmt_mb(size: float) -> str:
    return f"{size / MB:.0f} MB"


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}×"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return out


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**PASS**" if ok else "**MISS**")


# ====================================================================== the benchmark


@dataclass
class Options:
    quick: bool
    repeat: int
    repeat_large: int
    sizes: tuple[int, ...]
    seed: int
    write: Path | None
    keep: bool


@dataclass
class Results:
    cmds: dict[str, Cmd] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    corpus: dict[str, str] = field(default_factory=dict)
    #: per floor that ran: (dossiers with the same data as ddtapp's loader, dossiers, the first difference)
    same: dict[str, tuple[int, int, str]] = field(default_factory=dict)


def _machine_info(
    opts: Options, ddtapp: list[str], env: dict[str, str], work: Path, say: Callable[[str], None]
) -> dict[str, str]:
    """The machine, the versions of everything measured and how memory is measured."""
    _, version = output_of([*ddtapp, "--version"], env, work)
    code, commit = (
        output_of(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], env, work)
        if shutil.which("git") and (ROOT / ".git").exists()
        else (1, "")
    )
    _, parser = output_of(
        [sys.executable, "-c", "from ddtapp.loading.compose import parser_name; print(parser_name())"], env, work
    )
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "platform": platform.platform(),
        "cpu": f"{cpu_model()}; {os.cpu_count()} logical CPUs, "
        f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()} usable",
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "ddtapp": f"{version}"
        + (f" (source tree at commit {commit})" if code == 0 and commit else "")
        + ", run as "
        + ("the `ddtapp` script next to the interpreter" if len(ddtapp) == 1 else "`python -m ddtapp`"),
        "parser": parser,
        "commit": commit if code == 0 else "",
        "versions": ", ".join(
            f"{d} {version_of(d)}"
            for d in (
                "PyYAML",
                "ruamel.yaml",
                "ruamel.yaml.clib",
                "pydantic",
                "typer",
                "rich",
                "jinja2",
                "yamllint",
                "check-jsonschema",
            )
        ),
        "mode": "quick" if opts.quick else "full",
        "memory": (
            "each child's own peak resident set, from GNU time (`%M`)"
            if USE_GNU_TIME
            else "`ru_maxrss` from `os.wait4` (GNU time not found: the benchmark process's own size is a floor)"
        ),
    }
    say(f"ddtapp {version}; YAML parser: {parser}; load average {info['load_start']}")
    return info


def _corpora(opts: Options, work: Path, res: Results, say: Callable[[str], None]) -> tuple[dict[int, Path], int, Path]:
    """Generate the largest corpus, hard-link the smaller ones from it and describe it in ``res.corpus``:
    the corpora by size, the size of the middle one and the representative single dossier."""
    largest = max(opts.sizes)
    say(f"generating {largest:,} dossiers (seed {opts.seed}) ...")
    start = time.perf_counter()
    full = work / f"dossiers-{largest}"
    paths = generate.write_corpus(full, largest, opts.seed)
    corpora = {largest: full}
    for n in sorted(opts.sizes):
        if n != largest:
            corpora[n] = work / f"dossiers-{n}"
            corpora[n].mkdir()
            for p in paths[:n]:
                try:
                    os.link(p, corpora[n] / p.name)  # the same bytes; a hard link saves writing them again
                except OSError:
                    shutil.copyfile(p, corpora[n] / p.name)
    mid = 1000 if 1000 in corpora else sorted(opts.sizes)[len(opts.sizes) // 2]
    lines = sorted(p.read_bytes().count(b"\n") for p in paths[:mid])
    size = statistics.mean(p.stat().st_size for p in paths[:mid])
    res.corpus.update(
        seed=str(opts.seed),
        mid=str(mid),
        generated=f"{time.perf_counter() - start:.1f} s",
        lines=f"{lines[0]}–{lines[-1]} lines (median {statistics.median(lines):.0f}), {size / 1024:.1f} KB on average",
    )
    single = _representative(paths[:100])
    res.corpus["single"] = single.name + " (" + single.read_text(encoding="utf-8").splitlines()[1][2:] + ")"
    return corpora, mid, single


def benchmark(opts: Options, work: Path, say: Callable[[str], None]) -> Results:
    res = Results()
    env = child_env(work / "cache")
    ddtapp = find_tool("ddtapp", "ddtapp")
    if ddtapp is None:
        raise BenchError("ddtapp is not installed for this interpreter; follow the README's set-up first.")
    yamllint = find_tool("yamllint", "yamllint")
    cjs = find_tool("check-jsonschema", "check_jsonschema")
    today = ["--today", TODAY]
    global USE_GNU_TIME
    USE_GNU_TIME = gnu_time()

    # ---- machine and versions
    res.info.update(_machine_info(opts, ddtapp, env, work, say))

    # ---- corpora
    corpora, mid, single = _corpora(opts, work, res, say)
    floor = work / "parse_floor.py"
    floor.write_text(PARSE_FLOOR, encoding="utf-8")
    schema = work / "dossier.schema.json"
    code, out = output_of([*ddtapp, "schema", "-o", str(schema)], env, work)
    if code != 0:
        raise BenchError(f"ddtapp schema failed: {out}")
    _, floor_says = output_of([sys.executable, str(floor), str(corpora[min(corpora)])], env, work)
    res.info["floor_parser"] = floor_says.split(";")[0]

    # what the corpus holds, from one (untimed) JSON report
    json_report = work / "report.json"
    code, out = output_of([*ddtapp, "check", str(corpora[mid]), *today, "--format", f"json:{json_report}"], env, work)
    report = json.loads(json_report.read_text(encoding="utf-8")) if json_report.exists() else {}
    if code not in (0, 1) or report.get("errors"):
        raise BenchError(f"ddtapp check found input errors in the generated corpus (exit {code})")
    files = report.get("files", [])
    open_ids = {f["rule_id"] for d in files for f in d["findings"] if f["status"] == "open"}
    res.corpus["findings"] = (
        f"{sum(d['gate_ready'] for d in files) / max(1, len(files)):.0%} of the {len(files):,} dossiers have no open "
        f"error or warning; {sum(d['summary']['error'] > 0 for d in files) / max(1, len(files)):.0%} have errors; "
        f"{len(open_ids)} distinct rules fire"
    )

    def cmd(
        key: str, label: str, argv: list[str], ok: tuple[int, ...] = (0,), extra: dict[str, str] | None = None
    ) -> Cmd:
        res.cmds[key] = Cmd(label, argv, {**env, **(extra or {})}, ok)
        return res.cmds[key]

    # ---- 1. cold start on one dossier
    say(f"[1/5] cold start, one dossier, x{opts.repeat}")
    group = [
        cmd("python", "python -c pass", [sys.executable, "-c", "pass"]),
        cmd("check1", "ddtapp check (1 dossier)", [*ddtapp, "check", str(single), *today], ok=(0, 1)),
        cmd(
            "check1_nocache",
            "ddtapp check (1 dossier, DDTAPP_NO_CACHE=1)",
            [*ddtapp, "check", str(single), *today],
            ok=(0, 1),
            extra={"DDTAPP_NO_CACHE": "1"},
        ),
    ]
    if yamllint:
        group.append(cmd("yamllint", "yamllint (1 dossier)", [*yamllint, str(single)], ok=(0, 1)))
    else:
        res.missing["yamllint"] = "yamllint is not installed (`pip install yamllint`)"
    measure(group, opts.repeat, work, say)

    # ---- 1b. cold start without the bytecode cache of either tool
    say(f"[1/5] cold start without the bytecode cache, x{opts.repeat}")
    nobc = no_bytecode_cmds(res, [*ddtapp, "check", str(single), *today], yamllint, single, env, work, say)
    measure(nobc, opts.repeat, work, say)

    # ---- 2. 1,000 dossiers: check, the parse floor, check-jsonschema
    say(f"[2/5] {mid:,} dossiers: check, parse floor, check-jsonschema, x{opts.repeat}")
    group = [
        cmd(
            f"check{mid}", f"ddtapp check ({mid:,} dossiers)", [*ddtapp, "check", str(corpora[mid]), *today], ok=(0, 1)
        ),
        cmd(f"floor{mid}", f"parse floor ({mid:,} dossiers)", [sys.executable, str(floor), str(corpora[mid])]),
    ]
    if "--jobs" in output_of([*ddtapp, "check", "--help"], env, work)[1]:
        # by default check forks a worker per CPU for 64+ dossiers; the floor is one process
        group.append(
            cmd(
                "check_jobs1",
                f"ddtapp check --jobs 1 ({mid:,} dossiers)",
                [*ddtapp, "check", str(corpora[mid]), "--jobs", "1", *today],
                ok=(0, 1),
            )
        )
    if cjs:
        files_mid = sorted(str(p) for p in corpora[mid].glob("*.yaml"))
        group.append(
            cmd("cjs", f"check-jsonschema ({mid:,} dossiers)", [*cjs, "--schemafile", str(schema), *files_mid])
        )
    else:
        res.missing["check-jsonschema"] = "check-jsonschema is not installed (`pip install check-jsonschema`)"
    group += floor_cmds(res, corpora[mid], env, work)
    measure(group, opts.repeat, work, say)

    # ---- 3. growth: 100 and 5,000 (1,000 is measured above)
    for n in sorted(opts.sizes):
        if n == mid:
            continue
        reps = opts.repeat if n <= mid else opts.repeat_large
        say(f"[3/5] growth: {n:,} dossiers, x{reps}")
        group = [
            cmd(f"check{n}", f"ddtapp check ({n:,} dossiers)", [*ddtapp, "check", str(corpora[n]), *today], ok=(0, 1)),
            cmd(f"floor{n}", f"parse floor ({n:,} dossiers)", [sys.executable, str(floor), str(corpora[n])]),
        ]
        if n == max(opts.sizes):
            # every report format at once, written to files: no format may hold the whole run either
            reports = work / "reports"
            formats = [
                f"{fmt}:{reports / ('report.' + fmt)}"
                for fmt in ("text", "json", "sarif", "junit", "github", "gitlab", "markdown")
            ]
            group.append(
                cmd(
                    "check_formats",
                    f"ddtapp check ({n:,} dossiers, all 7 formats to files)",
                    [*ddtapp, "check", str(corpora[n]), *today, *(a for f in formats for a in ("-f", f))],
                    ok=(0, 1),
                )
            )
        measure(group, reps, work, say)

    # ---- 4. render every document of one dossier
    say(f"[4/5] render, one dossier, x{opts.repeat}")
    if output_of([*ddtapp, "render", "--help"], env, work)[0] == 0:
        drafts = work / "drafts"
        measure(
            [
                cmd(
                    "render",
                    "ddtapp render (every document, 1 dossier)",
                    [*ddtapp, "render", str(single), "--out", str(drafts), "--force", *today],
                ),
                cmd(
                    "check1_render",
                    "ddtapp check (1 dossier, beside render)",
                    [*ddtapp, "check", str(single), *today],
                    ok=(0, 1),
                ),
            ],
            opts.repeat,
            work,
            say,
        )
        res.corpus["documents"] = str(len(list(drafts.glob("*.md"))))
    else:
        res.missing["render"] = "`ddtapp render` is not available in this ddtapp"

    # ---- 5. register over 1,000
    say(f"[5/5] register, {mid:,} dossiers, x{opts.repeat}")
    code, register_help = output_of([*ddtapp, "register", "--help"], env, work)
    if code == 0:
        # one process, as check beside it (a ddtapp whose register has no --jobs runs its default)
        one = ["--jobs", "1"] if "--jobs" in register_help else []
        measure(
            [
                cmd(
                    "register",
                    f"ddtapp register {' '.join(one) + ' ' if one else ''}({mid:,} dossiers)",
                    [*ddtapp, "register", str(corpora[mid]), *one, *today],
                ),
                cmd(
                    "check_register",
                    f"ddtapp check --jobs 1 ({mid:,} dossiers, beside register)",
                    [*ddtapp, "check", str(corpora[mid]), "--jobs", "1", *today],
                    ok=(0, 1),
                ),
            ],
            opts.repeat,
            work,
            say,
        )
    else:
        res.missing["register"] = "`ddtapp register` is not available in this ddtapp"
    res.info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if res.info.get("commit"):
        _, end = output_of(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], env, work)
        if end != res.info["commit"]:
            res.info["changed"] = f"the source tree changed during the run ({res.info['commit']} → {end}); run again"
            say("warning: " + res.info["changed"])
    return res


def no_bytecode_cmds(
    res: Results,
    check: list[str],
    yamllint: list[str] | None,
    single: Path,
    env: dict[str, str],
    work: Path,
    say: Callable[[str], None],
) -> list[Cmd]:
    """Cold start without the bytecode cache of either tool (``PYTHONDONTWRITEBYTECODE``, as many CI images
    set it): Python reads .pyc files only from a private prefix, which holds the standard library's and
    nothing else, so every module of ddtapp (or yamllint) and of their dependencies compiles each run."""
    nobc = {**env, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(stdlib_bytecode(work / "pycache", say))}
    out = [Cmd("ddtapp check (1 dossier, no bytecode cache)", check, nobc, (0, 1))]
    res.cmds["check1_nobc"] = out[0]
    if yamllint:
        out.append(Cmd("yamllint (1 dossier, no bytecode cache)", [*yamllint, str(single)], nobc, (0, 1)))
        res.cmds["yamllint_nobc"] = out[1]
    return out


def floor_cmds(res: Results, corpus: Path, env: dict[str, str], work: Path) -> list[Cmd]:
    """A command for each loader of ``bench/floors.py`` that is installed, after checking (untimed) that it
    gives ddtapp's data for every dossier of ``corpus``; a missing one is noted in ``res.missing``."""
    out = []
    for fl in floors.FLOORS:
        if not fl.available():
            res.missing[f"loader {fl.name}"] = f"{fl.dist} is not installed (`pip install -e '.[bench]'`)"
            continue
        code, said = output_of([sys.executable, floors.__file__, "verify", fl.name, str(corpus)], env, work)
        parts = said.split(" ", 2) if code == 0 else []
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            res.same[fl.name] = (int(parts[0]), int(parts[1]), parts[2].strip() if len(parts) > 2 else "")
        else:
            res.same[fl.name] = (0, 0, f"the check failed: {said[-300:]}")
        argv = [sys.executable, floors.__file__, "run", fl.name, str(corpus)]
        res.cmds[f"floor_{fl.name}"] = cmd = Cmd(f"loader {fl.name} ({corpus.name})", argv, env)
        out.append(cmd)
    return out


def stdlib_bytecode(prefix: Path, say: Callable[[str], None]) -> Path:
    """A bytecode prefix (``PYTHONPYCACHEPREFIX``) holding the standard library's bytecode and nothing else,
    as an interpreter's own files are compiled when it is installed while a package's are not under
    ``PYTHONDONTWRITEBYTECODE``."""
    import sysconfig

    if not prefix.exists():
        say("compiling the standard library's bytecode into a private prefix ...")
        stdlib = sysconfig.get_paths()["stdlib"]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compileall",
                "-q",
                "-j",
                "0",
                "-x",
                r"site-packages|dist-packages|[/\\](test|tests|idlelib|tkinter|turtledemo|lib2to3|ensurepip)[/\\]",
                stdlib,
            ],
            env={**os.environ, "PYTHONPYCACHEPREFIX": str(prefix)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=900,
        )
    prefix.mkdir(parents=True, exist_ok=True)
    return prefix


def _representative(paths: list[Path]) -> Path:
    """The first high-impact dossier at Embed (the most content to check and render), else the first one."""
    for p in paths:
        head = p.read_text(encoding="utf-8").splitlines()[1]
        if "stage embed" in head and "maturity operational" in head and "tier very_high" in head:
            return p
    return paths[0]


# ====================================================================== the report


def fastest_floor(res: Results, positions: bool) -> Cmd | None:
    """The floor with the least CPU time among those that gave ddtapp's data for every dossier (and, with
    ``positions``, keep each node's line and column)."""
    best = None
    for fl in floors.FLOORS:
        same = res.same.get(fl.name)
        cmd = res.cmds.get(f"floor_{fl.name}")
        if cmd is None or same is None or same[0] != same[1] or not same[1] or fl.name == "ddtapp-loader":
            continue
        if positions and not fl.positions:
            continue
        if best is None or cmd.cpu < best.cpu:
            best = cmd
    return best


def _per_dossier(cmd: Cmd | None, n: int) -> str:
    return f"{cmd.cpu / n * 1000:.1f} ms" if cmd else "not measured"


def native_loader_note(res: Results) -> list[str]:
    """Why ddtapp's loader is what it is: the native parsers weighed (issue 20), with this run's numbers."""
    c, mid = res.cmds, int(res.corpus["mid"])
    own, libyaml, rust = c.get("floor_ddtapp-loader"), c.get("floor_pyyaml-c-nodes"), c.get("floor_yaml-rs")
    compose = c.get("floor_ddtapp-compose")
    jobs1 = c.get("check_jobs1")
    return [
        "## The loader: native parsers weighed",
        "",
        "ddtapp composes with PyYAML's C composer (libyaml; ruamel.yaml.clib's where PyYAML's C extension is "
        "missing) with its own YAML 1.2 resolver and node classes, and builds plain data "
        "itself: YAML 1.2 core schema, every other tag refused, duplicate and merge keys refused, aliases within "
        "a budget, depth and size capped, and the composed node tree kept so that a finding's line and column "
        "are found when it needs them (positions on demand). In this run that loader alone takes "
        f"{_per_dossier(own, mid)} CPU a dossier (process start included), and `ddtapp check --jobs 1` "
        f"{_per_dossier(jobs1, mid)}.",
        "",
        f"- **Rust parsers** (yaml-rs {_per_dossier(rust, mid)}, py-yaml12): the fastest at the same data, but "
        "they give no line or column for a node, so a finding could not point at its line. Not adopted.",
        "- **A Rust parser with positions from a line scanner** (weighed on 2026-12-04, branch `fastload`): a "
        "strict Python scanner of the block YAML dossiers are written in built the data and every position, "
        "yaml-rs parsed the same text and had to agree, anything else went to ruamel's path (550 lines; the data "
        "cannot come from yaml-rs alone, which loses whether a scalar was quoted: `'2025-03-01'` became a date). "
        "Identical data and positions on 1,000 generated dossiers and the tests' texts, but the scanner costs "
        "2.1 ms a dossier and yaml-rs 0.5 ms, no less than ddtapp's quickened ruamel path: `check --jobs 1` over "
        "300 dossiers took 1.55-2.15 s CPU with it and 1.57-1.98 s without, with 11 MB more memory and a new "
        "single-maintainer dependency. Not adopted.",
        "- **rapidyaml** (`ryml`): its Python binding gives a location only for a parse error, not for a node, "
        "and building Python data from its tree in Python costs about as much as ddtapp's whole loader. Not "
        "adopted.",
        f"- **PyYAML's C parser and composer**: adopted (issue 20) for its import cost: importing PyYAML from "
        "source costs about half what ruamel.yaml does, so a cold `check` without a bytecode cache no longer "
        "imports ruamel.yaml (it stays for round-trip editing in `migrate`, `init` and `sign`). ddtapp's composer "
        f"(its resolver and node classes in PyYAML's C composer) takes {_per_dossier(compose, mid)} a dossier, "
        f"PyYAML's with its own nodes and a core resolver plus data {_per_dossier(libyaml, mid)}, ddtapp's whole "
        f"loader {_per_dossier(own, mid)}. PyYAML's wheels carry a newer libyaml (0.2.5+) than ruamel.yaml.clib "
        "(0.1.7): the same messages at the same line and column on every broken input the tests hold, but a `:` "
        "or `?` inside text in a flow collection is now read as YAML 1.2 reads it (tests/test_composers.py).",
        "- **ruamel's resolver indirections**: cut in ddtapp's own resolver (the YAML 1.2 table looked up once, "
        "not through `versioned_resolver` twice a scalar): compose 3.6–4.3 → 3.2–3.4 ms a dossier, same tags "
        "for every plain scalar.",
        "- **Positions for every node**: replaced by positions on demand: `load_text` ~7.0 → ~5.6 ms a dossier; "
        "every finding's line and column unchanged (the outputs of all formats compared byte for byte).",
        "",
        "(The before/after figures in the last two items were measured in one process over 200–300 generated "
        "dossiers on a busy machine, load 6–8 on 2 cores; the rest of this page is this run's.)",
        "",
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def targets_note(res: Results, opts: Options) -> list[str]:
    """What each target needs, in this run's CPU medians: the budget a target leaves and what its parts take."""
    c, mid, sizes = res.cmds, int(res.corpus["mid"]), sorted(opts.sizes)
    out = [
        "## What each target needs",
        "",
        f"In this run's CPU medians; a dossier's share is the run's CPU time over its {mid:,} dossiers (the one "
        "process start included).",
        "",
        *_schema_tool_need(res, mid),
        *_loader_need(res, mid),
    ]
    py = c.get("python")
    for label, mine, theirs in (
        ("bytecode cached", c.get("check1"), c.get("yamllint")),
        ("no bytecode cache", c.get("check1_nobc"), c.get("yamllint_nobc")),
    ):
        if mine and theirs and py:
            gap = f"ddtapp would need to cut {_ms(mine.cpu - theirs.cpu)} of its {_ms(mine.cpu - py.cpu)} beyond the"
            out.append(
                f"- **Cold start ≤ 1.0× yamllint, {label}**: yamllint takes {_ms(theirs.cpu)}, `ddtapp check` "
                f"{_ms(mine.cpu)} ({mine.cpu / theirs.cpu:.2f}×), the bare interpreter {_ms(py.cpu)}: "
                + ("met." if mine.cpu <= theirs.cpu else f"{gap} interpreter (imports, the rule pack, the check).")
            )
    if "register" in c and "check_register" in c:
        reg, chk = c["register"], c["check_register"]
        out.append(
            f"- **register ≤ 1.1× check**: {reg.cpu / chk.cpu:.2f}× CPU, {reg.wall / chk.wall:.2f}× wall "
            f"({_ms((reg.cpu - chk.cpu) / mid)} a dossier more than `check --jobs 1`); peak memory {fmt_mb(reg.rss)} "
            f"against {fmt_mb(chk.rss)}."
        )
    lo, hi = c.get(f"check{sizes[0]}"), c.get(f"check{sizes[-1]}")
    if lo and hi:
        out.append(
            f"- **Flat memory** (≤ 1.25× from {sizes[0]:,} to {sizes[-1]:,} dossiers): {hi.rss / lo.rss:.2f}× "
            f"({fmt_mb(lo.rss)} → {fmt_mb(hi.rss)})."
        )
    return [*out, ""]


def _schema_tool_need(res: Results, mid: int) -> list[str]:
    """≥ 5× check-jsonschema: the budget a dossier, against what parsing alone takes."""
    c = res.cmds
    jobs1, cjs, own, compose = (
        c.get("check_jobs1"),
        c.get("cjs"),
        c.get("floor_ddtapp-loader"),
        c.get("floor_ddtapp-compose"),
    )
    if not (jobs1 and cjs and own and compose):
        return []
    need, have, parse, load = cjs.cpu / 5 / mid, jobs1.cpu / mid, compose.cpu / mid, own.cpu / mid
    rust = fastest_floor(res, positions=False)
    fastest = f"; the fastest loader of the same data, without positions, {_ms(rust.cpu / mid)}" if rust else ""
    verdict_text = (
        "Met."
        if have <= need
        else f"Out of reach while parsing keeps positions through libyaml: the compose alone is {parse / need:.0%} of "
        f"the budget, leaving {_ms(max(need - parse, 0))} for building the data, the structure check, the rules "
        f"and the report, which take {_ms(have - parse)} a dossier now."
    )
    return [
        f"- **≥ 5× check-jsonschema**: check-jsonschema takes {_ms(cjs.cpu / mid)} a dossier, so 5× leaves "
        f"{_ms(need)} a dossier for everything; `ddtapp check --jobs 1` takes {_ms(have)} "
        f"({cjs.cpu / jobs1.cpu:.2f}×). Parsing alone: ddtapp's C compose {_ms(parse)}, ddtapp's whole loader "
        f"{_ms(load)}{fastest}. {verdict_text}"
    ]


def _loader_need(res: Results, mid: int) -> list[str]:
    """≤ 1.5× the fastest loader with positions: what is left beyond ddtapp's own loader."""
    jobs1, own, best = res.cmds.get("check_jobs1"), res.cmds.get("floor_ddtapp-loader"), fastest_floor(res, True)
    if not (jobs1 and own and best):
        return []
    need, have, load, floor = 1.5 * best.cpu / mid, jobs1.cpu / mid, own.cpu / mid, best.cpu / mid
    return [
        f"- **≤ 1.5× the fastest loader with positions** ({best.label.split(' (')[0]}, {_ms(floor)} a dossier): "
        f"leaves {_ms(need)} a dossier; ddtapp's loader takes {_ms(load)}, so the structure check, the rules and "
        f"the report would have {_ms(max(need - load, 0))}; they take {_ms(have - load)} ({have / floor:.2f}× now)."
        + (" Met." if have <= need else "")
    ]


def report(res: Results, opts: Options) -> str:
    c = res.cmds
    mid = int(res.corpus["mid"])
    sizes = sorted(opts.sizes)
    rows: list[list[str]] = []

    def compare(
        what: str,
        mine: Cmd | None,
        other: Cmd | None,
        other_label: str,
        target: str,
        test: Callable[[float], bool] | None,
        invert: bool = False,
        missing: str = "",
    ) -> None:
        """A row: ``mine`` against ``other``; the ratio is mine/other, or other/mine with ``invert``. A target
        is judged twice, on CPU time and on wall time."""
        if mine is None or other is None:
            rows.append(
                [
                    what,
                    fmt_time(mine.wall) if mine else "not available",
                    f"{other_label}: not available ({missing})" if mine else other_label,
                    "—",
                    "—",
                    target,
                    *([verdict(None)] * 2 if test is None else ["not measured"] * 2),
                ]
            )
            return
        wall = other.wall / mine.wall if invert else mine.wall / other.wall
        cpu = other.cpu / mine.cpu if invert else mine.cpu / other.cpu
        rows.append(
            [
                what,
                f"{fmt_time(mine.cpu)} CPU, {fmt_time(mine.wall)} wall",
                f"{other_label} {fmt_time(other.cpu)} CPU, {fmt_time(other.wall)} wall",
                fmt_ratio(wall),
                fmt_ratio(cpu),
                target,
                verdict(test(cpu) if test else None),
                verdict(test(wall) if test else None),
            ]
        )

    check1, check_mid, jobs1 = c["check1"], c[f"check{mid}"], c.get("check_jobs1")
    compare(
        f"{mid:,} dossiers, one process each: `ddtapp check --jobs 1` against check-jsonschema (times faster)",
        jobs1,
        c.get("cjs"),
        "`check-jsonschema`",
        "≥ 5× faster",
        lambda r: r >= 5.0,
        invert=True,
        missing=res.missing.get("check-jsonschema", ""),
    )
    best = fastest_floor(res, positions=True)
    compare(
        f"{mid:,} dossiers, one process: `ddtapp check --jobs 1` against the fastest loader that gives the same "
        "data with positions",
        jobs1,
        best,
        best.label.split(" (")[0] if best else "no such floor ran",
        "≤ 1.5× that loader",
        lambda r: r <= 1.5,
        missing="install the `bench` extra",
    )
    any_best = fastest_floor(res, positions=False)
    compare(
        f"{mid:,} dossiers, one process: `ddtapp check --jobs 1` against the fastest loader of the same data "
        "(no positions)",
        jobs1,
        any_best,
        any_best.label.split(" (")[0] if any_best else "no such floor ran",
        "— (context)",
        None,
        missing="install the `bench` extra",
    )
    compare(
        "Cold start: `ddtapp check` on one dossier, bytecode cached",
        check1,
        c.get("yamllint"),
        "`yamllint`, same file",
        "≤ 1.0× yamllint",
        lambda r: r <= 1.0,
        missing=res.missing.get("yamllint", ""),
    )
    compare(
        "Cold start without the bytecode cache (`PYTHONDONTWRITEBYTECODE=1`, nothing cached but the standard library)",
        c.get("check1_nobc"),
        c.get("yamllint_nobc"),
        "`yamllint`, same file, no bytecode cache",
        "≤ 1.0× yamllint",
        lambda r: r <= 1.0,
        missing=res.missing.get("yamllint", ""),
    )
    if "register" in c:
        compare(
            f"`ddtapp register` over {mid:,} dossiers against `ddtapp check --jobs 1` (both one process)",
            c["register"],
            c["check_register"],
            f"`ddtapp check --jobs 1`, same {mid:,}",
            "≤ 1.1× check",
            lambda r: r <= 1.1,
        )
    else:
        compare(f"`ddtapp register` over {mid:,} dossiers", None, None, "—", "≤ 1.1× check", lambda r: r <= 1.1)
    lo, hi = c[f"check{sizes[0]}"], c[f"check{sizes[-1]}"]

    def memory(what: str, mine: Cmd, other: Cmd, other_label: str, target: str, limit: float | None) -> None:
        ratio = mine.rss / other.rss
        ok = verdict(None if limit is None else ratio <= limit)
        rows.append(
            [what, fmt_mb(mine.rss), f"{other_label}: {fmt_mb(other.rss)}", fmt_ratio(ratio), "—", target, ok, ok]
        )

    memory(
        f"Peak memory growth, `ddtapp check`, {sizes[0]:,} → {sizes[-1]:,} dossiers",
        hi,
        lo,
        f"{sizes[0]:,} dossiers",
        "flat: ≤ 1.25×",
        1.25,
    )
    if "check_formats" in c:
        memory(
            f"Peak memory, {sizes[-1]:,} dossiers, all 7 report formats written to files",
            c["check_formats"],
            lo,
            f"{sizes[0]:,} dossiers, text",
            "flat: ≤ 1.25×",
            1.25,
        )
    if "register" in c:
        memory(
            f"Peak memory, `ddtapp register` over {mid:,} dossiers",
            c["register"],
            c["check_register"],
            "`ddtapp check --jobs 1`",
            "— (context)",
            None,
        )
    rss_mid = check_mid.rss
    rows.append(
        [
            f"Peak memory, {mid:,} dossiers",
            fmt_mb(rss_mid),
            "—",
            "—",
            "—",
            "< 150 MB",
            verdict(rss_mid < 150 * MB),
            verdict(rss_mid < 150 * MB),
        ]
    )
    # context: the default run (a worker per CPU), the bare interpreter, the rule-pack cache, growth, render
    compare(
        f"{mid:,} dossiers, `ddtapp check` as run by default (a worker per CPU) against check-jsonschema (times "
        "faster)",
        check_mid,
        c.get("cjs"),
        "`check-jsonschema`",
        "— (context)",
        None,
        invert=True,
        missing=res.missing.get("check-jsonschema", ""),
    )
    compare("Cold start against a bare interpreter", check1, c["python"], "`python -c pass`", "— (context)", None)
    compare(
        "Cold start without the rule-pack cache", c["check1_nocache"], check1, "with the cache", "— (context)", None
    )
    rows.append(
        [
            f"Time per dossier, {mid:,} → {sizes[-1]:,} dossiers",
            f"{hi.cpu / sizes[-1] * 1000:.1f} ms CPU",
            f"{mid:,} dossiers: {check_mid.cpu / mid * 1000:.1f} ms CPU",
            fmt_ratio(hi.wall / check_mid.wall / (sizes[-1] / mid)),
            fmt_ratio(hi.cpu / check_mid.cpu / (sizes[-1] / mid)),
            "— (1.00× is linear)",
            "—",
            "—",
        ]
    )
    if "render" in c:
        compare(
            f"`ddtapp render`, all {res.corpus.get('documents', '?')} documents of one dossier",
            c["render"],
            c["check1_render"],
            "`ddtapp check`, same dossier",
            "— (context)",
            None,
        )

    floor_rows = []
    for fl in floors.FLOORS:
        cmd = c.get(f"floor_{fl.name}")
        if cmd is None:
            floor_rows.append([fl.label, fl.dist, "—", "not installed", "—", "—", "—", "—"])
            continue
        same, total, first = res.same.get(fl.name, (0, 0, "not verified"))
        floor_rows.append(
            [
                fl.label,
                f"{fl.dist} {version_of(fl.dist)}",
                "yes" if fl.positions else "no",
                f"{same:,} of {total:,}" + (f" (first difference: {first})" if first and same != total else ""),
                fmt_time(cmd.cpu),
                fmt_time(cmd.wall),
                fmt_ratio(jobs1.cpu / cmd.cpu) if jobs1 else "—",
                fmt_ratio(jobs1.wall / cmd.wall) if jobs1 else "—",
            ]
        )

    growth = []
    for n in sizes:
        ch, fl = c[f"check{n}"], c[f"floor{n}"]
        growth.append(
            [
                f"{n:,}",
                str(len(ch.runs)),
                fmt_time(ch.wall),
                fmt_time(ch.cpu),
                f"{ch.cpu / n * 1000:.1f} ms",
                fmt_mb(ch.rss),
                fmt_time(fl.wall),
                fmt_mb(fl.rss),
                fmt_ratio(ch.wall / fl.wall),
                fmt_ratio(ch.cpu / fl.cpu),
            ]
        )
    raw = []
    for cmd in c.values():
        walls = [r.wall for r in cmd.runs]
        raw.append(
            [
                cmd.label,
                str(len(cmd.runs)),
                fmt_time(cmd.wall),
                fmt_time(min(walls)),
                fmt_time(max(walls)),
                fmt_time(cmd.cpu),
                fmt_mb(cmd.rss),
                ", ".join(str(x) for x in sorted({r.code for r in cmd.runs})),
            ]
        )

    i = res.info
    out = [
        "# Performance",
        "",
        "<!-- Generated by `python bench/run.py`; do not edit by hand: run it again. -->",
        "",
        "How fast ddtapp is, measured by **one command**, `python bench/run.py` (see `bench/README.md`). It",
        "generates seeded, realistic dossiers of about 400 lines (`bench/generate.py`), runs every command",
        "below as its own child process several times, interleaving the commands that are compared, and",
        "quotes **medians**. Every ratio is of medians measured **in the same run**, so it holds on any machine",
        f"even when absolute times drift. Peak memory: {i['memory']}.",
        "",
        f"Run: {i['date']}, {i['mode']} mode ({runs_said(opts, sizes, int(res.corpus['mid']))}). "
        f"YAML parser: **{i['parser']}** (parse floor: {i.get('floor_parser', '?')}). "
        "Every target is judged twice, on CPU time (user + system, steady on a busy machine) and on wall time; "
        "ddtapp's targets against other tools are single-process against single-process (`--jobs 1`).",
        "",
        "## Summary",
        "",
        *table(
            [
                "Measurement",
                "ddtapp (medians)",
                "Compared with (medians)",
                "Ratio (wall)",
                "Ratio (CPU)",
                "Target",
                "Result (CPU)",
                "Result (wall)",
            ],
            rows,
        ),
        "",
    ]
    if i.get("changed"):
        out += [f"**Warning: {i['changed']}.**", ""]
    for key, why in res.missing.items():
        out.append(f"- {key}: {why}.")
    if res.missing:
        out.append("")
    out += [
        "How to read it:",
        "",
        "- **Cold start** is a whole `ddtapp check` process on one dossier (interpreter start, imports, the rule",
        "  pack from its cache, the check, the report), against `yamllint` with its default configuration on",
        "  the same file (it exits 1 on line-length errors; that is fine) and against `python -c pass`.",
        "- **Cold start without the bytecode cache**: both tools run with `PYTHONDONTWRITEBYTECODE=1` and a",
        "  private `PYTHONPYCACHEPREFIX` that holds the standard library's bytecode only, so every module of the",
        "  tool and its dependencies is compiled from source each run (an install under that setting, as in many",
        "  CI images).",
        "- **Loaders** (`bench/floors.py`, table below): each reads the same dossiers and builds the same data,",
        "  checked dossier by dossier against ddtapp's loader (dates compared as ISO text), in its own process.",
        "  *With positions* means it keeps every node's line and column (the composed node tree), as ddtapp",
        "  needs to point a finding at its line. The parsers other than ddtapp's own are the `bench` extra;",
        "  one not installed is listed, not judged.",
        "- **Parse floor** (growth table): a plain script that composes each file with the composer that",
        "  ddtapp's loader uses (`ddtapp.loading.compose`: PyYAML's C composer and ddtapp's resolver); nodes only.",
        "- `ddtapp check` on a folder of 64 or more dossiers forks one worker per CPU by default (`--jobs 0`);",
        "  the `--jobs 1` row shows one process against the (one-process) floor. CPU time and peak memory",
        "  include the workers (peak memory is that of the largest single process, not the sum).",
        "- **check-jsonschema** validates the same files against ddtapp's own exported schema",
        "  (`ddtapp schema -o FILE`): structure only, no rules.",
        "- **Flat memory** means peak memory at the largest corpus is at most 1.25× that at the smallest.",
        "- **Time per dossier** compares the large corpus with 1,000 dossiers; 1.00× means time grows linearly.",
        "- CPU time is user + system time of the child; on a busy machine it is steadier than wall time.",
        "",
        "## Loaders of the same data",
        "",
        f"Each over the same {mid:,} dossiers, one process, {opts.repeat} runs; the last two columns are "
        "`ddtapp check --jobs 1` divided by the loader.",
        "",
        *table(
            [
                "Loader",
                "Package",
                "Positions",
                "Same data as ddtapp",
                "Median CPU",
                "Median wall",
                "check ÷ loader (CPU)",
                "check ÷ loader (wall)",
            ],
            floor_rows,
        ),
        "",
        *native_loader_note(res),
        *targets_note(res, opts),
        "## Growth",
        "",
        *table(
            [
                "Dossiers",
                "Runs",
                "check: wall",
                "check: CPU",
                "per dossier (CPU)",
                "check: peak memory",
                "floor: wall",
                "floor: peak memory",
                "check ÷ floor (wall)",
                "check ÷ floor (CPU)",
            ],
            growth,
        ),
        "",
        "## Every measurement",
        "",
        *table(
            [
                "Command",
                "Runs",
                "Median wall",
                "Min wall",
                "Max wall",
                "Median CPU",
                "Median peak memory",
                "Exit codes",
            ],
            raw,
        ),
        "",
        "## Corpus and machine",
        "",
        f"- Corpus: seed {res.corpus['seed']}, generated in {res.corpus['generated']}; the first {mid:,} dossiers: "
        f"{res.corpus['lines']}. {res.corpus['findings']}.",
        f"- The one dossier (cold start, render): `{res.corpus['single']}`.",
        f"- ddtapp: {i['ddtapp']}; `--today {TODAY}`.",
        f"- Python: {i['python'].split(' (')[0]}; {i['platform']}.",
        f"- CPU: {i['cpu']}. Load average at start {i['load_start']}, at end {i.get('load_end', '?')}.",
        f"- Versions: {i['versions']}.",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 runs of each command, 1 at the largest corpus")
    parser.add_argument("--repeat", type=int, help="runs of each command (default 5; 3 with --quick)")
    parser.add_argument("--repeat-large", type=int, help="runs at the largest corpus (default 3; 1 with --quick)")
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes (default 100,1000,5000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the report")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (corpora, drafts)")
    args = parser.parse_args(argv)
    try:
        sizes = tuple(sorted({int(s) for s in args.sizes.split(",") if s.strip()}))
    except ValueError:
        parser.error("--sizes: give comma-separated numbers, e.g. 100,1000,5000")
    if len(sizes) < 2 or sizes[0] < 1:
        parser.error("--sizes: give at least two positive sizes")
    opts = Options(
        quick=args.quick,
        repeat=args.repeat or (3 if args.quick else 5),
        repeat_large=args.repeat_large or (1 if args.quick else 3),
        sizes=sizes,
        seed=args.seed,
        write=None if args.no_write else args.output,
        keep=args.keep,
    )
    if opts.repeat < 1 or opts.repeat_large < 1:
        parser.error("--repeat and --repeat-large must be 1 or more")

    started = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {msg}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="ddtapp-bench-"))
    try:
        res = benchmark(opts, work, say)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if opts.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = report(res, opts)
    print(text)
    if opts.write is not None:
        opts.write.write_text(text, encoding="utf-8")
        say(f"wrote {opts.write}")
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
