"""Shared step of the routes that rest on a statute's CPV list: are the purchase's codes in it?

All codes in the list: the route is open as far as the codes go. None in it: refused, each code
named. Some in and some out (a mixed contract, e.g. an elderly home with a meals code): the answer
depends on the contract's main object, so it is unknown until the case names it
(procurement.main_cpv); refused only when the main object itself is outside the list.
"""

from __future__ import annotations

from ..cpv import cpv_list
from ..render import cpv_label
from . import Facts, Verdict, text


def _joined(codes) -> str:
    labels = [cpv_label(code) for code in codes]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " och " + labels[-1]


def apply_cpv_check(verdict: Verdict, spec, facts: Facts, refusal_suffix: str = "") -> None:
    """Add each code's reason to ``verdict`` and decide the CPV part of the route (see the module)."""
    listed = cpv_list(spec.cpv_list)
    statute = listed.statute
    if not facts.cpv:
        verdict.unknown(text(spec, "no_cpv", statute=statute), text(spec, "no_cpv_warning", basis=spec.basis))
        return
    inside = [code for code in facts.cpv if listed.covers(code)]
    outside = [code for code in facts.cpv if not listed.covers(code)]
    for index, code in enumerate(facts.cpv):
        if code in inside:
            span = listed.range_of(code)
            where = text(spec, "cpv_span", low=span[0], high=span[1]) if span and code not in span else ""
            verdict.reasons.append(text(spec, "cpv_covered", code=cpv_label(code), statute=statute, span=where))
        elif not inside:
            verdict.refuse(text(spec, "cpv_not_covered", code=cpv_label(code), statute=statute) + refusal_suffix,
                           fact=("cpv", index))
        else:
            verdict.reasons.append(text(spec, "cpv_not_covered", code=cpv_label(code), statute=statute))
    if not inside or not outside:
        return
    main = facts.main_cpv
    if main is None:
        verdict.unknown(text(spec, "mixed", inside=_joined(inside), outside=_joined(outside), statute=statute),
                        text(spec, "mixed_warning", statute=statute, basis=spec.basis))
    elif listed.covers(main):
        others = [code for code in facts.cpv if code != main]
        verdict.reasons.append(text(spec, "main_inside", main=cpv_label(main), statute=statute,
                                    others=_joined(others)))
    else:
        verdict.refuse(text(spec, "main_outside", main=cpv_label(main), statute=statute, inside=_joined(inside))
                       + refusal_suffix, fact=("main_cpv",))
