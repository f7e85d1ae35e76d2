"""Provenance: the manifest and the "Dokumentunderlag" appendix, and `docgen verify` after a clause changes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, docx_text, run_docgen, squash


@pytest.fixture
def generated(tmp_path: Path) -> dict[str, Path]:
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "check", lib)
    (lib / "clauses" / "appendix" / "dokumentunderlag.md").write_bytes(
        (ROOT / "clauses" / "appendix" / "dokumentunderlag.md").read_bytes())
    template = lib / "templates" / "tender.yaml"
    template.write_text(template.read_text(encoding="utf-8") + "  - clause: appendix/dokumentunderlag\n", encoding="utf-8")
    # the internal record written beside every tender, numbered as this library's tender
    shutil.copyfile(ROOT / "templates" / "tender-dokumentunderlag.yaml", lib / "templates" / "tender-dokumentunderlag.yaml")
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "25a", "--data", str(lib / "samples" / "tender-25a.yaml"),
                        "--clauses", str(lib / "clauses"), "--templates", str(lib / "templates"),
                        "--format", "docx,md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {"lib": lib, "clauses": lib / "clauses", "docx": out / "test-25a-dnr-1.docx", "out": out}


def verify(paths: dict[str, Path]):
    return run_docgen("verify", str(paths["docx"]), "--clauses", str(paths["clauses"]),
                      "--templates", str(paths["lib"] / "templates"))


def test_a_changed_document_template_or_word_skeleton_is_reported(generated):
    manifest = json.loads((generated["out"] / "test-25a-dnr-1.manifest.json").read_text(encoding="utf-8"))
    assert [t["file"] for t in manifest["templates"]] == ["tender.yaml", "word/default.docx"]
    assert verify(generated).returncode == 0
    template = generated["lib"] / "templates" / "tender.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace("title:", "title: Nytt", 1), encoding="utf-8")
    result = verify(generated)
    assert result.returncode == 1 and "mallen tender.yaml har ändrats sedan dokumentet skapades" in result.stdout
    # an own Word skeleton in the templates folder is compared in place of the bundled one
    (generated["lib"] / "templates" / "word").mkdir(exist_ok=True)
    (generated["lib"] / "templates" / "word" / "default.docx").write_bytes(b"not the skeleton that was used")
    result = verify(generated)
    assert "mallen word/default.docx har ändrats" in result.stdout


def test_manifest_lists_version_case_hash_clauses_and_legal_bases(generated):
    manifest = json.loads((generated["out"] / "test-25a-dnr-1.manifest.json").read_text(encoding="utf-8"))
    assert manifest["docgen_version"]
    assert len(manifest["case"]["sha256"]) == 64
    ids = [c["id"] for c in manifest["clauses"]]
    assert ids == ["definition/leverantoren", "general/intro", "general/values", "appendix/form", "appendix/dokumentunderlag"]
    assert all(len(c["sha256"]) == 64 and c["version"] == "1.0.0" for c in manifest["clauses"])
    assert "19 kap. 25 a § LOU" in manifest["legal_basis"]


def test_document_has_a_dokumentunderlag_appendix(generated):
    manifest = json.loads((generated["out"] / "test-25a-dnr-1.manifest.json").read_text(encoding="utf-8"))
    text = squash(docx_text(generated["docx"]))
    assert "Bilaga 2 Dokumentunderlag" in text
    values = next(c for c in manifest["clauses"] if c["id"] == "general/values")
    assert f"general/values | 1.0.0 | {values['sha256'][:16]}" in text
    assert manifest["case"]["sha256"][:16] in text
    assert "17 kap. 1 § LOU" in text


def test_verify_unchanged_library_exits_0(generated):
    result = verify(generated)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 av 5 klausuler oförändrade; dokumentet är oförändrat" in result.stdout


def test_verify_detects_a_changed_clause(generated):
    path = generated["clauses"] / "general" / "values.md"
    path.write_text(path.read_text(encoding="utf-8").replace("ska ske inom", "ska alltid ske inom"), encoding="utf-8")
    result = verify(generated)
    assert result.returncode == 1
    assert "general/values: klausulen har ändrats sedan dokumentet skapades" in result.stdout
    assert "general/intro" not in result.stdout
    assert "4 av 5 klausuler oförändrade" in result.stdout


def test_verify_reports_a_new_version_and_a_removed_clause(generated):
    path = generated["clauses"] / "general" / "intro.md"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0"), encoding="utf-8")
    (generated["clauses"] / "appendix" / "form.md").unlink()
    result = verify(generated)
    assert result.returncode == 1
    assert "general/intro: klausulen har ändrats sedan dokumentet skapades (version 1.0.0 → 1.1.0)" in result.stdout
    assert "appendix/form: klausulen finns inte längre i biblioteket" in result.stdout


def test_verify_detects_an_edited_document(generated):
    data = generated["docx"].read_bytes()
    generated["docx"].write_bytes(data + b"\0")
    result = verify(generated)
    assert result.returncode == 1
    assert "dokumentet har ändrats sedan docgen skrev det" in result.stdout


def test_verify_without_manifest_is_one_line_exit_2(generated, tmp_path):
    lone = tmp_path / "lone.docx"
    shutil.copy(generated["docx"], lone)
    result = run_docgen("verify", str(lone), "--clauses", str(generated["clauses"]))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "manifestfilen saknas" in result.stderr
