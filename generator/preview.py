"""`docgen preview`: the HTML rendering served on 127.0.0.1, reloaded when a clause or the case changes.

Standard library only: a ThreadingHTTPServer, and a page script that polls ``/__stamp`` once a second
and reloads when the stamp (sizes and modification times of every input file) changes.
"""

from __future__ import annotations

import hashlib
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import Build
from .errors import DocgenError
from .kinds import get_kind, load_case
from .library import load_library
from .port_errors import bind_error
from .resources import resource_dir

POLL_MS = 1000
_SCRIPT = """<script>
(function () {
  var stamp = "%s";
  setInterval(function () {
    fetch("/__stamp", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (s) { if (s !== stamp) { location.reload(); } }).catch(function () {});
  }, %d);
})();
</script>
"""


class Preview:
    """Renders the case on demand, again only when an input file has changed."""

    def __init__(self, case: Path, clauses: Path | None = None, templates: Path | None = None,
                 template: str | None = None):
        self.case = case
        self.clauses = clauses or resource_dir("clauses")
        self.templates = templates or resource_dir("templates")
        self.template = template
        self._lock = threading.Lock()
        self._cached: tuple[str, str] | None = None

    def inputs(self) -> list[Path]:
        files = [self.case]
        files += sorted(self.clauses.rglob("*.md")) if self.clauses.is_dir() else []
        files += sorted(self.templates.rglob("*.yaml")) if self.templates.is_dir() else []
        files += sorted(self.templates.rglob("*.css")) if self.templates.is_dir() else []
        return files

    def stamp(self) -> str:
        digest = hashlib.sha256()
        for path in self.inputs():
            try:
                info = path.stat()
                digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
            except OSError:
                digest.update(f"{path}\0missing\n".encode())
        return digest.hexdigest()[:16]

    def render(self) -> str:
        loaded = load_case(self.case)
        kind = get_kind(loaded.model.document)
        template = None if self.template in (None, kind.template) else self.template
        built = Build(kind, loaded, load_library(self.clauses), templates_dir=self.templates).render(
            ["html"], template=template, companions=False)
        return next(iter(built.main.files.values())).decode("utf-8")

    def page(self) -> str:
        stamp = self.stamp()
        with self._lock:
            if self._cached and self._cached[0] == stamp:
                return self._cached[1]
            try:
                html = self.render()
            except DocgenError as exc:
                html = ('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>docgen: fel</title></head>'
                        '<body><h1>Dokumentet kan inte återges</h1>'
                        f'<p class="docgen-error" style="color:#a11">{escape(exc.one_line())}</p>'
                        '<p>Sidan laddas om när filen har rättats.</p></body></html>')
            script = _SCRIPT % (stamp, POLL_MS)
            html = html.replace("</body>", script + "</body>", 1) if "</body>" in html else html + script
            self._cached = (stamp, html)
            return html


def make_server(preview: Preview, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", preview.page())
            elif self.path == "/__stamp":
                self._send(200, "text/plain; charset=utf-8", preview.stamp())
            else:
                self._send(404, "text/plain; charset=utf-8", "finns inte")

        def _send(self, status: int, kind: str, text: str) -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the lawyer watches the page
            return

    try:
        return ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise bind_error(exc, host, port) from None
