"""A municipality's own Word skeleton: swapped in with --templates, tags split across runs still work."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, docx_text, run_docgen, squash
from docx import Document
from docx.shared import Pt


def make_skeleton(path: Path) -> None:
    """A skeleton as Word often saves it: the header's Jinja tags broken over several runs."""
    document = Document(str(ROOT / "templates" / "word" / "default.docx"))
    header = document.sections[0].header.paragraphs[0]
    for run in list(header.runs):
        run._r.getparent().remove(run._r)
    for piece in ("Ekeby kommun – egen mall · ", "{{ auth", "ority_na", "me }}", " · Dnr {", "{ reference }}"):
        header.add_run(piece)
    document.save(str(path))


def test_own_skeleton_with_split_tags(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    make_skeleton(templates / "word" / "default.docx")
    result = run_docgen("tender", "--route", "25a", "--templates", str(templates), "--out", str(tmp_path / "out"),
                        "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = Document(str(tmp_path / "out" / "upphandlingsdokument-25a-von-2026-412.docx"))
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Ekeby kommun – egen mall · Norrviks kommun · Dnr VON 2026/412"
    assert "19 kap. 25 a § LOU" in squash(docx_text(tmp_path / "out" / "upphandlingsdokument-25a-von-2026-412.docx"))


def test_ampersand_and_angle_brackets_in_header_values(tmp_path):
    case = tmp_path / "case.yaml"
    text = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("reference: VON 2026/412", 'reference: "VON 2026/412 <A&B>"'), encoding="utf-8")
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = Document(str(tmp_path / "out" / "upphandlingsdokument-25a-von-2026-412-a-b.docx"))
    assert "Dnr VON 2026/412 <A&B>" in document.sections[0].header.paragraphs[0].text

# --- the body goes where {{p body }} stands -----------------------------------------------------

def _templates_with(tmp: Path, build) -> Path:
    templates = tmp / "templates"
    shutil.copytree(ROOT / "templates", templates)
    document = Document()
    build(document)
    document.save(str(templates / "word" / "default.docx"))
    return templates


def test_own_skeleton_keeps_its_header_text_and_gets_the_body_in_place(tmp_path: Path):
    def build(document):
        document.sections[0].header.paragraphs[0].text = "Ekeby kommun – {{ authority_name }} – {{ reference }}"
        document.add_paragraph("Ekeby kommuns försättsblad")
        document.add_paragraph("{{p body }}")
        document.add_paragraph("Slut på dokumentet")
        document.styles["Normal"].font.size = Pt(12)

    templates = _templates_with(tmp_path, build)
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "25a", "--format", "docx", "--out", str(out), "--templates", str(templates))
    assert result.returncode == 0, result.stderr
    docx_path = out / "upphandlingsdokument-25a-von-2026-412.docx"
    text = squash(docx_text(docx_path))
    assert "Ekeby kommun – Norrviks kommun – VON 2026/412" in text
    paragraphs = [p.text for p in Document(str(docx_path)).paragraphs]
    first, last = paragraphs.index("Ekeby kommuns försättsblad"), paragraphs.index("Slut på dokumentet")
    body = squash(" ".join(paragraphs[first + 1:last]))
    assert "19 kap. 25 a §" in body and "Egenförsäkran" in body  # the whole body sits between the two
    assert "{{" not in " ".join(paragraphs)


def test_skeleton_without_the_body_paragraph_is_refused_and_nothing_is_written(tmp_path: Path):
    templates = _templates_with(tmp_path, lambda document: document.add_paragraph("Här saknas platsen för texten"))
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "25a", "--format", "docx,md", "--out", str(out), "--templates", str(templates))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "{{p body }}" in result.stderr and str(templates / "word" / "default.docx") in result.stderr
    assert not out.exists()
