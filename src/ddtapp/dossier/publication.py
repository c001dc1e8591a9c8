"""The dossier's ``publication:`` block: which fields the force publishes, keeps to its intranet, or never
publishes, and under which Freedom of Information Act exemption (read by ``ddtapp.force.publication``)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from ddtapp.dossier.base import Model, f

Exemption = Literal["s23", "s24", "s30", "s31", "s38", "s40", "s43"]
PATH_PATTERN = r"^(\*\*|\*|[A-Za-z_][A-Za-z0-9_]*)(\[(\*|\d+)\])*(\.(\*\*|\*|[A-Za-z_][A-Za-z0-9_]*)(\[(\*|\d+)\])*)*$"


def _dotted_path(value: str) -> str:
    if not re.fullmatch(PATH_PATTERN, value):
        raise ValueError(
            f"'{value}' is not a dossier path: write dotted keys, e.g. tool.owner.name, risk_register[*].measures "
            "([*] every item of a list, * any one key, ** any depth)"
        )
    return value


#: A dotted dossier path: ``tool.owner.name``, ``risk_register[*].measures``, ``**.location``.
PublicationPath = Annotated[
    str, AfterValidator(_dotted_path), WithJsonSchema({"type": "string", "pattern": PATH_PATTERN})
]


class PublicMarking(Model):
    """A field the force publishes, whatever ddtapp's default for it."""

    marking: Literal["public"] = f("public: on the public site.", "GOV-TRANS-03", default=...)
    reason: str | None = f("Why it is published (optional).")


class WithheldMarking(Model):
    """A field the force withholds: from the public site (restricted) or from every site (secret)."""

    marking: Literal["restricted", "secret"] = f(
        "restricted: on the force's intranet site only; secret: never on any site.", "GOV-TRANS-03", default=...
    )
    exemption: Exemption = f(
        "The FOI Act 2000 exemption it is withheld under: s23 or s24 (security bodies, national security), s30 or "
        "s31 (investigations, law enforcement), s38 (health and safety), s40 (personal data), s43 (commercial).",
        default=...,
    )
    reason: str = f("The short reason the site prints beside 'withheld'.", default=...)


Marking = Annotated[PublicMarking | WithheldMarking, Field(discriminator="marking")]
Publication = dict[PublicationPath, Marking]
