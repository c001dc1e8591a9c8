"""The README's tour shows the real output of the command it shows: every line it quotes is a line of
``ddtapp check``'s output, in order ("..." stands for the lines left out), and the run's last line is
quoted in full. Refresh the block from the real output when this fails."""

from __future__ import annotations

import re
import shlex

from tests.conftest import ROOT
from tests.helpers import run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _tour() -> tuple[list[str], list[str]]:
    tour = README[README.index("## A short tour") :]
    command = re.search(r"```sh\n(ddtapp [^\n]+)\n```", tour)
    output = re.search(r"```text\n(.*?)```", tour, re.DOTALL)
    assert command and output
    return shlex.split(command.group(1))[1:], output.group(1).rstrip("\n").split("\n")


def test_the_tour_quotes_the_real_output(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv, quoted = _tour()
    code, out, err = run(argv, capsys)
    assert code == 1, err
    real = out.rstrip("\n").split("\n")
    remaining = iter(real)
    for line in quoted:
        if line.strip() == "...":
            continue
        assert any(line == r for r in remaining), f"README's tour shows a line the command does not print:\n{line}"
    assert quoted[-1] == real[-1]
