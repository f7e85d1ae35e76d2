"""Shared helpers: run the CLI as a user would, and read documents the way a person does."""

from __future__ import annotations

import os
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


def docx_text(path: Path) -> str:
    """All visible text of a DOCX (body paragraphs, tables, headers and footers) via python-docx."""
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """Text of a PDF via poppler's pdftotext (installed by .ci/run)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) saknas")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def libreoffice_text(path: Path, tmp: Path) -> str:
    """Open a DOCX in LibreOffice (headless) and return the text it sees."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice saknas")
    out_dir = tmp / "lo"
    profile = tmp / "lo-profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text",
                    "--outdir", str(out_dir), str(path)], capture_output=True, check=True, timeout=180)
    return (out_dir / (path.stem + ".txt")).read_text(encoding="utf-8-sig")


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
