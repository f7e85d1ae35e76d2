"""`docgen check --watch`: the checks run again after a save, the saved file's problems first."""

from __future__ import annotations

from pathlib import Path

from generator.checks.watch import changed, first_those_of, stamps, watch
from generator.findings import ERROR, Finding


def test_a_save_runs_the_checks_again_with_the_files_saved(tmp_path: Path):
    clause = tmp_path / "clauses" / "a.md"
    clause.parent.mkdir()
    clause.write_text("före\n", encoding="utf-8")
    (tmp_path / "clauses" / ".a.md.swp").write_text("editor", encoding="utf-8")
    runs: list[list[str]] = []
    looks = iter([lambda: None, lambda: clause.write_text("efter, längre\n", encoding="utf-8"), lambda: None,
                  lambda: None, lambda: None])

    watch([tmp_path / "clauses", None], runs.append, rounds=3, sleep=lambda _seconds: next(looks)())
    assert runs == [[], [str(clause)]]


def test_stamps_see_added_and_removed_files(tmp_path: Path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    before = stamps([tmp_path])
    (tmp_path / "a.md").unlink()
    (tmp_path / "b.md").write_text("y", encoding="utf-8")
    assert changed(before, stamps([tmp_path])) == [str(tmp_path / "a.md"), str(tmp_path / "b.md")]


def test_the_saved_clauses_problems_come_first(tmp_path: Path):
    saved, other = tmp_path / "saved.md", tmp_path / "other.md"
    problems = [Finding(ERROR, "x", "annan", "", str(other), 1), Finding(ERROR, "y", "sparad", "", str(saved), 3)]
    assert [p.message for p in first_those_of(problems, [str(saved)])] == ["sparad", "annan"]
