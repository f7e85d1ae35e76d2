"""The routes advisor: one verdict per route, each resting on its paragraph; dated limits; CLI shape."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import ROOT, run_docgen

from generator.datafiles import route_ids
from generator.kinds import load_case
from generator.rules import Facts, check_route, facts_from_case

SAMPLES = ROOT / "samples"


def step(code: str, delta: int) -> str:
    return f"{int(code[:8]) + delta:08d}-0"


def facts(**kw) -> Facts:
    kw.setdefault("date", date(2023, 6, 1))
    return Facts(**kw)


# --- the "Done when" command -------------------------------------------------------------------

def test_done_when_command():
    result = run_docgen("routes", "--cpv", "85312200-1", "--value", "1800000", "--months", "48",
                        "--date", "2023-06-01", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert list(answer) == ["date", "value_sek", "threshold_sek", "routes", "warnings"]
    assert answer["date"] == "2023-06-01" and answer["value_sek"] == 1800000
    assert answer["threshold_sek"] == 7802550
    assert [r["id"] for r in answer["routes"]] == list(route_ids())
    by_id = {r["id"]: r for r in answer["routes"]}
    for route in answer["routes"]:
        # a route that may (or might) be used also names its procedure (rules/procedure.py)
        assert list(route) == ["id", "eligible", "basis", "reasons"] + (["procedure"] if route["eligible"] is not False else [])
        assert route["reasons"], route["id"]
    assert by_id["19a-2"]["eligible"] is True
    assert by_id["25"]["eligible"] is False
    assert any("48 månader" in r and "36 månader" in r for r in by_id["25"]["reasons"])
    assert by_id["25a"]["eligible"] is True
    assert by_id["25"]["basis"] == "19 kap. 25 § LOU"
    assert by_id["19a-2"]["basis"] == "19 a kap. 2 § LOU"
    assert by_id["lov-2a"]["basis"] == "1 kap. 2 a § LOV"


def test_human_table_marks_and_reasons():
    result = run_docgen("routes", "--cpv", "85312200-1", "--value", "1800000", "--months", "48", "--date", "2023-06-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("✗  25 ") for line in lines)
    assert any(line.startswith("✓  19a-2") for line in lines)
    assert "7 802 550 kr" in result.stdout


@pytest.mark.parametrize("args,needle", [
    (["--cpv", "8531220-1"], "--cpv"),
    (["--cpv", "85312200-1", "--value", "-1"], "negativt"),
    (["--value", "tusen"], "--value"),
    (["--months", "0"], "--months"),
    (["--date", "2023-13-01"], "--date"),
    (["--bogus"], "--bogus"),
])
def test_bad_input_is_one_line_exit_2(args, needle):
    result = run_docgen("routes", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and needle in result.stderr
    assert "Traceback" not in result.stderr


def test_ineligible_route_is_not_an_error():
    result = run_docgen("routes", "--cpv", "90911200-8", "--value", "1", "--months", "12", "--json")
    assert result.returncode == 0
    by_id = {r["id"]: r for r in json.loads(result.stdout)["routes"]}
    assert by_id["25a"]["eligible"] is False and by_id["25"]["eligible"] is False


# --- 19 kap. 25 § LOU -----------------------------------------------------------------------------

RANGE_25 = ("85000000-9", "85323000-9")


@pytest.mark.parametrize("code,expected", [
    (RANGE_25[0], True), (RANGE_25[1], True), (step(RANGE_25[0], -1), False), (step(RANGE_25[1], +1), False),
    ("92500000-6", True), ("92500000-6"[:7] + "1-0", False), ("79622000-0", True),
])
def test_25_codes(code, expected):
    assert check_route("25", facts(cpv=(code,), months=36)).eligible is expected


def test_25_months_36_vs_37():
    assert check_route("25", facts(cpv=("92600000-7",), months=36)).eligible is True
    verdict = check_route("25", facts(cpv=("92600000-7",), months=37))
    assert verdict.eligible is False
    assert any("37 månader" in r and "andra stycket" in r for r in verdict.refusals)


def test_25_repeat_award_within_three_years_keeps_the_route_open():
    """Issue 15.1: 19 kap. 25 § tredje stycket bars the earlier awardee, not the reservation."""
    verdict = check_route("25", facts(cpv=("92600000-7",), months=24, repeat_25=True))
    assert verdict.eligible is True and not verdict.refusals
    said = next(r for r in verdict.reasons if "tredje stycket" in r)
    assert "hindrar inte att upphandlingen reserveras" in said
    assert "får inte tilldelas kontraktet på nytt förrän tre år har gått" in said


def test_25_unknown_term_is_none_with_warning():
    verdict = check_route("25", facts(cpv=("92600000-7",)))
    assert verdict.eligible is None and verdict.warnings


# --- 19 a kap. 2 § LOU ----------------------------------------------------------------------------

@pytest.mark.parametrize("day,limit", [(date(2023, 6, 1), 7802550), (date(2025, 12, 31), 8109450),
                                       (date(2026, 1, 1), 8513250)])
def test_19a2_annex2_limit_exactly_at_is_not_under(day, limit):
    under = check_route("19a-2", facts(date=day, cpv=("85311100-3",), value_sek=limit - 1))
    at = check_route("19a-2", facts(date=day, cpv=("85311100-3",), value_sek=limit))
    assert under.eligible is True
    assert at.eligible is False and any(f"{limit:,}".replace(",", " ") in r for r in at.refusals)


def test_19a2_general_limit_and_same_kind_purchases():
    base = dict(cpv=("90911200-8",), annex2=False)
    assert check_route("19a-2", facts(value_sek=699_999, **base)).eligible is True
    assert check_route("19a-2", facts(value_sek=700_000, **base)).eligible is False
    assert check_route("19a-2", facts(value_sek=400_000, same_kind_sek=300_000, **base)).eligible is False
    assert check_route("19a-2", facts(value_sek=400_000, same_kind_sek=299_999, **base)).eligible is True


def test_19a2_annex2_unknown_gives_none_with_warning_only_when_it_matters():
    unknown = check_route("19a-2", facts(cpv=("79710000-4",), value_sek=1_000_000))   # division 79, no list names it
    assert unknown.eligible is None
    assert any("annex2" in w for w in unknown.warnings)
    assert check_route("19a-2", facts(cpv=("79710000-4",), value_sek=1_000_000, annex2=True)).eligible is True
    assert check_route("19a-2", facts(cpv=("79710000-4",), value_sek=500_000)).eligible is True
    assert check_route("19a-2", facts(cpv=("79710000-4",), value_sek=9_000_000)).eligible is False


def test_19a2_a_code_outside_the_bilaga_2_divisions_is_not_bilaga_2():
    """Issue 21: cleaning (CPV division 90) is decided by the law: the general limit, the reason in routes."""
    verdict = check_route("19a-2", facts(cpv=("90911200-8",), value_sek=1_000_000))
    assert verdict.eligible is False
    assert any("avdelning 90" in r and "inte bilaga 2" in r for r in verdict.reasons + verdict.refusals)


@pytest.mark.parametrize("day,gap", [(date(2021, 6, 1), "före 2022-01-01"), (date(2028, 1, 1), "bara till och med 2027-12-31")])
def test_19a2_threshold_gap_is_none_and_named(day, gap):
    verdict = check_route("19a-2", facts(date=day, cpv=("85311100-3",), value_sek=1_800_000))
    assert verdict.eligible is None
    assert any(gap in w for w in verdict.warnings)


def test_19a2_gap_in_json_threshold_is_null():
    result = run_docgen("routes", "--cpv", "85311100-3", "--value", "1800000", "--date", "2028-01-01", "--json")
    answer = json.loads(result.stdout)
    assert answer["threshold_sek"] is None
    assert any("2027-12-31" in w for w in answer["warnings"])


def test_19a2_documentation_from_100000():
    needs = check_route("19a-2", facts(cpv=("85311100-3",), value_sek=100_000))
    below = check_route("19a-2", facts(cpv=("85311100-3",), value_sek=99_999))
    assert any("ska dokumenteras" in r and "19 a kap. 11 §" in r for r in needs.requirements)
    assert not below.requirements or not any("ska dokumenteras" in r for r in below.requirements)


# --- 1 kap. 2 a § LOV, 4 kap. 18 § LOU, open -----------------------------------------------------

def test_lov_2a_exact_list_vardval_and_start_date():
    assert check_route("lov-2a", facts(cpv=("85312400-3",))).eligible is True
    assert check_route("lov-2a", facts(cpv=("85311300-5",))).eligible is False   # in LOU lists, not in LOV's
    vardval = check_route("lov-2a", facts(cpv=("85140000-2",), vardval=True))
    assert vardval.eligible is False and any("7 kap. 3 §" in r for r in vardval.refusals)
    assert check_route("lov-2a", facts(date=date(2022, 12, 31), cpv=("85312400-3",))).eligible is False


def test_4_18_always_eligible_whatever_the_service_and_value():
    verdict = check_route("4-18", facts(cpv=("90911200-8",), value_sek=50_000_000))
    assert verdict.eligible is True
    assert any("oavsett tjänst, CPV-kod och värde" in r for r in verdict.reasons)
    assert any("30 procent" in r for r in verdict.reasons)


def test_open_always_eligible():
    assert check_route("open", facts()).eligible is True


# --- the worked cases ("Typfall") ----------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_typfall_route_is_eligible(n):
    loaded = load_case(SAMPLES / f"typfall-{n}.yaml", expect="tender")
    verdict = check_route(loaded.model.route, facts_from_case(loaded.model))
    assert verdict.eligible is True, verdict.reasons


def test_typfall_3_borg_direct_award_allowed_and_documented():
    result = run_docgen("routes", "--data", str(SAMPLES / "typfall-3.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["value_sek"] == 1_800_000 and answer["threshold_sek"] == 7_802_550
    direct = next(r for r in answer["routes"] if r["id"] == "19a-2")
    assert direct["eligible"] is True
    assert any("ska dokumenteras" in r for r in direct["reasons"])


def test_data_with_flag_override():
    result = run_docgen("routes", "--data", str(SAMPLES / "typfall-3.yaml"), "--value", "7802550", "--json")
    direct = next(r for r in json.loads(result.stdout)["routes"] if r["id"] == "19a-2")
    assert direct["eligible"] is False
