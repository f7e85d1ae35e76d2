"""Which procedure a tender is run under, decided by the facts, never by a clause default.

From the route, the value, the date (the EU threshold in force, rules.eu_threshold), the authority's
kind and LOU bilaga 2:

- a route that always uses one procedure (routes.yaml ``procedure:``: the direct award, the choice
  system under LOV) uses it, for the reason procedures.yaml gives;
- otherwise, a LOU bilaga 2 service (a route with ``annex2: true`` always is) is procured under 19 kap. LOU,
  advertised in the EU when its value reaches the bilaga 2 threshold; an ordinary service whose value
  reaches the EU threshold in force ("uppgår till minst", so a value exactly at the threshold counts)
  is procured under the EU rules as an öppet förfarande (6 kap. 2 § LOU); below the threshold, 19 kap.

The procedures, their paragraphs, minimum time limits and the reasons' wording are data
(data/procedures.yaml); what a route is, is routes.yaml. Pure:
no case model, no rendering; the tender's procedure clause states what ``decide`` returns.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from .. import datafiles
from . import Facts
from .eu_threshold import eu_threshold_for


@dataclass(frozen=True)
class ProcedureSpec:
    id: str
    name: str
    law: str
    basis: str
    eu: bool
    min_days: int | None
    min_days_basis: str | None
    min_days_note: str
    review: tuple[str, ...] = ()
    reason: str | None = None   # why a route that always uses the procedure uses it


def _file(path: str | None = None) -> datafiles.ProceduresFile:
    return datafiles.read("procedures.yaml", path)


def _reason(name: str, **values: str) -> str:
    """A reason text of procedures.yaml (``reasons:``) with its placeholders filled in."""
    return " ".join(_file().reasons[name].split()).format(**values)


def load_procedures(path: str | None = None) -> dict[str, ProcedureSpec]:
    """The procedures of data/procedures.yaml (or ``path``), read through the typed loader (file:line on a typo)."""
    raw = _file(path)
    return {key: ProcedureSpec(id=key, **{**spec.model_dump(exclude_unset=True), "min_days_note": spec.min_days_note or "",
                                          "review": tuple(spec.review or ())})
            for key, spec in raw.procedures.items()}


@dataclass(frozen=True)
class Decision:
    """The procedure decided for a purchase, or (``spec`` None) why it cannot be decided."""

    route: str
    spec: ProcedureSpec | None
    annex2: bool | None = None
    value_sek: int | None = None
    threshold_sek: int | None = None
    threshold_kind: str | None = None
    threshold_basis: str | None = None
    threshold_period: str | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown: str | None = None          # what is missing when no procedure can be decided
    unknown_fact: tuple = ()            # which fact (rules.FACT_PATHS key) would decide it

    @property
    def id(self) -> str | None:
        return self.spec.id if self.spec else None

    @property
    def above_threshold(self) -> bool | None:
        if self.value_sek is None or self.threshold_sek is None:
            return None
        return self.value_sek >= self.threshold_sek

    def as_context(self) -> dict:
        """What a clause reads as ``procedure.*`` (and `docgen routes --json` reports)."""
        spec = self.spec
        return {
            "id": self.id,
            "name": spec.name if spec else None,
            "law": spec.law if spec else None,
            "basis": spec.basis if spec else None,
            "eu": spec.eu if spec else None,
            "annex2": self.annex2,
            "value_sek": self.value_sek,
            "threshold_sek": self.threshold_sek,
            "threshold_basis": self.threshold_basis,
            "threshold_period": self.threshold_period,
            "above_threshold": self.above_threshold,
            "min_days": spec.min_days if spec else None,
            "min_days_basis": spec.min_days_basis if spec else None,
            "min_days_note": spec.min_days_note if spec else None,
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "unknown": self.unknown,
        }


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + " kr"


def decide(route: str, facts: Facts, authority_kind: str = "kommun") -> Decision:
    """The procedure for ``route`` given the facts of the purchase (see the module docstring)."""
    procedures = load_procedures()
    route_spec = datafiles.load_routes().route(route)
    if route_spec.procedure:
        fixed = procedures[route_spec.procedure]
        return Decision(route, fixed, annex2=facts.annex2, value_sek=facts.value_sek, reasons=[" ".join(str(fixed.reason).split())])
    if route_spec.annex2:
        facts = dataclasses.replace(facts, annex2=True)
    found = eu_threshold_for(facts, authority_kind)
    if found.annex2 is None:
        return _unknown_annex2(route, facts, authority_kind)
    lookup = found.lookup
    if lookup is None or lookup.threshold is None:
        # never written without the figure: the advertising (and for other services the procedure) depends on it
        what = _reason("unknown_decides_annex2" if found.annex2 else "unknown_decides_procedure")
        return Decision(route, None, annex2=found.annex2, value_sek=facts.value_sek,
                        unknown=_reason("threshold_unknown", date=facts.date.isoformat(), what=what, reason=str(found.reason)),
                        unknown_fact=("given_threshold",) if found.kind else ("date",))
    threshold = lookup.threshold
    base = dict(annex2=found.annex2, value_sek=facts.value_sek, threshold_sek=threshold.amount_sek,
                threshold_kind=threshold.kind, threshold_basis=threshold.basis, threshold_period=threshold.period)
    if facts.value_sek is None:
        return Decision(route, None, **base, unknown="kontraktets uppskattade värde saknas", unknown_fact=("value_sek",))
    what = _reason("what_annex2" if found.annex2 else "what_services" if found.family == "services" else "what_works")
    limit = _reason("limit", amount=_money(threshold.amount_sek), what=what, basis=threshold.basis, period=threshold.period)
    above = facts.value_sek >= threshold.amount_sek
    value = _reason("value", amount=_money(facts.value_sek))
    if found.annex2:
        key = "lou-19-eu" if above else "lou-19"
        reason = _reason("annex2_above" if above else "annex2_below", value=value, limit=limit)
    elif above:
        key = "open-6"
        reason = _reason("open_above", value=value, limit=limit)
    else:
        key = "lou-19"
        reason = _reason("below", value=value, limit=limit)
    return Decision(route, procedures[key], **base, reasons=[reason])


def _unknown_annex2(route: str, facts: Facts, authority_kind: str) -> Decision:
    """Bilaga 2 unknown: below both thresholds it is 19 kap. either way; otherwise the case must say."""
    ordinary = eu_threshold_for(facts, authority_kind, unknown_annex2=False)
    special = eu_threshold_for(facts, authority_kind, unknown_annex2=True)
    amounts = [t.lookup.threshold.amount_sek for t in (ordinary, special) if t.lookup and t.lookup.threshold]
    if facts.value_sek is not None and len(amounts) == 2 and facts.value_sek < min(amounts):
        threshold = min(amounts)
        lookup = (ordinary if ordinary.lookup.threshold.amount_sek == threshold else special).lookup.threshold
        return Decision(route, load_procedures()["lou-19"], annex2=None, value_sek=facts.value_sek,
                        threshold_sek=threshold, threshold_kind=lookup.kind, threshold_basis=lookup.basis,
                        threshold_period=lookup.period,
                        reasons=[_reason("below_both", amount_value=_money(facts.value_sek), amount=_money(threshold),
                                         basis=lookup.basis)])
    return Decision(route, None, annex2=None, value_sek=facts.value_sek,
                    unknown="det framgår inte om tjänsten avser bilaga 2 till LOU, och det avgör om upphandlingen "
                            "ska göras enligt 6 kap. (öppet förfarande) eller 19 kap. LOU",
                    unknown_fact=("annex2",))


def deadline_warning(decision: Decision, day: date, deadline: date | None) -> str | None:
    """A warning when the time from ``day`` (the earliest the notice can be sent) to ``deadline`` is shorter
    than the law's minimum for the procedure; None when it is not, or the law sets no number of days."""
    spec = decision.spec
    if spec is None or spec.min_days is None or deadline is None:
        return None
    days = (deadline - day).days
    if days >= spec.min_days:
        return None
    return (f"sista anbudsdag {deadline.isoformat()} ligger {days} dagar efter dokumentets datum {day.isoformat()}, "
            f"men vid {spec.name} är den kortaste tiden för anbud {spec.min_days} dagar ({spec.min_days_basis}: "
            f"{spec.min_days_note}); flytta procurement.tender_deadline till tidigast "
            f"{date.fromordinal(day.toordinal() + spec.min_days).isoformat()}")
