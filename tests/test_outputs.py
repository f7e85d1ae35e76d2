"""Issue 17, items 1, 2, 3 and 5: outputs named per case, the manifest updated (not replaced) by partial
runs, other cases' and edited files refused with every file named, OS errors as one Swedish line."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_docgen

LIB = FIXTURES / "check"
STEM = "test-25a-dnr-1"  # the template's output (route kept) and the case's diarienummer "DNR 1"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    copy = tmp_path / "lib"
    shutil.copytree(LIB, copy)
    # the tender's internal record (intern/dokumentunderlag-…) needs its clause from the bundled library
    shutil.copyfile(ROOT / "clauses" / "appendix" / "dokumentunderlag.md", copy / "clauses" / "appendix" / "dokumentunderlag.md")
    shutil.copyfile(ROOT / "templates" / "tender-dokumentunderlag.yaml", copy / "templates" / "tender-dokumentunderlag.yaml")
    return copy


def tender(lib: Path, case: Path, out: Path, formats: str, *extra: str):
    return run_docgen("tender", "--route", "25a", "--data", str(case), "--clauses", str(lib / "clauses"),
                      "--templates", str(lib / "templates"), "--format", formats, "--out", str(out), *extra)


def verify(lib: Path, document: Path):
    return run_docgen("verify", str(document), "--clauses", str(lib / "clauses"), "--templates", str(lib / "templates"))


def case_with(lib: Path, name: str, reference: str) -> Path:
    text = (lib / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    path = lib / name
    text = text.replace('reference: "DNR 1"', f'reference: "{reference}"')
    path.write_text(text.replace('title: "Boende för äldre"', f'title: "Boende {reference}"'), encoding="utf-8")
    return path


def test_two_cases_in_one_folder_both_survive_and_verify(lib, tmp_path):
    out = tmp_path / "out"
    first = case_with(lib, "solgarden.yaml", "VON 2026/412")
    second = case_with(lib, "ekbacken.yaml", "VON 2026/413")
    assert tender(lib, first, out, "docx,md").returncode == 0
    result = tender(lib, second, out, "docx,md")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    assert names == ["test-25a-von-2026-412.docx", "test-25a-von-2026-412.manifest.json", "test-25a-von-2026-412.md",
                     "test-25a-von-2026-413.docx", "test-25a-von-2026-413.manifest.json", "test-25a-von-2026-413.md"]
    assert "Boende VON 2026/412" in (out / "test-25a-von-2026-412.md").read_text(encoding="utf-8")
    assert "Boende VON 2026/413" in (out / "test-25a-von-2026-413.md").read_text(encoding="utf-8")
    for name in names:
        if not name.endswith(".json"):
            assert verify(lib, out / name).returncode == 0, name


def test_case_without_a_diarienummer_is_named_by_its_file(tmp_path):
    from generator.output import case_key, case_stem

    assert case_stem("overenskommelse-iop", case_key(None, "/x/Natthärbärge 2026.yaml")) == \
        "overenskommelse-iop-nattharbarge-2026"
    assert case_key("SN 2026/318", "x.yaml") == "sn-2026-318"
    assert case_key("  ", "") == "arende"


def test_a_run_that_would_replace_another_cases_files_is_refused_naming_force(lib, tmp_path):
    out = tmp_path / "out"
    original = lib / "samples" / "tender-25a.yaml"
    assert tender(lib, original, out, "docx,md").returncode == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    copy = case_with(lib, "kopia.yaml", "DNR 1")  # a copied case for another authority, diarienummer unchanged
    copy.write_text(copy.read_text(encoding="utf-8").replace('org_number: "212000-0001"', 'org_number: "212000-0019"'),
                    encoding="utf-8")
    result = tender(lib, copy, out, "md")
    assert result.returncode == 2
    assert result.stderr == (
        f"docgen: fel: ärendet 212000-0019, DNR 1 i kopia.yaml skulle ersätta filer som hör till ett annat ärende "
        f"(212000-0001, DNR 1 i tender-25a.yaml): "
        f"{out}/{STEM}.docx, {out}/{STEM}.md, {out}/intern/dokumentunderlag-25a-dnr-1.docx, "
        f"{out}/intern/dokumentunderlag-25a-dnr-1.md (ett ärende känns igen på organisationsnummer och diarienummer; "
        f"ge ärendet ett eget diarienummer, välj en annan --out eller använd --force)\n")
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing written
    forced = tender(lib, copy, out, "md", "--force")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((out / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["case"]["file"] == "kopia.yaml"
    # the other case's DOCX, still there, stays described by what it was made from
    assert [g["case"]["file"] for g in manifest["earlier"]] == ["tender-25a.yaml"]
    assert verify(lib, out / f"{STEM}.docx").returncode == 0
    assert verify(lib, out / f"{STEM}.md").returncode == 0


def test_every_edited_file_is_named_in_the_refusal(lib, tmp_path):
    out = tmp_path / "out"
    case = lib / "samples" / "tender-25a.yaml"
    assert tender(lib, case, out, "docx,md,html").returncode == 0
    (out / f"{STEM}.md").write_text("redigerad\n", encoding="utf-8")
    (out / f"{STEM}.html").write_text("redigerad\n", encoding="utf-8")
    result = tender(lib, case, out, "docx,md,html")
    assert result.returncode == 2
    assert result.stderr == (
        f"docgen: fel: 2 filer finns redan och har ändrats sedan docgen skrev dem (eller skrevs inte av docgen): "
        f"{out}/{STEM}.md, {out}/{STEM}.html (spara filerna under andra namn, välj en annan --out eller använd --force, "
        f"som sparar de ändrade filerna som <namn>.redigerad.<typ>)\n")
    assert (out / f"{STEM}.md").read_text(encoding="utf-8") == "redigerad\n"


def test_verify_passes_on_every_file_after_partial_runs(lib, tmp_path):
    out = tmp_path / "out"
    case = lib / "samples" / "tender-25a.yaml"
    for formats in ("docx,html", "md", "docx", "html,md"):
        result = tender(lib, case, out, formats)
        assert result.returncode == 0, result.stderr
        for suffix in ("docx", "html", "md"):
            if (out / f"{STEM}.{suffix}").exists():
                checked = verify(lib, out / f"{STEM}.{suffix}")
                assert checked.returncode == 0, (formats, suffix, checked.stdout, checked.stderr)
    manifest = json.loads((out / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert [o["file"] for o in manifest["outputs"]] == [f"{STEM}.docx", f"{STEM}.html", f"{STEM}.md"]
    assert "earlier" not in manifest  # every file was made from the same library and case


def test_earlier_files_keep_the_clauses_they_were_made_from(lib, tmp_path):
    out = tmp_path / "out"
    case = lib / "samples" / "tender-25a.yaml"
    assert tender(lib, case, out, "docx").returncode == 0
    clause = next((lib / "clauses" / "general").glob("*.md"))
    clause.write_text(clause.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    assert tender(lib, case, out, "md").returncode == 0
    assert verify(lib, out / f"{STEM}.md").returncode == 0          # made from today's library
    old = verify(lib, out / f"{STEM}.docx")                          # made before the clause changed
    assert old.returncode == 1 and "klausulen har ändrats sedan dokumentet skapades" in old.stdout


def test_stale_manifest_entries_are_reported_and_dropped(lib, tmp_path):
    out = tmp_path / "out"
    case = lib / "samples" / "tender-25a.yaml"
    assert tender(lib, case, out, "docx,md,html").returncode == 0
    (out / f"{STEM}.html").unlink()
    checked = verify(lib, out / f"{STEM}.md")
    assert checked.returncode == 0
    assert f"{out}/{STEM}.manifest.json: manifestet nämner {STEM}.html, som inte längre finns i katalogen" in checked.stdout
    result = tender(lib, case, out, "md")
    assert result.returncode == 0
    assert (f"docgen: varning: {out}/{STEM}.manifest.json: {STEM}.html fanns i manifestet men finns inte längre "
            f"i katalogen; posten är borttagen") in result.stderr.splitlines()
    manifest = json.loads((out / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert [o["file"] for o in manifest["outputs"]] == [f"{STEM}.docx", f"{STEM}.md"]


# --- operating-system errors (item 3) --------------------------------------------------------------

def test_out_that_is_a_file_is_one_swedish_line(lib, tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    result = tender(lib, lib / "samples" / "tender-25a.yaml", blocker / "out", "md")
    assert result.returncode == 2
    assert result.stderr == (f"docgen: fel: {blocker}/out: utdatakatalogen kan inte skapas: en del av sökvägen är en fil, "
                             f"inte en katalog (välj en --out som är en katalog, eller ta bort filen)\n")
    result = tender(lib, lib / "samples" / "tender-25a.yaml", blocker, "md")
    assert result.returncode == 2
    assert result.stderr == (f"docgen: fel: ogiltigt värde för '--out': '{blocker}' är en fil, inte en katalog "
                             f"(se docgen tender --help)\n")


@pytest.mark.parametrize("code, reason, hint", [
    (errno.ENOSPC, "disken är full", "frigör utrymme eller välj en --out på en annan disk"),
    (errno.EACCES, "behörighet saknas", "välj en annan --out eller ändra behörigheten"),
    (errno.EROFS, "filsystemet är skrivskyddat", "välj en --out på en skrivbar disk"),
])
def test_full_or_read_only_disk_is_one_line_exit_2_and_nothing_half_written(lib, tmp_path, monkeypatch, capsys,
                                                                               code, reason, hint):
    import os

    from generator import cli

    out = tmp_path / "out"
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd):  # the second file does not fit (the first is already in its temporary file)
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(code, os.strerror(code))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(SystemExit) as exit_info:
        cli.cli.main(["tender", "--route", "25a", "--data", str(lib / "samples" / "tender-25a.yaml"),
                      "--clauses", str(lib / "clauses"), "--templates", str(lib / "templates"),
                      "--format", "md,html", "--out", str(out)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == f"docgen: fel: {out}: filerna kunde inte skrivas, ingenting är ändrat: {reason} ({hint})\n"
    assert not out.exists()  # no temporary file, no half-written document, not even the folders it made


def test_an_os_error_elsewhere_is_still_one_swedish_line(monkeypatch, capsys, tmp_path):
    from generator import cli

    def broken(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x"))

    monkeypatch.setattr("generator.commands.tender.load_case", broken)   # the case file cannot be read
    with pytest.raises(SystemExit) as exit_info:
        cli.cli.main(["tender", "--route", "25a", "--format", "md", "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"docgen: fel: {tmp_path / 'x'}: kan inte läsa eller skriva: behörighet saknas\n"
