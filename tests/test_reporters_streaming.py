"""The JUnit, GitHub and Markdown reporters in memory that does not grow with the number of dossiers: they go
through ``report.results`` (in ``ddtapp check`` a ResultLog: iterable, with a length, never indexed) at most
twice, hold a dossier's results at a time, write as they go, and give exactly what building the whole report
first gave (GitHub's truncation included)."""

from __future__ import annotations

import dataclasses
import io
import pickle
import tempfile
import weakref
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ddtapp.checker.engine import Result, check_file
from ddtapp.checker.result_log import ResultLog
from ddtapp.output.words import plural
from ddtapp.reporters import Report, get_reporter, junit
from ddtapp.reporters import github as gh
from ddtapp.reporters import markdown as md
from ddtapp.reporters.common import importance, items
from ddtapp.reporters.summary import Summary
from tests.conftest import EXAMPLES, TODAY, run_text
from tests.test_reporters import EVIL_FILE, HOSTILE_PROBLEM, broken_problems, hostile_text, many, risk

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown")
#: How often each reporter goes through the results.
PASSES = {"text": 1, "json": 1, "sarif": 2, "junit": 2, "github": 1, "gitlab": 1, "markdown": 2}


class Results:
    """``report.results`` as a ResultLog gives them: a length, iterable from the start as often as asked
    (each pass makes fresh copies, as unpickling does), never indexed. Records how often it was gone through,
    how many of the results it gave were alive at once at most, and where it is."""

    def __init__(self, results: list[Result]) -> None:
        self._records = [pickle.dumps(r) for r in results]
        self.passes = 0
        self.live = 0
        self.most_live = 0
        self.given = 0  # results given in the current pass
        self.done = True  # whether the current pass is over

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, index):
        raise AssertionError("report.results indexed or sliced")

    def _gone(self) -> None:
        self.live -= 1

    def __iter__(self):
        self.passes += 1
        self.given, self.done = 0, False
        for record in self._records:
            result = pickle.loads(record)
            weakref.finalize(result, self._gone)
            self.live += 1
            self.most_live = max(self.most_live, self.live)
            self.given += 1
            yield result
            del result
        self.done = True


class Output(io.StringIO):
    """An output stream that records how much was written while the results were being gone through."""

    def __init__(self, results: Results) -> None:
        super().__init__()
        self.results = results
        self.written_during_last_pass = 0
        self.last_pass = 0

    def write(self, text: str) -> int:
        r = self.results
        if not r.done and 0 < r.given < len(r):
            if r.passes != self.last_pass:
                self.last_pass, self.written_during_last_pass = r.passes, 0
            self.written_during_last_pass += len(text)
        return super().write(text)


@pytest.fixture(scope="module")
def examples(pack) -> list[Result]:
    return [check_file(p, pack, TODAY, display=f"examples/{p.name}") for p in sorted(EXAMPLES.glob("*.yaml"))]


@pytest.fixture(scope="module")
def hostile(pack) -> Result:
    return run_text(pack, hostile_text(), name=EVIL_FILE)


@pytest.fixture(scope="module")
def run(examples, hostile) -> list[Result]:
    """24 dossiers: the examples (one of them with its findings three times over) and the hostile one, four
    times each, so that holding every result, or every dossier's findings, cannot pass for streaming."""
    return [*examples, many(risk(examples), 3), hostile] * 4 + [dataclasses.replace(examples[0], findings=())]


def make(pack, results, problems=(), **kw) -> Report:
    return Report(results=results, problems=list(problems), pack=pack, today=TODAY.isoformat(), **kw)


def render(fmt: str, report: Report, out: io.StringIO | None = None) -> str:
    out = out if out is not None else io.StringIO()
    get_reporter(fmt)(report, out)
    return out.getvalue()


OPTIONS = [
    {},
    {"show_waived": True, "fail_on": "warning"},
    {"fail_on": "never"},
    {"fail_on": "info", "destinations": (("github", "-"), ("sarif", "r.sarif"), ("markdown", "-"))},
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("options", OPTIONS)
def test_reporters_stream_the_results_and_write_what_a_list_gives(pack, run, fmt, options):
    problems = [*broken_problems(), HOSTILE_PROBLEM]
    expected = render(fmt, make(pack, list(run), problems, **options))
    results = Results(run)
    out = Output(results)
    assert render(fmt, make(pack, results, problems, **options), out) == expected
    assert results.passes <= PASSES[fmt]
    assert results.most_live <= 3, "the reporter holds results it has finished with"
    if fmt != "github":  # GitHub's output is at most 31 lines, chosen once every finding was seen
        assert out.written_during_last_pass > 0, "the reporter does not write as it goes"
    if fmt not in ("github", "markdown"):  # (Markdown writes its findings sections, the bulk, to a spooled file)
        assert out.written_during_last_pass > len(expected) // 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_reporters_take_a_result_log(pack, run, fmt):
    problems = broken_problems()
    slim = [r.slim() for r in run]
    expected = render(fmt, make(pack, slim, problems, show_waived=True))
    with ResultLog(slim) as log:
        assert render(fmt, make(pack, log, problems, show_waived=True)) == expected


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("problems", [[], "broken"])
def test_reporters_with_no_dossiers(pack, fmt, problems):
    problems = broken_problems() if problems else []
    results = Results([])
    assert render(fmt, make(pack, results, problems)) == render(fmt, make(pack, [], problems))
    assert results.passes <= PASSES[fmt]


# --- JUnit: the streamed document is the whole tree, indented and serialised ---------------------------------


def whole_tree(report: Report) -> str:
    """The report as one ElementTree, as the reporter made it before it streamed: every suite under the root,
    the run's totals summed from the suites, ``ET.indent`` of the root, ``ET.tostring``."""
    root = ET.Element("testsuites", name="ddtapp")
    suites = [junit._dossier_suite(report, r) for r in report.results]
    by_file: dict[str, list] = {}
    for p in report.problems:
        by_file.setdefault(p.file, []).append(p)
    suites += [junit._problem_suite(file, problems) for file, problems in by_file.items()]
    for suite in suites:
        junit._count(suite)
        root.append(suite)
    for key in junit.COUNTS:
        root.set(key, str(sum(int(s.get(key)) for s in suites)))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("shape", ["run", "one", "problems only", "empty"])
def test_junit_streamed_equals_the_whole_tree(pack, run, hostile, options, shape):
    results, problems = {
        "run": (run, [*broken_problems(), HOSTILE_PROBLEM, *broken_problems()]),
        "one": ([hostile], []),
        "problems only": ([], broken_problems()),
        "empty": ([], []),
    }[shape]
    report = make(pack, list(results), problems, **options)
    text = render("junit", report)
    assert text == whole_tree(report)
    ET.fromstring(text.encode("utf-8"))


# --- GitHub: one pass keeps exactly the annotations a full sort would -------------------------------------


def sorted_annotations(report: Report) -> str:
    """The GitHub output as the reporter made it before it streamed: every annotation, problems first, the
    findings sorted by importance (a stable sort), then by level; ``select`` and counts of every dossier."""
    every = [gh._problem(p) for p in report.problems]
    every += [gh._finding(report, it) for it in sorted(items(report, include_waived=False), key=importance)]
    every.sort(key=lambda a: gh.LEVELS.index(a.level))
    shown, left, pointer = gh.select(every)
    lines = [gh.command(a) for a in shown]
    if pointer:
        counts = {level: sum(1 for a in left if a.level == level and not a.coming_up) for level in gh.LEVELS}
        message = gh.pointer_message(report, counts, sum(1 for a in left if a.coming_up))
        lines.append(
            f"::{pointer} title={gh.escape_property('ddtapp: annotations truncated')}::{gh.escape_data(message)}"
        )
    sums = [Summary.of(r) for r in report.results]
    lines.append(
        f"ddtapp: {plural(len(report.results), 'dossier')} checked, {len(report.problems)} input "
        f"{'problem' if len(report.problems) == 1 else 'problems'}: "
        f"{plural(sum(s.errors for s in sums), 'error')}, {plural(sum(s.warnings for s in sums), 'warning')}, "
        f"{sum(s.infos for s in sums)} info, {sum(s.coming_up for s in sums)} coming up, "
        f"{sum(s.waived for s in sums)} waived; {len(shown)} shown as annotations."
    )
    return "\n".join(lines) + "\n"


def ties(result: Result) -> Result:
    """The result's findings, all at one line, column and dossier path (so that many share their importance
    and only their place in the run tells them apart), their messages numbered, in reverse order of line."""
    found = sorted(result.findings, key=lambda f: -f.line)
    return dataclasses.replace(
        result,
        findings=tuple(
            dataclasses.replace(f, line=7, column=3, path="tool.name", message=f"{f.message} [{n:02}]")
            for n, f in enumerate(found)
        ),
    )


@pytest.mark.parametrize("shape", ["several dossiers", "ties", "errors only over", "notices only over", "under"])
def test_github_keeps_exactly_what_a_full_sort_keeps(pack, examples, hostile, shape):
    big = risk(examples)
    results, problems = {
        "several dossiers": ([*examples, many(big, 2), hostile, *examples], [*broken_problems(), HOSTILE_PROBLEM]),
        "ties": ([ties(big), ties(many(big, 2)), ties(hostile)], [HOSTILE_PROBLEM]),
        "errors only over": (
            [dataclasses.replace(big, findings=tuple(f for f in big.findings * 2 if f.severity == "error"))],
            [],
        ),
        "notices only over": (
            [dataclasses.replace(big, findings=tuple(f for f in big.findings * 3 if f.severity == "info"))],
            [],
        ),
        "under": ([hostile, examples[0]], broken_problems()),
    }[shape]
    for options in OPTIONS:
        report = make(pack, list(results), problems, **options)
        expected = sorted_annotations(report)
        assert render("github", report) == expected
        streamed = Results(results)
        assert render("github", make(pack, streamed, problems, **options)) == expected
        assert streamed.passes == 1
    if shape != "under":
        assert "annotations truncated" in expected


ANNOTATION = st.tuples(st.sampled_from(gh.LEVELS), st.booleans(), st.integers(0, 5))


@given(st.lists(ANNOTATION, max_size=60), st.randoms(use_true_random=False), st.integers(1, 12))
def test_selection_in_any_order_equals_select_of_the_sorted_list(specs, rnd, limit):
    """Annotations offered one at a time in any order, each with its key (ties told apart by their place in
    the sorted list, as the reporter tells findings apart by their order in the run), give what ``select``
    gives for the whole sorted list."""
    keyed = [
        ((weight, n), gh.Annotation(level, "f.yaml", n + 1, 1, "T", f"m{n}", coming))
        for n, (level, coming, weight) in enumerate(specs)
    ]
    keyed.sort(key=lambda k: k[0])
    every = [a for _, a in keyed]
    every.sort(key=lambda a: gh.LEVELS.index(a.level))  # stable: by level, then by key
    shown, left, pointer = gh.select(every, limit)
    chosen = gh.Selection(limit)
    offered = list(keyed)
    rnd.shuffle(offered)
    for key, a in offered:
        chosen.offer(a.level, key, a.coming_up, lambda a=a: a)
    got_shown, got_pointer, got_left, got_coming = chosen.choose()
    assert got_shown == shown and got_pointer == pointer
    assert got_left == {level: sum(1 for a in left if a.level == level and not a.coming_up) for level in gh.LEVELS}
    assert got_coming == sum(1 for a in left if a.coming_up)
    assert all(len(v) <= limit for v in chosen.best.values())


# --- Markdown: the spooled findings sections and the trailing line breaks ------------------------------------


def test_markdown_sections_spooled_to_disk_give_the_same_text(pack, run, monkeypatch):
    report = make(pack, list(run), broken_problems(), show_waived=True)
    in_memory = render("markdown", report)
    rolled = []

    class Spool(tempfile.SpooledTemporaryFile):
        def rollover(self) -> None:
            rolled.append(self)
            super().rollover()

    monkeypatch.setattr(md.tempfile, "SpooledTemporaryFile", Spool)
    monkeypatch.setattr(md, "SPOOL_BYTES", 10)  # moves to a temporary file on disk at once
    assert render("markdown", report) == in_memory
    assert rolled
    assert in_memory.endswith("for the full report.\n")


@pytest.mark.parametrize("lines", [["a", "", "b", ""], ["a", "", "", ""], ["a\n", "b\n\n", ""], ["x"], ["", "a", ""]])
def test_markdown_text_ends_with_one_line_break_as_the_joined_lines_did(lines):
    expected = "\n".join(lines).rstrip("\n") + "\n"
    whole = "".join(line + "\n" for line in lines)
    for parts in ([line + "\n" for line in lines], [whole], list(whole)):  # line by line, at once, by character
        out = io.StringIO()
        text = md._Text(out)
        for part in parts:
            text.write(part)
        text.end()
        assert out.getvalue() == expected
    out = io.StringIO()
    text = md._Text(out)
    text.lines(lines)
    text.end()
    assert out.getvalue() == expected


def test_markdown_caps_and_numbers_headings_across_the_stream(pack, examples, monkeypatch):
    monkeypatch.setattr(md, "MAX_ROWS", 30)
    results = Results([*examples, *examples])  # every heading twice
    text = render("markdown", make(pack, results, destinations=(("markdown", "-"), ("json", "r.json"))))
    assert results.passes == 2
    name = next(line for line in text.splitlines() if line.startswith("## "))
    assert f"{name} (2)" in text.splitlines()
    assert "were left out. The full report: r.json (json)." in text
