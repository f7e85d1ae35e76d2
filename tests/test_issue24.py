"""Issue 24: everyday use, round 2 — no wrong value is ever published, cases are identified by who and what,
verify sees stale files, --force keeps hand edits, organisation numbers, messages, batch, print polish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_docgen

from generator.datafiles import route_ids

SAMPLE = ROOT / "samples" / "tender-25a.yaml"


def one_line(result) -> str:
    """The one Swedish line of a refusal: exit 2, nothing on stdout, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def case_with(tmp_path: Path, *edits: tuple[str, str], name: str = "case.yaml", source: Path = SAMPLE) -> Path:
    """The 25a sample with each (pattern, replacement) applied once (a regex over whole lines)."""
    text = source.read_text(encoding="utf-8")
    for pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, pattern
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- item 2: a value YAML reads as something else is refused, never published -------------------------------

SUBMISSION = r"^clauses:\n"


@pytest.mark.parametrize("written, expected", [
    ("12:00", 'ska vara ett klockslag, men 12:00 läses i YAML som talet 720 (räknat i sextiotal); '
              'sätt klockslaget inom citattecken: "12:00"'),
    ("13.30", 'ska vara ett klockslag, men 13.30 läses i YAML som talet 13.3; sätt klockslaget inom citattecken: "13.30"'),
    ("12", 'ska vara ett klockslag, men 12 läses i YAML som ett tal; sätt klockslaget inom citattecken: "12.00"'),
    ("yes", 'ska vara ett klockslag, men yes läses i YAML som true (ja/nej); sätt klockslaget inom citattecken: "12.00"'),
])
def test_a_clock_time_yaml_misreads_is_refused_with_line_and_fix(tmp_path, written, expected):
    case = case_with(tmp_path, (SUBMISSION, f"clauses:\n  admin/submission: {{deadline_time: {written}}}\n"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    line = line_of(case, "deadline_time")
    assert one_line(result) == (f"docgen: fel: {case}:{line}: clauses.admin/submission.deadline_time {expected} "
                                "(variabeln deklareras i klausulen admin/submission)")
    assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.mark.parametrize("written, shown", [('"12:00"', "12.00"), ('"13.30"', "13.30"), ("'9.30'", "9.30")])
def test_a_quoted_clock_time_is_published_as_a_swedish_time(tmp_path, written, shown):
    case = case_with(tmp_path, (SUBMISSION, f"clauses:\n  admin/submission: {{deadline_time: {written}}}\n"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out").glob("upphandlingsdokument-*.md")).read_text(encoding="utf-8")
    assert f"senast kl. {shown} den 15 mars 2027" in text


def test_an_octal_amount_is_refused_as_written(tmp_path):
    case = case_with(tmp_path, (r"^    notify_days: 14$", "    notify_days: 014"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert one_line(result) == (
        f"docgen: fel: {case}:{line_of(case, 'notify_days')}: clauses.contract/value-transfer-25a.notify_days ska vara "
        "ett tal, men 014 läses i YAML som det oktala talet 12; skriv talet utan inledande nolla och utan kolon "
        "(variabeln deklareras i klausulen contract/value-transfer-25a)")


def test_a_number_where_text_is_expected_is_refused(tmp_path):
    case = case_with(tmp_path, (SUBMISSION, "clauses:\n  admin/submission: {tool: 0123}\n"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert one_line(result) == (
        f"docgen: fel: {case}:{line_of(case, 'tool:')}: clauses.admin/submission.tool ska vara text, men 0123 läses i "
        'YAML som det oktala talet 83; sätt värdet inom citattecken: "0123" '
        "(variabeln deklareras i klausulen admin/submission)")


def test_yes_for_a_choice_is_refused_and_an_unquoted_number_choice_is_the_choice(tmp_path):
    from generator.library import VariableSpec, coerce

    spec = VariableSpec(type="choice", choices=["ja", "nej"], description="x")
    with pytest.raises(ValueError, match=r'ska vara ett av ja, nej, men yes läses i YAML som true \(ja/nej\); '
                                         r'sätt värdet inom citattecken: "yes"'):
        coerce(spec, True, "yes")
    numbered = VariableSpec(type="choice", choices=["1", "010"], description="x")
    assert coerce(numbered, 8, "010") == "010"   # what was written, not octal 8
    assert coerce(VariableSpec(type="percent", description="x"), 1.5, "1.50") == 1.5   # a float as meant


def test_an_unquoted_phone_is_shown_as_written(tmp_path):
    case = case_with(tmp_path, (r"^    email: upphandling@norrvik.example$",
                                "    email: upphandling@norrvik.example\n    phone: 0123456700"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert one_line(result) == (f"docgen: fel: {case}:{line_of(case, 'phone')}: authority.contact.phone ska vara text "
                                '(värde: 0123456700) (sätt värdet inom citattecken: phone: "0123456700")')


def test_route_25_unquoted_is_route_25(tmp_path):
    source = ROOT / "samples" / "tender-25.yaml"
    case = case_with(tmp_path, (r'^route: "25"$', "route: 25"), source=source)
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").glob("upphandlingsdokument-25-*.md"))
    octal = case_with(tmp_path, (r'^route: "25"$', "route: 025"), source=source, name="octal.yaml")
    result = run_docgen("tender", "--data", str(octal), "--out", str(tmp_path / "out2"), "--format", "md")
    choices = ", ".join(route_ids())   # the route list as routes.yaml holds it
    assert one_line(result) == f"docgen: fel: {octal}:4: route har ett otillåtet värde (värde: 025) (välj en av {choices})"


def test_a_clause_default_yaml_misreads_is_refused_when_the_library_loads(tmp_path):
    from generator.errors import DocgenError
    from generator.library import parse_clause

    text = (ROOT / "clauses" / "admin" / "submission.md").read_text(encoding="utf-8")
    bad = text.replace('default: "23.59"', "default: 23.59")
    assert bad != text
    with pytest.raises(DocgenError) as caught:
        parse_clause(bad, tmp_path / "submission.md")
    assert caught.value.one_line() == (
        f"{tmp_path / 'submission.md'}:{bad.splitlines().index(next(x for x in bad.splitlines() if 'deadline_time' in x)) + 1}: "
        "variables.deadline_time.default ska vara ett klockslag, men 23.59 läses i YAML som ett tal; "
        'sätt klockslaget inom citattecken: "23.59" (standardvärdet ska passa typen time)')


def test_check_warns_about_a_text_variable_holding_a_time(tmp_path):
    import shutil

    clauses = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", clauses)
    path = clauses / "admin" / "submission.md"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline_time: {type: time", "deadline_time: {type: text"),
                    encoding="utf-8")
    result = run_docgen("check", "--clauses", str(clauses), "--no-samples")
    line = line_of(path, "deadline_time:")
    assert (f"{path}:{line}:1: variable-type varning: variabeln 'deadline_time' har typen text men är ett klockslag "
            "(ange type: time, så att ett värde som YAML läser fel (12:00 som 720, 0123 som 83) stoppas)") in result.stdout


# --- items 3–5: a case is who and what, verify sees stale files, --force keeps hand edits -------------------

from test_outputs import LIB, STEM, tender, verify  # noqa: E402
from test_outputs import case_with as fixture_case  # noqa: E402


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """The small test library of test_outputs (template output ``test-25a``, case diarienummer "DNR 1")."""
    import shutil

    copy = tmp_path / "small"
    shutil.copytree(LIB, copy)
    shutil.copyfile(ROOT / "clauses" / "appendix" / "dokumentunderlag.md", copy / "clauses" / "appendix" / "dokumentunderlag.md")
    shutil.copyfile(ROOT / "templates" / "tender-dokumentunderlag.yaml", copy / "templates" / "tender-dokumentunderlag.yaml")
    return copy


def test_the_same_file_name_for_another_authority_is_another_case(small, tmp_path):
    out = tmp_path / "out"
    first = tmp_path / "kommun-a" / "arende.yaml"
    second = tmp_path / "kommun-b" / "arende.yaml"
    text = (small / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    for path, org in ((first, "212000-0001"), (second, "212000-0019")):
        path.parent.mkdir()
        path.write_text(text.replace('org_number: "212000-0001"', f'org_number: "{org}"'), encoding="utf-8")
    assert tender(small, first, out, "md").returncode == 0
    before = (out / f"{STEM}.md").read_bytes()
    result = tender(small, second, out, "md")
    assert one_line(result) == (
        f"docgen: fel: ärendet 212000-0019, DNR 1 i arende.yaml skulle ersätta filer som hör till ett annat ärende "
        f"(212000-0001, DNR 1 i arende.yaml): {out}/{STEM}.md, {out}/intern/dokumentunderlag-25a-dnr-1.md "
        "(ett ärende känns igen på organisationsnummer och diarienummer; ge ärendet ett eget diarienummer, "
        "välj en annan --out eller använd --force)")
    assert (out / f"{STEM}.md").read_bytes() == before


def test_a_renamed_copy_of_the_same_procurement_is_the_same_case(small, tmp_path):
    import json
    import shutil

    out = tmp_path / "out"
    original = small / "samples" / "tender-25a.yaml"
    assert tender(small, original, out, "docx,md").returncode == 0
    renamed = tmp_path / "solgarden-slutlig.yaml"
    shutil.copyfile(original, renamed)
    result = tender(small, renamed, out, "docx,md")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["case"] | {"sha256": ""} == {"file": "solgarden-slutlig.yaml", "sha256": "",
                                                  "org_number": "212000-0001", "reference": "DNR 1"}
    assert "earlier" not in manifest


def test_verify_says_a_document_was_made_from_an_earlier_version_of_the_case(small, tmp_path):
    out = tmp_path / "out"
    case = fixture_case(small, "arende.yaml", "DNR 1")
    assert tender(small, case, out, "docx,md").returncode == 0
    assert verify(small, out / f"{STEM}.docx").returncode == 0
    case.write_text(case.read_text(encoding="utf-8").replace("Boende DNR 1", "Boende för äldre, andra utgåvan"),
                    encoding="utf-8")
    assert tender(small, case, out, "md").returncode == 0
    stale = verify(small, out / f"{STEM}.docx")
    assert stale.returncode == 1
    assert stale.stdout.splitlines()[0] == (
        f"{out}/{STEM}.docx: dokumentet skapades från en tidigare version av ärendet (arende.yaml); {STEM}.md skrevs "
        "senare från en nyare version (skriv om dokumentet från ärendefilen)")
    assert verify(small, out / f"{STEM}.md").returncode == 0
    # --data: against the case as it is now
    now = run_docgen("verify", str(out / f"{STEM}.md"), "--clauses", str(small / "clauses"),
                     "--templates", str(small / "templates"), "--data", str(case))
    assert now.returncode == 0, now.stdout
    case.write_text(case.read_text(encoding="utf-8") + "# en ändring\n", encoding="utf-8")
    changed = run_docgen("verify", str(out / f"{STEM}.md"), "--clauses", str(small / "clauses"),
                         "--templates", str(small / "templates"), "--data", str(case))
    assert changed.returncode == 1
    assert changed.stdout.splitlines()[0] == (
        f"{out}/{STEM}.md: dokumentet skapades från en annan version av ärendet än {case} (ärendefilen har ändrats "
        f"sedan, eller är en annan; skriv om dokumentet med --data {case})")


def test_force_keeps_the_edited_file_under_a_name_that_says_so(small, tmp_path):
    out = tmp_path / "out"
    case = small / "samples" / "tender-25a.yaml"
    assert tender(small, case, out, "md").returncode == 0
    generated = (out / f"{STEM}.md").read_text(encoding="utf-8")
    (out / f"{STEM}.md").write_text(generated + "\nMin egen ändring.\n", encoding="utf-8")
    forced = tender(small, case, out, "md", "--force")
    assert forced.returncode == 0, forced.stderr
    kept = out / f"{STEM}.redigerad.md"
    assert (f"docgen: varning: {out}/{STEM}.md: filen hade ändrats sedan docgen skrev den; den ändrade versionen är "
            f"sparad som {kept}") in forced.stderr.splitlines()
    assert str(kept) in forced.stdout.splitlines()
    assert kept.read_text(encoding="utf-8").endswith("Min egen ändring.\n")
    assert (out / f"{STEM}.md").read_text(encoding="utf-8") == generated
    (out / f"{STEM}.md").write_text("en andra ändring\n", encoding="utf-8")
    again = tender(small, case, out, "md", "--force")
    assert (out / f"{STEM}.redigerad-2.md").read_text(encoding="utf-8") == "en andra ändring\n", again.stderr
    assert kept.read_text(encoding="utf-8").endswith("Min egen ändring.\n")


# --- item 6: organisation numbers have a check digit ------------------------------------------------------

def test_the_check_digit_of_an_organisation_number():
    from generator.orgnumber import wrong_check_digit

    assert wrong_check_digit("212000-0142") is None        # Stockholms kommun
    assert wrong_check_digit("556036-0793") is None        # a real aktiebolag's number
    assert wrong_check_digit("212000-0141") == 2
    assert wrong_check_digit("not a number") is None        # the format is the model's business


def test_every_sample_has_valid_organisation_numbers():
    import yaml

    from generator.orgnumber import wrong_check_digit

    for path in sorted((ROOT / "samples").glob("*.yaml")):
        numbers = re.findall(r'org_number: "(\d{6}-\d{4})"', path.read_text(encoding="utf-8"))
        assert all(wrong_check_digit(n) is None for n in numbers), (path.name, numbers)
        assert yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_wrong_check_digit_is_warned_about_for_the_authority_and_an_iop_party(tmp_path):
    case = case_with(tmp_path, (r'^  org_number: "212000-0118"$', '  org_number: "212000-0117"'))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert (f"docgen: varning: {case}:8: authority.org_number: organisationsnumret 212000-0117 har fel kontrollsiffra "
            "(med de nio första siffrorna ska den sista vara 8) (kontrollera numret, t.ex. hos Bolagsverket eller SCB)"
            ) in result.stderr.splitlines()
    iop = case_with(tmp_path, (r'^      org_number: "802400-1235"$', '      org_number: "802400-1234"'),
                    name="iop.yaml", source=ROOT / "samples" / "iop-night-shelter.yaml")
    result = run_docgen("iop", "--data", str(iop), "--out", str(tmp_path / "iop"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert any(line.startswith(f"docgen: varning: {iop}:18: parties.idea[0].org_number: organisationsnumret "
                               "802400-1234 har fel kontrollsiffra (med de nio första siffrorna ska den sista vara 5)")
               for line in result.stderr.splitlines()), result.stderr


# --- item 7: messages, exact and Swedish ------------------------------------------------------------------

def test_diff_with_a_missing_file_says_it_does_not_exist(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("# Rubrik\n", encoding="utf-8")
    result = run_docgen("diff", "finnsinte.md", str(real), "--out", str(tmp_path / "out"))
    assert one_line(result) == ("docgen: fel: finnsinte.md: OLD finns inte (kontrollera sökvägen; ange två kataloger, "
                                "två dokument eller två git-revisioner)")


def test_a_case_file_given_without_data_is_told_to_use_data():
    result = run_docgen("tender", "base.yaml")
    assert one_line(result) == ("docgen: fel: oväntat argument (base.yaml) "
                                "(ange ärendefilen med --data: docgen tender --data base.yaml)")


def test_check_counts_one_warning_in_the_singular_and_jinja_errors_are_swedish(tmp_path):
    import shutil

    clauses = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", clauses)
    path = clauses / "admin" / "submission.md"
    text = path.read_text(encoding="utf-8").replace("deadline_time: {type: time", "deadline_time: {type: text")
    path.write_text(text, encoding="utf-8")
    result = run_docgen("check", "--clauses", str(clauses), "--no-samples")
    assert result.stderr.splitlines()[-1].startswith("docgen check: 0 fel, 1 varning; ")
    path.write_text(text + "\n{% if deadline_time %}kl. {{ deadline_time }}\n", encoding="utf-8")
    result = run_docgen("check", "--clauses", str(clauses), "--no-samples")
    found = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith(f"{path}:")
             and "jinja-syntax" in line]
    assert found == ["jinja-syntax fel: Jinja-syntaxfel: texten tar slut innan {% if %} har avslutats med {% endif %} "
                     "(kontrollera {{ }}, {% %} och att varje {% if %}/{% for %} avslutas)"], result.stdout
    assert "Unexpected" not in result.stdout


def test_jinja_messages_are_swedish():
    from jinja2 import Environment, TemplateSyntaxError

    from generator.render import jinja_problem_sv

    def problem(source: str) -> str:
        with pytest.raises(TemplateSyntaxError):   # a text Jinja refuses; the Swedish is worked out from the text
            Environment().parse(source)
        return jinja_problem_sv(source)

    assert problem("{% for a in b %}x") == "texten tar slut innan {% for %} har avslutats med {% endfor %}"
    assert problem("{% endif %}") == "{% endif %} saknar sitt inledande {% if %}"
    assert problem("{{ x y }}") == "{{ }} innehåller mer än ett uttryck: 'y' väntades inte (saknas ett | eller ett komma?)"
    assert problem("{{ ") == "texten tar slut mitt i ett {{ }}- eller {% %}-uttryck"
    assert problem("{% if a %}x{% endfor %}") == "{% endfor %} står där {% if %} först måste avslutas med {% endif %}"
    assert problem("{% lista %}") == "okänd tagg {% lista %}"


def test_a_value_where_keys_belong_says_so_in_plain_swedish(tmp_path):
    case = case_with(tmp_path, (r"^  name: Norrviks kommun\n(  .*\n)+?(?=procurement:)", ""),
                     (r"^authority:$", "authority: Norrviks kommun"))
    result = run_docgen("tender", "--data", str(case), "--out", str(tmp_path / "out"))
    assert one_line(result) == (f"docgen: fel: {case}:6: authority ska ha egna nycklar under sig (nyckel: värde), inte "
                                "ett enskilt värde (värde: 'Norrviks kommun') (skriv nycklarna indragna på raderna under "
                                "authority:, t.ex. name: och org_number:)")


def test_a_bundled_clause_is_named_by_its_id_not_its_path_in_the_package(tmp_path):
    from generator.library import parse_clause

    text = (ROOT / "clauses" / "admin" / "submission.md").read_text(encoding="utf-8")
    installed = parse_clause(text, tmp_path / "site-packages" / "generator" / "_bundled" / "clauses" / "admin" / "submission.md")
    assert installed.where(3) == "klausulen admin/submission"
    assert installed.where_key("variables", "deadline_time") == "klausulen admin/submission"
    own = parse_clause(text, tmp_path / "clauses" / "admin" / "submission.md")
    assert own.where_key("variables", "deadline_time").startswith(str(tmp_path / "clauses" / "admin" / "submission.md:"))


def test_clauses_list_shows_swedish_kinds_and_takes_them():
    result = run_docgen("clauses", "list", "--kind", "allmän", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "    typ allmän (general) · vägar all · nivåer – · anges under clauses.admin/annexes" in result.stdout.splitlines()
    assert "typ general" not in result.stdout


def test_help_texts_name_the_real_files_and_no_samples_folder():
    tender_help = " ".join(run_docgen("tender", "--help").stdout.split())
    assert "notice-fields-<diarienummer>.json" in tender_help and "notice-fields.json" not in tender_help
    check_help = " ".join(run_docgen("check", "--help").stdout.split())
    assert "samples/" not in check_help and "(standard: de inbyggda exemplen, se docgen exempel)" in check_help


def test_an_empty_case_file_offers_a_sample_and_exempel_prints_it(tmp_path):
    empty = tmp_path / "tom.yaml"
    empty.write_text("", encoding="utf-8")
    result = run_docgen("tender", "--data", str(empty), "--out", str(tmp_path / "out"))
    assert one_line(result) == f"docgen: fel: {empty}: ärendefilen är tom (utgå från ett exempel: docgen exempel 25a > min.yaml)"
    sample = run_docgen("exempel", "25a")
    assert sample.returncode == 0 and sample.stdout == SAMPLE.read_text(encoding="utf-8")
    listing = run_docgen("exempel")
    assert "tender-25a  " in listing.stdout and "iop-night-shelter  " in listing.stdout
    unknown = run_docgen("exempel", "25b")
    assert one_line(unknown) == "docgen: fel: exemplet '25b' finns inte (menade du '25'? docgen exempel utan namn listar exemplen)"


# --- item 8: the web form ------------------------------------------------------------------------------

def test_the_web_form_speaks_swedish_and_downloads_a_reusable_case(tmp_path):
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    from serve_helpers import get, post, running_app
    from test_serve_form import TENDER

    with running_app() as base:
        status, page = get(base + "/tender")
        html = page.decode()
        assert status == 200
        assert '<option value="elderly-care">Särskilt boende för äldre</option>' in html
        assert ">elderly-care<" not in html and "generator/data" not in html and "Ange true eller false" not in html

        help_text = re.search(r'id="f-procurement-vardval-help">(.*?)</p>', html, re.S)
        assert help_text and help_text.group(1).startswith("Ja eller nej för hälso- och sjukvårdstjänster")

        status, headers, body = post(base + "/tender/download/yaml", TENDER)
        assert status == 200
        assert headers["content-disposition"].startswith('attachment; filename="arende-von-2026-412.yaml"')
        saved = tmp_path / "arende-von-2026-412.yaml"
        saved.write_bytes(body)
        assert "general/procedure-19a-2" not in body.decode()   # a clause the 25a document does not use
        result = run_docgen("tender", "--data", str(saved), "--out", str(tmp_path / "out"), "--format", "md")
        assert result.returncode == 0, result.stderr
        assert "ingen sådan klausul ingår i dokumentet" not in result.stderr

        status, headers, body = post(base + "/tender", {"x": "y" * 400_000})
        assert status == 413 and headers["content-type"].startswith("text/html")
        assert 'lang="sv"' in body.decode()
        assert "Filen är för stor (högst 200 kB); en ärendefil är normalt några kilobyte." in body.decode()

        status, body = get(base + "/static/finnsinte.css")    # Starlette's own 404, in Swedish
        assert status == 404 and "Sidan finns inte." in body.decode() and "Not Found" not in body.decode()


# --- item 9: batch ------------------------------------------------------------------------------------

def test_batch_logs_plain_lines_and_takes_an_upper_case_extension(tmp_path):
    import shutil

    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copyfile(SAMPLE, cases / "Kopia av ok.YAML")
    (cases / "anteckningar.txt").write_text("inte ett ärende\n", encoding="utf-8")
    result = run_docgen("batch", str(cases), "--out", str(tmp_path / "out"), "--jobs", "1", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "[#" not in result.stderr   # no progress bar in a log
    lines = result.stderr.splitlines()
    assert "docgen batch: 1/1 ärenden klara" in lines
    assert (f"docgen: varning: {cases}: 1 fil som inte slutar på .yaml eller .yml hoppas över (anteckningar.txt)"
            in lines)
    assert re.search(r"^Kopia av ok\.YAML +ok +\d+ ", result.stdout, re.M)
    assert (tmp_path / "out" / "Kopia av ok" / "upphandlingsdokument-25a-von-2026-412.md").is_file()


# --- item 10: print and Word polish --------------------------------------------------------------------

@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The night-shelter IOP and the 25a tender as PDF, HTML, DOCX and Markdown (the tender's title with & and <)."""
    out = tmp_path_factory.mktemp("printed")
    iop = run_docgen("iop", "--data", str(ROOT / "samples" / "iop-night-shelter.yaml"), "--out", str(out),
                     "--format", "pdf,html")
    assert iop.returncode == 0, iop.stderr
    case = out / "tender.yaml"
    case.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "title: Drift av särskilt boende för äldre – Solgårdens vård- och omsorgsboende",
        'title: "Vård & omsorg <särskilt boende> på Solgården"'), encoding="utf-8")
    tender = run_docgen("tender", "--data", str(case), "--out", str(out), "--format", "pdf,docx,md")
    assert tender.returncode == 0, tender.stderr
    return out


def _pdf_layout(path: Path) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) saknas")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_tables_keep_email_addresses_headings_and_amounts_whole(printed):
    iop = _pdf_layout(next(printed.glob("overenskommelse-iop-*.pdf")))
    header = next(line for line in iop.splitlines() if line.strip().startswith("Part ") and "Roll" in line)
    assert "Organisationsnummer" in header                      # not "Organisationsnumm" / "er"
    assert "ka\u2010" not in iop and "so\u2010" not in iop       # e-mail addresses are not hyphenated
    assert "karin.ekstrom@" in iop
    html = next(printed.glob("overenskommelse-iop-*.html")).read_text(encoding="utf-8")
    assert '<span class="email">karin.<wbr>ekstrom@<wbr>norrvik.<wbr>example</span>' in html
    tender = _pdf_layout(next(printed.glob("upphandlingsdokument-25a-*.pdf")))
    vite = [line for line in tender.splitlines() if re.match(r"^V\d ", line)]
    assert len(vite) >= 3 and all(re.search(r"\d{1,3}(?: \d{3})* kr", line) for line in vite), vite
    assert not re.search(r"\d k\s*$", tender, re.M)              # no "10 000 k" / "r"


def test_docx_tables_are_set_as_the_pdf_and_the_contents_list_needs_no_update(printed):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(next(printed.glob("upphandlingsdokument-25a-*.docx"))))
    vite = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Nr", "Vite för"])
    margins = vite._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None and margins.find(qn("w:left")).get(qn("w:w")) == "60"   # wide table: .35em
    sizes = {r.font.size.pt for row in vite.rows[1:] for cell in row.cells for p in cell.paragraphs for r in p.runs}
    assert sizes == {8.5}
    assert {r.font.size.pt for c in vite.rows[0].cells for p in c.paragraphs for r in p.runs} == {8.5}
    # "V1" at 8.5 pt bold is about 0.37 cm; with the padding (2 × 60 twips, 0.21 cm) it needs 0.58 cm
    assert vite.rows[0].cells[0].width.cm >= 0.6
    body = document.element.body
    assert not [f for f in body.iter(qn("w:fldChar")) if f.get(qn("w:dirty"))]   # Word does not ask to update
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert len(links) > 20 and set(links) <= bookmarks          # every contents entry links to its heading


def test_markdown_has_no_needless_escapes_or_double_spaces(printed):
    text = next(printed.glob("upphandlingsdokument-25a-*.md")).read_text(encoding="utf-8")
    assert "Vård & omsorg \\<särskilt boende> på Solgården" in text   # "<" before a letter could open a tag
    assert "\\&" not in text
    assert not re.search(r"[^\s|]  +[^\s|]", text)                    # no double spaces inside a line
