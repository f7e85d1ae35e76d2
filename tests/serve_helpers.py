"""Start the docgen web app with uvicorn in a thread on a free port (for HTTP and browser tests)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app():
    import uvicorn

    from generator.serve.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("docgen serve startade inte")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def post(url: str, fields: dict[str, str] | list[tuple[str, str]]) -> tuple[int, dict, bytes]:
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def upload(url: str, name: str, text: str) -> tuple[int, bytes]:
    """Open a case file in the form as a browser does (POST /open, multipart, field ``case``)."""
    boundary = "docgen-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"case\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/x-yaml\r\n\r\n{text}\r\n--{boundary}--\r\n").encode("utf-8")
    request = urllib.request.Request(f"{url}/open", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
