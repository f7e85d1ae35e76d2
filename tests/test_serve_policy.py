"""docgen serve offers the procurement policies: a buyer fills in the Borg policy or the Dala
recommendation in the generated form and downloads the document (DOCX read with python-docx)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from conftest import ROOT, docx_text, squash  # noqa: E402
from serve_helpers import get, post, running_app  # noqa: E402
from test_serve_form import opened, submitted, without_hashes  # noqa: E402

from generator.kinds import DOCUMENT_KINDS  # noqa: E402
from generator.serve.documents import available  # noqa: E402
from generator.serve.schema import Group, Input, Repeat, fields_for  # noqa: E402
from generator.serve.workflow import data_from_yaml, render_files, state_from_data, state_from_form  # noqa: E402


def fields_of(page: bytes) -> dict[str, str]:
    """What a browser would submit for the page's case form, as is."""
    return dict(submitted(page.decode("utf-8")).fields)


BORG = {
    "date": "2026-03-16",
    "organisation.name": "Ekeby kommun", "organisation.kind": "kommun", "organisation.org_number": "212000-0001",
    "organisation.adopted_by": "Kommunfullmäktige", "organisation.reference": "KS 2026/118",
    "organisation.decision": "§ 42", "organisation.responsible": "Kommunstyrelsen",
    "rules.min_asked_direct": "4", "rules.documentation_from_sek": "75 000", "rules.review_every_years": "3",
}


def test_start_page_offers_both_policies():
    with running_app() as base:
        status, page = get(base + "/")
    text = page.decode()
    assert status == 200
    assert '<a href="/policy-borg"><strong>Upphandlingspolicy (Borgmodellen)</strong></a>' in text
    assert '<a href="/policy-dala"><strong>Regional rekommendation (Dalamodellen)</strong></a>' in text


def test_borg_form_is_filled_in_and_downloaded_as_docx(tmp_path: Path):
    with running_app() as base:
        status, page = get(base + "/policy-borg")
        assert status == 200
        html = page.decode()
        # Swedish labels from the case model; rules prefilled with the source's values
        assert 'Minsta antal idéburna anbudsgivare för reserverad upphandling' in html
        assert re.search(r'name="rules\.min_idea_bidders" value="2"', html)
        assert '<option value="both">Både marknadsundersökning och begäran om information (RFI)</option>' in html
        form = fields_of(page)
        assert form["sections.reserved"] == "ja" and form["rules.min_asked_direct"] == "3"

        form.update(BORG)
        del form["sections.supplier_base"]           # the buyer unticks one section
        status, headers, body = post(base + "/policy-borg/download/docx", form)
        assert status == 200, body[:3000]
        assert headers["content-disposition"].startswith('attachment; filename="upphandlingspolicy-ks-2026-118.docx"')
        (tmp_path / "policy.docx").write_bytes(body)
        text = squash(docx_text(tmp_path / "policy.docx"))
        assert "Kommunfullmäktige i Ekeby kommun har antagit denna upphandlingspolicy den 16 mars 2026 (§ 42), diarienummer KS 2026/118." in text
        assert "Om det är möjligt ska minst fyra idéburna organisationer tillfrågas." in text
        assert "Varje direktupphandling av välfärdstjänster vars värde uppgår till minst 75 000 kr ska dokumenteras." in text
        assert "Policyn ska ses över minst vart tredje år" in text
        # a default the buyer left as it was: two idéburna bidders for a reservation
        assert "Om undersökningen visar att minst två idéburna organisationer kan antas lämna anbud" in text
        assert "En varierad leverantörsbas" not in text and "Reserverad upphandling för idéburna organisationer" in text

        status, _h, body = post(base + "/policy-borg/download/yaml", form)
        assert status == 200 and "document: policy-borg" in body.decode() and "min_asked_direct: 4" in body.decode()


def test_borg_form_puts_the_law_check_next_to_its_field():
    with running_app() as base:
        form = fields_of(get(base + "/policy-borg")[1])
        form.update(BORG, **{"rules.documentation_from_sek": "150000"})
        status, _h, body = post(base + "/policy-borg/download/docx", form)
    page = body.decode()
    assert status == 422
    error = re.search(r'id="f-rules-documentation_from_sek-error">(.*?)</p>', page, re.S)
    assert error and "19 a kap. 11 § LOU" in error.group(1) and "150 000 kr" in error.group(1)

    with running_app() as base:
        form = fields_of(get(base + "/policy-borg")[1])
        form.update(BORG, **{"organisation.name": ""})
        status, _h, body = post(base + "/policy-borg", form)
    assert status == 422
    assert re.search(r'id="f-organisation-name-error">.*?måste fyllas i', body.decode(), re.S)


def test_dala_form_with_municipalities_targets_and_an_example(tmp_path: Path):
    with running_app() as base:
        form = fields_of(get(base + "/policy-dala")[1])
        assert form["targets.reserved_per_year"] == "5" and "lokalvård" in form["rules.risk_sectors"]
        form.update({
            "date": "2026-05-20",
            "organisation.name": "Region Fjällmark", "organisation.kind": "region",
            "organisation.adopted_by": "Regionfullmäktige", "organisation.reference": "RS 2026/77",
            "organisation.responsible": "Regionstyrelsen",
            "municipalities": "Älvby kommun\nGranås kommun",
            "targets.reserved_per_year": "7",
            "examples.__rows": "1",
            "examples.0.organisation": "Älvby kommun", "examples.0.title": "Reserverad upphandling av tvätt",
            "examples.0.text": "Kommunen reserverade upphandlingen av tvätt enligt 4 kap. 18 § LOU.",
        })
        status, headers, body = post(base + "/policy-dala/download/docx", form)
    assert status == 200, body[:3000]
    (tmp_path / "dala.docx").write_bytes(body)
    text = squash(docx_text(tmp_path / "dala.docx"))
    assert "Regionfullmäktige i Region Fjällmark har antagit denna rekommendation den 20 maj 2026, diarienummer RS 2026/77." in text
    assert "Rekommendationen riktar sig till kommunerna i länet: Älvby kommun och Granås kommun, och till regionens" in text
    assert "Minst sju upphandlingar per år bör reserveras" in text
    assert "Reserverad upphandling av tvätt" in text and "enligt 4 kap. 18 § LOU" in text
    assert "None" not in text


@pytest.mark.parametrize("sample", ["policy-borg.yaml", "policy-dala.yaml"])
def test_policy_sample_round_trips_through_the_form(sample):
    text = (ROOT / "samples" / sample).read_text(encoding="utf-8")
    document, data, problems = data_from_yaml(text, sample)
    assert problems == []
    kind = available()[document]
    direct = render_files(state_from_data(kind, data), ["md"])
    assert direct is not None
    with running_app() as base:
        page = opened(base, sample, text)   # the form the saved case opens in
    again = state_from_form(kind, dict(submitted(page).fields))
    result = render_files(again, ["md"])
    assert result is not None, (again.errors, again.general)
    assert without_hashes(result.files) == without_hashes(direct.files)


def test_a_saved_policy_file_opens_in_its_form(tmp_path: Path):
    import urllib.request

    raw = (ROOT / "samples" / "policy-dala.yaml").read_bytes()
    boundary = "docgenboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"case\"; filename=\"policy-dala.yaml\"\r\n"
            f"Content-Type: application/yaml\r\n\r\n").encode() + raw + f"\r\n--{boundary}--\r\n".encode()
    with running_app() as base:
        request = urllib.request.Request(base + "/open", data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            page = response.read().decode()
    assert 'action="/policy-dala' in page
    assert 'value="Region Fjällmark"' in page and "Upphandlingsnätverket Fjällmark" in page


@pytest.mark.parametrize("document", ["tender", "iop", "policy-borg", "policy-dala"])
def test_every_field_has_a_swedish_label(document):
    """No control, fieldset or row falls back to its key or to the model's (English) class name."""
    from generator.serve.schema import model_schema

    class_names = set(model_schema(DOCUMENT_KINDS[document].model).get("$defs", {}))
    assert class_names, "the model has nested models"
    seen = 0

    def walk(nodes):
        nonlocal seen
        for node in nodes:
            if isinstance(node, Input) and node.widget == "hidden":
                continue
            seen += 1
            assert node.label != str(node.path[-1]) and node.label not in class_names, (node.path, node.label)
            if isinstance(node, Group):
                walk(node.children)
            if isinstance(node, Repeat):
                assert node.item_label not in class_names, (node.path, node.item_label)
                walk(node.item)

    walk(fields_for(DOCUMENT_KINDS[document].model))
    assert seen >= 10


def test_iop_advice_asks_for_the_iop_facts_not_for_routes():
    with running_app() as base:
        iop = get(base + "/iop")[1].decode()
        tender = get(base + "/tender")[1].decode()
    assert "Fyll i de obligatoriska uppgifterna så prövas förutsättningarna för IOP." in iop
    assert "vägar" not in iop.split('id="advice-heading"')[1].split("</p>")[0]
    assert "så prövas vilka vägar som är möjliga." in tender


def test_unticking_every_section_keeps_them_all_off():
    kind = available()["policy-dala"]
    with running_app() as base:
        status, page = get(base + "/policy-dala")   # a new, empty form
    assert status == 200
    form = {k: v for k, v in submitted(page.decode("utf-8")).fields if not k.startswith("sections.")}
    form.update({"organisation.name": "Region Fjällmark", "organisation.kind": "region",
                 "organisation.adopted_by": "Regionfullmäktige", "organisation.reference": "RS 2026/77",
                 "organisation.responsible": "Regionstyrelsen"})
    again = state_from_form(kind, form)
    assert again.data["sections"] and not any(again.data["sections"].values())
    text = squash(next(iter(render_files(again, ["md"]).files.values())).decode())
    assert "Beslut och giltighet" in text
    for title in ("Barnets rättigheter", "Reserverad upphandling", "Mål och uppföljning"):
        assert title not in text


def test_the_update_button_promises_advice_only_where_there_is_advice():
    with running_app() as base:
        policy = get(base + "/policy-dala")[1].decode()
        tender = get(base + "/tender")[1].decode()
    assert 'value="update">Uppdatera förhandsvisningen</button>' in policy and "Uppdatera råd" not in policy
    assert 'value="update">Uppdatera råd och förhandsvisning</button>' in tender
