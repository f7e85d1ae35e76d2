"""`docgen check` renders each sample once per run, and not at all when nothing it reads has changed
(the cache by content); a changed sample is rendered again."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

from generator.build import watch
from generator.checks import run_checks


def test_unchanged_samples_come_from_the_cache_and_a_changed_one_is_rendered_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "samples" / "policy-borg.yaml", samples)
    shutil.copy(ROOT / "samples" / "iop-night-shelter.yaml", samples)
    monkeypatch.setattr("os.cpu_count", lambda: 1)   # in-process, so the builds can be watched

    def rendered(run) -> list[str]:
        with watch() as builds:
            result = run()
        rendered.result = result
        return sorted(Path(b.loaded.source).name for b in builds)

    assert rendered(lambda: run_checks(ROOT / "clauses", ROOT / "templates", samples)) == [
        "iop-night-shelter.yaml", "policy-borg.yaml"]
    first = rendered.result
    assert rendered(lambda: run_checks(ROOT / "clauses", ROOT / "templates", samples)) == []
    assert rendered.result == first
    changed = samples / "policy-borg.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    assert rendered(lambda: run_checks(ROOT / "clauses", ROOT / "templates", samples)) == ["policy-borg.yaml"]


def test_an_edited_clause_renders_again_only_the_samples_that_hold_it_and_no_pdf(tmp_path: Path, monkeypatch):
    """The lawyers' loop: one sentence added to a policy clause renders the policy sample again, not the
    IOP one; check renders no PDF (no PDF-layout rule is registered) and finds the edit's mistake."""
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", lib / "clauses")
    (lib / "samples").mkdir()
    for name in ("policy-borg.yaml", "iop-night-shelter.yaml"):
        shutil.copy(ROOT / "samples" / name, lib / "samples")

    def run():
        with watch() as builds:
            problems = run_checks(lib / "clauses", ROOT / "templates", lib / "samples")
        return sorted(Path(b.loaded.source).name for b in builds), builds, problems

    names, builds, _ = run()
    assert names == ["iop-night-shelter.yaml", "policy-borg.yaml"]
    assert all(not name.endswith(".pdf") for b in builds for r in b.documents for name in r.files)
    assert all(any(name.endswith(".docx") for name in r.files) for b in builds for r in b.documents)
    clause = lib / "clauses" / "policy" / "borg" / "purpose.md"
    clause.write_text(clause.read_text(encoding="utf-8") + "\nSe även {{ ref('clause/som-inte-finns') }}.\n",
                      encoding="utf-8")
    names, _, problems = run()
    assert names == []   # the lint finds the broken ref() first; the samples wait for a library that loads
    assert any(p.file == str(clause) and p.code.startswith("ref") for p in problems), problems
    clause.write_text(clause.read_text(encoding="utf-8").replace("Se även {{ ref('clause/som-inte-finns') }}.",
                                                                 "Policyn gäller även underleverantörer."),
                      encoding="utf-8")
    names, builds, problems = run()
    assert names == ["policy-borg.yaml"]
    assert "Policyn gäller även underleverantörer." in builds[0].main.document.markdown
    unused = lib / "clauses" / "iop" / "goals.md"
    assert unused.exists(), "pick another IOP clause the policy sample does not hold"
    unused.write_text(unused.read_text(encoding="utf-8") + "\nParterna samråder löpande.\n", encoding="utf-8")
    assert run()[0] == ["iop-night-shelter.yaml"]


def test_on_a_terminal_check_names_the_sample_it_renders(tmp_path: Path, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "samples" / "policy-dala.yaml", samples)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run_checks(ROOT / "clauses", ROOT / "templates", samples)
    assert "docgen check: exempel 1/1: policy-dala.yaml" in terminal.getvalue()
    terminal.seek(0)
    terminal.truncate()
    run_checks(ROOT / "clauses", ROOT / "templates", samples)   # from the cache: nothing to show
    assert terminal.getvalue() == ""
