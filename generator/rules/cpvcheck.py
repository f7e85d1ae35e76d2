"""Shared step of several routes: are all the purchase's CPV codes in a statute's list?"""

from __future__ import annotations

from ..cpv import cpv_list
from ..render import cpv_label


def codes_outside(list_key: str, codes: tuple[str, ...]) -> list[str]:
    listed = cpv_list(list_key)
    return [code for code in codes if not listed.covers(code)]


def cpv_reasons(list_key: str, codes: tuple[str, ...]) -> list[tuple[bool, str]]:
    """One (covered?, reason) per code against the list in ``list_key``."""
    listed = cpv_list(list_key)
    results = []
    for code in codes:
        if listed.covers(code):
            span = listed.range_of(code)
            where = f" (inom intervallet {span[0]}–{span[1]})" if span and code not in span else ""
            results.append((True, f"CPV {cpv_label(code)} omfattas av {listed.statute}{where}."))
        else:
            results.append((False, f"CPV {cpv_label(code)} omfattas inte av {listed.statute}."))
    return results


def apply_cpv_check(verdict, list_key: str, codes: tuple[str, ...], refusal_suffix: str = "") -> None:
    """Add each code's reason to ``verdict``; a code outside the list refuses the route."""
    for index, (covered, reason) in enumerate(cpv_reasons(list_key, codes)):
        if covered:
            verdict.reasons.append(reason)
        else:
            verdict.refuse(reason + refusal_suffix, fact=("cpv", index))
