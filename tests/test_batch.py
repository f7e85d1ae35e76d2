"""`docgen batch`: parallel, keeps going past bad cases, summary table, exit 1 on any failure;
and Ctrl-C in the middle of a batch leaves no partial or temporary files."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, docx_text, run_docgen, squash

SAMPLE = ROOT / "samples" / "tender-25a.yaml"
BAD = ROOT / "tests" / "bad_inputs" / "cases"


def make_cases(folder: Path, good: int, bad: list[str] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(good):
        text = SAMPLE.read_text(encoding="utf-8").replace("VON 2026/412", f"VON 2026/{500 + i}")
        (folder / f"boende-{i:02d}.yaml").write_text(text, encoding="utf-8")
    for name in bad:
        shutil.copyfile(BAD / name, folder / name)
    return folder


def test_batch_renders_good_cases_and_reports_bad_ones(tmp_path):
    cases = make_cases(tmp_path / "cases", 3, ["cpv-letters.yaml", "empty.yaml"])
    result = run_docgen("batch", str(cases), "--out", str(tmp_path / "out"), "--jobs", "2", "--format", "docx,md")
    assert result.returncode == 1, result.stderr
    table = result.stdout
    assert "ärende" in table and "status" in table and "filer" in table and "tid" in table
    for i in range(3):
        assert re.search(rf"boende-{i:02d}\.yaml +ok +\d+ ", table)
        folder = tmp_path / "out" / f"boende-{i:02d}"
        assert f"VON 2026/{500 + i}" in squash(docx_text(folder / f"upphandlingsdokument-25a-von-2026-{500 + i}.docx"))
    assert re.search(r"cpv-letters\.yaml +FEL +0 ", table) and "ogiltig CPV-kod '8531100A-2'" in table
    assert "empty.yaml" in table and "ärendefilen är tom" in table
    assert "3 av 5 ärenden klara, 2 med fel" in table
    assert "docgen batch: 5/5 ärenden klara, 2 med fel" in result.stderr.splitlines()  # progress, a line per case in a log
    assert not (tmp_path / "out" / "cpv-letters").exists()


def test_batch_all_good_exits_0_and_is_deterministic_across_jobs(tmp_path):
    cases = make_cases(tmp_path / "cases", 2)
    one = run_docgen("batch", str(cases), "--out", str(tmp_path / "one"), "--jobs", "1", "--format", "docx")
    two = run_docgen("batch", str(cases), "--out", str(tmp_path / "two"), "--jobs", "2", "--format", "docx")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    for i in range(2):
        name = f"boende-{i:02d}/upphandlingsdokument-25a-von-2026-{500 + i}.docx"
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_batch_refuses_to_overwrite_an_edited_output(tmp_path):
    cases = make_cases(tmp_path / "cases", 1)
    args = ("batch", str(cases), "--out", str(tmp_path / "out"), "--format", "md", "--jobs", "1")
    assert run_docgen(*args).returncode == 0
    target = tmp_path / "out" / "boende-00" / "upphandlingsdokument-25a-von-2026-500.md"
    target.write_text("Redigerad i Word\n", encoding="utf-8")
    refused = run_docgen(*args)
    assert refused.returncode == 1 and "--force" in refused.stdout
    assert target.read_text(encoding="utf-8") == "Redigerad i Word\n"
    assert run_docgen(*args, "--force").returncode == 0
    assert "Redigerad i Word" not in target.read_text(encoding="utf-8")


def test_empty_batch_folder_is_an_input_error(tmp_path):
    (tmp_path / "cases").mkdir()
    result = run_docgen("batch", str(tmp_path / "cases"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "inga ärendefiler" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def leftovers(out: Path) -> list[Path]:
    """Temporary files, and output folders holding documents without their manifest (half-written cases)."""
    found = [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    folders = [p for p in out.rglob("*") if p.is_dir()] if out.exists() else []   # each case's, and its intern/
    for folder in folders:
        names = {p.name for p in folder.iterdir() if p.is_file()}
        documents = {n for n in names if not n.endswith(".manifest.json")}
        if documents and not any(n.endswith(".manifest.json") for n in names):
            found.append(folder)
        if documents and len(documents) != 2:  # docx + md, all or nothing
            found.append(folder)
    return found


def interrupt_after(command: list[str], done: int, env: dict) -> subprocess.CompletedProcess:
    """Run ``command``, send SIGINT once its progress line shows ``done`` finished cases (not after a fixed
    delay, which raced with start-up on a loaded machine), and return the finished process."""
    import re
    import threading

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    reached = threading.Event()

    def read() -> None:
        while True:
            chunk = process.stderr.read(1)
            if not chunk:
                reached.set()   # finished before the mark: nothing to interrupt
                return
            seen.append(chunk)
            counts = re.findall(r"(\d+)/\d+ ärenden klara", "".join(seen[-200:]))
            if counts and int(counts[-1]) >= done:
                reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert reached.wait(timeout=300), "the batch showed no progress"
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    stdout = process.stdout.read()
    process.wait(timeout=120)
    reader.join(timeout=10)
    return subprocess.CompletedProcess(command, process.returncode, stdout, "".join(seen))


def test_sigint_mid_batch_leaves_no_partial_files(tmp_path):
    cases = make_cases(tmp_path / "cases", 24)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "generator", "batch", str(cases), "--out", str(out), "--jobs", "2",
               "--format", "docx,md", "--force"]
    for done in (1, 6):   # early, and with cases already written by the first run
        result = interrupt_after(command, done, env)
        assert result.returncode in (130, 0), result.stderr  # 0 only if the batch had already finished
        assert "Traceback" not in result.stderr
        assert leftovers(out) == []


def test_sigint_during_atomic_write_removes_temp_files(tmp_path, monkeypatch):
    """A KeyboardInterrupt between writing the temp files and renaming them leaves nothing behind."""
    import generator.output as output

    real_replace = os.replace
    calls = []

    def interrupted_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", interrupted_replace)
    files = {"a.docx": b"A" * 1000, "a.md": b"B", "a.manifest.json": b"{}"}
    try:
        output.write_atomically(tmp_path, files)
    except KeyboardInterrupt:
        pass
    else:  # pragma: no cover
        raise AssertionError("the interrupt was swallowed")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not [n for n in names if n.endswith(".tmp")], names
    # the first file was already renamed (complete), the rest never appeared
    assert names == ["a.docx"] and (tmp_path / "a.docx").read_bytes() == b"A" * 1000


def test_batch_motiv_and_notice_go_with_each_tender_and_are_refused_like_tender_where_there_is_no_criterion(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("tender-open-avancerad.yaml", "tender-25a.yaml", "tender-open.yaml", "policy-borg.yaml"):
        shutil.copyfile(ROOT / "samples" / name, cases / name)
    out = tmp_path / "out"
    result = run_docgen("batch", str(cases), "--out", str(out), "--jobs", "2", "--format", "md", "--motiv", "--notice")
    assert result.returncode == 0, result.stderr  # every bundled tender now has requirements with motiv
    for stem, route, ref in (("tender-open-avancerad", "open", "bun-2026-118"), ("tender-25a", "25a", "von-2026-412"),
                             ("tender-open", "open", "sn-2026-77")):
        folder = out / stem
        assert "Motiv till ställda krav" in (folder / "intern" / f"motiv-till-stallda-krav-{route}-{ref}.md").read_text(encoding="utf-8")
        assert (folder / f"notice-fields-{ref}.json").is_file() and (folder / f"upphandlingsdokument-{route}-{ref}.md").is_file()
    assert (out / "policy-borg" / "upphandlingspolicy-ks-2026-118.md").is_file()  # extras are the tender's; the policy is as ever
    assert not (out / "policy-borg" / "notice-fields-ks-2026-118.json").exists()
    # the policy's own internal record (issue 23: the sources of its figures), not the tender's motiv
    assert [p.name for p in (out / "policy-borg" / "intern").glob("*.md")] == ["underlag-policy-borg-ks-2026-118.md"]

