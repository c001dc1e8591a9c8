"""Facts valid each alone that cannot all be true (``ddtapp.dossier.consistency``): each is one located error
with exit 2 that says what to write, the same in check, render, register and foi, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddtapp.dossier.consistency import inconsistencies
from ddtapp.loading.yaml_loader import load_text
from tests.helpers import run

HEAD = """\
schema_version: 2
stage: embed
tool:
  name: Test tool
  maturity: operational
"""

#: case -> (the dossier after HEAD, the line of the error, words of the message, words of the hint)
CASES: dict[str, tuple[str, int, str, str]] = {
    "resumed before paused": (
        """\
          pauses:
            - paused_on: 2026-03-01
              reason_kind: software_fault
              resumed_on: 2026-02-01
        """,
        9,
        "use resumed on 2026-02-01, before the pause began on 2026-03-01",
        "Write the date use resumed",
    ),
    "an open pause before a later one": (
        """\
          pauses:
            - {paused_on: 2026-01-01, reason_kind: bias_concern}
            - {paused_on: 2026-06-01, reason_kind: software_fault, resumed_on: 2026-06-10}
        """,
        7,
        "has no resumed_on, but another pause (tool.pauses[1]) began on 2026-06-01",
        "Record resumed_on for the earlier pause",
    ),
    "overlapping pauses": (
        """\
          pauses:
            - {paused_on: 2026-01-01, reason_kind: bias_concern, resumed_on: 2026-07-01}
            - {paused_on: 2026-06-01, reason_kind: software_fault, resumed_on: 2026-06-10}
        """,
        7,
        "after the next pause (tool.pauses[1]) began on 2026-06-01",
        "Correct the dates",
    ),
    "a change naming a model the tool does not have": (
        """\
          models:
            - {name: Matcher, version: "6.0"}
          changes:
            - {date: 2026-03-01, kind: software_update, model: Matcher v6, to_version: "6.0"}
        """,
        9,
        "names the model 'Matcher v6', which is not among the tool's models ('Matcher')",
        "Write the model's name exactly as in tool.models[].name",
    ),
    "a test naming a model the tool does not have": (
        """\
          models:
            - {name: Matcher, version: "6.0"}
        validation:
          tests:
            - {date: 2026-03-01, model: Detector, version: "6.0"}
        """,
        10,
        "this test names the model 'Detector'",
        "add the model to tool.models",
    ),
    "a result by characteristic without its group": (
        """\
        validation:
          tests:
            - date: 2026-03-01
              results:
                - {metric: false_positive_rate, characteristic: race, value: 0.01}
        """,
        10,
        "a result for the characteristic 'race' does not say for which group",
        "Add group",
    ),
    "a result for a group without its characteristic": (
        """\
        validation:
          tests:
            - date: 2026-03-01
              results:
                - {metric: false_positive_rate, group: Black, value: 0.01}
        """,
        10,
        "a result for the group 'Black' does not say which protected characteristic",
        "Add characteristic",
    ),
    "a rate written as a percentage": (
        """\
        validation:
          tests:
            - date: 2026-03-01
              results:
                - metric: false_positive_rate
                  value: 3
        """,
        11,
        "false_positive_rate is a proportion from 0 to 1, but value is 3",
        "0.03 for 3%",
    ),
    "a criterion whose minimum is above its maximum": (
        """\
        validation:
          acceptance_criteria:
            - {metric: true_positive_rate, minimum: 0.9, maximum: 0.8}
        """,
        8,
        "the minimum (0.9) is above the maximum (0.8)",
        "Give the lowest acceptable value as minimum",
    ),
    "an operating target of another metric without its name": (
        """\
          models:
            - name: Matcher
              threshold:
                value: 0.64
                operating_target: {metric: other, maximum: 0.2}
        """,
        10,
        "the metric is 'other' but its name is not given",
        "Add metric_name",
    ),
}


def _unindent(body: str) -> str:
    """The body as written in this file, eight spaces in (keys of ``tool`` two more)."""
    return "".join(line[8:] + "\n" for line in body.splitlines())


def _dossier(tmp_path: Path, case: str) -> Path:
    text = HEAD + _unindent(CASES[case][0])
    path = tmp_path / "in" / "d.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def _argv(command: str, path: Path, tmp_path: Path) -> list[str]:
    extra = {"render": ["--out", str(tmp_path / "out")], "register": ["-o", str(tmp_path / "out")]}
    return [command, str(path), "--today", "2026-11-21", *extra.get(command, [])]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_inconsistency_is_one_located_error_in_check(tmp_path, capsys, case):
    path = _dossier(tmp_path, case)
    _, line, message, hint = CASES[case]
    code, out, err = run(_argv("check", path, tmp_path), capsys)
    assert code == 2, (out, err)
    said = out + err
    assert "Traceback" not in said
    located = [row for row in said.splitlines() if f"d.yaml:{line}:" in row]
    assert len(located) == 1, said
    assert message in located[0] and hint in located[0], located[0]


@pytest.mark.parametrize("command", ["render", "register", "foi"])
def test_every_command_refuses_it_the_same_way(tmp_path, capsys, command):
    path = _dossier(tmp_path, "resumed before paused")
    code, out, err = run(_argv(command, path, tmp_path), capsys)
    assert code == 2, (out, err)
    said = out + err
    assert [row for row in said.splitlines() if "d.yaml:9:" in row and "before the pause began" in row], said
    if command == "render":
        assert not (tmp_path / "out").exists()  # nothing half-written


def test_what_is_consistent_passes():
    """A review dated before the document's date is a review of a draft, not an error; a result overall
    needs no group; a change naming a listed model, and pauses one after another, are fine."""
    text = HEAD + _unindent(
        """\
          models:
            - name: Matcher
              version: "6.0"
              threshold: {value: 0.64, operating_target: {metric: false_alert_rate, maximum: 0.001}}
          changes:
            - {date: 2026-03-01, kind: software_update, model: Matcher, to_version: "6.0"}
          pauses:
            - {paused_on: 2026-01-01, reason_kind: bias_concern, resumed_on: 2026-02-01}
            - {paused_on: 2026-06-01, reason_kind: software_fault}
        validation:
          acceptance_criteria: [{metric: false_positive_rate, maximum: 0.01}]
          tests:
            - date: 2026-03-01
              model: Matcher
              results:
                - {metric: false_positive_rate, value: 0.004}
                - {metric: false_positive_rate, characteristic: race, group: Black, value: 0.005}
        engage:
          legal_framework:
            documents:
              - type: dpia
                status: approved
                date: 2026-03-01
                reviews:
                  - {reviewer: dpo, date: 2026-01-10, outcome: deficient, lacked: [Data minimisation]}
        """
    )
    assert list(inconsistencies(load_text(text, "d.yaml").data)) == []
