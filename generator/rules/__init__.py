"""Route rules: one small pure function per route; the routes themselves are data.

Which routes exist, their names, paragraphs, limits, start dates and Swedish reason texts are in
data/routes.yaml (read by generator.datafiles.load_routes); each route names the module here whose
``check`` decides it. A check takes the facts of a purchase and returns a Verdict: eligible True /
False / None (a fact is unknown), the reasons in Swedish and the paragraph it rests on.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import Callable

from ..cpv import unconfirmed_warnings
from ..datafiles import load_routes


@dataclass(frozen=True)
class Facts:
    date: date
    cpv: tuple[str, ...] = ()
    value_sek: int | None = None          # whole term including options
    months: int | None = None             # whole term including options
    same_kind_sek: int = 0                # same-kind purchases of the fiscal year
    annex2: bool | None = None            # the case says the service is in LOU bilaga 2
    vardval: bool | None = None           # a vårdval system under 7 kap. 3 § HSL (None: not said)
    repeat_25: bool = False               # an organisation was awarded under 19 kap. 25 § in the last 3 years
    main_cpv: str | None = None           # the main object of a mixed contract, one of ``cpv``
    given_threshold: tuple[int, str] | None = None  # the buyer's EU threshold (amount, source) for an unknown period


@dataclass
class Verdict:
    id: str
    eligible: bool | None
    basis: str
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)   # the reasons that make the route unavailable
    refused_facts: list[tuple] = field(default_factory=list)  # which fact each refusal rests on, e.g. ("cpv", 1)

    def refuse(self, reason: str, fact: tuple = ()) -> None:
        """The route may not be used: record why (also among the reasons) and, if known, which fact."""
        self.eligible = False
        self.reasons.append(reason)
        self.refusals.append(reason)
        self.refused_facts.append(fact)

    def unknown(self, reason: str, warning: str | None = None) -> None:
        """A fact is missing: the answer is None unless another fact already refused the route."""
        if self.eligible is not False:
            self.eligible = None
        self.reasons.append(reason)
        if warning:
            self.warnings.append(warning)

    def as_json(self) -> dict:
        return {"id": self.id, "eligible": self.eligible, "basis": self.basis, "reasons": self.reasons}


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    basis: str
    check: Callable[[Facts], Verdict]


@lru_cache(maxsize=1)
def routes() -> dict[str, Route]:
    """Every route of data/routes.yaml in its order, with the check of the module it names."""
    found: dict[str, Route] = {}
    for spec in load_routes().routes:
        module = importlib.import_module(f"{__name__}.{spec.check}")
        found[spec.id] = Route(spec.id, spec.name, spec.basis, partial(module.check, spec=spec))
    return found


def check_route(route_id: str, facts: Facts) -> Verdict:
    """The verdict of one route, with a warning for every CPV code docgen cannot confirm."""
    verdict = routes()[route_id].check(facts)
    verdict.warnings[:0] = unconfirmed_warnings(facts.cpv)
    return verdict


def check_all(facts: Facts) -> list[Verdict]:
    return [check_route(route_id, facts) for route_id in routes()]


def text(spec, key: str, **values) -> str:
    """Reason ``key`` of a route (data/routes.yaml), placeholders filled in."""
    return load_routes().text(spec, key, **values)


# Where each fact comes from in a tender case file, so a refusal can point at the line that causes it.
FACT_PATHS = {
    "date": ("date",),
    "cpv": ("procurement", "cpv"),
    "value_sek": ("procurement", "estimated_value_sek"),
    "months": ("procurement", "term_months"),
    "same_kind_sek": ("procurement", "same_kind_sek"),
    "annex2": ("procurement", "annex2_service"),
    "vardval": ("procurement", "vardval"),
    "repeat_25": ("procurement", "repeat_25"),
    "main_cpv": ("procurement", "main_cpv"),
    "given_threshold": ("procurement", "eu_threshold"),
}


def case_path_of(fact: tuple) -> tuple | None:
    """The case-file path of a refused fact: ("cpv", 1) → ("procurement", "cpv", 1)."""
    if not fact or fact[0] not in FACT_PATHS:
        return None
    return FACT_PATHS[fact[0]] + tuple(fact[1:])


def facts_from_case(case) -> Facts:
    p = case.procurement
    return Facts(date=case.date, cpv=tuple(p.cpv), value_sek=p.estimated_value_sek, months=p.total_months,
                 same_kind_sek=p.same_kind_sek, annex2=p.annex2_service, vardval=p.vardval, repeat_25=p.repeat_25,
                 main_cpv=p.main_cpv,
                 given_threshold=(p.eu_threshold.amount_sek, p.eu_threshold.source) if p.eu_threshold else None)
