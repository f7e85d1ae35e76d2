"""`docgen clauses show ID` renders the clause in the document it belongs to: an IOP clause with an IOP
sample, a policy clause with the sample of its policy model, a tender clause with a tender sample."""

from __future__ import annotations

import pytest
from conftest import run_docgen, squash


def show(clause_id: str) -> str:
    result = run_docgen("clauses", "show", clause_id)
    assert result.returncode == 0, result.stderr
    return squash(result.stdout)


def test_iop_clause_is_shown_with_an_iop_sample():
    out = show("iop/goals")
    assert "Exempel (mallen iop, värden från exemplet iop-night-shelter, se docgen exempel iop-night-shelter;" in out
    # the goals of the sample, and the reference to the follow-up section of the agreement (section 9)
    assert "| Ingen som söker skydd för natten ska behöva sova ute. | Antal nätter då natthärbärget varit fullbelagt" in out
    assert "Måluppfyllelsen följs upp enligt avsnitt 9." in out


def test_iop_memo_clause_is_shown_in_the_memo():
    out = show("iop/memo-proposal")
    assert "Exempel (mallen iop-memo, värden från exemplet iop-night-shelter," in out
    assert "Socialnämnden föreslås besluta" in out
    assert "med Stiftelsen Norrviks stadsmission, för tiden 1 januari 2027–31 december 2029" in out


def test_iop_clause_with_a_condition_is_shown_with_a_sample_that_has_it():
    out = show("iop/criminal-record-check")
    assert "värden från exemplet iop-suicide-prevention," in out
    assert "2 kap. 31 § skollagen (2010:800)" in out


@pytest.mark.parametrize("clause_id, sample, text", [
    # samples/policy-borg.yaml sets min_idea_bidders: 3 (the default is 2)
    ("policy/borg/reserved", "policy-borg.yaml",
     "Om undersökningen visar att minst tre idéburna organisationer kan antas lämna anbud, ska upphandlingen "
     "genomföras som en reserverad upphandling enligt 19 kap. 25 a § LOU."),
    # samples/policy-dala.yaml sets reserved_per_year: 6 (the default is 5)
    ("policy/dala/reserved", "policy-dala.yaml", "Minst sex upphandlingar per år bör reserveras"),
    ("policy/dala/adoption", "policy-dala.yaml",
     "Regionfullmäktige i Region Fjällmark har antagit denna rekommendation den 20 maj 2026 (§ 58), diarienummer RS 2026/77."),
])
def test_policy_clauses_are_shown_with_their_policy_sample(clause_id, sample, text):
    out = show(clause_id)
    assert f"Exempel (mallen {sample[:-5]}, värden från exemplet {sample[:-5]}," in out
    assert text in out


def test_policy_appendix_lists_the_policy_references_not_the_tender_ones():
    out = show("policy/appendix/legal-references")
    assert "mallen policy-borg" in out
    assert "| 19 kap. 25 a § LOU |" in out
    assert "lagen (2018:1277) om elektroniska fakturor" not in out     # cited by the tender's contract terms


def test_tender_clause_is_shown_with_a_tender_sample():
    out = show("contract/value-transfer-25a")
    assert "Exempel (mallen tender, värden från exemplet tender-25a," in out
    assert "som följer av 19 kap. 25 a § LOU och som anges i avsnitt 2.6 är uppfyllda under hela kontraktstiden" in out
    assert "Leverantören ska årligen redovisa" in out and "senast 30 dagar efter redovisningsperiodens utgång" in out


def test_tender_introduction_uses_the_sample_authority_and_procurement():
    out = show("general/tender-introduction")
    assert "Exempel (mallen tender, värden från exemplet tender-19a-2," in out
    assert ("Norrviks kommun (nedan *den upphandlande myndigheten*), organisationsnummer 212000-0118, inbjuder härmed "
            "leverantörer att lämna anbud i upphandlingen *Daglig verksamhet enligt LSS – Ateljé Linden*. "
            "Upphandlingen genomförs av Socialförvaltningen, avdelningen för funktionsstöd.") in out
    assert "Upphandlingen har diarienummer VON 2026/530." in out
