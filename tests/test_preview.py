"""`docgen preview`: serves the HTML on 127.0.0.1 and notices when a clause or the case file changes."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES

from generator.preview import Preview, make_server


@pytest.fixture
def served(tmp_path: Path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "check", lib)
    preview = Preview(lib / "samples" / "tender-25a.yaml", lib / "clauses", lib / "templates")
    server = make_server(preview, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield lib, base
    server.shutdown()
    server.server_close()


def get(url: str) -> str:
    """The page's text; amounts are kept whole with no-break spaces (50\u00a0000\u00a0kr), read here as spaces."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8").replace("\u00a0", " ")


def touch_later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # coarse clocks: make the change visible
        time.sleep(0.01)
        path.write_text(text, encoding="utf-8")


def test_serves_the_document_and_reloads_after_a_clause_edit(served):
    lib, base = served
    page = get(base + "/")
    assert "Annars utgår vite med 50 000 kr" in page and "/__stamp" in page
    stamp = get(base + "/__stamp")
    values = lib / "clauses" / "general" / "values.md"
    touch_later(values, values.read_text(encoding="utf-8").replace("Annars utgår vite", "Därefter utgår vite"))
    assert get(base + "/__stamp") != stamp
    assert "Därefter utgår vite med 50 000 kr" in get(base + "/")


def test_an_error_is_shown_in_the_page_and_fixed_on_the_next_edit(served):
    lib, base = served
    case = lib / "samples" / "tender-25a.yaml"
    good = case.read_text(encoding="utf-8")
    touch_later(case, good.replace("estimated_value_sek: 1800000", "estimated_value_sek: mycket"))
    page = get(base + "/")
    assert "Dokumentet kan inte återges" in page and "estimated_value_sek ska vara ett heltal" in page
    touch_later(case, good)
    assert "Testby kommun" in get(base + "/")


def test_listens_on_loopback_only(served):
    _, base = served
    assert base.startswith("http://127.0.0.1:")


def test_a_busy_port_is_one_swedish_line_naming_another_port(tmp_path: Path):
    import socket

    from conftest import run_docgen

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = run_docgen("preview", str(FIXTURES / "check" / "samples" / "tender-25a.yaml"),
                            "--clauses", str(FIXTURES / "check" / "clauses"),
                            "--templates", str(FIXTURES / "check" / "templates"), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"docgen: fel: 127.0.0.1:{port}: porten används redan av ett annat program "
                                      "(välj en annan med --port, t.ex. --port 8001)")
