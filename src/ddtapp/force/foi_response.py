"""The whole FOI response across a force's tools (for the requester), and the FOI officer's working notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ddtapp.documents.gaps import Gap
from ddtapp.errors import Problem
from ddtapp.force.foi_model import NOT_RECORDED, ToolAnswers
from ddtapp.force.foi_select import select_tools
from ddtapp.force.register import format_date, md, md_table
from ddtapp.output.words import plural

# ---------------------------------------------------------------- the whole response


_COUNT_ORDER = (
    ("operational", "currently in operational use"),
    ("retired", "formerly in operational use"),
    ("pilot", "being piloted"),
    ("in_development", "in development"),
    ("abandoned", "abandoned before deployment"),
    (None, "of unrecorded maturity"),
)


def _gap_line(tool: ToolAnswers, gap: Gap, number: int | None) -> str:
    """One gap as a Markdown list item's text for the officer: the dossier path is a code span (paths are
    ddtapp's own, made of field names and indices); everything else is escaped."""
    where = md(f"{tool.file}:{gap.line}:{gap.column}")
    asked = f"; asked by rule {md(gap.rule)}" if gap.rule else "; no rule asks for it"
    lead = f"Question {number}: " if number else ""
    return f"{lead}{md(gap.what)}: record `{gap.path}` ({where}{asked})."


def _counts(tools: Sequence[ToolAnswers], scope: Sequence[str]) -> str:
    counts = {key: sum(1 for t in tools if t.maturity == key) for key, _ in _COUNT_ORDER}
    described = ", ".join(f"{n} {label}" for (key, label) in _COUNT_ORDER if (n := counts[key]))
    lead = f"Within the scope of this request ({'; '.join(scope)}), the force has" if scope else "The force has"
    return f"{lead} {plural(len(tools), 'tool')}" + (f": {described}." if described else ".")


def _answer_lines(tool: ToolAnswers) -> list[str]:
    lines: list[str] = []
    for answer in tool.answers:
        lines += [f"### {answer.number}. {md(answer.title)}", ""]
        if not answer.applies:
            lines += [md(f"Not asked of this tool. {answer.why_not}"), ""]
            continue
        if len(answer.text) == 1 or answer.table is not None:
            lines += [md(t) for t in answer.text]
        else:
            lines += [f"- {md(t)}" for t in answer.text]
        lines.append("")
        if answer.table is not None:
            lines += [*md_table(answer.table.columns, answer.table.rows), ""]
    return lines


def render_response(
    tools: Sequence[ToolAnswers],
    today: dt.date,
    problems: Sequence[Problem] = (),
    scope: Sequence[str] = (),
    out_of_scope: int = 0,
) -> str:
    """The response for the requester, in Markdown: the tools covered and how they were chosen, the
    detailed answers for the selected tools, then every other tool by name and policy purpose. It holds
    nothing internal: no notes for the officer, no dossier paths or file names, no document locations
    (``render_officer_notes`` has those). A fact the dossiers do not record reads "not recorded", for the
    officer to complete or to answer as not held. ``problems`` and ``out_of_scope`` are for the notes; they
    are accepted here so both documents can be made from the same call."""
    del problems, out_of_scope  # internal: the officer's notes report them
    selection = select_tools(tools)
    lines = ["# Freedom of Information request: digital decision tools", ""]
    lines += [md(f"Response date: {format_date(today)}."), ""]
    lines += ["## The tools covered and how they were selected", ""]
    lines += [md(_counts(tools, scope)), "", md(selection.explanation), ""]
    if selection.detailed:
        lines += [md("Detailed answers are given for these tools, in this order:"), ""]
        lines += [f"{i}. {md(s.tool.name)}: {md(s.basis)}." for i, s in enumerate(selection.detailed, 1)]
        lines.append("")
    lines += [
        md(
            "Tools deployed on the same date, or put into development or piloted on the same date, are "
            "ordered by name, then by reference."
        ),
        "",
    ]
    for i, chosen in enumerate(selection.detailed, 1):
        tool = chosen.tool
        lines += [f"## Tool {i}: {md(tool.name)}" + (f" ({md(tool.reference)})" if tool.reference else ""), ""]
        lines += _answer_lines(tool)
    if selection.listed:
        lines += ["## Other tools: name and policy purpose", ""]
        lines += [
            *md_table(
                ("Tool", "Reference", "Policy purpose"),
                [(t.name, t.reference or "", t.purpose or NOT_RECORDED) for t in selection.listed],
            ),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_officer_notes(
    tools: Sequence[ToolAnswers],
    today: dt.date,
    problems: Sequence[Problem] = (),
    scope: Sequence[str] = (),
    out_of_scope: int = 0,
) -> str:
    """The FOI officer's working notes beside the response (never sent): each fact not recorded, with the
    dossier field and line to complete; where each listed document is kept, to gather copies; the
    dossiers that could not be read; the tools outside the request's scope."""
    selection = select_tools(tools)
    lines = ["# FOI request on digital decision tools: working notes for the FOI officer", ""]
    lines += [
        md(
            f"Prepared on {format_date(today)} with the draft response, from the force's project dossiers. "
            "These notes are internal: they are not part of the response and are not sent to the requester."
        ),
        "",
    ]
    gaps_total = sum(len(s.tool.gaps) for s in selection.detailed) + sum(
        1 for t in selection.listed if t.purpose is None
    )
    summary = [
        f"{plural(gaps_total, 'fact')} the request asks for {'is' if gaps_total == 1 else 'are'} not recorded "
        "in the dossiers: complete each in the dossier and draft again, or answer it as not held."
    ]
    if scope:
        summary.append(
            f"{plural(out_of_scope, 'other tool')} in the dossiers {'is' if out_of_scope == 1 else 'are'} "
            "outside the scope given and not mentioned in the response."
        )
    broken = sorted({p.file for p in problems})
    if broken:
        whose = "its tool is" if len(broken) == 1 else "their tools are"
        summary.append(
            f"{plural(len(broken), 'dossier')} could not be read, so {whose} missing from the response: "
            + ", ".join(broken)
            + ". Fix them and run ddtapp foi again."
        )
    lines += [md(" ".join(summary)), ""]
    for i, chosen in enumerate(selection.detailed, 1):
        lines += _tool_notes(i, chosen.tool)
    missing = [(t, g) for t in selection.listed for g in t.answer(3).gaps if g.path == "tool.purpose"]
    if missing:
        lines += ["## Other tools: policy purpose not recorded", ""]
        lines += [f"- {md(t.name)}: {_gap_line(t, g, None)}" for t, g in missing]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _tool_notes(i: int, tool: ToolAnswers) -> list[str]:
    lines = [f"## Tool {i}: {md(tool.name)} ({md(tool.file)})", ""]
    if tool.gaps:
        lines += ["Not recorded:", ""]
        lines += [f"- {_gap_line(tool, g, a.number)}" for a in tool.answers for g in a.gaps]
        lines.append("")
    else:
        lines += ["Everything the request asks is recorded.", ""]
    if tool.locations:
        lines += ["Where the documents listed under question 8 are kept, to provide copies:", ""]
        lines += [*md_table(("Document", "Where it is kept"), tool.locations), ""]
    return lines
