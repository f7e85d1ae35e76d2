"""Shared helpers: run the CLI as a user would, and read documents the way a person does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_docgen(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run ``python -m generator ARGS`` from this checkout; returns the completed process (text)."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def _heading_num_pr(paragraph):
    """The numPr a heading paragraph takes its number from: its own, else its style's (or base style's)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return spr.numPr
        style = style.base_style
    return None


def docx_paragraph_texts(document) -> list[str]:
    """Body paragraphs as Word shows them: a heading with its list number ("4.2 Title", "Bilaga 1 Title")
    computed from the numbering definitions, as Word counts it."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstract_of = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                   for n in numbering.findall(qn("w:num"))}
    level_texts = {a.get(qn("w:abstractNumId")): {lv.get(qn("w:ilvl")): lv.find(qn("w:lvlText")).get(qn("w:val"))
                                                  for lv in a.findall(qn("w:lvl")) if lv.find(qn("w:lvlText")) is not None}
                   for a in numbering.findall(qn("w:abstractNum"))}
    counters: dict[str, list[int]] = {}
    texts = []
    for paragraph in document.paragraphs:
        label = ""
        name = paragraph.style.name if paragraph.style is not None else ""
        num_pr = _heading_num_pr(paragraph) if name.startswith("Heading") or name == "Bilaga" else None
        if num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0:
            abstract = abstract_of.get(str(num_pr.numId.val))
            level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            pattern = level_texts.get(abstract, {}).get(str(level))
            if pattern is not None:
                count = counters.setdefault(abstract, [0] * 9)
                count[level] += 1
                count[level + 1:] = [0] * (8 - level)
                label = re.sub(r"%(\d)", lambda m: str(max(count[int(m.group(1)) - 1], 1)), pattern)
        texts.append(f"{label} {paragraph.text}" if label else paragraph.text)
    return texts


def docx_text(path: Path) -> str:
    """All visible text of a DOCX (body paragraphs with their heading numbers, tables, headers and
    footers) via python-docx."""
    from docx import Document

    document = Document(str(path))
    parts = docx_paragraph_texts(document)
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts).replace("\u00a0", " ")  # a non-breaking space reads as a space


def pdf_text(path: Path) -> str:
    """Text of a PDF via poppler's pdftotext (installed by .ci/run)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) saknas")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.replace("\u00a0", " ").replace("\u2010\n", "")  # read as a person does: no hyphenation


def libreoffice_text(path: Path, tmp: Path) -> str:
    """Open a DOCX in LibreOffice (headless) and return the text it sees."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice saknas")
    out_dir = tmp / "lo"
    profile = tmp / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text",
                    "--outdir", str(out_dir), str(path)], capture_output=True, check=True, timeout=180)
    return (out_dir / (path.stem + ".txt")).read_text(encoding="utf-8-sig").replace("\u00a0", " ")


def squash(text: str) -> str:
    """Collapse whitespace (and non-breaking spaces) so phrases wrapped over lines still match."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def docgen():
    return run_docgen


def tender_file(folder: Path, route: str, suffix: str) -> Path:
    """The one tender document of ``route`` in ``folder``: names carry the case's diarienummer
    (``upphandlingsdokument-25a-von-2026-412.md``, issue 17), so a test that writes one case per folder
    need not spell it."""
    found = [p for p in folder.glob(f"upphandlingsdokument-{route}-*.{suffix}")]
    assert len(found) == 1, (folder, route, suffix, sorted(p.name for p in folder.iterdir()))
    return found[0]
