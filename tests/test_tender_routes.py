"""`docgen tender --route ID` for every route: each sample renders DOCX and PDF with the route's key text;
an ineligible case is refused naming its paragraph, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_paragraph_texts, docx_text, pdf_text, run_docgen, squash

from generator.datafiles import route_ids

ROUTES = list(route_ids())  # data/routes.yaml

KEY_TEXT = {
    "25a": ["19 kap. 25 a § LOU", "Egenförsäkran – idéburen organisation"],
    "25": ["reserverar med stöd av 19 kap. 25 § LOU", "återinvesterar eventuell vinst",
           "får enligt 19 kap. 25 § andra stycket LOU inte överstiga tre år", "sammanlagda löptid, inklusive förlängning enligt option, uppgår till 36 månader",
           "Egenförsäkran – organisation med offentligt uppdrag", "Särskilda kontraktsvillkor om organisationens ställning"],
    "4-18": ["4 kap. 18 § första stycket 1 LOU", "Minst 30 procent", "HFD 2021 ref. 48",
             "kreditupplysning", "Särskilda kontraktsvillkor om sysselsättning",
             "Egenförsäkran – reserverad upphandling för ökad sysselsättning"],
    "19a-2": ["Förfrågningsunderlag för direktupphandling", "direktupphandling enligt 19 a kap. 2 § LOU",
              "Bilaga 1 Förfrågan om direktupphandling",
              "Stiftelsen Ljusglimten, Föreningen Träffpunkt Norrvik, Kooperativet Omtanke ek. för.",
              "Ingen avtalsspärr", "i ärendet med diarienummer VON 2026/530", "19 a kap. 11 § LOU", "idéburna organisationer i första hand"],
    "lov-2a": ["Förfrågningsunderlag", "1 kap. 2 a § LOV", "Ansökan och godkännande", "ansöka om att bli godkända",
               "Ingen anbudsutvärdering", "465 kr per utförd timme", "vårdvalssystem",
               "Bilaga 1 Ansökan om godkännande och egenförsäkran", "4 kap. 2 § LOV",
               # LOV, not LOU: optional exclusion on the grounds of 7 kap. 1 § LOV
               "får utesluta en Sökande från att delta i valfrihetssystemet om någon av grunderna i 7 kap. 1 § LOV",
               "i något väsentligt avseende har underlåtit att lämna begärda upplysningar",
               # one term in the main part and the contract: until further notice while approved, no option
               "gäller från undertecknandet och därefter tills vidare, så länge Leverantören är godkänd",
               "så länge Leverantören är godkänd i valfrihetssystemet och valfrihetssystemet består",
               "Kontraktstid och uppsägning", "ingen option om förlängning",
               # the contract speaks of the approval and the individuals' choice
               "fått godkännande i valfrihetssystemet",
               "kraven för godkännande i valfrihetssystemet eller det finns grund för uteslutning enligt 7 kap. 1 § LOV",
               "Uppdragen följer av de enskildas val", "Beställaren garanterar ingen volym"],
    "open": ["Deltagandet är inte reserverat", "Vite och hävning", "Utvärdering och tilldelning"],
}
ABSENT = {
    "open": ["Reserverat deltagande", "Egenförsäkran", "Kvalificering"],
    "lov-2a": ["Utvärdering och tilldelning", "Avtalsspärr", "lämna anbud i upphandlingen",
               "LOU tillåter", "17 kap. LOU", "kraven för deltagande i upphandlingen", "i strid med LOU",
               "ändra volymen", "ska utesluta en Sökande", "organiserad brottslighet",
               "löper i 48 månader", "förlängning enligt punkt", "Kontraktstid och option",
               "ligger till grund för utvärderingen"],
    "19a-2": ["Avtalsspärr.", "Reserverat deltagande"],
    "25": ["19 kap. 25 a § LOU"],
}


# each sample's diarienummer, which names its files
SAMPLE_REFERENCES = {"25a": "von-2026-412", "25": "kfn-2026-88", "4-18": "sf-2026-141", "19a-2": "von-2026-530",
                     "lov-2a": "von-2026-610", "open": "sn-2026-77"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for route in ROUTES:
        folder = tmp_path_factory.mktemp(f"route-{route}")
        result = run_docgen("tender", "--route", route, "--out", str(folder), "--format", "docx,pdf")
        assert result.returncode == 0, (route, result.stderr)
        assert result.stderr == "", (route, result.stderr)
        out[route] = folder / f"upphandlingsdokument-{route}-{SAMPLE_REFERENCES[route]}"
    return out


@pytest.mark.parametrize("route", ROUTES)
def test_docx_holds_the_route_text(outputs, route):
    text = squash(docx_text(outputs[route].with_suffix(".docx")))
    for phrase in KEY_TEXT[route]:
        assert phrase in text, (route, phrase)
    for phrase in ABSENT.get(route, []):
        assert phrase not in text, (route, phrase)
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("route", ROUTES)
def test_pdf_is_complete(outputs, route):
    text = squash(pdf_text(outputs[route].with_suffix(".pdf")))
    assert KEY_TEXT[route][0] in text
    assert "Underskrifter" in text  # the contract draft, near the end, made it to the PDF


def test_section_numbers_stay_dense_for_other_routes(outputs):
    from docx import Document

    document = Document(str(outputs["4-18"].with_suffix(".docx")))
    # headings as Word shows them (numbers from the list the heading styles are linked to)
    paragraphs = list(zip(document.paragraphs, docx_paragraph_texts(document)))
    headings = [text for p, text in paragraphs if p.style.name.startswith("Heading") or p.style.name == "Bilaga"]
    main = headings[:next(i for i, h in enumerate(headings) if h.startswith("Bilaga "))]  # the contract numbers its own points
    numbers = [h.split(" ")[0] for h in main if h[0].isdigit() and "." not in h.split(" ")[0]]
    assert numbers == ["1", "2", "3", "4", "5"]  # the five parts
    subs = [h.split(" ")[0] for h in main if h.startswith("2.")]
    assert subs == [f"2.{i}" for i in range(1, len(subs) + 1)]
    assert "2.1 Reserverat deltagande för ökad sysselsättning" in headings


def _variant(tmp_path: Path, sample: str, **changes) -> Path:
    data = yaml.safe_load((ROOT / "samples" / sample).read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("sample,route,changes,paragraph,why,line_of", [
    ("tender-25.yaml", "25", {"procurement__extension_months": 13}, "19 kap. 25 § LOU", "37 månader", "term_months:"),
    # a prior 19 kap. 25 § award no longer refuses the route (issue 15.1, tests/test_legal_corrections_routes.py)
    ("tender-19a-2.yaml", "19a-2", {"procurement__same_kind_sek": 2_000_000}, "19 a kap. 2 § LOU", "8 513 250 kr",
     "estimated_value_sek:"),
    ("tender-lov-2a.yaml", "lov-2a", {"procurement__vardval": True}, "1 kap. 2 a § LOV", "7 kap. 3 §", "vardval:"),
    ("tender-lov-2a.yaml", "lov-2a", {"procurement__cpv": ["85311300-5"]}, "1 kap. 2 a § LOV", "85311300-5",
     "- 85311300-5"),
])
def test_ineligible_case_is_refused_and_nothing_written(tmp_path, sample, route, changes, paragraph, why, line_of):
    case = _variant(tmp_path, sample, **changes)
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", route, "--data", str(case), "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert paragraph in result.stderr and why in result.stderr
    # the message points at the line holding the fact that closes the route, not at `route:`
    lines = case.read_text(encoding="utf-8").splitlines()
    expected = next(n for n, text in enumerate(lines, 1) if text.strip().startswith(line_of))
    assert f"case.yaml:{expected}:" in result.stderr
    assert not out.exists()


def test_direct_award_record_for_borg(tmp_path):
    """The documentation of 19 a kap. 11 § LOU is the buyer's internal record (intern/), not an annex of
    the request the suppliers get."""
    result = run_docgen("tender", "--route", "19a-2", "--data", str(ROOT / "samples" / "typfall-3.yaml"),
                        "--out", str(tmp_path), "--format", "docx")
    assert result.returncode == 0, result.stderr
    request = squash(docx_text(tmp_path / "upphandlingsdokument-19a-2-von-2023-210.docx"))
    assert "Dokumentation av direktupphandling" not in request and "Tilldelad leverantör" not in request
    assert "Bilaga 1 Förfrågan om direktupphandling" in request
    text = squash(docx_text(tmp_path / "intern" / "dokumentation-direktupphandling-19a-2-von-2023-210.docx"))
    assert "internt underlag, publiceras inte" in text and "19 a kap. 11 § LOU" in text
    for phrase in ["Borgs kommun", "Hemkörning av mat- och apoteksvaror till äldre", "Antal tillfrågade leverantörer | 1",
                   "Tilldelad leverantör | Arbetskooperativet Travailler", "Datum då avtalet ingicks | 15 augusti 2023",
                   "Uppskattat totalt värde | 1 800 000 kr", "48 månader"]:
        assert phrase in text, phrase


# A legal review of the samples' output (2026-12-02) found these; each pair is (must be there, must not).
REVIEW_FINDINGS = {
    "25": (["ska Leverantören betala vite", "den längsta löptid som anges i punkt 2 i bilaga"],
           ["ska leverantören ska"]),
    "4-18": (["ska Leverantören betala vite", "handlingar från den som visar att enheten kan fullgöra kontraktet"],
             ["ska leverantören ska", "programmet"]),
    "25a": (["kravspecifikationen (avsnitt 3.1–3.5)", "Lagstadgade skyldigheter i verksamheten",
             "Villkorens lydelse framgår av de angivna punkterna i kontraktet."],
            [") (avsnitt", "Skyldigheter i socialtjänst och verksamhet enligt LSS"]),
    "19a-2": (["Svar lämnas som anbud på det sätt och inom den tid som anges i avsnitt 1.7",
               "när den upphandlande myndigheten har valt leverantör (vid direktupphandling gäller ingen avtalsspärr)",
               "kontraktets villkor förhandlas inte", "Deltagarnas inflytande och utveckling"],
              ["kl. 12.00", "sedan avtalsspärren har löpt ut", "Kontraktet kan inte förhandlas", "demenssjukdom",
               "anges i annonsen.", "Om tilldelningsbeslutet blir föremål för överprövning"]),
}


@pytest.mark.parametrize("route", sorted(REVIEW_FINDINGS))
def test_review_findings_are_mended(outputs, route):
    text = squash(docx_text(outputs[route].with_suffix(".docx")))
    present, absent = REVIEW_FINDINGS[route]
    assert [p for p in present if p not in text] == [], route
    assert [a for a in absent if a in text] == [], route
