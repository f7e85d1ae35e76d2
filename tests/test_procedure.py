"""The procedure is decided by the facts (rules/procedure.py, issue 14 item 2): route, value against the
EU threshold in force on the date, the authority's kind and LOU bilaga 2. The tender states it; routes
--json reports it; a deadline shorter than the law's minimum is warned about; an undecidable case is refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, run_docgen, squash, tender_file

from generator.rules import Facts
from generator.rules.procedure import deadline_warning, decide
from generator.thresholds import threshold_in_force

CLEANING = ("90910000-9",)          # lokalvård: not LOU bilaga 2
SECURITY = ("79710000-4",)          # säkerhetstjänster: division 79 holds bilaga 2 codes, no list matches this one
ELDERLY = ("85311100-3",)           # välfärdstjänster för äldre: LOU bilaga 2 (19 kap. 25 a § list)
DAY = date(2026, 10, 1)


def subcentral(day: date) -> int:
    return threshold_in_force("eu_services_subcentral", day).threshold.amount_sek


@pytest.mark.parametrize("day", [date(2026, 10, 1), date(2024, 5, 1)])
def test_ordinary_service_at_the_threshold_in_force_is_an_open_procedure_and_just_under_is_19_kap(day):
    limit = subcentral(day)
    at = decide("open", Facts(date=day, cpv=CLEANING, value_sek=limit, annex2=False))
    under = decide("open", Facts(date=day, cpv=CLEANING, value_sek=limit - 1, annex2=False))
    assert at.id == "open-6" and at.spec.basis == "6 kap. 2 § LOU" and at.spec.eu
    assert at.threshold_sek == limit and "uppgår till minst" in at.reasons[0]
    assert under.id == "lou-19" and under.spec.basis == "19 kap. LOU" and not under.spec.eu
    assert "understiger" in under.reasons[0]


def test_the_threshold_is_the_one_in_force_on_the_date():
    # 2 400 000 kr is above the 2024–2025 figure (2 389 585 kr) but under the 2026–2027 one (2 451 816 kr)
    assert subcentral(date(2025, 6, 1)) < 2_400_000 < subcentral(date(2026, 6, 1))
    assert decide("open", Facts(date=date(2025, 6, 1), cpv=CLEANING, value_sek=2_400_000, annex2=False)).id == "open-6"
    assert decide("open", Facts(date=date(2026, 6, 1), cpv=CLEANING, value_sek=2_400_000, annex2=False)).id == "lou-19"


def test_the_authority_kind_decides_which_threshold():
    central = threshold_in_force("eu_services_central", DAY).threshold.amount_sek
    value = central + 100_000  # above the central government figure, below the municipal one
    facts = Facts(date=DAY, cpv=CLEANING, value_sek=value, annex2=False)
    assert decide("open", facts, "statlig").id == "open-6"
    assert decide("open", facts, "kommun").id == "lou-19"


def test_a_bilaga_2_service_is_19_kap_at_any_value_and_eu_advertised_above_its_threshold():
    limit = threshold_in_force("direct_award_annex2", DAY).threshold.amount_sek
    above = decide("open", Facts(date=DAY, cpv=ELDERLY, value_sek=limit))
    below = decide("open", Facts(date=DAY, cpv=ELDERLY, value_sek=limit - 1))
    assert (above.id, above.annex2, above.spec.eu) == ("lou-19-eu", True, True)
    assert (below.id, below.spec.eu) == ("lou-19", False)
    # routes 25a and 25 are bilaga 2 by their own paragraph, whatever the case says
    assert decide("25", Facts(date=DAY, cpv=ELDERLY, value_sek=60_000_000, annex2=False)).id == "lou-19-eu"


def test_direct_award_and_lov_have_their_own_procedures():
    facts = Facts(date=DAY, cpv=ELDERLY, value_sek=1_000_000)
    assert decide("19a-2", facts).spec.basis == "19 a kap. 2 § LOU"
    assert decide("lov-2a", facts).spec.law == "LOV"


def test_unknown_bilaga_2_decides_below_both_thresholds_and_asks_above():
    below = decide("open", Facts(date=DAY, cpv=SECURITY, value_sek=1_000_000))
    above = decide("open", Facts(date=DAY, cpv=SECURITY, value_sek=5_000_000))
    assert below.id == "lou-19"
    assert above.spec is None and above.unknown_fact == ("annex2",) and "bilaga 2" in above.unknown


def test_a_code_outside_the_bilaga_2_divisions_is_decided_not_asked():
    """Issue 21: cleaning (division 90) is not a bilaga 2 service; above the threshold it is an open procedure."""
    above = decide("open", Facts(date=DAY, cpv=CLEANING, value_sek=5_000_000))
    assert above.spec is not None and above.spec.basis == "6 kap. 2 § LOU"


def test_deadline_shorter_than_the_minimum_of_an_open_procedure_is_warned():
    decision = decide("open", Facts(date=DAY, cpv=CLEANING, value_sek=18_000_000, annex2=False))
    warning = deadline_warning(decision, DAY, date(2026, 10, 20))
    assert warning and "19 dagar" in warning and "30 dagar" in warning and "11 kap. 2 och 6 §§ LOU" in warning
    assert "2026-10-31" in warning
    assert deadline_warning(decision, DAY, date(2026, 10, 31)) is None
    below = decide("open", Facts(date=DAY, cpv=CLEANING, value_sek=1_000_000, annex2=False))
    assert deadline_warning(below, DAY, date(2026, 10, 5)) is None  # 19 kap.: skälig tid, no number of days


# --- the rendered tender ---------------------------------------------------------------------------

def _case(tmp_path: Path, **procurement) -> Path:
    data = yaml.safe_load((ROOT / "samples" / "tender-open-cleaning.yaml").read_text(encoding="utf-8"))
    data["procurement"].update(procurement)
    data["clauses"].pop("labour_law", None)
    if procurement:
        data.pop("timetable", None)   # the sample's own dates (issue 21): left to the defaults when the dates move
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_open_cleaning_sample_states_an_open_procedure_under_6_kap_with_the_eu_rules(tmp_path):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(ROOT / "samples" / "tender-open-cleaning.yaml"),
                      "--out", str(out), "--format", "docx")
    assert done.returncode == 0, done.stderr
    text = squash(docx_text(tender_file(out, "open", "docx")))
    assert "öppet förfarande enligt 6 kap. 2 § LOU" in text
    assert "enligt EU-reglerna" in text and "2 451 816 kr" in text
    assert "anges i bilaga 2 till lagen" not in text
    assert "genomförs enligt bestämmelserna i 19 kap. LOU" not in text


@pytest.mark.parametrize("changes, expected, absent", [
    ({"estimated_value_sek": 1_500_000}, ["understiger EU:s tröskelvärde om 2 451 816 kr",
                                           "genomförs därför enligt bestämmelserna i 19 kap. LOU"], ["6 kap. 2 §"]),
    ({"cpv": ["85311100-3"], "annex2_service": True, "estimated_value_sek": 18_000_000},
     ["sociala tjänster och andra särskilda tjänster som anges i bilaga 2",
      "genomförs enligt bestämmelserna i 19 kap. LOU"], ["6 kap. 2 §"]),
])
def test_below_threshold_and_bilaga_2_tenders_state_19_kap(tmp_path, changes, expected, absent):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(_case(tmp_path, **changes)), "--out", str(out),
                      "--format", "md")
    assert done.returncode == 0, done.stderr
    text = squash((tender_file(out, "open", "md")).read_text(encoding="utf-8"))
    for needle in expected:
        assert needle in text
    for needle in absent:
        assert needle not in text


def test_tender_warns_when_the_deadline_is_too_short(tmp_path):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(_case(tmp_path, tender_deadline="2026-10-15")),
                      "--out", str(out), "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "14 dagar" in done.stderr and "11 kap. 2 och 6 §§ LOU" in done.stderr and "case.yaml:" in done.stderr


def test_tender_refuses_when_bilaga_2_decides_the_procedure_and_is_unknown(tmp_path):
    out = tmp_path / "out"
    path = _case(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["procurement"]["annex2_service"]
    data["procurement"]["cpv"] = list(SECURITY)   # a division that holds bilaga 2 codes; no list names this one
    data["procurement"]["sector"] = "general"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_docgen("tender", "--route", "open", "--data", str(path), "--out", str(out), "--format", "md")
    assert done.returncode == 2
    assert "förfarandet kan inte avgöras" in done.stderr and "annex2_service" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_routes_json_reports_the_procedure_for_each_eligible_route():
    done = run_docgen("routes", "--data", str(ROOT / "samples" / "tender-open-cleaning.yaml"), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    by_id = {r["id"]: r for r in answer["routes"]}
    assert by_id["open"]["procedure"]["id"] == "open-6"
    assert by_id["open"]["procedure"]["basis"] == "6 kap. 2 § LOU"
    assert by_id["4-18"]["procedure"]["id"] == "open-6"
    assert "procedure" not in by_id["25a"]  # not eligible: no procedure
    welfare = json.loads(run_docgen("routes", "--cpv", "85311100-3", "--value", "1000000", "--date", "2026-06-01",
                                    "--json").stdout)
    procedures = {r["id"]: r.get("procedure", {}).get("id") for r in welfare["routes"]}
    assert procedures["25a"] == "lou-19" and procedures["lov-2a"] == "lov" and procedures["19a-2"] == "direct-19a"
