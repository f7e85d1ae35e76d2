"""Every face that makes documents makes them through ``generator.build.Build``: the files a command
writes, the page serve returns, the samples `docgen check` renders and the text `clauses show` prints
are byte for byte what the builds made (``build.watch()`` lists every ``Built`` while a block runs).
A document assembled some other way is not in that list (the last test shows the watch would notice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator.build import watch
from generator.cli import cli


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, None), result.output
    return result.output


def made(builds) -> dict[str, bytes]:
    """File name → bytes of every document and extra output the builds made."""
    files: dict[str, bytes] = {}
    for built in builds:
        for rendered in built.documents:
            files.update(rendered.files)
        for output in built.extra_outputs:
            files.update(output.files)
    return files


def written(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.name.endswith(".manifest.json")}


COMMANDS = {
    "tender": ["tender", "--route", "open", "--data", str(ROOT / "samples/tender-open-cleaning.yaml"),
               "--format", "md,html", "--motiv", "--notice"],
    "iop": ["iop", "--format", "md"],
    "iop --memo": ["iop", "--memo", "--format", "md"],
    "policy": ["policy", "dala", "--format", "md"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_writes_what_one_build_made(name, tmp_path: Path):
    out = tmp_path / "out"
    with watch() as builds:
        invoke(*COMMANDS[name], "--out", str(out))
    assert len(builds) == 1, f"{name}: {len(builds)} builds"
    files = written(out)
    assert files and files == made(builds)


def test_clauses_show_prints_the_built_clause():
    with watch() as builds:
        output = invoke("clauses", "show", "employment/strict")
    bodies = [b.main.document.bodies.get("employment/strict") for b in builds]
    assert any(body and body.splitlines()[0] in output for body in bodies), "the shown text is not a build's"


def test_batch_writes_what_the_builds_made(tmp_path: Path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("tender-25a.yaml", "iop-night-shelter.yaml", "policy-borg.yaml"):
        shutil.copy(ROOT / "samples" / name, cases / name)
    out = tmp_path / "out"
    with watch() as builds:
        invoke("batch", str(cases), "--out", str(out), "--jobs", "1", "--format", "md")
    assert len(builds) == 3
    assert written(out) == made(builds)


def test_check_renders_samples_through_build(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "")        # no cache: render now
    monkeypatch.setattr("os.cpu_count", lambda: 1)    # in this process, where the watch sees it
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "samples" / "tender-4-18.yaml", samples)
    from generator.checks import run_checks

    with watch() as builds:
        run_checks(ROOT / "clauses", ROOT / "templates", samples)
    assert builds and {b.loaded.source for b in builds} == {str(samples / "tender-4-18.yaml")}
    # every format but PDF (the HTML laid out by WeasyPrint): check renders it only for a PDF-layout rule
    assert {name.rsplit(".", 1)[1] for name in made(builds)} == {"md", "docx", "html"}


def test_preview_renders_through_build():
    from generator.preview import Preview

    with watch() as builds:
        page = Preview(ROOT / "samples" / "iop-night-shelter.yaml").render()
    assert len(builds) == 1 and page == next(iter(builds[0].main.files.values())).decode("utf-8")


def test_serve_renders_through_build():
    pytest.importorskip("starlette")
    import yaml

    from generator.serve.documents import available
    from generator.serve.workflow import render_files, state_from_data

    data = yaml.safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    state = state_from_data(available()["tender"], data)
    with watch() as builds:
        rendered = render_files(state, ["md"])
    assert rendered is not None, (state.errors, state.general)
    assert len(builds) == 1 and rendered is builds[0].main


def test_the_watch_sees_no_document_assembled_outside_a_build():
    """The fixture of the tests above: a document assembled directly is not a build's."""
    from generator.assemble import assemble
    from generator.kinds import load_case
    from generator.library import load_library

    loaded = load_case(ROOT / "samples" / "policy-borg.yaml")
    with watch() as builds:
        document = assemble(loaded, load_library(), "policy-borg")
    assert document.markdown and builds == []
