"""Issue 15, labour-law appendix, IOP and policy texts: what a lawyer checks in the rendered documents
and in the warnings.

- example pay levels in bilaga 1 are marked and warned about on every run (item 9);
- IOP värdegrund follows Kalmar's guidelines (item 13);
- the IOP memo and agreement name the same signatory, and an open SOU 2019:56 criterion is said in the
  memo's proposal and warned about (item 14);
- Dala: "sysselsatta", and no court name the source does not give (item 15);
- registerkontroll applies only where 2 kap. 31 § skollagen does (item 16).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT, docx_text, run_docgen, squash


def _write(tmp_path: Path, data: dict, name: str = "case") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _sample(name: str) -> dict:
    return yaml.safe_load((ROOT / "samples" / name).read_text(encoding="utf-8"))


# -- item 9: example pay levels ---------------------------------------------------------------------

def _example_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "är en exempelnivå" in line]


def test_example_pay_levels_warn_on_every_run_and_are_marked_in_bilaga_1(tmp_path):
    case = ROOT / "samples" / "tender-open-cleaning.yaml"
    out = tmp_path / "out"
    for run in (1, 2):
        result = run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(out), "--format", "docx")
        assert result.returncode == 0, result.stderr
        warnings = _example_warnings(result.stderr)
        assert len(warnings) == 2, (run, result.stderr)
        assert "clauses.labour_law.levels[0] (Lokalvårdare)" in warnings[0]
        assert "clauses.labour_law.levels[1] (Fönsterputsare)" in warnings[1]
        assert all("17 kap. 3 § LOU" in w and "tender-open-cleaning.yaml:" in w for w in warnings)
    appendix = squash(docx_text(next(out.glob("arbetsrattsliga-villkor-*-villkor*.docx"))))
    assert "Lokalvårdare (EXEMPEL) | 25 000 kr per månad – exempel, inte kollektivavtalets nivå" in appendix
    assert "rader markerade EXEMPEL innehåller påhittade belopp och är inte hämtade ur Serviceentreprenadavtalet" \
        in appendix
    # the supplier's self-report repeats the level: marked there too, so it is never read as the agreement's
    report = squash(docx_text(next(out.glob("arbetsrattsliga-villkor-*-egenrapportering*.docx"))))
    assert "Lokalvårdare (EXEMPEL) | 25 000 kr per månad – exempel, inte kollektivavtalets nivå" in report


def test_a_note_that_calls_the_amount_an_example_counts_too_and_real_levels_do_not_warn(tmp_path):
    data = _sample("tender-open-cleaning.yaml")
    levels = data["clauses"]["labour_law"]["levels"]
    del levels[0]["example"]          # note still says "Exempelbelopp – …"
    del levels[1]["example"]
    levels[1]["note"] = "Avtalsperiod 2025–2027, § 5 (till exempel OB enligt bilaga C)"
    result = run_docgen("tender", "--route", "open", "--data", str(_write(tmp_path, data)), "--out",
                        str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    warnings = _example_warnings(result.stderr)
    assert len(warnings) == 1 and "(Lokalvårdare)" in warnings[0]
    appendix = next((tmp_path / "out").glob("arbetsrattsliga-villkor-*-villkor*.md")).read_text(encoding="utf-8")
    assert "Lokalvårdare (EXEMPEL)" in appendix and "Fönsterputsare (EXEMPEL)" not in appendix


# -- items 13, 14, 16: IOP agreement and memo -------------------------------------------------------

def _iop(tmp_path: Path, data: dict, memo: bool = False, name: str = "iop"):
    out = tmp_path / f"out-{name}"
    args = ["iop", "--data", str(_write(tmp_path, data, name)), "--out", str(out), "--format", "docx"]
    result = run_docgen(*args, *(["--memo"] if memo else []))
    assert result.returncode == 0, result.stderr
    return squash(docx_text(next(out.glob("*.docx")))), result.stderr


def test_iop_values_follow_kalmar_and_leave_the_how_to_the_partner(tmp_path):
    data = _sample("iop-night-shelter.yaml")
    data["options"] = {"drug_free": True}   # an option since issue 23: a harm-reduction shelter cannot sign it
    text, _ = _iop(tmp_path, data)
    assert "Verksamheten ska vara fri från alkohol och droger" not in text
    assert ("Den idéburna parten verkar för att verksamheten inom partnerskapet är drogfri och bedriver ingen "
            "verksamhet som kan skapa positiva attityder till våld, alkohol, droger eller kriminalitet.") in text
    assert "bestämmer den idéburna parten själv" in text


def test_memo_and_agreement_name_the_same_signatory(tmp_path):
    data = _sample("iop-night-shelter.yaml")
    agreement, _ = _iop(tmp_path, data, name="agreement")
    memo, _ = _iop(tmp_path, data, memo=True, name="memo")
    assert "uppdra åt förvaltningen att underteckna" not in memo
    assert "att uppdra åt Lars Berg, socialnämndens ordförande, att underteckna överenskommelsen för Norrviks kommun" in memo
    assert "Lars Berg, socialnämndens ordförande" in agreement   # the signature block


def test_memo_without_a_signatory_warns_and_names_no_one(tmp_path):
    data = _sample("iop-night-shelter.yaml")
    del data["parties"]["public"][0]["signatory"]
    memo, stderr = _iop(tmp_path, data, memo=True)
    assert "att uppdra åt den som nämnden utser att underteckna överenskommelsen för Norrviks kommun" in memo
    assert "parties.public[0].signatory saknas" in stderr


def test_memo_with_criterion_4_open_says_so_in_the_proposal_and_warns(tmp_path):
    data = _sample("iop-night-shelter.yaml")
    del data["assessment"]["not_a_contract"]   # the sample gives an (invented) assessment
    memo, stderr = _iop(tmp_path, data, memo=True, name="open")
    proposal = memo.split("2 Ärendet", 1)[0]
    assert "Ärendet är inte klart för beslut." in proposal and "Öppna frågor." in proposal
    assert "SOU 2019:56 kriterium 4: ingen tilldelning av ett offentligt kontrakt" in proposal
    warning = next(l for l in stderr.splitlines() if "kriterium 4" in l)
    assert "open.yaml:" in warning and "assessment.not_a_contract" in warning
    # once the municipal lawyer has answered, the proposal asks for a decision without reservation
    data["assessment"]["not_a_contract"] = ("Överenskommelsen innehåller inga ömsesidigt bindande åtaganden om "
                                            "tjänster mot ersättning.")
    memo, stderr = _iop(tmp_path, data, memo=True, name="answered")
    assert "Öppna frågor" not in memo and "kriterium 4" not in stderr
    assert "Bedömt av kommunjuristen: Överenskommelsen innehåller inga ömsesidigt bindande åtaganden" in memo


def test_registerkontroll_applies_only_where_the_school_act_does(tmp_path):
    text, _ = _iop(tmp_path, _sample("iop-suicide-prevention.yaml"))
    assert "Krav på registerkontroll gäller bara där 2 kap. 31 § skollagen (2010:800) är tillämplig" in text
    for group in ("förskolan", "förskoleklassen", "fritidshemmet", "grundskolan", "anpassade grundskolan",
                  "specialskolan", "sameskolan", "gymnasieskolan", "anpassade gymnasieskolan",
                  "sådan pedagogisk verksamhet som avses i 25 kap. skollagen"):
        assert group in text, group
    assert "Kravet gäller bara för arbetet där." in text   # issue 23: the case names the school form
    assert "inte stöd för att begära utdrag ur belastningsregistret" in text
    assert "visar upp ett utdrag ur belastningsregistret som inte är äldre än ett år" in text


# -- item 15: Dala ------------------------------------------------------------------------------------

def test_dala_counts_those_employed_in_the_activity_and_names_no_unsourced_court(tmp_path):
    out = tmp_path / "dala"
    result = run_docgen("policy", "dala", "--out", str(out), "--format", "docx")
    assert result.returncode == 0, result.stderr
    text = squash(docx_text(next(out.glob("*.docx"))))
    assert "Minst 30 procent av dem som sysselsätts i verksamheten ska tillhöra någon av dessa grupper." in text
    assert "som är anställda i verksamheten ska tillhöra" not in text
    assert "Kammarrätten i Stockholm" not in text and "Kammarrättens i Stockholm" not in text
    assert "avslog kammarrätten överklaganden av en reserverad upphandling enligt 19 kap. 25 a § LOU" in text
    source = next((ROOT.parent / "shared" / "reference").glob("004_*.txt"), None) \
        or next(Path("/work/shared/reference").glob("004_*.txt"), None)
    if source is not None:  # the source names no court seat for mål nr 3046-25
        assert "Kammarrätten i Stockholm" not in source.read_text(encoding="utf-8")
