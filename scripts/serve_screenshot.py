"""Take docs/serve.png: the 25a sample opened in `docgen serve`, shown by Debian's Chromium via Playwright.

Run from the repository root: python scripts/serve_screenshot.py [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--lang=sv-SE"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ta skärmbilden docs/serve.png av docgen serve i Chromium.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png", help="bildfil att skriva")
    args = parser.parse_args(argv)  # --help prints and exits before anything starts or is written

    from playwright.sync_api import expect, sync_playwright
    from serve_helpers import running_app

    with running_app() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="sv-SE")
        page.goto(base + "/")
        page.get_by_label("Ärendefil (YAML)").set_input_files(str(ROOT / "samples" / "tender-25a.yaml"))
        page.get_by_role("button", name="Öppna ärendefilen").click()
        expect(page.locator("#chosen-verdict")).to_contain_text("kan användas")
        page.locator("#f-procurement-title").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(args.out))
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
