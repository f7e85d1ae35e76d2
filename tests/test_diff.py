"""`docgen diff`: word-level redlines as tracked changes that LibreOffice recognises, and as HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, run_docgen

from generator.redline import DELETE, EQUAL, INSERT, diff_paragraphs, diff_words

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"
OLD_SENTENCE = "Annars utgår vite med"
NEW_SENTENCE = "Därefter utgår vite med"


def git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-02T10:00:00Z", GIT_COMMITTER_DATE="2026-01-02T10:00:00Z")
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Jurist", "-c", "user.email=jurist@example.se", *args],
                   check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "check" / "clauses", root / "clauses")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Bibliotek")
    values = root / "clauses" / "general" / "values.md"
    text = values.read_text(encoding="utf-8")
    assert OLD_SENTENCE in text
    values.write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")
    git(root, "commit", "-qam", "En mening ändrad")
    return root


def tracked_changes(fodt: Path) -> list[tuple[str, str, str]]:
    """(kind, author, text) for every tracked change LibreOffice lists in a flat ODF text document."""
    root = ET.parse(fodt).getroot()
    regions = {}
    for region in root.iter(f"{{{TEXT}}}changed-region"):
        rid = region.get(f"{{{TEXT}}}id")
        for kind in ("insertion", "deletion", "format-change"):
            node = region.find(f"{{{TEXT}}}{kind}")
            if node is not None:
                creator = node.find(f".//{{{DC}}}creator")
                stored = "".join("".join(p.itertext()) for p in node.findall(f"{{{TEXT}}}p"))
                regions[rid] = [kind, creator.text if creator is not None else "", stored]
    active: list[str] = []

    def walk(element):
        tag = element.tag
        if tag == f"{{{TEXT}}}change-start":
            active.append(element.get(f"{{{TEXT}}}change-id"))
        elif tag == f"{{{TEXT}}}change-end":
            active.remove(element.get(f"{{{TEXT}}}change-id"))
        elif element.text and active:
            for rid in active:
                regions[rid][2] += element.text
        for child in element:
            walk(child)
            if child.tail and active:
                for rid in active:
                    regions[rid][2] += child.tail

    body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    walk(body)
    return [tuple(value) for value in regions.values()]


def libreoffice_fodt(docx: Path, tmp: Path) -> Path:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice saknas")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--convert-to", "fodt",
                    "--outdir", str(tmp / "lo"), str(docx)], capture_output=True, check=True, timeout=180)
    return tmp / "lo" / (docx.stem + ".fodt")


def test_word_diff_marks_only_the_changed_words():
    assert diff_words("Annars utgår vite med 5 kr.", "Därefter utgår vite med 5 kr.") == [
        (DELETE, "Annars"), (INSERT, "Därefter"), (EQUAL, " utgår vite med 5 kr.")]
    assert diff_words("inom 14 dagar", "inom 30 dagar") == [(EQUAL, "inom "), (DELETE, "14"), (INSERT, "30"), (EQUAL, " dagar")]


def test_paragraphs_pair_up_or_become_whole_insertions_and_deletions():
    out = diff_paragraphs(["Första stycket om vite.", "Helt annat innehåll här."],
                          ["Första stycket om viten.", "Något nytt och ovanligt."])
    assert out[0].status == EQUAL and (DELETE, "vite") in out[0].segments and (INSERT, "viten") in out[0].segments
    assert [p.status for p in out[1:]] == [DELETE, INSERT]


def test_two_git_revisions_give_tracked_changes_that_libreoffice_lists(repo: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_docgen("diff", "HEAD~1", "HEAD", "--repo", str(repo), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 klausul ändrad: 1 ord tillagt, 1 ord borttaget" in result.stderr.splitlines()
    changes = tracked_changes(libreoffice_fodt(out / "redline.docx", tmp_path))
    assert sorted(changes) == [("deletion", "docgen", "Annars"), ("insertion", "docgen", "Därefter")]


def test_html_redline_and_only_changed_clauses(repo: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_docgen("diff", "HEAD~1", "HEAD", "--repo", str(repo), "--out", str(out)).returncode == 0
    html = (out / "redline.html").read_text(encoding="utf-8")
    assert "<del>Annars</del><ins>Därefter</ins> utgår vite med" in html
    assert "general/values – Vite" in html and "general/intro" not in html


def test_two_library_directories_with_new_and_removed_clause(tmp_path: Path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "check" / "clauses", old)
    shutil.copytree(FIXTURES / "check" / "clauses", new)
    (new / "appendix" / "form.md").unlink()
    shutil.copy(old / "general" / "intro.md", new / "general" / "intro2.md")
    out = tmp_path / "out"
    result = run_docgen("diff", str(old), str(new), "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = (out / "redline.html").read_text(encoding="utf-8")
    assert "appendix/form – Formulär <span class=\"status\">(borttagen)</span>" in html
    assert "general/intro2 – Inledning <span class=\"status\">(ny)</span>" in html
    assert '<p class="whole-delete"><del>| Uppgift | Svar |' in html


def test_two_generated_documents(tmp_path: Path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("# Avtal\n\nLeverantören ska rapportera årligen.\n\nOförändrat stycke.\n", encoding="utf-8")
    new.write_text("# Avtal\n\nLeverantören ska rapportera kvartalsvis.\n\nOförändrat stycke.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_docgen("diff", str(old), str(new), "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = (out / "redline.html").read_text(encoding="utf-8")
    assert "rapportera <del>årligen</del><ins>kvartalsvis</ins>." in html
    assert result.stderr.splitlines() == ["1 stycke ändrat: 1 ord tillagt, 1 ord borttaget"]  # issue 17: grammar


def test_counts_agree_in_number():
    from generator.commands.diff import count_phrase

    assert count_phrase(1, "klausul ändrad", "klausuler ändrade") == "1 klausul ändrad"
    assert count_phrase(2, "klausul ändrad", "klausuler ändrade") == "2 klausuler ändrade"
    assert count_phrase(0, "stycke ändrat", "stycken ändrade") == "0 stycken ändrade"


def test_same_input_gives_the_same_bytes(repo: Path, tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    run_docgen("diff", "HEAD~1", "HEAD", "--repo", str(repo), "--out", str(first))
    run_docgen("diff", "HEAD~1", "HEAD", "--repo", str(repo), "--out", str(second))
    assert (first / "redline.docx").read_bytes() == (second / "redline.docx").read_bytes()


def test_unknown_revision_is_one_line_exit_2(repo: Path, tmp_path: Path):
    result = run_docgen("diff", "HEAD~1", "nosuchrev", "--repo", str(repo), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "nosuchrev" in result.stderr
    assert not (tmp_path / "out").exists()
