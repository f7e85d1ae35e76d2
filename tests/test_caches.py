"""docgen's cache folder (issue 25): compiled clause texts and the parsed library are kept by content; an
edit is seen at once, and a damaged cache is only work done again, never a different document."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

import generator.library as library
import generator.render as render


def test_a_compiled_clause_text_is_read_back_and_a_damaged_one_compiled_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(render, "_CACHE", {})
    source = "Avgiften är {{ belopp | money }} per månad.\n"
    assert render.render_text(source, {"belopp": 1500}, "avgift.md", str) == "Avgiften är 1 500 kr per månad.\n"
    [stored] = list((tmp_path / "jinja").rglob("*.bin"))
    render._CACHE.clear()
    assert render.render_text(source, {"belopp": 2500}, "avgift.md", str) == "Avgiften är 2 500 kr per månad.\n"
    stored.write_bytes(b"not marshal data")
    render._CACHE.clear()
    assert render.render_text(source, {"belopp": 900}, "avgift.md", str) == "Avgiften är 900 kr per månad.\n"
    edited = source.replace("per månad", "per år")
    assert render.render_text(edited, {"belopp": 900}, "avgift.md", str) == "Avgiften är 900 kr per år.\n"
    assert len(list((tmp_path / "jinja").rglob("*.bin"))) == 2


def test_the_parsed_library_is_kept_and_an_edited_clause_parsed_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(library, "_PARSED", {})
    root = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", root)
    first = library.load_library(root)
    assert list((tmp_path / "cache" / "clauses").glob("*.pickle"))
    library._PARSED.clear()
    parsed: list[Path] = []
    real = library.parse_clause
    monkeypatch.setattr(library, "parse_clause", lambda text, path: parsed.append(path) or real(text, path))
    again = library.load_library(root)
    assert parsed == [] and again.get("policy/borg/purpose").body == first.get("policy/borg/purpose").body
    clause = root / "policy" / "borg" / "purpose.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("title:", "title: Ändrad –", 1), encoding="utf-8")
    library._PARSED.clear()
    edited = library.load_library(root)
    assert parsed == [clause]
    assert edited.get("policy/borg/purpose").meta.title.startswith("Ändrad –")


def test_a_table_is_laid_out_once_per_text_with_the_fonts_widths():
    from generator.writers import layout

    rows = [["Vad", "När", "Underlag"], ["Lägesrapport om verksamheten", "två gånger per år", "skriftlig rapport"]]
    first = layout.column_widths(rows)
    assert first == layout._column_widths(rows) and layout.column_widths(rows) == first
    assert layout.text_width("ijl") == 1.5 and layout.text_width("W") == 2.0   # DejaVu Sans, not a flat 1.2
