"""The dossier's enumerations that commands read without the Pydantic models (``register`` and ``foi`` filter
by them): the models in :mod:`ddtapp.dossier.base` use these same types."""

from __future__ import annotations

from typing import Literal

Maturity = Literal["in_development", "pilot", "operational", "retired", "abandoned"]
Stage = Literal["engage", "evolve", "embed"]
Regime = Literal["law_enforcement", "general", "mixed"]
Tier = Literal["minimal", "moderate", "high", "very_high"]
TechnologyType = Literal[
    "live_facial_recognition",
    "retrospective_facial_recognition",
    "operator_initiated_facial_recognition",
    "other_biometrics",
    "individual_risk_scoring",
    "predictive_mapping",
    "automated_decision_making",
    "automatic_number_plate_recognition",
    "dashboard",
    "other",
]
