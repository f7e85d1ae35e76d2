"""The labour-law package (issue 10 part 2): bilaga 1 Villkor, bilaga 2 Egenrapportering, bilaga 3
Tidplan och åtgärdsplan, and the internal needs assessment (behövlighetsbedömning), written by
`docgen tender` beside the tender document whenever a case considers labour-law conditions.

The cleaning sample is rendered once through the CLI and every DOCX is opened in LibreOffice; the
variants (no levels, not needed, below the threshold, bad rows) go through the CLI with small edits.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, libreoffice_text, pdf_text, run_docgen, squash

from generator.thresholds import threshold_in_force

SAMPLE = ROOT / "samples" / "tender-open-cleaning.yaml"
REF = "ks-2026-233"  # the sample's diarienummer, in every file name
MAIN = f"upphandlingsdokument-open-{REF}"


def _first_labour_annex() -> int:
    """The labour-law files continue the tender's one series of annex numbers (issue 14): the number after the
    tender's own appendices, read from the sample's "Förteckning över bilagor" (docgen writes it)."""
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        done = run_docgen("tender", "--route", "open", "--data", str(SAMPLE), "--out", tmp, "--format", "md")
        assert done.returncode == 0, done.stderr
        text = (Path(tmp) / f"{MAIN}.md").read_text(encoding="utf-8")
    row = re.search(r"^\| (\d+) \| Arbetsrättsliga villkor – Villkor \|", text, re.M)
    assert row, "bilagan Villkor saknas i bilageförteckningen"
    return int(row.group(1))


N = _first_labour_annex()
TERMS = f"arbetsrattsliga-villkor-bilaga-{N}-villkor-{REF}"
SELF_REPORT = f"arbetsrattsliga-villkor-bilaga-{N + 1}-egenrapportering-{REF}"
ACTION_PLAN = f"arbetsrattsliga-villkor-bilaga-{N + 2}-atgardsplan-{REF}"
ASSESSMENT = f"intern/behovlighetsbedomning-arbetsrattsliga-villkor-{REF}"  # internal: never beside the published files
PACKAGE = (TERMS, SELF_REPORT, ACTION_PLAN)


def sample_data() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def write_case(tmp: Path, data: dict) -> Path:
    path = tmp / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def tender(case: Path, out: Path, formats: str = "md") -> "subprocess.CompletedProcess":  # noqa: F821
    return run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(out), "--format", formats)


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (where docgen must point)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(scope="module")
def cleaning(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("package")
    result = tender(SAMPLE, out, "docx,pdf,html,md")
    assert result.returncode == 0, result.stderr
    # levels given: the only warnings are about the sample's invented pay levels (marked example: true)
    assert [line for line in result.stderr.splitlines() if "är en exempelnivå" not in line] == []
    return out


@pytest.fixture(scope="module")
def office(cleaning, tmp_path_factory) -> dict[str, str]:
    """Each DOCX of the package as LibreOffice reads it."""
    tmp = tmp_path_factory.mktemp("lo")
    return {stem: squash(libreoffice_text(cleaning / f"{stem}.docx", tmp)) for stem in (*PACKAGE, ASSESSMENT)}


def test_the_cleaning_sample_writes_three_appendices_and_the_assessment(cleaning):
    for stem in (MAIN, *PACKAGE, ASSESSMENT):
        for fmt in ("docx", "pdf", "html", "md"):
            assert (cleaning / f"{stem}.{fmt}").is_file(), f"{stem}.{fmt}"
        manifest = json.loads((cleaning / f"{stem}.manifest.json").read_text(encoding="utf-8"))
        name = Path(stem).name  # the manifest lies beside its document and names the files there
        assert {o["file"] for o in manifest["outputs"]} == {f"{name}.{f}" for f in ("docx", "pdf", "html", "md")}
        assert manifest["case"]["file"] == SAMPLE.name
    assert json.loads((cleaning / f"{TERMS}.manifest.json").read_text())["clauses"][0]["id"] == "labour-law/appendix-terms"


def test_the_assessment_is_kept_apart_from_what_is_published(cleaning):
    published = sorted(p.name for p in cleaning.iterdir() if p.is_file())
    assert not [n for n in published if "behovlighetsbedomning" in n], published
    internal = sorted(p.name for p in (cleaning / "intern").iterdir())
    assessment = sorted(f"behovlighetsbedomning-arbetsrattsliga-villkor-{REF}.{s}"
                        for s in ("docx", "pdf", "html", "md", "manifest.json"))
    # the internal folder also holds the tender's own internal record (dokumentunderlag-…), nothing else
    assert [n for n in internal if not n.startswith("dokumentunderlag-")] == assessment, internal


def test_tender_names_the_appendices_of_the_labour_law_conditions(cleaning):
    text = squash(docx_text(cleaning / f"{MAIN}.docx"))
    assert N > 1  # after the tender's own appendices: no second "bilaga 1"
    assert f"De lägsta nivåerna anges i bilaga {N} Villkor, som utgör en del av kontraktet" in text
    assert f"bilaga {N + 1} Egenrapportering" in text and f"bilaga {N + 2} Tidplan och åtgärdsplan" in text
    assert f"tidplan och åtgärdsplan (bilaga {N + 2}) som lämnas senast 10 dagar efter Beställarens skriftliga påpekande" in text


def test_bilaga_1_lists_the_levels_of_the_named_agreement(office, cleaning):
    text = office[TERMS]
    assert f"Bilaga {N} Villkor" in text
    assert "lägsta nivåer som följer av Serviceentreprenadavtalet" in text
    for phrase in ("Lokalvårdare", "25 000 kr per månad", "Fönsterputsare", "155,50 kr per timme", "25 dagar", "40 timmar",
                   "Exempelbelopp"):
        assert phrase in text, phrase
    # the levels are a real table in Word, one row per category after the header
    from docx import Document

    table = Document(str(cleaning / f"{TERMS}.docx")).tables[0]
    # the sample's amounts are invented: each row says so (issue 15 item 9); a non-breaking space reads as a space
    assert [row.cells[0].text for row in table.rows] == ["Yrkeskategori", "Lokalvårdare (EXEMPEL)", "Fönsterputsare (EXEMPEL)"]
    assert squash(table.rows[2].cells[1].text) == "155,50 kr per timme – exempel, inte kollektivavtalets nivå"
    assert "Lokalvårdare" in squash(pdf_text(cleaning / f"{TERMS}.pdf"))


def test_bilaga_2_prefills_a_row_per_category_and_leaves_rows_for_subcontractors(office, cleaning):
    text = office[SELF_REPORT]
    assert f"Bilaga {N + 1} Egenrapportering" in text and "senast 10 dagar efter Beställarens begäran" in text
    assert "Underleverantörens namn" in text and "Organisationsnummer" in text and "Led" in text
    assert "Undertecknad försäkrar att" in text and "Underskrift av behörig företrädare" in text
    assert "1. uppgifterna i detta formulär är riktiga" in text and "3. Leverantören på begäran lämnar" in text  # numbered
    from docx import Document

    tables = Document(str(cleaning / f"{SELF_REPORT}.docx")).tables
    levels = next(t for t in tables if t.rows[0].cells[0].text == "Arbetsgivare")
    rows = [[squash(c.text) for c in row.cells] for row in levels.rows[1:]]  # non-breaking spaces read as spaces
    assert rows[0][:3] == ["Leverantören", "Lokalvårdare (EXEMPEL)", "25 000 kr per månad – exempel, inte kollektivavtalets nivå"]
    assert rows[1][:3] == ["Leverantören", "Fönsterputsare (EXEMPEL)", "155,50 kr per timme – exempel, inte kollektivavtalets nivå"]
    assert all(cell == "" for cell in rows[0][3:])  # what is paid: filled in by the supplier
    assert [r[0] for r in rows if r[0].startswith("U")] == ["U1", "U2", "U3"]
    subcontractors = next(t for t in tables if t.rows[0].cells[1].text == "Underleverantörens namn")
    assert len(subcontractors.rows) == 6 and all(c.text == "" for c in subcontractors.rows[1].cells[1:])


def test_bilaga_3_ties_the_deadlines_to_the_clause(office):
    text = office[ACTION_PLAN]
    assert f"Bilaga {N + 2} Tidplan och åtgärdsplan" in text
    assert "senast 10 dagar efter Beställarens skriftliga påpekande" in text      # documentation_days
    assert "genomförda senast 30 dagar efter påpekandet" in text                  # cure_days
    assert "Sista dag för rättelse (30 dagar efter påpekandet)" in text
    for column in ("Avvikelse", "Åtgärd", "Ansvarig", "Klart senast", "Uppföljning (datum)"):
        assert column in text, column


def test_the_needs_assessment_cites_threshold_and_risk_industry(office):
    text = office[ASSESSMENT]
    limit = threshold_in_force("eu_services_subcentral", sample_data()["date"]).threshold
    amount = f"{limit.amount_sek:,}".replace(",", " ") + " kr"
    assert f"18 000 000 kr för hela kontraktstiden inklusive förlängning, når tröskelvärdet {amount}" in text
    assert limit.period in text and "5 kap. 1 § LOU" in text and "generator/data/thresholds.yaml" in text
    assert "90910000-9 Rengöring hör till riskbranschen lokalvård och rengöring" in text
    assert "risk_industries.yaml" in text and "Upphandlingsdialog Dalarna" in text
    assert "Arbetskraftsintensivt" in text or "arbetskraftsintensivt" in text   # the buyer's own finding
    assert "Serviceentreprenadavtalet" in text
    assert "behövs och ställs i denna upphandling" in text
    assert "skyldig att ställa villkoren när de är behövliga (17 kap. 2 § LOU)" in text
    assert "publiceras inte" in text and "15 september 2026" in text


def test_without_levels_bilaga_1_is_a_form_and_docgen_warns(tmp_path):
    data = sample_data()
    del data["clauses"]["labour_law"]["levels"]
    case = write_case(tmp_path, data)
    result = tender(case, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{case}:" in result.stderr and "clauses.labour_law.levels anger inga nivåer" in result.stderr
    text = (tmp_path / "out" / f"{TERMS}.md").read_text(encoding="utf-8")
    assert "Tabellen fylls i av den upphandlande myndigheten innan upphandlingsdokumenten publiceras" in text
    assert text.count("|  |  |  |  |  |") == 5 and "Lokalvårdare" not in text
    report = (tmp_path / "out" / f"{SELF_REPORT}.md").read_text(encoding="utf-8")
    assert "| Leverantören |" not in report and report.count("|  |  |  |  |  |  |  |") == 4


def test_not_needed_writes_the_assessment_with_the_reason_and_no_appendices(tmp_path):
    data = sample_data()
    reason = "Arbetet utförs av kommunens egen personal; ingen arbetstagare hos leverantören berörs."
    data["clauses"]["labour_law"] = {"not_needed_because": reason,
                                     "assessment": {"assessed_by": "Per Ek, jurist", "work_in_sweden": True}}
    out = tmp_path / "out"
    result = tender(write_case(tmp_path, data), out, "md,docx")
    assert result.returncode == 0, result.stderr
    assert not any(out.glob("arbetsrattsliga-villkor-*")), sorted(p.name for p in out.iterdir())
    text = squash(libreoffice_text(out / f"{ASSESSMENT}.docx", tmp_path))
    assert "behövs inte i denna upphandling" in text and reason in text
    assert "når tröskelvärdet" in text and "Per Ek, jurist" in text
    assert "riskbransch och värdet når tröskelvärdet" in text   # a cleaning case above the threshold: justify well
    assert "bilaga 1 Villkor" not in squash((out / f"{MAIN}.md").read_text(encoding="utf-8"))


def test_below_the_threshold_the_assessment_says_so_and_names_17_1(tmp_path):
    data = sample_data()
    data["procurement"]["estimated_value_sek"] = 1_500_000
    result = tender(write_case(tmp_path, data), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = squash((tmp_path / "out" / f"{ASSESSMENT}.md").read_text(encoding="utf-8"))
    assert "1 500 000 kr för hela kontraktstiden inklusive förlängning, understiger tröskelvärdet" in text
    assert "skyldigheten i 17 kap. 2 § LOU gäller inte" in text and "17 kap. 1 § LOU" in text


def test_no_labour_law_key_means_no_package(tmp_path):
    data = sample_data()
    del data["clauses"]["labour_law"]
    out = tmp_path / "out"
    result = tender(write_case(tmp_path, data), out)
    assert result.returncode == 0
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [f"{MAIN}.manifest.json", f"{MAIN}.md"]
    everything = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()]
    assert not [n for n in everything if "arbetsrattsliga" in n or "behovlighet" in n], everything


BAD_ROWS = [
    ("pay_unit", "vecka", "pay_unit har ett otillåtet värde", "månad"),
    ("minimum_pay_sek", "tjugofemtusen", "minimum_pay_sek", None),
    ("minimum_pay_sek", -100, "minimum_pay_sek", None),
    ("holiday_days", 20, "holiday_days", None),
    ("minimum_pay", 25000, "okänd nyckel clauses.labour_law.levels[1].minimum_pay", "minimum_pay_sek"),
]


@pytest.mark.parametrize("key,value,message,hint", BAD_ROWS)
def test_a_bad_level_row_is_refused_with_file_and_line(tmp_path, key, value, message, hint):
    data = sample_data()
    data["clauses"]["labour_law"]["levels"][1][key] = value
    case = write_case(tmp_path, data)
    out = tmp_path / "out"
    result = tender(case, out)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    # the key of the second (last) row
    expected_line = [n for n, line in enumerate(case.read_text(encoding="utf-8").splitlines(), 1)
                     if line.lstrip(" -").startswith(f"{key}: ")][-1]
    assert f"{case}:{expected_line}" in result.stderr, result.stderr
    assert message in result.stderr and "levels[1]" in result.stderr
    if hint:
        assert hint in result.stderr
    assert not out.exists()


def test_a_category_twice_is_refused(tmp_path):
    data = sample_data()
    data["clauses"]["labour_law"]["levels"][1]["category"] = "lokalvårdare"
    case = write_case(tmp_path, data)
    result = tender(case, tmp_path / "out")
    assert result.returncode == 2 and f"{case}:{line_of(case, 'levels:')}" in result.stderr
    assert "yrkeskategorin 'lokalvårdare' står två gånger" in result.stderr


def test_a_bad_assessment_is_refused(tmp_path):
    data = sample_data()
    data["clauses"]["labour_law"]["assessment"]["work_in_sweden"] = "kanske"
    case = write_case(tmp_path, data)
    result = tender(case, tmp_path / "out")
    assert result.returncode == 2
    assert f"{case}:{line_of(case, 'work_in_sweden')}" in result.stderr and "true eller false" in result.stderr


def test_same_case_gives_byte_identical_package(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert tender(SAMPLE, out, "docx,pdf,html,md").returncode == 0
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    # five documents (tender, labour-law appendices, assessment) plus the internal dokumentunderlag, five files each
    assert len(names) == 6 * 5 and names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_filled_in_self_report_is_never_overwritten_and_nothing_else_is_written(tmp_path):
    out = tmp_path / "out"
    assert tender(SAMPLE, out, "md").returncode == 0
    report = out / f"{SELF_REPORT}.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nIfylld av leverantören.\n", encoding="utf-8")
    main_before = (out / f"{MAIN}.md").read_bytes()
    data = sample_data()
    data["clauses"]["labour_law"]["vite_sek"] = 90000   # the tender document would change
    result = tender(write_case(tmp_path, data), out)
    assert result.returncode == 2 and str(report) in result.stderr and "--force" in result.stderr
    assert (out / f"{MAIN}.md").read_bytes() == main_before
    assert "Ifylld av leverantören." in report.read_text(encoding="utf-8")


def test_a_bilaga_2_service_is_measured_against_the_social_services_threshold(tmp_path):
    """Elderly care (CPV in the 19 kap. lists, so LOU bilaga 2) is judged against 750 000 euro in SEK,
    8 513 250 kr in 2026, not the 2 451 816 kr of ordinary services – also when the case does not say
    annex2_service."""
    data = yaml.safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    assert "annex2_service" not in data["procurement"]
    data["procurement"]["estimated_value_sek"] = 5_000_000
    data.setdefault("clauses", {})["labour_law"] = {"collective_agreement": "Vårdföretagaravtalet", "vite_sek": 25000}
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "25a", "--data", str(write_case(tmp_path, data)), "--out", str(out),
                        "--format", "md")
    assert result.returncode == 0, result.stderr
    text = squash((out / "intern" / "behovlighetsbedomning-arbetsrattsliga-villkor-von-2026-412.md").read_text(encoding="utf-8"))
    assert "5 000 000 kr för hela kontraktstiden inklusive förlängning, understiger tröskelvärdet 8 513 250 kr " \
           "för sociala tjänster och andra särskilda tjänster enligt bilaga 2 till LOU" in text
    assert "2 451 816 kr" not in text
