"""Issue 14 (i14b): the five parts, sector packs, the contract draft, one annex register, nothing internal published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, libreoffice_text, run_docgen, tender_file

SAMPLES = {  # sample → route
    "tender-25a": "25a", "tender-25": "25", "tender-4-18": "4-18", "tender-19a-2": "19a-2",
    "tender-lov-2a": "lov-2a", "tender-open": "open", "tender-open-cleaning": "open", "tender-open-avancerad": "open",
}
PARTS = ["Administrativa föreskrifter", "Krav på leverantören", "Kravspecifikation", "Kontraktsvillkor"]
INTERNAL_MARKERS = ["Dokumentunderlag", "Kontrollsumma", "SHA-256", "docgen version", "Behövlighetsbedömning",
                    "Motiv till ställda krav", "motiv:"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for sample, route in SAMPLES.items():
        folder = tmp_path_factory.mktemp(sample)
        done = run_docgen("tender", "--route", route, "--data", str(ROOT / "samples" / f"{sample}.yaml"),
                          "--out", str(folder), "--format", "docx,md", "--motiv")
        assert done.returncode == 0, done.stderr
        out[sample] = folder
    return out


@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_holds_the_five_parts_and_the_contract(built, sample):
    route = SAMPLES[sample]
    text = docx_text(tender_file(built[sample], route, "docx"))
    headings = [line for line in text.splitlines() if re.match(r"^\d+ \S", line)]
    for part in PARTS:
        assert any(part in h for h in headings), (sample, part, headings)
    evaluation = "Prövning av ansökan" if route == "lov-2a" else "Utvärdering och tilldelning"
    assert any(evaluation in h for h in headings)
    assert re.search(r"Bilaga \d+ Kontrakt\b", text)
    assert "Vite och hävning" in text and "Underskrifter" in text
    assert "Förteckning över bilagor" in text and "Överprövning" in text


def _bilaga_titles(folder: Path) -> list[tuple[int, str]]:
    found = []
    for md in folder.glob("*.md"):
        for line in md.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^# Bilaga (\d+) (.+)$", line)
            if m:
                found.append((int(m.group(1)), m.group(2)))
    return found


@pytest.mark.parametrize("sample", SAMPLES)
def test_annex_numbers_are_unique_across_everything_published(built, sample):
    numbers = [n for n, _ in _bilaga_titles(built[sample])]
    assert numbers and len(numbers) == len(set(numbers)), _bilaga_titles(built[sample])
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_labour_law_annexes_continue_the_tenders_series(built):
    folder = built["tender-open-cleaning"]
    titles = dict(_bilaga_titles(folder))
    villkor = next(n for n, t in titles.items() if t == "Villkor")
    assert titles[villkor - 1] != "Villkor" and villkor > 1          # not a second "Bilaga 1"
    tender = (tender_file(folder, "open", "md")).read_text(encoding="utf-8")
    assert f"bilaga {villkor} Villkor" in tender                      # the conditions point at the right number
    assert "bilaga 1 Villkor" not in tender
    assert (folder / f"arbetsrattsliga-villkor-bilaga-{villkor}-villkor-ks-2026-233.docx").is_file()


@pytest.mark.parametrize("sample", SAMPLES)
def test_nothing_internal_is_published(built, sample):
    folder = built[sample]
    published = [p for p in folder.iterdir() if p.suffix in (".md", ".docx")]
    assert published
    for path in published:
        text = docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        for marker in INTERNAL_MARKERS:
            assert marker not in text, (path.name, marker)
    [record_file] = (folder / "intern").glob(f"dokumentunderlag-{SAMPLES[sample]}-*.md")  # named per case
    record = record_file.read_text(encoding="utf-8")
    assert "kontrollsumma" in record.lower() and "kontrakt/sanctions" in record


def test_one_vite_table_holds_every_vite(built):
    text = (tender_file(built["tender-open-cleaning"], "open", "md")).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if re.match(r"^\| V\d+ \|", line)]
    amounts = [line.split("|")[4].strip() for line in rows]
    # the case's own vites (contract.vite: 2 000 kr, 1 000 kr), the employment condition (40 000 kr) and the
    # labour-law condition (75 000 kr): one table, one numbering V1…V4, each with what one breach is and a cap
    assert amounts == ["2 000 kr", "1 000 kr", "40 000 kr", "75 000 kr"], rows
    assert all(line.count("|") == 7 and line.split("|")[6].strip() for line in rows)
    assert text.count("| Nr | Vite för |") == 1


def test_the_buyers_own_requirements_are_in_the_specification(built):
    text = tender_file(built["tender-open"], "open", "md").read_text(encoding="utf-8")
    assert "Särskilda krav i denna upphandling" in text
    assert "| D1 | **Läge.** Hemmet ska ligga så att ungdomarna" in text


def test_the_index_clause_is_real(built):
    text = tender_file(built["tender-open-cleaning"], "open", "md").read_text(encoding="utf-8")
    assert "Arbetskostnadsindex för arbetare inom privat sektor (AKI), som Statistiska centralbyrån (SCB) publicerar" in text
    assert "indexvärdet för november 2026 (basmånad)" in text and "Första justeringen görs den 1 april 2028" in text
    assert "85 % av priserna justeras" in text
    assert "minst 10 000 000 kr per skadetillfälle" in text


@pytest.mark.parametrize("sample,sector,phrase", [
    ("tender-25a", "elderly-care", "Krav på särskilt boende för äldre"),
    ("tender-lov-2a", "home-care", "Krav på hemtjänst"),
    ("tender-open", "hvb-children", "lagen (2007:171) om registerkontroll"),
    ("tender-open-cleaning", "cleaning", "Krav på lokalvård"),
    ("tender-open-avancerad", "meals", "Registrerad livsmedelsanläggning"),
    ("tender-19a-2", "lss-daily-activity", "Krav på daglig verksamhet enligt LSS"),
])
def test_sector_pack_is_chosen(built, sample, sector, phrase):
    route = SAMPLES[sample]
    text = (tender_file(built[sample], route, "md")).read_text(encoding="utf-8")
    assert phrase in text


def test_sector_from_cpv_and_case():
    """Issue 21: the CPV names decide (85311 med inkvartering, 85312 utan); a shared code asks the case."""
    from generator.sectors import choose_sector, sector_from_cpv

    assert sector_from_cpv(["90919200-4"]) == "cleaning"
    assert sector_from_cpv(["92500000-6"]) is None                          # no pack: general
    assert choose_sector(None, ["92500000-6"]).how == "none"
    assert sector_from_cpv(["85311200-4"]) == "lss-housing"                 # social omsorg för handikappade, med inkvartering
    asked = choose_sector(None, ["85312400-3", "85311100-3"])              # the first code is shared: never silently
    assert asked.how == "ask" and asked.sector is None
    assert set(asked.choices) >= {"home-care", "supported-living", "homelessness", "general"}
    assert choose_sector(None, ["85140000-2", "85311100-3"]).sector == "elderly-care"   # the first code with a pack
    assert choose_sector(None, ["85312400-3", "85311100-3"], main="85311100-3").sector == "elderly-care"
    assert choose_sector("home-care", ["85311100-3"]).how == "chosen"


def _case(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        target = data
        *path, last = key.split(".")
        for part in path:
            target = target[part]
        target[last] = value
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("day,act", [("2025-06-30", "socialtjänstlagen (2001:453)"),
                                     ("2025-07-01", "socialtjänstlagen (2025:400)")])
def test_the_socialtjanstlag_in_force_on_the_date_is_cited(tmp_path, day, act):
    import datetime

    d = datetime.date.fromisoformat(day)
    case = _case(tmp_path, date=d, **{"procurement.tender_deadline": d + datetime.timedelta(days=60),
                                      "procurement.start_date": d + datetime.timedelta(days=200)})
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    for dated in ("timetable", "viewing"):   # the sample's own dates (issue 21): left to the defaults here
        data.pop(dated, None)
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(tmp_path / "o"), "--format", "md")
    assert done.returncode == 0, done.stderr
    text = tender_file(tmp_path / "o", "25a", "md").read_text(encoding="utf-8")
    other = {"socialtjänstlagen (2001:453)", "socialtjänstlagen (2025:400)"} - {act}
    assert act in text and not any(o in text for o in other)


def test_a_non_welfare_case_gets_no_welfare_obligations(built):
    text = (tender_file(built["tender-open-cleaning"], "open", "md")).read_text(encoding="utf-8")
    assert "lex Sarah" not in text and "Meddelarskydd" not in text and "Kontroll och insyn" not in text
    welfare = (tender_file(built["tender-25a"], "25a", "md")).read_text(encoding="utf-8")
    assert "lex Sarah" in welfare and "10 kap. 8 § kommunallagen (2017:725)" in welfare
    assert "Omsorgsprisindex (OPI)" in welfare


def test_espd_and_exclusion_follow_the_procedure(built):
    cleaning = tender_file(built["tender-open-cleaning"], "open", "md").read_text(encoding="utf-8")
    assert "Europeiskt enhetligt upphandlingsdokument (ESPD)" in cleaning          # öppet förfarande, 6 kap.
    assert "skyldig att utesluta en Anbudsgivare om en grund i 13 kap. 1 § LOU eller i 13 kap. 2 § första stycket LOU" in cleaning
    for sample in ("tender-25a", "tender-4-18", "tender-19a-2"):                   # 19 kap. / below the threshold
        text = (tender_file(built[sample], SAMPLES[sample], "md")).read_text(encoding="utf-8")
        assert "ESPD" not in text, sample
    below = tender_file(built["tender-4-18"], "4-18", "md").read_text(encoding="utf-8")
    assert "Enligt 19 kap. 17 § LOU får en leverantör uteslutas" in below   # issue 22, item 1
    lov = tender_file(built["tender-lov-2a"], "lov-2a", "md").read_text(encoding="utf-8")
    assert "grunderna i 7 kap. 1 § LOV" in lov and "13 kap." not in lov.split("Uteslutning")[1].split("###")[0]


@pytest.mark.parametrize("sample", SAMPLES)
def test_libreoffice_opens_the_tender(built, sample, tmp_path):
    route = SAMPLES[sample]
    text = libreoffice_text(tender_file(built[sample], route, "docx"), tmp_path)
    assert "Kravspecifikation" in text and "Kontrakt" in text
