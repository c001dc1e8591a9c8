"""A gap: a fact a document needs that the dossier does not record. One type for every document ddtapp
writes: the drafts (``ddtapp render``, their "Annex: gaps in this draft") and the FOI answer and its
officer's notes (``ddtapp foi``). Light on purpose (no Jinja): the FOI builds gaps without templates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    """Something a document needs that the dossier does not record, and where to record it."""

    #: The dossier field, e.g. ``tool.dates.deployment``; "" when the dossier has no field for it.
    path: str
    #: What is missing, in plain words (the field's description, or the template's note).
    what: str
    #: The rules that ask for it, most relevant first; empty when no rule does.
    rules: tuple[str, ...] = ()
    #: Where to add it in the dossier file: the field's line and column, or its nearest recorded parent's
    #: (1-based); 0 where the document does not say (a draft's annex names the path instead).
    line: int = 0
    column: int = 0
    #: In a draft: the placeholder as it appears in the document, the heading it first appears under, and
    #: the placeholder as plain text where a template's string filter printed it.
    marker: str = ""
    section: str = ""
    plain: str = ""

    @property
    def rule(self) -> str | None:
        """The rule that asks for it (the first), or None."""
        return self.rules[0] if self.rules else None
