"""Facts docgen knows for the needs assessment (behövlighetsbedömning) without asking the buyer:
the estimated value against the EU threshold in force on the document date (data/thresholds.yaml)
and the CPV codes that fall in a risk industry (data/risk_industries.yaml), each with its source.
The wording around the facts lives in clauses/labour-law/needs-assessment.md.
"""

from __future__ import annotations

from typing import Any


def labour_law_facts(case) -> dict[str, Any]:
    """The facts of the needs assessment. A service counts as LOU bilaga 2 when the case says so or
    every CPV code is in the lists (rules.eu_threshold); when neither tells, as not bilaga 2 (the risk
    industries – cleaning, transport, construction – are not)."""
    from ..industries import load_risk_industries
    from ..rules.eu_threshold import case_annex2, threshold_kind
    from ..thresholds import threshold_in_force

    industries = load_risk_industries()
    p = case.procurement
    annex2 = bool(case_annex2(case))
    kind, family = threshold_kind(case, annex2)
    threshold = None
    gap = None
    if kind is None:
        gap = f"risk_industries.yaml anger inget tröskelvärde för {family}/{case.authority.kind}"
    else:
        lookup = threshold_in_force(kind, case.date)
        gap = lookup.gap
        if lookup.threshold is not None:
            t = lookup.threshold
            threshold = {"kind": t.kind, "amount_sek": t.amount_sek, "period": t.period, "basis": t.basis,
                         "source": t.source}
    return {
        "value_sek": p.estimated_value_sek,
        "family": family,
        "annex2": annex2,
        "threshold": threshold,
        "threshold_gap": gap,
        "reaches_threshold": None if threshold is None else p.estimated_value_sek >= threshold["amount_sek"],
        "risk_matches": [{"code": code, "industry": industry.name} for code, industry in industries.matches(p.cpv)],
        "risk_source": industries.source,
        "threshold_file": "generator/data/thresholds.yaml",
        "risk_file": "generator/data/risk_industries.yaml",
    }
