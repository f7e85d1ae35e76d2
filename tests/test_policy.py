"""docgen policy borg|dala: parameterised procurement policies, read back as a person reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, pdf_text, run_docgen, squash

SAMPLES = ROOT / "samples"


def write_case(tmp_path: Path, model: str, changes: dict | None = None, drop: tuple[str, ...] = ()) -> Path:
    """The sample of ``model`` with top-level keys merged one level deep from ``changes``."""
    data = yaml.safe_load((SAMPLES / f"policy-{model}.yaml").read_text(encoding="utf-8"))
    for key in drop:
        data.pop(key, None)
    for key, value in (changes or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    path = tmp_path / f"case-{model}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def generate(tmp_path: Path, model: str, case: Path | None, formats: str) -> dict[str, Path]:
    out = tmp_path / "out"
    args = ["policy", model, "--out", str(out), "--format", formats]
    if case is not None:
        args += ["--data", str(case)]
    result = run_docgen(*args)
    assert result.returncode == 0, result.stderr
    return {p.suffix.lstrip("."): p for p in out.iterdir() if not p.name.endswith(".manifest.json")}


def text_of(files: dict[str, Path], fmt: str) -> str:
    if fmt == "docx":
        return squash(docx_text(files["docx"]))
    if fmt == "pdf":
        return squash(pdf_text(files["pdf"]))
    return squash(files[fmt].read_text(encoding="utf-8"))


# --- the samples render, with their (non-default) numbers visible -------------------------------

BORG_SAMPLE_PHRASES = [
    "Ekeby kommun",
    "KS 2026/118",
    "minst tre idéburna organisationer kan antas lämna anbud",     # min_idea_bidders: 3
    "minst fyra idéburna organisationer tillfrågas",                 # min_asked_direct: 4
    "närmast föregående räkenskapsår",                            # aggregation_year: previous
    "uppgår till minst 75 000 kr ska dokumenteras",               # documentation_from_sek: 75000
    "både en marknadsundersökning och en skriftlig begäran om information (RFI)",
    "minst vart tredje år",
    "8 513 250 kr",                                               # bilaga 2 threshold in force 2026-03-16
    "700 000 kr",
    "Blankett för dokumentation av direktupphandling",
    "Antal tillfrågade idéburna organisationer",
    "Rättsliga hänvisningar",
    "19 a kap. 11 § LOU",
]

DALA_SAMPLE_PHRASES = [
    "Region Fjällmark",
    "RS 2026/77",
    "Älvby kommun, Granås kommun, Sjöberga kommun och Tallmo kommun",
    "minst 40 % av de upphandlingar som annonseras",
    "Minst sex upphandlingar per år",
    "minst två personer som står långt från arbetsmarknaden praktik under 3–9 månader",
    "fastighetsskötsel",
    "HFD 2021 ref. 48",
    "mål nr 3046-25",
    "4 kap. 18 § LOU",
    "19 kap. 25 § LOU",
    "8 513 250 kr",
    "Älvby kommun: Reserverad upphandling av tvätt",
    "Rättsliga hänvisningar",
]


@pytest.mark.parametrize("model, phrases", [("borg", BORG_SAMPLE_PHRASES), ("dala", DALA_SAMPLE_PHRASES)])
def test_sample_renders_docx_and_pdf_with_its_parameters(tmp_path, model, phrases):
    files = generate(tmp_path, model, SAMPLES / f"policy-{model}.yaml", "docx,pdf")
    for fmt in ("docx", "pdf"):
        text = text_of(files, fmt)
        missing = [p for p in phrases if p not in text]
        assert not missing, f"{fmt} saknar {missing}"


def test_without_data_the_bundled_sample_is_used(tmp_path):
    files = generate(tmp_path, "borg", None, "md")
    assert "Ekeby kommun" in text_of(files, "md")


def test_word_header_and_metadata_name_the_organisation(tmp_path):
    from docx import Document

    files = generate(tmp_path, "dala", SAMPLES / "policy-dala.yaml", "docx")
    document = Document(str(files["docx"]))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Region Fjällmark" in header and "RS 2026/77" in header
    assert document.core_properties.author == "Region Fjällmark"
    assert document.core_properties.subject == "RS 2026/77"


# --- a number changed in the case file changes in the document ---------------------------------

@pytest.mark.parametrize("model, changes, before, after", [
    ("borg", {"rules": {"min_idea_bidders": 5}},
     "minst tre idéburna organisationer kan antas", "minst fem idéburna organisationer kan antas"),
    ("borg", {"rules": {"min_asked_direct": 7}},
     "minst fyra idéburna organisationer tillfrågas", "minst sju idéburna organisationer tillfrågas"),
    ("borg", {"rules": {"documentation_from_sek": 90000}},
     "uppgår till minst 75 000 kr", "uppgår till minst 90 000 kr"),
    ("borg", {"rules": {"aggregation_year": "current"}},
     "närmast föregående räkenskapsår", "under innevarande räkenskapsår räknas med, i enlighet med 19 a kap. 8 § LOU"),
    ("dala", {"targets": {"employment_conditions_share_percent": 65}},
     "minst 40 % av de upphandlingar", "minst 65 % av de upphandlingar"),
    ("dala", {"targets": {"reserved_per_year": 9}}, "Minst sex upphandlingar per år", "Minst nio upphandlingar per år"),
    ("dala", {"rules": {"placement_months_max": 12}}, "under 3–9 månader", "under 3–12 månader"),
])
def test_changing_a_number_changes_the_document(tmp_path, model, changes, before, after):
    text = text_of(generate(tmp_path, model, write_case(tmp_path, model, changes), "docx"), "docx")
    assert after in text
    assert before not in text


def test_borg_defaults_are_the_sources_values(tmp_path):
    case = write_case(tmp_path, "borg", drop=("rules",))
    text = text_of(generate(tmp_path, "borg", case, "docx"), "docx")
    assert "minst två idéburna organisationer kan antas lämna anbud" in text
    assert "minst tre idéburna organisationer tillfrågas" in text
    assert "innevarande räkenskapsår" in text and "närmast föregående" not in text
    assert "uppgår till minst 100 000 kr ska dokumenteras" in text
    assert "Gränsen är lägre" not in text
    assert "marknadsundersökning, en skriftlig begäran om information (RFI) eller båda" in text
    # the law says "at least": the policy never says "over" the documentation limit
    assert "överstiger 100 000" not in text and "över 100 000" not in text


def test_dala_defaults_are_the_sources_values(tmp_path):
    case = write_case(tmp_path, "dala", drop=("targets", "rules"))
    text = text_of(generate(tmp_path, "dala", case, "docx"), "docx")
    assert "minst 50 % av de upphandlingar som annonseras" in text
    assert "Minst fem upphandlingar per år" in text
    assert "minst en person som står långt från arbetsmarknaden praktik under 3–6 månader" in text


def test_dala_lists_end_with_och_and_iop_is_not_exempt_from_lou(tmp_path):
    text = text_of(generate(tmp_path, "dala", SAMPLES / "policy-dala.yaml", "md"), "md")
    # Swedish lists: "a, b och c", never "a, b, c."
    assert "kommunerna i länet: Älvby kommun, Granås kommun, Sjöberga kommun och Tallmo kommun, och till regionens" in text
    assert "Sjöberga kommun, Tallmo kommun." not in text
    assert "lokalvård, transporttjänster, byggentreprenader och fastighetsskötsel." in text
    assert "byggentreprenader, fastighetsskötsel." not in text
    # the Dala model: LOU has no exception for IOP; only a correctly designed IOP falls outside it
    assert "Ett IOP är inte en upphandling" not in text
    assert "Ett rätt utformat IOP är inte en upphandling." in text
    assert "LOU innehåller dock inget undantag för idéburna offentliga partnerskap." in text
    assert "i realiteten är ett köp av tjänster mot ersättning ska upphandlas enligt LOU" in text
    (tmp_path / "two").mkdir()
    two = write_case(tmp_path / "two", "dala", {"municipalities": ["Älvby kommun", "Granås kommun"],
                                                 "rules": {"risk_sectors": ["lokalvård"]}})
    text = text_of(generate(tmp_path / "two", "dala", two, "md"), "md")
    assert "kommunerna i länet: Älvby kommun och Granås kommun, och till regionens" in text
    assert "bland annat lokalvård." in text


def test_borg_reserved_states_both_paragraphs_of_19_25a_and_direct_awards_cite_section_3_5(tmp_path):
    text = text_of(generate(tmp_path, "borg", SAMPLES / "policy-borg.yaml", "md"), "md")
    # första stycket: the organisation's allmännyttiga syfte must serve the purpose of the service
    assert ("får deltagandet bara reserveras för idéburna organisationer vars allmännyttiga syfte bidrar till "
            "att uppnå ändamålet med den tjänst som ska tillhandahållas") in text
    assert "inte får ha något vinstsyfte kopplat till utförandet av tjänsten" in text
    # andra stycket: exactly its two requirements, not "bland annat"
    assert "uppfylla kraven i 19 kap. 25 a § andra stycket LOU: den får endast ha gjort sådana värdeöverföringar" in text
    assert "andra stycket LOU lämna anbud, bland annat" not in text
    # issue 23: the sources (the guidance's avsnitt 3.5) go to the internal record, not the adopted text
    assert "vägledningen Famna/Fremia 2023, avsnitt 3.5" not in text
    assert "vägledningen Famna/Fremia 2023, avsnitt 3.4" not in text


def test_thresholds_printed_are_those_in_force_on_the_policy_date(tmp_path):
    text = text_of(generate(tmp_path, "borg", write_case(tmp_path, "borg", {"date": "2025-06-01"}), "md"), "md")
    assert "8 109 450 kr" in text and "8 513 250 kr" not in text
    assert "1 januari 2024 – 31 december 2025" in text
    assert "det belopp som är i kraft den dag anskaffningen påbörjas" in text


# --- switchable sections and the legal-references appendix ------------------------------------

def test_switched_off_sections_leave_the_document_and_its_legal_references(tmp_path):
    full = text_of(generate(tmp_path / "a", "borg", SAMPLES / "policy-borg.yaml", "md"), "md")
    case = write_case(tmp_path, "borg", {"sections": {"reserved": False, "direct_award": False}})
    text = text_of(generate(tmp_path / "b", "borg", case, "md"), "md")
    assert "Reserverad upphandling för idéburna organisationer" in full
    assert "Reserverad upphandling för idéburna organisationer" not in text
    assert "Blankett för dokumentation" not in text          # the form goes with the direct-award section
    assert "| 19 kap. 25 a § LOU |" in full and "| 19 kap. 25 a § LOU |" not in text
    assert "| 19 a kap. 8 § LOU |" in full and "| 19 a kap. 8 § LOU |" not in text
    assert "Bilaga 1 Rättsliga hänvisningar" in text


def test_legal_references_name_the_sections_that_cite_them(tmp_path):
    text = text_of(generate(tmp_path, "borg", SAMPLES / "policy-borg.yaml", "md"), "md")
    assert "| 19 a kap. 11 § LOU | avsnitt 5.3, avsnitt 6, bilaga 1 |" in text


def test_dala_local_examples_come_from_the_case_file(tmp_path):
    case = write_case(tmp_path, "dala", {"examples": [
        {"organisation": "Tallmo kommun", "title": "Catering", "text": "Reserverad för sociala företag."}]})
    text = text_of(generate(tmp_path, "dala", case, "md"), "md")
    assert "Tallmo kommun: Catering." in text and "Älvby kommun: Reserverad" not in text
    (tmp_path / "none").mkdir()
    without = write_case(tmp_path / "none", "dala", {"examples": []})
    assert "Exempel från länet" not in text_of(generate(tmp_path / "none", "dala", without, "md"), "md")


# --- invalid parameters: exit 2, one line, nothing written -------------------------------------

@pytest.mark.parametrize("model, changes, expected", [
    ("borg", {"rules": {"min_idea_bidders": 0}}, "rules.min_idea_bidders: måste vara minst 1"),
    ("borg", {"rules": {"min_asked_direct": 0}}, "rules.min_asked_direct: måste vara minst 1"),
    ("borg", {"rules": {"documentation_from_sek": -1}}, "rules.documentation_from_sek får inte vara negativt"),
    ("borg", {"rules": {"documentation_from_sek": 150000}}, "19 a kap. 11 § LOU kräver dokumentation från och med 100 000 kr"),
    ("borg", {"sections": {"reserverd": False}}, "okänd nyckel sections.reserverd (menade du 'reserved'?)"),
    ("borg", {"rules": {"aggregation_year": "last"}}, "rules.aggregation_year har ett otillåtet värde"),
    ("borg", {"date": "2031-01-01"}, "till och med 2027-12-31"),
    ("dala", {"targets": {"reserved_per_year": -2}}, "targets.reserved_per_year får inte vara negativt"),
    ("dala", {"targets": {"employment_conditions_share_percent": 120}}, "mellan 0 och 100"),
    ("dala", {"rules": {"min_employment_persons": 0}}, "rules.min_employment_persons: måste vara minst 1"),
    ("dala", {"sections": {"child_right": True}}, "okänd nyckel sections.child_right (menade du 'child_rights'?)"),
])
def test_invalid_parameters_exit_2_with_one_line(tmp_path, model, changes, expected):
    case = write_case(tmp_path, model, changes)
    out = tmp_path / "out"
    result = run_docgen("policy", model, "--data", str(case), "--out", str(out), "--format", "docx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert lines[0].startswith(f"docgen: fel: {case}:")       # file:line of the offending key
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_borg_case_given_to_dala_is_refused(tmp_path):
    result = run_docgen("policy", "dala", "--data", str(SAMPLES / "policy-borg.yaml"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert ("ärendefilen beskriver en upphandlingspolicy (Borg) (document: policy-borg), inte en rekommendation om "
            f"socialt hållbar upphandling (Dala) (kör docgen policy borg --data {SAMPLES / 'policy-borg.yaml'})") in result.stderr
