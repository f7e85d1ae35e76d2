"""Facts docgen knows for the needs assessment (behövlighetsbedömning) without asking the buyer:
the estimated value against the EU threshold in force on the document date (data/thresholds.yaml)
and the CPV codes that fall in a risk industry (data/risk_industries.yaml), each with its source.
The wording around the facts lives in clauses/labour-law/needs-assessment.md.
"""

from __future__ import annotations

from typing import Any

from ..industries import load_risk_industries
from ..rules.eu_threshold import eu_threshold


def labour_law_facts(case) -> dict[str, Any]:
    """The facts of the needs assessment. A service counts as LOU bilaga 2 when the case says so or
    docgen's bilaga 2 data knows every CPV code (rules.eu_threshold). When neither tells, a purchase
    wholly in the risk industries (cleaning, transport, construction: not bilaga 2 services) is
    measured against the ordinary threshold; any other is left open and the assessment asks."""
    industries = load_risk_industries()
    p = case.procurement
    all_risk = bool(p.cpv) and all(industries.matches([code]) for code in p.cpv)
    found = eu_threshold(case, unknown_annex2=False if all_risk else None)
    threshold = None
    if found.lookup is not None and found.lookup.threshold is not None:
        t = found.lookup.threshold
        threshold = {"kind": t.kind, "amount_sek": t.amount_sek, "period": t.period, "basis": t.basis,
                     "source": t.source}
    return {
        "value_sek": p.estimated_value_sek,
        "family": found.family,
        "annex2": found.annex2,
        "annex2_reason": found.annex2_reason,   # issue 21: e.g. "CPV 90910000-9 ligger i avdelning 90 …"
        "threshold": threshold,
        "threshold_gap": found.reason,
        "reaches_threshold": None if threshold is None else p.estimated_value_sek >= threshold["amount_sek"],
        "risk_matches": [{"code": code, "industry": industry.name} for code, industry in industries.matches(p.cpv)],
        "risk_source": industries.source,
        "threshold_file": "generator/data/thresholds.yaml",
        "risk_file": "generator/data/risk_industries.yaml",
    }
