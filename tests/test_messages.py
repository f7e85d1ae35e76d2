"""Issue 17 items 6 and 7: every message a user reads is Swedish and exact (file:line, how to fix), exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_docgen

SAMPLES = ROOT / "samples"


def one_line(result) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("args, expected", [
    (["tender", "--route", "25a", "--data", "{tmp}"],
     "docgen: fel: ogiltigt värde för '--data': '{tmp}' är en katalog, inte en fil (se docgen tender --help)"),
    (["batch", "{tmp}/saknas", "--out", "{tmp}/o"],
     "docgen: fel: ogiltigt värde för 'CASES_DIR': '{tmp}/saknas' finns inte (se docgen batch --help)"),
    (["batch", "{tmp}"],
     "docgen: fel: obligatorisk flagga saknas: '--out' (se docgen batch --help)"),
    (["tender", "--bogus"],
     "docgen: fel: okänd flagga '--bogus'. Menade du '--out'? (se docgen tender --help)"),
    (["tender", "--route", "25a", "extra"],
     "docgen: fel: oväntat argument (extra) (se docgen tender --help)"),
    (["foo"], "docgen: fel: okänt kommando 'foo' (se docgen --help)"),
    (["batch", "{tmp}", "--out", "{tmp}/o", "--jobs", "0"],
     "docgen: fel: ogiltigt värde för '--jobs': 0 ligger utanför intervallet 1<=x<=64 (se docgen batch --help)"),
    (["tender", "--route", "26b"],
     "docgen: fel: ogiltigt värde för '--route': '26b' är inte ett av '25a', '25', '4-18', '19a-2', 'lov-2a', 'open' "
     "(se docgen tender --help)"),
    (["tender", "--out"], "docgen: fel: flaggan '--out' behöver ett värde (se docgen --help)"),
])
def test_click_usage_errors_are_swedish(tmp_path, args, expected):
    result = run_docgen(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert one_line(result) == expected.replace("{tmp}", str(tmp_path))


def test_help_is_swedish():
    result = run_docgen("tender", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Användning: docgen tender [FLAGGOR]")
    assert "Flaggor:" in result.stdout and "Visa den här hjälpen och avsluta." in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


@pytest.mark.parametrize("key, text, expected", [
    ("  cpv:", "  cpv: [\"85311100-3\", \"85311000-2\"\n",
     "ogiltig YAML: en lista inom [ ] saknar ett kommatecken eller sin avslutande ] "
     "(avsluta listan med ] eller sätt texten inom citattecken)"),
    ("  title:", "  title: Boende: Solgården\n",
     "ogiltig YAML: ett kolon följt av mellanslag står mitt i ett värde "
     "(sätt texten inom citattecken eller kontrollera indraget)"),
    ("  title:", "\ttitle: Boende\n", "ogiltig YAML: tabbtecken i indraget (använd mellanslag för indrag)"),
])
def test_yaml_syntax_errors_are_swedish_with_file_and_line(tmp_path, key, text, expected):
    lines = (SAMPLES / "tender-25a.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(key))
    lines[index] = text
    case = tmp_path / "case.yaml"
    case.write_text("".join(lines), encoding="utf-8")
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == f"docgen: fel: {case}:{index + 1}: {expected}"
    assert not (tmp_path / "out").exists()


def test_a_date_that_does_not_exist_is_named_with_file_and_line(tmp_path):
    case = tmp_path / "case.yaml"
    text = (SAMPLES / "tender-25a.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("date: 2026-12-01", "date: 2026-02-30"), encoding="utf-8")
    line = text.splitlines().index("date: 2026-12-01") + 1
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == (f"docgen: fel: {case}:{line}: datumet 2026-02-30 finns inte: februari 2026 har 28 dagar "
                                f"(skriv ett datum som finns, ÅÅÅÅ-MM-DD)")


def test_iop_case_given_to_tender_says_to_run_docgen_iop(tmp_path):
    case = SAMPLES / "iop-night-shelter.yaml"
    line = case.read_text(encoding="utf-8").splitlines().index("document: iop") + 1
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == (f"docgen: fel: {case}:{line}: ärendefilen beskriver en IOP-överenskommelse "
                                f"(document: iop), inte en upphandling (kör docgen iop --data {case})")


def test_start_date_before_the_deadline_points_at_the_start_date_line(tmp_path):
    case = tmp_path / "case.yaml"
    text = (SAMPLES / "tender-25a.yaml").read_text(encoding="utf-8")
    case.write_text(text.replace("start_date: 2027-09-01", "start_date: 2027-01-01"), encoding="utf-8")
    line = text.splitlines().index("  start_date: 2027-09-01") + 1
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == (f"docgen: fel: {case}:{line}: procurement.start_date måste ligga efter "
                                f"procurement.tender_deadline")


# --- item 7: the route comes from the case file ------------------------------------------------------

def test_route_comes_from_the_case_file(tmp_path):
    result = run_docgen("tender", "--data", str(SAMPLES / "tender-4-18.yaml"), "--out", str(tmp_path), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "upphandlingsdokument-4-18-sf-2026-141.md").is_file()


def test_a_route_flag_that_disagrees_with_the_case_file_names_both(tmp_path):
    case = SAMPLES / "tender-4-18.yaml"
    line = case.read_text(encoding="utf-8").splitlines().index("route: 4-18") + 1
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == (f"docgen: fel: {case}:{line}: ärendefilen anger route: 4-18 men kommandot --route 25a "
                                f"(ta bort --route eller låt den vara samma som i filen)")


def test_without_data_or_route_tender_says_what_to_give(tmp_path):
    result = run_docgen("tender", "--out", str(tmp_path / "out"))
    assert one_line(result) == ("docgen: fel: ange --data med din ärendefil, eller --route för ett inbyggt exempel "
                                "(t.ex. docgen tender --data arende.yaml)")
