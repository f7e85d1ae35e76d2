"""`docgen verify`: which clauses in a generated document have changed in the library since."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("verify")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Klausulbiblioteket att jämföra med (standard: det inbyggda).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Mallkatalogen att jämföra med (standard: den inbyggda).")
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Ärendefilen som den är nu: dokumentet ska vara skrivet från just den versionen.")
def verify(document: Path, clauses_dir: Path | None, templates_dir: Path | None = None, data: Path | None = None) -> None:
    """Pröva ett skrivet dokument mot manifestet bredvid det, mot dagens klausulbibliotek och (med --data)
    mot ärendefilen som den är nu.

    Avslutar med kod 1 om dokumentet, någon av dess klausuler eller dess mall har ändrats, eller om
    dokumentet skapades från en tidigare version av ärendet.
    """
    from ..library import load_library
    from ..provenance import report_lines, verify_document

    result = verify_document(document, load_library(clauses_dir), templates_dir, data)
    for line in report_lines(result):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


COMMANDS = [verify]
