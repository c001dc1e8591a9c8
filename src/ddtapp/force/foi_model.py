"""The FOI request's 13 questions and the shapes of its answers (see ``ddtapp.force.foi``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ddtapp.documents.gaps import Gap

#: Shown in an answer where the dossier does not record a fact; the matching :class:`Gap` says which field.
NOT_RECORDED = "not recorded"
#: The request's limit on tools given detailed answers.
DETAIL_LIMIT = 10

AppliesTo = Literal["all", "operational", "development_or_pilot"]


# ---------------------------------------------------------------- the questions


@dataclass(frozen=True)
class Question:
    """One numbered question of the request."""

    number: int
    #: A short title for headings, e.g. "Data inputs".
    title: str
    #: The request's own words.
    text: str
    #: Which tools it is asked of: every tool, tools currently or formerly in operational use (9-11), or tools
    #: in development or pilot, or formerly so but never deployed (12-13).
    applies_to: AppliesTo


QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "Name",
        "Supply the name(s) of each tool, including any tool(s) which are no longer used (or were "
        "developed and/or piloted but never deployed).",
        "all",
    ),
    Question(
        2,
        "Stage of maturity",
        "Please specify the stage of maturity of each tool in terms of the following "
        "three possibilities (i) currently in operational use or formerly deployed for operational use (ii) currently "
        "under development or was developed in the past but never deployed (iii) currently being piloted or was "
        "piloted in the past, but never deployed.",
        "all",
    ),
    Question(
        3,
        "Reasons and policy purpose",
        "Explain the reason(s) why your organisation decided to develop and/or "
        "deploy each tool, including the intended policy purpose(s) of the tool.",
        "all",
    ),
    Question(
        4,
        "Data inputs",
        "Identify the data sources used as 'inputs' to the tool and indicate whether this data "
        "has been collected from internal police data sources, external public-sector data sources, or external "
        "data sources made available by private-sector organisations. Please further indicate whether the tool is "
        "updated with new data on a manual basis, by a human user responsible for inputting data (including how "
        "frequently this usually occurs), or if it is updated on a real-time basis using an automated live data "
        "feed.",
        "all",
    ),
    Question(
        5,
        "Outputs and what they signify",
        "Identify the output(s) that each tool produces/produced in order to "
        "serve its intended policy purpose, and what these outputs are taken to indicate or signify.",
        "all",
    ),
    Question(
        6,
        "Decisions supported or triggered",
        "Indicate the kind(s) of decision(s) each tool supports/supported "
        "or triggers/triggered and about whom or what.",
        "all",
    ),
    Question(7, "Intended users", "Identify the intended user(s) of each tool.", "all"),
    Question(
        8,
        "Additional documents",
        "List and provide electronic copies of any additional documents or "
        "information relating to each tool, including training materials, briefing papers, reports, performance "
        "evaluations and technical documents; impact assessments and risk assessments; and legal documents on "
        "the legal authorisation or legal basis for using each tool.",
        "all",
    ),
    Question(
        9,
        "Training",
        "Please indicate whether in relation to each tool, users receive any training about "
        "tool-use, indicating what that training consists (or consisted) of, who provides this training "
        "(including whether this is in-house or external), and who receives training.",
        "operational",
    ),
    Question(
        10,
        "Period of operational use",
        "Indicate the time-period during which each tool was, or had been, in "
        "operational use, identifying the date(s) when each tool was first deployed (and when its use was ended, "
        "if applicable).",
        "operational",
    ),
    Question(
        11,
        "Decision to stop operational use",
        "If your organisation later decided to stop the tool's "
        "operational use, can you please further explain your reason(s) for doing so, and indicate when that "
        "decision was made?",
        "operational",
    ),
    Question(
        12,
        "Period of development or piloting",
        "Indicate the time period during which development or piloting "
        "for each tool took place/has been taking place, including when development or the pilot began, the "
        "expected/planned launch date for tools still under development, and whether the launch will be on a "
        "pilot basis or for operational use.",
        "development_or_pilot",
    ),
    Question(
        13,
        "Decision to abandon or not deploy",
        "If your organisation later decided to abandon the development "
        "of a tool or decided not to deploy that tool for operational use following a pilot period, can you "
        "please further explain your reason(s) for doing so, and indicate when that decision was made.",
        "development_or_pilot",
    ),
)

#: Why a question is not asked of a tool, by ``applies_to``.
_NOT_ASKED = {
    "operational": "Asked only of tools currently or formerly in operational use; this tool has not been deployed "
    "for operational use.",
    "development_or_pilot": "Asked only of tools in development or pilot, or formerly so but never deployed; this "
    "tool has been deployed for operational use.",
}


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class Table:
    """Rows of plain-text cells (a missing cell holds :data:`NOT_RECORDED`)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Answer:
    """One question's answer for one tool."""

    number: int
    title: str
    #: Whether the request asks this question of this tool.
    applies: bool
    #: When ``applies`` is false: why not, in plain words.
    why_not: str | None
    #: The answer: plain-text sentences or list items, in order (empty when the question does not apply).
    text: tuple[str, ...]
    #: For questions 4, 5, 6 and 8, the items as a table (data sources, outputs, decisions, documents).
    table: Table | None
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class ToolAnswers:
    """One tool's answers, and the facts the selection rule ranks it by."""

    file: str
    #: The tool's name; the file's stem when the dossier records none (question 1 then has a gap).
    name: str
    reference: str | None
    maturity: str | None
    #: The policy purpose, for the list of tools not given detailed answers.
    purpose: str | None
    #: Currently or formerly in operational use (maturity operational or retired).
    deployed: bool
    #: When first deployed for operational use (``tool.dates.deployment``).
    deployment: dt.date | None
    #: The most recent of ``tool.dates.development_start`` and ``tool.dates.pilot_start``.
    development_or_pilot_start: dt.date | None
    answers: tuple[Answer, ...]
    #: Question 8's documents: each one's title and where it is kept (internal: for the FOI officer's notes).
    locations: tuple[tuple[str, str], ...] = ()

    def answer(self, number: int) -> Answer:
        return self.answers[number - 1]

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Every gap, question by question (a field missing for two questions is listed twice)."""
        return tuple(g for a in self.answers for g in a.gaps)

    @property
    def sort_key(self) -> tuple[str, str, int, str, str]:
        """The tie-break: name (case-insensitive, then exact), then reference (none first), then file."""
        return (self.name.casefold(), self.name, 0 if self.reference is None else 1, self.reference or "", self.file)
