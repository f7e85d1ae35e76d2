"""docgen serve without a browser: the generated form round-trips every sample, errors land on fields."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from conftest import ROOT, docx_text, squash  # noqa: E402
from serve_helpers import get, post, running_app, upload  # noqa: E402

from generator.serve.documents import available  # noqa: E402
from generator.serve.workflow import data_from_yaml, render_files, state_from_data, state_from_form, validate  # noqa: E402


class FormFields(HTMLParser):
    """What a browser submits for the form with id ``case-form`` (successful controls only)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self.ids: set[str] = set()
        self.labels_for: set[str] = set()
        self.describedby: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "label" and "for" in a:
            self.labels_for.add(a["for"])
        if a.get("aria-describedby"):
            self.describedby.extend(a["aria-describedby"].split())
        if tag == "form":
            self.in_form = a.get("id") == "case-form"
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select":
            self._select, self._chosen = name, None
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._chosen is None:
                self._chosen = (a.get("value", ""), "selected" in a)
                if "selected" in a:
                    self._forced = True
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if tag == "select" and self._select is not None:
            self.fields.append((self._select, self._chosen[0] if self._chosen else ""))
            self._select = None
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text))
            self._textarea = None


@pytest.fixture(scope="module")
def app_url():
    with running_app() as base:
        yield base


def opened(base: str, name: str, text: str) -> str:
    """The form page a case file opens in (the page's "öppna ärendefil")."""
    status, html = upload(base, name, text)
    assert status == 200, html[:500]
    return html.decode("utf-8")


def resubmitted(base: str, kind: str, fields: list[tuple[str, str]]) -> str:
    """The form page the server answers a submitted form with."""
    status, _headers, html = post(f"{base}/{kind}", fields)
    assert status in (200, 422), html[:500]
    return html.decode("utf-8")


def submitted(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


class MultiDict(dict):
    pass


SAMPLES = sorted(p.name for p in (ROOT / "samples").glob("*.yaml") if p.name.startswith(("tender-", "iop-")))


@pytest.mark.parametrize("sample", SAMPLES)
def test_form_round_trips_a_sample_to_the_same_document(sample, app_url):
    kind = sample.split("-")[0]
    if kind not in available():
        pytest.skip(f"{kind} finns inte i den här versionen")
    text = (ROOT / "samples" / sample).read_text(encoding="utf-8")
    document, data, problems = data_from_yaml(text, sample)
    assert problems == []
    state = state_from_data(available()[kind], data)
    direct = render_files(state, ["md"])
    assert direct is not None, (state.errors, state.general)

    fields = submitted(opened(app_url, sample, text))
    again = state_from_form(available()[kind], dict(fields.fields))
    result = render_files(again, ["md"])
    assert result is not None, (again.errors, again.general)
    # The form writes clause defaults out, so the case file (and the hash the document may cite) differs;
    # the text is otherwise the same.
    assert without_hashes(result.files) == without_hashes(direct.files)

    # Form → case → form is a fixed point: the document is byte-identical.
    third = state_from_form(available()[kind], dict(submitted(resubmitted(app_url, kind, fields.fields)).fields))
    assert third.data == again.data
    assert render_files(third, ["md"]).files == result.files


def without_hashes(files: dict[str, bytes]) -> list[str]:
    return [re.sub(r"\b[0-9a-f]{16,64}\b", "<hash>", data.decode("utf-8")) for data in files.values()]


def test_every_control_has_a_label_and_its_help_exists(app_url):
    text = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
    fields = [(name, "fyra" if name == "procurement.term_months" else value)
              for name, value in submitted(opened(app_url, "x.yaml", text)).fields]
    assert ("procurement.term_months", "fyra") in fields
    html = resubmitted(app_url, "tender", fields)
    parsed = submitted(html)
    controls = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="(f-[^"]+)"', html))
    assert len(controls) > 20
    assert controls <= parsed.labels_for, controls - parsed.labels_for
    assert set(parsed.describedby) <= parsed.ids
    assert "f-procurement-term_months-error" in parsed.describedby
    assert html.count("<fieldset") >= 4 and html.count("<legend>") == html.count("<fieldset")


def test_clause_fields_follow_the_route():
    kind = available()["tender"]
    base = {"document": "tender", "date": "2026-12-01"}
    reserved = {c.name for g in state_from_data(kind, dict(base, route="25a")).groups for c in g.inputs}
    ordinary = {c.name for g in state_from_data(kind, dict(base, route="open")).groups for c in g.inputs}
    assert "clauses.contract/value-transfer-25a.vite_sek" in reserved
    assert "clauses.contract/value-transfer-25a.vite_sek" not in ordinary
    # a variable of a clause both routes use (the evaluation's weights are case keys now: evaluation.criteria)
    assert "clauses.admin/submission.validity_months" in reserved & ordinary


TENDER = {
    "document": "tender", "route": "25a", "date": "2026-12-01",
    "authority.name": "Norrviks kommun", "authority.org_number": "212000-0118", "authority.unit": "Omsorgsförvaltningen",
    "authority.contact.name": "Anna Lindqvist", "authority.contact.email": "upphandling@norrvik.example",
    "procurement.title": "Drift av Solgårdens boende", "procurement.reference": "VON 2026/412",
    "procurement.description": "Drift av ett särskilt boende.", "procurement.cpv": "85311100-3, 85311000-2",
    "procurement.estimated_value_sek": "96 000 000", "procurement.term_months": "48",
    "procurement.start_date": "2027-09-01", "procurement.tender_deadline": "2027-03-15",
    "clauses.reservation/25a.service_aim": "ge äldre en trygg vardag",
    "clauses.contract/value-transfer-25a.vite_sek": "75000",
}


def test_http_downloads_errors_and_limits(tmp_path: Path):
    with running_app() as base:
        status, page = get(base + "/tender")
        assert status == 200 and 'lang="sv"' in page.decode()

        status, headers, body = post(base + "/tender/download/docx", TENDER)
        assert status == 200, body[:2000]
        assert headers["content-disposition"].startswith('attachment; filename="upphandlingsdokument-25a-von-2026-412.docx"')
        (tmp_path / "a.docx").write_bytes(body)
        text = squash(docx_text(tmp_path / "a.docx"))
        assert "Drift av Solgårdens boende" in text and "75 000 kr" in text

        status, headers, body = post(base + "/tender/download/yaml", TENDER)
        assert status == 200 and "vite_sek: 75000" in body.decode()

        bad = dict(TENDER, **{"clauses.contract/value-transfer-25a.vite_sek": "mycket"})
        status, _h, body = post(base + "/tender/download/docx", bad)
        page = body.decode()
        assert status == 422
        error = re.search(r'id="f-clauses-contract-value-transfer-25a-vite_sek-error">(.*?)</p>', page, re.S)
        assert error and "ska vara ett heltal" in error.group(1)

        status, _h, body = post(base + "/tender", dict(TENDER, **{"procurement.cpv": "90910000-9"}))
        # the refusal is shown at the fact that closes the route: the CPV code, not the route choice
        route_error = re.search(r'id="f-procurement-cpv-error">(.*?)</p>', body.decode(), re.S)
        assert status == 422 and route_error and "90910000-9" in route_error.group(1)
        assert "19 kap. 25 a § LOU" in route_error.group(1)

        status, _h, body = post(base + "/tender", {"x": "y" * 400_000})
        assert status == 413


def test_the_cli_command_starts_the_server():
    import os
    import subprocess
    import sys
    import time

    from serve_helpers import free_port

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert status == 200 and "Vilket dokument ska du ta fram?" in body.decode()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/" in process.stderr.read()


def test_live_advice_is_the_answer_of_docgen_routes():
    import json

    from conftest import run_docgen

    from generator.advice import tender_advice

    data = {"document": "tender", "route": "25", "date": __import__("datetime").date(2023, 6, 1),
            "procurement": {"cpv": ["85312200-1"], "estimated_value_sek": 1_800_000, "term_months": 48}}
    advice = tender_advice(data)
    cli = json.loads(run_docgen("routes", "--cpv", "85312200-1", "--value", "1800000", "--months", "48",
                                "--date", "2023-06-01", "--json").stdout)
    assert [(rid, v.eligible, v.reasons) for rid, _n, v in advice.verdicts] == \
        [(r["id"], r["eligible"], r["reasons"]) for r in cli["routes"]]
    assert advice.chosen_verdict.eligible is False      # 48 months is over the 36 allowed for 19 kap. 25 §
    assert advice.threshold_sek == cli["threshold_sek"]


def test_optional_contract_conditions_are_switched_on_by_a_checkbox():
    kind = available()["tender"]
    base = dict(TENDER, route="open")
    off = state_from_form(kind, base)
    employment = next((g for g in off.groups if g.key == "employment"), None)
    if employment is None:
        pytest.skip("villkorsbiblioteket (employment) finns inte i den här versionen")
    assert employment.optional and not employment.on and employment.inputs == []
    assert "employment" not in off.data.get("clauses", {})

    on = state_from_form(kind, dict(base, **{"include.employment": "ja", "clauses.employment.mode": "strict",
                                             "clauses.employment.persons": "3"}))
    group = next(g for g in on.groups if g.key == "employment")
    mode = next(c for c in group.inputs if c.path[-1] == "mode")
    assert {"dialogue", "strict", "award"} <= {v for v, _l in mode.choices}   # every form the library offers
    assert on.data["clauses"]["employment"]["persons"] == 3
    result = render_files(on, ["md"])
    assert result is not None, (on.errors, on.general)
    assert "minst 3 personer" in squash(next(iter(result.files.values())).decode())


def test_one_form_request_validates_the_case_once(monkeypatch):
    """Issue 13: a /live request read the form into the model four times; now once (the advice, the
    checks and the preview use that one model)."""
    kind = available()["tender"]
    model = kind.kind.model
    original = model.model_validate.__func__
    calls = []

    def counting(cls, *args, **kwargs):
        calls.append(cls)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(model, "model_validate", classmethod(counting))
    state = state_from_form(kind, TENDER)
    assert validate(state) is not None
    result = render_files(state, ["html"])
    assert "Upphandlingsdokument" in result.files[next(iter(result.files))].decode("utf-8")
    assert len(calls) == 1


def test_the_form_shows_the_checklist():
    """Issue 21: the web form shows the same checklist as docgen tender --checklist."""
    from generator.checklist import checklist
    from generator.serve.workflow import case_yaml, checklist_of

    data = dict(TENDER)
    data.pop("procurement.title")
    state = state_from_form(available()["tender"], data)
    groups = checklist_of(state)
    shown = [(i.key, i.status) for _heading, items in groups for i in items]
    assert ("procurement.title", "saknas") in shown and ("procurement.sector", "standardvärde") in shown
    assert shown == [(i.key, i.status) for i in checklist(case_yaml(state.data), "formuläret")]
    with running_app() as base:
        status, _h, body = post(base + "/tender", data)
        html = body.decode()
        assert "Checklista: uppgifter att bekräfta eller ange" in html and "procurement.title" in html
