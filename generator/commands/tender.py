"""`docgen tender`: tender documents for a legal route."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import emit_warnings, parse_formats, sample_path
from ..errors import DocgenError


@click.command()
@click.option("--route", "route", type=click.Choice(["25a", "25", "4-18", "19a-2", "lov-2a", "open"]), required=True,
              help="Rättslig väg: 25a, 25, 4-18, 19a-2, lov-2a eller open.")
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Ärendefil (YAML). Utan --data används det inbyggda exemplet för vägen.")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True,
              help="Katalog för de skrivna filerna.")
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True,
              help="Kommaseparerade format: docx, pdf, html, md.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annan mallkatalog än den inbyggda.")
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
def tender(route: str, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool) -> None:
    """Skriv upphandlingsdokument för en rättslig väg (t.ex. --route 25a)."""
    from ..case import load_case
    from ..library import load_library
    from ..pipeline import check_tender_route, render, save

    fmts = parse_formats(formats)
    path = data or sample_path(f"tender-{route}.yaml")
    loaded = load_case(path, expect="tender")
    if loaded.model.route != route:
        raise DocgenError(f"ärendefilen anger route: {loaded.model.route} men kommandot --route {route}",
                          where=loaded.lines.where(("route",)), hint="låt --route och route: i filen vara samma")
    verdict = check_tender_route(loaded)
    library = load_library(clauses_dir)
    result = render(loaded, library, "tender", fmts, templates_dir, verdict)
    emit_warnings(result.warnings)
    for written in save(result, loaded, out, "tender", force):
        click.echo(str(written))


COMMANDS = [tender]
