"""A document kind and an output format that no module of docgen knows, added from outside the package
(tests/fixtures/toykind: its Kind, model, template, clause and sample; tests/fixtures/toywriter.py): the
kind goes through the command line, `docgen check`, `clauses show` and the web form, the format through
the command line and the form. The kind's check runs once per command and once per form request (its
own counter: toykind.kind.CHECKS), and a build plans each template once."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT

from generator.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
TOY = FIXTURES / "toykind"
SENTENCE = "Uppföljningsmötet hålls den 15 april 2026 och avtalsförvaltaren ansvarar för uppföljningen."


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))
    monkeypatch.setenv("DOCGEN_KINDS", "toykind.kind")
    from toykind import kind

    kind.CHECKS.clear()
    return kind


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_no_module_of_docgen_names_the_toy_kind():
    named = [p for p in (ROOT / "generator").rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".html")
             and "avtalsuppfoljning" in p.read_text(encoding="utf-8")]
    assert named == []
    assert invoke("avtalsuppfoljning", "--format", "md").exit_code == 2   # without the plugin: no such command


def test_command_line_makes_the_toy_document_with_one_check(toy, tmp_path: Path):
    result = invoke("avtalsuppfoljning", "--format", "md,docx", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    [made] = tmp_path.glob("avtalsuppfoljning-*.docx")
    text = docx_text(made.read_bytes())
    assert "Avtalsuppföljning" in text and SENTENCE in text
    assert "uppföljningen är ett utkast" in result.output        # the kind's own finding is printed
    assert len(toy.CHECKS) == 1                                   # one check per command
    assert "Skriv en avtalsuppföljning." in invoke("--help").output


def test_command_line_refuses_with_the_kinds_check(toy, tmp_path: Path):
    case = tmp_path / "fel.yaml"
    case.write_text((TOY / "samples" / "avtalsuppfoljning.yaml").read_text(encoding="utf-8")
                    .replace("Städbolaget AB", "okänd"), encoding="utf-8")
    result = invoke("avtalsuppfoljning", "--data", str(case), "--format", "md", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{case}:8: leverantören måste anges" in result.output
    assert not (tmp_path / "out").exists() and len(toy.CHECKS) == 1


def test_check_renders_the_toy_sample(toy, monkeypatch):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "")
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    from generator.checks import run_checks

    problems = run_checks(TOY / "clauses", TOY / "templates", TOY / "samples")
    assert [p for p in problems if p.severity == "error"] == []
    assert len(toy.CHECKS) == 1                                   # the sample: checked once for every template


def test_clauses_show_renders_the_toy_clause_with_its_sample(toy):
    result = invoke("clauses", "show", "general/toy-follow-up")
    assert result.exit_code == 0, result.output
    assert "mallen avtalsuppfoljning, värden från samples/avtalsuppfoljning.yaml" in result.output
    assert SENTENCE in result.output


def test_web_form_offers_and_renders_the_toy_kind_with_one_check_per_request(toy, monkeypatch):
    pytest.importorskip("uvicorn")
    monkeypatch.syspath_prepend(str(FIXTURES))
    monkeypatch.setenv("DOCGEN_WRITERS", "toywriter")
    from serve_helpers import get, post, running_app

    fields = {"date": "2026-03-02", "authority.name": "Norrviks kommun", "contract.title": "Städning av förskolor",
              "contract.reference": "KS 2026/12", "contract.supplier": "Städbolaget AB",
              "clauses.toy-follow-up.meeting": "den 15 april 2026",
              "clauses.toy-follow-up.responsible": "avtalsförvaltaren"}
    with running_app() as base:
        status, start = get(base + "/")
        assert status == 200 and "Avtalsuppföljning" in start.decode("utf-8")
        status, page = get(base + "/avtalsuppfoljning")
        assert status == 200 and 'name="clauses.toy-follow-up.meeting"' in page.decode("utf-8")
        assert "download/txt" in page.decode("utf-8")             # the toy writer's button
        toy.CHECKS.clear()
        status, _headers, body = post(base + "/avtalsuppfoljning", fields)
        assert status == 200, body[:2000]
        assert SENTENCE in body.decode("utf-8") and len(toy.CHECKS) == 1   # validate and preview: one check
        status, headers, data = post(base + "/avtalsuppfoljning/download/docx", fields)
        assert status == 200 and SENTENCE in docx_text(data) and len(toy.CHECKS) == 2
        status, headers, data = post(base + "/avtalsuppfoljning/download/txt", fields)
        assert status == 200 and headers["content-type"].startswith("text/plain")
        assert SENTENCE in data.decode("utf-8") and len(toy.CHECKS) == 3


def test_a_writer_module_adds_an_output_format(monkeypatch, tmp_path: Path):
    monkeypatch.syspath_prepend(str(FIXTURES))
    monkeypatch.setenv("DOCGEN_WRITERS", "toywriter")
    assert "format: docx, pdf, html, md, txt." in " ".join(invoke("iop", "--help").output.split())
    result = invoke("iop", "--format", "txt,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    [made] = tmp_path.glob("*.txt")
    text = made.read_text(encoding="utf-8")
    assert text.startswith("Överenskommelse") and "Stiftelsen Norrviks stadsmission" in text
    monkeypatch.delenv("DOCGEN_WRITERS")
    assert invoke("iop", "--format", "txt", "--out", str(tmp_path / "b")).exit_code == 2   # unknown again


def test_missing_lists_every_missing_and_defaulted_value_in_one_call(toy, tmp_path: Path):
    from generator.build import Build

    case = tmp_path / "utkast.yaml"
    text = (TOY / "samples" / "avtalsuppfoljning.yaml").read_text(encoding="utf-8")
    case.write_text(text[:text.index("clauses:")], encoding="utf-8")   # no clause values at all
    missing = Build("avtalsuppfoljning", case).missing()
    assert [(m.key, m.status, m.value) for m in missing] == [
        ("clauses.toy-follow-up.meeting", "missing", None),
        ("clauses.toy-follow-up.responsible", "missing", None),
        ("clauses.toy-follow-up.report_days", "default", 30)]
    assert toy.CHECKS == []                       # the tolerant stage neither checks nor refuses


def test_missing_on_a_tender_names_key_paths_and_templates():
    from generator.build import Build

    missing = Build("tender", ROOT / "samples" / "tender-25a.yaml").missing()
    assert missing and all(m.path[0] == "clauses" and len(m.path) == 3 for m in missing)
    assert {m.template for m in missing} >= {"tender"}


def test_a_build_plans_each_template_once(monkeypatch, tmp_path: Path):
    """A tender with its motiv, notice and companions: the motiv's criteria, the Dokumentunderlag's
    provenance and the labour-law appendices' annex register all read the tender's one plan."""
    import generator.assemble
    from generator.build import Build

    planned: list[str] = []
    real = generator.assemble.build_plan

    def counting(spec, path, context, library):
        planned.append(path.stem)
        return real(spec, path, context, library)

    monkeypatch.setattr(generator.assemble, "build_plan", counting)
    one = Build("tender", ROOT / "samples" / "tender-open-cleaning.yaml")
    built = one.render(["md"], optional=("motiv",), extras=("notice",))
    names = [r.template for r in built.documents]
    assert "criteria-motiv" in names and "tender-dokumentunderlag" in names and len(names) >= 4
    assert sorted(planned) == sorted(set(planned)) and set(names) <= set(planned)
    assert built.main.document.plan is one.plan()
