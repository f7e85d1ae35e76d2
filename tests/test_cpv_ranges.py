"""19 kap. 25 a § LOU: every range's ends are in, one step outside is out; single codes match exactly."""

from __future__ import annotations

from datetime import date

import pytest

from generator.cpv import cpv_list
from generator.rules import Facts, check_route

RANGES_25A = [("85000000-9", "85323000-9"), ("98513000-2", "98514000-9"), ("80000000-4", "80660000-8")]


def _step(code: str, delta: int) -> str:
    return f"{int(code[:8]) + delta:08d}-0"


@pytest.mark.parametrize("low,high", RANGES_25A)
def test_range_edges(low, high):
    listed = cpv_list("lou-19-25a")
    assert listed.covers(low) and listed.covers(high)
    assert not listed.covers(_step(low, -1))
    assert not listed.covers(_step(high, +1))


def test_statute_ranges_match_the_data():
    assert set(cpv_list("lou-19-25a").ranges) == set(RANGES_25A)


def test_single_codes_match_exactly_not_by_family():
    listed = cpv_list("lou-19-25a")
    assert listed.covers("79611000-0")            # Jobbsökningstjänster, listed
    assert not listed.covers("79610000-3")        # its parent family is not listed
    assert not listed.covers("75100000-7")        # 75000000-6 is listed, but not its children


@pytest.mark.parametrize("code,expected", [("85311100-3", True), ("80100000-5", True), ("90910000-9", False),
                                           ("98514000-9", True), ("98515000-6", False)])
def test_route_25a_verdict(code, expected):
    verdict = check_route("25a", Facts(date=date(2026, 12, 1), cpv=(code,)))
    assert verdict.eligible is expected
    assert verdict.basis == "19 kap. 25 a § LOU"
    assert any(code in reason for reason in verdict.reasons)


def test_route_25a_not_before_2023():
    verdict = check_route("25a", Facts(date=date(2022, 12, 31), cpv=("85311100-3",)))
    assert verdict.eligible is False
    assert "2023-01-01" in verdict.reasons[0]
