"""Issue 17 items 6 and 7: every message a user reads is Swedish and exact (file:line, how to fix), exit 2."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_docgen, squash

from generator.datafiles import route_ids

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
     "docgen: fel: ogiltigt värde för '--route': '26b' är inte ett av "
     + ", ".join(f"'{r}'" for r in route_ids()) + " (se docgen tender --help)"),  # the ids of data/routes.yaml
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


# --- item 8: clauses list and show; item 9: absurd text lengths; item 6: long warnings wrap -----------

def test_clauses_list_with_a_wrong_kind_lists_the_valid_ones():
    valid = ("giltiga typer: appendix (bilaga), definition, employment (sysselsättning), general (allmän), iop (IOP), "
             "labour-law (arbetsrätt), policy, qualification (kvalificering), reservation, social (social hänsyn), "
             "value-transfer (värdeöverföring)")
    result = run_docgen("clauses", "list", "--kind", "socal")
    assert one_line(result) == f"docgen: fel: --kind: okänd klausultyp 'socal' (menade du 'social'? {valid})"
    far = run_docgen("clauses", "list", "--kind", "xyz")
    assert one_line(far) == f"docgen: fel: --kind: okänd klausultyp 'xyz' ({valid})"


def test_clauses_list_fits_100_columns_and_wide_gives_the_table():
    result = run_docgen("clauses", "list", env={"COLUMNS": "100"})
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "employment/strict – " in result.stdout and "anges under clauses.employment" in squash(result.stdout)
    wide = run_docgen("clauses", "list", "--wide", env={"COLUMNS": "100"})
    header = wide.stdout.splitlines()[0].split()
    assert header == ["ID", "TYP", "VÄGAR", "ANGES", "UNDER", "NIVÅER", "GRANSKA", "RUBRIK"]
    assert max(len(line) for line in wide.stdout.splitlines()) > 100


def test_clauses_show_gives_conditions_as_om_lines():
    result = run_docgen("clauses", "show", "contract/employment-share-4-18")
    assert result.returncode == 0, result.stderr
    assert "{%" not in result.stdout
    krav = result.stdout.split("  krav:", 1)[1].split("  verifikat:", 1)[0]
    om = [line.strip() for line in krav.splitlines() if line.strip()]
    assert [line.split(":", 1)[0] for line in om] == ["Om punkt är 1", "Om punkt är 2", 'Om punkt är "1 och 2"']
    assert "i programmet för skyddad anställning ska under hela kontraktstiden" in om[1]
    assert "i den verksamhet som utför kontraktet eller i programmet" in om[2]


def test_readable_joins_values_that_give_the_same_text():
    from generator.commands.clauses import readable

    text = "Rapport {% if interval == 'årligen' %}en gång per år{% else %}oftare{% endif %} om {{ vad }}."
    assert readable(text) == ["Om interval är årligen: Rapport en gång per år om {{ vad }}.",
                              "Om interval är ‹annat›: Rapport oftare om {{ vad }}."]
    assert readable("{% if flag %}Ja{% endif %} text") == ["Om flag är true: Ja text", "Om flag är false: text"]
    assert readable("Ingen villkorad text.") == ["Ingen villkorad text."]


def test_an_absurdly_long_title_gets_a_warning_with_the_key(tmp_path):
    text = (SAMPLES / "tender-25a.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  title:"))
    lines[index] = "  title: " + "Boende " * 1430  # 10 010 characters
    case = tmp_path / "case.yaml"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert (f"docgen: varning: {case}:{index + 1}: procurement.title är 10 009 tecken lång, mer än de 300 som väntas; "
            "kontrollera att texten inte har klistrats in fel") in result.stderr.splitlines()


def test_a_long_warning_wraps_to_the_terminal(capsys):
    from generator.commands.options import emit_warnings

    emit_warnings(["ord " * 175], width=100)  # a 700-character warning
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) > 5 and all(len(line) <= 100 for line in lines)
    assert lines[0].startswith("docgen: varning: ord ") and all(line.startswith("    ") for line in lines[1:])
    emit_warnings(["kort varning"], width=100)
    assert capsys.readouterr().err == "docgen: varning: kort varning\n"
