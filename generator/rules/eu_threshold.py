"""Which EU threshold (5 kap. 1 § LOU) a tender case is measured against on its date.

The kind follows the threshold_kinds of data/risk_industries.yaml: works (CPV division 45 or a risk
industry counted as works) or goods and services by the authority's kind, and for LOU bilaga 2
services the social-services threshold (the same figure the second sentence of 19 a kap. 2 § LOU
uses as the direct-award limit). Bilaga 2 is known from the case (procurement.annex2_service) or from
docgen's bilaga 2 data (data/lou_bilaga2.yaml through rules.r19a_2.annex2_status).
Used by the eForms notice guidance and the labour-law needs assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cpv import is_works
from ..industries import load_risk_industries
from ..thresholds import Lookup, Threshold, threshold_in_force
from . import Facts, facts_from_case
from .r19a_2 import annex2_status


def threshold_family(cpv: list[str], industries) -> str:
    """"services" or "works" (keys of risk_industries.yaml's threshold_kinds): the first matching risk
    industry decides; otherwise works when a code is in CPV division 45, else services."""
    matches = industries.matches(cpv)
    if matches:
        return matches[0][1].threshold
    return "works" if any(is_works(code) for code in cpv) else "services"


@dataclass(frozen=True)
class EuThreshold:
    """The answer for one case: the kind and the figure in force (``lookup``), or ``reason`` when
    docgen cannot tell which threshold applies."""

    kind: str | None
    family: str                  # "services" or "works"
    annex2: bool | None          # a LOU bilaga 2 service (never for works)
    lookup: Lookup | None = None
    reason: str | None = None    # why there is no figure: bilaga 2 unknown, no kind in the data, a date gap
    annex2_reason: str | None = None   # why the purchase is (or is not) a bilaga 2 service, in Swedish (issue 21)


def case_annex2(case) -> bool | None:
    """Is the purchase a LOU bilaga 2 service? None when neither the case nor the CPV lists say."""
    return annex2_status(facts_from_case(case))[0]


def eu_threshold(case, unknown_annex2: bool | None = None) -> EuThreshold:
    """The EU threshold the case is measured against on its date. ``unknown_annex2`` is what an
    unknown bilaga 2 status counts as: None (the notice) leaves it open, False (the needs assessment,
    whose risk industries are never bilaga 2 services) takes ordinary goods and services."""
    return eu_threshold_for(facts_from_case(case), case.authority.kind, unknown_annex2)


def eu_threshold_for(facts: Facts, authority_kind: str = "kommun", unknown_annex2: bool | None = None) -> EuThreshold:
    """eu_threshold() from the facts of a purchase and the authority's kind (kommun, region, statlig)."""
    industries = load_risk_industries()
    family = threshold_family(list(facts.cpv), industries)
    annex2, why = (False, None) if family == "works" else annex2_status(facts)[:2]
    if annex2 is None:
        annex2 = unknown_annex2
    if annex2 is None:
        return EuThreshold(None, family, None, reason="det framgår inte om tjänsten avser bilaga 2 till LOU; "
                                                      "ange procurement.annex2_service: true eller false",
                           annex2_reason=why)
    kind = industries.threshold_kinds.get(family, {}).get("annex2" if annex2 else authority_kind)
    if kind is None:
        return EuThreshold(None, family, annex2,
                           reason=f"risk_industries.yaml anger inget tröskelvärde för {family}/{authority_kind}",
                           annex2_reason=why)
    lookup = threshold_in_force(kind, facts.date)
    if lookup.threshold is None and facts.given_threshold is not None:
        lookup = _given(kind, facts)
    return EuThreshold(kind, family, annex2, lookup, lookup.gap, annex2_reason=why)


def _given(kind: str, facts: Facts) -> Lookup:
    """The buyer's own figure (procurement.eu_threshold) for a date docgen has no figure for, with its source."""
    amount, source = facts.given_threshold
    return Lookup(kind, facts.date, Threshold(kind, amount, facts.date, None, "5 kap. 1 § LOU",
                                              f"ärendefilen: {source}"))
