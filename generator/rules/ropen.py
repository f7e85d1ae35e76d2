"""Ordinary procurement under LOU: open to every supplier."""

from __future__ import annotations

from . import Facts, Verdict, text


def check(facts: Facts, *, spec) -> Verdict:
    return Verdict(spec.id, True, spec.basis, [text(spec, "always"), text(spec, "conditions")])
