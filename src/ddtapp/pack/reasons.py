"""The ``reasoned`` check operator: whether a recorded reason says something of substance (its syntax is in
the SYNTAX table of ``ddtapp.pack.checks``, its evaluator here).

  reasoned: {path: P, not_reasons: [..], min_words: N, answers: Q}
      the text at P is a reason and not only an appeal to schedule, cost or convenience: once the phrases
      of ``not_reasons`` (the pack's list of things that are not reasons, e.g. "pilot timetable", "cost")
      and common function words are taken out, at least N words are left; and where the text at Q (what
      the reason answers, e.g. the DPO's advice) says enough to answer (five words of substance; not a bare
      reference such as "see memo DPO/2026/14"), the reason shares at least one of its remaining words with
      it (compared on their first five letters, so "retain" meets "retention").
      Fails at P.

This is a floor, not a judgement: a reason that passes may still be a poor one, and the DPO and the
decision maker judge it (``judgement:`` on the rule says so in rules/COVERAGE.md). It refuses what is
plainly not a reason: "Pilot timetable", "Cost", "Operational need", or a sentence that never touches the
advice it overrules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from ddtapp.pack.checks import PASS, Compiled, Context, Node

_WORD = re.compile(r"[a-z0-9]+")

#: English function words: never the substance of a reason.
_FUNCTION_WORDS = frozenset(
    " ".join(
        (
            "a about above after again against all also am an and any are as at be because been before being below",
            "between both but by can could did do does doing down during each few for from further had has have",
            "having he her here hers him his how i if in into is it its itself just may me might more most must my",
            "no nor not now of off on once only or other our ours out over own same shall she should so some such",
            "than that the their theirs them then there these they this those through to too under until up very",
            "was we were what when where which while who whom why will with would you your yours s t",
        )
    ).split()
)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _strip_phrases(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """``tokens`` without any occurrence of a phrase (longest phrases first)."""
    starting = _by_first_word(phrases)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in starting.get(tokens[i], ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


@functools.lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """The phrases by their first word, each list in the order given: a token is compared only with the
    phrases that can start at it (two phrases of one length cannot both match at the same place)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return out


def substance(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The words of ``text`` left once non-reasons, function words and bare numbers are taken out."""
    return [w for w in _strip_phrases(words(text), phrases) if w not in _FUNCTION_WORDS and not w.isdigit()]


#: An answered text with fewer words of substance than this (a reference number, "see memo") says too little
#: to tell whether a reason engages with it: only the reason's own substance is then judged.
_ANSWERABLE = 5


def _reasoned(node: Node) -> Compiled:
    p = node.path()
    answers = dict(node.paths).get("answers")
    min_words = node.params["min_words"]
    phrases = tuple(sorted({tuple(words(s)) for s in node.params["not_reasons"]} - {()}, key=len, reverse=True))

    def run(ctx: Context, base: Any, bp: str) -> tuple[str, ...]:
        text = p.get(ctx, base)
        if not isinstance(text, str):
            return (p.full(bp),)
        left = substance(text, phrases)
        if len(left) < min_words:
            return (p.full(bp),)
        other = answers.get(ctx, base) if answers is not None else None
        if isinstance(other, str):
            said = substance(other, phrases)
            theirs = {w[:5] for w in said}
            if len(said) >= _ANSWERABLE and not any(w[:5] in theirs for w in left):
                return (p.full(bp),)
        return PASS

    return Compiled(run)


#: Added to :data:`ddtapp.pack.operators` (the syntax is in SYNTAX).
BUILDERS: dict[str, Callable[[Node], Compiled]] = {"reasoned": _reasoned}
