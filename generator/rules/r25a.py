"""19 kap. 25 a § LOU: participation reserved for idéburna organisationer (from the date in routes.yaml)."""

from __future__ import annotations

from . import Facts, Verdict, text
from .cpvcheck import apply_cpv_check


def not_in_force(verdict: Verdict, spec, facts: Facts) -> bool:
    """Refuse a route whose paragraph is not yet in force on the case date (routes.yaml in_force_from)."""
    if spec.in_force_from and facts.date < spec.in_force_from:
        verdict.refuse(text(spec, "not_in_force", basis=spec.basis, start=spec.in_force_from.isoformat(),
                            day=facts.date.isoformat()), fact=("date",))
        return True
    return False


def check(facts: Facts, *, spec) -> Verdict:
    verdict = Verdict(spec.id, True, spec.basis)
    if not_in_force(verdict, spec, facts):
        return verdict
    apply_cpv_check(verdict, spec, facts)
    if verdict.eligible:
        verdict.reasons.append(text(spec, "eligible"))
    return verdict
