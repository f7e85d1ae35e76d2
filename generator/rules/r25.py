"""19 kap. 25 § LOU: participation reserved for organisations with a public-service mission.

The term limit (andra stycket) is a figure of routes.yaml. The three-year bar (tredje stycket) concerns the earlier awardee, not the authority's right to reserve:
a repeat award keeps the route open and says who may not win it.
"""

from __future__ import annotations

from . import Facts, Verdict, text
from .cpvcheck import apply_cpv_check


def check(facts: Facts, *, spec) -> Verdict:
    verdict = Verdict(spec.id, True, spec.basis)
    max_months = spec.limits["max_months"]
    apply_cpv_check(verdict, spec, facts)
    if facts.months is None:
        verdict.unknown(text(spec, "months_unknown", max_months=max_months), text(spec, "months_unknown_warning"))
    elif facts.months > max_months:
        verdict.refuse(text(spec, "months_over", months=facts.months, max_months=max_months), fact=("months",))
    else:
        verdict.reasons.append(text(spec, "months_ok", months=facts.months))
    if facts.repeat_25:
        verdict.reasons.append(text(spec, "repeat_25"))
    if verdict.eligible:
        verdict.reasons.append(text(spec, "eligible"))
    return verdict
