"""`docgen iop`: the IOP agreement, the decision memo, and the checks against SOU 2019:56."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, libreoffice_text, run_docgen, squash

SAMPLES = ROOT / "samples"
NIGHT_SHELTER = SAMPLES / "iop-night-shelter.yaml"
ALL_SAMPLES = sorted(SAMPLES.glob("iop-*.yaml"))


def sample_data(path: Path = NIGHT_SHELTER) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_case(tmp_path: Path, data: dict, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_case(tmp_path: Path, data: dict, *extra: str):
    out = tmp_path / "out"
    return run_docgen("iop", "--data", str(write_case(tmp_path, data)), "--out", str(out), "--format", "md", *extra), out


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("docgen: varning:")]


def signature_rows(path: Path) -> list[list[str]]:
    """The rows (below the header) of the table whose header starts 'Part | Ort och datum'."""
    from docx import Document

    for table in Document(str(path)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[:2] == ["Part", "Ort och datum"]:
            return [[cell.text for cell in row.cells] for row in table.rows[1:]]
    raise AssertionError("ingen underskriftstabell i dokumentet")


# -- the agreement -------------------------------------------------------------------------------

def test_embedded_sample_writes_the_agreement(tmp_path):
    result = run_docgen("iop", "--out", str(tmp_path), "--format", "docx")
    assert result.returncode == 0, result.stderr
    assert warnings_of(result) == []  # the default sample is a clean IOP
    text = squash(docx_text(tmp_path / "overenskommelse-iop-sn-2026-318.docx"))
    assert "Överenskommelse om idéburet offentligt partnerskap" in text
    assert "Natthärbärge och mötesplats för människor i akut hemlöshet" in text
    headings = ["1 Bakgrund", "2 Syfte", "3 Målsättning", "4 Parter och kontaktpersoner", "5 Värdegrund", "6 Insatser",
                "7 Ekonomi och parternas insatser", "8 Avtalstid", "9 Uppföljning och utvärdering",
                "10 Ändringar, uppsägning och tvist", "11 Personuppgifter och sekretess", "12 Underskrifter"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Registerkontroll" not in text  # the night shelter has no school activity
    # contributions per party with sums, and the payment schedule
    assert "Pengar | Ekonomiskt bidrag till natthärbärgets och mötesplatsens drift. | 1 400 000 kr" in text
    assert "Summa | | 1 720 000 kr" in text and "Summa | | 1 150 000 kr" in text
    assert "31 mars 2028 | Norrviks kommun | Stiftelsen Norrviks stadsmission | 1 400 000 kr | Verksamhetsåret 2028" in text
    assert "från och med den 1 januari 2027 till och med den 31 december 2029" in text
    assert "uppföljningsmöten 4 gånger per år" in text
    assert "exempelbelopp" in text
    assert "SN 2026/318" in text  # the reference in the page header


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.stem)
def test_every_party_is_in_the_signature_block(tmp_path, sample):
    result = run_docgen("iop", "--data", str(sample), "--out", str(tmp_path), "--format", "docx")
    assert result.returncode == 0, result.stderr
    data = sample_data(sample)
    parties = data["parties"]["public"] + data["parties"]["idea"]
    from generator.output import case_key  # each case's files carry its diarienummer

    rows = signature_rows(tmp_path / f"overenskommelse-iop-{case_key(data.get('reference'), str(sample))}.docx")
    assert len(rows) == len(parties) >= 2
    for row, party in zip(rows, parties):
        assert party["name"] in row[0] and party["org_number"] in row[0]
        assert row[3] == f"{party['signatory']['name']}, {party['signatory']['title']}"


def test_criminal_record_check_section_when_the_case_asks_for_it(tmp_path):
    out = tmp_path / "out"
    result = run_docgen("iop", "--data", str(SAMPLES / "iop-suicide-prevention.yaml"), "--out", str(out), "--format", "md")
    assert result.returncode == 0, result.stderr
    text = squash((out / "overenskommelse-iop-rs-2026-1190.md").read_text(encoding="utf-8"))
    assert "## 6 Registerkontroll" in text
    assert "2 kap. 31 § skollagen (2010:800)" in text
    assert "Utdraget ska visas för rektor på den skola som besöks" in text
    # a fixed term, so "avtalstidens slut" in the follow-up section has an end to refer to
    assert "från och med den 1 januari 2027 till och med den 31 december 2029" in text
    assert "tills vidare" not in text


def test_the_memo(tmp_path):
    result = run_docgen("iop", "--memo", "--out", str(tmp_path), "--format", "docx")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "overenskommelse-iop-sn-2026-318.docx").exists()
    text = squash(docx_text(tmp_path / "tjansteskrivelse-iop-sn-2026-318.docx"))
    for heading in ("1 Förslag till beslut", "2 Ärendet", "3 Varför ett IOP och inte bidrag eller upphandling",
                    "4 Rättslig bedömning", "5 Parternas insatser och ekonomi", "6 Handläggare"):
        assert heading in text
    assert "Socialnämnden föreslås besluta" in text
    assert "med Stiftelsen Norrviks stadsmission, för tiden 1 januari 2027–31 december 2029" in text
    assert "värderade till 1 720 000 kr per år" in text
    assert "Samhällsutmaningen. Ett växande antal människor i Norrvik saknar tak över huvudet" in text
    # criteria answered from the case
    assert "3. Samfinansiering (SOU 2019:56) | Uppfyllt" in text
    assert "Stadsmissionen tog initiativet hösten 2025" in text
    assert "Ja: Norrviks kommuns handlingsplan mot hemlöshet 2025–2028." in text
    assert "Ja: avtalstiden är 36 månader." in text
    # the lawyer's assessments are given in the sample: they are shown, and the memo is ready
    assert "Ärendet är klart för beslut" in text and "Öppna frågor" not in text
    for law in ("Lagen (2016:1145) om offentlig upphandling", "Kommunallagen (2017:725)", "(EU) 2023/2831",
                "2 kap. 1 § kommunallagen"):
        assert law in text
    assert "Stiftelsen Norrviks stadsmission | Ideella insatser" in text
    assert "Karin Ekström, enhetschef" in text


def test_memo_marks_unanswered_criteria_as_open(tmp_path):
    data = sample_data()
    data["assessment"] = {}
    del data["partnership"]["programme"]
    data["partnership"]["goals"][0].pop("measure")
    result, out = run_case(tmp_path, data, "--memo")
    assert result.returncode == 0, result.stderr
    text = squash((out / "tjansteskrivelse-iop-sn-2026-318.md").read_text(encoding="utf-8"))
    assert "Öppen fråga: ärendet anger inte vem som tog initiativet." in text
    assert "Öppen fråga: ärendet anger inget program eller någon plan." in text
    assert "Öppen fråga: ärendet förklarar inte varför föreningsbidrag inte är rätt form." in text
    assert "Öppen fråga: ärendet förklarar inte varför verksamheten inte ska upphandlas." in text
    assert "Öppet: 1 mål saknar mått." in text


def test_memo_needs_the_committee(tmp_path):
    data = sample_data()
    del data["memo"]
    result, out = run_case(tmp_path, data, "--memo")
    assert result.returncode == 2
    assert "memo:" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_libreoffice_opens_agreement_and_memo(tmp_path):
    for extra in ((), ("--memo",)):
        result = run_docgen("iop", *extra, "--out", str(tmp_path), "--format", "docx")
        assert result.returncode == 0, result.stderr
    agreement = squash(libreoffice_text(tmp_path / "overenskommelse-iop-sn-2026-318.docx", tmp_path))
    memo = squash(libreoffice_text(tmp_path / "tjansteskrivelse-iop-sn-2026-318.docx", tmp_path))
    assert "Överenskommelse om idéburet offentligt partnerskap" in agreement
    assert "Stiftelsen Norrviks stadsmission (802400-1235)" in agreement
    assert "Förslag till beslut" in memo and "Socialnämnden föreslås besluta" in memo


def test_same_input_gives_identical_docx(tmp_path):
    for name in ("a", "b"):
        assert run_docgen("iop", "--out", str(tmp_path / name), "--format", "docx").returncode == 0
    assert (tmp_path / "a" / "overenskommelse-iop-sn-2026-318.docx").read_bytes() == (tmp_path / "b" / "overenskommelse-iop-sn-2026-318.docx").read_bytes()


# -- refusals: exit 2, the criterion named, nothing written ---------------------------------------

def _refused(tmp_path, data, *needles):
    result, out = run_case(tmp_path, data)
    assert result.returncode == 2, result.stdout + result.stderr
    line = result.stderr.strip()
    assert line.startswith("docgen: fel: ") and "\n" not in line and "Traceback" not in line
    for needle in needles:
        assert needle in line
    assert not out.exists()
    return line


def test_refuses_without_public_party(tmp_path):
    data = sample_data()
    data["parties"]["public"] = []
    _refused(tmp_path, data, "saknar offentlig part", "SOU 2019:56 kriterium 1")


def test_refuses_without_idea_party(tmp_path):
    data = sample_data()
    del data["parties"]["idea"]
    _refused(tmp_path, data, "saknar idéburen part", "SOU 2019:56 kriterium 1")


def test_refuses_idea_party_that_contributes_nothing(tmp_path):
    data = sample_data()
    data["contributions"] = [c for c in data["contributions"] if c["party"] != "Stiftelsen Norrviks stadsmission"]
    line = _refused(tmp_path, data, "den idéburna parten Stiftelsen Norrviks stadsmission bidrar inte med något",
                    "SOU 2019:56 kriterium 3: samfinansiering")
    text = NIGHT_SHELTER.read_text(encoding="utf-8").splitlines()
    written = (tmp_path / "case.yaml").read_text(encoding="utf-8").splitlines()
    line_no = int(line.split("case.yaml:")[1].split(":")[0])
    assert "Stiftelsen Norrviks stadsmission" in written[line_no - 1]  # file:line points at the party
    assert text  # the sample itself is untouched


def test_refuses_public_party_that_contributes_nothing(tmp_path):
    data = sample_data()
    data["contributions"] = [c for c in data["contributions"] if c["party"] != "Norrviks kommun"]
    data["payment"] = {}
    _refused(tmp_path, data, "den offentliga parten Norrviks kommun bidrar inte med något", "kriterium 3")


def test_refuses_without_goals(tmp_path):
    data = sample_data()
    data["partnership"]["goals"] = []
    _refused(tmp_path, data, "inte angett något gemensamt mål", "SOU 2019:56 kriterium 2")


def test_refuses_without_purpose(tmp_path):
    data = sample_data()
    del data["partnership"]["purpose"]
    _refused(tmp_path, data, "inte angett något gemensamt syfte", "SOU 2019:56 kriterium 2")


def test_refuses_contribution_from_unknown_party(tmp_path):
    data = sample_data()
    data["contributions"][0]["party"] = "Norrvik kommun"
    _refused(tmp_path, data, "'Norrvik kommun' är ingen av parterna", "Norrviks kommun")


def test_refuses_term_with_both_end_and_until_further_notice(tmp_path):
    data = sample_data()
    data["term"]["until_further_notice"] = True
    _refused(tmp_path, data, "term", "inte båda")


# -- warnings: printed, the document is still written ---------------------------------------------

def _warned(tmp_path, data, *needles) -> list[str]:
    result, out = run_case(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("overenskommelse-iop-*.md"))) == 1
    warnings = warnings_of(result)
    assert warnings, result.stderr
    joined = "\n".join(warnings)
    for needle in needles:
        assert needle in joined
    return warnings


def test_warns_on_term_under_one_year(tmp_path):
    data = sample_data()
    data["term"]["end_date"] = date(2027, 9, 30)
    data["payment"]["schedule"] = data["payment"]["schedule"][:1]
    _warned(tmp_path, data, "avtalstiden är 9 månader, kortare än ett år")


def test_no_term_warning_at_exactly_one_year(tmp_path):
    data = sample_data()
    data["term"] = {"start_date": date(2027, 3, 15), "end_date": date(2028, 3, 14)}
    data["payment"]["schedule"] = data["payment"]["schedule"][:1]  # one year: one yearly payment
    result, _ = run_case(tmp_path, data)
    assert result.returncode == 0 and warnings_of(result) == []


def test_warns_on_goal_without_measure(tmp_path):
    data = sample_data()
    data["partnership"]["goals"][1]["measure"] = "  "
    warnings = _warned(tmp_path, data, "målet 'Fler besökare får kontakt med socialtjänst, vård eller arbetsförmedling.' saknar mått")
    assert len(warnings) == 1


def test_warns_when_payments_do_not_add_up_to_the_money_contribution(tmp_path):
    data = sample_data()  # 1 400 000 kr a year for 36 months, paid in three yearly payments
    data["payment"]["schedule"][2]["amount_sek"] = 1_000_000
    warnings = _warned(tmp_path, data, "utbetalningarna från Norrviks kommun i payment.schedule är sammanlagt "
                                       "3 800 000 kr, men Norrviks kommuns penninginsats är 1 400 000 kr per år "
                                       "under 36 månader, alltså 4 200 000 kr")
    assert len(warnings) == 1 and f"{tmp_path / 'case.yaml'}:" in warnings[0]


def test_warns_when_a_payer_has_no_money_contribution(tmp_path):
    data = sample_data()
    data["contributions"] = [c for c in data["contributions"]
                             if not (c["party"] == "Norrviks kommun" and c["kind"] == "money")]
    _warned(tmp_path, data, "Norrviks kommun betalar ut pengar enligt payment.schedule men har ingen penninginsats")


def test_until_further_notice_warns_only_when_a_year_pays_more_than_promised(tmp_path):
    data = sample_data(SAMPLES / "iop-suicide-prevention.yaml")
    data["term"] = {"start_date": date(2027, 1, 1), "until_further_notice": True}
    result, _ = run_case(tmp_path, data)
    assert result.returncode == 0 and warnings_of(result) == []
    data["payment"]["schedule"].append({"due": date(2027, 9, 30), "amount_sek": 500_000, "payer": "Region Norrmark",
                                        "payee": "Föreningen Livlinan Norrmark"})
    _warned(tmp_path, data, "utbetalningarna från Region Norrmark med förfallodag 2027 är sammanlagt 2 500 000 kr, "
                            "mer än Region Norrmarks penninginsats på 2 000 000 kr per år")


@pytest.mark.parametrize("change", [{"legal_form": "aktiebolag"}, {"name": "Natthjälpen Norrvik AB"}])
def test_warns_on_for_profit_party(tmp_path, change):
    data = sample_data()
    party = data["parties"]["idea"][0]
    old_name = party["name"]
    party.update(change)
    for item in data["contributions"] + data["payment"]["schedule"]:
        for key in ("party", "payee"):
            if item.get(key) == old_name:
                item[key] = party["name"]
    _warned(tmp_path, data, "ser ut att vara ett vinstutdelande företag (aktiebolag)")


def test_no_for_profit_warning_for_svb(tmp_path):
    data = sample_data()
    data["parties"]["idea"][0]["legal_form"] = "aktiebolag med särskild vinstutdelningsbegränsning (svb)"
    result, _ = run_case(tmp_path, data)
    assert result.returncode == 0 and warnings_of(result) == []


# -- the checks as functions ------------------------------------------------------------------------

def _case(data: dict):
    from generator.iop.model import IopCase

    return IopCase.model_validate(copy.deepcopy(data))


def test_checks_are_pure_and_clean_on_samples():
    from generator.iop.checks import refusals, warnings

    for sample in ALL_SAMPLES:
        case = _case(sample_data(sample))
        assert refusals(case) == []
        found = [f.message for f in warnings(case)]
        if sample.stem == "iop-refugee-reception":  # a goal without measure, 29 February, a statutory duty: on purpose
            assert len(found) == 3 and "saknar mått" in found[2] and "29 februari" in found[1]
            assert "boendena är en skyldighet som lag lägger på den offentliga parten" in found[0]
        else:
            assert found == []


def test_for_profit_form():
    from generator.iop.checks import for_profit_form

    assert for_profit_form("Exempel AB") == "aktiebolag"
    assert for_profit_form("handelsbolag") == "handelsbolag"
    assert for_profit_form("ideell förening") is None
    assert for_profit_form("Stiftelsen Abbe") is None
    assert for_profit_form("aktiebolag med särskild vinstutdelningsbegränsning") is None


def test_term_months():
    data = sample_data()
    assert _case(data).term_months == 36
    data["term"] = {"start_date": date(2027, 3, 15), "end_date": date(2028, 3, 13)}
    assert _case(data).term_months == 11
    data["term"] = {"start_date": date(2027, 3, 15), "until_further_notice": True}
    assert _case(data).term_months is None


def test_tender_header_still_comes_from_authority_and_procurement():
    from generator.assemble import document_header
    from generator.kinds import load_case

    loaded = load_case(SAMPLES / "tender-25a.yaml")
    assert document_header(loaded.model) == ("Norrviks kommun", "VON 2026/412")
    assert document_header(_case(sample_data())) == ("Norrviks kommun", "SN 2026/318")


def test_several_parties_with_one_role_are_each_bound_by_what_the_agreement_says_of_that_role(tmp_path):
    result = run_docgen("iop", "--data", str(SAMPLES / "iop-suicide-prevention.yaml"), "--out", str(tmp_path),
                        "--format", "docx")
    assert result.returncode == 0, result.stderr
    text = squash(docx_text(tmp_path / "overenskommelse-iop-rs-2026-1190.docx"))
    assert ("Det som i denna överenskommelse sägs om den offentliga parten gäller var och en av Region Norrmark, "
            "Norrviks kommun och Söderås kommun.") in text
    assert ("Det som i denna överenskommelse sägs om den idéburna parten gäller var och en av Föreningen Livlinan "
            "Norrmark och Stiftelsen Unga vuxna i Norrmark, var och en för sin del") in text
    one_each = tmp_path / "one"
    assert run_docgen("iop", "--out", str(one_each), "--format", "md").returncode == 0  # night shelter: one of each
    assert "Flera parter med samma roll" not in (one_each / "overenskommelse-iop-sn-2026-318.md").read_text(encoding="utf-8")


# -- grammatical number follows the parties; terms and sample dates --------------------------------

def _agreement_and_memo(tmp_path: Path, data: dict) -> tuple[str, str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "out"
    case = write_case(tmp_path, data)
    for extra in ((), ("--memo",)):
        result = run_docgen("iop", "--data", str(case), "--out", str(out), "--format", "md", *extra)
        assert result.returncode == 0, result.stderr
    texts = {p.name.split("-")[0]: squash(p.read_text(encoding="utf-8")) for p in out.glob("*.md")}
    return texts["overenskommelse"], texts["tjansteskrivelse"]


def test_one_public_and_one_idea_party_are_written_in_the_singular(tmp_path):
    text, memo = _agreement_and_memo(tmp_path, sample_data())  # night shelter: one party of each role
    assert ("Verksamhetsberättelsen redovisas för den nämnd eller det organ som har beslutat om överenskommelsen "
            "för Norrviks kommun och för styrelsen för Stiftelsen Norrviks stadsmission.") in text
    assert "de idéburna parternas styrelser" not in text and "den beslutande nämnden" not in text
    # two parties: one leaving ends the partnership; nobody "remains"
    assert "kvarvarande" not in text
    assert "om den andra parten i väsentlig mån bryter mot den" in text
    assert "Partnerskapet upphör i sin helhet när en uppsägning får verkan." in text
    assert "behörigt organ hos den offentliga parten har fattat beslut om den" in text
    assert "tillsammans med den idéburna parten tagit fram" in memo
    assert "Den offentliga partens insatser i pengar" in memo and "Den idéburna partens värderade insatser" in memo
    assert "De offentliga parternas" not in memo and "De idéburna parternas" not in memo


def test_several_parties_of_a_role_are_written_in_the_plural(tmp_path):
    text, memo = _agreement_and_memo(tmp_path / "r", sample_data(SAMPLES / "iop-refugee-reception.yaml"))
    assert "för Norrviks kommun och för de idéburna parternas styrelser." in text          # 1 public, 4 idea
    assert ("Om en part lämnar partnerskapet fortsätter det mellan de kvarvarande parterna, om de är överens om det "
            "och det då fortfarande finns både en offentlig och en idéburen part.") in text
    assert "om en annan part i väsentlig mån bryter" in text
    assert "tillsammans med de idéburna parterna tagit fram" in memo
    text, memo = _agreement_and_memo(tmp_path / "s", sample_data(SAMPLES / "iop-suicide-prevention.yaml"))  # 3 + 2
    assert ("redovisas för den nämnd eller det organ hos var och en av de offentliga parterna som har beslutat om "
            "överenskommelsen och för de idéburna parternas styrelser.") in text
    assert "den beslutande nämnden" not in text
    assert "behörigt organ hos var och en av de offentliga parterna har fattat beslut om den" in text
    assert "De offentliga parternas insatser i pengar" in memo and "De idéburna parternas värderade insatser" in memo


def test_an_open_ended_agreement_has_no_end_of_term_to_evaluate_before(tmp_path):
    data = sample_data()
    data["term"] = {"start_date": date(2027, 1, 1), "until_further_notice": True}
    text, memo = _agreement_and_memo(tmp_path, data)
    assert "från och med den 1 januari 2027 och tills vidare" in text
    assert "avtalstidens slut" not in text
    assert ("Inför den prövning av partnerskapets fortsättning som parterna ska göra minst vart tredje år enligt "
            "avsnitt 8 sammanställer parterna erfarenheterna") in text
    assert "under avtalstiden" not in memo and "betalas sammanlagt 4 200 000 kr ut, första gången" in memo
    fixed, memo = _agreement_and_memo(tmp_path / "fixed", sample_data())
    assert "Inför avtalstidens slut sammanställer parterna" in fixed and "ut under avtalstiden" in memo


REVIEWED = date(2026, 12, 2)   # the samples were last brought up to date on this day


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.stem)
def test_sample_agreements_can_still_be_signed(sample):
    """No start, payment or plan deadline before the review date, and none outside the term."""
    data = sample_data(sample)
    term = data["term"]
    start, end = term["start_date"], term.get("end_date")
    assert start > REVIEWED
    dates = [p["due"] for p in data.get("payment", {}).get("schedule", [])]
    dates += [data["follow_up"]["activity_plan_date"], data["follow_up"]["report_date"]]
    assert all(d >= start and (end is None or d <= end) for d in dates), dates
    assert not term.get("until_further_notice")  # every sample has a fixed term ("avtalstidens slut")


def test_refugee_reception_runs_from_june_2027(tmp_path):
    text, memo = _agreement_and_memo(tmp_path, sample_data(SAMPLES / "iop-refugee-reception.yaml"))
    assert "från och med den 1 juni 2027 till och med den 31 december 2028" in text
    assert "31 augusti 2027 | Norrviks kommun | Norrviks räddningsmission | 1 050 000 kr | Juni–december 2027" in text
    assert "verksamhetsplan senast följande dagar: 30 juni 2027 och 30 juni 2028" in text
    assert "1 juni 2026" not in text and "31 augusti 2026" not in text and "30 juni 2026" not in text


def test_an_idea_party_without_a_presentation_is_warned_about(tmp_path):
    """Kalmar's heading Bakgrund describes each idéburen actor: a party without description: is said."""
    import yaml
    from conftest import run_docgen

    data = yaml.safe_load((ROOT / "samples" / "iop-suicide-prevention.yaml").read_text(encoding="utf-8"))
    del data["parties"]["idea"][1]["description"]
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_docgen("iop", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "saknar presentation" in line]
    assert len(lines) == 1 and "Stiftelsen Unga vuxna i Norrmark" in lines[0] and "(Kalmar: Bakgrund)" in lines[0]
    assert lines[0].startswith(f"docgen: varning: {case}:")
