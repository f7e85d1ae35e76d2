"""Why a local web server (docgen serve, docgen preview) cannot listen, as one Swedish line."""

from __future__ import annotations

import errno

from .errors import DocgenError


def bind_error(exc: OSError, host: str, port: int) -> DocgenError:
    """The operating system's refusal to bind ``host:port`` (English in its strerror) said in Swedish."""
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return DocgenError("porten används redan av ett annat program", where=where,
                           hint="välj en annan med --port, t.ex. --port 8001")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DocgenError("porten får inte användas (portar under 1024 kräver särskild behörighet)",
                           where=where, hint="välj en annan med --port, t.ex. 8000")
    return DocgenError("adressen kan inte användas", where=where, hint="välj en annan --host eller --port")
