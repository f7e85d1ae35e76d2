"""Issue 23, IOP: the purchase test from structured answers, state aid in euro, a memo that agrees with
itself, dates, enforceable money clauses, optional clauses and a cover that names the parties.

In-process builds (``build.build``) read the rendered Markdown or the DOCX, as a lawyer would."""

from __future__ import annotations

import copy
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, squash

SAMPLES = ROOT / "samples"
NIGHT_SHELTER = SAMPLES / "iop-night-shelter.yaml"
LAXHJALP = ROOT / "tests" / "fixtures" / "iop" / "laxhjalp-per-timme.yaml"


def data_of(path: Path = NIGHT_SHELTER) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_case(tmp_path: Path, data: dict, memo: bool = False, fmt: str = "md"):
    from generator.build import build

    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    built = build("iop", path, None, [fmt], template="iop-memo" if memo else None, companions=False)
    return built


def text_of(tmp_path: Path, data: dict, memo: bool = False) -> tuple[str, list[str]]:
    built = build_case(tmp_path, data, memo)
    [body] = [v for k, v in built.main.files.items() if k.endswith(".md")]
    return squash(body.decode("utf-8")), [f.message for f in built.findings]


def refusal(tmp_path: Path, data: dict) -> str:
    from generator.errors import DocgenError

    with pytest.raises(DocgenError) as caught:
        build_case(tmp_path, data)
    return caught.value.one_line()


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def grant_shaped(data: dict) -> dict:
    """The läxhjälp case rewritten as a partnership: a grant towards the association's own activity."""
    data = copy.deepcopy(data)
    money = data["contributions"][0]
    money.update(description="Bidrag till föreningens läxhjälp.", payment_basis="grant",
                 deduction_for_non_performance=False)
    data["activities"] = [{"name": "läxhjälpen", "decides_volume": "idea", "statutory_duty": False,
                           "benefits": "target_group", "exists_without_public_money": "partly"}]
    data["partnership"]["activities"] = "Föreningen ordnar läxhjälp med frivilliga studenter på stadsbiblioteket."
    data["partnership"]["programme"] = "Ekeby kommuns plan för likvärdig skola 2027–2030"
    data["parties"]["idea"][0]["other_de_minimis_eur"] = 0
    data["assessment"] = {
        "initiative": "Föreningen tog initiativet.",
        "why_not_grant": "Verksamheten är större än föreningsbidraget rymmer.",
        "why_not_procurement": "Ingen marknad finns för frivillig läxhjälp.",
        "not_a_contract": "Bidraget är inte ersättning för en tjänst.",
        "state_aid": "Föreningen bedriver ingen ekonomisk verksamhet.",
        "competence": "Ändamålet har anknytning till kommunen, och nämnden är behörig.",
    }
    return data


# -- 1. the purchase test -------------------------------------------------------------------------

def test_per_hour_purchase_written_as_an_iop_is_refused_naming_the_answers(tmp_path):
    message = refusal(tmp_path, data_of(LAXHJALP))
    assert "överenskommelsen är ett köp av tjänster, inte ett IOP" in message
    assert "SOU 2019:56 kriterium 4" in message and "1 kap. 15 § LOU" in message
    assert "Ekeby kommun betalar per utförd enhet (contributions[0].payment_basis: per_unit)" in message
    assert "den offentliga parten bestämmer omfattning och schema för läxhjälpen" in message
    assert "ej utförda insatser dras av" in message
    assert "case.yaml:" in message


def test_price_per_hour_without_steering_keeps_the_memo_not_ready_with_the_reasons(tmp_path):
    data = data_of(LAXHJALP)
    data["contributions"][0]["deduction_for_non_performance"] = False
    data["activities"][0]["decides_volume"] = "joint"
    text, findings = text_of(tmp_path, data, memo=True)
    assert "Ärendet är inte klart för beslut." in text
    assert "Tecken på köp: Ekeby kommun betalar per utförd enhet (contributions\\[0\\].payment\\_basis: per\\_unit)." in text
    assert "Tecken på köp: det är den offentliga parten som har nytta av läxhjälpen" in text
    assert "Svaren ger ingen entydig bild av om överenskommelsen är ett partnerskap eller ett köp." in text
    assert "inga köpformuleringar" not in text   # no negative the run did not establish
    assert any("tecken på köp" in f and "per utförd enhet" in f for f in findings)


def test_grant_shaped_case_passes_and_is_ready(tmp_path):
    text, findings = text_of(tmp_path, grant_shaped(data_of(LAXHJALP)), memo=True)
    assert findings == []
    assert "Ärendet är klart för beslut" in text and "Öppna frågor" not in text
    criteria = section(text, "3 Varför ett IOP", "4 Rättslig bedömning")
    assert "Följande talar för ett partnerskap: - Ekeby kommuns pengar är ett bidrag till den idéburna partens egen verksamhet." in criteria
    assert "Sammantaget talar svaren för att överenskommelsen är ett partnerskap och inte ett köp." in criteria
    assert "Ja, enligt ärendets svar: läxhjälpen styrs av den idéburna parten." in criteria


def test_unanswered_questions_stay_open_and_are_not_denied(tmp_path):
    data = grant_shaped(data_of(LAXHJALP))
    del data["activities"]
    del data["contributions"][0]["payment_basis"]
    text, _ = text_of(tmp_path, data, memo=True)
    criteria = section(text, "3 Varför ett IOP", "4 Rättslig bedömning")
    assert "Ärendet besvarar inte följande:" in criteria
    assert "Om Ekeby kommuns pengar är ett bidrag eller en ersättning per enhet eller resultat" in criteria
    assert "Sammantaget talar svaren för" not in criteria
    assert "Öppen fråga: ärendet anger inte för varje verksamhet vem som bestämmer omfattning och schema." in criteria
    assert "Ärendet är inte klart för beslut." in text
    assert "Obesvarad fråga om köp eller partnerskap: vem som styr verksamheten" in text


# -- 2. state aid from the figures ------------------------------------------------------------------

def _rate() -> Decimal:
    from generator.iop.state_aid import aid_data

    return Decimal(str(aid_data()["exchange_rate"]["sek_per_eur"]))


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("iop-*.yaml")), ids=lambda p: p.stem)
def test_every_sample_memo_states_the_aid_in_euro_the_ceilings_and_the_consequence(tmp_path, sample):
    text, _ = text_of(tmp_path, data_of(sample), memo=True)
    aid = section(text, "Stödets storlek.", "Kommunallagen (2017:725).")
    rate = str(_rate()).replace(".", ",")
    assert f"{rate} kr per euro" in aid and "kursdag 29 december 2023" in aid and "källa: Sveriges riksbank" in aid
    assert "300 000 euro under tre år för stöd av mindre betydelse (kommissionens förordning (EU) 2023/2831)" in aid
    assert "750 000 euro under tre år" in aid and "(EU) 2023/2832" in aid
    assert "Om insatserna är statsstöd gäller följande." in aid
    assert any(consequence in aid for consequence in ("registret över stöd av mindre betydelse", "2012/21/EU"))


def test_night_shelter_aid_is_about_450_000_euro_with_an_sgei_consequence(tmp_path):
    data = data_of()
    text, _ = text_of(tmp_path, data, memo=True)
    yearly = sum(c["amount_sek_per_year"] for c in data["contributions"]
                 if c["party"] == "Norrviks kommun" and c["kind"] in ("money", "premises"))
    euro = round(Decimal(yearly * 3) / _rate())
    assert 440_000 < euro < 460_000
    row = f"| Stiftelsen Norrviks stadsmission | {yearly:,} kr | {yearly * 3:,} kr | {euro:,} euro |".replace(",", " ")
    assert row in text
    aid = section(text, "Stödets storlek.", "Kommunallagen (2017:725).")
    assert "överstiger taket på 300 000 euro för stöd av mindre betydelse men inte taket på 750 000 euro" in aid
    assert "kommissionens beslut 2012/21/EU" in aid and "överkompensation förhindras, kontrolleras och betalas tillbaka" in aid


def test_small_aid_with_known_other_aid_is_de_minimis_with_information_and_register(tmp_path):
    data = data_of()
    data["contributions"][0]["amount_sek_per_year"] = 500_000
    data["payment"]["schedule"] = [dict(p, amount_sek=500_000) for p in data["payment"]["schedule"]]
    data["parties"]["idea"][0]["other_de_minimis_eur"] = 20_000
    text, _ = text_of(tmp_path, data, memo=True)
    aid = section(text, "Stödets storlek.", "Kommunallagen (2017:725).")
    assert "Det kan lämnas som stöd av mindre betydelse." in aid
    assert "skriftligen upplysa Stiftelsen Norrviks stadsmission om stödets belopp i euro" in aid
    assert "föras in i registret över stöd av mindre betydelse" in aid


def test_unknown_other_aid_is_an_open_question(tmp_path):
    data = data_of()
    data["contributions"][0]["amount_sek_per_year"] = 500_000
    data["payment"]["schedule"] = [dict(p, amount_sek=500_000) for p in data["payment"]["schedule"]]
    del data["parties"]["idea"][0]["other_de_minimis_eur"]
    text, _ = text_of(tmp_path, data, memo=True)
    assert "men det är inte känt vilket annat stöd av mindre betydelse parten har fått" in text
    assert "Det är inte känt vilket annat stöd av mindre betydelse Stiftelsen Norrviks stadsmission har fått" in text
    assert "Ärendet är inte klart för beslut." in text


def test_aid_above_the_sgei_ceiling_needs_an_entrustment_act_or_notification(tmp_path):
    data = data_of()
    data["contributions"][0]["amount_sek_per_year"] = 4_000_000
    data["payment"]["schedule"] = [dict(p, amount_sek=4_000_000) for p in data["payment"]["schedule"]]
    text, _ = text_of(tmp_path, data, memo=True)
    assert "överstiger också taket på 750 000 euro" in text
    assert "eller efter anmälan till Europeiska kommissionen" in text


# -- 3. the memo agrees with itself -------------------------------------------------------------------

def test_readiness_follows_the_assessments_given(tmp_path):
    text, _ = text_of(tmp_path, data_of(), memo=True)
    legal = section(text, "4 Rättslig bedömning", "5 Parternas insatser")
    assert "Kommunjuristen har bedömt alla tre frågorna" in legal
    assert legal.count("Kommunjuristens bedömning:") == 3
    assert "inte tagit ställning" not in legal
    data = data_of()
    del data["assessment"]["state_aid"]
    text, findings = text_of(tmp_path, data, memo=True)
    legal = section(text, "4 Rättslig bedömning", "5 Parternas insatser")
    assert "Kommunjuristen har bedömt en del av frågorna" in legal and legal.count("Kommunjuristens bedömning:") == 2
    assert "Kommunjuristens bedömning av om insatserna är statsstöd saknas (assessment.state\\_aid)." in text
    assert any("inte klar för beslut" in f for f in findings)


def test_an_aktiebolag_is_not_marked_fulfilled_and_is_an_open_question(tmp_path):
    data = data_of()
    data["parties"]["idea"][0]["legal_form"] = "aktiebolag"
    text, _ = text_of(tmp_path, data, memo=True)
    row = section(text, "1. Samarbete mellan offentliga", "2. Gemensamt")
    assert "Uppfyllt" not in row and "Öppet: Stiftelsen Norrviks stadsmission ser ut att vara ett vinstutdelande företag" in row
    questions = section(text, "Öppna frågor.", "2 Ärendet")
    assert "Parten Stiftelsen Norrviks stadsmission ser ut att vara ett vinstutdelande företag (aktiebolag)" in questions


def test_every_warning_of_the_run_is_in_the_open_questions(tmp_path):
    data = data_of(SAMPLES / "iop-refugee-reception.yaml")
    text, findings = text_of(tmp_path, data, memo=True)
    questions = section(text, "Öppna frågor.", "2 Ärendet")
    for finding in findings:
        if "inte klar för beslut" in finding:
            continue
        first = finding.split(";")[0].split(": tjänsteskrivelsen")[0].replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
        assert first[1:] in questions, finding


def test_one_memo_per_deciding_public_party(tmp_path):
    data = data_of(SAMPLES / "iop-suicide-prevention.yaml")
    del data["memos"]
    data["memo"] = {"party": "Söderås kommun", "committee": "Socialnämnden",
                    "prepared_by": {"name": "Fatima Ali", "title": "socialchef"}}
    text, _ = text_of(tmp_path, data, memo=True)
    proposal = section(text, "1 Förslag till beslut", "2 Ärendet")
    assert "1. att Söderås kommun ingår överenskommelse" in proposal
    assert "tillsammans med Region Norrmark och Norrviks kommun" in proposal
    assert "att uppdra åt Gustav Ring, socialnämndens ordförande, att underteckna överenskommelsen för Söderås kommun" in proposal
    assert "värderade till 350 000 kr per år" in proposal
    assert "Region Norrmark och Norrviks kommun fattar egna beslut om överenskommelsen." in proposal
    del data["memo"]["party"]
    _, findings = text_of(tmp_path, data, memo=True)
    assert any("3 offentliga parter beslutar var för sig" in f and "memo.party" in f for f in findings)


def test_memos_write_one_memo_per_public_party(tmp_path):
    from conftest import run_docgen

    out = tmp_path / "out"
    result = run_docgen("iop", "--data", str(SAMPLES / "iop-suicide-prevention.yaml"), "--memo", "--out", str(out),
                        "--format", "md")
    assert result.returncode == 0, result.stderr
    memos = {p.name: squash(p.read_text(encoding="utf-8")) for p in out.glob("tjansteskrivelse-*.md")}
    assert sorted(memos) == ["tjansteskrivelse-iop-norrviks-kommun-rs-2026-1190.md",
                             "tjansteskrivelse-iop-region-norrmark-rs-2026-1190.md",
                             "tjansteskrivelse-iop-soderas-kommun-rs-2026-1190.md"]
    assert "Utbildningsnämnden föreslås besluta 1. att Norrviks kommun ingår" in memos[
        "tjansteskrivelse-iop-norrviks-kommun-rs-2026-1190.md"]
    assert "Jonas Ek, elevhälsochef" in memos["tjansteskrivelse-iop-norrviks-kommun-rs-2026-1190.md"]
    data = data_of(SAMPLES / "iop-suicide-prevention.yaml")
    data["memos"][1]["party"] = "Stiftelsen Unga vuxna i Norrmark"
    assert "memos[1].party: 'Stiftelsen Unga vuxna i Norrmark' är ingen av de offentliga parterna" in refusal(tmp_path, data)


# -- 4. dates -----------------------------------------------------------------------------------------

def test_payment_after_the_term_is_warned(tmp_path):
    data = data_of()
    data["payment"]["schedule"][2]["due"] = date(2030, 3, 31)
    _, findings = text_of(tmp_path, data)
    assert any("utbetalningen den 2030-03-31 ligger efter avtalstidens slut (2029-12-31)" in f for f in findings)


def test_activity_plan_due_before_the_document_date_is_warned(tmp_path):
    data = data_of()
    data["follow_up"]["activity_plan_date"] = date(2026, 10, 31)
    _, findings = text_of(tmp_path, data)
    assert any("verksamhetsplanen ska vara klar senast den 2026-10-31, före dokumentets datum (2026-11-16)" in f
               for f in findings)


def test_yearly_reports_stop_at_the_end_and_a_final_report_follows(tmp_path):
    text, _ = text_of(tmp_path, data_of())
    follow = section(text, "9 Uppföljning och utvärdering", "10 Ändringar")
    assert "senast följande dagar: 28 februari 2028 och 28 februari 2029." in follow   # not 2030: after the end
    assert "verksamhetsplan senast följande dagar: 31 januari 2027, 31 januari 2028 och 31 januari 2029." in follow
    assert ("Senast tre månader efter att överenskommelsen har upphört, av vilket skäl det än sker, lämnar varje "
            "idéburen part en slutrapport") in follow
    assert "gäller även när överenskommelsen sägs upp i förtid" in follow
    changes = section(text, "10 Ändringar", "11 Personuppgifter")
    assert ("Bestämmelserna om slutredovisning i avsnitt 9, om återbetalning och granskning i avsnitt 7 och om "
            "tystnadsplikt i avsnitt 11 gäller även efter att överenskommelsen har upphört") in changes


def test_a_report_after_the_end_and_29_february_are_warned(tmp_path):
    data = data_of()
    data["follow_up"]["report_date"] = date(2030, 2, 28)
    _, findings = text_of(tmp_path, data)
    assert any("den första verksamhetsberättelsen ska lämnas den 2030-02-28, efter avtalstidens slut" in f for f in findings)
    data["follow_up"]["report_date"] = date(2028, 2, 29)
    text, findings = text_of(tmp_path, data)
    assert any("29 februari, ett datum som bara finns vart fjärde år" in f for f in findings)
    assert "senast följande dagar: 29 februari 2028 och 28 februari 2029." in text


# -- 5. money clauses ---------------------------------------------------------------------------------

def test_money_clauses_a_party_can_enforce(tmp_path):
    text, _ = text_of(tmp_path, data_of())
    economy = section(text, "7 Ekonomi och parternas insatser", "8 Avtalstid")
    assert ("Stiftelsen Norrviks stadsmission ansvarar för verksamhetsberättelsen och den ekonomiska redovisningen, "
            "också för de medel som parten har tagit emot.") in text
    assert ("Medel som inte har förbrukats när överenskommelsen upphör, och medel som har använts i strid med "
            "överenskommelsen, ska betalas tillbaka till den part som har betalat ut dem inom 30 dagar") in economy
    assert "har rätt att ta del av räkenskaper, verifikationer och annat underlag" in economy
    assert "En idéburen part som lämnar partnerskapet behåller de medel som avser tiden fram till att utträdet får verkan" in economy
    assert ("Norrviks kommun upplåter utan hyra den lokal som anges i tabellen ovan till Stiftelsen Norrviks stadsmission"
            in economy and "nyttjanderätt" in economy)
    assert "olycksfallsförsäkring för anställda och frivilliga" in economy
    assert "Ingen part får överlåta sina rättigheter eller skyldigheter enligt denna överenskommelse" in text


# -- 6. options, not hard-wired text ---------------------------------------------------------------------

def test_drug_free_clause_is_an_option(tmp_path):
    text, _ = text_of(tmp_path, data_of())
    assert "drogfri" not in text   # a harm-reduction night shelter cannot sign it
    data = data_of()
    data["options"] = {"drug_free": True}
    text, _ = text_of(tmp_path, data)
    assert "Den idéburna parten verkar för att verksamheten inom partnerskapet är drogfri" in text


def test_child_safety_clause_where_adults_meet_children_alone(tmp_path):
    data = grant_shaped(data_of(LAXHJALP))
    text, _ = text_of(tmp_path, data)
    assert "Barns trygghet" not in text
    data["options"] = {"children_one_to_one": True}
    text, _ = text_of(tmp_path, data)
    child = section(text, "Barns trygghet", "Insatser")
    assert "skriftliga rutiner som förebygger att barn utsätts för kränkningar, våld eller övergrepp" in child
    assert "14 kap. 1 c § socialtjänstlagen" in child
    assert "belastningsregistret" not in child


def test_record_check_only_in_a_school_form(tmp_path):
    data = grant_shaped(data_of(LAXHJALP))
    data["criminal_record_check"] = {"school_forms": ["stadsbiblioteket"], "scope": "Läxhjälp på biblioteket.",
                                     "submit_to": "föreningens ordförande"}
    message = refusal(tmp_path, data)
    assert "registerkontroll enligt 2 kap. 31 § skollagen gäller bara i förskolan" in message
    assert "'stadsbiblioteket' är ingen av dem" in message and "children_one_to_one" in message
    data["criminal_record_check"]["school_forms"] = ["grundskolan"]
    text, _ = text_of(tmp_path, data)
    assert "Inom partnerskapet förekommer arbete i grundskolan: Läxhjälp på biblioteket." in text


def test_the_cover_names_the_parties_not_a_myndighet(tmp_path):
    from docx import Document

    built = build_case(tmp_path, data_of(), fmt="docx")
    [body] = built.main.files.values()
    paragraphs = [p.text for p in Document(io.BytesIO(body)).paragraphs[:8]]
    assert "Parter: Norrviks kommun och Stiftelsen Norrviks stadsmission" in paragraphs
    assert not any(p.startswith("Myndighet") for p in paragraphs)


def test_memo_does_not_deny_money_it_was_not_given_a_value_for(tmp_path):
    data = data_of()
    for c in data["contributions"]:
        if c["party"] == "Norrviks kommun":
            c.pop("amount_sek_per_year", None)
    data["payment"]["schedule"] = []
    text, _ = text_of(tmp_path, data, memo=True)
    assert "bidrar inte med pengar" not in text
    assert "Ärendet anger inget värde i kronor för den offentliga partens insatser, inte heller för pengarna" in text


def test_audit_rebuilds_each_party_memo_against_its_own(tmp_path):
    """docgen audit compares an issued memo with the rebuilt memo of the same party, not the first one."""
    from conftest import run_docgen

    out = tmp_path / "out"
    assert run_docgen("iop", "--data", str(SAMPLES / "iop-suicide-prevention.yaml"), "--memo", "--out", str(out),
                      "--format", "md").returncode == 0
    result = run_docgen("audit", str(out), "--cases", str(SAMPLES))
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith("tjansteskrivelse-iop-")]
    assert len(rows) == 3, result.stdout + result.stderr
    changed = {row[0]: int(row[5]) for row in rows}   # "N av M stycken": N paragraphs a rebuild would change
    assert len(set(changed.values())) == 1 and max(changed.values()) <= 1, changed
