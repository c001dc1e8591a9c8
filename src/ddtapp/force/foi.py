"""Answers to the FOI request on digital decision tools, drawn from project dossiers.

The request (``docs/foi.md``) asks 13 numbered questions of up to ten tools, and the names and policy
purposes of any others. This module holds the per-tool logic and the request's selection rule; the
command ``ddtapp foi`` (``commands/foi.py``) renders a whole response, and a template may render one
tool's answers.

Public API
----------
``QUESTIONS``
    The 13 :class:`Question` s: ``number``, ``title`` (short), ``text`` (the request's words) and
    ``applies_to`` (``"all"``, ``"operational"`` for questions 9-11, ``"development_or_pilot"`` for 12-13).
``answer_tool(result, pack=None) -> ToolAnswers``
    The 13 answers for one checked dossier (an :class:`ddtapp.checker.engine.Result`). Pass the rule pack the
    dossier was checked with, so that a gap can name the rule that asks for the missing field; without
    it the built-in pack is used.
``select_tools(tools) -> Selection``
    The request's selection rule over a force's tools: which (at most ten) get detailed answers, in
    which order, and which are only listed by name and policy purpose.

Every value is plain text (``str``, tuples of ``str``) or a date, never pre-escaped Markdown or HTML:
the renderer escapes. Nothing is invented: a fact the dossier does not record is shown as
:data:`NOT_RECORDED` in the answer and listed as a :class:`Gap` naming the dossier field (and the rule
that asks for it, when one does).
"""

from __future__ import annotations

from ddtapp.documents.gaps import Gap
from ddtapp.dossier.documents import documents_of
from ddtapp.force.foi_answers import answer_tool, foi_category
from ddtapp.force.foi_model import (
    DETAIL_LIMIT,
    NOT_RECORDED,
    QUESTIONS,
    Answer,
    Question,
    Table,
    ToolAnswers,
)
from ddtapp.force.foi_response import render_officer_notes, render_response
from ddtapp.force.foi_select import Selected, Selection, select_tools
from ddtapp.force.register import format_date

__all__ = [
    "DETAIL_LIMIT",
    "NOT_RECORDED",
    "QUESTIONS",
    "Answer",
    "Gap",
    "Question",
    "Selected",
    "Selection",
    "Table",
    "ToolAnswers",
    "answer_tool",
    "documents_of",
    "foi_category",
    "format_date",
    "render_officer_notes",
    "render_response",
    "select_tools",
]
