"""Every command that renders a document goes through ``generator.build.build``: no other place wires
load → check → render. The test watches every call of the clause renderer (``render.render_text``) and
of the writers (``writers.write``) while each command runs in-process, and fails if ``build`` is not on
the stack at that moment (a command that assembled or wrote a document some other way)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT

import generator.build
import generator.render
import generator.writers
from generator.cli import cli

WATCHED = {generator.render.render_text.__code__: "render_text", generator.writers.write.__code__: "write"}
BUILD = generator.build.build.__code__


class Watch:
    """A profiler hook recording, for each watched call, whether ``build`` was on the stack."""

    def __init__(self) -> None:
        self.calls = 0
        self.outside: list[str] = []

    def __call__(self, frame, event, _arg):
        if event != "call" or frame.f_code not in WATCHED:
            return
        self.calls += 1
        caller = frame.f_back
        while caller is not None:
            if caller.f_code is BUILD:
                return
            caller = caller.f_back
        outer = frame.f_back
        self.outside.append(f"{WATCHED[frame.f_code]} from {outer.f_code.co_filename}:{outer.f_lineno}")

    def __enter__(self) -> "Watch":
        sys.setprofile(self)
        return self

    def __exit__(self, *_exc) -> None:
        sys.setprofile(None)


def watched(fn) -> Watch:
    with Watch() as watch:
        fn()
    return watch


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, None), result.output


COMMANDS = {
    "tender": lambda out: invoke("tender", "--route", "open", "--data", str(ROOT / "samples/tender-open-cleaning.yaml"),
                                 "--format", "md,html", "--out", str(out), "--motiv", "--notice"),
    "iop": lambda out: invoke("iop", "--format", "md", "--out", str(out)),
    "iop --memo": lambda out: invoke("iop", "--memo", "--format", "md", "--out", str(out)),
    "policy": lambda out: invoke("policy", "dala", "--format", "md", "--out", str(out)),
    "clauses show": lambda out: invoke("clauses", "show", "employment/strict"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_renders_through_build(name, tmp_path: Path):
    watch = watched(lambda: COMMANDS[name](tmp_path / "out"))
    assert watch.calls > 0, f"{name} rendered nothing: the test would not notice another path"
    assert watch.outside == [], f"{name} rendered outside build(): {watch.outside[:3]}"


def test_batch_renders_through_build(tmp_path: Path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("tender-25a.yaml", "iop-night-shelter.yaml", "policy-borg.yaml"):
        shutil.copy(ROOT / "samples" / name, cases / name)
    watch = watched(lambda: invoke("batch", str(cases), "--out", str(tmp_path / "out"), "--jobs", "1", "--format", "md"))
    assert watch.calls > 0 and watch.outside == [], watch.outside[:3]


def test_check_renders_samples_through_build(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "")        # no cache: render now
    monkeypatch.setattr("os.cpu_count", lambda: 1)    # in this process, where the watch sees it
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(ROOT / "samples" / "tender-4-18.yaml", samples)
    from generator.checks import run_checks

    watch = watched(lambda: run_checks(ROOT / "clauses", ROOT / "templates", samples))
    assert watch.calls > 0 and watch.outside == [], watch.outside[:3]


def test_preview_renders_through_build():
    from generator.preview import Preview

    watch = watched(lambda: Preview(ROOT / "samples" / "iop-night-shelter.yaml").render())
    assert watch.calls > 0 and watch.outside == [], watch.outside[:3]


def test_serve_renders_through_build():
    pytest.importorskip("starlette")
    import yaml

    from generator.serve.documents import available
    from generator.serve.workflow import render_files, state_from_data

    data = yaml.safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    state = state_from_data(available()["tender"], data)
    watch = watched(lambda: render_files(state, ["md"]))
    assert watch.calls > 0 and watch.outside == [], (state.errors, state.general, watch.outside[:3])


def test_the_watch_fails_on_a_render_outside_build():
    """The fixture of the test above: assembling a document directly is caught."""
    from generator.assemble import assemble
    from generator.kinds import load_case
    from generator.library import load_library

    loaded = load_case(ROOT / "samples" / "policy-borg.yaml")
    watch = watched(lambda: assemble(loaded, load_library(), "policy-borg"))
    assert watch.calls > 0 and watch.outside and "render_text from" in watch.outside[0]
