"""`docgen check`: every check reports its problem at the right place; a clean library passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_docgen

from generator.checks import run_checks

CLEAN = FIXTURES / "check"

HEADER = """---
id: {id}
title: {title}
kind: {kind}
routes: [all]
{extra}version: 1.0.0
valid_from: 2023-01-01
---
"""


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(CLEAN, root)
    return root


def write_clause(root: Path, clause_id: str, body: str, *, kind: str = "general", title: str = "Prov",
                 extra: str = "") -> Path:
    path = root / "clauses" / f"{clause_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(id=clause_id, title=title, kind=kind, extra=extra) + body, encoding="utf-8")
    return path


def add_to_template(root: Path, clause_id: str) -> None:
    path = root / "templates" / "tender.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("appendices:", f"  - clause: {clause_id}\nappendices:"),
                    encoding="utf-8")


def check(root: Path, samples: bool = False, strict: bool = False):
    return run_checks(root / "clauses", root / "templates", root / "samples", with_samples=samples, strict=strict)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def only(problems, code: str):
    found = [p for p in problems if p.code == code]
    assert found, f"ingen {code} bland {[p.one_line() for p in problems]}"
    return found


def test_clean_library_with_samples_exits_0():
    result = run_docgen("check", "--clauses", str(CLEAN / "clauses"), "--templates", str(CLEAN / "templates"),
                        "--samples", str(CLEAN / "samples"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "inga problem" in result.stderr


def test_undeclared_variable_prints_file_line_col_and_exits_1(lib: Path):
    path = write_clause(lib, "general/extra", "Första raden.\n\nBeloppet är {{ belopp | money }} kronor.\n")
    add_to_template(lib, "general/extra")
    result = run_docgen("check", "--no-samples", "--clauses", str(lib / "clauses"), "--templates", str(lib / "templates"))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    # front matter is 8 lines; the body starts on line 9, so the variable stands on line 11, column 16
    assert lines[0].startswith(f"{path}:11:16: variable-undeclared fel: variabeln 'belopp'")


def test_json_format_for_editors(lib: Path):
    write_clause(lib, "general/extra", "{{ nope }}\n")
    add_to_template(lib, "general/extra")
    result = run_docgen("check", "--no-samples", "--format", "json", "--clauses", str(lib / "clauses"),
                        "--templates", str(lib / "templates"))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    problem = data["problems"][0]
    assert problem["code"] == "variable-undeclared" and problem["line"] == 9 and problem["col"] == 4
    assert problem["severity"] == "error" and problem["path"].endswith("general/extra.md")


def test_case_fields_and_loop_variables_are_not_undeclared(lib: Path):
    write_clause(lib, "general/extra", "{{ date | datum }} {{ route }} {% for c in procurement.cpv %}{{ c | cpv }}{% endfor %}\n")
    add_to_template(lib, "general/extra")
    assert check(lib) == []


def test_declared_but_unused_variable_is_a_warning_and_strict_makes_it_an_error(lib: Path):
    write_clause(lib, "general/extra", "Ingen variabel här.\n",
                 extra="variables:\n  dagar: {type: integer, default: 5, description: Dagar}\n")
    add_to_template(lib, "general/extra")
    problems = check(lib)
    [unused] = only(problems, "variable-unused")
    assert unused.severity == "warning" and unused.line == 7  # the line of `dagar:` in the front matter
    assert "dagar" in unused.message
    assert [p.severity for p in check(lib, strict=True)] == ["error"]
    result = run_docgen("check", "--no-samples", "--clauses", str(lib / "clauses"), "--templates", str(lib / "templates"))
    assert result.returncode == 0 and "variable-unused varning" in result.stdout
    strict = run_docgen("check", "--no-samples", "--strict", "--clauses", str(lib / "clauses"),
                        "--templates", str(lib / "templates"))
    assert strict.returncode == 1


def test_every_front_matter_problem_of_every_file_is_collected(lib: Path):
    (lib / "clauses" / "general" / "bad.md").write_text(
        "---\nid: general/bad\nkind: fel\nroutes: [all]\nversion: 1\nvalid_from: 2023-01-01\n---\nText.\n",
        encoding="utf-8")
    (lib / "clauses" / "general" / "nofm.md").write_text("Bara text.\n", encoding="utf-8")
    problems = check(lib)
    schema = only(problems, "front-matter-schema")
    messages = " ".join(p.message for p in schema)
    assert "title saknas" in messages and "kind" in messages and "version" in messages
    assert {p.line for p in schema} >= {3, 5}  # kind on line 3, version on line 5
    assert only(problems, "front-matter-missing")[0].path.endswith("nofm.md")


def test_id_not_matching_path_and_duplicate_id(lib: Path):
    write_clause(lib, "general/copy", "Text.\n")
    path = lib / "clauses" / "general" / "copy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("id: general/copy", "id: general/intro"), encoding="utf-8")
    problems = check(lib)
    assert only(problems, "id-path-mismatch")[0].line == 2
    [dup] = only(problems, "duplicate-id")
    assert dup.path.endswith("intro.md") and "copy.md" in dup.message  # files are read in name order


def test_jinja_syntax_error_has_its_line(lib: Path):
    write_clause(lib, "general/extra", "Rad ett.\n{% if procurement.title %}öppen utan slut\n")
    add_to_template(lib, "general/extra")
    [problem] = only(check(lib), "jinja-syntax")
    assert problem.severity == "error" and problem.line >= 10


def test_reference_to_unknown_clause(lib: Path):
    write_clause(lib, "general/extra", "Se {{ ref(\"general/valeus\") }}.\n")
    add_to_template(lib, "general/extra")
    [problem] = only(check(lib), "ref-unknown")
    assert (problem.line, problem.col) == (9, 12)  # the column where the id starts
    assert "general/values" in problem.hint  # the close match


def test_reference_to_clause_not_in_the_same_document(lib: Path):
    write_clause(lib, "general/other", "Annan text för Leverantören.\n")
    write_clause(lib, "general/extra", "Se {{ ref(\"general/other\") }}.\n")
    add_to_template(lib, "general/extra")
    problems = check(lib)
    [problem] = only(problems, "ref-not-in-document")
    assert problem.path.endswith("extra.md") and "tender.yaml" in problem.message
    assert "clause-unused" in codes(problems)  # general/other is in no template


def test_dynamic_reference_is_a_warning(lib: Path):
    write_clause(lib, "general/extra", "Se {{ ref(procurement.title) }}.\n")
    add_to_template(lib, "general/extra")
    assert only(check(lib), "ref-dynamic")[0].severity == "warning"


def test_template_naming_an_unknown_clause(lib: Path):
    add_to_template(lib, "general/missing")
    [problem] = only(check(lib), "template-unknown-clause")
    assert problem.path.endswith("tender.yaml") and problem.line == 11


@pytest.mark.parametrize("basis,ok", [
    ("19 kap. 25 a § LOU", True),
    ("2 § lagen (2022:900) om registrering av idéburna organisationer", True),
    ("3 § första stycket 2 lagen (2022:900) om registrering av idéburna organisationer", True),
    ("2 kap. 3 § första stycket offentlighets- och sekretesslagen (2009:400)", True),
    ("16 kap. LOU", True),
    ("2 § lag (2008:962)", True),
    ("artikel 28 i Europaparlamentets och rådets förordning (EU) 2016/679 (dataskyddsförordningen)", True),
    # lettered chapters, paragraph and point, ranges and lists with §§
    ("19 a kap. 2 § första meningen LOU", True),
    ("19 kap. 25 § första stycket 1 LOU", True),
    ("19 a kap. 11 § LOU", True),
    ("17 kap. 2–5 §§ LOU", True),
    ("17 kap. 2 och 3 §§ LOU", True),
    ("17 kap. 2, 3 och 4 §§ LOU", True),
    # case law and judgments
    ("HFD 2021 ref. 48", True),
    ("RÅ 2010 ref. 1", True),
    ("NJA 2015 s. 3", True),
    ("Kammarrättens i Stockholm dom den 9 oktober 2025 i mål nr 3046-25 m.fl.", True),
    ("Förvaltningsrättens i Uppsala dom den 1 mars 2025 i mål nr 123-25", True),
    ("EU-domstolens dom den 28 januari 2016 i mål C-50/14 (CASTA)", True),
    # EU acts, recitals, treaties, conventions, preparatory works
    ("artikel 20 i direktiv 2014/24/EU", True),
    ("skäl 4 i direktiv 2014/24/EU", True),
    ("förordning (EU) 2016/679", True),
    ("artikel 107.1 FEUF", True),
    ("artikel 3 i barnkonventionen", True),
    ("ILO:s kärnkonventioner", True),
    ("lag (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning", True),
    ("SOU 2019:56 avsnitt 7.2", True),
    ("prop. 2021/22:250 s. 45", True),
    # typos and sloppy citations still fail
    ("LOU 19:25a", False),
    ("19 kap 25a § LOU", False),
    ("19 kap 25a§ LOU", False),
    ("4 kap 25§", False),
    ("4 kap 25§ LOU", False),
    ("19a kap. 2 § LOU", False),
    ("17 kap. 2–5 § LOU", False),
    ("17 kap. 2 §§ LOU", False),
    ("HFD 2021 ref 48", False),
    ("HFD 2021:48", False),
    ("Kammarrättens dom den 9 oktober 2025 i mål 3046-25 m.fl.", False),
    ("Kammarrättens i Stockholm dom den 9 oktober 2025 i mål 3046-25", False),
    ("Kammarrättens i Stockholm dom 2025-10-09 i mål nr 3046-25", False),
    ("skäl 4 direktiv 2014/24/EU", False),
    ("artikel 3 barnkonventionen", False),
    ("ILO:s konventioner", False),
    ("SOU 2019:56 Idéburen välfärd, avsnitt 7.2", False),
    ("19 kap. 25 a § XYZ", False),
    ("enligt lag", False),
])
def test_legal_basis_forms(lib: Path, basis: str, ok: bool):
    write_clause(lib, "general/extra", "Text.\n", extra=f'legal_basis: ["17 kap. 1 § LOU", "{basis}"]\n')
    add_to_template(lib, "general/extra")
    problems = [p for p in check(lib) if p.code == "legal-basis-form"]
    if ok:
        assert problems == []
    else:
        [problem] = problems
        assert problem.line == 6 and basis in problem.message


def test_markdown_that_will_not_render(lib: Path):
    body = ("Text med <b>html</b>.\n\n"
            "    indragen rad\n\n"
            "| A | B |\n|---|---|\n| 1 | 2 | 3 |\n\n"
            "![bild](x.png)\n\n"
            "En **ostängd markering.\n")
    write_clause(lib, "general/extra", body)
    add_to_template(lib, "general/extra")
    problems = check(lib)
    assert only(problems, "md-raw-html")[0].line == 9
    assert only(problems, "md-code-block")[0].line == 11
    assert only(problems, "md-table-columns")[0].line == 15
    assert only(problems, "md-image")[0].line == 17
    assert only(problems, "md-emphasis")[0].line == 19


def test_markdown_check_ignores_jinja_and_escapes(lib: Path):
    write_clause(lib, "general/extra", "| A | B |\n|---|---|\n| {{ procurement.title }} | 5 \\* 3 |\n\n*kursiv* och **fet**.\n")
    add_to_template(lib, "general/extra")
    assert check(lib) == []


def test_defined_term_used_but_not_defined_in_the_document(lib: Path):
    template = lib / "templates" / "tender.yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("  - heading: Definitioner\n    children:\n      - clause: definition/leverantoren\n", ""),
                        encoding="utf-8")
    problems = check(lib)
    found = only(problems, "term-undefined")
    assert {p.path.split("/")[-1] for p in found} == {"intro.md", "values.md"}
    intro = next(p for p in found if p.path.endswith("intro.md"))
    line = (lib / "clauses" / "general" / "intro.md").read_text(encoding="utf-8").splitlines()[9]
    assert (intro.line, intro.col) == (10, line.index("Leverantören") + 1) and "Leverantören" in intro.message
    # lower case is ordinary language, not the defined term
    for clause in ("general/intro", "general/values"):
        path = lib / "clauses" / f"{clause}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Leverantör", "leverantör"), encoding="utf-8")
    assert "term-undefined" not in codes(check(lib))


def test_defined_term_not_used(lib: Path):
    write_clause(lib, "definition/bestallaren", "den upphandlande myndigheten som part.\n", kind="definition",
                 title="Beställaren")
    add_to_template(lib, "definition/bestallaren")
    [problem] = only(check(lib), "term-unused")
    assert problem.path.endswith("bestallaren.md") and problem.severity == "warning"
    write_clause(lib, "definition/dubbel", "samma.\n", kind="definition", title="Beställaren")
    assert "term-duplicate" in codes(check(lib))


def test_every_sample_is_rendered_and_a_failing_one_is_reported(lib: Path):
    sample = lib / "samples" / "tender-25a.yaml"
    text = sample.read_text(encoding="utf-8")
    assert "clauses:\n  general/values: {days: 14}\n" in text
    sample.write_text(text.replace("clauses:\n  general/values: {days: 14}\n", ""), encoding="utf-8")
    problems = check(lib, samples=True)
    [problem] = only(problems, "sample-render")
    assert "tender-25a.yaml" in problem.message and "days" in problem.message
    assert problem.path.endswith("tender-25a.yaml")   # where the value is to be given (issue 24: not the library)
    assert "sample-render" not in codes(check(lib, samples=False))


def test_unknown_fragment_in_the_forms_file_is_refused():
    from generator.checks.legal import compile_forms
    from generator.datafiles import LegalBasisFormsFile

    def forms(patterns: list[str], **lists: list[str]) -> LegalBasisFormsFile:
        empty = dict.fromkeys(("abbreviations", "treaties", "conventions", "courts", "months"), [])
        return LegalBasisFormsFile(**{**empty, **lists}, parts={}, patterns=patterns)

    with pytest.raises(ValueError, match="okänt fragment"):
        compile_forms(forms(["^{place} {abbreviations}$"], abbreviations=["LOU"]))
    [pattern] = compile_forms(forms(["^{courts}$"], courts=["Kammarrättens i Stockholm"]))
    assert pattern.fullmatch("Kammarrättens i Stockholm") and not pattern.fullmatch("Kammarrättens i X")


def test_variable_read_only_by_a_template_condition_is_not_unused(lib: Path):
    write_clause(lib, "general/extra", "Text {{ used }}.\n",
                 extra="params: extra\nvariables:\n  mode: {type: text, default: a, description: \"d\"}\n"
                       "  used: {type: text, default: b, description: \"d\"}\n  idle: {type: text, default: c, description: \"d\"}\n")
    path = lib / "templates" / "tender.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "appendices:", "  - clause: general/extra\n    when: \"clauses.extra is defined and clauses.extra.mode == 'a'\"\n"
                       "appendices:"), encoding="utf-8")
    unused = [p.message for p in check(lib) if p.code == "variable-unused"]
    assert len(unused) == 1 and "'idle'" in unused[0]


def test_follow_up_rows_are_checked_like_the_body(lib: Path):
    path = write_clause(lib, "general/extra", "Text {{ days }}.\n",
                        extra="variables:\n  days: {type: integer, default: 30, description: \"d\"}\n  only_in_row: {type: text, default: x, description: \"d\"}\n"
                              "follow_up:\n  - what: \"Redovisning\"\n    when: \"Senast {{ dayz }} dagar {{ only_in_row }}\"\n"
                              "    evidence: \"{{ procurement.title }} {{ plan.sections }}\"\n")
    add_to_template(lib, "general/extra")
    problems = [p for p in check(lib) if p.path == str(path)]
    undeclared = sorted(p.message for p in problems if p.code == "variable-undeclared")
    assert len(undeclared) == 2, undeclared
    assert "'dayz'" in undeclared[0] and "follow_up[0].when" in undeclared[0]
    assert "'plan'" in undeclared[1]  # rows are rendered before the plan context exists
    assert all(p.line == 10 for p in problems if p.code == "variable-undeclared")  # the row's "- what" line
    assert not [p for p in problems if p.code == "variable-unused"]  # only_in_row is used by the row


def test_document_names_are_context_names_and_a_typo_is_not(lib: Path):
    write_clause(lib, "general/extra", "{{ procurement.title }} {{ route }} {{ plan.sections | length }} "
                                       "{{ provenance.case_file }} {{ clauses | length }} {{ procurement_titel }}\n")
    add_to_template(lib, "general/extra")
    [problem] = [p for p in check(lib) if p.code == "variable-undeclared"]
    assert "procurement_titel" in problem.message


def test_a_dangling_mention_of_a_document_part_is_caught(tmp_path: Path):
    """Issue 14 item 9: "se prisbilagan" in a document without a price form, "avsnitt 9.9" and "bilaga 17"
    that do not exist are reported at the clause that wrote them; a mention that resolves is not. Runs on a
    copy of the real library with one sample (route lov-2a: no price form)."""
    from conftest import ROOT

    root = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", root / "clauses")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "samples").mkdir()
    shutil.copy(ROOT / "samples" / "tender-lov-2a.yaml", root / "samples")
    path = write_clause(root, "general/hanvisning", "Priserna anges i prisformuläret.\n\nSe även avsnitt 9.9 och bilaga 17.\n"
                                                     "\nDenna hänvisning till avsnitt 1 är riktig, liksom bilaga 2 till LOU.\n")
    template = root / "templates" / "tender.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "      - clause: general/approval-lov\n", "      - clause: general/approval-lov\n      - clause: general/hanvisning\n"), encoding="utf-8")
    problems = only(check(root, samples=True), "dangling-mention")
    assert {p.path for p in problems} == {str(path)}
    texts = sorted(p.message.split(": ", 1)[1].split(" i ")[0] for p in problems)
    assert texts == ["'avsnitt 9.9'", "'bilaga 17'", "'prisformuläret'"]
    assert sorted(p.line for p in problems) == [9, 11, 11]
    assert all(p.severity == "error" for p in problems)


def test_mentions_resolve_against_the_parts_and_companions():
    from generator.checks.mentions import dangling_mentions

    text = "# Titel\n\n## 1 Inledning\n\nSe avsnitt 1, bilaga 1 och prisbilagan.\n\n# Bilaga 1 Prisbilaga\n\nText.\n"
    assert dangling_mentions(text) == []
    companion = "# Bilaga 1 Villkor\n\nNivåer.\n"
    [ambiguous] = dangling_mentions(text, (companion,))
    assert ambiguous.ambiguous and "Prisbilaga / Villkor" in ambiguous.problem
    [wrong] = dangling_mentions(text.replace("bilaga 1 och", "bilaga 1 Villkor och"))
    assert "heter 'Prisbilaga'" in wrong.problem


def test_sections_of_other_documents_are_not_mentions_of_parts():
    from generator.checks.mentions import dangling_mentions

    text = ("# Titel\n\n## 1 Inledning\n\n| Källa | vägledningen Famna/Fremia 2023, avsnitt 3.4 |\n\n"
            "Se SOU 2019:56 avsnitt 7.2 och avsnitt 2 i betänkandet, men avsnitt 8 saknas.\n")
    assert [m.text for m in dangling_mentions(text)] == ["avsnitt 8"]
