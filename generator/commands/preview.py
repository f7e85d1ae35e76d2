"""`docgen preview CASE.yaml`: see each edit of a clause or the case at once in the browser."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("preview")
@click.argument("case", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port på 127.0.0.1.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annan mallkatalog än den inbyggda.")
@click.option("--template", "template", default=None, help="Dokumentmall (standard: ärendets document).")
def preview(case: Path, port: int, clauses_dir: Path | None, templates_dir: Path | None, template: str | None) -> None:
    """Visa ärendets dokument som HTML på http://127.0.0.1:PORT/ och ladda om när en fil ändras."""
    from ..kinds import load_case
    from ..preview import Preview, make_server

    load_case(case)  # a broken case file is reported at once, before the server starts
    server = make_server(Preview(case, clauses_dir, templates_dir, template), port)
    click.echo(f"docgen preview: http://127.0.0.1:{server.server_address[1]}/ (avsluta med Ctrl+C)", err=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = [preview]
