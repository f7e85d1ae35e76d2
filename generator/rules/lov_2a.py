"""1 kap. 2 a § LOV: a choice system reserved for idéburna organisationer.

Vårdval is three-valued: a case that says nothing (None) about a system for health-care codes, where
a vårdval system under 7 kap. 3 § HSL is possible, gets an unknown answer, not an assumption.
"""

from __future__ import annotations

from ..render import cpv_label
from . import Facts, Verdict, text
from .cpvcheck import apply_cpv_check
from .r25a import not_in_force


def check(facts: Facts, *, spec) -> Verdict:
    verdict = Verdict(spec.id, True, spec.basis)
    not_in_force(verdict, spec, facts)
    apply_cpv_check(verdict, spec, facts, text(spec, "not_covered_suffix"))
    health = [code for code in facts.cpv if spec.health_care_cpv is not None and spec.health_care_cpv.covers(code)]
    if facts.vardval is True:
        verdict.refuse(text(spec, "vardval_true"), fact=("vardval",))
    elif facts.vardval is False:
        verdict.reasons.append(text(spec, "vardval_false"))
    elif health:
        verdict.unknown(text(spec, "vardval_unknown", codes=", ".join(cpv_label(c) for c in health)),
                        text(spec, "vardval_unknown_warning"))
    elif facts.cpv:
        verdict.reasons.append(text(spec, "vardval_not_relevant"))
    if verdict.eligible:
        verdict.reasons.append(text(spec, "eligible"))
    return verdict
