"""The FOI request's rule for choosing the (at most ten) tools given detailed answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ddtapp.force.foi_model import DETAIL_LIMIT, ToolAnswers
from ddtapp.force.register import format_date
from ddtapp.output.words import plural

# ---------------------------------------------------------------- the selection rule


@dataclass(frozen=True)
class Selected:
    """A tool given detailed answers, with why it ranks where it does."""

    tool: ToolAnswers
    #: Plain words: "deployed 1 March 2023", or why it is ranked last in its group.
    basis: str


@dataclass(frozen=True)
class Selection:
    """The request's selection rule applied to a force's tools."""

    #: ``"all"`` (ten or fewer tools in total), ``"most_recently_deployed"`` (more than ten deployed), or
    #: ``"deployed_then_development_or_pilot"`` (ten or fewer deployed, topped up with the most recent others).
    rule: str
    #: The rule as applied, in plain words, for the cover note.
    explanation: str
    #: Tools given detailed answers: deployed ones first, most recently deployed first, then the others, most
    #: recently put into development or piloted first.
    detailed: tuple[Selected, ...]
    #: Every other tool, to list by name and policy purpose, by name.
    listed: tuple[ToolAnswers, ...]
    total: int
    deployed: int


def _rank_deployed(tool: ToolAnswers) -> tuple:
    # Most recent first; a tool with no deployment date last among deployed tools. Ties: name, reference, file.
    day = tool.deployment
    return (day is None, -(day.toordinal()) if day else 0, tool.sort_key)


def _rank_other(tool: ToolAnswers) -> tuple:
    day = tool.development_or_pilot_start
    return (day is None, -(day.toordinal()) if day else 0, tool.sort_key)


def _basis_deployed(tool: ToolAnswers) -> str:
    if tool.deployment is None:
        return (
            "deployed for operational use, but the deployment date is not recorded, "
            "so it is ranked after every dated deployed tool"
        )
    return f"deployed {format_date(tool.deployment)}"


def _basis_other(tool: ToolAnswers) -> str:
    if tool.development_or_pilot_start is None:
        return (
            "neither a development nor a pilot start date is recorded, "
            "so it is ranked after every dated tool in development or pilot"
        )
    return f"put into development or piloted {format_date(tool.development_or_pilot_start)}"


def _number(n: int) -> str:
    return {10: "ten"}.get(n, str(n))


def select_tools(tools: Sequence[ToolAnswers], limit: int = DETAIL_LIMIT) -> Selection:
    """Apply the request's selection rule.

    * Ten or fewer tools in total: every tool gets detailed answers.
    * More than ten deployed for operational use (currently or formerly: ``operational`` or ``retired``): the
      ten most recently deployed, by ``tool.dates.deployment``.
    * Otherwise every deployed tool, topped up to ten with the others (in development, pilot, abandoned, or of
      unrecorded maturity) most recently put into development or piloted: the later of
      ``tool.dates.development_start`` and ``tool.dates.pilot_start``.

    Ties on a date are broken by name (case-insensitively), then reference, then file. A tool without the date
    its group is ranked by comes after every dated tool of that group; no date is ever assumed. The tools not
    selected are listed by name. The result does not depend on the order of ``tools``.
    """
    deployed = sorted((t for t in tools if t.deployed), key=_rank_deployed)
    others = sorted((t for t in tools if not t.deployed), key=_rank_other)
    total = len(tools)
    if total <= limit:
        rule = "all"
        explanation = f"As there are {_number(limit)} or fewer tools in total, every tool is given detailed answers."
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed] + [Selected(t, _basis_other(t)) for t in others]
    elif len(deployed) > limit:
        rule = "most_recently_deployed"
        explanation = (
            f"More than {_number(limit)} tools ({len(deployed)}) have been deployed for operational use, so "
            f"detailed answers are given for the {_number(limit)} most recently deployed (including any "
            "no longer in use); every other tool is listed by name and policy purpose."
        )
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed[:limit]]
    else:
        rule = "deployed_then_development_or_pilot"
        room = limit - len(deployed)
        explanation = (
            f"{len(deployed)} tool{'s have' if len(deployed) != 1 else ' has'} been deployed for "
            f"operational use ({_number(limit)} or fewer), so detailed answers are given for "
            f"{'all of them' if deployed else 'none on that ground'} and for the {plural(room, 'tool')} "
            "most recently put into development or piloted (including any "
            "never deployed); every other tool is listed by name and policy purpose."
        )
        chosen = [Selected(t, _basis_deployed(t)) for t in deployed] + [
            Selected(t, _basis_other(t)) for t in others[:room]
        ]
    picked = {id(s.tool) for s in chosen}
    listed = sorted((t for t in tools if id(t) not in picked), key=lambda t: t.sort_key)
    return Selection(rule, explanation, tuple(chosen), tuple(listed), total, len(deployed))
