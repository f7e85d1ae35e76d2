"""Route rules: data plus one small pure function per route, each citing its paragraph.

A check takes the facts of a purchase and returns a Verdict: eligible True / False / None (a fact
is unknown), the reasons in Swedish and the paragraph it rests on. Bidder requirements that follow
from the route are listed too; the tender document turns them into qualification clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable


@dataclass(frozen=True)
class Facts:
    date: date
    cpv: tuple[str, ...] = ()
    value_sek: int | None = None          # whole term including options
    months: int | None = None             # whole term including options
    same_kind_sek: int = 0                # same-kind purchases of the fiscal year
    annex2: bool | None = None            # the case says the service is in LOU bilaga 2
    vardval: bool = False                 # a vårdval system under 7 kap. 3 § HSL
    repeat_25: bool = False               # same organisation awarded under 19 kap. 25 § in the last 3 years


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


ROUTE_ORDER = ("25a", "25", "4-18", "19a-2", "lov-2a", "open")


def routes() -> dict[str, Route]:
    from . import r25a, ropen

    found = {r.ROUTE.id: r.ROUTE for r in (r25a, ropen)}
    for module_name in ("r25", "r4_18", "r19a_2", "lov_2a"):
        try:
            module = __import__(f"{__name__}.{module_name}", fromlist=["ROUTE"])
        except ImportError:
            continue
        found[module.ROUTE.id] = module.ROUTE
    return {rid: found[rid] for rid in ROUTE_ORDER if rid in found}


def check_route(route_id: str, facts: Facts) -> Verdict:
    return routes()[route_id].check(facts)


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
}


def case_path_of(fact: tuple) -> tuple | None:
    """The case-file path of a refused fact: ("cpv", 1) → ("procurement", "cpv", 1)."""
    if not fact or fact[0] not in FACT_PATHS:
        return None
    return FACT_PATHS[fact[0]] + tuple(fact[1:])


def facts_from_case(case) -> Facts:
    p = case.procurement
    return Facts(date=case.date, cpv=tuple(p.cpv), value_sek=p.estimated_value_sek, months=p.total_months,
                 same_kind_sek=p.same_kind_sek, annex2=p.annex2_service, vardval=p.vardval, repeat_25=p.repeat_25)
