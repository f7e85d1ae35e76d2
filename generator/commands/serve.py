"""`docgen serve`: a guided web form for the case file (Starlette + uvicorn, imported only when run)."""

from __future__ import annotations

import click

from ..errors import DocgenError
from ..port_errors import bind_error


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port att lyssna på.")
def serve(host: str, port: int) -> None:
    """Starta webbformuläret: fyll i ärendet, se vägval och förhandsvisning, ladda ned DOCX och PDF."""
    try:
        import uvicorn

        from ..serve.app import create_app
    except ImportError as exc:
        raise DocgenError(f"webbformuläret kräver paketet {exc.name}", where="docgen serve",
                          hint="installera med pip install 'docgen[serve]'") from None
    _check_port(host, port)
    click.echo(f"docgen: formuläret finns på http://{host}:{port}/ (avsluta med Ctrl+C)", err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """A port another program holds is one Swedish line and exit 2, before uvicorn logs in English."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise DocgenError("adressen finns inte", where=f"--host {host}", hint="t.ex. --host 127.0.0.1") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            raise bind_error(exc, host, port) from None


COMMANDS = [serve]
