"""The DOCX stays alive when a lawyer edits it in Word: heading numbers come from Word's own lists,
cross-references are REF fields to bookmarks, there is a TOC field, fill-in content controls, column
widths from content, one font family and the document properties."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_docgen, squash
from docx import Document
from docx.oxml.ns import qn

STEM = "upphandlingsdokument-25a-von-2026-412"  # the template name and the diarienummer


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    result = run_docgen("tender", "--route", "25a", "--out", str(out), "--format", "docx", timeout=600)
    assert result.returncode == 0, result.stderr
    return out / f"{STEM}.docx"


def _list_text(document, style) -> str:
    """The lvlText of the list a paragraph style is linked to (its numPr through the numbering part)."""
    num_pr = style.element.pPr.numPr
    num_id, level = num_pr.numId.val, num_pr.ilvl.val if num_pr.ilvl is not None else 0
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if int(lv.get(qn("w:ilvl"))) == level)
    return lvl.find(qn("w:lvlText")).get(qn("w:val"))


def test_headings_are_numbered_by_word_lists_not_typed(docx_path):
    document = Document(str(docx_path))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Bilaga"]
    texts = [p.text for p in headings]
    assert "Inledning" in texts and "Krav på anbudsgivaren som idéburen organisation" in texts
    assert "Egenförsäkran – idéburen organisation" in texts
    # no number ("1", "2.6", "1.") typed into any heading, nor "Bilaga N" into an appendix heading: the
    # headings inside an appendix (the contract draft's "11.1", the form's "1.") are numbered by Word too
    typed = [t for t in texts if re.match(r"\d", t) or t.startswith("Bilaga ")]
    assert not typed, typed
    assert "Parter, uppdrag och kontraktshandlingar" in texts and "Anbudsgivare" in texts
    styles = document.styles
    assert _list_text(document, styles["Heading 1"]) == "%1"
    assert _list_text(document, styles["Heading 2"]) == "%1.%2"
    assert _list_text(document, styles["Bilaga"]) == "Bilaga %1"
    # a heading inside a clause's own text is a heading without a number of its own
    unnumbered = [p for p in headings if p.text == "Uppgifter om Anbudsgivaren"]
    assert unnumbered and unnumbered[0]._p.pPr.numPr.numId.val == 0


def test_cross_references_are_ref_fields_to_existing_bookmarks(docx_path):
    document = Document(str(docx_path))
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    instructions = [i.text.strip() for i in body.iter(qn("w:instrText"))]
    refs = [i.split()[1] for i in instructions if i.startswith("REF ")]
    assert len(refs) >= 5 and set(refs) <= bookmarks
    assert "_Ref_avsnitt_2_6" in refs and "_Ref_bilaga_2" in refs
    # "punkt 11.1 i bilaga 4": the point inside the contract is a field too, to its own bookmark
    assert "_Ref_bilaga_4_punkt_11_1" in refs
    # the cached results read right before Word updates the fields
    text = squash("\n".join(p.text for p in document.paragraphs))
    assert "avsnitt 2.6" in text and "bilaga 2" in text
    assert any(i.startswith("TOC ") for i in instructions)


def test_properties_fonts_and_column_widths(docx_path):
    document = Document(str(docx_path))
    props = document.core_properties
    assert props.title.startswith("Upphandlingsdokument – Drift av särskilt boende")
    assert props.subject == "VON 2026/412" and props.language == "sv-SE"
    assert props.keywords.startswith("5 kap. LOU, 19 kap. LOU")
    families = {document.styles[name].font.name for name in ("Normal", "Title", "Heading 1", "Heading 2")}
    assert len(families) == 1, families
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Nr")
    widths = [int(c.get(qn("w:w"))) for c in plan._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] * 3 < widths[1]  # "Nr" is narrow, "Villkor" wide


def test_egenforsakran_cells_are_content_controls(docx_path):
    document = Document(str(docx_path))
    controls = list(document.element.body.iter(qn("w:sdt")))
    aliases = [c.find(qn("w:sdtPr")).find(qn("w:alias")).get(qn("w:val")) for c in controls]
    assert "Organisationens namn – Ifylls av Anbudsgivaren" in aliases
    assert "Namnförtydligande – Ifylls av Anbudsgivaren" in aliases
    assert all(c.find(qn("w:sdtPr")).find(qn("w:text")) is not None for c in controls)


def test_libreoffice_shows_the_heading_numbers(docx_path, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice eller pdftotext saknas")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], capture_output=True, check=True, timeout=300)
    text = subprocess.run(["pdftotext", str(tmp_path / f"{STEM}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = {line.strip() for line in text.replace("\u00a0", " ").split("\n")}
    for heading in ("1 Administrativa föreskrifter", "1.1 Inledning", "2 Krav på leverantören",
                    "2.6 Krav på anbudsgivaren som idéburen organisation", "Bilaga 1 Anbudsformulär",
                    "Bilaga 2 Egenförsäkran – idéburen organisation",
                    # inside the appendices, each appendix's own list, restarting at 1
                    "1. Anbudsgivare", "7. Försäkran", "1 Parter, uppdrag och kontraktshandlingar",
                    "11.1 Särskilda kontraktsvillkor om idéburen ställning", "15 Underskrifter"):
        assert heading in lines, heading
    assert "avsnitt 2.6" in squash(text)
    assert "punkt 11.1 i" in squash(text)  # the REF to a point inside the contract, as LibreOffice computes it


def test_word_skeleton_script_help_writes_nothing(tmp_path):
    import sys

    for script in ("make_word_skeleton.py", "serve_screenshot.py"):
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "usage:" in result.stdout, result.stderr
    assert not any(tmp_path.iterdir())
    target = tmp_path / "skeleton.docx"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_word_skeleton.py"), "--out", str(target)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and Document(str(target)).styles["Heading 1"].font.name == "Arial"


def _cover_of(folder: Path) -> tuple[bool, bool]:
    """(DOCX has a TOC field, HTML has the cover section) of the one tender in ``folder``."""
    from conftest import tender_file

    document = Document(str(tender_file(folder, "25a", "docx")))
    toc = any(i.text.strip().startswith("TOC ") for i in document.element.body.iter(qn("w:instrText")))
    html = tender_file(folder, "25a", "html").read_text(encoding="utf-8")
    return toc, 'aria-label="Försättsblad"' in html and ">Innehåll</h2>" in html


def test_cover_and_contents_follow_the_case_then_the_template_then_the_length(tmp_path):
    """Issue 16 item 2: on by default for a long tender; a case file (cover: false) or a template turns
    them off, and the case file wins over the template."""
    sample = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    plan = templates / "tender.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nbody:", "\ncover: false\nbody:", 1), encoding="utf-8")
    runs = {
        "default": (sample, ()),
        "case-off": (sample + "cover: false\n", ()),
        "template-off": (sample, ("--templates", str(templates))),
        "case-on-over-template": (sample + "cover: true\n", ("--templates", str(templates))),
    }
    seen = {}
    for name, (text, extra) in runs.items():
        case = tmp_path / f"{name}.yaml"
        case.write_text(text, encoding="utf-8")
        out = tmp_path / name
        result = run_docgen("tender", "--data", str(case), "--out", str(out), "--format", "docx,html", *extra)
        assert result.returncode == 0, result.stderr
        seen[name] = _cover_of(out)
    assert seen == {"default": (True, True), "case-off": (False, False), "template-off": (False, False),
                    "case-on-over-template": (True, True)}
