"""Which legal routes a purchase may use: the route facts, built once, and the answer for every route.

``route_facts`` is the one function that builds the facts the route rules judge, whether they come
from a tender case, from the flags of `docgen routes` or from a half-filled form in `docgen serve`:
the case's facts first (``rules.facts_from_case``), the given values on top. ``advise`` asks every
route's rule and returns the verdicts as the rules give them; `docgen routes --json` prints
``Advice.as_json()`` and the web form reads the verdicts directly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .cpv import check_format
from .rules import Facts, Verdict, check_all, facts_from_case
from .rules.procedure import decide
from .rules.r19a_2 import limit_in_force


def route_facts(case: Any = None, **given: Any) -> Facts:
    """The facts of ``case`` (a tender model; None: none) with every given value that is not None on top.
    Without a case the date defaults to today."""
    given = {key: value for key, value in given.items() if value is not None}
    if case is not None:
        return dataclasses.replace(facts_from_case(case), **given)
    given.setdefault("date", date.today())
    return Facts(**given)


@dataclass
class Advice:
    facts: Facts
    verdicts: list[Verdict]
    threshold_sek: int | None                     # the direct-award limit in force on the date
    warnings: list[str] = field(default_factory=list)   # every rule's warnings, once each, in order
    procedures: dict[str, dict] = field(default_factory=dict)   # route id → the procedure the facts decide

    def as_json(self) -> dict:
        """The exact shape of `docgen routes --json`."""
        return {
            "date": self.facts.date.isoformat(),
            "value_sek": self.facts.value_sek,
            "threshold_sek": self.threshold_sek,
            "routes": [v.as_json() | ({"procedure": self.procedures[v.id]} if v.id in self.procedures else {})
                       for v in self.verdicts],
            "warnings": list(self.warnings),
        }


def advise(facts: Facts, authority_kind: str = "kommun") -> Advice:
    """Every route's verdict; each route that may (or might) be used also carries the procedure the
    facts decide for it (rules/procedure.py)."""
    for code in facts.cpv:
        check_format(code, where="--cpv")  # a half-filled web form comes here unvalidated
    verdicts = check_all(facts)  # with a warning for each CPV code docgen cannot confirm
    warnings: dict[str, None] = {}
    for verdict in verdicts:
        for warning in verdict.warnings:
            warnings.setdefault(warning, None)
    limit = limit_in_force(facts)
    procedures = {v.id: decide(v.id, facts, authority_kind).as_context() for v in verdicts if v.eligible is not False}
    return Advice(facts, verdicts, limit.threshold.amount_sek if limit and limit.threshold else None, list(warnings),
                  procedures)
