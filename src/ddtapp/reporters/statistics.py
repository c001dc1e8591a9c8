"""``ddtapp check --statistics``: how many open findings each rule gave across the run, most first, as
``ruff --statistics`` shows them. Waived findings and those coming up at the next stage are not counted."""

from __future__ import annotations

from collections import Counter
from typing import IO

from ddtapp.output.neutralise import neutralise
from ddtapp.reporters import Report


def report(rep: Report, out: IO[str]) -> None:
    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for result in rep.results:
        for f in result.findings:
            if f.status == "open":
                counts[f.rule_id] += 1
                severity[f.rule_id] = f.severity
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        out.write("No open findings.\n")
    else:
        number = max(len(str(n)) for _, n in rows)
        ident = max(len(rule_id) for rule_id, _ in rows)
        for rule_id, n in rows:
            rule = rep.pack.rule(rule_id)
            title = neutralise(rule.spec.title) if rule is not None else ""  # a force pack's words, shown
            out.write(f"{n:>{number}}  {rule_id:<{ident}}  {severity[rule_id]:<7}  {title}".rstrip() + "\n")
    total = sum(counts.values())
    files = len({p.file for p in rep.problems})
    out.write(
        f"{total} open finding{'s' if total != 1 else ''} from {len(counts)} rule{'s' if len(counts) != 1 else ''}"
        f" in {len(rep.results)} dossier{'s' if len(rep.results) != 1 else ''}"
        + (f"; {files} dossier{'s' if files != 1 else ''} could not be read" if files else "")
        + ".\n"
    )
