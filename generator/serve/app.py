"""The web app: start page, generated form, live advice and preview, downloads, upload of a saved case.

Nothing is stored on the server: every response is computed from the request alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import DocgenError
from ..render import money
from ..writers import formats
from . import formdata
from .documents import DocumentKind, available, kind_for_document
from .schema import Group, Input, Repeat
from .workflow import (
    FormState,
    checklist_of,
    data_from_yaml,
    render_files,
    saved_case,
    state_from_data,
    state_from_form,
    validate,
)

HERE = Path(__file__).resolve().parent
MAX_REQUEST_BYTES = 300_000     # a filled form is a few kilobytes
MAX_UPLOAD_BYTES = 200_000      # a case file is normally a few kilobytes
CASE_MEDIA = "application/yaml; charset=utf-8"   # the case file; the documents' formats are the writers' (writers.formats)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}


class TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes (declared or actually sent)."""

    def __init__(self, app, limit: int, page=None):
        self.app = app
        self.limit = limit
        self.page = page  # the Swedish page shown instead (the start page with the error at the upload field)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(send, self.page)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except TooLarge:
            await _too_large(send, self.page)


ENGLISH_DETAILS = {"Not Found": "Sidan finns inte.", "Method Not Allowed": "Sidan kan inte användas så.",
                   "Bad Request": "Förfrågan kunde inte läsas."}
TOO_LARGE = f"Filen är för stor (högst {MAX_UPLOAD_BYTES // 1000} kB); en ärendefil är normalt några kilobyte."


async def _too_large(send, page=None) -> None:
    """413 as a page of the app in Swedish (the start page, the error at the upload field), never a bare one."""
    if page is not None:
        body, media = page(TOO_LARGE).encode("utf-8"), b"text/html; charset=utf-8"
    else:
        body, media = TOO_LARGE.encode("utf-8"), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(display=formdata.display, rows_of=formdata.rows_of, value_at=formdata.value_at,
                       is_input=lambda n: isinstance(n, Input), is_group=lambda n: isinstance(n, Group),
                       is_repeat=lambda n: isinstance(n, Repeat), rows_suffix=formdata.ROWS_SUFFIX,
                       version=__version__, money=_money, downloads=lambda: [f for f in formats().values() if f.download], clause_keys=clause_keys, id_of=lambda name: "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name))
    return env


def create_app() -> Starlette:  # noqa: C901 - the route handlers are closures over one page environment
    env = _environment()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status, headers=HEADERS)

    def kind_of(request: Request) -> DocumentKind:
        kind = available().get(request.path_params["kind"])
        if kind is None:
            raise HTTPException(404, "Okänd dokumenttyp")
        return kind

    def preview_html(state: FormState) -> str | None:
        if state.errors or state.general:
            return None
        result = render_files(state, ["html"])
        return result.files[next(iter(result.files))].decode("utf-8") if result else None

    def form_page(state: FormState, status: int = 200, preview: bool = True, notice: str | None = None) -> HTMLResponse:
        html = None
        if preview and not state.errors and not state.general:
            html = preview_html(state)
        return page("form.html", status, state=state, kind=state.kind, kinds=available(), preview=html,
                    notice=notice, upload_limit=MAX_UPLOAD_BYTES, checklist=checklist_of(state))

    async def start(request: Request) -> HTMLResponse:
        return page("start.html", kinds=available(), upload_limit=MAX_UPLOAD_BYTES)

    async def new_form(request: Request) -> HTMLResponse:
        kind = kind_of(request)
        return form_page(state_from_data(kind, kind.initial()), preview=False)

    async def submitted(request: Request) -> HTMLResponse:
        kind = kind_of(request)
        state = state_from_form(kind, await request.form())
        validate(state)
        return form_page(state, 200 if not state.errors and not state.general else 422)

    async def download(request: Request) -> Response:
        kind = kind_of(request)
        fmt = request.path_params["fmt"]
        offered = {f.name: f for f in formats().values() if f.download}
        if fmt != "yaml" and fmt not in offered:
            raise HTTPException(404, "Okänt format")
        state = state_from_form(kind, await request.form())
        if fmt == "yaml":
            # The case is saved as typed, mistakes included, so work is never lost.
            text, name = saved_case(state)
            return _attachment(text.encode("utf-8"), name, CASE_MEDIA)
        result = render_files(state, [fmt])
        if result is None:
            return form_page(state, 422, preview=False)
        name, data = next(iter(result.files.items()))
        return _attachment(data, name, offered[fmt].media_type)

    async def live(request: Request) -> JSONResponse:
        kind = kind_of(request)
        state = state_from_form(kind, await request.form())
        validate(state)
        preview = preview_html(state)
        advice = env.get_template("_advice.html").render(state=state)
        clauses = env.get_template("_clauses.html").render(state=state)
        problems = len(state.errors) + len(state.general)
        return JSONResponse({"advice": advice, "preview": preview, "clauses": clauses,
                             "clause_keys": clause_keys(state), "problems": problems},
                            headers=HEADERS)

    async def upload(request: Request) -> HTMLResponse:
        form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD_BYTES)
        file = form.get("case")
        error = None
        if not isinstance(file, UploadFile) or not file.filename:
            error = "Välj en ärendefil (.yaml) att öppna."
        else:
            raw = await file.read(MAX_UPLOAD_BYTES + 1)
            if len(raw) > MAX_UPLOAD_BYTES:
                error = TOO_LARGE
            elif b"\x00" in raw:
                error = "Filen är inte en textfil; spara ärendefilen som UTF-8-text."
            else:
                try:
                    text = raw.decode("utf-8-sig")
                    kind_key, data, problems = data_from_yaml(text, Path(file.filename).name)
                except UnicodeDecodeError:
                    error = "Filen är inte giltig UTF-8; spara ärendefilen som UTF-8."
                except DocgenError as exc:
                    error = exc.one_line()
        if error:
            return page("start.html", 422, kinds=available(), upload_error=error, upload_limit=MAX_UPLOAD_BYTES)
        kind = kind_for_document(kind_key)
        if kind is None:
            return page("start.html", 422, kinds=available(), upload_limit=MAX_UPLOAD_BYTES,
                        upload_error=f"Dokumenttypen {kind_key!r} kan inte öppnas i formuläret ännu.")
        state = state_from_data(kind, data)
        state.general.extend(problems)
        if not problems:
            validate(state)
        return form_page(state, notice=f"Ärendefilen {Path(file.filename).name} är inläst.")

    async def not_found(request: Request, exc: HTTPException) -> HTMLResponse:
        detail = ENGLISH_DETAILS.get(str(exc.detail), exc.detail)   # Starlette's own errors, in Swedish
        return page("start.html", exc.status_code, kinds=available(), upload_limit=MAX_UPLOAD_BYTES,
                    upload_error=detail)

    routes = [
        Route("/", start),
        Route("/open", upload, methods=["POST"]),
        Route("/{kind}", new_form, methods=["GET"]),
        Route("/{kind}", submitted, methods=["POST"]),
        Route("/{kind}/live", live, methods=["POST"]),
        Route("/{kind}/download/{fmt}", download, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found})
    def too_large_page(message: str) -> str:
        return env.get_template("start.html").render(kinds=available(), upload_error=message,
                                                     upload_limit=MAX_UPLOAD_BYTES)

    return BodyLimit(app, MAX_REQUEST_BYTES, too_large_page)


def _attachment(data: bytes, name: str, media: str) -> Response:
    disposition = f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={**HEADERS, "Content-Disposition": disposition})


def clause_keys(state: FormState) -> str:
    """What the clause part of the form shows (the script replaces it when this changes)."""
    return " ".join(f"{g.key}:{'on' if g.on else 'off'}:{len(g.inputs)}" for g in state.groups)


def _money(value: int) -> str:
    return money(value)
