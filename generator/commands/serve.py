"""`docgen serve`: a guided web form for the case file (Starlette + uvicorn, imported only when run)."""

from __future__ import annotations

import click

from ..errors import DocgenError


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
    click.echo(f"docgen: formuläret finns på http://{host}:{port}/ (avsluta med Ctrl+C)", err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


COMMANDS = [serve]
