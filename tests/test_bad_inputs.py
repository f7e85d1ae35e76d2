"""The bad-input corpus: every file in tests/bad_inputs/ gives exit 2 and one clear line, writes nothing.

Each file's expected error is in tests/bad_inputs/EXPECTED.yaml. The CLI runs as a real subprocess
(exit code, stderr exactly as a user sees them); the runs are started together so the corpus costs
about as much wall time as the slowest few files, and each file is still its own test.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_docgen

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED: dict[str, dict] = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
FOLDERS = ("cases", "clauses", "templates")


def corpus_files() -> list[str]:
    return sorted(p.relative_to(CORPUS).as_posix() for folder in FOLDERS for p in (CORPUS / folder).iterdir())


def command_for(name: str, work: Path) -> list[str]:
    """The docgen command line that feeds corpus file ``name`` to the CLI, in scratch folder ``work``."""
    spec = EXPECTED.get(name, {})
    source = CORPUS / name
    folder = name.split("/", 1)[0]
    args = ["tender", "--route", str(spec.get("route", "25a")), "--out", str(work / "out"),
            "--format", str(spec.get("format", "md"))]
    if folder == "cases":
        return args + ["--data", str(source)]
    lib = work / "lib"
    shutil.copytree(FIXTURES / "lib", lib)
    target = lib / "clauses" / "general" / "intro.md" if folder == "clauses" else lib / "templates" / "tender.yaml"
    shutil.copyfile(source, target)
    return args + ["--data", str(FIXTURES / "case-min.yaml"), "--clauses", str(lib / "clauses"),
                   "--templates", str(lib / "templates")]


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory):
    """Run every corpus file once (in parallel); returns {name: (process, scratch folder)}."""
    root = tmp_path_factory.mktemp("bad_inputs")

    def run(index_name):
        index, name = index_name
        work = root / f"{index:03d}"
        work.mkdir()
        return name, (run_docgen(*command_for(name, work)), work)

    with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) * 2)) as pool:
        return dict(pool.map(run, enumerate(corpus_files())))


def test_corpus_is_large_and_fully_described():
    files = corpus_files()
    assert len(files) >= 60
    assert sorted(EXPECTED) == files, "every corpus file needs an entry in EXPECTED.yaml and vice versa"


def assert_one_clear_line(result, expect, line: int | None, shown_name: str) -> str:
    assert result.returncode == 2, f"exit {result.returncode}: {result.stderr}"
    assert "Traceback" not in result.stderr and "internt fel" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert message.startswith("docgen: fel: ")
    for fragment in [expect] if isinstance(expect, str) else expect:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    if line is not None:
        assert f"{shown_name}:{line}:" in message, f"{shown_name}:{line} not in {message!r}"
    return message


@pytest.mark.parametrize("name", corpus_files())
def test_bad_input_gives_one_line_and_writes_nothing(name, corpus_runs):
    spec = EXPECTED[name]
    result, work = corpus_runs[name]
    folder, filename = name.split("/", 1)
    shown = {"cases": filename, "clauses": "general/intro.md", "templates": "tender.yaml"}[folder]
    assert_one_clear_line(result, spec["expect"], spec.get("line"), shown)
    assert result.stdout == ""
    assert not (work / "out").exists()


def test_fifty_megabyte_case_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # generated here, never committed
        handle.write(b"document: tender\nroute: 25a\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    result = run_docgen("tender", "--route", "25a", "--data", str(big), "--out", str(tmp_path / "out"), "--format", "md")
    assert_one_clear_line(result, "ärendefilen är för stor", None, "big.yaml")
    assert not (tmp_path / "out").exists()


def test_missing_case_file(tmp_path):
    result = run_docgen("tender", "--route", "25a", "--data", str(tmp_path / "finns-inte.yaml"),
                        "--out", str(tmp_path / "out"))
    assert_one_clear_line(result, "ärendefilen finns inte", None, "finns-inte.yaml")
    assert not (tmp_path / "out").exists()


def test_case_file_that_is_a_directory(tmp_path):
    (tmp_path / "case.yaml").mkdir()
    result = run_docgen("tender", "--route", "25a", "--data", str(tmp_path / "case.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
