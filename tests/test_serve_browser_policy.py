"""The Borg policy in a real browser (Debian's Chromium through Playwright): pick it on the start page,
fill in the form, see the preview, download the DOCX."""

from __future__ import annotations

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

from conftest import docx_text, squash  # noqa: E402
from test_serve_browser import base_url, browser, download, page, pytestmark  # noqa: E402,F401


def test_fill_the_borg_policy_and_download_the_docx(page, base_url, tmp_path):  # noqa: F811
    page.goto(base_url + "/")
    page.locator("#main").get_by_role("link", name="Upphandlingspolicy (Borgmodellen)").click()
    page.get_by_label("Beslutsdatum").fill("2026-03-16")
    page.locator("#f-organisation-name").fill("Ekeby kommun")
    page.get_by_label("Kommun eller region").select_option("kommun")
    page.get_by_label("Beslutande organ").fill("Kommunfullmäktige")
    page.get_by_label("Diarienummer för beslutet").fill("KS 2026/118")
    page.get_by_label("Ansvarar för tillämpning och uppföljning").fill("Kommunstyrelsen")
    asked = page.get_by_label("Antal idéburna organisationer som tillfrågas vid direktupphandling")
    sync_api.expect(asked).to_have_value("3")                  # the source's value, prefilled
    asked.fill("5")
    page.get_by_label("Undersökning före varje upphandling", exact=True).select_option(label="Marknadsundersökning")
    page.get_by_label("En varierad leverantörsbas").uncheck()

    preview = page.frame_locator("#preview")
    sync_api.expect(preview.locator("body")).to_contain_text("minst fem idéburna organisationer tillfrågas")

    docx = download(page, "Ladda ned Word (DOCX)", tmp_path / "policy.docx")
    text = squash(docx_text(docx))
    assert "Kommunfullmäktige i Ekeby kommun har antagit denna upphandlingspolicy den 16 mars 2026, diarienummer KS 2026/118." in text
    assert "Om det är möjligt ska minst fem idéburna organisationer tillfrågas." in text
    assert "Varje upphandling av välfärdstjänster ska föregås av en marknadsundersökning." in text
    assert "En varierad leverantörsbas" not in text
