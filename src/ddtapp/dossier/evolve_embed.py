"""The Evolve and Embed stages: design and purchasing strategy."""

from __future__ import annotations

from typing import Literal

from ddtapp.dossier.base import Model, Section, f

# ---------------------------------------------------------------- Evolve and Embed


class TrainingData(Model):
    description: str | None = f("The training data.", "EVO-DESIGN-03")
    quality: str | None = f("How its quality was assessed.", "EVO-DESIGN-03")
    lawfully_acquired: str | None = f("How it was legally acquired.", "EVO-DESIGN-03")


class Design(Section):
    problem_restated: str | None = f("The problem from Engage, restated.", "EVO-DESIGN-01")
    approaches_considered: list[str] = f(
        "Types of approach and solution considered.", "EVO-DESIGN-02", default_factory=list
    )
    training_data: TrainingData | None = f("Training data.", "EVO-DESIGN-03")
    resources: str | None = f("Technology and people resources to use and not use.", "EVO-DESIGN-03")
    constraints_and_tradeoffs: str | None = f("Constraints and trade-offs.", "EVO-DESIGN-04")
    challenge: str | None = f("Challenge built into development, e.g. red-teaming.", "EVO-DESIGN-06")


class Evolve(Model):
    design: Design | None = f("Design stage.")


class PurchasingStrategy(Section):
    approach: Literal["develop", "buy", "combined"] | None = f("Develop, buy, or a combination.", "EMB-PURCH-05")
    components_and_resources: str | None = f(
        "Components, resources, support and delivery mechanisms needed.", "EMB-PURCH-05"
    )
    technology_code_of_practice: str | None = f(
        "How the HM Government Technology Code of Practice was followed.", "EMB-PURCH-05"
    )
    addresses_issue: str | None = f("Answer to the gate: does the DDT address the issue?", "EMB-PURCH-05")
    value_for_money: str | None = f("Answer to the gate: does the DDT represent value for money?", "EMB-PURCH-05")


class Embed(Model):
    purchasing_strategy: PurchasingStrategy | None = f("Purchasing strategy.")
