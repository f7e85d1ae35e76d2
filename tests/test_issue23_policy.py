"""Issue 23, policies: Borg's welfare services and form, limits, an adopted text, who adopts the Dala text,
and messages for people. In-process builds read the rendered Markdown, as a lawyer would."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, squash

SAMPLES = ROOT / "samples"


def data_of(model: str) -> dict:
    return yaml.safe_load((SAMPLES / f"policy-{model}.yaml").read_text(encoding="utf-8"))


def build_policy(tmp_path: Path, model: str, data: dict):
    from generator.build import build

    path = tmp_path / f"case-{model}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(f"policy-{model}", path, None, ["md"])


def texts(tmp_path: Path, model: str, data: dict) -> tuple[str, str, list[str]]:
    """(the adopted text, the internal record, the findings' messages)."""
    built = build_policy(tmp_path, model, data)
    main = squash(next(v for k, v in built.main.files.items() if k.endswith(".md")).decode("utf-8"))
    record = [r for r in built.documents if r.internal]
    internal = squash(next(v for k, v in record[0].files.items() if k.endswith(".md")).decode("utf-8")) if record else ""
    return main, internal, [f.message for f in built.findings]


def refusal(tmp_path: Path, model: str, data: dict) -> str:
    from generator.errors import DocgenError

    with pytest.raises(DocgenError) as caught:
        build_policy(tmp_path, model, data)
    return caught.value.one_line()


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


# -- 7. Borg -------------------------------------------------------------------------------------------

def test_welfare_services_are_the_19_25a_list_not_all_of_bilaga_2(tmp_path):
    text, _, _ = texts(tmp_path, "borg", data_of("borg"))
    purpose = section(text, "2 Syfte och tillämpningsområde", "3 En varierad")
    assert ("Med välfärdstjänster avses i denna policy de tjänster som anges genom CPV-koder i 19 kap. 25 a § första "
            "stycket lagen (2016:1145) om offentlig upphandling (LOU)") in purpose
    assert "Andra tjänster i bilaga 2 till LOU omfattas inte av begreppet" in purpose
    assert "sociala tjänster och andra särskilda tjänster som anges i bilaga 2" not in purpose


def test_the_form_and_the_documentation_name_the_awarded_supplier(tmp_path):
    text, _, _ = texts(tmp_path, "borg", data_of("borg"))
    assert "| 4. Tilldelad leverantör (namn, organisationsnummer och om den är en idéburen organisation) |" in text
    assert "Tilldelad idéburen organisation" not in text
    assert "4. vilken leverantör som har tilldelats kontraktet och om den är en idéburen organisation, och" in text


def test_a_cross_border_interest_is_a_caveat_to_idea_first(tmp_path):
    text, _, _ = texts(tmp_path, "borg", data_of("borg"))
    first = section(text, "5.2 Idéburna organisationer i första hand", "5.3 Dokumentation")
    assert ("Om anskaffningen kan ha ett bestämt gränsöverskridande intresse, det vill säga kan intressera leverantörer "
            "i andra medlemsstater, ska direktupphandlingen inte riktas till idéburna organisationer i första hand.") in first


# -- 8. limits -----------------------------------------------------------------------------------------

def test_an_internal_direct_award_limit_below_the_law_is_printed(tmp_path):
    data = data_of("borg")
    data["rules"]["direct_award_limit_sek"] = 2_000_000
    text, _, _ = texts(tmp_path, "borg", data)
    assert ("Direktupphandling av välfärdstjänster med stöd av 19 a kap. 2 § LOU får användas endast om det beräknade "
            "värdet understiger 2 000 000 kr. Gränsen är kommunens egen och lägre än lagens") in text


def test_an_internal_limit_above_the_law_is_refused_naming_19a_2(tmp_path):
    from generator.thresholds import threshold_in_force

    data = data_of("borg")
    legal = threshold_in_force("direct_award_annex2", data["date"]).threshold.amount_sek
    data["rules"]["direct_award_limit_sek"] = legal + 1
    message = refusal(tmp_path, "borg", data)
    assert "rules.direct_award_limit_sek" in message and "19 a kap. 2 § LOU" in message
    assert "får sätta en lägre gräns men inte en högre" in message and f"ange högst {legal}" in message
    assert "okänd nyckel" not in message


def test_one_idea_bidder_is_warned_and_never_printed_as_fewer_than_one(tmp_path):
    data = data_of("borg")
    data["rules"].update(min_idea_bidders=1, min_asked_direct=1)
    text, _, findings = texts(tmp_path, "borg", data)
    assert any("en reserverad upphandling bygger på konkurrens" in f for f in findings)
    assert "färre än 1" not in text and "färre än en" not in text
    assert "Om undersökningen visar att minst en idéburen organisation kan antas lämna anbud" in text
    assert "Om undersökningen visar att ingen idéburen organisation kan antas lämna anbud" in text
    assert "Skälen till att ingen idéburen organisation tillfrågades ska framgå av dokumentationen." in text
    assert "Skäl om ingen idéburen organisation tillfrågades" in text


def test_a_date_after_the_last_threshold_period_gets_a_message_a_buyer_can_act_on(tmp_path):
    data = data_of("borg")
    data["date"] = "2031-01-01"
    message = refusal(tmp_path, "borg", data)
    assert "är bara känd till och med 2027-12-31" in message
    assert "Välj ett beslutsdatum till och med 2027-12-31" in message
    assert "direct_award" not in message and "thresholds.yaml" not in message and "generator/" not in message


# -- 9. an adopted text ------------------------------------------------------------------------------------

def test_document_information_block(tmp_path):
    data = data_of("borg")
    data["organisation"]["owner"] = "Upphandlingschefen"
    data["organisation"]["valid_until"] = "2029-12-31"
    text, _, _ = texts(tmp_path, "borg", data)
    block = section(text, "| Dokumentinformation |", "2 Syfte")
    for row in ("| Antagen av | Kommunfullmäktige, 16 mars 2026, § 42 |", "| Diarienummer | KS 2026/118 |",
                "| Giltig till | 31 december 2029 |", "| Dokumentägare | Upphandlingschefen |",
                "| Översyn | Minst vart tredje år |"):
        assert row in block
    assert "Policyn gäller från och med beslutsdagen till och med den 31 december 2029." in text


def test_sources_go_to_the_internal_record_not_the_adopted_text(tmp_path):
    text, internal, _ = texts(tmp_path, "borg", data_of("borg"))
    assert "Källor:" not in text and "Famna/Fremia 2023, avsnitt 3.5" not in text
    assert "Underlaget hör till ärendet och ingår inte i den antagna texten." in internal
    assert "vägledningen Famna/Fremia 2023, avsnitt 3.5" in internal


def test_numbers_in_words_and_no_capital_inside_a_sentence(tmp_path):
    text, _, _ = texts(tmp_path, "borg", data_of("borg"))
    assert "minst tre idéburna organisationer kan antas" in text and "minst vart tredje år" in text
    assert ":e år" not in text
    data = data_of("borg")
    data["rules"]["review_every_years"] = 2
    text, _, _ = texts(tmp_path, "borg", data)
    assert "Policyn ska ses över minst vartannat år" in text


def test_iop_agreement_and_memo_write_numbers_and_committees_as_swedish_style_wants(tmp_path):
    from generator.build import build

    built = build("iop", SAMPLES / "iop-night-shelter.yaml", None, ["md"], companions=False)
    agreement = next(v for k, v in built.main.files.items() if k.endswith(".md")).decode("utf-8")
    assert "upprättats i två likalydande exemplar" in agreement
    data = yaml.safe_load((SAMPLES / "iop-night-shelter.yaml").read_text(encoding="utf-8"))
    del data["assessment"]["competence"]
    path = tmp_path / "iop.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    memo = squash(next(v for k, v in build("iop", path, None, ["md"], template="iop-memo").main.files.items()
                       if k.endswith(".md")).decode("utf-8"))
    assert "Har socialnämnden befogenhet" in memo and "Har Socialnämnden" not in memo
    assert "föreslår att socialnämnden inte fattar beslut" in memo


def test_dala_does_not_direct_awards_to_local_companies(tmp_path):
    text, _, _ = texts(tmp_path, "dala", data_of("dala"))
    awards = section(text, "Direktupphandling av tjänster i bilaga 2 till LOU", "Barnets rättigheter")
    assert "lokala sociala företag" not in awards
    assert "Urvalet av vilka som tillfrågas får inte grundas på var leverantören har sitt säte" in awards


# -- 10. who adopts the Dala text ---------------------------------------------------------------------------

def test_a_region_adopts_a_regional_recommendation(tmp_path):
    text, _, _ = texts(tmp_path, "dala", data_of("dala"))
    assert text.startswith("# Rekommendation för socialt hållbar upphandling **Region Fjällmark och kommunerna i länet**")
    assert "Den är inte bindande för kommunerna. Den blir vägledande för en kommun när kommunen själv har beslutat" in text
    assert "| Dokument | Regional rekommendation |" in text
    assert "En kommun som tillämpar rekommendationen kan besluta om egna nivåer." in text


def test_a_municipality_adopts_its_own_policy(tmp_path):
    data = copy.deepcopy(data_of("dala"))
    data["organisation"].update(name="Älvby kommun", kind="kommun", adopted_by="Kommunfullmäktige",
                                responsible="Kommunstyrelsen", org_number="212000-0002")
    del data["municipalities"]
    text, _, _ = texts(tmp_path, "dala", data)
    assert text.startswith("# Policy för socialt hållbar upphandling **Älvby kommun** ")
    assert "Kommunfullmäktige i Älvby kommun har antagit denna policy" in text
    assert "Policyn gäller för samtliga nämnder och förvaltningar i Älvby kommun och ska följas vid varje anskaffning." in text
    assert "| Gäller för | Nämnder och förvaltningar i Älvby kommun |" in text
    for regional in ("kommunerna i länet", "vägledande för en kommun", "och kommunerna", "Rekommendationen",
                     "En kommun som tillämpar"):
        assert regional not in text, regional


def test_a_regional_recommendation_needs_its_addressees(tmp_path):
    data = data_of("dala")
    data["adoption"] = "regional"
    del data["municipalities"]
    message = refusal(tmp_path, "dala", data)
    assert "riktar sig till kommunerna i länet" in message and "adoption: own" in message


# -- 11. messages for people --------------------------------------------------------------------------------

def test_an_unquoted_text_with_a_comma_is_told_to_be_quoted(tmp_path):
    from generator.errors import DocgenError
    from generator.kinds import parse_case

    text = (SAMPLES / "iop-night-shelter.yaml").read_text(encoding="utf-8").replace(
        "  - party: Stiftelsen Norrviks stadsmission\n    kind: volunteers\n"
        "    description: Frivilliga som bemannar mötesplatsen och lagar mat, omkring 60 timmar i veckan.",
        "  - {party: Stiftelsen Norrviks stadsmission, kind: volunteers, description: Frivilliga, cirka 1 500 timmar}")
    with pytest.raises(DocgenError) as caught:
        parse_case(text, "case.yaml")
    message = caught.value.one_line()
    assert "texten 'cirka 1 500 timmar' under contributions[4] har blivit en egen nyckel" in message
    assert "sätt hela texten inom citattecken" in message and "okänd nyckel" not in message
