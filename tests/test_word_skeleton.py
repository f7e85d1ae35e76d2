"""A municipality's own Word skeleton: swapped in with --templates, tags split across runs still work."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from conftest import ROOT, docx_text, run_docgen, squash


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
    document = Document(str(tmp_path / "out" / "upphandlingsdokument-25a.docx"))
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Ekeby kommun – egen mall · Norrviks kommun · Dnr VON 2026/412"
    assert "19 kap. 25 a § LOU" in squash(docx_text(tmp_path / "out" / "upphandlingsdokument-25a.docx"))


def test_ampersand_and_angle_brackets_in_header_values(tmp_path):
    case = tmp_path / "case.yaml"
    text = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("reference: VON 2026/412", 'reference: "VON 2026/412 <A&B>"'), encoding="utf-8")
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = Document(str(tmp_path / "out" / "upphandlingsdokument-25a.docx"))
    assert "Dnr VON 2026/412 <A&B>" in document.sections[0].header.paragraphs[0].text
