"""Ordinary procurement under LOU: open to every supplier."""

from __future__ import annotations

from . import Facts, Route, Verdict

BASIS = "LOU (2016:1145)"


def check(facts: Facts) -> Verdict:
    return Verdict("open", True, BASIS, [
        "Ett annonserat förfarande enligt LOU står alltid öppet; alla leverantörer får delta.",
        "Sysselsättningsfrämjande och arbetsrättsliga villkor (17 kap. 1–4 §§ LOU) kan ändå ställas.",
    ])


ROUTE = Route("open", "Ordinär upphandling", BASIS, check)
