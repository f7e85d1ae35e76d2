"""The buyer's decisions (issue 14 items 1 and 8): evaluation model with a worked example computed from the
case's own weights, a price form matching the price model, typed validation with Swedish messages and
file:line, and one warning per default when the case leaves a decision open."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, run_docgen, squash, tender_file

from generator.decisions import Evaluation, ExampleTender
from generator.scoring import score

CLEANING = ROOT / "samples" / "tender-open-cleaning.yaml"


def _evaluation(price: int, k1: int, k2: int) -> Evaluation:
    steps = [{"points": p, "meaning": f"{p} poäng"} for p in (0, 1, 3, 5)]
    return Evaluation.model_validate({"basis": "pris-kvalitet", "price_weight": price, "scale": steps, "criteria": [
        {"name": "K-ett", "weight": k1, "assessed": "a"}, {"name": "K-två", "weight": k2, "assessed": "b"}]})


TENDERS = [ExampleTender(name="Anbud A", price_sek=4_500_000, points=[5, 3]),
           ExampleTender(name="Anbud B", price_sek=3_960_000, points=[1, 3]),
           ExampleTender(name="Anbud C", price_sek=4_950_000, points=[5, 5])]


def test_scores_follow_the_weights_and_the_formula():
    scored = {s.name[-1]: s for s in score(_evaluation(60, 20, 20), TENDERS)}
    # criterion: weight × points ÷ 5; price: 60 × lowest ÷ own
    assert scored["A"].criterion_scores == (Decimal("20.00"), Decimal("12.00"))
    assert scored["A"].price_score == Decimal("52.80")          # 60 × 3 960 000 ÷ 4 500 000
    assert scored["C"].total == Decimal("88.00") and scored["C"].rank == 1
    assert [scored[n].rank for n in "ABC"] == [2, 3, 1]


def test_another_weighting_gives_another_winner():
    scored = {s.name[-1]: s for s in score(_evaluation(80, 10, 10), TENDERS)}
    assert scored["B"].total == Decimal("88.00")                # 2 + 6 + 80
    assert scored["A"].total == Decimal("86.40")                # 10 + 6 + 70,40
    assert scored["C"].total == Decimal("84.00")                # 10 + 10 + 64
    assert [scored[n].rank for n in "ABC"] == [2, 1, 3]


def test_equal_totals_share_a_rank_and_quality_breaks_the_tie():
    evaluation = _evaluation(50, 25, 25)
    tied = score(evaluation, [ExampleTender(name="X", price_sek=100, points=[5, 5]),
                              ExampleTender(name="Y", price_sek=100, points=[5, 5])])
    assert [s.rank for s in tied] == [1, 1]


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _cleaning(**changes) -> dict:
    data = yaml.safe_load(CLEANING.read_text(encoding="utf-8"))
    data["clauses"].pop("labour_law", None)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.mark.parametrize("price_weight, k1, k2, expected", [
    (60, 20, 20, ["Pris | 60 %", "prispoäng = 60 × lägsta utvärderingspris", "52,80", "88,00",
                  "tilldelas kontraktet Anbud C"]),
    (80, 10, 10, ["Pris | 80 %", "prispoäng = 80 × lägsta utvärderingspris", "70,40", "86,40",
                  "tilldelas kontraktet Anbud B"]),
])
def test_docx_worked_example_is_computed_from_the_case_weights(tmp_path, price_weight, k1, k2, expected):
    data = _cleaning()
    data["evaluation"]["price_weight"] = price_weight
    data["evaluation"]["criteria"][0]["weight"] = k1
    data["evaluation"]["criteria"][1]["weight"] = k2
    data["evaluation"]["example"] = [t.model_dump() for t in TENDERS]
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(_write(tmp_path, data)), "--out", str(out), "--format", "docx")
    assert done.returncode == 0, done.stderr
    text = squash(docx_text(tender_file(out, "open", "docx")))
    for needle in expected:
        assert needle in text, needle
    assert "Räkneexempel" in text and "Onormalt låga anbud" in text and "16 kap. 7 § LOU" in text


def test_price_form_matches_a_priced_model(tmp_path):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(CLEANING), "--out", str(out), "--format", "docx")
    assert done.returncode == 0, done.stderr
    text = squash(docx_text(tender_file(out, "open", "docx")))
    assert "Prisbilaga" in text
    assert "Post | Enhet | Pris (kr, exkl. moms) | Utvärderingsvolym | Pris × volym" in text
    assert "Timpris för beställda tilläggstjänster | kr/timme |" in text and "300 (uppskattat antal timmar per år)" in text
    assert "Anbudsgivaren anger sina priser i bilaga" in text


def test_fixed_price_model_competes_on_quality_and_the_form_states_the_fixed_amount(tmp_path):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(ROOT / "samples" / "tender-open.yaml"),
                      "--out", str(out), "--format", "md")
    assert done.returncode == 0, done.stderr
    text = squash((tender_file(out, "open", "md")).read_text(encoding="utf-8"))
    assert "anbuden konkurrerar därför enbart med kvalitet" in text
    assert "| Dygnsersättning per placerad ungdom | kr/dygn | 4 200 kr |" in text
    assert "Prispoäng" not in text and "Pris × volym" not in text
    assert "| Summa | 100 % |" in text


def test_lov_has_no_evaluation_and_no_price_form(tmp_path):
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "lov-2a", "--out", str(out), "--format", "md")
    assert done.returncode == 0, done.stderr
    text = (tender_file(out, "lov-2a", "md")).read_text(encoding="utf-8")
    assert "Räkneexempel" not in text and "Prisbilaga" not in text


@pytest.mark.parametrize("mutate, message, path", [
    (lambda d: d["evaluation"].update(price_weight=50), "vikterna ska tillsammans bli 100 men blir 20 + 20 + 50 = 90",
     ("evaluation",)),
    (lambda d: d["evaluation"].update(scale=[{"points": 5, "meaning": "bra"}]), "en poängskala behöver minst två steg",
     ("evaluation", "scale")),
    (lambda d: d["contract"]["index"].update(name=""), "contract.index.name får inte vara tomt", ("contract", "index", "name")),
    (lambda d: d["contract"]["vite"][0].update(cap_sek=100), "taket cap_sek (100) är lägre än beloppet",
     ("contract", "vite", 0)),
    (lambda d: d["evaluation"].update(basis="fast-pris"), "vid fast pris konkurrerar anbuden enbart med kvalitet",
     ("evaluation",)),
])
def test_bad_decisions_are_refused_in_swedish_with_file_and_line(tmp_path, mutate, message, path):
    from generator.yamlfile import parse_yaml

    data = _cleaning()
    mutate(data)
    case = _write(tmp_path, data)
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(out), "--format", "md")
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr and not out.exists()
    _, lines = parse_yaml(case.read_text(encoding="utf-8"), str(case))
    assert f"{lines.where(path)}:" in done.stderr and lines.where(path) != str(case)


def test_a_case_without_the_new_keys_is_complete_with_one_warning_per_default(tmp_path):
    data = _cleaning(evaluation=None, price=None, contract=None)
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(_write(tmp_path, data)), "--out", str(out), "--format", "md")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "standardvärde för" in line]
    assert [w.split("standardvärde för ")[1].split(":")[0] for w in warnings] == [
        "evaluation", "price", "contract.index", "contract.insurance", "contract.vite"]
    assert all("bekräfta" in w and "case.yaml" in w for w in warnings)
    text = squash((tender_file(out, "open", "md")).read_text(encoding="utf-8"))
    assert "Räkneexempel" in text and "Prisbilaga" in text and "Kvalitetssystem och egenkontroll" in text


def test_a_missing_scale_is_a_default_of_its_own(tmp_path):
    data = _cleaning()
    del data["evaluation"]["scale"]
    out = tmp_path / "out"
    done = run_docgen("tender", "--route", "open", "--data", str(_write(tmp_path, data)), "--out", str(out), "--format", "md")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "standardvärde för" in line]
    assert len(warnings) == 1 and "evaluation.scale" in warnings[0]
