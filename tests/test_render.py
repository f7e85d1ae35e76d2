"""The rendering spine on a small fixture library: filters, numbering, refs, errors, sandbox."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_docgen, squash

from generator.render import BlankValue, cpv_label, datum, escape_markdown, money, procent, render_text, swedish_list

LIB = FIXTURES / "lib"


def fixture_args(tmp_path: Path, clauses: Path | None = None, case: Path | None = None) -> list[str]:
    return ["tender", "--route", "25a", "--data", str(case or FIXTURES / "case-min.yaml"), "--out", str(tmp_path / "out"),
            "--clauses", str(clauses or LIB / "clauses"), "--templates", str(LIB / "templates")]


def copy_library(tmp_path: Path) -> Path:
    target = tmp_path / "clauses"
    shutil.copytree(LIB / "clauses", target)
    return target


@pytest.mark.parametrize("value,text", [(1800000, "1 800 000 kr"), (0, "0 kr"), (999, "999 kr"), (1234.5, "1 234,50 kr")])
def test_money(value, text):
    assert money(value) == text


def test_date_percent_cpv():
    assert datum(date(2027, 3, 1)) == "1 mars 2027"
    assert datum(date(2026, 12, 31)) == "31 december 2026"
    assert procent(30) == "30 %" and procent(12.5) == "12,5 %"
    assert cpv_label("85311100-3") == "85311100-3 Äldreomsorg"
    assert cpv_label("12345678-9") == "12345678-9"


def test_swedish_list_joins_the_last_item_with_och_or_eller():
    assert swedish_list(["a"]) == "a"
    assert swedish_list(["a", "b"]) == "a och b"
    assert swedish_list(["a", "b", "c"]) == "a, b och c"
    assert swedish_list(("praktik", "anställning"), "eller") == "praktik eller anställning"
    assert swedish_list("ensam") == "ensam"
    with pytest.raises(BlankValue):
        swedish_list([])
    text = render_text("{{ xs | lista }}; {{ ys | lista('eller') }}", {"xs": ["Älvby", "Granås", "Tallmo"],
                       "ys": ["x", "y"]}, "t.md", lambda line: "t.md")
    assert text == "Älvby, Granås och Tallmo; x eller y"


def test_case_values_cannot_inject_markdown():
    assert escape_markdown("# Rubrik") == "\\# Rubrik"
    assert escape_markdown("[länk](http://x)") == "\\[länk\\](http://x)"
    assert escape_markdown("a | b") == "a \\| b"


def test_numbering_refs_and_conditions(tmp_path):
    result = run_docgen(*fixture_args(tmp_path), "--format", "docx,md")
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "out" / "test-25a-dnr-1.md").read_text(encoding="utf-8")
    assert "## 1 Inledning" in md and "## 2 Grupp" in md and "### 2.1 Värden" in md and "## 3 Hänvisningar" in md
    assert "Se avsnitt 2.1 och bilaga 1." in md
    assert "Denna text ska inte synas" not in md  # `when` false
    assert "Vite 50 000 kr, andel 30 %, inom 14 dagar." in md
    text = squash(docx_text(tmp_path / "out" / "test-25a-dnr-1.docx"))
    assert "Boende & omsorg <test>" in text  # & and < survive into Word (autoescape on)


def test_each_ordered_list_restarts_in_word(tmp_path):
    from docx import Document

    result = run_docgen(*fixture_args(tmp_path), "--format", "docx")
    assert result.returncode == 0, result.stderr
    document = Document(str(tmp_path / "out" / "test-25a-dnr-1.docx"))
    num_ids = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            num_ids.setdefault(paragraph._p.pPr.numPr.numId.val, []).append(paragraph.text)
    assert list(num_ids.values()) == [["första", "andra"], ["ny lista", "som börjar om"]]


def test_missing_variable_names_variable_and_clause_file(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text((FIXTURES / "case-min.yaml").read_text(encoding="utf-8").replace("general/values: {days: 14}", "{}"),
                    encoding="utf-8")
    case.write_text(case.read_text(encoding="utf-8").replace("clauses:\n  {}", "clauses: {}"), encoding="utf-8")
    result = run_docgen(*fixture_args(tmp_path, case=case))
    assert result.returncode == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "'days'" in line and "general/values.md:" in line and "general/values" in line
    assert not (tmp_path / "out").exists()


def test_undeclared_variable_in_body_names_file_and_line(tmp_path):
    clauses = copy_library(tmp_path)
    path = clauses / "general" / "intro.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOkänd: {{ nonexistent_value }}\n", encoding="utf-8")
    line_no = path.read_text(encoding="utf-8").splitlines().index("Okänd: {{ nonexistent_value }}") + 1
    result = run_docgen(*fixture_args(tmp_path, clauses=clauses))
    assert result.returncode == 2
    assert f"intro.md:{line_no}:" in result.stderr
    assert "nonexistent_value" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ procurement.__class__.__init__.__globals__ }}",
    "{{ ref.__globals__['os'].system('touch /tmp/docgen-pwned') }}",
    "{% include '/etc/passwd' %}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ '{0.__class__}'.format(authority) }}",
])
def test_sandbox_refuses_escape_attempts(tmp_path, payload):
    clauses = copy_library(tmp_path)
    path = clauses / "general" / "intro.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + payload + "\n", encoding="utf-8")
    result = run_docgen(*fixture_args(tmp_path, clauses=clauses), "--format", "md")
    assert result.returncode == 2, result.stdout
    assert "intro.md" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not Path("/tmp/docgen-pwned").exists()
    assert not (tmp_path / "out").exists()


def test_unknown_case_key_suggests_the_right_one(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text((FIXTURES / "case-min.yaml").read_text(encoding="utf-8").replace("term_months", "term_month"),
                    encoding="utf-8")
    result = run_docgen(*fixture_args(tmp_path, case=case))
    assert result.returncode == 2
    assert "case.yaml:10:" in result.stderr and "term_month" in result.stderr and "'term_months'" in result.stderr


def test_bad_clause_front_matter_gives_file_and_line(tmp_path):
    clauses = copy_library(tmp_path)
    path = clauses / "general" / "intro.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: general", "kind: generell"), encoding="utf-8")
    result = run_docgen(*fixture_args(tmp_path, clauses=clauses))
    assert result.returncode == 2
    assert "general/intro.md:4:" in result.stderr and "generell" in result.stderr


def test_edited_output_is_not_overwritten_without_force(tmp_path):
    args = fixture_args(tmp_path) + ["--format", "md"]
    assert run_docgen(*args).returncode == 0
    assert run_docgen(*args).returncode == 0  # unchanged output: rewriting is fine
    target = tmp_path / "out" / "test-25a-dnr-1.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nHandskriven ändring\n", encoding="utf-8")
    refused = run_docgen(*args)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert "Handskriven ändring" in target.read_text(encoding="utf-8")
    assert run_docgen(*args, "--force").returncode == 0
    assert "Handskriven ändring" not in target.read_text(encoding="utf-8")


def test_internal_errors_do_not_print_tracebacks():
    result = run_docgen("tender", "--route", "25a", "--format", "xls")
    assert result.returncode == 2
    assert "okänt format 'xls'" in result.stderr and "Traceback" not in result.stderr


def test_plan_context_gives_follow_up_rows_and_legal_bases(tmp_path):
    result = run_docgen(*fixture_args(tmp_path), "--format", "md")
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "out" / "test-25a-dnr-1.md").read_text(encoding="utf-8")
    assert "| avsnitt 2.1 Värden | Vite 50 000 kr vid brist | Inom 14 dagar | Rapport |" in md
    assert "Rättsliga grunder: 19 kap. 25 a § LOU." in md


def test_clause_not_yet_in_force_is_refused(tmp_path):
    clauses = copy_library(tmp_path)
    path = clauses / "general" / "intro.md"
    path.write_text(path.read_text(encoding="utf-8").replace("valid_from: 2023-01-01", "valid_from: 2030-01-01"),
                    encoding="utf-8")
    result = run_docgen(*fixture_args(tmp_path, clauses=clauses))
    assert result.returncode == 2
    assert "general/intro.md:" in result.stderr and "2030-01-01" in result.stderr
