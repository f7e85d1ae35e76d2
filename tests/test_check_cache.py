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
