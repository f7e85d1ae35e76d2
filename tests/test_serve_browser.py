"""docgen serve in a real browser (Debian's Chromium driven by Playwright): fill, advise, download, reload."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from conftest import docx_text, squash  # noqa: E402
from serve_helpers import running_app  # noqa: E402

CHROMIUM = os.environ.get("DOCGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium saknas (.ci/run installerar paketet chromium)"),
]


@pytest.fixture(scope="module")
def base_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def fill_25a(page, base_url: str) -> None:
    page.goto(base_url + "/tender")
    page.get_by_label("Rättslig väg").select_option("25a")
    page.get_by_label("Dokumentets datum").fill("2026-12-01")
    page.locator("#f-authority-name").fill("Norrviks kommun")
    page.get_by_label("Organisationsnummer").fill("212000-0118")
    page.get_by_label("Förvaltning eller enhet").fill("Vård- och omsorgsförvaltningen")
    page.locator("#f-authority-contact-name").fill("Anna Lindqvist")
    page.get_by_label("E-post").fill("upphandling@norrvik.example")
    page.get_by_label("Upphandlingens namn").fill("Drift av Solgårdens vård- och omsorgsboende")
    page.get_by_label("Diarienummer").fill("VON 2026/412")
    page.get_by_label("Beskrivning", exact=True).fill("Drift av ett särskilt boende med 48 lägenheter.")
    page.get_by_label("CPV-koder").fill("85311100-3\n85311000-2")
    page.get_by_label("Uppskattat värde (kronor)").fill("96 000 000")
    page.get_by_label("Kontraktstid (månader)").fill("48")
    page.get_by_label("Option om förlängning (månader)").fill("24")
    page.get_by_label("Planerad kontraktsstart").fill("2027-09-01")
    page.locator("#f-procurement-tender_deadline").fill("2027-03-15")
    page.locator("#f-clauses-reservation-25a-service_aim").fill("ge äldre personer en trygg och meningsfull vardag")
    page.locator("#f-clauses-contract-value-transfer-25a-vite_sek").fill("60000")


def download(page, button: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    info.value.save_as(target)
    return target


def test_fill_the_25a_form_see_route_advice_and_download_the_docx(page, base_url, tmp_path):
    fill_25a(page, base_url)
    advice = page.locator("#chosen-verdict")                  # live advice (small script, no reload)
    sync_api.expect(advice).to_contain_text("Vald väg 25a (19 kap. 25 a § LOU)")
    sync_api.expect(advice).to_contain_text("kan användas")
    sync_api.expect(page.locator("#advice")).to_contain_text("85311100-3")
    sync_api.expect(page.locator("#preview")).to_be_visible()
    preview = page.frame_locator("#preview")
    sync_api.expect(preview.locator("body")).to_contain_text("Drift av Solgårdens vård- och omsorgsboende")

    docx = download(page, "Ladda ned Word (DOCX)", tmp_path / "a.docx")
    assert docx.read_bytes()[:2] == b"PK"
    text = squash(docx_text(docx))
    assert "Drift av Solgårdens vård- och omsorgsboende" in text
    assert "19 kap. 25 a § LOU" in text
    assert "ge äldre personer en trygg och meningsfull vardag" in text
    assert "60 000 kr" in text
    assert "VON 2026/412" in text

    # The advice also refuses: a cleaning service is not in the 25 a list.
    page.get_by_label("CPV-koder").fill("90910000-9")
    sync_api.expect(advice).to_contain_text("kan inte användas")


def test_a_saved_case_uploaded_again_gives_the_same_document(page, base_url, tmp_path):
    fill_25a(page, base_url)
    first = download(page, "Ladda ned Word (DOCX)", tmp_path / "first.docx")
    saved = download(page, "Spara ärendefilen (YAML)", tmp_path / "arende.yaml")
    assert "vite_sek: 60000" in saved.read_text(encoding="utf-8")

    page.goto(base_url + "/")
    page.get_by_label("Ärendefil (YAML)").set_input_files(str(saved))
    page.get_by_role("button", name="Öppna ärendefilen").click()
    sync_api.expect(page.get_by_role("status")).to_contain_text("är inläst")
    sync_api.expect(page.get_by_label("Diarienummer")).to_have_value("VON 2026/412")
    again = download(page, "Ladda ned Word (DOCX)", tmp_path / "again.docx")
    assert docx_text(again) == docx_text(first)
    assert again.read_bytes() == first.read_bytes()


def test_a_bad_value_shows_its_error_next_to_the_field(page, base_url):
    fill_25a(page, base_url)
    page.get_by_label("Kontraktstid (månader)").fill("fyra år")
    page.get_by_label("E-post").fill("inte-en-adress")
    page.get_by_role("button", name="Uppdatera råd och förhandsvisning").click()

    field = page.get_by_label("Kontraktstid (månader)")
    error = page.locator("#f-procurement-term_months-error")
    sync_api.expect(error).to_contain_text("ska vara ett heltal")
    sync_api.expect(field).to_have_attribute("aria-invalid", "true")
    assert "f-procurement-term_months-error" in field.get_attribute("aria-describedby")
    # the message sits in the same field block as its control
    block = page.locator(".field", has=page.locator("#f-procurement-term_months"))
    sync_api.expect(block.locator(".error")).to_contain_text("heltal")
    sync_api.expect(page.locator("#f-authority-contact-email-error")).to_contain_text("fel format")
    sync_api.expect(page.get_by_role("alert")).to_contain_text("Rätta 2 uppgifter")

    # keyboard: the summary links move focus to the field
    page.get_by_role("link", name="ska vara ett heltal").focus()
    page.keyboard.press("Enter")
    sync_api.expect(field).to_be_focused()


def test_keyboard_reaches_the_form_and_submits_without_script(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/tender")
    page.keyboard.press("Tab")
    sync_api.expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.get_by_label("CPV-koder").fill("85311100-3")
    page.get_by_role("button", name="Uppdatera råd och förhandsvisning").click()
    sync_api.expect(page.locator("#chosen-verdict")).to_contain_text("kan användas")
    sync_api.expect(page.locator("#f-procurement-title-error")).to_contain_text("måste fyllas i")
    context.close()
