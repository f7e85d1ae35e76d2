"""The criteria form (krav · motiv · verifikat · nivå): bidders read krav and verifikat under each condition,
the buyer keeps the motiv in "Motiv till ställda krav", and the level chosen in the case changes the text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, docx_paragraph_texts, docx_text, run_docgen, squash

from generator.build import Build
from generator.checks import run_checks
from generator.checks.criteria import CONDITION_KINDS
from generator.errors import DocgenError
from generator.kinds import parse_case
from generator.library import LEVELS, load_library

SAMPLE = ROOT / "samples" / "tender-open-avancerad.yaml"
LIBRARY = load_library()
# the sample's contract conditions (the five-part tender adds qualification clauses with criteria too)
CONDITIONS = {"employment/strict", "labour-law/conditions", "social/equality", "social/fair-trade"}


def _tender(loaded):
    """The tender as build() assembles it: with the tender kind's context (procedure, facts)."""
    return Build("tender", loaded, LIBRARY).document("tender", []).document


def sample_data() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def markdown_of(data: dict) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return squash(_tender(parse_case(text, "case.yaml", expect="tender")).markdown)


def at_level(level: str, **family_levels: str) -> str:
    data = sample_data()
    data["criteria_level"] = level
    data["clauses"]["fair_trade"].pop("level", None)
    for key, chosen in family_levels.items():
        data["clauses"][key]["level"] = chosen
    return markdown_of(data)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("avancerad")
    result = run_docgen("tender", "--route", "open", "--data", str(SAMPLE), "--out", str(out),
                        "--format", "docx,md", "--motiv")
    assert result.returncode == 0, result.stderr
    return out


def condition_clauses() -> list:
    loaded = parse_case(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE), expect="tender")
    document = _tender(loaded)
    return [c for c in document.plan.clauses() if c.meta.kind in CONDITION_KINDS]


def body_in_order(path: Path) -> list[tuple[str, object]]:
    """The DOCX body as ("p", text) and ("table", rows of cell texts), in reading order."""
    from docx import Document
    from docx.table import Table

    document = Document(str(path))
    items: list[tuple[str, object]] = []
    shown = iter(docx_paragraph_texts(document))  # headings with the number Word shows
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            items.append(("p", next(shown)))
        elif child.tag.endswith("}tbl"):
            table = Table(child, document)
            items.append(("table", [[cell.text for cell in row.cells] for row in table.rows]))
    return items


# --- the tender: krav and verifikat right under each condition's heading ----------------------------

def test_avancerad_sample_docx_shows_krav_and_verifikat_under_each_condition(written: Path):
    clauses = condition_clauses()
    assert {"employment/strict", "labour-law/conditions", "social/equality", "social/fair-trade"} <= {c.id for c in clauses}
    items = body_in_order(written / "upphandlingsdokument-open-bun-2026-118.docx")
    for clause in [c for c in clauses if c.id in CONDITIONS]:
        heading = next(i for i, (kind, text) in enumerate(items)
                       if kind == "p" and text.endswith(" " + clause.meta.title) and text[0].isdigit())
        kind, rows = items[heading + 1]
        assert kind == "table", f"{clause.id}: ingen tabell direkt under rubriken"
        assert rows[0] == ["Krav", "Verifikat"], rows
        assert len(rows) == 2 and all(cell.strip() for cell in rows[1])
    text = squash(docx_text(written / "upphandlingsdokument-open-bun-2026-118.docx"))
    # the avancerad texts a lawyer would look for, with the level's defaults filled in
    assert ("erbjuda minst 3 personer som står långt från arbetsmarknaden praktik om minst 6 månader eller "
            "anställning, varav minst en anställning") in text
    assert "Förteckning över underleverantörer vid kontraktsstart och inom tio dagar från varje förändring" in text
    assert "senast 10 dagar efter Beställarens begäran. Lämnas vid kontraktsstart och på begäran under kontraktstiden." in text
    assert "ha utbildats i rutinerna och i diskrimineringsgrunderna" in text
    # rättvis handel is chosen at bas in the sample (clauses.fair_trade.level), the rest at avancerad
    assert "Minst 25 % av inköpsvärdet för kaffe, te, kakao och bananer" in text
    assert "Lämnas löpande under kontraktstiden." in text


def test_motiv_is_not_in_the_published_tender(written: Path):
    tender = squash(docx_text(written / "upphandlingsdokument-open-bun-2026-118.docx"))
    for clause in condition_clauses():
        motiv = clause.meta.criteria_at("avancerad").motiv
        first_words = " ".join(motiv.split()[:8])
        assert first_words not in tender, clause.id
    assert "Motiv" not in tender


# --- the buyer's "Motiv till ställda krav" ----------------------------------------------------------

def test_motiv_document_lists_each_clause_with_its_section_number_level_and_motiv(written: Path):
    motiv_docx = written / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.docx"
    assert not list(written.glob("motiv-*"))  # internal: kept apart from the files that are published
    text = squash(docx_text(motiv_docx))
    assert "Motiv till ställda krav" in text and "internt underlag, publiceras inte" in text
    tender_items = body_in_order(written / "upphandlingsdokument-open-bun-2026-118.docx")
    motiv_headings = [t for kind, t in body_in_order(motiv_docx) if kind == "p"]
    for clause in [c for c in condition_clauses() if c.id in CONDITIONS]:
        # the number the clause has in the tender
        number = next(t for kind, t in tender_items if kind == "p" and t.endswith(" " + clause.meta.title)
                      and t[0].isdigit()).split(" ")[0]
        assert f"{number} {clause.meta.title}" in motiv_headings, (number, clause.id)
        level = "bas" if clause.id == "social/fair-trade" else "avancerad"
        assert f"{number} | {clause.meta.title} | {level} | " in text
        motiv = clause.meta.criteria_at(level).motiv
        static = motiv.split("{{")[0].strip()  # the motiv up to its first inserted value
        assert squash(static) in text, clause.id
    # motiv with values filled in from the case
    assert "Nivån förutsätter att Norrviks kommuns arbetsmarknadsenhet kan anvisa kandidater" in text
    assert "Nivåerna hämtas från Gröna riksavtalet (Visita–HRF) enligt 17 kap. 3 § LOU" in squash(
        (written / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.md").read_text(encoding="utf-8"))
    assert (written / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.manifest.json").is_file()


def test_motiv_document_is_byte_identical_between_runs(tmp_path: Path):
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_docgen("tender", "--route", "open", "--data", str(SAMPLE), "--out", str(out),
                            "--format", "docx,pdf,html,md", "--motiv")
        assert result.returncode == 0, result.stderr
        runs.append(out)
    for suffix in ("docx", "pdf", "html", "md", "manifest.json"):
        name = f"motiv-till-stallda-krav-open-bun-2026-118.{suffix}"
        assert (runs[0] / "intern" / name).read_bytes() == (runs[1] / "intern" / name).read_bytes(), name


def test_without_motiv_flag_only_the_tender_is_written(tmp_path: Path):
    result = run_docgen("tender", "--route", "open", "--data", str(SAMPLE), "--out", str(tmp_path), "--format", "md")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "upphandlingsdokument-open-bun-2026-118.md" in names
    # the sample sets labour-law conditions, so their appendices come along; the internal motiv does not
    # numbered in the tender's one annex series, after its own appendices (issue 14)
    assert [n for n in names if n.startswith("arbetsrattsliga-villkor-bilaga-") and n.endswith("-villkor-bun-2026-118.md")]
    assert "arbetsrattsliga-villkor-bilaga-1-villkor-bun-2026-118.md" not in names
    assert not [n for n in names if n.startswith("motiv-")], names
    assert not [p.name for p in (tmp_path / "intern").iterdir() if p.name.startswith("motiv-")]


def test_edited_motiv_document_is_not_overwritten_and_nothing_is_written(tmp_path: Path):
    args = ("tender", "--route", "open", "--data", str(SAMPLE), "--out", str(tmp_path), "--format", "md", "--motiv")
    assert run_docgen(*args).returncode == 0
    motiv = tmp_path / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.md"
    motiv.write_text(motiv.read_text(encoding="utf-8") + "\nEgen anteckning.\n", encoding="utf-8")
    tender = tmp_path / "upphandlingsdokument-open-bun-2026-118.md"
    tender.unlink()
    result = run_docgen(*args)
    assert result.returncode == 2 and "motiv-till-stallda-krav-open-bun-2026-118.md" in result.stderr
    assert not tender.exists()  # checked before anything was written
    assert "Egen anteckning." in motiv.read_text(encoding="utf-8")


def test_motiv_for_a_tender_without_conditions_is_refused(tmp_path: Path):
    # The bundled tender always carries qualification requirements with motiv (supplier/…), so the
    # library here is the small test library, whose tender has no requirement or condition clause,
    # with the real Motiv template and its clauses beside it.
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "check", lib)
    shutil.copytree(ROOT / "clauses" / "criteria", lib / "clauses" / "criteria")
    shutil.copy(ROOT / "templates" / "criteria-motiv.yaml", lib / "templates")
    shutil.copytree(ROOT / "templates" / "word", lib / "templates" / "word")
    result = run_docgen("tender", "--data", str(lib / "samples" / "tender-25a.yaml"), "--clauses", str(lib / "clauses"),
                        "--templates", str(lib / "templates"), "--out", str(tmp_path / "out"), "--motiv")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "inga krav eller villkor med motiv" in result.stderr
    assert not (tmp_path / "out").exists()


# --- the level changes the text ----------------------------------------------------------------------

def test_employment_level_changes_number_of_persons_and_employment_share():
    bas, avancerad, spjutspets = (at_level(level) for level in LEVELS)
    assert "erbjuda minst 1 person som står långt från arbetsmarknaden" in bas
    assert "Minst en av platserna ska vara en anställning." not in bas
    assert "erbjuda minst 3 personer ur målgrupperna" in avancerad
    assert "Minst en av platserna ska vara en anställning." in avancerad
    assert "erbjuda minst 5 personer ur målgrupperna" in spjutspets
    assert "Minst hälften av platserna ska vara anställningar om minst 12 månader och minst halvtid." in spjutspets
    assert "När en praktik avslutas ska Leverantören pröva om personen kan erbjudas anställning" in spjutspets
    assert "När en praktik avslutas" not in avancerad


def test_labour_law_level_changes_documentation_subcontractor_list_and_tiers():
    bas, avancerad, spjutspets = (at_level(level) for level in LEVELS)
    assert "senast 20 dagar efter begäran" in bas
    assert "senast 10 dagar efter begäran" in avancerad and "senast 10 dagar efter begäran" in spjutspets
    listing = "Leverantören ska vid kontraktsstart, och därefter senast tio dagar efter varje förändring, lämna en förteckning"
    assert listing not in bas and listing in avancerad and listing in spjutspets
    assert "Leverantören får anlita underleverantörer i högst 2 led." in spjutspets
    assert "högst 2 led" not in avancerad
    assert "kontrollera på arbetsplatsen att de som utför arbete under kontraktet är anställda" in spjutspets


def test_social_levels_change_equality_and_a_family_level_wins_over_the_case_level():
    bas, avancerad, spjutspets = (at_level(level) for level in LEVELS)
    assert "3. Utbildning." not in bas and "3. Utbildning." in avancerad
    assert "4. Jämställdhetsanalys." in spjutspets and "Jämställdhetsanalys" not in avancerad
    assert "Minst 25 % av inköpsvärdet" in bas and "Minst 50 % av inköpsvärdet" in avancerad
    assert "Minst 100 % av inköpsvärdet" in spjutspets
    assert "Minst 25 % av inköpsvärdet" in at_level("spjutspets", fair_trade="bas")
    # a value given in the case wins over the level's default
    data = sample_data()
    data["criteria_level"] = "spjutspets"
    data["clauses"]["employment"]["persons"] = 2
    assert "erbjuda minst 2 personer ur målgrupperna" in markdown_of(data)


def test_without_any_level_the_first_level_is_used():
    data = sample_data()
    del data["criteria_level"]
    without_hash = re.compile(r"\b[0-9a-f]{16,64}\b")  # the case file's hash differs, nothing else may
    assert without_hash.sub("#", markdown_of(data)) == without_hash.sub("#", at_level("bas"))


# --- bad levels: one line, file:line, exit 2, nothing written --------------------------------------

def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("where, value, expected", [
    ("criteria_level", "expert", "'bas', 'avancerad' or 'spjutspets'"),
    ("employment", "hög", "tillåtna nivåer: bas, avancerad, spjutspets"),
])
def test_unknown_level_is_refused_with_file_line_and_allowed_values(tmp_path: Path, where: str, value: str,
                                                                    expected: str):
    data = sample_data()
    if where == "criteria_level":
        data["criteria_level"] = value
    else:
        data["clauses"][where]["level"] = value
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(out), "--motiv")
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    needle = "criteria_level:" if where == "criteria_level" else f"level: {value}"
    assert f"{case}:{_line_of(case, needle)}" in lines[0]
    assert expected in lines[0] and value in lines[0]
    assert not out.exists()


def test_level_for_a_clause_without_levels_is_refused(tmp_path: Path):
    data = sample_data()
    data["clauses"]["employment"] = {"mode": "dialogue", "level": "avancerad"}
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        _tender(parse_case(case.read_text(encoding="utf-8"), str(case), expect="tender"))
    assert "klausulen employment/dialogue har inga nivåer" in info.value.message
    assert info.value.where == f"{case}:{_line_of(case, '  level: avancerad')}"
    # the case-wide level is a default: a clause without levels simply has none
    data["clauses"]["employment"] = {"mode": "dialogue"}
    assert "samverka med" in markdown_of(data)


# --- docgen clauses list / show ---------------------------------------------------------------------

def test_clauses_list_shows_levels():
    result = run_docgen("clauses", "list", "--route", "open", "--wide")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert "NIVÅER" in header.split()
    shown = {row.split()[0]: row.split()[4] for row in rows}
    for clause in LIBRARY:
        if clause.id in shown:
            assert shown[clause.id] == (",".join(clause.meta.levels) or "–"), clause.id
    assert shown["employment/strict"] == "bas,avancerad,spjutspets"
    assert shown["social/child-rights"] == "–"


def test_clauses_show_gives_krav_verifikat_and_motiv_per_level():
    out = squash(run_docgen("clauses", "show", "labour-law/conditions").stdout)
    for level in LEVELS:
        assert f"Nivå {level}" in out
    assert "Nivå bas (standardvärden: documentation_days: 20)" in out
    assert "Nivå spjutspets (standardvärden: documentation_days: 10, max_subcontractor_tiers: 2)" in out
    # the level's motiv follows the clause's own: why the condition, then why at this level
    assert "enligt 17 kap. 4 § LOU. Spjutspetsnivå: en begränsning av antalet underleverantörsled" in out
    assert "(lämnas vid kontraktsstart, löpande under kontraktstiden och på begäran under kontraktstiden)" in out
    plain = squash(run_docgen("clauses", "show", "qualification/organisation-25").stdout)
    assert "krav: Anbudsgivaren ska ha ett syfte kopplat till ett offentligt uppdrag" in plain
    assert "(lämnas med anbudet)" in plain and "Nivå" not in plain


# --- docgen check --------------------------------------------------------------------------------------

@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", root / "clauses")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_warns_about_a_condition_clause_without_criteria(library_copy: Path):
    path = library_copy / "clauses" / "social" / "accessibility.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("criteria:\n"), text.index("version:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = run_checks(library_copy / "clauses", library_copy / "templates", None, with_samples=False)
    found = [p for p in problems if p.code == "criteria-missing"]
    assert [(p.path, p.line, p.severity) for p in found] == [(str(path), _line_of(path, "kind: social"), "warning")]
    strict = run_checks(library_copy / "clauses", library_copy / "templates", None, with_samples=False, strict=True)
    assert any(p.code == "criteria-missing" and p.severity == "error" for p in strict)


def test_check_reads_the_jinja_of_every_level(library_copy: Path):
    path = library_copy / "clauses" / "employment" / "strict.md"
    _edit(path, "    motiv: \"Spjutspetsnivå:", "    motiv: \"{{ antal_platser }} Spjutspetsnivå:")
    _edit(path, "    krav: \"Leverantören ska under kontraktstiden erbjuda minst {{ persons }} {{ 'person' if persons "
                "== 1 else 'personer' }} som står långt från arbetsmarknaden {% if",
          "    krav: \"{% if persons %}Leverantören ska under kontraktstiden erbjuda minst {{ persons }} {{ 'person' if "
          "persons == 1 else 'personer' }} som står långt från arbetsmarknaden {% if")
    problems = run_checks(library_copy / "clauses", library_copy / "templates", None, with_samples=False)
    undeclared = [p for p in problems if p.code == "variable-undeclared"]
    assert len(undeclared) == 1 and "'antal_platser'" in undeclared[0].message
    assert "levels.spjutspets.motiv" in undeclared[0].message
    assert undeclared[0].line == _line_of(path, "{{ antal_platser }}")
    syntax = [p for p in problems if p.code == "jinja-syntax"]
    assert len(syntax) == 1 and "levels.avancerad.krav" in syntax[0].message
    assert syntax[0].line == _line_of(path, "krav: \"{% if persons %}")


def test_level_default_for_an_undeclared_variable_is_refused(library_copy: Path):
    path = library_copy / "clauses" / "social" / "fair-trade.md"
    _edit(path, "defaults: {share_percent: 100}", "defaults: {share_percent: 100, andel: 3}")
    result = run_docgen("check", "--no-samples", "--clauses", str(library_copy / "clauses"),
                        "--templates", str(library_copy / "templates"))
    assert result.returncode == 1
    assert f"{path}:{_line_of(path, 'andel: 3')}" in result.stdout
    assert "levels.spjutspets.defaults.andel: variabeln är inte deklarerad" in result.stdout


def test_check_reads_references_in_criteria(library_copy: Path):
    path = library_copy / "clauses" / "qualification" / "organisation-25.md"
    _edit(path, "{{ ref('appendix/egenforsakran-25') }}", "{{ ref('appendix/egenforsakran-26') }}")
    problems = run_checks(library_copy / "clauses", library_copy / "templates", None, with_samples=False)
    found = [p for p in problems if p.code == "ref-unknown"]
    assert len(found) == 1 and "criteria.verifikat" in found[0].message
    assert (found[0].path, found[0].line) == (str(path), _line_of(path, "egenforsakran-26"))


def test_motiv_document_opens_in_libreoffice(written: Path, tmp_path: Path):
    from conftest import libreoffice_text

    text = squash(libreoffice_text(written / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.docx", tmp_path))
    assert "Motiv till ställda krav" in text and "Sysselsättningsfrämjande villkor" in text
    assert "Nivån förutsätter att Norrviks kommuns arbetsmarknadsenhet kan anvisa kandidater" in text


# --- the buyer's own motiv for this procurement -------------------------------------------------------

def test_case_motiv_is_added_in_the_internal_document_and_never_shown_to_bidders(written: Path):
    own = "Arbetsmarknadsenheten har i dag kandidater med erfarenhet av storkök som väntar på en praktikplats"
    motiv = squash((written / "intern" / "motiv-till-stallda-krav-open-bun-2026-118.md").read_text(encoding="utf-8"))
    assert f"I denna upphandling: {own}" in motiv
    assert own not in squash((written / "upphandlingsdokument-open-bun-2026-118.md").read_text(encoding="utf-8"))


def test_motiv_for_a_clause_without_criteria_is_refused_at_its_line(tmp_path: Path):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["clauses"]["general/tender-introduction"] = {"motiv": "Ett motiv utan krav."}
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(tmp_path / "out"),
                        "--format", "md", "--motiv")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "clauses.general/tender-introduction.motiv: klausulen ställer inga krav" in result.stderr
    assert f"{case}:{_line_of(case, 'Ett motiv utan krav.')}:" in result.stderr
    assert not (tmp_path / "out").exists()
