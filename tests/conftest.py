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
                label = re.sub(r"%(\d)", lambda m, count=count: str(max(count[int(m.group(1)) - 1], 1)), pattern)
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


# --- markers: unit (in-process) or cli (end to end) ------------------------------------------------------
# A test that runs docgen as a user does (a subprocess, click's runner, a served app, a browser) – itself,
# through a helper of its module or through a fixture – is marked ``cli``; every other test is ``unit``.
# `pytest -m unit` is the quick loop; the README's `python -m pytest -q` runs both.
_END_TO_END = ("run_docgen(", "subprocess.", "CliRunner", "running_app", "playwright", "sync_playwright")


def _runs_docgen(function, module, seen: set) -> bool:
    import inspect

    if function is None or id(function) in seen:
        return False
    seen.add(id(function))
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    if any(token in source for token in _END_TO_END):
        return True
    code = getattr(function, "__code__", None)
    names = set(code.co_names) | {c.co_name for c in (code.co_consts if code else ()) if hasattr(c, "co_name")} \
        if code else set()
    return any(_runs_docgen(getattr(module, name, None), module, seen) for name in names
               if inspect.isfunction(getattr(module, name, None)))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("cli") is not None:
            continue   # marked by hand: a sweep over every sample through a face (issue 25: the unit loop stays short)
        function = getattr(item, "function", None)
        module = getattr(item, "module", None)
        seen: set = set()
        e2e = _runs_docgen(function, module, seen)
        info = getattr(item, "_fixtureinfo", None)
        for defs in (info.name2fixturedefs.values() if info else ()):
            if e2e:
                break
            fixture = defs[-1].func
            e2e = _runs_docgen(fixture, __import__(fixture.__module__, fromlist=["_"]), seen)
        item.add_marker(pytest.mark.cli if e2e else pytest.mark.unit)

