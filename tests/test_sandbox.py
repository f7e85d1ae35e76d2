"""Sandbox proofs: injected templates never run, never read outside the library, never leak objects;
HTML or template syntax in case values comes out as literal text in every writer."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, docx_text, pdf_text, run_docgen, squash

from generator.build import build
from generator.errors import DocgenError
from generator.kinds import load_case
from generator.library import load_library

PAYLOADS = yaml.safe_load((Path(__file__).resolve().parent / "sandbox" / "payloads.yaml").read_text(encoding="utf-8"))
LIB = FIXTURES / "lib"
CANARY = "KANARIE-8f2a1c-HEMLIG"
LEAKS = ("<class", "<function", "<built-in", "<module", "<bound method", "object at 0x", "'os'", CANARY, "root:x:0:0")


def test_corpus_size():
    assert len(PAYLOADS["clause_body"]) >= 20 and len(PAYLOADS["case_value"]) >= 10


@pytest.fixture
def world(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(CANARY, encoding="utf-8")
    clauses = tmp_path / "lib" / "clauses"
    shutil.copytree(LIB / "clauses", clauses)
    return tmp_path, secret, tmp_path / "pwned", clauses


@pytest.mark.parametrize("payload", PAYLOADS["clause_body"])
def test_clause_body_payload_is_refused_or_inert(world, payload):
    tmp, secret, marker, clauses = world
    body = payload.replace("{SECRET}", str(secret)).replace("{MARKER}", str(marker))
    intro = clauses / "general" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    loaded = load_case(FIXTURES / "case-min.yaml", expect="tender")
    try:
        result = build("tender", loaded, load_library(clauses), ["md", "html"], templates_dir=LIB / "templates").main
    except DocgenError as exc:
        message = exc.one_line()
        assert "intro.md" in message and "\n" not in message
        output = message
    else:
        output = "\n".join(data.decode("utf-8") for data in result.files.values())
    assert not marker.exists(), "a payload executed code"
    for leak in LEAKS:
        assert leak not in output, f"{leak!r} leaked for {payload!r}"


def test_clause_payloads_through_the_cli_leave_nothing(world):
    tmp, secret, marker, clauses = world
    intro = clauses / "general" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + f"\n{{% include '{secret}' %}}\n", encoding="utf-8")
    result = run_docgen("tender", "--route", "25a", "--data", str(FIXTURES / "case-min.yaml"), "--out", str(tmp / "out"),
                        "--clauses", str(clauses), "--templates", str(LIB / "templates"), "--format", "md")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert CANARY not in result.stderr and not (tmp / "out").exists()


def case_with_values(tmp: Path, values: list[str]) -> Path:
    data = yaml.safe_load((FIXTURES / "case-min.yaml").read_text(encoding="utf-8"))
    data["procurement"]["title"] = " ".join(values)
    data["procurement"]["description"] = "\n\n".join(values)
    data["authority"]["name"] = values[0] + " kommun"
    path = tmp / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", PAYLOADS["case_value"])
def test_case_value_is_literal_text_in_html_and_markdown(tmp_path, value):
    loaded = load_case(case_with_values(tmp_path, [value]), expect="tender")
    result = build("tender", loaded, load_library(LIB / "clauses"), ["html", "md"], templates_dir=LIB / "templates").main
    html = result.files["test-25a-dnr-1.html"].decode("utf-8")
    body = html.split("<body>", 1)[1]
    for tag in ("<script", "<img", "<iframe", "<svg", "<a href", "javascript:"):
        if tag in value:
            assert tag not in body.replace("&lt;", "<X") or tag == "javascript:" and 'href="javascript:' not in body
    assert 'href="javascript:' not in body and "<h1>Falsk" not in body and "<table>\n<thead>\n<tr>\n<th>tabell" not in body
    if "{{ 7*7 }}" in value:
        assert "49" not in body and "{{ 7*7 }}" in body
        assert "<class" not in body
    md = result.files["test-25a-dnr-1.md"].decode("utf-8")
    # a value never becomes Markdown structure: read back as CommonMark, no heading holds it
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    assert not [h for h in headings if "Falsk rubrik" in h], headings
    assert not [line for line in md.splitlines() if line.lstrip().startswith("# Falsk")]


def test_script_in_values_is_escaped_in_html_and_literal_in_pdf_and_docx(tmp_path):
    values = ["<script>alert('docgen')</script>", "<b>fet</b>", "{{ 7*7 }}"]
    case = case_with_values(tmp_path, values)
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--out", str(tmp_path / "out"),
                        "--clauses", str(LIB / "clauses"), "--templates", str(LIB / "templates"),
                        "--format", "html,pdf,docx")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "test-25a-dnr-1.html").read_text(encoding="utf-8")
    body = html.split("<body>", 1)[1]
    assert "<script>" not in body and "&lt;script&gt;alert(" in body
    assert "<b>fet</b>" not in body and "&lt;b&gt;fet&lt;/b&gt;" in body
    assert not re.search(r"<title>[^<]*<script", html)
    pdf = squash(pdf_text(tmp_path / "out" / "test-25a-dnr-1.pdf"))
    assert "<script>alert('docgen')</script>" in pdf and "<b>fet</b>" in pdf and "{{ 7*7 }}" in pdf
    docx = squash(docx_text(tmp_path / "out" / "test-25a-dnr-1.docx"))
    assert "<script>alert('docgen')</script>" in docx and "{{ 7*7 }}" in docx
