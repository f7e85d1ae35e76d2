"""Facts docgen knows for the needs assessment (behövlighetsbedömning) without asking the buyer:
the estimated value against the EU threshold in force on the document date (data/thresholds.yaml)
and the CPV codes that fall in a risk industry (data/risk_industries.yaml), each with its source.
The wording around the facts lives in clauses/labour-law/needs-assessment.md.
"""

from __future__ import annotations

from typing import Any

WORKS_DIVISION = "45"  # CPV 45000000-7 Byggnadsarbete: works contracts have their own threshold


def threshold_family(cpv: list[str], industries) -> str:
    """"services" or "works" (keys of risk_industries.yaml's threshold_kinds): the first matching risk
    industry decides; otherwise works when a code is in CPV division 45, else services."""
    matches = industries.matches(cpv)
    if matches:
        return matches[0][1].threshold
    return "works" if any(code.startswith(WORKS_DIVISION) for code in cpv) else "services"


def labour_law_facts(case) -> dict[str, Any]:
    from ..industries import load_risk_industries
    from ..thresholds import threshold_in_force

    industries = load_risk_industries()
    p = case.procurement
    family = threshold_family(p.cpv, industries)
    kinds = industries.threshold_kinds.get(family, {})
    kind = kinds.get("annex2" if p.annex2_service else case.authority.kind)
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
        "annex2": p.annex2_service,
        "threshold": threshold,
        "threshold_gap": gap,
        "reaches_threshold": None if threshold is None else p.estimated_value_sek >= threshold["amount_sek"],
        "risk_matches": [{"code": code, "industry": industry.name} for code, industry in industries.matches(p.cpv)],
        "risk_source": industries.source,
        "threshold_file": "generator/data/thresholds.yaml",
        "risk_file": "generator/data/risk_industries.yaml",
    }
