"""Issue 21: the buyer's facts, not guesses – the sector is never chosen silently, bilaga 2 is decided
where the law decides it, the buyer's own annexes stand in the one register."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_docgen, tender_file
from docx import Document

BASIC = {  # only the basic keys: no decisions, no clauses
    "document": "tender", "date": "2026-10-01",
    "authority": {"name": "Norrviks kommun", "org_number": "212000-0000"},
}


def _write(tmp_path: Path, name: str, route: str, procurement: dict, **extra) -> Path:
    data = dict(BASIC, route=route, procurement=dict({
        "reference": f"KS 2026/{len(name)}", "estimated_value_sek": 18_000_000, "term_months": 36,
        "start_date": "2027-04-01", "tender_deadline": "2026-11-16"}, **procurement), **extra)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _build(tmp_path: Path, path: Path, route: str, *extra: str):
    out = tmp_path / f"out-{path.stem}"
    done = run_docgen("tender", "--data", str(path), "--out", str(out), "--format", "md,docx", *extra)
    return done, out


OTHER_SECTORS = ["Hemtjänsten omfattar", "Krav på hemtjänst", "belagd plats och dygn", "Krav på särskilt boende",
                 "Krav på daglig verksamhet", "Krav på lokalvård", "Registrerad livsmedelsanläggning",
                 "Tillstånd från IVO", "Krav på boendestöd", "Krav på stöd till personer i hemlöshet",
                 "Krav på bostad med särskild service"]


def _absent(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    return [phrase for phrase in OTHER_SECTORS if phrase in text and phrase not in keep]


def test_a_case_whose_codes_fit_no_sector_gets_the_general_pack_and_says_so(tmp_path):
    path = _write(tmp_path, "museum", "open", {"title": "Drift av kommunens museum", "cpv": ["92521000-9"]})
    done, out = _build(tmp_path, path, "open")
    assert done.returncode == 0, done.stderr
    text = tender_file(out, "open", "md").read_text(encoding="utf-8")
    assert _absent(text) == []
    assert "ingen CPV-kod motsvarar något sektorpaket" in done.stderr and "procurement.sector" in done.stderr
    for key in ("evaluation", "price", "contract.index", "contract.insurance", "contract.vite"):
        assert f"standardvärde för {key}" in done.stderr, key


def test_a_boendestod_case_is_asked_for_its_sector_then_gets_only_boendestod(tmp_path):
    procurement = {"title": "Boendestöd för personer med psykisk funktionsnedsättning", "cpv": ["85312400-3"]}
    asked, out = _build(tmp_path, _write(tmp_path, "asked", "25a", procurement), "25a")
    assert asked.returncode == 2 and not out.exists()
    assert "procurement.sector" in asked.stderr and "supported-living" in asked.stderr and "home-care" in asked.stderr
    assert "Traceback" not in asked.stderr
    done, out = _build(tmp_path, _write(tmp_path, "boendestod", "25a", dict(procurement, sector="supported-living")), "25a")
    assert done.returncode == 0, done.stderr
    text = tender_file(out, "25a", "md").read_text(encoding="utf-8")
    assert "Krav på boendestöd" in text and "timme boendestöd" in text
    assert _absent(text, keep=("Krav på boendestöd",)) == []
    assert "standardvärde för price" in done.stderr and "timme boendestöd" in done.stderr


def test_an_above_threshold_cleaning_case_with_only_basic_keys_is_an_open_procedure(tmp_path):
    path = _write(tmp_path, "cleaning", "open", {"title": "Lokalvård", "cpv": ["90910000-9"]})
    done, out = _build(tmp_path, path, "open", "--notice")
    assert done.returncode == 0, done.stderr
    text = tender_file(out, "open", "md").read_text(encoding="utf-8")
    assert "öppet förfarande enligt 6 kap. 2 § LOU" in text
    assert "Krav på lokalvård" in text and _absent(text, keep=("Krav på lokalvård",)) == []
    # the object list is the buyer's annex, numbered and listed, named in the specification
    register = [line for line in text.splitlines() if "Objektsförteckning" in line and line.startswith("|")]
    assert register and register[0].startswith("| 4 |") and "egen fil från Norrviks kommun" in register[0]
    assert "i de lokaler som anges i bilaga 4 Objektsförteckning" in text
    # every default named: the sector, the annex, the buyer's decisions
    assert "sektorpaketet cleaning (lokalvård) är valt efter CPV-koden 90910000-9" in done.stderr
    assert "standardvärde för annexes" in done.stderr
    # the law's reason reaches the notice guidance
    notice = next(out.glob("notice-fields-*.md")).read_text(encoding="utf-8")
    assert "avdelning 90" in notice and "bilaga 2 till LOU" in notice


def test_buyer_annexes_are_numbered_listed_and_mention_checked(tmp_path):
    annexes = [{"title": "Statistik", "file": "Statistik 2025.xlsx", "description": "Antal brukare och timmar per månad"},
               {"title": "Lokaler", "file": "Planritningar.pdf"}]
    path = _write(tmp_path, "annexes", "open", {"title": "Drift av kommunens museum", "cpv": ["92521000-9"],
                                                "sector": "general"}, annexes=annexes)
    done, out = _build(tmp_path, path, "open")
    assert done.returncode == 0, done.stderr
    rows = [" | ".join(c.text for c in row.cells) for table in Document(tender_file(out, "open", "docx")).tables
            for row in table.rows]
    assert any(r.startswith("4 | Statistik – Antal brukare") and "Statistik 2025.xlsx" in r for r in rows), rows
    assert any(r.startswith("5 | Lokaler") and "Planritningar.pdf" in r for r in rows), rows

    from generator.checks.mentions import dangling_mentions

    markdown = "# 1 Administrativa föreskrifter\n\nSe bilaga 4 Statistik och bilaga 5.\n"
    assert dangling_mentions(markdown, (), {4: "Statistik", 5: "Lokaler"}) == []
    missing = dangling_mentions(markdown, (), {4: "Statistik"})
    assert [m.text for m in missing] == ["bilaga 5"]
    wrong = dangling_mentions(markdown, (), {4: "Lokaler", 5: "Lokaler"})
    assert any("heter" in m.problem for m in wrong)


def test_an_unknown_annex_mention_is_refused(tmp_path):
    from generator.annexes import Annex, make_annex
    from generator.errors import DocgenError

    annex = make_annex([Annex(4, "Objektsförteckning", "Objektsförteckning", True, None, None, True)], "x")
    assert annex("Objektsförteckning") == "bilaga 4"
    with pytest.raises(DocgenError):
        annex("Statistik")


@pytest.mark.parametrize("code,expected", [
    ("90910000-9", False),   # cleaning: division 90
    ("72000000-5", False),   # IT: division 72
    ("45000000-7", False),   # works: division 45
    ("85311100-3", True),    # the 25 a list
    ("92521000-9", True),    # the range 92000000-1 till 92700000-8
    ("79710000-4", None),    # division 79 holds bilaga 2 codes; no list names this one: asked
    ("64110000-0", None),    # division 64 not confirmed against the annex: asked
])
def test_bilaga_2_is_decided_by_the_division_where_the_law_decides_it(code, expected):
    from datetime import date

    from generator.rules import Facts
    from generator.rules.r19a_2 import annex2_status

    status, reason, _ = annex2_status(Facts(date=date(2026, 10, 1), cpv=(code,)))
    assert status is expected, reason
    if expected is False:
        assert f"avdelning {code[:2]}" in reason


# --- part 8: notice fields per route ----------------------------------------------------------------

ROUTE_SAMPLES = {"25a": "tender-25a", "25": "tender-25", "4-18": "tender-4-18", "19a-2": "tender-19a-2",
                 "lov-2a": "tender-lov-2a", "open": "tender-open-cleaning"}


def _notice(sample: str):
    from conftest import ROOT

    from generator.kinds import load_case
    from generator.notice import build_notice

    loaded = load_case(ROOT / "samples" / f"{sample}.yaml", expect="tender")
    return loaded.model, build_notice(loaded.model)


@pytest.mark.parametrize("route", ROUTE_SAMPLES)
def test_notice_fields_per_route_hold_the_case_facts(route):
    case, notice = _notice(ROUTE_SAMPLES[route])
    by = {}
    for f in notice.fields:
        by.setdefault(f.field, []).append(f)
    p = case.procurement
    assert by["BT-536-Lot"][0].value == p.start_date.isoformat()
    assert by["BT-5071-Lot"][0].value == "SE110" and by["BT-5071-Lot"][0].code_label == "Stockholms län"
    assert by["OPT-301-Lot-ReviewOrg"][0].value == "Förvaltningsrätten i Stockholm"
    if route in ("19a-2", "lov-2a"):
        assert by["BT-105-Procedure"][0].value is None and by["BT-105-Procedure"][0].status == "national"
        label = " ".join(notice.subtype)
        assert "förhandsannons" not in label
        assert ("Direktupphandling enligt 19 a kap. 2 § LOU" in label) if route == "19a-2" else ("Valfrihetssystem" in label)
    else:
        assert by["BT-105-Procedure"][0].value in ("open", "oth-single")
        assert by["BT-131(d)-Lot"][0].value == p.tender_deadline.isoformat()
    if route == "open":
        assert by["BT-105-Procedure"][0].value == "open"
    if route != "lov-2a":
        assert by["BT-98-Lot"][0].value == 6 and by["BT-98-Lot"][0].attribute == {"field": "BT-98-Lot-Unit", "value": "MONTH"}
        assert by["BT-537-Lot"][0].value > p.start_date.isoformat()
        types = [f.value for f in by["BT-539-Lot"]]
        weights = [f.value for f in by["BT-541-Lot-WeightNumber"]]
        assert set(types) <= {"price", "quality"} and sum(weights) == 100
        assert [f.value for f in by["BT-734-Lot"]][types.index("quality")] == case.evaluation.criteria[0].name
    else:
        assert "BT-539-Lot" not in by and "BT-537-Lot" not in by


def test_notice_field_missing_place_is_warned(tmp_path):
    from conftest import ROOT

    from generator.kinds import parse_case
    from generator.notice import build_notice

    data = yaml.safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    data.pop("place")
    loaded = parse_case(yaml.safe_dump(data, allow_unicode=True), "case.yaml", expect="tender")
    notice = build_notice(loaded.model)
    assert any("BT-5071-Lot" in w and "place.nuts" in w for w in notice.warnings)


# --- part 2: the checklist -------------------------------------------------------------------------------

MISSING_THREE = """\
document: tender
route: 25a
date: 2026-10-01
authority:
  name: Norrviks kommun
  org_number: "212000-0000"
procurement:
  reference: SN 2026/88
  cpv: ["85312400-3"]
  estimated_value_sek: 20000000
  term_months: 36
  tender_deadline: 2026-11-16
"""


def test_the_checklist_lists_every_missing_and_defaulted_value_in_one_run(tmp_path):
    """A case missing three values (title, start date, the sector its CPV code leaves open) gets all three,
    and every default, in one run with exit 0 – no files written."""
    path = tmp_path / "case.yaml"
    path.write_text(MISSING_THREE, encoding="utf-8")
    done = run_docgen("tender", "--data", str(path), "--checklist", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "out").exists()
    lines = done.stdout.splitlines()

    def line(key: str) -> str:
        found = [entry for entry in lines if entry.strip().startswith(key + " – ")]
        assert len(found) == 1, (key, done.stdout)
        return found[0]

    assert "Vad heter upphandlingen?" in line("procurement.title") and "[saknas]" in line("procurement.title")
    assert "[saknas]" in line("procurement.start_date")
    assert "supported-living" in line("procurement.sector") and "[saknas" in line("procurement.sector")
    for key in ("evaluation", "price", "contract.index", "contract.insurance", "contract.vite", "timetable"):
        assert "[standardvärde: " in line(key), key
    # grouped by part, in the document's order
    headings = [entry for entry in lines if entry[:1].isdigit()]
    assert headings == sorted(headings) and headings[0].startswith("1 Administrativa föreskrifter")
    assert lines.index(headings[0]) < lines.index(line("procurement.title"))
    # the first refusal of the same case points to the checklist
    refused = run_docgen("tender", "--data", str(path), "--out", str(tmp_path / "out"))
    assert refused.returncode == 2 and "--checklist" in refused.stderr


def test_the_checklist_of_a_complete_sample_lists_no_missing_value():
    from conftest import ROOT

    from generator.checklist import MISSING, OPEN, checklist

    path = ROOT / "samples" / "tender-25a.yaml"
    items = checklist(path.read_text(encoding="utf-8"), str(path))
    assert [i.key for i in items if i.status == MISSING] == []
    assert [i.key for i in items if i.status == OPEN] == ["annexes", "ranking", "obligations"]
