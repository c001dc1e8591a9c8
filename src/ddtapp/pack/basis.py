"""What a rule rests on (its ``basis``), and the law in force on a given day.

A rule's basis names the APP requirements, statutes (with the days they are in force), case law (with
the day decided), published guidance, and ddtapp's own good practice behind it. An error needs a binding
basis: a statute, case law, or an APP requirement whose modality is MUST. Guidance and practice give
warnings at most. Dates are ISO text (``2018-05-25``), which compares as dates do and survives the pack
cache's JSON round trip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Annotated, Any, Literal

from ddtapp.frozen import frozen

_STRICT = {"extra": "forbid"}


def _iso_text(value: Any) -> Any:
    """A YAML date as ISO text (``2018-05-25``); anything else unchanged, for the string check."""
    return value.isoformat() if isinstance(value, dt.date) else value


class _IsoDate:
    """Pydantic metadata on ``ISODate``: a date written in a pack (a YAML date or ISO text) is kept as ISO
    text, which sorts as dates do and survives the pack cache's JSON round trip. Pydantic is imported only
    when a pack file is validated."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(
            _iso_text, core_schema.str_schema(pattern=r"^\d{4}-\d{2}-\d{2}$")
        )


ISODate = Annotated[str, _IsoDate()]


@frozen(kw_only=True)
class StatuteRef:
    """A provision of an Act or regulation, and the days it is in force (inclusive; open-ended if absent)."""

    __pydantic_config__ = _STRICT
    act: str
    section: str
    from_: ISODate | None = field(default=None, metadata={"alias": "from"})
    until: ISODate | None = None
    #: the processing it governs: Part 3 DPA 2018 (law_enforcement) or the UK GDPR (general); both if absent
    regime: Literal["law_enforcement", "general"] | None = None

    def label(self) -> str:
        return f"{self.act} {self.section}"


@frozen(kw_only=True)
class CaseRef:
    """A judgment, binding from the day it was decided."""

    __pydantic_config__ = _STRICT
    case: str
    decided: ISODate


@frozen(kw_only=True)
class GuidanceRef:
    """Published guidance (ICO, Home Office, the ATRS, the College): persuasive, never binding by itself."""

    __pydantic_config__ = _STRICT
    source: str
    title: str
    from_: ISODate | None = field(default=None, metadata={"alias": "from"})
    until: ISODate | None = None

    def label(self) -> str:
        return f"{self.source}: {self.title}"


@frozen(kw_only=True)
class Basis:
    """What a rule rests on. ``app`` defaults to the rule's ``app_refs``. An error needs a binding basis:
    a statute or case law, or an APP requirement whose modality is MUST (see ``docs/rule-packs.md``)."""

    __pydantic_config__ = _STRICT
    app: list[str] = field(default_factory=list)
    statute: list[StatuteRef] = field(default_factory=list)
    case_law: list[CaseRef] = field(default_factory=list)
    guidance: list[GuidanceRef] = field(default_factory=list)
    practice: str | None = None
    #: a force's own policy, binding within the force (force packs only)
    force_policy: str | None = None


def in_force(start: str | None, end: str | None, day: str) -> bool:
    """Whether ``day`` (ISO text) falls in [start, end]; either bound may be open."""
    return (start is None or start <= day) and (end is None or day <= end)


def binding_sources(basis: Basis, modality: dict[str, str]) -> list[str]:
    """The binding parts of ``basis`` (statute, case law, APP MUSTs); ``modality`` maps APP IDs to theirs."""
    out = [s.label() for s in basis.statute] + [c.case for c in basis.case_law]
    out += [f"force policy: {basis.force_policy}"] if basis.force_policy else []
    return out + [f"APP {ref}" for ref in basis.app if modality.get(ref) == "MUST"]


def citations(basis: Basis, modality: dict[str, str], day: str) -> tuple[str, ...]:
    """The basis as shown in reports, as the law stood on ``day``: statutes in force, cases decided by
    then, guidance current then, the APP requirements (with their modality) and ddtapp's own practice."""
    out = [f"APP {ref} ({modality.get(ref, '?')})" for ref in basis.app]
    out += [s.label() for s in basis.statute if in_force(s.from_, s.until, day)]
    out += [c.case for c in basis.case_law if c.decided <= day]
    out += [f"guidance: {g.label()}" for g in basis.guidance if in_force(g.from_, g.until, day)]
    if basis.practice:
        out.append(f"ddtapp practice: {basis.practice}")
    if basis.force_policy:
        out.append(f"force policy: {basis.force_policy}")
    return tuple(out)


def describe(basis: Basis) -> list[str]:
    """Every part of ``basis`` with its dates, one line each (``ddtapp explain``, ``rules --format json``)."""
    out = [f"APP: {ref}" for ref in basis.app]
    for s in basis.statute:
        governs = {"law_enforcement": " for Part 3 processing", "general": " for general processing"}.get(
            s.regime or "", ""
        )
        out.append(f"statute: {s.label()}{_span(s.from_, s.until)}{governs}")
    out += [f"case law: {c.case} (decided {c.decided})" for c in basis.case_law]
    out += [f"guidance: {g.label()}{_span(g.from_, g.until)}" for g in basis.guidance]
    if basis.practice:
        out.append(f"practice (ddtapp's own): {basis.practice}")
    if basis.force_policy:
        out.append(f"force policy: {basis.force_policy}")
    return out


def _span(start: str | None, end: str | None) -> str:
    if start and end:
        return f" (in force {start} to {end})"
    if start:
        return f" (in force from {start})"
    return f" (in force until {end})" if end else ""


@frozen(kw_only=True)
class DatedText:
    """A rule's wording for the days from ``from`` to ``until``: the law those days has other words (before
    Part 3 of the DPA 2018, a privacy impact assessment; before *Bridges*, no Bridges). The first variant
    whose days include ``--today`` replaces the rule's own message (and remediation, when given); with
    ``applies: false`` the rule does not apply on those days (the law it enforces was replaced)."""

    __pydantic_config__ = _STRICT
    from_: ISODate | None = field(default=None, metadata={"alias": "from"})
    until: ISODate | None = None
    message: str | None = None
    remediation: str | None = None
    applies: bool = True
    #: why the rule does not apply, or what replaced the law (shown by ``ddtapp explain``)
    note: str | None = None


@frozen(kw_only=True)
class TermSpan:
    __pydantic_config__ = _STRICT
    from_: ISODate | None = field(default=None, metadata={"alias": "from"})
    until: ISODate | None = None
    text: str


@frozen(kw_only=True)
class LawTerm:
    """A name of the law that changes with the day: ``{law:ID}`` in a rule's message or remediation."""

    __pydantic_config__ = _STRICT
    id: str
    spans: list[TermSpan]


@frozen(kw_only=True)
class LawFile:
    """``rules/law.yaml``: when the APP was published, and the names of the law that change with the day."""

    __pydantic_config__ = _STRICT
    app_published: ISODate
    terms: list[LawTerm] = field(default_factory=list)


@frozen
class OnDay:
    """A rule as the law stood on one day."""

    applies: bool  # something it rests on was in force
    binding: bool  # something binding it rests on was in force
    citations: tuple[str, ...]
    message: str
    remediation: str
    legal: bool = False  # a statute or case it rests on was in force (a waiver needs an approver with authority)


def on_day(
    basis: Basis,
    modality: dict[str, str],
    law: LawFile,
    day: str,
    regime: str | None,
    text: tuple[str, str, list[DatedText]],
) -> OnDay:
    """What ``basis`` gives on ``day`` for a dossier of ``regime`` (None: unknown): see :func:`basis_on`.
    ``text`` is the rule's message, remediation and dated variants."""
    today = basis_on(basis, law, day, regime)
    message, remediation, variant_applies = _dated(text, day)
    rests = today.app or today.statute or today.case_law or today.guidance or today.practice or today.force_policy
    return OnDay(
        bool(rests) and variant_applies,
        bool(binding_sources(today, modality)),
        citations(today, modality, day),
        law_words(message, law, day),
        law_words(remediation, law, day),
        bool(today.statute or today.case_law),
    )


def basis_on(basis: Basis, law: LawFile, day: str, regime: str | None) -> Basis:
    """The part of ``basis`` there is on ``day`` for a dossier of ``regime`` (None: unknown): the APP only
    from its publication, statutes while in force and of that regime, cases from the day decided, guidance
    while current; practice and a force's policy always."""
    return Basis(
        app=basis.app if law.app_published <= day else [],
        statute=[
            s
            for s in basis.statute
            if in_force(s.from_, s.until, day) and (regime is None or s.regime in (None, regime))
        ],
        case_law=[c for c in basis.case_law if c.decided <= day],
        guidance=[g for g in basis.guidance if in_force(g.from_, g.until, day)],
        practice=basis.practice,
        force_policy=basis.force_policy,
    )


def _dated(text: tuple[str, str, list[DatedText]], day: str) -> tuple[str, str, bool]:
    """A rule's message and remediation on ``day`` (its first dated variant in force there, else its own),
    and whether that variant lets the rule apply."""
    message, remediation, dated = text
    for variant in dated:
        if in_force(variant.from_, variant.until, day):
            return variant.message or message, variant.remediation or remediation, variant.applies
    return message, remediation, True


def law_words(text: str, law: LawFile, day: str) -> str:
    """``text`` with each ``{law:ID}`` replaced by that term's name on ``day``."""
    if "{law:" not in text:
        return text
    for term in law.terms:
        key = "{law:" + term.id + "}"
        if key in text:
            name = next((s.text for s in term.spans if in_force(s.from_, s.until, day)), term.spans[-1].text)
            text = text.replace(key, name)
    return text
