"""`docgen tender --route 25a` on the embedded sample: the text a lawyer checks, in every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_paragraph_texts, docx_text, libreoffice_text, pdf_text, run_docgen, squash

STEM = "upphandlingsdokument-25a-von-2026-412"  # the template's name and the diarienummer


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out25a")
    result = run_docgen("tender", "--route", "25a", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    printed = result.stdout.split()
    for ext in ("docx", "pdf", "html", "md"):
        assert str(out / f"{STEM}.{ext}") in printed
    return out


LAWYER_CHECKS = [
    "Norrviks kommun",
    "Drift av särskilt boende för äldre – Solgårdens vård- och omsorgsboende",
    "85311100-3 Äldreomsorg",
    "85311000-2 Social omsorg med inkvartering",
    "19 kap. 25 a § LOU",
    "Egenförsäkran – idéburen organisation",
    "8 § första stycket lagen (2022:900)",
    "rättsligt bestämmande inflytande",
    "96 000 000 kr",
    "50 000 kr | per otillåten värdeöverföring",
    "häva kontraktet",
    "VON 2026/412",
]


def test_docx_holds_what_a_lawyer_checks(outputs):
    text = squash(docx_text(outputs / f"{STEM}.docx"))
    for phrase in LAWYER_CHECKS:
        assert phrase in text, phrase
    assert "Särskilda kontraktsvillkor om idéburen ställning" in text
    assert "{{" not in text and "}}" not in text


def test_docx_structure_and_properties(outputs):
    from docx import Document

    document = Document(str(outputs / f"{STEM}.docx"))
    styles = [p.style.name for p in document.paragraphs if p.text.strip()]
    assert styles[0] == "Title"
    # heading numbers as Word shows them (from the list the heading styles are linked to)
    headings = [text for p, text in zip(document.paragraphs, docx_paragraph_texts(document))
                if p.style.name.startswith("Heading") or p.style.name == "Bilaga"]
    assert "2.1 Reserverat deltagande för idéburna organisationer" in headings
    assert any(h.startswith("5.1 ") for h in headings)
    assert "Bilaga 2 Egenförsäkran – idéburen organisation" in headings
    appendix = next(p for p in document.paragraphs if p.text == "Egenförsäkran – idéburen organisation")
    assert appendix.style.name == "Bilaga" and appendix.style.paragraph_format.page_break_before
    header = document.sections[0].header.paragraphs[0].text
    assert "Norrviks kommun" in header and "VON 2026/412" in header
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    props = document.core_properties
    assert props.language == "sv-SE"
    assert props.title.startswith("Upphandlingsdokument – Drift av särskilt boende")
    assert props.author == "Norrviks kommun"
    lang = document.styles.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "sv-SE"


def test_cross_references_resolve_to_section_numbers(outputs):
    text = squash(docx_text(outputs / f"{STEM}.docx"))
    assert re.search(r"se punkt 11\.1 i bilaga \d+\.", text)  # reservation → the special conditions in the contract draft
    assert "bilaga 2" in text
    assert "avsnitt ??" not in text


def test_pdf_text(outputs):
    text = squash(pdf_text(outputs / f"{STEM}.pdf"))
    for phrase in ("Norrviks kommun", "19 kap. 25 a § LOU", "85311100-3 Äldreomsorg", "Egenförsäkran", "Sida 2 av"):  # the cover (page 1) has no page number
        assert phrase in text, phrase


def test_html_and_markdown(outputs):
    html = (outputs / f"{STEM}.html").read_text(encoding="utf-8")
    assert '<html lang="sv-SE">' in html
    assert '<h3 id="avsnitt-2-1">2.1 Reserverat deltagande för idéburna organisationer</h3>' in html
    assert "<table>" in html and "@page" in html
    md = (outputs / f"{STEM}.md").read_text(encoding="utf-8")
    assert md.startswith("# Upphandlingsdokument\n")
    assert "### 2.1 Reserverat deltagande för idéburna organisationer" in md
    assert "- 85311100-3 Äldreomsorg" in md
    assert "# Bilaga 2 Egenförsäkran – idéburen organisation" in md


def test_manifest_lists_clauses_and_outputs(outputs):
    manifest = json.loads((outputs / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    ids = [c["id"] for c in manifest["clauses"]]
    assert "reservation/25a" in ids and "appendix/egenforsakran-25a" in ids
    assert "19 kap. 25 a § LOU" in manifest["legal_basis"]
    assert {o["file"] for o in manifest["outputs"]} == {f"{STEM}.{e}" for e in ("docx", "pdf", "html", "md")}


def test_libreoffice_opens_the_docx(outputs, tmp_path):
    text = squash(libreoffice_text(outputs / f"{STEM}.docx", tmp_path))
    assert "Reserverat deltagande för idéburna organisationer" in text
    assert "19 kap. 25 a § LOU" in text
    assert "Egenförsäkran" in text


def test_same_input_gives_identical_bytes(tmp_path):
    for run in ("a", "b"):
        result = run_docgen("tender", "--route", "25a", "--out", str(tmp_path / run), "--format", "docx,pdf")
        assert result.returncode == 0, result.stderr
    for ext in ("docx", "pdf"):
        assert (tmp_path / "a" / f"{STEM}.{ext}").read_bytes() == (tmp_path / "b" / f"{STEM}.{ext}").read_bytes()


def test_cpv_outside_the_list_is_refused_and_nothing_written(tmp_path):
    sample = (Path(__file__).resolve().parents[1] / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    # one CPV only: with two codes the case is a mixed contract, decided by its main object (main_cpv)
    assert 'cpv: ["85311100-3", "85311000-2"]' in sample
    case.write_text(sample.replace('cpv: ["85311100-3", "85311000-2"]', 'cpv: ["90910000-9"]'), encoding="utf-8")
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "90910000-9" in lines[0] and "19 kap. 25 a § LOU" in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_route_flag_must_match_case(tmp_path):
    result = run_docgen("tender", "--route", "25a", "--data", str(FIXTURES / "case-min.yaml"),
                        "--out", str(tmp_path), "--clauses", str(FIXTURES / "lib" / "clauses"),
                        "--templates", str(FIXTURES / "lib" / "templates"))
    assert result.returncode == 0, result.stderr  # route 25a in both
    bad = run_docgen("tender", "--route", "open", "--data", str(FIXTURES / "case-min.yaml"), "--out", str(tmp_path))
    assert bad.returncode == 2
    assert "route: 25a" in bad.stderr and "--route open" in bad.stderr
