"""``ddtapp check --statistics``: how many open findings each rule gave across the run, most first, as
``ruff --statistics`` shows them. Waived findings and those coming up at the next stage are not counted.
At a terminal a rule's title is wrapped between words under itself; elsewhere each line is written whole."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import IO

from ddtapp.output.neutralise import neutralise
from ddtapp.output.words import plural
from ddtapp.reporters import Report


def _wrapped(text: str, width: int | None, indent: int) -> list[str]:
    """``text`` cut between words into lines of ``width`` less ``indent`` columns (whole when ``width`` is
    None: a pipe or a file)."""
    from ddtapp.output.terminal import breaks

    cuts = [0, *(breaks(text, max(width - indent, 20)) if width else []), len(text)]
    return [text[a:b].rstrip() for a, b in itertools.pairwise(cuts)] or [""]


def report(rep: Report, out: IO[str]) -> None:
    from ddtapp.output.terminal import terminal_width

    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for result in rep.results:
        for f in result.findings:
            if f.status == "open":
                counts[f.rule_id] += 1
                severity[f.rule_id] = f.severity
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = terminal_width(out)
    if not rows:
        out.write("No open findings.\n")
    else:
        number = max(len(str(n)) for _, n in rows)
        ident = max(len(rule_id) for rule_id, _ in rows)
        indent = number + 2 + ident + 2 + 7 + 2  # where the title starts
        for rule_id, n in rows:
            rule = rep.pack.rule(rule_id)
            title = neutralise(rule.spec.title) if rule is not None else ""  # a force pack's words, shown
            first, *rest = _wrapped(title, width, indent)
            out.write(f"{n:>{number}}  {rule_id:<{ident}}  {severity[rule_id]:<7}  {first}".rstrip() + "\n")
            out.writelines(" " * indent + line + "\n" for line in rest)
    total = sum(counts.values())
    files = len({p.file for p in rep.problems})
    summary = (
        f"{plural(total, 'open finding')} from {plural(len(counts), 'rule')} in {plural(len(rep.results), 'dossier')}"
        + (f"; {plural(files, 'dossier')} could not be read" if files else "")
        + "."
    )
    out.writelines(line + "\n" for line in _wrapped(summary, width, 0))
