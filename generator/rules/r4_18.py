"""4 kap. 18 § LOU: participation reserved for sheltered workshops and work-integration suppliers."""

from __future__ import annotations

from . import Facts, Verdict, text


def check(facts: Facts, *, spec) -> Verdict:
    return Verdict(spec.id, True, spec.basis, [text(spec, "any_service"), text(spec, "requirements")])
