"""Issue 17 items 4 and 11: Ctrl-C in `docgen batch` stops dispatching at once, lets running cases finish
(each atomically), prints the summary of what was and was not written; the summary shows warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_docgen

LIB_SAMPLE = FIXTURES / "check" / "samples" / "tender-25a.yaml"


def make_cases(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"case-{i:02d}.yaml").write_text(text.replace("VON 2026/412", f"VON 2026/{600 + i}"), encoding="utf-8")
    return folder


def run_batch(monkeypatch, capsys, args: list[str]) -> tuple[int, str, str]:
    from generator import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.cli.main(["batch", *args])
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_ctrl_c_in_parallel_batch_finishes_the_running_case_and_starts_no_other(tmp_path, monkeypatch, capsys):
    from generator import cli  # noqa: F401 - first: it registers the commands, batch among them
    from generator.commands import batch

    cases = make_cases(tmp_path / "cases", 6)
    out = tmp_path / "out"
    real_progress = batch._progress
    state = {"raised": False}

    def progress(done, total, failed, final=False):  # Ctrl-C right after the first case is done
        real_progress(done, total, failed, final)
        if done >= 1 and not state["raised"]:  # two may finish in the same wait: then done jumps 0 -> 2
            state["raised"] = True
            raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_progress", progress)
    code, stdout, stderr = run_batch(monkeypatch, capsys, [str(cases), "--out", str(out), "--jobs", "2", "--format", "md"])
    assert code == 130, stderr
    assert "docgen: avbryter: inga nya ärenden startas; de som pågår skrivs klart" in stderr
    rows = {line.split()[0]: line for line in stdout.splitlines()[1:-1]}
    done = [name for name, row in rows.items() if re.match(r"\S+ +ok +\d+ ", row)]
    assert len(done) == 2  # the finished one and the one that was running; no other was started
    assert all(re.match(r"\S+ +ej startat +0 ", rows[name]) for name in rows if name not in done)
    assert stdout.splitlines()[-1] == "Avbrutet: 2 av 6 ärenden skrivna, 4 inte skrivna (inga filer från dem)"
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(name).stem for name in done)
    for name in done:  # each written case is whole: its document and its manifest
        folder = out / Path(name).stem
        assert len(list(folder.glob("upphandlingsdokument-25a-*.md"))) == 1
        assert len(list(folder.glob("upphandlingsdokument-25a-*.manifest.json"))) == 1
    assert not list(out.rglob("*.tmp"))


def test_ctrl_c_in_a_serial_batch_rolls_the_running_case_back(tmp_path, monkeypatch, capsys):
    from generator import cli  # noqa: F401 - first: it registers the commands, batch among them
    from generator.commands import batch

    cases = make_cases(tmp_path / "cases", 4)
    out = tmp_path / "out"
    real = batch.render_case
    calls = []

    def render_case(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 3:
            import generator.output as output

            output.write_atomically(args[2], {"a.md": b"x"})  # not interrupted: a whole write may happen
            raise KeyboardInterrupt                               # then Ctrl-C inside the third case
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "render_case", render_case)
    code, stdout, stderr = run_batch(monkeypatch, capsys, [str(cases), "--out", str(out), "--jobs", "1", "--format", "md"])
    assert code == 130, stderr
    lines = stdout.splitlines()
    assert re.match(r"case-00\.yaml +ok ", lines[1]) and re.match(r"case-01\.yaml +ok ", lines[2])
    assert re.match(r"case-02\.yaml +avbrutet +0 .*avbrutet, inga filer skrivna", lines[3])
    assert re.match(r"case-03\.yaml +ej startat +0 ", lines[4])
    assert lines[-1] == "Avbrutet: 2 av 4 ärenden skrivna, 2 inte skrivna (inga filer från dem)"


def test_summary_shows_each_cases_warnings_and_their_text_with_v(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copyfile(ROOT / "samples" / "tender-25a.yaml", cases / "utan-varning.yaml")
    text = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  title:"))
    lines[index] = "  title: " + "Boende " * 50
    (cases / "med-varning.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["batch", str(cases), "--out", str(tmp_path / "out"), "--jobs", "1", "--format", "md"]
    plain = run_docgen(*args)
    assert plain.returncode == 0, plain.stderr
    header, *rows = plain.stdout.splitlines()
    assert header.split() == ["ärende", "status", "filer", "tid", "varningar"]
    assert re.match(r"med-varning\.yaml +ok +\d+ +[\d.]+s +1$", rows[0])
    assert re.match(r"utan-varning\.yaml +ok +\d+ +[\d.]+s +0$", rows[1])
    assert "procurement.title är 349 tecken lång" not in plain.stdout
    verbose = run_docgen(*args, "-v", "--force")
    assert verbose.returncode == 0, verbose.stderr
    assert (f"    varning: {cases / 'med-varning.yaml'}:{index + 1}: procurement.title är 349 tecken lång, mer än de 300 "
            "som väntas; kontrollera att texten inte har klistrats in fel") in verbose.stdout.splitlines()
