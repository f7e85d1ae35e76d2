"""Accessible and archivable PDF: tagged PDF/UA-1 by default (language, outline, title shown), PDF/A-2
on request, form fields where the bidder fills in, byte-identical reruns."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import run_docgen

STEM = "upphandlingsdokument-25a-von-2026-412"  # the template name and the diarienummer


def _pdfinfo(path: Path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) saknas")
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def default_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ua")
    result = run_docgen("tender", "--route", "25a", "--out", str(out), "--format", "pdf", timeout=600)
    assert result.returncode == 0, result.stderr
    return out / f"{STEM}.pdf"


def _outline(pdf: pikepdf.Pdf) -> list[str]:
    titles: list[str] = []
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
    return titles


def test_default_pdf_is_tagged_pdf_ua_in_swedish_with_an_outline(default_pdf):
    assert "Tagged:          yes" in _pdfinfo(default_pdf)
    with pikepdf.open(default_pdf) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE"
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"].startswith("Upphandlingsdokument – Drift av särskilt boende")
        titles = _outline(pdf)
    for heading in ("1 Administrativa föreskrifter", "1.1 Inledning",
                    "2.6 Krav på anbudsgivaren som idéburen organisation", "Bilaga 1 Anbudsformulär",
                    "Bilaga 2 Egenförsäkran – idéburen organisation"):
        assert heading in titles, titles


def test_egenforsakran_has_form_fields_named_by_row_and_column(default_pdf):
    with pikepdf.open(default_pdf) as pdf:
        fields = pdf.Root.AcroForm.Fields
        labels = [str(field.get("/TU", "")) for field in fields]
        kinds = {str(field.get("/FT")) for field in fields}
    assert kinds == {"/Tx"}
    assert "Organisationens namn – Ifylls av Anbudsgivaren" in labels
    assert "Namnförtydligande – Ifylls av Anbudsgivaren" in labels
    assert len(set(str(f) for f in labels)) >= 15


def test_pdf_a_2_variant_carries_its_identification_and_reruns_identically(tmp_path):
    runs = []
    for name in ("one", "two"):
        out = tmp_path / name
        result = run_docgen("iop", "--out", str(out), "--format", "pdf", "--pdf-variant", "a-2b")
        assert result.returncode == 0, result.stderr
        runs.append(next(out.glob("*.pdf")))
    assert runs[0].read_bytes() == runs[1].read_bytes()
    with pikepdf.open(runs[0]) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert "/OutputIntents" in pdf.Root and str(pdf.Root.Lang) == "sv-SE"
    assert "Tagged:          yes" in _pdfinfo(runs[0])


def test_unknown_pdf_variant_is_refused(tmp_path):
    result = run_docgen("iop", "--out", str(tmp_path), "--format", "pdf", "--pdf-variant", "x-1")
    assert result.returncode == 2 and "--pdf-variant" in result.stderr
    assert not any(tmp_path.iterdir())
